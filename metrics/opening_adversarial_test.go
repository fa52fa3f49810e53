package metrics_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// genOpenings makes n random histories built to probe the opening comment
// of a ticket an agent opens (ticket.Opening): tickets opened by an agent,
// a customer, a bot or the system; a first message that is public,
// internal, automated, a bot's, another agent's or the customer's, at the
// instant of the creation or later, after a status change, an assignment
// or a priority change at that instant; pending and solved before the
// real first reply, reopens, priority changes, merges into and out of the
// ticket, and follow-ups an agent or the customer opens on a closed one
// (each a history of its own).
func genOpenings(t testing.TB, rng *rand.Rand, n int) [][]ticket.Event {
	t.Helper()
	base := time.Date(2026, 3, 2, 0, 0, 0, 0, mustLoc(t, "Europe/Oslo"))
	agents := []ticket.Actor{ticket.Agent("ingrid"), ticket.Agent("kari"), ticket.Agent("per")}
	prios := []ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}
	var out [][]ticket.Event
	next := 0
	newID := func() ticket.ID { next++; return tid(100000 + next) }
	for len(out) < n {
		at := base.Add(time.Duration(rng.Int64N(int64(200 * 24 * time.Hour)))).Truncate(time.Minute)
		cust := ticket.Customer(fmt.Sprintf("c%d", rng.IntN(9)))
		creators := []ticket.Actor{agents[0], agents[1], agents[0], cust, ticket.Bot("intake"), ticket.System("monitor")}
		by := creators[rng.IntN(len(creators))]
		tk, events, err := ticket.Create(nil, newID(), at, by, ticket.Created{Subject: "s", Channel: ticket.ChannelPhone,
			Requester: ticket.Requester{CustomerID: cust.ID}, Priority: prios[rng.IntN(len(prios))], Group: "l1"})
		require.NoError(t, err)
		step := func(tk2 ticket.Ticket, ev []ticket.Event, err error) {
			if err == nil {
				tk, events = tk2, append(events, ev...)
			}
		}
		// Events at the creation instant before the first message.
		for range rng.IntN(3) {
			switch rng.IntN(5) {
			case 0:
				step(tk.Assign(at, by, agents[rng.IntN(3)].ID, "l1"))
			case 1:
				step(tk.SetPriority(at, by, prios[rng.IntN(len(prios))]))
			case 2:
				step(tk.SetStatus(at, agents[0], ticket.StatusPending))
			case 3:
				step(tk.SetStatus(at, agents[0], ticket.StatusSolved))
			case 4:
				step(tk.SetStatus(at, agents[0], ticket.StatusOpen))
			}
		}
		// The first message: often the opening comment of an agent's ticket.
		if k := rng.IntN(9); k < 8 {
			if rng.IntN(2) == 0 {
				at = at.Add(time.Duration(rng.IntN(300)) * time.Minute)
			}
			msgs := []struct {
				by ticket.Actor
				m  ticket.Message
			}{
				{by, ticket.Message{Public: true}},
				{by, ticket.Message{Public: false}},
				{agents[2], ticket.Message{Public: true}},
				{agents[0], ticket.Message{Public: true, Automated: true}},
				{ticket.Bot("answerbot"), ticket.Message{Public: true}},
				{cust, ticket.Message{Public: true}},
				{agents[1], ticket.Message{Public: true}},
				{agents[0], ticket.Message{Public: false}},
			}
			step(tk.Reply(at, msgs[k].by, msgs[k].m))
		}
		var extra [][]ticket.Event
		for range rng.IntN(12) {
			if rng.IntN(4) > 0 {
				at = at.Add(time.Duration(rng.IntN(26*60)) * time.Minute)
			} // else at the same instant
			a := agents[rng.IntN(3)]
			switch rng.IntN(16) {
			case 0, 1, 2:
				step(tk.Reply(at, cust, ticket.Message{Public: true}))
			case 3, 4, 5:
				step(tk.Reply(at, a, ticket.Message{Public: true}))
			case 6:
				step(tk.Reply(at, a, ticket.Message{Public: false}))
			case 7:
				step(tk.Reply(at, ticket.Bot("answerbot"), ticket.Message{Public: true, Automated: true}))
			case 8:
				step(tk.ReplyWithStatus(at, a, ticket.Message{Public: true}, []ticket.Status{ticket.StatusPending, ticket.StatusSolved}[rng.IntN(2)]))
			case 9:
				step(tk.SetStatus(at, a, []ticket.Status{ticket.StatusPending, ticket.StatusOnHold, ticket.StatusOpen, ticket.StatusSolved}[rng.IntN(4)]))
			case 10:
				step(tk.SetPriority(at, a, prios[rng.IntN(len(prios))]))
			case 11:
				step(tk.Assign(at, a, a.ID, []string{"l1", "l2"}[rng.IntN(2)]))
			case 12: // a duplicate merged into the ticket
				src, sev, err := ticket.Create(nil, newID(), at, []ticket.Actor{cust, a}[rng.IntN(2)], ticket.Created{Subject: "dup",
					Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: cust.ID}, Group: "l1"})
				require.NoError(t, err)
				if rng.IntN(2) == 0 {
					src, more, err := src.Reply(at, a, ticket.Message{Public: true})
					require.NoError(t, err)
					sev = append(sev, more...)
					_ = src
				}
				srcT, err := ticket.Replay(nil, sev)
				require.NoError(t, err)
				if res, err := ticket.Merge(at, a, srcT, tk); err == nil {
					tk, events = res.Target, append(events, res.TargetEvents...)
					extra = append(extra, append(sev, res.SourceEvents...))
				}
			case 13: // the ticket merged into another
				dst, dev, err := ticket.Create(nil, newID(), at, cust, ticket.Created{Subject: "main",
					Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: cust.ID}, Group: "l1"})
				require.NoError(t, err)
				if res, err := ticket.Merge(at, a, tk, dst); err == nil {
					tk, events = res.Source, append(events, res.SourceEvents...)
					extra = append(extra, append(dev, res.TargetEvents...))
				}
			case 14, 15: // closed, then a follow-up by an agent or the customer
				if tk.Status.Category == ticket.StatusCategorySolved {
					step(tk.SetStatus(at, ticket.System("rule"), ticket.StatusClosed))
				}
				if tk.Status.Category == ticket.StatusCategoryClosed {
					fby := []ticket.Actor{a, cust}[rng.IntN(2)]
					fu, fev, err := ticket.FollowUp(tk, newID(), at.Add(time.Minute), fby, ticket.Created{},
						ticket.Message{Public: fby.Role == ticket.RoleCustomer || rng.IntN(4) > 0})
					if fby.Role == ticket.RoleCustomer {
						require.NoError(t, err)
					}
					if err == nil {
						for range rng.IntN(4) {
							fat := at.Add(time.Duration(1+rng.IntN(600)) * time.Minute)
							w := []ticket.Actor{a, cust}[rng.IntN(2)]
							if fu2, more, err := fu.Reply(fat, w, ticket.Message{Public: true}); err == nil {
								fu, fev = fu2, append(fev, more...)
							}
						}
						extra = append(extra, fev)
					}
				}
			}
		}
		out = append(out, events)
		for _, h := range extra {
			if len(out) < n {
				out = append(out, h)
			}
		}
	}
	return out
}

// openingPolicies: first reply, next reply and periodic update with
// priority-keyed targets (so a priority change retargets, retroactively),
// on hours.
func openingPolicies(hours sla.Hours) sla.Policies {
	var ts []sla.Target
	for _, m := range []sla.Metric{sla.FirstReply(), sla.NextReply(), sla.PeriodicUpdate()} {
		ts = append(ts,
			sla.Target{Metric: m, Priority: ticket.PriorityUrgent, Duration: time.Hour, Hours: hours},
			sla.Target{Metric: m, Priority: ticket.PriorityHigh, Duration: 2 * time.Hour, Hours: hours},
			sla.Target{Metric: m, Duration: 8 * time.Hour, Hours: hours})
	}
	return sla.Policies{{Name: "all", Version: 1, Targets: ts}}
}

// handCount is what a history's replies come to, counted by hand: agent
// replies (public human non-automated messages other than the opening
// comment of a ticket an agent opened), and at the last resolution, the
// replies and the interactions (replies and customer messages) before it.
type handCount struct {
	replies, toResolve, interactionsToResolve int
	opening                                   int // index of the opening comment, −1 none
}

func countByHand(h []ticket.Event) handCount {
	c := handCount{opening: -1}
	if h[0].Actor.Role == ticket.RoleAgent {
		for i, e := range h {
			m, ok := e.Data.(ticket.Message)
			if ok && !m.Automated && e.Actor.Role != ticket.RoleBot && e.Actor.Role != ticket.RoleSystem {
				c.opening = i
				break
			}
		}
	}
	interactions := 0
	for i, e := range h {
		switch d := e.Data.(type) {
		case ticket.Message:
			switch {
			case d.Public && !d.Automated && e.Actor.Role == ticket.RoleAgent && i == c.opening:
				// the description: no reply
			case d.Public && !d.Automated && e.Actor.Role == ticket.RoleAgent:
				c.replies++
				interactions++
			case d.Public && e.Actor.Role == ticket.RoleCustomer:
				interactions++
			}
		case ticket.StatusChanged:
			from, to := d.From.Category, d.To.Category
			if to == ticket.StatusCategorySolved && from != ticket.StatusCategorySolved ||
				to == ticket.StatusCategoryClosed && from.Active() && d.Reason != "merged" {
				c.toResolve, c.interactionsToResolve = c.replies, interactions
			}
		}
	}
	return c
}

// TestOpeningAdversarial: over histories built to probe the opening
// comment (genOpenings), read whole or part-way, metrics and sla agree on
// every ticket: the fold's first reply is the reply that fulfils sla's
// FirstReply instance, with its elapsed time in business and calendar
// hours; its next replies are the fulfilled instances of sla's NextReply,
// and a customer waiting is a running one; sla's first periodic update
// starts at a public opening comment; and the agent replies, one-touch,
// replies and interactions to resolve are the hand count's.
func TestOpeningAdversarial(t *testing.T) {
	n := 3000
	if long() {
		n = 30000
	}
	cal := deskCalendar(t)
	biz, wall := evaluators(t, cal, openingPolicies)
	rng := newRand(11)
	hs := genOpenings(t, rng, n)
	var f metrics.Facts
	var shifted, publicOpenings, nexts int
	for k, h := range hs {
		now, read := readAt(rng, h, k), len(h)
		if k%3 == 0 { // read part-way: the events up to now
			for read = 1; read < len(h) && !h[read].At.After(now); read++ {
			}
		}
		fo, err := metrics.NewFolder(metrics.Definitions{}, cal, now, time.Time{})
		require.NoError(t, err)
		require.NoError(t, fo.Fold(&f, h))
		hand := countByHand(h[:read])
		for _, c := range []struct {
			ev    *sla.Evaluator
			first time.Duration
			next  func(metrics.NextReply) time.Duration
			name  string
		}{
			{biz, f.FirstReply.Business, func(n metrics.NextReply) time.Duration { return n.Business }, "business"},
			{wall, f.FirstReply.Calendar, func(n metrics.NextReply) time.Duration { return n.Calendar }, "calendar"},
		} {
			res, err := c.ev.Evaluate(h, now)
			require.NoError(t, err)
			msg := fmt.Sprintf("ticket %d (%s hours)", k, c.name)
			first := instances(res, sla.NameFirstReply)
			switch len(first) {
			case 0: // fulfilled, or cancelled by a solve, at the creation instant: never ran
				if !f.FirstReply.Known || !f.FirstReplyAt.Equal(f.CreatedAt) {
					require.True(t, solvedAt(h, f.CreatedAt), msg)
				}
			case 1:
				switch in := first[0]; in.State {
				case sla.StateFulfilled:
					require.True(t, f.FirstReply.Known, msg)
					require.True(t, in.End.Equal(f.FirstReplyAt), "%s: sla %v, fold %v", msg, in.End, f.FirstReplyAt)
					require.Equal(t, in.Elapsed, c.first, msg)
				case sla.StateActive, sla.StatePaused:
					require.False(t, f.FirstReply.Known, msg)
				case sla.StateCancelled:
					require.True(t, !f.FirstReply.Known || !f.FirstReplyAt.Before(in.End), msg) // a reply after the solve (at its instant too)
				}
			default:
				t.Fatalf("%s: %d first-reply instances", msg, len(first))
			}
			var want, got []time.Duration
			active := false
			for _, in := range instances(res, sla.NameNextReply) {
				switch in.State {
				case sla.StateFulfilled:
					want = append(want, in.Elapsed)
				case sla.StateActive, sla.StatePaused:
					active = true
				}
			}
			for _, n := range f.NextReplies {
				if n.Calendar > 0 { // sla lists no clock that starts and ends at one instant
					got = append(got, c.next(n))
				}
			}
			require.Equal(t, want, got, msg)
			require.Equal(t, active, f.NextReplyWaiting, msg)
			if i := hand.opening; i >= 0 && i < read && sla.IsAgentReply(h[i]) {
				before, err := ticket.Replay(nil, h[:i])
				require.NoError(t, err)
				// Unless a solve, close or merge at its instant ends the
				// clock it starts (which then never ran).
				ended := false
				for j := i + 1; j < read && h[j].At.Equal(h[i].At); j++ {
					if d, ok := h[j].Data.(ticket.StatusChanged); ok && !d.To.Category.Active() {
						ended = true
					}
				}
				if before.Status.Category.Active() && !ended {
					updates := instances(res, sla.NamePeriodicUpdate)
					require.NotEmpty(t, updates, msg)
					require.True(t, updates[0].Start.Equal(h[i].At), "%s: periodic update starts at %v, opening comment at %v", msg, updates[0].Start, h[i].At)
				}
			}
		}
		require.Equal(t, hand.replies, f.AgentReplies, "ticket %d", k)
		if f.Resolved() {
			require.Equal(t, hand.toResolve, f.RepliesToResolve, "ticket %d", k)
			require.Equal(t, hand.interactionsToResolve, f.InteractionsToResolve, "ticket %d", k)
		}
		for _, rule := range []metrics.OneTouchRule{metrics.OneTouchFewerThanTwo, metrics.OneTouchExactlyOne} {
			want := f.Resolved() && (rule == metrics.OneTouchFewerThanTwo && hand.replies < 2 || rule == metrics.OneTouchExactlyOne && hand.replies == 1)
			require.Equal(t, want, f.OneTouch(rule), "ticket %d, %s", k, rule)
		}
		if i := hand.opening; i >= 0 && i < read && sla.IsAgentReply(h[i]) {
			publicOpenings++
			if f.FirstReply.Known {
				shifted++
			}
		}
		nexts += len(f.NextReplies)
	}
	t.Logf("%d histories: %d public opening comments, %d of them replied to later; %d next replies", len(hs), publicOpenings, shifted, nexts)
	assert.Greater(t, publicOpenings, n/10)
	assert.Greater(t, shifted, n/40)
	assert.Greater(t, nexts, n/20)
}

// TestOpeningFoldsInARow: one Folder folding the histories one after the
// other (agent-opened after customer-opened and back) gives each the facts
// a new Folder gives it; so does one sla.Evaluator its clocks; and a report built with AddAll, with Add one by
// one, and as two halves merged, encodes the same.
func TestOpeningFoldsInARow(t *testing.T) {
	cal := deskCalendar(t)
	hs := genOpenings(t, newRand(12), 1500)
	shared, err := metrics.NewFolder(metrics.Definitions{}, cal, time.Time{}, time.Time{})
	require.NoError(t, err)
	var got metrics.Facts // reused, as a report does
	for k, h := range hs {
		require.NoError(t, shared.Fold(&got, h))
		fresh, err := metrics.NewFolder(metrics.Definitions{}, cal, time.Time{}, time.Time{})
		require.NoError(t, err)
		var want metrics.Facts
		require.NoError(t, fresh.Fold(&want, h))
		emptyAsNil(&got)
		emptyAsNil(&want)
		require.Equal(t, want, got, "ticket %d", k)
	}
	// An sla.Evaluator reused from ticket to ticket, and evaluating a
	// prefix of a history before the whole of it, gives each the result a
	// fresh evaluation does.
	ps := openingPolicies(cal)
	ev, err := sla.NewEvaluator(ps)
	require.NoError(t, err)
	for k, h := range hs {
		mid := h[0].At.Add(h[len(h)-1].At.Sub(h[0].At) / 2)
		for _, now := range []time.Time{mid, h[len(h)-1].At} {
			got, err := ev.Evaluate(h, now)
			require.NoError(t, err)
			want, err := ps.Evaluate(h, now)
			require.NoError(t, err)
			require.Equal(t, want.Instances, got.Clone().Instances, "ticket %d at %v", k, now)
		}
	}
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: cal, SLA: ps}
	all, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	require.NoError(t, all.AddAll(hs))
	one, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for _, h := range hs {
		require.NoError(t, one.Add(h))
	}
	a, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	b, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	require.NoError(t, a.AddAll(hs[:len(hs)/3]))
	require.NoError(t, b.AddAll(hs[len(hs)/3:]))
	require.NoError(t, a.Merge(b))
	enc := func(r *metrics.Report) string {
		r.Sort()
		j, err := json.Marshal(r)
		require.NoError(t, err)
		return string(j)
	}
	want := enc(all)
	assert.Equal(t, want, enc(one))
	assert.Equal(t, want, enc(a))
}

// instances returns the result's instances of the metric named name, in
// order.
func instances(r sla.Result, name string) []sla.Instance {
	var out []sla.Instance
	for _, in := range r.Instances {
		if in.Metric.Name == name {
			out = append(out, in)
		}
	}
	return out
}

// solvedAt reports whether the history solves or closes the ticket at at.
func solvedAt(h []ticket.Event, at time.Time) bool {
	for _, e := range h {
		if d, ok := e.Data.(ticket.StatusChanged); ok && e.At.Equal(at) && !d.To.Category.Active() {
			return true
		}
	}
	return false
}

// emptyAsNil makes f's empty slices nil: a Facts reused keeps its storage.
func emptyAsNil(f *metrics.Facts) {
	if len(f.Agents) == 0 {
		f.Agents = nil
	}
	if len(f.NextReplies) == 0 {
		f.NextReplies = nil
	}
	if len(f.Workflows) == 0 {
		f.Workflows = nil
	}
	if len(f.Tags) == 0 {
		f.Tags = nil
	}
}

// TestZeroNextReply: an answer written at the instant of the customer's
// message (one update carrying both, or two events on the same second) is
// a next reply of 0, counted as a value, as a first reply at the creation
// instant is a first reply of 0; package sla lists no instance for either,
// since a clock that starts and ends at one instant never runs. Also on a
// ticket an agent opened, where the customer's answer to the opening
// comment starts nothing and the reply at its instant is the first reply.
func TestZeroNextReply(t *testing.T) {
	cal := deskCalendar(t)
	at := oslo(t, "2026-03-23 09:00")
	ps := openingPolicies(cal)
	for _, c := range []struct {
		name     string
		h        []ticket.Event
		first    metrics.Elapsed
		next     []time.Duration
		slaFirst int
		slaNext  int
	}{{
		name: "customer opened",
		h: newStory(t, 1, at, ticket.Created{Subject: "s"}).
			reply(at.Add(time.Hour), ingrid).
			reply(at.Add(2*time.Hour), ola).
			reply(at.Add(2*time.Hour), ingrid).events,
		first: metrics.Elapsed{Calendar: time.Hour, Business: time.Hour, Known: true}, next: []time.Duration{0},
		slaFirst: 1, slaNext: 0,
	}, {
		name: "agent opened",
		h: agentStory(t, 2, at).
			reply(at, ingrid). // the opening comment
			reply(at.Add(2*time.Hour), ola).
			reply(at.Add(2*time.Hour), ingrid).events, // the first reply
		first:    metrics.Elapsed{Calendar: 2 * time.Hour, Business: 2 * time.Hour, Known: true},
		slaFirst: 1, slaNext: 0,
	}, {
		name: "replied at the creation instant",
		h: newStory(t, 3, at, ticket.Created{Subject: "s"}).
			reply(at, ingrid).events,
		first:    metrics.Elapsed{Known: true},
		slaFirst: 0, slaNext: 0,
	}} {
		t.Run(c.name, func(t *testing.T) {
			fo, err := metrics.NewFolder(metrics.Definitions{}, cal, time.Time{}, time.Time{})
			require.NoError(t, err)
			var f metrics.Facts
			require.NoError(t, fo.Fold(&f, c.h))
			assert.Equal(t, c.first, f.FirstReply)
			var got []time.Duration
			for _, n := range f.NextReplies {
				got = append(got, n.Business)
			}
			assert.Equal(t, c.next, got)
			res, err := ps.Evaluate(c.h, c.h[len(c.h)-1].At)
			require.NoError(t, err)
			assert.Len(t, instances(res, sla.NameFirstReply), c.slaFirst)
			assert.Len(t, instances(res, sla.NameNextReply), c.slaNext)
		})
	}
}
