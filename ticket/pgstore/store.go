package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
)

// ErrNoPool is returned (wrapped) by every operation of a [Store] made
// without a pool, and by [Migrate] given a nil pool.
var ErrNoPool = errors.New("pgstore: no pool")

// ErrNoTx is returned (wrapped) by [Store.AppendTx] given a nil transaction.
var ErrNoTx = errors.New("pgstore: no transaction")

// Store keeps ticket histories in the PostgreSQL table ticket_events (see
// [Schema]). It implements [ticket.Store] and [ticket.Scanner]. A Store is
// safe for concurrent use by multiple goroutines; it holds nothing but the
// pool, which the caller owns, opens and closes.
type Store struct {
	pool *pgxpool.Pool
}

// Interface checks.
var (
	_ ticket.Store   = (*Store)(nil)
	_ ticket.Scanner = (*Store)(nil)
)

// New returns a store that reads and writes through pool. The table must
// exist: run [Migrate] (or [Schema]) once before.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// GuardsState reports true: [Store.Append] checks every batch against the
// ticket its stored history folds to, which makes the store a
// [tickettest.StateGuard].
//
// [tickettest.StateGuard]: https://pkg.go.dev/github.com/servicedesk-go/desk/ticket/tickettest#StateGuard
func (s *Store) GuardsState() bool { return true }

// loadSQL reads a history in sequence order.
const loadSQL = `SELECT seq, event FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`

// Load returns the history of ticket id in sequence order, decoded from the
// stored wire format. It returns an error wrapping [ticket.ErrNotFound] when
// the table holds no event for id, and one wrapping
// [ticket.ErrMalformedEvent] or [ticket.ErrCorruptHistory] when a row cannot
// be decoded or does not match its key columns. Database errors, ctx's
// included, are wrapped.
func (s *Store) Load(ctx context.Context, id ticket.ID) ([]ticket.Event, error) {
	if s.pool == nil {
		return nil, fmt.Errorf("pgstore: load %s: %w", id, ErrNoPool)
	}
	// The rows are read first and decoded after the connection went back
	// to the pool, so that decoding does not hold a connection.
	rows, err := s.pool.Query(ctx, loadSQL, id)
	if err != nil {
		return nil, fmt.Errorf("pgstore: load %s: %w", id, err)
	}
	var stored []storedRow
	for rows.Next() {
		var r storedRow
		if err := rows.Scan(&r.seq, &r.raw); err != nil {
			rows.Close()
			return nil, fmt.Errorf("pgstore: load %s: %w", id, err)
		}
		stored = append(stored, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: load %s: %w", id, err)
	}
	events, err := decodeRows(id, stored)
	if err != nil {
		return nil, fmt.Errorf("pgstore: load %s: %w", id, err)
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("pgstore: ticket %s: %w", id, ticket.ErrNotFound)
	}
	return events, nil
}

// storedRow is a row of a history as read back: its seq column and its
// event column.
type storedRow struct {
	seq int32
	raw []byte
}

// decodeRows decodes the rows of ticket id's history with [decode].
func decodeRows(id ticket.ID, rows []storedRow) ([]ticket.Event, error) {
	events := make([]ticket.Event, len(rows))
	for i, r := range rows {
		e, err := decode(id, int(r.seq), r.raw)
		if err != nil {
			return nil, err
		}
		events[i] = e
	}
	return events, nil
}

// decode decodes the stored wire form of event seq of ticket id with the
// default, forward-compatible [ticket.Decoder] (fields a newer writer added
// are kept) and checks that it is the event its key columns say it is.
func decode(id ticket.ID, seq int, raw []byte) (ticket.Event, error) {
	e, err := ticket.Decoder{}.Decode(raw)
	if err != nil {
		return ticket.Event{}, fmt.Errorf("event #%d: %w", seq, err)
	}
	if e.TicketID != id || e.Seq != seq {
		return ticket.Event{}, fmt.Errorf("%w: row (%s, %d) holds event #%d of ticket %s",
			ticket.ErrCorruptHistory, id, seq, e.Seq, e.TicketID)
	}
	return e, nil
}

// appendSQL appends a batch in one statement, and so in one transaction. It
// reads the ticket's version and its last event's instant, and inserts the
// events only when the version is the expected one and the first event is
// not before the last stored one ((at, at_nanos) is the exact instant). Two
// writers that both read the same version race on the primary key: the
// second insert fails with a unique violation once the first commits. Rows
// are never updated, so the last event read stays the last one unless that
// race is lost. The statement returns the version, the last event's instant
// as the wire format wrote it, whether the batch is in order after it, and
// the number of rows inserted.
const appendSQL = `
WITH last AS (
	SELECT seq, at, at_nanos, event->>'at' AS at_text FROM ticket_events
	WHERE ticket_id = $1 ORDER BY seq DESC LIMIT 1
), state AS (
	SELECT coalesce((SELECT seq FROM last), 0) AS version,
		(SELECT at_text FROM last) AS last_at,
		coalesce((SELECT (at, at_nanos) <= (($4::timestamptz[])[1], ($5::integer[])[1]) FROM last), true) AS in_order
), inserted AS (
	INSERT INTO ticket_events (ticket_id, seq, at, at_nanos, at_offset, type, actor_id, actor_role, event)
	SELECT $1, e.seq, e.at, e.at_nanos, e.at_offset, e.type, e.actor_id, e.actor_role, e.event::jsonb
	FROM unnest($3::integer[], $4::timestamptz[], $5::integer[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::text[])
		AS e (seq, at, at_nanos, at_offset, type, actor_id, actor_role, event),
		state
	WHERE state.version = $2 AND state.in_order AND $11::boolean
	RETURNING 1
)
SELECT version, last_at, in_order, (SELECT count(*) FROM inserted) FROM state`

// priorSQL reads, in one query, the stored events up to the expected version
// ($2) in sequence order, followed by one row holding the ticket's version
// (its largest seq, 0 when it has none) with no event.
const priorSQL = `
SELECT 0 AS part, seq, event FROM ticket_events WHERE ticket_id = $1 AND seq <= $2
UNION ALL
SELECT 1, coalesce(max(seq), 0), NULL FROM ticket_events WHERE ticket_id = $1
ORDER BY part, seq`

// versionSQL reads a ticket's version after a lost race on the primary key.
const versionSQL = `SELECT coalesce(max(seq), 0) FROM ticket_events WHERE ticket_id = $1`

// pkeyViolation is PostgreSQL's SQLSTATE for a unique violation.
const pkeyViolation = "23505"

// Append stores events at the end of the history of ticket id, all or
// nothing, in one statement (one transaction), provided the history's
// version (the Seq of its last event, 0 for an unknown ticket) is expected.
// Otherwise it stores nothing and returns a [*ticket.ConflictError] (its
// Actual is -1 when the version could not be read after a lost race).
//
// At the expected version, the batch is checked against the stored ticket
// before that statement: one query reads the stored events up to the
// expected version, [ticket.Replay] folds them and [ticket.Ticket.Apply]
// applies the batch, so an append the ticket's state contradicts (a status
// change from a status the ticket is not in, a second merge into another
// ticket, anything after the ticket was closed, a Created event that does
// not open the history, a first event dated before the last stored one) is
// refused with Apply's error, which wraps [ticket.ErrCorruptHistory] (and
// [ticket.ErrOutOfOrder] for instants), and nothing of the batch is stored.
// Every history the store writes therefore replays. The statement checks the
// version and the instant again and the primary key settles races, so a
// writer that appended in between is reported as a conflict.
//
// Events that [ticket.CheckAppend] rejects (wrong ticket or sequence
// numbers, invalid payloads, …) are refused before anything is sent, with
// an error wrapping [ticket.ErrCorruptHistory], and so, as a safeguard, is
// any event whose wire form would not decode again (an error wrapping
// [ticket.ErrMalformedEvent]). Appending no events stores nothing but still
// checks the version.
//
// PostgreSQL's text and jsonb cannot hold the character U+0000: an event
// with it in a string is refused with the database's error and nothing is
// stored. The seq column is an integer, so a sequence number above
// 2,147,483,647 (2³¹−1 events on one ticket) is refused before anything
// is sent, with an error wrapping [ticket.ErrCorruptHistory]. Other
// database errors, ctx's included, are wrapped too.
func (s *Store) Append(ctx context.Context, id ticket.ID, expected int, events []ticket.Event) error {
	if s.pool == nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, ErrNoPool)
	}
	return appendOn(ctx, s.pool, nil, id, expected, events)
}

// AppendTx is [Store.Append] inside a transaction the caller owns, so that
// the application's own rows, the events and whatever else the transaction
// writes (a wake-up, an outbox row) commit or roll back together. It makes
// the same checks in the same order and has the same conflict semantics: a
// stale expected version, or a writer that appended in between (also one
// whose transaction commits while this one waits on the primary key), gives
// a [*ticket.ConflictError] and inserts nothing. The insert runs under a
// savepoint, so a lost race leaves tx usable: the caller may read the
// current version in it and retry, or roll back.
//
// The events become visible to others when tx commits and vanish if it
// rolls back. Under READ COMMITTED (PostgreSQL's default) each statement
// sees what was committed before it; under REPEATABLE READ or SERIALIZABLE a
// writer that committed after tx's snapshot makes the insert fail with the
// database's serialization error, or a [*ticket.ConflictError] whose Actual
// is -1 when the snapshot cannot see the winner's events: roll back and
// retry the whole transaction. AppendTx does not commit, roll back or close
// tx, and does not need the Store's pool (a Store from New(nil) can append
// in a transaction).
func (s *Store) AppendTx(ctx context.Context, tx pgx.Tx, id ticket.ID, expected int, events []ticket.Event) error {
	if tx == nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, ErrNoTx)
	}
	return appendOn(ctx, tx, tx, id, expected, events)
}

// querier is what Append and AppendTx need of a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// appendOn runs an append through q. A non-nil tx is the caller's
// transaction (and q), in which the insert runs under a savepoint so that a
// unique violation does not abort the transaction.
func appendOn(ctx context.Context, q querier, tx pgx.Tx, id ticket.ID, expected int, events []ticket.Event) error {
	if err := ticket.CheckAppend(id, expected, events); err != nil {
		return err
	}
	// Whether the first event may open the history (a Created event, at
	// version 0) or continue it (any other, after version 0) does not depend
	// on the stored instant, so it is settled here and handed to the
	// statement; after version 0 the instant passed for the last event is
	// the first event's own, which the instant check lets through.
	var shape error
	if expected == 0 {
		shape = ticket.CheckAppendAfter(time.Time{}, events)
	} else if len(events) > 0 {
		shape = ticket.CheckAppendAfter(events[0].At, events)
	}
	b, err := newBatch(events)
	if err != nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, err)
	}
	if err := checkState(ctx, q, id, expected, events); err != nil {
		return err
	}
	var (
		version, inserted int64
		lastAt            *string
		inOrder           bool
	)
	args := []any{id, expected, b.seq, b.at, b.nanos, b.offset, b.typ, b.actorID, b.actorRole, b.event, shape == nil}
	if tx != nil {
		err = insertUnderSavepoint(ctx, tx, args, &version, &lastAt, &inOrder, &inserted)
	} else {
		err = q.QueryRow(ctx, appendSQL, args...).Scan(&version, &lastAt, &inOrder, &inserted)
	}
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == pkeyViolation:
		return lostRace(ctx, q, id, expected)
	case err != nil:
		return fmt.Errorf("pgstore: append to %s: %w", id, err)
	case version != int64(expected):
		return &ticket.ConflictError{ID: id, Expected: expected, Actual: int(version)}
	case shape != nil:
		return shape
	case !inOrder:
		return outOfOrder(id, lastAt, events)
	case inserted != int64(len(events)):
		return fmt.Errorf("pgstore: append to %s: stored %d of %d events", id, inserted, len(events))
	}
	return nil
}

// insertUnderSavepoint runs appendSQL in the caller's transaction between
// SAVEPOINT and RELEASE, sent together in one round trip. When the insert
// fails, it rolls back to the savepoint, so that the transaction stays
// usable and holds none of the batch, and returns the insert's error.
func insertUnderSavepoint(ctx context.Context, tx pgx.Tx, args []any, dst ...any) error {
	var b pgx.Batch
	b.Queue("SAVEPOINT desk_append")
	b.Queue(appendSQL, args...)
	b.Queue("RELEASE SAVEPOINT desk_append")
	br := tx.SendBatch(ctx, &b)
	_, err := br.Exec()
	if err == nil {
		if err = br.QueryRow().Scan(dst...); err == nil {
			_, err = br.Exec()
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if _, rerr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT desk_append"); rerr != nil {
			return fmt.Errorf("%w; rolling back to the savepoint: %w", err, rerr)
		}
	}
	return err
}

// checkState reads the stored history of ticket id up to version expected
// (one query), folds it with [ticket.Replay] and applies events to the
// folded ticket with [ticket.Ticket.Apply], so that an append the stored
// ticket's state contradicts is refused before anything is inserted. A
// stored version other than expected is a [*ticket.ConflictError], reported
// before the state is looked at. Rows are never updated, so the prefix read
// here is still the prefix when appendSQL finds the version unchanged; a
// writer that appends in between makes appendSQL report the conflict.
func checkState(ctx context.Context, q querier, id ticket.ID, expected int, events []ticket.Event) error {
	if len(events) == 0 {
		return nil // nothing to check; appendSQL checks the version
	}
	rows, err := q.Query(ctx, priorSQL, id, expected)
	if err != nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, err)
	}
	var (
		stored  []storedRow
		version int64
	)
	for rows.Next() {
		var (
			part int32
			r    storedRow
		)
		if err := rows.Scan(&part, &r.seq, &r.raw); err != nil {
			rows.Close()
			return fmt.Errorf("pgstore: append to %s: %w", id, err)
		}
		if part == 1 {
			version = int64(r.seq)
			continue
		}
		stored = append(stored, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, err)
	}
	if version != int64(expected) {
		return &ticket.ConflictError{ID: id, Expected: expected, Actual: int(version)}
	}
	var state ticket.Ticket
	if len(stored) > 0 {
		prior, err := decodeRows(id, stored)
		if err != nil {
			return fmt.Errorf("pgstore: append to %s: stored %w", id, err)
		}
		if state, err = ticket.Replay(nil, prior); err != nil {
			return fmt.Errorf("pgstore: append to %s: the stored history does not replay: %w", id, err)
		}
	}
	if _, err := state.Apply(events...); err != nil {
		return fmt.Errorf("pgstore: append to %s: %w", id, err)
	}
	return nil
}

// outOfOrder returns the error for events that start before the stored
// history's last event, whose instant the wire format wrote as lastAt.
func outOfOrder(id ticket.ID, lastAt *string, events []ticket.Event) error {
	if lastAt != nil {
		if last, err := time.Parse(time.RFC3339Nano, *lastAt); err == nil {
			if err := ticket.CheckAppendAfter(last, events); err != nil {
				return err
			}
		}
	}
	// The columns said so; the stored text did not parse or disagreed.
	return fmt.Errorf("pgstore: append to %s: %w: %w: the first event is dated before the last stored event (stored as %v)",
		id, ticket.ErrCorruptHistory, ticket.ErrOutOfOrder, lastAt)
}

// lostRace returns the conflict error for an append whose insert collided
// with a concurrent one on the primary key.
func lostRace(ctx context.Context, q querier, id ticket.ID, expected int) error {
	var actual int64
	if err := q.QueryRow(ctx, versionSQL, id).Scan(&actual); err != nil {
		return fmt.Errorf("pgstore: append to %s: %w; reading the current version: %w",
			id, &ticket.ConflictError{ID: id, Expected: expected, Actual: -1}, err)
	}
	if actual == int64(expected) {
		// A transaction whose snapshot predates the winner (REPEATABLE READ,
		// SERIALIZABLE) still reads the old version: the actual one is unknown.
		actual = -1
	}
	return &ticket.ConflictError{ID: id, Expected: expected, Actual: int(actual)}
}

// batch holds the columns of the rows an append inserts, one slice per
// column (sent as arrays and unnested by appendSQL).
type batch struct {
	seq       []int32
	at        []time.Time // truncated to the microsecond
	nanos     []int32     // the nanoseconds past it
	offset    []int32
	typ       []string
	actorID   []string
	actorRole []string
	event     []string
}

func newBatch(events []ticket.Event) (batch, error) {
	n := len(events)
	b := batch{
		seq: make([]int32, n), at: make([]time.Time, n), nanos: make([]int32, n), offset: make([]int32, n),
		typ: make([]string, n), actorID: make([]string, n), actorRole: make([]string, n), event: make([]string, n),
	}
	var raw []byte
	for i, e := range events {
		if e.Seq > maxSeq {
			return batch{}, fmt.Errorf("event #%d: %w: sequence number above %d", e.Seq, ticket.ErrCorruptHistory, maxSeq)
		}
		var err error
		raw, err = e.AppendJSON(raw[:0])
		if err != nil {
			return batch{}, fmt.Errorf("event #%d: %w", e.Seq, err)
		}
		// Load decodes and validates each event; one it would refuse must
		// not be stored, or the whole history could not be read.
		if _, err := (ticket.Decoder{}).Decode(raw); err != nil {
			return batch{}, fmt.Errorf("event #%d cannot be read back: %w", e.Seq, err)
		}
		_, off := e.At.Zone()
		b.seq[i] = int32(e.Seq)
		b.at[i] = e.At.Truncate(time.Microsecond)
		b.nanos[i] = int32(e.At.Sub(b.at[i]))
		b.offset[i] = int32(off)
		b.typ[i] = string(e.Type())
		b.actorID[i] = e.Actor.ID
		b.actorRole[i] = string(e.Actor.Role)
		b.event[i] = string(raw)
	}
	return b, nil
}

// maxSeq is the largest sequence number the seq column (integer) holds.
const maxSeq = 1<<31 - 1
