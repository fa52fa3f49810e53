package wakeup_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// poisonHours are round-the-clock hours that panic when asked for an hour
// or more from one instant: an application's own Hours with a bug.
type poisonHours struct{ at time.Time }

func (h poisonHours) Elapsed(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	return to.Sub(from)
}

func (h poisonHours) Add(t time.Time, d time.Duration) time.Time {
	if t.Equal(h.at) && d >= time.Hour {
		panic(fmt.Sprintf("poisonHours: %v from %v", d, t))
	}
	return t.Add(d)
}

// TestPanickingEvaluationFailsItsTicketAlone sweeps a batch in which one
// ticket's evaluation panics (the follow-up planner's Hours, the
// application's code, panic for it). Four tickets have a business-time
// cadence of an update every 30 minutes: three created at t0, due at
// t0+30m; the fourth at t0+1s, due at t0+30m1s, and planning it after
// that instant asks its hours for its second promise, an hour from its
// creation, and panics. Swept at t0+31m, the three fire their first
// promise and the fourth is handed to a retry job, as a ticket whose
// evaluation fails is; a panic that escaped the sweep would roll back the
// whole batch at every sweep, and nothing of it would ever fire.
func TestPanickingEvaluationFailsItsTicketAlone(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 10)
	clock := newClock(t0)
	poisonAt := t0.Add(time.Second)
	p, err := followup.NewPlanner(followup.Rules{{Name: "updates",
		Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 30 * time.Minute}}, Business: true}}}, poisonHours{poisonAt})
	require.NoError(t, err)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.Planner, c.BatchSize, c.MaxAttempts = p, 10, 1 })
	var ids []ticket.ID
	for i := range 4 {
		id, at := tid("poison", i), t0
		if i == 3 {
			at = poisonAt
		}
		ids = append(ids, id)
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, at, ticket.PriorityNormal)))
	}
	newClient(t, pool, s, clock, 4)
	clock.Set(t0.Add(31 * time.Minute))
	eventually(t, 30*time.Second, "three first promises fire and the fourth ticket is handed over", func() bool {
		_, state, _ := wakeupRow(t, pool, ids[3])
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 3 && state == "retrying"
	})
	for _, id := range ids[:3] {
		due, state, ok := wakeupRow(t, pool, id)
		require.True(t, ok)
		assert.Equal(t, "scheduled", state)
		assert.True(t, due.Equal(t0.Add(time.Hour)), "the second promise (and the SLA warning): %v", due)
	}
	assert.Zero(t, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, ids[3]))
}
