package quantile

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactQuantile is the nearest-rank quantile of sorted v, computed as
// metrics.Summary computes it.
func exactQuantile(v []time.Duration, p float64) time.Duration {
	k := int(decimal.NewFromFloat(p).Mul(decimal.NewFromInt(int64(len(v)))).Ceil().IntPart())
	return v[max(k, 1)-1]
}

// distributions are the generators of the property test.
var distributions = map[string]func(r *rand.Rand) time.Duration{
	"lognormal minutes": func(r *rand.Rand) time.Duration {
		return time.Duration(float64(30*time.Minute) * math.Exp(1.2*r.NormFloat64()))
	},
	"uniform days": func(r *rand.Rand) time.Duration { return time.Duration(r.Int64N(int64(30 * 24 * time.Hour))) },
	"heavy tail": func(r *rand.Rand) time.Duration {
		return time.Duration(float64(time.Second) / math.Pow(1-r.Float64(), 2))
	},
	"tiny nanoseconds": func(r *rand.Rand) time.Duration { return time.Duration(r.IntN(2000)) },
	"signed":           func(r *rand.Rand) time.Duration { return time.Duration(r.NormFloat64() * float64(time.Hour)) },
	"extremes": func(r *rand.Rand) time.Duration {
		switch r.IntN(4) {
		case 0:
			return math.MaxInt64 - time.Duration(r.IntN(1000))
		case 1:
			return math.MinInt64 + time.Duration(r.IntN(1000))
		case 2:
			return 0
		}
		return time.Duration(r.Int64())
	},
	"few distinct": func(r *rand.Rand) time.Duration { return time.Duration(r.IntN(3)) * time.Hour },
}

// TestQuantilesWithinRelativeError is the property test: on seeded random
// data from several distributions and sizes, every quantile on a grid is
// within ε of the exact nearest-rank quantile, for several ε; count, sum,
// mean, min and max are exact.
func TestQuantilesWithinRelativeError(t *testing.T) {
	ps := []float64{0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1}
	for name, gen := range distributions {
		for _, eps := range []float64{0.01, 0.001, 0.05} {
			for seed := range uint64(4) {
				r := rand.New(rand.NewPCG(seed, 99))
				n := []int{1, 7, 1000, 20000}[seed]
				s, err := New(eps)
				require.NoError(t, err)
				v := make([]time.Duration, n)
				sum := decimal.Zero
				for i := range v {
					v[i] = gen(r)
					s.Add(v[i])
					sum = sum.Add(decimal.NewFromInt(int64(v[i])))
				}
				slices.Sort(v)
				require.Equal(t, n, s.Count())
				assert.True(t, sum.Equal(s.Sum()), "%s: sum %v, want %v", name, s.Sum(), sum)
				mn, _ := s.Min()
				mx, _ := s.Max()
				assert.Equal(t, v[0], mn)
				assert.Equal(t, v[n-1], mx)
				mean, _ := s.Mean()
				assert.Equal(t, time.Duration(sum.DivRound(decimal.NewFromInt(int64(n)), 0).IntPart()), mean)
				for _, p := range ps {
					want := exactQuantile(v, p)
					got, ok := s.Quantile(p)
					require.True(t, ok)
					assert.LessOrEqual(t, math.Abs(float64(got)-float64(want)), eps*math.Abs(float64(want)),
						"%s eps=%v n=%d p=%v: got %d, want %d", name, eps, n, p, got, want)
				}
			}
		}
	}
}

// TestMergeEqualsOnePass merges sketches of a random split in a random
// order and compares with the sketch of all values, encoding included.
func TestMergeEqualsOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	one, err := New(DefaultRelativeError)
	require.NoError(t, err)
	parts := make([]*Sketch, 5)
	for i := range parts {
		parts[i], err = New(DefaultRelativeError)
		require.NoError(t, err)
	}
	for range 5000 {
		d := distributions["signed"](r)
		one.Add(d)
		parts[r.IntN(len(parts))].Add(d)
	}
	one.AddCensored()
	parts[2].AddCensored()
	r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	for _, p := range parts[1:] {
		require.NoError(t, parts[0].Merge(p))
	}
	a, err := one.MarshalBinary()
	require.NoError(t, err)
	b, err := parts[0].MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, 1, parts[0].Censored())

	other, err := New(0.02)
	require.NoError(t, err)
	assert.ErrorIs(t, one.Merge(other), ErrIncompatible)
}

// TestBoundedSize adds a million values spread over twelve orders of
// magnitude: the number of buckets stays within the bound of the range.
func TestBoundedSize(t *testing.T) {
	s, err := New(DefaultRelativeError)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 1))
	for range 1_000_000 {
		s.Add(time.Duration(math.Pow(10, 3+12*r.Float64())))
	}
	// ln(10^12)/ln γ buckets of the logarithmic store, and the small values.
	g := (1 + 0.009) / (1 - 0.009)
	assert.LessOrEqual(t, s.Buckets(), int(math.Log(1e12)/math.Log(g))+2)
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	assert.Less(t, len(b), 8000)
}

// TestEncodingRoundTrip decodes what was encoded, and rejects damage.
func TestEncodingRoundTrip(t *testing.T) {
	s, err := New(0.01)
	require.NoError(t, err)
	empty, err := s.MarshalBinary()
	require.NoError(t, err)
	for _, d := range []time.Duration{-time.Hour, -3, 0, 5, 599, 600, time.Minute, math.MaxInt64, math.MinInt64} {
		s.Add(d)
	}
	s.AddCensoredN(3)
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	var d Sketch
	require.NoError(t, d.UnmarshalBinary(b))
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, b, again)
	assert.Equal(t, 9, d.Count())
	assert.Equal(t, 3, d.Censored())
	q, _ := d.Quantile(0.5)
	assert.Equal(t, time.Duration(5), q)

	var e Sketch
	require.NoError(t, e.UnmarshalBinary(empty))
	_, ok := e.Quantile(0.5)
	assert.False(t, ok)

	for name, bad := range map[string][]byte{
		"empty":      nil,
		"version":    append([]byte{2}, b[1:]...),
		"truncated":  b[:len(b)-1],
		"trailing":   append(slices.Clone(b), 0),
		"bad eps":    append([]byte{1, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, b[9:]...),
		"count":      append(append([]byte{}, b[:9]...), append([]byte{10}, b[10:]...)...),
		"only magic": {1},
	} {
		var x Sketch
		assert.ErrorIs(t, x.UnmarshalBinary(bad), ErrBadEncoding, name)
	}
}

// TestNewAndReads covers the relative error's range and reads of an empty
// sketch.
func TestNewAndReads(t *testing.T) {
	for _, eps := range []float64{0, -0.01, 0.2, math.NaN(), MinRelativeError / 2} {
		_, err := New(eps)
		assert.ErrorIs(t, err, ErrRelativeError, "%v", eps)
	}
	s, err := New(MaxRelativeError)
	require.NoError(t, err)
	assert.Equal(t, MaxRelativeError, s.RelativeError())
	_, ok := s.Mean()
	assert.False(t, ok)
	_, ok = s.Min()
	assert.False(t, ok)
	s.Add(time.Second)
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		_, ok := s.Quantile(p)
		assert.False(t, ok, "%v", p)
	}
}

func FuzzDecode(f *testing.F) {
	s, _ := New(0.01)
	for _, d := range []time.Duration{-time.Hour, 0, 5, time.Minute} {
		s.Add(d)
	}
	b, _ := s.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Sketch
		if err := s.UnmarshalBinary(b); err != nil {
			require.ErrorIs(t, err, ErrBadEncoding)
			return
		}
		again, err := s.MarshalBinary()
		require.NoError(t, err)
		var d Sketch
		require.NoError(t, d.UnmarshalBinary(again))
		if s.Count() > 0 {
			q, ok := s.Quantile(0.5)
			require.True(t, ok)
			mn, _ := s.Min()
			mx, _ := s.Max()
			require.True(t, q >= mn && q <= mx)
		}
	})
}

// TestDecodeRefusesHugeOrOverflowingStores feeds encodings whose bucket
// count does not fit an int64 (it wrapped to a negative number and passed
// the range check, then panicked in make) and whose bucket counts wrap
// around to the stated count: both are ErrBadEncoding, not a panic or a
// sketch whose ranks are garbage.
func TestDecodeRefusesHugeOrOverflowingStores(t *testing.T) {
	head := func(n uint64) []byte {
		b := []byte{1}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(0.01))
		b = binary.AppendUvarint(b, n) // count
		b = binary.AppendUvarint(b, 0) // censored
		if n > 0 {
			b = binary.AppendVarint(b, 0)   // sum hi
			b = binary.AppendUvarint(b, 0)  // sum lo
			b = binary.AppendVarint(b, 700) // min
			b = binary.AppendVarint(b, 800) // max
		}
		return binary.AppendUvarint(b, 0) // no small values
	}
	huge := head(0)
	huge = binary.AppendUvarint(huge, 1<<63) // buckets in the positive store
	huge = binary.AppendVarint(huge, 700)
	huge = binary.AppendUvarint(huge, 0) // negative store

	wrap := head(1)
	wrap = binary.AppendUvarint(wrap, 2)
	wrap = binary.AppendVarint(wrap, 700)
	wrap = binary.AppendUvarint(wrap, math.MaxUint64)
	wrap = binary.AppendUvarint(wrap, 2)
	wrap = binary.AppendUvarint(wrap, 0)

	for name, b := range map[string][]byte{"huge store": huge, "wrapping counts": wrap} {
		var s Sketch
		var err error
		require.NotPanics(t, func() { err = s.UnmarshalBinary(b) }, name)
		assert.ErrorIs(t, err, ErrBadEncoding, name)
	}
}
