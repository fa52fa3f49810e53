package wakeup_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandlerTimeout fires three tickets due in one sweep with a handler
// timeout of 300ms: the handler blocks on ctx for one of them. Its ctx
// ends at the timeout (not at the sweep's five minutes), its firing is
// rolled back and handed to a retry job that says why, and the other two
// fire and commit in the same batch transaction; the retry job, with the
// handler no longer blocking, fires the third.
func TestHandlerTimeout(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	const timeout = 300 * time.Millisecond
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.HandlerTimeout = timeout })
	stuck, a, b := tid("timeout", 1), tid("timeout", 2), tid("timeout", 3)
	for _, id := range []ticket.ID{stuck, a, b} {
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	var (
		mu      sync.Mutex
		blocked bool
		held    time.Duration
		cause   error
		txids   = map[ticket.ID]int64{}
	)
	rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		var txid int64
		if err := tx.QueryRow(ctx, `SELECT txid_current()`).Scan(&txid); err != nil {
			return err
		}
		mu.Lock()
		first := w.TicketID == stuck && !blocked
		if first {
			blocked = true
		}
		if _, seen := txids[w.TicketID]; !seen {
			txids[w.TicketID] = txid
		}
		mu.Unlock()
		if !first {
			return nil
		}
		start := time.Now()
		<-ctx.Done() // a handler stuck on a call that honours ctx
		mu.Lock()
		held, cause = time.Since(start), ctx.Err()
		mu.Unlock()
		return ctx.Err()
	})
	newClient(t, pool, s, clock, 5)

	clock.Set(t0.Add(time.Hour)) // every first-reply warning is due
	eventually(t, 60*time.Second, "the stuck ticket to be retried and fire", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 3 &&
			count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'desk_wakeup_retry' AND state = 'completed'`) == 1
	})
	mu.Lock()
	defer mu.Unlock()
	assert.True(t, errors.Is(cause, context.DeadlineExceeded), "the handler's ctx ended with %v", cause)
	assert.GreaterOrEqual(t, held, timeout-10*time.Millisecond)
	assert.Less(t, held, 30*time.Second, "cut off at the handler timeout, not the sweep's")
	assert.Equal(t, txids[a], txids[stuck], "one batch")
	assert.Equal(t, txids[b], txids[stuck], "one batch")

	var handedOver, retried string
	require.NoError(t, pool.QueryRow(ctx, `SELECT args->>'ticket_id', args->>'error' FROM river_job WHERE kind = 'desk_wakeup_retry'`).Scan(&retried, &handedOver))
	assert.Equal(t, stuck.String(), retried, "only the stuck ticket was handed over")
	assert.Contains(t, handedOver, "cut off after the handler timeout of 300ms")
	assert.Contains(t, handedOver, "context deadline exceeded")

	rec.mu.Lock()
	defer rec.mu.Unlock()
	perTicket := map[ticket.ID]int{}
	for _, c := range rec.calls {
		perTicket[c.ticket]++
	}
	assert.Equal(t, map[ticket.ID]int{stuck: 1, a: 1, b: 1}, perTicket, "each fired once; the cut-off firing was rolled back")
	assert.Equal(t, 3, count(t, pool, `SELECT count(*) FROM app_effects`))
}
