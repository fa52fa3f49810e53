package sla

import (
	"cmp"
	"math"
	"math/bits"
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
	// Judge the running instances at now and size the events: an
	// activation, one per segment, an end, one per reached threshold (a
	// pause right after a reopen adds one more, which append absorbs).
	n, m := 0, len(e.log)
	for _, in := range e.insts {
		if in.target < 0 {
			continue
		}
		if !in.final && in.running() {
			in.reach(now, true)
			if in.next < len(in.thr) {
				if at := in.nextInstant(); r.NextWakeUp.IsZero() || at.Before(r.NextWakeUp) {
					r.NextWakeUp = at
				}
			}
		}
		n++
		m += 2 + len(in.segs) + in.next
	}
	e.out, e.evs = reuse(e.out, n), append(reuse(e.evs, m), e.log...)
	r.Instances, r.Events = e.out, e.evs
	// Instances by metric (in order of first appearance) and number; they
	// were made in order of start, which is the order of their numbers.
	slices.SortStableFunc(e.insts, func(a, b *inst) int { return cmp.Compare(a.metric, b.metric) })
	for _, in := range e.insts {
		if in.target < 0 {
			continue
		}
		x := e.instance(in, now)
		r.Events = appendEvents(r.Events, in, &x)
		r.Instances = append(r.Instances, x)
	}
	r.Events = sortEvents(r.Events)
	e.out, e.evs = r.Instances, r.Events
	if len(r.Instances) == 0 { // as for a new engine's storage
		r.Instances = nil
	}
	if len(r.Events) == 0 {
		r.Events = nil
	}
	return r
}

// evKey orders an event by instant, then by position.
type evKey struct {
	sec  int64
	nsec int32
	i    int32
}

// sortPacked fills keys[j].i with the positions of the events in order of
// instant, then position, when every (nanoseconds since the first instant,
// position) pair packs into one int64 (spans of about a year for a hundred
// events), sorting plain integers; it reports false, touching nothing,
// otherwise.
func sortPacked(evs []Event, keys []evKey) bool {
	lo, hi := evs[0].At, evs[0].At
	for i := range evs {
		if evs[i].At.Before(lo) {
			lo = evs[i].At
		}
		if evs[i].At.After(hi) {
			hi = evs[i].At
		}
	}
	shift := uint(bits.Len(uint(len(evs))))
	span := hi.Sub(lo) // saturates far beyond the limit below
	if span >= math.MaxInt64>>shift {
		return false
	}
	var buf [128]int64
	packed := buf[:0]
	if len(evs) > len(buf) {
		packed = make([]int64, 0, len(evs))
	}
	for i := range evs {
		packed = append(packed, int64(evs[i].At.Sub(lo))<<shift|int64(i))
	}
	slices.Sort(packed)
	mask := int64(1)<<shift - 1
	for j, p := range packed {
		keys[j].i = int32(p & mask)
	}
	return true
}

// sortEvents orders events by instant, keeping the order of events at the
// same instant. It sorts small keys rather than the events themselves.
func sortEvents(evs []Event) []Event {
	sorted := true
	for i := 1; i < len(evs) && sorted; i++ {
		sorted = !evs[i].At.Before(evs[i-1].At)
	}
	if sorted {
		return evs
	}
	var buf [128]evKey // most tickets: no allocation
	keys := buf[:0]
	if len(evs) > len(buf) {
		keys = make([]evKey, 0, len(evs))
	}
	keys = keys[:len(evs)]
	if !sortPacked(evs, keys) {
		for i := range evs {
			keys[i] = evKey{evs[i].At.Unix(), int32(evs[i].At.Nanosecond()), int32(i)}
		}
		slices.SortFunc(keys, func(a, b evKey) int {
			return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec), cmp.Compare(a.i, b.i))
		})
	}
	// Apply the permutation in place, one cycle at a time: position i takes
	// the event at keys[i].i.
	for i := range keys {
		if keys[i].i < 0 || int(keys[i].i) == i {
			continue
		}
		tmp := evs[i]
		j := i
		for {
			src := int(keys[j].i)
			keys[j].i = -1
			if src == i {
				evs[j] = tmp
				break
			}
			evs[j] = evs[src]
			j = src
		}
	}
	return evs
}

// instance renders one instance at now.
func (e *engine) instance(in *inst, now time.Time) Instance {
	p := e.ps[in.policy]
	x := Instance{
		Policy: p.Name, Version: p.Version, Metric: e.metrics[in.metric].m, Number: in.number,
		Target: p.Targets[in.target], Start: in.start, OriginalDue: in.originalDue,
		Reason: in.reason, Elapsed: in.e0,
	}
	if len(in.segs) > 0 { // nil otherwise
		x.Timeline = slices.Clip(in.segs) // the engine is done with them
	}
	switch cur := in.current(); {
	case in.final && in.cancelled:
		x.State, x.End, x.Due = StateCancelled, in.end, in.lastDue()
	case in.final || in.provisional:
		x.State, x.End, x.Due = StateFulfilled, in.end, in.lastDue()
	case cur.State == StateActive:
		x.State = StateActive
		el := in.hours.Elapsed(cur.From, now)
		x.Elapsed += el
		x.Timeline[len(x.Timeline)-1].Elapsed = el
		x.Due = in.thr[in.breach].at
		if !in.thr[in.breach].reached {
			x.Due = in.planned(in.breach, cur.From)
		}
	default:
		x.State = StatePaused
	}
	if n := len(in.thr) - 1; n > 0 {
		if cap(e.levels)-len(e.levels) < n {
			e.levels = make([]LevelStatus, 0, max(n*len(e.insts), 2*cap(e.levels)))
		}
		x.Levels = e.levels[len(e.levels) : len(e.levels) : len(e.levels)+n]
		e.levels = e.levels[:len(e.levels)+n]
	}
	for i, th := range in.thr {
		if th.level < 0 {
			if th.reached { // once breached, due in every state at the breach
				x.Breached, x.BreachedAt, x.Due = true, th.at, th.at
			}
			continue
		}
		ls := LevelStatus{Level: p.Levels[th.level], Threshold: th.d, Reached: th.reached, At: th.at}
		if !th.reached && x.State == StateActive {
			ls.At = in.planned(i, in.segs[len(in.segs)-1].From)
		}
		x.Levels = append(x.Levels, ls)
	}
	x.Remaining = in.dur - x.Elapsed
	x.Percent = e.percent(x.Elapsed, in.dur)
	return x
}

// planned returns the instant the running segment from `from` reaches
// threshold i, not reached yet: the instant already planned for the next
// threshold, or a new plan for a later one.
func (in *inst) planned(i int, from time.Time) time.Time {
	if i == in.next {
		return in.nextInstant()
	}
	return in.plan(in.thr[i].d, from, in.e0)
}

// pct is a percentage built for a result, in hundredths.
type pct struct {
	q uint64
	d decimal.Decimal
}

// maxCached bounds the percentages an engine keeps between results.
const maxCached = 1 << 12

// percent returns el as a percentage of d (d > 0, el ≥ 0), rounded to 2
// places, half away from zero. Instances with the same percentage share its
// Decimal (a Decimal is immutable), so that each distinct value is built
// once per result, and once per Evaluator while its cache has room.
func (e *engine) percent(el, d time.Duration) decimal.Decimal {
	q, ok := hundredths(el, d)
	if !ok { // beyond 63 bits of hundredths: take the slow road
		return decimal.NewFromInt(int64(el)).Mul(hundred).DivRound(decimal.NewFromInt(int64(d)), 2)
	}
	for _, p := range e.pcts {
		if p.q == q {
			return p.d
		}
	}
	v, ok := e.pcache[q]
	if !ok {
		v = decimal.New(int64(q), -2)
		if e.pcache != nil && len(e.pcache) < maxCached {
			e.pcache[q] = v
		}
	}
	e.pcts = append(e.pcts, pct{q, v})
	return v
}

// hundredths returns el·10000/d rounded half away from zero, and whether
// it fits in an int64.
func hundredths(el, d time.Duration) (uint64, bool) {
	hi, lo := bits.Mul64(uint64(el), 10000)
	if hi >= uint64(d) {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, uint64(d))
	if rem >= uint64(d)-rem { // 2·rem ≥ d without overflow
		q++
	}
	return q, q <= math.MaxInt64
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
