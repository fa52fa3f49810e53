package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// naive is a second-by-second reference written from the package's
// documentation only: every Unix second of a window is judged on its own
// from the wall clock time.Unix(x, 0).In(loc) shows, the week, the
// holiday dates of rickar/cal and the special days, and queries are
// answered from the running count of open seconds. It shares nothing
// with the package's compiled tables. Interval boundaries and zone
// offsets are whole seconds, so each second is wholly open or closed.
type naive struct {
	loc      *time.Location
	week     calendar.Week
	holidays map[calendar.Date]string
	specials map[calendar.Date][]calendar.Interval
	// The calendar's range: instants in [lo, hi) may be open.
	lo, hi int64

	from   int64   // Unix second of the window's first second
	open   []bool  // per second of the window
	before []int64 // open seconds of the window before each second
}

type naiveConfig struct {
	zone     string
	week     calendar.Week
	holidays []*cal.Holiday
	specials []calendar.SpecialDay
	first    int // years of the calendar
	last     int
}

func (c naiveConfig) String() string {
	s := fmt.Sprintf("%s %q years %d-%d holidays %d", c.zone, c.week.String(), c.first, c.last, len(c.holidays))
	for _, sd := range c.specials {
		s += fmt.Sprintf(" [%s %s]", sd.Date, sd.Hours)
	}
	return s
}

// midnight returns the first instant whose wall date in loc is d or
// later, found by walking seconds from a day before: the range of a
// calendar starts there (doc: the calendar covers whole local years).
func midnight(loc *time.Location, d calendar.Date) int64 {
	x := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() - 30*3600
	for {
		w := time.Unix(x, 0).In(loc)
		if calendar.DateOf(w).Compare(d) >= 0 {
			return x
		}
		x++
	}
}

func newNaive(t testing.TB, cfg naiveConfig, from, to time.Time) (*naive, *calendar.Calendar) {
	t.Helper()
	loc, err := time.LoadLocation(cfg.zone)
	require.NoError(t, err)
	c, err := calendar.New(loc, cfg.week, calendar.WithHolidays(cfg.holidays...),
		calendar.WithSpecialDays(cfg.specials...), calendar.WithYears(cfg.first, cfg.last))
	if err != nil {
		return nil, nil
	}
	o := &naive{
		loc: loc, week: cfg.week, holidays: map[calendar.Date]string{}, specials: map[calendar.Date][]calendar.Interval{},
		lo:   midnight(loc, calendar.Date{Year: cfg.first, Month: time.January, Day: 1}),
		hi:   midnight(loc, calendar.Date{Year: cfg.last + 1, Month: time.January, Day: 1}),
		from: from.Unix(),
	}
	for y := cfg.first - 1; y <= cfg.last+1; y++ {
		for _, h := range cfg.holidays {
			if _, obs := h.Calc(y); !obs.IsZero() {
				o.holidays[calendar.Date{Year: obs.Year(), Month: obs.Month(), Day: obs.Day()}] = h.Name
			}
		}
	}
	for _, sd := range cfg.specials {
		o.specials[sd.Date] = sd.Hours
	}
	n := int(to.Unix() - from.Unix())
	o.open = make([]bool, n)
	o.before = make([]int64, n+1)
	for i := range n {
		o.open[i] = o.isOpen(o.from + int64(i))
		o.before[i+1] = o.before[i]
		if o.open[i] {
			o.before[i+1]++
		}
	}
	return o, c
}

// hoursOf returns the intervals of date d: a special day's, none on a
// holiday, else the week's.
func (o *naive) hoursOf(d calendar.Date) []calendar.Interval {
	if ivs, ok := o.specials[d]; ok {
		return ivs
	}
	if _, ok := o.holidays[d]; ok {
		return nil
	}
	return o.week[time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()]
}

// isOpen judges Unix second x by its wall clock.
func (o *naive) isOpen(x int64) bool {
	if x < o.lo || x >= o.hi {
		return false
	}
	w := time.Unix(x, 0).In(o.loc)
	h, m, s := w.Clock()
	clock := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second
	y, mo, d := w.Date()
	today := calendar.Date{Year: y, Month: mo, Day: d}
	prev := time.Date(y, mo, d-1, 12, 0, 0, 0, time.UTC)
	yesterday := calendar.Date{Year: prev.Year(), Month: prev.Month(), Day: prev.Day()}
	for _, iv := range o.hoursOf(today) {
		if iv.Start <= clock && clock < iv.End {
			return true
		}
	}
	for _, iv := range o.hoursOf(yesterday) {
		if iv.Start <= clock+24*time.Hour && clock+24*time.Hour < iv.End {
			return true
		}
	}
	return false
}

func (o *naive) index(t time.Time) int { return int(t.Unix() - o.from) }

// g returns the open time of the window before t.
func (o *naive) g(t time.Time) time.Duration {
	i := o.index(t)
	g := time.Duration(o.before[i]) * time.Second
	if o.open[i] {
		g += time.Duration(t.Nanosecond())
	}
	return g
}

// at returns the instant of the window at which g first reaches v
// (strict: first exceeds v), with ok false when the window ends first.
func (o *naive) at(v time.Duration, strict bool) (time.Time, bool) {
	j := sort.Search(len(o.open), func(j int) bool {
		b := time.Duration(o.before[j+1]) * time.Second
		if strict {
			return b > v
		}
		return b >= v
	})
	if j == len(o.open) {
		return time.Time{}, false
	}
	return time.Unix(o.from+int64(j), 0).Add(v - time.Duration(o.before[j])*time.Second), true
}

// add: the earliest u >= t with Elapsed(t, u) == d, or for d < 0 the
// latest u <= t with Elapsed(u, t) == -d.
func (o *naive) add(t time.Time, d time.Duration) (time.Time, bool) {
	if d == 0 {
		return t, true
	}
	if d > 0 {
		return o.at(o.g(t)+d, false)
	}
	v := o.g(t) + d
	if v < 0 {
		return time.Time{}, false
	}
	return o.at(v, true)
}

// next returns t if its second is in state open, else the first second
// after it that is, with ok false when the window ends first.
func (o *naive) next(t time.Time, open bool) (time.Time, bool) {
	i := o.index(t)
	if o.open[i] == open {
		return t, true
	}
	for j := i + 1; j < len(o.open); j++ {
		if o.open[j] == open {
			return time.Unix(o.from+int64(j), 0), true
		}
	}
	return time.Time{}, false
}

// naiveZones are the zones the random configs draw from.
var naiveZones = []string{
	"Europe/Oslo", "Europe/Berlin", "Europe/Copenhagen", "Europe/Stockholm",
	"America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata",
}

// randomClock returns a time of day, often at a DST-relevant hour.
func randomClock(rng *rand.Rand) time.Duration {
	hot := []time.Duration{0, 30 * time.Minute, time.Hour, 90 * time.Minute, 2 * time.Hour, 150 * time.Minute,
		3 * time.Hour, 22 * time.Hour, 23 * time.Hour, 23*time.Hour + 30*time.Minute}
	switch rng.IntN(4) {
	case 0:
		return hot[rng.IntN(len(hot))]
	case 1:
		return time.Duration(rng.IntN(86400)) * time.Second
	}
	return time.Duration(rng.IntN(96)) * 15 * time.Minute
}

// randomHours returns up to three disjoint intervals of one date, the
// last possibly overnight or ending at 24:00.
func randomHours(rng *rand.Rand) []calendar.Interval {
	if rng.IntN(8) == 0 {
		return []calendar.Interval{{Start: 0, End: 24 * time.Hour}}
	}
	var cuts []time.Duration
	for range 2 * rng.IntN(4) {
		cuts = append(cuts, randomClock(rng))
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i] < cuts[j] })
	var ivs []calendar.Interval
	for i := 0; i+1 < len(cuts); i += 2 {
		if cuts[i] < cuts[i+1] && (len(ivs) == 0 || ivs[len(ivs)-1].End < cuts[i]) {
			ivs = append(ivs, calendar.Interval{Start: cuts[i], End: cuts[i+1]})
		}
	}
	if n := len(ivs); n > 0 && rng.IntN(3) == 0 {
		switch rng.IntN(2) {
		case 0:
			ivs[n-1].End = 24 * time.Hour
		default: // overnight, ending the next morning
			ivs[n-1].End = 24*time.Hour + randomClock(rng)%(ivs[n-1].Start+1)
		}
	}
	return ivs
}

// naiveFocus returns instants the windows centre on in year y of a zone:
// its clock changes, the turn of the year and ordinary days.
func naiveFocus(loc *time.Location, y int) []time.Time {
	var out []time.Time
	start := time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	for t := start; t.Year() == y; {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() != y {
			break
		}
		out = append(out, end)
		t = end
	}
	return append(out, time.Date(y, 12, 31, 23, 0, 0, 0, loc), time.Date(y, 5, 13, 12, 0, 0, 0, loc))
}

func randomNaiveConfig(rng *rand.Rand, zone string, focus time.Time, holidays [][]*cal.Holiday) naiveConfig {
	// The years may start or end within the window, or not cover it.
	y := focus.Year()
	cfg := naiveConfig{zone: zone, first: y - 1 + rng.IntN(3)}
	cfg.last = max(cfg.first, y-1+rng.IntN(3))
	for d := range cfg.week {
		if rng.IntN(4) > 0 {
			cfg.week[d] = randomHours(rng)
		}
	}
	if err := cfg.week.Validate(); err != nil { // an overnight interval into one of the next day
		for d := range cfg.week {
			for i := range cfg.week[d] {
				cfg.week[d][i].End = min(cfg.week[d][i].End, 24*time.Hour)
			}
		}
	}
	cfg.holidays = holidays[rng.IntN(len(holidays))]
	seen := map[calendar.Date]bool{}
	for range rng.IntN(5) {
		d := calendar.DateOf(focus.In(time.UTC)).AddDays(rng.IntN(9) - 4)
		if seen[d] {
			continue
		}
		seen[d] = true
		sd := calendar.SpecialDay{Date: d, Label: "special"}
		if rng.IntN(3) > 0 {
			sd.Hours = randomHours(rng)
		}
		cfg.specials = append(cfg.specials, sd)
	}
	return cfg
}

// TestAgainstNaiveOracle compares every query of random calendars with
// the second-by-second oracle over windows of eight days around clock
// changes and the turn of the year, in zones with unusual DST: by
// default one calendar per window of four days in 2026, and with
// DESK_LONG=1 six per window of eight days in 2026 and 2027.
func TestAgainstNaiveOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	holidays := naiveHolidaySets()
	configs, queries, years, days := 1, 200, []int{2026}, 1 // a day either side of each focus: the clock change, the turn of the year
	if long() {
		configs, queries, years, days = 6, 1000, []int{2026, 2027}, 4
	}
	for _, zone := range naiveZones {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for _, y := range years {
			for _, focus := range naiveFocus(loc, y) {
				for range configs {
					cfg := randomNaiveConfig(rng, zone, focus, holidays)
					from := focus.Add(-time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
					to := focus.Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
					o, c := newNaive(t, cfg, from, to)
					if c == nil {
						continue // never open in its years
					}
					if !compareNaive(t, rng, o, c, cfg, queries) {
						return
					}
				}
			}
		}
	}
}

// compareNaive runs random queries; it reports false after the first
// config with a mismatch, so that one defect does not print thousands.
func compareNaive(t *testing.T, rng *rand.Rand, o *naive, c *calendar.Calendar, cfg naiveConfig, queries int) bool {
	t.Helper()
	n := len(o.open)
	instant := func() time.Time {
		x := o.from + int64(rng.IntN(n))
		switch rng.IntN(3) {
		case 0:
			return time.Unix(x, 0)
		case 1:
			return time.Unix(x, int64(rng.IntN(1e9)))
		}
		// At an opening boundary, or a second either side of one.
		for j := int(x-o.from) + 1; j < n; j++ {
			if o.open[j] != o.open[j-1] {
				return time.Unix(o.from+int64(j)+int64(rng.IntN(3)-1), 0)
			}
		}
		return time.Unix(x, 0)
	}
	ok := true
	fail := func(format string, args ...any) {
		t.Errorf("%v: "+format, append([]any{cfg}, args...)...)
		ok = false
	}
	// OpenDays of each date the window holds whole: whether one of its
	// seconds, by the wall clock, is open.
	openDate := map[calendar.Date]bool{}
	for i, open := range o.open {
		if open {
			openDate[calendar.DateOf(time.Unix(o.from+int64(i), 0).In(o.loc))] = true
		}
	}
	first := calendar.DateOf(time.Unix(o.from, 0).In(o.loc)).AddDays(1)
	for d := first; midnight(o.loc, d.AddDays(1)) <= o.from+int64(n); d = d.AddDays(1) {
		want := 0
		if openDate[d] {
			want = 1
		}
		if got := c.OpenDays(d, d.AddDays(1)); got != want {
			fail("OpenDays(%v) = %d, want %d", d, got, want)
		}
	}
	for range queries {
		a, b := instant(), instant()
		if want, got := o.open[o.index(a)], c.IsOpen(a); want != got {
			fail("IsOpen(%v) = %v, want %v", a.In(o.loc), got, want)
		}
		want := time.Duration(0)
		if b.After(a) {
			want = o.g(b) - o.g(a)
		}
		if got := c.Elapsed(a, b); got != want {
			fail("Elapsed(%v, %v) = %v, want %v", a.In(o.loc), b.In(o.loc), got, want)
		}
		// Add by the open time to a boundary, and by random amounts.
		ds := []time.Duration{0, o.g(b) - o.g(a), time.Duration(rng.Int64N(int64(48 * time.Hour))), -time.Duration(rng.Int64N(int64(48 * time.Hour)))}
		for _, d := range ds {
			if w, in := o.add(a, d); in {
				if got := c.Add(a, d); !got.Equal(w) {
					fail("Add(%v, %v) = %v, want %v", a.In(o.loc), d, got.In(o.loc), w.In(o.loc))
				}
			}
		}
		if b.After(a) {
			// Spans: the maximal runs of open seconds, clipped to [a, b).
			var want []calendar.Span
			for j := o.index(a); j <= o.index(b) && j < n; j++ {
				if !o.open[j] {
					continue
				}
				start := time.Unix(o.from+int64(j), 0)
				if start.Before(a) {
					start = a
				}
				for j+1 < n && o.open[j+1] {
					j++
				}
				end := time.Unix(o.from+int64(j)+1, 0)
				if end.After(b) {
					end = b
				}
				if start.Before(end) {
					want = append(want, calendar.Span{Start: start, End: end})
				}
			}
			var got []calendar.Span
			for sp := range c.Spans(a, b) {
				got = append(got, sp)
			}
			same := len(got) == len(want)
			for k := 0; same && k < len(got); k++ {
				same = got[k].Start.Equal(want[k].Start) && got[k].End.Equal(want[k].End)
			}
			if !same {
				fail("Spans(%v, %v) = %v, want %v", a.In(o.loc), b.In(o.loc), got, want)
			}
		}
		if w, in := o.next(a, true); in {
			if got := c.NextOpen(a); !got.Equal(w) {
				fail("NextOpen(%v) = %v, want %v", a.In(o.loc), got.In(o.loc), w.In(o.loc))
			}
		}
		if w, in := o.next(a, false); in {
			if got := c.NextClose(a); !got.Equal(w) {
				fail("NextClose(%v) = %v, want %v", a.In(o.loc), got.In(o.loc), w.In(o.loc))
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// naiveHolidaySets are the holiday lists the random configs draw from:
// none, and the Norwegian, German, Danish and Swedish ones.
func naiveHolidaySets() [][]*cal.Holiday {
	sets := [][]*cal.Holiday{nil}
	for _, code := range []string{"NO", "DE", "DK", "SE"} {
		hs, err := calendar.HolidaysFor(code)
		if err != nil {
			panic(err)
		}
		sets = append(sets, hs)
	}
	return sets
}

// FuzzAgainstNaive compares a calendar built from fuzzed weekly hours and
// one fuzzed special day with the second-by-second oracle over two days
// around a clock change, the turn of the year or an ordinary date.
func FuzzAgainstNaive(f *testing.F) {
	f.Add("mon-fri 08:00-16:00; sun 22:00-06:00+1", "02:30-03:30", uint8(0), uint8(0), uint32(3600), uint32(90000), int64(time.Hour))
	f.Add("sat-sun 01:00-02:30,23:00-03:00+1", "closed", uint8(4), uint8(1), uint32(0), uint32(1), int64(-time.Hour))
	f.Add("mon-sun 00:00-24:00", "00:00-00:30", uint8(5), uint8(2), uint32(7), uint32(100000), int64(1))
	f.Add("tue 02:00:30-02:59:59", "23:59-00:01+1", uint8(6), uint8(3), uint32(86400), uint32(5), int64(1<<62))
	holidays := naiveHolidaySets()
	f.Fuzz(func(t *testing.T, weekText, specialText string, zone, focus uint8, aOff, bOff uint32, d int64) {
		week, err := calendar.ParseWeek(weekText)
		if err != nil {
			return
		}
		hours, err := calendar.ParseHours(specialText)
		if err != nil {
			return
		}
		loc, err := time.LoadLocation(naiveZones[int(zone)%len(naiveZones)])
		require.NoError(t, err)
		foci := naiveFocus(loc, 2026)
		at := foci[int(focus)%len(foci)]
		cfg := naiveConfig{
			zone: loc.String(), week: week, holidays: holidays[int(focus)%len(holidays)],
			specials: []calendar.SpecialDay{{Date: calendar.DateOf(at.In(loc)), Hours: hours}},
			first:    2026, last: 2026 + int(zone)%2,
		}
		from, to := at.Add(-24*time.Hour).Truncate(time.Hour), at.Add(24*time.Hour).Truncate(time.Hour)
		o, c := newNaive(t, cfg, from, to)
		if c == nil {
			return
		}
		n := uint32(len(o.open))
		a := time.Unix(o.from+int64(aOff%n), int64(aOff%7)*123_456_789)
		b := time.Unix(o.from+int64(bOff%n), int64(bOff%5)*234_567_891)
		require.Equal(t, o.open[o.index(a)], c.IsOpen(a), "IsOpen(%v) %v", a.In(loc), cfg)
		want := time.Duration(0)
		if b.After(a) {
			want = o.g(b) - o.g(a)
		}
		require.Equal(t, want, c.Elapsed(a, b), "Elapsed(%v, %v) %v", a.In(loc), b.In(loc), cfg)
		for _, dd := range []time.Duration{time.Duration(d), o.g(b) - o.g(a), 0} {
			if w, in := o.add(a, dd); in {
				got := c.Add(a, dd)
				require.True(t, got.Equal(w), "Add(%v, %v) = %v, want %v %v", a.In(loc), dd, got.In(loc), w.In(loc), cfg)
			}
		}
		if w, in := o.next(a, true); in {
			require.True(t, c.NextOpen(a).Equal(w), "NextOpen(%v) = %v, want %v %v", a.In(loc), c.NextOpen(a), w, cfg)
		}
		if w, in := o.next(a, false); in {
			require.True(t, c.NextClose(a).Equal(w), "NextClose(%v) = %v, want %v %v", a.In(loc), c.NextClose(a), w, cfg)
		}
	})
}
