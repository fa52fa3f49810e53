package metrics

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/sla"
)

// refStats computes Stats from the values by the definitions, exactly.
func refStats(vals []time.Duration, censored int, m QuantileMethod) Stats {
	st := Stats{Count: len(vals), Censored: censored, Method: m}
	if len(vals) == 0 {
		return st
	}
	st.Ok = true
	x := slices.Sorted(slices.Values(vals))
	n := len(x)
	st.Min, st.Max = x[0], x[n-1]
	sum := new(big.Int)
	for _, v := range x {
		sum.Add(sum, big.NewInt(int64(v)))
	}
	st.Mean = time.Duration(roundHalfAway(new(big.Rat).SetFrac(sum, big.NewInt(int64(n)))).Int64())
	q := func(p *big.Rat) time.Duration {
		if m == Linear {
			h := new(big.Rat).Mul(p, big.NewRat(int64(n-1), 1))
			lo := new(big.Int).Quo(h.Num(), h.Denom()).Int64()
			if int(lo) >= n-1 {
				return x[n-1]
			}
			frac := new(big.Rat).Sub(h, new(big.Rat).SetInt64(lo))
			diff := new(big.Int).Sub(big.NewInt(int64(x[lo+1])), big.NewInt(int64(x[lo])))
			d := roundHalfAway(new(big.Rat).Mul(frac, new(big.Rat).SetInt(diff)))
			return x[lo] + time.Duration(d.Int64())
		}
		k := new(big.Rat).Mul(p, big.NewRat(int64(n), 1))
		c := new(big.Int).Quo(k.Num(), k.Denom())
		if !k.IsInt() {
			c.Add(c, big.NewInt(1))
		}
		i := max(1, int(c.Int64()))
		return x[i-1]
	}
	st.Median, st.P90 = q(big.NewRat(1, 2)), q(big.NewRat(9, 10))
	return st
}

// roundHalfAway rounds r to an integer, half away from zero.
func roundHalfAway(r *big.Rat) *big.Int {
	a := new(big.Rat).Abs(r)
	a.Add(a, big.NewRat(1, 2))
	i := new(big.Int).Quo(a.Num(), a.Denom())
	if r.Sign() < 0 {
		i.Neg(i)
	}
	return i
}

// reviewShapes generate values of every kind a Summary stores apart:
// zeros, whole seconds over the whole 32-bit range, sub-second and
// negative values, whole seconds beyond 2³² − 1 s.
func reviewShapes(rng *rand.Rand) map[string]func() time.Duration {
	sec := func(v uint32) time.Duration { return time.Duration(v) * time.Second }
	return map[string]func() time.Duration{
		"clump-high": func() time.Duration { return sec(1<<31 + rng.Uint32N(1<<14)) }, // one log bin, one equal-width bin, then more
		"clump-log":  func() time.Duration { return sec(1<<31 + rng.Uint32N(1<<25)) },
		"wide":       func() time.Duration { return sec(uint32(rng.Uint64N(1 << uint(rng.IntN(33))))) },
		"zeros-ext": func() time.Duration {
			return sec([]uint32{0, 0, 0, 1, math.MaxUint32, math.MaxUint32 - 1}[rng.IntN(6)])
		},
		"mostly0": func() time.Duration {
			return sec([]uint32{0, 0, 0, 0, 0, 0, 0, 0, 0, 5 + rng.Uint32N(3)}[rng.IntN(10)])
		},
		"ranks-split": func() time.Duration {
			// the median and p90 in different clumps of many distinct values
			if rng.IntN(10) < 7 {
				return sec(100_000 + rng.Uint32N(20_000))
			}
			return sec(3_000_000_000 + rng.Uint32N(1<<20))
		},
		"steps": func() time.Duration { return sec(uint32(rng.IntN(40)) * 127) },
		"mixed": func() time.Duration {
			switch rng.IntN(6) {
			case 0:
				return 0
			case 1:
				return -time.Duration(rng.Int64N(int64(time.Hour)))
			case 2:
				return time.Duration(rng.Int64N(int64(time.Hour)))
			case 3:
				return sec(math.MaxUint32) + time.Second*time.Duration(rng.IntN(3))
			}
			return sec(rng.Uint32N(86_400))
		},
		"extremes": func() time.Duration {
			return []time.Duration{math.MinInt64, math.MaxInt64, 0, time.Second, -1, 1}[rng.IntN(6)]
		},
	}
}

// TestReviewSummaryProperty reads summaries built every way (one pass,
// merged chunks, sorted then added to, cloned, decoded) against the
// definitions computed exactly from the values.
func TestReviewSummaryProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(77, 78))
	sizes := []int{1, 2, 3, 10, selectSmall + 1}
	if os.Getenv("DESK_LONG") == "1" {
		sizes = append(sizes, selectSmall-1, selectSmall, selectSmall+3, 9000, 40_000)
	}
	shapes := reviewShapes(rng)
	for _, name := range slices.Sorted(maps.Keys(shapes)) {
		gen := shapes[name]
		for _, n := range sizes {
			vals := make([]time.Duration, n)
			for i := range vals {
				vals[i] = gen()
			}
			censored := rng.IntN(3)
			var one, merged, sortedThenAdded Summary
			for _, v := range vals {
				one.Add(v)
			}
			for range censored {
				one.AddCensored()
				merged.AddCensored()
				sortedThenAdded.AddCensored()
			}
			mergeInParts(rng, &merged, vals, 3000)
			half := n / 2
			for _, v := range vals[:half] {
				sortedThenAdded.Add(v)
			}
			sortedThenAdded.Sort()
			for _, v := range vals[half:] {
				sortedThenAdded.Add(v)
			}
			cl := merged.clone()
			var dec Summary
			b, err := json.Marshal(&merged)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &dec); err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(vals))
			for way, s := range map[string]*Summary{"one": &one, "merged": &merged, "sorted+added": &sortedThenAdded, "clone": &cl, "decoded": &dec} {
				for _, m := range []QuantileMethod{NearestRank, Linear} {
					if got, ref := s.Stats(m), refStats(vals, censored, m); got != ref {
						t.Fatalf("%s n=%d %s %s: Stats %+v, want %+v", name, n, way, m, got, ref)
					}
					for _, p := range []float64{0, 0.5, 0.9, 1} {
						got, ok := s.Quantile(p, m)
						ref := refStats(vals, 0, m)
						w := map[float64]time.Duration{0: want[0], 0.5: ref.Median, 0.9: ref.P90, 1: want[n-1]}[p]
						if !ok || got != w {
							t.Fatalf("%s n=%d %s %s: Quantile(%v) = %v, want %v", name, n, way, m, p, got, w)
						}
					}
				}
				if !slices.Equal(s.Values(), want) {
					t.Fatalf("%s n=%d %s: Values differ", name, n, way)
				}
				if mn, _ := s.Min(); mn != want[0] {
					t.Fatalf("%s n=%d %s: Min %v, want %v", name, n, way, mn, want[0])
				}
				if mx, _ := s.Max(); mx != want[n-1] {
					t.Fatalf("%s n=%d %s: Max %v, want %v", name, n, way, mx, want[n-1])
				}
				if s.Count() != n || s.Censored() != censored {
					t.Fatalf("%s n=%d %s: Count %d Censored %d", name, n, way, s.Count(), s.Censored())
				}
			}
		}
	}
}

// TestReviewLinearWideSpread: Linear interpolates between neighbours
// whose difference exceeds a Duration (a negative and a positive value far
// apart, as a decoded summary may hold) without overflowing.
func TestReviewLinearWideSpread(t *testing.T) {
	for _, vals := range [][]time.Duration{
		{math.MinInt64, 0},
		{math.MinInt64, math.MaxInt64},
		{-math.MaxInt64 / 2 * 2, math.MaxInt64/2 + 7},
		{math.MinInt64, math.MinInt64 + 1, math.MaxInt64},
	} {
		var s Summary
		for _, v := range vals {
			s.Add(v)
		}
		for _, m := range []QuantileMethod{NearestRank, Linear} {
			if got, want := s.Stats(m), refStats(vals, 0, m); got != want {
				t.Errorf("%v %s: %+v, want %+v", vals, m, got, want)
			}
		}
	}
}

// TestReviewConcurrentUnionReads: a view of the union of several groups'
// unsorted values (more than selectSmall, so Stats selects) read by many
// goroutines at once (run with -race) reads as its values sorted, and
// reading changes nothing.
func TestReviewConcurrentUnionReads(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	b := &Breakdown{Dims: []Dimension{DimAgent}, groups: map[key]*KPIs{}}
	var vals []time.Duration
	for g := range 4 {
		var k key
		k[0].s = string(rune('a' + g))
		kp := b.group(k)
		for range 3000 {
			v := time.Duration(rng.IntN(3)*rng.IntN(100_000)) * time.Second
			kp.FirstReply.Add(v)
			vals = append(vals, v)
		}
	}
	u := Summary{of: &union{b: b, i: 0}}
	want := [2]Stats{refStats(vals, 0, NearestRank), refStats(vals, 0, Linear)}
	sorted := slices.Sorted(slices.Values(vals))
	var wg sync.WaitGroup
	errs := make([]string, 4)
	for i := range errs {
		wg.Go(func() {
			for range 3 {
				if got := u.Stats(NearestRank); got != want[0] {
					errs[i] = fmt.Sprintf("Stats %+v, want %+v", got, want[0])
				}
				if got := u.Stats(Linear); got != want[1] {
					errs[i] = fmt.Sprintf("Stats %+v, want %+v", got, want[1])
				}
				if !slices.Equal(u.Values(), sorted) {
					errs[i] = "Values differ"
				}
				c := u.clone()
				if c.Count() != len(vals) {
					errs[i] = "clone differs"
				}
				if _, err := json.Marshal(&u); err != nil {
					errs[i] = err.Error()
				}
			}
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
}

// mergeInParts merges vals into s as summaries of consecutive parts of
// random sizes up to maxPart, about half of them sorted first.
func mergeInParts(rng *rand.Rand, s *Summary, vals []time.Duration, maxPart int) {
	for i := 0; i < len(vals); {
		j := min(len(vals), i+1+rng.IntN(maxPart))
		var p Summary
		for _, v := range vals[i:j] {
			p.Add(v)
		}
		if rng.IntN(2) == 0 {
			p.Sort()
		}
		s.Merge(&p)
		i = j
	}
}

// TestSLANamesAlternatingPolicies: tickets that alternate between
// policies, with instances in different orders, get their own names, and
// once each pair has been named, naming allocates nothing.
func TestSLANamesAlternatingPolicies(t *testing.T) {
	var r Report
	inst := func(pairs ...string) []sla.Instance {
		var out []sla.Instance
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, sla.Instance{Policy: pairs[i], Metric: sla.Metric{Name: pairs[i+1]}})
		}
		return out
	}
	urgent := inst("urgent", "first_reply", "urgent", "next_reply", "urgent", "requester_wait")
	standard := inst("standard", "first_reply", "standard", "requester_wait")
	reordered := inst("standard", "requester_wait", "urgent", "first_reply")
	want := map[*sla.Instance]string{}
	for _, ins := range [][]sla.Instance{urgent, standard, reordered} {
		for i := range ins {
			want[&ins[i]] = ins[i].Policy + "/" + ins[i].Metric.Name
		}
	}
	check := func(ins []sla.Instance) {
		t.Helper()
		got := r.slaNames(ins)
		if len(got) != len(ins) {
			t.Fatalf("%d names for %d instances", len(got), len(ins))
		}
		for i := range ins {
			if got[i] != want[&ins[i]] {
				t.Fatalf("instance %d: name %q, want %q", i, got[i], want[&ins[i]])
			}
		}
	}
	for range 3 {
		check(urgent)
		check(standard)
		check(reordered)
	}
	if len(r.slaMemo) != 5 {
		t.Errorf("%d names remembered, want the 5 pairs", len(r.slaMemo))
	}
	if n := testing.AllocsPerRun(100, func() {
		r.slaNames(urgent)
		r.slaNames(standard)
		r.slaNames(reordered)
	}); n != 0 {
		t.Errorf("naming known pairs allocates %.1f times", n)
	}
}
