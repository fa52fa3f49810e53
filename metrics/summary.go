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
// The zero Summary is empty and ready to use. Reading methods (Count,
// Censored, Values, Min, Max, Sum, Mean, Quantile, Stats, MarshalJSON)
// never change the Summary, so any number of goroutines may read one at
// once; Add, AddCensored, Merge, Sort and UnmarshalJSON are writes and
// need exclusive access. A read of a Summary whose values are not in order
// sorts a copy of them; [Summary.Sort] puts them in order in place once,
// so that later reads copy nothing.
type Summary struct {
	same     *Summary          // when set, the Summary is a view of this one (a business time equal to calendar time)
	values   []time.Duration   // the values gathered by the last Sort (sorted if sorted)
	tail     [][]time.Duration // full chunks added since, which never move
	cur      []time.Duration   // the chunk being filled
	n        int               // len(values) + the values in tail and cur
	censored int
	sorted   bool
}

// Chunk sizes of added values: small summaries stay small, large ones grow
// in fixed chunks instead of copying a growing slice (which, over a million
// values, allocates several times their size).
const (
	minChunk = 16
	maxChunk = 8192
)

// Add records one observed duration.
func (s *Summary) Add(d time.Duration) {
	if s.same != nil {
		return // a view records nothing of its own
	}
	s.n++
	s.sorted = false
	if len(s.cur) < cap(s.cur) {
		s.cur = append(s.cur, d)
		return
	}
	s.newChunk(d)
}

// newChunk retires the full current chunk and starts a bigger one with d.
func (s *Summary) newChunk(d time.Duration) {
	size := minChunk
	if s.cur != nil {
		s.tail = append(s.tail, s.cur)
		size = min(2*cap(s.cur), maxChunk)
	}
	s.cur = make([]time.Duration, 1, size)
	s.cur[0] = d
}

// AddCensored records one observation that has not happened yet.
func (s *Summary) AddCensored() {
	if s.same == nil {
		s.censored++
	}
}

// gather brings every value into s.values, unsorted.
func (s *Summary) gather() {
	if s.cur == nil && len(s.tail) == 0 {
		return
	}
	all := make([]time.Duration, 0, s.n)
	all = append(all, s.values...)
	for _, c := range s.tail {
		all = append(all, c...)
	}
	all = append(all, s.cur...)
	s.values, s.tail, s.cur = all, nil, nil
}

// Merge adds o's observations to s. Merging is associative and
// commutative: any split of the observations merged in any order reads the
// same as one pass. s takes o's values as chunks without copying them; o
// stays valid and unchanged (s never writes into memory it shares with o,
// and o's own later changes never reach s).
func (s *Summary) Merge(o *Summary) {
	if s.same != nil {
		return // its twin merges
	}
	o = o.view()
	if o.n > 0 {
		for _, c := range [][]time.Duration{o.values, o.cur} {
			if len(c) > 0 {
				s.tail = append(s.tail, slices.Clip(c))
			}
		}
		for _, c := range o.tail {
			s.tail = append(s.tail, slices.Clip(c))
		}
		s.n += o.n
		s.sorted = false
	}
	s.censored += o.censored
}

// IsZero reports whether the summary holds no observation of its own (for
// JSON's omitzero: a business-time summary of a report without a business
// calendar reads its calendar-time twin and is not encoded).
func (s *Summary) IsZero() bool { return s.same != nil || s.n == 0 && s.censored == 0 }

// view returns the summary reads are answered from.
func (s *Summary) view() *Summary {
	if s.same != nil {
		return s.same
	}
	return s
}

// Count returns the number of observed durations.
func (s *Summary) Count() int { return s.view().n }

// Censored returns the number of censored observations.
func (s *Summary) Censored() int { return s.view().censored }

// Sort puts the values in ascending order in place. It is a write (like
// Add) that changes no figure: reads after it need not sort a copy of the
// values each time.
func (s *Summary) Sort() {
	if s.same != nil {
		return
	}
	s.gather()
	if !s.sorted {
		sortDurations(s.values)
		s.sorted = true
	}
}

// clone returns a copy of s that shares no memory with it.
func (s *Summary) clone() Summary {
	if s.same != nil {
		return Summary{} // linked again by KPIs.Clone
	}
	c := Summary{n: s.n, censored: s.censored}
	if s.n > 0 {
		c.values = make([]time.Duration, 0, s.n)
		s.each(func(x []time.Duration) { c.values = append(c.values, x...) })
		c.sorted = s.sorted && s.cur == nil && len(s.tail) == 0
	}
	return c
}

// sortedValues returns the values in ascending order without changing s:
// s's own memory when it holds them sorted in one slice, else a sorted
// copy.
func (s *Summary) sortedValues() []time.Duration {
	if s.cur == nil && len(s.tail) == 0 && s.sorted {
		return s.values
	}
	all := make([]time.Duration, 0, s.n)
	all = append(all, s.values...)
	for _, c := range s.tail {
		all = append(all, c...)
	}
	all = append(all, s.cur...)
	if s.cur == nil && len(s.tail) == 0 && s.sorted {
		return all
	}
	sortDurations(all)
	return all
}

// Values returns the observed durations in ascending order. The slice may
// be the Summary's own memory (after [Summary.Sort]): do not modify it.
func (s *Summary) Values() []time.Duration { return s.view().sortedValues() }

// Min returns the smallest value; false when there is none.
func (s *Summary) Min() (time.Duration, bool) {
	s = s.view()
	if s.n == 0 {
		return 0, false
	}
	m := time.Duration(math.MaxInt64)
	s.each(func(c []time.Duration) {
		for _, v := range c {
			m = min(m, v)
		}
	})
	return m, true
}

// Max returns the largest value; false when there is none.
func (s *Summary) Max() (time.Duration, bool) {
	s = s.view()
	if s.n == 0 {
		return 0, false
	}
	m := time.Duration(math.MinInt64)
	s.each(func(c []time.Duration) {
		for _, v := range c {
			m = max(m, v)
		}
	})
	return m, true
}

// each calls f with each chunk of values, in no particular order.
func (s *Summary) each(f func([]time.Duration)) {
	f(s.values)
	for _, c := range s.tail {
		f(c)
	}
	f(s.cur)
}

// Sum returns the exact sum of the values as a decimal number of
// nanoseconds (it can exceed a Duration).
func (s *Summary) Sum() decimal.Decimal {
	s = s.view()
	var hi int64
	var lo uint64
	s.each(func(c []time.Duration) {
		h, l := sum128(c)
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + int64(carry)
	})
	return int128Decimal(hi, lo)
}

// Mean returns the mean of the values, rounded half away from zero to the
// nanosecond; false when there are none. Censored observations are not in
// the mean (report them beside it).
func (s *Summary) Mean() (time.Duration, bool) {
	s = s.view()
	if s.n == 0 {
		return 0, false
	}
	m := s.Sum().DivRound(decimal.NewFromInt(int64(s.n)), 0)
	return time.Duration(m.IntPart()), true
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) of the values by method;
// false when there are none or p is outside [0, 1].
func (s *Summary) Quantile(p float64, m QuantileMethod) (time.Duration, bool) {
	s = s.view()
	if s.n == 0 || !(p >= 0 && p <= 1) {
		return 0, false
	}
	return quantile(s.sortedValues(), p, m), true
}

// quantile returns the p-quantile of the sorted, non-empty x by method m.
func quantile(x []time.Duration, p float64, m QuantileMethod) time.Duration {
	n := len(x)
	// p in decimal is the float's shortest decimal spelling (0.9 is 0.9), so
	// ranks are computed exactly.
	dp := decimal.NewFromFloat(p)
	if m == Linear {
		h := dp.Mul(decimal.NewFromInt(int64(n - 1)))
		lo := int(h.Floor().IntPart())
		if lo >= n-1 {
			return x[n-1]
		}
		frac := h.Sub(h.Floor())
		d := decimal.NewFromInt(int64(x[lo+1] - x[lo])).Mul(frac).Round(0)
		return x[lo] + time.Duration(d.IntPart())
	}
	k := int(dp.Mul(decimal.NewFromInt(int64(n))).Ceil().IntPart())
	if k < 1 {
		k = 1
	}
	return x[k-1]
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
	st := Stats{Count: s.n, Censored: s.censored, Method: m}
	if s.n == 0 {
		return st
	}
	st.Ok = true
	x := s.sortedValues()
	st.Mean, _ = s.Mean()
	st.Median = quantile(x, 0.5, m)
	st.P90 = quantile(x, 0.9, m)
	st.Min, st.Max = x[0], x[len(x)-1]
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
	v := s.sortedValues()
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
	*s = Summary{values: j.Values, n: len(j.Values), censored: j.Censored, sorted: slices.IsSorted(j.Values)}
	if s.n == 0 {
		s.values = nil
	}
	return nil
}

// sortDurations sorts v ascending; a radix sort for long inputs, which
// beats comparison sorting several times on a million values.
func sortDurations(v []time.Duration) {
	if len(v) < 4096 {
		slices.Sort(v)
		return
	}
	buf := make([]time.Duration, len(v))
	src, dst := v, buf
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		count = [256]int{}
		flip := uint64(0)
		if shift == 56 {
			flip = 0x80 // order the sign byte
		}
		for _, x := range src {
			count[(uint64(x)>>shift&0xff)^flip]++
		}
		if count[(uint64(src[0])>>shift&0xff)^flip] == len(src) {
			continue // every value has this byte: nothing to move
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, x := range src {
			b := (uint64(x) >> shift & 0xff) ^ flip
			dst[count[b]] = x
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &v[0] {
		copy(v, src)
	}
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
