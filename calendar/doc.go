// Package calendar models business hours: when a service desk is open, and
// how much open time lies between two instants. SLA clocks, follow-ups
// and KPIs count business time with it.
//
// # What it models
//
// A [Calendar] has one IANA location, weekly hours ([Week]) with any
// number of intervals per weekday, holidays from rickar/cal/v2
// definitions ([WithHolidays], [HolidaysFor]) and special days that close
// a date or give it other hours ([WithSpecialDays]). [HolidaysFor] looks
// a country's or region's holidays up by ISO 3166 code and corrects
// rickar/cal's lists: Easter Sunday and Whit Sunday for Norway, Denmark,
// Sweden, Iceland and Brandenburg, and German state holidays counted from
// the year the state made them. Weekly hours have a
// compact text form for configuration files, read by [ParseWeek] and
// written by [Week.String]:
//
//	mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00; sun 22:00-06:00+1
//
// An overnight interval ("22:00-06:00+1") belongs to the date it starts
// on; "24:00" is the midnight that ends a date. A calendar that is open
// all the time is an ordinary calendar ([Always]), so "calendar hours"
// need no special case.
//
// # Configuration
//
// [Week], [Hours], [Interval], [Date] (ISO "2026-12-24", read by
// [ParseDate]) and the enumerations implement encoding.TextMarshaler and
// encoding.TextUnmarshaler, so they are strings in JSON. A whole calendar
// is a [Config]: zone name, weekly hours, holiday country code, observed
// or actual holiday dates, special days and years, which marshals to and
// from JSON and builds a *Calendar with [Config.Build], reporting every
// problem at once. Since building costs in proportion to intervals and
// years, a Config has at most [MaxConfigIntervals] intervals a day and
// [MaxConfigYears] years.
//
// # Dates, wall clocks and daylight saving time
//
// A date is a date of the calendar's own location: the date an instant's
// wall clock shows there, whatever the instant's own [time.Location]. An
// instant is open exactly when that wall clock falls inside an opening
// interval of its date, or inside the after-midnight part of an overnight
// interval of the date before. Intervals are half-open: a desk open
// 08:00-16:00 is open at 08:00:00 and closed at 16:00:00.
//
// Open time is measured on the real time line, not on the wall clock. On a
// spring-forward night the wall clock skips an hour, so the skipped hour
// is never open: in Europe/Oslo on 29 March 2026 an interval that ends at
// 02:30 ends at the jump (02:00 CET, which is 03:00 CEST), an interval
// that starts at 02:30 starts at the jump, and 22:00-06:00+1 lasts 7
// hours. On an autumn night the wall clock repeats an hour, and a
// repeated hour inside an interval is open twice: on 25 October 2026,
// 02:30-04:00 is open from 02:30 to 03:00 CEST and again from 02:30 to
// 04:00 CET, 2 hours in all, and 22:00-06:00+1 lasts 9 hours. No result
// depends on which of two instants [time.Date] picks for a wall-clock
// time in a gap or fold, and days are never stepped by adding 24 hours.
//
// [Calendar.DateOf] gives the date of an instant at the calendar, and
// [Calendar.StartOf] the instant a date starts there; use them, not the
// instant's own zone, wherever a date is derived: at 23:30 UTC on 13 May
// an Oslo desk is already on 14 May. [Calendar.Day] says what a date is
// and why: open with its weekly hours, closed by the weekly hours, a
// holiday with its name from the definitions, or a special day with its
// label and hours.
//
// # Arithmetic
//
// [Calendar.Elapsed] counts open time between two instants and
// [Calendar.Add] finds the instant at which a given amount of open time
// has passed: Monday 08:00 plus 8 hours on a 08:00-16:00 desk is Monday
// 16:00, not Tuesday 08:00. [Calendar.NextOpen], [Calendar.NextClose]
// and [Calendar.Spans] walk the openings. All are exact to the
// nanosecond. [Calendar.OpenDays] counts the dates with open time, to
// compare figures per working day.
//
// [New] compiles the week, the holidays and special days of every covered
// year and the location's offset transitions into prefix tables, found
// through bucket indexes, so each query costs a few table reads and short
// scans, whatever the span, and allocates nothing. A calendar covers the years 1900 to 2399 by default
// ([WithYears]) and counts as closed outside them; [Calendar.AddChecked]
// reports a deadline beyond that range as [ErrOutOfRange].
//
// # Combining calendars
//
// [Intersect] gives the calendar open when every one of several calendars
// is open, such as a team's hours within a customer's hours, and [Union]
// the calendar open when any of them is, such as follow-the-sun support by
// teams in several zones. The calendars may have different locations: the
// combination is taken on the real time line, so an Oslo team and a New
// York customer share three hours a day, not two, in the weeks when only
// New York is on summer time. A combined calendar answers every query
// like any other, in O(log n) time without allocating, from a table of
// its open stretches over the covered range; its [Calendar.Location] is
// that of the first calendar and its [Calendar.Week] is the zero Week.
//
// # Concurrency
//
// A *Calendar is immutable and safe for concurrent use by many
// goroutines. The package has no global state, reads no clock and starts
// no goroutines: every instant is a parameter.
//
// # Errors
//
// Every error wraps one of the package's sentinels, such as
// [ErrInvalidWeek], [ErrNeverOpen] or [ErrUnknownCountry], so test them
// with [errors.Is]; the typed errors [*WeekError], [*DateError],
// [*CountryError], [*ConfigError] and [*ValueError] carry the details. Constructors report every problem
// they find at once, joined with [errors.Join]. Nothing panics except the
// MustParse helpers, which are meant for literals in source code.
//
// # Getting started
//
// Parse the weekly hours, load the location, and call [New] with the
// holidays of the desk's country:
//
//	week, err := calendar.ParseWeek("mon-fri 08:00-16:00")
//	...
//	oslo, err := time.LoadLocation("Europe/Oslo")
//	...
//	holidays, err := calendar.HolidaysFor("NO")
//	...
//	desk, err := calendar.New(oslo, week, calendar.WithHolidays(holidays...))
//	...
//	due := desk.Add(created, 8*time.Hour)
//
// Import time/tzdata in programs that may run without a zone database.
//
// # Calendars by name
//
// The configuration documents of the other packages refer to calendars
// by name: a desk file declares each as a [Config] under its name,
// [BuildAll] builds them with every problem at its name, and the SLA
// targets, follow-up rules and reports name the one they count in.
// Calendar hours are a calendar too: the week "mon-sun 00:00-24:00"
// in a zone, without holidays, builds the calendar [Always] returns.
package calendar
