package ticket

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDuplicatedListsAgree: Channel.Valid's switch and payloadProblem's
// type switch repeat the list of channels and the payloads Event.Type
// names; a value added to one and not the other would refuse, or accept,
// what the other does not.
func TestDuplicatedListsAgree(t *testing.T) {
	for _, c := range append(Channels(), "", "Email", "email ", "pigeon", "walk-in") {
		assert.Equal(t, isMember(c, channels), c.Valid(), "channel %q", c)
	}
	payloads := []Data{Created{}, Message{}, StatusChanged{}, Assigned{}, PriorityChanged{}, TagsChanged{},
		FieldsChanged{}, Merged{}, Linked{}, Rated{}, WorkflowApplied{}, HandlingLogged{},
		FollowUpSet{}, FollowUpCleared{}, Snoozed{}, &Message{}, &Created{}, nil}
	named := map[EventType]bool{}
	for _, d := range payloads {
		typ := Event{Data: d}.Type()
		p := payloadProblem(d)
		assert.Equal(t, typ != "", p == "", "%T: type %q, problem %q", d, typ, p)
		if typ != "" {
			named[typ] = true
		}
		switch {
		case d == nil:
			assert.Equal(t, "event has no payload", p)
		case typ == "":
			assert.True(t, strings.HasPrefix(p, "payload of type *ticket."), p)
		}
	}
	for _, typ := range eventTypes {
		assert.True(t, named[typ], "no payload of type %q in the list above", typ)
	}
}
