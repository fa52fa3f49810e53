package pgstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAppendTxCommitAndRollback checks that events appended in a
// transaction are visible to others only after it commits, vanish with a
// rollback, and commit together with the caller's own rows.
func TestAppendTxCommitAndRollback(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	s := pgstore.New(pool)
	_, err := pool.Exec(ctx, `CREATE TABLE app_rows (ticket_id uuid, note text)`)
	require.NoError(t, err)

	id := testID("tx", 1)
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, s.AppendTx(ctx, tx, id, 0, history(id, 2)))
	_, err = tx.Exec(ctx, `INSERT INTO app_rows VALUES ($1, 'opened')`, id)
	require.NoError(t, err)
	_, err = s.Load(ctx, id)
	assert.ErrorIs(t, err, ticket.ErrNotFound, "uncommitted events are not visible to others")
	require.NoError(t, tx.Rollback(ctx))
	_, err = s.Load(ctx, id)
	assert.ErrorIs(t, err, ticket.ErrNotFound, "rolled back")
	var n int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM app_rows`).Scan(&n))
	assert.Equal(t, 0, n)

	tx, err = pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, s.AppendTx(ctx, tx, id, 0, history(id, 2)))
	_, err = tx.Exec(ctx, `INSERT INTO app_rows VALUES ($1, 'opened')`, id)
	require.NoError(t, err)
	// A second append in the same transaction sees the first.
	require.NoError(t, s.AppendTx(ctx, tx, id, 3, []ticket.Event{message(id, 4, "more")}))
	require.NoError(t, tx.Commit(ctx))
	h, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"message 2", "message 3", "more"}, bodies(h))
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM app_rows`).Scan(&n))
	assert.Equal(t, 1, n)
}

// TestAppendTxChecks checks that AppendTx refuses what Append refuses, with
// the same errors, and that the transaction stays usable afterwards.
func TestAppendTxChecks(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	s := pgstore.New(pool)
	id := testID("tx-checks", 1)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 1)))

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()

	var conflict *ticket.ConflictError
	err = s.AppendTx(ctx, tx, id, 1, []ticket.Event{message(id, 2, "stale")})
	require.ErrorAs(t, err, &conflict)
	assert.Equal(t, 2, conflict.Actual)

	err = s.AppendTx(ctx, tx, id, 2, []ticket.Event{message(id, 4, "gap")})
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)

	early := message(id, 3, "early")
	early.At = at(1).Add(-time.Hour)
	err = s.AppendTx(ctx, tx, id, 2, []ticket.Event{early})
	assert.ErrorIs(t, err, ticket.ErrOutOfOrder)

	err = s.AppendTx(ctx, tx, id, 2, []ticket.Event{createdAt(id, 3)})
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory, "a second Created event")

	err = s.AppendTx(ctx, nil, id, 2, []ticket.Event{message(id, 3, "x")})
	assert.ErrorIs(t, err, pgstore.ErrNoTx)

	// The transaction is still usable, and holds nothing of the refused batches.
	require.NoError(t, s.AppendTx(ctx, tx, id, 2, []ticket.Event{message(id, 3, "fine")}))
	require.NoError(t, tx.Commit(ctx))
	h, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"message 2", "fine"}, bodies(h))

	// A Store without a pool appends in a transaction all the same.
	tx, err = pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, pgstore.New(nil).AppendTx(ctx, tx, id, 3, []ticket.Event{message(id, 4, "poolless")}))
	require.NoError(t, tx.Commit(ctx))
}

// TestAppendTxRace runs two transactions that append to the same ticket at
// the same version: the one that commits first wins, the other waits on the
// primary key, gets a ConflictError naming the new version, and its
// transaction stays usable (it can read and commit other rows).
func TestAppendTxRace(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool := freshPool(t)
	s := pgstore.New(pool)
	id := testID("tx-race", 1)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 1)))

	first, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, s.AppendTx(ctx, first, id, 2, []ticket.Event{message(id, 3, "first"), message(id, 4, "first again")}))

	second, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = second.Rollback(ctx) }()
	var (
		wg      sync.WaitGroup
		loserEr error
	)
	wg.Go(func() {
		loserEr = s.AppendTx(ctx, second, id, 2, []ticket.Event{message(id, 3, "second")})
	})
	time.Sleep(200 * time.Millisecond) // let the second block on the primary key
	require.NoError(t, first.Commit(ctx))
	wg.Wait()
	var conflict *ticket.ConflictError
	require.ErrorAs(t, loserEr, &conflict)
	assert.Equal(t, 2, conflict.Expected)
	assert.Equal(t, 4, conflict.Actual)

	var v int
	require.NoError(t, second.QueryRow(ctx, `SELECT max(seq) FROM ticket_events WHERE ticket_id = $1`, id).Scan(&v))
	assert.Equal(t, 4, v, "the losing transaction is usable")
	require.NoError(t, s.AppendTx(ctx, second, id, 4, []ticket.Event{message(id, 5, "second, retried")}))
	require.NoError(t, second.Commit(ctx))
	h, err := s.Load(ctx, id)
	require.NoError(t, err)
	requireContiguous(t, h, id)
	assert.Equal(t, []string{"message 2", "first", "first again", "second, retried"}, bodies(h))
}

// TestAppendTxSerializable checks that under REPEATABLE READ a writer that
// committed after the snapshot is reported as a conflict whose actual
// version is unknown, never as a silent success or a half-stored batch.
func TestAppendTxSerializable(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	s := pgstore.New(pool)
	id := testID("tx-rr", 1)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 1)))

	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	var v int
	require.NoError(t, tx.QueryRow(ctx, `SELECT max(seq) FROM ticket_events WHERE ticket_id = $1`, id).Scan(&v))
	require.NoError(t, s.Append(ctx, id, 2, []ticket.Event{message(id, 3, "outside")}))
	err = s.AppendTx(ctx, tx, id, 2, []ticket.Event{message(id, 3, "inside")})
	var conflict *ticket.ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Equal(t, -1, conflict.Actual, "the snapshot cannot see the version")
	require.NoError(t, tx.Rollback(ctx))
	h, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"message 2", "outside"}, bodies(h))
}
