package staffing

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A history with no noise and no trend must be forecast back exactly: the
// same count in every half hour of every normal day of a weekday, f, and
// in every half hour of a holiday, g. The expectations are f and g
// themselves, on the Oslo desk across both clock changes and the Easter
// and May holidays: a slot the spring day skips has nothing, each of the
// two an autumn day repeats has its own f, a holiday in the history does
// not lower the level, and a holiday forecast without a holiday in the
// history takes the Sunday's counts.
func TestForecastReproducesAnExactHistory(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	f := func(w, s int) float64 { return float64(1 + (w*7+s)%5) } // w Monday first, s half hour of the day
	g := func(s int) float64 { return float64(s%3) * 2 }
	weekday := func(d calendar.Date) int { return (int(d.Weekday()) + 6) % 7 }
	holiday := func(d calendar.Date) bool { return c.Day(d).Kind == calendar.DayHoliday } // the desk has no special days
	// halfHours calls fn for each half hour of date d as the wall clock has
	// it: Oslo's clocks change on the hour, so half hours of real time from
	// local midnight are the wall clock's, and the one at 02:00 is missing
	// in spring and there twice in autumn.
	halfHours := func(d calendar.Date, fn func(start, end time.Time, idx int)) {
		for t0 := c.StartOf(d); t0.Before(c.StartOf(d.AddDays(1))); t0 = t0.Add(30 * time.Minute) {
			lt := t0.In(loc)
			fn(t0, t0.Add(30*time.Minute), lt.Hour()*2+lt.Minute()/30)
		}
	}

	// history returns the arrival instants of [from, to): on each date,
	// each half hour as the wall clock has it (none for one the clocks
	// skip, two sets for one they repeat), its count of arrivals spread
	// inside it.
	history := func(from, to calendar.Date) []time.Time {
		var out []time.Time
		for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
			hol := holiday(d)
			halfHours(d, func(t0, next time.Time, idx int) {
				n := f(weekday(d), idx)
				if hol {
					n = g(idx)
				}
				for k := range int(n) {
					out = append(out, t0.Add(time.Duration(k+1)*next.Sub(t0)/time.Duration(n+1)))
				}
			})
		}
		return out
	}
	for _, tc := range []struct {
		name         string
		from, to     calendar.Date
		days         int
		holidayShape bool // the history holds a holiday: forecast holidays as g
	}{
		// Easter (2–6 April) in the history; 1, 14, 17 and 25 May ahead.
		{"easter learned", date(2026, 3, 9), date(2026, 4, 13), 49, true},
		// Spring forward on Sunday 29 March and Easter ahead, no holiday
		// behind: holidays take the Sunday's profile.
		{"spring ahead", date(2026, 2, 23), date(2026, 3, 23), 21, false},
		// Autumn back on Sunday 25 October in the history.
		{"autumn behind", date(2026, 9, 28), date(2026, 11, 2), 14, false},
		// Autumn back ahead.
		{"autumn ahead", date(2026, 9, 21), date(2026, 10, 19), 14, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := History{Arrivals: history(tc.from, tc.to), From: tc.from, To: tc.to}
			fc, err := NewForecast(h, tc.to, tc.days, ForecastConfig{Calendar: c, Weeks: 5, NoTrend: true})
			require.NoError(t, err)
			assert.Equal(t, tc.holidayShape, fc.Shapes.HolidayLearned)
			i := 0
			for d := tc.to; d.Compare(tc.to.AddDays(tc.days)) < 0; d = d.AddDays(1) {
				hol := holiday(d)
				halfHours(d, func(t0, next time.Time, idx int) {
					want := f(weekday(d), idx)
					switch {
					case hol && tc.holidayShape:
						want = g(idx)
					case hol:
						want = f(6, idx)
					}
					require.Less(t, i, len(fc.Slots))
					s := fc.Slots[i]
					assert.True(t, s.Start.Equal(t0) && s.End.Equal(next), "slot %d: %s–%s, want %s–%s", i, s.Start, s.End, t0, next)
					assert.InDelta(t, want, s.Arrivals, 1e-9, "%s %s", d, t0.In(loc).Format("15:04 MST"))
					i++
				})
			}
			assert.Equal(t, i, len(fc.Slots))
		})
	}
}
