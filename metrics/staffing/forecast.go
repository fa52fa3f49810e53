package staffing

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/internal/wall"
)

// History is what a desk has seen: arrival instants (from ticket
// creation events, say), or counts per interval (from an ACD's interval
// report, or a metrics report's hourly volume: [VolumeCounts]), or both,
// over the local dates [From, To) of the calendar. A count is shared
// among the forecast's wall-clock slots by the time it spends in each, as
// if its arrivals were spread evenly over it: an hour's count is half in
// each half hour, and a count from 09:30 to 10:30 (an hour of UTC in
// India) half in each of the hours from 09:00 and 10:00; one without an
// End counts at its Start. A count is at most 1e15 contacts, and must not
// end before it starts nor span more than a century, on the wall clock
// (monotonic clock readings are ignored). Dates in the range
// without arrivals had none.
type History struct {
	Arrivals []time.Time
	Counts   []Slot
	From, To calendar.Date
}

// ForecastConfig says how to learn a forecast.
type ForecastConfig struct {
	// Calendar is the desk's: its location places arrivals on local dates
	// and wall-clock intervals, its holidays and special days are days
	// with their own shape. Required.
	Calendar *calendar.Calendar
	// Interval is the length of a slot; it must divide a day into whole
	// minutes. 0 means 30 minutes.
	Interval time.Duration
	// Weeks is how many whole weeks before History.To to learn from
	// (fewer when the history is shorter). 0 means 4.
	Weeks int
	// NoTrend fits no trend: the level is the mean of the weekly levels.
	NoTrend bool
	// PoolDays pools the shape within the day over the weekdays with the
	// same weekly hours (Monday to Friday on most desks), each weekday
	// keeping its own daily total. A small desk with a few contacts per
	// interval gets a much steadier profile; a desk whose Mondays differ
	// in shape from its Fridays should leave it off.
	PoolDays bool
}

func (c ForecastConfig) interval() time.Duration {
	if c.Interval == 0 {
		return 30 * time.Minute
	}
	return c.Interval
}

func (c ForecastConfig) validate() error {
	iv := c.interval()
	switch {
	case c.Calendar == nil:
		return bad("calendar", "nil", "a calendar is required")
	case iv < time.Minute || iv%time.Minute != 0 || (24*time.Hour)%iv != 0:
		return bad("interval", c.Interval, "must be whole minutes that divide a day")
	case c.Weeks < 0 || c.Weeks > 520:
		return bad("weeks", c.Weeks, "must lie in [0, 520]")
	}
	return nil
}

// spread places a count over the forecast's slots in proportion to the
// time it spends in each: it is cut at the wall-clock slot boundaries of
// loc (multiples of iv after local midnight, as [daySlots] cuts a day) and
// each piece is placed at its start, so a count that does not start on a
// boundary (an hour from 09:30 to 10:30) shares itself among the slots it
// touches. It visits only the pieces that meet [lo, hi): the only ones
// place keeps, so a count over years costs what its part in the window
// does. A count without a positive length counts at its start.
func spread(s Slot, iv time.Duration, loc *time.Location, lo, hi time.Time, place func(time.Time, float64)) {
	length := wall.Sub(s.End, s.Start)
	if length <= 0 {
		place(s.Start, s.Arrivals)
		return
	}
	t, end := s.Start, s.End
	if wall.After(lo, t) {
		t = lo
	}
	if wall.Before(hi, end) {
		end = hi
	}
	for wall.Before(t, end) {
		lt := t.In(loc)
		clock := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute +
			time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
		next := t.Add(clock/iv*iv + iv - clock)
		if wall.After(next, s.End) {
			next = s.End
		}
		place(t, s.Arrivals*float64(wall.Sub(next, t))/float64(length))
		t = next
	}
}

// maxCount bounds one count of a history: far beyond any desk, and far
// enough inside float64's range that the sums, levels and trends learned
// from any number of counts stay finite.
const maxCount = 1e15

// maxCountSpan bounds the span of one count of a history, so its length
// and offsets are exact Durations.
const maxCountSpan = 100 * 366 * 24 * time.Hour

// VolumeCounts returns a metrics report's arrivals per hour as counts
// for a [History]: the report must count its volume in hour buckets
// (metrics.DimHour; days and weeks have no shape within the day to learn).
// The hours follow the real time line, as the report's do: a slot ends
// where the next bucket begins, so the half hours a 30-minute change of
// offset leaves are slots of 30 minutes. A volume whose
// first and last arrivals are more than [metrics.MaxDenseBuckets] hours
// apart is refused: its empty hours are not listed (see
// [metrics.Volume.Buckets]), so a report over such a span needs a range.
func VolumeCounts(v *metrics.Volume) ([]Slot, error) {
	if v == nil || v.Bucket != metrics.DimHour {
		var b metrics.Dimension
		if v != nil {
			b = v.Bucket
		}
		return nil, bad("volume.bucket", b, "must be hourly (metrics.DimHour) to learn a profile within the day")
	}
	if !v.Dense() {
		return nil, bad("volume.new", len(v.New), fmt.Sprintf("spans more than %d hours between its first and last arrival: give the report a range", metrics.MaxDenseBuckets))
	}
	var out []Slot
	for _, b := range v.Buckets() {
		out = append(out, Slot{Start: b.Start, End: nextHour(b.Start), Arrivals: float64(b.Count)})
	}
	return out, nil
}

// nextHour returns the start of the hour bucket after the one starting at
// start, as metrics cuts them: the local hour after it, or the instant
// the offset changes if that comes first, so an hour that a change of
// offset by 30 minutes (Lord Howe Island) cuts lasts 30 minutes, not 60.
// Every bucket is at most an hour long, so the next one holds the instant
// an hour later and begins at the later of that instant's local hour and
// zone period.
func nextHour(start time.Time) time.Time {
	t := start.Add(time.Hour)
	_, off := t.Zone()
	u := t.Unix()
	k := u - ((u+int64(off))%3600+3600)%3600
	if from, _ := t.ZoneBounds(); !from.IsZero() {
		k = max(k, from.Unix())
	}
	return time.Unix(k, 0).In(start.Location())
}

// DayForecast describes one forecast date.
type DayForecast struct {
	Date     calendar.Date
	Day      calendar.Day // what the calendar says the date is
	Shape    string       // "weekday" (the weekday's profile) or "holiday" (the holiday profile)
	Level    float64      // arrivals in a normal week, at this date
	Arrivals float64      // forecast arrivals over the date
}

// WeekLevel is one history week's level: its arrivals scaled up to a
// normal week from the days that were normal in it.
type WeekLevel struct {
	From        calendar.Date // the week's first date
	Arrivals    float64       // on its normal days
	NormalShare float64       // share of a normal week's arrivals that its normal days carry
	Level       float64       // Arrivals ÷ NormalShare: arrivals in a normal week
}

// Forecast is a forecast of arrivals per interval.
type Forecast struct {
	Slots  []Slot
	Days   []DayForecast
	Weeks  []WeekLevel // the history weeks learned from, oldest first
	Slope  float64     // trend of the level, arrivals per normal week per week
	Shapes Shapes
}

// Shapes are the learned profiles: for each weekday (Monday first) and
// for holidays, the share of a normal week's arrivals expected in each
// slot of the day, by wall-clock time.
type Shapes struct {
	Weekday [7][]float64
	Holiday []float64
	// HolidayLearned is false when the history held no holiday, and
	// holidays are forecast like Sundays.
	HolidayLearned bool
}

// dayNumber is the civil day number of d (days since 1970-01-01).
func dayNumber(d calendar.Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// isHoliday reports whether a date takes the holiday shape: a holiday or
// a special day that is closed.
func isHoliday(day calendar.Day) bool {
	return day.Kind == calendar.DayHoliday || (day.Kind == calendar.DaySpecial && !day.Open())
}

func mondayIndex(w time.Weekday) int { return (int(w) + 6) % 7 }

// NewForecast forecasts the arrivals per slot of the days [start,
// start+days) from the history.
//
// The model is a weekly profile × a level with a trend, on the desk's
// calendar:
//
//   - Each history date is a normal day of its weekday, or a holiday (a
//     holiday, or a special day that is closed). A special day with its
//     own hours, such as Christmas Eve, counts as its weekday.
//   - The profile of a weekday is the mean count in each slot over its
//     normal days in the last Weeks weeks, per interval of real time the
//     slot had: a wall-clock slot that a spring-forward day skips is left
//     out of the mean (it is not a zero), one an autumn day repeats
//     counts as two intervals. Divided by the sum over the week, it is
//     the share of a normal week's arrivals in each slot.
//   - Each history week's level is its arrivals on normal days divided by
//     the share a normal week has on those days: a week with a holiday is
//     scaled up from its other days, like the report's trends per working
//     day, so the holiday does not look like a dip in demand (and a week
//     with a 23-hour day does not look like a fall either).
//   - The level's trend is a least-squares line through the weekly
//     levels, evaluated at the middle of each forecast date (never below
//     0); with NoTrend or a single week, the level is their mean.
//   - A forecast holiday gets the holiday profile: the mean count of the
//     history's holidays per slot, as a share of their week's level, or
//     the Sunday profile when the history had no holiday.
//
// Slots are cut on the real time line from each local midnight and named
// by their wall-clock start: a spring-forward day has two slots fewer at
// 30 minutes, an autumn day two more, and both repeated slots get the
// profile's value for that wall-clock time. With an interval the change
// does not fall on a boundary of (45 minutes, 2 hours), the slot it cuts
// short gets the share of its profile value that its length is of the
// interval, so no slot is forecast a rate the profile does not have.
func NewForecast(h History, start calendar.Date, days int, cfg ForecastConfig) (Forecast, error) {
	if err := cfg.validate(); err != nil {
		return Forecast{}, err
	}
	if days < 1 || days > 3660 {
		return Forecast{}, bad("days", days, "must lie in [1, 3660]")
	}
	if dayNumber(h.To)-dayNumber(h.From) < 7 {
		return Forecast{}, bad("history", fmt.Sprintf("[%s, %s)", h.From, h.To), "covers less than a week")
	}
	if dayNumber(start) < dayNumber(h.To) {
		return Forecast{}, bad("start", start, "lies inside the history")
	}
	l, err := learn(h, cfg)
	if err != nil {
		return Forecast{}, err
	}
	return l.forecast(start, days)
}

// learner holds what the history taught.
type learner struct {
	cfg      ForecastConfig
	cal      *calendar.Calendar
	per      int // slots per day
	first    int // day number of the first history date used
	weeks    []WeekLevel
	shapes   Shapes
	slope    float64
	mean, mx float64 // mean level and mean week position
}

func learn(h History, cfg ForecastConfig) (*learner, error) {
	c := cfg.Calendar
	iv := cfg.interval()
	per := int(24 * time.Hour / iv)
	n := cfg.Weeks
	if n == 0 {
		n = 4
	}
	n = min(n, (dayNumber(h.To)-dayNumber(h.From))/7)
	to := dayNumber(h.To)
	first := to - 7*n
	counts := make([]float64, 7*n*per)
	ivSec := int64(iv / time.Second)
	// The local offset of the zone period the last arrival fell in, so
	// that arrivals in order cost no zone lookup each.
	loc := c.Location()
	var zoneStart, zoneEnd time.Time
	var offset int64
	place := func(t time.Time, w float64) {
		if t.Before(zoneStart) || !t.Before(zoneEnd) || zoneStart.IsZero() {
			lt := t.In(loc)
			_, off := lt.Zone()
			offset = int64(off)
			zoneStart, zoneEnd = lt.ZoneBounds()
			if zoneEnd.IsZero() {
				zoneEnd = time.Unix(1<<62, 0)
			}
			if zoneStart.IsZero() {
				zoneStart = time.Unix(-1<<62, 0)
			}
		}
		local := t.Unix() + offset
		day := local / 86400
		if local < 0 && local%86400 != 0 {
			day--
		}
		i := int(day) - first
		if i >= 0 && i < 7*n {
			counts[i*per+int((local-day*86400)/ivSec)] += w
		}
	}
	for _, t := range h.Arrivals {
		place(t, 1)
	}
	lo, hi := time.Unix(int64(first)*86400, 0).Add(-14*time.Hour), time.Unix(int64(to)*86400, 0).Add(14*time.Hour) // the weeks in any zone
	for i, s := range h.Counts {
		if math.IsNaN(s.Arrivals) || s.Arrivals < 0 || s.Arrivals > maxCount {
			return nil, bad(fmt.Sprintf("history.counts[%d].arrivals", i), s.Arrivals, "must be a number in [0, 1e15]")
		}
		if !s.End.IsZero() && (wall.Before(s.End, s.Start) || wall.Sub(s.End, s.Start) > maxCountSpan) {
			return nil, bad(fmt.Sprintf("history.counts[%d].end", i), s.End, "must not be before the start nor a century after it")
		}
		spread(s, iv, loc, lo, hi, place)
	}
	l := &learner{cfg: cfg, cal: c, per: per, first: first}

	// Classify the dates and build the weekday profiles. A slot's
	// profile is its arrivals per interval of real time it had: on the
	// day the clocks go forward a skipped wall-clock slot has none (it
	// is not averaged in as a zero), on the day they go back a repeated
	// one has two intervals' worth of arrivals in two intervals.
	holiday := make([]bool, 7*n)
	var sums, expo [7][]float64
	var occ [7]int
	for w := range sums {
		sums[w], expo[w] = make([]float64, per), make([]float64, per)
	}
	exposure := make([]float64, per) // of the current date's slots, in intervals
	for i := range holiday {
		date := calendar.DateOf(time.Unix(int64(first+i)*86400, 0).UTC())
		day := c.Day(date)
		if day.Kind == calendar.DayOutOfRange {
			return nil, bad("history", date, "lies outside the calendar's years")
		}
		holiday[i] = isHoliday(day)
		if holiday[i] {
			continue
		}
		w := mondayIndex(date.Weekday())
		occ[w]++
		slotExposure(c, date, iv, exposure)
		for s := range per {
			sums[w][s] += counts[i*per+s]
			expo[w][s] += exposure[s]
		}
	}
	// A slot without exposure (a weekday with no normal day in the
	// history, or a wall-clock slot only a spring-forward day had) takes
	// the mean of the weekdays with the same weekly hours (open or
	// closed) that have it.
	week := c.Week()
	for w := range 7 {
		for s := range per {
			if expo[w][s] > 0 {
				sums[w][s] /= expo[w][s]
			}
		}
	}
	for w := range 7 {
		openW := len(week[(w+1)%7]) > 0
		for s := range per {
			if expo[w][s] > 0 {
				continue
			}
			var sum float64
			var k int
			for v := range 7 {
				if expo[v][s] > 0 && (len(week[(v+1)%7]) > 0) == openW {
					sum += sums[v][s]
					k++
				}
			}
			sums[w][s] = sum / float64(max(k, 1))
		}
	}
	if cfg.PoolDays {
		poolDays(sums, week)
	}
	var total float64
	var dayShare [7]float64
	for w := range 7 {
		for _, v := range sums[w] {
			dayShare[w] += v
		}
		total += dayShare[w]
	}
	for w := range 7 {
		l.shapes.Weekday[w] = make([]float64, per)
		if total > 0 {
			for s, v := range sums[w] {
				l.shapes.Weekday[w][s] = v / total
			}
			dayShare[w] /= total
		}
	}

	// Weekly levels, from normal days only. A day the clocks change on
	// carries its slots' shares by the real time each had (a 23-hour
	// day lacks the share of its skipped hour).
	for i := range n {
		wl := WeekLevel{From: calendar.DateOf(time.Unix(int64(first+7*i)*86400, 0).UTC())}
		for d := 7 * i; d < 7*i+7; d++ {
			if holiday[d] {
				continue
			}
			date := calendar.DateOf(time.Unix(int64(first+d)*86400, 0).UTC())
			w := mondayIndex(date.Weekday())
			if slotExposure(c, date, iv, exposure) {
				wl.NormalShare += dayShare[w]
			} else {
				for s, x := range exposure {
					wl.NormalShare += l.shapes.Weekday[w][s] * x
				}
			}
			for s := range per {
				wl.Arrivals += counts[d*per+s]
			}
		}
		if wl.NormalShare > 0 {
			wl.Level = wl.Arrivals / wl.NormalShare
		}
		l.weeks = append(l.weeks, wl)
	}
	// Trend: least squares through (i + ½, level_i) over weeks with a
	// normal day.
	var sx, sy, k float64
	for i, wl := range l.weeks {
		if wl.NormalShare > 0 {
			sx, sy, k = sx+float64(i)+0.5, sy+wl.Level, k+1
		}
	}
	if k > 0 {
		l.mx, l.mean = sx/k, sy/k
	}
	if !cfg.NoTrend && k >= 2 {
		var sxy, sxx float64
		for i, wl := range l.weeks {
			if wl.NormalShare > 0 {
				dx := float64(i) + 0.5 - l.mx
				sxy += dx * (wl.Level - l.mean)
				sxx += dx * dx
			}
		}
		l.slope = sxy / sxx
	}

	// Holiday profile: counts as a share of their week's level.
	// Per interval of real time, as the weekday profiles; a slot no
	// holiday had takes the Sunday's.
	l.shapes.Holiday = make([]float64, per)
	hexpo := make([]float64, per)
	for d := range holiday {
		lv := l.weeks[d/7].Level
		if !holiday[d] || lv == 0 {
			continue
		}
		l.shapes.HolidayLearned = true
		slotExposure(c, calendar.DateOf(time.Unix(int64(first+d)*86400, 0).UTC()), iv, exposure)
		for s := range per {
			l.shapes.Holiday[s] += counts[d*per+s] / lv
			hexpo[s] += exposure[s]
		}
	}
	for s := range l.shapes.Holiday {
		if hexpo[s] > 0 {
			l.shapes.Holiday[s] /= hexpo[s]
		} else {
			l.shapes.Holiday[s] = l.shapes.Weekday[6][s]
		}
	}
	return l, nil
}

// slotExposure sets exposure[s] to the real time the wall-clock slot s
// has on date, in intervals: 1 on a day without a clock change, 0 for a
// slot the clocks skip and 2 for one they repeat. It reports whether the
// date is a day without a clock change (every exposure 1).
func slotExposure(c *calendar.Calendar, date calendar.Date, iv time.Duration, exposure []float64) bool {
	from, to := c.StartOf(date), c.StartOf(date.AddDays(1))
	if lt := from.In(c.Location()); to.Sub(from) == 24*time.Hour && lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 {
		for s := range exposure {
			exposure[s] = 1
		}
		return true
	}
	clear(exposure)
	daySlots(c.Location(), from, to, iv, func(t, next time.Time, idx int) {
		exposure[idx] += float64(next.Sub(t)) / float64(iv)
	})
	return false
}

// daySlots calls fn for each slot of the day [from, to) in order: slots
// follow the wall clock, so a slot ends at the next wall-clock boundary
// (a multiple of iv after local midnight) and one the clocks change in is
// shorter or longer; idx is the wall-clock slot it starts in.
func daySlots(loc *time.Location, from, to time.Time, iv time.Duration, fn func(t, next time.Time, idx int)) {
	for t := from; t.Before(to); {
		lt := t.In(loc)
		clock := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute +
			time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
		idx := int(clock / iv)
		next := t.Add(time.Duration(idx+1)*iv - clock)
		if next.After(to) {
			next = to
		}
		fn(t, next, idx)
		t = next
	}
}

// poolDays replaces each weekday's profile by its daily total times the
// shape within the day pooled over the weekdays with the same hours.
func poolDays(sums [7][]float64, week calendar.Week) {
	done := [7]bool{}
	for w := range 7 {
		if done[w] {
			continue
		}
		hours := calendar.Hours(week[(w+1)%7]).String()
		var members []int
		for v := w; v < 7; v++ {
			if !done[v] && calendar.Hours(week[(v+1)%7]).String() == hours {
				members, done[v] = append(members, v), true
			}
		}
		shape := make([]float64, len(sums[w]))
		var all float64
		for _, v := range members {
			for s, x := range sums[v] {
				shape[s] += x
				all += x
			}
		}
		if all == 0 {
			continue
		}
		for _, v := range members {
			var day float64
			for _, x := range sums[v] {
				day += x
			}
			for s := range sums[v] {
				sums[v][s] = day * shape[s] / all
			}
		}
	}
}

func (l *learner) forecast(start calendar.Date, days int) (Forecast, error) {
	f := Forecast{Weeks: l.weeks, Slope: l.slope, Shapes: l.shapes}
	iv := l.cfg.interval()
	s0 := dayNumber(start)
	loc := l.cal.Location()
	for i := range days {
		date := start.AddDays(i)
		day := l.cal.Day(date)
		if day.Kind == calendar.DayOutOfRange {
			return Forecast{}, bad("start", date, "lies outside the calendar's years")
		}
		pos := (float64(s0+i-l.first) + 0.5) / 7
		level := max(0, l.mean+l.slope*(pos-l.mx))
		df := DayForecast{Date: date, Day: day, Shape: "weekday", Level: level}
		shape := l.shapes.Weekday[mondayIndex(date.Weekday())]
		if isHoliday(day) {
			df.Shape, shape = "holiday", l.shapes.Holiday
		}
		daySlots(loc, l.cal.StartOf(date), l.cal.StartOf(date.AddDays(1)), iv, func(t, next time.Time, idx int) {
			// A slot the change shortens (the interval does not
			// end where the clocks change) gets the share of the
			// profile's value its length is of the interval.
			v := level * shape[idx]
			if d := next.Sub(t); d < iv {
				v *= float64(d) / float64(iv)
			}
			f.Slots = append(f.Slots, Slot{Start: t, End: next, Arrivals: v})
			df.Arrivals += v
		})
		f.Days = append(f.Days, df)
	}
	return f, nil
}

// DayError is the backtest's error on one date.
type DayError struct {
	Date             calendar.Date
	Actual, Forecast float64
	// WAPE is the day's error over its intervals: Σ|actual − forecast| ÷
	// Σ actual; Defined is false on a day without arrivals (0/0).
	WAPE    float64
	Defined bool
}

// TimeError is the backtest's error at one wall-clock time of day, over
// the tested dates.
type TimeError struct {
	Clock            time.Duration // since local midnight
	Actual, Forecast float64
	WAPE             float64
	Defined          bool
}

// Backtest is a forecast compared with what happened.
type Backtest struct {
	Forecast Forecast
	Actual   []float64 // arrivals per forecast slot
	// WAPEInterval is the weighted absolute percentage error over every
	// interval: Σ|actual − forecast| ÷ Σ actual; WAPEDay the same over
	// daily totals, where errors within a day cancel.
	WAPEInterval, WAPEDay float64
	Days                  []DayError
	Times                 []TimeError
}

// NewBacktest forecasts the dates [start, start+days) from the history
// before start (History.From up to start) and compares the forecast with
// the history's arrivals on those dates, which must hold some.
func NewBacktest(h History, start calendar.Date, days int, cfg ForecastConfig) (Backtest, error) {
	if dayNumber(h.To) < dayNumber(start)+days {
		return Backtest{}, bad("history.to", h.To, "ends before the tested days do")
	}
	past := History{Arrivals: h.Arrivals, Counts: h.Counts, From: h.From, To: start}
	f, err := NewForecast(past, start, days, cfg)
	if err != nil {
		return Backtest{}, err
	}
	b := Backtest{Forecast: f, Actual: make([]float64, len(f.Slots))}
	loc := cfg.Calendar.Location()
	put := func(t time.Time, w float64) {
		i := sort.Search(len(f.Slots), func(i int) bool { return f.Slots[i].End.After(t) })
		if i < len(f.Slots) && !t.Before(f.Slots[i].Start) {
			b.Actual[i] += w
		}
	}
	for _, t := range h.Arrivals {
		put(t, 1)
	}
	if len(f.Slots) > 0 {
		for _, s := range h.Counts {
			spread(s, cfg.interval(), loc, f.Slots[0].Start, f.Slots[len(f.Slots)-1].End, put)
		}
	}
	var errSum, actSum, dayErr float64
	per := int(24 * time.Hour / cfg.interval())
	times := make([]TimeError, per)
	for i := range times {
		times[i].Clock = time.Duration(i) * cfg.interval()
	}
	j := 0
	for _, d := range f.Days {
		de := DayError{Date: d.Date}
		var e float64
		for ; j < len(f.Slots) && cfg.Calendar.DateOf(f.Slots[j].Start) == d.Date; j++ {
			a, p := b.Actual[j], f.Slots[j].Arrivals
			de.Actual, de.Forecast, e = de.Actual+a, de.Forecast+p, e+math.Abs(a-p)
			lt := f.Slots[j].Start.In(loc)
			te := &times[(lt.Hour()*60+lt.Minute())/int(cfg.interval()/time.Minute)]
			te.Actual, te.Forecast, te.WAPE = te.Actual+a, te.Forecast+p, te.WAPE+math.Abs(a-p)
		}
		if de.Actual > 0 {
			de.WAPE, de.Defined = e/de.Actual, true
		}
		errSum, actSum, dayErr = errSum+e, actSum+de.Actual, dayErr+math.Abs(de.Actual-de.Forecast)
		b.Days = append(b.Days, de)
	}
	for i := range times {
		if times[i].Actual > 0 {
			times[i].WAPE, times[i].Defined = times[i].WAPE/times[i].Actual, true
		} else {
			times[i].WAPE = 0
		}
	}
	b.Times = slices.Clip(times)
	if actSum == 0 {
		return Backtest{}, bad("history", fmt.Sprintf("%s + %d days", start, days), "has no arrivals on the tested days, so the error is undefined (0/0)")
	}
	b.WAPEInterval, b.WAPEDay = errSum/actSum, dayErr/actSum
	return b, nil
}
