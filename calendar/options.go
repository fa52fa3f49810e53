package calendar

import (
	"github.com/rickar/cal/v2"
)

// Default range of years a [Calendar] covers; see [WithYears].
const (
	DefaultFirstYear = 1900
	DefaultLastYear  = 2399
)

// Option configures a [Calendar] in [New].
type Option func(*settings)

type settings struct {
	holidays   []*cal.Holiday
	actual     bool
	specials   []SpecialDay
	first, end int // years: first and last+1
}

// WithHolidays closes the calendar on the dates of the given rickar/cal
// holidays, such as no.Holidays or the result of [HolidaysFor], in every
// year the calendar covers. The observed date is used (a holiday on a
// Sunday observed on Monday closes Monday) unless [WithActualHolidayDates]
// is also given. A holiday closes its date's intervals, including an
// overnight interval that starts on it; an overnight interval from the
// day before still runs into the holiday. Several WithHolidays add up.
// [New] reads the definitions only while it builds the calendar, so
// changing a *cal.Holiday afterwards (rickar/cal's lists are shared
// package variables) changes no calendar already built.
func WithHolidays(hs ...*cal.Holiday) Option {
	return func(c *settings) {
		for _, h := range hs {
			if h != nil {
				c.holidays = append(c.holidays, h)
			}
		}
	}
}

// WithActualHolidayDates makes [WithHolidays] close the actual dates of
// holidays rather than their observed dates.
func WithActualHolidayDates() Option {
	return func(c *settings) { c.actual = true }
}

// WithSpecialDays gives dates their own hours or closes them; see
// [SpecialDay]. Special days override weekly hours and holidays. Several
// WithSpecialDays add up; a date may be given only once.
func WithSpecialDays(days ...SpecialDay) Option {
	return func(c *settings) {
		for _, d := range days {
			d.Hours = append(Hours(nil), d.Hours...)
			c.specials = append(c.specials, d)
		}
	}
}

// WithYears sets the years the calendar covers, first to last inclusive,
// in local dates; by default [DefaultFirstYear] to [DefaultLastYear].
// Holidays and special days are compiled for those years, and the calendar
// counts as closed outside them (see [Calendar.Range]). An overnight
// interval of the date before the first year still runs into the range,
// unless a holiday on that date closes it, so that the open time of an
// instant does not depend on whether the year before is covered. A
// narrower range makes [New] faster and the calendar smaller.
func WithYears(first, last int) Option {
	return func(c *settings) { c.first, c.end = first, last+1 }
}
