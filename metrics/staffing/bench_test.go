package staffing

import (
	"testing"
	"time"
)

// BenchmarkAgentsC1000Erlangs is the fewest agents for one interval at
// 1,000 Erlangs, 80 % in 20 s (budget 50 µs).
func BenchmarkAgentsC1000Erlangs(b *testing.B) {
	l := Load{Arrivals: 10000, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.AgentsC(tg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAgentsA1000Erlangs is the same under Erlang A with a patience
// of two handling times.
func BenchmarkAgentsA1000Erlangs(b *testing.B) {
	l := Load{Arrivals: 10000, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.AgentsA(6*time.Minute, "", tg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanWeek is a week of half-hour intervals for three channels:
// phone under Erlang A, chat with concurrency 2, email by workload in
// business hours, against a roster (budget 5 ms).
func BenchmarkPlanWeek(b *testing.B) {
	c := osloDesk(b)
	loc := c.Location()
	from := time.Date(2026, 5, 11, 0, 0, 0, 0, loc)
	slots := func(scale float64) []Slot {
		out := make([]Slot, 7*48)
		for i := range out {
			s := from.Add(time.Duration(i) * 30 * time.Minute)
			out[i] = Slot{Start: s, End: s.Add(30 * time.Minute), Arrivals: scale * hourShape[s.In(loc).Hour()]}
		}
		return out
	}
	demands := []Demand{
		{Channel{Name: "phone", Kind: KindQueue, AHT: 4 * time.Minute, Hours: c, Patience: 3 * time.Minute,
			Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}, slots(2)},
		{Channel{Name: "chat", Kind: KindChat, AHT: 8 * time.Minute, Hours: c, Concurrency: 2,
			Target: Target{ServiceLevel: 0.8, Within: time.Minute}}, slots(1.5)},
		{Channel{Name: "email", Kind: KindAsync, AHT: 6 * time.Minute, Hours: c, Window: 4 * time.Hour}, slots(3)},
	}
	roster, err := HoursRoster(c, from, from.AddDate(0, 0, 7), 30)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewPlan(demands, roster, 0.3); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForecastYear learns from a year of 30-minute counts (52 weeks,
// 17,472 intervals) and forecasts the next week (budget 50 ms).
func BenchmarkForecastYear(b *testing.B) {
	c := osloDesk(b)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 6000, growth: 0.005}
	from, to := date(2025, 5, 12), date(2026, 5, 11)
	var counts []Slot
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		for s := c.StartOf(d); s.Before(c.StartOf(d.AddDays(1))); s = s.Add(30 * time.Minute) {
			counts = append(counts, Slot{Start: s, End: s.Add(30 * time.Minute), Arrivals: float64(int(tr.rate(s)))})
		}
	}
	h := History{Counts: counts, From: from, To: to}
	cfg := ForecastConfig{Calendar: c, Weeks: 52}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewForecast(h, to, 7, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForecastYearInstants learns from a year of arrival instants
// (about 300,000) instead of counts.
func BenchmarkForecastYearInstants(b *testing.B) {
	c := osloDesk(b)
	tr := truth{cal: c, origin: date(2026, 5, 11), base: 6000, growth: 0.005}
	from, to := date(2025, 5, 12), date(2026, 5, 11)
	h := History{Arrivals: tr.draw(9, from, to), From: from, To: to}
	cfg := ForecastConfig{Calendar: c, Weeks: 52}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewForecast(h, to, 7, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
