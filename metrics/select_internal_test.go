package metrics

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"
)

// TestStatsSelectEqualsSort checks that Stats read by selection (values
// not sorted in one slice) equals Stats read from the sorted values, for
// both quantile methods, over sizes around the thresholds and shapes that
// stress the histogram: heavy tails, one repeated value, two values far
// apart, the extremes of the range, a merge of chunks.
func TestStatsSelectEqualsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	shapes := map[string]func() uint32{
		"uniform":  func() uint32 { return rng.Uint32N(86_400) },
		"tail":     func() uint32 { return uint32(math.Min(math.Exp(rng.Float64()*22), math.MaxUint32)) },
		"constant": func() uint32 { return 3600 },
		"two":      func() uint32 { return []uint32{0, math.MaxUint32}[rng.IntN(2)] },
		"extremes": func() uint32 { return []uint32{0, 1, math.MaxUint32 - 1, math.MaxUint32, rng.Uint32()}[rng.IntN(5)] },
		"clumped":  func() uint32 { return 7200 + rng.Uint32N(3) },
		"bimodal":  func() uint32 { return []uint32{rng.Uint32N(60), 1 << 30}[rng.IntN(2)] + rng.Uint32N(5) },
		"zeros":    func() uint32 { return []uint32{0, 0, rng.Uint32N(86_400)}[rng.IntN(3)] },
		"allzero":  func() uint32 { return 0 },
	}
	sizes := []int{selectSmall + 1, selectSmall + 2, 10_000}
	if os.Getenv("DESK_LONG") == "1" {
		sizes = append(sizes, 65_537, 200_000)
	}
	for name, gen := range shapes {
		for _, n := range sizes {
			var s, parts Summary
			for i := range n {
				d := time.Duration(gen()) * time.Second
				s.Add(d)
				if i%3 == 0 {
					var p Summary
					p.Add(d)
					parts.Merge(&p)
				} else {
					parts.Add(d)
				}
			}
			for _, m := range []QuantileMethod{NearestRank, Linear} {
				for _, x := range []*Summary{&s, &parts} {
					got := x.Stats(m)
					sorted := x.clone()
					sorted.Sort()
					if !sorted.secs.inOrder() || !sorted.short.inOrder() {
						t.Fatal("Sort left the values unsorted")
					}
					want := sorted.Stats(m)
					if got != want {
						t.Fatalf("%s n=%d %s: selected %+v, sorted %+v", name, n, m, got, want)
					}
					vals := sorted.Values()
					if got.Min != vals[0] || got.Max != vals[len(vals)-1] {
						t.Fatalf("%s n=%d: min/max %v %v, want %v %v", name, n, got.Min, got.Max, vals[0], vals[len(vals)-1])
					}
				}
			}
		}
	}
}

// TestSelectSecsRanks checks every rank of a small multiset above the
// sorting threshold against the sorted values.
func TestSelectSecsRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	vals := make([]uint32, selectSmall*3)
	for i := range vals {
		vals[i] = uint32(rng.Uint64N(1 << uint(rng.IntN(32)+1)))
	}
	chunks := [][]uint32{vals[:100], vals[100:5000], vals[5000:]}
	sorted := slices.Sorted(slices.Values(vals))
	for k := 0; k < len(vals); k += 7 {
		ks := []int{k}
		if k+1 < len(vals) {
			ks = append(ks, k+1)
		}
		out := make([]uint32, len(ks))
		selectSecs(chunks, len(vals), sorted[0], sorted[len(sorted)-1], ks, out)
		for i, k := range ks {
			if out[i] != sorted[k] {
				t.Fatalf("rank %d: %d, want %d", k, out[i], sorted[k])
			}
		}
	}
}

// TestLogBins checks that logarithmic bins grow with their values and
// that each bin's range holds exactly its values.
func TestLogBins(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	vals := []uint32{0, 1, 63, 64, 127, 128, 129, 255, 256, 1 << 20, math.MaxUint32 - 1, math.MaxUint32}
	for range 100_000 {
		vals = append(vals, uint32(rng.Uint64N(1<<uint(rng.IntN(32)+1))))
	}
	slices.Sort(vals)
	for i, v := range vals {
		k := logKey(v)
		if k < 0 || k >= logBins {
			t.Fatalf("logKey(%d) = %d, outside [0, %d)", v, k, logBins)
		}
		if lo, hi := logRange(k); v < lo || v > hi {
			t.Fatalf("logRange(logKey(%d) = %d) = [%d, %d]", v, k, lo, hi)
		}
		if i > 0 && k < logKey(vals[i-1]) {
			t.Fatalf("logKey(%d) = %d < logKey(%d) = %d", v, k, vals[i-1], logKey(vals[i-1]))
		}
	}
	for k := 64; k < logBins-1; k++ {
		_, hi := logRange(k)
		if lo, _ := logRange(k + 1); lo != hi+1 && hi != math.MaxUint32 {
			t.Fatalf("bins %d and %d leave a gap: %d, %d", k, k+1, hi, lo)
		}
	}
}
