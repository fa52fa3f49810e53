package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date, a day in the calendar's own time zone. The date of
// an instant is the date its wall clock shows in that zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats d as "2026-12-24".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// valid reports whether d names a real date.
func (d Date) valid() bool {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return DateOf(t) == d
}

// days returns the number of days from 1970-01-01 to d.
func (d Date) days() int64 {
	return floorDiv(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
}

// SpecialDay gives one date other hours than its weekday has in the
// [Week]: a closed day when Hours is empty (an extra holiday), or its own
// intervals, such as Christmas Eve 09:00-13:00 or an extra Saturday. A
// special day overrides both the Week and the holidays for its date,
// including the date's overnight interval; an overnight interval of the
// day before still runs into it. Where intervals of two adjacent dates
// overlap, the calendar is open when either is.
type SpecialDay struct {
	Date  Date
	Hours []Interval
}

// Closed returns a SpecialDay on which the calendar is closed all day.
func Closed(d Date) SpecialDay { return SpecialDay{Date: d} }

// MustParseHours is like [ParseHours] but panics on an error. It is meant
// for hours written in the program's source.
func MustParseHours(spec string) []Interval {
	ivs, err := ParseHours(spec)
	if err != nil {
		panic(err)
	}
	return ivs
}

// MustParseWeek is like [ParseWeek] but panics on an error. It is meant
// for weeks written in the program's source.
func MustParseWeek(spec string) Week {
	w, err := ParseWeek(spec)
	if err != nil {
		panic(err)
	}
	return w
}
