package followup_test

import (
	"testing"

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
