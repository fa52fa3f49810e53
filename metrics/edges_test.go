package metrics_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReopenRateCountsReopenNotYetResolved: the reopen rate is tickets
// reopened at least once over tickets solved (REFERENCE 6.2); a ticket
// solved, reopened and still open was solved and was reopened, so leaving
// it out (dbt_zendesk's max(0, solved_count − 1) pitfall) hides the very
// reopens the rate is for.
func TestReopenRateCountsReopenNotYetResolved(t *testing.T) {
	reopened := newStory(t, 1, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "a", Category: "billing"}).
		reply(oslo(t, "2026-03-02 09:30"), ingrid).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusSolved).
		reply(oslo(t, "2026-03-03 09:00"), ola) // reopens; not solved again
	once := newStory(t, 2, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "b", Category: "billing"}).
		reply(oslo(t, "2026-03-02 09:30"), ingrid).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusSolved)
	never := newStory(t, 3, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "c", Category: "billing"})

	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}}})
	require.NoError(t, err)
	for _, h := range [][]ticket.Event{reopened.events, once.events, never.events} {
		require.NoError(t, r.Add(h))
	}
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, r.All.Reopened)
	assert.Equal(t, 1, r.All.Reopens)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, r.Breakdowns[0].Get("2026-W10").Reopened)
	// One-touch and FCR stay on tickets resolved now.
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 1}, r.All.OneTouch)
}

// TestFCRNoRepeatIgnoresReplyCount: FCRNoRepeat is "never reopened and no
// repeat contact in the window" (its definition); a ticket solved after
// two replies with no repeat is resolved on first contact by that method.
func TestFCRNoRepeatIgnoresReplyCount(t *testing.T) {
	two := newStory(t, 1, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "a", Category: "billing"}).
		reply(oslo(t, "2026-03-02 09:30"), ingrid).
		reply(oslo(t, "2026-03-02 09:40"), ingrid).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusSolved)
	reopened := newStory(t, 2, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "b", Category: "billing", Requester: ticket.Requester{CustomerID: "kim"}}).
		reply(oslo(t, "2026-03-02 09:30"), ingrid).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusSolved).
		status(oslo(t, "2026-03-02 11:00"), ticket.StatusOpen).
		status(oslo(t, "2026-03-02 12:00"), ticket.StatusSolved)
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat}})
	require.NoError(t, err)
	require.NoError(t, r.Add(two.events))
	require.NoError(t, r.Add(reopened.events))
	got, ok := r.FCRNoRepeat()
	require.True(t, ok)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, got)
}

// TestBusiestHourPerOccurrenceAcrossDST: an hour's average is per
// occurrence of that local hour in the range; in Oslo 02:00 occurs twice on
// 2026-10-25 and not at all on 2026-03-29.
func TestBusiestHourPerOccurrenceAcrossDST(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	n := 0
	report := func(at ...time.Time) *metrics.Report {
		r, err := metrics.NewReport(metrics.Config{Location: loc})
		require.NoError(t, err)
		for _, a := range at {
			n++
			require.NoError(t, r.Add(newStory(t, n, a, ticket.Created{Subject: "s"}).events))
		}
		return r
	}
	first := time.Date(2026, 10, 25, 0, 10, 0, 0, time.UTC) // the first 02:10 in Oslo (CEST)
	second := first.Add(time.Hour)                          // the second 02:10 (CET)
	require.Equal(t, 2, second.In(loc).Hour())
	ten := time.Date(2026, 10, 25, 10, 0, 0, 0, loc)
	r := report(first, first.Add(time.Minute), second, ten, ten.Add(time.Minute))
	b, err := r.Volume.Busiest(calendarDate(2026, 10, 25), calendarDate(2026, 10, 26))
	require.NoError(t, err)
	assert.Equal(t, 10, b.Hour, "02:00 had 3 arrivals over 2 occurrences (1.5), 10:00 had 2 over 1")
	assert.Equal(t, "2.00", b.HourAverage.StringFixed(2))

	// 2026-03-28 and 29: 02:00 exists only on the 28th.
	r = report(time.Date(2026, 3, 28, 2, 30, 0, 0, loc), time.Date(2026, 3, 28, 2, 40, 0, 0, loc),
		time.Date(2026, 3, 28, 9, 0, 0, 0, loc), time.Date(2026, 3, 29, 9, 0, 0, 0, loc), time.Date(2026, 3, 29, 9, 5, 0, 0, loc))
	b, err = r.Volume.Busiest(calendarDate(2026, 3, 28), calendarDate(2026, 3, 30))
	require.NoError(t, err)
	assert.Equal(t, 2, b.Hour, "02:00: 2 arrivals on its one occurrence; 09:00: 3 over 2")
	assert.Equal(t, "2.00", b.HourAverage.StringFixed(2))
}

// TestDecodeRejectsNonCanonicalBuckets: bucket keys that are not the
// start of a bucket, or lie outside years 1–9999, are a bad encoding, not
// a report whose Buckets() loops for ever or labels wrongly.
func TestDecodeRejectsNonCanonicalBuckets(t *testing.T) {
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), VolumeBucket: metrics.DimWeek,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}}})
	require.NoError(t, err)
	require.NoError(t, r.Add(newStory(t, 1, oslo(t, "2026-03-04 09:00"), ticket.Created{Subject: "s"}).events))
	enc, err := json.Marshal(r)
	require.NoError(t, err)
	var ok metrics.Report
	require.NoError(t, json.Unmarshal(enc, &ok))
	week := oslo(t, "2026-03-02 00:00").Format(time.RFC3339)
	for name, bad := range map[string]string{
		"mid-week group key":  strings.Replace(string(enc), week, oslo(t, "2026-03-04 00:00").Format(time.RFC3339), 1),
		"huge volume key":     strings.Replace(string(enc), `"new":{`, `"new":{"-9000000000000000":1,"9000000000000000":1,`, 1),
		"mid-week volume key": strings.Replace(string(enc), `"new":{`, `"new":{"20516":1,`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEqual(t, string(enc), bad)
			var dec metrics.Report
			assert.ErrorIs(t, json.Unmarshal([]byte(bad), &dec), metrics.ErrBadEncoding)
		})
	}
}

// TestBusinessTimeAcrossAutumnDST: Fri 2026-10-23 15:00 → Mon 10-26 09:00
// in Oslo over the night the clocks go back: 67 h on the calendar, 2 h of
// desk time (Fri 15–16, Mon 08–09).
func TestBusinessTimeAcrossAutumnDST(t *testing.T) {
	h := newStory(t, 1, oslo(t, "2026-10-23 15:00"), ticket.Created{Subject: "s"}).
		reply(oslo(t, "2026-10-26 09:00"), ingrid).events
	fo, err := metrics.NewFolder(metrics.Definitions{}, deskCalendar(t), time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	require.NoError(t, fo.Fold(&f, h))
	assert.Equal(t, metrics.Elapsed{Calendar: 67 * time.Hour, Business: 2 * time.Hour, Known: true}, f.FirstReply)
}

// TestDecodedReportRefusesFacts: a decoded report (or a zero Report) has
// no definitions or filters, so adding a history or facts to it is a
// typed error, not a panic or an unfiltered count.
func TestDecodedReportRefusesFacts(t *testing.T) {
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	h := newStory(t, 1, oslo(t, "2026-03-04 09:00"), ticket.Created{Subject: "s"}).events
	require.NoError(t, r.Add(h))
	enc, err := json.Marshal(r)
	require.NoError(t, err)
	var dec metrics.Report
	require.NoError(t, json.Unmarshal(enc, &dec))
	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	require.NoError(t, fo.Fold(&f, h))
	for name, rep := range map[string]*metrics.Report{"decoded": &dec, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, rep.Add(h), metrics.ErrInvalidConfig)
			assert.ErrorIs(t, rep.AddFacts(&f), metrics.ErrInvalidConfig)
		})
	}
	assert.Equal(t, 1, dec.Tickets)
	require.NoError(t, r.AddFacts(&f))
	assert.Equal(t, 2, r.Tickets)
}

// TestBacklogIgnoresAttributionRange: the backlog at an instant is every
// kept ticket active then, whatever the range the KPIs are attributed by:
// a February ticket still open on 31 March is in March's backlog.
func TestBacklogIgnoresAttributionRange(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	r, err := metrics.NewReport(metrics.Config{Location: loc, From: oslo(t, "2026-03-01 00:00"), To: oslo(t, "2026-04-01 00:00"),
		BacklogAt: oslo(t, "2026-03-31 12:00"), Groups: []string{"l1"}})
	require.NoError(t, err)
	old := newStory(t, 1, oslo(t, "2026-02-20 09:00"), ticket.Created{Subject: "old", Group: "l1"}).
		reply(oslo(t, "2026-04-02 09:00"), ingrid)
	inMarch := newStory(t, 2, oslo(t, "2026-03-10 09:00"), ticket.Created{Subject: "new", Group: "l1"})
	otherGroup := newStory(t, 3, oslo(t, "2026-03-10 09:00"), ticket.Created{Subject: "l2", Group: "l2"})
	solved := newStory(t, 4, oslo(t, "2026-02-20 09:00"), ticket.Created{Subject: "done", Group: "l1"}).
		status(oslo(t, "2026-03-30 09:00"), ticket.StatusSolved)
	for _, h := range [][]ticket.Event{old.events, inMarch.events, otherGroup.events, solved.events} {
		require.NoError(t, r.Add(h))
	}
	assert.Equal(t, 2, r.Volume.Backlog, "the February ticket and the March one; not the other group's, not the solved one")
	assert.Equal(t, 1, r.Tickets)
	assert.Equal(t, &metrics.Removal{Count: 2, Tickets: []ticket.ID{tid(1), tid(4)}}, r.Removed[metrics.RemovedRange])
}

// TestBucketsAtYearEnd: Oslo's New Year is still 2026 in UTC; ISO week
// 2026-W53 runs Mon 2026-12-28 to Sun 2027-01-03.
func TestBucketsAtYearEnd(t *testing.T) {
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), VolumeBucket: metrics.DimMonth,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}, {metrics.DimMonth}, {metrics.DimYear}, {metrics.DimDay}}})
	require.NoError(t, err)
	for i, at := range []string{"2026-12-31 23:30", "2027-01-01 00:30", "2027-01-04 00:10"} {
		require.NoError(t, r.Add(newStory(t, i+1, oslo(t, at), ticket.Created{Subject: "s"}).events))
	}
	keys := func(b *metrics.Breakdown) map[string]int {
		out := map[string]int{}
		for _, g := range b.Groups() {
			out[g.Key[0]] = g.KPIs.Tickets
		}
		return out
	}
	assert.Equal(t, map[string]int{"2026-W53": 2, "2027-W01": 1}, keys(r.Breakdowns[0]))
	assert.Equal(t, map[string]int{"2026-12": 1, "2027-01": 2}, keys(r.Breakdowns[1]))
	assert.Equal(t, map[string]int{"2026": 1, "2027": 2}, keys(r.Breakdowns[2]))
	assert.Equal(t, map[string]int{"2026-12-31": 1, "2027-01-01": 1, "2027-01-04": 1}, keys(r.Breakdowns[3]))
	var vol []string
	for _, b := range r.Volume.Buckets() {
		vol = append(vol, b.Label+"="+strings.Repeat("x", b.Count))
	}
	assert.Equal(t, []string{"2026-12=x", "2027-01=xx"}, vol)
	assert.Equal(t, 1, r.Volume.Heatmap[3][23], "Thursday 23:00 local")
	assert.Equal(t, 1, r.Volume.Heatmap[4][0], "Friday 00:00 local")
}

// TestMergeAssociativeWithEmptyShards: (a+b)+c and a+(b+c) through the
// encoding, with an empty shard among them, equal one pass; a report
// merged with its own decoded copy equals one pass over every history
// twice.
func TestMergeAssociativeWithEmptyShards(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	cfg := metrics.Config{Location: loc, Calendar: deskCalendar(t), CSATExclude: []string{"weather"}, Customers: true,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimTag}}, BacklogAt: time.Date(2026, 6, 1, 12, 0, 0, 0, loc)}
	hs := genHistories(t, newRand(11), 60)
	build := func(hs ...[]ticket.Event) *metrics.Report {
		r, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		for _, h := range hs {
			require.NoError(t, r.Add(h))
		}
		return r
	}
	roundTrip := func(r *metrics.Report) *metrics.Report {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var dec metrics.Report
		require.NoError(t, json.Unmarshal(b, &dec))
		return &dec
	}
	merge := func(parts ...*metrics.Report) *metrics.Report {
		out := build()
		for _, p := range parts {
			require.NoError(t, out.Merge(roundTrip(p)))
		}
		return out
	}
	enc := func(r *metrics.Report) string {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		return string(b)
	}
	a, b, c, empty := build(hs[:20]...), build(hs[20:45]...), build(hs[45:]...), build()
	want := enc(build(hs...))
	assert.Equal(t, want, enc(merge(merge(a, empty, b), c)))
	assert.Equal(t, want, enc(merge(a, merge(b, c, empty))))
	assert.Equal(t, want, enc(merge(c, empty, b, a)))
	assert.Equal(t, enc(build()), enc(merge(empty, empty)))

	self := build(hs...)
	require.NoError(t, self.Merge(roundTrip(self)))
	assert.Equal(t, enc(build(append(slices.Clone(hs), hs...)...)), enc(self))
}

// TestStatusDurationsByHand: new 09:00, open 09:30, pending 10:00, open
// 11:00, on-hold 12:00, solved 13:00 on a Monday; rated bad, then good.
func TestStatusDurationsByHand(t *testing.T) {
	s := newStory(t, 1, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "s"}).
		status(oslo(t, "2026-03-02 09:30"), ticket.StatusOpen).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusPending).
		status(oslo(t, "2026-03-02 11:00"), ticket.StatusOpen).
		status(oslo(t, "2026-03-02 12:00"), ticket.StatusOnHold).
		status(oslo(t, "2026-03-02 13:00"), ticket.StatusSolved).
		rate(oslo(t, "2026-03-02 14:00"), 2, 5).
		rate(oslo(t, "2026-03-02 15:00"), 4, 5)
	h := func(n float64) metrics.Elapsed {
		d := time.Duration(n * float64(time.Hour))
		return metrics.Elapsed{Calendar: d, Business: d, Known: true}
	}
	for _, c := range []struct {
		name    string
		reopens metrics.ReopenRule
		want    int
	}{{"default", "", 0}, {"pending counts", metrics.ReopenFromSolvedOrPending, 1}} {
		t.Run(c.name, func(t *testing.T) {
			fo, err := metrics.NewFolder(metrics.Definitions{Reopens: c.reopens}, deskCalendar(t), time.Time{}, time.Time{})
			require.NoError(t, err)
			var f metrics.Facts
			require.NoError(t, fo.Fold(&f, s.events))
			assert.Equal(t, h(3), f.RequesterWait)
			assert.Equal(t, h(1), f.AgentWait)
			assert.Equal(t, h(1), f.OnHold)
			assert.Equal(t, h(2), f.AgentWork)
			assert.Equal(t, h(4), f.FullResolution)
			assert.Equal(t, c.want, f.Reopens)
			assert.Equal(t, 4, f.Rating(ticket.SurveyCSAT).Score, "the latest rating")
			assert.False(t, f.FirstReply.Known, "never replied: censored, not 0")
			assert.True(t, f.OneTouch(metrics.OneTouchFewerThanTwo))
			assert.False(t, f.OneTouch(metrics.OneTouchExactlyOne))
		})
	}
}

// TestLastReplierCreditOnOpenTickets: under CreditLastReplier an open
// ticket's per-ticket counts go to its last replier, as a resolved one's
// do, not to an assignee who never wrote on it.
func TestLastReplierCreditOnOpenTickets(t *testing.T) {
	open := newStory(t, 1, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "s", Group: "l1"}).
		assign(oslo(t, "2026-03-02 09:05"), "ingrid", "l1").
		reply(oslo(t, "2026-03-02 09:30"), kari)
	solved := newStory(t, 2, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "s", Group: "l1"}).
		assign(oslo(t, "2026-03-02 09:05"), "ingrid", "l1").
		reply(oslo(t, "2026-03-02 09:30"), kari).
		status(oslo(t, "2026-03-02 10:00"), ticket.StatusSolved)
	cases := []struct {
		credit      metrics.Credit
		kari, ingid int
	}{
		{metrics.CreditLastReplier, 2, 0},
		{metrics.CreditCurrentAssignee, 0, 2},
		{metrics.CreditAssigneeAtEvent, 0, 2},
	}
	for _, c := range cases {
		t.Run(string(c.credit), func(t *testing.T) {
			r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Definitions: metrics.Definitions{Credit: c.credit},
				Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}})
			require.NoError(t, err)
			require.NoError(t, r.Add(open.events))
			require.NoError(t, r.Add(solved.events))
			tickets := func(agent string) int {
				if g := r.Breakdowns[0].Get(agent); g != nil {
					return g.Tickets
				}
				return 0
			}
			assert.Equal(t, c.kari, tickets("kari"))
			assert.Equal(t, c.ingid, tickets("ingrid"))
		})
	}
}

// TestBusiestRefusesPartOfTheReport: the hour counts come from the
// heatmap of every arrival in the report, so a range that leaves some of
// them out would divide the whole report's arrivals by part of its hours.
func TestBusiestRefusesPartOfTheReport(t *testing.T) {
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	require.NoError(t, r.Add(newStory(t, 1, oslo(t, "2026-03-02 09:00"), ticket.Created{Subject: "s"}).events))
	require.NoError(t, r.Add(newStory(t, 2, oslo(t, "2026-03-20 09:00"), ticket.Created{Subject: "s"}).events))
	_, err = r.Volume.Busiest(calendarDate(2026, 3, 1), calendarDate(2026, 3, 10))
	assert.ErrorIs(t, err, metrics.ErrInvalidConfig)
	b, err := r.Volume.Busiest(calendarDate(2026, 3, 1), calendarDate(2026, 4, 1))
	require.NoError(t, err)
	assert.Equal(t, 9, b.Hour)
	assert.Equal(t, "0.06", b.HourAverage.StringFixed(2)) // 2 arrivals over 31 occurrences of 09:00
}

// A report carries its zone's name only (spec, encoding, document), so a
// location that does not read as the IANA zone of its name is refused: it
// would read back as another zone. Before, a fixed zone named "CET" made
// a report whose weeks and hours were read at +01:00 all year, and which
// merged with (and decoded as) reports in the IANA zone CET.
func TestLocationMustBeTheIANAZoneOfItsName(t *testing.T) {
	oslo := mustLoc(t, "Europe/Oslo")
	cet := mustLoc(t, "CET")
	for _, loc := range []*time.Location{time.UTC, oslo, cet} {
		_, err := metrics.NewReport(metrics.Config{Location: loc})
		assert.NoError(t, err, loc.String())
		_, err = metrics.DocumentOf(metrics.Config{Location: loc}, nil)
		assert.NoError(t, err, loc.String())
	}
	for _, loc := range []*time.Location{
		time.FixedZone("CET", 3600),         // CET keeps summer time
		time.FixedZone("Europe/Oslo", 3600), // so does Oslo
		time.FixedZone("Desk time", 2*3600), // no IANA zone has this name
		time.Local,                          // another zone on another machine
	} {
		_, err := metrics.NewReport(metrics.Config{Location: loc})
		require.Error(t, err, loc.String())
		assert.ErrorIs(t, err, metrics.ErrInvalidConfig, loc.String())
		var ce *metrics.ConfigError
		require.True(t, errors.As(err, &ce), loc.String())
		assert.Equal(t, "Location", ce.Field)
		_, err = metrics.DocumentOf(metrics.Config{Location: loc}, nil)
		assert.ErrorIs(t, err, metrics.ErrInvalidConfig, loc.String())
		assert.Equal(t, []string{"zone"}, document.Paths(err), loc.String())
	}
}

// TestBucketsFarApart: an open report's volume lists the empty buckets
// between its first and last arrival up to MaxDenseBuckets of them; two
// arrivals further apart (a stray timestamp) give only the buckets with
// arrivals, marked sparse in the display form, instead of millions of
// empty ones.
func TestBucketsFarApart(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	report := func(bucket metrics.Dimension, ats ...time.Time) *metrics.Report {
		r, err := metrics.NewReport(metrics.Config{Location: loc, VolumeBucket: bucket})
		require.NoError(t, err)
		for i, at := range ats {
			require.NoError(t, r.Add(newStory(t, i+1, at, ticket.Created{Subject: "s"}).events))
		}
		return r
	}
	first := time.Date(2026, 3, 2, 12, 0, 0, 0, loc)

	// Exactly MaxDenseBuckets days from the first to the last: dense.
	r := report(metrics.DimDay, first, first.AddDate(0, 0, metrics.MaxDenseBuckets-1))
	assert.True(t, r.Volume.Dense())
	bs := r.Volume.Buckets()
	require.Len(t, bs, metrics.MaxDenseBuckets)
	assert.Equal(t, "2026-03-02", bs[0].Label)
	assert.Equal(t, 1, bs[0].Count)
	assert.Equal(t, 0, bs[1].Count)
	assert.Equal(t, 1, bs[len(bs)-1].Count)
	assert.False(t, r.Summary("").Volume.Sparse)

	// One more: only the buckets with arrivals.
	r = report(metrics.DimDay, first, first.AddDate(0, 0, metrics.MaxDenseBuckets), first.AddDate(0, 0, 1), first.AddDate(0, 0, 1))
	assert.False(t, r.Volume.Dense())
	last := first.AddDate(0, 0, metrics.MaxDenseBuckets)
	assert.Equal(t, []metrics.BucketCount{
		{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Label: "2026-03-02", Count: 1},
		{Start: time.Date(2026, 3, 3, 0, 0, 0, 0, loc), Label: "2026-03-03", Count: 2},
		{Start: time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc), Label: last.Format(time.DateOnly), Count: 1},
	}, r.Volume.Buckets())
	s := r.Summary("")
	assert.True(t, s.Volume.Sparse)
	assert.Len(t, s.Volume.New, 3)

	// Hours: a stray arrival in year 1 beside one in 2026 (17 million
	// hours apart).
	r = report(metrics.DimHour, time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), first)
	assert.False(t, r.Volume.Dense())
	assert.Len(t, r.Volume.Buckets(), 2)

	// No arrivals: dense and empty.
	r = report(metrics.DimHour)
	assert.True(t, r.Volume.Dense())
	assert.Empty(t, r.Volume.Buckets())
}
