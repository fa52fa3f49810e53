package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date, a day in the calendar's own time zone. The date of
// an instant is the date its wall clock shows in that zone: use
// [Calendar.DateOf], which judges the instant by the calendar's location.
//
// The text form, read by [ParseDate] and written by [Date.String] and
// [Date.MarshalText], is ISO 8601's "2026-12-24".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location. To ask which date an
// instant falls on at a desk, use [Calendar.DateOf]: at 23:30 UTC on the
// 13th, DateOf gives the 13th, while a calendar in Europe/Oslo, already on
// the 14th, gives the 14th.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads an ISO 8601 calendar date, "2026-12-24": a four-digit
// year from 0000 to 9999, a two-digit month and a two-digit day that
// exist. Anything else gives a [*DateError] wrapping [ErrInvalidDate].
func ParseDate(s string) (Date, error) {
	bad := func(detail string) (Date, error) {
		return Date{}, &DateError{Text: s, Err: fmt.Errorf("%w: %s", ErrInvalidDate, detail)}
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad("want YYYY-MM-DD")
	}
	var v [3]int
	for i, part := range []string{s[0:4], s[5:7], s[8:10]} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return bad("want YYYY-MM-DD")
			}
		}
		v[i], _ = strconv.Atoi(part)
	}
	d := Date{Year: v[0], Month: time.Month(v[1]), Day: v[2]}
	if !d.valid() {
		return bad("no such date")
	}
	return d, nil
}

// String formats d as "2026-12-24".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// MarshalText implements [encoding.TextMarshaler] with the form of
// [ParseDate]. The zero Date is the empty text; a date that does not exist
// or lies outside years 0 to 9999 is an error wrapping [ErrInvalidDate].
func (d Date) MarshalText() ([]byte, error) {
	if d == (Date{}) {
		return []byte{}, nil
	}
	if !d.valid() || d.Year < 0 || d.Year > 9999 {
		return nil, &DateError{Date: d, Err: fmt.Errorf("%w: no such date in years 0000 to 9999", ErrInvalidDate)}
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseDate];
// the empty text gives the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// AddDays returns the date n days after d (before it for negative n),
// normalising d as [time.Date] does.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Compare returns -1 when d is before e, +1 when it is after, and 0 when
// they are the same date.
func (d Date) Compare(e Date) int {
	return cmp.Or(cmp.Compare(d.Year, e.Year), cmp.Compare(d.Month, e.Month), cmp.Compare(d.Day, e.Day))
}

// valid reports whether d names a real date.
func (d Date) valid() bool {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return DateOf(t) == d
}

// days returns the number of days from 1970-01-01 to d.
func (d Date) days() int64 {
	return floorDiv(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
}

// Hours are the opening intervals of one date, as a [SpecialDay] has them
// and as [Calendar.Day] reports them. The text form, read by
// [ParseHours] and written by [Hours.String], is "09:00-13:00" or
// "08:00-12:00,13:00-15:00", and "closed" for no intervals.
type Hours []Interval

// String writes h in the form [ParseHours] reads, sorted by start, or
// "closed" when h is empty.
func (h Hours) String() string {
	if len(h) == 0 {
		return "closed"
	}
	return formatHours(sortedIntervals(h))
}

// MarshalText implements [encoding.TextMarshaler] with the form of
// [Hours.String]. Hours that [ParseHours] would reject are an error
// wrapping [ErrInvalidWeek].
func (h Hours) MarshalText() ([]byte, error) {
	if err := errors.Join(checkDay(h)...); err != nil {
		return nil, err
	}
	return []byte(h.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseHours].
func (h *Hours) UnmarshalText(text []byte) error {
	v, err := ParseHours(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// SpecialDay gives one date other hours than its weekday has in the
// [Week]: a closed day when Hours is empty (an extra holiday), or its own
// intervals, such as Christmas Eve 09:00-13:00 or an extra Saturday. A
// special day overrides both the Week and the holidays for its date,
// including the date's overnight interval; an overnight interval of the
// day before still runs into it. Where intervals of two adjacent dates
// overlap, the calendar is open when either is. Label names the day for
// [Calendar.Day], such as "Christmas Eve"; it may be empty.
//
// In JSON a special day is {"date": "2026-12-24", "hours": "09:00-13:00",
// "label": "Christmas Eve"}, with "hours": "closed" for a closed day.
type SpecialDay struct {
	Date  Date   `json:"date"`
	Hours Hours  `json:"hours"`
	Label string `json:"label,omitempty"`
}

// Closed returns a SpecialDay on which the calendar is closed all day.
func Closed(d Date) SpecialDay { return SpecialDay{Date: d} }
