package calendar_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/se"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// TestFingerprint: calendars built from the same definition share a
// fingerprint; any change of what they measure (hours, holidays, special
// days, zone, range, combination) changes it; labels do not.
func TestFingerprint(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	require.NoError(t, err)
	week := calendar.MustParseWeek("mon-fri 08:00-16:00")
	eve := calendar.Date{Year: 2026, Month: time.December, Day: 24}
	build := func(loc *time.Location, w calendar.Week, opts ...calendar.Option) *calendar.Calendar {
		c, err := calendar.New(loc, w, opts...)
		require.NoError(t, err)
		return c
	}
	special := func(label, hours string) calendar.Option {
		return calendar.WithSpecialDays(calendar.SpecialDay{Date: eve, Hours: calendar.MustParseHours(hours), Label: label})
	}
	base := build(oslo, week, calendar.WithHolidays(no.Holidays...), special("christmas eve", "09:00-13:00"))
	fp := base.Fingerprint()
	assert.Len(t, fp, 64)
	assert.Equal(t, fp, base.Fingerprint(), "stable")
	assert.Equal(t, fp, build(oslo, week, calendar.WithHolidays(no.Holidays...), special("christmas eve", "09:00-13:00")).Fingerprint(), "same definition")
	assert.Equal(t, fp, build(oslo, week, calendar.WithHolidays(no.Holidays...), special("julaften", "09:00-13:00")).Fingerprint(), "a label measures nothing")

	others := map[string]*calendar.Calendar{
		"other hours":       build(oslo, calendar.MustParseWeek("mon-fri 08:00-17:00"), calendar.WithHolidays(no.Holidays...), special("", "09:00-13:00")),
		"no holidays":       build(oslo, week, special("", "09:00-13:00")),
		"other holidays":    build(oslo, week, calendar.WithHolidays(se.Holidays...), special("", "09:00-13:00")),
		"other special day": build(oslo, week, calendar.WithHolidays(no.Holidays...), special("", "09:00-12:00")),
		"other zone":        build(stockholm, week, calendar.WithHolidays(no.Holidays...), special("", "09:00-13:00")),
		"other range":       build(oslo, week, calendar.WithHolidays(no.Holidays...), special("", "09:00-13:00"), calendar.WithYears(2020, 2030)),
		"always":            calendar.Always(oslo),
	}
	seen := map[string]string{fp: "base"}
	for name, c := range others {
		got := c.Fingerprint()
		assert.NotContains(t, seen, got, "%s has the fingerprint of %s", name, seen[got])
		seen[got] = name
	}
	both, err := calendar.Intersect(base, calendar.Always(stockholm))
	require.NoError(t, err)
	assert.NotEmpty(t, both.Fingerprint())
	var none *calendar.Calendar
	assert.Equal(t, "", none.Fingerprint())
}
