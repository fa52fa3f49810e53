package calendar

import "slices"

// runs is a sorted list of disjoint stretches of seconds [start[i],
// end[i]) with a running sum: cum[i] is the open time before start[i],
// counted from the list's origin. A combined calendar is one list on the
// real time line (origin 0); a schedule keeps the intervals of all its
// exception regions in one list on the wall time line, each region a
// range [lo, hi) of it whose sums continue the schedule's F.
type runs struct {
	start, end, cum []int64
	total           int64 // open time before the end of the last stretch
}

// newRuns compiles stretches that are sorted, disjoint and not touching,
// starting the sum at 0.
func newRuns(open []span) *runs {
	r := &runs{}
	r.grow(len(open))
	for _, p := range open {
		r.add(p, r.total)
	}
	return r
}

// grow makes room for n more stretches.
func (r *runs) grow(n int) {
	r.start = slices.Grow(r.start, n)
	r.end = slices.Grow(r.end, n)
	r.cum = slices.Grow(r.cum, n)
}

// add appends stretch p with cum as the open time before it.
func (r *runs) add(p span, cum int64) {
	r.start = append(r.start, p.from)
	r.end = append(r.end, p.to)
	r.cum = append(r.cum, cum)
	r.total = cum + p.to - p.from
}

// last returns the index of the last stretch in [lo, hi) that starts at
// or before x, or lo-1 when there is none.
func (r *runs) last(lo, hi int, x int64) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.start[m] <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// reaching returns the index of the first stretch in [lo, hi) at whose
// end the sum reaches a, or hi when there is none.
func (r *runs) reaching(lo, hi int, a int64) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.cum[m]+r.end[m]-r.start[m] >= a {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// at returns the sum before second x, for x at or after the start of
// stretch i and before the next one, and whether x is inside stretch i.
func (r *runs) at(i int, x int64) (int64, bool) {
	if x < r.end[i] {
		return r.cum[i] + x - r.start[i], true
	}
	return r.cum[i] + r.end[i] - r.start[i], false
}

// g returns the open time before Unix second x and whether x is open.
func (r *runs) g(x int64) (int64, bool) {
	i := r.last(0, len(r.start), x)
	if i < 0 {
		return 0, false
	}
	return r.at(i, x)
}

// inv returns the first Unix second x with g(x) >= a, negInf when a <= 0
// and posInf when a exceeds the total.
func (r *runs) inv(a int64) int64 {
	switch {
	case a <= 0:
		return negInf
	case a > r.total:
		return posInf
	}
	i := r.reaching(0, len(r.start), a)
	return r.start[i] + a - r.cum[i]
}

// closeAfter returns the end of the stretch holding open second x.
func (r *runs) closeAfter(x int64) int64 {
	return r.end[r.last(0, len(r.start), x)]
}
