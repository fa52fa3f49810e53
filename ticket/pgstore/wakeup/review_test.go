package wakeup_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandlerAppendMovesWakeUp raises a ticket's priority from the handler
// of its first-reply warning (a common escalation automation), through
// Scheduler.AppendTx on the firing's transaction, in a sweep and in a retry
// job (the handler failed once in the sweep). Under urgent, the first-reply
// breach (30m) and the resolution warning (1h) are reached retroactively
// at the instant of the raise: the ticket's wake-up must be the one the new
// history gives, not the one computed before the handler ran (the normal
// first-reply breach, at t0+2h), and the urgent levels fire in the next
// sweeps.
func TestHandlerAppendMovesWakeUp(t *testing.T) {
	for _, failFirst := range []bool{false, true} {
		name := map[bool]string{false: "sweep", true: "retry"}[failFirst]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			pool := withEffects(t, 20)
			clock := newClock(t0)
			rec := &recorder{}
			var s *wakeup.Scheduler
			calls := 0
			rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
				calls++
				switch {
				case calls == 1 && failFirst:
					return errors.New("chat service unavailable")
				case calls <= 2:
					return s.AppendTx(ctx, tx, w.TicketID, w.Version, []ticket.Event{{TicketID: w.TicketID, Seq: w.Version + 1,
						At: w.Now, Actor: ticket.System("escalation"), Data: ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}}})
				}
				return nil
			})
			s = newScheduler(t, pool, rec, clock.Now, nil)
			id := tid("escalate-"+name, 1)
			require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
			newClient(t, pool, s, clock, 5)

			clock.Set(t0.Add(time.Hour)) // the normal first-reply warning
			eventually(t, 30*time.Second, "the warning fires", func() bool {
				tick(clock)
				return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE key LIKE '%/first_reply_time/1/warn'`) == 1
			})
			eventually(t, 30*time.Second, "the urgent levels reached by the raise fire", func() bool {
				tick(clock)
				return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE key LIKE '%/first_reply_time/1/breach' OR key LIKE '%/total_resolution_time/1/warn'`) == 2
			})
			assert.True(t, clock.Now().Before(t0.Add(time.Hour+time.Minute)), "fired at %v", clock.Now())
			assert.Equal(t, 2, count(t, pool, `SELECT count(*) FROM ticket_events WHERE ticket_id = $1`, id), "the creation and one raise")
			due, state, ok := wakeupRow(t, pool, id)
			require.True(t, ok)
			assert.Equal(t, "scheduled", state)
			assert.True(t, due.Equal(t0.Add(2*time.Hour)), "the urgent resolution breach: %v", due)
			for _, l := range readLedger(t, pool) {
				assert.False(t, l.fired.Before(l.due), "%s fired at %v before %v", l.key, l.fired, l.due)
				assert.True(t, strings.HasPrefix(l.key, id.String()), l.key)
			}
		})
	}
}

// waitForLock waits until a backend of the test's database waits for a
// lock: the statement another goroutine started is blocked.
func waitForLock(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	eventually(t, 10*time.Second, "a statement waiting for a lock", func() bool {
		return count(t, pool, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`) > 0
	})
}

// TestResyncKeepsNewerSchedule runs Resync while an application's
// transaction has appended to a ticket and moved its wake-up but not yet
// committed: Resync reads the history without the new events and would
// write the wake-up they moved back to where the old history put it. The
// raise to urgent at t0+5m puts the first-reply warning at t0+15m; the
// wake-up must stay there, not go back to the normal warning at t0+1h.
// Likewise a ticket the old history has nothing to wake for keeps the
// wake-up a concurrent reopening gave it.
func TestResyncKeepsNewerSchedule(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 8)
	clock := newClock(t0)
	s := newScheduler(t, pool, &recorder{}, clock.Now, func(c *wakeup.Config) { c.Planner = nil })
	raised, solved := tid("resync-race", 1), tid("resync-race", 2)
	require.NoError(t, appendTx(ctx, pool, s, raised, 0, create(raised, t0, ticket.PriorityNormal)))
	require.NoError(t, appendTx(ctx, pool, s, solved, 0, create(solved, t0, ticket.PriorityNormal),
		reply(solved, 2, t0.Add(time.Minute)), status(solved, 3, t0.Add(2*time.Minute), ticket.StatusNew, ticket.StatusSolved)))
	_, _, ok := wakeupRow(t, pool, solved)
	require.False(t, ok, "a solved ticket has nothing to wake for")

	clock.Set(t0.Add(5 * time.Minute))
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	require.NoError(t, s.AppendTx(ctx, tx, raised, 1, []ticket.Event{{TicketID: raised, Seq: 2, At: clock.Now(),
		Actor: ticket.Agent("ingrid"), Data: ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}}}))
	require.NoError(t, s.AppendTx(ctx, tx, solved, 3, []ticket.Event{{TicketID: solved, Seq: 4, At: clock.Now(),
		Actor: ticket.Customer("ola"), Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "Still broken."}},
		{TicketID: solved, Seq: 5, At: clock.Now(), Actor: ticket.System("workflow"),
			Data: ticket.StatusChanged{From: ticket.StatusSolved, To: ticket.StatusOpen, Reopen: true}}}))

	done := make(chan error, 1)
	go func() {
		_, err := s.Resync(ctx)
		done <- err
	}()
	waitForLock(t, pool)
	require.NoError(t, tx.Commit(ctx))
	require.NoError(t, <-done)

	due, _, ok := wakeupRow(t, pool, raised)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(15*time.Minute)), "the urgent first-reply warning: %v", due)
	h, err := pgstore.New(pool).Load(ctx, solved)
	require.NoError(t, err)
	r, err := testPolicies().Evaluate(h, clock.Now())
	require.NoError(t, err)
	require.False(t, r.NextWakeUp.IsZero(), "the reopened ticket has something to wake for")
	due, _, ok = wakeupRow(t, pool, solved)
	require.True(t, ok, "the reopened ticket keeps its wake-up")
	assert.True(t, due.Equal(r.NextWakeUp), "%v, want %v", due, r.NextWakeUp)
}

// TestWakeUpAheadOfHistory deletes a ticket's last event by hand (the
// caller's business), which leaves its wake-up computed from a version the
// history no longer has: Resync, and a sweep that fires the ticket, must
// put it where the remaining history says, not keep it because its version
// is the larger.
func TestWakeUpAheadOfHistory(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*wakeup.Scheduler, *pgxpool.Pool, *simClock, ticket.ID) {
		pool := withEffects(t, 20)
		clock := newClock(t0)
		s := newScheduler(t, pool, &recorder{}, clock.Now, func(c *wakeup.Config) { c.Planner = nil })
		id := tid("ahead", 1)
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
		require.NoError(t, appendTx(ctx, pool, s, id, 1, reply(id, 2, t0.Add(10*time.Minute))))
		due, _, _ := wakeupRow(t, pool, id)
		require.True(t, due.Equal(t0.Add(4*time.Hour)), "%v", due)
		_, err := pool.Exec(ctx, `DELETE FROM ticket_events WHERE ticket_id = $1 AND seq = 2`, id)
		require.NoError(t, err)
		return s, pool, clock, id
	}
	t.Run("resync", func(t *testing.T) {
		s, pool, _, id := setup(t)
		n, err := s.Resync(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		due, _, ok := wakeupRow(t, pool, id)
		require.True(t, ok)
		assert.True(t, due.Equal(t0.Add(time.Hour)), "the first-reply warning again: %v", due)
		assert.Equal(t, 1, count(t, pool, `SELECT version FROM desk_wakeups WHERE ticket_id = $1`, id))
	})
	t.Run("sweep", func(t *testing.T) {
		s, pool, clock, id := setup(t)
		newClient(t, pool, s, clock, 5)
		clock.Set(t0.Add(4 * time.Hour))
		eventually(t, 30*time.Second, "the first-reply levels fire", func() bool {
			tick(clock)
			return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1 AND key LIKE '%/first_reply_time/%'`, id) == 2
		})
		eventually(t, 30*time.Second, "the wake-up moves on", func() bool {
			tick(clock)
			due, _, ok := wakeupRow(t, pool, id)
			return ok && due.After(clock.Now())
		})
		assert.Equal(t, 1, count(t, pool, `SELECT version FROM desk_wakeups WHERE ticket_id = $1`, id))
	})
}

// TestHandlerLeavesTxAborted fires two tickets in one sweep with a handler
// that, for one of them, runs a statement that fails, ignores the error and
// returns nil: the transaction is aborted from then on. Only that ticket's
// firing may fail (it is handed to a retry job, nothing of it recorded);
// the other one fires in the same sweep instead of the whole batch failing
// at every sweep.
func TestHandlerLeavesTxAborted(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	sloppy, fine := tid("aborted", 1), tid("aborted", 2)
	rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		if w.TicketID == sloppy {
			_, _ = tx.Exec(ctx, `INSERT INTO app_audit VALUES (1)`) // no such table; the error is ignored
		}
		return nil
	})
	s := newScheduler(t, pool, rec, clock.Now, nil)
	for _, id := range []ticket.ID{sloppy, fine} {
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	newClient(t, pool, s, clock, 5)
	clock.Set(t0.Add(time.Hour))
	eventually(t, 30*time.Second, "the fine ticket fires", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, fine) == 1
	})
	eventually(t, 30*time.Second, "the sloppy ticket's retry job is discarded", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'desk_wakeup_retry' AND state = 'discarded'`) == 1
	})
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, sloppy))
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM app_effects WHERE key LIKE $1`, sloppy.String()+"%"))
	_, state, ok := wakeupRow(t, pool, sloppy)
	require.True(t, ok)
	assert.Equal(t, "retrying", state)
	var handedOver string
	require.NoError(t, pool.QueryRow(ctx, `SELECT args->>'error' FROM river_job WHERE kind = 'desk_wakeup_retry'`).Scan(&handedOver))
	assert.Contains(t, handedOver, "left the transaction failed")
}

// TestScheduleTxKeepsNewerSchedule recomputes a ticket's wake-up with
// ScheduleTx (no append) while another transaction has appended a raise to
// urgent and moved the wake-up but not yet committed: the recomputation
// must not write back the instant of the history it would read without the
// raise (the normal warning at t0+1h) over the urgent one (t0+15m).
func TestScheduleTxKeepsNewerSchedule(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 8)
	clock := newClock(t0)
	s := newScheduler(t, pool, &recorder{}, clock.Now, func(c *wakeup.Config) { c.Planner = nil })
	id := tid("schedule-race", 1)
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))

	clock.Set(t0.Add(5 * time.Minute))
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	require.NoError(t, s.AppendTx(ctx, tx, id, 1, []ticket.Event{{TicketID: id, Seq: 2, At: clock.Now(),
		Actor: ticket.Agent("ingrid"), Data: ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}}}))

	done := make(chan error, 1)
	go func() {
		other, err := pool.Begin(ctx)
		if err != nil {
			done <- err
			return
		}
		defer func() { _ = other.Rollback(ctx) }()
		if err := s.ScheduleTx(ctx, other, id); err != nil {
			done <- err
			return
		}
		done <- other.Commit(ctx)
	}()
	waitForLock(t, pool)
	require.NoError(t, tx.Commit(ctx))
	require.NoError(t, <-done)

	due, _, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(15*time.Minute)), "the urgent first-reply warning: %v", due)
	assert.Equal(t, 2, count(t, pool, `SELECT version FROM desk_wakeups WHERE ticket_id = $1`, id))
}

// TestMigrateConcurrently runs Migrate from four processes' pools at once
// on an empty schema, as instances of an application starting together
// do, and then again: every run succeeds and the tables are usable.
func TestMigrateConcurrently(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	errs := make(chan error, 4)
	for range 4 {
		pool := newPool(t, schema, 1) // the lock is not taken from the pool
		go func() { errs <- wakeup.Migrate(ctx, pool) }()
	}
	for range 4 {
		assert.NoError(t, <-errs)
	}
	pool := newPool(t, schema, 2)
	require.NoError(t, wakeup.Migrate(ctx, pool))
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM desk_wakeups`))
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM river_job`))
}

// TestQueryExecModes schedules, fires and resyncs tickets through pools in
// the query execution modes that do not ask the server for parameter
// types, which applications behind PgBouncer's transaction pooling use
// (default_query_exec_mode=exec or simple_protocol).
func TestQueryExecModes(t *testing.T) {
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg, err := pgxpool.ParseConfig(serverURL(t))
			require.NoError(t, err)
			cfg.MaxConns = 10
			cfg.ConnConfig.RuntimeParams["search_path"] = freshSchema(t)
			cfg.ConnConfig.DefaultQueryExecMode = mode
			pool, err := pgxpool.NewWithConfig(ctx, cfg)
			require.NoError(t, err)
			t.Cleanup(pool.Close)
			require.NoError(t, wakeup.Migrate(ctx, pool))
			_, err = pool.Exec(ctx, effectsSQL)
			require.NoError(t, err)

			clock := newClock(t0)
			s := newScheduler(t, pool, &recorder{}, clock.Now, nil)
			ids := []ticket.ID{tid("mode-"+mode.String(), 1), tid("mode-"+mode.String(), 2)}
			for _, id := range ids {
				require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
			}
			n, err := s.Resync(ctx)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			newClient(t, pool, s, clock, 5)
			clock.Set(t0.Add(time.Hour))
			eventually(t, 30*time.Second, "both warnings fire", func() bool {
				tick(clock)
				return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 2
			})
			for _, id := range ids {
				due, state, ok := wakeupRow(t, pool, id)
				require.True(t, ok)
				assert.Equal(t, "scheduled", state)
				assert.True(t, due.Equal(t0.Add(2*time.Hour)), "the first-reply breach: %v", due)
			}
		})
	}
}
