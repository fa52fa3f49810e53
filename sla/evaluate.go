package sla

import (
	"cmp"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// Evaluate replays a ticket's history under the policies and returns the
// state of every clock instance at now. Events after now are not read, so
// evaluating an old instant shows the ticket as it stood then. Events apply
// in Seq order; the state of a clock during [t, next event) is its state
// after all events at instant t.
//
// The policies must pass [Policies.Validate] (its error is returned
// otherwise); a history [ticket.Replay] rejects is rejected with its error;
// a now before the ticket's creation is a *TimeError.
func (ps Policies) Evaluate(events []ticket.Event, now time.Time) (Result, error) {
	if err := ps.Validate(); err != nil {
		return Result{}, err
	}
	if len(events) == 0 || now.Before(events[0].At) {
		if _, err := ticket.Replay(nil, events); err != nil {
			return Result{}, err
		}
		return Result{}, &TimeError{Now: now, Created: events[0].At}
	}
	e := newEngine(ps)
	e.reserve(events)
	i := 0
	for i < len(events) && !events[i].At.After(now) {
		j := i + 1
		for j < len(events) && events[j].At.Equal(events[i].At) && !events[j].At.After(now) {
			j++
		}
		if err := e.group(events[i:j]); err != nil {
			return Result{}, err
		}
		i = j
	}
	// Events after now are not evaluated, but the whole history must replay.
	if _, err := e.tk.Apply(events[i:]...); err != nil {
		return Result{}, err
	}
	return e.result(now), nil
}

// metricDef is a metric tracked by the engine, with its paused categories
// as a bit mask.
type metricDef struct {
	m      Metric
	paused uint8
}

// never is the mask of categories in which no clock runs.
const never = 1<<4 | 1<<5

// threshold is one elapsed time an instance is judged against: the breach
// (level −1) or one of its policy's levels.
type threshold struct {
	d       time.Duration
	level   int
	at      time.Time // when reached
	reached bool
}

// inst is the engine's working state of one instance.
type inst struct {
	metric      int
	policy      int // index in the policies; −1 with target
	target      int // index in the policy's targets; −1: no target (not reported)
	number      int
	start       time.Time
	startSeq    int
	hours       Hours
	dur         time.Duration
	provisional bool // fulfilled at a solve, continued by a reopen
	final       bool
	cancelled   bool
	end         time.Time
	endSeq      int
	reason      string
	dueFrom     time.Time // with hasDue: the instant it stopped running, from which Due is counted
	hasDue      bool
	originalDue time.Time
	segs        []Segment // the last has a zero To while the instance is not final
	e0          time.Duration
	// thr holds the thresholds in ascending order (levels before the breach
	// at equal ones); those before next are reached, and while the current
	// segment runs, nextAt is the instant thr[next] will be reached.
	thr    []threshold
	next   int
	nextAt time.Time
	// lazy says nextAt is only a lower bound, not yet planned: the instant
	// from which thr[next] could be reached at the earliest.
	lazy bool
	// bounded says the hours are a *calendar.Calendar, whose Add(t, d) is
	// never before t+d unless it stops at the end of the calendar's range,
	// rangeEnd.
	bounded  bool
	rangeEnd time.Time
	breach   int // index of the breach in thr
}

func (in *inst) current() *Segment {
	if len(in.segs) == 0 || !in.segs[len(in.segs)-1].To.IsZero() {
		return nil
	}
	return &in.segs[len(in.segs)-1]
}

// running reports whether the current segment runs.
func (in *inst) running() bool {
	s := in.current()
	return s != nil && s.State == StateActive
}

type engine struct {
	ps      Policies
	metrics []metricDef
	tk      ticket.Ticket
	replied bool
	policy  int // in force; −1 none
	applied bool
	insts   []*inst
	slab    []inst        // storage for insts, a chunk at a time
	thrs    []threshold   // storage for the instances' thresholds
	segs    []Segment     // storage for the first segments of instances
	levels  []LevelStatus // storage for the results' levels
	pcts    []pct         // percentages built for the result so far
	live    []*inst       // per metric: the instance not yet final
	numbers []int         // per metric: numbers given so far
	log     []Event       // apply_policy events
	// per group
	reopenStart []bool // per metric: a customer message on a solved ticket waits for the reopen
	statusSeq   int
	// tgt caches targetFor per metric for tgtPolicy and tgtPriority.
	tgt         []int
	tgtValid    bool
	tgtPolicy   int
	tgtPriority ticket.Priority
	// buf holds the per-metric slices of policies with up to 8 metrics.
	buf struct {
		metrics     [8]metricDef
		live        [8]*inst
		numbers     [8]int
		reopenStart [8]bool
		tgt         [8]int
	}
}

func newEngine(ps Policies) *engine {
	e := &engine{ps: ps, policy: -1}
	e.metrics = e.buf.metrics[:0]
	for _, p := range ps {
		for _, t := range p.Targets {
			if !slices.ContainsFunc(e.metrics, func(d metricDef) bool { return d.m.Name == t.Metric.Name }) {
				e.metrics = append(e.metrics, metricDef{m: t.Metric, paused: pausedMask(t.Metric.Paused) | never})
			}
		}
	}
	n := len(e.metrics)
	if n <= len(e.buf.live) {
		e.live, e.numbers, e.reopenStart, e.tgt = e.buf.live[:n], e.buf.numbers[:n], e.buf.reopenStart[:n], e.buf.tgt[:n]
	} else {
		e.live, e.numbers, e.reopenStart, e.tgt = make([]*inst, n), make([]int, n), make([]bool, n), make([]int, n)
	}
	return e
}

// reserve sizes the engine's storage for the instances the events will
// likely start, so that a typical history needs one allocation for each
// kind of storage. Histories that start more (changed targets) grow it.
func (e *engine) reserve(events []ticket.Event) {
	var created, agent, customer int
	for _, d := range e.metrics {
		switch d.m.Start {
		case StartCreated:
			created++
		case StartAgentReply:
			agent++
		case StartCustomerMessage:
			customer++
		}
	}
	n := created
	for i := range events {
		switch d := events[i].Data.(type) {
		case ticket.Message:
			if d.IsAgentReply(events[i].Actor) {
				n += agent
			} else if d.IsCustomerMessage(events[i].Actor) {
				n += customer
			}
		case ticket.StatusChanged:
			if d.Reopen {
				n += customer
			}
		}
	}
	levels := 0
	for i := range e.ps {
		levels = max(levels, len(e.ps[i].Levels))
	}
	e.slab = make([]inst, 0, n)
	e.insts = make([]*inst, 0, n)
	e.thrs = make([]threshold, 0, n*(1+levels))
}

// group applies all events at one instant. Each is folded into e.tk with
// [ticket.Ticket.Apply], whose error (the history does not replay) ends the
// evaluation.
func (e *engine) group(evs []ticket.Event) error {
	t := evs[0].At
	for _, in := range e.live {
		if in != nil && in.running() {
			in.reach(t, false)
		}
	}
	e.statusSeq = 0
	clear(e.reopenStart)
	for k := range evs {
		cat := e.tk.Status.Category
		if err := e.fold(evs[k : k+1]); err != nil {
			return err
		}
		e.apply(evs[k], t, cat)
	}
	last := evs[len(evs)-1].Seq
	e.match(t, last)
	for m, in := range e.live {
		if in == nil || in.provisional {
			continue
		}
		e.retarget(m, in, t, last)
	}
	for m, in := range e.live {
		if in == nil || in.provisional {
			continue
		}
		e.settle(m, in, t)
	}
	return nil
}

// fold applies evs to e.tk ([ticket.Ticket.Apply]); on an error e.tk is
// left undefined. The first event is folded with [ticket.Replay] under the
// default lifecycle. The result is assigned in place: a Ticket is large,
// and a temporary would copy it once more per event.
func (e *engine) fold(evs []ticket.Event) (err error) {
	if e.tk.Version == 0 {
		e.tk, err = ticket.Replay(nil, evs)
	} else {
		e.tk, err = e.tk.Apply(evs...)
	}
	return err
}

// apply runs one event's effect on the clocks; cat is the ticket's status
// category before it.
func (e *engine) apply(ev ticket.Event, t time.Time, cat ticket.StatusCategory) {
	switch d := ev.Data.(type) {
	case ticket.Created:
		for m, def := range e.metrics {
			if def.m.Start == StartCreated {
				e.begin(m, t, ev.Seq)
			}
		}
	case ticket.Message:
		switch {
		case d.IsAgentReply(ev.Actor):
			for m, def := range e.metrics {
				in := e.live[m]
				if def.m.Stop == StopAgentReply && in != nil {
					in.stop(t, ev.Seq, false, "")
					e.live[m] = nil
				}
				if def.m.Start == StartAgentReply && cat != ticket.StatusCategorySolved && cat != ticket.StatusCategoryClosed {
					e.begin(m, t, ev.Seq)
				}
			}
			e.replied = true
		case d.IsCustomerMessage(ev.Actor):
			for m, def := range e.metrics {
				if def.m.Start != StartCustomerMessage || e.live[m] != nil {
					continue
				}
				switch {
				case cat == ticket.StatusCategorySolved:
					e.reopenStart[m] = true
				case e.replied || !def.m.AfterFirstReply:
					e.begin(m, t, ev.Seq)
				}
			}
		}
	case ticket.StatusChanged:
		e.statusSeq = ev.Seq
		switch to := d.To.Category; {
		case to == ticket.StatusCategorySolved && cat != ticket.StatusCategorySolved:
			for m, in := range e.live {
				if in == nil || in.provisional {
					continue
				}
				def := e.metrics[m].m
				if def.Stop == StopSolve {
					in.stop(t, ev.Seq, def.Reopen == ReopenContinue, "")
					if def.Reopen == ReopenContinue {
						continue
					}
				} else {
					in.stop(t, ev.Seq, false, "solved")
				}
				e.live[m] = nil
			}
		case to == ticket.StatusCategoryClosed:
			e.closeAll(t, ev.Seq, "closed")
		case d.Reopen:
			for m, in := range e.live {
				if in != nil && in.provisional {
					in.provisional = false
					in.segs[len(in.segs)-1].To = t
				}
				if e.reopenStart[m] && in == nil {
					e.begin(m, t, ev.Seq)
				}
			}
		}
	case ticket.Merged:
		if d.Into != (ticket.ID{}) {
			e.closeAll(t, ev.Seq, "merged")
		}
	}
}

// closeAll makes every instance final: provisional ones stay fulfilled,
// running and paused ones are cancelled for reason.
func (e *engine) closeAll(t time.Time, seq int, reason string) {
	for m, in := range e.live {
		if in == nil {
			continue
		}
		if in.provisional {
			in.provisional = false
			in.segs = in.segs[:len(in.segs)-1]
			in.final = true
		} else {
			in.stop(t, seq, false, reason)
		}
		e.live[m] = nil
	}
}

// begin starts an instance of metric m at t; its target and first segment
// are set when the group ends.
func (e *engine) begin(m int, t time.Time, seq int) {
	if len(e.slab) == cap(e.slab) {
		e.slab = make([]inst, 0, max(len(e.metrics), len(e.insts)))
	}
	e.slab = append(e.slab, inst{metric: m, policy: -1, target: -1, start: t, startSeq: seq})
	in := &e.slab[len(e.slab)-1]
	e.insts = append(e.insts, in)
	e.live[m] = in
}

// stop ends the instance at t: fulfilled (provisionally when the metric
// continues on reopen) or, with a reason, cancelled.
func (in *inst) stop(t time.Time, seq int, provisional bool, reason string) {
	in.hasDue = false
	if s := in.current(); s != nil {
		running := s.State == StateActive
		in.close(t)
		// Due is counted when the result needs it: a solve of a metric a
		// reopen continues may be followed by many more.
		in.hasDue, in.dueFrom = running && in.target >= 0, t
	}
	in.end, in.endSeq = t, seq
	if provisional {
		in.provisional = true
		in.segs = append(in.segs, Segment{State: StateFulfilled, From: t, Seq: seq})
		return
	}
	in.final = true
	in.cancelled = reason != ""
	in.reason = reason
}

// close ends the current segment at t.
func (in *inst) close(t time.Time) {
	s := &in.segs[len(in.segs)-1]
	s.To = t
	if s.State == StateActive {
		in.reach(t, false) // thresholds planned (perhaps just now, by a new target) before the end
		s.Elapsed = in.elapsedSince(s.From, t)
		in.e0 += s.Elapsed
	}
}

func (in *inst) elapsedSince(from, to time.Time) time.Duration {
	if in.hours == nil {
		return to.Sub(from)
	}
	return in.hours.Elapsed(from, to)
}

// dueAfter is the due instant of an instance running at t, with e0 counted
// up to t: the breach instant once breached, else when the rest of the
// target will have run. (Counting on from t finds the same instant as
// counting from the segment's start, because the breach was not reached
// before t.)
func (in *inst) dueAfter(t time.Time) time.Time {
	if b := in.thr[in.breach]; b.reached {
		return b.at
	}
	return in.hours.Add(t, in.dur-in.e0)
}

// lastDue is the Due of a stopped instance: the one it had just before it
// stopped, zero if it was not running. Nothing it reads changes once the
// instance stops, until a reopen continues it.
func (in *inst) lastDue() time.Time {
	if !in.hasDue {
		return time.Time{}
	}
	return in.dueAfter(in.dueFrom)
}

// match re-matches the policy after the events at t.
func (e *engine) match(t time.Time, seq int) {
	p := -1
	for i := range e.ps {
		if e.ps[i].Match.Matches(&e.tk) {
			p = i
			break
		}
	}
	if p == e.policy && e.applied {
		return
	}
	if p < 0 && !e.applied {
		e.applied = true
		return
	}
	e.applied = true
	e.policy = p
	ev := Event{Kind: EventApplyPolicy, At: t, Seq: seq}
	if p >= 0 {
		ev.Policy, ev.Version = e.ps[p].Name, e.ps[p].Version
	}
	e.log = append(e.log, ev)
}

// targetFor returns the index of the target of policy p for metric m on the
// current ticket, or −1.
func (e *engine) targetFor(p, m int) int {
	if p < 0 {
		return -1
	}
	name := e.metrics[m].m.Name
	any := -1
	for i, t := range e.ps[p].Targets {
		if t.Metric.Name != name {
			continue
		}
		if t.Priority != "" && t.Priority == e.tk.Priority {
			return i
		}
		if t.Priority == "" {
			any = i
		}
	}
	return any
}

// retarget applies a change of the target of the live instance of metric m.
func (e *engine) retarget(m int, in *inst, t time.Time, seq int) {
	p := e.policy
	if !e.tgtValid || e.tgtPolicy != p || e.tgtPriority != e.tk.Priority {
		for i := range e.tgt {
			e.tgt[i] = e.targetFor(p, i)
		}
		e.tgtValid, e.tgtPolicy, e.tgtPriority = true, p, e.tk.Priority
	}
	k := e.tgt[m]
	if k < 0 {
		p = -1
	}
	switch {
	case p == in.policy && k == in.target:
		return
	case in.target < 0:
		in.setTarget(e, p, k, true)
	case k < 0:
		in.stop(t, seq, false, "target_removed")
		e.begin(m, t, seq)
	case e.ps[p].Recalculation == Prospective:
		in.stop(t, seq, false, "target_changed")
		e.begin(m, t, seq)
		e.live[m].setTarget(e, p, k, true)
	default:
		in.setTarget(e, p, k, false)
	}
}

// setTarget gives the instance target k of policy p and re-judges its
// thresholds from its start. first numbers the instance and fixes its
// original due instant.
func (in *inst) setTarget(e *engine, p, k int, first bool) {
	tg := e.ps[p].Targets[k]
	in.policy, in.target = p, k
	in.hours = tg.Hours
	if in.hours == nil {
		in.hours = calendar.Always(time.UTC)
	}
	if c, ok := in.hours.(*calendar.Calendar); ok && c != nil {
		_, in.rangeEnd = c.Range()
		in.bounded = true
	} else {
		in.bounded = false
	}
	in.dur = tg.Duration
	if first {
		e.numbers[in.metric]++
		in.number = e.numbers[in.metric]
		in.originalDue = in.hours.Add(in.start, in.dur)
	}
	if n := 1 + len(e.ps[p].Levels); cap(in.thr) < n {
		if cap(e.thrs)-len(e.thrs) < n {
			e.thrs = make([]threshold, 0, n*max(len(e.metrics), len(e.insts)))
		}
		in.thr = e.thrs[len(e.thrs) : len(e.thrs) : len(e.thrs)+n]
		e.thrs = e.thrs[:len(e.thrs)+n]
	}
	in.thr = in.thr[:0]
	for i, l := range e.ps[p].Levels {
		if l.Metric == "" || l.Metric == e.metrics[in.metric].m.Name {
			in.thr = append(in.thr, threshold{d: l.threshold(in.dur), level: i})
		}
	}
	in.thr = append(in.thr, threshold{d: in.dur, level: -1})
	slices.SortStableFunc(in.thr, func(a, b threshold) int { return cmp.Compare(a.d, b.d) })
	in.breach = slices.IndexFunc(in.thr, func(th threshold) bool { return th.level < 0 })
	// Re-judge the closed segments (a threshold reached exactly at the end of
	// a segment was met by the event that ended it); recount their elapsed
	// time in the new hours.
	in.next = 0
	var el time.Duration
	for i := range in.segs {
		s := &in.segs[i]
		if s.To.IsZero() {
			break
		}
		if s.State != StateActive {
			continue
		}
		s.Elapsed = in.hours.Elapsed(s.From, s.To)
		for in.next < len(in.thr) && el+s.Elapsed >= in.thr[in.next].d {
			at := in.plan(in.thr[in.next].d, s.From, el)
			if !at.Before(s.To) {
				break
			}
			in.thr[in.next].at, in.thr[in.next].reached = at, true
			in.next++
		}
		el += s.Elapsed
	}
	in.e0 = el
	if s := in.current(); s != nil && s.State == StateActive {
		in.planNext(s.From)
	}
}

// plan returns the instant a running segment from `from`, with el counted
// before it, reaches elapsed d.
func (in *inst) plan(d time.Duration, from time.Time, el time.Duration) time.Time {
	if d <= el {
		return from
	}
	return in.hours.Add(from, d-el)
}

// planNext plans the next threshold for the running segment from `from`.
// With bounded hours it only notes the earliest instant the threshold could
// be reached, min(from + rest, end of range), since most segments end
// before it; reach and nextInstant plan it when it is needed.
func (in *inst) planNext(from time.Time) {
	in.lazy = false
	if in.next >= len(in.thr) {
		return
	}
	if d := in.thr[in.next].d; in.bounded && d > in.e0 {
		in.nextAt = from.Add(d - in.e0)
		if in.rangeEnd.Before(in.nextAt) {
			in.nextAt = in.rangeEnd
		}
		in.lazy = true
		return
	}
	in.nextAt = in.plan(in.thr[in.next].d, from, in.e0)
}

// nextInstant returns the instant the running segment reaches thr[next],
// planning it if only its lower bound is known.
func (in *inst) nextInstant() time.Time {
	if in.lazy {
		in.nextAt = in.plan(in.thr[in.next].d, in.segs[len(in.segs)-1].From, in.e0)
		in.lazy = false
	}
	return in.nextAt
}

// reach marks the thresholds of the running segment reached before t (or at
// t, when inclusive).
func (in *inst) reach(t time.Time, inclusive bool) {
	for in.next < len(in.thr) {
		if in.lazy && (in.nextAt.After(t) || !inclusive && in.nextAt.Equal(t)) {
			return // the bound, and so the instant, is not before t
		}
		if at := in.nextInstant(); !(at.Before(t) || inclusive && at.Equal(t)) {
			return
		}
		th := &in.thr[in.next]
		th.at, th.reached = in.nextAt, true
		in.next++
		in.planNext(in.segs[len(in.segs)-1].From)
	}
}

// carveSegs returns an empty slice of capacity n from the engine's segment
// storage.
func (e *engine) carveSegs(n int) []Segment {
	if cap(e.segs)-len(e.segs) < n {
		e.segs = make([]Segment, 0, max(n, 64))
	}
	s := e.segs[len(e.segs) : len(e.segs) : len(e.segs)+n]
	e.segs = e.segs[:len(e.segs)+n]
	return s
}

// settle sets the segment the instance is in after the events at t.
func (e *engine) settle(m int, in *inst, t time.Time) {
	want := StateActive
	if e.metrics[m].paused&categoryBit(e.tk.Status.Category) != 0 {
		want = StatePaused
	}
	s := in.current()
	if s == nil || s.State != want {
		seq := e.statusSeq // a pause, a resume, or a re-activation by a reopen
		switch {
		case s != nil:
			in.close(t)
		case len(in.segs) == 0:
			seq = in.startSeq
		}
		if len(in.segs) == cap(in.segs) {
			in.segs = append(e.carveSegs(2*cap(in.segs)+2), in.segs...)
		}
		in.segs = append(in.segs, Segment{State: want, From: t, Seq: seq})
		if want == StateActive && in.target >= 0 {
			in.planNext(t)
		}
	}
	if want == StateActive && in.target >= 0 {
		in.reach(t, true)
	}
}
