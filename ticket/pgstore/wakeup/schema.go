package wakeup

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// Schema is the SQL that creates the package's two tables. Every statement
// is idempotent (IF NOT EXISTS). The tables are created in the first schema
// of the connection's search_path, beside pgstore's ticket_events.
//
// desk_wakeups holds at most one pending wake-up per ticket (its primary
// key): the instant due_at at which the ticket must be evaluated again, the
// ticket version it was computed from, its state: "scheduled" (a sweep
// claims it once due_at has come) or "retrying" (a firing failed and a
// River job of kind [RetryArgs] owns the ticket until it succeeds), and the
// [sla.Checkpoint] of the last firing (checked_at, checked_seq: the instant
// it evaluated and the last event it read; null before the first), which
// the next firing passes to [sla.Result.Due].
//
// desk_wakeup_ledger holds one row per fired action, keyed by its source
// ("sla" or "followup") and its idempotency key ([sla.Firing].Key,
// [followup.Item].Key): the ticket, the instant the action was due, the
// instant the worker fired it (its clock when it evaluated the ticket), and
// for SLA levels the catch-up policy passed over, skipped = true with the
// reason. A row is written in the transaction that hands the action to the
// handler, so a row exists exactly when the handler's transaction
// committed.
//
// [sla.Firing]: https://pkg.go.dev/github.com/servicedesk-go/desk/sla#Firing
// [sla.Checkpoint]: https://pkg.go.dev/github.com/servicedesk-go/desk/sla#Checkpoint
// [sla.Result.Due]: https://pkg.go.dev/github.com/servicedesk-go/desk/sla#Result.Due
// [followup.Item]: https://pkg.go.dev/github.com/servicedesk-go/desk/followup#Item
const Schema = `
CREATE TABLE IF NOT EXISTS desk_wakeups (
	ticket_id  uuid        PRIMARY KEY,
	due_at     timestamptz NOT NULL,
	version    integer     NOT NULL,
	state      text        NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'retrying')),
	checked_at  timestamptz,
	checked_seq integer,
	updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS desk_wakeups_due ON desk_wakeups (due_at) WHERE state = 'scheduled';
CREATE TABLE IF NOT EXISTS desk_wakeup_ledger (
	source    text        NOT NULL CHECK (source IN ('sla', 'followup')),
	key       text        NOT NULL,
	ticket_id uuid        NOT NULL,
	due_at    timestamptz NOT NULL,
	fired_at  timestamptz NOT NULL,
	skipped   boolean     NOT NULL DEFAULT false,
	reason    text        NOT NULL DEFAULT '',
	PRIMARY KEY (source, key)
);
CREATE INDEX IF NOT EXISTS desk_wakeup_ledger_ticket ON desk_wakeup_ledger (ticket_id);
`

// migrateLock is the key of the advisory lock Migrate holds while it
// migrates River's tables and creates its own ("deskwake").
const migrateLock = 0x6465736b_77616b65

// Migrate prepares a database for wake-ups: pgstore's table
// ([pgstore.Migrate]), River's tables at the newest version River v0.51.2
// knows ([rivermigrate], direction up), and the package's own tables
// ([Schema]). Each step is idempotent and safe to run from several
// processes at once, so Migrate may run at every start: River's migrator
// is not (two migrators create the same tables), so Migrate holds a
// session advisory lock on a connection of its own (not one of the pool's,
// which River's migrator uses; a pool of one connection will do) while it
// migrates River's tables and creates its own, and closes the connection,
// which releases the lock, when it returns. An application that manages
// River's migrations itself (River's CLI) may run [Schema] instead.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if pool == nil {
		return fmt.Errorf("wakeup: migrate: %w", ErrConfig)
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	lock, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	// Closing the connection releases the lock, also when ctx is done.
	defer func() { _ = lock.Close(ctx) }()
	if _, err := lock.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("wakeup: migrate river: %w", err)
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, Schema); err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("wakeup: migrate: %w", err)
	}
	return nil
}
