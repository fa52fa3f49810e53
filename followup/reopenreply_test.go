package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReplyThatReopensLowersTheFlag: a personal flag (due 4 hours after
// the phase start, reminded an hour before) on a ticket created at 09:00,
// answered and set pending by the agent in one action at 09:30. At 12:00
// the ticket leaves pending, which starts a new phase and raises a new
// flag, due 16:00, reminded 15:00:
//   - when the requester's reply reopens it, the owner must get back: at
//     17:00 both reminders are due;
//   - when the agent's reply submitted as open reopens it (the message,
//     then the status change, at one instant by one actor), the owner has
//     just got back to the requester: that reply is the new phase's first
//     update, and no reminder is ever due; the same holds from solved.
func TestReplyThatReopensLowersTheFlag(t *testing.T) {
	p := planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour)}}})
	start := func(t *testing.T, via ticket.Status) *hist {
		h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
		return h.do(h.tk.ReplyWithStatus(rfc("2026-06-01T09:30:00+02:00"), ingrid, ticket.Message{Public: true, Body: "…"}, via))
	}

	t.Run("requester's reply", func(t *testing.T) {
		h := start(t, ticket.StatusPending)
		h.reply(rfc("2026-06-01T12:00:00+02:00"), ola)
		require.Equal(t, ticket.StatusCategoryOpen, h.tk.Status.Category)
		pl := h.plan(p, rfc("2026-06-01T17:00:00+02:00"))
		assert.Equal(t, []string{"reminder@2026-06-01T15:00:00+02:00", "reminder@2026-06-01T16:00:00+02:00"}, osloAts(pl.Due))
	})
	for _, via := range []ticket.Status{ticket.StatusPending, ticket.StatusSolved} {
		t.Run("agent's reply from "+string(via.Category), func(t *testing.T) {
			h := start(t, via)
			h.do(h.tk.ReplyWithStatus(rfc("2026-06-01T12:00:00+02:00"), ingrid, ticket.Message{Public: true, Body: "…"}, ticket.StatusOpen))
			require.Equal(t, ticket.StatusCategoryOpen, h.tk.Status.Category)
			for _, now := range []string{"2026-06-01T12:00:00+02:00", "2026-06-01T17:00:00+02:00"} {
				pl := h.plan(p, rfc(now))
				assert.Empty(t, pl.Due, now)
				assert.Empty(t, pl.Pending, now)
				assert.True(t, pl.NextWakeUp.IsZero(), now)
			}
		})
	}
}
