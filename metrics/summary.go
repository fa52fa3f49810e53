package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// QuantileMethod names how a quantile is read from sorted values. The zero
// value means [NearestRank].
type QuantileMethod string

// The quantile methods, on sorted x₁ ≤ … ≤ xₙ.
const (
	// NearestRank is x_⌈p·n⌉ (x₁ for p = 0): PostgreSQL's percentile_disc;
	// the median of 1, 2, 3, 4 is 2. Always one of the values.
	NearestRank QuantileMethod = "nearest_rank"
	// Linear interpolates at h = (n − 1)·p: x_(⌊h⌋+1) + (h − ⌊h⌋)·(x_(⌊h⌋+2) − x_(⌊h⌋+1)),
	// Hyndman–Fan type 7, PostgreSQL's percentile_cont; the median of 1, 2,
	// 3, 4 is 2.5. The result is rounded half away from zero to the
	// nanosecond.
	Linear QuantileMethod = "linear"
)

// Summary is an exact, mergeable summary of durations: every value is kept,
// so quantiles stay exact across any split and merge, plus the number of
// censored observations (facts that have not happened yet, such as the
// first reply of a ticket never replied to), which are not values.
//
// Values are stored compactly without losing any: a zero (the time on
// hold of a ticket never put on hold, the business time of a reply sent
// outside business hours: about a third of a desk's values) is only
// counted; a value that is a whole number of seconds, which is every value
// measured between event times that carry no sub-second part, takes 2
// bytes below 2¹⁶ s (about 18 hours: three quarters of a desk's other
// values) and 4 bytes up to 2³² − 1 s (about 136 years); any other value
// its 8 bytes of nanoseconds. Reads see one sorted sequence of durations
// either way.
//
// The zero Summary is empty and ready to use. Reading methods (Count,
// Censored, Values, Min, Max, Sum, Mean, Quantile, Stats, MarshalJSON)
// never change the Summary, so any number of goroutines may read one at
// once; Add, AddCensored, Merge, Sort and UnmarshalJSON are writes and
// need exclusive access. A read of a Summary whose values are not in order
// sorts a copy of them, except [Summary.Stats] (and so the display form),
// which selects the few values it reads in two passes over them without
// sorting; [Summary.Sort] puts them in order in place once, so that later
// reads copy nothing.
//
// A Summary of a [Report]'s overall KPIs may be a view: of its calendar-
// time twin (a business time without a business calendar), or of the
// union of the same summary in every group of a breakdown (see [Report]).
// A view records nothing of its own: Add, AddCensored and Merge change
// nothing; reads see what it is a view of.
//
// The fields Add touches (same, of, zeros, short's cur and n; secs's cur
// and n) come first: a report adds to many summaries per ticket.
type Summary struct {
	same     *Summary              // when set, the Summary is a view of this one (a business time equal to calendar time)
	of       *union                // when set, the Summary is a view of the union of these
	zeros    int                   // values that are 0
	short    store[uint16]         // values that are whole seconds in [1, 2¹⁶ s), in seconds
	secs     store[uint32]         // values that are whole seconds in [2¹⁶, 2³² s), in seconds
	censored int                   // observations that are not values
	nanos    *store[time.Duration] // every other value; nil until there is one (rare)
}

// store holds values in chunks: small stores stay small, large ones grow
// in fixed chunks instead of copying a growing slice (which, over a
// million values, allocates several times their size).
type store[T uint16 | uint32 | time.Duration] struct {
	cur    []T   // the chunk being filled
	n      int   // len(values) + the values in tail and cur
	values []T   // the values gathered by the last sort (sorted if sorted)
	tail   [][]T // full chunks added since, which never move
	sorted bool  // values are sorted; it counts only while tail and cur are empty (single)
}

// Chunk sizes of added values.
const (
	minChunk = 16
	maxChunk = 8192
)

func (st *store[T]) add(v T) {
	st.n++ // sorted stays: a value in cur makes the store not single
	if len(st.cur) < cap(st.cur) {
		st.cur = append(st.cur, v)
		return
	}
	size := minChunk
	if st.cur != nil {
		st.tail = append(st.tail, st.cur)
		size = min(2*cap(st.cur), maxChunk)
	}
	st.cur = make([]T, 1, size)
	st.cur[0] = v
}

// len returns the number of values; 0 for a nil store.
func (st *store[T]) len() int {
	if st == nil {
		return 0
	}
	return st.n
}

// inOrder reports whether the values are sorted in st.values alone.
func (st *store[T]) inOrder() bool { return st.n == 0 || st.sorted && st.single() }

// single reports whether the values are in st.values alone.
func (st *store[T]) single() bool { return st.cur == nil && len(st.tail) == 0 }

// chunks returns the slices holding the values.
func (st *store[T]) chunks() [][]T {
	cs := make([][]T, 0, len(st.tail)+2)
	cs = append(cs, st.values)
	cs = append(cs, st.tail...)
	return append(cs, st.cur)
}

// concat returns every value in one new slice, unsorted.
func (st *store[T]) concat() []T {
	all := make([]T, 0, st.n)
	all = append(all, st.values...)
	for _, c := range st.tail {
		all = append(all, c...)
	}
	return append(all, st.cur...)
}

// sort gathers the values into st.values in ascending order, with
// *scratch (grown as needed) as the radix sort's buffer.
func (st *store[T]) sort(scratch *[]T) {
	if st.sorted && st.single() || st.n == 0 {
		st.sorted = true
		return
	}
	st.values, st.tail, st.cur = sortedValuesOf(st.chunks(), st.n, scratch), nil, nil
	st.sorted = true
}

// sortedValues returns the values in ascending order without changing st:
// its own memory when it holds them sorted in one slice, else a sorted
// copy; nil for a nil store.
func (st *store[T]) sortedValues() []T {
	if st == nil {
		return nil
	}
	if st.single() && (st.sorted || st.n == 0) {
		return st.values
	}
	return sortedValuesOf(st.chunks(), st.n, nil)
}

// merge takes o's values as chunks without copying them.
func (st *store[T]) merge(o *store[T]) {
	if o.n == 0 {
		return
	}
	// o's chunks are listed before any is appended: o may be st itself.
	for _, c := range o.chunks() {
		if len(c) > 0 {
			st.tail = append(st.tail, slices.Clip(c))
		}
	}
	st.n += o.n
	st.sorted = false
}

// clone returns a copy of st that shares no memory with it.
func (st *store[T]) clone() store[T] {
	if st.n == 0 {
		return store[T]{}
	}
	return store[T]{values: st.concat(), n: st.n, sorted: st.sorted && st.single()}
}

// each calls f with each chunk of values, in no particular order (none for
// a nil store).
func (st *store[T]) each(f func([]T)) {
	if st == nil {
		return
	}
	f(st.values)
	for _, c := range st.tail {
		f(c)
	}
	f(st.cur)
}

// union names the summaries a view is the union of: summary i (in the
// order of KPIs.summaries) of every group of breakdown b.
type union struct {
	b *Breakdown
	i int
}

// gather returns the union as one summary that shares the groups' values
// (or the one Report.Sort gathered and sorted, while it holds).
func (u *union) gather() *Summary {
	if u.b.unions != nil {
		return u.b.unions[u.i]
	}
	all := &Summary{}
	for _, g := range u.b.groups {
		all.Merge(g.summaries()[u.i])
	}
	return all
}

// isView reports whether s is a view, which records nothing of its own.
func (s *Summary) isView() bool { return s.same != nil || s.of != nil }

// Add records one observed duration.
func (s *Summary) Add(d time.Duration) {
	if s.isView() {
		return // a view records nothing of its own
	}
	if d == 0 {
		s.zeros++
		return
	}
	if d > 0 && d%time.Second == 0 {
		if sec := d / time.Second; sec <= math.MaxUint16 {
			s.short.add(uint16(sec))
			return
		} else if sec <= math.MaxUint32 {
			s.secs.add(uint32(sec))
			return
		}
	}
	if s.nanos == nil {
		s.nanos = &store[time.Duration]{}
	}
	s.nanos.add(d)
}

// AddCensored records one observation that has not happened yet.
func (s *Summary) AddCensored() {
	if !s.isView() {
		s.censored++
	}
}

// Merge adds o's observations to s. Merging is associative and
// commutative: any split of the observations merged in any order reads the
// same as one pass. s takes o's values as chunks without copying them; o
// stays valid and unchanged (s never writes into memory it shares with o,
// and o's own later changes never reach s).
func (s *Summary) Merge(o *Summary) {
	if s.isView() {
		return // what it views merges
	}
	o = o.view()
	s.zeros += o.zeros
	s.short.merge(&o.short)
	s.secs.merge(&o.secs)
	if o.nanos.len() > 0 {
		if s.nanos == nil {
			s.nanos = &store[time.Duration]{}
		}
		s.nanos.merge(o.nanos)
	}
	s.censored += o.censored
}

// IsZero reports whether the summary is to be left out of JSON (for
// omitzero): it has no observations, or it is a business time that reads
// its calendar-time twin. A union's values are written out where the
// union is encoded on its own (a [Report] leaves them to its groups).
func (s *Summary) IsZero() bool {
	if s.same != nil {
		return true
	}
	v := s.view()
	return v.n() == 0 && v.censored == 0
}

// view returns the summary reads are answered from (for a union, a new
// one sharing the values of its parts).
func (s *Summary) view() *Summary {
	switch {
	case s.same != nil:
		return s.same.view()
	case s.of != nil:
		return s.of.gather()
	}
	return s
}

func (s *Summary) n() int { return s.zeros + s.short.n + s.secs.n + s.nanos.len() }

// Count returns the number of observed durations.
func (s *Summary) Count() int { return s.view().n() }

// Censored returns the number of censored observations.
func (s *Summary) Censored() int { return s.view().censored }

// Sort puts the values in ascending order in place. It is a write (like
// Add) that changes no figure: reads after it need not sort a copy of the
// values each time.
func (s *Summary) Sort() { s.sort(&sortScratch{}) }

// sortScratch is the radix sort's buffers, reused across the summaries of
// a report so that sorting them allocates only their gathered values.
type sortScratch struct {
	short []uint16
	secs  []uint32
	nanos []time.Duration
}

func (s *Summary) sort(buf *sortScratch) {
	if s.isView() {
		return
	}
	s.short.sort(&buf.short)
	s.secs.sort(&buf.secs)
	if s.nanos != nil {
		s.nanos.sort(&buf.nanos)
	}
}

// clone returns a copy of s that shares no memory with it: the values of
// a union, a twin's view left to KPIs.Clone to link again.
func (s *Summary) clone() Summary {
	if s.same != nil {
		return Summary{} // linked again by KPIs.Clone
	}
	if s.of != nil {
		return s.view().clone()
	}
	c := Summary{zeros: s.zeros, short: s.short.clone(), secs: s.secs.clone(), censored: s.censored}
	if s.nanos.len() > 0 {
		ns := s.nanos.clone()
		c.nanos = &ns
	}
	return c
}

// sortedView returns the values in ascending order without changing s.
func (s *Summary) sortedView() sorted {
	return sorted{zeros: s.zeros, short: s.short.sortedValues(), secs: s.secs.sortedValues(), nanos: s.nanos.sortedValues()}
}

// sorted is a summary's values in ascending order: the merge of two
// sorted sequences, the whole seconds (the zeros, then the short ones,
// then the others) and the rest.
type sorted struct {
	zeros int
	short []uint16
	secs  []uint32
	nanos []time.Duration
}

func (x sorted) len() int { return x.whole() + len(x.nanos) }

// whole returns the number of whole seconds.
func (x sorted) whole() int { return x.zeros + len(x.short) + len(x.secs) }

// sec returns the i-th of the whole seconds.
func (x sorted) sec(i int) time.Duration {
	if i < x.zeros {
		return 0
	}
	if i -= x.zeros; i < len(x.short) {
		return time.Duration(x.short[i]) * time.Second
	}
	return time.Duration(x.secs[i-len(x.short)]) * time.Second
}

// at returns the k-th smallest value (0-based) of the merged sequence, in
// O(log n): the number i of values taken from the whole seconds is the
// smallest for which the next of them is not below the last taken from
// nanos.
func (x sorted) at(k int) time.Duration {
	na, b := x.whole(), x.nanos
	if len(b) == 0 {
		return x.sec(k)
	}
	if na == 0 {
		return b[k]
	}
	lo, hi := max(0, k+1-len(b)), min(k+1, na)
	for lo < hi {
		i := int(uint(lo+hi) >> 1)
		if j := k + 1 - i; j > 0 && i < na && x.sec(i) < b[j-1] {
			lo = i + 1
		} else {
			hi = i
		}
	}
	i, j := lo, k+1-lo
	v := time.Duration(math.MinInt64)
	if i > 0 {
		v = x.sec(i - 1)
	}
	if j > 0 {
		v = max(v, b[j-1])
	}
	return v
}

// all returns the merged sequence in one new slice (nil when empty).
func (x sorted) all() []time.Duration {
	if x.len() == 0 {
		return nil
	}
	out := make([]time.Duration, 0, x.len())
	na, b := x.whole(), x.nanos
	i := 0
	for i < na && len(b) > 0 {
		if v := x.sec(i); v <= b[0] {
			out, i = append(out, v), i+1
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	for ; i < na; i++ {
		out = append(out, x.sec(i))
	}
	return append(out, b...)
}

// Values returns the observed durations in ascending order, in a new
// slice.
func (s *Summary) Values() []time.Duration { return s.view().sortedView().all() }

// Min returns the smallest value; false when there is none.
func (s *Summary) Min() (time.Duration, bool) {
	s = s.view()
	if s.n() == 0 {
		return 0, false
	}
	m := time.Duration(math.MaxInt64)
	if s.zeros > 0 {
		m = 0
	}
	if s.short.n > 0 {
		lo := uint16(math.MaxUint16)
		s.short.each(func(c []uint16) {
			for _, v := range c {
				lo = min(lo, v)
			}
		})
		m = min(m, time.Duration(lo)*time.Second)
	} else if s.secs.n > 0 {
		lo := uint32(math.MaxUint32)
		s.secs.each(func(c []uint32) {
			for _, v := range c {
				lo = min(lo, v)
			}
		})
		m = min(m, time.Duration(lo)*time.Second)
	}
	s.nanos.each(func(c []time.Duration) {
		for _, v := range c {
			m = min(m, v)
		}
	})
	return m, true
}

// Max returns the largest value; false when there is none.
func (s *Summary) Max() (time.Duration, bool) {
	s = s.view()
	if s.n() == 0 {
		return 0, false
	}
	m := time.Duration(math.MinInt64)
	if s.zeros > 0 {
		m = 0
	}
	if s.secs.n > 0 {
		hi := uint32(0)
		s.secs.each(func(c []uint32) {
			for _, v := range c {
				hi = max(hi, v)
			}
		})
		m = max(m, time.Duration(hi)*time.Second)
	} else if s.short.n > 0 {
		hi := uint16(0)
		s.short.each(func(c []uint16) {
			for _, v := range c {
				hi = max(hi, v)
			}
		})
		m = max(m, time.Duration(hi)*time.Second)
	}
	s.nanos.each(func(c []time.Duration) {
		for _, v := range c {
			m = max(m, v)
		}
	})
	return m, true
}

// Sum returns the exact sum of the values as a decimal number of
// nanoseconds (it can exceed a Duration).
func (s *Summary) Sum() decimal.Decimal {
	s = s.view()
	var hi int64
	var lo uint64
	s.nanos.each(func(c []time.Duration) {
		h, l := sum128(c)
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + int64(carry)
	})
	var shi, slo uint64 // the whole seconds, unsigned
	s.short.each(func(c []uint16) {
		var sum uint64 // a chunk holds fewer than 2⁴⁸ values
		for _, v := range c {
			sum += uint64(v)
		}
		var carry uint64
		slo, carry = bits.Add64(slo, sum, 0)
		shi += carry
	})
	s.secs.each(func(c []uint32) {
		for _, v := range c {
			var carry uint64
			slo, carry = bits.Add64(slo, uint64(v), 0)
			shi += carry
		}
	})
	sum := int128Decimal(hi, lo)
	if shi != 0 || slo != 0 {
		secs := new(big.Int).SetUint64(shi)
		secs.Lsh(secs, 64).Add(secs, new(big.Int).SetUint64(slo))
		sum = sum.Add(decimal.NewFromBigInt(secs.Mul(secs, big.NewInt(int64(time.Second))), 0))
	}
	return sum
}

// Mean returns the mean of the values, rounded half away from zero to the
// nanosecond; false when there are none. Censored observations are not in
// the mean (report them beside it).
func (s *Summary) Mean() (time.Duration, bool) {
	s = s.view()
	if s.n() == 0 {
		return 0, false
	}
	m := s.Sum().DivRound(decimal.NewFromInt(int64(s.n())), 0)
	return time.Duration(m.IntPart()), true
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) of the values by method;
// false when there are none or p is outside [0, 1].
func (s *Summary) Quantile(p float64, m QuantileMethod) (time.Duration, bool) {
	s = s.view()
	if s.n() == 0 || !(p >= 0 && p <= 1) {
		return 0, false
	}
	return quantile(s.sortedView(), p, m), true
}

// quantile returns the p-quantile of the sorted, non-empty x by method m.
func quantile(x sorted, p float64, m QuantileMethod) time.Duration {
	return quantileBy(x.len(), p, m, x.at)
}

// quantileBy returns the p-quantile by method m of n > 0 values, of which
// at(k) returns the k-th smallest (0-based).
func quantileBy(n int, p float64, m QuantileMethod, at func(k int) time.Duration) time.Duration {
	// p in decimal is the float's shortest decimal spelling (0.9 is 0.9), so
	// ranks are computed exactly.
	dp := decimal.NewFromFloat(p)
	if m == Linear {
		h := dp.Mul(decimal.NewFromInt(int64(n - 1)))
		lo := int(h.Floor().IntPart())
		if lo >= n-1 {
			return at(n - 1)
		}
		frac := h.Sub(h.Floor())
		// The neighbours' difference in decimal: it may exceed a Duration
		// (a negative and a positive value far apart); the interpolated
		// value lies between them and does not.
		xlo := at(lo)
		d := decimal.NewFromInt(int64(at(lo + 1))).Sub(decimal.NewFromInt(int64(xlo))).Mul(frac).Round(0)
		return time.Duration(decimal.NewFromInt(int64(xlo)).Add(d).IntPart())
	}
	k := int(dp.Mul(decimal.NewFromInt(int64(n))).Ceil().IntPart())
	if k < 1 {
		k = 1
	}
	return at(k - 1)
}

// Stats are a Summary read out: count, censored count, mean, median, 90th
// percentile, min and max, with the quantile method named. Ok is false
// when there are no values (then only Censored means anything).
type Stats struct {
	Count    int            `json:"count"`
	Censored int            `json:"censored"`
	Mean     time.Duration  `json:"mean_ns"`
	Median   time.Duration  `json:"median_ns"`
	P90      time.Duration  `json:"p90_ns"`
	Min      time.Duration  `json:"min_ns"`
	Max      time.Duration  `json:"max_ns"`
	Method   QuantileMethod `json:"method"`
	Ok       bool           `json:"ok"`
}

// String formats the stats on one line, durations rounded to the second.
func (st Stats) String() string {
	if !st.Ok {
		return fmt.Sprintf("n=0 censored=%d", st.Censored)
	}
	r := func(d time.Duration) time.Duration { return d.Round(time.Second) }
	return fmt.Sprintf("n=%d censored=%d mean=%v median=%v p90=%v min=%v max=%v (%s)",
		st.Count, st.Censored, r(st.Mean), r(st.Median), r(st.P90), r(st.Min), r(st.Max), st.Method)
}

// Stats reads the summary with quantile method m (zero: [NearestRank]).
func (s *Summary) Stats(m QuantileMethod) Stats {
	s = s.view()
	if m == "" {
		m = NearestRank
	}
	st := Stats{Count: s.n(), Censored: s.censored, Method: m}
	if st.Count == 0 {
		return st
	}
	st.Ok = true
	if s.nanos.len() == 0 && st.Count > selectSmall && !(s.short.inOrder() && s.secs.inOrder()) && uint64(st.Count) < 1<<32 {
		s.secsStats(&st, m) // selects the quantiles' ranks without sorting a copy
		return st
	}
	x := s.sortedView()
	st.Mean, _ = s.Mean()
	st.Median = quantile(x, 0.5, m)
	st.P90 = quantile(x, 0.9, m)
	st.Min, st.Max = x.at(0), x.at(st.Count-1)
	return st
}

// summaryJSON is the stable encoding of a Summary: sorted values in
// nanoseconds and the censored count.
type summaryJSON struct {
	Values   []time.Duration `json:"values_ns"`
	Censored int             `json:"censored"`
}

// MarshalJSON implements json.Marshaler with a stable encoding: the values
// sorted ascending.
func (s *Summary) MarshalJSON() ([]byte, error) {
	s = s.view()
	v := s.sortedView().all()
	if v == nil {
		v = []time.Duration{}
	}
	return json.Marshal(summaryJSON{Values: v, Censored: s.censored})
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Summary) UnmarshalJSON(b []byte) error {
	var j summaryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: summary: %v", ErrBadEncoding, err)
	}
	if j.Censored < 0 {
		return fmt.Errorf("%w: summary: negative censored count", ErrBadEncoding)
	}
	*s = Summary{censored: j.Censored}
	for _, d := range j.Values {
		s.Add(d)
	}
	// Values in order stay in order in each store.
	s.Sort()
	return nil
}

// sortedValuesOf returns the n values of chunks in ascending order in one new
// slice. Long inputs are radix sorted (several times faster than
// comparison sorting on a million values): one pass over the chunks counts
// every byte, passes over a byte all values share (the high bytes of
// durations) are skipped, the first scatter reads the chunks themselves
// (no gathering copy) and the passes alternate so that the last lands in
// the result. With scratch, *scratch (grown as needed) is the other buffer.
func sortedValuesOf[T uint16 | uint32 | time.Duration](chunks [][]T, n int, scratch *[]T) []T {
	if n < 4096 {
		all := make([]T, 0, n)
		for _, c := range chunks {
			all = append(all, c...)
		}
		slices.Sort(all)
		return all
	}
	var zero T
	var flip uint64 // a Duration's sign bit is flipped so that negatives come first
	width := 4      // bytes
	switch {
	case ^zero < 0:
		flip, width = 1<<63, 8
	case uint64(^zero) == math.MaxUint16:
		width = 2
	}
	var count [8][256]int
	for _, c := range chunks {
		for _, x := range c {
			u := uint64(x) ^ flip
			for p := range width {
				count[p][u>>(8*p)&0xff]++
			}
		}
	}
	var passes []int
	for p := range width {
		if !slices.Contains(count[p][:], n) {
			passes = append(passes, p)
			pos := 0
			for i, c := range count[p] {
				count[p][i] = pos
				pos += c
			}
		}
	}
	all := make([]T, n)
	if len(passes) == 0 { // every value is the same
		all = all[:0]
		for _, c := range chunks {
			all = append(all, c...)
		}
		return all
	}
	var buf []T
	if scratch != nil && cap(*scratch) >= n {
		buf = (*scratch)[:n]
	} else {
		buf = make([]T, n)
		if scratch != nil {
			*scratch = buf
		}
	}
	dst, other := all, buf // the first pass lands in all when the count is odd
	if len(passes)%2 == 0 {
		dst, other = buf, all
	}
	p, off := passes[0], &count[passes[0]]
	for _, c := range chunks {
		for _, x := range c {
			b := (uint64(x) ^ flip) >> (8 * p) & 0xff
			dst[off[b]] = x
			off[b]++
		}
	}
	src := dst
	dst = other
	for _, p := range passes[1:] {
		off := &count[p]
		for _, x := range src {
			b := (uint64(x) ^ flip) >> (8 * p) & 0xff
			dst[off[b]] = x
			off[b]++
		}
		src, dst = dst, src
	}
	return src
}

// sum128 returns the exact sum of v as a 128-bit two's complement number.
func sum128(v []time.Duration) (hi int64, lo uint64) {
	var h uint64
	for _, x := range v {
		var c uint64
		lo, c = bits.Add64(lo, uint64(x), 0)
		ext := uint64(0)
		if x < 0 {
			ext = math.MaxUint64
		}
		h, _ = bits.Add64(h, ext, c)
	}
	return int64(h), lo
}

// int128Decimal converts a 128-bit two's complement number to a decimal.
func int128Decimal(hi int64, lo uint64) decimal.Decimal {
	b := new(big.Int).SetInt64(hi)
	b.Lsh(b, 64)
	b.Add(b, new(big.Int).SetUint64(lo))
	return decimal.NewFromBigInt(b, 0)
}
