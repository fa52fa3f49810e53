package wakeup_test

import (
	"context"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMergeWakeUps merges tickets two ways at t0+30m, all three created at
// t0 with priority normal (24/7: the first-reply warning at t0+1h, the
// breach at t0+2h):
//   - A into B through Scheduler.AppendTx on both in one transaction: A,
//     closed, loses its wake-up at once; B keeps t0+1h (a merge into it
//     changes none of its clocks);
//   - C into B through ticket.MergeTickets on the pgstore.Store alone,
//     which leaves C's wake-up at t0+1h: the sweep then finds C closed,
//     fires nothing for it and drops the wake-up.
//
// Only B's warning and breach fire, once each; nothing fires for A or C.
func TestMergeWakeUps(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 10)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	a, b, c := tid("merge", 1), tid("merge", 2), tid("merge", 3)
	for _, id := range []ticket.ID{a, b, c} {
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	store := pgstore.New(pool)
	load := func(id ticket.ID) ticket.Ticket {
		tk, err := ticket.Load(ctx, store, nil, id)
		require.NoError(t, err)
		return tk
	}
	at := t0.Add(30 * time.Minute)
	clock.Set(at)
	res, err := ticket.Merge(at, ticket.Agent("ingrid"), load(a), load(b))
	require.NoError(t, err)
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, s.AppendTx(ctx, tx, a, 1, res.SourceEvents))
	require.NoError(t, s.AppendTx(ctx, tx, b, 1, res.TargetEvents))
	require.NoError(t, tx.Commit(ctx))
	_, _, ok := wakeupRow(t, pool, a)
	assert.False(t, ok, "the merged-away ticket has nothing to wake for")
	due, state, ok := wakeupRow(t, pool, b)
	require.True(t, ok)
	assert.Equal(t, "scheduled", state)
	assert.True(t, due.Equal(t0.Add(time.Hour)), "B's warning: %v", due)

	_, err = ticket.MergeTickets(ctx, store, nil, at, ticket.Agent("ingrid"), c, b)
	require.NoError(t, err)
	due, _, ok = wakeupRow(t, pool, c)
	require.True(t, ok, "an append past the scheduler leaves the wake-up where it was")
	assert.True(t, due.Equal(t0.Add(time.Hour)), "C's stale wake-up: %v", due)

	newClient(t, pool, s, clock, 5)
	clock.Set(t0.Add(2*time.Hour - time.Second))
	eventually(t, 30*time.Second, "B's breach fires and C's wake-up is dropped", func() bool {
		tick(clock)
		_, _, cLeft := wakeupRow(t, pool, c)
		return !cLeft && count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, b) == 2
	})
	assert.Zero(t, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id <> $1`, b), "nothing fires on a merged-away ticket")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	require.Len(t, rec.calls, 2)
	for _, f := range rec.calls {
		assert.Equal(t, b, f.ticket)
	}
	assert.True(t, rec.calls[0].due.Equal(t0.Add(time.Hour)) && rec.calls[1].due.Equal(t0.Add(2*time.Hour)), "B's warning and breach: %v, %v", rec.calls[0].due, rec.calls[1].due)
}
