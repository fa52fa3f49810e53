package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// easterKnuth is Easter Sunday of Gregorian year y by the Lilius–Clavius
// epact rules as Knuth writes them (The Art of Computer Programming,
// vol. 1, § 1.3.2, exercise 14): another algorithm than the
// Meeus/Jones/Butcher one rickar/cal uses.
func easterKnuth(y int) calendar.Date {
	mod := func(a, b int) int { return ((a % b) + b) % b }
	g := y%19 + 1             // golden number
	c := y/100 + 1            // century
	x := 3*c/4 - 12           // leap years dropped
	z := (8*c+5)/25 - 5       // the moon's correction
	d := 5*y/4 - x - 10       // March ((−d) mod 7) is a Sunday
	e := mod(11*g+20+z-x, 30) // epact
	if e == 25 && g > 11 || e == 24 {
		e++
	}
	n := 44 - e // the paschal full moon, March n
	if n < 21 {
		n += 30
	}
	n += 7 - mod(d+n, 7) // the Sunday after it
	if n > 31 {
		return calendar.Date{Year: y, Month: time.April, Day: n - 31}
	}
	return calendar.Date{Year: y, Month: time.March, Day: n}
}

func addDays(d calendar.Date, n int) calendar.Date {
	return calendar.DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// TestEasterSundayAndWhitSunday checks, for every year 1990–2100, that
// HolidaysFor closes a desk open every day on Easter Sunday and Whit
// Sunday (49 days later) under their local names where the law names
// them, and not in Hesse, whose law names every Sunday and no Sunday
// holiday; Easter by an independent algorithm, with dates from the
// published tables as a check of the algorithm itself.
func TestEasterSundayAndWhitSunday(t *testing.T) {
	for y, want := range map[int]calendar.Date{
		1943: {Year: 1943, Month: time.April, Day: 25}, 2000: {Year: 2000, Month: time.April, Day: 23},
		2008: {Year: 2008, Month: time.March, Day: 23}, 2011: {Year: 2011, Month: time.April, Day: 24},
		2026: {Year: 2026, Month: time.April, Day: 5}, 2027: {Year: 2027, Month: time.March, Day: 28},
		2038: {Year: 2038, Month: time.April, Day: 25}, 2285: {Year: 2285, Month: time.March, Day: 22},
	} {
		assert.Equal(t, want, easterKnuth(y))
	}
	names := map[string][2]string{
		"NO":    {"Første påskedag", "Første pinsedag"},
		"DK":    {"Påskedag", "Pinsedag"},
		"SE":    {"Påskdagen", "Pingstdagen"},
		"IS":    {"Páskadagur", "Hvítasunnudagur"},
		"DE-BB": {"Ostersonntag", "Pfingstsonntag"},
		"DE-HE": {},
	}
	week := calendar.MustParseWeek("mon-sun 08:00-16:00")
	for code, want := range names {
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err)
		c, err := calendar.New(time.UTC, week, calendar.WithHolidays(hs...), calendar.WithYears(1990, 2100))
		require.NoError(t, err)
		for y := 1990; y <= 2100; y++ {
			easter := easterKnuth(y)
			for i, d := range []calendar.Date{easter, addDays(easter, 49)} {
				require.Equal(t, time.Sunday, d.Weekday())
				day := c.Day(d)
				if want[i] == "" {
					assert.Equal(t, calendar.DayOpen, day.Kind, "%s %s", code, d)
					continue
				}
				assert.Equal(t, calendar.DayHoliday, day.Kind, "%s %s", code, d)
				assert.True(t, strings.Contains(day.Name, want[i]), "%s %s: %q", code, d, day.Name)
			}
		}
	}
}

// TestGermanHolidaysByYear: holidays the German states made in a given
// year count from that year, and the one-time holidays in theirs only.
func TestGermanHolidaysByYear(t *testing.T) {
	d := func(y, m, day int) calendar.Date { return calendar.Date{Year: y, Month: time.Month(m), Day: day} }
	tests := []struct {
		code    string
		date    calendar.Date
		holiday bool
	}{
		{"DE-MV", d(2022, 3, 8), false}, {"DE-MV", d(2023, 3, 8), true}, {"DE-MV", d(2026, 3, 9), false},
		{"DE-MV", d(2027, 3, 8), true},
		{"DE-BE", d(2018, 3, 8), false}, {"DE-BE", d(2019, 3, 8), true}, {"DE-BE", d(2027, 3, 8), true},
		{"DE-BE", d(2020, 5, 8), true}, {"DE-BE", d(2024, 5, 8), false}, {"DE-BE", d(2025, 5, 8), true},
		{"DE-BE", d(2026, 5, 8), false}, {"DE-BE", d(2017, 10, 31), true}, {"DE-BE", d(2018, 10, 31), false},
		{"DE-NI", d(2016, 10, 31), false}, {"DE-NI", d(2017, 10, 31), true}, {"DE-NI", d(2018, 10, 31), true},
		{"DE-HB", d(2015, 10, 31), false}, {"DE-HH", d(2019, 10, 31), true}, {"DE-SH", d(2016, 10, 31), false},
		{"DE", d(2016, 10, 31), false}, {"DE", d(2017, 10, 31), true}, {"DE", d(2018, 10, 31), false},
		{"DE-BY", d(2017, 10, 31), true}, {"DE-BY", d(2019, 10, 31), false},
		{"DE-SN", d(2016, 10, 31), true}, {"DE-BB", d(2016, 10, 31), true},
		// Store bededag, the fourth Friday after Easter, up to 2023.
		{"DK", d(2023, 5, 5), true}, {"DK", d(2024, 4, 26), false}, {"DK", d(2026, 5, 1), false},
	}
	week := calendar.MustParseWeek("mon-sun 08:00-16:00")
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s", tc.code, tc.date), func(t *testing.T) {
			hs, err := calendar.HolidaysFor(tc.code)
			require.NoError(t, err)
			c, err := calendar.New(time.UTC, week, calendar.WithHolidays(hs...), calendar.WithYears(2010, 2030))
			require.NoError(t, err)
			want := calendar.DayOpen
			if tc.holiday {
				want = calendar.DayHoliday
			}
			assert.Equal(t, want, c.Day(tc.date).Kind, c.Day(tc.date).Name)
		})
	}
}

// TestConfigHolidaysMatchGo: a Config naming a country builds the same
// calendar as the Go options with HolidaysFor's list, for every code,
// with the same fingerprint each time it is built.
func TestConfigHolidaysMatchGo(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	week := calendar.MustParseWeek("mon-sun 08:00-16:00")
	for _, code := range calendar.Countries() {
		cfg := calendar.Config{Zone: "Europe/Oslo", Week: week, Holidays: " " + strings.ToLower(code) + " ", FirstYear: 2015, LastYear: 2030}
		fromConfig, err := cfg.Build()
		require.NoError(t, err, code)
		again, err := cfg.Build()
		require.NoError(t, err, code)
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err)
		fromGo, err := calendar.New(oslo, week, calendar.WithHolidays(hs...), calendar.WithYears(2015, 2030))
		require.NoError(t, err)
		assert.Equal(t, fromGo.Fingerprint(), fromConfig.Fingerprint(), code)
		assert.Equal(t, fromConfig.Fingerprint(), again.Fingerprint(), code)
		for _, d := range []calendar.Date{{Year: 2026, Month: time.April, Day: 5}, {Year: 2026, Month: time.May, Day: 24}, {Year: 2026, Month: time.December, Day: 25}} {
			assert.Equal(t, fromGo.Day(d), fromConfig.Day(d), "%s %s", code, d)
		}
	}
}

// TestHolidaysAreCopies: the holidays HolidaysFor returns are the
// caller's to change, and a calendar keeps its own copies of the
// definitions it was given, so changing one afterwards (a name, a date,
// exception years) changes neither what HolidaysFor returns next nor a
// calendar already built.
func TestHolidaysAreCopies(t *testing.T) {
	week := calendar.MustParseWeek("mon-sun 08:00-16:00")
	build := func(hs ...*cal.Holiday) *calendar.Calendar {
		c, err := calendar.New(time.UTC, week, calendar.WithHolidays(hs...), calendar.WithYears(2020, 2030))
		require.NoError(t, err)
		return c
	}
	newYear := calendar.Date{Year: 2026, Month: time.January, Day: 1}
	easter := calendar.Date{Year: 2026, Month: time.April, Day: 5}
	for _, code := range []string{"NO", "DK", "SE", "IS", "DE-BB", "DE-BE", "US"} {
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err)
		before := build(hs...)
		print, day := before.Fingerprint(), before.Day(newYear)
		for _, h := range hs {
			h.Name, h.Month, h.Day, h.Offset = "changed", time.July, 4, h.Offset+3
			h.Except = append(h.Except[:0:0], 2026)
			h.StartYear = 2027
		}
		again, err := calendar.HolidaysFor(code)
		require.NoError(t, err)
		for _, h := range again {
			assert.NotEqual(t, "changed", h.Name, code)
		}
		assert.Equal(t, print, build(again...).Fingerprint(), code)
		assert.Equal(t, day, before.Day(newYear), "%s: a calendar built before the change", code)
		assert.Equal(t, print, before.Fingerprint(), code)
	}

	// A definition of the caller's own, changed after New.
	h := &cal.Holiday{Name: "Easter Sunday", Offset: 0, Func: cal.CalcEasterOffset, Except: []int{2027}}
	c := build(h)
	h.Name, h.Offset, h.Except[0] = "moved", 1, 2026
	assert.Equal(t, calendar.Day{Date: easter, Kind: calendar.DayHoliday, Name: "Easter Sunday"}, c.Day(easter))
}
