package metrics_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleReport folds n random histories into a report with breakdowns by
// agent, ISO week and tag, every table filled.
func sampleReport(t testing.TB, n int) *metrics.Report {
	t.Helper()
	cfg := fuzzConfig(t)
	cfg.Breakdowns = append(cfg.Breakdowns, []metrics.Dimension{metrics.DimWeek}, []metrics.Dimension{metrics.DimTag})
	cfg.CSATExclude = []string{"weather"}
	r, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for _, h := range genHistories(t, newRand(5), n) {
		require.NoError(t, r.Add(h))
	}
	return r
}

// TestConcurrentReads: one report served to many readers at once (run
// with -race): every read gives the same figures and none changes the
// report, before and after Sort.
func TestConcurrentReads(t *testing.T) {
	r := sampleReport(t, 80)
	before, err := json.Marshal(r)
	require.NoError(t, err)
	want := readReport(r)
	for _, sorted := range []bool{false, true} {
		if sorted {
			r.Sort()
		}
		var wg sync.WaitGroup
		got := make([]string, 4)
		enc := make([][]byte, 4)
		for i := range got {
			wg.Go(func() {
				got[i] = readReport(r)
				enc[i], _ = json.Marshal(r)
			})
		}
		wg.Wait()
		for i := range got {
			assert.Equal(t, want, got[i])
			assert.Equal(t, string(before), string(enc[i]))
		}
	}
}

// TestClone: a clone reads the same, and adding to or merging into either
// leaves the other as it was.
func TestClone(t *testing.T) {
	r := sampleReport(t, 200)
	c := r.Clone()
	assert.Equal(t, readReport(r), readReport(c))
	before, err := json.Marshal(r)
	require.NoError(t, err)
	for _, h := range genHistories(t, newRand(99), 50) {
		require.NoError(t, c.Add(h))
	}
	added := c.Tickets
	assert.Greater(t, added, r.Tickets)
	d := c.Clone()
	require.NoError(t, c.Merge(d))
	assert.Equal(t, 2*added, c.Tickets)
	assert.Equal(t, added, d.Tickets, "merging the clone in left the clone as it was")
	after, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the original did not change")
}

// TestLookupAndGet: groups are found by typed key and by label, in
// constant time, and carry their buckets' starts; an ISO week is labelled
// by its ISO year and starts on its Monday.
func TestLookupAndGet(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	r, err := metrics.NewReport(metrics.Config{Location: loc,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimMonth}, {metrics.DimHour}, {metrics.DimDay}, {metrics.DimYear}}})
	require.NoError(t, err)
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, loc) // Thursday of ISO week 2026-W01, which starts Monday 29 December 2025
	require.NoError(t, r.Add(newStory(t, 1, at, ticket.Created{Subject: "s"}).assign(at.Add(time.Minute), "kari", "l1").reply(at.Add(time.Hour), kari).events))
	weeks := r.Breakdowns[0]
	gs := weeks.Groups()
	require.Len(t, gs, 1)
	assert.Equal(t, []string{"2026-W01", "kari"}, gs[0].Key)
	assert.True(t, gs[0].Starts[0].Equal(time.Date(2025, 12, 29, 0, 0, 0, 0, loc)), "%v", gs[0].Starts[0])
	assert.True(t, gs[0].Starts[1].IsZero())
	assert.Same(t, gs[0].KPIs, weeks.Get("2026-W01", "kari"))
	assert.Same(t, gs[0].KPIs, weeks.Lookup(metrics.In(time.Date(2025, 12, 31, 23, 0, 0, 0, loc)), metrics.Value("kari")))
	assert.Nil(t, weeks.Get("2026-W02", "kari"))
	assert.Nil(t, weeks.Get("2026-W01"))
	assert.Nil(t, weeks.Get("2026-w01", "kari"))
	assert.Nil(t, weeks.Lookup(metrics.Value("2026-W01"), metrics.Value("kari")))
	assert.Equal(t, 1, weeks.Len())
	for i, label := range []string{"2026-01", "2026-01-01T10:00+01:00", "2026-01-01", "2026"} {
		b := r.Breakdowns[i+1]
		require.NotNil(t, b.Get(label), label)
		assert.Equal(t, label, b.Groups()[0].Key[0])
		assert.Same(t, b.Groups()[0].KPIs, b.Lookup(metrics.In(at)))
	}
	assert.Nil(t, r.Breakdowns[1].Get("2026-13"))
	assert.Nil(t, r.Breakdowns[2].Get("2026-01-01T10:00+02:00"))
}

// TestNoTagGroup: untagged tickets are listed under NoTag instead of
// vanishing from breakdowns by tag.
func TestNoTagGroup(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Breakdowns: [][]metrics.Dimension{{metrics.DimTag}}})
	require.NoError(t, err)
	require.NoError(t, r.Add(newStory(t, 1, at, ticket.Created{Subject: "s", Tags: []string{"vip", "billing"}}).events))
	require.NoError(t, r.Add(newStory(t, 2, at, ticket.Created{Subject: "s"}).events))
	b := r.Breakdowns[0]
	require.NotNil(t, b.Lookup(metrics.Value(metrics.NoTag)))
	assert.Equal(t, 1, b.Lookup(metrics.Value(metrics.NoTag)).Tickets)
	assert.Equal(t, 1, b.Get("vip").Tickets)
	assert.Equal(t, 3, b.Len())
}

// TestManagerFigures: the figures a manager's report asks for come out of
// one report: assigned and replied tickets per agent, zero-reply tickets,
// score distributions, CSAT with and without the excluded categories,
// one-touch over tickets solved at least once.
func TestManagerFigures(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	hs := [][]ticket.Event{
		// solved without a reply, rated 5, billing
		newStory(t, 1, at, ticket.Created{Subject: "s", Category: "billing"}).assign(at.Add(time.Minute), "ingrid", "l1").
			status(at.Add(time.Hour), ticket.StatusSolved).rate(at.Add(2*time.Hour), 5, 5).events,
		// one reply, solved, reopened, still open; rated 2 in weather (excluded)
		newStory(t, 2, at, ticket.Created{Subject: "s", Category: "weather"}).assign(at.Add(time.Minute), "ingrid", "l1").
			reply(at.Add(time.Hour), kari).status(at.Add(2*time.Hour), ticket.StatusSolved).rate(at.Add(3*time.Hour), 2, 5).
			reply(at.Add(4*time.Hour), ola).events,
		// two replies, solved, rated 4
		newStory(t, 3, at, ticket.Created{Subject: "s", Category: "billing"}).assign(at.Add(time.Minute), "kari", "l1").
			reply(at.Add(time.Hour), kari).reply(at.Add(2*time.Hour), ola).reply(at.Add(3*time.Hour), kari).
			status(at.Add(4*time.Hour), ticket.StatusSolved).rate(at.Add(5*time.Hour), 4, 5).events,
	}
	report := func(d metrics.Definitions) *metrics.Report {
		r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), CSATExclude: []string{"weather"}, Definitions: d})
		require.NoError(t, err)
		for _, h := range hs {
			require.NoError(t, r.Add(h))
		}
		return r
	}
	r := report(metrics.Definitions{})
	k := r.All
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, k.ZeroReplies)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, k.OneTouch, "over the two resolved tickets")
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 2, Excluded: []metrics.Exclusion{{Ticket: tid(2), Reason: metrics.ReasonCategoryExcluded}}}, k.CSAT)
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 3}, k.CSATAll)
	assert.Equal(t, metrics.Distribution{{Score: 4, Scale: 5, Count: 1}, {Score: 5, Scale: 5, Count: 1}}, k.CSATScores)
	assert.Equal(t, 1, k.CSATScores.Count(5, 5))
	assert.Equal(t, 2, k.CSATScores.Total())
	// ingrid set every status (touched 3), was assigned 1 and 2, replied on none.
	assert.Equal(t, metrics.AgentLoad{Tickets: 3, Assigned: 2, Replied: 0}, *r.Workload.Agents["ingrid"])
	assert.Equal(t, metrics.AgentLoad{Tickets: 2, Assigned: 1, Replied: 2, Replies: 3}, *r.Workload.Agents["kari"])

	once := report(metrics.Definitions{OneTouchOver: metrics.OneTouchOverSolvedOnce})
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 3}, once.All.OneTouch, "over the three tickets solved at least once")
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 3}, once.All.TwoTouch)
}

func TestCSATThresholds(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	var hs [][]ticket.Event
	for s := 1; s <= 5; s++ {
		hs = append(hs, newStory(t, s, at, ticket.Created{Subject: "s"}).status(at.Add(time.Hour), ticket.StatusSolved).rate(at.Add(2*time.Hour), s, 5).events)
	}
	hs = append(hs, newStory(t, 6, at, ticket.Created{Subject: "s"}).status(at.Add(time.Hour), ticket.StatusSolved).rate(at.Add(2*time.Hour), 2, 2).events)
	for _, c := range []struct {
		th   metrics.CSATThreshold
		good int
	}{{"", 3}, {metrics.CSATTopTwoBox, 3}, {metrics.CSATTopBox, 2}, {metrics.CSATTopThreeBox, 4}} {
		r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Definitions: metrics.Definitions{CSATGood: c.th}})
		require.NoError(t, err)
		for _, h := range hs {
			require.NoError(t, r.Add(h))
		}
		assert.Equal(t, metrics.Rate{Numerator: c.good, Denominator: 6}, r.All.CSAT, c.th)
	}
	_, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Definitions: metrics.Definitions{CSATGood: "top_4_box"}})
	assert.ErrorIs(t, err, metrics.ErrInvalidConfig)
}

// TestMergeCompatibility: reports merge when what they count agrees, and
// are refused with ErrIncompatible, also between processes, when the
// numbers would mix: other business calendars, another CSAT threshold.
func TestMergeCompatibility(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	desk := deskCalendar(t)
	late, err := calendar.New(loc, calendar.MustParseWeek("mon-fri 10:00-18:00"))
	require.NoError(t, err)
	mk := func(cal *calendar.Calendar, d metrics.Definitions) *metrics.Report {
		r, err := metrics.NewReport(metrics.Config{Location: loc, Calendar: cal, Definitions: d})
		require.NoError(t, err)
		return r
	}
	viaJSON := func(r *metrics.Report) *metrics.Report {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var d metrics.Report
		require.NoError(t, json.Unmarshal(b, &d))
		return &d
	}
	for _, c := range []struct {
		name string
		a, b *metrics.Report
		ok   bool
	}{
		{"same calendar", mk(desk, metrics.Definitions{}), mk(deskCalendar(t), metrics.Definitions{}), true},
		{"other calendar", mk(desk, metrics.Definitions{}), mk(late, metrics.Definitions{}), false},
		{"calendar and none", mk(desk, metrics.Definitions{}), mk(nil, metrics.Definitions{}), false},
		{"CES method", mk(nil, metrics.Definitions{CES: metrics.CESAgree}), mk(nil, metrics.Definitions{}), true},
		{"default CSAT threshold spelled out", mk(nil, metrics.Definitions{CSATGood: metrics.CSATTopTwoBox}), mk(nil, metrics.Definitions{}), true},
		// An FCR window under the one-touch method is refused (it would be
		// ignored), so the default window spelt out stands for "unused".
		{"default FCR window spelled out", mk(nil, metrics.Definitions{FCR: metrics.FCRNoRepeat, FCRWindow: metrics.DefaultFCRWindow}), mk(nil, metrics.Definitions{FCR: metrics.FCRNoRepeat}), true},
		{"FCR window used", mk(nil, metrics.Definitions{FCR: metrics.FCRNoRepeat, FCRWindow: time.Hour}), mk(nil, metrics.Definitions{FCR: metrics.FCRNoRepeat}), false},
		{"other CSAT threshold", mk(nil, metrics.Definitions{CSATGood: metrics.CSATTopBox}), mk(nil, metrics.Definitions{}), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, pair := range [][2]*metrics.Report{{c.a, c.b}, {viaJSON(c.a), viaJSON(c.b)}, {c.a.Clone(), viaJSON(c.b)}} {
				err := pair[0].Merge(pair[1])
				if c.ok {
					assert.NoError(t, err)
				} else {
					assert.ErrorIs(t, err, metrics.ErrIncompatible)
				}
			}
		})
	}
}

// TestDecodedFCRNoRepeat: a decoded report answers the no-repeat FCR from
// the contacts it carries, as the report it was encoded from does.
func TestDecodedFCRNoRepeat(t *testing.T) {
	r := sampleReport(t, 300)
	want, ok := r.FCRNoRepeat()
	require.True(t, ok)
	require.Positive(t, want.Denominator)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var dec metrics.Report
	require.NoError(t, json.Unmarshal(b, &dec))
	got, ok := dec.FCRNoRepeat()
	assert.True(t, ok)
	assert.Equal(t, want, got)
	plain, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	_, ok = plain.FCRNoRepeat()
	assert.False(t, ok)
}

// TestDecodeRefusesNulls: a null where a report holds an entry is a bad
// encoding, not a panic in Merge, MostUsed or TopAgents later.
func TestDecodeRefusesNulls(t *testing.T) {
	spec := `"version":2,"spec":{"zone":"UTC","volume_bucket":"week","customers":true}`
	for _, w := range []string{`"agents":{"x":null}`, `"channels":{"email":null}`, `"workflows":{"macro:m":null}`,
		`"workflows":{"macro:m":{"kind":"macro","id":"other"}}`, `"customers":{"c":null}`, `"customers":{"c":{"tickets":1,"agents":{"a":null}}}`,
		`"agents":{"x":{"tickets":-1}}`} {
		var r metrics.Report
		assert.ErrorIs(t, json.Unmarshal([]byte(`{`+spec+`,"workload":{`+w+`}}`), &r), metrics.ErrBadEncoding, w)
	}
	for _, doc := range []string{
		`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"},"workload":{"customers":{}}}`,
		`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"},"all":{"sla":{"p/m":null}}}`,
		`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"},"all":{"csat_scores":[{"score":1,"scale":5,"count":-1}]}}`,
		`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week","business_calendar":true}}`,
		`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"},"contacts":[{"customer":"c"}]}`,
		`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week"}}`,
	} {
		var r metrics.Report
		assert.ErrorIs(t, json.Unmarshal([]byte(doc), &r), metrics.ErrBadEncoding, doc)
	}
}

// TestBusinessTimeStoredOnce: without a business calendar every
// business-time summary reads as its calendar-time twin but is neither
// stored nor encoded twice; clones, merges and decoded copies keep that.
func TestBusinessTimeStoredOnce(t *testing.T) {
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}}
	r, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for _, h := range genHistories(t, newRand(8), 200) {
		require.NoError(t, r.Add(h))
	}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "_business")
	var dec metrics.Report
	require.NoError(t, json.Unmarshal(b, &dec))
	c := r.Clone()
	require.NoError(t, c.Merge(&dec))
	for _, rep := range []*metrics.Report{r, &dec, c} {
		ks := []*metrics.KPIs{rep.All}
		for _, g := range rep.Breakdowns[0].Groups() {
			ks = append(ks, g.KPIs)
		}
		for _, k := range ks {
			ss := kpiSummaries(k)
			for i := 0; i < len(ss); i += 2 {
				assert.Equal(t, ss[i].Stats(metrics.NearestRank), ss[i+1].Stats(metrics.NearestRank))
				assert.Equal(t, ss[i].Values(), ss[i+1].Values())
			}
		}
	}
	assert.Equal(t, 2*r.All.FirstReply.Count(), c.All.FirstReplyBusiness.Count())
	var bad metrics.Report
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"},"all":{"first_reply_business":{"values_ns":[1],"censored":0}}}`), &bad), metrics.ErrBadEncoding)
}

// TestSummaryShape: the display form has its documented keys, agrees with
// the report's own figures and is far smaller than the mergeable state.
func TestSummaryShape(t *testing.T) {
	r := sampleReport(t, 300)
	s := r.Summary("")
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &top))
	for _, k := range []string{"version", "zone", "attribution", "business_calendar", "quantile_method", "tickets", "skipped", "removed",
		"all", "breakdowns", "volume", "agents", "fcr_no_repeat"} {
		assert.Contains(t, top, k)
	}
	var all map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(top["all"], &all))
	for _, k := range []string{"tickets", "first_reply", "first_reply_business", "next_reply", "first_resolution", "full_resolution",
		"requester_wait", "agent_wait", "on_hold", "agent_work", "reopened", "reopens", "one_touch", "two_touch", "fcr", "zero_replies",
		"escalated", "reassigned", "csat", "csat_all", "csat_score", "csat_scores", "nps", "nps_scores", "ces", "ces_scores",
		"replies_to_resolve", "interactions_to_resolve"} {
		assert.Contains(t, all, k)
	}
	assert.Equal(t, metrics.SummaryVersion, s.Version)
	assert.Equal(t, metrics.NearestRank, s.QuantileMethod)
	assert.Equal(t, r.Tickets, s.All.Tickets)
	assert.Equal(t, r.All.CSAT.Numerator, s.All.CSAT.Numerator)
	assert.Equal(t, len(r.All.CSAT.Excluded), s.All.CSAT.Excluded)
	v, _ := r.All.CSAT.Value(4, metrics.RoundHalfEven)
	assert.Equal(t, v.StringFixed(4), s.All.CSAT.Value.String())
	st := r.All.FirstReplyBusiness.Stats(metrics.NearestRank)
	assert.InDelta(t, st.Median.Seconds(), *s.All.FirstReplyBusiness.Median, 0.001)
	week := s.Breakdowns[2]
	require.Equal(t, []metrics.Dimension{metrics.DimWeek}, week.Dims)
	for _, g := range week.Groups {
		assert.Regexp(t, `^\d{4}-W\d{2}$`, g.Key[metrics.DimWeek])
		assert.Equal(t, time.Monday, g.Start[metrics.DimWeek].Weekday())
		assert.Same(t, r.Breakdowns[2].Get(g.Key[metrics.DimWeek]), r.Breakdowns[2].Lookup(metrics.In(g.Start[metrics.DimWeek])))
	}
	// A weekly report by agent: the display form does not grow with the
	// tickets, the state does.
	weekly, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t),
		Breakdowns: [][]metrics.Dimension{{metrics.DimMonth}, {metrics.DimAgent}}})
	require.NoError(t, err)
	for _, h := range genHistories(t, newRand(12), 2000) {
		require.NoError(t, weekly.Add(h))
	}
	state, err := json.Marshal(weekly)
	require.NoError(t, err)
	disp, err := json.Marshal(weekly.Summary(metrics.NearestRank))
	require.NoError(t, err)
	t.Logf("summary %d bytes, state %d bytes", len(disp), len(state))
	assert.Less(t, 4*len(disp), len(state))
	empty, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "UTC")})
	require.NoError(t, err)
	e, err := json.Marshal(empty.Summary(metrics.Linear))
	require.NoError(t, err)
	assert.Contains(t, string(e), `"first_reply":{"count":0,"censored":0}`)
	assert.Contains(t, string(e), `"csat":{"numerator":0,"denominator":0}`, "0/0 has no value")
	assert.NotContains(t, string(e), "first_reply_business")
}
