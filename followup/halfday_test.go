package followup_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHalfDayEasterAndDST plans a personal flag, an agent-set date and
// pending nudges on an Oslo desk open weekdays 08–16 with Norwegian
// holidays and a half day (08–12) on Wednesday 1 April 2026, the day
// before Easter's holidays (Maundy Thursday to Easter Monday, 2–6 April).
// Every instant is computed by hand in the comments.
func TestHalfDayEasterAndDST(t *testing.T) {
	hours, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.April, Day: 1}, Hours: calendar.MustParseHours("08:00-12:00")}),
		calendar.WithYears(2020, 2035))
	require.NoError(t, err)
	rules := followup.Rules{
		{Name: "rare", Match: followup.Match{Categories: []string{"rare"}},
			Personal:  &followup.Personal{After: followup.Business(16 * time.Hour)},
			Reminders: []followup.Offset{followup.Business(4 * time.Hour), followup.Wall(24 * time.Hour)}},
		{Name: "rest", Reminders: []followup.Offset{followup.Business(4 * time.Hour), followup.Wall(24 * time.Hour)},
			Nudges: []followup.Nudge{{After: followup.Business(8 * time.Hour)}, {After: followup.Wall(72 * time.Hour), Action: followup.ActionSolve}}},
	}
	p, err := followup.NewPlanner(rules, hours)
	require.NoError(t, err)
	at := func(items []followup.Item) []string {
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.At.In(oslo).Format(time.RFC3339)
		}
		return out
	}

	t.Run("personal flag", func(t *testing.T) {
		// Raised Tuesday 31 March 14:00: 2h that day, 4h on the half day,
		// none from Maundy Thursday to Easter Monday, 8h on Tuesday 7
		// April (14h), 2h more on Wednesday 8 April: due 10:00. Four
		// business hours before: Wednesday 08–10 and Tuesday 14–16, so
		// Tuesday 14:00; 24 hours before: Tuesday 10:00.
		h := newHist(t, rfc("2026-03-31T14:00:00+02:00"), ticket.Created{Category: "rare"})
		pl, err := p.Plan(h.events, rfc("2026-04-07T12:00:00+02:00"))
		require.NoError(t, err)
		assert.Equal(t, []string{"2026-04-07T10:00:00+02:00"}, at(pl.Due))
		assert.Equal(t, 2, pl.Due[0].Step)
		assert.Equal(t, []string{"2026-04-07T14:00:00+02:00", "2026-04-08T10:00:00+02:00"}, at(pl.Pending))
		assert.Equal(t, []int{1, 0}, []int{pl.Pending[0].Step, pl.Pending[1].Step})
		assert.True(t, pl.NextWakeUp.Equal(rfc("2026-04-07T14:00:00+02:00")))
	})

	t.Run("date set on the half day", func(t *testing.T) {
		// Set Wednesday 1 April 09:00, due 15:00, after the half day's
		// close: four business hours before is 08:00 (08–12), 24 hours
		// before is Tuesday 15:00, both before the date was set, so both
		// are due when it is set; the due time stays 15:00.
		h := newHist(t, rfc("2026-03-31T09:00:00+02:00"), ticket.Created{})
		h.do(h.tk.SetFollowUp(rfc("2026-04-01T09:00:00+02:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-04-01T15:00:00+02:00")}))
		pl, err := p.Plan(h.events, rfc("2026-04-01T09:00:00+02:00"))
		require.NoError(t, err)
		assert.Equal(t, []string{"2026-04-01T09:00:00+02:00", "2026-04-01T09:00:00+02:00"}, at(pl.Due))
		assert.Equal(t, []int{1, 2}, []int{pl.Due[0].Step, pl.Due[1].Step})
		assert.Equal(t, []string{"2026-04-01T15:00:00+02:00"}, at(pl.Pending))
	})

	t.Run("nudges over the spring change", func(t *testing.T) {
		// Pending Friday 27 March 11:00 CET: 5 business hours that day, 3
		// on Monday 30 March, so the reminder is due Monday 11:00 CEST;
		// 72 hours on the time line after 10:00Z is Monday 10:00Z, 12:00
		// CEST, one hour later on the desk's clock than the pending
		// started, as clocks went forward on Sunday 29 March.
		h := newHist(t, rfc("2026-03-27T10:00:00+01:00"), ticket.Created{})
		h.status(rfc("2026-03-27T11:00:00+01:00"), ticket.StatusPending)
		pl, err := p.Plan(h.events, rfc("2026-03-30T11:30:00+02:00"))
		require.NoError(t, err)
		assert.Equal(t, []string{"2026-03-30T11:00:00+02:00"}, at(pl.Due))
		assert.Equal(t, []string{"2026-03-30T12:00:00+02:00"}, at(pl.Pending))
		assert.Equal(t, followup.KindAutoSolve, pl.Pending[0].Kind)
	})
}
