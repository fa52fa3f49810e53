package sla_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// TestEasterPending: a ticket waits in pending across Easter 2026 (Maundy
// Thursday 2 April to Easter Monday 6 April are Norwegian holidays).
func TestEasterPending(t *testing.T) {
	desk := osloDesk(t)
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour, Hours: desk},
		{Metric: sla.RequesterWait(), Priority: ticket.PriorityNormal, Duration: 16 * time.Hour, Hours: desk},
		{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 16 * time.Hour, Hours: desk},
	}}}
	h := create(t, rfc(t, "2026-03-31T14:30:00+02:00"), ticket.PriorityNormal). // Tuesday before Easter
											reply(rfc(t, "2026-03-31T15:00:00+02:00")).
											status(rfc(t, "2026-04-01T10:00:00+02:00"), ticket.StatusPending).
											write(rfc(t, "2026-04-07T09:00:00+02:00")) // back to open after Easter

	r, err := ps.Evaluate(h.events, rfc(t, "2026-04-07T12:00:00+02:00"))
	require.NoError(t, err)

	fr := instance(t, r, sla.NameFirstReply, 1)
	assert.Equal(t, sla.StateFulfilled, fr.State)
	assert.Equal(t, "2026-03-31T15:00:00+02:00", format(fr.End))
	assert.Equal(t, "2026-04-01T08:30:00+02:00", format(fr.Due)) // 1h30 on Tuesday, 30m on Wednesday
	assert.Equal(t, 30*time.Minute, fr.Elapsed)
	assert.Equal(t, "25", fr.Percent.String())

	rw := instance(t, r, sla.NameRequesterWait, 1)
	assert.Equal(t, sla.StateActive, rw.State)
	// 1h30 on Tuesday, 2h on Wednesday, paused, 3h on Tuesday 7 April.
	assert.Equal(t, 6*time.Hour+30*time.Minute, rw.Elapsed)
	assert.Equal(t, "2026-04-08T13:30:00+02:00", format(rw.Due))
	assert.Equal(t, "2026-04-07T14:30:00+02:00", format(rw.OriginalDue))
	require.Len(t, rw.Timeline, 3)
	assert.Equal(t, sla.StatePaused, rw.Timeline[1].State)
	assert.Equal(t, "2026-04-01T10:00:00+02:00", format(rw.Timeline[1].From))
	assert.Equal(t, "40.63", rw.Percent.String())

	tr := instance(t, r, sla.NameTotalResolution, 1)
	assert.Equal(t, "2026-04-07T14:30:00+02:00", format(tr.Due))
	assert.False(t, tr.Breached)
	assert.Equal(t, rfc(t, "2026-04-07T14:30:00+02:00"), r.NextWakeUp)

	later, err := ps.Evaluate(h.events, rfc(t, "2026-04-07T15:00:00+02:00"))
	require.NoError(t, err)
	tr = instance(t, later, sla.NameTotalResolution, 1)
	assert.True(t, tr.Breached)
	assert.Equal(t, "2026-04-07T14:30:00+02:00", format(tr.BreachedAt))
	assert.Equal(t, tr.BreachedAt, tr.Due)
	assert.Equal(t, rfc(t, "2026-04-08T13:30:00+02:00"), later.NextWakeUp)
	for _, e := range later.Events {
		t.Log(e.Kind, format(e.At), e.Metric, e.Instance, e.Seq)
	}
}

// TestPriorityRaised: a priority raised from normal to urgent mid-cycle,
// under both recalculation modes.
func TestPriorityRaised(t *testing.T) {
	desk := osloDesk(t)
	policies := func(mode sla.Recalculation) sla.Policies {
		return sla.Policies{{Name: "standard", Version: 3, Recalculation: mode, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour, Hours: desk},
			{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour, Hours: desk},
		}}}
	}
	h := create(t, rfc(t, "2026-03-02T09:00:00+01:00"), ticket.PriorityNormal).
		priority(rfc(t, "2026-03-02T11:00:00+01:00"), ticket.PriorityUrgent).
		reply(rfc(t, "2026-03-02T11:30:00+01:00"))
	now := rfc(t, "2026-03-02T12:00:00+01:00")

	t.Run("retroactive", func(t *testing.T) {
		r, err := policies(sla.Retroactive).Evaluate(h.events, now)
		require.NoError(t, err)
		require.Len(t, r.Instances, 1)
		in := r.Instances[0]
		assert.Equal(t, sla.StateFulfilled, in.State)
		assert.True(t, in.Breached)
		assert.Equal(t, "2026-03-02T10:00:00+01:00", format(in.BreachedAt)) // before the change
		assert.Equal(t, "2026-03-02T10:00:00+01:00", format(in.Due))
		assert.Equal(t, "2026-03-03T09:00:00+01:00", format(in.OriginalDue))
		assert.Equal(t, time.Hour, in.Target.Duration)
		assert.Equal(t, "250", in.Percent.String())
		assert.Equal(t, -90*time.Minute, in.Remaining)
	})
	t.Run("prospective", func(t *testing.T) {
		r, err := policies(sla.Prospective).Evaluate(h.events, now)
		require.NoError(t, err)
		require.Len(t, r.Instances, 2)
		first, second := r.Instances[0], r.Instances[1]
		assert.Equal(t, sla.StateCancelled, first.State)
		assert.Equal(t, "target_changed", first.Reason)
		assert.False(t, first.Breached)
		assert.Equal(t, "2026-03-02T11:00:00+01:00", format(first.End))
		assert.Equal(t, "2026-03-03T09:00:00+01:00", format(first.Due))
		assert.Equal(t, 2, second.Number)
		assert.Equal(t, sla.StateFulfilled, second.State)
		assert.False(t, second.Breached)
		assert.Equal(t, "2026-03-02T11:00:00+01:00", format(second.Start))
		assert.Equal(t, "2026-03-02T12:00:00+01:00", format(second.Due))
		assert.Equal(t, "2026-03-02T12:00:00+01:00", format(second.OriginalDue))
		assert.Equal(t, "50", second.Percent.String())
	})
}

// TestReopen: a reopen after solve keeps first resolution, continues total
// resolution and starts a next-reply instance.
func TestReopen(t *testing.T) {
	desk := osloDesk(t)
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstResolution(), Duration: 8 * time.Hour, Hours: desk},
		{Metric: sla.TotalResolution(), Duration: 8 * time.Hour, Hours: desk},
		{Metric: sla.NextReply(), Duration: 2 * time.Hour, Hours: desk},
	}}}
	h := create(t, rfc(t, "2026-03-02T09:00:00+01:00"), ticket.PriorityNormal).
		reply(rfc(t, "2026-03-02T10:00:00+01:00")).
		status(rfc(t, "2026-03-02T11:00:00+01:00"), ticket.StatusSolved).
		write(rfc(t, "2026-03-03T09:00:00+01:00")). // reopens
		reply(rfc(t, "2026-03-03T10:00:00+01:00")).
		status(rfc(t, "2026-03-03T12:00:00+01:00"), ticket.StatusSolved)
	r, err := ps.Evaluate(h.events, rfc(t, "2026-03-03T13:00:00+01:00"))
	require.NoError(t, err)

	first := instance(t, r, sla.NameFirstResolution, 1)
	assert.Equal(t, sla.StateFulfilled, first.State)
	assert.Equal(t, "2026-03-02T11:00:00+01:00", format(first.End))
	assert.Equal(t, 2*time.Hour, first.Elapsed)
	assert.True(t, first.Final())

	total := instance(t, r, sla.NameTotalResolution, 1)
	assert.Equal(t, sla.StateFulfilled, total.State)
	assert.False(t, total.Final())
	assert.Equal(t, "2026-03-03T12:00:00+01:00", format(total.End))
	assert.Equal(t, 5*time.Hour, total.Elapsed) // 2h before the solve, 3h after the reopen
	var states []sla.State
	for _, s := range total.Timeline {
		states = append(states, s.State)
	}
	assert.Equal(t, []sla.State{sla.StateActive, sla.StateFulfilled, sla.StateActive, sla.StateFulfilled}, states)
	// Due just before the second solve: 9h of open time after the start,
	// counting the solved stretch (Monday 11:00–16:00) as paused.
	assert.Equal(t, "2026-03-03T15:00:00+01:00", format(total.Due))

	next := instance(t, r, sla.NameNextReply, 1)
	assert.Equal(t, "2026-03-03T09:00:00+01:00", format(next.Start))
	assert.Equal(t, "2026-03-03T10:00:00+01:00", format(next.End))
	assert.Equal(t, sla.StateFulfilled, next.State)
}

// TestMerge: a merged-away ticket's running clocks are cancelled at the merge.
func TestMerge(t *testing.T) {
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 4 * time.Hour},
		{Metric: sla.RequesterWait(), Duration: 24 * time.Hour},
	}}}
	h := create(t, rfc(t, "2026-03-02T09:00:00Z"), ticket.PriorityNormal)
	target, _, err := ticket.Create(nil, ticket.ID{15: 2}, rfc(t, "2026-03-02T08:00:00Z"), customer, ticket.Created{Subject: "same", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	m, err := ticket.Merge(rfc(t, "2026-03-02T10:00:00Z"), agent, h.ticket, target)
	require.NoError(t, err)
	h.do(m.Source, m.SourceEvents, nil)

	r, err := ps.Evaluate(h.events, rfc(t, "2026-03-05T00:00:00Z"))
	require.NoError(t, err)
	for _, in := range r.Instances {
		assert.Equal(t, sla.StateCancelled, in.State, in.Metric.Name)
		assert.Equal(t, "merged", in.Reason)
		assert.Equal(t, "2026-03-02T10:00:00Z", in.End.UTC().Format(time.RFC3339))
		assert.Equal(t, time.Hour, in.Elapsed)
		assert.False(t, in.Breached)
	}
	assert.True(t, r.NextWakeUp.IsZero())
}

// TestAscensionEve: a customer writes at 15:59 the day before Ascension Day
// (Thursday 14 May 2026, a holiday); the one open minute left that day
// counts, and the next-reply target runs on into Friday.
func TestAscensionEve(t *testing.T) {
	desk := osloDesk(t)
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 2 * time.Hour, Hours: desk},
		{Metric: sla.NextReply(), Duration: time.Hour, Hours: desk},
	}}}
	h := create(t, rfc(t, "2026-05-13T15:00:00+02:00"), ticket.PriorityNormal).
		reply(rfc(t, "2026-05-13T15:30:00+02:00")).
		write(rfc(t, "2026-05-13T15:59:00+02:00"))

	r, err := ps.Evaluate(h.events, rfc(t, "2026-05-14T12:00:00+02:00"))
	require.NoError(t, err)
	next := instance(t, r, sla.NameNextReply, 1)
	assert.Equal(t, sla.StateActive, next.State)
	assert.Equal(t, "2026-05-15T08:59:00+02:00", format(next.Due))
	assert.Equal(t, time.Minute, next.Elapsed)
	assert.Equal(t, "1.67", next.Percent.String())
	assert.Equal(t, next.Due, r.NextWakeUp)

	h.reply(rfc(t, "2026-05-15T09:10:00+02:00"))
	r, err = ps.Evaluate(h.events, rfc(t, "2026-05-15T10:00:00+02:00"))
	require.NoError(t, err)
	next = instance(t, r, sla.NameNextReply, 1)
	assert.Equal(t, sla.StateFulfilled, next.State)
	assert.True(t, next.Breached)
	assert.Equal(t, "2026-05-15T08:59:00+02:00", format(next.BreachedAt))
	assert.Equal(t, 71*time.Minute, next.Elapsed)
	assert.Equal(t, -11*time.Minute, next.Remaining)
	assert.Equal(t, "118.33", next.Percent.String())
}

// TestDSTSunday: a 75 % warning and a breach on the spring-forward Sunday
// (29 March 2026, 02:00 CET → 03:00 CEST) with a 24/7 target: four real
// hours after 00:30 the wall clock reads 05:30.
func TestDSTSunday(t *testing.T) {
	ps := sla.Policies{{Name: "24/7", Version: 2, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: 4 * time.Hour, Hours: calendar.Always(oslo)},
	}, Levels: []sla.Level{
		{Name: "warn", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "escalate", Offset: 30 * time.Minute, Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "tier-2"}}},
	}}}
	h := create(t, rfc(t, "2026-03-29T00:30:00+01:00"), ticket.PriorityUrgent)

	r, err := ps.Evaluate(h.events, rfc(t, "2026-03-29T04:00:00+02:00"))
	require.NoError(t, err)
	in := r.Instances[0]
	assert.Equal(t, "2026-03-29T05:30:00+02:00", format(in.Due))
	require.Len(t, in.Levels, 2)
	assert.Equal(t, "2026-03-29T04:30:00+02:00", format(in.Levels[0].At))
	assert.False(t, in.Levels[0].Reached)
	assert.Equal(t, "2026-03-29T04:30:00+02:00", format(r.NextWakeUp))

	r, err = ps.Evaluate(h.events, rfc(t, "2026-03-29T06:30:00+02:00"))
	require.NoError(t, err)
	in = r.Instances[0]
	assert.True(t, in.Breached)
	assert.Equal(t, "2026-03-29T05:30:00+02:00", format(in.BreachedAt))
	assert.True(t, in.Levels[0].Reached)
	assert.Equal(t, "2026-03-29T04:30:00+02:00", format(in.Levels[0].At))
	assert.True(t, in.Levels[1].Reached)
	assert.Equal(t, "2026-03-29T06:00:00+02:00", format(in.Levels[1].At))
	assert.Equal(t, 5*time.Hour, in.Elapsed)
	assert.True(t, r.NextWakeUp.IsZero())

	var kinds []string
	for _, e := range r.Events {
		kinds = append(kinds, string(e.Kind)+" "+format(e.At)+" "+e.Level)
	}
	assert.Equal(t, []string{
		"apply_policy 2026-03-29T00:30:00+01:00 ",
		"activate 2026-03-29T00:30:00+01:00 ",
		"level 2026-03-29T04:30:00+02:00 warn",
		"breach 2026-03-29T05:30:00+02:00 ",
		"level 2026-03-29T06:00:00+02:00 escalate",
	}, kinds)

	due, err := r.Due(sla.Checkpoint{At: rfc(t, "2026-03-29T04:00:00+02:00"), Seq: 1}, sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 2)
	assert.Equal(t, "warn", due[0].Level)
	assert.Equal(t, "00000000-0000-0000-0000-000000000001/\"24/7\"@2/first_reply_time/1/warn", due[0].Key)
	assert.Equal(t, []sla.Action{{Kind: sla.ActionReassign, Group: "tier-2"}}, due[1].Actions)
}
