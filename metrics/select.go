package metrics

import (
	"math/big"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Reading a summary whose values are not sorted in one slice would sort a
// copy of them: a million values cost a radix sort's five passes over two
// buffers of their size. Stats needs only a few order statistics (the
// ranks of the median and of the 90th percentile), so it selects them
// instead, reading the values twice and copying only a few of them:
//
//  1. one read finds the minimum, maximum and sum, and counts the values
//     in logarithmic bins (each 1/64 of its values' magnitude wide, so
//     the bins around a quantile hold few values whatever the spread);
//  2. one read gathers the values of the bins holding the wanted ranks,
//     and the ranks are selected among them the same way, with bins of
//     equal width over each bin's range (or by sorting, once few are left).
//
// The result is the value sorting would give.

const (
	selectBits  = 11      // a gathered bin is counted over 2^selectBits bins
	selectSmall = 1 << 12 // up to this many values are gathered and sorted
	logBins     = 27 << 6 // logKey's bins
)

// logKey returns the logarithmic bin of v: v itself below 128, above it
// 64·e + v>>e, where e = bits.Len32(v) − 7 keeps v>>e in [64, 128). Keys
// grow with v.
func logKey(v uint32) int {
	e := max(0, bits.Len32(v)-7)
	return e<<6 + int(v>>e)
}

// logRange returns the smallest and largest value of logarithmic bin k.
func logRange(k int) (lo, hi uint32) {
	if k < 64 {
		return uint32(k), uint32(k)
	}
	e, m := uint(k>>6-1), uint64(k&63|64)
	return uint32(m << e), uint32((m+1)<<e - 1)
}

// secsStats fills st from values that are all whole seconds (s.nanos is
// empty, fewer than 2³² values) and not held sorted in one slice, without
// sorting them.
func (s *Summary) secsStats(st *Stats, m QuantileMethod) {
	short, chunks := s.short.chunks(), s.secs.chunks()
	n := s.n()
	lo, hi, sum := ^uint32(0), uint32(0), uint64(0)
	var tabs [4][2048]uint32 // logBins of each used; the mask drops the bounds check
	lo, hi, sum = histogram(short, &tabs, lo, hi, sum)
	lo, hi, sum = histogram(chunks, &tabs, lo, hi, sum) // fewer than 2³² values below 2³² cannot overflow
	var count [2048]int
	for b := range count {
		count[b] = int(tabs[0][b]) + int(tabs[1][b]) + int(tabs[2][b]) + int(tabs[3][b])
	}
	if s.zeros > 0 {
		lo, count[logKey(0)] = 0, s.zeros
	}
	st.Min, st.Max = time.Duration(lo)*time.Second, time.Duration(hi)*time.Second
	total := new(big.Int).Mul(new(big.Int).SetUint64(sum), big.NewInt(int64(time.Second)))
	st.Mean = time.Duration(decimal.NewFromBigInt(total, 0).DivRound(decimal.NewFromInt(int64(n)), 0).IntPart())

	// The ranks the two quantiles read.
	var ks []int
	record := func(k int) time.Duration { ks = append(ks, k); return 0 }
	quantileBy(n, 0.5, m, record)
	quantileBy(n, 0.9, m, record)
	slices.Sort(ks)
	ks = slices.Compact(ks)
	vals := make([]uint32, len(ks))
	selectIn(short, chunks, count[:logBins], func(b int) (uint32, uint32) {
		blo, bhi := logRange(b)
		return max(blo, lo), min(bhi, hi)
	}, ks, vals)

	at := func(k int) time.Duration {
		i, _ := slices.BinarySearch(ks, k)
		return time.Duration(vals[i]) * time.Second
	}
	st.Median = quantileBy(n, 0.5, m, at)
	st.P90 = quantileBy(n, 0.9, m, at)
}

// histogram counts the values of chunks into their logarithmic bins, over
// four tables that take every fourth value (so that a run of values in
// one bin, common in a desk's durations, does not make each increment
// wait for the one before), and returns lo, hi and sum updated with them.
func histogram[T uint16 | uint32](chunks [][]T, tabs *[4][2048]uint32, lo, hi uint32, sum uint64) (uint32, uint32, uint64) {
	for _, c := range chunks {
		i := 0
		for ; i+4 <= len(c); i += 4 {
			v0, v1, v2, v3 := uint32(c[i]), uint32(c[i+1]), uint32(c[i+2]), uint32(c[i+3])
			lo = min(lo, v0, v1, v2, v3)
			hi = max(hi, v0, v1, v2, v3)
			sum += uint64(v0) + uint64(v1) + uint64(v2) + uint64(v3)
			tabs[0][logKey(v0)&2047]++
			tabs[1][logKey(v1)&2047]++
			tabs[2][logKey(v2)&2047]++
			tabs[3][logKey(v3)&2047]++
		}
		for _, v := range c[i:] {
			lo, hi = min(lo, uint32(v)), max(hi, uint32(v))
			sum += uint64(v)
			tabs[0][logKey(uint32(v))&2047]++
		}
	}
	return lo, hi, sum
}

// selectSecs sets out[i] to the ks[i]-th smallest (0-based) of the n
// values in chunks, all in [lo, hi]; ks is ascending. It does not change
// chunks.
func selectSecs(chunks [][]uint32, n int, lo, hi uint32, ks []int, out []uint32) {
	if lo == hi {
		for i := range ks {
			out[i] = lo
		}
		return
	}
	if n <= selectSmall {
		all := make([]uint32, 0, n)
		for _, c := range chunks {
			all = append(all, c...)
		}
		slices.Sort(all)
		for i, k := range ks {
			out[i] = all[k]
		}
		return
	}
	shift := uint(max(0, bits.Len32(hi-lo)-selectBits))
	var count [1 << selectBits]int
	for _, c := range chunks {
		for _, v := range c {
			count[((v-lo)>>shift)&(1<<selectBits-1)]++
		}
	}
	selectIn(nil, chunks, count[:], func(b int) (uint32, uint32) {
		blo := lo + uint32(b)<<shift
		if end := uint64(blo) + 1<<shift - 1; end < uint64(hi) {
			return blo, uint32(end)
		}
		return blo, hi
	}, ks, out)
}

// selectIn sets out[i] to the ks[i]-th smallest of the values in short
// and chunks (with short not nil, the values of a summary's two stores:
// below 2¹⁶ in short, the others in chunks), which lie in ascending bins,
// count[b] of them in bin b, each between the bounds binRange(b) gives: it
// gathers the values of the bins holding the ranks and selects among them.
func selectIn(short [][]uint16, chunks [][]uint32, count []int, binRange func(int) (uint32, uint32), ks []int, out []uint32) {
	// The bin of each rank, and the number of values before that bin.
	bins := make([]int, len(ks))
	before := make([]int, len(ks))
	b, cum := 0, 0
	for i, k := range ks {
		for cum+count[b] <= k {
			cum += count[b]
			b++
		}
		bins[i], before[i] = b, cum
	}
	// A bin of one value answers its ranks; one read gathers the values of
	// every other wanted bin, found by its bounds (a few compares a value).
	var wants []want
	of := make([]int, len(ks)) // index in wants + 1, or 0
	for i, b := range bins {
		blo, bhi := binRange(b)
		switch {
		case blo == bhi:
			out[i] = blo
		case i > 0 && b == bins[i-1]:
			of[i] = of[i-1]
		default:
			wants = append(wants, want{lo: blo, width: bhi - blo, vals: make([]uint32, 0, count[b])})
			of[i] = len(wants)
		}
	}
	if len(wants) == 0 {
		return
	}
	// With short (a summary's two stores), its values are below 2¹⁶ and
	// those of chunks not: a store whose range holds no wanted bin is not
	// read.
	split, last := short != nil, wants[len(wants)-1]
	if split && wants[0].lo < 1<<16 {
		gather(short, wants)
	}
	if !split || uint64(last.lo)+uint64(last.width) >= 1<<16 {
		gather(chunks, wants)
	}
	for i := 0; i < len(ks); {
		j := i
		for j < len(ks) && bins[j] == bins[i] {
			j++
		}
		if g := of[i]; g > 0 {
			w := &wants[g-1]
			sub := make([]int, j-i)
			for x := range sub {
				sub[x] = ks[i+x] - before[i]
			}
			selectSecs([][]uint32{w.vals}, len(w.vals), w.lo, w.lo+w.width, sub, out[i:j])
		}
		i = j
	}
}

// want is a bin of values selectIn gathers: those in [lo, lo+width].
type want struct {
	lo, width uint32
	vals      []uint32
}

// gather appends each value of chunks to the vals of the wants whose
// bounds hold it; wants do not overlap.
func gather[T uint16 | uint32](chunks [][]T, wants []want) {
	switch len(wants) {
	case 1: // the common cases, with the bounds in registers
		w := wants[0]
		for _, c := range chunks {
			for _, v := range c {
				if uint32(v)-w.lo <= w.width {
					w.vals = append(w.vals, uint32(v))
				}
			}
		}
		wants[0] = w
	case 2:
		w0, w1 := wants[0], wants[1]
		for _, c := range chunks {
			for _, v := range c {
				if uint32(v)-w0.lo <= w0.width {
					w0.vals = append(w0.vals, uint32(v))
				} else if uint32(v)-w1.lo <= w1.width {
					w1.vals = append(w1.vals, uint32(v))
				}
			}
		}
		wants[0], wants[1] = w0, w1
	default:
		for _, c := range chunks {
			for _, v := range c {
				for j := range wants {
					if w := &wants[j]; uint32(v)-w.lo <= w.width {
						w.vals = append(w.vals, uint32(v))
					}
				}
			}
		}
	}
}
