package sla_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// mixedMetric draws a metric definition from every combination the
// validation allows.
func mixedMetric(rng *rand.Rand, name string) sla.Metric {
	m := sla.Metric{Name: name}
	m.Start = []sla.Start{sla.StartCreated, sla.StartCustomerMessage, sla.StartAgentReply}[rng.IntN(3)]
	m.Stop = []sla.Stop{sla.StopAgentReply, sla.StopSolve}[rng.IntN(2)]
	if m.Stop == sla.StopSolve {
		m.Reopen = []sla.Reopen{sla.ReopenFinal, sla.ReopenContinue}[rng.IntN(2)]
	}
	if m.Start == sla.StartCustomerMessage && rng.IntN(2) == 0 {
		m.AfterFirstReply = true
	}
	for _, c := range []ticket.StatusCategory{ticket.StatusCategoryNew, ticket.StatusCategoryOpen, ticket.StatusCategoryPending, ticket.StatusCategoryOnHold} {
		if rng.IntN(3) == 0 {
			m.Paused = append(m.Paused, c)
		}
	}
	return m
}

// mixedPolicies draws policies with preset and custom metrics (sometimes
// more than eight), many levels, both recalculation modes, and conditions
// of the forms the reference understands.
func mixedPolicies(rng *rand.Rand, biz sla.Hours) sla.Policies {
	metrics := slices.Clone(sla.Presets())
	for i := range rng.IntN(8) {
		metrics = append(metrics, mixedMetric(rng, "custom_"+strconv.Itoa(i)))
	}
	rng.Shuffle(len(metrics), func(i, j int) { metrics[i], metrics[j] = metrics[j], metrics[i] })
	hours := []sla.Hours{biz, calendar.Always(oslo)}
	conds := []sla.Condition{{TagsAny: []string{"vip"}}, {Priorities: []ticket.Priority{ticket.PriorityHigh, ticket.PriorityUrgent}},
		{Priorities: []ticket.Priority{ticket.PriorityLow}}, {}}
	var ps sla.Policies
	for i, c := range conds {
		if i < len(conds)-1 && rng.IntN(3) == 0 {
			continue
		}
		if i == len(conds)-1 && rng.IntN(6) == 0 {
			continue
		}
		p := sla.Policy{Name: "p" + strconv.Itoa(i), Version: rng.IntN(3), Match: c}
		if rng.IntN(2) == 0 {
			p.Recalculation = sla.Prospective
		}
		h := hours[rng.IntN(2)]
		for _, m := range metrics {
			if rng.IntN(4) == 0 {
				continue
			}
			for _, pr := range append([]ticket.Priority{""}, ticket.Priorities()...) {
				if rng.IntN(2) > 0 {
					continue
				}
				p.Targets = append(p.Targets, sla.Target{Metric: m, Priority: pr, Duration: time.Duration(1+rng.IntN(12)) * 20 * time.Minute, Hours: h})
			}
		}
		if len(p.Targets) > 0 {
			for j := range rng.IntN(12) {
				l := sla.Level{Name: "l" + strconv.Itoa(j), Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}}
				if rng.IntN(2) == 0 {
					l.Percent = 5 * (1 + rng.IntN(60)) // whole minutes of the 20-minute steps
				} else {
					l.Offset = time.Duration(rng.IntN(10)) * 10 * time.Minute
				}
				if rng.IntN(3) == 0 {
					l.Metric = p.Targets[rng.IntN(len(p.Targets))].Metric.Name
				}
				p.Levels = append(p.Levels, l)
			}
		}
		ps = append(ps, p)
	}
	return ps
}

// historyMix weighs the commands a random history is drawn from.
type historyMix struct {
	move   int                            // the clock moves before one event in move; the others share an instant
	step   func(*rand.Rand) time.Duration // how far it moves
	weight struct {
		customer, reply, note, status, priority, tag, close, merge int
	}
	statuses []ticket.Status // the statuses a status change draws from
}

// drawHistory continues the history of tk (whose events are evs) with n
// commands drawn by m; commands the ticket refuses are skipped.
func drawHistory(t testing.TB, rng *rand.Rand, tk ticket.Ticket, evs []ticket.Event, n int, m historyMix) []ticket.Event {
	t.Helper()
	w := m.weight
	total := w.customer + w.reply + w.note + w.status + w.priority + w.tag + w.close + w.merge
	prios := ticket.Priorities()
	at := tk.CreatedAt
	for range n {
		if rng.IntN(m.move) == 0 {
			at = at.Add(m.step(rng))
		}
		var next ticket.Ticket
		var more []ticket.Event
		var err error
		switch k := rng.IntN(total); {
		case k < w.customer:
			next, more, err = tk.Reply(at, customer, ticket.Message{Public: true})
		case k < w.customer+w.reply:
			next, more, err = tk.Reply(at, agent, ticket.Message{Public: true})
		case k < w.customer+w.reply+w.note:
			next, more, err = tk.Reply(at, agent, ticket.Message{Public: false})
		case k < w.customer+w.reply+w.note+w.status:
			next, more, err = tk.SetStatus(at, agent, m.statuses[rng.IntN(len(m.statuses))])
		case k < w.customer+w.reply+w.note+w.status+w.priority:
			next, more, err = tk.SetPriority(at, agent, prios[rng.IntN(len(prios))])
		case k < total-w.close-w.merge:
			next, more, err = toggleVIP(tk, at)
		case k < total-w.merge:
			next, more, err = tk.SetStatus(at, agent, ticket.StatusClosed)
		default:
			next, more, err = mergeAway(t, tk, at)
		}
		if err != nil {
			continue
		}
		tk = next
		evs = append(evs, more...)
	}
	return evs
}

// toggleVIP adds the tag vip, or removes it when the ticket has it.
func toggleVIP(tk ticket.Ticket, at time.Time) (ticket.Ticket, []ticket.Event, error) {
	if tk.HasTag("vip") {
		return tk.Tag(at, agent, nil, []string{"vip"})
	}
	return tk.Tag(at, agent, []string{"vip"}, nil)
}

// mixedHistory draws a history heavy in status, priority and tag changes,
// many of them at one instant.
func mixedHistory(t testing.TB, rng *rand.Rand, n int) []ticket.Event {
	t.Helper()
	tk, evs := randomTicket(t, rng)
	m := historyMix{move: 3, step: func(rng *rand.Rand) time.Duration { return time.Duration(rng.IntN(24)) * 10 * time.Minute },
		statuses: []ticket.Status{ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusNew}}
	m.weight.customer, m.weight.reply, m.weight.note, m.weight.status, m.weight.priority, m.weight.tag, m.weight.close, m.weight.merge =
		56, 56, 16, 96, 56, 32, 7, 1
	return drawHistory(t, rng, tk, evs, n, m)
}

type mixedCase struct {
	events []ticket.Event
	ps     sla.Policies
	now    time.Time
}

func drawMixed(t testing.TB, seed int, biz sla.Hours) mixedCase {
	rng := rand.New(rand.NewPCG(uint64(seed), 4242))
	var events []ticket.Event
	if rng.IntN(2) == 0 {
		events = mixedHistory(t, rng, 3+rng.IntN(40))
	} else {
		events = randomHistory(t, rng, 3+rng.IntN(30))
	}
	ps := mixedPolicies(rng, biz)
	first, last := events[0].At, events[len(events)-1].At
	var now time.Time
	switch rng.IntN(4) {
	case 0: // at an event's instant
		now = events[rng.IntN(len(events))].At
	case 1: // after everything
		now = last.Add(time.Duration(rng.IntN(48*60)) * time.Minute)
	default:
		now = first.Add(time.Duration(rng.Int64N(int64(last.Sub(first) + time.Hour)))).Truncate(time.Minute)
	}
	return mixedCase{events, ps, now}
}

// checkTimelines checks the shape of every timeline in a fresh result: it
// starts at the instance's start, its segments follow each other, change
// state at each step, and the active ones count what their hours count;
// and no two instances share memory.
func checkTimelines(t *testing.T, name string, r sla.Result) {
	t.Helper()
	type span struct{ lo, hi uintptr }
	var spans []span
	for _, in := range r.Instances {
		tag := fmt.Sprintf("%s: %s #%d", name, in.Metric.Name, in.Number)
		require.NotEmpty(t, in.Timeline, tag)
		require.True(t, in.Timeline[0].From.Equal(in.Start), "%s: first segment from %v, start %v", tag, in.Timeline[0].From, in.Start)
		var run time.Duration
		for i, s := range in.Timeline {
			last := i == len(in.Timeline)-1
			if !last {
				require.False(t, s.To.IsZero(), "%s: segment %d open before the last: %+v", tag, i, in.Timeline)
				require.True(t, s.To.Equal(in.Timeline[i+1].From), "%s: gap after segment %d: %+v", tag, i, in.Timeline)
				require.NotEqual(t, s.State, in.Timeline[i+1].State, "%s: same state twice at %d: %+v", tag, i, in.Timeline)
			}
			require.False(t, !s.To.IsZero() && s.To.Before(s.From), "%s: segment %d backwards", tag, i)
			if s.State == sla.StateActive {
				to := s.To
				if to.IsZero() {
					to = r.Now
				}
				require.Equal(t, in.Target.Hours.Elapsed(s.From, to), s.Elapsed, "%s: segment %d elapsed: %+v", tag, i, in.Timeline)
				run += s.Elapsed
			} else {
				require.Zero(t, s.Elapsed, "%s segment %d", tag, i)
			}
		}
		require.Equal(t, run, in.Elapsed, "%s: elapsed over the timeline %+v", tag, in.Timeline)
		lastSeg := in.Timeline[len(in.Timeline)-1]
		switch in.State {
		case sla.StateActive, sla.StatePaused:
			require.True(t, lastSeg.To.IsZero(), tag)
			require.Equal(t, in.State, lastSeg.State, "%s: %+v", tag, in.Timeline)
		case sla.StateCancelled:
			require.True(t, lastSeg.To.Equal(in.End), "%s: last segment to %v, end %v: %+v", tag, lastSeg.To, in.End, in.Timeline)
		}
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(in.Timeline)))
		spans = append(spans, span{lo, lo + uintptr(cap(in.Timeline))*unsafe.Sizeof(sla.Segment{})})
		if len(in.Levels) > 0 {
			lo := uintptr(unsafe.Pointer(unsafe.SliceData(in.Levels)))
			spans = append(spans, span{lo, lo + uintptr(cap(in.Levels))*unsafe.Sizeof(sla.LevelStatus{})})
		}
	}
	for i := range spans {
		for j := range i {
			require.False(t, spans[i].lo < spans[j].hi && spans[j].lo < spans[i].hi, "%s: two instances' slices overlap", name)
		}
	}
}

// deep copies a result by hand, sharing nothing with it.
func deep(r sla.Result) sla.Result {
	c := r
	c.Instances = slices.Clone(r.Instances)
	for i := range c.Instances {
		c.Instances[i].Timeline = slices.Clone(c.Instances[i].Timeline)
		c.Instances[i].Levels = slices.Clone(c.Instances[i].Levels)
	}
	c.Events = slices.Clone(r.Events)
	return c
}

// TestEvaluatorEqualsFreshMixed: one Evaluator per policy set goes through
// many tickets, refused histories and instants before creation; each result
// equals Policies.Evaluate, the fresh result's timelines are well formed,
// and clones kept from earlier calls stay as they were.
func TestEvaluatorEqualsFreshMixed(t *testing.T) {
	biz := refDesk(t)
	for p := range sample(8, 40) {
		ps := mixedPolicies(rand.New(rand.NewPCG(uint64(p), 99)), biz)
		require.NoError(t, ps.Validate(), "policies %d", p)
		ev, err := sla.NewEvaluator(ps)
		require.NoError(t, err)
		var kept, want []sla.Result
		for seed := range 40 {
			c := drawMixed(t, p*1000+seed, biz)
			name := fmt.Sprintf("policies %d seed %d", p, seed)
			switch seed % 7 {
			case 3:
				bad := slices.Clone(c.events)
				k := 1 + (seed % max(1, len(bad)-1))
				if k < len(bad) {
					bad[k].Seq += 5
					_, err := ev.Evaluate(bad, bad[len(bad)-1].At.Add(time.Hour))
					require.ErrorIs(t, err, ticket.ErrCorruptHistory, name)
				}
			case 5:
				_, err := ev.Evaluate(c.events, c.events[0].At.Add(-time.Minute))
				require.ErrorIs(t, err, sla.ErrInvalidTime, name)
			case 6:
				if len(c.events) > 2 { // a refusal after now
					bad := slices.Clone(c.events)
					bad[len(bad)-1].At = bad[len(bad)-2].At.Add(-time.Minute)
					if bad[len(bad)-1].At.Before(bad[len(bad)-2].At) {
						_, err := ev.Evaluate(bad, bad[0].At)
						require.ErrorIs(t, err, ticket.ErrCorruptHistory, name)
					}
				}
			}
			got, err := ev.Evaluate(c.events, c.now)
			require.NoError(t, err, name)
			fresh, err := ps.Evaluate(c.events, c.now)
			require.NoError(t, err, name)
			require.Equal(t, fresh, got, name)
			checkTimelines(t, name, fresh)
			kept, want = append(kept, got.Clone()), append(want, deep(fresh))
		}
		for i := range kept {
			require.Equal(t, want[i], kept[i], "policies %d: clone %d changed", p, i)
		}
	}
}

// TestReferenceMixed compares fresh and reused evaluations of the mixed
// histories and policies (custom metrics, many metrics, many levels) with
// the minute-by-minute reference.
func TestReferenceMixed(t *testing.T) {
	biz := refDesk(t)
	ev := map[int]*sla.Evaluator{}
	for seed := range seeds(80, 1500) {
		c := drawMixed(t, 50000+seed, biz)
		if c.events[len(c.events)-1].At.Sub(refEpoch) > 30*24*time.Hour || c.now.Sub(refEpoch) > 30*24*time.Hour {
			continue
		}
		got, err := c.ps.Evaluate(c.events, c.now)
		require.NoError(t, err)
		ref := referenceRun(c.ps, biz, c.events, c.now)
		if !compareReference(t, seed, ref, got, c.now) {
			for _, e := range c.events {
				t.Log(e.String(), e.Data)
			}
			t.FailNow()
		}
		// the same policies, evaluated after another ticket
		k := seed % 5
		if ev[k] == nil || seed%3 == 0 {
			e, err := sla.NewEvaluator(c.ps)
			require.NoError(t, err)
			ev[k] = e
			other := drawMixed(t, 90000+seed, biz)
			_, err = e.Evaluate(other.events, other.now)
			require.NoError(t, err)
			r2, err := e.Evaluate(c.events, c.now)
			require.NoError(t, err)
			require.Equal(t, got, r2, "seed %d", seed)
		}
	}
}

// TestAppendDoesNotLeak: appending to one instance's Timeline, Levels
// or to the result's Instances and Events in a fresh result changes no
// other part of it.
func TestAppendDoesNotLeak(t *testing.T) {
	biz := refDesk(t)
	for seed := range seeds(60, 300) {
		c := drawMixed(t, 7000+seed, biz)
		r, err := c.ps.Evaluate(c.events, c.now)
		require.NoError(t, err)
		if seed%2 == 1 { // the same within one Evaluator result
			ev, err := sla.NewEvaluator(c.ps)
			require.NoError(t, err)
			other := drawMixed(t, 8000+seed, biz)
			_, err = ev.Evaluate(other.events, other.now)
			require.NoError(t, err)
			r, err = ev.Evaluate(c.events, c.now)
			require.NoError(t, err)
		}
		before := deep(r)
		junkSeg := sla.Segment{State: sla.StateCancelled, Seq: -99}
		junkLvl := sla.LevelStatus{Level: sla.Level{Name: "junk"}}
		for i := range r.Instances {
			_ = append(r.Instances[i].Timeline, junkSeg, junkSeg, junkSeg)
			_ = append(r.Instances[i].Timeline[:0], r.Instances[i].Timeline...) // a no-op copy
			_ = append(r.Instances[i].Levels, junkLvl, junkLvl)
			if len(r.Instances[i].Timeline) > 1 {
				_ = append(r.Instances[i].Timeline[:len(r.Instances[i].Timeline)-1:len(r.Instances[i].Timeline)-1], junkSeg)
			}
		}
		_ = append(r.Instances, sla.Instance{Number: -1})
		_ = append(r.Events, sla.Event{Kind: "junk"})
		require.Equal(t, before, deep(r), "seed %d", seed)
	}
}

// TestCloneIndependent: writing into a clone leaves the original
// and the next evaluations alone, and the reverse.
func TestCloneIndependent(t *testing.T) {
	biz := refDesk(t)
	for seed := range 100 {
		c := drawMixed(t, 3000+seed, biz)
		ev, err := sla.NewEvaluator(c.ps)
		require.NoError(t, err)
		r, err := ev.Evaluate(c.events, c.now)
		require.NoError(t, err)
		orig := deep(r)
		cl := r.Clone()
		require.Equal(t, orig, deep(cl))
		for i := range cl.Instances {
			for j := range cl.Instances[i].Timeline {
				cl.Instances[i].Timeline[j].Seq = -1
			}
			for j := range cl.Instances[i].Levels {
				cl.Instances[i].Levels[j].Reached = !cl.Instances[i].Levels[j].Reached
			}
			cl.Instances[i].Number = -5
			cl.Instances[i].Timeline = append(cl.Instances[i].Timeline, sla.Segment{Seq: -7})
			cl.Instances[i].Levels = append(cl.Instances[i].Levels, sla.LevelStatus{})
		}
		for i := range cl.Events {
			cl.Events[i].Seq = -3
		}
		require.Equal(t, orig, deep(r), "seed %d: writing into the clone changed the original", seed)
		r2, err := ev.Evaluate(c.events, c.now)
		require.NoError(t, err)
		require.Equal(t, orig, deep(r2), "seed %d", seed)
	}
}

// TestEvaluateDoesNotChangeInput: evaluating leaves the events and the
// policies as they were.
func TestEvaluateDoesNotChangeInput(t *testing.T) {
	biz := refDesk(t)
	for seed := range 100 {
		c := drawMixed(t, 11000+seed, biz)
		evs := slices.Clone(c.events)
		ev, err := sla.NewEvaluator(c.ps)
		require.NoError(t, err)
		_, err = ev.Evaluate(c.events, c.now)
		require.NoError(t, err)
		_, err = c.ps.Evaluate(c.events, c.now)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(evs, c.events), "seed %d", seed)
	}
}

// TestAgentReplyToSolveMetric: a metric that starts at an agent reply
// and stops at a solve, continued by a reopen, has one instance at a time:
// a reply while one runs (here at the instant of the reopen that continues
// it) starts none.
func TestAgentReplyToSolveMetric(t *testing.T) {
	m := sla.Metric{Name: "agent_to_solve", Start: sla.StartAgentReply, Stop: sla.StopSolve, Reopen: sla.ReopenContinue}
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: m, Duration: 4 * time.Hour}}}}
	require.NoError(t, ps.Validate())
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, ticket.PriorityNormal).
		reply(t0.Add(10*time.Minute)).
		status(t0.Add(20*time.Minute), ticket.StatusSolved).
		status(t0.Add(30*time.Minute), ticket.StatusOpen).
		reply(t0.Add(30 * time.Minute))
	h.reply(t0.Add(40 * time.Minute))
	r, err := ps.Evaluate(h.events, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Len(t, r.Instances, 1)
	in := r.Instances[0]
	assert.Equal(t, sla.StateActive, in.State)
	assert.True(t, in.Start.Equal(t0.Add(10*time.Minute)))
	assert.Equal(t, 10*time.Minute+30*time.Minute, in.Elapsed, "10 minutes to the solve, 30 since the reopen")
	var states []sla.State
	for _, s := range in.Timeline {
		states = append(states, s.State)
	}
	assert.Equal(t, []sla.State{sla.StateActive, sla.StateFulfilled, sla.StateActive}, states)
}

// allocsAgain reports the allocations of one more evaluation of the same
// ticket by an Evaluator that has evaluated it already, beyond the one the
// ticket fold makes for the tags of each event that sets them.
func allocsAgain(t *testing.T, ps sla.Policies, events []ticket.Event, now time.Time) float64 {
	t.Helper()
	tags := 0
	for _, e := range events {
		switch d := e.Data.(type) {
		case ticket.Created:
			if len(d.Tags) > 0 {
				tags++
			}
		case ticket.TagsChanged:
			tags++
		}
	}
	ev, err := sla.NewEvaluator(ps)
	require.NoError(t, err)
	_, err = ev.Evaluate(events, now)
	require.NoError(t, err)
	return testing.AllocsPerRun(20, func() {
		if _, err := ev.Evaluate(events, now); err != nil {
			t.Fatal(err)
		}
	}) - float64(tags)
}

// TestEvaluatorAllocatesNothingAgain: once an Evaluator has seen a ticket,
// the same ticket again allocates nothing but the ticket's tags: with the
// benchmark's policies, with nine metrics, and with a history whose target
// changes restart instances.
func TestEvaluatorAllocatesNothingAgain(t *testing.T) {
	events := conversation(t, 1, rfc(t, "2026-03-02T09:00:00+01:00"), 50)
	now := events[len(events)-1].At.Add(time.Hour)
	base := benchPolicies(t)
	t.Run("bench", func(t *testing.T) {
		require.Zero(t, allocsAgain(t, base, events, now))
	})
	t.Run("nine metrics", func(t *testing.T) {
		ps := slices.Clone(base)
		ps[1].Targets = slices.Clone(ps[1].Targets)
		for i := range 5 {
			m := sla.FirstResolution()
			m.Name = "extra_" + strconv.Itoa(i)
			ps[1].Targets = append(ps[1].Targets, sla.Target{Metric: m, Priority: ticket.PriorityNormal, Duration: 30 * time.Hour})
		}
		require.NoError(t, ps.Validate())
		require.Zero(t, allocsAgain(t, ps, events, now))
	})
	t.Run("restarts", func(t *testing.T) {
		desk := osloDesk(t)
		ps := sla.Policies{{Name: "p", Recalculation: sla.Prospective, Targets: []sla.Target{
			{Metric: sla.RequesterWait(), Priority: ticket.PriorityNormal, Duration: 24 * time.Hour, Hours: desk},
			{Metric: sla.RequesterWait(), Priority: ticket.PriorityHigh, Duration: 8 * time.Hour, Hours: desk},
		}}}
		t0 := rfc(t, "2026-03-02T09:00:00+01:00")
		h := create(t, t0, ticket.PriorityNormal)
		for i := range 10 {
			at := t0.Add(time.Duration(i+1) * time.Hour)
			h.status(at, ticket.StatusPending).status(at.Add(10*time.Minute), ticket.StatusOpen)
			if i%2 == 0 {
				h.priority(at.Add(20*time.Minute), ticket.PriorityHigh)
			} else {
				h.priority(at.Add(20*time.Minute), ticket.PriorityNormal)
			}
		}
		require.Zero(t, allocsAgain(t, ps, h.events, t0.Add(20*time.Hour)))
	})
}

// TestZeroEvaluator: the zero Evaluator is not made by NewEvaluator;
// using it must not panic.
func TestZeroEvaluator(t *testing.T) {
	events := conversation(t, 1, rfc(t, "2026-03-02T09:00:00+01:00"), 10)
	var ev sla.Evaluator
	require.NotPanics(t, func() { _, _ = ev.Evaluate(events, events[len(events)-1].At) })
}

// TestSolvedAgainAtReopenInstant: a reopen, a solve and a reopen again at
// one instant leave two fulfilled segments in a row, and a second fulfil
// event with no activation between the two.
func TestSolvedAgainAtReopenInstant(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.RequesterWait(), Duration: 8 * time.Hour}}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	t2 := t0.Add(2 * time.Hour)
	h := create(t, t0, ticket.PriorityNormal).
		status(t0.Add(time.Hour), ticket.StatusSolved).
		status(t2, ticket.StatusOpen).
		status(t2, ticket.StatusSolved).
		status(t2, ticket.StatusPending)
	r, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
	require.NoError(t, err)
	in := instance(t, r, sla.NameRequesterWait, 1)
	for _, s := range in.Timeline {
		t.Logf("segment %s %s–%s seq %d", s.State, format(s.From), format(s.To), s.Seq)
	}
	var kinds []string
	for _, e := range r.Events {
		kinds = append(kinds, string(e.Kind)+"@"+format(e.At))
	}
	t.Log(kinds)
	for i := 1; i < len(in.Timeline); i++ {
		require.False(t, in.Timeline[i-1].State == sla.StateFulfilled && in.Timeline[i].State == sla.StateFulfilled,
			"two fulfilled segments in a row: %+v", in.Timeline)
	}
}

// TestEvaluatorEqualsFreshPresets is TestEvaluatorEqualsFreshMixed
// with the existing random policies (presets only, at most eight metrics)
// and tickets of very different sizes in turn.
func TestEvaluatorEqualsFreshPresets(t *testing.T) {
	biz := refDesk(t)
	for p := range sample(10, 30) {
		ps := randomPolicies(rand.New(rand.NewPCG(uint64(p), 17)), biz)
		if ps.Validate() != nil {
			continue
		}
		ev, err := sla.NewEvaluator(ps)
		require.NoError(t, err)
		for seed := range 60 {
			rng := rand.New(rand.NewPCG(uint64(p*100+seed), 3))
			n := 1 + rng.IntN(5)
			if seed%4 == 0 {
				n = 60 + rng.IntN(60)
			}
			var events []ticket.Event
			if seed%2 == 0 {
				events = mixedHistory(t, rng, n)
			} else {
				events = randomHistory(t, rng, n)
			}
			now := events[len(events)-1].At.Add(time.Duration(rng.IntN(600)) * time.Minute)
			if seed%3 == 0 {
				now = events[rng.IntN(len(events))].At
			}
			got, err := ev.Evaluate(events, now)
			require.NoError(t, err)
			fresh, err := ps.Evaluate(events, now)
			require.NoError(t, err)
			require.Equal(t, fresh, got, "policies %d seed %d", p, seed)
			checkTimelines(t, fmt.Sprintf("policies %d seed %d", p, seed), fresh)
		}
	}
}

// TestEvaluatorFarAndEmpty: instants years after the history, and a policy
// set without targets or without policies, agree between the Evaluator and
// Policies.Evaluate.
func TestEvaluatorFarAndEmpty(t *testing.T) {
	biz := refDesk(t)
	sets := []sla.Policies{nil, {{Name: "empty"}}}
	for p := range 10 {
		sets = append(sets, mixedPolicies(rand.New(rand.NewPCG(uint64(p), 123)), biz))
	}
	for i, ps := range sets {
		ev, err := sla.NewEvaluator(ps)
		require.NoError(t, err)
		for seed := range 10 {
			c := drawMixed(t, 777+seed, biz)
			for _, now := range []time.Time{c.now, c.events[len(c.events)-1].At.AddDate(3, 0, 0), c.events[0].At} {
				got, err := ev.Evaluate(c.events, now)
				require.NoError(t, err)
				fresh, err := ps.Evaluate(c.events, now)
				require.NoError(t, err)
				require.Equal(t, fresh, got, "set %d seed %d now %v", i, seed, now)
			}
		}
	}
}

// TestEvaluatorsConcurrent: Policies.Evaluate from many goroutines on one
// policy set, and one Evaluator per goroutine over the same policies, give
// the sequential results (run with -race).
func TestEvaluatorsConcurrent(t *testing.T) {
	biz := refDesk(t)
	ps := mixedPolicies(rand.New(rand.NewPCG(5, 99)), biz)
	var cases []mixedCase
	var want []sla.Result
	for seed := range 40 {
		c := drawMixed(t, 400+seed, biz)
		r, err := ps.Evaluate(c.events, c.now)
		require.NoError(t, err)
		cases, want = append(cases, c), append(want, r)
	}
	done := make(chan error, 8)
	for g := range 8 {
		go func() {
			ev, err := sla.NewEvaluator(ps)
			if err != nil {
				done <- err
				return
			}
			for i := range cases {
				k := (i + g*5) % len(cases)
				var r sla.Result
				if g%2 == 0 {
					r, err = ps.Evaluate(cases[k].events, cases[k].now)
				} else {
					r, err = ev.Evaluate(cases[k].events, cases[k].now)
				}
				if err != nil {
					done <- err
					return
				}
				if !reflect.DeepEqual(deep(want[k]), deep(r)) {
					done <- fmt.Errorf("goroutine %d case %d differs", g, k)
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
}

// TestNoPriorityAtNow: a ticket created without a priority, under a
// policy with targets keyed by priority, has NoPriority at an instant
// before its priority is set, whatever happens after that instant.
func TestNoPriorityAtNow(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityHigh, Duration: time.Hour},
	}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, "")
	before, err := ps.Evaluate(h.events, t0.Add(30*time.Minute))
	require.NoError(t, err)
	require.True(t, before.NoPriority, "the history up to now only")
	h.priority(t0.Add(time.Hour), ticket.PriorityHigh)
	r, err := ps.Evaluate(h.events, t0.Add(30*time.Minute))
	require.NoError(t, err)
	require.Equal(t, before, r, "an event after now changed the result at now")
	ev, err := sla.NewEvaluator(ps)
	require.NoError(t, err)
	r, err = ev.Evaluate(h.events, t0.Add(30*time.Minute))
	require.NoError(t, err)
	require.True(t, r.NoPriority, "Evaluator")
}

// TestInstantsInOtherZones evaluates the mixed histories as they are and
// with each event's instant in another zone or at a fixed offset (the
// same instants), some from a point on a fraction of a second later:
// grouping events by instant must not depend on how an instant is
// written. The zone-shuffled history gives the same instants, states,
// durations and events as the original; an Evaluator reused across
// tickets gives what Policies.Evaluate gives.
func TestInstantsInOtherZones(t *testing.T) {
	biz := refDesk(t)
	zones := []*time.Location{time.UTC, oslo, time.FixedZone("", 3600), time.FixedZone("", -5*3600-1800), time.FixedZone("", 14*3600)}
	evs, evPs := map[int]*sla.Evaluator{}, map[int]sla.Policies{}
	for seed := range seeds(60, 1500) {
		c := drawMixed(t, 30000+seed, biz)
		rng := rand.New(rand.NewPCG(uint64(seed), 8))
		if seed%2 == 1 && len(c.events) > 1 { // sub-second instants after the creation
			k := 1 + rng.IntN(len(c.events)-1)
			d := time.Duration(1 + rng.IntN(999_999_999))
			for i := k; i < len(c.events); i++ {
				c.events[i].At = c.events[i].At.Add(d)
			}
		}
		shuffled := slices.Clone(c.events)
		for i := range shuffled {
			shuffled[i].At = shuffled[i].At.In(zones[rng.IntN(len(zones))])
		}
		name := fmt.Sprintf("seed %d", seed)
		want, err := c.ps.Evaluate(c.events, c.now)
		require.NoError(t, err, name)
		got, err := c.ps.Evaluate(shuffled, c.now.In(zones[rng.IntN(len(zones))]))
		require.NoError(t, err, name)
		checkTimelines(t, name, got)
		require.Equal(t, want.Seq, got.Seq, name)
		require.True(t, want.NextWakeUp.Equal(got.NextWakeUp), "%s: next wake-up %v, %v", name, want.NextWakeUp, got.NextWakeUp)
		require.Len(t, got.Instances, len(want.Instances), name)
		for i, w := range want.Instances {
			g := got.Instances[i]
			tag := fmt.Sprintf("%s: %s #%d", name, w.Metric.Name, w.Number)
			require.Equal(t, []any{w.Metric.Name, w.Number, w.Policy, w.State, w.Breached, w.Elapsed, w.Remaining, w.OutOfRange, w.Reason, len(w.Timeline), len(w.Levels)},
				[]any{g.Metric.Name, g.Number, g.Policy, g.State, g.Breached, g.Elapsed, g.Remaining, g.OutOfRange, g.Reason, len(g.Timeline), len(g.Levels)}, tag)
			require.True(t, w.Start.Equal(g.Start) && w.Due.Equal(g.Due) && w.End.Equal(g.End) && w.BreachedAt.Equal(g.BreachedAt), tag)
			for j, s := range w.Timeline {
				gs := g.Timeline[j]
				require.True(t, s.State == gs.State && s.Elapsed == gs.Elapsed && s.Seq == gs.Seq && s.From.Equal(gs.From) && s.To.Equal(gs.To), "%s: segment %d", tag, j)
			}
			for j, l := range w.Levels {
				gl := g.Levels[j]
				require.True(t, l.Level.Name == gl.Level.Name && l.Reached == gl.Reached && l.At.Equal(gl.At), "%s: level %d", tag, j)
			}
		}
		require.Len(t, got.Events, len(want.Events), name)
		for i, w := range want.Events {
			g := got.Events[i]
			require.True(t, w.Kind == g.Kind && w.At.Equal(g.At) && w.Metric == g.Metric && w.Instance == g.Instance && w.Level == g.Level && w.Seq == g.Seq,
				"%s: event %d: %+v, %+v", name, i, w, g)
		}
		// An Evaluator that evaluated other tickets (under other policies
		// drawn for them) gives what a fresh evaluation under its policies
		// gives.
		k := seed % 4
		if evs[k] == nil || seed%5 == 0 {
			evs[k], err = sla.NewEvaluator(c.ps)
			require.NoError(t, err)
			evPs[k] = c.ps
		}
		reused, err := evs[k].Evaluate(shuffled, c.now)
		require.NoError(t, err, name)
		fresh, err := evPs[k].Evaluate(shuffled, c.now)
		require.NoError(t, err, name)
		require.Equal(t, fresh, reused, name)
	}
}
