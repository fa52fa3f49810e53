package followup_test

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

type benchTicket struct {
	events []ticket.Event
	now    time.Time
}

var (
	benchOnce    sync.Once
	benchTickets []benchTicket
)

// benchSet returns 100,000 random histories (about 10 events each).
func benchSet(b *testing.B) []benchTicket {
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(11, 12))
		benchTickets = make([]benchTicket, 100_000)
		for i := range benchTickets {
			events, now := randomHistory(b, r)
			id := uuid.UUID{}
			id[0], id[1], id[2], id[15] = byte(i>>16), byte(i>>8), byte(i), 1
			for j := range events {
				events[j].TicketID = id
			}
			benchTickets[i] = benchTicket{events: events, now: now}
		}
	})
	return benchTickets
}

func benchPlanner(b *testing.B) *followup.Planner {
	p, err := followup.NewPlanner(propRules(rand.New(rand.NewPCG(13, 14))), osloCal)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkPlan100k plans 100,000 tickets per iteration.
func BenchmarkPlan100k(b *testing.B) {
	set := benchSet(b)
	p := benchPlanner(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range set {
			if _, err := p.Plan(set[i].events, set[i].now); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(set)), "ns/ticket")
}

// BenchmarkPlanOutage plans the users' outage example: a ticket with a
// cadence, an evening of updates, and a due promise.
func BenchmarkPlanOutage(b *testing.B) {
	p, err := followup.NewPlanner(outageRules(), nil)
	if err != nil {
		b.Fatal(err)
	}
	h := newHist(b, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	for at := rfc("2026-06-09T18:15:00+02:00"); at.Before(rfc("2026-06-09T22:00:00+02:00")); at = at.Add(30 * time.Minute) {
		h.reply(at, ingrid)
	}
	now := rfc("2026-06-09T22:40:00+02:00")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Plan(h.events, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplay is the reference: ticket.Replay of the same histories,
// which every plan starts with.
func BenchmarkReplay100k(b *testing.B) {
	set := benchSet(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range set {
			if _, err := ticket.Replay(nil, set[i].events); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSweep10k is a scheduler's sweep: 10,000 tickets, each re-planned
// at a now that advances by 10 minutes every iteration (over 30 days, then
// again from the start), as a wake-up worker re-plans a ticket at each of
// its wake-ups. It reports the time (wall and, where the system says, the
// process's CPU time), bytes and allocations per ticket, with
// a new plan each time (Planner) and with one Sweeper's memory (Sweeper).
func BenchmarkSweep10k(b *testing.B) {
	p := benchPlanner(b)
	b.Run("Planner", func(b *testing.B) { benchSweep(b, p.Plan) })
	b.Run("Sweeper", func(b *testing.B) { benchSweep(b, p.Sweeper().Plan) })
}

func benchSweep(b *testing.B, plan func([]ticket.Event, time.Time) (followup.Plan, error)) {
	set := benchSet(b)[:10_000]
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, bytes := ms.Mallocs, ms.TotalAlloc
	cpu0, cpuOK := cpuTime()
	step := 0
	b.ResetTimer()
	for b.Loop() {
		shift := time.Duration(step%(30*24*6)) * 10 * time.Minute
		step++
		for i := range set {
			if _, err := plan(set[i].events, set[i].now.Add(shift)); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu1, _ := cpuTime()
	runtime.ReadMemStats(&ms)
	n := float64(b.N) * float64(len(set))
	if cpuOK {
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/n/1000, "cpu-µs/ticket")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n/1000, "µs/ticket")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/n, "allocs/ticket")
	b.ReportMetric(float64(ms.TotalAlloc-bytes)/n, "B/ticket")
}
