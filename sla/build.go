package sla

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// result builds the Result at now from the engine's state.
func (e *engine) result(now time.Time) Result {
	r := Result{TicketID: e.tk.ID, Now: now, Policy: "", Matched: e.policy >= 0}
	if e.policy >= 0 {
		p := e.ps[e.policy]
		r.Policy, r.Version = p.Name, p.Version
		if e.tk.Priority == "" {
			r.NoPriority = slices.ContainsFunc(p.Targets, func(t Target) bool { return t.Priority != "" })
		}
	}
	r.Events = append(r.Events, e.log...)
	for _, in := range e.insts {
		if in.target < 0 {
			continue
		}
		if !in.final && in.running() {
			in.reach(now, true)
			for _, th := range in.thr {
				if !th.reached && (r.NextWakeUp.IsZero() || th.at.Before(r.NextWakeUp)) {
					r.NextWakeUp = th.at
				}
			}
		}
		x := e.instance(in, now)
		r.Events = appendEvents(r.Events, in, &x)
		r.Instances = append(r.Instances, x)
	}
	slices.SortStableFunc(r.Instances, func(a, b Instance) int {
		return cmp.Or(cmp.Compare(e.metricIndex(a.Metric.Name), e.metricIndex(b.Metric.Name)), cmp.Compare(a.Number, b.Number))
	})
	slices.SortStableFunc(r.Events, func(a, b Event) int { return a.At.Compare(b.At) })
	return r
}

func (e *engine) metricIndex(name string) int {
	return slices.IndexFunc(e.metrics, func(d metricDef) bool { return d.m.Name == name })
}

// instance renders one instance at now.
func (e *engine) instance(in *inst, now time.Time) Instance {
	p := e.ps[in.policy]
	x := Instance{
		Policy: p.Name, Version: p.Version, Metric: e.metrics[in.metric].m, Number: in.number,
		Target: p.Targets[in.target], Start: in.start, OriginalDue: in.originalDue,
		Reason: in.reason, Elapsed: in.e0,
	}
	x.Timeline = slices.Clone(in.segs)
	switch cur := in.current(); {
	case in.final && in.cancelled:
		x.State, x.End, x.Due = StateCancelled, in.end, in.lastDue
	case in.final || in.provisional:
		x.State, x.End, x.Due = StateFulfilled, in.end, in.lastDue
	case cur.State == StateActive:
		x.State = StateActive
		el := in.hours.Elapsed(cur.From, now)
		x.Elapsed += el
		x.Timeline[len(x.Timeline)-1].Elapsed = el
		x.Due = in.due()
	default:
		x.State = StatePaused
	}
	for _, th := range in.thr {
		if th.level < 0 {
			if th.reached {
				x.Breached, x.BreachedAt = true, th.at
			}
			continue
		}
		ls := LevelStatus{Level: p.Levels[th.level], Threshold: th.d, Reached: th.reached}
		if th.reached || x.State == StateActive {
			ls.At = th.at
		}
		x.Levels = append(x.Levels, ls)
	}
	x.Remaining = in.dur - x.Elapsed
	x.Percent = decimal.NewFromInt(int64(x.Elapsed)).Mul(hundred).DivRound(decimal.NewFromInt(int64(in.dur)), 2)
	return x
}

// appendEvents adds the SLA events of one instance.
func appendEvents(evs []Event, in *inst, x *Instance) []Event {
	ev := func(k EventKind, at time.Time, seq int) Event {
		return Event{Kind: k, At: at, Policy: x.Policy, Version: x.Version, Metric: x.Metric.Name, Instance: x.Number, Seq: seq}
	}
	evs = append(evs, ev(EventActivate, x.Start, in.startSeq))
	prev := StateActive
	for i, s := range x.Timeline {
		switch {
		case s.State == StateFulfilled:
			evs = append(evs, ev(EventFulfill, s.From, s.Seq))
		case prev == StateFulfilled:
			evs = append(evs, ev(EventActivate, s.From, s.Seq))
			if s.State == StatePaused {
				evs = append(evs, ev(EventPause, s.From, s.Seq))
			}
		case s.State == StatePaused:
			evs = append(evs, ev(EventPause, s.From, s.Seq))
		case i > 0:
			evs = append(evs, ev(EventResume, s.From, s.Seq))
		}
		prev = s.State
	}
	if in.final {
		k := EventFulfill
		if in.cancelled {
			k = EventCancel
		}
		evs = append(evs, ev(k, in.end, in.endSeq))
	}
	for _, th := range in.thr {
		if !th.reached {
			continue
		}
		if th.level < 0 {
			evs = append(evs, ev(EventBreach, th.at, 0))
		} else {
			l := ev(EventLevel, th.at, 0)
			l.Level = x.Levels[levelPos(in.thr, th.level)].Level.Name
			evs = append(evs, l)
		}
	}
	return evs
}

// levelPos returns the position among the instance's levels of level i.
func levelPos(thr []threshold, i int) int {
	n := 0
	for _, th := range thr {
		if th.level == i {
			return n
		}
		if th.level >= 0 {
			n++
		}
	}
	return -1
}
