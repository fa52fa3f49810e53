package ticket_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// TestOpening: the opening comment is the first message a person writes
// on a ticket an agent opened, public or internal, by any agent or even a
// customer, after any machine messages; a ticket a customer, a bot or the
// system opened has none.
func TestOpening(t *testing.T) {
	at := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
	agent, other, customer := ticket.Agent("ingrid"), ticket.Agent("kari"), ticket.Customer("ola")
	type msg struct {
		by        ticket.Actor
		public    bool
		automated bool
	}
	for _, c := range []struct {
		name    string
		creator ticket.Actor
		msgs    []msg
		before  bool // a status change and an assignment before the first message
		want    int  // index in the messages of the opening comment, −1 none
	}{
		{name: "agent, public description", creator: agent, msgs: []msg{{agent, true, false}, {customer, true, false}, {agent, true, false}}, want: 0},
		{name: "agent, internal note first", creator: agent, msgs: []msg{{agent, false, false}, {agent, true, false}}, want: 0},
		{name: "agent, a colleague describes it", creator: agent, msgs: []msg{{other, true, false}, {agent, true, false}}, want: 0},
		{name: "agent, the customer writes first", creator: agent, msgs: []msg{{customer, true, false}, {agent, true, false}}, want: 0},
		{name: "agent, other events first", creator: agent, msgs: []msg{{agent, true, false}, {agent, true, false}}, before: true, want: 0},
		{name: "agent, no message yet", creator: agent, want: -1},
		{name: "agent, a trigger's acknowledgement first", creator: agent, msgs: []msg{{ticket.System("trigger"), true, false}, {agent, true, false}, {agent, true, false}}, want: 1},
		{name: "agent, a bot's greeting first", creator: agent, msgs: []msg{{ticket.Bot("greeter"), true, false}, {other, true, false}}, want: 1},
		{name: "agent, an automated message first", creator: agent, msgs: []msg{{agent, true, true}, {agent, false, false}, {agent, true, false}}, want: 1},
		{name: "agent, only machine messages", creator: agent, msgs: []msg{{ticket.System("trigger"), true, false}, {agent, true, true}}, want: -1},
		{name: "customer", creator: customer, msgs: []msg{{agent, true, false}, {agent, true, false}}, want: -1},
		{name: "bot", creator: ticket.Bot("triage"), msgs: []msg{{agent, true, false}}, want: -1},
		{name: "system", creator: ticket.System("monitoring"), msgs: []msg{{agent, true, false}}, want: -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, h, err := ticket.Create(nil, ticket.ID{15: 1}, at, c.creator, ticket.Created{Subject: "s", Channel: ticket.ChannelPhone,
				Requester: ticket.Requester{CustomerID: "ola"}})
			require.NoError(t, err)
			add := func(next ticket.Ticket, evs []ticket.Event, err error) {
				require.NoError(t, err)
				tk, h = next, append(h, evs...)
			}
			if c.before {
				add(tk.Assign(at.Add(time.Minute), agent, "ingrid", "l1"))
				add(tk.SetStatus(at.Add(2*time.Minute), agent, ticket.StatusPending))
			}
			var msgIdx []int // index in h of each message
			for i, m := range c.msgs {
				add(tk.Reply(at.Add(time.Duration(i+3)*time.Minute), m.by, ticket.Message{Public: m.public, Automated: m.automated}))
				for j := len(h) - 1; j >= 0; j-- {
					if _, ok := h[j].Data.(ticket.Message); ok {
						msgIdx = append(msgIdx, j)
						break
					}
				}
			}
			want := -1
			if c.want >= 0 {
				want = msgIdx[c.want]
			}
			assert.Equal(t, want, ticket.OpeningComment(h))
			var o ticket.Opening
			for i := range h {
				assert.Equal(t, i == want, o.Read(&h[i]), "event %d", i)
			}
		})
	}
	var o ticket.Opening // no Created event read: no opening comment
	assert.False(t, o.Read(&ticket.Event{Actor: agent, Data: ticket.Message{Public: true}}))
	assert.Equal(t, -1, ticket.OpeningComment(nil))
}

// TestOpeningFollowUp: a follow-up an agent opens has its message as its
// opening comment; one a customer opens has none.
func TestOpeningFollowUp(t *testing.T) {
	at := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
	tk, _, err := ticket.Create(nil, ticket.ID{15: 1}, at, ticket.Customer("ola"), ticket.Created{Subject: "s", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	for _, s := range []ticket.Status{ticket.StatusSolved, ticket.StatusClosed} {
		tk, _, err = tk.SetStatus(at.Add(time.Hour), ticket.Agent("ingrid"), s)
		require.NoError(t, err)
	}
	for _, c := range []struct {
		by   ticket.Actor
		want int
	}{{ticket.Agent("ingrid"), 2}, {ticket.Customer("ola"), -1}} {
		_, h, err := ticket.FollowUp(tk, ticket.ID{15: 2}, at.Add(2*time.Hour), c.by, ticket.Created{}, ticket.Message{Public: true})
		require.NoError(t, err)
		assert.Equal(t, c.want, ticket.OpeningComment(h), "%s", c.by)
	}
}
