package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

func TestBuildAll(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	cals, err := calendar.BuildAll(map[string]calendar.Config{
		"oslo": {Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-fri 08:00-16:00"), Holidays: "NO"},
		"24/7": {Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-sun 00:00-24:00")},
	})
	require.NoError(t, err)
	assert.Len(t, cals, 2)
	assert.Equal(t, calendar.Always(oslo), cals["24/7"], "a week open around the clock is the always-open calendar")
	assert.Equal(t, oslo.String(), cals["oslo"].Location().String())

	cals, err = calendar.BuildAll(map[string]calendar.Config{
		"oslo":   {Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-fri 08:00-16:00")},
		"bergen": {Zone: "Norway/Bergen", Week: calendar.MustParseWeek("mon-fri 08:00-16:00"), Holidays: "XX"},
		"24/7":   {Zone: "Local", Week: calendar.MustParseWeek("mon-sun 00:00-24:00")},
		"empty":  {},
	})
	require.Error(t, err)
	assert.Equal(t, []string{"oslo"}, keys(cals), "the calendars that build are returned")
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *calendar.ConfigError
		require.ErrorAs(t, e, &ce)
		assert.ErrorIs(t, e, calendar.ErrInvalidConfig)
		fields = append(fields, ce.Field)
	}
	assert.Equal(t, []string{`["24/7"].zone`, "bergen.zone", "bergen.holidays", "empty.week"}, fields)
	assert.True(t, errors.Is(err, calendar.ErrUnknownZone))
	assert.True(t, errors.Is(err, calendar.ErrNeverOpen))
}

func keys(m map[string]*calendar.Calendar) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
