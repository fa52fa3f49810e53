package tickettest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// appendOK appends events at expected and describes the failure when the store
// refuses; checks use it for setup steps that must succeed.
func appendOK(ctx context.Context, s ticket.Store, id ticket.ID, expected int, events []ticket.Event) error {
	if err := s.Append(ctx, id, expected, events); err != nil {
		return fmt.Errorf("Append(%s, %d, %d events) = %w, want nil", id, expected, len(events), err)
	}
	return nil
}

// storeNew stores a new ticket id, created and then n messages, with one
// append at version 0, and returns the stored events.
func storeNew(ctx context.Context, s ticket.Store, id ticket.ID, n int) ([]ticket.Event, error) {
	events := append([]ticket.Event{created(id)}, messages(id, 1, n)...)
	if err := appendOK(ctx, s, id, 0, events); err != nil {
		return nil, err
	}
	return events, nil
}

// loadEqual loads id and compares its history with want.
func loadEqual(ctx context.Context, s ticket.Store, id ticket.ID, want []ticket.Event, when string) error {
	got, err := s.Load(ctx, id)
	if err != nil {
		return fmt.Errorf("%s: Load(%s) = %w, want %d events", when, id, err, len(want))
	}
	if err := compareHistory(got, want); err != nil {
		return fmt.Errorf("%s: Load(%s): %w", when, id, err)
	}
	return nil
}

// loadNotFound checks that the store holds no event for id.
func loadNotFound(ctx context.Context, s ticket.Store, id ticket.ID, when string) error {
	got, err := s.Load(ctx, id)
	if !errors.Is(err, ticket.ErrNotFound) {
		return fmt.Errorf("%s: Load(%s) = %d events, error %v; want an error wrapping ticket.ErrNotFound", when, id, len(got), err)
	}
	if len(got) != 0 {
		return fmt.Errorf("%s: Load(%s) returned %d events with ErrNotFound", when, id, len(got))
	}
	return nil
}

// loadNothing checks that the store holds no event for id. Unlike
// loadNotFound it leaves the error to the not_found property, so that each
// property reports its own part of the contract.
func loadNothing(ctx context.Context, s ticket.Store, id ticket.ID, when string) error {
	got, err := s.Load(ctx, id)
	if err != nil && !errors.Is(err, ticket.ErrNotFound) {
		return fmt.Errorf("%s: Load(%s) = %w, want no events", when, id, err)
	}
	if len(got) != 0 {
		return fmt.Errorf("%s: Load(%s) = %d events, want none", when, id, len(got))
	}
	return nil
}

// checkOrdering: Load returns exactly the appended events, in sequence
// order, whatever the batch sizes and however appends to different tickets
// interleave.
func checkOrdering(ctx context.Context, s ticket.Store, ids idSpace) error {
	a, b := ids.id(1), ids.id(2)
	wantA, wantB := richHistory(a, b), followUp(b, a)
	steps := []struct {
		id       ticket.ID
		from, to int // events[from:to]
		events   []ticket.Event
	}{
		{a, 0, 1, wantA},
		{b, 0, 2, wantB},
		{a, 1, 4, wantA},
		{a, 4, 5, wantA},
		{b, 2, len(wantB), wantB},
		{a, 5, len(wantA), wantA},
	}
	for _, st := range steps {
		if err := appendOK(ctx, s, st.id, st.from, st.events[st.from:st.to]); err != nil {
			return err
		}
	}
	var p problems
	for _, c := range []struct {
		id   ticket.ID
		want []ticket.Event
	}{{a, wantA}, {b, wantB}, {a, wantA}} {
		p.keep(loadEqual(ctx, s, c.id, c.want, "after interleaved appends"))
	}
	return p.err()
}

// checkVersioning: the version is the Seq of the last event; appends at the
// current version succeed, and an empty append is a no-op that still checks
// the version.
func checkVersioning(ctx context.Context, s ticket.Store, ids idSpace) error {
	id := ids.id(1)
	want := append([]ticket.Event{created(id)}, messages(id, 1, 4)...)
	for _, st := range []struct{ expected, n int }{{0, 1}, {1, 2}, {3, 0}, {3, 1}, {4, 0}, {4, 1}} {
		if err := appendOK(ctx, s, id, st.expected, want[st.expected:st.expected+st.n]); err != nil {
			return err
		}
		if err := loadEqual(ctx, s, id, want[:st.expected+st.n], fmt.Sprintf("after Append at version %d", st.expected)); err != nil {
			return err
		}
	}
	var p problems
	for _, expected := range []int{0, 4, 6} {
		err := s.Append(ctx, id, expected, nil)
		if !errors.Is(err, ticket.ErrConflict) {
			p.add("Append(%d, no events) on a ticket at version 5 = %v, want an error wrapping ticket.ErrConflict", expected, err)
		}
	}
	p.keep(loadEqual(ctx, s, id, want, "after stale empty appends"))
	return p.err()
}

// checkConflict: a stale or future expected version is a conflict that
// stores nothing; of two writers that loaded the same version only the
// first succeeds.
func checkConflict(ctx context.Context, s ticket.Store, ids idSpace) error {
	id := ids.id(1)
	want, err := storeNew(ctx, s, id, 2)
	if err != nil {
		return err
	}
	var p problems
	for _, expected := range []int{0, 1, 2, 4, 10} {
		err := s.Append(ctx, id, expected, messages(id, expected, 2))
		if !errors.Is(err, ticket.ErrConflict) {
			p.add("Append at version %d to a ticket at version 3 = %v, want an error wrapping ticket.ErrConflict", expected, err)
			continue
		}
		if ce := (*ticket.ConflictError)(nil); errors.As(err, &ce) && (ce.ID != id || ce.Expected != expected || ce.Actual != 3) {
			p.add("Append at version %d to a ticket at version 3: ConflictError{ID: %s, Expected: %d, Actual: %d}, want {%s, %d, 3}",
				expected, ce.ID, ce.Expected, ce.Actual, id, expected)
		}
	}
	p.keep(loadEqual(ctx, s, id, want, "after conflicting appends"))

	// Two writers load version 3 and both append their event 4.
	first := []ticket.Event{message(id, 4, ticket.Agent("ingrid"), "first writer")}
	second := []ticket.Event{message(id, 4, ticket.Agent("oskar"), "second writer")}
	if err := appendOK(ctx, s, id, 3, first); err != nil {
		return errors.Join(p.err(), err)
	}
	if err := s.Append(ctx, id, 3, second); !errors.Is(err, ticket.ErrConflict) {
		p.add("second writer's Append at version 3 = %v, want an error wrapping ticket.ErrConflict", err)
	}
	p.keep(loadEqual(ctx, s, id, append(want, first...), "after two writers"))
	return p.err()
}

// checkNotFound: an unknown ticket is not found, appending to it at a
// version above 0 is a conflict, and an empty append does not create it.
func checkNotFound(ctx context.Context, s ticket.Store, ids idSpace) error {
	known, unknown := ids.id(1), ids.id(2)
	var p problems
	p.keep(loadNotFound(ctx, s, unknown, "empty store"))
	if err := appendOK(ctx, s, known, 0, []ticket.Event{created(known)}); err != nil {
		return errors.Join(p.err(), err)
	}
	p.keep(loadNotFound(ctx, s, unknown, "store with another ticket"))
	err := s.Append(ctx, unknown, 1, messages(unknown, 1, 1))
	if !errors.Is(err, ticket.ErrConflict) {
		p.add("Append at version 1 to an unknown ticket = %v, want an error wrapping ticket.ErrConflict", err)
	}
	if err := s.Append(ctx, unknown, 3, nil); !errors.Is(err, ticket.ErrConflict) {
		p.add("Append at version 3, no events, to an unknown ticket = %v, want an error wrapping ticket.ErrConflict", err)
	}
	p.keep(loadNotFound(ctx, s, unknown, "after conflicting Append"))
	if err := s.Append(ctx, unknown, 0, nil); err != nil {
		p.add("Append at version 0, no events, to an unknown ticket = %v, want nil", err)
	}
	p.keep(loadNotFound(ctx, s, unknown, "after Append of no events"))
	return p.err()
}

// invalidCase is a batch the store must refuse with ErrCorruptHistory.
type invalidCase struct {
	name     string
	expected int
	events   []ticket.Event
}

func invalidCases(id, other ticket.ID, version int) []invalidCase {
	next := version + 1
	c := created(id)
	if version > 0 {
		c = message(id, next, ticket.Agent("ingrid"), "bad")
	}
	c.Seq = next
	foreign := c
	foreign.TicketID = other
	gap := c
	gap.Seq = next + 1
	repeat := c
	repeat.Seq = version
	zero := c
	zero.Seq = 0
	second := message(id, next, ticket.Agent("ingrid"), "same seq twice")
	return []invalidCase{
		{"event of another ticket", version, []ticket.Event{foreign}},
		{"gap in sequence numbers", version, []ticket.Event{gap}},
		{"sequence number already used", version, []ticket.Event{repeat}},
		{"sequence number 0", version, []ticket.Event{zero}},
		{"sequence number twice in a batch", version, []ticket.Event{c, second}},
	}
}

// checkInvalid: events for another ticket or with wrong sequence numbers
// are refused with ErrCorruptHistory, and nothing is stored.
func checkInvalid(ctx context.Context, s ticket.Store, ids idSpace) error {
	known, unknown, other := ids.id(1), ids.id(2), ids.id(3)
	want, err := storeNew(ctx, s, known, 1)
	if err != nil {
		return err
	}
	var p problems
	for _, target := range []struct {
		id      ticket.ID
		version int
	}{{unknown, 0}, {known, 2}} {
		for _, c := range invalidCases(target.id, other, target.version) {
			err := s.Append(ctx, target.id, c.expected, c.events)
			if !errors.Is(err, ticket.ErrCorruptHistory) {
				p.add("%s, ticket at version %d: Append = %v, want an error wrapping ticket.ErrCorruptHistory", c.name, target.version, err)
			}
		}
	}
	p.keep(loadNothing(ctx, s, unknown, "after invalid appends"))
	p.keep(loadNothing(ctx, s, other, "after invalid appends"))
	p.keep(loadEqual(ctx, s, known, want, "after invalid appends"))
	return p.err()
}

// checkOutOfOrder: an append whose first event is dated before the last
// stored event is refused with an error wrapping ticket.ErrCorruptHistory
// and ticket.ErrOutOfOrder, and stores nothing, even one nanosecond early
// and even when its offset makes its wall clock look later; an append at
// the same instant as the last event is accepted.
func checkOutOfOrder(ctx context.Context, s ticket.Store, ids idSpace) error {
	id := ids.id(1)
	want, err := storeNew(ctx, s, id, 2)
	if err != nil {
		return err
	}
	last := want[len(want)-1].At
	var p problems
	for _, c := range []struct {
		name string
		at   time.Time
	}{
		{"one nanosecond before the last event", last.Add(-time.Nanosecond)},
		{"an hour before the last event", last.Add(-time.Hour)},
		{"a minute before the last event, in a zone ahead of it", last.Add(-time.Minute).In(time.FixedZone("+14", 14*3600))},
	} {
		early := messages(id, 3, 2)
		for i := range early {
			early[i].At = c.at
		}
		err := s.Append(ctx, id, 3, early)
		if !errors.Is(err, ticket.ErrCorruptHistory) || !errors.Is(err, ticket.ErrOutOfOrder) {
			p.add("Append at version 3 of a batch dated %s: %v, want an error wrapping ticket.ErrCorruptHistory and ticket.ErrOutOfOrder", c.name, err)
		}
	}
	p.keep(loadEqual(ctx, s, id, want, "after appends dated before the last event"))
	same := messages(id, 3, 1)
	same[0].At = last.In(time.FixedZone("-0930", -(9*3600 + 30*60)))
	if err := appendOK(ctx, s, id, 3, same); err != nil {
		return errors.Join(p.err(), err)
	}
	p.keep(loadEqual(ctx, s, id, append(want, same...), "after an append at the last event's instant"))

	// A ticket whose history starts in year 0, before time.Time's zero
	// (which a store must not take for the instant of an empty history's
	// last event), is stored, and is still ordered on its instants.
	old := ids.id(2)
	ancient := []ticket.Event{created(old), message(old, 2, ticket.Agent("ingrid"), "ancient")}
	for i := range ancient {
		ancient[i].At = time.Date(0, time.March, 1, 12, 0, 0, 1500+i, time.FixedZone("", 2*3600))
	}
	if err := appendOK(ctx, s, old, 0, ancient[:1]); err != nil {
		return errors.Join(p.err(), fmt.Errorf("a ticket created in year 0: %w", err))
	}
	if err := appendOK(ctx, s, old, 1, ancient[1:]); err != nil {
		return errors.Join(p.err(), fmt.Errorf("a ticket created in year 0: %w", err))
	}
	earlier := messages(old, 2, 1)
	earlier[0].At = ancient[1].At.Add(-time.Nanosecond)
	if err := s.Append(ctx, old, 2, earlier); !errors.Is(err, ticket.ErrOutOfOrder) {
		p.add("Append at version 2 of a year-0 history, one nanosecond before its last event: %v, want an error wrapping ticket.ErrOutOfOrder", err)
	}
	p.keep(loadEqual(ctx, s, old, ancient, "a ticket created in year 0"))
	return p.err()
}

// checkAtomicity: a batch whose last event is invalid stores none of its
// events; a valid batch stores all of them.
func checkAtomicity(ctx context.Context, s ticket.Store, ids idSpace) error {
	known, unknown, other := ids.id(1), ids.id(2), ids.id(3)
	want := []ticket.Event{created(known)}
	if err := appendOK(ctx, s, known, 0, want); err != nil {
		return err
	}
	var p problems
	for _, target := range []struct {
		id      ticket.ID
		version int
		head    []ticket.Event
	}{
		{unknown, 0, append([]ticket.Event{created(unknown)}, messages(unknown, 1, 2)...)},
		{known, 1, messages(known, 1, 3)},
	} {
		for _, c := range invalidCases(target.id, other, target.version+len(target.head)) {
			batch := append(append([]ticket.Event(nil), target.head...), c.events...)
			err := s.Append(ctx, target.id, target.version, batch)
			if err == nil {
				p.add("%s at the end of a batch of %d, ticket at version %d: Append = nil, want an error", c.name, len(batch), target.version)
			}
		}
	}
	p.keep(loadNothing(ctx, s, unknown, "after partly invalid batches"))
	p.keep(loadEqual(ctx, s, known, want, "after partly invalid batches"))
	batch := messages(known, 1, 3)
	if err := appendOK(ctx, s, known, 1, batch); err != nil {
		return errors.Join(p.err(), err)
	}
	p.keep(loadEqual(ctx, s, known, append(want, messages(known, 1, 3)...), "after a valid batch"))
	return p.err()
}

// mutate changes every event of h in place, and every slice and map inside
// its payloads, the way careless callers do.
func mutate(h []ticket.Event) {
	for i := range h {
		e := &h[i]
		switch d := e.Data.(type) {
		case ticket.Created:
			for j := range d.Tags {
				d.Tags[j] = "mutated"
			}
			for k := range d.Fields {
				d.Fields[k] = "mutated"
			}
			if d.Fields != nil {
				d.Fields["added"] = "mutated"
			}
		case ticket.TagsChanged:
			for j := range d.Added {
				d.Added[j] = "mutated"
			}
			for j := range d.Removed {
				d.Removed[j] = "mutated"
			}
		case ticket.FieldsChanged:
			for j := range d.Changes {
				d.Changes[j].To = "mutated"
			}
		}
	}
	for i := range h {
		e := &h[i]
		e.Seq += 100
		e.TicketID = ticket.ID{}
		e.At = e.At.Add(time.Hour)
		e.Actor.ID = "mutated"
		e.Data = ticket.Message{Body: "mutated"}
	}
}

// checkIsolation: the store keeps no reference into the events passed to
// Append and hands out none into what it holds.
func checkIsolation(ctx context.Context, s ticket.Store, ids idSpace) error {
	id := ids.id(1)
	all := richHistory(id, ids.id(2))
	in := richHistory(id, ids.id(2))
	if err := appendOK(ctx, s, id, 0, in[:7]); err != nil {
		return err
	}
	mutate(in[:7])
	var p problems
	p.keep(loadEqual(ctx, s, id, all[:7], "after mutating the events passed to Append"))

	out, err := s.Load(ctx, id)
	if err != nil {
		return errors.Join(p.err(), fmt.Errorf("Load(%s) = %w", id, err))
	}
	mutate(out)
	if len(out) > 1 {
		// Reslicing and appending must not write into the store's memory.
		_ = append(out[:1], message(id, 2, ticket.Agent("mallory"), "overwritten"))
	}
	p.keep(loadEqual(ctx, s, id, all[:7], "after mutating a loaded history"))

	if err := appendOK(ctx, s, id, 7, in[7:]); err != nil {
		return errors.Join(p.err(), err)
	}
	mutate(in[7:])
	p.keep(loadEqual(ctx, s, id, all, "after mutating the events of a second Append"))
	return p.err()
}
