package wakeup_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAppendTxSchedules follows one ticket's wake-up through appends: the
// first instant anything changes, moved by a reply, none once the ticket is
// closed.
func TestAppendTxSchedules(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 4)
	clock := newClock(t0)
	s := newScheduler(t, pool, &recorder{}, clock.Now, nil)
	id := tid("schedules", 1)

	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	due, state, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(time.Hour)), "first reply's warning at 50%% of 2h: %v", due)
	assert.Equal(t, "scheduled", state)

	clock.Set(t0.Add(10 * time.Minute))
	require.NoError(t, appendTx(ctx, pool, s, id, 1, reply(id, 2, t0.Add(10*time.Minute))))
	due, _, ok = wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(4*time.Hour)), "resolution's warning at 50%% of 8h: %v", due)

	clock.Set(t0.Add(20 * time.Minute))
	require.NoError(t, appendTx(ctx, pool, s, id, 2,
		status(id, 3, t0.Add(20*time.Minute), ticket.StatusNew, ticket.StatusSolved),
		status(id, 4, t0.Add(20*time.Minute), ticket.StatusSolved, ticket.StatusClosed)))
	_, _, ok = wakeupRow(t, pool, id)
	assert.False(t, ok, "a closed ticket has nothing to wake for")
	assert.Equal(t, 1, count(t, pool, `SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND seq = 4`, id))
}

// TestAppendTxRollbackLeavesNoWakeUp checks that the events and the wake-up
// commit together or not at all.
func TestAppendTxRollbackLeavesNoWakeUp(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 4)
	s := newScheduler(t, pool, &recorder{}, newClock(t0).Now, nil)
	id := tid("rollback", 1)

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, s.AppendTx(ctx, tx, id, 0, []ticket.Event{create(id, t0, ticket.PriorityHigh)}))
	_, _, ok := wakeupRow(t, pool, id)
	assert.False(t, ok, "not visible before commit")
	require.NoError(t, tx.Rollback(ctx))
	_, _, ok = wakeupRow(t, pool, id)
	assert.False(t, ok, "rolled back with the events")
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM ticket_events`))

	// A refused append schedules nothing either, and leaves the transaction usable.
	tx, err = pool.Begin(ctx)
	require.NoError(t, err)
	var conflict *ticket.ConflictError
	require.ErrorAs(t, s.AppendTx(ctx, tx, id, 3, []ticket.Event{reply(id, 4, t0)}), &conflict)
	require.NoError(t, s.AppendTx(ctx, tx, id, 0, []ticket.Event{create(id, t0, ticket.PriorityHigh)}))
	require.NoError(t, tx.Commit(ctx))
	due, _, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(30*time.Minute)), "high: first reply warning at 50%% of 1h: %v", due)
}

// TestConcurrentAppendsKeepOneWakeUp runs writers that append to one ticket
// at once: each conflict is retried, the table holds one wake-up for the
// ticket throughout, and it ends where the final history puts it.
func TestConcurrentAppendsKeepOneWakeUp(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 8)
	clock := newClock(t0)
	s := newScheduler(t, pool, &recorder{}, clock.Now, nil)
	id := tid("concurrent", 1)
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	store := pgstore.New(pool)

	const writers, each = 4, 10
	var (
		wg        sync.WaitGroup
		conflicts sync.Map
	)
	for w := range writers {
		wg.Go(func() {
			for i := 0; i < each; {
				h, err := store.Load(ctx, id)
				if err != nil {
					t.Error(err)
					return
				}
				n := len(h)
				at := t0.Add(time.Duration(n) * time.Minute)
				e := ticket.Event{TicketID: id, Seq: n + 1, At: at, Actor: ticket.Customer("ola"),
					Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "again"}}
				err = appendTx(ctx, pool, s, id, n, e)
				var ce *ticket.ConflictError
				switch {
				case errors.As(err, &ce):
					conflicts.Store(w, true)
					continue
				case err != nil:
					t.Error(err)
					return
				}
				i++
			}
		})
	}
	done := make(chan struct{})
	var rowsSeen []int
	go func() {
		defer close(done)
		for range 50 {
			rowsSeen = append(rowsSeen, count(t, pool, `SELECT count(*) FROM desk_wakeups`))
			time.Sleep(5 * time.Millisecond)
		}
	}()
	wg.Wait()
	<-done
	for _, n := range rowsSeen {
		assert.Equal(t, 1, n)
	}
	assert.Equal(t, 1+writers*each, count(t, pool, `SELECT count(*) FROM ticket_events WHERE ticket_id = $1`, id))
	h, err := store.Load(ctx, id)
	require.NoError(t, err)
	r, err := testPolicies().Evaluate(h, h[len(h)-1].At)
	require.NoError(t, err)
	due, _, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	want := r.NextWakeUp
	p, err := testPlanner(t).Plan(h, h[len(h)-1].At)
	require.NoError(t, err)
	if !p.NextWakeUp.IsZero() && p.NextWakeUp.Before(want) {
		want = p.NextWakeUp
	}
	assert.True(t, due.Equal(want), "wake-up %v, want %v", due, want)
}

// TestScheduleErrors covers the scheduler's refusals: a bad config, an
// unknown ticket, a history that does not evaluate.
func TestScheduleErrors(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 4)

	_, err := wakeup.New(wakeup.Config{})
	assert.ErrorIs(t, err, wakeup.ErrConfig)
	_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{},
		Policies: sla.Policies{{Name: "", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: -time.Hour}}}}})
	assert.ErrorIs(t, err, wakeup.ErrConfig)
	assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
	_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, BatchSize: -1})
	assert.ErrorIs(t, err, wakeup.ErrConfig)
	_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, HandlerTimeout: -time.Second})
	assert.ErrorIs(t, err, wakeup.ErrConfig)
	// a handler timeout the sweep's own five minutes would always cut short
	for _, d := range []time.Duration{5 * time.Minute, time.Hour, time.Duration(1<<63 - 1)} {
		_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, HandlerTimeout: d})
		assert.ErrorIs(t, err, wakeup.ErrConfig, d)
		assert.ErrorContains(t, err, "HandlerTimeout", d)
	}
	_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, HandlerTimeout: 5*time.Minute - time.Second})
	assert.NoError(t, err)
	_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, CatchUp: sla.CatchUp{Mode: "sometimes"}})
	assert.ErrorIs(t, err, wakeup.ErrConfig)
	assert.ErrorIs(t, err, sla.ErrInvalidCatchUp)
	assert.ErrorIs(t, wakeup.Migrate(ctx, nil), wakeup.ErrConfig)
	// River inserts no job into a queue it refuses: nothing would fire.
	for _, q := range []string{"Wakeups", "desk wakeups", "desk--wakeups", "-desk", "desk_", "væk", strings.Repeat("q", 65)} {
		_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, Queue: q})
		assert.ErrorIs(t, err, wakeup.ErrConfig, q)
	}
	for _, q := range []string{"desk_wakeups", "desk-wakeups-2", "q", strings.Repeat("q", 64)} {
		_, err = wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool), Handler: &recorder{}, Queue: q})
		assert.NoError(t, err, q)
	}

	s := newScheduler(t, pool, &recorder{}, newClock(t0).Now, nil)
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	assert.ErrorIs(t, s.ScheduleTx(ctx, tx, tid("unknown", 1)), ticket.ErrNotFound)

	id := tid("corrupt", 1)
	_, err = tx.Exec(ctx, `INSERT INTO ticket_events (ticket_id, seq, at, at_nanos, at_offset, type, actor_id, actor_role, event)
		VALUES ($1, 1, $2, 0, 0, 'created', 'ola', 'customer', '{"not": "an event"}')`, id, t0)
	require.NoError(t, err)
	assert.ErrorIs(t, s.ScheduleTx(ctx, tx, id), ticket.ErrMalformedEvent)
}
