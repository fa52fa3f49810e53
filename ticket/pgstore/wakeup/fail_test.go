package wakeup_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandlerFailures fires three tickets due in one sweep: one whose
// handler fails twice (a failed statement, then an error of its own) and
// then succeeds, one whose handler always panics,
// one that works. The working one fires in the first sweep, untouched by
// the others; the failing one is retried by its River job with backoff and
// fires once; the panicking one ends discarded by River, with nothing in
// the ledger and its wake-up in the "retrying" state, until Resync
// schedules it again and, with the handler fixed, it fires.
func TestHandlerFailures(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	flaky, panicky, fine := tid("fail", 1), tid("fail", 2), tid("fail", 3)
	for _, id := range []ticket.ID{flaky, panicky, fine} {
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	failures := 0
	rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		switch w.TicketID {
		case flaky:
			failures++
			switch failures {
			case 1: // a failed statement: the transaction is aborted until the savepoint is rolled back
				_, err := tx.Exec(ctx, "SELECT 1/0")
				return err
			case 2:
				return errors.New("mail server unavailable")
			}
		case panicky:
			panic("nil map in the handler")
		}
		return nil
	})
	newClient(t, pool, s, clock, 5)

	jobState := func(id ticket.ID) (string, string) {
		var state, errs string
		err := pool.QueryRow(ctx, `SELECT state, coalesce(errors::text, '') FROM river_job WHERE kind = 'desk_wakeup_retry' AND args->>'ticket_id' = $1`, id.String()).Scan(&state, &errs)
		if err != nil {
			return "", ""
		}
		return state, errs
	}
	clock.Set(t0.Add(time.Hour)) // every first-reply warning is due
	eventually(t, 60*time.Second, "the fine ticket fires and the others are retried", func() bool {
		tick(clock)
		st, _ := jobState(panicky)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, fine) == 1 &&
			count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, flaky) == 1 &&
			st == "discarded"
	})
	st, errs := jobState(flaky)
	assert.Equal(t, "completed", st)
	assert.Contains(t, errs, "mail server unavailable")
	var handedOver string
	require.NoError(t, pool.QueryRow(ctx, `SELECT args->>'error' FROM river_job WHERE kind = 'desk_wakeup_retry' AND args->>'ticket_id' = $1`, flaky.String()).Scan(&handedOver))
	assert.Contains(t, handedOver, "division by zero", "the sweep's failure that handed the ticket over")
	_, state, ok := wakeupRow(t, pool, flaky)
	require.True(t, ok)
	assert.Equal(t, "scheduled", state, "a successful retry schedules the ticket again")

	st, errs = jobState(panicky)
	assert.Equal(t, "discarded", st)
	assert.Contains(t, errs, "nil map in the handler")
	assert.Equal(t, 3, strings.Count(errs, "panicked"), "three attempts")
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, panicky))
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM app_effects WHERE key LIKE $1`, panicky.String()+"%"))
	_, state, ok = wakeupRow(t, pool, panicky)
	require.True(t, ok)
	assert.Equal(t, "retrying", state, "the failure stays visible")

	rec.mu.Lock()
	var fineCalls int
	for _, c := range rec.calls {
		if c.ticket == fine {
			fineCalls++
		}
	}
	rec.mu.Unlock()
	assert.Equal(t, 1, fineCalls, "the others' failures did not re-fire the fine ticket")

	// The handler is fixed and the tickets are resynced: the panicking
	// ticket fires.
	rec.setFail(nil)
	n, err := s.Resync(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	_, state, _ = wakeupRow(t, pool, panicky)
	assert.Equal(t, "scheduled", state)
	eventually(t, 30*time.Second, "the panicking ticket fires after Resync", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, panicky) == 1
	})
	for _, l := range readLedger(t, pool) {
		assert.Equal(t, "sla", l.source)
		assert.True(t, l.due.Equal(t0.Add(time.Hour)), "%v", l.due)
		assert.Contains(t, l.key, "/first_reply_time/1/warn")
	}
}

// TestUnknownTicket checks that a wake-up of a ticket without events (its
// events deleted by hand) is dropped by the sweep, firing nothing.
func TestUnknownTicket(t *testing.T) {
	ctx := context.Background()
	pool := migrated(t, 10)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	id := tid("unknown", 1)
	_, err := pool.Exec(ctx, `INSERT INTO desk_wakeups (ticket_id, due_at, version, updated_at) VALUES ($1, $2, 3, $2)`, id, t0)
	require.NoError(t, err)
	newClient(t, pool, s, clock, 2)
	eventually(t, 30*time.Second, "the wake-up is dropped", func() bool {
		tick(clock)
		_, _, ok := wakeupRow(t, pool, id)
		return !ok
	})
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`))
	assert.Empty(t, rec.calls)
}

// TestPolicyChangeBetweenScheduleAndFire schedules tickets under policies
// that give the first reply 2 hours and fires them with a scheduler whose
// policies give it 30 minutes (a new version). A wake-up fires what the
// worker's policies say is due at the instant it was scheduled for: the
// new policy's levels, late but never early, under keys naming the new
// version. Resync moves the other ticket's wake-up to where the new
// policies put it.
func TestPolicyChangeBetweenScheduleAndFire(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 10)
	clock := newClock(t0)
	rec := &recorder{}
	before := newScheduler(t, pool, rec, clock.Now, nil)
	early, late := tid("policy", 1), tid("policy", 2)
	require.NoError(t, appendTx(ctx, pool, before, early, 0, create(early, t0, ticket.PriorityNormal)))
	require.NoError(t, appendTx(ctx, pool, before, late, 0, create(late, t0, ticket.PriorityNormal)))

	stricter := testPolicies()
	stricter[0].Version = 2
	stricter[0].Targets[0].Duration = 30 * time.Minute
	after := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.Policies = stricter })
	newClient(t, pool, after, clock, 2)

	clock.Set(t0.Add(20 * time.Minute))
	time.Sleep(500 * time.Millisecond)
	assert.Equal(t, 0, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`), "nothing is due where the old policies put the wake-ups")

	// Resync moves both wake-ups; the early one is put back where the old
	// policies had it, as if the change came after Resync ran.
	n, err := after.Resync(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	due, _, _ := wakeupRow(t, pool, late)
	assert.True(t, due.Equal(clock.Now()), "the 50%% warning (at 15 minutes) is already due: %v", due)
	_, err = pool.Exec(ctx, `UPDATE desk_wakeups SET due_at = $2 WHERE ticket_id = $1`, early, t0.Add(time.Hour))
	require.NoError(t, err)

	eventually(t, 30*time.Second, "the resynced ticket fires its warning", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, late) == 1
	})
	clock.Set(t0.Add(time.Hour))
	eventually(t, 30*time.Second, "the early ticket fires the new levels at its old instant", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE ticket_id = $1`, early) == 2
	})
	for _, l := range readLedger(t, pool) {
		assert.Contains(t, l.key, "desk@2/first_reply_time/1/", "keys name the policy version that fired")
		assert.False(t, l.fired.Before(l.due))
		if l.ticket == early {
			assert.False(t, l.fired.Before(t0.Add(time.Hour)), "fired at the instant it was scheduled for, not before")
		}
	}
}

// TestRetroactiveLevelFires raises a ticket's priority after its first
// warning fired: under the policy's retroactive recalculation the
// first-reply breach is then reached at an instant already past. The append
// schedules the ticket at once and the breach fires, late, exactly once;
// the warning, fired before, is not fired again.
func TestRetroactiveLevelFires(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 10)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	id := tid("retro", 1)
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	newClient(t, pool, s, clock, 2)

	clock.Set(t0.Add(time.Hour)) // the first reply's 50% warning of 2h
	eventually(t, 30*time.Second, "the warning fires", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 1
	})
	clock.Set(t0.Add(90 * time.Minute))
	raise := ticket.Event{TicketID: id, Seq: 2, At: t0.Add(90 * time.Minute), Actor: agent,
		Data: ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}}
	require.NoError(t, appendTx(ctx, pool, s, id, 1, raise))
	due, _, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(t0.Add(90*time.Minute)), "a level reached retroactively is due at once: %v", due)
	eventually(t, 30*time.Second, "the breach fires", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 3
	})
	// Under the urgent targets, the first reply's breach (30 minutes) and
	// the resolution's warning (50% of 2h) were reached before the change.
	got := map[string]time.Time{}
	for _, r := range readLedger(t, pool) {
		got[strings.TrimPrefix(r.key, id.String()+"/desk@1/")] = r.due.UTC()
		if r.key != id.String()+"/desk@1/first_reply_time/1/warn" {
			// Fired when the append made it due, not before (the clock creeps
			// on while the test waits).
			assert.True(t, !r.fired.Before(t0.Add(90*time.Minute)) && r.fired.Before(t0.Add(91*time.Minute)), "%s fired at %v", r.key, r.fired)
		}
	}
	assert.Equal(t, map[string]time.Time{
		"first_reply_time/1/warn":      t0.Add(time.Hour),
		"first_reply_time/1/breach":    t0.Add(30 * time.Minute),
		"total_resolution_time/1/warn": t0.Add(time.Hour),
	}, got)
	time.Sleep(300 * time.Millisecond)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.calls, 3, "each level handed over once")
}

// TestCatchUpSkipsAreRecorded starts the workers three hours after a
// ticket came in with the latest-only catch-up policy: of the first
// reply's two missed levels only the breach fires; the warning is recorded
// in the ledger as skipped, superseded, and handed to the handler as such.
func TestCatchUpSkipsAreRecorded(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 10)
	clock := newClock(t0)
	var skipped []string
	rec := &recorder{}
	rec.setFail(func(_ context.Context, _ pgx.Tx, w wakeup.Wake) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, f := range w.Skipped {
			skipped = append(skipped, f.Level+" "+f.Reason)
		}
		return nil
	})
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.CatchUp = sla.CatchUp{Mode: sla.CatchUpLatest} })
	id := tid("catchup", 1)
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	clock.Set(t0.Add(150 * time.Minute)) // past the warning (1h) and the breach (2h)
	newClient(t, pool, s, clock, 2)
	eventually(t, 30*time.Second, "the missed levels are recorded", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == 2
	})
	got := map[string]string{}
	for _, l := range readLedger(t, pool) {
		got[l.key[strings.LastIndex(l.key, "/")+1:]] = fmt.Sprint(l.skipped, " ", l.reason)
	}
	assert.Equal(t, map[string]string{"warn": "true superseded", "breach": "false "}, got)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, []string{"warn superseded"}, skipped)
	require.Len(t, rec.calls, 1)
	assert.Contains(t, rec.calls[0].key, "/first_reply_time/1/breach")
	assert.Equal(t, 1, count(t, pool, `SELECT count(*) FROM app_effects`), "only the fired level has an effect")
}
