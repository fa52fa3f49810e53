package wakeup_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
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

// TestHandlerTimeoutCancelsStatement: with a pool whose connections have
// the server cancel a statement whose ctx ends
// (pgconn.CancelRequestContextWatcherHandler), a handler stuck in a
// statement of its own in tx (pg_sleep) is cut off at the handler timeout
// without losing the connection: its ticket is handed to a retry job and
// the rest of the batch commits, as Config.HandlerTimeout documents. The
// scheduler's Config.Pool is such a pool; River's client has its own.
func TestHandlerTimeoutCancelsStatement(t *testing.T) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(serverURL(t))
	require.NoError(t, err)
	cfg.MaxConns = 20
	schema := freshSchema(t)
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 5 * time.Second}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, wakeup.Migrate(ctx, pool))
	_, err = pool.Exec(ctx, effectsSQL)
	require.NoError(t, err)

	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.HandlerTimeout = 300 * time.Millisecond })
	stuck, a, b := tid("timeout-sql", 1), tid("timeout-sql", 2), tid("timeout-sql", 3)
	for _, id := range []ticket.ID{stuck, a, b} {
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	var (
		mu      sync.Mutex
		blocked bool
		sqlErr  error
	)
	rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		mu.Lock()
		first := w.TicketID == stuck && !blocked
		blocked = blocked || first
		mu.Unlock()
		if !first {
			return nil
		}
		_, err := tx.Exec(ctx, `SELECT pg_sleep(30)`)
		mu.Lock()
		sqlErr = err
		mu.Unlock()
		return err
	})
	// River's client keeps a pool of pgx's defaults: its notifier interrupts
	// a LISTEN wait through ctx, which a cancel request does not end.
	newClient(t, newPool(t, schema, 10), s, clock, 5)
	clock.Set(t0.Add(time.Hour))
	start := time.Now()
	eventually(t, 25*time.Second, "the other two to fire while the stuck one is cut off", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = ANY($1)`, []string{a.String(), b.String()}) == 2
	})
	assert.Less(t, time.Since(start), 25*time.Second, "not held for the statement's 30s")
	eventually(t, 30*time.Second, "the stuck ticket to fire on retry", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, stuck) == 1
	})
	mu.Lock()
	defer mu.Unlock()
	var pgErr *pgconn.PgError
	require.ErrorAs(t, sqlErr, &pgErr)
	assert.Equal(t, "57014", pgErr.Code, "the server cancelled the statement")
	var handedOver string
	require.NoError(t, pool.QueryRow(ctx, `SELECT args->>'error' FROM river_job WHERE kind = 'desk_wakeup_retry' AND args->>'ticket_id' = $1`, stuck.String()).Scan(&handedOver))
	assert.Contains(t, handedOver, "cut off after the handler timeout of 300ms")
}

// TestHandlerTimeoutInRetry: a retry job gives its handler call the whole
// HandlerTimeout, as a sweep does, whatever River's job timeout for the
// client (here 300ms, River's default being one minute, the default
// HandlerTimeout): the ticket's first firing fails, and its retry, whose
// handler takes 700ms of a 2s handler timeout, fires at its first
// attempt instead of failing every attempt at the client's job timeout.
func TestHandlerTimeoutInRetry(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.HandlerTimeout = 2 * time.Second })
	id := tid("timeout-retry", 1)
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	var (
		mu    sync.Mutex
		calls int
		errs  []error
	)
	rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			return errors.New("transient")
		}
		var err error
		select {
		case <-time.After(700 * time.Millisecond):
		case <-ctx.Done():
			err = ctx.Err()
		}
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		return err
	})
	newClientWith(t, pool, s, clock, 5, func(c *river.Config) { c.JobTimeout = 300 * time.Millisecond })
	clock.Set(t0.Add(time.Hour))
	eventually(t, 60*time.Second, "the retry job to end", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'desk_wakeup_retry' AND state IN ('completed', 'discarded')`) == 1
	})
	var state string
	var attempt int
	require.NoError(t, pool.QueryRow(ctx, `SELECT state, attempt FROM river_job WHERE kind = 'desk_wakeup_retry'`).Scan(&state, &attempt))
	assert.Equal(t, "completed", state)
	assert.Equal(t, 1, attempt)
	assert.Equal(t, 1, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, id))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []error{nil}, errs, "the retry's handler call ran to its end")
}
