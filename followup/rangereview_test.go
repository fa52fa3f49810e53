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

// TestPersonalRemindersBeforeTheEnd: a flag raised on Tuesday 29 December
// 2026 09:00 with 24 business hours to answer is due on 4 January 2027
// 13:00 (19 hours are left in 2026), past the 2026 calendar. Its reminder
// 8 business hours before, 16 business hours after the flag went up, lies
// in the range, on 31 December at 09:00, and is pending and then due there
// as on a calendar covering 2027 too, as is the one 9 business hours
// before, at the opening (08:00 on the 31st) after the 15th business
// hour, which ends at closing time on the 30th; the reminder 5 business hours before
// lies at the range's last closing instant on the 2026 calendar, which
// knows no opening after it (the longer calendar's 4 January 08:00), and
// the wall-clock reminder an hour before the due time has no instant: both
// are out of range with the due time.
func TestPersonalRemindersBeforeTheEnd(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Business(24 * time.Hour)},
		Reminders: []followup.Offset{followup.Business(9 * time.Hour), followup.Business(8 * time.Hour), followup.Business(5 * time.Hour), followup.Wall(time.Hour)}}})
	h := newHist(t, rfc("2026-12-29T09:00:00+01:00"), ticket.Created{})
	a, b := planBoth(t, short, long, h.events, rfc("2026-12-29T09:00:00+01:00"))
	assert.Equal(t, []string{"reminder@2026-12-31T08:00:00+01:00", "reminder@2026-12-31T09:00:00+01:00", "reminder@2027-01-04T08:00:00+01:00",
		"reminder@2027-01-04T12:00:00+01:00", "reminder@2027-01-04T13:00:00+01:00"}, osloAts(b.Pending))
	assert.Equal(t, b.Pending[:2], a.Pending)
	assert.True(t, a.NextWakeUp.Equal(rfc("2026-12-31T08:00:00+01:00")), "%v", a.NextWakeUp)
	assert.ElementsMatch(t, keysOf(b.Pending[2:]), keysOf(a.OutOfRange))
	for _, it := range a.OutOfRange {
		assert.True(t, it.OutOfRange)
	}

	a, b = planBoth(t, short, long, h.events, rfc("2026-12-31T10:00:00+01:00"))
	assert.Equal(t, b.Due, a.Due)
	assert.Equal(t, []string{"reminder@2026-12-31T08:00:00+01:00", "reminder@2026-12-31T09:00:00+01:00"}, osloAts(a.Due))
	assert.Equal(t, []int{1, 2}, []int{a.Due[0].Step, a.Due[1].Step})
	assert.Len(t, a.OutOfRange, 3)
	assert.True(t, a.NextWakeUp.IsZero())

	// An update before the reminder cancels it, as on the longer calendar.
	h.reply(rfc("2026-12-30T10:00:00+01:00"), ingrid)
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-30T10:00:00+01:00"))
	require.Len(t, a.Cancelled, 5)
	assert.Equal(t, b.Cancelled[:2], a.Cancelled[:2])
	assert.False(t, a.Cancelled[1].Item.OutOfRange)
}
