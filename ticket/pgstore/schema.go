package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Schema is the SQL that creates the table the store uses, ticket_events,
// and its index. Every statement is idempotent (IF NOT EXISTS), so running it
// on a database that already has the table changes nothing. The table is
// created in the first schema of the connection's search_path; a Store finds
// it there too. See the package documentation for what each column holds.
const Schema = `
CREATE TABLE IF NOT EXISTS ticket_events (
	ticket_id  uuid        NOT NULL,
	seq        integer     NOT NULL CHECK (seq > 0),
	at         timestamptz NOT NULL,
	at_nanos   integer     NOT NULL CHECK (at_nanos BETWEEN 0 AND 999),
	at_offset  integer     NOT NULL,
	type       text        NOT NULL,
	actor_id   text        NOT NULL,
	actor_role text        NOT NULL,
	event      jsonb       NOT NULL,
	PRIMARY KEY (ticket_id, seq)
);
CREATE INDEX IF NOT EXISTS ticket_events_at ON ticket_events (at);
`

// migrateLock is the key of the transaction-scoped advisory lock Migrate
// holds, so that two processes starting at once do not both try to create
// the table (CREATE TABLE IF NOT EXISTS is not safe against a concurrent
// CREATE TABLE).
const migrateLock = 0x6465736b_74636b74 // "desktckt"

// Migrate creates the store's table and index (see [Schema]) in one
// transaction. It is safe to run any number of times, also from several
// processes at once, and leaves existing data alone.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if pool == nil {
		return fmt.Errorf("pgstore: migrate: %w", ErrNoPool)
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	// After Commit, Rollback does nothing; after a failure, the first error
	// is the one reported.
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, Schema); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	return nil
}
