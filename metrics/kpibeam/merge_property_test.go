package kpibeam

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// propertyConfigs are configurations the combine must reproduce exactly.
func propertyConfigs(t testing.TB) map[string]metrics.Config {
	base, err := deskConfig("standard")
	require.NoError(t, err)
	out := map[string]metrics.Config{"desk": base}
	c := base
	c.Attribution = metrics.ByEvent
	c.Breakdowns = [][]metrics.Dimension{{metrics.DimHour}, {metrics.DimDay, metrics.DimPriority}, {metrics.DimCustomer}, {metrics.DimTag, metrics.DimChannel}}
	c.VolumeBucket = metrics.DimDay
	out["by event, hours"] = c
	c = base
	c.Attribution = metrics.ByResolved
	c.From, c.To = base.Now.AddDate(0, 0, -20), base.Now.AddDate(0, 0, -3)
	c.Definitions.FCR = metrics.FCRNoRepeat
	c.Definitions.Reopens = metrics.ReopenFromSolvedOrPending
	c.OnCorrupt = metrics.SkipCorrupt
	c.Breakdowns = [][]metrics.Dimension{{metrics.DimOrganization}, {metrics.DimWeek}}
	out["by resolved, fcr no repeat, skip"] = c
	c = base
	c.Calendar = nil
	c.SLA = nil
	c.Customers = false
	c.OnCorrupt = metrics.SkipCorrupt
	c.Channels = []ticket.Channel{ticket.ChannelEmail, ticket.ChannelWeb}
	c.Breakdowns = [][]metrics.Dimension{{metrics.DimGroup, metrics.DimAgent}, {metrics.DimMonth}}
	out["no calendar, filter, skip"] = c
	return out
}

// corrupt returns h with its second event's sequence number broken.
func corrupt(h []ticket.Event) []ticket.Event {
	c := slices.Clone(h)
	if len(c) > 1 {
		c[1].Seq += 7
	}
	return c
}

// combineRandomly folds histories with the CombineFn in k accumulators
// chosen at random, through the coder, merged in a random tree.
func combineRandomly(t testing.TB, f *reportFn, histories [][]ticket.Event, k int, r *rand.Rand) Result {
	accs := make([]*accumulator, k)
	for i := range accs {
		a, err := f.CreateAccumulator()
		require.NoError(t, err)
		accs[i] = a
	}
	for _, h := range histories {
		i := r.IntN(k)
		a, err := f.AddInput(accs[i], History{Events: h})
		require.NoError(t, err)
		accs[i] = a
		if r.IntN(50) == 0 { // a bundle ends: the accumulator crosses workers
			b, err := encodeAccumulator(accs[i])
			require.NoError(t, err)
			accs[i], err = decodeAccumulator(b)
			require.NoError(t, err)
		}
	}
	for len(accs) > 1 {
		i := r.IntN(len(accs))
		j := r.IntN(len(accs) - 1)
		if j >= i {
			j++
		}
		if r.IntN(2) == 0 {
			b, err := encodeAccumulator(accs[j])
			require.NoError(t, err)
			accs[j], err = decodeAccumulator(b)
			require.NoError(t, err)
		}
		m, err := f.MergeAccumulators(accs[i], accs[j])
		require.NoError(t, err)
		accs[i] = m
		accs = slices.Delete(accs, j, j+1)
	}
	res, err := f.ExtractOutput(accs[0])
	require.NoError(t, err)
	return res
}

// TestCombineAnySplitMatchesSingleProcess is the property the package
// promises: whatever the split, the coder round trips and the merge
// order, the exact result is the single-process report's encoding.
func TestCombineAnySplitMatchesSingleProcess(t *testing.T) {
	all := testHistories(t)
	for name, cfg := range propertyConfigs(t) {
		histories := all
		if cfg.OnCorrupt == metrics.SkipCorrupt {
			histories = slices.Clone(all)
			for _, i := range []int{3, 77, 250} {
				histories[i] = corrupt(histories[i])
			}
		}
		r, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		for _, h := range histories {
			require.NoError(t, r.Add(h))
		}
		if cfg.OnCorrupt == metrics.SkipCorrupt {
			require.Len(t, r.Skipped, 3, name)
		}
		want, err := r.MarshalJSON()
		require.NoError(t, err)
		for seed := range uint64(3) {
			rng := rand.New(rand.NewPCG(seed, 42))
			shuffled := slices.Clone(histories)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			f := &reportFn{Variant: name, cfg: &cfg}
			got := combineRandomly(t, f, shuffled, 1+rng.IntN(9), rng)
			require.Equal(t, string(want), string(got.Report), "%s seed %d", name, seed)
		}
	}
}

// TestSketchCombineAnySplit checks sketch mode the same way, with
// accumulators that drain several times (more than drainEvery histories
// each): any split and merge order gives the one-pass result, and every
// count, censored count, sum, mean, min and max is the exact report's,
// every median and 90th percentile within ε of its nearest-rank value.
func TestSketchCombineAnySplit(t *testing.T) {
	if testing.Short() {
		t.Skip("folds 2,600 histories under four configurations")
	}
	g := genConfig(t)
	g.Seed = 11
	all, err := g.Histories(2600)
	require.NoError(t, err)
	for name, cfg := range propertyConfigs(t) {
		r, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		for _, h := range all {
			require.NoError(t, r.Add(h))
		}
		f := &reportFn{Variant: name, cfg: &cfg, RelativeError: 0.01}
		one, err := f.CreateAccumulator()
		require.NoError(t, err)
		for _, h := range all {
			one, err = f.AddInput(one, History{Events: h})
			require.NoError(t, err)
		}
		want, err := f.ExtractOutput(one)
		require.NoError(t, err)
		rng := rand.New(rand.NewPCG(9, 9))
		shuffled := slices.Clone(all)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := combineRandomly(t, f, shuffled, 2, rng)
		require.Equal(t, string(want.Report), string(got.Report), name)
		require.Equal(t, string(want.Quantiles), string(got.Quantiles), name)

		var table QuantileTable
		require.NoError(t, json.Unmarshal(got.Quantiles, &table))
		seen := 0
		check := func(b int, key []string, k *metrics.KPIs) {
			for _, fl := range summaryFields(k) {
				if fl.s.IsZero() {
					continue
				}
				seen++
				i := slices.IndexFunc(table.Summaries, func(s SketchedSummary) bool {
					return s.Breakdown == b && slices.Equal(s.Key, key) && s.Field == fl.name
				})
				require.GreaterOrEqual(t, i, 0, "%s: %d %q %s missing from the table", name, b, key, fl.name)
				s := table.Summaries[i]
				require.Equal(t, fl.s.Count(), s.Count, "%s %d %q %s", name, b, key, fl.name)
				require.Equal(t, fl.s.Censored(), s.Censored, "%s %d %q %s", name, b, key, fl.name)
				if s.Count == 0 {
					continue
				}
				st := fl.s.Stats(metrics.NearestRank)
				require.Equal(t, fl.s.Sum().String(), s.SumNanos)
				require.Equal(t, []time.Duration{st.Mean, st.Min, st.Max}, []time.Duration{s.Mean, s.Min, s.Max}, "%s %d %q %s", name, b, key, fl.name)
				within(t, st.Median, s.Median, 0.01, s)
				within(t, st.P90, s.P90, 0.01, s)
			}
		}
		check(-1, nil, r.All)
		for i, br := range r.Breakdowns {
			for _, g := range br.Groups() {
				check(i, g.Key, g.KPIs)
			}
		}
		require.Equal(t, seen, len(table.Summaries), name)
	}
}
