package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAutoReplyIsNotACustomerReply: an out-of-office answer sent
// automatically on the requester's side neither cancels pending nudges nor
// wakes a snooze.
func TestAutoReplyIsNotACustomerReply(t *testing.T) {
	p := planner(t, followup.Rules{{Name: "all", Nudges: []followup.Nudge{{After: followup.Wall(24 * time.Hour)}}}})
	h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-06-01T09:10:00+02:00"), ingrid)
	h.do(h.tk.Snooze(rfc("2026-06-01T09:15:00+02:00"), ingrid, rfc("2026-06-05T09:00:00+02:00")))
	h.status(rfc("2026-06-01T09:20:00+02:00"), ticket.StatusPending)
	h.do(h.tk.Reply(rfc("2026-06-01T09:21:00+02:00"), ola, ticket.Message{Public: true, Automated: true, Body: "out of office"}))
	require.Equal(t, ticket.StatusCategoryPending, h.tk.Status.Category, "the auto-reply does not reopen")
	pl := h.plan(p, rfc("2026-06-01T09:21:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Empty(t, pl.Cancelled)
	assert.Equal(t, []string{"nudge@2026-06-02T09:20:00+02:00", "wake_up@2026-06-05T09:00:00+02:00"}, osloAts(pl.Pending))
}
