package sla

import (
	"slices"
	"time"
)

// threshold is one elapsed time an instance is judged against: the breach
// (level −1) or one of its policy's levels.
type threshold struct {
	d       time.Duration
	level   int
	at      time.Time // when reached
	reached bool
}

// sighting is the first observation of one level of an instance reached:
// under policy, level (an index in its Levels) was reached at at, and an
// evaluation first shows it at seen, once the ticket events up to seenSeq
// are read. seen is at, unless a change of target at seen reached it
// retroactively.
type sighting struct {
	policy  int
	level   int
	at      time.Time
	seen    time.Time
	seenSeq int
}

// inst is the engine's working state of one instance.
type inst struct {
	metric   int
	gen      int // the engine's gen when the instance was last retargeted
	policy   int // index in the policies; −1 with target
	target   int // index in the policy's targets; −1: no target (not reported)
	number   int
	next     int // see thr
	breach   int // index of the breach in thr
	segLo    int // see segs
	start    time.Time
	startSeq int
	tp       *targetTpl // the target's template; nil without a target
	dur      time.Duration
	e0       time.Duration
	end      time.Time
	endSeq   int
	reason   string
	// segs is the timeline; the last segment has a zero To while the
	// instance is not final. It begins at segLo in its metric's region of
	// the engine's segment storage, unless spilled: it outgrew the region.
	segs        []Segment
	originalDue time.Time
	// thr holds the thresholds in ascending order (levels before the breach
	// at equal ones); those before next are reached, and while the current
	// segment runs, nextAt is the instant thr[next] will be reached.
	thr     []threshold
	nextAt  time.Time
	nextSec int64 // nextAt.Unix(), while lazy

	provisional bool // fulfilled at a solve, continued by a reopen
	final       bool
	cancelled   bool
	hasDue      bool // it stopped running at end, from which Due is counted
	spilled     bool
	// lazy says nextAt is only a lower bound, not yet planned: the instant
	// from which thr[next] could be reached at the earliest.
	lazy bool
	// setAt and setSeq are the instant and ticket event of the last change
	// of target; a threshold it reaches is first seen then.
	setAt  time.Time
	setSeq int
	// sights lists the levels first seen reached, in that order, one per
	// policy and level, kept when a later change of target undoes them.
	sights []sighting
	// straight says the instance has run without a pause (or a wait while
	// solved) since its start, under the target its originalDue was counted
	// for: its due instant is then originalDue (see plan).
	straight bool
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

// reopenedAt reports whether a reopen at t ended the instance's wait after
// a solve and it has not run since: the last segment is that wait, closed
// at t (the segment the reopen resumes with comes when the instant ends).
func (in *inst) reopenedAt(t time.Time) bool {
	n := len(in.segs)
	return n > 0 && in.segs[n-1].State == StateFulfilled && in.segs[n-1].To.Equal(t)
}

// push appends a segment to the instance's timeline.
func (in *inst) push(s Segment) {
	if len(in.segs) == cap(in.segs) {
		in.spilled = true
	}
	if s.State != StateActive {
		in.straight = false
	}
	in.segs = append(in.segs, s)
}

// stop ends the instance at t: fulfilled (provisionally when the metric
// continues on reopen) or, with a reason, cancelled.
func (in *inst) stop(t time.Time, seq int, provisional bool, reason string) {
	if provisional && in.reopenedAt(t) {
		// Solved again at the instant a reopen ended its wait: as if the
		// reopen had not happened, it goes on waiting from its first solve.
		in.segs[len(in.segs)-1].To = time.Time{}
		in.provisional = true
		return
	}
	in.hasDue = false
	if s := in.current(); s != nil {
		running := s.State == StateActive
		in.close(t)
		// Due is counted when the result needs it: a solve of a metric a
		// reopen continues may be followed by many more.
		in.hasDue = running && in.target >= 0
	}
	in.end, in.endSeq = t, seq
	if provisional {
		in.provisional = true
		in.push(Segment{State: StateFulfilled, From: t, Seq: seq})
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
		if !in.notDue(t.Unix()) {
			in.reach(t, false) // thresholds planned (perhaps just now, by a new target) before the end
		}
		s.Elapsed = in.elapsedSince(s.From, t)
		in.e0 += s.Elapsed
	}
}

func (in *inst) elapsedSince(from, to time.Time) time.Duration {
	if in.tp == nil {
		return to.Sub(from)
	}
	return in.tp.hours.Elapsed(from, to)
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
	return in.plan(in.dur, t, in.e0)
}

// lastDue is the Due of a stopped instance: the one it had just before it
// stopped, zero if it was not running. Nothing it reads changes once the
// instance stops, until a reopen continues it.
func (in *inst) lastDue() time.Time {
	if !in.hasDue {
		return time.Time{}
	}
	return in.dueAfter(in.end)
}

// setTarget gives the instance target k of policy p at t, by the ticket
// event seq, and re-judges its thresholds from its start. first numbers the
// instance and fixes its original due instant.
func (in *inst) setTarget(e *engine, p, k int, first bool, t time.Time, seq int) {
	tg := &e.ps[p].Targets[k]
	if p != in.policy {
		// Room for this policy's levels, so that reach never allocates.
		if n := len(in.sights) + len(e.ps[p].Levels); cap(in.sights) < n {
			if cap(e.sights)-len(e.sights) < n {
				e.sights = make([]sighting, 0, max(n*len(e.metrics), 2*cap(e.sights)))
			}
			lo := len(e.sights)
			e.sights = e.sights[:lo+n]
			in.sights = append(e.sights[lo:lo:lo+n], in.sights...)
		}
	}
	// A level reached retroactively by an earlier event at t is not seen
	// unless it is still reached once all events at t are read: an
	// evaluation shows no state between the events of one instant.
	if n := len(in.sights); n > 0 && in.sights[n-1].seen.Equal(t) {
		in.sights = slices.DeleteFunc(in.sights, func(s sighting) bool { return s.seen.Equal(t) })
	}
	in.policy, in.target = p, k
	in.setAt, in.setSeq = t, seq
	tp := &e.tpls[e.tplOff[p]+k]
	in.tp, in.breach = tp, tp.breach
	in.dur = tg.Duration
	in.straight = false
	if first {
		e.numbers[in.metric]++
		in.number = e.numbers[in.metric]
		in.originalDue = tp.add(in.start, in.dur)
		in.straight = !slices.ContainsFunc(in.segs, func(s Segment) bool { return s.State != StateActive })
	}
	if n := len(tp.thr); cap(in.thr) < n {
		if cap(e.thrs)-len(e.thrs) < n {
			e.thrs = make([]threshold, 0, n*max(len(e.metrics), len(e.insts)))
		}
		in.thr = e.thrs[len(e.thrs) : len(e.thrs) : len(e.thrs)+n]
		e.thrs = e.thrs[:len(e.thrs)+n]
	}
	in.thr = append(in.thr[:0], tp.thr...)
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
		s.Elapsed = tp.hours.Elapsed(s.From, s.To)
		for in.next < len(in.thr) && el+s.Elapsed >= in.thr[in.next].d {
			at := in.plan(in.thr[in.next].d, s.From, el)
			if at.IsZero() || !at.Before(s.To) {
				break
			}
			in.mark(in.next, at)
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
// before it, reaches elapsed d, or the zero time when that lies beyond the
// end of the hours' range.
//
// For the breach of a straight instance that is the original due instant
// (in from's location), which saves counting it again: by the due
// invariant, a running instance never paused is due at Add(Start, Target).
// Near the end of a calendar's range, where Add stops, it counts.
func (in *inst) plan(d time.Duration, from time.Time, el time.Duration) time.Time {
	if d <= el {
		return from
	}
	if in.straight && d == in.dur && !in.originalDue.IsZero() {
		return in.originalDue.In(from.Location())
	}
	return in.tp.add(from, d-el)
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
	if d := in.thr[in.next].d; in.tp.bounded && d > in.e0 {
		in.nextAt = from.Add(d - in.e0)
		in.nextSec = in.nextAt.Unix()
		if tp := in.tp; in.nextSec > tp.rangeSec || in.nextSec == tp.rangeSec && in.nextAt.Nanosecond() > tp.rangeNsec {
			in.nextAt, in.nextSec = tp.rangeEnd, tp.rangeSec // the range ends before
		}
		in.lazy = true
		return
	}
	in.nextAt = in.plan(in.thr[in.next].d, from, in.e0)
}

// nextInstant returns the instant the running segment reaches thr[next],
// planning it if only its lower bound is known; the zero time when it lies
// beyond the end of the hours' range.
func (in *inst) nextInstant() time.Time {
	if in.lazy {
		in.nextAt = in.plan(in.thr[in.next].d, in.segs[len(in.segs)-1].From, in.e0)
		in.lazy = false
	}
	return in.nextAt
}

// notDue reports that reach has nothing to mark at any instant of Unix
// second ts: the next threshold's lower bound is in a later second. It is
// reach's first test, inlined.
func (in *inst) notDue(ts int64) bool { return in.lazy && in.nextSec > ts }

// reach marks the thresholds of the running segment reached before t (or at
// t, when inclusive).
func (in *inst) reach(t time.Time, inclusive bool) {
	for in.next < len(in.thr) {
		if in.lazy {
			// The bound, and so the instant, is not before t: most calls
			// tell by the second.
			if ts := t.Unix(); in.nextSec > ts {
				return
			} else if in.nextSec == ts && (in.nextAt.After(t) || !inclusive && in.nextAt.Equal(t)) {
				return
			}
		}
		if at := in.nextInstant(); at.IsZero() || !(at.Before(t) || inclusive && at.Equal(t)) {
			return
		}
		in.mark(in.next, in.nextAt)
		in.next++
		in.planNext(in.segs[len(in.segs)-1].From)
	}
}

// mark marks threshold i reached at at and, for a level seen for the first
// time under the instance's policy, notes when it was first seen: at, or
// the last change of target if that came later (a retroactive reach), after
// the last ticket event the running segment depends on.
func (in *inst) mark(i int, at time.Time) {
	th := &in.thr[i]
	th.at, th.reached = at, true
	if th.level < 0 {
		return
	}
	for j := range in.sights {
		if in.sights[j].policy == in.policy && in.sights[j].level == th.level {
			return
		}
	}
	seen, seq := at, in.setSeq
	if in.setAt.After(at) {
		seen = in.setAt
	}
	if n := len(in.segs); n > 0 && in.segs[n-1].Seq > seq {
		seq = in.segs[n-1].Seq
	}
	in.sights = append(in.sights, sighting{policy: in.policy, level: th.level, at: at, seen: seen, seenSeq: seq})
}
