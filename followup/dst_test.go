package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
)

// TestCadenceDST plans cadences with no update across daylight-saving
// changes and Norwegian holidays in Oslo: every promise since the phase
// start is due, and the next one pending. Wall time is counted on the time
// line; business time on a desk open weekdays 08–16.
func TestCadenceDST(t *testing.T) {
	tests := []struct {
		name     string
		start    string
		every    time.Duration
		business bool
		now      string
		due      []string
		pending  string
	}{
		{
			name: "wall, the night clocks go back", start: "2026-10-24T23:05:00+02:00", every: 2 * time.Hour,
			now:     "2026-10-25T04:05:00+01:00",
			due:     []string{"2026-10-25T01:05:00+02:00", "2026-10-25T02:05:00+01:00", "2026-10-25T04:05:00+01:00"},
			pending: "2026-10-25T06:05:00+01:00",
		},
		{
			name: "wall, the night clocks go forward", start: "2026-03-28T23:30:00+01:00", every: 2 * time.Hour,
			now:     "2026-03-29T06:00:00+02:00",
			due:     []string{"2026-03-29T01:30:00+01:00", "2026-03-29T04:30:00+02:00"},
			pending: "2026-03-29T06:30:00+02:00",
		},
		{
			name: "business, over the spring change and Easter", start: "2026-03-27T14:00:00+01:00", every: 4 * time.Hour, business: true,
			now: "2026-04-07T12:00:00+02:00",
			due: []string{
				"2026-03-30T10:00:00+02:00", "2026-03-30T14:00:00+02:00", "2026-03-31T10:00:00+02:00", "2026-03-31T14:00:00+02:00",
				"2026-04-01T10:00:00+02:00", "2026-04-01T14:00:00+02:00", "2026-04-07T10:00:00+02:00", // Maundy Thursday to Easter Monday closed
			},
			pending: "2026-04-07T14:00:00+02:00",
		},
		{
			name: "business, Ascension Day and Constitution Day", start: "2026-05-13T15:00:00+02:00", every: 8 * time.Hour, business: true,
			now:     "2026-05-19T09:00:00+02:00",
			due:     []string{"2026-05-15T15:00:00+02:00", "2026-05-18T15:00:00+02:00"},
			pending: "2026-05-19T15:00:00+02:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := followup.Rules{{Name: "c", Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: tt.every}}, Business: tt.business}}}
			p := planner(t, rules)
			h := newHist(t, rfc(tt.start), ticket.Created{})
			pl := h.plan(p, rfc(tt.now))
			var due []string
			for _, it := range pl.Due {
				due = append(due, it.At.In(oslo).Format(time.RFC3339))
			}
			assert.Equal(t, tt.due, due)
			if assert.Len(t, pl.Pending, 1) {
				assert.Equal(t, tt.pending, pl.Pending[0].At.In(oslo).Format(time.RFC3339))
				assert.Equal(t, pl.Pending[0].At, pl.NextWakeUp)
			}
			assert.True(t, pl.Updates.Overdue)
			assert.Equal(t, tt.due[0], pl.Updates.Next.In(oslo).Format(time.RFC3339))
		})
	}
}
