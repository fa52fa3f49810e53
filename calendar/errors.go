package calendar

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the calendar package. Every error returned by this
// package wraps one of them, so callers test with [errors.Is].
var (
	// ErrInvalidWeek is wrapped by every problem found in weekly hours,
	// whether parsed by [ParseWeek] or checked by [Week.Validate].
	ErrInvalidWeek = errors.New("calendar: invalid week")
	// ErrSyntax reports text that is not of the form "days hours", and
	// in a [Config]'s JSON an unknown field, a field given twice, a value
	// of the wrong JSON type and missing or empty special-day hours.
	ErrSyntax = errors.New("calendar: syntax error")
	// ErrUnknownDay reports a day name that is not a weekday.
	ErrUnknownDay = errors.New("calendar: unknown day")
	// ErrBadTime reports a clock time that is not HH:MM or HH:MM:SS
	// between 00:00 and 24:00.
	ErrBadTime = errors.New("calendar: bad time")
	// ErrEndBeforeStart reports an interval whose end is not after its
	// start on the same date (an interval into the next date is written
	// with "+1", as in "22:00-06:00+1").
	ErrEndBeforeStart = errors.New("calendar: end before start")
	// ErrTooLong reports an interval longer than 24 hours.
	ErrTooLong = errors.New("calendar: interval longer than 24h")
	// ErrOverlap reports two intervals that share some wall-clock time,
	// or a day written "closed" in weekly hours that give it intervals in
	// another group.
	ErrOverlap = errors.New("calendar: overlapping intervals")

	// ErrInvalidDate reports a special day whose date does not exist or
	// is given twice, or, in a [Config], lies outside its years (then
	// with [ErrOutOfRange]).
	ErrInvalidDate = errors.New("calendar: invalid date")
	// ErrNoLocation reports a nil *time.Location.
	ErrNoLocation = errors.New("calendar: no location")
	// ErrInvalidYears reports a year range that is empty or outside
	// years 1 to 9999.
	ErrInvalidYears = errors.New("calendar: invalid year range")
	// ErrNeverOpen reports a calendar that has no open time at all.
	ErrNeverOpen = errors.New("calendar: never open")
	// ErrNoCalendar reports a missing or nil *Calendar given to
	// [Intersect] or [Union].
	ErrNoCalendar = errors.New("calendar: no calendar")
	// ErrOutOfRange reports a result that lies outside the years a
	// calendar covers (see [Calendar.Range]).
	ErrOutOfRange = errors.New("calendar: out of range")
	// ErrUnknownCountry reports a country code that has no holiday set.
	ErrUnknownCountry = errors.New("calendar: unknown country")
	// ErrUnknownZone reports a zone name that is not an IANA time zone
	// the program can load.
	ErrUnknownZone = errors.New("calendar: unknown zone")
	// ErrInvalidConfig is wrapped by every problem found in a [Config].
	ErrInvalidConfig = errors.New("calendar: invalid config")
	// ErrUnknownValue reports text that is none of an enumeration's
	// values, such as a [HolidayDates] or [DayKind].
	ErrUnknownValue = errors.New("calendar: unknown value")
)

// WeekError describes one problem in weekly or daily hours. It unwraps to
// [ErrInvalidWeek] and to the specific sentinel in Err ([ErrSyntax],
// [ErrUnknownDay], [ErrBadTime], [ErrEndBeforeStart], [ErrTooLong] or
// [ErrOverlap]).
type WeekError struct {
	// Text is the offending part of the input, such as "17:00-08:00",
	// or a description such as "mon 08:00-12:00" for a checked Week.
	Text string
	// Err is the specific sentinel.
	Err error
	// Detail says more, or is empty.
	Detail string
}

// Error implements error.
func (e *WeekError) Error() string {
	msg := fmt.Sprintf("%v: %q", e.Err, e.Text)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns [ErrInvalidWeek] and the specific sentinel.
func (e *WeekError) Unwrap() []error { return []error{ErrInvalidWeek, e.Err} }

// DateError describes a problem with a date or a special day. It unwraps
// to [ErrInvalidDate], or to [ErrInvalidWeek] and a specific sentinel when
// a special day's hours are wrong.
type DateError struct {
	// Date is the date as given, or the zero Date when Text could not be
	// read as one.
	Date Date
	// Text is the text given to [ParseDate], or empty.
	Text string
	// Err is the wrapped error.
	Err error
}

// Error implements error.
func (e *DateError) Error() string {
	if e.Text != "" || e.Date == (Date{}) {
		return fmt.Sprintf("calendar: date %q: %v", e.Text, e.Err)
	}
	return fmt.Sprintf("calendar: date %v: %v", e.Date, e.Err)
}

// Unwrap returns the wrapped error.
func (e *DateError) Unwrap() error { return e.Err }

// CountryError reports a country code for which [HolidaysFor] has no
// holidays. It unwraps to [ErrUnknownCountry].
type CountryError struct {
	// Code is the code as given.
	Code string
}

// Error implements error.
func (e *CountryError) Error() string {
	return fmt.Sprintf("%v: %q (want an ISO 3166 code such as \"NO\" or \"AU-NSW\", see Countries)", ErrUnknownCountry, e.Code)
}

// Unwrap returns [ErrUnknownCountry].
func (e *CountryError) Unwrap() error { return ErrUnknownCountry }

// ConfigError describes one problem in a [Config]. It unwraps to
// [ErrInvalidConfig] and to Err, which wraps the package sentinel of the
// problem, such as [ErrUnknownZone], [ErrUnknownCountry],
// [ErrInvalidWeek], [ErrInvalidDate], [ErrInvalidYears] or
// [ErrNeverOpen].
type ConfigError struct {
	// Field is the JSON name of the field at fault, such as "zone" or
	// "special_days[2].hours", or empty for the config as a whole.
	Field string
	// Err is the problem.
	Err error
}

// Error implements error.
func (e *ConfigError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%v: %v", ErrInvalidConfig, e.Err)
	}
	return fmt.Sprintf("%v: %s: %v", ErrInvalidConfig, e.Field, e.Err)
}

// Unwrap returns [ErrInvalidConfig] and the problem.
func (e *ConfigError) Unwrap() []error { return []error{ErrInvalidConfig, e.Err} }

// ValueError reports text that is not one of the values of an
// enumeration. It unwraps to [ErrUnknownValue].
type ValueError struct {
	// Type names the enumeration, such as "HolidayDates".
	Type string
	// Text is the text as given.
	Text string
	// Want lists the values accepted.
	Want []string
}

// Error implements error.
func (e *ValueError) Error() string {
	return fmt.Sprintf("%v: %s %q (want one of %s)", ErrUnknownValue, e.Type, e.Text, strings.Join(e.Want, ", "))
}

// Unwrap returns [ErrUnknownValue].
func (e *ValueError) Unwrap() error { return ErrUnknownValue }
