package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"
)

// Calendar says when a service desk is open: weekly hours in one IANA
// location, with holidays and special days, over a range of years. It is
// compiled by [New] into tables that answer every query in O(log n) time
// without allocating. [Intersect] and [Union] combine calendars into
// another Calendar. A *Calendar is immutable and safe for concurrent use.
//
// Every method accepts instants in any location and judges them by the
// wall clock of the calendar's location. Methods that return an instant
// return it in the location of their argument, like [time.Time.Add].
type Calendar struct {
	loc    *time.Location
	week   Week
	lo, hi int64 // Unix seconds of the covered range [lo, hi)
	zone   zoneTable
	open   *schedule
	closed *schedule
	gLo    int64 // open seconds before lo
	gHi    int64 // open seconds before hi
	runs   *runs // set for a combined calendar, which has no schedules

	// What Day reports: the names of the holiday definitions and the
	// covered dates each closes, sorted by date and then definition (New
	// computes them once, so no *cal.Holiday is read after it), the
	// special days sorted by date, and the covered dates [firstDay,
	// endDay) in days since 1970-01-01.
	holidayDefs      []string
	holidayDates     []holidayDate
	specials         []SpecialDay
	firstDay, endDay int64
}

// holidayDate is a covered date a holiday definition closes: the date in
// days since 1970-01-01 and the definition's index in the order given.
type holidayDate struct {
	day int64
	def int32
}

// New compiles a calendar with the given weekly hours in loc. It returns
// an error wrapping [ErrNoLocation] for a nil loc, [ErrInvalidWeek] for
// invalid weekly hours (see [Week.Validate]), [ErrInvalidDate] or
// [ErrInvalidWeek] for a bad special day, [ErrInvalidYears] for a bad
// [WithYears], and [ErrNeverOpen] when the calendar would have no open
// time at all in its range; all problems found are joined.
//
// # Cost
//
// New computes the holidays of every covered year and the location's
// offset transitions once, at a cost that grows with the number of years
// and holidays: with the default 500 years and Norwegian holidays it
// takes 4 to 10 ms and 2 MB on a 2-core machine (BenchmarkNew), and
// with [WithYears](2000, 2100) about a sixth of that. It is meant for
// startup, not for each request: build a calendar once and share it, as
// it is safe for concurrent use. [Always] costs far less, as it has no
// holidays.
func New(loc *time.Location, week Week, opts ...Option) (*Calendar, error) {
	cfg := settings{first: DefaultFirstYear, end: DefaultLastYear + 1}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	var errs []error
	if loc == nil {
		errs = append(errs, ErrNoLocation)
	}
	if err := week.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := checkYears(cfg.first, cfg.end); err != nil {
		errs = append(errs, err)
	}
	exceptions := checkSpecials(cfg.specials, func(_ int, err error) { errs = append(errs, err) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	c := &Calendar{loc: loc, holidayDefs: make([]string, len(cfg.holidays))}
	for i, h := range cfg.holidays {
		c.holidayDefs[i] = h.Name
	}
	for d := range c.week {
		c.week[d] = slices.Clone(week[d])
	}
	firstDay := Date{cfg.first, time.January, 1}.days()
	endDay := Date{cfg.end, time.January, 1}.days()
	c.firstDay, c.endDay = firstDay, endDay
	c.specials = slices.Clone(cfg.specials) // all valid, with copied hours
	slices.SortFunc(c.specials, func(a, b SpecialDay) int { return a.Date.Compare(b.Date) })
	for y := cfg.first - 1; y <= cfg.end; y++ {
		for i, h := range cfg.holidays {
			actual, observed := h.Calc(y)
			t := observed
			if cfg.actual {
				t = actual
			}
			if t.IsZero() {
				continue
			}
			// The date before the range too: its overnight interval runs
			// into the range unless a holiday closes it, as on any date.
			if n := DateOf(t).days(); n >= firstDay-1 && n < endDay {
				exceptions = append(exceptions, exception{day: n})
				if n >= firstDay {
					c.holidayDates = append(c.holidayDates, holidayDate{day: n, def: int32(i)})
				}
			}
		}
	}
	slices.SortFunc(c.holidayDates, func(a, b holidayDate) int {
		if a.day != b.day {
			return cmp.Compare(a.day, b.day)
		}
		return cmp.Compare(a.def, b.def)
	})
	c.holidayDates = slices.Clip(c.holidayDates)
	// Special days first among equal dates, then keep the first of each date.
	slices.SortFunc(exceptions, func(a, b exception) int {
		if a.day != b.day {
			return cmp.Compare(a.day, b.day)
		}
		return -cmp.Compare(boolInt(a.special), boolInt(b.special))
	})
	exceptions = slices.CompactFunc(exceptions, func(a, b exception) bool { return a.day == b.day })

	// Weekly pattern and regions of exception dates, on the wall time line.
	var weekly []span
	for d := range time.Weekday(7) {
		for _, iv := range week[d] {
			base := int64(weekPos(d) / time.Second)
			weekly = append(weekly, span{base + int64(iv.Start/time.Second), base + int64(iv.End/time.Second)})
		}
	}
	var regions []span // first in days, then in wall seconds
	for _, e := range exceptions {
		if k := len(regions) - 1; k >= 0 && e.day <= regions[k].to {
			regions[k].to = e.day + 2
			continue
		}
		regions = append(regions, span{e.day, e.day + 2})
	}
	open := make([]span, 0, 4*len(regions))
	bounds := make([]int, 0, len(regions)+1)
	next := 0 // first exception not before the current region
	for i, r := range regions {
		bounds = append(bounds, len(open))
		from, to := r.from*secondsPerDay, r.to*secondsPerDay
		for n := r.from - 1; n < r.to; n++ {
			for next < len(exceptions) && exceptions[next].day < n {
				next++
			}
			ivs := week[weekdayOf(n)]
			if next < len(exceptions) && exceptions[next].day == n {
				ivs = exceptions[next].hours
			}
			for _, iv := range ivs {
				a := max(from, n*secondsPerDay+int64(iv.Start/time.Second))
				b := min(to, n*secondsPerDay+int64(iv.End/time.Second))
				if a < b {
					open = append(open, span{a, b})
				}
			}
		}
		open = append(open[:bounds[i]], normalise(open[bounds[i]:])...)
		regions[i] = span{from, to}
	}
	bounds = append(bounds, len(open))

	wlo, whi := firstDay*secondsPerDay, endDay*secondsPerDay
	c.zone = buildZone(loc, wlo-3*secondsPerDay, whi+3*secondsPerDay)
	c.lo, c.hi = c.zone.firstAtWall(wlo), c.zone.firstAtWall(whi)
	c.open = newSchedule(weekly, regions, open, bounds, false)
	c.open.withZone(&c.zone)
	c.closed = newSchedule(weekly, regions, open, bounds, true)
	c.closed.withZone(&c.zone)
	c.gLo, _ = c.open.g(&c.zone, c.lo)
	c.gHi, _ = c.open.g(&c.zone, c.hi)
	if c.gHi == c.gLo {
		return nil, fmt.Errorf("%w: no open time from %d to %d", ErrNeverOpen, cfg.first, cfg.end-1)
	}
	return c, nil
}

// exception is a date whose hours differ from the Week: a holiday (no
// hours) or a special day.
type exception struct {
	day     int64 // days since 1970-01-01
	hours   []Interval
	special bool
}

// checkYears reports a bad year range, first to end-1.
func checkYears(first, end int) error {
	if first < 1 || end > 10000 || first >= end {
		return fmt.Errorf("%w: %d to %d (want first <= last within 1 to 9999)", ErrInvalidYears, first, end-1)
	}
	return nil
}

// checkSpecials returns the special days as exceptions, in the order
// given, and reports each bad one, by its index in sds, as a *DateError.
func checkSpecials(sds []SpecialDay, report func(i int, err error)) []exception {
	var exceptions []exception
	seen := map[int64]bool{}
	for i, sd := range sds {
		if !sd.Date.valid() {
			report(i, &DateError{Date: sd.Date, Err: fmt.Errorf("%w: no such date", ErrInvalidDate)})
			continue
		}
		n := sd.Date.days()
		if seen[n] {
			report(i, &DateError{Date: sd.Date, Err: fmt.Errorf("%w: given twice", ErrInvalidDate)})
			continue
		}
		if err := errors.Join(checkDay(sd.Hours)...); err != nil {
			report(i, &DateError{Date: sd.Date, Err: err})
			continue
		}
		seen[n] = true
		exceptions = append(exceptions, exception{day: n, hours: sortedIntervals(sd.Hours), special: true})
	}
	return exceptions
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// weekdayOf returns the weekday of day n after 1970-01-01, a Thursday.
func weekdayOf(n int64) time.Weekday {
	return time.Weekday((n%7 + 7 + 4) % 7)
}

// Always returns the calendar that is open all the time in loc (UTC when
// loc is nil), so that "calendar hours" are business hours like any other.
func Always(loc *time.Location) *Calendar {
	if loc == nil {
		loc = time.UTC
	}
	c, err := New(loc, Week{
		time.Sunday: {{0, day}}, time.Monday: {{0, day}}, time.Tuesday: {{0, day}},
		time.Wednesday: {{0, day}}, time.Thursday: {{0, day}}, time.Friday: {{0, day}},
		time.Saturday: {{0, day}},
	})
	if err != nil {
		panic(err) // unreachable: the week is valid and open
	}
	return c
}

// Location returns the calendar's location: for a calendar made by
// [Intersect] or [Union], the location of the first calendar combined.
func (c *Calendar) Location() *time.Location { return c.loc }

// Week returns a copy of the calendar's weekly hours, or the zero Week
// for a calendar made by [Intersect] or [Union], whose hours are not the
// weekly hours of one location.
func (c *Calendar) Week() Week {
	var w Week
	for d := range c.week {
		w[d] = slices.Clone(c.week[d])
	}
	return w
}

// Range returns the instants that start the first covered year and the
// year after the last one, in the calendar's location (see [WithYears]).
// The calendar is closed before start and from end on.
func (c *Calendar) Range() (start, end time.Time) {
	return time.Unix(c.lo, 0).In(c.loc), time.Unix(c.hi, 0).In(c.loc)
}

// gAt returns the open time before t as whole seconds and nanoseconds.
func (c *Calendar) gAt(t time.Time) (sec, nsec int64) {
	x := t.Unix()
	switch {
	case x < c.lo:
		return c.gLo, 0
	case x >= c.hi:
		return c.gHi, 0
	}
	var g int64
	var open bool
	if c.runs != nil { // c.g, without its call
		g, open = c.runs.g(x)
	} else {
		g, open = c.open.g(&c.zone, x)
	}
	if open {
		return g, int64(t.Nanosecond())
	}
	return g, 0
}

// IsOpen reports whether the calendar is open at t: whether t's wall
// clock in the calendar's location falls in an opening interval of its
// date, or in the part after midnight of an overnight interval of the
// date before. Intervals are half-open, so a desk open 08:00-16:00 is
// open at 08:00:00 and closed at 16:00:00.
func (c *Calendar) IsOpen(t time.Time) bool {
	x := t.Unix()
	if x < c.lo || x >= c.hi {
		return false
	}
	_, open := c.g(x)
	return open
}

// NextOpen returns t when the calendar is open at t, and otherwise the
// instant at which it next opens. When it does not open again within its
// range it returns the end of the range, or t if that is later.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	if c.IsOpen(t) {
		return t
	}
	g, _ := c.gAt(t)
	if g >= c.gHi {
		return c.atOrAfter(c.hi, t)
	}
	return time.Unix(c.inv(g+1)-1, 0).In(t.Location())
}

// NextClose returns t when the calendar is closed at t, and otherwise the
// instant at which the current opening ends: the end of its interval, or
// of the next one when they touch, so a 24/7 calendar never closes within
// its range and NextClose returns the end of the range.
func (c *Calendar) NextClose(t time.Time) time.Time {
	if !c.IsOpen(t) {
		return t
	}
	return time.Unix(c.closeAfter(t.Unix()), 0).In(t.Location())
}

// g returns the open time before Unix second x in the covered range, and
// whether second x is open.
func (c *Calendar) g(x int64) (int64, bool) {
	if c.runs != nil {
		return c.runs.g(x)
	}
	return c.open.g(&c.zone, x)
}

// inv returns the first Unix second x with g(x) >= a, or posInf.
func (c *Calendar) inv(a int64) int64 {
	if c.runs != nil {
		return c.runs.inv(a)
	}
	return c.open.inv(&c.zone, a)
}

// closeAfter returns the first closed second after open second x, or hi.
func (c *Calendar) closeAfter(x int64) int64 {
	if c.runs != nil {
		return c.runs.closeAfter(x)
	}
	h, _ := c.closed.g(&c.zone, x)
	y := c.closed.inv(&c.zone, h+1)
	if y == posInf || y-1 >= c.hi {
		return c.hi
	}
	return y - 1
}

// openAfter returns the first open second at or after x in [lo, hi), or
// hi when there is none.
func (c *Calendar) openAfter(x int64) int64 {
	g, open := c.g(x)
	switch {
	case open:
		return x
	case g >= c.gHi:
		return c.hi
	}
	return c.inv(g+1) - 1
}

func (c *Calendar) atOrAfter(x int64, t time.Time) time.Time {
	u := time.Unix(x, 0).In(t.Location())
	if t.After(u) {
		return t
	}
	return u
}

// Elapsed returns the open time in [from, to), measured on the real time
// line: an overnight interval 22:00-06:00+1 counts 7 hours on a
// spring-forward night and 9 on an autumn night. It returns 0 when to is
// not after from. Open time beyond the largest Duration (math.MaxInt64
// nanoseconds, about 292 years) saturates at it; anything shorter is
// exact.
func (c *Calendar) Elapsed(from, to time.Time) time.Duration {
	as, an := c.gAt(from)
	bs, bn := c.gAt(to)
	// ds seconds and dn in [0, 1s) nanoseconds. The open time before an
	// instant never decreases, so a to not after from gives at most 0,
	// without comparing the instants first.
	ds, dn := bs-as, bn-an
	if dn < 0 {
		ds, dn = ds-1, dn+int64(time.Second)
	}
	switch {
	case ds < 0:
		return 0
	case ds > maxSeconds || ds == maxSeconds && dn > maxNanos:
		return math.MaxInt64
	}
	return time.Duration(ds)*time.Second + time.Duration(dn)
}

// The largest Duration in whole seconds and the nanoseconds beyond them.
const (
	maxSeconds = math.MaxInt64 / int64(time.Second)
	maxNanos   = math.MaxInt64 % int64(time.Second)
)

// Add returns the earliest instant u at or after t with
// Elapsed(t, u) == d: the deadline d of open time after t. Add(t, 0) is
// t; a deadline that falls on a closing time is that closing time, not
// the next opening, so Monday 08:00 plus 8 hours on a desk open
// 08:00-16:00 is Monday 16:00.
//
// For negative d, Add goes back: it returns the latest instant u at or
// before t with Elapsed(u, t) == -d, so Tuesday 08:30 minus 30 minutes is
// Tuesday 08:00, not Monday 16:00.
//
// When the calendar's range does not hold d of open time after (or
// before) t, Add returns the end (or start) of the range; [Calendar.AddChecked]
// reports that case as an error.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	u, _ := c.AddChecked(t, d)
	return u
}

// AddChecked is like [Calendar.Add] but returns an error wrapping
// [ErrOutOfRange] when the calendar's range does not hold d of open time
// after (or, for negative d, before) t.
func (c *Calendar) AddChecked(t time.Time, d time.Duration) (time.Time, error) {
	if d == 0 {
		return t, nil
	}
	gs, gn := c.gAt(t)
	a := gs + int64(d/time.Second)
	b := gn + int64(d%time.Second)
	switch {
	case b >= int64(time.Second):
		a, b = a+1, b-int64(time.Second)
	case b < 0:
		a, b = a-1, b+int64(time.Second)
	}
	loc := t.Location()
	if d > 0 {
		if a > c.gHi || (a == c.gHi && b > 0) {
			return c.atOrAfter(c.hi, t), fmt.Errorf("%w: %v of open time after %v", ErrOutOfRange, d, t)
		}
		if b == 0 {
			return time.Unix(c.inv(a), 0).In(loc), nil
		}
		return time.Unix(c.inv(a+1)-1, b).In(loc), nil
	}
	if a < c.gLo {
		u := time.Unix(c.lo, 0).In(loc)
		if u.After(t) {
			u = t
		}
		// d.String() without its sign: -d overflows for math.MinInt64.
		return u, fmt.Errorf("%w: %s of open time before %v", ErrOutOfRange, strings.TrimPrefix(d.String(), "-"), t)
	}
	return time.Unix(c.inv(a+1)-1, b).In(loc), nil
}

// Span is a stretch of open time [Start, End).
type Span struct {
	Start, End time.Time
}

// Duration returns End - Start.
func (s Span) Duration() time.Duration { return s.End.Sub(s.Start) }

// Spans yields the open stretches in [from, to), in order, clipped to
// from and to. Touching intervals, such as the two halves of an
// overnight interval or the days of a 24/7 calendar, form one span.
// Instants are in from's location.
func (c *Calendar) Spans(from, to time.Time) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		cur := from
		for cur.Before(to) {
			start := c.NextOpen(cur)
			if !start.Before(to) || !c.IsOpen(start) {
				return
			}
			end := c.NextClose(start)
			if end.After(to) {
				end = to.In(from.Location())
			}
			if !yield(Span{Start: start.In(from.Location()), End: end.In(from.Location())}) {
				return
			}
			cur = end
		}
	}
}

// OpenDays returns the number of dates from from up to but not including
// to on which the calendar is open at some instant: dates whose wall
// clock in the calendar's location shows an open instant, so a date
// counts when an overnight interval of the day before runs into it, and
// a date whose only opening falls in a skipped spring-forward hour does
// not. It returns 0 when to is not after from; dates that do not exist,
// such as February 30, are normalised as by [time.Date]. Counts add up:
// OpenDays(a, c) == OpenDays(a, b) + OpenDays(b, c) for a ≤ b ≤ c.
//
// OpenDays takes O(days × log n) time, about a tenth of a microsecond
// per date, and does not allocate.
func (c *Calendar) OpenDays(from, to Date) int {
	n := 0
	for d, end := from.days(), to.days(); d < end; d++ {
		if c.openOn(d) {
			n++
		}
	}
	return n
}

// openOn reports whether some instant whose wall date is day n (days
// since 1970-01-01) is open.
func (c *Calendar) openOn(n int64) bool {
	w0, w1 := n*secondsPerDay, (n+1)*secondsPerDay
	if w1+maxOffset <= c.lo || w0-maxOffset >= c.hi {
		return false
	}
	z := &c.zone
	for k := z.seg(w0 - maxOffset); k < len(z.tau); k++ {
		// The instants of segment k whose wall clock shows date n.
		from, to := max(z.tau[k], w0-z.off[k], c.lo), min(w1-z.off[k], c.hi)
		if k+1 < len(z.tau) {
			to = min(to, z.tau[k+1])
		}
		if from < to && c.openAfter(from) < to {
			return true
		}
		if k+1 < len(z.tau) && z.tau[k+1] >= w1+maxOffset {
			break
		}
	}
	return false
}

// maxOffset bounds the UTC offsets of every location, in seconds.
const maxOffset = 26 * 3600
