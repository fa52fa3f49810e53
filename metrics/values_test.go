package metrics_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func summaryOf(ds ...time.Duration) *metrics.Summary {
	var s metrics.Summary
	for _, d := range ds {
		s.Add(d)
	}
	return &s
}

func TestQuantiles(t *testing.T) {
	s := func(xs ...int) *metrics.Summary {
		var ds []time.Duration
		for _, x := range xs {
			ds = append(ds, time.Duration(x))
		}
		return summaryOf(ds...)
	}
	cases := []struct {
		name   string
		s      *metrics.Summary
		p      float64
		method metrics.QuantileMethod
		want   time.Duration
	}{
		{"median of 1..4, nearest rank (percentile_disc)", s(4, 2, 3, 1), 0.5, metrics.NearestRank, 2},
		{"median of 1..4, linear (percentile_cont)", s(4, 2, 3, 1), 0.5, metrics.Linear, 3}, // 2.5 rounds half away from zero
		{"p90 of 1..10, nearest rank", s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.9, metrics.NearestRank, 9},
		{"p90 of 10..100 step 10, linear", s(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 0.9, metrics.Linear, 91},
		{"p0 is the minimum", s(5, 3, 9), 0, metrics.NearestRank, 3},
		{"p1 is the maximum, linear", s(5, 3, 9), 1, metrics.Linear, 9},
		{"one value", s(7), 0.9, metrics.Linear, 7},
		{"median of two, nearest rank is the lower", s(9, 4), 0.5, metrics.NearestRank, 4},
		{"median of two, linear is the midpoint", s(9, 4), 0.5, metrics.Linear, 7}, // 6.5 half away from zero
		{"median of an odd count is the middle value either way", s(30, 10, 20), 0.5, metrics.Linear, 20},
		{"all equal, p90", s(5, 5, 5, 5), 0.9, metrics.Linear, 5},
		{"p90 of one value, nearest rank", s(7), 0.9, metrics.NearestRank, 7},
		{"negative values sort below zero", s(-5, 3, -1, 0), 0.25, metrics.NearestRank, -5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.s.Quantile(c.p, c.method)
			require.True(t, ok)
			assert.Equal(t, c.want, got)
		})
	}
	_, ok := summaryOf().Quantile(0.5, metrics.NearestRank)
	assert.False(t, ok, "no values: no quantile")
	_, ok = summaryOf(1).Quantile(1.5, metrics.NearestRank)
	assert.False(t, ok, "p outside [0, 1]")
	var empty metrics.Summary
	empty.AddCensored()
	st := empty.Stats("")
	assert.Equal(t, metrics.Stats{Censored: 1, Method: metrics.NearestRank}, st)
}

// TestSummaryLarge checks the radix sort and exact mean on many values,
// including values whose sum overflows a Duration.
func TestSummaryLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s metrics.Summary
	var want []time.Duration
	for range 20000 {
		d := time.Duration(rng.Int64N(1<<62)) - 1<<61
		s.Add(d)
		want = append(want, d)
	}
	slices.Sort(want)
	assert.Equal(t, want, s.Values())
	s2 := summaryOf(1<<62, 1<<62, 1<<62)
	m, ok := s2.Mean()
	require.True(t, ok)
	assert.Equal(t, time.Duration(1<<62), m)
	assert.Equal(t, "13835058055282163712", s2.Sum().String())
}

func TestSummaryMergeRandomSplits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 50 {
		var all metrics.Summary
		parts := make([]metrics.Summary, 1+rng.IntN(5))
		for range rng.IntN(300) {
			d := time.Duration(rng.Int64N(1e12))
			all.Add(d)
			parts[rng.IntN(len(parts))].Add(d)
			if rng.IntN(10) == 0 {
				all.AddCensored()
				parts[rng.IntN(len(parts))].AddCensored()
			}
		}
		var merged metrics.Summary
		for _, i := range rng.Perm(len(parts)) {
			merged.Merge(&parts[i])
		}
		for _, m := range []metrics.QuantileMethod{metrics.NearestRank, metrics.Linear} {
			assert.Equal(t, all.Stats(m), merged.Stats(m), "round %d", round)
		}
	}
}

func TestRateValues(t *testing.T) {
	cases := []struct {
		name     string
		num, den int
		scale    int32
		mode     metrics.Rounding
		want     string
		ok       bool
	}{
		{"0/0 is undefined", 0, 0, 2, metrics.RoundHalfEven, "", false},
		{"0/5 is zero", 0, 5, 2, metrics.RoundHalfEven, "0", true},
		{"1/8 half-even", 1, 8, 2, metrics.RoundHalfEven, "0.12", true},
		{"1/8 half-up", 1, 8, 2, metrics.RoundHalfUp, "0.13", true},
		{"3/8 half-even rounds to even", 3, 8, 2, metrics.RoundHalfEven, "0.38", true},
		{"2/3 down", 2, 3, 3, metrics.RoundDown, "0.666", true},
		{"2/3 half-even", 2, 3, 3, metrics.RoundHalfEven, "0.667", true},
		{"1/3 to integer", 1, 3, 0, metrics.RoundHalfUp, "0", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := metrics.Rate{Numerator: c.num, Denominator: c.den}.Value(c.scale, c.mode)
			assert.Equal(t, c.ok, ok)
			if ok {
				assert.Equal(t, c.want, got.String())
			}
		})
	}
	p, ok := metrics.Rate{Numerator: 2, Denominator: 3}.Percent(1, metrics.RoundHalfEven)
	require.True(t, ok)
	assert.Equal(t, "66.7", p.String())
	assert.Equal(t, "0/0 = undefined", metrics.Rate{}.String())
}

func TestNPSAndCES(t *testing.T) {
	var n metrics.NPS
	for _, s := range []int{10, 9, 8, 7, 6, 0, 10} {
		n.Add(s)
	}
	score, ok := n.Score(1, metrics.RoundHalfEven)
	require.True(t, ok)
	assert.Equal(t, "14.3", score.String()) // (3 − 2) / 7
	_, ok = metrics.NPS{}.Score(0, metrics.RoundHalfEven)
	assert.False(t, ok)

	var c metrics.CES
	for _, s := range []int{7, 5, 4, 1} {
		c.Add(s, 7)
	}
	mean, _ := c.Value(metrics.CESMean, 2, metrics.RoundHalfEven)
	agree, _ := c.Value(metrics.CESAgree, 0, metrics.RoundHalfEven)
	assert.Equal(t, "4.25", mean.String())
	assert.Equal(t, "50", agree.String())

	aht := metrics.AHT{Talk: 10 * time.Minute, Hold: 2 * time.Minute, AfterCallWork: 3 * time.Minute, Handled: 2}
	v, ok := aht.Value()
	require.True(t, ok)
	assert.Equal(t, 7*time.Minute+30*time.Second, v)
	_, ok = metrics.AHT{}.Value()
	assert.False(t, ok)
}

// TestSummaryMergeSharesSafely: a merged summary shares memory with its
// source, and neither side's later changes reach the other.
func TestSummaryMergeSharesSafely(t *testing.T) {
	a := summaryOf(5, 1, 3)
	var b metrics.Summary
	b.Merge(a)
	a.Add(0)       // into a's spare capacity
	_ = a.Values() // sorts a in place
	b.Add(9)       // b's own chunk
	assert.Equal(t, []time.Duration{1, 3, 5, 9}, b.Values())
	assert.Equal(t, []time.Duration{0, 1, 3, 5}, a.Values())
	var c metrics.Summary
	c.Merge(&b)
	c.Merge(a)
	assert.Equal(t, []time.Duration{0, 1, 1, 3, 3, 5, 5, 9}, c.Values())
	assert.Equal(t, []time.Duration{1, 3, 5, 9}, b.Values())
}

// TestSummaryCompactValues checks that the compact storage of whole
// seconds (2 bytes a value below 2¹⁶ s, 4 bytes up to 2³² s) and the full
// storage of every other value read as one sorted sequence: every
// quantile, min, max, sum, mean, the values, JSON, merge and clone agree
// with a naive sorted slice, on summaries of whole seconds only, of other
// values only, and of both mixed (including negative values, sub-second
// parts, 0 and the edges of 2¹⁶ s and 2³² s).
func TestSummaryCompactValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const largestCompact = time.Duration(1<<32-1) * time.Second
	edges := []time.Duration{0, time.Second, largestCompact, largestCompact + time.Second, largestCompact + 1, -time.Second, 1, time.Second + 1,
		(1<<16 - 1) * time.Second, 1 << 16 * time.Second, (1<<16+1)*time.Second - 1}
	draw := func(kind int) time.Duration {
		switch {
		case kind >= 3 && rng.IntN(3) == 0:
			return 0 // zeros are counted, not stored
		case kind == 4 || kind == 0 || kind == 2 && rng.IntN(2) == 0:
			return time.Duration(rng.Int64N(200_000)) * time.Second // whole seconds
		case rng.IntN(20) == 0:
			return edges[rng.IntN(len(edges))]
		default:
			return time.Duration(rng.Int64N(200_000*1e9)) - 1e12 // mostly sub-second parts, some negative
		}
	}
	ps := []float64{0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1}
	for _, n := range []int{1, 2, 7, 100, 5000} {
		for kind := range 5 { // whole seconds, other, both; with many zeros: both, whole seconds

			var s metrics.Summary
			parts := make([]metrics.Summary, 3)
			want := make([]time.Duration, n)
			for i := range want {
				want[i] = draw(kind)
				s.Add(want[i])
				parts[rng.IntN(len(parts))].Add(want[i])
			}
			slices.Sort(want)
			name := fmt.Sprintf("n=%d kind=%d", n, kind)
			check := func(s *metrics.Summary, how string) {
				t.Helper()
				require.Equal(t, want, s.Values(), "%s %s", name, how)
				for _, p := range ps {
					k := max(1, int(math.Ceil(p*float64(n))))
					if p*float64(n) == math.Floor(p*float64(n)) && p > 0 {
						k = int(p * float64(n)) // exact products: no float ceiling surprise
					}
					got, ok := s.Quantile(p, metrics.NearestRank)
					require.True(t, ok)
					assert.Equal(t, want[k-1], got, "%s %s nearest rank p=%v", name, how, p)
					// h = p·(n−1) exactly (in decimal: a float's error times a
					// gap of 2³² s would be microseconds).
					h := decimal.NewFromFloat(p).Mul(decimal.NewFromInt(int64(n - 1)))
					lo := int(h.IntPart())
					wantLin := want[min(lo, n-1)]
					if lo < n-1 {
						gap := decimal.NewFromInt(int64(want[lo+1] - want[lo]))
						wantLin += time.Duration(h.Sub(h.Floor()).Mul(gap).Round(0).IntPart())
					}
					gotLin, _ := s.Quantile(p, metrics.Linear)
					assert.Equal(t, wantLin, gotLin, "%s %s linear p=%v", name, how, p)
				}
				lo, _ := s.Min()
				hi, _ := s.Max()
				assert.Equal(t, want[0], lo, "%s %s min", name, how)
				assert.Equal(t, want[n-1], hi, "%s %s max", name, how)
				sum := new(big.Int)
				for _, d := range want {
					sum.Add(sum, big.NewInt(int64(d)))
				}
				assert.Equal(t, sum.String(), s.Sum().String(), "%s %s sum", name, how)
				st := s.Stats(metrics.NearestRank)
				assert.Equal(t, want[0], st.Min)
				assert.Equal(t, want[n-1], st.Max)
				assert.Equal(t, n, st.Count)
				med, _ := s.Quantile(0.5, metrics.NearestRank)
				p90, _ := s.Quantile(0.9, metrics.NearestRank)
				mean, _ := s.Mean()
				assert.Equal(t, [3]time.Duration{med, p90, mean}, [3]time.Duration{st.Median, st.P90, st.Mean}, "%s %s stats", name, how)
				lin := s.Stats(metrics.Linear)
				med, _ = s.Quantile(0.5, metrics.Linear)
				p90, _ = s.Quantile(0.9, metrics.Linear)
				assert.Equal(t, [2]time.Duration{med, p90}, [2]time.Duration{lin.Median, lin.P90}, "%s %s linear stats", name, how)
			}
			check(&s, "as added")
			var merged metrics.Summary
			for i := range parts {
				merged.Merge(&parts[i])
			}
			check(&merged, "merged")
			b, err := json.Marshal(&merged)
			require.NoError(t, err)
			var back metrics.Summary
			require.NoError(t, json.Unmarshal(b, &back))
			check(&back, "decoded")
			b2, _ := json.Marshal(&back)
			assert.Equal(t, string(b), string(b2))
			merged.Sort()
			check(&merged, "sorted")
			merged.Add(want[0]) // after Sort, Add still works
			assert.Equal(t, n+1, merged.Count())
		}
	}
}

// TestSummarySortEdgeShapes checks the radix sort's skipped passes: every
// value equal, values differing in one byte only (one pass), in two bytes
// (an even number of passes), spread over chunks and merged summaries.
func TestSummarySortEdgeShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for name, gen := range map[string]func() time.Duration{
		"all equal seconds":     func() time.Duration { return 42 * time.Second },
		"all equal nanoseconds": func() time.Duration { return -7 },
		"one byte of seconds":   func() time.Duration { return time.Duration(rng.IntN(256)) * time.Second },
		"two bytes of seconds":  func() time.Duration { return time.Duration(rng.IntN(1<<16)) * time.Second },
		"one byte of nanos":     func() time.Duration { return time.Duration(1<<40 + rng.IntN(256)) },
	} {
		var s, other metrics.Summary
		var want []time.Duration
		for i := range 10_000 {
			d := gen()
			want = append(want, d)
			if i%3 == 0 {
				other.Add(d)
			} else {
				s.Add(d)
			}
		}
		s.Merge(&other)
		slices.Sort(want)
		assert.Equal(t, want, s.Values(), name+" read unsorted")
		s.Sort()
		assert.Equal(t, want, s.Values(), name+" after Sort")
		med, _ := s.Quantile(0.5, metrics.NearestRank)
		assert.Equal(t, want[4999], med, name)
	}
}
