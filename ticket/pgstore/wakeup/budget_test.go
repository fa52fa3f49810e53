package wakeup_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSlowHandlersFitTheSweep fires a batch whose handler calls add up to
// more than a sweep may run, each well within HandlerTimeout: ten tickets
// due at once (each created at t0, so its first-reply warning is due at
// t0+1h), BatchSize 10, a handler that takes 500ms, HandlerTimeout 1s, and
// sweeps shortened to 3s. The ten calls need 5s; a sweep that fired the
// whole batch in one transaction would have its ctx end at 3s, roll back
// everything it fired, and the next sweep would claim the same ten oldest
// wake-ups and fail alike, for ever. A sweep stops firing while another
// handler call and the batch's statements still fit, commits what it
// fired, and leaves the rest due for the next sweep: all ten warnings
// fire, once each, none of them handed to a retry job.
func TestSlowHandlersFitTheSweep(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	rec.setFail(func(ctx context.Context, _ pgx.Tx, _ wakeup.Wake) error {
		select {
		case <-time.After(500 * time.Millisecond):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) {
		c.BatchSize, c.HandlerTimeout, c.Parallel = 10, time.Second, 1
	})
	wakeup.SetSweepTimeout(s, 3*time.Second)
	for i := range 10 {
		id := tid("slow", i)
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	newClient(t, pool, s, clock, 4)
	clock.Set(t0.Add(time.Hour))
	eventually(t, 40*time.Second, "ten warnings fire", func() bool {
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 10
	})
	assert.Zero(t, count(t, pool, `SELECT count(*) FROM desk_wakeups WHERE state <> 'scheduled'`), "no ticket handed to a retry job")
	assert.Equal(t, 10, count(t, pool, `SELECT count(*) FROM app_effects`))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.calls, 10, "each warning handed over once")
}
