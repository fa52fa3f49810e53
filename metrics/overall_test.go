package metrics_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// TestOverallStoredOnce: with a breakdown without tags, the overall
// durations are views of the union of its groups. They read exactly as a
// report that stores them itself (a tag breakdown only), with and without
// a business calendar, after merges, clones and a round trip through JSON;
// they are not encoded; and an encoding that does carry them must agree
// with the groups.
func TestOverallStoredOnce(t *testing.T) {
	hs := genHistories(t, newRand(21), 400)
	for _, business := range []bool{false, true} {
		base := metrics.Config{Location: mustLoc(t, "Europe/Oslo")}
		if business {
			base.Calendar = deskCalendar(t)
		}
		own, viewed := base, base
		own.Breakdowns = [][]metrics.Dimension{{metrics.DimTag}}
		viewed.Breakdowns = [][]metrics.Dimension{{metrics.DimTag}, {metrics.DimAgent, metrics.DimWeek}, {metrics.DimCategory}}
		ro, err := metrics.NewReport(own)
		require.NoError(t, err)
		whole, err := metrics.NewReport(viewed)
		require.NoError(t, err)
		halves := [2]*metrics.Report{}
		for i := range halves {
			halves[i], err = metrics.NewReport(viewed)
			require.NoError(t, err)
		}
		for i, h := range hs {
			require.NoError(t, ro.Add(h))
			require.NoError(t, whole.Add(h))
			require.NoError(t, halves[i%2].Add(h))
		}
		b, err := json.Marshal(halves[1])
		require.NoError(t, err)
		var dec metrics.Report
		require.NoError(t, json.Unmarshal(b, &dec))
		merged := halves[0].Clone()
		require.NoError(t, merged.Merge(&dec))

		want := kpiSummaries(ro.All)
		require.Positive(t, want[0].Count())
		for name, r := range map[string]*metrics.Report{"one pass": whole, "merged": merged, "clone": whole.Clone()} {
			for i, s := range kpiSummaries(r.All) {
				assert.Equal(t, want[i].Values(), s.Values(), "%s business=%t summary %d", name, business, i)
				assert.Equal(t, want[i].Censored(), s.Censored(), "%s business=%t summary %d", name, business, i)
				assert.Equal(t, want[i].Stats(metrics.Linear), s.Stats(metrics.Linear), "%s business=%t summary %d", name, business, i)
			}
		}
		// A clone of the overall KPIs holds its values: it outlives the report.
		k := whole.All.Clone()
		assert.Equal(t, want[0].Values(), k.FirstReply.Values())

		// KPIs written out on their own carry the union's values.
		kb, err := json.Marshal(whole.All)
		require.NoError(t, err)
		var kd metrics.KPIs
		require.NoError(t, json.Unmarshal(kb, &kd))
		assert.Equal(t, want[0].Values(), kd.FirstReply.Values())

		// Adding to a clone changes nothing in the original.
		c := whole.Clone()
		require.NoError(t, c.Add(hs[0]))
		assert.Equal(t, want[0].Count(), whole.All.FirstReply.Count())

		// Not encoded; an encoding that carries them must match the groups.
		wb, err := json.Marshal(whole)
		require.NoError(t, err)
		var top struct {
			All map[string]json.RawMessage `json:"all"`
		}
		require.NoError(t, json.Unmarshal(wb, &top))
		assert.NotContains(t, top.All, "first_reply")
		assert.Contains(t, top.All, "tickets")

		ob, err := json.Marshal(ro)
		require.NoError(t, err)
		var ownTop map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(ob, &ownTop))
		var full map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(wb, &full))
		full["all"] = ownTop["all"] // the overall durations written out, as before
		fb, err := json.Marshal(full)
		require.NoError(t, err)
		var withValues metrics.Report
		require.NoError(t, json.Unmarshal(fb, &withValues))
		for i, s := range kpiSummaries(withValues.All) {
			assert.Equal(t, want[i].Values(), s.Values(), "decoded with values, summary %d", i)
		}
		tampered := strings.Replace(string(fb), `"first_reply":{"values_ns":[`, `"first_reply":{"values_ns":[1,`, 1)
		require.NotEqual(t, string(fb), tampered)
		var bad metrics.Report
		assert.ErrorIs(t, json.Unmarshal([]byte(tampered), &bad), metrics.ErrBadEncoding)
	}
}

// TestOverallAfterSort: Sort gathers the overall durations once; reads
// after it equal reads before it, and a later Add or Merge is seen (the
// gathered copy is dropped at any change).
func TestOverallAfterSort(t *testing.T) {
	hs := genHistories(t, newRand(33), 300)
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t),
		Breakdowns: [][]metrics.Dimension{{metrics.DimAgent, metrics.DimHour}, {metrics.DimChannel}}}
	ref := cfg
	ref.Breakdowns = [][]metrics.Dimension{{metrics.DimTag}}
	build := func(c metrics.Config, hs [][]ticket.Event) *metrics.Report {
		r, err := metrics.NewReport(c)
		require.NoError(t, err)
		for _, h := range hs {
			require.NoError(t, r.Add(h))
		}
		return r
	}
	same := func(want, got *metrics.Report, how string) {
		t.Helper()
		ws, gs := kpiSummaries(want.All), kpiSummaries(got.All)
		for i := range ws {
			require.Equal(t, ws[i].Values(), gs[i].Values(), "%s: summary %d", how, i)
			require.Equal(t, ws[i].Stats(metrics.Linear), gs[i].Stats(metrics.Linear), "%s: summary %d", how, i)
		}
	}
	r := build(cfg, hs[:200])
	r.Sort()
	same(build(ref, hs[:200]), r, "sorted")
	require.NoError(t, r.Add(hs[200]))
	same(build(ref, hs[:201]), r, "sorted, then added to")
	r.Sort()
	require.NoError(t, r.Merge(build(cfg, hs[201:])))
	same(build(ref, hs), r, "sorted, then merged into")
	r.Sort()
	same(build(ref, hs), r, "sorted again")
	c := r.Clone()
	require.NoError(t, c.Add(hs[0][:1]))
	same(build(ref, hs), r, "after its clone changed")
}
