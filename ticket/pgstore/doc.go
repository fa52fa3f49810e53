// Package pgstore keeps ticket histories in PostgreSQL: a [ticket.Store]
// and [ticket.Scanner] over a *pgxpool.Pool (github.com/jackc/pgx/v5) that
// the caller owns. It is a module of its own, so the rest of desk does not
// depend on pgx.
//
// # Starting
//
//	pool, err := pgxpool.New(ctx, "postgres://desk@localhost/desk")
//	err = pgstore.Migrate(ctx, pool)
//	store := pgstore.New(pool)
//
// [Migrate] creates the table if it does not exist and may run at every
// start. The store uses the unqualified table name ticket_events, so the
// connection's search_path picks the schema (set search_path in the
// connection string, or as a runtime parameter of the pool's config, to keep
// several desks in one database).
//
// # The table
//
// Each row is one event; [Schema] is the SQL that creates it:
//
//	ticket_id   uuid         the ticket (Event.TicketID)
//	seq         integer      its sequence number, 1, 2, … (Event.Seq)
//	at          timestamptz  the instant (Event.At), truncated to the microsecond
//	at_nanos    integer      the nanoseconds past at (0–999): at + at_nanos is At exactly
//	at_offset   integer      the UTC offset At was given in, in seconds east of UTC
//	type        text         the event type, e.g. "message" (ticket.EventType)
//	actor_id    text         Event.Actor.ID
//	actor_role  text         Event.Actor.Role: "agent", "customer", "bot" or "system"
//	event       jsonb        the whole event in the library's JSON wire format
//	PRIMARY KEY (ticket_id, seq), and an index on at
//
// The event column is what the store reads back: it holds the instant as an
// RFC 3339 string with nanoseconds and its offset, so an event comes back
// exactly as it was appended, nanoseconds and offset included, although
// timestamptz keeps only microseconds and no offset. The other columns are
// copies made at append time for plain SQL and for the store's own checks:
// (at, at_nanos) orders instants exactly, at_offset gives the local time of
// day the event was recorded in (at + at_offset seconds); type and actor
// filter. For example, the public messages per agent in May 2026:
//
//	SELECT actor_id, count(*) FROM ticket_events
//	WHERE type = 'message' AND actor_role = 'agent'
//	  AND (event->'data'->>'public')::boolean
//	  AND at >= '2026-05-01Z' AND at < '2026-06-01Z'
//	GROUP BY actor_id;
//
// Load and All decode the event column with the default, forward-compatible
// ticket.Decoder: fields a newer version of the library added are kept and
// written back if the event is encoded again. Because jsonb stores JSON
// values rather than text, such unknown fields come back as equal JSON but
// not byte for byte (keys inside their objects sorted, spacing normalised);
// every field the library knows is written back exactly.
//
// Rows are only ever inserted. Changing or deleting them with SQL is the
// caller's business; a row whose event column does not decode, or does not
// match its ticket_id and seq, is reported as an error wrapping
// [ticket.ErrMalformedEvent] or [ticket.ErrCorruptHistory] when it is read.
//
// # Concurrency and transactions
//
// [Store.Append] first reads the ticket's events up to the expected version
// with one query and applies the batch to the ticket they fold to
// ([ticket.Ticket.Apply]), refusing one that contradicts it (an error
// wrapping [ticket.ErrCorruptHistory], nothing stored), then writes the
// batch with one statement (one transaction): it inserts the events only when the ticket's version is the
// expected one, and the primary key settles races between writers that read
// the same version, so a stale writer gets a [*ticket.ConflictError] and
// stores nothing. [Store.AppendTx] makes the same checks inside a
// transaction the caller owns (a pgx.Tx), so that the application's own
// rows, the events and anything else it writes (a wake-up, see the nested
// module ticket/pgstore/wakeup) commit together; its insert runs under a
// savepoint, so a lost race is a conflict and leaves the transaction
// usable. [Store.Load] reads a history with one query.
// [Store.All] reads every history in one read-only REPEATABLE READ
// transaction through a cursor, so a report sees one consistent snapshot
// while appends go on; it holds one pool connection while it runs, so give
// the pool room for the appends that run beside it.
//
// Every method takes a context and gives up when it is done. A closed pool
// or an unreachable server gives an error (wrapped with %w), never a panic or
// a hang beyond ctx. The package starts no goroutines of its own.
//
// # Testing
//
// The package's tests run the ticket/tickettest conformance suite and
// failure tests (two pools on one ticket, a server restart, cancelled
// scans) against a real server named by the environment variable
// DESK_PG_URL; without it they are skipped. The repository's .ci/pg.sh
// starts a throw-away server and runs them:
//
//	.ci/pg.sh                                    # the tests, with -race (then the wakeup module's)
//	.ci/pg.sh go test -run '^$' -bench . ./...   # the benchmarks
package pgstore
