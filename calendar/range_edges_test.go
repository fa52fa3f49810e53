package calendar_test

import (
	"math"
	"testing"
	"time"

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
