package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// randConfig returns a random report configuration of seed: breakdowns of
// any kind, with and without a business calendar, every attribution,
// ranges, filters, corrupt-history policy, FCR method, CSAT exclusions.
func randConfig(t testing.TB, seed uint64) metrics.Config {
	rng := newRand(seed * 7919)
	oslo := mustLoc(t, "Europe/Oslo")
	cfg := metrics.Config{Location: oslo}
	if rng.IntN(2) == 0 {
		cfg.Calendar = deskCalendar(t)
	}
	cfg.Attribution = []metrics.Attribution{"", metrics.ByCreated, metrics.ByEvent, metrics.ByResolved}[rng.IntN(4)]
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, oslo)
	if rng.IntN(3) == 0 {
		cfg.From = base.Add(time.Duration(rng.IntN(120)) * 24 * time.Hour)
	}
	if rng.IntN(3) == 0 {
		cfg.To = base.Add(time.Duration(120+rng.IntN(150)) * 24 * time.Hour)
	}
	if rng.IntN(4) == 0 {
		cfg.Groups = []string{"l1", "vip"}
	}
	if rng.IntN(4) == 0 {
		cfg.ExcludeCategories = []string{"weather"}
	}
	if rng.IntN(3) == 0 {
		cfg.CSATExclude = []string{"outage"}
	}
	if rng.IntN(2) == 0 {
		cfg.OnCorrupt = metrics.SkipCorrupt
	}
	if rng.IntN(3) == 0 {
		cfg.Definitions.FCR = metrics.FCRNoRepeat
	}
	cfg.Definitions.Credit = []metrics.Credit{"", metrics.CreditCurrentAssignee, metrics.CreditLastReplier, metrics.CreditResolver}[rng.IntN(4)]
	if rng.IntN(2) == 0 {
		cfg.Definitions.NextReplyCredit = metrics.CreditReplier
	}
	dims := []metrics.Dimension{metrics.DimAgent, metrics.DimGroup, metrics.DimChannel, metrics.DimPriority, metrics.DimCategory,
		metrics.DimTag, metrics.DimTier, metrics.DimCustomer, metrics.DimOrganization, metrics.DimHour, metrics.DimDay,
		metrics.DimWeek, metrics.DimMonth, metrics.DimYear}
	for range rng.IntN(4) {
		var b []metrics.Dimension
		for range 1 + rng.IntN(3) {
			d := dims[rng.IntN(len(dims))]
			if rng.IntN(4) == 0 {
				d = metrics.DimTag
			}
			if !slices.Contains(b, d) {
				b = append(b, d)
			}
		}
		cfg.Breakdowns = append(cfg.Breakdowns, b)
	}
	if rng.IntN(3) == 0 {
		cfg.Customers = true
	}
	if rng.IntN(3) == 0 {
		cfg.SLA = sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour},
			{Metric: sla.NextReply(), Duration: 2 * time.Hour}, {Metric: sla.TotalResolution(), Duration: 48 * time.Hour}}}}
	}
	return cfg
}

// randHistories returns the histories of seed, some of them corrupted.
func randHistories(t testing.TB, seed uint64, n int) [][]ticket.Event {
	rng := newRand(seed*31 + 1)
	hs := genHistories(t, rng, n)
	for i, h := range hs {
		if rng.IntN(25) == 0 && len(h) > 2 {
			h = slices.Clone(h)
			h[1], h[2] = h[2], h[1]
			hs[i] = h
		}
	}
	return hs
}

// buildReport folds hs into a report of cfg; false when the report refused a history.
func buildReport(t testing.TB, cfg metrics.Config, hs [][]ticket.Event) *metrics.Report {
	r, err := metrics.NewReport(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		_ = r.Add(h)
	}
	return r
}

// overall reads every figure of the overall KPIs k exactly; without a
// business calendar the business-time summaries, which read their
// calendar-time twins, are read too.
func overall(k *metrics.KPIs) string {
	var out strings.Builder
	for _, s := range kpiSummaries(k) {
		fmt.Fprintf(&out, "%+v %+v %v %v %v|", s.Stats(metrics.NearestRank), s.Stats(metrics.Linear), s.Values(), s.Censored(), s.Sum())
	}
	return out.String() + readKPIs(k)
}

func encodeDecode(t *testing.T, r *metrics.Report) *metrics.Report {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var d metrics.Report
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func mustMerge(t *testing.T, into *metrics.Report, from ...*metrics.Report) *metrics.Report {
	t.Helper()
	for _, f := range from {
		if err := into.Merge(f); err != nil {
			t.Fatal(err)
		}
	}
	return into
}

// TestReviewOverallProperty: over random configurations (breakdowns of
// every kind, calendars, attributions, ranges, filters, skipped corrupt
// histories, FCR methods, CSAT exclusions), the overall KPIs of a report
// read as those of a report whose only breakdown is by tag (which stores
// them itself): in one pass, after merges of live, decoded and sorted
// parts in any order, after clones and round trips, and clones stay
// independent both ways.
func TestReviewOverallProperty(t *testing.T) {
	seeds, size := uint64(1), 80 // 100 seeds of 150 tickets with DESK_LONG=1
	if long() {
		seeds, size = 100, 150
	}
	for seed := range seeds {
		cfg := randConfig(t, seed)
		ref := cfg
		ref.Breakdowns = [][]metrics.Dimension{{metrics.DimTag}}
		hs := randHistories(t, seed, size)
		extra := randHistories(t, seed+1000, 20)
		name := fmt.Sprintf("seed %d %v", seed, cfg.Breakdowns)

		want := overall(buildReport(t, ref, hs).All)
		wantExtra := overall(buildReport(t, ref, append(slices.Clone(hs), extra...)).All)
		whole := buildReport(t, cfg, hs)
		wholeText := readReport(whole)
		check := func(way string, r *metrics.Report) {
			t.Helper()
			if got := overall(r.All); got != want {
				t.Fatalf("%s, %s: the overall KPIs differ from a report that stores them", name, way)
			}
			if got := readReport(r); got != wholeText {
				t.Fatalf("%s, %s: the report reads differently from the one-pass report", name, way)
			}
		}
		check("one pass", whole)

		var parts [3]*metrics.Report
		for i := range parts {
			var mine [][]ticket.Event
			for j, h := range hs {
				if j%3 == i {
					mine = append(mine, h)
				}
			}
			parts[i] = buildReport(t, cfg, mine)
		}
		dec := func(i int) *metrics.Report { return encodeDecode(t, parts[i]) }
		fresh := func() *metrics.Report {
			r, err := metrics.NewReport(cfg)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		check("live+decoded+live", mustMerge(t, parts[0].Clone(), dec(1), parts[2]))
		check("decoded+live+decoded", mustMerge(t, dec(1), parts[0], dec(2)))
		check("empty+decoded×3", mustMerge(t, fresh(), dec(2), dec(1), dec(0)))
		sorted := mustMerge(t, parts[2].Clone(), parts[0])
		sorted.Sort()
		check("sorted+decoded", mustMerge(t, sorted, dec(1)))
		sorted.Sort()
		check("sorted again", sorted)
		check("round trip", encodeDecode(t, whole))
		check("round trip of a merge", encodeDecode(t, mustMerge(t, dec(0), dec(1), dec(2))))
		// An encoding that writes the overall durations out (as one of a
		// report that stores them does) decodes and merges in either order.
		var mine [][]ticket.Event
		for j, h := range hs {
			if j%3 == 1 {
				mine = append(mine, h)
			}
		}
		written := withOverall(t, parts[1], buildReport(t, ref, mine))
		check("live+written out", mustMerge(t, mustMerge(t, parts[0].Clone(), written()), parts[2]))
		check("written out+live", mustMerge(t, written(), parts[2], dec(0)))
		check("clone of decoded", mustMerge(t, dec(0).Clone(), dec(1).Clone(), parts[2].Clone()))

		// Clones are independent both ways.
		c := whole.Clone()
		k := whole.All.Clone()
		for _, h := range extra {
			_ = c.Add(h)
		}
		check("original after adding to its clone", whole)
		if got := overall(c.All); got != wantExtra {
			t.Fatalf("%s: a clone added to reads wrong", name)
		}
		wantAll := readReport(buildReport(t, cfg, append(slices.Clone(hs), extra...)))
		if got := readReport(c); got != wantAll {
			t.Fatalf("%s: a clone added to reads differently from one pass", name)
		}
		// A decoded report's groups (made by decoding) take more merged in.
		d := encodeDecode(t, whole)
		if got := readReport(mustMerge(t, d, buildReport(t, cfg, extra))); got != wantAll {
			t.Fatalf("%s: a decoded report merged into reads differently from one pass", name)
		}
		c2 := whole.Clone()
		for _, h := range extra {
			_ = whole.Add(h)
		}
		check("clone after adding to the original", c2)
		if got := overall(whole.All); got != wantExtra {
			t.Fatalf("%s: the original added to reads wrong", name)
		}
		if got := overall(k); got != want {
			t.Fatalf("%s: KPIs.Clone of the overall KPIs changed with the report", name)
		}

		// The overall KPIs encoded on their own carry their durations.
		kb, err := json.Marshal(c2.All)
		if err != nil {
			t.Fatal(err)
		}
		var kd metrics.KPIs
		if err := json.Unmarshal(kb, &kd); err != nil {
			t.Fatal(err)
		}
		for i, s := range kpiSummaries(&kd) {
			o := kpiSummaries(c2.All)[i]
			if cfg.Calendar == nil && i%2 == 1 {
				continue // business time is its twin's, not written
			}
			if !slices.Equal(s.Values(), o.Values()) || s.Censored() != o.Censored() {
				t.Fatalf("%s: json.Marshal(All) summary %d loses values", name, i)
			}
		}
	}
}

// TestReviewCloneAfterOverallReset: a report whose overall first-reply
// summary was emptied by its owner (as a sketching accumulator drains the
// values it has taken) while the other overall durations are still views
// of the groups clones to a report that reads the same.
func TestReviewCloneAfterOverallReset(t *testing.T) {
	for _, business := range []bool{false, true} {
		cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}}
		if business {
			cfg.Calendar = deskCalendar(t)
		}
		r := buildReport(t, cfg, genHistories(t, newRand(4), 60))
		r.All.FirstReply = metrics.Summary{}
		if r.All.OnHold.Count() == 0 {
			t.Fatal("no values to clone")
		}
		c := r.Clone()
		if got, want := overall(c.All), overall(r.All); got != want {
			t.Errorf("business=%t: the clone reads\n%s\nthe report\n%s", business, got, want)
		}
	}
}

// withOverall returns a decoder of r's encoding with the overall KPIs of
// stored (a report of the same tickets that stores its overall durations)
// written in, as an encoding that writes them out has them.
func withOverall(t *testing.T, r, stored *metrics.Report) func() *metrics.Report {
	t.Helper()
	var top, own map[string]json.RawMessage
	for x, into := range map[*metrics.Report]*map[string]json.RawMessage{r: &top, stored: &own} {
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatal(err)
		}
	}
	top["all"] = own["all"]
	b, err := json.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return func() *metrics.Report {
		var d metrics.Report
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		return &d
	}
}

// TestReviewEncodingVersion: an encoding that leaves the overall
// durations to the groups does not carry the version whose readers take
// the overall durations from "all" (they would read them as empty, with
// no error); encodings of that version, which write them out, still
// decode and must agree with the groups, written out or not.
func TestReviewEncodingVersion(t *testing.T) {
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}}
	ref := cfg
	ref.Breakdowns = [][]metrics.Dimension{{metrics.DimTag}}
	hs := genHistories(t, newRand(4), 60)
	r := buildReport(t, cfg, hs)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	if string(top["version"]) == "2" {
		t.Fatalf("the encoding leaves the overall durations out under version 2: %s", top["all"])
	}
	// Version 2, overall durations written out: read.
	v2 := maps.Clone(top)
	var own map[string]json.RawMessage
	ob, _ := json.Marshal(buildReport(t, ref, hs))
	if err := json.Unmarshal(ob, &own); err != nil {
		t.Fatal(err)
	}
	v2["version"] = json.RawMessage("2")
	v2["all"] = own["all"]
	doc, _ := json.Marshal(v2)
	var dec metrics.Report
	if err := json.Unmarshal(doc, &dec); err != nil {
		t.Fatalf("a version 2 encoding does not decode: %v", err)
	}
	if overall(dec.All) != overall(r.All) {
		t.Fatal("a version 2 encoding reads differently")
	}
	// Version 2 without the overall durations says they are empty, which
	// the groups contradict.
	v2["all"] = top["all"]
	doc, _ = json.Marshal(v2)
	if err := json.Unmarshal(doc, &dec); !errors.Is(err, metrics.ErrBadEncoding) {
		t.Fatalf("a version 2 encoding without the overall durations decoded: %v", err)
	}
}
