package followup

import (
	"math"
	"time"
)

// clock is the time a stretch is counted in: the wall clock or business
// hours. Both measure "elapsed" from a phase start and map an elapsed
// amount back to an instant.
type clock interface {
	Elapsed(from, to time.Time) time.Duration
	Add(t time.Time, d time.Duration) time.Time
}

type wallClock struct{}

func (wallClock) Elapsed(from, to time.Time) time.Duration {
	if !wallAfter(to, from) {
		return 0
	}
	return wallSub(to, from)
}

func (wallClock) Add(t time.Time, d time.Duration) time.Time { return t.Add(d) }

const never = time.Duration(math.MaxInt64)

// addSat returns a + b for non-negative a, b, saturating at never.
func addSat(a, b time.Duration) time.Duration {
	if a > never-b {
		return never
	}
	return a + b
}

// mulSat returns n × d for non-negative n, d, saturating at never.
func mulSat(n int64, d time.Duration) time.Duration {
	if n != 0 && int64(d) > int64(never)/n {
		return never
	}
	return time.Duration(n) * d
}

// run is a stretch of a cadence's promises with one interval: the points
// base + j×every for j = 1..n (n may be unlimited: math.MaxInt64), counted
// in the cadence's clock from the phase start; first is the occurrence
// number of j = 1, and stage the stage index.
type run struct {
	base  time.Duration
	every time.Duration
	n     int64
	first int64
	stage int
}

func (r run) point(j int64) time.Duration { return addSat(r.base, mulSat(j, r.every)) }

// last returns the run's last point (never for an unlimited run).
func (r run) last() time.Duration {
	if r.n == math.MaxInt64 {
		return never
	}
	return r.point(r.n)
}

// stageAt returns the index of the stage elapsed e falls in, or -1 when
// the cadence has ended by then.
func (c *Cadence) stageAt(e time.Duration) int {
	var end time.Duration
	for i, s := range c.Stages {
		if s.For == 0 {
			return i
		}
		end = addSat(end, s.For)
		if e < end {
			return i
		}
	}
	return -1
}

// stageEnd returns the elapsed time at which stage i ends (never for an
// unlimited stage).
func (c *Cadence) stageEnd(i int) time.Duration {
	var end time.Duration
	for _, s := range c.Stages[:i+1] {
		if s.For == 0 {
			return never
		}
		end = addSat(end, s.For)
	}
	return end
}

// runs calls yield with the cadence's runs from base, in order, until
// yield returns false or the cadence ends. Every point's interval is that
// of the stage the previous point (or base) falls in.
func (c *Cadence) runs(base time.Duration, yield func(run) bool) {
	x, first := base, int64(1)
	for x < never {
		i := c.stageAt(x)
		if i < 0 {
			return
		}
		every := c.Stages[i].Every
		n := int64(math.MaxInt64)
		if end := c.stageEnd(i); end < never {
			// points x + j×every while the previous one lies before end
			n = int64((end-x)+every-1) / int64(every)
		}
		r := run{base: x, every: every, n: n, first: first, stage: i}
		if !yield(r) {
			return
		}
		if n == math.MaxInt64 {
			return
		}
		x = r.last()
		first += n
	}
}

// occurrence is one promised point of a cadence.
type occurrence struct {
	e     time.Duration // elapsed from the phase start
	k     int64         // occurrence number from the base, 1-based
	stage int
}

// after returns the first point from base that lies after e, or false when
// the cadence has ended before.
func (c *Cadence) after(base, e time.Duration) (occurrence, bool) {
	var out occurrence
	found := false
	c.runs(base, func(r run) bool {
		if r.last() <= e {
			return true
		}
		j := int64(1)
		if e >= r.base {
			j = int64(e-r.base)/int64(r.every) + 1
		}
		out, found = occurrence{e: r.point(j), k: r.first + j - 1, stage: r.stage}, true
		return false
	})
	return out, found && out.e < never
}

// keep returns the threshold of kept promises on a fixed grid after an
// update at elapsed e, given the threshold kept before it. The update
// keeps the oldest promise not yet kept, P, the first point after kept:
// posted within P's interval (after kept, at or before P) it keeps P and
// the next promise is the one after P; posted after P (late) it keeps P
// and every point up to itself, and the next promise is the first point
// after it. An update at or before kept (a second one in the interval of
// a promise already kept) keeps nothing more. When the cadence has ended,
// the threshold only follows the updates.
func (c *Cadence) keep(kept, e time.Duration) time.Duration {
	if e <= kept {
		return kept
	}
	if o, ok := c.after(0, kept); ok && o.e > e {
		return o.e
	}
	return e
}

// span is the points j = jf..jl of a run.
type span struct {
	r      run
	jf, jl int64
}

// points is the points of a cadence within some window, oldest first.
type points []span

// count returns how many points there are.
func (ps points) count() int64 {
	var n int64
	for _, s := range ps {
		n += s.jl - s.jf + 1
	}
	return n
}

// at returns the point with index i (0 is the oldest).
func (ps points) at(i int64) occurrence {
	for _, s := range ps {
		if n := s.jl - s.jf + 1; i >= n {
			i -= n
			continue
		}
		j := s.jf + i
		return occurrence{e: s.r.point(j), k: s.r.first + j - 1, stage: s.r.stage}
	}
	return occurrence{}
}

// between returns the points from base that lie in (lo, hi], appended to
// buf.
func (c *Cadence) between(buf points, base, lo, hi time.Duration) points {
	if hi <= lo {
		return buf
	}
	c.runs(base, func(r run) bool {
		if r.base >= hi {
			return false
		}
		jf := int64(1)
		if lo >= r.base {
			jf = int64(lo-r.base)/int64(r.every) + 1
		}
		jl := int64(hi-r.base) / int64(r.every)
		if jl > r.n {
			jl = r.n
		}
		if jf <= jl {
			buf = append(buf, span{r, jf, jl})
		}
		return r.last() < hi
	})
	return buf
}
