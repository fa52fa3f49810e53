package sla_test

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// benchPolicies has one policy with four targets on Oslo business hours and
// two levels, behind a VIP policy the benchmark tickets do not match.
func benchPolicies(b testing.TB) sla.Policies {
	desk := osloDesk(b)
	return sla.Policies{
		{Name: "vip", Version: 1, Match: sla.Condition{TagsAny: []string{"vip"}}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour, Hours: desk},
		}},
		{Name: "standard", Version: 4, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 4 * time.Hour, Hours: desk},
			{Metric: sla.NextReply(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour, Hours: desk},
			{Metric: sla.RequesterWait(), Priority: ticket.PriorityNormal, Duration: 24 * time.Hour, Hours: desk},
			{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 40 * time.Hour, Hours: desk},
		}, Levels: []sla.Level{
			{Name: "warn", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
			{Name: "escalate", Offset: time.Hour, Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "tier-2"}}},
		}},
	}
}

// conversation builds a ticket of exactly n events: customer messages and
// agent replies, some pending stretches, a solve and a reopen.
func conversation(b testing.TB, id int, start time.Time, n int) []ticket.Event {
	tk, evs, err := ticket.Create(nil, uuid.UUID{13: byte(id >> 16), 14: byte(id >> 8), 15: byte(id), 0: 1}, start, customer, ticket.Created{
		Subject: "bench", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal,
	})
	require.NoError(b, err)
	at := start
	for i := 0; len(evs) < n; i++ {
		at = at.Add(47 * time.Minute)
		var next ticket.Ticket
		var more []ticket.Event
		switch i % 6 {
		case 0, 3:
			next, more, err = tk.Reply(at, agent, ticket.Message{Public: true})
		case 1, 4:
			next, more, err = tk.Reply(at, customer, ticket.Message{Public: true})
		case 2:
			next, more, err = tk.SetStatus(at, agent, ticket.StatusPending)
		case 5:
			next, more, err = tk.SetStatus(at, agent, ticket.StatusSolved)
		}
		require.NoError(b, err)
		if len(evs)+len(more) > n { // no room for a status change too: a tag fills the last place
			next, more, err = tk.Tag(at, agent, []string{"t" + string(rune('a'+i%26))}, nil)
			require.NoError(b, err)
		}
		tk = next
		evs = append(evs, more...)
	}
	return evs
}

func BenchmarkEvaluate(b *testing.B) {
	ps := benchPolicies(b)
	events := conversation(b, 1, rfc(b, "2026-03-02T09:00:00+01:00"), 50)
	require.Len(b, events, 50)
	now := events[len(events)-1].At.Add(time.Hour)
	r, err := ps.Evaluate(events, now)
	require.NoError(b, err)
	require.NotEmpty(b, r.Instances)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ps.Evaluate(events, now)
	}
}

// BenchmarkEvaluator is BenchmarkEvaluate with an Evaluator, which
// validates the policies once and reuses its memory between evaluations.
func BenchmarkEvaluator(b *testing.B) {
	ev, err := sla.NewEvaluator(benchPolicies(b))
	require.NoError(b, err)
	events := conversation(b, 1, rfc(b, "2026-03-02T09:00:00+01:00"), 50)
	now := events[len(events)-1].At.Add(time.Hour)
	_, err = ev.Evaluate(events, now)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ev.Evaluate(events, now)
	}
}

// BenchmarkEvaluate10000Tickets evaluates 10,000 tickets of 4–15 events in
// a loop, each with Policies.Evaluate (a new result per ticket) and with
// one Evaluator (reused memory, as a report or a scheduler's sweep does).
func BenchmarkEvaluate10000Tickets(b *testing.B) {
	ps := benchPolicies(b)
	rng := rand.New(rand.NewPCG(1, 2))
	tickets := make([][]ticket.Event, 10000)
	start := rfc(b, "2026-03-02T09:00:00+01:00")
	for i := range tickets {
		tickets[i] = conversation(b, i, start.Add(time.Duration(rng.IntN(60*24*30))*time.Minute), 4+rng.IntN(12))
	}
	now := start.AddDate(0, 2, 0)
	b.Run("policies", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, evs := range tickets {
				if _, err := ps.Evaluate(evs, now); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("evaluator", func(b *testing.B) {
		ev, err := sla.NewEvaluator(ps)
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			for _, evs := range tickets {
				if _, err := ev.Evaluate(evs, now); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkSweep is a scheduler's sweep: one Evaluator re-evaluates the
// same 10,000 tickets of 4–15 events at an instant that advances by a
// minute from one sweep to the next, and asks each result what is due
// since the sweep before (the first sweep, which fires what was due
// before, is not measured). It reports the time, allocations and firings
// per ticket.
func BenchmarkSweep(b *testing.B) {
	ps := benchPolicies(b)
	rng := rand.New(rand.NewPCG(1, 2))
	tickets := make([][]ticket.Event, 10000)
	start := rfc(b, "2026-03-02T09:00:00+01:00")
	for i := range tickets {
		tickets[i] = conversation(b, i, start.Add(time.Duration(rng.IntN(60*24*30))*time.Minute), 4+rng.IntN(12))
	}
	ev, err := sla.NewEvaluator(ps)
	require.NoError(b, err)
	now := rfc(b, "2026-04-08T10:00:00+02:00")   // a working Wednesday: the clocks tick
	prev := make([]sla.Checkpoint, len(tickets)) // each ticket's previous run
	var due []sla.Firing
	fired := 0
	sweep := func() {
		now = now.Add(time.Minute)
		for i, evs := range tickets {
			r, err := ev.Evaluate(evs, now)
			if err != nil {
				b.Fatal(err)
			}
			if due, err = r.AppendDue(due[:0], prev[i], sla.CatchUp{}); err != nil {
				b.Fatal(err)
			}
			fired += len(due)
			prev[i] = r.Checkpoint()
		}
	}
	sweep() // the scheduler has run before: what was due then is fired
	fired = 0
	b.ReportAllocs()
	sweeps := 0
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		sweep()
		sweeps++
	}
	runtime.ReadMemStats(&after)
	n := float64(sweeps * len(tickets))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/n, "µs/ticket")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/ticket")
	b.ReportMetric(float64(fired)/n, "firings/ticket")
}
