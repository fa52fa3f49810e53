package quantile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// The package's sentinels.
var (
	// ErrRelativeError reports a relative error outside [MinRelativeError,
	// MaxRelativeError].
	ErrRelativeError = errors.New("quantile: relative error out of range")
	// ErrIncompatible reports a merge of sketches with different relative
	// errors.
	ErrIncompatible = errors.New("quantile: sketches with different relative errors")
	// ErrBadEncoding reports bytes that are not a sketch's encoding.
	ErrBadEncoding = errors.New("quantile: bad encoding")
)

// The range of relative errors a Sketch accepts. The upper bound keeps the
// estimate useful; the lower one bounds the number of buckets (about
// 44/ε for values up to the largest Duration).
const (
	MinRelativeError = 0.0001
	MaxRelativeError = 0.1
)

// DefaultRelativeError is the relative error of a sketch when none is
// given: 1 %.
const DefaultRelativeError = 0.01

// Sketch is a mergeable summary of durations of bounded size whose
// quantiles are within a stated relative error ε of the exact ones: for
// every p, Quantile(p) returns q̂ with |q̂ − q| ≤ ε·|q|, where q is the
// nearest-rank quantile of the values added (x_⌈p·n⌉, the definition of
// metrics.NearestRank). Count, censored count, sum, mean, min and max are
// exact.
//
// It is a DDSketch (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
// quantile sketch with relative-error guarantees", VLDB 2019): values of
// magnitude at least a cutoff c = ⌈6/ε⌉ ns go to logarithmic buckets
// (γ^(i−1), γ^i] with γ = (1+ε′)/(1−ε′), ε′ = 0.9·ε, one store per sign,
// and a bucket is read as 2γ^i/(γ+1), within ε′ of every value in it;
// the remaining 0.1·ε covers rounding to whole nanoseconds, which is why
// values below the cutoff (under 600 ns at 1 %) are counted exactly.
// Buckets are never collapsed: a Duration spans at most ln(2⁶³)/ln γ
// buckets per sign (about 2,400 at 1 %), so the size is bounded by the
// range of the values, not their number, and the guarantee holds for any
// input.
//
// Merging adds bucket counts, so sketches over any split of the values,
// merged in any order, are equal to the sketch of all of them, and encode
// to the same bytes.
//
// The zero Sketch is not usable; make one with [New]. A Sketch is not safe
// for concurrent use.
type Sketch struct {
	eps      float64
	gamma    float64
	logGamma float64
	cutoff   int64

	small    map[int64]uint64 // values with |v| < cutoff, exactly
	pos, neg store            // values ≥ cutoff; values ≤ −cutoff by magnitude

	n        uint64
	censored uint64
	sumHi    int64 // the exact sum as a 128-bit two's complement number
	sumLo    uint64
	min, max time.Duration
}

// store counts values in consecutive logarithmic buckets from offset.
type store struct {
	offset int
	counts []uint64
}

func (st *store) add(i int, c uint64) {
	if len(st.counts) == 0 {
		st.offset = i
		st.counts = append(st.counts[:0], c)
		return
	}
	if i < st.offset {
		grow := st.offset - i
		st.counts = append(make([]uint64, grow, grow+len(st.counts)), st.counts...)
		st.offset = i
	}
	j := i - st.offset
	if j >= len(st.counts) {
		st.counts = append(st.counts, make([]uint64, j-len(st.counts)+1)...)
	}
	st.counts[j] += c
}

func (st *store) merge(o *store) {
	for j, c := range o.counts {
		if c > 0 {
			st.add(o.offset+j, c)
		}
	}
}

// New returns an empty sketch with relative error eps, or an error wrapping
// [ErrRelativeError] when eps is outside [MinRelativeError, MaxRelativeError].
func New(eps float64) (*Sketch, error) {
	if !(eps >= MinRelativeError && eps <= MaxRelativeError) {
		return nil, fmt.Errorf("%w: %v, want %v to %v", ErrRelativeError, eps, MinRelativeError, MaxRelativeError)
	}
	inner := 0.9 * eps
	g := (1 + inner) / (1 - inner)
	return &Sketch{eps: eps, gamma: g, logGamma: math.Log(g), cutoff: int64(math.Ceil(6 / eps)), small: map[int64]uint64{}}, nil
}

// RelativeError returns ε, the bound on a quantile's relative error.
func (s *Sketch) RelativeError() float64 { return s.eps }

// index returns the bucket of magnitude m ≥ cutoff.
func (s *Sketch) index(m uint64) int {
	return int(math.Ceil(math.Log(float64(m)) / s.logGamma))
}

// Add records one duration.
func (s *Sketch) Add(d time.Duration) { s.addN(d, 1) }

func (s *Sketch) addN(d time.Duration, c uint64) {
	if s.n == 0 || d < s.min {
		s.min = d
	}
	if s.n == 0 || d > s.max {
		s.max = d
	}
	s.n += c
	s.addSum(d, c)
	v := int64(d)
	switch {
	case v > -s.cutoff && v < s.cutoff:
		s.small[v] += c
	case v > 0:
		s.pos.add(s.index(uint64(v)), c)
	default:
		s.neg.add(s.index(uint64(-(v+1))+1), c) // -(v+1)+1 is |v|, also for math.MinInt64
	}
}

// addSum adds c·d to the exact sum.
func (s *Sketch) addSum(d time.Duration, c uint64) {
	// c·|d| as 128 bits, negated for negative d.
	neg := d < 0
	m := uint64(d)
	if neg {
		m = -m
	}
	hi, lo := bits.Mul64(m, c)
	if neg {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	var carry uint64
	s.sumLo, carry = bits.Add64(s.sumLo, lo, 0)
	h, _ := bits.Add64(uint64(s.sumHi), hi, carry)
	s.sumHi = int64(h)
}

// AddCensored records one observation that has not happened yet (see
// metrics.Summary.AddCensored); it is counted, not a value.
func (s *Sketch) AddCensored() { s.censored++ }

// AddCensoredN records n censored observations.
func (s *Sketch) AddCensoredN(n int) {
	if n > 0 {
		s.censored += uint64(n)
	}
}

// Merge adds o's observations to s. It returns an error wrapping
// [ErrIncompatible], and changes nothing, when their relative errors differ.
func (s *Sketch) Merge(o *Sketch) error {
	if s.eps != o.eps {
		return fmt.Errorf("%w: %v and %v", ErrIncompatible, s.eps, o.eps)
	}
	if o.n > 0 {
		if s.n == 0 || o.min < s.min {
			s.min = o.min
		}
		if s.n == 0 || o.max > s.max {
			s.max = o.max
		}
		s.n += o.n
		var carry uint64
		s.sumLo, carry = bits.Add64(s.sumLo, o.sumLo, 0)
		h, _ := bits.Add64(uint64(s.sumHi), uint64(o.sumHi), carry)
		s.sumHi = int64(h)
		for v, c := range o.small {
			s.small[v] += c
		}
		s.pos.merge(&o.pos)
		s.neg.merge(&o.neg)
	}
	s.censored += o.censored
	return nil
}

// Count returns the number of values.
func (s *Sketch) Count() int { return int(s.n) }

// Censored returns the number of censored observations.
func (s *Sketch) Censored() int { return int(s.censored) }

// Buckets returns the number of buckets held (exact small values and
// logarithmic buckets, empty ones inside a store's range included): the
// sketch's size in counters.
func (s *Sketch) Buckets() int { return len(s.small) + len(s.pos.counts) + len(s.neg.counts) }

// Min returns the smallest value, exactly; false when there is none.
func (s *Sketch) Min() (time.Duration, bool) { return s.min, s.n > 0 }

// Max returns the largest value, exactly; false when there is none.
func (s *Sketch) Max() (time.Duration, bool) { return s.max, s.n > 0 }

// Sum returns the exact sum of the values in nanoseconds.
func (s *Sketch) Sum() decimal.Decimal {
	b := new(big.Int).SetInt64(s.sumHi)
	b.Lsh(b, 64)
	b.Add(b, new(big.Int).SetUint64(s.sumLo))
	return decimal.NewFromBigInt(b, 0)
}

// Mean returns the exact mean rounded half away from zero to the
// nanosecond, as metrics.Summary.Mean does; false when there are no values.
func (s *Sketch) Mean() (time.Duration, bool) {
	if s.n == 0 {
		return 0, false
	}
	m := s.Sum().DivRound(decimal.NewFromBigInt(new(big.Int).SetUint64(s.n), 0), 0)
	return time.Duration(m.IntPart()), true
}

// estimate returns the value a bucket of magnitude index i is read as: the
// point within ε′ of both its ends, rounded to the nanosecond.
func (s *Sketch) estimate(i int) float64 {
	return math.Round(2 * math.Exp(float64(i)*s.logGamma) / (s.gamma + 1))
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) by nearest rank within the
// relative error; false when there are no values or p is outside [0, 1].
// Ranks are computed as metrics.Summary.Quantile computes them (p in
// decimal), and the estimate is clamped to [Min, Max].
func (s *Sketch) Quantile(p float64) (time.Duration, bool) {
	if s.n == 0 || !(p >= 0 && p <= 1) {
		return 0, false
	}
	k := decimal.NewFromFloat(p).Mul(decimal.NewFromBigInt(new(big.Int).SetUint64(s.n), 0)).Ceil().BigInt().Uint64()
	if k < 1 {
		k = 1
	}
	v := s.rank(k)
	return min(max(v, s.min), s.max), true
}

// rank returns the estimate of the k-th smallest value, 1 ≤ k ≤ n.
func (s *Sketch) rank(k uint64) time.Duration {
	seen := uint64(0)
	for j := len(s.neg.counts) - 1; j >= 0; j-- {
		if seen += s.neg.counts[j]; seen >= k {
			return clampDuration(-s.estimate(s.neg.offset + j))
		}
	}
	keys := make([]int64, 0, len(s.small))
	for v := range s.small {
		keys = append(keys, v)
	}
	slices.Sort(keys)
	for _, v := range keys {
		if seen += s.small[v]; seen >= k {
			return time.Duration(v)
		}
	}
	for j, c := range s.pos.counts {
		if seen += c; seen >= k {
			return clampDuration(s.estimate(s.pos.offset + j))
		}
	}
	return s.max
}

func clampDuration(f float64) time.Duration {
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return time.Duration(f)
}

// encodingVersion is the first byte of a sketch's encoding.
const encodingVersion = 1

// MarshalBinary implements encoding.BinaryMarshaler: a version byte, ε,
// the counts and the exact sum, min and max, then the small values and
// the two stores, all as varints. Equal sketches encode to equal bytes.
func (s *Sketch) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of [Sketch.MarshalBinary] to b.
func (s *Sketch) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, encodingVersion)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.eps))
	b = binary.AppendUvarint(b, s.n)
	b = binary.AppendUvarint(b, s.censored)
	if s.n > 0 {
		b = binary.AppendVarint(b, s.sumHi)
		b = binary.AppendUvarint(b, s.sumLo)
		b = binary.AppendVarint(b, int64(s.min))
		b = binary.AppendVarint(b, int64(s.max))
	}
	keys := make([]int64, 0, len(s.small))
	for v, c := range s.small {
		if c > 0 {
			keys = append(keys, v)
		}
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	prev := int64(0)
	for _, v := range keys {
		b = binary.AppendVarint(b, v-prev)
		b = binary.AppendUvarint(b, s.small[v])
		prev = v
	}
	for _, st := range []*store{&s.pos, &s.neg} {
		lo, hi := 0, len(st.counts)
		for lo < hi && st.counts[lo] == 0 {
			lo++
		}
		for hi > lo && st.counts[hi-1] == 0 {
			hi--
		}
		b = binary.AppendUvarint(b, uint64(hi-lo))
		if hi > lo {
			b = binary.AppendVarint(b, int64(st.offset+lo))
			for _, c := range st.counts[lo:hi] {
				b = binary.AppendUvarint(b, c)
			}
		}
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler. It checks that the
// counts add up and the buckets lie in range; errors wrap [ErrBadEncoding].
// On error s is left unchanged.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	out, rest, err := Decode(b)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: %d bytes after the sketch", ErrBadEncoding, len(rest))
	}
	*s = *out
	return nil
}

// Decode reads one sketch from the front of b and returns it and the bytes
// after it. Errors wrap [ErrBadEncoding].
func Decode(b []byte) (*Sketch, []byte, error) {
	d := decoder{b: b}
	if v := d.byte(); v != encodingVersion {
		return nil, nil, d.fail(fmt.Sprintf("version %d, want %d", v, encodingVersion))
	}
	if len(d.b) < 8 {
		return nil, nil, d.fail("truncated")
	}
	eps := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	s, err := New(eps)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadEncoding, err)
	}
	n, cens := d.uvarint(), d.uvarint()
	var sumHi, minV, maxV int64
	var sumLo uint64
	if n > 0 {
		sumHi, sumLo, minV, maxV = d.varint(), d.uvarint(), d.varint(), d.varint()
	}
	total := uint64(0)
	add := func(c uint64) {
		if c == 0 || total+c < total {
			d.err = "zero or overflowing count"
		}
		total += c
	}
	k := d.uvarint()
	if k > uint64(2*s.cutoff) {
		return nil, nil, d.fail("too many small values")
	}
	prev := int64(0)
	for range k {
		v := prev + d.varint()
		c := d.uvarint()
		if d.err != "" {
			break
		}
		if v <= -s.cutoff || v >= s.cutoff || (len(s.small) > 0 && v <= prev) {
			return nil, nil, d.fail("small value out of order or range")
		}
		add(c)
		s.small[v] = c
		prev = v
	}
	maxIndex := s.index(math.MaxUint64) + 1
	minIndex := s.index(uint64(s.cutoff)) - 1
	for _, st := range []*store{&s.pos, &s.neg} {
		m := d.uvarint()
		if m == 0 {
			continue
		}
		off := d.varint()
		// m is compared before it becomes an int64: a count of 2⁶³ or
		// more would wrap to a negative length.
		if d.err != "" || off < int64(minIndex) || off > int64(maxIndex) || m > uint64(int64(maxIndex)+1-off) {
			return nil, nil, d.fail("bucket index out of range")
		}
		st.offset = int(off)
		st.counts = make([]uint64, m)
		for j := range st.counts {
			c := d.uvarint()
			if total+c < total {
				d.err = "overflowing count"
			}
			total += c
			st.counts[j] = c
		}
	}
	if d.err != "" {
		return nil, nil, d.fail(d.err)
	}
	if total != n {
		return nil, nil, d.fail(fmt.Sprintf("buckets hold %d values, the count is %d", total, n))
	}
	if minV > maxV {
		return nil, nil, d.fail("min above max")
	}
	s.n, s.censored, s.sumHi, s.sumLo, s.min, s.max = n, cens, sumHi, sumLo, time.Duration(minV), time.Duration(maxV)
	return s, d.b, nil
}

type decoder struct {
	b   []byte
	err string
}

func (d *decoder) fail(problem string) error { return fmt.Errorf("%w: %s", ErrBadEncoding, problem) }

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = "truncated"
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		if d.err == "" {
			d.err = "truncated or overlong varint"
		}
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		if d.err == "" {
			d.err = "truncated or overlong varint"
		}
		return 0
	}
	d.b = d.b[n:]
	return v
}
