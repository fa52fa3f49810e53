package calendar

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// The compiled form of a calendar works on whole seconds: every opening
// boundary and every zone offset is a whole number of seconds, so an
// instant's second is either wholly open or wholly closed.
//
// Two time lines are used. The wall time line counts local wall-clock
// seconds W (seconds since 1970-01-01 00:00 on the wall clock; every date
// is exactly 86 400 of them). The real time line counts Unix seconds x.
// In zone segment k (between offset transitions k and k+1) W = x + off[k].
//
// A schedule knows which wall seconds are open and F(W), the number of
// open wall seconds before W (relative to an arbitrary origin):
//
//	F(W) = weekly(W) + adj(W)
//
// where weekly is periodic with a prefix table over one week and adj is
// constant between regions of exception dates (holidays and special
// days); inside a region F is read from the running sum of the region's
// own intervals, found by bisection.
// The open time before instant x is then G(x) = F(x + off[k]) + corr[k],
// where corr[k] removes wall time skipped by a spring-forward jump and
// adds wall time repeated by an autumn fall-back, so that G is continuous.
// Every query is a few binary searches, with no allocation.

const (
	secondsPerDay  = 86400
	secondsPerWeek = 7 * secondsPerDay
	// mondayEpoch is the wall second of Monday 1970-01-05 00:00.
	mondayEpoch = 4 * secondsPerDay

	// wShift sets the size of the buckets of schedule.wFirst: 2^12
	// seconds, about an hour, so that a bucket rarely holds more than one
	// start of an interval.
	wShift = 12

	posInf = math.MaxInt64
	negInf = math.MinInt64 / 4
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// zoneTable lists the offset transitions of a location over the covered
// range: from tau[k] (a Unix second) the offset is off[k] seconds. tau[0]
// is math.MinInt64.
type zoneTable struct {
	tau []int64
	off []int64
	idx index // of tau[1:]
}

// seg returns the segment holding Unix second x.
func (z *zoneTable) seg(x int64) int {
	return z.idx.count(z.tau[1:], x) // tau[0] <= x: segment k follows k transitions
}

// buildZone reads the transitions of loc between Unix seconds from and to.
func buildZone(loc *time.Location, from, to int64) zoneTable {
	_, o := time.Unix(from, 0).In(loc).Zone()
	z := zoneTable{tau: []int64{math.MinInt64}, off: []int64{int64(o)}}
	x := from
	for {
		_, end := time.Unix(x, 0).In(loc).ZoneBounds()
		if end.IsZero() {
			break
		}
		e := end.Unix()
		if e <= x || e > to {
			break
		}
		_, o := end.In(loc).Zone()
		if int64(o) != z.off[len(z.off)-1] {
			z.tau = append(z.tau, e)
			z.off = append(z.off, int64(o))
		}
		x = e
	}
	z.idx = newIndex(z.tau[1:])
	return z
}

// firstAtWall returns the first Unix second whose wall second is at least w.
func (z *zoneTable) firstAtWall(w int64) int64 {
	// Segments before the one holding w - maxOffset show earlier walls.
	for k := z.seg(w - maxOffset); k < len(z.tau); k++ {
		if k+1 < len(z.tau) && z.tau[k+1]-1+z.off[k] < w {
			continue
		}
		return max(z.tau[k], w-z.off[k])
	}
	return w - z.off[len(z.off)-1] // not reached
}

// span is a half-open range of seconds.
type span struct{ from, to int64 }

// region is a stretch of wall time whose open seconds differ from the
// weekly pattern, starting at the schedule's rStart entry; its open
// intervals are ivs[lo:hi] of the schedule.
type region struct {
	end      int64 // wall second after the region
	f1       int64 // F(end)
	adjAfter int64 // F(W) - weekly(W) from end to the next region
	lo, hi   int32 // the region's intervals: ivs[lo:hi]
}

// schedule is the compiled set of open wall seconds and, with a zone
// table, the open time G on the real time line.
type schedule struct {
	wStart, wEnd, wCum []int64 // weekly intervals from Monday 00:00, sorted, disjoint
	wTotal             int64
	// wFirst[b] is the number of weekly intervals that start at or before
	// second b<<wShift of the week, so that weekly finds an instant's
	// interval with one table read and a short scan. wReach[b] is the
	// first interval by whose end the week has b<<wShift open seconds
	// (wCumEnd[i] is wCum[i] plus the length of interval i), for invWeekly.
	wFirst, wReach []int32
	wCumEnd        []int64

	rStart []int64 // wall second where each region starts
	rF0    []int64 // F at each region's start
	regs   []region
	ivs    runs // the regions' open intervals, with F at each one's start

	corr []int64 // per zone segment
	gtau []int64 // G at each transition; gtau[0] unused

	rIdx, fIdx, gIdx index // of rStart, rF0 and gtau[1:]
}

// newSchedule compiles weekly intervals (seconds from Monday 00:00,
// possibly reaching past the end of the week) and regions with their
// open wall intervals, open[bounds[i]:bounds[i+1]] (sorted, disjoint)
// for region i. With
// complement set it compiles the closed seconds instead.
func newSchedule(weekly []span, regions []span, open []span, bounds []int, complement bool) *schedule {
	s := &schedule{}
	wk := normalise(wrapWeek(weekly))
	if complement {
		wk = invert(nil, wk, 0, secondsPerWeek)
	}
	for _, p := range wk {
		s.wStart = append(s.wStart, p.from)
		s.wEnd = append(s.wEnd, p.to)
		s.wCum = append(s.wCum, s.wTotal)
		s.wTotal += p.to - p.from
	}
	s.wFirst = make([]int32, (secondsPerWeek-1)>>wShift+1)
	i := 0
	for b := range s.wFirst {
		for i < len(s.wStart) && s.wStart[i] <= int64(b)<<wShift {
			i++
		}
		s.wFirst[b] = int32(i)
	}
	for i := range s.wStart {
		s.wCumEnd = append(s.wCumEnd, s.wCum[i]+s.wEnd[i]-s.wStart[i])
	}
	s.wReach = make([]int32, s.wTotal>>wShift+1)
	i = 0
	for b := range s.wReach {
		for i < len(s.wCumEnd) && s.wCumEnd[i] < int64(b)<<wShift {
			i++
		}
		s.wReach[b] = int32(i)
	}
	adj := int64(0)
	s.ivs.grow(len(open) + len(regions)) // complements add at most one interval per region
	s.rStart = make([]int64, 0, len(regions))
	s.rF0 = make([]int64, 0, len(regions))
	s.regs = make([]region, 0, len(regions))
	var buf []span
	for i, r := range regions {
		in := open[bounds[i]:bounds[i+1]]
		if complement {
			buf = invert(buf[:0], in, r.from, r.to)
			in = buf
		}
		wf, _ := s.weekly(r.from)
		f0 := wf + adj
		lo := len(s.ivs.start)
		f1 := f0
		for _, p := range in {
			s.ivs.add(p, f1)
			f1 = s.ivs.total
		}
		we, _ := s.weekly(r.to)
		adj = f1 - we
		s.rStart = append(s.rStart, r.from)
		s.rF0 = append(s.rF0, f0)
		s.regs = append(s.regs, region{end: r.to, f1: f1, adjAfter: adj, lo: int32(lo), hi: int32(len(s.ivs.start))})
	}
	s.rIdx, s.fIdx = newIndex(s.rStart), newIndex(s.rF0)
	return s
}

// withZone computes the zone corrections of s.
func (s *schedule) withZone(z *zoneTable) {
	s.corr = make([]int64, len(z.tau))
	s.gtau = make([]int64, len(z.tau))
	s.gtau[0] = math.MinInt64
	for k := 1; k < len(z.tau); k++ {
		before, _ := s.f(z.tau[k] + z.off[k-1])
		after, _ := s.f(z.tau[k] + z.off[k])
		s.corr[k] = s.corr[k-1] + before - after
		s.gtau[k] = after + s.corr[k]
	}
	s.gIdx = newIndex(s.gtau[1:])
}

// wrapWeek folds intervals that reach past the end of the week onto its
// start.
func wrapWeek(ps []span) []span {
	var out []span
	for _, p := range ps {
		if p.to > secondsPerWeek {
			out = append(out, span{p.from, secondsPerWeek}, span{0, p.to - secondsPerWeek})
		} else {
			out = append(out, p)
		}
	}
	return out
}

// normalise sorts spans and merges those that overlap or touch, in place.
func normalise(ps []span) []span {
	slices.SortFunc(ps, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	out := ps[:0]
	for _, p := range ps {
		if p.to <= p.from {
			continue
		}
		if n := len(out); n > 0 && p.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, p.to)
			continue
		}
		out = append(out, p)
	}
	return out
}

// invert appends to out the complement of sorted disjoint spans within
// [from, to).
func invert(out, ps []span, from, to int64) []span {
	cur := from
	for _, p := range ps {
		if p.from > cur {
			out = append(out, span{cur, p.from})
		}
		cur = max(cur, p.to)
	}
	if cur < to {
		out = append(out, span{cur, to})
	}
	return out
}

// weekly returns the open wall seconds of the weekly pattern before w and
// whether second w is open in it.
func (s *schedule) weekly(w int64) (int64, bool) {
	d := w - mondayEpoch
	q := d / secondsPerWeek
	p := d - q*secondsPerWeek
	if p < 0 {
		q, p = q-1, p+secondsPerWeek
	}
	base := q * s.wTotal
	// i: the last interval starting at or before p
	i := int(s.wFirst[p>>wShift]) - 1
	for i+1 < len(s.wStart) && s.wStart[i+1] <= p {
		i++
	}
	if i < 0 {
		return base, false
	}
	if p < s.wEnd[i] {
		return base + s.wCum[i] + p - s.wStart[i], true
	}
	return base + s.wCum[i] + s.wEnd[i] - s.wStart[i], false
}

// invWeekly returns the first wall second w with weekly(w) >= v.
func (s *schedule) invWeekly(v int64) int64 {
	if s.wTotal == 0 {
		if v <= 0 {
			return negInf
		}
		return posInf
	}
	q := floorDiv(v+s.wTotal-1, s.wTotal) - 1 // ceil(v/T) - 1
	r := v - q*s.wTotal                       // in (0, T]
	lo := int(s.wReach[r>>wShift])            // the first interval whose end reaches r: from here on
	for s.wCumEnd[lo] < r {                   // it stops at the last interval, whose end is T
		lo++
	}
	return mondayEpoch + q*secondsPerWeek + s.wStart[lo] + r - s.wCum[lo]
}

// f returns F(w) and whether wall second w is open.
func (s *schedule) f(w int64) (int64, bool) {
	k := s.rIdx.count(s.rStart, w) - 1 // the last region starting at or before w
	if k < 0 {
		return s.weekly(w)
	}
	r := &s.regs[k]
	if w >= r.end {
		f, open := s.weekly(w)
		return f + r.adjAfter, open
	}
	j := s.ivs.last(int(r.lo), int(r.hi), w)
	if j < int(r.lo) {
		return s.rF0[k], false
	}
	return s.ivs.at(j, w)
}

// invF returns the first wall second w with F(w) >= v, or posInf.
func (s *schedule) invF(v int64) int64 {
	k := s.fIdx.countBelow(s.rF0, v) - 1 // the last region with F at its start < v
	if k < 0 {
		return s.invWeekly(v)
	}
	r := &s.regs[k]
	if r.f1 < v {
		return s.invWeekly(v - r.adjAfter)
	}
	j := s.ivs.reaching(int(r.lo), int(r.hi), v)
	if j == int(r.hi) {
		return r.end // not reached: F(end) = f1 >= v
	}
	return s.ivs.start[j] + v - s.ivs.cum[j]
}

// g returns G(x), the open time before Unix second x, and whether second
// x is open. It is z.seg, f and weekly in one function, with the index
// lookups written out: every Elapsed and Add of a calendar runs it, and
// calls cost as much as the arithmetic.
func (s *schedule) g(z *zoneTable, x int64) (int64, bool) {
	// k: the zone segment holding x (z.seg).
	var k int
	if d := uint64(x - z.idx.lo); d < z.idx.span {
		k = int(z.idx.first[d>>(z.idx.shift&63)]) // shift < 64: no test for wider shifts
		for tau := z.tau[1:]; tau[k] <= x; {
			k++
		}
	} else {
		k = z.idx.countEnds(z.tau[1:], x)
	}
	w := x + z.off[k]
	// r: the last region starting at or before w (f).
	var r int
	if d := uint64(w - s.rIdx.lo); d < s.rIdx.span {
		r = int(s.rIdx.first[d>>(s.rIdx.shift&63)])
		for s.rStart[r] <= w {
			r++
		}
	} else {
		r = s.rIdx.countEnds(s.rStart, w)
	}
	r--
	var adj int64
	if r >= 0 {
		reg := &s.regs[r]
		if w < reg.end { // inside the region: its own intervals
			f, open := s.f(w)
			return f + s.corr[k], open
		}
		adj = reg.adjAfter
	}
	// The weekly pattern (weekly).
	d := w - mondayEpoch
	q := d / secondsPerWeek
	p := d - q*secondsPerWeek
	if p < 0 {
		q, p = q-1, p+secondsPerWeek
	}
	f := q*s.wTotal + adj + s.corr[k]
	i := int(s.wFirst[p>>wShift]) - 1
	for i+1 < len(s.wStart) && s.wStart[i+1] <= p {
		i++
	}
	switch {
	case i < 0:
		return f, false
	case p < s.wEnd[i]:
		return f + s.wCum[i] + p - s.wStart[i], true
	}
	return f + s.wCum[i] + s.wEnd[i] - s.wStart[i], false
}

// inv returns the first Unix second x with G(x) >= a, or posInf.
func (s *schedule) inv(z *zoneTable, a int64) int64 {
	// The segment in which G reaches a: the transitions with G < a before
	// it (the first with G >= a starts the next).
	k := s.gIdx.countBelow(s.gtau[1:], a)
	w := s.invF(a - s.corr[k])
	switch w {
	case posInf:
		return posInf
	case negInf:
		return negInf
	}
	return w - z.off[k]
}
