package calendar

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// DayKind says why a date has the hours it has. Its text form is the
// constant's value ("open", "holiday"); the zero value is unknown.
type DayKind string

// The kinds of day [Calendar.Day] reports, in the order it decides them:
// a special day overrides a holiday, which overrides the weekly hours.
const (
	// DayOutOfRange is a date outside the years the calendar covers,
	// where it counts as closed, or a date that does not exist, such as
	// 2026-02-30.
	DayOutOfRange DayKind = "out_of_range"
	// DaySpecial is a special day (see [SpecialDay]), open with its own
	// hours or closed; [Day.Name] is its label.
	DaySpecial DayKind = "special"
	// DayHoliday is a holiday from the calendar's definitions, closed all
	// day; [Day.Name] is the holiday's name in the definitions.
	DayHoliday DayKind = "holiday"
	// DayOpen is a date with the weekly hours of its weekday.
	DayOpen DayKind = "open"
	// DayClosed is a date whose weekday has no hours in the [Week].
	DayClosed DayKind = "closed"
)

var dayKinds = []DayKind{DayOpen, DayClosed, DayHoliday, DaySpecial, DayOutOfRange}

// String returns k's text form.
func (k DayKind) String() string { return string(k) }

// ParseDayKind reads a DayKind from its text form. Text that is none of
// the kinds gives a [*ValueError] wrapping [ErrUnknownValue].
func ParseDayKind(s string) (DayKind, error) {
	if k := DayKind(s); slices.Contains(dayKinds, k) {
		return k, nil
	}
	want := make([]string, len(dayKinds))
	for i, k := range dayKinds {
		want[i] = string(k)
	}
	return "", &ValueError{Type: "DayKind", Text: s, Want: want}
}

// MarshalText implements [encoding.TextMarshaler]. The zero DayKind is
// the empty text; text that [DayKind.UnmarshalText] would refuse is an
// error wrapping [ErrUnknownValue].
func (k DayKind) MarshalText() ([]byte, error) {
	if k != "" {
		if _, err := ParseDayKind(string(k)); err != nil {
			return nil, err
		}
	}
	return []byte(k), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with
// [ParseDayKind]; the empty text gives the zero (unknown) DayKind, which
// MarshalText writes as empty.
func (k *DayKind) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = ""
		return nil
	}
	v, err := ParseDayKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Day says what a date is at a calendar, as [Calendar.Day] reports it.
type Day struct {
	// Date is the date asked about.
	Date Date `json:"date"`
	// Kind says why the date has these hours.
	Kind DayKind `json:"kind"`
	// Hours are the date's own opening intervals, empty when it is
	// closed. An overnight interval of the day before may still run into
	// the date; one of these may run into the next. They are wall-clock
	// times: on a date with a clock change they may last an hour more or
	// less than written, or not at all when the clocks skip them.
	Hours Hours `json:"hours"`
	// Name is the holiday's name for [DayHoliday] (several names joined
	// with " / " when holidays share the date), and the special day's
	// label for [DaySpecial]; otherwise empty.
	Name string `json:"name,omitempty"`
}

// Open reports whether the date is open: it has opening intervals of its
// own, or it is [DayOpen] at a combined calendar, which reports no hours.
func (d Day) Open() bool { return len(d.Hours) > 0 || d.Kind == DayOpen }

// String describes d in one line, such as
// "2026-05-14 holiday Kristi Himmelfartsdag",
// "2026-12-24 special Christmas Eve 09:00-13:00" or
// "2026-05-13 open 08:00-16:00".
func (d Day) String() string {
	parts := []string{d.Date.String(), string(d.Kind)}
	if d.Name != "" {
		parts = append(parts, d.Name)
	}
	if d.Open() {
		parts = append(parts, d.Hours.String())
	}
	return strings.Join(parts, " ")
}

// DateOf returns the date of t at the calendar: the date t's wall clock
// shows in the calendar's location, whatever t's own location. At 23:30
// UTC on 13 May 2026 a calendar in Europe/Oslo is on 14 May.
func (c *Calendar) DateOf(t time.Time) Date { return DateOf(t.In(c.loc)) }

// StartOf returns the first instant of date d at the calendar, in its
// location: local midnight, or the end of the gap on a date whose
// midnight the clocks skip. StartOf(d.AddDays(1)) is the end of d, so
// Elapsed(StartOf(d), StartOf(d.AddDays(1))) is the open time of date d.
// A date that does not exist is normalised as [time.Date] does: 2026-02-30
// is 2026-03-02. A date the clocks skip entirely, such as 2011-12-30 in
// Pacific/Apia, starts where the next date starts.
func (c *Calendar) StartOf(d Date) time.Time {
	n := d.days()
	if n < c.firstDay-2 || n > c.endDay+2 { // beyond the zone table
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.loc)
	}
	return time.Unix(c.zone.firstAtWall(n*secondsPerDay), 0).In(c.loc)
}

// Day says what date d is at the calendar: a special day with its label
// and hours, a holiday with its name from the rickar/cal definitions, a
// date open with its weekday's hours, or one closed by the weekly hours,
// so that timelines and plans can print the reason from data. Dates
// outside the covered years, and dates that do not exist such as
// 2026-02-30, are [DayOutOfRange].
//
// A calendar made by [Intersect] or [Union] has no weekly hours,
// holidays or special days of its own: Day reports [DayOpen] for a date
// with open time, even if only from an overnight interval of the day
// before, and [DayClosed] for one without, with no hours or name. Where
// such a combination returns one of its calendars (see [Intersect]), Day
// is that calendar's, which counts only a date's own intervals.
//
// Day reads the holiday names [New] recorded for the covered dates, so
// changing a *cal.Holiday after New changes nothing Day reports; it is
// meant for explanations, not for loops over every instant.
func (c *Calendar) Day(d Date) Day {
	out := Day{Date: d}
	n := d.days()
	switch {
	case n < c.firstDay || n >= c.endDay || !d.valid():
		out.Kind = DayOutOfRange
		return out
	case c.runs != nil:
		out.Kind = DayClosed
		if c.openOn(n) {
			out.Kind = DayOpen
		}
		return out
	}
	if i, ok := slices.BinarySearchFunc(c.specials, d, func(sd SpecialDay, d Date) int { return sd.Date.Compare(d) }); ok {
		out.Kind, out.Name, out.Hours = DaySpecial, c.specials[i].Label, Hours(sortedIntervals(c.specials[i].Hours))
		return out
	}
	if names := c.holidayNames(d); len(names) > 0 {
		out.Kind, out.Name = DayHoliday, strings.Join(names, " / ")
		return out
	}
	out.Hours = slices.Clone(Hours(c.week[d.Weekday()]))
	out.Kind = DayClosed
	if len(out.Hours) > 0 {
		out.Kind = DayOpen
	}
	return out
}

// holidayNames returns the names of the holidays that close date d, in
// the order the definitions were given, as [New] computed them.
func (c *Calendar) holidayNames(d Date) []string {
	n := d.days()
	i, _ := slices.BinarySearchFunc(c.holidayDates, n, func(h holidayDate, n int64) int { return cmp.Compare(h.day, n) })
	var names []string
	for ; i < len(c.holidayDates) && c.holidayDates[i].day == n; i++ {
		if name := c.holidayDefs[c.holidayDates[i].def]; !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}
