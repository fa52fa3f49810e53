package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func outageRules() followup.Rules {
	return followup.Rules{{
		Name:  "outage",
		Match: followup.Match{TagsAny: []string{"outage"}},
		Cadence: &followup.Cadence{
			Stages: []followup.Stage{
				{Every: 10 * time.Minute, For: time.Hour},
				{Every: 30 * time.Minute, For: 3 * time.Hour},
				{Every: 2 * time.Hour},
			},
			ResetOn:  followup.ResetOn{Tags: []string{"identified", "monitoring"}},
			Template: "outage-status",
		},
	}}
}

// TestOutageCadence is the users' example with exact instants: an outage
// from 18:05 on an Oslo evening, updates at 18:15 and 18:25, an overdue
// promise, a reset on "identified", and the solve that cancels the rest.
func TestOutageCadence(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Subject: "Payments down", Tags: []string{"outage"}})

	pl := h.plan(p, rfc("2026-06-09T18:05:00+02:00"))
	assert.Equal(t, "outage", pl.Rule)
	assert.Equal(t, 0, pl.RuleIndex)
	assert.True(t, pl.Updates.Active)
	assert.Equal(t, rfc("2026-06-09T18:15:00+02:00"), pl.Updates.Next)
	assert.False(t, pl.Updates.Overdue)
	assert.Empty(t, pl.Due)
	assert.Equal(t, []string{"status_update@2026-06-09T18:15:00+02:00"}, osloAts(pl.Pending))
	assert.Equal(t, rfc("2026-06-09T18:15:00+02:00"), pl.NextWakeUp)

	h.reply(rfc("2026-06-09T18:15:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T18:20:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T18:25:00+02:00"), pl.Updates.Next, "Next update: 18:25")
	assert.Empty(t, pl.Due)

	// 18:25 passes without an update: overdue, one update due.
	pl = h.plan(p, rfc("2026-06-09T18:27:00+02:00"))
	assert.True(t, pl.Updates.Overdue)
	assert.Equal(t, []string{"status_update@2026-06-09T18:25:00+02:00"}, osloAts(pl.Due))
	assert.Equal(t, "outage-status", pl.Due[0].Template)
	assert.Equal(t, "ola", pl.Due[0].Customer)
	assert.Equal(t, rfc("2026-06-09T18:35:00+02:00"), pl.NextWakeUp)
	key := pl.Due[0].Key

	// A late update at 18:28 keeps the grid: the next promise is 18:35.
	h.reply(rfc("2026-06-09T18:28:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T18:28:00+02:00"))
	assert.False(t, pl.Updates.Overdue)
	assert.Equal(t, rfc("2026-06-09T18:35:00+02:00"), pl.Updates.Next)
	assert.NotEqual(t, key, pl.Pending[0].Key)

	// Identified at 19:40: a new phase, every 10 minutes again from 19:40.
	h.do(h.tk.Tag(rfc("2026-06-09T19:40:00+02:00"), ingrid, []string{"identified"}, nil))
	pl = h.plan(p, rfc("2026-06-09T19:40:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T19:40:00+02:00"), pl.Updates.PhaseStart)
	assert.Equal(t, rfc("2026-06-09T19:50:00+02:00"), pl.Updates.Next)
	require.Len(t, pl.Cancelled, 1, "the old phase's unkept promise is cancelled")
	assert.Equal(t, followup.ReasonPhaseChanged, pl.Cancelled[0].Reason)
	assert.Equal(t, rfc("2026-06-09T18:35:00+02:00"), pl.Cancelled[0].Item.At)

	// Solved: the cadence ends and its next promise is cancelled.
	h.status(rfc("2026-06-09T19:45:00+02:00"), ticket.StatusSolved)
	pl = h.plan(p, rfc("2026-06-09T20:30:00+02:00"))
	assert.False(t, pl.Updates.Active)
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Pending)
	assert.True(t, pl.NextWakeUp.IsZero())
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonSolved, pl.Cancelled[0].Reason)
	assert.Equal(t, ticket.TypeStatusChanged, pl.Cancelled[0].By.Type())
	assert.Equal(t, rfc("2026-06-09T19:50:00+02:00"), pl.Cancelled[0].Item.At)
}

func TestCadenceFromLastUpdate(t *testing.T) {
	rules := outageRules()
	rules[0].Cadence.From = followup.AnchorLastUpdate
	p := planner(t, rules)
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h.reply(rfc("2026-06-09T18:12:00+02:00"), ingrid)
	pl := h.plan(p, rfc("2026-06-09T18:12:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T18:22:00+02:00"), pl.Updates.Next)
	// an update at 19:02 (stage 0) promises 19:12; at 19:12 the phase is in stage 1
	h.reply(rfc("2026-06-09T19:02:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T19:30:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T19:12:00+02:00"), pl.Updates.Next)
	assert.True(t, pl.Updates.Overdue)
	assert.Equal(t, []string{"status_update@2026-06-09T19:12:00+02:00"}, osloAts(pl.Due))
	assert.Equal(t, []string{"status_update@2026-06-09T19:42:00+02:00"}, osloAts(pl.Pending))
}

// TestBumpBumpSolveBusinessDays: pending on Tuesday 12 May 2026 10:00 in
// Oslo; bumps after 1 and 2 business days and a solve after 3, on a desk
// open weekdays 08–16, across Ascension Day (Thursday 14 May) and a weekend.
func TestBumpBumpSolveBusinessDays(t *testing.T) {
	day := 8 * time.Hour
	rules := followup.Rules{{
		Name: "waiting",
		Nudges: []followup.Nudge{
			{After: followup.Business(day), Template: "bump1"},
			{After: followup.Business(2 * day), Template: "bump2"},
			{After: followup.Business(3 * day), Action: followup.ActionSolve},
		},
	}}
	p := planner(t, rules)
	h := newHist(t, rfc("2026-05-12T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-05-12T09:30:00+02:00"), ingrid)
	h.status(rfc("2026-05-12T10:00:00+02:00"), ticket.StatusPending)

	pl := h.plan(p, rfc("2026-05-12T10:00:00+02:00"))
	assert.Equal(t, []string{
		"nudge@2026-05-13T10:00:00+02:00",      // Tue 10–16 and Wed 08–10
		"nudge@2026-05-15T10:00:00+02:00",      // Ascension Day is closed
		"auto_solve@2026-05-18T10:00:00+02:00", // Tue 6h, Wed 8h, Fri 8h, the weekend, Mon 08–10
	}, osloAts(pl.Pending))
	assert.Equal(t, rfc("2026-05-13T10:00:00+02:00"), pl.NextWakeUp)

	pl = h.plan(p, rfc("2026-05-15T11:00:00+02:00"))
	assert.Equal(t, []string{"nudge@2026-05-13T10:00:00+02:00", "nudge@2026-05-15T10:00:00+02:00"}, osloAts(pl.Due))
	assert.Equal(t, "bump2", pl.Due[1].Template)
	assert.Equal(t, 2, pl.Due[1].Step)

	// the customer answers on Saturday: the solve is cancelled by the reply
	h.reply(rfc("2026-05-16T12:00:00+02:00"), ola)
	pl = h.plan(p, rfc("2026-05-18T12:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Pending)
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.KindAutoSolve, pl.Cancelled[0].Item.Kind)
	assert.Equal(t, followup.ReasonCustomerReply, pl.Cancelled[0].Reason)
	assert.Equal(t, ticket.TypeMessage, pl.Cancelled[0].By.Type())
}

func TestSnooze(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "woken early by a reply", true: "kept through a reply"}[keep], func(t *testing.T) {
			p := planner(t, followup.Rules{{Name: "all", KeepSnoozeOnReply: keep}})
			h := newHist(t, rfc("2026-10-23T09:00:00+02:00"), ticket.Created{})
			h.reply(rfc("2026-10-23T09:10:00+02:00"), ingrid)
			h.do(h.tk.Snooze(rfc("2026-10-23T09:15:00+02:00"), ingrid, rfc("2026-10-26T09:00:00+01:00")))
			pl := h.plan(p, rfc("2026-10-23T09:15:00+02:00"))
			assert.Equal(t, []string{"wake_up@2026-10-26T09:00:00+01:00"}, osloAts(pl.Pending))
			key := pl.Pending[0].Key

			h.reply(rfc("2026-10-24T11:00:00+02:00"), ola)
			pl = h.plan(p, rfc("2026-10-24T11:00:00+02:00"))
			if keep {
				assert.Empty(t, pl.Due)
				assert.Equal(t, []string{"wake_up@2026-10-26T09:00:00+01:00"}, osloAts(pl.Pending))
				return
			}
			require.Equal(t, []string{"wake_up@2026-10-24T11:00:00+02:00"}, osloAts(pl.Due))
			assert.Equal(t, key, pl.Due[0].Key, "one wake-up per snooze, early or not")
			assert.Equal(t, h.events[len(h.events)-1].Seq, pl.Due[0].Cause)
			assert.Empty(t, pl.Pending)
		})
	}
}

// After a customer's reply woke a snooze early, the agent snoozes the
// ticket again until the same Monday: that is a new snooze, with its own
// wake-up. ticket.Snooze used to make it a no-op (the ticket's
// SnoozedUntil had not changed), so the ticket stayed awake.
func TestResnoozeAfterAnEarlyWake(t *testing.T) {
	p := planner(t, nil)
	monday := rfc("2026-10-26T09:00:00+01:00")
	h := newHist(t, rfc("2026-10-23T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-10-23T09:10:00+02:00"), ingrid)
	h.do(h.tk.Snooze(rfc("2026-10-23T09:15:00+02:00"), ingrid, monday))
	first := h.plan(p, rfc("2026-10-23T09:15:00+02:00")).Pending[0].Key
	h.reply(rfc("2026-10-24T11:00:00+02:00"), ola)
	require.Equal(t, []string{"wake_up@2026-10-24T11:00:00+02:00"}, osloAts(h.plan(p, rfc("2026-10-24T11:00:00+02:00")).Due))

	n := len(h.events)
	h.do(h.tk.Snooze(rfc("2026-10-24T11:05:00+02:00"), ingrid, monday))
	require.Len(t, h.events, n+1, "the snooze is recorded")
	pl := h.plan(p, rfc("2026-10-24T11:05:00+02:00"))
	assert.Empty(t, pl.Due, "asleep again: the early wake-up is done with")
	require.Equal(t, []string{"wake_up@2026-10-26T09:00:00+01:00"}, osloAts(pl.Pending))
	assert.NotEqual(t, first, pl.Pending[0].Key, "a new snooze, a new wake-up")
}

func TestSnoozeReplacedAndSolved(t *testing.T) {
	p := planner(t, nil)
	h := newHist(t, rfc("2026-03-27T09:00:00+01:00"), ticket.Created{})
	h.do(h.tk.Snooze(rfc("2026-03-27T09:00:00+01:00"), ingrid, rfc("2026-03-30T09:00:00+02:00")))
	h.do(h.tk.Snooze(rfc("2026-03-27T10:00:00+01:00"), ingrid, rfc("2026-03-29T09:00:00+02:00")))
	pl := h.plan(p, rfc("2026-03-28T09:00:00+01:00"))
	assert.Equal(t, []string{"wake_up@2026-03-29T09:00:00+02:00"}, osloAts(pl.Pending))
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonReplaced, pl.Cancelled[0].Reason)

	h.status(rfc("2026-03-28T10:00:00+01:00"), ticket.StatusSolved)
	pl = h.plan(p, rfc("2026-03-29T10:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Pending)
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonSolved, pl.Cancelled[0].Reason)
}

// TestPersonalFollowUp: a rare case type gets a personal flag for the
// assignee, due 2 business days after creation, with reminders 4 business
// hours and 1 business hour before; the first update lowers it.
func TestPersonalFollowUp(t *testing.T) {
	rules := followup.Rules{
		{Name: "outage", Match: followup.Match{TagsAny: []string{"outage"}}, Cadence: outageRules()[0].Cadence},
		{
			Name: "rare", Match: followup.Match{Categories: []string{"export-licence"}},
			Personal:  &followup.Personal{After: followup.Business(16 * time.Hour), Counts: followup.CountsHuman},
			Reminders: []followup.Offset{followup.Business(4 * time.Hour), followup.Business(time.Hour)},
		},
	}
	p := planner(t, rules)
	h := newHist(t, rfc("2026-05-29T14:00:00+02:00"), ticket.Created{Category: "export-licence"}) // Friday
	h.do(h.tk.Assign(rfc("2026-05-29T14:05:00+02:00"), ingrid, "kari", "trade"))
	pl := h.plan(p, rfc("2026-05-29T14:05:00+02:00"))
	assert.Equal(t, "rare", pl.Rule)
	assert.False(t, pl.Updates.Active)
	assert.Equal(t, []string{
		"reminder@2026-06-02T10:00:00+02:00", // 4 business hours before the due time
		"reminder@2026-06-02T13:00:00+02:00",
		"reminder@2026-06-02T14:00:00+02:00", // due: Fri 2h, Mon 8h, Tue 6h
	}, osloAts(pl.Pending))
	assert.Equal(t, "kari", pl.Pending[0].Owner)
	assert.Equal(t, []int{1, 2, 0}, []int{pl.Pending[0].Step, pl.Pending[1].Step, pl.Pending[2].Step})

	// an automated message does not lower a flag that counts human replies
	h.do(h.tk.Reply(rfc("2026-06-01T09:00:00+02:00"), robot, ticket.Message{Public: true, Automated: true}))
	pl = h.plan(p, rfc("2026-06-02T12:30:00+02:00"))
	assert.Equal(t, []string{"reminder@2026-06-02T10:00:00+02:00"}, osloAts(pl.Due))

	h.reply(rfc("2026-06-02T13:00:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-02T13:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Pending)
	assert.True(t, pl.NextWakeUp.IsZero())
}

// TestCatchUpAfterSchedulerOutage: the scheduler is down 18:20–21:20 during
// an outage whose last update was at 18:15; each catch-up mode decides
// what is due at 21:20.
func TestCatchUpAfterSchedulerOutage(t *testing.T) {
	missed := []string{"18:25", "18:35", "18:45", "18:55", "19:05", "19:35", "20:05", "20:35", "21:05"}
	tests := []struct {
		name     string
		catch    followup.CatchUp
		due      []string
		skipped  int64
		reason   followup.Reason
		nextWake string
	}{
		{"each", followup.CatchUp{}, missed, 0, "", "21:35"},
		{"latest", followup.CatchUp{Mode: followup.CatchUpLatest}, missed[8:], 8, followup.ReasonSuperseded, "21:35"},
		{"grace 30m", followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 30 * time.Minute}, missed[8:], 8, followup.ReasonTooOld, "21:35"},
		{"grace 50m", followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 50 * time.Minute}, missed[7:], 7, followup.ReasonTooOld, "21:25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := outageRules()
			rules[0].CatchUp = tt.catch
			p := planner(t, rules)
			h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
			h.reply(rfc("2026-06-09T18:15:00+02:00"), ingrid)
			pl := h.plan(p, rfc("2026-06-09T21:20:00+02:00"))
			var due []string
			for _, it := range pl.Due {
				due = append(due, it.At.In(oslo).Format("15:04"))
			}
			assert.Equal(t, tt.due, due)
			if tt.skipped == 0 {
				assert.Empty(t, pl.Skipped)
			} else {
				require.Len(t, pl.Skipped, 1)
				s := pl.Skipped[0]
				assert.Equal(t, tt.skipped, s.Count)
				assert.Equal(t, tt.reason, s.Reason)
				assert.Equal(t, "18:25", s.First.In(oslo).Format("15:04"))
				assert.Equal(t, missed[tt.skipped-1], s.Item.At.In(oslo).Format("15:04"))
			}
			assert.Equal(t, tt.nextWake, pl.NextWakeUp.In(oslo).Format("15:04"))
			assert.True(t, pl.Updates.Overdue)
			assert.Equal(t, "18:25", pl.Updates.Next.In(oslo).Format("15:04"))
		})
	}
}

// TestCatchUpNudges: wall-time bumps after 1 and 2 hours and a solve after
// 3, with the scheduler down for the whole window.
func TestCatchUpNudges(t *testing.T) {
	nudges := []followup.Nudge{
		{After: followup.Wall(time.Hour)}, {After: followup.Wall(2 * time.Hour)},
		{After: followup.Wall(3 * time.Hour), Action: followup.ActionSolve},
	}
	tests := []struct {
		name    string
		catch   followup.CatchUp
		due     []string
		skipped []followup.Reason
	}{
		{"each", followup.CatchUp{}, []string{"nudge", "nudge", "auto_solve"}, nil},
		{"latest", followup.CatchUp{Mode: followup.CatchUpLatest}, []string{"auto_solve"}, []followup.Reason{"superseded", "superseded"}},
		{"grace", followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 90 * time.Minute}, []string{"nudge", "auto_solve"}, []followup.Reason{"too_old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planner(t, followup.Rules{{Name: "pending", Nudges: nudges, CatchUp: tt.catch}})
			h := newHist(t, rfc("2026-03-29T00:30:00+01:00"), ticket.Created{})
			h.reply(rfc("2026-03-29T00:40:00+01:00"), ingrid)
			h.status(rfc("2026-03-29T01:00:00+01:00"), ticket.StatusPending) // the night clocks go forward
			pl := h.plan(p, rfc("2026-03-29T05:20:00+02:00"))                // down since 02:20
			var kinds []string
			for _, it := range pl.Due {
				kinds = append(kinds, string(it.Kind))
			}
			assert.Equal(t, tt.due, kinds)
			var reasons []followup.Reason
			for _, s := range pl.Skipped {
				reasons = append(reasons, s.Reason)
			}
			assert.Equal(t, tt.skipped, reasons)
			// 01:00 CET plus 3 hours of wall time is 05:00 CEST
			assert.Equal(t, "2026-03-29T05:00:00+02:00", pl.Due[len(pl.Due)-1].At.In(oslo).Format(time.RFC3339))
		})
	}
}

func TestAgentFollowUpDate(t *testing.T) {
	for _, clear := range []bool{false, true} {
		t.Run(map[bool]string{false: "kept through a solve", true: "cleared on solve"}[clear], func(t *testing.T) {
			p := planner(t, followup.Rules{{Name: "all", ClearDateOnSolve: clear, Reminders: []followup.Offset{followup.Wall(24 * time.Hour)}}})
			h := newHist(t, rfc("2026-05-04T09:00:00+02:00"), ticket.Created{})
			h.do(h.tk.SetFollowUp(rfc("2026-05-04T09:30:00+02:00"), ingrid, ticket.FollowUpSet{
				Due: rfc("2026-05-08T10:00:00+02:00"), Owner: "ingrid", Note: "call Ola back"}))
			h.status(rfc("2026-05-04T10:00:00+02:00"), ticket.StatusSolved)
			pl := h.plan(p, rfc("2026-05-07T12:00:00+02:00"))
			if clear {
				assert.Empty(t, pl.Due)
				assert.Empty(t, pl.Pending)
				require.Len(t, pl.Cancelled, 2)
				assert.Equal(t, followup.ReasonSolved, pl.Cancelled[0].Reason)
				return
			}
			assert.Equal(t, []string{"reminder@2026-05-07T10:00:00+02:00"}, osloAts(pl.Due))
			assert.Equal(t, []string{"reminder@2026-05-08T10:00:00+02:00"}, osloAts(pl.Pending))
			assert.Equal(t, "call Ola back", pl.Pending[0].Note)
			assert.Equal(t, "ingrid", pl.Pending[0].Owner)

			h.status(rfc("2026-05-07T13:00:00+02:00"), ticket.StatusClosed)
			pl = h.plan(p, rfc("2026-05-09T12:00:00+02:00"))
			assert.Empty(t, pl.Due, "nothing is due on a closed ticket")
			assert.Empty(t, pl.Pending)
			require.Len(t, pl.Cancelled, 1)
			assert.Equal(t, followup.ReasonClosed, pl.Cancelled[0].Reason)
		})
	}
}

func TestReopenStartsNewPhase(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h.status(rfc("2026-06-09T18:06:00+02:00"), ticket.StatusSolved)
	h.reply(rfc("2026-06-09T20:00:00+02:00"), ola) // reopens
	pl := h.plan(p, rfc("2026-06-09T20:00:00+02:00"))
	assert.True(t, pl.Updates.Active)
	assert.Equal(t, rfc("2026-06-09T20:00:00+02:00"), pl.Updates.PhaseStart)
	assert.Equal(t, rfc("2026-06-09T20:10:00+02:00"), pl.Updates.Next)
}

func TestMergedAwayTicketOwesNothing(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	target, _, err := ticket.Create(nil, otherID, rfc("2026-06-09T18:00:00+02:00"), ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	res, err := ticket.Merge(rfc("2026-06-09T18:30:00+02:00"), ingrid, h.tk, target)
	require.NoError(t, err)
	h.do(res.Source, res.SourceEvents, nil)
	pl := h.plan(p, rfc("2026-06-09T19:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Pending)
	assert.True(t, pl.NextWakeUp.IsZero())
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonClosed, pl.Cancelled[0].Reason)
	assert.Equal(t, rfc("2026-06-09T18:15:00+02:00"), pl.Cancelled[0].Item.At, "the overdue promise made moot")
}

func TestPlanErrors(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{})
	tests := []struct {
		name   string
		events []ticket.Event
		now    time.Time
		want   error
	}{
		{"empty history", nil, rfc("2026-06-09T18:05:00+02:00"), followup.ErrInvalidHistory},
		{"history without created", h.events[1:], rfc("2026-06-09T18:05:00+02:00"), followup.ErrInvalidHistory},
		{"zero now", h.events, time.Time{}, followup.ErrInvalidInstant},
		{"now before the last event", h.events, rfc("2026-06-09T18:04:59+02:00"), followup.ErrInvalidInstant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := p.Plan(tt.events, tt.now)
			assert.ErrorIs(t, err, tt.want)
			assert.Zero(t, pl.Ticket)
		})
	}
	_, err := p.Plan(nil, rfc("2026-06-09T18:05:00+02:00"))
	var he *followup.HistoryError
	require.ErrorAs(t, err, &he)
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
}
