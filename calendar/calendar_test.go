package calendar_test

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

func rfc(t *testing.T, s string) time.Time {
	t.Helper()
	u, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return u
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func mustNew(t testing.TB, zone, week string, opts ...calendar.Option) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(mustLoad(t, zone), calendar.MustParseWeek(week), opts...)
	require.NoError(t, err)
	return c
}

// desks used by the table tests.
func desks(t *testing.T) map[string]*calendar.Calendar {
	christmasEve := calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.December, Day: 24}, Hours: calendar.MustParseHours("09:00-13:00")}
	return map[string]*calendar.Calendar{
		"office":    mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), calendar.WithSpecialDays(christmasEve)),
		"7-day":     mustNew(t, "Europe/Oslo", "mon-sun 08:00-16:00"),
		"night":     mustNew(t, "Europe/Oslo", "mon-sun 22:00-06:00+1"),
		"early":     mustNew(t, "Europe/Oslo", "mon-sun 01:00-05:00"),
		"to 02:30":  mustNew(t, "Europe/Oslo", "mon-sun 00:00-02:30"),
		"from 2:30": mustNew(t, "Europe/Oslo", "mon-sun 02:30-04:00"),
		"split":     mustNew(t, "Europe/Oslo", "mon-fri 08:00-12:00,13:00-17:00"),
		"jerusalem": mustNew(t, "Asia/Jerusalem", "sun-thu 08:00-17:00"),
		"24/7":      calendar.Always(mustLoad(t, "Europe/Oslo")),
	}
}

func TestElapsed(t *testing.T) {
	cs := desks(t)
	tests := []struct {
		name     string
		desk     string
		from, to string
		want     time.Duration
	}{
		{"7-day desk on the spring-forward Sunday", "7-day", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", 8 * time.Hour},
		{"7-day desk on the autumn Sunday", "7-day", "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00", 8 * time.Hour},
		{"01:00-05:00 loses the skipped hour", "early", "2026-03-28T23:00:00+01:00", "2026-03-29T12:00:00+02:00", 3 * time.Hour},
		{"01:00-05:00 counts the repeated hour twice", "early", "2026-10-24T23:00:00+02:00", "2026-10-25T12:00:00+01:00", 5 * time.Hour},
		{"overnight shift on the spring night lasts 7h", "night", "2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00", 7 * time.Hour},
		{"overnight shift on the autumn night lasts 9h", "night", "2026-10-24T12:00:00+02:00", "2026-10-25T12:00:00+01:00", 9 * time.Hour},
		{"interval ending 02:30 ends at the jump", "to 02:30", "2026-03-29T00:00:00+01:00", "2026-03-29T12:00:00+02:00", 2 * time.Hour},
		{"interval starting 02:30 starts at the jump", "from 2:30", "2026-03-29T00:00:00+01:00", "2026-03-29T12:00:00+02:00", time.Hour},
		{"interval starting 02:30 in the repeated hour", "from 2:30", "2026-10-25T00:00:00+02:00", "2026-10-25T12:00:00+01:00", 2 * time.Hour},
		{"Jerusalem works the autumn Sunday", "jerusalem", "2026-10-25T00:00:00+03:00", "2026-10-26T00:00:00+02:00", 9 * time.Hour},
		{"24/7 across spring forward", "24/7", "2026-03-29T00:00:00+01:00", "2026-03-31T00:00:00+02:00", 47 * time.Hour},
		{"24/7 across fall back", "24/7", "2026-10-25T00:00:00+02:00", "2026-10-27T00:00:00+01:00", 49 * time.Hour},
		{"office week with Easter", "office", "2026-03-30T00:00:00+02:00", "2026-04-07T00:00:00+02:00", 24 * time.Hour},
		{"office on 17 May", "office", "2027-05-17T00:00:00+02:00", "2027-05-18T00:00:00+02:00", 0},
		{"office on Christmas Eve", "office", "2026-12-24T00:00:00+01:00", "2026-12-25T00:00:00+01:00", 4 * time.Hour},
		{"split shift lunch", "split", "2026-03-23T11:30:00+01:00", "2026-03-23T13:30:00+01:00", time.Hour},
		{"UTC inputs judged by Oslo hours", "office", "2026-03-23T07:30:00Z", "2026-03-23T15:30:00Z", 7*time.Hour + 30*time.Minute},
		{"fractions of seconds", "office", "2026-03-23T15:59:59.25+01:00", "2026-03-24T08:00:00.5+01:00", 1250 * time.Millisecond},
		{"to before from", "office", "2026-03-24T10:00:00+01:00", "2026-03-23T10:00:00+01:00", 0},
		{"to before from in one open second", "office", "2026-03-23T10:00:00.75+01:00", "2026-03-23T10:00:00.25+01:00", 0},
		{"to before from across a closed night", "office", "2026-03-24T07:00:00.5+01:00", "2026-03-23T17:00:00.25+01:00", 0},
		{"to equal to from, open", "office", "2026-03-23T10:00:00.5+01:00", "2026-03-23T10:00:00.5+01:00", 0},
		{"to before from, both before the range", "office", "1800-01-02T00:00:00Z", "1800-01-01T00:00:00Z", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cs[tt.desk].Elapsed(rfc(t, tt.from), rfc(t, tt.to))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAdd(t *testing.T) {
	cs := desks(t)
	tests := []struct {
		name string
		desk string
		from string
		d    time.Duration
		want string
	}{
		{"Monday 08:00 + 8h is Monday 16:00", "office", "2026-03-23T08:00:00+01:00", 8 * time.Hour, "2026-03-23T16:00:00+01:00"},
		{"zero is the instant itself", "office", "2026-03-22T03:00:00+01:00", 0, "2026-03-22T03:00:00+01:00"},
		{"from a closed time", "office", "2026-03-22T03:00:00+01:00", time.Hour, "2026-03-23T09:00:00+01:00"},
		{"over Easter", "office", "2026-04-01T15:00:00+02:00", 2 * time.Hour, "2026-04-07T09:00:00+02:00"},
		{"over the spring weekend", "office", "2026-03-27T15:00:00+01:00", 2 * time.Hour, "2026-03-30T09:00:00+02:00"},
		{"into the overnight shift across spring", "night", "2026-03-28T22:00:00+01:00", 7 * time.Hour, "2026-03-29T06:00:00+02:00"},
		{"into the overnight shift across autumn", "night", "2026-10-24T22:00:00+02:00", 9 * time.Hour, "2026-10-25T06:00:00+01:00"},
		{"24/7 is calendar time", "24/7", "2026-03-29T00:00:00+01:00", 47 * time.Hour, "2026-03-31T00:00:00+02:00"},
		{"Jerusalem Friday to Sunday", "jerusalem", "2026-10-23T16:00:00+03:00", 2 * time.Hour, "2026-10-25T10:00:00+02:00"},
		{"Christmas Eve closes at 13:00", "office", "2026-12-23T15:00:00+01:00", 5 * time.Hour, "2026-12-24T13:00:00+01:00"},
		{"UTC in, UTC out", "office", "2026-03-23T07:00:00Z", 8 * time.Hour, "2026-03-23T15:00:00Z"},
		{"back: Tuesday 08:30 - 30m is Tuesday 08:00", "office", "2026-03-24T08:30:00+01:00", -30 * time.Minute, "2026-03-24T08:00:00+01:00"},
		{"back over the night", "office", "2026-03-24T08:30:00+01:00", -time.Hour, "2026-03-23T15:30:00+01:00"},
		{"nanoseconds", "office", "2026-03-23T15:59:59.999999999+01:00", 2 * time.Nanosecond, "2026-03-24T08:00:00.000000001+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, want := rfc(t, tt.from), rfc(t, tt.want)
			got := cs[tt.desk].Add(from, tt.d)
			assert.True(t, want.Equal(got), "got %v, want %v", got, want)
			assert.Equal(t, from.Location(), got.Location())
			if tt.d >= 0 {
				assert.Equal(t, tt.d, cs[tt.desk].Elapsed(from, got))
			} else {
				assert.Equal(t, -tt.d, cs[tt.desk].Elapsed(got, from))
			}
		})
	}
}

func TestIsOpenNextOpenNextClose(t *testing.T) {
	cs := desks(t)
	tests := []struct {
		name      string
		desk      string
		at        string
		open      bool
		nextOpen  string
		nextClose string
	}{
		{"opening instant is open", "office", "2026-03-23T08:00:00+01:00", true, "2026-03-23T08:00:00+01:00", "2026-03-23T16:00:00+01:00"},
		{"closing instant is closed", "office", "2026-03-23T16:00:00+01:00", false, "2026-03-24T08:00:00+01:00", "2026-03-23T16:00:00+01:00"},
		{"last nanosecond is open", "office", "2026-03-23T15:59:59.999999999+01:00", true, "2026-03-23T15:59:59.999999999+01:00", "2026-03-23T16:00:00+01:00"},
		{"UTC instant by Oslo hours", "office", "2026-03-23T07:30:00Z", true, "2026-03-23T07:30:00Z", "2026-03-23T15:00:00Z"},
		{"17 May", "office", "2027-05-17T10:00:00+02:00", false, "2027-05-18T08:00:00+02:00", "2027-05-17T10:00:00+02:00"},
		{"Good Friday", "office", "2026-04-03T10:00:00+02:00", false, "2026-04-07T08:00:00+02:00", "2026-04-03T10:00:00+02:00"},
		{"Christmas Eve morning", "office", "2026-12-24T08:30:00+01:00", false, "2026-12-24T09:00:00+01:00", "2026-12-24T08:30:00+01:00"},
		{"Christmas Eve noon", "office", "2026-12-24T12:59:00+01:00", true, "2026-12-24T12:59:00+01:00", "2026-12-24T13:00:00+01:00"},
		{"02:30 end on the spring day is the jump", "to 02:30", "2026-03-29T01:30:00+01:00", true, "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00"},
		{"02:30 start on the spring day is the jump", "from 2:30", "2026-03-29T01:59:00+01:00", false, "2026-03-29T03:00:00+02:00", "2026-03-29T01:59:00+01:00"},
		{"first pass of the repeated hour", "from 2:30", "2026-10-25T02:45:00+02:00", true, "2026-10-25T02:45:00+02:00", "2026-10-25T03:00:00+02:00"},
		{"second pass of the repeated hour", "from 2:30", "2026-10-25T02:15:00+01:00", false, "2026-10-25T02:30:00+01:00", "2026-10-25T02:15:00+01:00"},
		{"overnight shift is one span", "night", "2026-03-23T23:00:00+01:00", true, "2026-03-23T23:00:00+01:00", "2026-03-24T06:00:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, at := cs[tt.desk], rfc(t, tt.at)
			assert.Equal(t, tt.open, c.IsOpen(at))
			got := c.NextOpen(at)
			assert.True(t, rfc(t, tt.nextOpen).Equal(got), "NextOpen got %v, want %v", got, tt.nextOpen)
			got = c.NextClose(at)
			assert.True(t, rfc(t, tt.nextClose).Equal(got), "NextClose got %v, want %v", got, tt.nextClose)
		})
	}
}

func TestSpans(t *testing.T) {
	c := desks(t)["split"]
	oslo := c.Location()
	from, to := rfc(t, "2026-03-27T10:00:00+01:00"), rfc(t, "2026-03-30T12:30:00+02:00")
	var got []string
	for s := range c.Spans(from, to) {
		got = append(got, s.Start.In(oslo).Format(time.RFC3339)+" "+s.End.In(oslo).Format(time.RFC3339))
	}
	assert.Equal(t, []string{
		"2026-03-27T10:00:00+01:00 2026-03-27T12:00:00+01:00",
		"2026-03-27T13:00:00+01:00 2026-03-27T17:00:00+01:00",
		"2026-03-30T08:00:00+02:00 2026-03-30T12:00:00+02:00",
	}, got)

	var total time.Duration
	for s := range desks(t)["24/7"].Spans(from, to) {
		total += s.Duration()
	}
	assert.Equal(t, to.Sub(from), total)

	n := 0
	for range c.Spans(from, to) {
		n++
		break
	}
	assert.Equal(t, 1, n)
}

func TestRange(t *testing.T) {
	c := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2026, 2026))
	start, end := c.Range()
	assert.True(t, rfc(t, "2026-01-01T00:00:00+01:00").Equal(start), "start %v", start)
	assert.True(t, rfc(t, "2027-01-01T00:00:00+01:00").Equal(end), "end %v", end)

	lastFriday := rfc(t, "2026-12-31T15:00:00+01:00")
	assert.Equal(t, time.Hour, c.Elapsed(lastFriday, lastFriday.AddDate(0, 1, 0)))
	assert.False(t, c.IsOpen(rfc(t, "2027-01-04T10:00:00+01:00")))
	assert.False(t, c.IsOpen(rfc(t, "2025-12-31T10:00:00+01:00")))

	got, err := c.AddChecked(lastFriday, 2*time.Hour)
	assert.ErrorIs(t, err, calendar.ErrOutOfRange)
	assert.True(t, end.Equal(got))
	assert.True(t, end.Equal(c.Add(lastFriday, 2*time.Hour)))
	assert.True(t, end.Equal(c.NextOpen(rfc(t, "2026-12-31T17:00:00+01:00"))))

	first := rfc(t, "2026-01-01T10:00:00+01:00") // a Thursday
	got, err = c.AddChecked(first, -3*time.Hour)
	assert.ErrorIs(t, err, calendar.ErrOutOfRange)
	assert.True(t, start.Equal(got))

	got, err = c.AddChecked(first, time.Hour)
	require.NoError(t, err)
	assert.True(t, rfc(t, "2026-01-01T11:00:00+01:00").Equal(got))
}

func TestNewErrors(t *testing.T) {
	oslo := mustLoad(t, "Europe/Oslo")
	week := calendar.MustParseWeek("mon-fri 08:00-16:00")
	tests := []struct {
		name string
		loc  *time.Location
		week calendar.Week
		opts []calendar.Option
		want []error
	}{
		{"nil location", nil, week, nil, []error{calendar.ErrNoLocation}},
		{"empty week", oslo, calendar.Week{}, nil, []error{calendar.ErrNeverOpen}},
		{"closed on the only open day", oslo, calendar.Week{}, []calendar.Option{calendar.WithYears(2026, 2026), calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 2026, Month: 1, Day: 2}))}, []error{calendar.ErrNeverOpen}},
		{"invalid week", oslo, calendar.Week{time.Monday: {{Start: 9 * time.Hour, End: 8 * time.Hour}}}, nil, []error{calendar.ErrInvalidWeek, calendar.ErrEndBeforeStart}},
		{"overlap across midnight", oslo, calendar.Week{time.Sunday: {{Start: 22 * time.Hour, End: 30 * time.Hour}}, time.Monday: {{Start: 5 * time.Hour, End: 9 * time.Hour}}}, nil, []error{calendar.ErrOverlap}},
		{"no such date", oslo, week, []calendar.Option{calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 2026, Month: 2, Day: 30}))}, []error{calendar.ErrInvalidDate}},
		{"date twice", oslo, week, []calendar.Option{calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 2026, Month: 2, Day: 3}), calendar.Closed(calendar.Date{Year: 2026, Month: 2, Day: 3}))}, []error{calendar.ErrInvalidDate}},
		{"bad special hours", oslo, week, []calendar.Option{calendar.WithSpecialDays(calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: 2, Day: 3}, Hours: []calendar.Interval{{Start: 8 * time.Hour, End: 12 * time.Hour}, {Start: 11 * time.Hour, End: 13 * time.Hour}}})}, []error{calendar.ErrOverlap}},
		{"bad years", oslo, week, []calendar.Option{calendar.WithYears(2030, 2020)}, []error{calendar.ErrInvalidYears}},
		{"every problem at once", nil, calendar.Week{time.Monday: {{Start: 25 * time.Hour, End: 26 * time.Hour}}}, []calendar.Option{calendar.WithYears(0, 0)}, []error{calendar.ErrNoLocation, calendar.ErrBadTime, calendar.ErrInvalidYears}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.loc, tt.week, tt.opts...)
			assert.Nil(t, c)
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
		})
	}
}

func TestSpecialDayOpensClosedDate(t *testing.T) {
	extraSaturday := calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.March, Day: 28}, Hours: calendar.MustParseHours("10:00-14:00")}
	holidayWorked := calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.April, Day: 6}, Hours: calendar.MustParseHours("08:00-12:00")}
	c := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), calendar.WithSpecialDays(extraSaturday, holidayWorked))
	assert.Equal(t, 4*time.Hour, c.Elapsed(rfc(t, "2026-03-28T00:00:00+01:00"), rfc(t, "2026-03-29T00:00:00+01:00")))
	assert.Equal(t, 4*time.Hour, c.Elapsed(rfc(t, "2026-04-06T00:00:00+02:00"), rfc(t, "2026-04-07T00:00:00+02:00")))
}

func TestActualHolidayDates(t *testing.T) {
	// New Year's Day 2028 is a Saturday, observed on Friday 31 December 2027
	// in the United States.
	us, err := calendar.HolidaysFor("us")
	require.NoError(t, err)
	observed := mustNew(t, "America/New_York", "mon-sun 09:00-17:00", calendar.WithHolidays(us...))
	actual := mustNew(t, "America/New_York", "mon-sun 09:00-17:00", calendar.WithHolidays(us...), calendar.WithActualHolidayDates())
	fri, sat := rfc(t, "2027-12-31T10:00:00-05:00"), rfc(t, "2028-01-01T10:00:00-05:00")
	assert.False(t, observed.IsOpen(fri))
	assert.True(t, observed.IsOpen(sat))
	assert.True(t, actual.IsOpen(fri))
	assert.False(t, actual.IsOpen(sat))
}

func TestHolidaysFor(t *testing.T) {
	for _, code := range []string{"NO", "SE", "DK", "DE", "FI", "GB", "US", "no", " se ", "AU-NSW"} {
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err, code)
		assert.NotEmpty(t, hs, code)
	}
	no1, _ := calendar.HolidaysFor("NO")
	no1[0] = nil
	no2, _ := calendar.HolidaysFor("NO")
	assert.NotNil(t, no2[0], "HolidaysFor returns a copy")

	for _, code := range []string{"", "XX", "AU", "UK", "NOR"} {
		_, err := calendar.HolidaysFor(code)
		assert.ErrorIs(t, err, calendar.ErrUnknownCountry, code)
		var ce *calendar.CountryError
		if assert.ErrorAs(t, err, &ce) {
			assert.Equal(t, code, ce.Code)
		}
	}
	assert.True(t, slices.IsSorted(calendar.Countries()))
}

// TestEveryCountryCompiles builds a calendar with each country's holidays
// over the default range of years with DESK_LONG=1, and over 2020-2035
// by default.
func TestEveryCountryCompiles(t *testing.T) {
	oslo := mustLoad(t, "Europe/Oslo")
	week := calendar.MustParseWeek("mon-fri 08:00-16:00")
	years := calendar.WithYears(2020, 2035)
	if long() {
		years = calendar.WithYears(calendar.DefaultFirstYear, calendar.DefaultLastYear)
	}
	for _, code := range calendar.Countries() {
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err)
		c, err := calendar.New(oslo, week, calendar.WithHolidays(hs...), years)
		require.NoError(t, err, code)
		assert.Positive(t, c.Elapsed(rfc(t, "2026-01-01T00:00:00Z"), rfc(t, "2027-01-01T00:00:00Z")), code)
	}
}

func TestAccessors(t *testing.T) {
	oslo := mustLoad(t, "Europe/Oslo")
	week := calendar.MustParseWeek("mon-fri 08:00-16:00")
	c, err := calendar.New(oslo, week)
	require.NoError(t, err)
	assert.Equal(t, oslo, c.Location())
	got := c.Week()
	assert.Equal(t, week, got)
	got[time.Monday][0].Start = 0
	assert.Equal(t, week, c.Week(), "Week returns a copy")
	assert.Equal(t, time.UTC, calendar.Always(nil).Location())
	assert.NoError(t, calendar.Always(nil).Week().Validate())
}

func TestOpenDays(t *testing.T) {
	cs := desks(t)
	years := calendar.WithYears(2026, 2026)
	sunday := func(m time.Month, day int) calendar.SpecialDay {
		return calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: m, Day: day}, Hours: calendar.MustParseHours("02:15-02:45")}
	}
	cs["weekend nights"] = mustNew(t, "Europe/Oslo", "sat 22:00-06:00+1", years)
	cs["skipped and repeated"] = mustNew(t, "Europe/Oslo", "sat 10:00-11:00", years, calendar.WithSpecialDays(sunday(time.March, 29), sunday(time.October, 25)))
	cs["2026 only"] = mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", years)
	team := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), years)
	customer := mustNew(t, "America/New_York", "mon-fri 08:00-17:00", calendar.WithHolidays(us.Holidays...), years)
	var err error
	cs["Oslo ∩ New York"], err = calendar.Intersect(team, customer)
	require.NoError(t, err)
	cs["Oslo ∪ Sydney"], err = calendar.Union(team, mustNew(t, "Australia/Sydney", "mon-fri 08:00-16:00", years))
	require.NoError(t, err)

	date := func(s string) calendar.Date {
		u, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return calendar.DateOf(u)
	}
	tests := []struct {
		name     string
		desk     string
		from, to string
		want     int
	}{
		{"office week with Easter", "office", "2026-03-30", "2026-04-07", 3},
		{"office on one date", "office", "2026-03-30", "2026-03-31", 1},
		{"empty", "office", "2026-03-30", "2026-03-30", 0},
		{"to before from", "office", "2026-04-07", "2026-03-30", 0},
		{"Saturday night shift runs into Sunday", "weekend nights", "2026-03-02", "2026-03-16", 4},
		{"opening only in the skipped hour", "skipped and repeated", "2026-03-28", "2026-03-30", 1},
		{"opening in the repeated hour", "skipped and repeated", "2026-10-24", "2026-10-26", 2},
		{"up to the end of the range", "2026 only", "2026-12-28", "2027-01-08", 4},
		{"after the range", "2026 only", "2027-01-01", "2027-02-01", 0},
		{"24/7 over a year", "24/7", "2026-01-01", "2027-01-01", 365},
		{"overlap in Thanksgiving week", "Oslo ∩ New York", "2026-11-23", "2026-11-30", 4},
		{"Sydney's Monday starts on Sunday in Oslo", "Oslo ∪ Sydney", "2026-02-01", "2026-02-08", 6},
		{"Sydney's Monday starts at midnight in Oslo in June", "Oslo ∪ Sydney", "2026-06-07", "2026-06-14", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cs[tt.desk].OpenDays(date(tt.from), date(tt.to)))
		})
	}
}
