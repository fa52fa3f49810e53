// Package tickettest checks implementations of the storage contract of
// package ticket, in the spirit of testing/fstest.TestFS.
//
// A store implementation runs the suite from its own tests:
//
//	func TestConformance(t *testing.T) {
//		tickettest.TestStore(t, func(t *testing.T) ticket.Store {
//			db := freshDatabase(t) // per property; dropped with t.Cleanup
//			return mystore.New(db)
//		})
//	}
//
// The constructor may also be a func() ticket.Store (see [Factory]).
//
// [TestStore] runs one subtest per property of the contract, each against a
// new, empty store from the caller's constructor, and reports every problem
// it finds with t.Error, so a failing run names the broken property:
//
//   - ordering: Load returns exactly the appended events in sequence order,
//     however batches and tickets interleave: every field of every payload
//     type (each set to a value other than its zero value somewhere: a
//     note, an automated message with a macro and a channel, a reopen, the
//     previous agent, both sides of a merge, the requester's region, a
//     custom initial status, instants inside payloads), compared by their
//     wire form, so instants must come back to the nanosecond and with
//     their UTC offset; several events share one instant, so a store that
//     orders by instant instead of sequence number fails;
//   - versioning: appends at the current version (the Seq of the last
//     event) succeed; appending no events is a no-op that still checks the
//     version;
//   - conflict: a stale or future expected version returns an error wrapping
//     ticket.ErrConflict and stores nothing; of two writers that loaded the
//     same version, only the first succeeds; a *ticket.ConflictError, when
//     returned, names the ticket and both versions correctly;
//   - not_found: Load of an unknown ticket wraps ticket.ErrNotFound; an
//     append above version 0 to it is a conflict; appending no events does
//     not create it;
//   - invalid_append: events of another ticket or with wrong sequence
//     numbers are refused with ticket.ErrCorruptHistory and nothing is
//     stored;
//   - out_of_order: an append whose first event is dated before the last
//     stored event (even by a nanosecond, whatever the offsets) is refused
//     with an error wrapping ticket.ErrCorruptHistory and
//     ticket.ErrOutOfOrder and stores nothing; one at the same instant is
//     stored; so is a ticket created in year 0, before time.Time's zero;
//   - atomicity: a batch whose last event is invalid stores none of its
//     events;
//   - isolation: changing the events passed to Append (their slices and
//     maps included) or the events Load returned does not change the stored
//     history;
//   - scanner (only for stores that implement ticket.Scanner; skipped
//     otherwise): All yields each ticket once with its full history, in a
//     stable order, stops when the loop breaks, hands out copies, and does
//     not block appends made during iteration;
//   - concurrency: 16 goroutines make 50 appends each to 4 shared tickets
//     (load, append at the loaded version, retry on ErrConflict) while
//     other goroutines load; afterwards every appended event is present
//     exactly once, batches are contiguous, and sequence numbers run 1…n;
//   - state (only for stores that declare themselves a [StateGuard];
//     skipped otherwise): an append valid on its own but contradicting the
//     stored ticket (a status change from another status, a second merge
//     into another ticket, an event after the close, a bad event after a
//     good one in one batch) is refused with ticket.ErrCorruptHistory,
//     stores nothing, and the history still replays;
//   - context: with a canceled context, Load, Append (of no events too)
//     and All (for a ticket.Scanner) return an error wrapping
//     context.Canceled, and Append stores nothing.
//
// [CheckStore] runs the same checks, or only the named ones, without a
// testing.T and returns one [*PropertyError] per failed property (joined
// with errors.Join); use it outside tests, or to check that the suite
// catches a deliberately broken store. The Property* constants name the properties.
//
// Test data is deterministic: fixed instants with nanoseconds in four UTC
// offsets, three events to an instant, and name-based UUIDs that differ per
// property. The concurrency check starts
// goroutines and so needs a store that is safe for concurrent use, as the
// contract requires; the whole suite takes well under a second against
// ticket/memstore, also with the race detector. A store that panics fails
// the property being checked instead of crashing the test binary.
//
// The package depends only on the standard library (testing, not testify),
// package ticket and github.com/google/uuid.
package tickettest
