package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

func TestDay(t *testing.T) {
	christmasEve := calendar.SpecialDay{Date: date(2026, 12, 24), Hours: calendar.MustParseHours("09:00-13:00"), Label: "Christmas Eve"}
	staffDay := calendar.SpecialDay{Date: date(2026, 6, 12), Label: "staff day"}
	workedHoliday := calendar.SpecialDay{Date: date(2026, 5, 1), Hours: calendar.MustParseHours("10:00-12:00"), Label: "inventory"}
	office := mustNew(t, "Europe/Oslo", "mon-fri 08:00-12:00,13:00-16:00; sat 22:00-02:00+1",
		calendar.WithHolidays(no.Holidays...), calendar.WithSpecialDays(christmasEve, staffDay, workedHoliday), calendar.WithYears(2020, 2030))
	tests := []struct {
		name  string
		date  calendar.Date
		kind  calendar.DayKind
		hours string
		label string
	}{
		{"weekday", date(2026, 5, 13), calendar.DayOpen, "08:00-12:00,13:00-16:00", ""},
		{"overnight Saturday", date(2026, 5, 16), calendar.DayOpen, "22:00-02:00+1", ""},
		{"Sunday", date(2026, 5, 10), calendar.DayClosed, "closed", ""},
		{"Ascension Day", date(2026, 5, 14), calendar.DayHoliday, "closed", no.Kristihimmelfartsdag.Name},
		{"holiday on a Sunday", date(2026, 5, 17), calendar.DayHoliday, "closed", no.Grunnlovsdag.Name},
		{"special hours", date(2026, 12, 24), calendar.DaySpecial, "09:00-13:00", "Christmas Eve"},
		{"special closed", date(2026, 6, 12), calendar.DaySpecial, "closed", "staff day"},
		{"special overrides holiday", date(2026, 5, 1), calendar.DaySpecial, "10:00-12:00", "inventory"},
		{"before the range", date(2019, 12, 31), calendar.DayOutOfRange, "closed", ""},
		{"after the range", date(2031, 1, 1), calendar.DayOutOfRange, "closed", ""},
		{"first covered date", date(2020, 1, 1), calendar.DayHoliday, "closed", no.FoersteNyttaarsdag.Name},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := office.Day(tt.date)
			assert.Equal(t, tt.date, got.Date)
			assert.Equal(t, tt.kind, got.Kind)
			assert.Equal(t, tt.hours, got.Hours.String())
			assert.Equal(t, tt.label, got.Name)
			assert.Equal(t, tt.hours != "closed", got.Open())
		})
	}
}

// TestDayAgreesWithArithmetic checks Day against Elapsed over every date
// of two years: a date has open time of its own exactly when Day gives it
// hours (this desk has no overnight intervals and no hours in DST gaps).
func TestDayAgreesWithArithmetic(t *testing.T) {
	desk := mustNew(t, "America/New_York", "mon-fri 09:00-17:00; sat 10:00-12:00", calendar.WithHolidays(us.Holidays...),
		calendar.WithSpecialDays(calendar.SpecialDay{Date: date(2026, 11, 27), Hours: calendar.MustParseHours("09:00-12:00"), Label: "Black Friday"}),
		calendar.WithYears(2025, 2027))
	holidays := 0
	for d := date(2026, 1, 1); d.Year < 2028; d = d.AddDays(1) {
		day := desk.Day(d)
		open := desk.Elapsed(desk.StartOf(d), desk.StartOf(d.AddDays(1)))
		var want time.Duration
		for _, iv := range day.Hours {
			want += iv.End - iv.Start
		}
		require.Equal(t, want, open, "%v", day)
		if day.Kind == calendar.DayHoliday {
			holidays++
			require.NotEmpty(t, day.Name)
		}
	}
	assert.Greater(t, holidays, 15)
}

func TestDayOfCombined(t *testing.T) {
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), calendar.WithYears(2025, 2027))
	ny := mustNew(t, "America/New_York", "mon-fri 08:00-16:00", calendar.WithYears(2025, 2027))
	both, err := calendar.Intersect(oslo, ny)
	require.NoError(t, err)
	assert.Equal(t, calendar.DayOpen, both.Day(date(2026, 5, 13)).Kind)
	assert.Equal(t, calendar.DayClosed, both.Day(date(2026, 5, 14)).Kind, "Ascension Day in Oslo")
	assert.Equal(t, calendar.DayClosed, both.Day(date(2026, 5, 16)).Kind)
	assert.Empty(t, both.Day(date(2026, 5, 13)).Hours)
	assert.True(t, both.Day(date(2026, 5, 13)).Open(), "a combined calendar's open date is open")
	assert.False(t, both.Day(date(2026, 5, 14)).Open())
	assert.Equal(t, calendar.DayOutOfRange, both.Day(date(2030, 5, 13)).Kind)
}

func TestDateOf(t *testing.T) {
	oslo := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00")
	tokyo := mustNew(t, "Asia/Tokyo", "mon-fri 08:00-16:00")
	tests := []struct {
		name    string
		at      string
		desk    *calendar.Calendar
		want    calendar.Date
		wantOwn calendar.Date
	}{
		{"UTC evening is the next day in Oslo", "2026-05-13T23:30:00Z", oslo, date(2026, 5, 14), date(2026, 5, 13)},
		{"UTC evening in winter", "2026-01-13T23:30:00Z", oslo, date(2026, 1, 14), date(2026, 1, 13)},
		{"before midnight in Oslo", "2026-01-13T22:59:59Z", oslo, date(2026, 1, 13), date(2026, 1, 13)},
		{"New York evening is tomorrow in Tokyo", "2026-05-13T20:00:00-04:00", tokyo, date(2026, 5, 14), date(2026, 5, 13)},
		{"DST night in Oslo", "2026-03-29T00:30:00Z", oslo, date(2026, 3, 29), date(2026, 3, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := rfc(t, tt.at)
			assert.Equal(t, tt.want, tt.desk.DateOf(at))
			assert.Equal(t, tt.wantOwn, calendar.DateOf(at))
		})
	}
}

func TestStartOf(t *testing.T) {
	tests := []struct {
		name string
		zone string
		date calendar.Date
		want string
	}{
		{"ordinary", "Europe/Oslo", date(2026, 5, 13), "2026-05-13T00:00:00+02:00"},
		{"spring-forward day", "Europe/Oslo", date(2026, 3, 29), "2026-03-29T00:00:00+01:00"},
		{"day after spring forward", "Europe/Oslo", date(2026, 3, 30), "2026-03-30T00:00:00+02:00"},
		{"midnight skipped in Santiago", "America/Santiago", date(2026, 9, 6), "2026-09-06T01:00:00-03:00"},
		{"midnight repeated in Santiago", "America/Santiago", date(2026, 4, 5), "2026-04-05T00:00:00-04:00"},
		{"outside the zone table", "Europe/Oslo", date(2600, 1, 1), "2600-01-01T00:00:00+01:00"},
		{"midnight skipped in Beirut", "Asia/Beirut", date(2026, 3, 29), "2026-03-29T01:00:00+03:00"},
		{"hour before midnight repeated in Beirut", "Asia/Beirut", date(2026, 10, 25), "2026-10-25T00:00:00+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, tt.zone, "mon-fri 08:00-16:00", calendar.WithYears(2020, 2030))
			got := c.StartOf(tt.date)
			assert.True(t, rfc(t, tt.want).Equal(got), "got %v, want %v", got, tt.want)
			assert.Equal(t, tt.date, c.DateOf(got))
			assert.NotEqual(t, tt.date, c.DateOf(got.Add(-time.Nanosecond)))
		})
	}
}

func TestDayKindText(t *testing.T) {
	for _, k := range []calendar.DayKind{calendar.DayOpen, calendar.DayClosed, calendar.DayHoliday, calendar.DaySpecial, calendar.DayOutOfRange} {
		text, err := k.MarshalText()
		require.NoError(t, err)
		var back calendar.DayKind
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, k, back)
		assert.Equal(t, string(text), k.String())
	}
	unknown := calendar.DayOpen
	require.NoError(t, unknown.UnmarshalText(nil))
	assert.Equal(t, calendar.DayKind(""), unknown, "empty text is the unknown zero value")
	_, err := calendar.ParseDayKind("")
	assert.ErrorIs(t, err, calendar.ErrUnknownValue)
	_, err = calendar.ParseDayKind("shut")
	assert.ErrorIs(t, err, calendar.ErrUnknownValue)
	var ve *calendar.ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "shut", ve.Text)

	day := calendar.Day{Date: date(2026, 12, 24), Kind: calendar.DaySpecial, Hours: calendar.MustParseHours("09:00-13:00"), Name: "Christmas Eve"}
	data, err := json.Marshal(day)
	require.NoError(t, err)
	assert.JSONEq(t, `{"date":"2026-12-24","kind":"special","hours":"09:00-13:00","name":"Christmas Eve"}`, string(data))
	var back calendar.Day
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, day, back)
	assert.Equal(t, "2026-12-24 special Christmas Eve 09:00-13:00", day.String())
}

func TestDayOfNoSuchDate(t *testing.T) {
	c := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithYears(2025, 2027))
	for _, d := range []calendar.Date{date(2026, 2, 30), date(2026, 2, 29), date(2026, 13, 1), date(2026, 4, 0), {}} {
		t.Run(d.String(), func(t *testing.T) {
			day := c.Day(d)
			assert.Equal(t, calendar.DayOutOfRange, day.Kind, "a date that does not exist is no date of the calendar")
			assert.Equal(t, d, day.Date)
			assert.False(t, day.Open())
		})
	}
}

func TestStartOfSkippedDate(t *testing.T) {
	// Samoa skipped 30 December 2011, moving across the date line.
	c := mustNew(t, "Pacific/Apia", "mon-sun 00:00-24:00", calendar.WithYears(2010, 2012))
	skipped, next := date(2011, 12, 30), date(2011, 12, 31)
	assert.True(t, c.StartOf(skipped).Equal(c.StartOf(next)), "%v, %v", c.StartOf(skipped), c.StartOf(next))
	assert.Equal(t, next, c.DateOf(c.StartOf(skipped)))
	assert.Equal(t, date(2011, 12, 29), c.DateOf(c.StartOf(skipped).Add(-time.Second)))
	assert.Zero(t, c.Elapsed(c.StartOf(skipped), c.StartOf(next)), "the skipped date has no time")
	assert.Equal(t, 24*time.Hour, c.Elapsed(c.StartOf(date(2011, 12, 29)), c.StartOf(skipped)))
}

func TestDayOnClockChanges(t *testing.T) {
	c := mustNew(t, "Europe/Oslo", "mon-sun 00:00-24:00", calendar.WithYears(2026, 2026),
		calendar.WithSpecialDays(calendar.SpecialDay{Date: date(2026, 3, 29), Hours: calendar.MustParseHours("02:00-03:00"), Label: "skipped"}))
	tests := []struct {
		date  calendar.Date
		kind  calendar.DayKind
		hours string
		open  time.Duration
	}{
		{date(2026, 3, 28), calendar.DayOpen, "00:00-24:00", 24 * time.Hour},
		{date(2026, 3, 29), calendar.DaySpecial, "02:00-03:00", 0},
		{date(2026, 10, 25), calendar.DayOpen, "00:00-24:00", 25 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.date.String(), func(t *testing.T) {
			day := c.Day(tt.date)
			assert.Equal(t, tt.kind, day.Kind)
			assert.Equal(t, tt.hours, day.Hours.String(), "wall-clock hours as written")
			assert.Equal(t, tt.open, c.Elapsed(c.StartOf(tt.date), c.StartOf(tt.date.AddDays(1))))
		})
	}
}
