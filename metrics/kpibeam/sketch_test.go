package kpibeam

import (
	"encoding/json"
	"fmt"
	"github.com/servicedesk-go/desk/metrics/kpibeam/quantile"
	"math"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// localResult computes a variant's result in this process with the
// pipeline's own CombineFn: one accumulator per shard, merged.
func localResult(t testing.TB, variant string, eps float64, shards ...[][]ticket.Event) Result {
	f := &reportFn{Variant: variant, RelativeError: eps}
	f.cfg = new(metrics.Config)
	var err error
	*f.cfg, err = deskConfig(variant)
	require.NoError(t, err)
	var total *accumulator
	for _, sh := range shards {
		a, err := f.CreateAccumulator()
		require.NoError(t, err)
		for _, h := range sh {
			a, err = f.AddInput(a, History{Events: h})
			require.NoError(t, err)
		}
		// Through the coder, as between workers.
		b, err := encodeAccumulator(a)
		require.NoError(t, err)
		a, err = decodeAccumulator(b)
		require.NoError(t, err)
		if total == nil {
			total = a
			continue
		}
		total, err = f.MergeAccumulators(total, a)
		require.NoError(t, err)
	}
	res, err := f.ExtractOutput(total)
	require.NoError(t, err)
	return res
}

// TestSketchMode runs the pipeline in sketch mode over two splits of the
// histories: the results are identical to each other and to the local
// computation, counts and sums equal the exact report's, and every
// quantile is within 1 % of the exact one.
func TestSketchMode(t *testing.T) {
	all := testHistories(t)
	n := len(all)
	want := localResult(t, "standard", 0.01, all)
	for _, split := range [][][][]ticket.Event{{all}, chunks(all, 7)} {
		dir := t.TempDir()
		for i, sh := range split {
			writeShard(t, filepath.Join(dir, fmt.Sprintf("s%d.jsonl", i)), sh)
		}
		out, err := runFiles(t, deskConfig, Options{Variants: []string{"standard"}, RelativeError: 0.01}, false, filepath.Join(dir, "*.jsonl"))
		require.NoError(t, err)
		got := out.results["standard"]
		assert.Equal(t, string(want.Report), string(got.Report), "%d shards", len(split))
		assert.Equal(t, string(want.Quantiles), string(got.Quantiles), "%d shards", len(split))
	}
	assert.Equal(t, string(want.Quantiles), string(localResult(t, "standard", 0.01, all[:n/3], all[n/3:]).Quantiles))

	var exact metrics.Report
	require.NoError(t, json.Unmarshal(singleProcess(t, "standard", all), &exact))
	var table QuantileTable
	require.NoError(t, json.Unmarshal(want.Quantiles, &table))
	assert.Equal(t, 0.01, table.RelativeError)
	checked := 0
	for _, s := range table.Summaries {
		k := exact.All
		if s.Breakdown >= 0 {
			k = exact.Breakdowns[s.Breakdown].Get(s.Key...)
		}
		require.NotNil(t, k, "%+v", s)
		sum := summaryByName(k, s.Field)
		require.NotNil(t, sum, s.Field)
		assert.Equal(t, sum.Count(), s.Count, "%+v", s)
		assert.Equal(t, sum.Censored(), s.Censored, "%+v", s)
		if sum.Count() == 0 {
			continue
		}
		assert.Equal(t, sum.Sum().String(), s.SumNanos)
		st := sum.Stats(metrics.NearestRank)
		assert.Equal(t, st.Mean, s.Mean)
		assert.Equal(t, st.Min, s.Min)
		assert.Equal(t, st.Max, s.Max)
		within(t, st.Median, s.Median, 0.01, s)
		within(t, st.P90, s.P90, 0.01, s)
		checked++
	}
	assert.Greater(t, checked, 100)
	// The sketch-mode report is the exact one without summary values.
	var sketched metrics.Report
	require.NoError(t, json.Unmarshal(want.Report, &sketched))
	assert.Equal(t, exact.Tickets, sketched.Tickets)
	assert.Equal(t, exact.All.CSAT, sketched.All.CSAT)
	assert.Equal(t, exact.All.SLA, sketched.All.SLA)
	assert.Zero(t, sketched.All.FirstReply.Count())
}

func within(t *testing.T, exact, got time.Duration, eps float64, ctx any) {
	t.Helper()
	assert.LessOrEqual(t, math.Abs(float64(got-exact)), eps*math.Abs(float64(exact)), "exact %v, sketch %v: %+v", exact, got, ctx)
}

func summaryByName(k *metrics.KPIs, name string) *metrics.Summary {
	for _, f := range summaryFields(k) {
		if f.name == name {
			return f.s
		}
	}
	return nil
}

// TestSummaryFieldsCoverKPIs checks that summaryFields lists every
// Summary field of metrics.KPIs under its JSON name, so that sketch mode
// drains every one.
func TestSummaryFieldsCoverKPIs(t *testing.T) {
	var k metrics.KPIs
	listed := map[string]*metrics.Summary{}
	for _, f := range summaryFields(&k) {
		listed[f.name] = f.s
	}
	v := reflect.ValueOf(&k).Elem()
	found := 0
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type != reflect.TypeOf(metrics.Summary{}) {
			continue
		}
		found++
		name, _, _ := cut(f.Tag.Get("json"))
		assert.Same(t, v.Field(i).Addr().Interface(), listed[name], f.Name)
	}
	assert.Equal(t, found, len(listed))
}

func cut(tag string) (string, string, bool) {
	for i := range len(tag) {
		if tag[i] == ',' {
			return tag[:i], tag[i+1:], true
		}
	}
	return tag, "", false
}

// TestAccumulatorCoder round-trips accumulators in both modes and
// rejects damaged bytes.
func TestAccumulatorCoder(t *testing.T) {
	all := testHistories(t)[:120]
	for _, eps := range []float64{0, 0.01} {
		f := &reportFn{Variant: "standard", RelativeError: eps}
		cfg, err := deskConfig("standard")
		require.NoError(t, err)
		f.cfg = &cfg
		a, err := f.CreateAccumulator()
		require.NoError(t, err)
		for _, h := range all {
			a, err = f.AddInput(a, History{Events: h})
			require.NoError(t, err)
		}
		b, err := encodeAccumulator(a)
		require.NoError(t, err)
		d, err := decodeAccumulator(b)
		require.NoError(t, err)
		again, err := encodeAccumulator(d)
		require.NoError(t, err)
		assert.Equal(t, b, again, "eps %v", eps)
		assert.Equal(t, eps, d.eps)
		assert.False(t, d.live)
		if eps == 0 {
			assert.Empty(t, d.sketches)
		} else {
			assert.NotEmpty(t, d.sketches)
		}

		for _, bad := range [][]byte{nil, {9}, b[:len(b)/2], append([]byte{1}, "not deflate"...)} {
			_, err := decodeAccumulator(bad)
			assert.ErrorIs(t, err, ErrBadAccumulator)
		}
	}
	// Accumulators of different modes do not merge.
	x := &accumulator{eps: 0}
	y := &accumulator{eps: 0.01}
	assert.ErrorIs(t, x.merge(y), metrics.ErrIncompatible)
}

// FuzzDecodeAccumulator feeds the accumulator decoder arbitrary bytes: it
// returns an error wrapping ErrBadAccumulator or an accumulator that
// encodes again and decodes to the same bytes.
func FuzzDecodeAccumulator(f *testing.F) {
	cfg, err := deskConfig("standard")
	require.NoError(f, err)
	for _, eps := range []float64{0, 0.01} {
		fn := &reportFn{Variant: "standard", RelativeError: eps, cfg: &cfg}
		a, err := fn.CreateAccumulator()
		require.NoError(f, err)
		for _, h := range testHistories(f)[:5] {
			a, err = fn.AddInput(a, History{Events: h})
			require.NoError(f, err)
		}
		b, err := encodeAccumulator(a)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := decodeAccumulator(b)
		if err != nil {
			require.ErrorIs(t, err, ErrBadAccumulator)
			return
		}
		again, err := encodeAccumulator(a)
		require.NoError(t, err)
		d, err := decodeAccumulator(again)
		require.NoError(t, err)
		third, err := encodeAccumulator(d)
		require.NoError(t, err)
		require.Equal(t, again, third)
	})
}

// TestTableOrdersHoursChronologically: the sketch table lists the groups
// of a breakdown by hour in time order, as the report's Groups do, also
// across the autumn clock change, whose two 02:00 hours are labelled
// "+02:00" (the first) and "+01:00" (the second); sorted as strings, the
// second came first.
func TestTableOrdersHoursChronologically(t *testing.T) {
	hours, err := deskHours()
	require.NoError(t, err)
	cfg := metrics.Config{Location: hours.Location(), Breakdowns: [][]metrics.Dimension{{metrics.DimHour, metrics.DimChannel}}}
	f := &reportFn{RelativeError: 0.01, cfg: &cfg}
	a, err := f.CreateAccumulator()
	require.NoError(t, err)
	for _, key := range [][]string{
		{"2026-10-25T03:00+01:00", "email"}, {"2026-10-25T02:00+01:00", "chat"}, {"2026-10-25T02:00+01:00", "email"},
		{"2026-10-25T02:00+02:00", "web"}, {"2026-10-25T01:00+02:00", "email"},
	} {
		sk, err := quantile.New(0.01)
		require.NoError(t, err)
		sk.Add(time.Minute)
		a.sketches[sketchKey(0, key, "first_reply")] = &sketchEntry{Breakdown: 0, Key: key, Field: "first_reply", Sketch: sk}
	}
	var got [][]string
	for _, s := range a.table().Summaries {
		got = append(got, s.Key)
	}
	assert.Equal(t, [][]string{
		{"2026-10-25T01:00+02:00", "email"}, {"2026-10-25T02:00+02:00", "web"}, {"2026-10-25T02:00+01:00", "chat"},
		{"2026-10-25T02:00+01:00", "email"}, {"2026-10-25T03:00+01:00", "email"},
	}, got)
}
