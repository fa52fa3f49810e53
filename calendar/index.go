package calendar

// index finds, in a sorted list of seconds, how many are at or before a
// given second with one table read and a short scan instead of a binary
// search. The list's span is cut into buckets of 1<<shift seconds;
// first[b] is the number of keys before bucket b. The bucket size is the
// smallest power of two that keeps the table within a few entries per key,
// so that a bucket holds about one key wherever keys are spread evenly
// (holidays, zone transitions) and few where they cluster.
type index struct {
	shift uint
	// lo is the first key and span the distance to the last one: count
	// reads the table for x - lo below span (keys[0] <= x < keys[n-1]),
	// where the bucket exists and the scan stops before n. span is 0
	// without a table.
	lo    int64
	span  uint64
	first []int32
}

// maxIndexShift bounds the bucket size: 2^40 seconds is about 35,000
// years, beyond any calendar's range.
const maxIndexShift = 40

// newIndex builds the index of keys, sorted in ascending order (repeats
// allowed).
func newIndex(keys []int64) index {
	if len(keys) < 2 || len(keys) > 1<<30 {
		return index{}
	}
	lo, hi := keys[0], keys[len(keys)-1]
	if hi-lo < 0 { // the span overflows: binary search
		return index{}
	}
	ix := index{lo: lo, span: uint64(hi - lo)}
	for ix.shift < maxIndexShift && (hi-lo)>>ix.shift >= int64(4*len(keys)) {
		ix.shift++
	}
	if (hi-lo)>>ix.shift >= int64(4*len(keys)) {
		return index{} // a span too wide to index: binary search
	}
	ix.first = make([]int32, (hi-lo)>>ix.shift+1)
	k := 0
	for b := range ix.first {
		start := lo + int64(b)<<ix.shift
		for k < len(keys) && keys[k] < start {
			k++
		}
		ix.first[b] = int32(k)
	}
	return ix
}

// count returns the number of keys at or before x; ix is keys' index. It is
// small enough to be inlined where the table answers.
func (ix *index) count(keys []int64, x int64) int {
	if d := uint64(x - ix.lo); d < ix.span { // a difference that overflows is beyond span
		k := int(ix.first[d>>(ix.shift&63)]) // shift < 64: no test for wider shifts
		for keys[k] <= x {
			k++
		}
		return k
	}
	return ix.countEnds(keys, x)
}

// countEnds is count where the table does not answer: before the second
// key, from the last key on, or without a table.
func (ix *index) countEnds(keys []int64, x int64) int {
	n := len(keys)
	switch {
	case n == 0 || x < keys[0]:
		return 0
	case x >= keys[n-1]:
		return n
	}
	// keys[0] <= x < keys[n-1] and no table: binary search.
	{
		lo, hi := 0, n
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if keys[m] <= x {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
}

// countBelow returns the number of keys before x.
func (ix *index) countBelow(keys []int64, x int64) int {
	if len(keys) == 0 || x <= keys[0] {
		return 0
	}
	return ix.count(keys, x-1)
}
