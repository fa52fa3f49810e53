package sla

import (
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
	now = now.Round(0) // judged on its wall clock (see Policies.Evaluate)
	if e.policy >= 0 {
		p := &e.ps[e.policy]
		r.Policy, r.Version = p.Name, p.Version
		if e.tk.Priority == "" {
			r.NoPriority = slices.ContainsFunc(p.Targets, func(t Target) bool { return t.Priority != "" })
		}
	}
	// Judge the running instances at now and size the events: an
	// activation, one per segment, an end, one per reached threshold (a
	// pause right after a reopen adds one more, which append absorbs).
	// The exact count is taken only when a bound on it does not fit the
	// events' storage.
	n, m, bound, k := 0, len(e.log), len(e.log), 0
	for _, in := range e.insts {
		if in.target < 0 {
			continue
		}
		if !in.final && in.running() {
			in.reach(now, true)
			if in.next < len(in.thr) {
				if at := in.nextInstant(); !at.IsZero() && (r.NextWakeUp.IsZero() || at.Before(r.NextWakeUp)) {
					r.NextWakeUp = at
				}
			}
		}
		n++
		bound += 2 + len(in.thr) + 2*len(in.segs) // ≥ eventCount(in)
		k += len(in.sights)
	}
	if cap(e.evs) >= bound {
		m = bound
	} else {
		for _, in := range e.insts {
			if in.target >= 0 {
				m += eventCount(in)
			}
		}
		if e.pcache != nil && cap(e.evs) < m {
			m = bound // an Evaluator keeps room for the bound, which spares the count next time
		}
	}
	r.Instances, r.Events = reuse(e.out, n), append(reuse(e.evs, m), e.log...)
	r.reached = reuse(e.rch, k)
	// Instances by metric (in order of first appearance) and number; they
	// were made in order of start, which is the order of their numbers.
	for m := range e.metrics {
		for _, in := range e.insts {
			if in.metric != m || in.target < 0 {
				continue
			}
			r.Instances = r.Instances[:len(r.Instances)+1] // room for n; instance sets every field
			x := &r.Instances[len(r.Instances)-1]
			e.instance(x, in, now)
			r.Events = appendEvents(r.Events, in, x)
			for _, s := range in.sights {
				p := &e.ps[s.policy]
				undone := s.policy != in.policy ||
					!slices.ContainsFunc(in.thr, func(th threshold) bool { return th.level == s.level && th.reached })
				r.reached = append(r.reached, reach{instance: len(r.Instances) - 1, policy: p, level: &p.Levels[s.level],
					at: s.at, seen: s.seen, seenSeq: s.seenSeq, undone: undone})
			}
		}
	}
	r.Events, e.keys = sortEvents(r.Events, e.keys)
	e.out, e.evs, e.rch = r.Instances, r.Events, r.reached
	return r
}

// sortEvents orders events by instant, keeping the order of events at the
// same instant, and returns them with keys, the buffer it sorted in (for
// the next call; nil uses the stack, or new memory for many events).
//
// The events come as a few sorted runs (the policy log, then each metric's
// instances' events in the order they happened): one pass finds them, and
// up to maxMerge runs spanning less than 2^33 seconds (272 years) are
// merged in one more pass on one integer per event, taking the earliest
// head each time; others take a natural merge sort. It sorts compact keys
// (the instant as seconds and nanoseconds, and the position) rather than
// events, and moves each event once at the end.
func sortEvents(evs []Event, keys []evKey) ([]Event, []evKey) {
	n := len(evs)
	if n < 2 {
		return evs, keys
	}
	var a, b []evKey
	switch {
	case cap(keys) >= 2*n:
		a, b = keys[:n], keys[n:2*n]
	case keys == nil && n <= 128:
		var bufA, bufB [128]evKey
		a, b = bufA[:n], bufB[:n]
	default:
		keys = make([]evKey, 2*n)
		a, b = keys[:n], keys[n:]
	}
	// One integer per key, the seconds from the first instant (offset by
	// 2^32) then the nanoseconds, while the instants lie within 2^32
	// seconds (136 years) of the first. The runs begin at head[:runs]
	// (while there are at most maxMerge).
	var head, end [maxMerge]int
	runs, wide := 1, false
	first := evs[0].At.Unix()
	lo, hi := first-1<<32, first+1<<32
	if lo > first { // overflowed
		lo = math.MinInt64
	}
	if hi < first {
		hi = math.MaxInt64
	}
	for i := range a {
		s := evs[i].At.Unix()
		wide = wide || s < lo || s >= hi
		a[i] = evKey{sec: (s-lo)<<30 | int64(evs[i].At.Nanosecond()), i: int32(i)}
		if i > 0 && a[i].sec < a[i-1].sec {
			if runs < maxMerge {
				head[runs] = i
			}
			runs++
		}
	}
	switch {
	case !wide && runs == 1:
		return evs, keys
	case !wide && runs <= maxMerge:
		for r := range runs - 1 {
			end[r] = head[r+1]
		}
		end[runs-1] = n
		var heads [maxMerge]int64 // the key at the head of each run; MaxInt64 once it is done
		cur := heads[:runs]
		for r := range cur {
			cur[r] = a[head[r]].sec
		}
		for k := range b {
			// The earliest head; the first run among equal ones, whose
			// events came first.
			m := 0
			for r := 1; r < len(cur); r++ {
				if cur[r] < cur[m] {
					m = r
				}
			}
			h := head[m]
			b[k].i = int32(h)
			head[m] = h + 1
			if h+1 < end[m] {
				cur[m] = a[h+1].sec
			} else {
				cur[m] = math.MaxInt64
			}
		}
		a = b
	case !wide:
		a = mergeRuns(a, b) // the keys compare as seconds
	default:
		for i := range a {
			a[i] = evKey{sec: evs[i].At.Unix(), nsec: int32(evs[i].At.Nanosecond()), i: int32(i)}
		}
		a = mergeRuns(a, b)
	}
	// Apply the permutation in place, one cycle at a time: position i takes
	// the event at a[i].i.
	for i := range a {
		if a[i].i < 0 || int(a[i].i) == i {
			continue
		}
		tmp := evs[i]
		j := i
		for {
			src := int(a[j].i)
			a[j].i = -1
			if src == i {
				evs[j] = tmp
				break
			}
			evs[j] = evs[src]
			j = src
		}
	}
	return evs, keys
}

// maxMerge is the most runs sortEvents merges in one pass.
const maxMerge = 16

// mergeRuns sorts keys a by merging its sorted runs in passes, with b as
// the other buffer, and returns the one that holds the result.
func mergeRuns(a, b []evKey) []evKey {
	n := len(a)
	for {
		runs := 0
		for i := 0; i < n; runs++ {
			j := keyRunEnd(a, i)
			k := j
			if j < n {
				k = keyRunEnd(a, j)
			}
			mergeKeys(b[i:k], a[i:j], a[j:k])
			i = k
		}
		a, b = b, a
		if runs == 1 {
			return a
		}
	}
}

// evKey is an event's instant and position, for sortEvents.
type evKey struct {
	sec  int64
	nsec int32
	i    int32
}

func (k evKey) before(o evKey) bool { return k.sec < o.sec || k.sec == o.sec && k.nsec < o.nsec }

// keyRunEnd returns the end of the sorted run of keys that starts at i.
func keyRunEnd(a []evKey, i int) int {
	j := i + 1
	for j < len(a) && !a[j].before(a[j-1]) {
		j++
	}
	return min(j, len(a))
}

// mergeKeys merges the sorted runs x and y into out, taking from x first
// at equal instants.
func mergeKeys(out, x, y []evKey) {
	k := 0
	for len(x) > 0 && len(y) > 0 {
		if y[0].before(x[0]) {
			out[k], y = y[0], y[1:]
		} else {
			out[k], x = x[0], x[1:]
		}
		k++
	}
	k += copy(out[k:], x)
	copy(out[k:], y)
}

// instance renders one instance at now into x, whatever x held before. It
// writes every field of x by name, which costs less than a composite
// literal (TestRenderedFields fails when a field is added: set it here).
func (e *engine) instance(x *Instance, in *inst, now time.Time) {
	p := &e.ps[in.policy]
	x.Policy, x.Version, x.Metric, x.Number = p.Name, p.Version, e.metrics[in.metric].m, in.number
	x.Target, x.State, x.Breached = p.Targets[in.target], "", false
	x.Start, x.Due, x.OutOfRange, x.OriginalDue = in.start, time.Time{}, false, in.originalDue
	x.End, x.BreachedAt, x.Reason = time.Time{}, time.Time{}, in.reason
	x.Elapsed, x.Remaining, x.Percent = in.e0, 0, decimal.Decimal{}
	x.Timeline, x.Levels = nil, nil
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
		el := in.tp.hours.Elapsed(cur.From, now)
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
		x.Levels = x.Levels[:len(x.Levels)+1] // in place: it has room for every level
		ls := &x.Levels[len(x.Levels)-1]
		ls.Level, ls.Threshold, ls.Reached, ls.At = p.Levels[th.level], th.d, th.reached, th.at // every field
		if !th.reached && x.State == StateActive {
			ls.At = in.planned(i, in.segs[len(in.segs)-1].From)
		}
	}
	// A due instant beyond the hours' range is not known: say so.
	x.OutOfRange = !x.Breached && x.Due.IsZero() && (x.State == StateActive || in.hasDue && in.tp.bounded)
	x.Remaining = in.dur - x.Elapsed
	x.Percent = e.percent(x.Elapsed, in.dur)
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

// maxCached bounds the percentages of 1,310.72 % and more an Evaluator
// keeps between results; those below are all kept (see percent).
const maxCached = 1 << 12

// maxDense bounds the percentages, in hundredths, an Evaluator keeps in a
// table indexed by value: 0 to 1,310.71 %.
const maxDense = 1 << 17

// percent returns el as a percentage of d (d > 0, el ≥ 0), rounded to 2
// places, half away from zero. Instances with the same percentage share its
// Decimal (a Decimal is immutable), so that each distinct value is built
// once per result, and, in an Evaluator, once for all its results: a table
// holds every value up to maxDense as it is first built, so that a
// scheduler re-evaluating its tickets at an advancing now stops allocating
// once it has seen each percentage its tickets pass through; beyond, up to
// maxCached values are kept.
func (e *engine) percent(el, d time.Duration) decimal.Decimal {
	q, ok := hundredths(el, d)
	if !ok { // beyond 63 bits of hundredths: take the slow road
		return decimal.NewFromInt(int64(el)).Mul(hundred).DivRound(decimal.NewFromInt(int64(d)), 2)
	}
	if e.pcache != nil && q < maxDense {
		if int(q) >= len(e.dense) {
			n := min(max(int(q)+1, 2*len(e.dense), 1<<10), maxDense)
			e.dense = append(e.dense, make([]decimal.Decimal, n-len(e.dense))...)
		}
		if e.dense[q] == (decimal.Decimal{}) {
			e.dense[q] = decimal.New(int64(q), -2)
		}
		return e.dense[q]
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

// eventCount returns the number of events appendEvents adds for in.
func eventCount(in *inst) int {
	n := 1 + in.next // the activation, the reached thresholds
	if in.final {
		n++
	}
	prev := StateActive
	for i, s := range in.segs { // as appendEvents
		switch {
		case s.State == StateFulfilled:
			n++
		case prev == StateFulfilled:
			n++
			if s.State == StatePaused {
				n++
			}
		case s.State == StatePaused, i > 0:
			n++
		}
		prev = s.State
	}
	return n
}

// appendEvents adds the SLA events of one instance in order of instant:
// its activation, pauses, resumes and end in the order they happened, and
// its reached thresholds among them, after the others at the same instant
// (as a stable sort of the two lists would place them).
func appendEvents(evs []Event, in *inst, x *Instance) []Event {
	base := Event{Policy: x.Policy, Version: x.Version, Metric: x.Metric.Name, Instance: x.Number}
	add := func(k EventKind, at time.Time, seq int) { // in place: one copy of base per event
		evs = append(evs, base)
		e := &evs[len(evs)-1]
		e.Kind, e.At, e.Seq = k, at, seq
	}
	// th is the next reached threshold to add (the reached ones, thr[:next],
	// come first, in order of instant); thresholds adds those before t.
	th := 0
	thresholds := func(t time.Time, all bool) {
		for ; th < in.next && (all || in.thr[th].at.Before(t)); th++ {
			if l := &in.thr[th]; l.level < 0 {
				add(EventBreach, l.at, 0)
			} else {
				add(EventLevel, l.at, 0)
				evs[len(evs)-1].Level = x.Levels[levelPos(in.thr, l.level)].Level.Name
			}
		}
	}
	add(EventActivate, x.Start, in.startSeq)
	prev := StateActive
	for i := range x.Timeline {
		s := &x.Timeline[i]
		if th < in.next {
			thresholds(s.From, false)
		}
		switch {
		case s.State == StateFulfilled:
			add(EventFulfill, s.From, s.Seq)
		case prev == StateFulfilled:
			add(EventActivate, s.From, s.Seq)
			if s.State == StatePaused {
				add(EventPause, s.From, s.Seq)
			}
		case s.State == StatePaused:
			add(EventPause, s.From, s.Seq)
		case i > 0:
			add(EventResume, s.From, s.Seq)
		}
		prev = s.State
	}
	if in.final {
		if th < in.next {
			thresholds(in.end, false)
		}
		k := EventFulfill
		if in.cancelled {
			k = EventCancel
		}
		add(k, in.end, in.endSeq)
	}
	if th < in.next {
		thresholds(time.Time{}, true)
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
