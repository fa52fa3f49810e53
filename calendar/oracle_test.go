package calendar_test

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// oracle is a brute-force reference: it decides each minute on its own
// from the wall clock that package time gives for it, and answers queries
// by walking minutes. Every boundary in the test configurations is a
// whole minute, so each UTC minute is wholly open or wholly closed.
type oracle struct {
	loc      *time.Location
	week     calendar.Week
	holidays map[calendar.Date]bool
	specials map[calendar.Date][]calendar.Interval

	from   time.Time              // first minute of the window
	open   []bool                 // per minute
	before []int64                // open minutes before each minute
	change []int                  // per minute, the next minute whose state differs, or len(open)
	dates  map[calendar.Date]bool // dates with an open minute, built by openDays
}

type oracleConfig struct {
	name     string
	zone     string
	week     string
	holidays []*cal.Holiday
	specials []calendar.SpecialDay
}

func newOracle(t testing.TB, cfg oracleConfig, from, to time.Time) (*oracle, *calendar.Calendar) {
	t.Helper()
	loc, err := time.LoadLocation(cfg.zone)
	require.NoError(t, err)
	week, err := calendar.ParseWeek(cfg.week)
	require.NoError(t, err)
	c, err := calendar.New(loc, week, calendar.WithHolidays(cfg.holidays...), calendar.WithSpecialDays(cfg.specials...), calendar.WithYears(from.Year()-1, to.Year()+1))
	require.NoError(t, err)
	o := &oracle{loc: loc, week: week, holidays: map[calendar.Date]bool{}, specials: map[calendar.Date][]calendar.Interval{}, from: from}
	for y := from.Year() - 2; y <= to.Year()+2; y++ {
		for _, h := range cfg.holidays {
			if _, obs := h.Calc(y); !obs.IsZero() {
				o.holidays[calendar.DateOf(obs)] = true
			}
		}
	}
	for _, s := range cfg.specials {
		o.specials[s.Date] = s.Hours
	}
	n := int(to.Sub(from) / time.Minute)
	o.open = make([]bool, n)
	o.before = make([]int64, n+1)
	for i := range n {
		o.open[i] = o.isOpen(from.Add(time.Duration(i) * time.Minute))
		o.before[i+1] = o.before[i]
		if o.open[i] {
			o.before[i+1]++
		}
	}
	o.markChanges()
	return o, c
}

// markChanges fills o.change from o.open by one backward walk, so that
// nextOpen, nextClose and boundaryAfter need not walk minute by minute.
func (o *oracle) markChanges() {
	n := len(o.open)
	o.change = make([]int, n)
	next := n
	for i := n - 1; i >= 0; i-- {
		o.change[i] = next
		if i > 0 && o.open[i-1] != o.open[i] {
			next = i
		}
	}
}

// hours returns the intervals of a date.
func (o *oracle) hours(d calendar.Date) []calendar.Interval {
	if ivs, ok := o.specials[d]; ok {
		return ivs
	}
	if o.holidays[d] {
		return nil
	}
	return o.week[time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()]
}

// isOpen decides an instant from its wall clock in the oracle's location.
func (o *oracle) isOpen(t time.Time) bool {
	lt := t.In(o.loc)
	h, m, s := lt.Clock()
	clock := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second
	today := calendar.DateOf(lt)
	y, mo, d := lt.Date()
	yesterday := calendar.DateOf(time.Date(y, mo, d-1, 12, 0, 0, 0, time.UTC))
	for _, iv := range o.hours(today) {
		if iv.Start <= clock && clock < iv.End {
			return true
		}
	}
	for _, iv := range o.hours(yesterday) {
		if iv.Start <= clock+24*time.Hour && clock+24*time.Hour < iv.End {
			return true
		}
	}
	return false
}

func (o *oracle) minute(t time.Time) (int, time.Time) {
	i := int(t.Sub(o.from) / time.Minute)
	return i, o.from.Add(time.Duration(i) * time.Minute)
}

// g returns the open time from the window's start to t.
func (o *oracle) g(t time.Time) time.Duration {
	i, start := o.minute(t)
	g := time.Duration(o.before[i]) * time.Minute
	if o.open[i] {
		g += t.Sub(start)
	}
	return g
}

func (o *oracle) elapsed(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	return o.g(b) - o.g(a)
}

// add walks minutes from t; ok is false when it leaves the window.
func (o *oracle) add(t time.Time, d time.Duration) (time.Time, bool) {
	if d == 0 {
		return t, true
	}
	target := o.g(t) + d
	i, _ := o.minute(t)
	gAt := func(j int) time.Duration { return time.Duration(o.before[j]) * time.Minute }
	if d > 0 {
		for j := i; j < len(o.open); j++ {
			if o.open[j] && gAt(j+1) >= target {
				ms := o.from.Add(time.Duration(j) * time.Minute)
				return ms.Add(target - gAt(j)), true
			}
		}
		return time.Time{}, false
	}
	for j := i; j >= 0; j-- {
		if !o.open[j] {
			continue
		}
		ms := o.from.Add(time.Duration(j) * time.Minute)
		end := gAt(j + 1)
		if j == i {
			end = o.g(t)
		}
		if gAt(j) <= target && target < end {
			return ms.Add(target - gAt(j)), true
		}
	}
	return time.Time{}, false
}

// openDays counts the dates in [from, to) on which some minute of the
// table is open, judged by its wall clock in o.loc. The table must hold
// every minute of those dates.
func (o *oracle) openDays(from, to calendar.Date) int {
	if o.dates == nil {
		o.dates = map[calendar.Date]bool{}
		for i, open := range o.open {
			if open {
				o.dates[calendar.DateOf(o.from.Add(time.Duration(i)*time.Minute).In(o.loc))] = true
			}
		}
	}
	noon := func(d calendar.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }
	n := 0
	for d := range o.dates {
		if !noon(d).Before(noon(from)) && noon(d).Before(noon(to)) {
			n++
		}
	}
	return n
}

func (o *oracle) nextOpen(t time.Time) (time.Time, bool) {
	return o.nextState(t, true)
}

func (o *oracle) nextClose(t time.Time) (time.Time, bool) {
	return o.nextState(t, false)
}

// nextState returns t when t's minute is open (or closed, with open
// unset), and otherwise the first minute after it that is.
func (o *oracle) nextState(t time.Time, open bool) (time.Time, bool) {
	i, _ := o.minute(t)
	if o.open[i] == open {
		return t, true
	}
	if j := o.change[i]; j < len(o.open) {
		return o.from.Add(time.Duration(j) * time.Minute), true
	}
	return time.Time{}, false
}

func oracleConfigs() []oracleConfig {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	return []oracleConfig{
		{
			name: "Oslo office with Norwegian holidays", zone: "Europe/Oslo",
			week:     "mon-fri 08:00-16:00",
			holidays: no.Holidays,
			specials: []calendar.SpecialDay{
				{Date: d(2026, 12, 24), Hours: calendar.MustParseHours("09:00-13:00")},
				{Date: d(2026, 3, 28), Hours: calendar.MustParseHours("10:00-14:00")},
				calendar.Closed(d(2026, 7, 10)),
			},
		},
		{
			name: "Oslo split and overnight shifts", zone: "Europe/Oslo",
			week:     "tue-thu 01:30-02:30,08:00-12:00,13:00-17:00; mon 08:00-17:00; fri-sun 22:00-06:00+1",
			holidays: no.Holidays,
			specials: []calendar.SpecialDay{
				{Date: d(2026, 3, 29), Hours: calendar.MustParseHours("01:00-02:30,02:40-03:10,21:00-03:30+1")},
				{Date: d(2026, 10, 25), Hours: calendar.MustParseHours("02:15-02:45")},
				{Date: d(2026, 10, 26), Hours: calendar.MustParseHours("00:00-24:00")},
			},
		},
		{
			name: "New York with an overnight Saturday", zone: "America/New_York",
			week:     "mon-fri 09:00-17:00; sat 23:00-03:00+1",
			holidays: us.Holidays,
		},
		{
			name: "Lord Howe, half-hour DST", zone: "Australia/Lord_Howe",
			week:     "mon-sun 01:45-02:15,09:00-17:00",
			holidays: au.HolidaysNSW,
			specials: []calendar.SpecialDay{calendar.Closed(d(2026, 4, 6))},
		},
		{
			name: "Kolkata", zone: "Asia/Kolkata",
			week: "mon-sat 09:30-18:30",
			specials: []calendar.SpecialDay{
				{Date: d(2026, 8, 15), Hours: calendar.MustParseHours("10:00-12:00")},
			},
		},
		{
			name: "Chatham, quarter-hour offsets", zone: "Pacific/Chatham",
			week: "mon-sun 02:00-04:00,20:00-01:00+1",
		},
		{
			name: "Jerusalem Sunday to Thursday", zone: "Asia/Jerusalem",
			week: "sun-thu 08:00-17:00",
		},
		{
			// A season of special days in a row is one long region of
			// exception dates: queries in it bisect its intervals.
			name: "Oslo summer season", zone: "Europe/Oslo",
			week:     "mon-fri 08:00-16:00",
			holidays: no.Holidays,
			specials: summerSeason(),
		},
		{
			name: "Oslo 24/7", zone: "Europe/Oslo",
			week:     "mon-sun 00:00-24:00",
			specials: []calendar.SpecialDay{calendar.Closed(d(2026, 5, 17))},
		},
	}
}

// summerSeason opens every date from 1 June to 31 August 2026 with
// shorter split hours, weekends included.
func summerSeason() []calendar.SpecialDay {
	var days []calendar.SpecialDay
	for t := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC); t.Month() < time.September; t = t.AddDate(0, 0, 1) {
		days = append(days, calendar.SpecialDay{Date: calendar.DateOf(t), Hours: calendar.MustParseHours("09:00-11:30,12:00-15:00")})
	}
	return days
}

// long reports whether the long sweeps run: with DESK_LONG=1 the oracle
// tests cover whole years with thousands of queries per calendar, and by
// default a seeded sample of them.
func long() bool { return os.Getenv("DESK_LONG") == "1" }

// oracleWindow is a stretch of minutes the oracle tabulates, with the
// number of random queries made in it and the days at its start (lead)
// and end (tail) where no query starts, so that most reach no further
// than the window.
type oracleWindow struct {
	from, to   time.Time
	queries    int
	lead, tail int
}

// oracleWindows returns the windows of TestAgainstOracle: by default a
// spring and an autumn window whose queries start around the clock
// changes of the zones tested and reach Easter and the changes of the
// other hemisphere, and with DESK_LONG=1 all of 2026.
func oracleWindows() []oracleWindow {
	if long() {
		return []oracleWindow{{time.Date(2025, 12, 20, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC), 1500, 12, 19}}
	}
	return []oracleWindow{
		{time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 14, 0, 0, 0, 0, time.UTC), 120, 6, 12},
		{time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), 120, 6, 12},
	}
}

func TestAgainstOracle(t *testing.T) {
	for i, cfg := range oracleConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			for _, w := range oracleWindows() {
				o, c := newOracle(t, cfg, w.from, w.to)
				// Queries span at most 10 days and Add at most 5 days of
				// open time; a query that leaves the window is not
				// compared.
				queryFrom := w.from.Add(time.Duration(w.lead) * 24 * time.Hour)
				queryMinutes := int64(w.to.Sub(queryFrom)/time.Minute) - int64(w.tail)*24*60
				instant := func() time.Time {
					u := queryFrom.Add(time.Duration(rng.Int64N(queryMinutes)) * time.Minute)
					switch rng.IntN(4) {
					case 0: // exactly on a minute, where boundaries are
					case 1:
						u = u.Add(time.Duration(rng.IntN(60)) * time.Second)
					case 2:
						u = o.boundaryAfter(u)
					default:
						u = u.Add(time.Duration(rng.Int64N(int64(time.Minute))))
					}
					return u
				}
				for range w.queries {
					a := instant()
					span := 10 * 24 * time.Hour
					if rng.IntN(4) == 0 {
						span = 3 * time.Hour
					}
					b, d := randomQuery(rng, o, a, span, 5*24*time.Hour)
					compareQueries(t, o, o.isOpen, c, a, b, d)
				}
			}
		})
	}
}

// TestSecondsAroundTransitions compares IsOpen second by second for three
// hours around every offset change of 2026.
func TestSecondsAroundTransitions(t *testing.T) {
	for _, cfg := range oracleConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(cfg.zone)
			require.NoError(t, err)
			var transitions []time.Time
			for u := time.Date(2026, 1, 1, 0, 0, 0, 0, loc); u.Year() == 2026; {
				_, end := u.ZoneBounds()
				if end.IsZero() {
					break
				}
				transitions = append(transitions, end)
				u = end
			}
			// isOpen needs no minute table, so the window is one day.
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			o, c := newOracle(t, cfg, from, from.Add(24*time.Hour))
			for _, tr := range transitions {
				var gotOpen time.Duration
				start := tr.Add(-90 * time.Minute)
				for s := start; s.Before(tr.Add(90 * time.Minute)); s = s.Add(time.Second) {
					want := o.isOpen(s)
					if !assert.Equal(t, want, c.IsOpen(s), "IsOpen(%v)", s) {
						return
					}
					if want {
						gotOpen += time.Second
					}
				}
				assert.Equal(t, gotOpen, c.Elapsed(start, tr.Add(90*time.Minute)), "around %v", tr)
			}
		})
	}
}

// boundaryAfter returns the first minute after t's at which o opens or
// closes, looking at most eight days ahead; t itself when there is none.
func (o *oracle) boundaryAfter(t time.Time) time.Time {
	i, _ := o.minute(t)
	if j := o.change[i]; j < len(o.open) && j <= i+8*24*60 {
		return o.from.Add(time.Duration(j) * time.Minute)
	}
	return t
}

// randomQuery draws the end b of a range starting at a (up to span
// later) and an amount d of open time (up to maxD, either sign) for
// compareQueries. A third of the draws aim at the places where
// off-by-one mistakes hide: b exactly on an opening or closing, or d
// ending exactly on one.
func randomQuery(rng *rand.Rand, o *oracle, a time.Time, span, maxD time.Duration) (time.Time, time.Duration) {
	b := a.Add(time.Duration(rng.Int64N(int64(span))))
	d := time.Duration(rng.Int64N(int64(maxD)))
	switch rng.IntN(6) {
	case 0:
		d = d.Truncate(time.Minute)
	case 1:
		d = -d
	case 2:
		b = o.boundaryAfter(b)
	case 3:
		d = o.elapsed(a, o.boundaryAfter(a.Add(d)))
	}
	return b, d
}

// compareQueries checks every query of c at a (and [a, b), and a + d)
// against the brute-force oracle o, whose open test is open.
func compareQueries(t *testing.T, o *oracle, open func(time.Time) bool, c *calendar.Calendar, a, b time.Time, d time.Duration) {
	t.Helper()
	require.Equal(t, open(a), c.IsOpen(a), "IsOpen(%v)", a)
	require.Equal(t, o.elapsed(a, b), c.Elapsed(a, b), "Elapsed(%v, %v)", a, b)
	if want, ok := o.add(a, d); ok {
		got := c.Add(a, d)
		require.True(t, want.Equal(got), "Add(%v, %v) = %v, want %v", a, d, got, want)
	}
	if want, ok := o.nextOpen(a); ok {
		got := c.NextOpen(a)
		require.True(t, want.Equal(got), "NextOpen(%v) = %v, want %v", a, got, want)
	}
	if want, ok := o.nextClose(a); ok {
		got := c.NextClose(a)
		require.True(t, want.Equal(got), "NextClose(%v) = %v, want %v", a, got, want)
	}
	from, to := c.DateOf(a), c.DateOf(b)
	require.Equal(t, o.openDays(from, to), c.OpenDays(from, to), "OpenDays(%v, %v)", from, to)
}
