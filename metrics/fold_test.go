package metrics_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everyEventType builds histories that hold, between them, an event of
// every type package ticket defines: a follow-up ticket of a closed one, a
// ticket merged into another, and one with every other kind of change.
func everyEventType(t *testing.T) [][]ticket.Event {
	t.Helper()
	at := oslo(t, "2026-03-23 09:00")
	s := newStory(t, 1, at, ticket.Created{Subject: "invoice", Group: "l1", Category: "billing", Priority: ticket.PriorityNormal})
	s.assign(at.Add(time.Minute), "ingrid", "l1").
		reply(at.Add(10*time.Minute), ingrid).
		do(s.tk.SetPriority(at.Add(11*time.Minute), ingrid, ticket.PriorityHigh)).
		do(s.tk.Tag(at.Add(12*time.Minute), ingrid, []string{"vip"}, nil)).
		do(s.tk.SetFields(at.Add(13*time.Minute), ingrid, map[string]string{ticket.FieldCategory: "login", "order": "42"})).
		do(s.tk.SetFollowUp(at.Add(14*time.Minute), ingrid, ticket.FollowUpSet{Due: at.Add(24 * time.Hour), Note: "call back"})).
		do(s.tk.ClearFollowUp(at.Add(15*time.Minute), ingrid)).
		do(s.tk.Snooze(at.Add(16*time.Minute), ingrid, at.Add(2*time.Hour))).
		do(s.tk.ApplyWorkflow(at.Add(17*time.Minute), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m1"})).
		do(s.tk.LogHandling(at.Add(18*time.Minute), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: time.Minute})).
		status(at.Add(20*time.Minute), ticket.StatusSolved).
		rate(at.Add(30*time.Minute), 5, 5).
		status(at.Add(40*time.Minute), ticket.StatusClosed)
	follow, fev, err := ticket.FollowUp(s.tk, tid(2), at.Add(time.Hour), ola, ticket.Created{Subject: "again", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}}, ticket.Message{Public: true, Body: "it broke again"})
	require.NoError(t, err)
	dup := newStory(t, 3, at.Add(time.Hour), ticket.Created{Subject: "dup"})
	res, err := ticket.Merge(at.Add(2*time.Hour), ingrid, dup.tk, follow)
	require.NoError(t, err)
	return [][]ticket.Event{s.events, append(fev, res.TargetEvents...), append(dup.events, res.SourceEvents...)}
}

// TestFoldEveryEventType: every payload type of the wire format, taken from
// package ticket's own list of event types, is folded, so a new event type
// cannot break reports silently: this test fails until the histories above
// hold one of it and the report accepts them.
func TestFoldEveryEventType(t *testing.T) {
	_, err := ticket.ParseEventType("\x00")
	var uv *ticket.UnknownValueError
	require.ErrorAs(t, err, &uv)
	require.NotEmpty(t, uv.Valid)
	hs := everyEventType(t)
	seen := map[ticket.EventType]bool{}
	for _, h := range hs {
		for _, e := range h {
			seen[e.Type()] = true
		}
	}
	for _, name := range uv.Valid {
		assert.True(t, seen[ticket.EventType(name)], "no history holds an event of type %q", name)
	}
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t)})
	require.NoError(t, err)
	for _, h := range hs {
		_, err := ticket.Replay(nil, h)
		require.NoError(t, err)
		require.NoError(t, r.Add(h))
	}
	assert.Equal(t, 2, r.Tickets, "the merged-away ticket is left out")
	assert.Equal(t, 1, r.Removed[metrics.RemovedMergedAway].Count)
	assert.Equal(t, 1, r.All.CSAT.Numerator)
	assert.Empty(t, r.Skipped)
}

// TestSnoozedTicketInReport is the reported failure: a snoozed ticket with
// a follow-up date failed Add as corrupt, or vanished under SkipCorrupt.
func TestSnoozedTicketInReport(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	s := newStory(t, 1, at, ticket.Created{Subject: "s"})
	s.reply(at.Add(time.Hour), ingrid)
	s.do(s.tk.Snooze(at.Add(2*time.Hour), ingrid, at.Add(48*time.Hour)))
	s.do(s.tk.SetFollowUp(at.Add(2*time.Hour), ingrid, ticket.FollowUpSet{Due: at.Add(24 * time.Hour)}))
	s.status(at.Add(3*time.Hour), ticket.StatusSolved)
	for _, oc := range []metrics.OnCorrupt{metrics.FailOnCorrupt, metrics.SkipCorrupt} {
		r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), OnCorrupt: oc})
		require.NoError(t, err)
		require.NoError(t, r.Add(s.events))
		assert.Equal(t, 1, r.Tickets)
		assert.Empty(t, r.Skipped)
		st := r.All.FullResolution.Stats(metrics.NearestRank)
		assert.Equal(t, 3*time.Hour, st.Median)
	}
}

// mutateHistory returns a copy of h with one of the edits storage could
// make: recorded previous values, reopen flags, sequence numbers,
// instants, payloads and actors changed; events dropped or swapped.
func mutateHistory(rng *rand.Rand, h []ticket.Event) []ticket.Event {
	h = slices.Clone(h)
	i := rng.IntN(len(h))
	e := &h[i]
	switch rng.IntN(11) {
	case 0:
		h = append(h[:i:i], h[i+1:]...)
	case 1:
		j := rng.IntN(len(h))
		h[i], h[j] = h[j], h[i]
	case 2:
		e.At = e.At.Add(time.Duration(rng.IntN(7)-3) * time.Hour)
	case 3:
		e.Seq += rng.IntN(3) - 1
	case 4:
		e.Actor.Role = ticket.Role([]string{"agent", "customer", "bot", "x", ""}[rng.IntN(5)])
	case 5:
		e.Data = ticket.StatusChanged{From: ticket.StatusSolved, To: ticket.StatusOpen, Reopen: rng.IntN(2) == 0}
	case 6:
		e.Data = ticket.Assigned{Agent: "kari", Group: "l2", PrevAgent: "per", PrevGroup: "l9"}
	case 7:
		e.Data = ticket.Snoozed{}
	case 8:
		e.Data = ticket.FollowUpCleared{}
	case 9:
		if sc, ok := e.Data.(ticket.StatusChanged); ok {
			sc.Reopen = !sc.Reopen
			e.Data = sc
		} else {
			e.Data = ticket.PriorityChanged{From: ticket.PriorityUrgent, To: ticket.PriorityLow}
		}
	case 10:
		e.Data = ticket.TagsChanged{Removed: []string{"zzz"}}
	}
	return h
}

// TestFoldRefusesWhatReplayRefuses: over random valid histories and random
// edits of them, Report.Add accepts exactly the histories ticket.Replay
// accepts, and refuses the others with Replay's own error.
func TestFoldRefusesWhatReplayRefuses(t *testing.T) {
	n := 400
	if long() {
		n = 20000
	}
	rng := newRand(23)
	loc := mustLoc(t, "Europe/Oslo")
	hs := genHistories(t, rng, n)
	refused := 0
	for k, h := range hs {
		if k%4 != 0 {
			h = mutateHistory(rng, h)
		}
		r, err := metrics.NewReport(metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}})
		require.NoError(t, err)
		_, want := ticket.Replay(nil, h)
		got := r.Add(h)
		if want == nil {
			require.NoError(t, got, "ticket %d", k)
			continue
		}
		refused++
		require.Error(t, got, "ticket %d: Replay refuses: %v", k, want)
		assert.ErrorIs(t, got, metrics.ErrCorruptHistory)
		assert.ErrorIs(t, got, ticket.ErrCorruptHistory)
		var re, wre *ticket.ReplayError
		require.ErrorAs(t, got, &re)
		require.True(t, errors.As(want, &wre))
		assert.Equal(t, wre, re, "ticket %d", k)
		var he *metrics.HistoryError
		require.ErrorAs(t, got, &he)
		assert.Equal(t, wre.Seq, he.Seq)
		assert.Equal(t, 0, r.Tickets, "a refused history changes nothing")
	}
	assert.Greater(t, refused, n/4, "the edits should break many histories")
}

// TestForgedRecordsRefused: the recorded previous agent and group and the
// reopen flag are checked, so a forged history is not reported as
// escalated, reassigned and reopened.
func TestForgedRecordsRefused(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	base := newStory(t, 1, at, ticket.Created{Subject: "s", Group: "l1"}).
		assign(at.Add(time.Minute), "ingrid", "l1").
		reply(at.Add(time.Hour), ingrid).events
	forged := []ticket.Event{
		{TicketID: tid(1), Seq: 4, At: at.Add(2 * time.Hour), Actor: rule, Data: ticket.Assigned{Agent: "kari", Group: "l2", PrevAgent: "per", PrevGroup: "l9"}},
		{TicketID: tid(1), Seq: 4, At: at.Add(2 * time.Hour), Actor: ingrid, Data: ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending, Reopen: true}},
	}
	loc := mustLoc(t, "Europe/Oslo")
	for _, e := range forged {
		h := append(slices.Clone(base), e)
		r, err := metrics.NewReport(metrics.Config{Location: loc})
		require.NoError(t, err)
		_, want := ticket.Replay(nil, h)
		require.Error(t, want)
		err = r.Add(h)
		assert.ErrorIs(t, err, metrics.ErrCorruptHistory)
		assert.Equal(t, 0, r.All.Escalated.Numerator+r.All.Reassigned.Numerator+r.All.Reopened.Numerator)
	}
}

// evaluators returns sla evaluators of the policies policies makes, one
// on the business hours cal and one on the wall clock, to compare the
// fold's business and calendar times with.
func evaluators(t testing.TB, cal sla.Hours, policies func(sla.Hours) sla.Policies) (biz, wall *sla.Evaluator) {
	t.Helper()
	biz, err := sla.NewEvaluator(policies(cal))
	require.NoError(t, err)
	wall, err = sla.NewEvaluator(policies(nil))
	require.NoError(t, err)
	return biz, wall
}

// readAt is the instant the k-th of a run of random histories is read at:
// every third part-way (a random instant from its creation to its last
// event), the others after their last event.
func readAt(rng *rand.Rand, h []ticket.Event, k int) time.Time {
	if k%3 != 0 {
		return h[len(h)-1].At
	}
	return h[0].At.Add(time.Duration(rng.Int64N(int64(h[len(h)-1].At.Sub(h[0].At) + 1))))
}

// oneTarget returns policies of one policy with a 4-hour target of m for
// every ticket, on the hours given.
func oneTarget(m sla.Metric) func(hours sla.Hours) sla.Policies {
	return func(hours sla.Hours) sla.Policies {
		return sla.Policies{{Name: "all", Version: 1, Targets: []sla.Target{{Metric: m, Duration: 4 * time.Hour, Hours: hours}}}}
	}
}

// nextReplyPolicies are one policy with a next-reply target for every
// ticket, on hours.
var nextReplyPolicies = oneTarget(sla.NextReply())

// TestNextReplyMatchesSLA: over random histories, every next-reply value
// the fold reports equals the elapsed time of the corresponding fulfilled
// instance of sla's NextReply metric, in business hours and in calendar
// hours, and a customer still waiting (a running instance) is the one
// censored observation.
func TestNextReplyMatchesSLA(t *testing.T) {
	n := 4000
	if long() {
		n = 40000
	}
	cal := deskCalendar(t)
	biz, wall := evaluators(t, cal, nextReplyPolicies)
	rng := newRand(2)
	hs := genHistories(t, rng, n)
	var f metrics.Facts
	values, waiting := 0, 0
	for k, h := range hs {
		now := readAt(rng, h, k)
		fo, err := metrics.NewFolder(metrics.Definitions{}, cal, now, time.Time{})
		require.NoError(t, err)
		require.NoError(t, fo.Fold(&f, h))
		for _, c := range []struct {
			ev  *sla.Evaluator
			got func(metrics.NextReply) time.Duration
		}{{biz, func(n metrics.NextReply) time.Duration { return n.Business }}, {wall, func(n metrics.NextReply) time.Duration { return n.Calendar }}} {
			res, err := c.ev.Evaluate(h, now)
			require.NoError(t, err)
			var want, got []time.Duration
			active := false
			for _, in := range res.Instances {
				switch in.State {
				case sla.StateFulfilled:
					want = append(want, in.Elapsed)
				case sla.StateActive, sla.StatePaused:
					active = true
				}
			}
			for _, n := range f.NextReplies {
				got = append(got, c.got(n))
			}
			require.Equal(t, want, got, "ticket %d", k)
			require.Equal(t, active, f.NextReplyWaiting, "ticket %d", k)
		}
		values += len(f.NextReplies)
		if f.NextReplyWaiting {
			waiting++
		}
	}
	assert.Greater(t, values, n/30, "the histories should have many next replies")
	assert.Greater(t, waiting, n/100)
}

// TestNextReplyCancelledBySolve is the reported case: the customer says
// thanks, the agent solves, the customer reopens the next day and the
// agent answers an hour later: the next reply is 1 h, as in sla (the
// instance the "thanks" started was cancelled by the solve).
func TestNextReplyCancelledBySolve(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	h := newStory(t, 1, at, ticket.Created{Subject: "s"}).
		assign(at.Add(time.Minute), "ingrid", "l1").
		reply(at.Add(time.Hour), ingrid).
		reply(at.Add(90*time.Minute), ola). // thanks
		status(at.Add(2*time.Hour), ticket.StatusSolved).
		reply(oslo(t, "2026-03-24 09:00"), ola). // reopens
		reply(oslo(t, "2026-03-24 10:00"), ingrid).events
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t)})
	require.NoError(t, err)
	require.NoError(t, r.Add(h))
	assert.Equal(t, []time.Duration{time.Hour}, r.All.NextReply.Values())
	assert.Equal(t, []time.Duration{time.Hour}, r.All.NextReplyBusiness.Values())
	res, err := nextReplyPolicies(nil).Evaluate(h, oslo(t, "2026-03-24 10:00"))
	require.NoError(t, err)
	require.Len(t, res.Instances, 2)
	assert.Equal(t, sla.StateCancelled, res.Instances[0].State)
	assert.Equal(t, time.Hour, res.Instances[1].Elapsed)
}

// TestNextReplyPlacedAtReply: under ByEvent a next reply sent in March
// counts in March, not in February where the ticket was created; a
// customer still waiting is censored (at creation).
func TestNextReplyPlacedAtReply(t *testing.T) {
	feb := oslo(t, "2026-02-27 09:00")
	h := newStory(t, 1, feb, ticket.Created{Subject: "s"}).
		assign(feb.Add(time.Minute), "ingrid", "l1").
		reply(feb.Add(time.Hour), ingrid).
		reply(oslo(t, "2026-03-02 09:00"), ola).
		reply(oslo(t, "2026-03-02 11:00"), kari).
		reply(oslo(t, "2026-03-03 09:00"), ola).events // still waiting
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Attribution: metrics.ByEvent,
		Breakdowns:  [][]metrics.Dimension{{metrics.DimMonth}, {metrics.DimAgent}},
		Definitions: metrics.Definitions{NextReplyCredit: metrics.CreditReplier}})
	require.NoError(t, err)
	require.NoError(t, r.Add(h))
	months := r.Breakdowns[0]
	feb26, mar26 := months.Get("2026-02"), months.Get("2026-03")
	require.NotNil(t, feb26)
	require.NotNil(t, mar26)
	assert.Equal(t, 0, feb26.NextReply.Count())
	assert.Equal(t, 1, feb26.NextReply.Censored(), "the waiting customer, at creation")
	assert.Equal(t, []time.Duration{2 * time.Hour}, mar26.NextReply.Values())
	assert.Equal(t, 1, r.All.NextReply.Censored())
	assert.Equal(t, 1, r.All.NextReply.Count())
	agents := r.Breakdowns[1]
	require.NotNil(t, agents.Get("kari"), "credited to the agent who replied")
	assert.Equal(t, []time.Duration{2 * time.Hour}, agents.Get("kari").NextReply.Values())
	assert.Equal(t, 0, agents.Get("ingrid").NextReply.Count())

	// Only March in range: the ticket is kept for its March next reply.
	r, err = metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Attribution: metrics.ByEvent,
		From: oslo(t, "2026-03-01 00:00"), To: oslo(t, "2026-04-01 00:00")})
	require.NoError(t, err)
	require.NoError(t, r.Add(h))
	assert.Equal(t, []time.Duration{2 * time.Hour}, r.All.NextReply.Values())
	assert.Equal(t, 0, r.All.FirstReply.Count(), "the first reply was in February")
}

// TestCSATCreditWhenUnassignedAtSolve: a desk that unassigns at solve
// still credits the rating (and the resolution) to the last agent
// assigned before the solve.
func TestCSATCreditWhenUnassignedAtSolve(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	h := newStory(t, 1, at, ticket.Created{Subject: "s", Group: "l1"}).
		assign(at.Add(time.Minute), "ingrid", "l1").
		reply(at.Add(time.Hour), ingrid).
		assign(at.Add(2*time.Hour), "", "l1").
		status(at.Add(2*time.Hour), ticket.StatusSolved).
		rate(at.Add(3*time.Hour), 5, 5).events
	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	require.NoError(t, fo.Fold(&f, h))
	assert.Equal(t, "ingrid", f.Rating(ticket.SurveyCSAT).Agent)
	assert.Equal(t, "ingrid", f.ResolverAgent)
	assert.Equal(t, 0, f.Reassignments, "an unassignment is no reassignment")
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Attribution: metrics.ByEvent,
		Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}})
	require.NoError(t, err)
	require.NoError(t, r.Add(h))
	g := r.Breakdowns[0].Get("ingrid")
	require.NotNil(t, g)
	assert.Equal(t, 1, g.CSAT.Numerator)
	assert.Nil(t, r.Breakdowns[0].Get(""), "nothing credited to nobody")
	assert.Equal(t, 0, r.All.Reassigned.Numerator)
}

// TestReassignmentIsAgentToAgent: unassigning counts nothing, a change
// from one agent to another counts once, also through an unassignment.
func TestReassignmentIsAgentToAgent(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	cases := []struct {
		name   string
		agents []string
		want   int
	}{
		{"assigned once", []string{"ingrid"}, 0},
		{"unassigned", []string{"ingrid", ""}, 0},
		{"back to the same", []string{"ingrid", "", "ingrid"}, 0},
		{"to another", []string{"ingrid", "kari"}, 1},
		{"to another through nobody", []string{"ingrid", "", "kari"}, 1},
		{"there and back", []string{"ingrid", "kari", "ingrid"}, 2},
	}
	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStory(t, 1, at, ticket.Created{Subject: "s", Group: "l1"})
			for i, a := range c.agents {
				s.assign(at.Add(time.Duration(i+1)*time.Minute), a, "l1")
			}
			var f metrics.Facts
			require.NoError(t, fo.Fold(&f, s.events))
			assert.Equal(t, c.want, f.Reassignments)
		})
	}
}

// TestNowCutsOffLaterEvents: a report as of a day leaves out what happened
// after it, as sla.Evaluate does: later events are checked, not read.
func TestNowCutsOffLaterEvents(t *testing.T) {
	at := oslo(t, "2026-03-30 09:00")
	s := newStory(t, 1, at, ticket.Created{Subject: "s", Group: "l1", Category: "billing"}).
		assign(at.Add(time.Minute), "ingrid", "l1").
		reply(at.Add(time.Hour), ingrid).
		reply(oslo(t, "2026-03-31 10:00"), ola).
		assign(oslo(t, "2026-04-01 08:00"), "kari", "l2").
		reply(oslo(t, "2026-04-01 09:00"), kari).
		status(oslo(t, "2026-04-01 10:00"), ticket.StatusSolved).
		rate(oslo(t, "2026-04-02 10:00"), 1, 5)
	later := newStory(t, 2, oslo(t, "2026-04-03 09:00"), ticket.Created{Subject: "april"}).events
	now := oslo(t, "2026-04-01 00:00")
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Now: now,
		Breakdowns: [][]metrics.Dimension{{metrics.DimGroup}}})
	require.NoError(t, err)
	require.NoError(t, r.Add(s.events))
	require.NoError(t, r.Add(later))
	assert.Equal(t, 1, r.Tickets)
	assert.Equal(t, 1, r.Removed[metrics.RemovedAfterNow].Count)
	assert.Equal(t, 0, r.All.NextReply.Count())
	assert.Equal(t, 1, r.All.NextReply.Censored(), "waiting at now")
	assert.Equal(t, 0, r.All.CSAT.Denominator, "rated after now")
	assert.Equal(t, 1, r.All.FullResolution.Censored(), "solved after now")
	assert.Equal(t, 0, r.All.Reassigned.Numerator, "reassigned after now")
	assert.NotNil(t, r.Breakdowns[0].Get("l1"), "its group as of now")
	assert.Nil(t, r.Breakdowns[0].Get("l2"))
	wait := r.All.RequesterWait.Values()
	require.Len(t, wait, 1)
	assert.Equal(t, now.Sub(at), wait[0], "open until now")

	// A history broken after now is refused all the same.
	bad := slices.Clone(s.events)
	bad[len(bad)-1].Seq = 99
	assert.ErrorIs(t, r.Add(bad), metrics.ErrCorruptHistory)
}

// firstReplyPolicies are one policy with a first-reply target for every
// ticket, on hours.
var firstReplyPolicies = oneTarget(sla.FirstReply())

// TestFirstReplyMatchesSLA: over random histories, among them tickets
// agents opened with a public or internal opening comment, the fold's
// first reply is the reply that fulfils sla's FirstReply instance, with
// its elapsed time in business and in calendar hours; while the instance
// runs there is no first reply; and when a solve, close or merge cancelled
// it, the fold's first reply (Zendesk's native metric, which a reopen does
// not end) comes after the cancel, if at all.
func TestFirstReplyMatchesSLA(t *testing.T) {
	n := 4000
	if long() {
		n = 40000
	}
	cal := deskCalendar(t)
	biz, wall := evaluators(t, cal, firstReplyPolicies)
	rng := newRand(5)
	hs := genHistories(t, rng, n)
	var f metrics.Facts
	var fulfilled, openedByAgent, shifted int
	for k, h := range hs {
		now := readAt(rng, h, k)
		fo, err := metrics.NewFolder(metrics.Definitions{}, cal, now, time.Time{})
		require.NoError(t, err)
		require.NoError(t, fo.Fold(&f, h))
		for _, c := range []struct {
			ev  *sla.Evaluator
			got time.Duration
		}{{biz, f.FirstReply.Business}, {wall, f.FirstReply.Calendar}} {
			res, err := c.ev.Evaluate(h, now)
			require.NoError(t, err)
			if len(res.Instances) == 0 { // fulfilled at the creation instant: never ran
				require.True(t, f.FirstReply.Known, "ticket %d", k)
				require.True(t, f.FirstReplyAt.Equal(f.CreatedAt), "ticket %d", k)
				continue
			}
			require.Len(t, res.Instances, 1, "ticket %d", k)
			in := res.Instances[0]
			switch in.State {
			case sla.StateFulfilled:
				require.True(t, f.FirstReply.Known, "ticket %d", k)
				require.True(t, in.End.Equal(f.FirstReplyAt), "ticket %d: sla %v, fold %v", k, in.End, f.FirstReplyAt)
				require.Equal(t, in.Elapsed, c.got, "ticket %d", k)
			case sla.StateActive, sla.StatePaused:
				require.False(t, f.FirstReply.Known, "ticket %d", k)
			case sla.StateCancelled:
				require.True(t, !f.FirstReply.Known || f.FirstReplyAt.After(in.End), "ticket %d", k)
			}
		}
		if f.FirstReply.Known {
			fulfilled++
		}
		if h[0].Actor.Role == ticket.RoleAgent {
			openedByAgent++
			if i := ticket.OpeningComment(h); i >= 0 && sla.IsAgentReply(h[i]) && f.FirstReply.Known {
				// The first reply is the next public agent reply after the
				// opening comment.
				j := i + 1
				for !sla.IsAgentReply(h[j]) {
					j++
				}
				require.True(t, h[j].At.Equal(f.FirstReplyAt), "ticket %d", k)
				shifted++
			}
		}
	}
	assert.Greater(t, fulfilled, n/4)
	assert.Greater(t, openedByAgent, n/4)
	assert.Greater(t, shifted, n/40, "tickets opened with a public comment, replied to later")
}

// createdSolved is the history of a ticket imported already solved (or a
// call logged after it was solved): its Created event carries status.
func createdSolved(t *testing.T, n int, at time.Time, st ticket.Status) (ticket.Ticket, []ticket.Event) {
	t.Helper()
	ev := []ticket.Event{{TicketID: tid(n), Seq: 1, At: at, Actor: ingrid, Data: ticket.Created{
		Subject: "called about the invoice", Channel: ticket.ChannelPhone, Group: "l1", Category: "billing",
		Priority: ticket.PriorityNormal, Status: st, Requester: ticket.Requester{CustomerID: "ola"}}}}
	tk, err := ticket.Replay(nil, ev)
	require.NoError(t, err)
	return tk, ev
}

// TestCreatedSolvedIsResolvedAtCreation: a ticket whose Created event is
// already solved or closed is resolved at its creation, with resolution
// times of 0 (Zendesk stamps its solve with its creation time), not left
// out of every resolution KPI; reopened and solved again, its full
// resolution runs to the new solve.
func TestCreatedSolvedIsResolvedAtCreation(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	fo, err := metrics.NewFolder(metrics.Definitions{}, deskCalendar(t), time.Time{}, time.Time{})
	require.NoError(t, err)
	for _, st := range []ticket.Status{ticket.StatusSolved, ticket.StatusClosed} {
		t.Run(st.Name, func(t *testing.T) {
			_, ev := createdSolved(t, 1, at, st)
			var f metrics.Facts
			require.NoError(t, fo.Fold(&f, ev))
			assert.True(t, f.Resolved())
			assert.Equal(t, 1, f.Solves)
			assert.True(t, f.FirstSolvedAt.Equal(at))
			assert.True(t, f.SolvedAt.Equal(at))
			assert.Equal(t, metrics.Elapsed{Known: true}, f.FirstResolution)
			assert.Equal(t, metrics.Elapsed{Known: true}, f.FullResolution)
			assert.Equal(t, "l1", f.ResolverGroup)
			assert.Empty(t, f.ResolverAgent, "nobody was assigned")
			assert.True(t, f.OneTouch(metrics.OneTouchFewerThanTwo), "zero replies is one-touch by default")
			assert.False(t, f.OneTouch(metrics.OneTouchExactlyOne))
			assert.Zero(t, f.RequesterWait.Calendar, "never active")
		})
	}

	tk, ev := createdSolved(t, 2, at, ticket.StatusSolved)
	s := &story{t: t, tk: tk, events: ev}
	s.rate(at.Add(time.Hour), 4, 5).
		do(s.tk.Reply(at.Add(24*time.Hour), ola, ticket.Message{Public: true, Body: "it broke again"})).
		reply(at.Add(25*time.Hour), ingrid).
		status(at.Add(26*time.Hour), ticket.StatusSolved)
	var f metrics.Facts
	require.NoError(t, fo.Fold(&f, s.events))
	assert.Equal(t, 2, f.Solves)
	assert.Equal(t, 1, f.Reopens)
	assert.Equal(t, metrics.Elapsed{Known: true}, f.FirstResolution)
	assert.Equal(t, 26*time.Hour, f.FullResolution.Calendar)
	assert.Equal(t, 2*time.Hour, f.RequesterWait.Calendar, "open from the reopen to the solve")
	require.Len(t, f.NextReplies, 1, "the customer reopened a solved ticket: a next reply is due")
	assert.Equal(t, time.Hour, f.NextReplies[0].Calendar)

	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	_, closed := createdSolved(t, 3, at, ticket.StatusClosed)
	require.NoError(t, r.Add(closed))
	require.NoError(t, r.Add(s.events))
	assert.Equal(t, 2, r.All.FirstResolution.Count())
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, r.All.Reopened)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 2}, r.All.FCR, "the closed call was resolved on first contact, the reopened one not")
	assert.Equal(t, 1, r.All.CSAT.Denominator)
}
