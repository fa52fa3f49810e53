package calendar_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// TestHolidayBeforeRangeClosesItsNight: a holiday on the last date before
// the covered years closes its overnight interval like any holiday, so
// the open time of the first night of the range does not depend on
// whether the year before is covered. Nyårsafton, 31 December 2026, is a
// Swedish holiday: its 22:00-06:00+1 does not run into 1 January 2027,
// itself a holiday, so 1 January 2027 00:00-06:00 is closed (0 open
// time) with the years 2026-2027 and 2027 alike.
func TestHolidayBeforeRangeClosesItsNight(t *testing.T) {
	se, err := calendar.HolidaysFor("SE")
	require.NoError(t, err)
	stockholm := mustLoad(t, "Europe/Stockholm")
	week := calendar.MustParseWeek("mon-sun 22:00-06:00+1")
	from := time.Date(2027, 1, 1, 0, 0, 0, 0, stockholm)
	to := time.Date(2027, 1, 1, 6, 0, 0, 0, stockholm)
	for _, first := range []int{2026, 2027} {
		c, err := calendar.New(stockholm, week, calendar.WithHolidays(se...), calendar.WithYears(first, 2027))
		require.NoError(t, err)
		assert.Equal(t, time.Duration(0), c.Elapsed(from, to), "years %d-2027", first)
		assert.False(t, c.IsOpen(from.Add(time.Hour)), "years %d-2027", first)
		// The first opening is 2 January 22:00 (1 January is a holiday too).
		assert.Equal(t, time.Date(2027, 1, 2, 22, 0, 0, 0, stockholm), c.NextOpen(from).In(stockholm), "years %d-2027", first)
	}
	// A date before the range without a holiday still runs into it:
	// Wednesday 31 December 2025 22:00-06:00+1 opens 1 January 2026
	// 00:00-06:00 of a calendar covering 2026, as Day's "an overnight
	// interval of the day before may still run into the date" says.
	c, err := calendar.New(stockholm, week, calendar.WithYears(2026, 2026))
	require.NoError(t, err)
	assert.Equal(t, 6*time.Hour, c.Elapsed(time.Date(2025, 12, 31, 0, 0, 0, 0, stockholm), time.Date(2026, 1, 1, 12, 0, 0, 0, stockholm)))
}

// TestAddOutOfRangeMessage: the error of a deadline beyond the range
// names the open time asked for, also for the most negative Duration,
// whose negation overflows.
func TestAddOutOfRangeMessage(t *testing.T) {
	c := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2026, 2026))
	late := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	u, err := c.AddChecked(late, math.MinInt64)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	start, _ := c.Range()
	assert.True(t, u.Equal(start))
	assert.Contains(t, err.Error(), "2562047h47m16.854775808s of open time before")
	assert.NotContains(t, err.Error(), "-2562047h")
}

// TestUnusualClockChanges pins hand-computed values in zones whose clocks
// change at midnight (America/Santiago), by half an hour
// (Australia/Lord_Howe) or never (Asia/Kolkata).
func TestUnusualClockChanges(t *testing.T) {
	santiago := mustLoad(t, "America/Santiago")
	lordHowe := mustLoad(t, "Australia/Lord_Howe")
	at := func(s string) time.Time { return rfc(t, s) }

	// Santiago, Saturday 4 April 2026: at 24:00 (-03) the clocks go back
	// to 23:00 (-04). 22:00-02:00+1 runs from 01:00Z to 06:00Z: 5 hours.
	night := mustNew(t, "America/Santiago", "sat 22:00-02:00+1", calendar.WithYears(2026, 2026))
	start := at("2026-04-04T22:00:00-03:00")
	assert.Equal(t, 5*time.Hour, night.Elapsed(start, at("2026-04-05T12:00:00-04:00")))
	assertInstant(t, at("2026-04-04T23:30:00-03:00"), night.Add(start, 90*time.Minute).In(santiago))
	assertInstant(t, at("2026-04-04T23:30:00-04:00"), night.Add(start, 150*time.Minute).In(santiago), "the repeated hour is open twice")
	assertInstant(t, at("2026-04-05T02:00:00-04:00"), night.Add(start, 5*time.Hour).In(santiago), "a deadline on the closing is the closing")
	assertInstant(t, at("2026-04-05T02:00:00-04:00"), night.NextClose(start).In(santiago))
	// Saturday 5 September 2026: 24:00 (-04) jumps to 01:00 (-03).
	// 22:00-02:00+1 runs from 02:00Z to 05:00Z: 3 hours.
	start = at("2026-09-05T22:00:00-04:00")
	assert.Equal(t, 3*time.Hour, night.Elapsed(start, at("2026-09-06T12:00:00-03:00")))
	assertInstant(t, at("2026-09-06T01:30:00-03:00"), night.Add(start, 150*time.Minute).In(santiago))

	// Sunday 00:00-01:00 does not exist on 6 September 2026 and exists
	// once, from 04:00Z, on 5 April.
	early := mustNew(t, "America/Santiago", "sun 00:00-01:00", calendar.WithYears(2026, 2026))
	assert.Zero(t, early.Elapsed(at("2026-09-05T12:00:00-04:00"), at("2026-09-06T12:00:00-03:00")))
	assertInstant(t, at("2026-09-13T00:00:00-03:00"), early.NextOpen(at("2026-09-05T12:00:00-04:00")).In(santiago))
	assert.Equal(t, time.Hour, early.Elapsed(at("2026-04-04T12:00:00-03:00"), at("2026-04-05T12:00:00-04:00")))
	assertInstant(t, at("2026-04-05T00:00:00-04:00"), early.NextOpen(at("2026-04-04T23:59:59-03:00")).In(santiago))

	// Lord Howe, Sunday 5 April 2026: 02:00 (+11) goes back to 01:30
	// (+10:30), so 01:00-03:00 lasts 2h30 and its 105th minute ends at
	// the second 02:15 (+10:30); on Sunday 4 October 02:00
	// (+10:30) jumps to 02:30 (+11), so it lasts 1h30.
	howe := mustNew(t, "Australia/Lord_Howe", "sun 01:00-03:00", calendar.WithYears(2026, 2026))
	assert.Equal(t, 150*time.Minute, howe.Elapsed(at("2026-04-05T00:00:00+11:00"), at("2026-04-05T12:00:00+10:30")))
	assert.Equal(t, 90*time.Minute, howe.Elapsed(at("2026-10-04T00:00:00+10:30"), at("2026-10-04T12:00:00+11:00")))
	assertInstant(t, at("2026-04-05T02:15:00+10:30"), howe.Add(at("2026-04-05T01:00:00+11:00"), 105*time.Minute).In(lordHowe))
	assertInstant(t, at("2026-10-04T02:45:00+11:00"), howe.Add(at("2026-10-04T01:30:00+10:30"), 45*time.Minute).In(lordHowe))

	// Kolkata never changes its clocks: a 24-hour week minus a holiday
	// on 15 August 2026, a Saturday, is 6 days.
	kolkata := mustNew(t, "Asia/Kolkata", "mon-sun 00:00-24:00", calendar.WithYears(2026, 2026),
		calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 2026, Month: 8, Day: 15})))
	assert.Equal(t, 6*24*time.Hour, kolkata.Elapsed(at("2026-08-10T00:00:00+05:30"), at("2026-08-17T00:00:00+05:30")))
	assertInstant(t, at("2026-08-16T00:00:00+05:30"), kolkata.NextOpen(at("2026-08-15T09:00:00+05:30")))
}

// TestHolidaysAroundClockChange: Easter 2027 in Oslo has the spring
// clock change on Easter Sunday, 28 March. A 24-hour desk with the
// Norwegian holidays is closed on Thursday 25, Friday 26, Sunday 28
// (Første påskedag) and Monday 29 March and open 24 hours on Saturday 27:
// 24 hours from Thursday to Tuesday. With rickar/cal's list, which leaves
// Easter Sunday out, it is open 23 hours on Sunday too: 47 hours.
func TestHolidaysAroundClockChange(t *testing.T) {
	hs, err := calendar.HolidaysFor("NO")
	require.NoError(t, err)
	from, to := rfc(t, "2027-03-25T00:00:00+01:00"), rfc(t, "2027-03-30T00:00:00+02:00")
	c := mustNew(t, "Europe/Oslo", "mon-sun 00:00-24:00", calendar.WithHolidays(hs...), calendar.WithYears(2027, 2027))
	assert.Equal(t, 24*time.Hour, c.Elapsed(from, to))
	assertInstant(t, rfc(t, "2027-03-28T00:00:00+01:00"), c.Add(from, 24*time.Hour), "Saturday's 24 hours end at Saturday 24:00, Sunday 00:00")
	assertInstant(t, rfc(t, "2027-03-30T01:00:00+02:00"), c.Add(from, 25*time.Hour), "the next hour is Tuesday's first")
	c = mustNew(t, "Europe/Oslo", "mon-sun 00:00-24:00", calendar.WithHolidays(no.Holidays...), calendar.WithYears(2027, 2027))
	assert.Equal(t, 47*time.Hour, c.Elapsed(from, to))
	assertInstant(t, rfc(t, "2027-03-28T04:00:00+02:00"), c.Add(from, 27*time.Hour), "Sunday 00:00 + 3 hours of the 23")
}

// TestEdgesOfArithmetic: a deadline on a closing, zero, sub-second
// instants, the range's end cutting an overnight interval, and instants
// and durations far outside the range, on a desk open Monday to Friday
// 08:00-16:00 and Thursday night 22:00-06:00+1 in Oslo, covering 2026.
func TestEdgesOfArithmetic(t *testing.T) {
	c := mustNew(t, "Europe/Oslo", "mon-wed,fri 08:00-16:00; thu 08:00-16:00,22:00-06:00+1", calendar.WithYears(2026, 2026))
	at := func(s string) time.Time { return rfc(t, s) }
	mon := at("2026-05-11T08:00:00+02:00")
	assertInstant(t, at("2026-05-11T16:00:00+02:00"), c.Add(mon, 8*time.Hour), "a deadline on a closing is the closing")
	assertInstant(t, mon, c.Add(mon, 0))
	closed := at("2026-05-11T19:00:00+02:00")
	assertInstant(t, closed, c.Add(closed, 0), "Add(t, 0) is t even when closed")
	assertInstant(t, at("2026-05-12T08:00:00+02:00").Add(time.Nanosecond), c.Add(closed, time.Nanosecond))
	assertInstant(t, at("2026-05-11T15:00:00+02:00"), c.Add(closed, -time.Hour))
	assertInstant(t, at("2026-05-11T15:59:59.999999999+02:00"), c.Add(closed, -time.Nanosecond))
	// Sub-second: 15:59:59.75 plus 0.5 s is Tuesday 08:00:00.25.
	assertInstant(t, at("2026-05-12T08:00:00.25+02:00"), c.Add(at("2026-05-11T15:59:59.75+02:00"), 500*time.Millisecond))
	assert.Equal(t, 500*time.Millisecond, c.Elapsed(at("2026-05-11T15:59:59.75+02:00"), at("2026-05-12T08:00:00.25+02:00")))

	// Thursday 31 December 2026 22:00-06:00+1 is cut at the end of the
	// range, 1 January 2027 00:00: 2 hours, and a third hour is out of
	// range, reported by AddChecked at the end of the range.
	nye := at("2026-12-31T22:00:00+01:00")
	_, end := c.Range()
	assertInstant(t, at("2027-01-01T00:00:00+01:00"), end)
	assert.Equal(t, 2*time.Hour, c.Elapsed(nye, at("2027-01-01T06:00:00+01:00")))
	assertInstant(t, end, c.NextClose(nye.Add(time.Hour)).In(end.Location()))
	u, err := c.AddChecked(nye, 3*time.Hour)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	assert.True(t, u.Equal(end))
	assert.False(t, c.IsOpen(at("2027-01-01T01:00:00+01:00")))

	// Far before and after the range: closed, with the range's open time
	// between them; Add from far before counts from the first opening,
	// Thursday 1 January 2026 08:00 (no holidays here).
	far, late := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	assert.False(t, c.IsOpen(far))
	assert.False(t, c.IsOpen(late))
	assertInstant(t, at("2026-01-01T09:00:00+01:00"), c.Add(far, time.Hour))
	assertInstant(t, at("2026-01-01T08:00:00+01:00"), c.NextOpen(far))
	assertInstant(t, late, c.NextOpen(late), "no opening after the range: t itself, being later than its end")
	assert.Equal(t, c.Elapsed(far, late), c.Elapsed(at("2025-06-01T00:00:00Z"), at("2027-06-01T00:00:00Z")))
	// Huge durations: beyond the range's open time Add stops at its end
	// (or start), and Always's 500 years saturate Elapsed.
	assertInstant(t, end, c.Add(far, math.MaxInt64).In(end.Location()))
	start, _ := c.Range()
	assertInstant(t, start, c.Add(late, math.MinInt64).In(start.Location()))
	assert.Equal(t, time.Duration(math.MaxInt64), calendar.Always(time.UTC).Elapsed(far, late))
}

// assertInstant asserts that got is the instant want, in any location.
func assertInstant(t *testing.T, want, got time.Time, msgAndArgs ...any) {
	t.Helper()
	if !want.Equal(got) {
		assert.Fail(t, fmt.Sprintf("got %v, want %v", got, want), msgAndArgs...)
	}
}

// TestElapsedNearSaturation: the largest Duration is 9 223 372 036.854775807
// seconds, about 292 years. Open time just below it is exact, and only
// open time beyond it saturates. An always-open calendar covers 1900 to
// 2399, so from 1950 on every span of seconds is open time.
func TestElapsedNearSaturation(t *testing.T) {
	c := calendar.Always(time.UTC)
	from := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, want := range []time.Duration{
		9_223_372_035 * time.Second,                         // whole seconds, a second and a bit below the largest
		9_223_372_035*time.Second + 999_999_999,             // just below the next second
		9_223_372_036 * time.Second,                         // the largest whole second
		time.Duration(math.MaxInt64),                        // the largest Duration itself
		9_223_372_036*time.Second + 854_775_807 - 1,         // a nanosecond below it
		9_223_372_034*time.Second + 500*time.Millisecond,    // from a sub-second instant
		9_223_372_036*time.Second + 854_775_807 - 1_000_000, // a millisecond below it
	} {
		to := from.Add(want)
		assert.Equal(t, want, c.Elapsed(from, to), "%v", want)
		assertInstant(t, to, c.Add(from, want), "Add %v", want)
	}
	// From a sub-second instant, the largest Duration after it.
	half := from.Add(500 * time.Millisecond)
	assert.Equal(t, time.Duration(math.MaxInt64), c.Elapsed(half, half.Add(math.MaxInt64)))
	// Beyond the largest Duration: saturated.
	to := from.Add(math.MaxInt64).Add(time.Nanosecond)
	assert.Equal(t, time.Duration(math.MaxInt64), c.Elapsed(from, to))
	assert.Equal(t, time.Duration(math.MaxInt64), c.Elapsed(from, to.Add(time.Second)))
	assert.Equal(t, time.Duration(math.MaxInt64), c.Elapsed(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)))
}
