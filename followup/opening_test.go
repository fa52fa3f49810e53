package followup_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

// TestAgentOpenedOpeningCommentIsAnUpdate: nothing in followup keys off the
// first reply; a status update is any public message from the desk, so the
// public opening comment of a ticket an agent opens (not a reply in sla's
// and metrics' sense, see ticket.Opening) is an update, as it starts sla's
// periodic update: with the cadence counted from the last update, the next
// one is due 10 minutes after it.
func TestAgentOpenedOpeningCommentIsAnUpdate(t *testing.T) {
	rules := outageRules()
	rules[0].Cadence.From = followup.AnchorLastUpdate
	p := planner(t, rules)
	tk, ev, err := ticket.Create(nil, tid, rfc("2026-06-09T18:05:00+02:00"), ingrid, ticket.Created{Subject: "Payments down",
		Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}, Tags: []string{"outage"}})
	require.NoError(t, err)
	h := &hist{t: t, tk: tk, events: ev}
	h.reply(rfc("2026-06-09T18:12:00+02:00"), ingrid) // the opening comment
	require.Equal(t, 1, ticket.OpeningComment(h.events))
	pl := h.plan(p, rfc("2026-06-09T18:12:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T18:12:00+02:00"), pl.Updates.LastUpdate)
	assert.Equal(t, rfc("2026-06-09T18:22:00+02:00"), pl.Updates.Next)
}

// TestAgentOpenedOpeningCommentLeavesThePersonalFlagUp: a personal flag
// says its owner must get back to the requester; the public opening
// comment of a ticket an agent opens is the ticket's description, not that
// answer (as it is no first reply in sla and metrics), so it cancels no
// reminder. The agent's next public message lowers the flag.
func TestAgentOpenedOpeningCommentLeavesThePersonalFlagUp(t *testing.T) {
	p := planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour)}}})
	tk, ev, err := ticket.Create(nil, tid, rfc("2026-06-01T09:00:00+02:00"), ingrid, ticket.Created{Subject: "Your licence renewal",
		Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	h := &hist{t: t, tk: tk, events: ev}
	h.reply(rfc("2026-06-01T09:05:00+02:00"), ingrid) // the opening comment
	require.Equal(t, 1, ticket.OpeningComment(h.events))

	pl := h.plan(p, rfc("2026-06-01T12:30:00+02:00"))
	assert.Equal(t, []string{"reminder@2026-06-01T12:00:00+02:00"}, osloAts(pl.Due))
	assert.Equal(t, []string{"reminder@2026-06-01T13:00:00+02:00"}, osloAts(pl.Pending))
	assert.Empty(t, pl.Cancelled)
	assert.Equal(t, rfc("2026-06-01T13:00:00+02:00"), pl.NextWakeUp)

	h.reply(rfc("2026-06-01T12:40:00+02:00"), ingrid) // the answer
	pl = h.plan(p, rfc("2026-06-01T12:40:00+02:00"))
	assert.Empty(t, pl.Pending)
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonAnswered, pl.Cancelled[0].Reason)
	assert.Equal(t, rfc("2026-06-01T12:40:00+02:00"), pl.Cancelled[0].By.At)
	assert.Equal(t, ticket.TypeMessage, pl.Cancelled[0].By.Type())
	assert.Equal(t, rfc("2026-06-01T13:00:00+02:00"), pl.Cancelled[0].Item.At)

	// A customer-opened ticket: the same first public message lowers it.
	c := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	c.reply(rfc("2026-06-01T09:05:00+02:00"), ingrid)
	pl = c.plan(p, rfc("2026-06-01T12:30:00+02:00"))
	assert.Empty(t, pl.Due)
	require.Len(t, pl.Cancelled, 2)
	assert.Equal(t, followup.ReasonAnswered, pl.Cancelled[0].Reason)
	assert.Equal(t, rfc("2026-06-01T09:05:00+02:00"), pl.Cancelled[0].By.At)
}
