package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// combineOracles returns the oracle that is open in a minute when all
// (or, with all unset, any) of os are. The oracles must share a window.
func combineOracles(os []*oracle, all bool) *oracle {
	n := len(os[0].open)
	o := &oracle{loc: os[0].loc, from: os[0].from, open: make([]bool, n), before: make([]int64, n+1)}
	for i := range n {
		open := all
		for _, p := range os {
			if all {
				open = open && p.open[i]
			} else {
				open = open || p.open[i]
			}
		}
		o.open[i] = open
		o.before[i+1] = o.before[i]
		if open {
			o.before[i+1]++
		}
	}
	o.markChanges()
	return o
}

// openAt reads the minute table, so it also works for combined oracles,
// whose location is that of the first oracle.
func (o *oracle) openAt(t time.Time) bool {
	i, _ := o.minute(t)
	return o.open[i]
}

type combineCase struct {
	name    string
	all     bool // Intersect rather than Union
	configs []oracleConfig
}

func combineCases() []combineCase {
	return []combineCase{
		{
			name: "Oslo team ∩ New York customer", all: true,
			configs: []oracleConfig{
				{zone: "Europe/Oslo", week: "mon-fri 08:00-16:00", holidays: no.Holidays},
				{zone: "America/New_York", week: "mon-fri 08:00-17:00", holidays: us.Holidays},
			},
		},
		{
			name: "follow-the-sun Oslo ∪ New York ∪ Sydney",
			configs: []oracleConfig{
				{zone: "Europe/Oslo", week: "mon-fri 08:00-16:00", holidays: no.Holidays},
				{zone: "America/New_York", week: "mon-fri 08:00-16:00", holidays: us.Holidays},
				{zone: "Australia/Sydney", week: "mon-fri 08:00-16:00", holidays: au.HolidaysNSW},
			},
		},
		{
			name: "Oslo nights ∩ Sydney days ∩ Kolkata", all: true,
			configs: []oracleConfig{
				{zone: "Europe/Oslo", week: "mon-sun 22:00-06:00+1"},
				{zone: "Australia/Sydney", week: "mon-sat 06:00-18:00"},
				{zone: "Asia/Kolkata", week: "mon-sun 03:00-09:00"},
			},
		},
		{
			name: "Oslo split shifts ∪ New York nights",
			configs: []oracleConfig{
				{zone: "Europe/Oslo", week: "mon-fri 01:30-02:30,08:00-12:00,13:00-17:00"},
				{zone: "America/New_York", week: "fri-sun 22:00-06:00+1"},
			},
		},
	}
}

func combineCalendars(t testing.TB, all bool, cs []*calendar.Calendar) *calendar.Calendar {
	t.Helper()
	combine := calendar.Union
	if all {
		combine = calendar.Intersect
	}
	c, err := combine(cs...)
	require.NoError(t, err)
	return c
}

// TestCombinedAgainstOracle compares combined calendars with the minute
// tables of their oracles, in a spring window and an autumn window that
// hold the clock changes of every zone involved.
func TestCombinedAgainstOracle(t *testing.T) {
	windows := []struct{ from, to time.Time }{
		{time.Date(2026, 2, 26, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 12, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)},
	}
	for i, tc := range combineCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(uint64(i), 99))
			ws := windows
			if !long() { // by default each case takes one of the windows
				ws = windows[i%len(windows) : i%len(windows)+1]
			}
			for _, w := range ws {
				var os []*oracle
				var cs []*calendar.Calendar
				for _, cfg := range tc.configs {
					o, c := newOracle(t, cfg, w.from, w.to)
					os, cs = append(os, o), append(cs, c)
				}
				o, c := combineOracles(os, tc.all), combineCalendars(t, tc.all, cs)
				// Queries start a day into the window and reach at most
				// 4 days past their start, leaving room before its end.
				queryFrom := w.from.Add(24 * time.Hour)
				queryMinutes := int64(w.to.Sub(queryFrom)/time.Minute) - 6*24*60
				for range combinedQueries() {
					a := queryFrom.Add(time.Duration(rng.Int64N(queryMinutes)) * time.Minute)
					if rng.IntN(2) == 0 {
						a = a.Add(time.Duration(rng.Int64N(int64(time.Minute))))
					}
					if rng.IntN(4) == 0 {
						a = o.boundaryAfter(a)
					}
					b, d := randomQuery(rng, o, a, 4*24*time.Hour, 2*24*time.Hour)
					compareQueries(t, o, o.openAt, c, a, b, d)
				}
			}
		})
	}
}

// combinedQueries returns the number of random queries per window of
// TestCombinedAgainstOracle.
func combinedQueries() int {
	if long() {
		return 300
	}
	return 120
}

// TestCombinedInvariants checks Add and Elapsed against each other and
// Spans against Elapsed on combined calendars.
func TestCombinedInvariants(t *testing.T) {
	years := calendar.WithYears(2020, 2035)
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), years)
	newYork := mustNew(t, "America/New_York", "mon-fri 08:00-16:00", calendar.WithHolidays(us.Holidays...), years)
	sydney := mustNew(t, "Australia/Sydney", "mon-fri 08:00-16:00", calendar.WithHolidays(au.HolidaysNSW...), years)
	tests := []struct {
		name string
		all  bool
		cs   []*calendar.Calendar
	}{
		{"Oslo ∩ New York", true, []*calendar.Calendar{oslo, newYork}},
		{"Oslo ∪ New York ∪ Sydney", false, []*calendar.Calendar{oslo, newYork, sydney}},
		{"(Oslo ∪ Sydney) ∩ New York", true, []*calendar.Calendar{combineCalendars(t, false, []*calendar.Calendar{oslo, sydney}), newYork}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := combineCalendars(t, tt.all, tt.cs)
			rng := rand.New(rand.NewPCG(uint64(i), 5))
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for range 300 {
				a := base.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))
				d := time.Duration(rng.Int64N(int64(200*time.Hour))) - 50*time.Hour
				u := c.Add(a, d)
				if d >= 0 {
					require.False(t, u.Before(a), "Add(%v, %v) = %v", a, d, u)
					require.Equal(t, d, c.Elapsed(a, u), "Elapsed(%v, Add(%v, %v))", a, a, d)
				} else {
					require.False(t, u.After(a), "Add(%v, %v) = %v", a, d, u)
					require.Equal(t, -d, c.Elapsed(u, a), "Elapsed(Add(%v, %v), %v)", a, d, a)
				}
				b := a.Add(time.Duration(rng.Int64N(int64(20 * 24 * time.Hour))))
				var sum time.Duration
				for s := range c.Spans(a, b) {
					require.True(t, c.IsOpen(s.Start), "span %v", s)
					require.False(t, c.IsOpen(s.End) && s.End.Before(b), "span %v ends while open", s)
					sum += s.Duration()
				}
				require.Equal(t, c.Elapsed(a, b), sum, "Spans(%v, %v)", a, b)
				open := c.IsOpen(a)
				for _, in := range tt.cs {
					if tt.all && !in.IsOpen(a) || !tt.all && in.IsOpen(a) {
						require.Equal(t, !tt.all, open, "IsOpen(%v)", a)
						break
					}
				}
			}
		})
	}
}

func TestCombined(t *testing.T) {
	years := calendar.WithYears(2020, 2035)
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), years)
	newYork := mustNew(t, "America/New_York", "mon-fri 08:00-17:00", calendar.WithHolidays(us.Holidays...), years)
	both, err := calendar.Intersect(oslo, newYork)
	require.NoError(t, err)
	either, err := calendar.Union(oslo, newYork)
	require.NoError(t, err)
	tests := []struct {
		name     string
		c        *calendar.Calendar
		from, to string
		want     time.Duration
	}{
		{"winter overlap is 14:00-16:00 Oslo", both, "2026-02-02T00:00:00+01:00", "2026-02-03T00:00:00+01:00", 2 * time.Hour},
		{"New York on summer time before Oslo: 13:00-16:00", both, "2026-03-09T00:00:00+01:00", "2026-03-10T00:00:00+01:00", 3 * time.Hour},
		{"both on summer time", both, "2026-04-13T00:00:00+02:00", "2026-04-14T00:00:00+02:00", 2 * time.Hour},
		{"Oslo on winter time before New York: 13:00-16:00", both, "2026-10-26T00:00:00+01:00", "2026-10-27T00:00:00+01:00", 3 * time.Hour},
		{"Norwegian holiday 17 May 2027 closes the overlap", both, "2027-05-17T00:00:00+02:00", "2027-05-18T00:00:00+02:00", 0},
		{"US Thanksgiving closes the overlap", both, "2026-11-26T00:00:00+01:00", "2026-11-27T00:00:00+01:00", 0},
		{"union over a winter day: 08:00-23:00 Oslo", either, "2026-02-02T00:00:00+01:00", "2026-02-03T00:00:00+01:00", 15 * time.Hour},
		{"union on Thanksgiving is Oslo alone", either, "2026-11-26T00:00:00+01:00", "2026-11-27T00:00:00+01:00", 8 * time.Hour},
		{"union over a weekend", either, "2026-02-07T00:00:00+01:00", "2026-02-09T00:00:00+01:00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.Elapsed(rfc(t, tt.from), rfc(t, tt.to)))
		})
	}

	monday := rfc(t, "2026-02-02T09:00:00-05:00")
	assert.True(t, rfc(t, "2026-02-02T14:00:00+01:00").Equal(both.NextOpen(monday.Add(-2*time.Hour))))
	assert.True(t, rfc(t, "2026-02-02T16:00:00+01:00").Equal(both.NextClose(monday)))
	assert.True(t, rfc(t, "2026-02-03T15:00:00+01:00").Equal(both.Add(monday, 2*time.Hour)), "an hour on Monday, an hour on Tuesday")
	assert.True(t, rfc(t, "2026-02-02T17:00:00-05:00").Equal(either.NextClose(monday)), "Oslo and New York hours touch into one span")
	assert.Equal(t, time.UTC, both.Add(monday.UTC(), time.Minute).Location(), "results in the argument's location")
}

func TestCombinedAccessors(t *testing.T) {
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2020, 2030))
	newYork := mustNew(t, "America/New_York", "mon-fri 08:00-17:00", calendar.WithYears(2025, 2040))
	both, err := calendar.Intersect(newYork, oslo)
	require.NoError(t, err)
	either, err := calendar.Union(oslo, newYork)
	require.NoError(t, err)

	assert.Equal(t, newYork.Location(), both.Location(), "the first calendar's location")
	assert.Equal(t, oslo.Location(), either.Location())
	assert.Equal(t, calendar.Week{}, both.Week())

	start, end := both.Range()
	assert.True(t, rfc(t, "2025-01-01T00:00:00-05:00").Equal(start), "start %v", start)
	assert.True(t, rfc(t, "2031-01-01T00:00:00+01:00").Equal(end), "end %v", end)
	assert.Equal(t, newYork.Location(), start.Location())
	start, end = either.Range()
	assert.True(t, rfc(t, "2020-01-01T00:00:00+01:00").Equal(start), "start %v", start)
	assert.True(t, rfc(t, "2041-01-01T00:00:00-05:00").Equal(end), "end %v", end)

	lastDay := rfc(t, "2030-12-31T15:00:00+01:00") // Tuesday, overlap 14:00-16:00
	got, err := both.AddChecked(lastDay, 2*time.Hour)
	assert.ErrorIs(t, err, calendar.ErrOutOfRange)
	assert.True(t, end.Equal(either.Add(rfc(t, "2040-12-31T16:00:00-05:00"), 2*time.Hour)))
	_, bothEnd := both.Range()
	assert.True(t, bothEnd.Equal(got), "got %v", got)
	assert.False(t, both.IsOpen(rfc(t, "2024-06-03T15:00:00+02:00")), "Oslo is open, but New York's range has not started")
	assert.True(t, either.IsOpen(rfc(t, "2024-06-03T15:00:00+02:00")))

	same, err := calendar.Intersect(oslo)
	require.NoError(t, err)
	assert.Same(t, oslo, same)
}

func TestCombineErrors(t *testing.T) {
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2026, 2027))
	nights := mustNew(t, "Europe/Oslo", "mon-fri 18:00-06:00+1", calendar.WithYears(2026, 2027))
	later := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2030, 2031))
	tests := []struct {
		name  string
		all   bool
		cs    []*calendar.Calendar
		wants []error
	}{
		{"intersect nothing", true, nil, []error{calendar.ErrNoCalendar}},
		{"union of nothing", false, nil, []error{calendar.ErrNoCalendar}},
		{"nil calendar", true, []*calendar.Calendar{oslo, nil}, []error{calendar.ErrNoCalendar}},
		{"nil calendars in a union", false, []*calendar.Calendar{nil, oslo, nil}, []error{calendar.ErrNoCalendar}},
		{"days and nights never meet", true, []*calendar.Calendar{oslo, nights}, []error{calendar.ErrNeverOpen}},
		{"ranges do not overlap", true, []*calendar.Calendar{oslo, later}, []error{calendar.ErrNeverOpen}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			combine := calendar.Union
			if tt.all {
				combine = calendar.Intersect
			}
			c, err := combine(tt.cs...)
			assert.Nil(t, c)
			for _, want := range tt.wants {
				assert.ErrorIs(t, err, want)
			}
		})
	}
}

// TestCombineWithAlways checks the shortcuts for calendars that are open
// all through their range against the general combination: a calendar
// open 24/7 except one closed date is not "always open", so combining
// with it takes the general path, and the results must agree wherever
// that date does not matter.
func TestCombineWithAlways(t *testing.T) {
	oslo := mustLoad(t, "Europe/Oslo")
	desk := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), calendar.WithYears(2020, 2035))
	always := calendar.Always(desk.Location())
	closedOnce := mustNew(t, "Europe/Oslo", "mon-sun 00:00-24:00", calendar.WithSpecialDays(calendar.Closed(date(1950, 1, 2))))
	utc := calendar.Always(time.UTC)

	union, err := calendar.Union(desk, always)
	require.NoError(t, err)
	assert.Same(t, always, union, "the always-open calendar covers the union")
	slowUnion, err := calendar.Union(desk, closedOnce)
	require.NoError(t, err)
	meet, err := calendar.Intersect(always, desk)
	require.NoError(t, err)
	assert.Same(t, desk, meet, "always open wherever the desk is, but the first location wins")
	meet, err = calendar.Intersect(desk, always)
	require.NoError(t, err)
	assert.Same(t, desk, meet)
	slowMeet, err := calendar.Intersect(desk, closedOnce)
	require.NoError(t, err)

	// Different locations: the shortcuts still skip the always-open walk,
	// but the result is a combined calendar with its own range.
	utcUnion, err := calendar.Union(desk, utc)
	require.NoError(t, err)
	utcStart, utcEnd := utc.Range()
	start, end := utcUnion.Range()
	assert.True(t, start.Equal(utcStart) && end.Equal(utcEnd), "UTC's range holds the desk's")
	assert.Equal(t, oslo.String(), utcUnion.Location().String())
	utcMeet, err := calendar.Intersect(utc, desk)
	require.NoError(t, err)
	// An always-open UTC calendar over fewer years clips the desk.
	narrow, err := calendar.New(time.UTC, calendar.MustParseWeek("mon-sun 00:00-24:00"), calendar.WithYears(2021, 2034))
	require.NoError(t, err)
	clipped, err := calendar.Intersect(desk, narrow) // a copy of the desk
	require.NoError(t, err)
	assert.Equal(t, desk.Week(), clipped.Week())
	general, err := calendar.Intersect(narrow, desk) // a combined calendar
	require.NoError(t, err)
	nStart, nEnd := narrow.Range()
	for _, c := range []*calendar.Calendar{clipped, general} {
		s, e := c.Range()
		assert.True(t, s.Equal(nStart) && e.Equal(nEnd), "range %v to %v, want %v to %v", s, e, nStart, nEnd)
	}
	bothAlways, err := calendar.Intersect(utc, always)
	require.NoError(t, err)
	aStart, _ := always.Range()
	_, uEnd := utc.Range()
	assert.Equal(t, uEnd.Sub(aStart), bothAlways.Elapsed(aStart.Add(-time.Hour), uEnd.Add(time.Hour)))

	rng := rand.New(rand.NewPCG(3, 4))
	from := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 200 {
		a := from.Add(time.Duration(rng.Int64N(int64(10 * 365 * 24 * time.Hour))))
		b := a.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
		d := time.Duration(rng.Int64N(int64(100*time.Hour))) - 20*time.Hour
		assert.Equal(t, slowUnion.Elapsed(a, b), union.Elapsed(a, b))
		assert.Equal(t, slowUnion.Elapsed(a, b), utcUnion.Elapsed(a, b))
		assert.Equal(t, slowMeet.Elapsed(a, b), utcMeet.Elapsed(a, b))
		assert.Equal(t, desk.Elapsed(a, b), utcMeet.Elapsed(a, b))
		assert.True(t, slowMeet.Add(a, d).Equal(utcMeet.Add(a, d)))
		assert.True(t, slowUnion.Add(a, d).Equal(utcUnion.Add(a, d)))
		assert.Equal(t, desk.NextOpen(a), utcMeet.NextOpen(a))
		assert.Equal(t, general.Elapsed(a, b), clipped.Elapsed(a, b))
		assert.True(t, general.Add(a, d).Equal(clipped.Add(a, d)))
		assert.True(t, general.NextOpen(a).Equal(clipped.NextOpen(a)))
		assert.True(t, general.NextClose(a).Equal(clipped.NextClose(a)))
		assert.Equal(t, general.IsOpen(a), clipped.IsOpen(a))
	}
	// At the ends of the clipped range, 2021 and 2035 UTC.
	for _, edge := range []time.Time{nStart, nEnd} {
		for _, at := range []time.Time{edge.Add(-30 * 24 * time.Hour), edge.Add(-time.Hour), edge, edge.Add(time.Hour)} {
			for _, d := range []time.Duration{-1000 * time.Hour, -time.Hour, time.Hour, 1000 * time.Hour} {
				got, gotErr := clipped.AddChecked(at, d)
				want, wantErr := general.AddChecked(at, d)
				assert.True(t, want.Equal(got), "AddChecked(%v, %v) = %v, want %v", at, d, got, want)
				assert.Equal(t, wantErr == nil, gotErr == nil)
			}
			assert.Equal(t, general.Elapsed(at.Add(-48*time.Hour), at.Add(48*time.Hour)), clipped.Elapsed(at.Add(-48*time.Hour), at.Add(48*time.Hour)))
			assert.True(t, general.NextOpen(at).Equal(clipped.NextOpen(at)))
		}
	}
	assert.Equal(t, calendar.DayHoliday, clipped.Day(date(2034, 12, 25)).Kind)
	assert.Equal(t, calendar.DayOutOfRange, clipped.Day(date(2035, 1, 2)).Kind)
	// At the edges of the ranges, Oslo's midnight is an hour before UTC's.
	deskStart, _ := closedOnce.Range()
	u2, err := calendar.Union(closedOnce, utc)
	require.NoError(t, err)
	s2, _ := u2.Range()
	assert.True(t, s2.Equal(deskStart))
	assert.Equal(t, time.Hour+time.Minute, u2.Elapsed(deskStart, utcStart.Add(time.Minute)))
}
