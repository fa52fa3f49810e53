package metrics

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/shopspring/decimal"
)

// Volume counts arrivals: new tickets per time bucket, a 7 × 24 heatmap of
// weekday × hour in the report's location, new tickets per local date (all,
// and those that arrived while the business calendar was open), and the
// backlog at the report's backlog instant. It counts the tickets the
// report keeps (after its filters and attribution) that were created in
// its range; merged-away tickets are not new tickets (Freshdesk, Help
// Scout). Under [ByResolved] only resolved tickets are kept, so count
// arrivals with a report by [ByCreated].
type Volume struct {
	Bucket  Dimension     `json:"bucket"`
	New     map[int64]int `json:"new"`      // bucket key → tickets created: the hour's start in Unix seconds, else the civil day number of the bucket's first date
	Heatmap [7][24]int    `json:"heatmap"`  // [Monday … Sunday][hour 0–23] of creation, local time
	Days    map[int32]int `json:"days"`     // local date (days since 1970-01-01) → tickets created
	OpenDay map[int32]int `json:"open_day"` // the same, only tickets created while the calendar was open
	Backlog int           `json:"backlog"`  // tickets kept by the filters and active at the backlog instant, whatever the attribution range
	loc     *time.Location
	open    bool // OpenDay is counted: the report has a business calendar
}

func newVolume(bucket Dimension, loc *time.Location, open bool) *Volume {
	return &Volume{Bucket: bucket, New: map[int64]int{}, Days: map[int32]int{}, OpenDay: map[int32]int{}, loc: loc, open: open}
}

// add counts the creation of f, read on the wall clock of v's location
// through z (a zoneCache of that location).
func (v *Volume) add(f *Facts, cal *calendar.Calendar, z *zoneCache) {
	local := z.local(f.CreatedAt) // the weekday, hour and day follow from it
	days := floorDiv(local, 86400)
	v.New[z.bucketKey(v.Bucket, f.CreatedAt)]++
	v.Heatmap[sinceMonday(days)][floorMod(local, 86400)/3600]++
	day := int32(days)
	v.Days[day]++
	if cal != nil && cal.IsOpen(f.CreatedAt) {
		v.OpenDay[day]++
	}
}

func (v *Volume) merge(o *Volume) {
	for k, n := range o.New {
		v.New[k] += n
	}
	for k, n := range o.Days {
		v.Days[k] += n
	}
	for k, n := range o.OpenDay {
		v.OpenDay[k] += n
	}
	for d := range v.Heatmap {
		for h := range v.Heatmap[d] {
			v.Heatmap[d][h] += o.Heatmap[d][h]
		}
	}
	v.Backlog += o.Backlog
}

// BucketCount is the number of new tickets in one time bucket.
type BucketCount struct {
	Start time.Time `json:"start"` // in the report's location
	Label string    `json:"label"` // as in [Group.Key]
	Count int       `json:"count"`
}

// MaxDenseBuckets is the most buckets [Volume.Buckets] lists with the
// empty ones between the first and last arrival: 100,000 buckets are over
// eleven years of hours or 270 years of days. A report with a range never
// comes near it; one without, over arrivals far apart (a stray timestamp
// from an import, say), would otherwise list millions of empty buckets.
const MaxDenseBuckets = 100_000

// Buckets returns the new-ticket counts per bucket in time order, with
// empty buckets between the first and last included as 0 (an empty week is
// a week with no tickets, not a missing week). When that would be more
// than [MaxDenseBuckets] buckets (see [Volume.Dense]), it lists only the
// buckets with arrivals. A bucket a decoded volume lists with 0 is no
// arrival. A Volume decoded on its own, outside a [Report], has no
// location and reads its buckets in UTC.
func (v *Volume) Buckets() []BucketCount {
	lo, hi, ok := v.span()
	if !ok {
		return nil
	}
	if !v.dense(lo, hi) {
		out := make([]BucketCount, 0, len(v.New))
		for _, k := range slices.Sorted(maps.Keys(v.New)) {
			if n := v.New[k]; n != 0 {
				out = append(out, v.bucketCount(k, n))
			}
		}
		return out
	}
	var out []BucketCount
	for k := lo; k <= hi; k = nextKey(v.Bucket, k, v.location()) {
		out = append(out, v.bucketCount(k, v.New[k]))
	}
	return out
}

// Dense reports whether [Volume.Buckets] lists every bucket between the
// first and last arrival, the empty ones too: there are at most
// [MaxDenseBuckets] of them.
func (v *Volume) Dense() bool {
	lo, hi, ok := v.span()
	return !ok || v.dense(lo, hi)
}

func (v *Volume) bucketCount(k int64, n int) BucketCount {
	loc := v.location()
	return BucketCount{Start: bucketStart(v.Bucket, k, loc), Label: bucketLabel(v.Bucket, k, loc), Count: n}
}

// span returns the keys of the first and last buckets with arrivals (a
// decoded volume may list a bucket with 0, which is none).
func (v *Volume) span() (lo, hi int64, ok bool) {
	for k, n := range v.New {
		if n == 0 {
			continue
		}
		if !ok || k < lo {
			lo = k
		}
		if !ok || k > hi {
			hi = k
		}
		ok = true
	}
	return lo, hi, ok
}

// dense reports whether the buckets from lo to hi number at most
// MaxDenseBuckets: counted from the keys for days, weeks, months and
// years; for hours, whose buckets last at most an hour (less where the
// offset changes), refused at once when lo and hi are MaxDenseBuckets
// hours apart or more, else counted up to MaxDenseBuckets.
func (v *Volume) dense(lo, hi int64) bool {
	switch v.Bucket {
	case DimDay:
		return hi-lo < MaxDenseBuckets
	case DimWeek:
		return (hi-lo)/7 < MaxDenseBuckets
	case DimMonth, DimYear:
		y1, m1, _ := civilFromDays(lo)
		y2, m2, _ := civilFromDays(hi)
		n := int64(y2 - y1)
		if v.Bucket == DimMonth {
			n = 12*n + int64(m2-m1)
		}
		return n < MaxDenseBuckets
	}
	return hourBuckets(lo, hi, v.location(), MaxDenseBuckets) <= MaxDenseBuckets
}

// hourBuckets returns the number of hour buckets from the one with key lo
// to the one with key hi, in loc, or a number above limit once it is
// past it: one zone period at a time, so the cost is the number of
// periods between them (about two a year), not of hours. A bucket begins
// at each local hour and where the offset changes within one (see
// bucketKey).
func hourBuckets(lo, hi int64, loc *time.Location, limit int64) int64 {
	n := int64(1) // the bucket at lo
	for t := lo; t < hi && n <= limit; {
		lt := time.Unix(t, 0).In(loc)
		_, off := lt.Zone()
		_, to := lt.ZoneBounds()
		if !to.IsZero() && to.Unix() <= t {
			// time.ZoneBounds can name an end before the instant (in the
			// years a zone's rules compute): step one bucket instead.
			t = nextKey(DimHour, t, loc)
			n++
			continue
		}
		end, next := hi, int64(math.MaxInt64)
		if !to.IsZero() && to.Unix() <= hi {
			end, next = to.Unix()-1, to.Unix()
		}
		// The local hours that begin in (t, end], at this period's offset.
		n += floorDiv(end+int64(off), 3600) - floorDiv(t+int64(off), 3600)
		if next > hi {
			break
		}
		// A bucket begins at the next period if a local hour begins there
		// or the offset changes there.
		if nextOff := offsetAt(loc, next); floorMod(next+int64(nextOff), 3600) == 0 || nextOff != off {
			n++
		}
		t = next
	}
	return n
}

// location returns the report's location, or UTC for a volume without
// one (decoded on its own, outside a report).
func (v *Volume) location() *time.Location {
	if v.loc == nil {
		return time.UTC
	}
	return v.loc
}

// Busiest is the busiest hour of day and weekday over a range of dates, as
// averages per occurrence: the hour with most arrivals per occurrence of
// that local hour (an hour the clocks skip does not occur, one they repeat
// occurs twice), the weekday with most arrivals per occurrence of that
// weekday (a month has four or five Mondays).
type Busiest struct {
	Hour           int
	HourAverage    decimal.Decimal // arrivals in that hour per occurrence of the local hour in the range (DST days have 23 or 25), 2 places half-even
	Weekday        time.Weekday
	WeekdayAverage decimal.Decimal // arrivals per occurrence of that weekday, 2 places half-even
	Days           int             // dates in the range
}

// Busiest returns the busiest hour and weekday over the local dates
// [from, to). The heatmap covers every ticket in the report, so the range
// must hold every arrival in the report (else a [*ConfigError] wrapping
// [ErrInvalidConfig]); an empty range is an error wrapping [ErrEmptyRange].
// Ties go to the earlier hour and to Monday first.
func (v *Volume) Busiest(from, to calendar.Date) (Busiest, error) {
	a, b := civilDay(from), civilDay(to)
	if b <= a {
		return Busiest{}, &ConfigError{Field: "to", Problem: fmt.Sprintf("%s is not after %s", to, from), Err: ErrEmptyRange}
	}
	days := int(b - a)
	for d, n := range v.Days {
		if n != 0 && (d < a || d >= b) {
			return Busiest{}, &ConfigError{Field: "from, to", Problem: fmt.Sprintf("the report has arrivals on %s, outside [%s, %s), and its heatmap counts them", civilDate(d), from, to)}
		}
	}
	var perWeekday, occurrences [7]int
	for d := a; d < b; d++ {
		w := int((int64(d)%7 + 7 + 3) % 7) // 1970-01-01 was a Thursday: Monday = 0
		occurrences[w]++
		perWeekday[w] += v.Days[d]
	}
	// Local hours per hour of day: 02:00 occurs twice on the autumn day
	// the clocks go back and not at all on the spring day in Oslo.
	loc := v.loc
	if loc == nil {
		loc = time.UTC
	}
	var hourOcc [24]int
	for d := a; d < b; d++ {
		y, m, day := civilFromDays(int64(d))
		start, end := time.Date(y, m, day, 0, 0, 0, 0, loc), time.Date(y, m, day+1, 0, 0, 0, 0, loc)
		for t := start; t.Before(end); t = t.Add(time.Hour) {
			hourOcc[t.In(loc).Hour()]++
		}
	}
	out := Busiest{Days: days}
	bestH, bestW := -1, -1
	var bestHN int
	var bestWAvg decimal.Decimal
	for h := range 24 {
		if hourOcc[h] == 0 {
			continue
		}
		n := 0
		for w := range 7 {
			n += v.Heatmap[w][h]
		}
		// n/occ > best/bestOcc, compared exactly.
		if bestH < 0 || n*hourOcc[bestH] > bestHN*hourOcc[h] {
			bestH, bestHN = h, n
		}
	}
	for w := range 7 {
		if occurrences[w] == 0 {
			continue
		}
		avg, _ := divide(decimal.NewFromInt(int64(perWeekday[w])), decimal.NewFromInt(int64(occurrences[w])), 10, RoundDown)
		if bestW < 0 || avg.GreaterThan(bestWAvg) {
			bestW, bestWAvg = w, avg
		}
	}
	out.Hour = bestH
	out.HourAverage, _ = divide(decimal.NewFromInt(int64(bestHN)), decimal.NewFromInt(int64(hourOcc[bestH])), 2, RoundHalfEven)
	out.Weekday = time.Weekday((bestW + 1) % 7)
	out.WeekdayAverage, _ = divide(decimal.NewFromInt(int64(perWeekday[bestW])), decimal.NewFromInt(int64(occurrences[bestW])), 2, RoundHalfEven)
	return out, nil
}

// civilDate is the date of a civil day number.
func civilDate(n int32) calendar.Date {
	y, m, d := civilFromDays(int64(n))
	return calendar.Date{Year: y, Month: m, Day: d}
}

func civilDay(d calendar.Date) int32 { return int32(daysFromCivil(d.Year, d.Month, d.Day)) }

// Period is the length of a period-over-period comparison.
type Period string

// The periods: ISO weeks (Monday to Sunday), calendar months, and ISO
// years (52 or 53 whole ISO weeks, so weekdays line up year over year).
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
	PeriodYear  Period = "year"
)

// Change compares the arrivals of a period with the period before it,
// normalised per business day: x = count / business days, change =
// (x_cur − x_prev) / x_prev. A business day is a date on which the
// calendar is open at some instant, so weekends and full holidays do not
// count ([calendar.Calendar.OpenDays]).
type Change struct {
	Period                    Period
	CurrentFrom, CurrentTo    calendar.Date // [from, to)
	PreviousFrom, PreviousTo  calendar.Date
	Current, Previous         int // arrivals
	CurrentDays, PreviousDays int // business days
	OpenHoursOnly             bool
}

// PerDay returns the current and previous arrivals per business day
// rounded to scale places by mode; false for a period without business days.
func (c Change) PerDay(scale int32, mode Rounding) (cur, prev decimal.Decimal, ok bool) {
	cur, ok1 := divide(decimal.NewFromInt(int64(c.Current)), decimal.NewFromInt(int64(c.CurrentDays)), scale, mode)
	prev, ok2 := divide(decimal.NewFromInt(int64(c.Previous)), decimal.NewFromInt(int64(c.PreviousDays)), scale, mode)
	return cur, prev, ok1 && ok2
}

// Percent returns 100 × (x_cur − x_prev) / x_prev, computed exactly and
// rounded to scale places by mode; false when the previous period had no
// business days or no arrivals (undefined, never 0).
func (c Change) Percent(scale int32, mode Rounding) (decimal.Decimal, bool) {
	if c.CurrentDays == 0 || c.PreviousDays == 0 {
		return decimal.Decimal{}, false
	}
	// (cur/cd − prev/pd) / (prev/pd) = (cur·pd − prev·cd) / (prev·cd)
	num := int64(c.Current)*int64(c.PreviousDays) - int64(c.Previous)*int64(c.CurrentDays)
	den := int64(c.Previous) * int64(c.CurrentDays)
	return divide(decimal.NewFromInt(100*num), decimal.NewFromInt(den), scale, mode)
}

// Compare returns the period-over-period change of arrivals for the period
// of kind p that contains the date at, against the period before it,
// normalised per business day of cal. With openHoursOnly, only tickets that
// arrived while cal was open count ("evenings, weekends and holidays
// ignored"); the report must then have been made with that calendar. It
// returns an error wrapping [ErrInvalidConfig] for a nil calendar or an
// unknown period.
func (v *Volume) Compare(cal *calendar.Calendar, p Period, at calendar.Date, openHoursOnly bool) (Change, error) {
	if cal == nil {
		return Change{}, &ConfigError{Field: "cal", Problem: "missing"}
	}
	if openHoursOnly && !v.open {
		return Change{}, &ConfigError{Field: "openHoursOnly", Problem: "the report was made without a business calendar, so it did not count arrivals in open hours"}
	}
	t := time.Date(at.Year, at.Month, at.Day, 0, 0, 0, 0, time.UTC)
	var cf, ct, pf time.Time
	switch p {
	case PeriodWeek:
		cf = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		ct, pf = cf.AddDate(0, 0, 7), cf.AddDate(0, 0, -7)
	case PeriodMonth:
		cf = time.Date(at.Year, at.Month, 1, 0, 0, 0, 0, time.UTC)
		ct, pf = cf.AddDate(0, 1, 0), cf.AddDate(0, -1, 0)
	case PeriodYear:
		y, _ := t.ISOWeek()
		cf, ct, pf = isoYearStart(y), isoYearStart(y+1), isoYearStart(y-1)
	default:
		return Change{}, &ConfigError{Field: "period", Problem: fmt.Sprintf("unknown period %q", p)}
	}
	counts := v.Days
	if openHoursOnly {
		counts = v.OpenDay
	}
	sum := func(a, b time.Time) int {
		n := 0
		for d := int32(a.Unix() / 86400); d < int32(b.Unix()/86400); d++ {
			n += counts[d]
		}
		return n
	}
	c := Change{Period: p, CurrentFrom: calendar.DateOf(cf), CurrentTo: calendar.DateOf(ct),
		PreviousFrom: calendar.DateOf(pf), PreviousTo: calendar.DateOf(cf),
		Current: sum(cf, ct), Previous: sum(pf, cf), OpenHoursOnly: openHoursOnly}
	c.CurrentDays = cal.OpenDays(c.CurrentFrom, c.CurrentTo)
	c.PreviousDays = cal.OpenDays(c.PreviousFrom, c.PreviousTo)
	return c, nil
}

// isoYearStart returns the Monday of ISO week 1 of ISO year y (the week
// with January 4th).
func isoYearStart(y int) time.Time {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	return jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
}
