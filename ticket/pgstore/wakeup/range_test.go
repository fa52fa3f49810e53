package wakeup_test

import (
	"context"
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAppendNearTheCalendarsEnd: a desk whose calendar covers 2026–2027
// puts a ticket in pending on Monday 20 December 2027 under "remind after
// 1 business day, solve after 10": the solve lies past the calendar's
// years. Every append succeeds, the customer's reply included; the
// wake-up is the reminder's instant, never the calendar's end; the sweep
// fires the reminder alone and retires the wake-up, and nothing fires for
// the solve in January.
func TestAppendNearTheCalendarsEnd(t *testing.T) {
	ctx := context.Background()
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	hs, err := calendar.HolidaysFor("NO")
	require.NoError(t, err)
	desk, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(hs...), calendar.WithYears(2026, 2027))
	require.NoError(t, err)
	planner, err := followup.NewPlanner(followup.Rules{{Name: "waiting", Nudges: []followup.Nudge{
		{After: followup.Business(8 * time.Hour)}, {After: followup.Business(80 * time.Hour), Action: followup.ActionSolve}}}}, desk)
	require.NoError(t, err)

	pool := withEffects(t, 10)
	start := time.Date(2027, time.December, 20, 9, 0, 0, 0, oslo)
	clock := newClock(start)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.Policies, c.Planner = nil, planner })
	id := tid("calendar-end", 1)
	pending := []ticket.Event{create(id, start, ticket.PriorityNormal), reply(id, 2, start),
		status(id, 3, start.Add(time.Hour), ticket.StatusNew, ticket.StatusPending)}
	clock.Set(start.Add(time.Hour))
	require.NoError(t, appendTx(ctx, pool, s, id, 0, pending...))

	pl, err := planner.Plan(pending, start.Add(time.Hour))
	require.NoError(t, err)
	require.Len(t, pl.OutOfRange, 1, "the solve lies past the calendar")
	reminder := time.Date(2027, time.December, 21, 10, 0, 0, 0, oslo)
	due, state, ok := wakeupRow(t, pool, id)
	require.True(t, ok)
	assert.True(t, due.Equal(reminder), "the reminder's instant: %v", due)
	assert.Equal(t, "scheduled", state)

	newClient(t, pool, s, clock, 4)
	clock.Set(reminder.Add(time.Second))
	eventually(t, 30*time.Second, "the reminder to fire and the wake-up to retire", func() bool {
		tick(clock)
		_, _, ok := wakeupRow(t, pool, id)
		return !ok
	})
	rec.mu.Lock()
	require.Len(t, rec.calls, 1)
	assert.Equal(t, pl.Pending[0].Key, rec.calls[0].key)
	assert.True(t, rec.calls[0].due.Equal(reminder))
	rec.mu.Unlock()

	// The customer's reply on the 29th is recorded; nothing is left to wake for.
	at := time.Date(2027, time.December, 29, 12, 0, 0, 0, oslo)
	clock.Set(at)
	answer := ticket.Event{TicketID: id, Seq: 4, At: at, Actor: ticket.Customer("ola"),
		Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "Here it is."}}
	require.NoError(t, appendTx(ctx, pool, s, id, 3, answer))
	_, _, ok = wakeupRow(t, pool, id)
	assert.False(t, ok)

	// Without the reply, in January, the solve still never fires.
	id2 := tid("calendar-end", 2)
	for i := range pending {
		pending[i].TicketID = id2
	}
	clock.Set(start.Add(time.Hour))
	require.NoError(t, appendTx(ctx, pool, s, id2, 0, pending...))
	clock.Set(time.Date(2028, time.January, 10, 9, 0, 0, 0, oslo))
	eventually(t, 30*time.Second, "the second ticket's reminder to fire", func() bool {
		tick(clock)
		_, _, ok := wakeupRow(t, pool, id2)
		return !ok
	})
	for range 5 {
		tick(clock)
	}
	var keys []string
	for _, l := range readLedger(t, pool) {
		keys = append(keys, l.source+" "+l.key)
	}
	assert.ElementsMatch(t, []string{"followup " + pl.Pending[0].Key, "followup " + id2.String() + "/nudges/3/1"}, keys)
}
