package sla_test

import (
	"iter"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// long reports whether the long sweeps run (DESK_LONG=1).
func long() bool { return os.Getenv("DESK_LONG") == "1" }

// seedBase is the first seed of the random sweeps: 0, or DESK_SEED (an
// integer) to sweep fresh seeds (DESK_SEED=1000000 DESK_LONG=1).
func seedBase() int {
	n, err := strconv.Atoi(os.Getenv("DESK_SEED"))
	if err != nil {
		return 0
	}
	return n
}

// seeds yields sample(n, many) seeds from seedBase.
func seeds(n, many int) iter.Seq[int] {
	base, k := seedBase(), sample(n, many)
	return func(yield func(int) bool) {
		for i := range k {
			if !yield(base + i) {
				return
			}
		}
	}
}

// sample returns n, or many under DESK_LONG=1.
func sample(n, many int) int {
	if long() {
		return many
	}
	return n
}

// refWeek is the reference's business week in Oslo: Mon–Fri 08:00–16:00
// and Saturday 10:00–14:00, with 2 April 2026 closed.
const refWeek = "mon-fri 08:00-16:00; sat 10:00-14:00"

var refHoliday = calendar.Date{Year: 2026, Month: time.April, Day: 2}

func refDesk(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(oslo, calendar.MustParseWeek(refWeek), calendar.WithSpecialDays(calendar.Closed(refHoliday)))
	require.NoError(t, err)
	return c
}

// refStart is the first day random tickets are created on (see
// autumnReference).
var refStart = time.Date(2026, time.March, 24, 0, 0, 0, 0, oslo)

// randomTicket creates a ticket in Oslo in the ten days from refStart (in
// late March 2026), often with a priority (four in five), sometimes tagged
// vip (one in three), sometimes opened by an agent (one in three), with a
// public or internal opening comment (after a trigger's acknowledgement
// one time in three) or none.
func randomTicket(t testing.TB, rng *rand.Rand) (ticket.Ticket, []ticket.Event) {
	t.Helper()
	start := time.Date(refStart.Year(), refStart.Month(), refStart.Day()+rng.IntN(10), rng.IntN(24), 10*rng.IntN(6), 0, 0, oslo)
	prios := ticket.Priorities()
	p := ticket.Priority("")
	if rng.IntN(5) > 0 {
		p = prios[rng.IntN(len(prios))]
	}
	var tags []string
	if rng.IntN(3) == 0 {
		tags = []string{"vip"}
	}
	// One ticket in three is opened by an agent (a phone call logged),
	// most of them with an opening comment at once: public (the
	// description the customer reads), or an internal note.
	by, opening := customer, 0
	if rng.IntN(3) == 0 {
		by, opening = agent, rng.IntN(4)
	}
	tk, evs, err := ticket.Create(nil, uuid.UUID{15: 7}, start, by, ticket.Created{
		Subject: "random", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Priority: p, Tags: tags,
	})
	require.NoError(t, err)
	if opening > 0 {
		var more []ticket.Event
		if rng.IntN(3) == 0 { // a trigger acknowledges first: the description is still to come
			tk, more, err = tk.Reply(start, ticket.System("trigger"), ticket.Message{Public: true, Automated: true, Body: "we received your request"})
			require.NoError(t, err)
			evs = append(evs, more...)
		}
		tk, more, err = tk.Reply(start, agent, ticket.Message{Public: opening < 3, Body: "as discussed on the phone"})
		require.NoError(t, err)
		evs = append(evs, more...)
	}
	return tk, evs
}

// randomHistory builds a history of whole-minute events with the ticket
// commands: messages from both sides, notes, status changes, priority and
// tag changes, now and then a merge.
func randomHistory(t testing.TB, rng *rand.Rand, n int) []ticket.Event {
	t.Helper()
	tk, evs := randomTicket(t, rng)
	prios := ticket.Priorities()
	at := tk.CreatedAt
	var err error
	statuses := []ticket.Status{ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusClosed}
	for range n {
		if rng.IntN(4) > 0 { // a quarter of the events share the instant of the one before
			at = at.Add(time.Duration(rng.IntN(36)) * 10 * time.Minute) // steps of 10 minutes, so thresholds often coincide with events
		}
		var next ticket.Ticket
		var more []ticket.Event
		switch k := rng.IntN(20); {
		case k < 5:
			next, more, err = tk.Reply(at, customer, ticket.Message{Public: true})
		case k < 10:
			next, more, err = tk.Reply(at, agent, ticket.Message{Public: true})
		case k < 11:
			next, more, err = tk.Reply(at, agent, ticket.Message{Public: false})
		case k < 12:
			next, more, err = tk.Reply(at, ticket.Bot("b"), ticket.Message{Public: true})
		case k < 16:
			s := statuses[rng.IntN(len(statuses))]
			if s == ticket.StatusClosed && rng.IntN(3) > 0 {
				s = ticket.StatusSolved
			}
			next, more, err = tk.SetStatus(at, agent, s)
		case k < 18:
			next, more, err = tk.SetPriority(at, agent, prios[rng.IntN(len(prios))])
		case k < 19:
			next, more, err = toggleVIP(tk, at)
		default:
			if rng.IntN(4) > 0 {
				continue
			}
			next, more, err = mergeAway(t, tk, at)
		}
		if err != nil {
			continue // not allowed now (closed, invalid transition, …)
		}
		tk = next
		evs = append(evs, more...)
	}
	return evs
}

// randomPolicies builds one to three policies: a VIP policy and priority
// policies before a fallback, with targets in whole multiples of 20 minutes
// on business or calendar hours and levels at whole minutes.
func randomPolicies(rng *rand.Rand, biz sla.Hours) sla.Policies {
	metrics := sla.Presets()
	hours := []sla.Hours{biz, calendar.Always(oslo)}
	var ps sla.Policies
	conds := []sla.Condition{{TagsAny: []string{"vip"}}, {Priorities: []ticket.Priority{ticket.PriorityHigh, ticket.PriorityUrgent}}, {}}
	for i, c := range conds {
		if i < 2 && rng.IntN(2) == 0 {
			continue
		}
		if i == 2 && rng.IntN(5) == 0 {
			continue // no fallback: some tickets have no SLA
		}
		p := sla.Policy{Name: []string{"vip", "high", "standard"}[i], Version: rng.IntN(3), Match: c}
		if rng.IntN(2) == 0 {
			p.Recalculation = sla.Prospective
		}
		h := hours[rng.IntN(2)]
		for _, m := range metrics {
			if rng.IntN(2) == 0 {
				continue
			}
			for _, pr := range append([]ticket.Priority{""}, ticket.Priorities()...) {
				if rng.IntN(3) > 0 {
					continue
				}
				p.Targets = append(p.Targets, sla.Target{Metric: m, Priority: pr, Duration: time.Duration(1+rng.IntN(24)) * 20 * time.Minute, Hours: h})
			}
		}
		if len(p.Targets) > 0 && rng.IntN(2) == 0 {
			p.Levels = []sla.Level{
				{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
				{Name: "late", Offset: 20 * time.Minute, Actions: []sla.Action{{Kind: sla.ActionAddTag, Tag: "late"}}},
			}
			if rng.IntN(2) == 0 {
				p.Levels = append(p.Levels, sla.Level{Name: "soon", Offset: -10 * time.Minute, Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "t2"}}})
			}
		}
		ps = append(ps, p)
	}
	return ps
}
