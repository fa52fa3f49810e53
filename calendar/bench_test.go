package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"

	"github.com/servicedesk-go/desk/calendar"
)

// The benchmarks compare the calendar with rickar/cal's BusinessCalendar on
// the same desk: Europe/Oslo, Monday to Friday 08:00-16:00, Norwegian
// holidays. BusinessCalendar walks day by day; the calendar bisects
// prefix tables. (BusinessCalendar steps days by adding 24 hours, so it is
// wrong on some DST days and loops forever on others; this desk avoids
// both.)

type benchSpan struct {
	name string
	span time.Duration
}

func benchSpans() []benchSpan {
	return []benchSpan{
		{"1h", time.Hour},
		{"1d", 24 * time.Hour},
		{"1w", 7 * 24 * time.Hour},
		{"30d", 30 * 24 * time.Hour},
		{"365d", 365 * 24 * time.Hour},
	}
}

type benchDesk struct {
	loc    *time.Location
	desk   *calendar.Calendar
	rickar *cal.BusinessCalendar
	start  time.Time
}

func newBenchDesk(b *testing.B) benchDesk {
	b.Helper()
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		b.Fatal(err)
	}
	desk, err := calendar.New(loc, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))
	if err != nil {
		b.Fatal(err)
	}
	rickar := cal.NewBusinessCalendar()
	rickar.SetWorkHours(8*time.Hour, 16*time.Hour)
	rickar.AddHoliday(no.Holidays...)
	rickar.Cacheable = true
	return benchDesk{loc: loc, desk: desk, rickar: rickar, start: time.Date(2026, time.March, 2, 9, 30, 0, 0, loc)}
}

func BenchmarkElapsed(b *testing.B) {
	d := newBenchDesk(b)
	for _, s := range benchSpans() {
		end := d.start.Add(s.span)
		b.Run(s.name+"/desk", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.desk.Elapsed(d.start, end)
			}
		})
		b.Run(s.name+"/rickar", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.rickar.WorkHoursInRange(d.start, end)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	d := newBenchDesk(b)
	for _, s := range benchSpans() {
		// The open time in the span, so both sides walk the same span.
		work := d.desk.Elapsed(d.start, d.start.Add(s.span))
		b.Run(s.name+"/desk", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.desk.Add(d.start, work)
			}
		})
		b.Run(s.name+"/rickar", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.rickar.AddWorkHours(d.start, work)
			}
		})
	}
}

func BenchmarkNextOpen(b *testing.B) {
	d := newBenchDesk(b)
	friday := time.Date(2026, time.March, 27, 17, 0, 0, 0, d.loc)
	b.ReportAllocs()
	for b.Loop() {
		d.desk.NextOpen(friday)
	}
}

func BenchmarkIsOpen(b *testing.B) {
	d := newBenchDesk(b)
	b.ReportAllocs()
	for b.Loop() {
		d.desk.IsOpen(d.start)
	}
}

func BenchmarkNew(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		b.Fatal(err)
	}
	week := calendar.MustParseWeek("mon-fri 08:00-16:00")
	b.Run("default range", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := calendar.New(loc, week, calendar.WithHolidays(no.Holidays...)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("2000-2100", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := calendar.New(loc, week, calendar.WithHolidays(no.Holidays...), calendar.WithYears(2000, 2100)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCombined measures queries on the overlap of an Oslo desk and a
// New York desk, both with their holidays over the default range.
func BenchmarkCombined(b *testing.B) {
	d := newBenchDesk(b)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	customer, err := calendar.New(ny, calendar.MustParseWeek("mon-fri 08:00-17:00"), calendar.WithHolidays(us.Holidays...))
	if err != nil {
		b.Fatal(err)
	}
	both, err := calendar.Intersect(d.desk, customer)
	if err != nil {
		b.Fatal(err)
	}
	end := d.start.Add(365 * 24 * time.Hour)
	work := both.Elapsed(d.start, end)
	b.Run("Elapsed/365d", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			both.Elapsed(d.start, end)
		}
	})
	b.Run("Add/365d", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			both.Add(d.start, work)
		}
	})
	b.Run("IsOpen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			both.IsOpen(d.start)
		}
	})
	b.Run("NextOpen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			both.NextOpen(d.start)
		}
	})
	b.Run("Intersect", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := calendar.Intersect(d.desk, customer); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkOpenDays(b *testing.B) {
	d := newBenchDesk(b)
	from, to := calendar.Date{Year: 2026, Month: time.January, Day: 1}, calendar.Date{Year: 2026, Month: time.February, Day: 1}
	b.ReportAllocs()
	for b.Loop() {
		d.desk.OpenDays(from, to)
	}
}

// BenchmarkCombineAlways measures combining a desk over the default range
// with an always-open calendar, and, for scale, with a 24/7 calendar that
// has one closed date and so takes the general path.
func BenchmarkCombineAlways(b *testing.B) {
	d := newBenchDesk(b)
	always := calendar.Always(d.loc)
	utc := calendar.Always(time.UTC)
	closedOnce, err := calendar.New(d.loc, calendar.MustParseWeek("mon-sun 00:00-24:00"),
		calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 1950, Month: time.January, Day: 2})))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name    string
		combine func(...*calendar.Calendar) (*calendar.Calendar, error)
		with    *calendar.Calendar
	}{
		{"Union/Always", calendar.Union, always},
		{"Union/Always UTC", calendar.Union, utc},
		{"Union/general", calendar.Union, closedOnce},
		{"Intersect/Always", calendar.Intersect, always},
		{"Intersect/Always UTC", calendar.Intersect, utc},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.combine(d.desk, bc.with); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("Always", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			calendar.Always(d.loc)
		}
	})
}
