package sla

import (
	"cmp"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// metricDef is a metric tracked by the engine, with its paused categories
// as a bit mask.
type metricDef struct {
	m      Metric
	paused uint8
	// The rules as flags, which apply tests at every event.
	startCreated, startAgent, startCustomer, stopAgent, stopSolve, reopenContinue bool
}

// never is the mask of categories in which no clock runs.
const never = 1<<4 | 1<<5

// targetTpl is what every instance under one target starts from.
type targetTpl struct {
	hours Hours // the target's, or calendar hours in UTC
	// bounded says the hours are a *calendar.Calendar, whose Add(t, d) is
	// never before t+d unless it stops at the end of the calendar's range,
	// rangeEnd.
	bounded  bool
	rangeEnd time.Time
	// rangeSec and rangeNsec are rangeEnd's Unix second and nanosecond.
	rangeSec  int64
	rangeNsec int
	cal       *calendar.Calendar // the hours, when bounded
	thr       []threshold        // in order, none reached
	breach    int                // index of the breach in thr
}

// templates builds the targets' templates: those of policy p start at
// e.tplOff[p].
func (e *engine) templates() {
	n, levels := 0, 0
	for _, p := range e.ps {
		n += len(p.Targets)
		levels += len(p.Targets) * (1 + len(p.Levels))
	}
	e.tpls, e.tplOff = make([]targetTpl, 0, n), e.buf.tplOff[:0]
	thrs := make([]threshold, 0, levels)
	for _, p := range e.ps {
		e.tplOff = append(e.tplOff, len(e.tpls))
		for _, tg := range p.Targets {
			tp := targetTpl{hours: tg.Hours}
			if tp.hours == nil {
				tp.hours = calendar.Always(time.UTC)
			}
			if c, ok := tp.hours.(*calendar.Calendar); ok && c != nil {
				_, tp.rangeEnd = c.Range()
				tp.rangeSec, tp.rangeNsec = tp.rangeEnd.Unix(), tp.rangeEnd.Nanosecond()
				tp.bounded, tp.cal = true, c
			}
			from := len(thrs)
			for i, l := range p.Levels {
				if l.Metric == "" || l.Metric == tg.Metric.Name {
					d, _ := l.threshold(tg.Duration) // Validate checked it
					thrs = append(thrs, threshold{d: d, level: i})
				}
			}
			thrs = append(thrs, threshold{d: tg.Duration, level: -1})
			tp.thr = thrs[from:len(thrs):len(thrs)]
			slices.SortStableFunc(tp.thr, func(a, b threshold) int { return cmp.Compare(a.d, b.d) })
			tp.breach = slices.IndexFunc(tp.thr, func(th threshold) bool { return th.level < 0 })
			e.tpls = append(e.tpls, tp)
		}
	}
}

// add returns the instant d of the hours after from, or the zero time when
// the hours' range ends before: the instant is not known, and a breach is
// never reported where the calendar stops counting.
func (tp *targetTpl) add(from time.Time, d time.Duration) time.Time {
	if !tp.bounded {
		return tp.hours.Add(from, d)
	}
	u, err := tp.cal.AddChecked(from, d)
	if err != nil {
		return time.Time{}
	}
	return u
}

// engine replays one ticket's history under the policies: group applies
// the events of each instant in turn (fold the ticket, start and stop
// instances, re-match the policy, retarget, settle the segments), and
// result renders the instances at now. An Evaluator keeps one engine and
// its storage from ticket to ticket.
type engine struct {
	ps      Policies
	metrics []metricDef
	lc      *ticket.Lifecycle // the lifecycle e.tk is folded under
	tk      ticket.Ticket
	// replied says the desk has replied: an agent reply other than the
	// opening comment of a ticket an agent opened (opening) was read.
	replied bool
	opening ticket.Opening // finds that opening comment, event by event
	policy  int            // in force; −1 none
	applied bool
	insts   []*inst
	slab    []inst      // storage for insts, a chunk at a time
	thrs    []threshold // storage for the instances' thresholds
	sights  []sighting  // storage for the instances' sightings
	// segs is the segment storage: one region per metric, whose instances
	// follow each other in time (a metric has at most one instance that is
	// not final), so each instance's timeline is a contiguous part of its
	// region. segEnd[m] is where the region of metric m ends, and segLast[m]
	// the instance of m that began last.
	segs    []Segment
	segEnd  []int
	segLast []*inst
	levels  []LevelStatus // storage for the results' levels
	pcts    []pct         // percentages built for the result so far
	keys    []evKey       // sortEvents' buffer, in an Evaluator
	// dense and pcache keep the percentages built for earlier results, in
	// an Evaluator (a Decimal is immutable, so results may share them):
	// dense[q] is q hundredths, or the zero Decimal until built; pcache
	// holds at most maxCached of those beyond.
	dense  []decimal.Decimal
	pcache map[uint64]decimal.Decimal
	// out and evs are the storage of the result's instances and events.
	out     []Instance
	evs     []Event
	rch     []reach
	live    []*inst // per metric: the instance not yet final
	numbers []int   // per metric: numbers given so far
	log     []Event // apply_policy events
	// per group
	reopenStart []bool // per metric: a customer message on a solved ticket waits for the reopen
	reopenAny   bool   // some reopenStart is set
	statusSeq   int
	// funcs says a policy's condition has a Func: every event may change
	// the match.
	funcs bool
	// tagBufs are tag slices e.tk no longer uses, which ticket.StepReusing
	// builds the next tags in (tagBufs[0] is its spare), so that a sweep
	// stops allocating for tag changes. Not used when a condition's Func
	// may keep the ticket's tags.
	tagBufs [2][]string
	// restarts says a change of the ticket may cancel instances and start
	// new ones: Prospective recalculation, or a target that may stop
	// applying (several policies, conditions, priority-keyed targets).
	restarts bool
	// tpls holds the targets' templates, those of policy p from tplOff[p].
	tpls   []targetTpl
	tplOff []int
	// tgt caches targetFor per metric for tgtPolicy and tgtPriority.
	tgt         []int
	tgtValid    bool
	tgtPolicy   int
	tgtPriority ticket.Priority
	// gen changes whenever the policy in force or the ticket's priority
	// may have changed, which is all a target depends on; an instance
	// retargeted at the current gen has its target (inst.gen). stale says
	// a live instance may not be: gen changed, an instance began, or a
	// reopen made one live again since the last retargeting of all.
	gen   int
	stale bool
	// buf holds the per-metric slices of policies with up to 8 metrics.
	buf struct {
		metrics     [8]metricDef
		live        [8]*inst
		numbers     [8]int
		reopenStart [8]bool
		tgt         [8]int
		segEnd      [8]int
		segLast     [8]*inst
		log         [2]Event
		tplOff      [4]int
		pcts        [16]pct
	}
}

// init prepares a zero engine for the policies.
func (e *engine) init(ps Policies) {
	e.ps, e.lc = ps, ticket.DefaultLifecycle()
	e.metrics = e.buf.metrics[:0]
	for _, p := range ps {
		for _, t := range p.Targets {
			if !slices.ContainsFunc(e.metrics, func(d metricDef) bool { return d.m.Name == t.Metric.Name }) {
				m := t.Metric
				e.metrics = append(e.metrics, metricDef{m: m, paused: pausedMask(m.Paused) | never,
					startCreated: m.Start == StartCreated, startAgent: m.Start == StartAgentReply,
					startCustomer: m.Start == StartCustomerMessage, stopAgent: m.Stop == StopAgentReply,
					stopSolve: m.Stop == StopSolve, reopenContinue: m.Reopen == ReopenContinue})
			}
		}
	}
	n := len(e.metrics)
	if n <= len(e.buf.live) {
		e.live, e.numbers, e.reopenStart, e.tgt = e.buf.live[:n], e.buf.numbers[:n], e.buf.reopenStart[:n], e.buf.tgt[:n]
		e.segEnd, e.segLast = e.buf.segEnd[:n], e.buf.segLast[:n]
	} else {
		e.live, e.numbers, e.reopenStart, e.tgt = make([]*inst, n), make([]int, n), make([]bool, n), make([]int, n)
		e.segEnd, e.segLast = make([]int, n), make([]*inst, n)
	}
	e.log, e.pcts = e.buf.log[:0], e.buf.pcts[:0]
	e.templates()
	e.restarts = len(ps) > 1
	for _, p := range ps {
		e.funcs = e.funcs || p.Match.Func != nil
		e.restarts = e.restarts || p.Recalculation == Prospective || !p.Match.empty() ||
			slices.ContainsFunc(p.Targets, func(t Target) bool { return t.Priority != "" })
	}
}

// reset readies the engine for the next ticket, keeping its storage.
func (e *engine) reset() {
	if t := e.tk.Tags; cap(t) > 0 && !e.funcs { // the ticket's tags were built in the engine's memory
		if cap(e.tagBufs[0]) == 0 {
			e.tagBufs[0] = t[:0]
		} else if cap(e.tagBufs[1]) == 0 {
			e.tagBufs[1] = t[:0]
		}
	}
	e.tk = ticket.Ticket{}
	e.replied, e.policy, e.applied, e.tgtValid, e.statusSeq = false, -1, false, false, 0
	e.opening = ticket.Opening{}
	e.gen, e.stale = 1, false // instances begin at gen 0
	clear(e.live)
	clear(e.numbers)
	clear(e.reopenStart)
	e.reopenAny = false
	clear(e.segLast)
	e.log, e.pcts = e.log[:0], e.pcts[:0]
}

// reserve sizes the engine's storage for the instances and segments the
// events will likely need, so that a typical history needs one allocation
// for each kind of storage. A metric's instances need at most one segment
// each, plus one per status change that pauses or resumes it, and for a
// metric a reopen continues, one per solve and reopen too (a solve ends
// the instances of other metrics, and a reopen starts new ones). Changes
// that may change the target (priority, group, tags, fields) count as
// restarts where restarts can happen. Histories that need more (a
// condition function's restarts) grow the storage.
func (e *engine) reserve(events []ticket.Event) {
	var agent, customer, reopens, changes int
	// moves counts the status changes by the bits of their categories'
	// (categoryBit: 0 to 5 for the bit, 6 for none) and reopen, so that
	// the metrics are looked at once per kind of change, not per change.
	var moves [7 * 7 * 2]int32
	var seen [2]uint64 // the kinds counted, as bits
	for i := range events {
		switch d := events[i].Data.(type) {
		case ticket.Message:
			if d.IsAgentReply(events[i].Actor) {
				agent++
			} else if d.IsCustomerMessage(events[i].Actor) {
				customer++
			}
		case ticket.StatusChanged:
			k := categoryIndex(d.From.Category)*7 + categoryIndex(d.To.Category)
			if d.Reopen {
				reopens++
				k += 49
			}
			moves[k]++
			seen[k>>6] |= 1 << (k & 63)
		case ticket.PriorityChanged, ticket.Assigned, ticket.TagsChanged, ticket.FieldsChanged:
			changes++ // may change the target, and so restart instances
		}
	}
	per := e.segEnd // per metric: the segments its status changes need, then where its region ends
	clear(per)
	for w, set := range seen {
		for ; set != 0; set &= set - 1 {
			k := w<<6 | bits.TrailingZeros64(set)
			n := moves[k]
			from, to, reopen := indexBit(k/7%7), indexBit(k%7), k >= 49
			solve := to == categoryBit(ticket.StatusCategorySolved) && from != to
			for m := range e.metrics {
				def := &e.metrics[m]
				switch {
				case def.reopenContinue && (solve || reopen):
					per[m] += int(n) // the wait after a solve, or the segment a reopen resumes with
				case (from|to)&never != 0:
					// a solve or close ends the instance; a reopen starts new ones
				case def.paused&from == 0 != (def.paused&to == 0):
					per[m] += int(n) // a pause or a resume
				}
			}
		}
	}
	if !e.restarts {
		changes = 0
	}
	n, segs := 0, 0
	for m := range e.metrics {
		def := &e.metrics[m]
		k := 0
		switch def.m.Start {
		case StartCreated:
			k = 1
		case StartAgentReply:
			k = agent
		case StartCustomerMessage:
			k = customer + reopens
		}
		k += changes
		n += k
		segs += k + per[m]
		e.segEnd[m] = segs
	}
	levels := 0
	for i := range e.ps {
		levels = max(levels, len(e.ps[i].Levels))
	}
	e.slab = reuse(e.slab, n)
	e.insts = reuse(e.insts, n)
	e.thrs = reuse(e.thrs, n*(1+levels))
	e.sights = reuse(e.sights, n*levels)
	e.segs = reuse(e.segs, segs)[:segs]
	e.levels = e.levels[:0]
}

// group applies all events at one instant, in Seq order. After each event
// that may change what a condition or a priority-keyed target reads, the
// policy is matched again and the instances that began before t take the
// target then in force, so the events that follow at t act under it.
// Instances that began at t, or that a reopen at t re-activated, take
// theirs once all events at t are read: a clock that starts and ends at
// one instant is not listed, and a reopen undone at its own instant leaves
// the instance as it was. Each event is
// folded into e.tk in place with [ticket.Ticket.Step], whose error (the
// history does not replay) ends the evaluation.
func (e *engine) group(evs []ticket.Event) error {
	t := evs[0].At.Round(0) // on its wall clock: so is every instant derived from it (see Policies.Evaluate)
	ts := t.Unix()
	for _, in := range e.live {
		if in != nil && !in.notDue(ts) && in.running() {
			in.reach(t, false)
		}
	}
	e.statusSeq = 0
	if e.reopenAny {
		clear(e.reopenStart)
		e.reopenAny = false
	}
	for k := range evs {
		cat := e.tk.Status.Category
		if err := e.step(evs[k:]); err != nil {
			return err
		}
		e.apply(&evs[k], t, cat)
		if k == len(evs)-1 || !e.rereads(evs[k].Data) {
			continue
		}
		e.match(t, evs[k].Seq)
		for m, in := range e.live {
			if in == nil || in.gen == e.gen || in.provisional || !in.start.Before(t) || in.reopenedAt(t) {
				continue // (retarget returns at once for an instance at the current gen)
			}
			e.retarget(m, in, t, evs[k].Seq)
		}
	}
	last := evs[len(evs)-1].Seq
	if e.rereads(evs[len(evs)-1].Data) || !e.applied {
		e.match(t, last)
	}
	if e.stale { // else every live instance has its target
		for m := range e.live {
			// A Prospective change begins a new instance, which takes its
			// target in the next round.
			for in := e.live[m]; in != nil && !in.provisional && in.gen != e.gen; in = e.live[m] {
				e.retarget(m, in, t, last) // which sets in.gen
			}
		}
		e.stale = false
	}
	cat := categoryBit(e.tk.Status.Category)
	for m, in := range e.live {
		if in == nil || in.provisional {
			continue
		}
		e.settle(m, in, t, ts, cat)
	}
	return nil
}

// rereads reports whether an event of this kind may change the policy that
// matches or the target that applies: a change of priority, group, tags or
// fields (a created ticket is matched for the first time), or any event
// when a condition has a Func, which may read anything.
func (e *engine) rereads(d ticket.Data) bool {
	if e.funcs {
		return true
	}
	switch d.(type) {
	case ticket.PriorityChanged, ticket.Assigned, ticket.TagsChanged, ticket.FieldsChanged:
		return true
	}
	return false
}

// step folds one event, evs[0], into e.tk; the first under the engine's
// lifecycle.
func (e *engine) step(evs []ticket.Event) (err error) {
	if e.tk.Version == 0 {
		return ticket.ReplayInto(&e.tk, e.lc, evs[:1])
	}
	if e.funcs { // a Func may keep the ticket, and its tags with it
		return e.tk.Step(evs[0])
	}
	if cap(e.tagBufs[0]) == 0 && cap(e.tagBufs[1]) > 0 { // the spare went to the ticket's tags: take the other
		e.tagBufs[0], e.tagBufs[1] = e.tagBufs[1], nil
	}
	return e.tk.StepReusing(evs[0], &e.tagBufs[0])
}

// apply runs one event's effect on the clocks; cat is the ticket's status
// category before it.
func (e *engine) apply(ev *ticket.Event, t time.Time, cat ticket.StatusCategory) {
	opening := e.opening.Read(ev)
	switch d := ev.Data.(type) {
	case ticket.PriorityChanged:
		e.gen++
		e.stale = true
	case ticket.Created:
		e.gen++
		e.stale = true
		for m := range e.metrics {
			def := &e.metrics[m]
			if def.startCreated {
				e.begin(m, t, ev.Seq)
			}
		}
		// A ticket created solved or closed (an import, a call logged
		// after it was solved) is solved at its creation, as package
		// metrics reads it: its clocks stop at the instant they start, so
		// they are not listed, as for a ticket created and solved at one
		// instant.
		if created := d.Status.Category; created == ticket.StatusCategorySolved || created == ticket.StatusCategoryClosed {
			e.solve(t, ev.Seq)
			if created == ticket.StatusCategoryClosed {
				e.closeAll(t, ev.Seq, "closed")
			}
		}
	case ticket.Message:
		switch {
		case d.IsAgentReply(ev.Actor):
			// The opening comment of a ticket an agent opened is no reply:
			// it fulfils nothing (the only instances it could fulfil are
			// those that began at the creation, first reply's) and the
			// desk has not replied yet; but the customer heard from the
			// desk, so it starts the update clocks.
			for m := range e.metrics {
				def := &e.metrics[m]
				in := e.live[m]
				if def.stopAgent && in != nil && !opening {
					in.stop(t, ev.Seq, false, "")
					e.live[m] = nil
				}
				if def.startAgent && e.live[m] == nil &&
					cat != ticket.StatusCategorySolved && cat != ticket.StatusCategoryClosed {
					e.begin(m, t, ev.Seq)
				}
			}
			e.replied = e.replied || !opening
		case d.IsCustomerMessage(ev.Actor):
			for m := range e.metrics {
				def := &e.metrics[m]
				if !def.startCustomer || e.live[m] != nil {
					continue
				}
				switch {
				case cat == ticket.StatusCategorySolved:
					e.reopenStart[m], e.reopenAny = true, true
				case e.replied || !def.m.AfterFirstReply:
					e.begin(m, t, ev.Seq)
				}
			}
		}
	case ticket.StatusChanged:
		e.statusSeq = ev.Seq
		switch to := d.To.Category; {
		case to == ticket.StatusCategorySolved && cat != ticket.StatusCategorySolved:
			e.solve(t, ev.Seq)
		case to == ticket.StatusCategoryClosed:
			e.closeAll(t, ev.Seq, "closed")
		case d.Reopen:
			for m, in := range e.live {
				if in != nil && in.provisional {
					in.provisional = false
					in.segs[len(in.segs)-1].To = t
					e.stale = true
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

// solve applies a solve at t: a metric that stops at the solve is
// fulfilled (provisionally when a reopen continues it), any other instance
// is cancelled.
func (e *engine) solve(t time.Time, seq int) {
	for m, in := range e.live {
		if in == nil || in.provisional {
			continue
		}
		def := &e.metrics[m]
		if def.stopSolve {
			in.stop(t, seq, def.reopenContinue, "")
			if def.reopenContinue {
				continue
			}
		} else {
			in.stop(t, seq, false, "solved")
		}
		e.live[m] = nil
	}
}

// closeAll makes every instance final: provisional ones stay fulfilled,
// running and paused ones are cancelled for reason.
func (e *engine) closeAll(t time.Time, seq int, reason string) {
	for m, in := range e.live {
		if in == nil {
			continue
		}
		if in.provisional || in.reopenedAt(t) { // a reopen at t that did not last: the wait stands
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
	e.stale = true
	// The timeline goes on in the metric's region where the previous
	// instance's ended.
	lo, end := 0, e.segEnd[m]
	if m > 0 {
		lo = e.segEnd[m-1]
	}
	if last := e.segLast[m]; last != nil {
		lo = end
		if !last.spilled {
			lo = last.segLo + len(last.segs)
		}
	}
	in.segLo, in.segs = lo, e.segs[lo:lo:end]
	e.segLast[m] = in
}

// match re-matches the policy after the ticket event seq at t.
func (e *engine) match(t time.Time, seq int) {
	p := -1
	for i := range e.ps {
		if e.ps[i].Match.matches(&e.tk) {
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
	e.gen++
	e.stale = true
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
	if in.gen == e.gen {
		return // nothing a target depends on changed since the last time
	}
	in.gen = e.gen
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
		in.setTarget(e, p, k, true, t, seq)
	case k < 0:
		in.stop(t, seq, false, "target_removed")
		e.begin(m, t, seq)
	case e.ps[p].Recalculation == Prospective:
		// The new instance takes its target once all events at t are read.
		in.stop(t, seq, false, "target_changed")
		e.begin(m, t, seq)
	default:
		in.setTarget(e, p, k, false, t, seq)
	}
}

// settle sets the segment the instance is in after the events at t (Unix
// second ts); cat is the bit of the ticket's status category.
func (e *engine) settle(m int, in *inst, t time.Time, ts int64, cat uint8) {
	active := e.metrics[m].paused&cat == 0
	want := StatePaused
	if active {
		want = StateActive
	}
	s := in.current()
	// s.State != want, comparing with constants, which needs no call
	if s == nil || !(active && s.State == StateActive || !active && s.State == StatePaused) {
		seq := e.statusSeq // a pause, a resume, or a re-activation by a reopen
		switch {
		case s != nil:
			in.close(t)
		case len(in.segs) == 0:
			seq = in.startSeq
		}
		in.push(Segment{State: want, From: t, Seq: seq})
		if active && in.target >= 0 {
			in.planNext(t)
		}
	}
	if active && in.target >= 0 && !in.notDue(ts) {
		in.reach(t, true)
	}
}
