package memstore

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Store is an in-memory ticket store. It implements [ticket.Store] and
// [ticket.Scanner]. The zero value is an empty store ready to use; a Store
// must not be copied after first use. A Store is safe for concurrent use by
// multiple goroutines.
type Store struct {
	mu      sync.RWMutex
	tickets map[ticket.ID][]ticket.Event // histories; append-only
	state   map[ticket.ID]ticket.Ticket  // each history folded, to check appends with
	order   []ticket.ID                  // ticket IDs in order of their first append; append-only
}

// Interface checks.
var (
	_ ticket.Store   = (*Store)(nil)
	_ ticket.Scanner = (*Store)(nil)
)

// New returns an empty store.
func New() *Store { return &Store{} }

// Storage invariant: a history slice stored in s.tickets is only ever
// extended by append, never written at an index below its length, and the
// same holds for s.order. A slice header read under the lock therefore
// stays valid, unchanged, after the lock is released, and its elements may
// be copied without holding the lock. This keeps deep copies out of the
// critical section.

// Load returns a deep copy of the history of ticket id in sequence order.
// It returns an error wrapping [ticket.ErrNotFound] when the store holds no
// event for id.
func (s *Store) Load(ctx context.Context, id ticket.ID) ([]ticket.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := s.history(id)
	if len(h) == 0 {
		return nil, fmt.Errorf("memstore: ticket %s: %w", id, ticket.ErrNotFound)
	}
	return cloneEvents(h), nil
}

// Append stores deep copies of events at the end of the history of ticket
// id, provided the history's version (the Seq of its last event, 0 for an
// unknown ticket) equals expected. Otherwise it stores nothing and returns a
// [*ticket.ConflictError]. Events that [ticket.CheckAppend] rejects, events
// dated before the last stored one ([ticket.CheckAppendAfter]), and events
// that contradict the stored ticket's state (a status change from another
// status, a second merge into another ticket, anything after the ticket was
// closed: whatever [ticket.Ticket.Apply] refuses) are not stored either;
// the error is a [*ticket.ReplayError] wrapping [ticket.ErrCorruptHistory].
// So every history the store holds replays. Appending no events stores
// nothing but still checks the version.
//
// The store keeps each history folded into a [ticket.Ticket] to check
// appends against. The fold does not depend on the lifecycle (Replay trusts
// recorded status changes), so one store serves tickets of any lifecycle.
func (s *Store) Append(ctx context.Context, id ticket.ID, expected int, events []ticket.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ticket.CheckAppend(id, expected, events); err != nil {
		return err
	}
	copies := cloneEvents(events)

	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.tickets[id]
	if actual := version(h); actual != expected {
		return &ticket.ConflictError{ID: id, Expected: expected, Actual: actual}
	}
	var last time.Time
	if len(h) > 0 {
		last = h[len(h)-1].At
	}
	if err := ticket.CheckAppendAfter(last, events); err != nil {
		return err
	}
	if len(copies) == 0 {
		return nil
	}
	next, err := s.state[id].Apply(copies...)
	if err != nil {
		return err
	}
	if s.tickets == nil {
		s.tickets = make(map[ticket.ID][]ticket.Event)
		s.state = make(map[ticket.ID]ticket.Ticket)
	}
	s.state[id] = next
	if len(h) == 0 {
		s.order = append(s.order, id)
	}
	s.tickets[id] = append(h, copies...)
	return nil
}

// GuardsState reports true: the store checks every append against the
// folded history (see [Store.Append]), which makes it a
// [tickettest.StateGuard].
//
// [tickettest.StateGuard]: https://pkg.go.dev/github.com/servicedesk-go/desk/ticket/tickettest#StateGuard
func (s *Store) GuardsState() bool { return true }

// All yields the full history of every ticket, each a deep copy in sequence
// order, in the order the tickets were first appended to. It yields the
// tickets that existed when iteration began; each history is a snapshot
// taken when it is yielded, so appends during iteration are safe. When ctx
// is done, All yields (nil, ctx.Err()) and stops.
func (s *Store) All(ctx context.Context) iter.Seq2[[]ticket.Event, error] {
	return func(yield func([]ticket.Event, error) bool) {
		s.mu.RLock()
		order := s.order
		s.mu.RUnlock()
		for _, id := range order {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			if !yield(cloneEvents(s.history(id)), nil) {
				return
			}
		}
	}
}

// Len returns the number of tickets in the store.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}

// history returns the stored history of id; see the storage invariant.
func (s *Store) history(id ticket.ID) []ticket.Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tickets[id]
}

// version returns the version of history h: the Seq of its last event.
func version(h []ticket.Event) int {
	if len(h) == 0 {
		return 0
	}
	return h[len(h)-1].Seq
}
