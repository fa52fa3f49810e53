package tickettest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// blockLimit is how long the scanner check waits for an Append made during
// iteration before it reports that All blocks writers.
const blockLimit = 10 * time.Second

// checkScanner: All yields every ticket exactly once with its full history,
// in the same order on every call, stops when the loop body breaks,
// tolerates appends during iteration and hands out copies.
func checkScanner(ctx context.Context, s ticket.Store, ids idSpace) error {
	sc, ok := s.(ticket.Scanner)
	if !ok {
		return fmt.Errorf("store does not implement ticket.Scanner: %w", errNotApplicable)
	}
	var p problems
	if n, err := scanCount(ctx, sc); n != 0 || err != nil {
		p.add("All on an empty store yielded %d histories, error %v; want none", n, err)
	}

	a, b, c, empty := ids.id(1), ids.id(2), ids.id(3), ids.id(4)
	want := map[ticket.ID][]ticket.Event{
		a: richHistory(a, b),
		b: followUp(b, a),
		c: {created(c)},
	}
	for _, id := range []ticket.ID{b, a, c} {
		if err := appendOK(ctx, s, id, 0, want[id]); err != nil {
			return err
		}
	}
	if err := s.Append(ctx, empty, 0, nil); err != nil {
		p.add("Append at version 0, no events, to an unknown ticket = %v, want nil", err)
	}

	order, err := scanAll(ctx, sc, want)
	p.keep(err)
	again, err := scanAll(ctx, sc, want)
	p.keep(err)
	if !slices.Equal(order, again) {
		p.add("All yielded tickets in order %v, then %v with no append in between; want a stable order", order, again)
	}

	// Breaking out of the loop stops the iteration.
	n := 0
	for h, err := range sc.All(ctx) {
		if err != nil {
			p.add("All: %v", err)
		}
		n++
		mutate(h) // the yielded history belongs to the caller
		break
	}
	if n != 1 {
		p.add("breaking out of All after the first history: %d iterations", n)
	}

	// Appends during iteration neither block nor break the snapshots.
	seen := 0
	for h, err := range sc.All(ctx) {
		if err != nil {
			p.add("All with appends during iteration: %v", err)
			break
		}
		if len(h) == 0 {
			p.add("All yielded an empty history")
			continue
		}
		if err := checkContiguous(h, h[0].TicketID); err != nil {
			p.add("All with appends during iteration: %v", err)
		}
		seen++
		if seen > 3 {
			continue
		}
		id := a
		if err := appendWithin(ctx, s, id, len(want[id]), messages(id, len(want[id]), 1)); err != nil {
			p = append(p, err)
			break
		}
		want[id] = append(want[id], messages(id, len(want[id]), 1)...)
	}
	for id, h := range want {
		p.keep(loadEqual(ctx, s, id, h, "after All"))
	}
	return p.err()
}

// scanCount counts the histories All yields and returns the first error.
func scanCount(ctx context.Context, sc ticket.Scanner) (int, error) {
	n := 0
	for _, err := range sc.All(ctx) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// scanAll checks that All yields each ticket of want exactly once with its
// full history, and returns the order of the tickets. It mutates what All
// yields, so the caller can check that the store is unchanged.
func scanAll(ctx context.Context, sc ticket.Scanner, want map[ticket.ID][]ticket.Event) ([]ticket.ID, error) {
	var p problems
	var order []ticket.ID
	seen := make(map[ticket.ID]int)
	for h, err := range sc.All(ctx) {
		if err != nil {
			p.add("All: %v", err)
			break
		}
		if len(h) == 0 {
			p.add("All yielded an empty history")
			continue
		}
		id := h[0].TicketID
		order = append(order, id)
		seen[id]++
		w, ok := want[id]
		switch {
		case !ok:
			p.add("All yielded ticket %s, which has no events", id)
		case seen[id] > 1:
			p.add("All yielded ticket %s %d times", id, seen[id])
		default:
			if err := compareHistory(h, w); err != nil {
				p.add("All: ticket %s: %w", id, err)
			}
		}
		mutate(h)
	}
	for id := range want {
		if seen[id] == 0 {
			p.add("All did not yield ticket %s", id)
		}
	}
	return order, p.err()
}

// appendWithin appends in another goroutine and reports an error when the
// append does not finish within blockLimit, as happens when All holds a lock
// that writers need.
func appendWithin(ctx context.Context, s ticket.Store, id ticket.ID, expected int, events []ticket.Event) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("during All: Append panicked: %v", r)
			}
		}()
		done <- appendOK(ctx, s, id, expected, events)
	}()
	timer := time.NewTimer(blockLimit)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("during All: %w", err)
		}
		return nil
	case <-timer.C:
		return fmt.Errorf("an Append during All did not return within %v; All must not block writers", blockLimit)
	case <-ctx.Done():
		return ctx.Err()
	}
}
