package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// Interval is one opening interval of a date, as offsets from the local
// midnight that starts the date. Start lies in [0, 24h); End lies in
// (Start, Start+24h]. An End of exactly 24h is "24:00", the midnight that
// starts the next date; an End beyond 24h is a time on the next date, so
// {22h, 30h} is the overnight interval "22:00-06:00+1" and belongs to the
// date it starts on. Both are whole seconds. Intervals are half-open: the
// calendar is open at Start and closed at End.
//
// Offsets are wall-clock times, not elapsed time: on a date with a
// daylight-saving change, {22h, 30h} lasts 7 or 9 hours (see the package
// documentation).
type Interval struct {
	Start, End time.Duration
}

// String formats i as "08:00-16:00", "00:00-24:00" or "22:00-06:00+1",
// with seconds when they are not zero.
func (i Interval) String() string {
	end := formatClock(i.End)
	if i.End > day {
		end = formatClock(i.End-day) + "+1"
	}
	return formatClock(i.Start) + "-" + end
}

// MarshalText implements [encoding.TextMarshaler] with the form of
// [Interval.String]. An invalid interval is an error wrapping
// [ErrInvalidWeek].
func (i Interval) MarshalText() ([]byte, error) {
	if e := i.check(); e != nil {
		return nil, e
	}
	return []byte(i.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it reads one
// interval such as "08:00-16:00" or "22:00-06:00+1", in the notation of
// [ParseWeek].
func (i *Interval) UnmarshalText(text []byte) error {
	v, err := parseInterval(strings.TrimSpace(string(text)))
	if err != nil {
		return err
	}
	*i = v
	return nil
}

func formatClock(d time.Duration) string {
	if d < 0 || d > day {
		return fmt.Sprintf("(%v)", d)
	}
	s := int64(d / time.Second)
	out := fmt.Sprintf("%02d:%02d", s/3600, s/60%60)
	if s%60 != 0 || d%time.Second != 0 {
		out += fmt.Sprintf(":%02d", s%60)
	}
	return out
}

// check reports what is wrong with i alone, or nil.
func (i Interval) check() *WeekError {
	text := i.String()
	switch {
	case i.Start < 0 || i.Start >= day:
		return &WeekError{Text: text, Err: ErrBadTime, Detail: "start must lie in [00:00, 24:00)"}
	case i.Start%time.Second != 0 || i.End%time.Second != 0:
		return &WeekError{Text: text, Err: ErrBadTime, Detail: "times must be whole seconds"}
	case i.End <= i.Start:
		return &WeekError{Text: text, Err: ErrEndBeforeStart}
	case i.End-i.Start > day:
		return &WeekError{Text: text, Err: ErrTooLong}
	}
	return nil
}

// Week holds the opening intervals of each weekday, indexed by
// [time.Weekday] (Sunday is 0). The zero Week is never open. A Week is
// valid when every interval is valid and no two intervals overlap,
// counting an overnight interval's part on the next date and Sunday's
// overnight part on Monday; touching intervals such as 08:00-12:00 and
// 12:00-16:00 are allowed and act as one.
//
// The text form, read by [ParseWeek] and written by [Week.String], is
// "mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00".
type Week [7][]Interval

// empty reports whether w has no intervals.
func (w Week) empty() bool {
	for _, ivs := range w {
		if len(ivs) > 0 {
			return false
		}
	}
	return true
}

// mondayFirst returns the i-th weekday in the order String writes them,
// Monday first.
func mondayFirst(i int) time.Weekday { return time.Weekday((i + 1) % 7) }

// weekPos is the offset of the start of weekday d from Monday 00:00.
func weekPos(d time.Weekday) time.Duration { return time.Duration((int(d)+6)%7) * day }

const dayNames = "sunmontuewedthufrisat"

// dayAbbrev returns the three-letter lower-case name of d.
func dayAbbrev(d time.Weekday) string { return dayNames[3*d : 3*d+3] }

// Validate reports every problem in w, joined with [errors.Join]; each is
// a [*WeekError] wrapping [ErrInvalidWeek].
func (w Week) Validate() error {
	var errs []error
	var pieces []piece // on the week circle, Monday 00:00 = 0
	id := 0            // of each interval
	for i := range 7 {
		d := mondayFirst(i)
		for _, iv := range w[d] {
			label := dayAbbrev(d) + " " + iv.String()
			if e := iv.check(); e != nil {
				e.Text = label
				errs = append(errs, e)
				continue
			}
			from, to := weekPos(d)+iv.Start, weekPos(d)+iv.End
			if to > week {
				pieces = append(pieces, piece{from, week, label, id}, piece{0, to - week, label, id})
			} else {
				pieces = append(pieces, piece{from, to, label, id})
			}
			id++
		}
	}
	errs = append(errs, overlaps(pieces)...)
	return errors.Join(errs...)
}

// piece is an interval placed on a time line, with a label for errors
// and the interval's id: an overnight interval is two pieces with one id.
type piece struct {
	from, to time.Duration
	label    string
	id       int
}

// overlaps reports each piece that starts before an earlier piece of
// another interval ends; the same interval written twice overlaps itself.
func overlaps(ps []piece) []error {
	slices.SortStableFunc(ps, func(a, b piece) int { return cmp.Compare(a.from, b.from) })
	var errs []error
	var maxTo time.Duration
	maxLabel, maxID := "", 0
	for i, p := range ps {
		if i > 0 && p.from < maxTo && p.id != maxID {
			errs = append(errs, &WeekError{Text: p.label, Err: ErrOverlap, Detail: "overlaps " + maxLabel})
		}
		if i == 0 || p.to > maxTo {
			maxTo, maxLabel, maxID = p.to, p.label, p.id
		}
	}
	return errs
}

// String writes w in the form ParseWeek reads: groups separated by "; ",
// Monday first, weekdays with the same intervals sharing a group
// ("mon-fri,sun 08:00-16:00"). Closed weekdays are left out, so the zero
// Week is "". ParseWeek(w.String()) gives w back for any valid w whose
// intervals are sorted by start, as ParseWeek leaves them.
func (w Week) String() string {
	done := [7]bool{}
	var groups []string
	for i := range 7 {
		d := mondayFirst(i)
		if done[i] || len(w[d]) == 0 {
			continue
		}
		var same [7]bool
		for j := i; j < 7; j++ {
			if !done[j] && slices.Equal(sortedIntervals(w[mondayFirst(j)]), sortedIntervals(w[d])) {
				same[j], done[j] = true, true
			}
		}
		var days []string
		for j := 0; j < 7; j++ {
			if !same[j] {
				continue
			}
			k := j
			for k+1 < 7 && same[k+1] {
				k++
			}
			if k > j {
				days = append(days, dayAbbrev(mondayFirst(j))+"-"+dayAbbrev(mondayFirst(k)))
			} else {
				days = append(days, dayAbbrev(mondayFirst(j)))
			}
			j = k
		}
		groups = append(groups, strings.Join(days, ",")+" "+formatHours(sortedIntervals(w[d])))
	}
	return strings.Join(groups, "; ")
}

// MarshalText implements [encoding.TextMarshaler] with the form of
// [Week.String], so a Week is a string in JSON:
// "mon-fri 08:00-16:00". An invalid Week is an error wrapping
// [ErrInvalidWeek] (see [Week.Validate]).
func (w Week) MarshalText() ([]byte, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return []byte(w.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseWeek].
func (w *Week) UnmarshalText(text []byte) error {
	v, err := ParseWeek(string(text))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

func sortedIntervals(ivs []Interval) []Interval {
	out := slices.Clone(ivs)
	slices.SortFunc(out, func(a, b Interval) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

func formatHours(ivs []Interval) string {
	parts := make([]string, len(ivs))
	for i, iv := range ivs {
		parts[i] = iv.String()
	}
	return strings.Join(parts, ",")
}

// ParseWeek reads weekly hours such as
//
//	mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00
//
// Groups are separated by ";". A group is a list of days followed by a
// list of intervals or by the word "closed"; a day written closed may not
// have intervals in another group. Days are written "mon".."sun" or in
// full ("monday"), in any case, alone or as ranges ("mon-fri", and
// "fri-mon", which wraps); several are joined by ",". A day named in more
// than one group gets the intervals of all of them. Times are HH:MM or
// HH:MM:SS; an end of "24:00" is the next midnight, and an end on the
// next date is marked "+1" ("22:00-06:00+1"). Spaces around separators
// are ignored, and the empty string is the Week that is never open.
//
// ParseWeek reports every problem it finds, joined with [errors.Join];
// each is a [*WeekError] that wraps [ErrInvalidWeek] and one of
// [ErrSyntax], [ErrUnknownDay], [ErrBadTime], [ErrEndBeforeStart],
// [ErrTooLong] and [ErrOverlap].
func ParseWeek(spec string) (Week, error) {
	var w Week
	var errs []error
	var closedIn [7]string // the first group that names each day closed
	for group := range strings.SplitSeq(spec, ";") {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		daysText, hoursText := splitGroup(group)
		days, dayErrs := parseDays(daysText, group)
		errs = append(errs, dayErrs...)
		if strings.EqualFold(strings.TrimSpace(hoursText), "closed") {
			for _, d := range days {
				if closedIn[d] == "" {
					closedIn[d] = group
				}
			}
			continue
		}
		if strings.TrimSpace(hoursText) == "" {
			errs = append(errs, &WeekError{Text: group, Err: ErrSyntax, Detail: `want days then intervals or "closed"`})
			continue
		}
		ivs, hourErrs := parseIntervals(hoursText)
		errs = append(errs, hourErrs...)
		for _, d := range days {
			w[d] = append(w[d], ivs...)
		}
	}
	for i := range 7 {
		if d := mondayFirst(i); closedIn[d] != "" && len(w[d]) > 0 {
			errs = append(errs, &WeekError{Text: closedIn[d], Err: ErrOverlap, Detail: dayAbbrev(d) + " has hours in another group"})
		}
	}
	for d := range w {
		if w[d] != nil {
			w[d] = sortedIntervals(w[d])
		}
	}
	if err := w.Validate(); err != nil {
		errs = append(errs, err.(interface{ Unwrap() []error }).Unwrap()...)
	}
	if err := errors.Join(errs...); err != nil {
		return Week{}, err
	}
	return w, nil
}

// splitGroup cuts a group before its first digit, or before a trailing
// "closed".
func splitGroup(group string) (days, hours string) {
	if i := strings.IndexAny(group, "0123456789"); i >= 0 {
		return group[:i], group[i:]
	}
	lower := strings.ToLower(group)
	if strings.HasSuffix(lower, "closed") {
		return group[:len(group)-len("closed")], group[len(group)-len("closed"):]
	}
	return group, ""
}

func parseDays(text, group string) ([]time.Weekday, []error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, []error{&WeekError{Text: group, Err: ErrSyntax, Detail: "no days"}}
	}
	var days []time.Weekday
	var errs []error
	for item := range strings.SplitSeq(text, ",") {
		item = strings.TrimSpace(item)
		from, to, isRange := strings.Cut(item, "-")
		a, okA := parseDay(from)
		b := a
		okB := true
		if isRange {
			b, okB = parseDay(to)
		}
		if !okA || !okB {
			errs = append(errs, &WeekError{Text: item, Err: ErrUnknownDay, Detail: "want mon, tue, wed, thu, fri, sat or sun"})
			continue
		}
		for d := a; ; d = (d + 1) % 7 {
			days = append(days, d)
			if d == b {
				break
			}
		}
	}
	return days, errs
}

func parseDay(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := range time.Weekday(7) {
		if s == dayAbbrev(d) || s == strings.ToLower(d.String()) {
			return d, true
		}
	}
	return 0, false
}

// ParseHours reads the intervals of one date, such as
// "09:00-13:00" or "08:00-12:00,13:00-15:00", in the notation of
// [ParseWeek], for a [SpecialDay]. The empty string and "closed" give no
// intervals. Errors are as for ParseWeek: every problem at once.
func ParseHours(spec string) (Hours, error) {
	if t := strings.TrimSpace(spec); t == "" || strings.EqualFold(t, "closed") {
		return nil, nil
	}
	ivs, errs := parseIntervals(spec)
	errs = append(errs, checkDay(ivs)...)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return sortedIntervals(ivs), nil
}

// checkDay reports every problem in the intervals of one date.
func checkDay(ivs []Interval) []error {
	var errs []error
	var ps []piece
	for i, iv := range ivs {
		if e := iv.check(); e != nil {
			errs = append(errs, e)
			continue
		}
		ps = append(ps, piece{iv.Start, iv.End, iv.String(), i})
	}
	return append(errs, overlaps(ps)...)
}

func parseIntervals(text string) ([]Interval, []error) {
	var ivs []Interval
	var errs []error
	for item := range strings.SplitSeq(text, ",") {
		item = strings.TrimSpace(item)
		iv, err := parseInterval(item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ivs = append(ivs, iv)
	}
	return ivs, errs
}

func parseInterval(item string) (Interval, error) {
	from, to, ok := strings.Cut(item, "-")
	if !ok {
		return Interval{}, &WeekError{Text: item, Err: ErrSyntax, Detail: "want HH:MM-HH:MM"}
	}
	to = strings.TrimSpace(to)
	nextDay := false
	if rest, found := strings.CutSuffix(to, "+1"); found {
		to, nextDay = strings.TrimSpace(rest), true
	}
	start, okS := parseClock(from)
	end, okE := parseClock(to)
	if !okS || !okE || start == day || (nextDay && end == day) {
		return Interval{}, &WeekError{Text: item, Err: ErrBadTime, Detail: "want HH:MM or HH:MM:SS from 00:00 to 24:00 (24:00 only as an end)"}
	}
	if nextDay {
		end += day
	}
	iv := Interval{Start: start, End: end}
	switch {
	case iv.End <= iv.Start:
		return Interval{}, &WeekError{Text: item, Err: ErrEndBeforeStart, Detail: "write the end as " + to + "+1 for an interval that ends the next day"}
	case iv.End-iv.Start > day:
		return Interval{}, &WeekError{Text: item, Err: ErrTooLong}
	}
	return iv, nil
}

// parseClock reads H:MM, HH:MM or HH:MM:SS up to 24:00.
func parseClock(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var v [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return 0, false
		}
		v[i] = n
	}
	if v[1] > 59 || v[2] > 59 || v[0] > 24 || (v[0] == 24 && (v[1] != 0 || v[2] != 0)) {
		return 0, false
	}
	return time.Duration(v[0])*time.Hour + time.Duration(v[1])*time.Minute + time.Duration(v[2])*time.Second, true
}

// MustParseHours is like [ParseHours] but panics on an error. It is meant
// for hours written in the program's source.
func MustParseHours(spec string) Hours {
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
