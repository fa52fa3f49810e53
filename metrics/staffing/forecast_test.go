package staffing

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "time/tzdata"
)

func osloDesk(t testing.TB) *calendar.Calendar {
	t.Helper()
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...), calendar.WithYears(2020, 2035))
	require.NoError(t, err)
	return c
}

// truth is a known arrival process: per 30-minute slot, a rate that is a
// weekday profile (peaks at 09–11 and 13–15, thin at night) × a level that
// grows by growth per week, with holidays as quiet as a Sunday.
type truth struct {
	cal    *calendar.Calendar
	origin calendar.Date // the level is base at the middle of this date's week
	base   float64       // arrivals in a normal week at origin
	growth float64       // relative growth per week
}

var hourShape = [24]float64{2, 1, 1, 1, 1, 2, 4, 10, 30, 62, 66, 50, 34, 56, 60, 44, 26, 18, 12, 10, 9, 7, 5, 3}

var dayWeight = [7]float64{100, 104, 98, 96, 86, 18, 12} // Monday first

// rate returns the expected arrivals in the 30-minute slot starting at the
// wall clock of t.
func (tr truth) rate(t time.Time) float64 {
	date := tr.cal.DateOf(t)
	w := mondayIndex(date.Weekday())
	dw := dayWeight[w]
	if isHoliday(tr.cal.Day(date)) {
		dw = dayWeight[6]
	}
	var weekSum, hourSum float64
	for _, v := range dayWeight {
		weekSum += v
	}
	for _, v := range hourShape {
		hourSum += v
	}
	weeks := float64(dayNumber(date)-dayNumber(tr.origin)) / 7
	level := tr.base * (1 + tr.growth*weeks)
	return level * dw / weekSum * hourShape[t.In(tr.cal.Location()).Hour()] / hourSum / 2
}

// draw returns Poisson arrivals of the truth over the dates [from, to),
// each slot's arrivals spread uniformly over it.
func (tr truth) draw(seed uint64, from, to calendar.Date) []time.Time {
	r := rand.New(rand.NewPCG(seed, 7))
	var out []time.Time
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		start, end := tr.cal.StartOf(d), tr.cal.StartOf(d.AddDays(1))
		for s := start; s.Before(end); s = s.Add(30 * time.Minute) {
			lambda := tr.rate(s)
			for x := r.ExpFloat64() / lambda; x < 1; x += r.ExpFloat64() / lambda {
				out = append(out, s.Add(time.Duration(x*float64(30*time.Minute))))
			}
		}
	}
	return out
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// The forecast of the week with Ascension Day (Thursday 14 May 2026) and
// Constitution Day (Sunday 17 May), learned from eight weeks with Easter and
// Labour Day in them, lands on the truth: the holiday forecast as quiet as
// holidays were, the working days within a few percent.
func TestForecastRecoversTruth(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 6000, growth: 0.02}
	from, to := date(2026, 3, 16), date(2026, 5, 11)
	h := History{Arrivals: tr.draw(1, from, to), From: from, To: to}
	f, err := NewForecast(h, date(2026, 5, 11), 7, ForecastConfig{Calendar: c, Weeks: 8})
	require.NoError(t, err)
	require.Len(t, f.Days, 7)
	require.Len(t, f.Weeks, 8)
	assert.True(t, f.Shapes.HolidayLearned)
	assert.Equal(t, "holiday", f.Days[3].Shape)
	assert.Equal(t, calendar.DayHoliday, f.Days[3].Day.Kind)
	assert.Equal(t, "holiday", f.Days[6].Shape)
	assert.Equal(t, "weekday", f.Days[0].Shape)

	var absErr, total float64
	for i, d := range f.Days {
		var want float64
		start := c.StartOf(d.Date)
		for s := start; s.Before(c.StartOf(d.Date.AddDays(1))); s = s.Add(30 * time.Minute) {
			want += tr.rate(s)
		}
		assert.InDelta(t, want, d.Arrivals, 0.08*want, "day %d %s", i, d.Date)
		absErr += math.Abs(want - d.Arrivals)
		total += want
	}
	assert.Less(t, absErr/total, 0.04, "WAPE of the daily forecast against the truth")
	// Ascension Thursday is forecast like a holiday, an eighth of a working Thursday.
	assert.Less(t, f.Days[3].Arrivals, f.Days[2].Arrivals/5)

	// Slots tile the week without gaps: 7 × 48 on a week without a
	// clock change.
	require.Len(t, f.Slots, 7*48)
	for i := 1; i < len(f.Slots); i++ {
		assert.True(t, f.Slots[i].Start.Equal(f.Slots[i-1].End))
	}
}

// A week with a holiday has the same level as its neighbours: its level
// is scaled up from its normal days (the working-day normalisation), so
// the holiday is not read as a fall in demand.
func TestForecastWorkingDayNormalisation(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 8000}
	from, to := date(2026, 4, 13), date(2026, 5, 11)
	h := History{Arrivals: tr.draw(2, from, to), From: from, To: to}
	f, err := NewForecast(h, to, 7, ForecastConfig{Calendar: c, NoTrend: true})
	require.NoError(t, err)
	require.Len(t, f.Weeks, 4)
	// The third week (27 April – 3 May) has Labour Day on Friday.
	assert.Equal(t, date(2026, 4, 27), f.Weeks[2].From)
	assert.Less(t, f.Weeks[2].NormalShare, 0.9)
	for _, w := range f.Weeks {
		assert.InDelta(t, 8000, w.Level, 8000*0.04, "week of %s", w.From)
	}
	assert.Equal(t, 0.0, f.Slope)
}

// Pooling the shape within the day over Monday to Friday keeps each
// day's total and steadies the profile of a small desk: the backtest's
// error per interval falls.
func TestForecastPoolDays(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 600}
	from, to := date(2026, 3, 30), date(2026, 5, 11)
	h := History{Arrivals: tr.draw(8, from, to), From: from, To: to}
	plain, err := NewBacktest(h, date(2026, 5, 4), 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	pooled, err := NewBacktest(h, date(2026, 5, 4), 7, ForecastConfig{Calendar: c, PoolDays: true})
	require.NoError(t, err)
	t.Logf("WAPE per interval %.3f plain, %.3f pooled", plain.WAPEInterval, pooled.WAPEInterval)
	assert.Less(t, pooled.WAPEInterval, plain.WAPEInterval-0.02)
	for i := range plain.Forecast.Days {
		assert.InDelta(t, plain.Forecast.Days[i].Arrivals, pooled.Forecast.Days[i].Arrivals, 1e-9)
	}
	// Tuesday and Wednesday now have the same shape within the day.
	tue, wed := pooled.Forecast.Shapes.Weekday[1], pooled.Forecast.Shapes.Weekday[2]
	var st, sw float64
	for s := range tue {
		st, sw = st+tue[s], sw+wed[s]
	}
	for s := range tue {
		assert.InDelta(t, tue[s]/st, wed[s]/sw, 1e-12)
	}
}

// With a trend, the level follows growing demand; without, it lags.
func TestForecastTrend(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 9, 14), base: 10000, growth: 0.05}
	from, to := date(2026, 8, 17), date(2026, 9, 14)
	h := History{Arrivals: tr.draw(3, from, to), From: from, To: to}
	with, err := NewForecast(h, to, 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	without, err := NewForecast(h, to, 7, ForecastConfig{Calendar: c, NoTrend: true})
	require.NoError(t, err)
	want := 10000 * (1 + 0.05*3.0/7) // the level at the middle of the week
	assert.InDelta(t, 500, with.Slope, 150)
	assert.InDelta(t, want, with.Days[3].Level, want*0.03)
	assert.Less(t, without.Days[3].Level, want*0.95)
}

// The backtest forecasts a week from the weeks before it and reports the
// weighted absolute percentage error per interval, per day and per time of
// day; counts per interval give the same forecast as instants.
func TestBacktest(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 6000, growth: 0.01}
	from, to := date(2026, 3, 30), date(2026, 5, 11)
	arrivals := tr.draw(4, from, to)
	h := History{Arrivals: arrivals, From: from, To: to}
	b, err := NewBacktest(h, date(2026, 4, 27), 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	require.Len(t, b.Days, 7)
	require.Len(t, b.Times, 48)
	t.Logf("WAPE per interval %.4f, per day %.4f", b.WAPEInterval, b.WAPEDay)
	assert.Less(t, b.WAPEDay, 0.06)
	assert.Less(t, b.WAPEInterval, 0.2)
	assert.Greater(t, b.WAPEInterval, b.WAPEDay, "errors of intervals cancel within a day")
	var act float64
	for _, a := range b.Actual {
		act += a
	}
	var dayAct float64
	for _, d := range b.Days {
		assert.True(t, d.Defined)
		dayAct += d.Actual
	}
	assert.Equal(t, act, dayAct)
	// Labour Day (Friday 1 May) is forecast with the holiday shape.
	assert.Equal(t, "holiday", b.Forecast.Days[4].Shape)
	assert.Less(t, b.Days[4].WAPE, 0.5)

	// The same history as counts per 30 minutes.
	var counts []Slot
	for _, t0 := range arrivals {
		s := t0.Truncate(30 * time.Minute)
		if n := len(counts); n > 0 && counts[n-1].Start.Equal(s) {
			counts[n-1].Arrivals++
			continue
		}
		counts = append(counts, Slot{Start: s, End: s.Add(30 * time.Minute), Arrivals: 1})
	}
	b2, err := NewBacktest(History{Counts: counts, From: from, To: to}, date(2026, 4, 27), 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	assert.InDelta(t, b.WAPEInterval, b2.WAPEInterval, 1e-12)
	assert.InDelta(t, b.WAPEDay, b2.WAPEDay, 1e-12)
}

// Slots are cut on the real time line: the spring-forward Sunday has 46
// half hours, the autumn Sunday 50, and both repeated 02:xx slots get the
// profile's value.
func TestForecastDST(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 3, 23), base: 5000}
	for _, row := range []struct {
		from, start calendar.Date
		slots       int
	}{
		{date(2026, 2, 23), date(2026, 3, 29), 46},
		{date(2026, 9, 28), date(2026, 10, 25), 50},
	} {
		h := History{Arrivals: tr.draw(5, row.from, row.start), From: row.from, To: row.start}
		f, err := NewForecast(h, row.start, 1, ForecastConfig{Calendar: c})
		require.NoError(t, err)
		require.Len(t, f.Slots, row.slots, "%s", row.start)
		for i, s := range f.Slots {
			assert.Equal(t, 30*time.Minute, s.End.Sub(s.Start))
			if i > 0 {
				assert.True(t, s.Start.Equal(f.Slots[i-1].End))
			}
		}
		assert.True(t, f.Slots[0].Start.Equal(c.StartOf(row.start)))
		assert.True(t, f.Slots[len(f.Slots)-1].End.Equal(c.StartOf(row.start.AddDays(1))))
	}
}

// A history without holidays forecasts a holiday like a Sunday; a history
// without arrivals forecasts none.
func TestForecastFallbacks(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 4000}
	from, to := date(2026, 5, 4), date(2026, 5, 11) // no holiday in it
	f, err := NewForecast(History{Arrivals: tr.draw(6, from, to), From: from, To: to}, to, 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	assert.False(t, f.Shapes.HolidayLearned)
	assert.Equal(t, f.Shapes.Weekday[6], f.Shapes.Holiday)
	assert.InDelta(t, f.Days[6].Arrivals, f.Days[3].Arrivals, 1e-9)

	f, err = NewForecast(History{From: from, To: to}, to, 2, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	for _, s := range f.Slots {
		assert.Equal(t, 0.0, s.Arrivals)
	}
	_, err = NewBacktest(History{From: from, To: date(2026, 5, 18)}, to, 7, ForecastConfig{Calendar: c})
	assert.ErrorIs(t, err, ErrInvalidInput, "0/0 is undefined")
}

func TestForecastErrors(t *testing.T) {
	c := osloDesk(t)
	h := History{From: date(2026, 4, 1), To: date(2026, 5, 1)}
	for name, f := range map[string]func() error{
		"no calendar": func() error { _, err := NewForecast(h, h.To, 7, ForecastConfig{}); return err },
		"interval 7m": func() error {
			_, err := NewForecast(h, h.To, 7, ForecastConfig{Calendar: c, Interval: 7 * time.Minute})
			return err
		},
		"interval 30s": func() error {
			_, err := NewForecast(h, h.To, 7, ForecastConfig{Calendar: c, Interval: 30 * time.Second})
			return err
		},
		"negative weeks": func() error { _, err := NewForecast(h, h.To, 7, ForecastConfig{Calendar: c, Weeks: -1}); return err },
		"no days":        func() error { _, err := NewForecast(h, h.To, 0, ForecastConfig{Calendar: c}); return err },
		"short history": func() error {
			_, err := NewForecast(History{From: h.From, To: h.From.AddDays(6)}, h.To, 7, ForecastConfig{Calendar: c})
			return err
		},
		"start in history": func() error { _, err := NewForecast(h, h.From.AddDays(10), 7, ForecastConfig{Calendar: c}); return err },
		"NaN count": func() error {
			_, err := NewForecast(History{Counts: []Slot{{Arrivals: math.NaN()}}, From: h.From, To: h.To}, h.To, 7, ForecastConfig{Calendar: c})
			return err
		},
		"outside calendar":  func() error { _, err := NewForecast(h, date(2040, 1, 1), 7, ForecastConfig{Calendar: c}); return err },
		"backtest too late": func() error { _, err := NewBacktest(h, date(2026, 4, 28), 7, ForecastConfig{Calendar: c}); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidInput)
		})
	}
}

// A metrics report's hourly volume is a history too: its counts, spread
// evenly over the half hours of each hour, give the same daily totals as
// the instants, and hourly counts learned at 60 minutes give the forecast
// of the instants bucketed by hour.
func TestForecastFromMetricsVolume(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 3000}
	from, to := date(2026, 4, 27), date(2026, 5, 11)
	arrivals := tr.draw(10, from, to)
	start, end := c.StartOf(from), c.StartOf(to)
	r, err := metrics.NewReport(metrics.Config{Location: c.Location(), Now: end, From: start, To: end, VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	for i, at := range arrivals {
		_, events, err := ticket.Create(nil, uuid.UUID{byte(i >> 16), byte(i >> 8), byte(i), 1}, at, ticket.Customer("c"),
			ticket.Created{Subject: "s", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "c"}})
		require.NoError(t, err)
		require.NoError(t, r.Add(events))
	}
	counts, err := VolumeCounts(r.Volume)
	require.NoError(t, err)
	var n float64
	for _, s := range counts {
		n += s.Arrivals
	}
	assert.Equal(t, float64(len(arrivals)), n)

	byInstant, err := NewForecast(History{Arrivals: arrivals, From: from, To: to}, to, 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	byCount, err := NewForecast(History{Counts: counts, From: from, To: to}, to, 7, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	for i := range byInstant.Days {
		assert.InDelta(t, byInstant.Days[i].Arrivals, byCount.Days[i].Arrivals, 1e-9)
	}
	// Within an hour, the counts' forecast has equal half hours.
	assert.InDelta(t, byCount.Slots[20].Arrivals, byCount.Slots[21].Arrivals, 1e-12)

	hourly, err := NewForecast(History{Counts: counts, From: from, To: to}, to, 7, ForecastConfig{Calendar: c, Interval: time.Hour})
	require.NoError(t, err)
	require.Len(t, hourly.Slots, 7*24)
	assert.InDelta(t, byInstant.Slots[20].Arrivals+byInstant.Slots[21].Arrivals, hourly.Slots[10].Arrivals, 1e-9)

	day, err := metrics.NewReport(metrics.Config{Location: c.Location(), VolumeBucket: metrics.DimDay})
	require.NoError(t, err)
	_, err = VolumeCounts(day.Volume)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = VolumeCounts(nil)
	assert.ErrorIs(t, err, ErrInvalidInput)

	// An open report over a stray arrival decades away lists only the
	// hours with arrivals: its empty hours are unknown, so it is refused.
	stray, err := metrics.NewReport(metrics.Config{Location: c.Location(), VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	for i, at := range []time.Time{arrivals[0], arrivals[0].AddDate(20, 0, 0)} {
		_, events, err := ticket.Create(nil, uuid.UUID{byte(i), 2}, at, ticket.Customer("c"),
			ticket.Created{Subject: "s", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "c"}})
		require.NoError(t, err)
		require.NoError(t, stray.Add(events))
	}
	require.False(t, stray.Volume.Dense())
	_, err = VolumeCounts(stray.Volume)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "volume.new", ie.Field)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// Special days: one with its own hours (Christmas Eve 09:00–13:00) keeps
// its weekday's profile; one that is closed takes the holiday profile.
func TestForecastSpecialDays(t *testing.T) {
	oslo := osloDesk(t).Location()
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(
			calendar.SpecialDay{Date: date(2026, 12, 24), Label: "Christmas Eve", Hours: calendar.MustParseHours("09:00-13:00")},
			calendar.SpecialDay{Date: date(2026, 12, 23), Label: "stocktaking"}))
	require.NoError(t, err)
	tr := truth{cal: c, origin: date(2026, 12, 21), base: 5000}
	from, to := date(2026, 11, 23), date(2026, 12, 21)
	f, err := NewForecast(History{Arrivals: tr.draw(11, from, to), From: from, To: to}, to, 5, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	wed, thu := f.Days[2], f.Days[3]
	assert.Equal(t, calendar.DaySpecial, wed.Day.Kind)
	assert.Equal(t, "holiday", wed.Shape, "a closed special day")
	assert.Equal(t, calendar.DaySpecial, thu.Day.Kind)
	assert.Equal(t, "weekday", thu.Shape, "a special day with its own hours")
	assert.Greater(t, thu.Arrivals, 5*wed.Arrivals)
}

// With an interval the clock change does not fall on a boundary of (45
// minutes, 2 hours), a slot the change shortens gets the share of its
// profile value that its length is of the interval: a desk with 20
// arrivals an hour around the clock is forecast 20 an hour in every slot,
// 460 on the 23-hour day and 500 on the 25-hour one. (The 03:00–04:00
// slot of the autumn day was given two hours' arrivals in one hour, and
// the 02:00–02:15 one 45 minutes' in a quarter hour.)
func TestForecastDSTLongIntervals(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	for _, row := range []struct {
		from, day calendar.Date
		total     float64
	}{
		{date(2026, 2, 23), date(2026, 3, 29), 460},
		{date(2026, 9, 28), date(2026, 10, 25), 500},
	} {
		var arrivals []time.Time // one every 3 minutes, at 00:01, 00:04, …
		for ts := c.StartOf(row.from); ts.Before(c.StartOf(row.day)); ts = ts.Add(3 * time.Minute) {
			arrivals = append(arrivals, ts.Add(time.Minute))
		}
		for _, iv := range []time.Duration{30 * time.Minute, 45 * time.Minute, 2 * time.Hour} {
			h := History{Arrivals: arrivals, From: row.from, To: row.day}
			f, err := NewForecast(h, row.day, 1, ForecastConfig{Calendar: c, Interval: iv, NoTrend: true})
			require.NoError(t, err)
			for _, s := range f.Slots {
				assert.InDelta(t, 20*s.End.Sub(s.Start).Hours(), s.Arrivals, 1e-9, "%s %v slot %s–%s", row.day, iv,
					s.Start.In(loc).Format("15:04 -07"), s.End.In(loc).Format("15:04 -07"))
			}
			assert.InDelta(t, row.total, f.Days[0].Arrivals, 1e-9, "%s %v", row.day, iv)
		}
	}
}

// A desk open around the clock with 20 arrivals an hour learns from the
// week the clocks change in a flat profile: the wall-clock slots the
// spring-forward Sunday skips are not averaged in as zeros (the next
// Sunday's 02:00–03:00 was forecast no arrivals, so no agents), and the
// ones the autumn Sunday repeats are not counted double. Easter Sunday
// 2024 was the spring-forward day: the holiday profile learned from that
// week's holidays forecasts Easter Monday flat too.
func TestForecastLearnsAcrossClockChanges(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	for _, row := range []struct{ from, to calendar.Date }{
		{date(2026, 3, 23), date(2026, 3, 30)},
		{date(2026, 10, 19), date(2026, 10, 26)},
		{date(2024, 3, 25), date(2024, 4, 1)},
		{date(2026, 3, 2), date(2026, 3, 30)},
	} {
		var arrivals []time.Time // one every 3 minutes, at 00:01, 00:04, …
		for ts := c.StartOf(row.from); ts.Before(c.StartOf(row.to)); ts = ts.Add(3 * time.Minute) {
			arrivals = append(arrivals, ts.Add(time.Minute))
		}
		weeks := (dayNumber(row.to) - dayNumber(row.from)) / 7
		f, err := NewForecast(History{Arrivals: arrivals, From: row.from, To: row.to}, row.to, 7, ForecastConfig{Calendar: c, Weeks: weeks, NoTrend: true})
		require.NoError(t, err)
		for _, s := range f.Slots {
			require.InDelta(t, 10, s.Arrivals, 1e-9, "learned from %s: slot %s", row.from, s.Start.In(loc).Format("Mon 2006-01-02 15:04"))
		}
		for _, d := range f.Days {
			assert.InDelta(t, 480, d.Arrivals, 1e-9, "learned from %s: %s", row.from, d.Date)
		}
	}
	// Easter Monday takes the profile of that week's holidays.
	f, err := NewForecast(History{From: date(2024, 3, 25), To: date(2024, 4, 1)}, date(2024, 4, 1), 1, ForecastConfig{Calendar: c})
	require.NoError(t, err)
	assert.Equal(t, "holiday", f.Days[0].Shape)
}

// TestVolumeCountsAcrossHalfHourShift: on Lord Howe Island the clocks go
// back from 02:00 to 01:30 on 5 April 2026, so the report's hour buckets
// there include one of 30 minutes (01:30–02:00 the second time); each
// count ends where the next begins, so none overlaps another.
func TestVolumeCountsAcrossHalfHourShift(t *testing.T) {
	loc, err := time.LoadLocation("Australia/Lord_Howe")
	require.NoError(t, err)
	r, err := metrics.NewReport(metrics.Config{Location: loc, VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	from := time.Date(2026, 4, 4, 13, 0, 0, 0, time.UTC) // 00:00+11:00
	for i := range 20 {
		_, events, err := ticket.Create(nil, uuid.UUID{byte(i), 3}, from.Add(time.Duration(15*i)*time.Minute), ticket.Customer("c"),
			ticket.Created{Subject: "s", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "c"}})
		require.NoError(t, err)
		require.NoError(t, r.Add(events))
	}
	counts, err := VolumeCounts(r.Volume)
	require.NoError(t, err)
	var got []string
	for _, s := range counts {
		got = append(got, fmt.Sprintf("%s-%s %g", s.Start.UTC().Format("15:04"), s.End.UTC().Format("15:04"), s.Arrivals))
	}
	assert.Equal(t, []string{"13:00-14:00 4", "14:00-15:00 4", "15:00-15:30 2", "15:30-16:30 4", "16:30-17:30 4", "17:30-18:30 2"}, got)
}
