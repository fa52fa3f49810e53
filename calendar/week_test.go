package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

func TestParseWeek(t *testing.T) {
	h := func(hours ...float64) []calendar.Interval {
		var out []calendar.Interval
		for i := 0; i < len(hours); i += 2 {
			out = append(out, calendar.Interval{Start: time.Duration(hours[i] * float64(time.Hour)), End: time.Duration(hours[i+1] * float64(time.Hour))})
		}
		return out
	}
	tests := []struct {
		name   string
		spec   string
		want   calendar.Week
		string string
	}{
		{"empty", "", calendar.Week{}, ""},
		{"office", "mon-fri 08:00-16:00", calendar.Week{time.Monday: h(8, 16), time.Tuesday: h(8, 16), time.Wednesday: h(8, 16), time.Thursday: h(8, 16), time.Friday: h(8, 16)}, "mon-fri 08:00-16:00"},
		{"split and saturday", "mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00",
			calendar.Week{time.Monday: h(8, 12, 13, 17), time.Tuesday: h(8, 12, 13, 17), time.Wednesday: h(8, 12, 13, 17), time.Thursday: h(8, 12, 13, 17), time.Friday: h(8, 12, 13, 17), time.Saturday: h(10, 14)},
			"mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00"},
		{"overnight and 24:00", "Fri 22:00-06:00+1; SAT 10:00-24:00", calendar.Week{time.Friday: h(22, 30), time.Saturday: h(10, 24)}, "fri 22:00-06:00+1; sat 10:00-24:00"},
		{"wrapping range and spaces", " sun-thu 08:00 - 17:00 ; ", calendar.Week{time.Sunday: h(8, 17), time.Monday: h(8, 17), time.Tuesday: h(8, 17), time.Wednesday: h(8, 17), time.Thursday: h(8, 17)}, "mon-thu,sun 08:00-17:00"},
		{"day lists, full names, seconds", "monday,wed 08:00:30-09:00; tue closed", calendar.Week{time.Monday: {{Start: 8*time.Hour + 30*time.Second, End: 9 * time.Hour}}, time.Wednesday: {{Start: 8*time.Hour + 30*time.Second, End: 9 * time.Hour}}}, "mon,wed 08:00:30-09:00"},
		{"groups add up, sorted", "mon 13:00-17:00; mon 08:00-12:00", calendar.Week{time.Monday: h(8, 12, 13, 17)}, "mon 08:00-12:00,13:00-17:00"},
		{"touching intervals", "mon-sun 00:00-12:00,12:00-24:00", calendar.Week{time.Sunday: h(0, 12, 12, 24), time.Monday: h(0, 12, 12, 24), time.Tuesday: h(0, 12, 12, 24), time.Wednesday: h(0, 12, 12, 24), time.Thursday: h(0, 12, 12, 24), time.Friday: h(0, 12, 12, 24), time.Saturday: h(0, 12, 12, 24)}, "mon-sun 00:00-12:00,12:00-24:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := calendar.ParseWeek(tt.spec)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.string, got.String())
			back, err := calendar.ParseWeek(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, back)
		})
	}
}

func TestParseWeekErrors(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want []error
	}{
		{"end before start", "mon-fri 17:00-08:00", []error{calendar.ErrEndBeforeStart}},
		{"empty interval", "mon 08:00-08:00", []error{calendar.ErrEndBeforeStart}},
		{"unknown day", "mon-fry 08:00-16:00", []error{calendar.ErrUnknownDay}},
		{"bad hour", "mon 25:00-26:00", []error{calendar.ErrBadTime}},
		{"bad minute", "mon 08:60-09:00", []error{calendar.ErrBadTime}},
		{"24:00 as a start", "mon 24:00-06:00+1", []error{calendar.ErrBadTime}},
		{"24:00+1", "mon 08:00-24:00+1", []error{calendar.ErrBadTime}},
		{"not a time", "mon 8h-16h", []error{calendar.ErrBadTime}},
		{"longer than a day", "mon 08:00-09:00+1", []error{calendar.ErrTooLong}},
		{"overlap", "mon 08:00-12:00,11:00-13:00", []error{calendar.ErrOverlap}},
		{"overlap from the night before", "sun 22:00-06:00+1; mon 05:00-08:00", []error{calendar.ErrOverlap}},
		{"overlap between groups", "mon-fri 08:00-16:00; wed 15:00-18:00", []error{calendar.ErrOverlap}},
		{"closed day with hours in another group", "mon-fri 08:00-16:00; wed closed", []error{calendar.ErrOverlap}},
		{"closed before its hours", "sat-sun closed; mon-sat 08:00-16:00", []error{calendar.ErrOverlap}},
		{"no days", "08:00-16:00", []error{calendar.ErrSyntax}},
		{"no hours", "mon", []error{calendar.ErrSyntax}},
		{"no dash", "mon 08:00", []error{calendar.ErrSyntax}},
		{"every problem at once", "mon-fry 08:00-16:00; tue 17:00-08:00; wed 25:00-26:00; thu 08:00-09:00+1",
			[]error{calendar.ErrUnknownDay, calendar.ErrEndBeforeStart, calendar.ErrBadTime, calendar.ErrTooLong}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := calendar.ParseWeek(tt.spec)
			assert.Equal(t, calendar.Week{}, w)
			assert.ErrorIs(t, err, calendar.ErrInvalidWeek)
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
			var we *calendar.WeekError
			assert.ErrorAs(t, err, &we)
			if joined, ok := err.(interface{ Unwrap() []error }); ok {
				assert.Len(t, joined.Unwrap(), len(tt.want))
			}
		})
	}
}

func TestParseHours(t *testing.T) {
	got, err := calendar.ParseHours("13:00-15:00, 09:00-12:00")
	require.NoError(t, err)
	assert.Equal(t, calendar.Hours{{Start: 9 * time.Hour, End: 12 * time.Hour}, {Start: 13 * time.Hour, End: 15 * time.Hour}}, got)
	for _, closed := range []string{"", "closed", " Closed "} {
		got, err = calendar.ParseHours(closed)
		require.NoError(t, err)
		assert.Empty(t, got)
	}
	_, err = calendar.ParseHours("09:00-12:00,11:00-13:00,14:00-13:00")
	assert.ErrorIs(t, err, calendar.ErrOverlap)
	assert.ErrorIs(t, err, calendar.ErrEndBeforeStart)
	assert.Panics(t, func() { calendar.MustParseHours("9-5") })
	assert.Panics(t, func() { calendar.MustParseWeek("mon 9-5") })
}

func TestWeekValidate(t *testing.T) {
	tests := []struct {
		name string
		week calendar.Week
		want error
	}{
		{"negative start", calendar.Week{time.Monday: {{Start: -time.Hour, End: time.Hour}}}, calendar.ErrBadTime},
		{"fraction of a second", calendar.Week{time.Monday: {{Start: time.Millisecond, End: time.Hour}}}, calendar.ErrBadTime},
		{"end before start", calendar.Week{time.Monday: {{Start: 2 * time.Hour, End: time.Hour}}}, calendar.ErrEndBeforeStart},
		{"too long", calendar.Week{time.Monday: {{Start: time.Hour, End: 26 * time.Hour}}}, calendar.ErrTooLong},
		{"saturday night into sunday", calendar.Week{time.Saturday: {{Start: 20 * time.Hour, End: 28 * time.Hour}}, time.Sunday: {{Start: 3 * time.Hour, End: 5 * time.Hour}}}, calendar.ErrOverlap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.week.Validate()
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, calendar.ErrInvalidWeek)
		})
	}
	assert.NoError(t, calendar.Week{}.Validate())
}

func TestErrorMessages(t *testing.T) {
	_, err := calendar.ParseWeek("mon 17:00-08:00")
	assert.Equal(t, `calendar: end before start: "17:00-08:00": write the end as 08:00+1 for an interval that ends the next day`, err.Error())
	_, err = calendar.HolidaysFor("XX")
	var ce *calendar.CountryError
	require.True(t, errors.As(err, &ce))
	assert.Contains(t, err.Error(), `"XX"`)
}
