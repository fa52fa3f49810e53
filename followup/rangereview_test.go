package followup_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReminderBackPastBothEnds: a follow-up date on 1 June 2027, set on
// 5 January 2026, with a reminder 2,100 business hours before it (more
// than the whole of 2026 holds). On a 2026–2027 calendar the reminder
// lies in May 2026; the 2026 calendar knows no open time between its end
// and the date, so it cannot place the reminder at all: it is out of
// range, not due at once at the instant the date was set (where counting
// back from the range's end past its start would put it).
func TestReminderBackPastBothEnds(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Business(2100 * time.Hour)}}})
	h := newHist(t, rfc("2026-01-05T09:00:00+01:00"), ticket.Created{})
	h.do(h.tk.SetFollowUp(rfc("2026-01-05T09:30:00+01:00"), ingrid, ticket.FollowUpSet{Due: rfc("2027-06-01T10:00:00+02:00")}))
	now := rfc("2026-01-05T09:30:00+01:00")
	a, b := planBoth(t, short, long, h.events, now)
	require.Len(t, b.Pending, 2)
	assert.True(t, b.Pending[0].At.After(rfc("2026-05-01T00:00:00+02:00")), "the longer calendar's reminder: %v", b.Pending[0])
	assert.Empty(t, a.Due, "nothing is due on the 2026 calendar")
	require.Len(t, a.OutOfRange, 1)
	assert.Equal(t, b.Pending[0].Key, a.OutOfRange[0].Key)
	assert.Equal(t, 1, a.OutOfRange[0].Step)
	assert.Equal(t, []string{"reminder@2027-06-01T10:00:00+02:00"}, osloAts(a.Pending))
	assert.True(t, a.NextWakeUp.Equal(rfc("2027-06-01T10:00:00+02:00")), "%v", a.NextWakeUp)
}
