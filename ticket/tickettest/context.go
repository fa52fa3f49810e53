package tickettest

import (
	"context"
	"errors"

	"github.com/servicedesk-go/desk/ticket"
)

// checkContext: with a context that is done, Load, Append (of no events
// too) and, for a [ticket.Scanner], All return an error wrapping the
// context's error instead of doing their work, and an Append stores
// nothing, neither on a known ticket nor on a new one.
func checkContext(ctx context.Context, s ticket.Store, ids idSpace) error {
	known, fresh := ids.id(1), ids.id(2)
	want, err := storeNew(ctx, s, known, 2)
	if err != nil {
		return err
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	var p problems
	if _, err := s.Load(done, known); !errors.Is(err, context.Canceled) {
		p.add("Load with a canceled context = %v, want an error wrapping context.Canceled", err)
	}
	if err := s.Append(done, known, 3, messages(known, 3, 1)); !errors.Is(err, context.Canceled) {
		p.add("Append with a canceled context = %v, want an error wrapping context.Canceled", err)
	}
	if err := s.Append(done, known, 3, nil); !errors.Is(err, context.Canceled) {
		p.add("Append of no events with a canceled context = %v, want an error wrapping context.Canceled", err)
	}
	if err := s.Append(done, fresh, 0, []ticket.Event{created(fresh)}); !errors.Is(err, context.Canceled) {
		p.add("Append of a new ticket with a canceled context = %v, want an error wrapping context.Canceled", err)
	}
	p.keep(loadEqual(ctx, s, known, want, "after appends with a canceled context"))
	p.keep(loadNothing(ctx, s, fresh, "after an append of a new ticket with a canceled context"))
	if sc, ok := s.(ticket.Scanner); ok {
		n := 0
		for h, err := range sc.All(done) {
			n++
			if h != nil || !errors.Is(err, context.Canceled) {
				p.add("All with a canceled context yielded %d events and error %v, want only an error wrapping context.Canceled", len(h), err)
				break
			}
		}
		if n != 1 {
			p.add("All with a canceled context yielded %d times, want once, with the error", n)
		}
	}
	return p.err()
}
