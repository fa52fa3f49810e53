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

// TestPersonalFlagLoweredCancelsReminders: the update that lowers a
// personal flag makes its reminders still to come moot; they are listed as
// cancelled by that update.
func TestPersonalFlagLoweredCancelsReminders(t *testing.T) {
	p := planner(t, followup.Rules{{
		Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour)},
	}})
	h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-06-01T12:30:00+02:00"), ingrid)
	pl := h.plan(p, rfc("2026-06-01T12:30:00+02:00"))
	assert.Empty(t, pl.Pending)
	assert.Empty(t, pl.Due, "the flag is lowered")
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, rfc("2026-06-01T13:00:00+02:00"), pl.Cancelled[0].Item.At)
	assert.Equal(t, ticket.TypeMessage, pl.Cancelled[0].By.Type())
	assert.Equal(t, followup.ReasonAnswered, pl.Cancelled[0].Reason)
	assert.Equal(t, 0, pl.Cancelled[0].Item.Step, "the reminder at the due time")
}

// TestBusinessOffsetBeyondCalendar: a business offset the calendar's years
// cannot hold (the test calendar ends with 2035) is a typed error, not a
// follow-up due at once; wall-time offsets on the same ticket still plan.
func TestBusinessOffsetBeyondCalendar(t *testing.T) {
	solve := []followup.Nudge{{After: followup.Business(8 * time.Hour), Action: followup.ActionSolve}}
	h := newHist(t, rfc("2036-06-02T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2036-06-02T09:10:00+02:00"), ingrid)
	h.status(rfc("2036-06-02T09:20:00+02:00"), ticket.StatusPending)
	_, err := planner(t, followup.Rules{{Name: "all", Nudges: solve}}).Plan(h.events, rfc("2036-06-02T09:20:00+02:00"))
	require.ErrorIs(t, err, followup.ErrOutOfHours)
	var he *followup.HoursError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 8*time.Hour, he.Offset)
	assert.True(t, rfc("2036-06-02T09:20:00+02:00").Equal(he.From))

	solve[0].After.Business = false
	pl := h.plan(planner(t, followup.Rules{{Name: "all", Nudges: solve}}), rfc("2036-06-02T09:20:00+02:00"))
	assert.Equal(t, []string{"auto_solve@2036-06-02T17:20:00+02:00"}, osloAts(pl.Pending))
}
