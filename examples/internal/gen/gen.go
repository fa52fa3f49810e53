package gen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// Config says what to generate.
type Config struct {
	Hours   *calendar.Calendar // the desk's opening hours; its location is the desk's
	First   calendar.Date      // the first day generated
	Days    int                // number of days, at least 1
	Tickets int                // number of tickets arriving over those days
	Seed    uint64             // the same seed gives the same stream
}

// Stream is a generated set of ticket histories.
type Stream struct {
	Start time.Time // 00:00 on the first day, in the desk's location
	End   time.Time // 00:00 after the last day: no event is later
	// Tickets holds each ticket's history in order of creation. Histories
	// are cut at End, so tickets still being worked on are open.
	Tickets [][]ticket.Event
}

// ErrConfig reports an unusable Config.
var ErrConfig = errors.New("gen: invalid config")

// OsloHours returns the desk's default opening hours: Monday to Friday
// 08:00–16:00 in Europe/Oslo, closed on Norwegian public holidays, and
// Christmas Eve 09:00–13:00.
func OsloHours() (*calendar.Calendar, error) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return nil, err
	}
	var eves []calendar.SpecialDay
	for y := 2020; y <= 2035; y++ {
		eves = append(eves, calendar.SpecialDay{
			Date:  calendar.Date{Year: y, Month: time.December, Day: 24},
			Hours: calendar.MustParseHours("09:00-13:00"),
		})
	}
	holidays, err := calendar.HolidaysFor("NO")
	if err != nil {
		return nil, err
	}
	return calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(holidays...), calendar.WithSpecialDays(eves...),
		calendar.WithYears(2020, 2035))
}

// hourWeight is the relative number of arrivals in each local hour of a
// day: quiet at night, peaks at 09–11 and 13–15, a lunch dip at 12.
var hourWeight = [24]int{2, 1, 1, 1, 1, 2, 4, 10, 30, 62, 66, 50, 34, 56, 60, 44, 26, 18, 12, 10, 9, 7, 5, 3}

// Generate builds the stream described by cfg.
func Generate(cfg Config) (Stream, error) {
	if cfg.Hours == nil || cfg.Days < 1 || cfg.Tickets < 0 {
		return Stream{}, fmt.Errorf("%w: need opening hours, at least one day and no negative ticket count", ErrConfig)
	}
	loc := cfg.Hours.Location()
	s := Stream{
		Start: time.Date(cfg.First.Year, cfg.First.Month, cfg.First.Day, 0, 0, 0, 0, loc),
		End:   time.Date(cfg.First.Year, cfg.First.Month, cfg.First.Day+cfg.Days, 0, 0, 0, 0, loc),
	}
	arrivals := arrivalTimes(cfg, s.Start)
	s.Tickets = make([][]ticket.Event, len(arrivals))
	dups := make([][]ticket.Event, len(arrivals))
	errs := make([]error, len(arrivals))

	workers := min(runtime.GOMAXPROCS(0), 8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(arrivals); i += workers {
				l := newLife(cfg, i, s.End)
				errs[i] = l.live(arrivals[i])
				s.Tickets[i], dups[i] = cut(l.events, s.End), cut(l.dup, s.End)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Stream{}, err
	}
	// Duplicates join the stream in order of their creation.
	for _, d := range dups {
		if len(d) > 0 {
			s.Tickets = append(s.Tickets, d)
		}
	}
	slices.SortStableFunc(s.Tickets, func(a, b []ticket.Event) int { return a[0].At.Compare(b[0].At) })
	return s, nil
}

// arrivalTimes draws the creation instants of the tickets, in order.
func arrivalTimes(cfg Config, start time.Time) []time.Time {
	r := rand.New(rand.NewPCG(cfg.Seed, 0xa771_7a15))
	loc := start.Location()
	dayWeight := make([]int, cfg.Days)
	for i := range dayWeight {
		day := time.Date(start.Year(), start.Month(), start.Day()+i, 0, 0, 0, 0, loc)
		d := calendar.DateOf(day)
		switch {
		case cfg.Hours.OpenDays(d, calendar.DateOf(day.AddDate(0, 0, 1))) > 0:
			dayWeight[i] = 100
		case day.Weekday() == time.Saturday:
			dayWeight[i] = 18
		default: // Sunday or a holiday
			dayWeight[i] = 12
		}
	}
	out := make([]time.Time, cfg.Tickets)
	for i := range out {
		day := pick(r, len(dayWeight), func(i int) int { return dayWeight[i] })
		hour := pick(r, 24, func(i int) int { return hourWeight[i] })
		sec := r.IntN(3600)
		out[i] = time.Date(start.Year(), start.Month(), start.Day()+day, hour, sec/60, sec%60, 0, loc)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// cut drops the events after end.
func cut(events []ticket.Event, end time.Time) []ticket.Event {
	n := 0
	for n < len(events) && !events[n].At.After(end) {
		n++
	}
	return events[:n:n]
}

// Events returns every event of the stream in order of time; events at the
// same instant keep the order of their tickets' creation and their Seq.
func (s Stream) Events() []ticket.Event {
	n := 0
	for _, h := range s.Tickets {
		n += len(h)
	}
	all := make([]ticket.Event, 0, n)
	for _, h := range s.Tickets {
		all = append(all, h...)
	}
	slices.SortStableFunc(all, func(a, b ticket.Event) int { return a.At.Compare(b.At) })
	return all
}

// Customers returns how many distinct customers a stream of n tickets
// draws from.
func Customers(n int) int { return max(30, n/3) }
