package tickettest

import (
	"context"
	"errors"
	"fmt"

	"github.com/servicedesk-go/desk/ticket"
)

// StateGuard is the marker interface of a store that checks every append
// against the state its stored history folds to, as [ticket.Ticket.Apply]
// does, and so refuses events that are valid on their own but contradict
// the ticket (a status change from a status the ticket is not in, a second
// merge into another ticket, anything after the ticket was closed): such an
// append would leave a history that [ticket.Replay] refuses for good.
//
// The state property ([PropertyState]) runs only for stores whose
// GuardsState returns true; for others it is skipped, like the scanner
// property for stores without [ticket.Scanner]. A wrapper store may
// forward the answer of the store it wraps. ticket/memstore implements it.
type StateGuard interface {
	GuardsState() bool
}

// guardsState reports whether s declares itself a [StateGuard].
func guardsState(s ticket.Store) bool {
	g, ok := s.(StateGuard)
	return ok && g.GuardsState()
}

// checkState: an append that contradicts the stored ticket's state is
// refused with an error wrapping ticket.ErrCorruptHistory and stores
// nothing of its batch, so the stored history still replays; an append that
// follows the state is still accepted afterwards.
func checkState(ctx context.Context, s ticket.Store, ids idSpace) error {
	if !guardsState(s) {
		return fmt.Errorf("store is no StateGuard: %w", errNotApplicable)
	}
	agent := ticket.Agent("ingrid")
	cases := []struct {
		name  string
		prior func(id ticket.ID) []ticket.Event // stored first
		bad   func(id ticket.ID, seq int) []ticket.Event
	}{
		{"a status change from a status the ticket is not in",
			func(id ticket.ID) []ticket.Event { return []ticket.Event{created(id)} },
			func(id ticket.ID, seq int) []ticket.Event {
				return []ticket.Event{event(id, seq, agent, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending})}
			}},
		{"a second merge into another ticket",
			func(id ticket.ID) []ticket.Event {
				return []ticket.Event{created(id), event(id, 2, agent, ticket.Merged{Into: ids.id(100)})}
			},
			func(id ticket.ID, seq int) []ticket.Event {
				return []ticket.Event{event(id, seq, agent, ticket.Merged{Into: ids.id(101)})}
			}},
		{"an event after the ticket was closed",
			func(id ticket.ID) []ticket.Event { return followUp(id, ids.id(102)) },
			func(id ticket.ID, seq int) []ticket.Event {
				return []ticket.Event{message(id, seq, ticket.Customer("c1"), "Hello?")}
			}},
		{"a tag removed that the ticket lacks, after a good event in the same batch",
			func(id ticket.ID) []ticket.Event { return []ticket.Event{created(id)} },
			func(id ticket.ID, seq int) []ticket.Event {
				return []ticket.Event{
					message(id, seq, agent, "Looking."),
					event(id, seq+1, agent, ticket.TagsChanged{Removed: []string{"absent"}}),
				}
			}},
	}
	var p problems
	for i, c := range cases {
		id := ids.id(i + 1)
		prior := c.prior(id)
		if err := appendOK(ctx, s, id, 0, prior); err != nil {
			p.keep(fmt.Errorf("%s: %w", c.name, err))
			continue
		}
		v := len(prior)
		bad := c.bad(id, v+1)
		if err := ticket.CheckAppend(id, v, bad); err != nil {
			return fmt.Errorf("tickettest: fixture %q is not valid on its own: %w", c.name, err)
		}
		err := s.Append(ctx, id, v, bad)
		if !errors.Is(err, ticket.ErrCorruptHistory) {
			p.add("%s: Append(%s, %d, %d events) = %v, want an error wrapping ticket.ErrCorruptHistory", c.name, id, v, len(bad), err)
		}
		p.keep(loadEqual(ctx, s, id, prior, c.name+": after the refused append"))
		if got, err := s.Load(ctx, id); err == nil {
			if _, err := ticket.Replay(nil, got); err != nil {
				p.add("%s: the stored history no longer replays: %v", c.name, err)
			}
		}
		if c.name == cases[len(cases)-1].name {
			p.keep(appendOK(ctx, s, id, v, []ticket.Event{message(id, v+1, agent, "Still here.")}))
		}
	}
	return p.err()
}
