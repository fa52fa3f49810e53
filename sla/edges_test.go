package sla_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// TestPriorityThenReplyAtOneInstant: an agent sets the priority and replies
// in one update. The reply acts under the target the priority brought: the
// first reply, due at 10:00 under the one-hour high target, is fulfilled at
// 12:00 and breached at 10:00 (counted from its start, Retroactive).
func TestPriorityThenReplyAtOneInstant(t *testing.T) {
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityHigh, Duration: time.Hour},
	}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, "").priority(t0.Add(3*time.Hour), ticket.PriorityHigh).reply(t0.Add(3 * time.Hour))
	r, err := ps.Evaluate(h.events, t0.Add(4*time.Hour))
	require.NoError(t, err)
	require.Len(t, r.Instances, 1)
	in := r.Instances[0]
	assert.Equal(t, sla.StateFulfilled, in.State)
	assert.True(t, in.End.Equal(t0.Add(3*time.Hour)), "end %v", in.End)
	assert.True(t, in.Breached)
	assert.True(t, in.BreachedAt.Equal(t0.Add(time.Hour)), "breached at %v", in.BreachedAt)
	assert.Equal(t, 3*time.Hour, in.Elapsed)

	// The reply before the priority: no target yet when the clock stops.
	h = create(t, t0, "").reply(t0.Add(3*time.Hour)).priority(t0.Add(3*time.Hour), ticket.PriorityHigh)
	r, err = ps.Evaluate(h.events, t0.Add(4*time.Hour))
	require.NoError(t, err)
	assert.Empty(t, r.Instances)
}

// TestPriorityThenSolveAtOneInstant: the priority lowered to low, then the
// ticket solved in one update: the solve fulfils the instance under the
// 16-hour low target (Retroactive), 10 hours in: not breached, 62.5 %.
func TestPriorityThenSolveAtOneInstant(t *testing.T) {
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour},
		{Metric: sla.TotalResolution(), Priority: ticket.PriorityLow, Duration: 16 * time.Hour},
	}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	at := t0.Add(10 * time.Hour)
	h := create(t, t0, ticket.PriorityNormal).priority(at, ticket.PriorityLow).status(at, ticket.StatusSolved)
	r, err := ps.Evaluate(h.events, at.Add(time.Hour))
	require.NoError(t, err)
	require.Len(t, r.Instances, 1)
	in := r.Instances[0]
	assert.Equal(t, ticket.PriorityLow, in.Target.Priority)
	assert.Equal(t, sla.StateFulfilled, in.State)
	assert.False(t, in.Breached)
	assert.Equal(t, "62.5", in.Percent.String())
	assert.True(t, in.Due.Equal(t0.Add(16*time.Hour)), "due %v", in.Due)
}

// TestPriorityThenReopenAtOneInstant: a customer message reopens a solved
// ticket and the agent raises the priority in the same instant; the
// continued resolution clock runs under the new target from the reopen, and
// a priority change and reopen undone at their instant leave it waiting.
func TestPriorityThenReopenAtOneInstant(t *testing.T) {
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour},
		{Metric: sla.TotalResolution(), Priority: ticket.PriorityHigh, Duration: 2 * time.Hour},
	}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, ticket.PriorityNormal).status(t0.Add(time.Hour), ticket.StatusSolved).
		write(t0.Add(3*time.Hour)).priority(t0.Add(3*time.Hour), ticket.PriorityHigh)
	r, err := ps.Evaluate(h.events, t0.Add(5*time.Hour))
	require.NoError(t, err)
	require.Len(t, r.Instances, 1)
	in := r.Instances[0]
	assert.Equal(t, sla.StateActive, in.State)
	assert.Equal(t, ticket.PriorityHigh, in.Target.Priority)
	assert.True(t, in.Breached)
	assert.True(t, in.BreachedAt.Equal(t0.Add(4*time.Hour)), "breached at %v: 1 h before the solve, 1 h after the reopen", in.BreachedAt)
}

// TestTagSwitchesPolicyThenReplyAtOneInstant: a tag that makes the VIP
// policy match, then a reply, in one update: the reply fulfils the first
// reply under the VIP target, which it breached at 10:00 (the standard
// target of four hours would have been met).
func TestTagSwitchesPolicyThenReplyAtOneInstant(t *testing.T) {
	ps := sla.Policies{
		{Name: "vip", Version: 1, Match: sla.Condition{TagsAny: []string{"vip"}}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour}}},
		{Name: "standard", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 4 * time.Hour}}},
	}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, ticket.PriorityNormal)
	h.do(h.ticket.Tag(t0.Add(2*time.Hour), agent, []string{"vip"}, nil))
	h.reply(t0.Add(2 * time.Hour))
	r, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
	require.NoError(t, err)
	require.Len(t, r.Instances, 1)
	in := r.Instances[0]
	assert.Equal(t, "vip", in.Policy)
	assert.Equal(t, sla.StateFulfilled, in.State)
	assert.True(t, in.Breached)
	assert.True(t, in.BreachedAt.Equal(t0.Add(time.Hour)))
	var kinds []string
	for _, e := range r.Events {
		kinds = append(kinds, string(e.Kind)+" "+e.Policy)
	}
	assert.Equal(t, []string{"apply_policy standard", "activate vip", "breach vip", "apply_policy vip", "fulfill vip"}, kinds)
}

// triage is a policy of one-hour urgent and four-hour normal first replies
// (24/7) with a level at 100 % and one at 50 %.
func triage() sla.Policies {
	return sla.Policies{{Name: "triage", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour},
		{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 4 * time.Hour},
	}, Levels: []sla.Level{
		{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "duty_manager"}}},
	}}}
}

// TestDueLevelReachedRetroactively: the scheduler runs at 10:15 (a
// customer message; nothing due) and at 10:30, when the ticket is triaged
// urgent: its breach level at 10:00, and the half level at 09:30, lie
// before the previous run, and both are due at 10:30, late, never dropped.
func TestDueLevelReachedRetroactively(t *testing.T) {
	ps := triage()
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, "").write(t0.Add(75*time.Minute)).priority(t0.Add(90*time.Minute), ticket.PriorityUrgent)
	r1, err := ps.Evaluate(h.events, t0.Add(75*time.Minute))
	require.NoError(t, err)
	due, err := r1.Due(sla.Checkpoint{}, sla.CatchUp{})
	require.NoError(t, err)
	assert.Empty(t, due)
	r2, err := ps.Evaluate(h.events, t0.Add(90*time.Minute))
	require.NoError(t, err)
	due, err = r2.Due(r1.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 2)
	for i, want := range []struct {
		level string
		at    time.Duration
	}{{"half", 30 * time.Minute}, {"breach", time.Hour}} {
		f := due[i]
		assert.Equal(t, want.level, f.Level)
		assert.True(t, f.At.Equal(t0.Add(want.at)), "%s at %v", f.Level, f.At)
		assert.True(t, f.Seen.Equal(t0.Add(90*time.Minute)))
		assert.True(t, f.Late)
		assert.Equal(t, sla.LateRetroactive, f.LateReason)
		assert.False(t, f.Skipped)
	}
	// Under CatchUpGrace of 15 minutes both are older: skipped, still returned.
	due, err = r2.Due(r1.Checkpoint(), sla.CatchUp{Mode: sla.CatchUpGrace, Grace: 15 * time.Minute})
	require.NoError(t, err)
	require.Len(t, due, 2)
	assert.Equal(t, sla.ReasonOlderThanGrace, due[1].Reason)
	// The run after fires nothing again.
	r3, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
	require.NoError(t, err)
	due, err = r3.Due(r2.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	assert.Empty(t, due)
}

// TestDueRetroactiveRaise: a normal ticket (four hours) raised to urgent
// (one hour) at 10:30, after the runs at 09:45 and 10:15: the half level
// under urgent (09:30) and the breach (10:00) are due at the run at 10:30.
// The half level under normal (11:00) is the same level: it fires once.
func TestDueRetroactiveRaise(t *testing.T) {
	ps := triage()
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, ticket.PriorityNormal).priority(t0.Add(90*time.Minute), ticket.PriorityUrgent)
	var prev sla.Checkpoint
	var fired []string
	for _, m := range []time.Duration{45, 75, 90, 120, 240} {
		r, err := ps.Evaluate(h.events, t0.Add(m*time.Minute))
		require.NoError(t, err)
		due, err := r.Due(prev, sla.CatchUp{})
		require.NoError(t, err)
		for _, f := range due {
			fired = append(fired, f.Level+"@"+f.At.Format("15:04")+" run "+r.Now.Format("15:04")+" "+f.LateReason)
		}
		prev = r.Checkpoint()
	}
	assert.Equal(t, []string{"half@09:30 run 10:30 retroactive", "breach@10:00 run 10:30 retroactive"}, fired)
}

// TestDueLevelUndoneBetweenRuns: the half level of the four-hour target is
// reached at 11:00; the priority is lowered to low (an eight-hour target,
// Retroactive) at 11:30, before the next run at 12:00: the level is
// returned once, skipped as undone, and not again when it is reached again
// at 13:00.
func TestDueLevelUndoneBetweenRuns(t *testing.T) {
	ps := triage()
	ps[0].Targets = append(ps[0].Targets, sla.Target{Metric: sla.FirstReply(), Priority: ticket.PriorityLow, Duration: 8 * time.Hour})
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, ticket.PriorityNormal).priority(t0.Add(150*time.Minute), ticket.PriorityLow)
	r1, err := ps.Evaluate(h.events, t0.Add(time.Hour))
	require.NoError(t, err)
	r2, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
	require.NoError(t, err)
	due, err := r2.Due(r1.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.Equal(t, "half", due[0].Level)
	assert.True(t, due[0].Skipped)
	assert.Equal(t, sla.ReasonUndone, due[0].Reason)
	r3, err := ps.Evaluate(h.events, t0.Add(9*time.Hour))
	require.NoError(t, err)
	due, err = r3.Due(r2.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 1, "the half level is not due again")
	assert.Equal(t, "breach", due[0].Level)
}

// TestDueEventStoredAfterRun: an event dated 10:20 is stored after the run
// at 10:25 (which did not read it); it raises the ticket to urgent. The
// next run returns the levels it reached, marked late, although their
// instants and the event's lie before the previous run.
func TestDueEventStoredAfterRun(t *testing.T) {
	ps := triage()
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	h := create(t, t0, "").write(t0.Add(5 * time.Minute))
	r1, err := ps.Evaluate(h.events, t0.Add(85*time.Minute))
	require.NoError(t, err)
	h.priority(t0.Add(80*time.Minute), ticket.PriorityUrgent)
	r2, err := ps.Evaluate(h.events, t0.Add(90*time.Minute))
	require.NoError(t, err)
	due, err := r2.Due(r1.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 2)
	assert.True(t, due[1].Late)
	assert.Equal(t, "breach", due[1].Level)
}

// TestBreachWithoutLevelFiresNothing: a breach is reported, but Due returns
// nothing for a policy without a 100 % or offset-0 level.
func TestBreachWithoutLevelFiresNothing(t *testing.T) {
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}}
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	r, err := ps.Evaluate(create(t, t0, "").events, t0.Add(2*time.Hour))
	require.NoError(t, err)
	assert.True(t, r.Instances[0].Breached)
	due, err := r.Due(sla.Checkpoint{}, sla.CatchUp{})
	require.NoError(t, err)
	assert.Empty(t, due)
}

// TestDueBeyondCalendarRange: a 16-hour target on a desk calendar built for
// 2026 only; the ticket has 10 hours by New Year's Eve. No breach is
// reported at the end of the range: the instance says its due instant is
// out of range, and no wake-up is invented.
func TestDueBeyondCalendarRange(t *testing.T) {
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-18:00"), calendar.WithYears(2026, 2026))
	require.NoError(t, err)
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.TotalResolution(), Duration: 16 * time.Hour, Hours: c},
	}, Levels: []sla.Level{
		{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "lead"}}},
		{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "lead"}}},
	}}}
	t0 := rfc(t, "2026-12-31T08:00:00+01:00") // a Thursday
	h := create(t, t0, ticket.PriorityNormal)

	r, err := ps.Evaluate(h.events, t0.Add(time.Hour))
	require.NoError(t, err)
	in := r.Instances[0]
	assert.True(t, in.OutOfRange)
	assert.True(t, in.Due.IsZero())
	assert.True(t, in.OriginalDue.IsZero())
	assert.Equal(t, "2026-12-31T16:00:00+01:00", format(r.NextWakeUp), "the half level lies in range")

	for _, now := range []string{"2026-12-31T17:00:00+01:00", "2027-01-01T00:00:00+01:00", "2027-01-06T12:00:00+01:00"} {
		r, err = ps.Evaluate(h.events, rfc(t, now))
		require.NoError(t, err)
		in = r.Instances[0]
		assert.False(t, in.Breached, now)
		assert.True(t, in.OutOfRange, now)
		assert.True(t, in.Due.IsZero(), now)
		assert.True(t, r.NextWakeUp.IsZero(), "%s: wake-up %v", now, r.NextWakeUp)
		assert.Equal(t, sla.StateActive, in.State)
		assert.Equal(t, []bool{true, false}, []bool{in.Levels[0].Reached, in.Levels[1].Reached}, now)
		due, err := r.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		require.Len(t, due, 1, now)
		assert.Equal(t, "half", due[0].Level)
	}
	assert.Equal(t, 10*time.Hour, in.Elapsed)

	// A due instant inside the range is not out of range.
	h2 := create(t, rfc(t, "2026-12-30T08:00:00+01:00"), ticket.PriorityNormal)
	r, err = ps.Evaluate(h2.events, rfc(t, "2027-01-02T08:00:00+01:00"))
	require.NoError(t, err)
	assert.False(t, r.Instances[0].OutOfRange)
	assert.True(t, r.Instances[0].Breached)
	assert.Equal(t, "2026-12-31T14:00:00+01:00", format(r.Instances[0].BreachedAt))
}

// TestValidateRefusesEdges: a nil calendar as hours, unknown enumeration
// values in a condition, and levels whose thresholds do not fit in a
// Duration are refused, all at once; Evaluate refuses the same set instead
// of panicking.
func TestValidateRefusesEdges(t *testing.T) {
	var nilCal *calendar.Calendar
	years := func(n int) time.Duration { return time.Duration(n) * 365 * 24 * time.Hour }
	ps := sla.Policies{{Name: "edges", Version: 1,
		Match: sla.Condition{Priorities: []ticket.Priority{"URGENT", ticket.PriorityHigh}, Channels: []ticket.Channel{"e-mail"}},
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour, Hours: nilCal},
			{Metric: sla.TotalResolution(), Duration: years(30)},
			{Metric: sla.NextReply(), Duration: time.Duration(math.MaxInt64 - 10)},
		},
		Levels: []sla.Level{
			{Name: "x10", Metric: sla.NameTotalResolution, Percent: 1000, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "a"}}},
			{Name: "late", Metric: sla.NameNextReply, Offset: time.Hour, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "a"}}},
		},
	}}
	err := ps.Validate()
	require.ErrorIs(t, err, sla.ErrInvalidPolicy)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *sla.PolicyError
		require.ErrorAs(t, e, &pe)
		fields = append(fields, pe.Field)
	}
	assert.Equal(t, []string{"match.priorities[0]", "match.channels[0]", "targets[0].hours", "levels[0]", "levels[1]"}, fields)

	_, err = ps.Evaluate(create(t, rfc(t, "2026-03-02T09:00:00Z"), "").events, rfc(t, "2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, sla.ErrInvalidPolicy)

	// What fits is accepted and never fires early.
	ok := sla.Policies{{Name: "long", Version: 1, Targets: []sla.Target{{Metric: sla.TotalResolution(), Duration: years(28)}},
		Levels: []sla.Level{{Name: "x10", Percent: 1000, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "a"}}},
			{Name: "late", Offset: years(200), Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "a"}}}}}}
	require.NoError(t, ok.Validate())
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	r, err := ok.Evaluate(create(t, t0, "").events, t0.Add(time.Hour))
	require.NoError(t, err)
	for _, l := range r.Instances[0].Levels {
		assert.False(t, l.Reached, l.Level.Name)
		assert.Positive(t, l.Threshold, l.Level.Name)
	}
	assert.False(t, r.Instances[0].Breached)
}

// TestEvaluatorAdvancingNowAllocatesNothing: an Evaluator re-evaluating a
// ticket at advancing instants allocates nothing once it has seen the
// percentages they pass through — over more than 4,096 of them, as a
// scheduler's sweep over many tickets of different ages does.
func TestEvaluatorAdvancingNowAllocatesNothing(t *testing.T) {
	ev, err := sla.NewEvaluator(sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.TotalResolution(), Duration: 200 * time.Hour},
		{Metric: sla.FirstReply(), Duration: 100 * time.Hour},
	}}})
	require.NoError(t, err)
	t0 := rfc(t, "2026-03-02T09:00:00Z")
	old := create(t, t0, ticket.PriorityNormal).events
	young := create(t, t0.Add(5000*time.Minute), ticket.PriorityNormal).events
	for m := range 10100 { // the old ticket passes through every percentage first
		_, err := ev.Evaluate(old, t0.Add(time.Duration(m)*time.Minute))
		require.NoError(t, err)
	}
	now := t0.Add(5000 * time.Minute)
	allocs := testing.AllocsPerRun(4999, func() { // each run a minute later, a 5000th as warm-up
		now = now.Add(time.Minute)
		if _, err := ev.Evaluate(young, now); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs)
}

// pairedHistory builds a history in which an update often holds two events
// at one instant: a priority change or a VIP tag toggle, then an agent
// reply, a solve, a reopening customer message or a reopen by status.
func pairedHistory(t testing.TB, rng *rand.Rand, n int) []ticket.Event {
	t.Helper()
	tk, evs := randomTicket(t, rng)
	prios := ticket.Priorities()
	at := tk.CreatedAt
	for range n {
		at = at.Add(time.Duration(1+rng.IntN(18)) * 10 * time.Minute)
		var steps []func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error)
		switch rng.IntN(3) {
		case 0:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.SetPriority(at, agent, prios[rng.IntN(len(prios))])
			})
		case 1:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) { return toggleVIP(tk, at) })
		}
		switch rng.IntN(5) {
		case 0:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.Reply(at, agent, ticket.Message{Public: true})
			})
		case 1:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.SetStatus(at, agent, ticket.StatusSolved)
			})
		case 2:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.Reply(at, customer, ticket.Message{Public: true})
			})
		case 3:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.SetStatus(at, agent, ticket.StatusOpen)
			})
		default:
			steps = append(steps, func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.SetStatus(at, agent, ticket.StatusPending)
			})
		}
		if rng.IntN(2) == 0 { // the change after the other event
			steps[0], steps[len(steps)-1] = steps[len(steps)-1], steps[0]
		}
		for _, step := range steps {
			next, more, err := step(tk)
			if err != nil {
				continue
			}
			tk, evs = next, append(evs, more...)
		}
	}
	return evs
}

// TestSameInstantReference compares Evaluate with the minute-by-minute
// reference on histories dense in changes and replies, solves and reopens
// at one instant, and checks Due over runs on them.
func TestSameInstantReference(t *testing.T) {
	biz := refDesk(t)
	for seed := range seeds(300, 20000) {
		rng := rand.New(rand.NewPCG(uint64(seed), 18))
		events := pairedHistory(t, rng, 3+rng.IntN(12))
		ps := randomPolicies(rng, biz)
		last := events[len(events)-1].At
		if last.Sub(refEpoch) > 35*24*time.Hour {
			continue
		}
		now := last.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
		if rng.IntN(3) == 0 {
			now = events[rng.IntN(len(events))].At
		}
		got, err := ps.Evaluate(events, now)
		require.NoError(t, err)
		checkInvariants(t, "paired", got)
		if !compareReference(t, seed, referenceRun(ps, biz, events, now), got, now) {
			for _, e := range events {
				t.Log(e.String(), e.Data)
			}
			t.FailNow()
		}
	}
}
