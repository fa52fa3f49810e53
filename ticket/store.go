package ticket

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"
)

// Loader reads a ticket's history.
//
// Load returns every event of the ticket with the given ID in sequence order
// (Seq 1, 2, …). It returns an error wrapping [ErrNotFound] when the store
// holds no event for id. The returned slice belongs to the caller: changing
// it must not change what the store holds.
type Loader interface {
	Load(ctx context.Context, id ID) ([]Event, error)
}

// Appender adds events to a ticket's history.
//
// Append stores events at the end of the history of ticket id, atomically
// (all or nothing), provided the history's current version (the Seq of its
// last event, 0 for a ticket with no events) equals expected. Otherwise it
// stores nothing and returns an error wrapping [ErrConflict] (someone else
// appended first: reload, re-run the command, retry). An expected version
// above 0 for a ticket the store does not know is also a conflict.
//
// Every event must carry TicketID id and the Seq numbers expected+1,
// expected+2, … in order, and no event may be dated before the one before
// it; otherwise Append stores nothing and returns an error wrapping
// [ErrCorruptHistory] ([CheckAppend] checks all of this without the store).
//
// Nor may the first event be dated before the last event the history holds
// (compared as instants; the same instant is fine): at the expected version,
// Append then stores nothing and returns an error wrapping both
// [ErrCorruptHistory] and [ErrOutOfOrder]. Only the store knows that last
// instant, so it checks it with [CheckAppendAfter] in the same critical
// section or transaction that checks the version. The version check comes
// first: a stale expected version is a conflict whatever the instants.
//
// Events valid on their own may still contradict the ticket the history
// folds to: a [StatusChanged] whose From is not the ticket's status, a
// second [Merged] into another ticket, any event after the ticket was
// closed. [Replay] refuses such a history at every later load, so a store
// should refuse the append instead: fold the stored history into a
// [Ticket] (or keep it folded) and check the events with [Ticket.Apply],
// in the same critical section or transaction as the version check; the
// error wraps [ErrCorruptHistory]. ticket/memstore does; a store that does not
// relies on its callers writing only what commands produced.
//
// Appending no events is a no-op that still checks the version. The store
// must keep every field of every event exactly, instants included (to the
// nanosecond, with their UTC offset), and must not keep references into
// events.
type Appender interface {
	Append(ctx context.Context, id ID, expected int, events []Event) error
}

// Store is the storage a desk needs: read a history, append to it. Callers
// implement it over their own database; ticket/memstore is the in-memory
// reference implementation and ticket/tickettest checks any implementation
// against this contract.
type Store interface {
	Loader
	Appender
}

// Scanner is an optional capability of a [Store]: iterating over every
// ticket, for reports. All yields each ticket's full history once, each
// slice in sequence order and owned by the caller; the order of tickets is
// the store's own but must be stable between calls with no appends in
// between. A non-nil error ends the iteration. Implementations must tolerate
// appends during iteration (each history is a consistent snapshot).
type Scanner interface {
	All(ctx context.Context) iter.Seq2[[]Event, error]
}

// ConflictError reports an append whose expected version was stale. It wraps
// [ErrConflict].
type ConflictError struct {
	ID       ID
	Expected int // the version the caller expected
	Actual   int // the version the store holds
}

// Error implements the error interface.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("ticket: version conflict on %s: expected %d, store has %d", e.ID, e.Expected, e.Actual)
}

// Unwrap returns [ErrConflict].
func (e *ConflictError) Unwrap() error { return ErrConflict }

// CheckAppend checks that events may be appended to the history of id at
// version expected: id is not the nil UUID, each event carries TicketID id
// and Seq expected+1, expected+2, …, has an instant, a known actor role
// and a payload that is one of the values listed at [Data] (not a pointer)
// and valid on its own, no event but the batch's first is [Created], and
// no event is earlier than the one before it. Store implementations call it
// before writing; the error wraps [ErrCorruptHistory]. What needs the
// stored history is checked by [CheckAppendAfter] (the first event's
// instant, and Created exactly first), and by [Ticket.Apply] and [Replay]
// (payloads that must agree with the ticket's state, such as a status change
// from its current status; the commands always produce such payloads).
func CheckAppend(id ID, expected int, events []Event) error {
	if id == (ID{}) && len(events) > 0 {
		return &ReplayError{Seq: events[0].Seq, Problem: "ticket ID is the nil UUID"}
	}
	for i := range events {
		e := &events[i]
		if err := checkEnvelope(e, id, expected+1+i, nil); err != nil {
			return err
		}
		if err := checkStored(e, i > 0); err != nil {
			return err
		}
	}
	for i := range events {
		var prevAt *time.Time
		if i > 0 {
			prevAt = &events[i-1].At
		}
		if err := checkEnvelope(&events[i], id, expected+1+i, prevAt); err != nil {
			return err
		}
	}
	return nil
}

// CheckAppendAfter checks what an append needs from the stored history,
// given last, the instant of its last event (the zero time for a history
// with no events, which is no instant: a first event before it, in year 0,
// is fine): the first of events is not dated before last, and it is
// [Created] exactly when the history is empty. A store that accepted
// anything else would hold a history [Replay] refuses for good. Store
// implementations call it with every non-empty append, after reading the
// history's version and last instant, under the same lock or in the same
// transaction as the write; the error is a [*ReplayError] wrapping
// [ErrCorruptHistory], and also [ErrOutOfOrder] when the instant is the
// problem. The rest is checked by [CheckAppend].
func CheckAppendAfter(last time.Time, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	e := events[0]
	switch created := e.Type() == TypeCreated; {
	case last.IsZero() && !created:
		return &ReplayError{Seq: e.Seq, Problem: "first event is " + string(e.Type()) + ", not created"}
	case !last.IsZero() && created:
		return &ReplayError{Seq: e.Seq, Problem: "created event after the first"}
	case !last.IsZero() && before(e.At, last): // the zero time is no instant: commands refuse it, so it only ever means "no events"
		return &ReplayError{Seq: e.Seq, Err: ErrOutOfOrder,
			Problem: "instant " + e.At.Format(time.RFC3339Nano) + " is before the stored history's last event at " + last.Format(time.RFC3339Nano)}
	}
	return nil
}

// checkStored checks what a stored event needs besides its envelope: an
// instant, a known actor role, a valid payload, and no Created when it
// follows other events (later says so).
func checkStored(e *Event, later bool) error {
	switch {
	case e.At.IsZero():
		return &ReplayError{Seq: e.Seq, Problem: "event has no instant"}
	case later && isCreated(e.Data):
		return &ReplayError{Seq: e.Seq, Problem: "created event after the first"}
	case !e.Actor.Role.Valid():
		return &ReplayError{Seq: e.Seq, Problem: "actor has unknown role " + string(e.Actor.Role)}
	}
	if id := e.Actor.ID; id != "" && !validText(id) { // checkText, without its call for every event
		return &ReplayError{Seq: e.Seq, Problem: "bad actor", Err: badText("actor ID", id)}
	}
	if err := e.Data.validate(); err != nil {
		return &ReplayError{Seq: e.Seq, Problem: "invalid " + string(e.Type()) + " event", Err: err}
	}
	return nil
}

// isCreated reports whether d is a Created payload (what e.Type() ==
// TypeCreated tests, without the type switch over every payload).
func isCreated(d Data) bool {
	_, ok := d.(Created)
	return ok
}

// checkEnvelope checks what every stored event needs, whatever its payload
// and whatever it is appended to: it belongs to ticket id, has sequence
// number seq, is not earlier than prevAt, the previous event's instant (nil
// for the first event of a history or batch), and carries one of the payload values listed at [Data]. Both
// [CheckAppend] and [Replay] use it.
func checkEnvelope(e *Event, id ID, seq int, prevAt *time.Time) error {
	switch {
	case e.TicketID != id:
		return &ReplayError{Seq: e.Seq, Problem: "event belongs to ticket " + e.TicketID.String() + ", not " + id.String()}
	case e.Seq != seq:
		return &ReplayError{Seq: e.Seq, Problem: fmt.Sprintf("sequence number out of place, want %d", seq)}
	case prevAt != nil && before(e.At, *prevAt):
		return &ReplayError{Seq: e.Seq, Err: ErrOutOfOrder, Problem: "instant " + e.At.Format(time.RFC3339Nano) + " is before the previous event"}
	}
	if p := payloadProblem(e.Data); p != "" {
		return &ReplayError{Seq: e.Seq, Problem: p}
	}
	return nil
}

// Load reads the history of ticket id from s and replays it under lc (nil
// means [DefaultLifecycle]).
func Load(ctx context.Context, s Loader, lc *Lifecycle, id ID) (Ticket, error) {
	events, err := s.Load(ctx, id)
	if err != nil {
		return Ticket{}, storeErr("load", id, err)
	}
	return Replay(lc, events)
}

// Save appends the events a command produced to s. It takes the expected
// version from the first event (Seq − 1), so the result of any command can
// be saved as it is. Saving no events does nothing.
//
// The protocol: load the ticket ([Load]), run one command on it, Save the
// events it returned as they are, and on [ErrConflict] start again from
// the load ([Update] does all of this). Events from a command follow the
// ticket it ran on, so they replay after it. Save does not see the ticket
// and checks nothing itself: hand-made events (an import, a repair) that
// contradict the stored ticket are refused by a store that checks appends
// with [Ticket.Apply], as ticket/memstore does; with a store that does not,
// fold them with t.Apply before saving, or the ticket may never load again.
func Save(ctx context.Context, s Appender, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	id := events[0].TicketID
	if err := s.Append(ctx, id, events[0].Seq-1, events); err != nil {
		return storeErr("save", id, err)
	}
	return nil
}

// storeErr wraps an error a store returned for ticket id, unless it is one
// of this package's typed errors, which say what happened to which ticket
// already.
func storeErr(op string, id ID, err error) error {
	switch err.(type) {
	case *ConflictError, *ReplayError:
		return err
	}
	return fmt.Errorf("ticket: %s %s: %w", op, id, err)
}

// Attempts is how many times [Update] and [MergeTickets] run their command
// before giving up on a ticket that keeps changing under them.
const Attempts = 5

// Update loads ticket id from s under lc (nil means [DefaultLifecycle]),
// runs cmd on it and saves the events cmd returns. When the save fails with
// [ErrConflict] (someone appended first) it loads the ticket again and
// reruns cmd, at most [Attempts] times in all; cmd must therefore decide
// from the Ticket it is given, not from state of its own. An error from cmd
// ends the update and is returned as it is (a command that changes nothing
// saves nothing). It returns the ticket and the events as saved; after
// Attempts conflicts, a [*RetryError] wrapping the last one.
//
//	t, _, err := ticket.Update(ctx, store, lc, id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
//		return t.ReplyWithStatus(now, agent, ticket.Message{Public: true, Body: "Fixed."}, ticket.StatusSolved)
//	})
func Update(ctx context.Context, s Store, lc *Lifecycle, id ID, cmd func(Ticket) (Ticket, []Event, error)) (Ticket, []Event, error) {
	var err error
	for range Attempts {
		var t Ticket
		if t, err = Load(ctx, s, lc, id); err != nil {
			return Ticket{}, nil, err
		}
		next, events, cerr := cmd(t)
		if cerr != nil {
			return t, nil, cerr
		}
		if err = Save(ctx, s, events); err == nil {
			return next, events, nil
		}
		if !errors.Is(err, ErrConflict) {
			return t, nil, err
		}
	}
	return Ticket{}, nil, &RetryError{ID: id, Attempts: Attempts, Err: err}
}

// MergeTickets merges ticket source into ticket target in s, following the
// merge protocol described at [Merge]: it loads both, saves the source's
// events, then the target's, and when a save conflicts it loads both again
// and lets Merge emit what is still missing, at most [Attempts] times. It
// also completes a merge left half-done earlier. A retry is dated at, or at
// the later ticket's last event when that is later (a merge cannot be
// recorded before events already stored). It returns the result of the
// last Merge, whose events are all saved.
func MergeTickets(ctx context.Context, s Store, lc *Lifecycle, at time.Time, by Actor, source, target ID) (MergeResult, error) {
	var err error
	for attempt := range Attempts {
		var src, dst Ticket
		if src, err = Load(ctx, s, lc, source); err != nil {
			return MergeResult{}, err
		}
		if dst, err = Load(ctx, s, lc, target); err != nil {
			return MergeResult{}, err
		}
		when := at
		for _, t := range []Ticket{src, dst} {
			if attempt > 0 && before(when, t.UpdatedAt) && t.Status.Category != StatusCategoryClosed {
				when = t.UpdatedAt
			}
		}
		res, merr := Merge(when, by, src, dst)
		if merr != nil {
			return MergeResult{}, merr
		}
		if err = Save(ctx, s, res.SourceEvents); err == nil {
			err = Save(ctx, s, res.TargetEvents)
		}
		if err == nil {
			return res, nil
		}
		if !errors.Is(err, ErrConflict) {
			return MergeResult{}, err
		}
	}
	return MergeResult{}, &RetryError{ID: target, Attempts: Attempts, Err: err}
}

// RetryError reports an [Update] or [MergeTickets] that gave up after
// Attempts conflicting saves. It wraps [ErrConflict] through the last
// conflict.
type RetryError struct {
	ID       ID
	Attempts int
	Err      error // the last conflict
}

// Error implements the error interface.
func (e *RetryError) Error() string {
	return fmt.Sprintf("ticket: %s still changing after %d attempts: %v", e.ID, e.Attempts, e.Err)
}

// Unwrap returns the last conflict.
func (e *RetryError) Unwrap() error { return e.Err }
