package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnsweredFlagStaysCancelled: a personal flag raised at 09:00 (due
// after 4 hours, 13:00, reminded an hour before, 12:00) is lowered by the
// agent's reply at 10:00, which cancels both reminders (ReasonAnswered,
// by event #2). Solving the ticket at 10:30, or setting it pending, ends
// the phase but cancels nothing more: the flag's reminders stay listed as
// cancelled by the answer, the latest obligation of their source.
func TestAnsweredFlagStaysCancelled(t *testing.T) {
	p := planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour)}}})
	for _, then := range []ticket.Status{ticket.StatusSolved, ticket.StatusPending} {
		t.Run(string(then.Category), func(t *testing.T) {
			h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
			h.reply(rfc("2026-06-01T10:00:00+02:00"), ingrid)
			before := h.plan(p, rfc("2026-06-01T10:00:00+02:00"))
			h.status(rfc("2026-06-01T10:30:00+02:00"), then)
			pl := h.plan(p, rfc("2026-06-01T11:00:00+02:00"))
			require.Len(t, pl.Cancelled, 2)
			assert.Equal(t, before.Cancelled, pl.Cancelled)
			for i, want := range []string{"2026-06-01T12:00:00+02:00", "2026-06-01T13:00:00+02:00"} {
				c := pl.Cancelled[i]
				assert.Equal(t, want, c.Item.At.In(oslo).Format(time.RFC3339))
				assert.Equal(t, followup.ReasonAnswered, c.Reason)
				assert.Equal(t, 2, c.By.Seq)
			}
			assert.Empty(t, pl.Due)
			assert.Empty(t, pl.Pending)
		})
	}
}
