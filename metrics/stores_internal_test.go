package metrics

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestSummaryStoresNaive checks every read of a summary whose values lie
// in its 2-byte and 4-byte stores (and zeros and nanoseconds) against a
// plain sorted slice of the same values: above and below the selection
// threshold, with the median in one store and the 90th percentile in the
// other, with only one store filled, at the edges 2¹⁶ − 1, 2¹⁶, 2³² − 1
// and 2³² s, built by Add, by Merge of parts, by Merge into a clone, and
// by Sort followed by more Adds, read directly, after Sort and after a
// JSON round trip.
func TestSummaryStoresNaive(t *testing.T) {
	seeds := uint64(1)
	if os.Getenv("DESK_LONG") == "1" {
		seeds = 8
	}
	for seed := range seeds {
		summaryStoresNaive(t, rand.New(rand.NewPCG(11+seed, 12)))
	}
}

func summaryStoresNaive(t *testing.T, rng *rand.Rand) {
	sec := func(n uint64) time.Duration { return time.Duration(n) * time.Second }
	edges := []time.Duration{sec(1<<16 - 1), sec(1 << 16), sec(1<<32 - 1), sec(1 << 32), sec(1<<16-1) + 1, sec(1<<16) - 1}
	shapes := map[string]func() time.Duration{
		"short":  func() time.Duration { return sec(1 + rng.Uint64N(1<<16-1)) },
		"secs":   func() time.Duration { return sec(1<<16 + rng.Uint64N(1<<32-1<<16)) },
		"edge16": func() time.Duration { return sec(1<<16 - 2 + rng.Uint64N(4)) },
		"edges":  func() time.Duration { return edges[rng.IntN(len(edges))] },
		// three quarters short: the median in the 2-byte store, the 90th
		// percentile in the 4-byte one
		"split": func() time.Duration {
			if rng.IntN(4) != 0 {
				return sec(rng.Uint64N(1 << 16))
			}
			return sec(1<<16 + rng.Uint64N(1<<20))
		},
		"mixed": func() time.Duration {
			switch rng.IntN(8) {
			case 0:
				return 0
			case 1:
				return -sec(rng.Uint64N(100))
			case 2:
				return time.Duration(rng.Int64N(int64(time.Hour)))
			case 3, 4:
				return sec(rng.Uint64N(1 << 16))
			}
			return sec(1<<16 - 5 + rng.Uint64N(1<<17))
		},
	}
	for name, gen := range shapes {
		for _, n := range []int{1, 7, selectSmall, selectSmall + 1, 9000} {
			vals := make([]time.Duration, n)
			for i := range vals {
				vals[i] = gen()
			}
			builds := map[string]func() *Summary{
				"add": func() *Summary {
					var s Summary
					for _, v := range vals {
						s.Add(v)
					}
					return &s
				},
				"merge": func() *Summary {
					var s Summary
					mergeInParts(rng, &s, vals, 700)
					return &s
				},
				"clone": func() *Summary {
					var a, b Summary
					for i, v := range vals {
						if i%2 == 0 {
							a.Add(v)
						} else {
							b.Add(v)
						}
					}
					c := a.clone()
					c.Merge(&b)
					a.Add(time.Hour) // the original's later values never reach the clone
					return &c
				},
				"sortadd": func() *Summary {
					var s Summary
					for _, v := range vals[:len(vals)/2] {
						s.Add(v)
					}
					s.Sort()
					for _, v := range vals[len(vals)/2:] {
						s.Add(v)
					}
					return &s
				},
			}
			want := slices.Sorted(slices.Values(vals))
			for bname, build := range builds {
				s := build()
				check := func(how string, s *Summary) {
					t.Helper()
					where := name + "/" + bname + "/" + how
					if got := s.Values(); !slices.Equal(got, want) {
						t.Fatalf("%s n=%d: values differ", where, n)
					}
					if c := s.Count(); c != n {
						t.Fatalf("%s: count %d, want %d", where, c, n)
					}
					lo, _ := s.Min()
					hi, _ := s.Max()
					if lo != want[0] || hi != want[n-1] {
						t.Fatalf("%s n=%d: min %v max %v, want %v %v", where, n, lo, hi, want[0], want[n-1])
					}
					sum := decimal.Zero
					for _, v := range want {
						sum = sum.Add(decimal.NewFromInt(int64(v)))
					}
					if got := s.Sum(); !got.Equal(sum) {
						t.Fatalf("%s: sum %v, want %v", where, got, sum)
					}
					mean := time.Duration(sum.DivRound(decimal.NewFromInt(int64(n)), 0).IntPart())
					at := func(k int) time.Duration { return want[k] }
					for _, m := range []QuantileMethod{NearestRank, Linear} {
						for _, p := range []float64{0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.99, 1} {
							got, _ := s.Quantile(p, m)
							if w := quantileBy(n, p, m, at); got != w {
								t.Fatalf("%s n=%d: %s p%v %v, want %v", where, n, m, p, got, w)
							}
						}
						st := s.Stats(m)
						w := Stats{Count: n, Mean: mean, Median: quantileBy(n, 0.5, m, at), P90: quantileBy(n, 0.9, m, at),
							Min: want[0], Max: want[n-1], Method: m, Ok: true}
						if st != w {
							t.Fatalf("%s n=%d: stats %+v, want %+v", where, n, st, w)
						}
					}
				}
				check("live", s)
				b, err := json.Marshal(s)
				if err != nil {
					t.Fatal(err)
				}
				var d Summary
				if err := json.Unmarshal(b, &d); err != nil {
					t.Fatal(err)
				}
				check("json", &d)
				s.Sort()
				check("sorted", s)
			}
		}
	}
}

// TestSummaryMergeSelf checks that a summary merged into itself holds
// each of its values twice, in every store.
func TestSummaryMergeSelf(t *testing.T) {
	var s Summary
	var want []time.Duration
	for i := range 100 {
		for _, v := range []time.Duration{time.Duration(i+1) * time.Second, time.Duration(1<<16+i) * time.Second, time.Duration(i) + time.Millisecond} {
			s.Add(v)
			want = append(want, v, v)
		}
	}
	s.Merge(&s)
	slices.Sort(want)
	if got := s.Values(); !slices.Equal(got, want) || s.Count() != len(want) {
		t.Fatalf("self merge: %d values (count %d), want %d", len(got), s.Count(), len(want))
	}
}
