package calendar_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// TestHolidaySets2026To2027 checks the holiday dates of HolidaysFor for
// Norway, Denmark, Sweden and Germany in 2026 and 2027 against the
// published lists. Easter Sunday is 5 April 2026 and 28 March 2027.
//   - NO: lov om helligdager og helligdagsfred § 2 and the flag days 1
//     and 17 May.
//   - DK: helligdagsloven § 1 (Store bededag abolished from 2024);
//     Grundlovsdag, 5 June, is a closing day by agreement, which
//     rickar/cal counts.
//   - SE: lag (1989:253) om allmänna helgdagar (Påskdagen, Pingstdagen,
//     Midsommardagen on the Saturday 20-26 June, Alla helgons dag on the
//     Saturday 31 October-6 November), with Midsommarafton, Julafton and
//     Nyårsafton, the eves rickar/cal counts as closing days.
//   - DE: the nine national holidays; regional ones under DE-BY and the
//     other state codes.
//
// Easter Sunday and Whit Sunday, public holidays in NO, DK, SE and
// Brandenburg that rickar/cal's lists leave out, are in HolidaysFor's
// (see its doc): a desk open every day shows each date Day reports as a
// holiday, and the rickar/cal list alone keeps those Sundays open.
func TestHolidaySets2026To2027(t *testing.T) {
	d := func(y, m, day int) calendar.Date { return calendar.Date{Year: y, Month: time.Month(m), Day: day} }
	want := map[string][]calendar.Date{
		"NO": {
			d(2026, 1, 1), d(2026, 4, 2), d(2026, 4, 3), d(2026, 4, 5), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14),
			d(2026, 5, 17), d(2026, 5, 24), d(2026, 5, 25), d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 3, 25), d(2027, 3, 26), d(2027, 3, 28), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6),
			d(2027, 5, 16), d(2027, 5, 17), d(2027, 12, 25), d(2027, 12, 26),
		},
		"DK": {
			d(2026, 1, 1), d(2026, 4, 2), d(2026, 4, 3), d(2026, 4, 5), d(2026, 4, 6), d(2026, 5, 14),
			d(2026, 5, 24), d(2026, 5, 25), d(2026, 6, 5), d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 3, 25), d(2027, 3, 26), d(2027, 3, 28), d(2027, 3, 29), d(2027, 5, 6),
			d(2027, 5, 16), d(2027, 5, 17), d(2027, 6, 5), d(2027, 12, 25), d(2027, 12, 26),
		},
		"SE": {
			d(2026, 1, 1), d(2026, 1, 6), d(2026, 4, 3), d(2026, 4, 5), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14),
			d(2026, 5, 24), d(2026, 6, 6), d(2026, 6, 19), d(2026, 6, 20), d(2026, 10, 31), d(2026, 12, 24),
			d(2026, 12, 25), d(2026, 12, 26), d(2026, 12, 31),
			d(2027, 1, 1), d(2027, 1, 6), d(2027, 3, 26), d(2027, 3, 28), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6),
			d(2027, 5, 16), d(2027, 6, 6), d(2027, 6, 25), d(2027, 6, 26), d(2027, 11, 6), d(2027, 12, 24),
			d(2027, 12, 25), d(2027, 12, 26), d(2027, 12, 31),
		},
		"DE": {
			d(2026, 1, 1), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14), d(2026, 5, 25), d(2026, 10, 3),
			d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6), d(2027, 5, 17), d(2027, 10, 3),
			d(2027, 12, 25), d(2027, 12, 26),
		},
		// Bavaria adds Heilige Drei Könige, Fronleichnam (Easter + 60:
		// 4 June 2026, 27 May 2027) and Allerheiligen.
		"DE-BY": {
			d(2026, 1, 1), d(2026, 1, 6), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14), d(2026, 5, 25),
			d(2026, 6, 4), d(2026, 10, 3), d(2026, 11, 1), d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 1, 6), d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6), d(2027, 5, 17),
			d(2027, 5, 27), d(2027, 10, 3), d(2027, 11, 1), d(2027, 12, 25), d(2027, 12, 26),
		},
		// Brandenburg adds Easter Sunday, Whit Sunday and Reformationstag,
		// 31 October.
		"DE-BB": {
			d(2026, 1, 1), d(2026, 4, 3), d(2026, 4, 5), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14), d(2026, 5, 24),
			d(2026, 5, 25), d(2026, 10, 3), d(2026, 10, 31), d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 3, 26), d(2027, 3, 28), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6), d(2027, 5, 16),
			d(2027, 5, 17), d(2027, 10, 3), d(2027, 10, 31), d(2027, 12, 25), d(2027, 12, 26),
		},
		// Berlin adds Internationaler Frauentag, 8 March.
		"DE-BE": {
			d(2026, 1, 1), d(2026, 3, 8), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14), d(2026, 5, 25),
			d(2026, 10, 3), d(2026, 12, 25), d(2026, 12, 26),
			d(2027, 1, 1), d(2027, 3, 8), d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6), d(2027, 5, 17),
			d(2027, 10, 3), d(2027, 12, 25), d(2027, 12, 26),
		},
	}
	week := calendar.MustParseWeek("mon-sun 08:00-16:00")
	c, err := calendar.New(time.UTC, week, calendar.WithHolidays(no.Holidays...), calendar.WithYears(2026, 2026))
	require.NoError(t, err)
	assert.Equal(t, calendar.DayOpen, c.Day(d(2026, 4, 5)).Kind, "rickar/cal's own list")
	assert.Equal(t, calendar.DayOpen, c.Day(d(2026, 5, 24)).Kind, "rickar/cal's own list")
	hs, err := calendar.HolidaysFor("NO")
	require.NoError(t, err)
	assert.Equal(t, "Første påskedag", hs[len(hs)-2].Name)
	assert.Equal(t, "Første pinsedag", hs[len(hs)-1].Name)
	assert.Len(t, no.Holidays, len(hs)-2, "HolidaysFor leaves rickar/cal's list as it is")
	for code, dates := range want {
		hs, err := calendar.HolidaysFor(code)
		require.NoError(t, err, code)
		c, err := calendar.New(time.UTC, week, calendar.WithHolidays(hs...), calendar.WithYears(2026, 2027))
		require.NoError(t, err, code)
		var got []calendar.Date
		for day := d(2026, 1, 1); day.Year < 2028; day = day.AddDays(1) {
			if c.Day(day).Kind == calendar.DayHoliday {
				got = append(got, day)
			}
		}
		assert.Equal(t, dates, got, code)
	}
}
