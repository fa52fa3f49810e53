package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDateEditKeepsItsKeys: a follow-up date set on Monday 1 June 09:00
// for Wednesday 3 June 10:00, reminded 24 hours before (Tuesday 10:00).
// On Tuesday 11:00, after that reminder came due, the agent changes only
// the note and the owner: the same follow-up, so its reminders keep their
// keys (anchored at the event that set the date, #2) and instants, and
// the Tuesday reminder is not due again under a new key at 11:00, which
// a scheduler deduplicating by key would send twice. The items carry the
// new note and owner; nothing is cancelled. Moving the due time to
// Wednesday 14:00 is another follow-up: new keys (anchored at #4), the old
// due time cancelled as replaced, and its reminder (Tuesday 14:00) pending.
func TestDateEditKeepsItsKeys(t *testing.T) {
	p := planner(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(24 * time.Hour)}}})
	h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	h.do(h.tk.SetFollowUp(rfc("2026-06-01T09:00:00+02:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-06-03T10:00:00+02:00"), Owner: "ingrid", Note: "call"}))
	before := h.plan(p, rfc("2026-06-02T10:30:00+02:00"))
	require.Equal(t, []string{"reminder@2026-06-02T10:00:00+02:00"}, osloAts(before.Due))
	require.Equal(t, []string{"reminder@2026-06-03T10:00:00+02:00"}, osloAts(before.Pending))

	h.do(h.tk.SetFollowUp(rfc("2026-06-02T11:00:00+02:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-06-03T10:00:00+02:00"), Owner: "kari", Note: "call Ola about the invoice"}))
	pl := h.plan(p, rfc("2026-06-02T11:00:00+02:00"))
	assert.Equal(t, []string{"reminder@2026-06-02T10:00:00+02:00"}, osloAts(pl.Due))
	assert.Equal(t, []string{"reminder@2026-06-03T10:00:00+02:00"}, osloAts(pl.Pending))
	require.Len(t, pl.Due, 1)
	require.Len(t, pl.Pending, 1)
	assert.Equal(t, before.Due[0].Key, pl.Due[0].Key)
	assert.Equal(t, before.Pending[0].Key, pl.Pending[0].Key)
	assert.Equal(t, 2, pl.Pending[0].Anchor)
	assert.Equal(t, "kari", pl.Pending[0].Owner)
	assert.Equal(t, "call Ola about the invoice", pl.Pending[0].Note)
	assert.Empty(t, pl.Cancelled)

	h.do(h.tk.SetFollowUp(rfc("2026-06-02T12:00:00+02:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-06-03T14:00:00+02:00"), Owner: "kari"}))
	pl = h.plan(p, rfc("2026-06-02T12:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, []string{"reminder@2026-06-02T14:00:00+02:00", "reminder@2026-06-03T14:00:00+02:00"}, osloAts(pl.Pending))
	for _, it := range pl.Pending {
		assert.Equal(t, 4, it.Anchor)
	}
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonReplaced, pl.Cancelled[0].Reason)
	assert.Equal(t, before.Pending[0].Key, pl.Cancelled[0].Item.Key)
}
