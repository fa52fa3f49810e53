package tickettest_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/tickettest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStoreWithoutScanner runs TestStore on a store without the Scanner
// capability: the scanner property is skipped, not failed. (Package
// memstore runs TestStore on the full store.)
func TestStoreWithoutScanner(t *testing.T) {
	tickettest.TestStore(t, func() ticket.Store { return loadAppendOnly{memstore.New()} })
}

// TestStoreFactoryWithT runs TestStore with a factory that takes the
// subtest's *testing.T: it is called once per property, with that
// property's own subtest, and cleanup registered on it runs when the
// subtest ends.
func TestStoreFactoryWithT(t *testing.T) {
	var mu sync.Mutex
	var names []string
	cleaned := 0
	t.Run("suite", func(t *testing.T) {
		tickettest.TestStore(t, func(st *testing.T) ticket.Store {
			mu.Lock()
			defer mu.Unlock()
			names = append(names, st.Name())
			st.Cleanup(func() {
				mu.Lock()
				defer mu.Unlock()
				cleaned++
			})
			return memstore.New()
		})
	})
	require.NotEmpty(t, names)
	assert.Equal(t, len(names), cleaned, "one cleanup per store made")
	assert.Contains(t, names, t.Name()+"/suite/"+tickettest.PropertyOutOfOrder)
	assert.Contains(t, names, t.Name()+"/suite/"+tickettest.PropertyOrdering)
}

func TestCheckStoreReferenceStores(t *testing.T) {
	tests := []struct {
		name     string
		newStore func() ticket.Store
	}{
		{"memstore", func() ticket.Store { return memstore.New() }},
		{"fake without bugs", func() ticket.Store { return newFake(bugNone) }},
		{"store without Scanner", func() ticket.Store { return loadAppendOnly{memstore.New()} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, tickettest.CheckStore(t.Context(), tt.newStore))
		})
	}
}

func TestCheckStoreCatchesBugs(t *testing.T) {
	tests := []struct {
		name string
		bug  bug
		want []string // properties that must fail
		only bool     // no other property may fail
	}{
		{"returns and keeps shared memory", bugSharedMemory, []string{tickettest.PropertyIsolation}, false},
		{"ignores the expected version", bugIgnoresVersion, []string{tickettest.PropertyConflict, tickettest.PropertyVersioning}, false},
		{"loses updates under concurrency", bugLostUpdate, []string{tickettest.PropertyConcurrency}, true},
		{"nil error for an unknown ticket", bugNotFoundNil, []string{tickettest.PropertyNotFound}, true},
		{"empty append creates the ticket", bugEmptyCreates, []string{tickettest.PropertyNotFound}, false},
		{"stores the valid prefix of a batch", bugPartial, []string{tickettest.PropertyAtomicity}, false},
		{"no sequence number checks", bugNoSeqCheck, []string{tickettest.PropertyInvalid}, false},
		{"loads newest first", bugReversed, []string{tickettest.PropertyOrdering}, false},
		{"scans a ticket twice", bugScanTwice, []string{tickettest.PropertyScanner}, true},
		{"scan ignores break", bugScanIgnoresBreak, []string{tickettest.PropertyScanner}, true},
		{"accepts an append dated before the last event", bugBackdated, []string{tickettest.PropertyOutOfOrder}, true},
		{"orders events by instant, not sequence number", bugOrderByInstant, []string{tickettest.PropertyOrdering}, false},
		{"ignores a canceled context", bugIgnoresContext, []string{tickettest.PropertyContext}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var only []string
			if !tt.only {
				only = tt.want // the other properties may fail too: leave them out
			}
			err := tickettest.CheckStore(t.Context(), func() ticket.Store { return newFake(tt.bug) }, only...)
			require.Error(t, err)
			got := failedProperties(t, err)
			for _, p := range tt.want {
				assert.Contains(t, got, p, "failed properties; error:\n%v", err)
			}
			if tt.only {
				assert.ElementsMatch(t, tt.want, got, "failed properties; error:\n%v", err)
			}
		})
	}
}

// Stores that lose a payload field, or part of an instant, fail the
// ordering property (Load returns exactly what was appended).
func TestCheckStoreCatchesLossyStores(t *testing.T) {
	msg := func(f func(*ticket.Message)) func(ticket.Event) ticket.Event {
		return func(e ticket.Event) ticket.Event {
			if m, ok := e.Data.(ticket.Message); ok {
				f(&m)
				e.Data = m
			}
			return e
		}
	}
	tests := []struct {
		name  string
		lossy func(ticket.Event) ticket.Event
	}{
		{"note turned public", msg(func(m *ticket.Message) { m.Public = true })},
		{"Automated lost", msg(func(m *ticket.Message) { m.Automated = false })},
		{"MacroID lost", msg(func(m *ticket.Message) { m.MacroID = "" })},
		{"message channel lost", msg(func(m *ticket.Message) { m.Channel = "" })},
		{"Reopen lost", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.StatusChanged); ok {
				d.Reopen = false
				e.Data = d
			}
			return e
		}},
		{"PrevAgent lost", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.Assigned); ok {
				d.PrevAgent = ""
				e.Data = d
			}
			return e
		}},
		{"Merged.Into lost", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.Merged); ok {
				d.Into = ticket.ID{}
				e.Data = d
			}
			return e
		}},
		{"Requester.Region lost", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.Created); ok {
				d.Requester.Region = ""
				e.Data = d
			}
			return e
		}},
		{"initial status lost", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.Created); ok {
				d.Status = ticket.StatusNew
				e.Data = d
			}
			return e
		}},
		{"follow-up due truncated", func(e ticket.Event) ticket.Event {
			if d, ok := e.Data.(ticket.FollowUpSet); ok {
				d.Due = d.Due.Truncate(time.Microsecond)
				e.Data = d
			}
			return e
		}},
		{"instants truncated to seconds", func(e ticket.Event) ticket.Event { e.At = e.At.Truncate(time.Second); return e }},
		{"instants truncated to microseconds", func(e ticket.Event) ticket.Event { e.At = e.At.Truncate(time.Microsecond); return e }},
		{"offset dropped", func(e ticket.Event) ticket.Event { e.At = e.At.UTC(); return e }},
		{"instants in the store's zone", func(e ticket.Event) ticket.Event { e.At = e.At.In(time.FixedZone("", 3600)); return e }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tickettest.CheckStore(t.Context(), func() ticket.Store { f := newFake(bugNone); f.lossy = tt.lossy; return f },
				tickettest.PropertyOrdering)
			require.Error(t, err)
			assert.Equal(t, []string{tickettest.PropertyOrdering}, failedProperties(t, err), "error:\n%v", err)
		})
	}
}

func TestCheckStoreNilStore(t *testing.T) {
	err := tickettest.CheckStore(context.Background(), func() ticket.Store { return nil })
	require.Error(t, err)
	assert.Len(t, failedProperties(t, err), 12, "every property fails; error:\n%v", err)
}

// failedProperties returns the names of the properties err reports.
func failedProperties(t *testing.T, err error) []string {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "CheckStore error %T is not a join", err)
	var names []string
	for _, e := range joined.Unwrap() {
		var pe *tickettest.PropertyError
		require.True(t, errors.As(e, &pe), "CheckStore error part %T is not a *PropertyError", e)
		names = append(names, pe.Property)
	}
	return names
}

// A store that declares itself a StateGuard but stores events that
// contradict the ticket fails the state property, and only it; the same
// store without the declaration passes (the property is skipped).
func TestCheckStoreStateProperty(t *testing.T) {
	err := tickettest.CheckStore(t.Context(), func() ticket.Store { return claimsGuard{newFake(bugNone), true} })
	require.Error(t, err)
	assert.Equal(t, []string{tickettest.PropertyState}, failedProperties(t, err), "error:\n%v", err)
	for _, msg := range []string{"status change from", "second merge", "after the ticket was closed", "tag removed"} {
		assert.ErrorContains(t, err, msg)
	}
	assert.NoError(t, tickettest.CheckStore(t.Context(), func() ticket.Store { return claimsGuard{newFake(bugNone), false} }))
	assert.NoError(t, tickettest.CheckStore(t.Context(), func() ticket.Store { return claimsGuard{memstore.New(), true} },
		tickettest.PropertyState))
}

// claimsGuard answers GuardsState for the store it wraps, whatever that
// store does.
type claimsGuard struct {
	ticket.Store
	guards bool
}

func (c claimsGuard) GuardsState() bool { return c.guards }

// loadAppendOnly hides the Scanner capability of the store it wraps.
type loadAppendOnly struct{ ticket.Store }

// bug selects a deliberate defect of fake.
type bug int

const (
	bugNone             bug = iota
	bugSharedMemory         // keeps the caller's events and returns its own slice
	bugIgnoresVersion       // appends whatever the current version
	bugLostUpdate           // checks the version and writes under separate locks
	bugNotFoundNil          // Load of an unknown ticket returns nil, nil
	bugEmptyCreates         // an empty append creates the ticket
	bugPartial              // stores events one by one until one is invalid
	bugNoSeqCheck           // stores events without checking them
	bugReversed             // Load returns the newest event first
	bugScanTwice            // All yields the first ticket twice
	bugScanIgnoresBreak     // All keeps yielding after the loop body breaks
	bugBackdated            // checks instants only within the batch (no CheckAppendAfter)
	bugOrderByInstant       // Load orders by instant (ties newest first), not by sequence number
	bugIgnoresContext       // works on with a canceled context
)

// fake is a simple, mutex-guarded store with one optional bug.
type fake struct {
	bug     bug
	lossy   func(ticket.Event) ticket.Event // applied to each event stored, if set
	mu      sync.Mutex
	tickets map[ticket.ID][]ticket.Event
	order   []ticket.ID
}

func newFake(b bug) *fake { return &fake{bug: b, tickets: make(map[ticket.ID][]ticket.Event)} }

func (f *fake) Load(ctx context.Context, id ticket.ID) ([]ticket.Event, error) {
	if err := ctx.Err(); err != nil && f.bug != bugIgnoresContext {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.tickets[id]
	switch {
	case !ok && f.bug == bugNotFoundNil:
		return nil, nil
	case !ok:
		return nil, fmt.Errorf("fake: %s: %w", id, ticket.ErrNotFound)
	case f.bug == bugSharedMemory:
		return h, nil
	case f.bug == bugReversed:
		out := deepCopy(h)
		slices.Reverse(out)
		return out, nil
	case f.bug == bugOrderByInstant:
		out := deepCopy(h)
		slices.SortStableFunc(out, func(a, b ticket.Event) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return b.Seq - a.Seq
		})
		return out, nil
	}
	return deepCopy(h), nil
}

func (f *fake) Append(ctx context.Context, id ticket.ID, expected int, events []ticket.Event) error {
	if err := ctx.Err(); err != nil && f.bug != bugIgnoresContext {
		return err
	}
	if f.bug == bugLostUpdate {
		return f.appendLosingUpdates(id, expected, events)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.tickets[id]
	if f.bug == bugIgnoresVersion {
		expected = len(h)
		events = renumber(events, expected)
	}
	if len(h) != expected {
		return &ticket.ConflictError{ID: id, Expected: expected, Actual: len(h)}
	}
	if f.bug != bugBackdated {
		if err := ticket.CheckAppendAfter(lastAt(h), events); err != nil {
			return err
		}
	}
	switch f.bug {
	case bugPartial:
		for i, e := range events {
			if err := ticket.CheckAppend(id, expected+i, []ticket.Event{e}); err != nil {
				return err
			}
			f.store(id, deepCopy([]ticket.Event{e}))
		}
		return nil
	case bugNoSeqCheck:
	default:
		if err := ticket.CheckAppend(id, expected, events); err != nil {
			return err
		}
	}
	if f.bug == bugSharedMemory {
		f.store(id, events)
		f.tickets[id] = events // keep the caller's slice itself
		if len(h) > 0 {
			f.tickets[id] = append(h, events...)
		}
		return nil
	}
	if len(events) == 0 && (ok || f.bug != bugEmptyCreates) {
		return nil
	}
	f.store(id, deepCopy(events))
	return nil
}

// appendLosingUpdates checks the version under the lock, releases it and
// writes under it again: appends that interleave overwrite each other.
func (f *fake) appendLosingUpdates(id ticket.ID, expected int, events []ticket.Event) error {
	if err := ticket.CheckAppend(id, expected, events); err != nil {
		return err
	}
	f.mu.Lock()
	h := f.tickets[id]
	f.mu.Unlock()
	if len(h) != expected {
		return &ticket.ConflictError{ID: id, Expected: expected, Actual: len(h)}
	}
	if err := ticket.CheckAppendAfter(lastAt(h), events); err != nil {
		return err
	}
	runtime.Gosched()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(events) == 0 {
		return nil
	}
	if _, ok := f.tickets[id]; !ok {
		f.order = append(f.order, id)
	}
	f.tickets[id] = append(slices.Clip(h), deepCopy(events)...)
	return nil
}

// lastAt returns the instant of h's last event, or the zero time.
func lastAt(h []ticket.Event) time.Time {
	if len(h) == 0 {
		return time.Time{}
	}
	return h[len(h)-1].At
}

// store appends events to the history of id; f.mu is held.
func (f *fake) store(id ticket.ID, events []ticket.Event) {
	if f.lossy != nil {
		for i := range events {
			events[i] = f.lossy(events[i])
		}
	}
	if _, ok := f.tickets[id]; !ok {
		f.order = append(f.order, id)
	}
	f.tickets[id] = append(f.tickets[id], events...)
}

func (f *fake) All(ctx context.Context) iter.Seq2[[]ticket.Event, error] {
	return func(yield func([]ticket.Event, error) bool) {
		if err := ctx.Err(); err != nil && f.bug != bugIgnoresContext {
			yield(nil, err)
			return
		}
		f.mu.Lock()
		order := slices.Clone(f.order)
		f.mu.Unlock()
		if f.bug == bugScanTwice && len(order) > 0 {
			order = append(order, order[0])
		}
		for _, id := range order {
			f.mu.Lock()
			h := deepCopy(f.tickets[id])
			f.mu.Unlock()
			if !yield(h, nil) && f.bug != bugScanIgnoresBreak {
				return
			}
		}
	}
}

// renumber numbers events after version, for the same ticket.
func renumber(events []ticket.Event, version int) []ticket.Event {
	out := slices.Clone(events)
	for i := range out {
		out[i].Seq = version + 1 + i
	}
	return out
}

// deepCopy copies events and the slices and maps in their payloads.
func deepCopy(events []ticket.Event) []ticket.Event {
	out := slices.Clone(events)
	for i, e := range out {
		switch d := e.Data.(type) {
		case ticket.Created:
			d.Tags, d.Fields = slices.Clone(d.Tags), maps.Clone(d.Fields)
			out[i].Data = d
		case ticket.TagsChanged:
			d.Added, d.Removed = slices.Clone(d.Added), slices.Clone(d.Removed)
			out[i].Data = d
		case ticket.FieldsChanged:
			d.Changes = slices.Clone(d.Changes)
			out[i].Data = d
		}
	}
	return out
}
