package wakeup_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckpointNeverAheadOfEvaluation fires a ticket at an instant with a
// sub-microsecond part through a pool in the simple protocol, which sends
// instants as text; timestamptz keeps microseconds, and a checkpoint
// rounded up instead of truncated (pgx truncates, in text as in binary)
// would lose a level. The ticket is created at t0+700ns, so its first-reply
// warning (50% of 2h, 24/7) is reached at t0+1h+700ns; a follow-up date at
// t0+1h+100ns makes a sweep fire it at t0+1h+600ns, before the warning.
// Rounded to the nearest microsecond, that evaluation's checkpoint would
// read t0+1h+1µs, after the warning, and the next firing would take the
// warning for one the previous run had shown and never fire it. The
// checkpoint must never lie after the instant evaluated: the warning fires
// in the next sweep, once, and the wake-up then waits for the breach at
// t0+2h+700ns.
func TestCheckpointNeverAheadOfEvaluation(t *testing.T) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(serverURL(t))
	require.NoError(t, err)
	cfg.MaxConns = 10
	cfg.ConnConfig.RuntimeParams["search_path"] = freshSchema(t)
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, wakeup.Migrate(ctx, pool))
	_, err = pool.Exec(ctx, effectsSQL)
	require.NoError(t, err)

	created := t0.Add(700 * time.Nanosecond)
	clock := newClock(created)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	id := tid("precision", 1)
	date := ticket.Event{TicketID: id, Seq: 2, At: created, Actor: ticket.Agent("ingrid"),
		Data: ticket.FollowUpSet{Due: t0.Add(time.Hour + 100*time.Nanosecond), Owner: "ingrid"}}
	require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, created, ticket.PriorityNormal), date))
	newClient(t, pool, s, clock, 5)

	warnAt := t0.Add(time.Hour + 700*time.Nanosecond)
	clock.Set(t0.Add(time.Hour + 600*time.Nanosecond)) // after the date, before the warning
	eventually(t, 30*time.Second, "the follow-up date fires", func() bool {
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE source = 'followup'`) == 1
	})
	assert.Zero(t, count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE source = 'sla'`), "nothing of the SLA is due before the warning")
	var checked time.Time
	require.NoError(t, pool.QueryRow(ctx, `SELECT checked_at FROM desk_wakeups WHERE ticket_id = $1`, id).Scan(&checked))
	assert.False(t, checked.After(t0.Add(time.Hour+600*time.Nanosecond)), "checkpoint %v after the instant evaluated", checked)

	clock.Set(t0.Add(time.Hour + time.Second))
	breach := created.Add(2 * time.Hour)
	eventually(t, 30*time.Second, "the wake-up moves on to the breach", func() bool {
		tick(clock)
		due, _, ok := wakeupRow(t, pool, id)
		return ok && !due.Before(breach.Truncate(time.Microsecond))
	})
	var warned []fired
	rec.mu.Lock()
	for _, f := range rec.calls {
		if f.source == "sla" {
			warned = append(warned, f)
		}
	}
	rec.mu.Unlock()
	require.Len(t, warned, 1, "the warning fires once")
	assert.True(t, warned[0].due.Equal(warnAt), "the warning's instant: %v", warned[0].due)
	assert.False(t, warned[0].now.Before(warnAt), "fired at %v, before its instant %v", warned[0].now, warnAt)
}
