package followup_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yearEndCalendar is an Oslo desk open weekdays 08:00–16:00 with
// Norwegian holidays (25–26 December, 1 January), closed on Christmas Eve
// and open 08:00–12:00 on New Year's Eve 2026, covering first to last.
func yearEndCalendar(t testing.TB, first, last int) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(calendar.Closed(calendar.Date{Year: 2026, Month: time.December, Day: 24}),
			calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.December, Day: 31}, Hours: calendar.MustParseHours("08:00-12:00")}),
		calendar.WithYears(first, last))
	require.NoError(t, err)
	return c
}

// rangePlanners returns planners for rules on the 2026 calendar and on the
// 2026–2027 one.
func rangePlanners(t testing.TB, rules followup.Rules) (short, long *followup.Planner) {
	t.Helper()
	short, err := followup.NewPlanner(rules, yearEndCalendar(t, 2026, 2026))
	require.NoError(t, err)
	long, err = followup.NewPlanner(rules, yearEndCalendar(t, 2026, 2027))
	require.NoError(t, err)
	return short, long
}

// planBoth plans events at now with both planners, checks the Sweeper
// gives the same plans, and returns them.
func planBoth(t *testing.T, short, long *followup.Planner, events []ticket.Event, now time.Time) (followup.Plan, followup.Plan) {
	t.Helper()
	a, err := short.Plan(events, now)
	require.NoError(t, err)
	b, err := long.Plan(events, now)
	require.NoError(t, err)
	sa, err := short.Sweeper().Plan(events, now)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(a, sa), "the Sweeper's plan differs:\n%+v\n%+v", a, sa)
	return a, b
}

func keysOf(items []followup.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key
	}
	return out
}

func without(items []followup.Item, keys []string) []followup.Item {
	var out []followup.Item
	for _, it := range items {
		if !slices.Contains(keys, it.Key) {
			out = append(out, it)
		}
	}
	return out
}

var rangeEnd = rfc("2027-01-01T00:00:00+01:00")

// TestNudgesPastTheCalendarsYears: on Sunday 20 December 2026 a ticket
// goes pending under "remind after 1 business day, again after 5, solve
// after 10" on a calendar that covers 2026 only. The open time left in the
// year (21–23, 28–30 December, and 08:00–12:00 on the 31st; the 24th is
// closed, the 25th and 26th holidays) is 52 hours: the reminders plan as
// on a calendar covering 2027 too, the solve (7 January 2027 12:00 there)
// is out of range, at the range's end, never due, not the wake-up, and a
// customer reply cancels it.
func TestNudgesPastTheCalendarsYears(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "waiting", Nudges: []followup.Nudge{
		{After: followup.Business(8 * time.Hour)}, {After: followup.Business(40 * time.Hour)},
		{After: followup.Business(80 * time.Hour), Action: followup.ActionSolve}}}})
	h := newHist(t, rfc("2026-12-18T15:00:00+01:00"), ticket.Created{})
	h.reply(rfc("2026-12-18T15:10:00+01:00"), ingrid)
	h.status(rfc("2026-12-20T10:00:00+01:00"), ticket.StatusPending)

	a, b := planBoth(t, short, long, h.events, rfc("2026-12-20T10:00:00+01:00"))
	assert.Equal(t, []string{"nudge@2026-12-21T16:00:00+01:00", "nudge@2026-12-29T16:00:00+01:00",
		"auto_solve@2027-01-07T12:00:00+01:00"}, osloAts(b.Pending))
	assert.Equal(t, b.Pending[:2], a.Pending, "the reminders plan as on the longer calendar")
	require.Len(t, a.OutOfRange, 1)
	solve := a.OutOfRange[0]
	assert.Equal(t, b.Pending[2].Key, solve.Key, "the same key")
	assert.Equal(t, followup.KindAutoSolve, solve.Kind)
	assert.Equal(t, 3, solve.Step)
	assert.True(t, solve.OutOfRange)
	assert.True(t, solve.At.Equal(rangeEnd), "At is the range's end: %v", solve.At)
	assert.False(t, b.Pending[2].OutOfRange)
	assert.True(t, a.NextWakeUp.Equal(rfc("2026-12-21T16:00:00+01:00")))
	assert.Equal(t, b.NextWakeUp, a.NextWakeUp)
	assert.Equal(t, "auto_solve beyond the business hours' range (counted to 2027-01-01T00:00:00+01:00): step 3 after the ticket went pending at event #4, rule \"waiting\", for ola", solve.String())

	// On the 30th both reminders are due; nothing in range is left to wake for.
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-30T09:00:00+01:00"))
	assert.Equal(t, b.Due, a.Due)
	assert.Equal(t, []string{"nudge@2026-12-21T16:00:00+01:00", "nudge@2026-12-29T16:00:00+01:00"}, osloAts(a.Due))
	assert.Empty(t, a.Pending)
	assert.Equal(t, []string{solve.Key}, keysOf(a.OutOfRange))
	assert.True(t, a.NextWakeUp.IsZero(), "no wake-up at the range's end: %v", a.NextWakeUp)
	assert.True(t, b.NextWakeUp.Equal(rfc("2027-01-07T12:00:00+01:00")))

	// Past the range's end, and past the instant the longer calendar
	// gives, the solve is still not due.
	a, b = planBoth(t, short, long, h.events, rfc("2027-01-08T09:00:00+01:00"))
	assert.Equal(t, []string{"nudge@2026-12-21T16:00:00+01:00", "nudge@2026-12-29T16:00:00+01:00"}, osloAts(a.Due))
	assert.Equal(t, []string{solve.Key}, keysOf(a.OutOfRange))
	assert.Contains(t, keysOf(b.Due), solve.Key)
	assert.True(t, a.NextWakeUp.IsZero())

	// The customer's reply is recorded and cancels the solve.
	h.reply(rfc("2026-12-30T10:00:00+01:00"), ola)
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-30T10:00:00+01:00"))
	assert.Empty(t, a.OutOfRange)
	assert.Empty(t, a.Pending)
	require.Len(t, a.Cancelled, 1)
	require.Len(t, b.Cancelled, 1)
	c := a.Cancelled[0]
	assert.Equal(t, solve.Key, c.Item.Key)
	assert.Equal(t, b.Cancelled[0].Item.Key, c.Item.Key)
	assert.True(t, c.Item.OutOfRange)
	assert.Equal(t, followup.ReasonCustomerReply, c.Reason)
	assert.Equal(t, 5, c.By.Seq)
	assert.Equal(t, "auto_solve beyond the business hours' range (counted to 2027-01-01T00:00:00+01:00) cancelled by event #5 (message): customer_reply", c.String())
}

// TestNudgesAcrossDSTPastTheYears: pending from Friday 23 October 2026,
// the day before clocks go back: a wall-clock step 72 hours later is
// Monday 26 October 11:00 (CET), a step of 400 business hours runs past
// 2026 (376 are left), and the solve after it, 80 days on the wall clock
// (11 January 2027 11:00 CET, an hour earlier on the clock than it was
// set), is out of range with it: a step is never before the one before it.
func TestNudgesAcrossDSTPastTheYears(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "waiting", Nudges: []followup.Nudge{
		{After: followup.Wall(72 * time.Hour)}, {After: followup.Business(400 * time.Hour)},
		{After: followup.Wall(80 * 24 * time.Hour), Action: followup.ActionSolve}}}})
	h := newHist(t, rfc("2026-10-23T11:00:00+02:00"), ticket.Created{})
	h.status(rfc("2026-10-23T12:00:00+02:00"), ticket.StatusPending)
	a, b := planBoth(t, short, long, h.events, rfc("2026-10-23T12:00:00+02:00"))
	assert.Equal(t, []string{"nudge@2026-10-26T11:00:00+01:00", "nudge@2027-01-06T16:00:00+01:00",
		"auto_solve@2027-01-11T11:00:00+01:00"}, osloAts(b.Pending))
	assert.Equal(t, b.Pending[:1], a.Pending)
	assert.Equal(t, keysOf(b.Pending[1:]), keysOf(a.OutOfRange))
	assert.Equal(t, []bool{true, true}, []bool{a.OutOfRange[0].OutOfRange, a.OutOfRange[1].OutOfRange})
	assert.True(t, a.OutOfRange[0].At.Equal(rangeEnd))
	assert.True(t, a.NextWakeUp.Equal(rfc("2026-10-26T11:00:00+01:00")))

	a, _ = planBoth(t, short, long, h.events, rfc("2027-03-01T12:00:00+01:00"))
	assert.Equal(t, []string{"nudge@2026-10-26T11:00:00+01:00"}, osloAts(a.Due))
	assert.Len(t, a.OutOfRange, 2)
	assert.True(t, a.NextWakeUp.IsZero())
}

// TestCadencePastTheYears: status updates every 4 business hours from
// Wednesday 30 December 2026 10:00 are promised at 14:00 and on the 31st
// at 10:00; the 31st closes at 12:00 and the year with it, so the third
// promise is out of range: Updates has no Next then, nothing wakes for it,
// and solving the ticket cancels it.
func TestCadencePastTheYears(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "outage", Match: followup.Match{TagsAny: []string{"outage"}},
		Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 4 * time.Hour}}, Business: true}}})
	h := newHist(t, rfc("2026-12-30T10:00:00+01:00"), ticket.Created{Tags: []string{"outage"}})

	a, b := planBoth(t, short, long, h.events, rfc("2026-12-31T11:00:00+01:00"))
	assert.Equal(t, []string{"status_update@2026-12-30T14:00:00+01:00", "status_update@2026-12-31T10:00:00+01:00"}, osloAts(a.Due))
	assert.Equal(t, b.Due, a.Due)
	assert.Equal(t, b.Updates, a.Updates, "the oldest promise is overdue on both")
	assert.True(t, a.Updates.Overdue)
	assert.Empty(t, a.Pending)
	assert.Equal(t, []string{"status_update@2027-01-04T10:00:00+01:00"}, osloAts(b.Pending))
	assert.Equal(t, keysOf(b.Pending), keysOf(a.OutOfRange))
	assert.Equal(t, 3, a.OutOfRange[0].Step)
	assert.True(t, a.OutOfRange[0].At.Equal(rangeEnd))
	assert.True(t, a.NextWakeUp.IsZero())

	// An update keeps the missed promises; the next is out of range.
	h.reply(rfc("2026-12-31T11:30:00+01:00"), ingrid)
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-31T11:30:00+01:00"))
	assert.Empty(t, a.Due)
	assert.True(t, b.Updates.Next.Equal(rfc("2027-01-04T10:00:00+01:00")))
	assert.Equal(t, followup.Updates{Active: true, PhaseStart: rfc("2026-12-30T10:00:00+01:00"), PhaseSeq: 1,
		LastUpdate: rfc("2026-12-31T11:30:00+01:00"), LastSeq: 2, Stage: 1, OutOfRange: true}, a.Updates)
	assert.Equal(t, keysOf(b.Pending), keysOf(a.OutOfRange))
	assert.True(t, a.NextWakeUp.IsZero())

	// Still never due in January.
	a, _ = planBoth(t, short, long, h.events, rfc("2027-01-05T10:00:00+01:00"))
	assert.Empty(t, a.Due)
	assert.Len(t, a.OutOfRange, 1)

	h.status(rfc("2026-12-31T11:45:00+01:00"), ticket.StatusSolved)
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-31T11:45:00+01:00"))
	assert.Empty(t, a.OutOfRange)
	require.Len(t, a.Cancelled, 1)
	assert.Equal(t, b.Cancelled[0].Item.Key, a.Cancelled[0].Item.Key)
	assert.True(t, a.Cancelled[0].Item.OutOfRange)
	assert.Equal(t, followup.ReasonSolved, a.Cancelled[0].Reason)
}

// TestPersonalFlagPastTheYears: a flag raised on 30 December 2026 09:00
// with 16 business hours to answer (11 are left in the year) has no due
// time on the 2026 calendar: its reminders, on either clock, are out of
// range with it, and the update that lowers the flag cancels them all.
func TestPersonalFlagPastTheYears(t *testing.T) {
	short, long := rangePlanners(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Business(16 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour), followup.Business(4 * time.Hour)}}})
	h := newHist(t, rfc("2026-12-30T09:00:00+01:00"), ticket.Created{})
	a, b := planBoth(t, short, long, h.events, rfc("2026-12-30T09:00:00+01:00"))
	assert.Equal(t, []string{"reminder@2027-01-04T09:00:00+01:00", "reminder@2027-01-04T12:00:00+01:00",
		"reminder@2027-01-04T13:00:00+01:00"}, osloAts(b.Pending))
	assert.Empty(t, a.Pending)
	assert.ElementsMatch(t, keysOf(b.Pending), keysOf(a.OutOfRange))
	for _, it := range a.OutOfRange {
		assert.True(t, it.OutOfRange)
		assert.True(t, it.At.Equal(rangeEnd), "%v", it)
	}
	assert.True(t, a.NextWakeUp.IsZero())

	h.reply(rfc("2026-12-31T10:00:00+01:00"), ingrid)
	a, b = planBoth(t, short, long, h.events, rfc("2026-12-31T10:00:00+01:00"))
	assert.Empty(t, a.OutOfRange)
	assert.ElementsMatch(t, keysOf(b.Pending), nil)
	var got, want []string
	for _, c := range a.Cancelled {
		assert.True(t, c.Item.OutOfRange)
		assert.Equal(t, followup.ReasonAnswered, c.Reason)
		got = append(got, c.Item.Key)
	}
	for _, c := range b.Cancelled {
		want = append(want, c.Item.Key)
	}
	assert.ElementsMatch(t, want, got)
	assert.Len(t, got, 3)
}

// TestDateRemindersOutsideTheYears: an agent-set follow-up date's business
// reminder is out of range when it counts back from past the calendar's
// end (the 2026 calendar knows nothing of 4–5 January 2027), and when it
// counts back past the calendar's start from a date set before it; counted
// back past the start from a date set inside the range, it lies before the
// date was set and is at that instant, as on a calendar of more years.
// Wall-clock reminders plan as ever.
func TestDateRemindersOutsideTheYears(t *testing.T) {
	rules := followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Business(8 * time.Hour), followup.Wall(24 * time.Hour)}}}
	short, long := rangePlanners(t, rules)

	h := newHist(t, rfc("2026-12-21T10:00:00+01:00"), ticket.Created{})
	h.do(h.tk.SetFollowUp(rfc("2026-12-21T10:05:00+01:00"), ingrid, ticket.FollowUpSet{Due: rfc("2027-01-05T10:00:00+01:00"), Note: "call Ola"}))
	a, b := planBoth(t, short, long, h.events, rfc("2026-12-21T10:05:00+01:00"))
	assert.Equal(t, []string{"reminder@2027-01-04T10:00:00+01:00", "reminder@2027-01-04T10:00:00+01:00",
		"reminder@2027-01-05T10:00:00+01:00"}, osloAts(b.Pending))
	var bizKey string
	for _, it := range b.Pending {
		if it.Step == 1 {
			bizKey = it.Key
		}
	}
	assert.Equal(t, []string{bizKey}, keysOf(a.OutOfRange))
	assert.Equal(t, without(b.Pending, []string{bizKey}), a.Pending)
	assert.Equal(t, b.NextWakeUp, a.NextWakeUp)
	// In January the wall-clock reminders are due; the business one never.
	a, _ = planBoth(t, short, long, h.events, rfc("2027-01-05T10:00:00+01:00"))
	assert.Equal(t, []string{"reminder@2027-01-04T10:00:00+01:00", "reminder@2027-01-05T10:00:00+01:00"}, osloAts(a.Due))
	assert.Equal(t, []string{bizKey}, keysOf(a.OutOfRange))

	// Back past the start: the 2026 calendar and one covering 2025–2026.
	early, err := followup.NewPlanner(rules, yearEndCalendar(t, 2026, 2026))
	require.NoError(t, err)
	wide, err := followup.NewPlanner(rules, yearEndCalendar(t, 2025, 2026))
	require.NoError(t, err)
	inside := newHist(t, rfc("2026-01-02T08:30:00+01:00"), ticket.Created{})
	inside.do(inside.tk.SetFollowUp(rfc("2026-01-02T09:00:00+01:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-01-02T10:00:00+01:00")}))
	pa := inside.plan(early, rfc("2026-01-02T09:00:00+01:00"))
	pb := inside.plan(wide, rfc("2026-01-02T09:00:00+01:00"))
	assert.Empty(t, pa.OutOfRange)
	assert.Equal(t, pb, pa)
	assert.Equal(t, []string{"reminder@2026-01-02T09:00:00+01:00", "reminder@2026-01-02T09:00:00+01:00"}, osloAts(pa.Due))

	before := newHist(t, rfc("2025-12-30T09:00:00+01:00"), ticket.Created{})
	before.do(before.tk.SetFollowUp(rfc("2025-12-30T09:30:00+01:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-01-02T10:00:00+01:00")}))
	pa = before.plan(early, rfc("2025-12-30T09:30:00+01:00"))
	require.Len(t, pa.OutOfRange, 1)
	assert.Equal(t, 1, pa.OutOfRange[0].Step)
	assert.True(t, pa.OutOfRange[0].At.Equal(rfc("2026-01-01T00:00:00+01:00")), "At is the range's start: %v", pa.OutOfRange[0].At)
	assert.Equal(t, []string{"reminder@2026-01-01T10:00:00+01:00", "reminder@2026-01-02T10:00:00+01:00"}, osloAts(pa.Pending))
	pb = before.plan(wide, rfc("2025-12-30T09:30:00+01:00"))
	assert.Equal(t, []string{"reminder@2025-12-31T10:00:00+01:00", "reminder@2026-01-01T10:00:00+01:00",
		"reminder@2026-01-02T10:00:00+01:00"}, osloAts(pb.Pending))
}

// TestOutOfRangeAgainstLongerCalendar plans seeded random histories that
// start in the last fortnight of 2026 under the property rules, on the
// calendar covering 2026 and on one covering 2026–2027, at instants before
// the end of 2026. Every item the short calendar places is the longer
// one's, in the same list with the same instant; every item it cannot
// place is live on the longer one with an instant at or after the end of
// 2026 (a reminder counted back from a due time in 2027, a date's, or a
// personal flag's where not both count business time, may lie before
// it), and flagged; NextWakeUp is the longer calendar's unless that is an item out
// of range, and never the range's end.
func TestOutOfRangeAgainstLongerCalendar(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 12))
	checked, out := 0, 0
	for i := range samples(300, 5000) {
		rules := propRules(r)
		short, long := rangePlanners(t, rules)
		events, now := randomHistoryOf(t, r, r.IntN(3) == 0)
		events, now = intoDecember(r, events, now, 17, 10)
		if !now.Before(rangeEnd) {
			continue
		}
		checked++
		a, b := planBoth(t, short, long, events, now)
		lists := func(pl followup.Plan) map[string]followup.Item {
			m := map[string]followup.Item{}
			for _, it := range pl.Due {
				m["due "+it.Key] = it
			}
			for _, it := range pl.Pending {
				m["pending "+it.Key] = it
			}
			for _, c := range pl.Cancelled {
				m["cancelled "+c.Item.Key] = c.Item
			}
			for _, s := range pl.Skipped {
				m["skipped "+s.Item.Key] = s.Item
			}
			return m
		}
		la, lb := lists(a), lists(b)
		var outKeys []string
		unknown := false // a reminder the short calendar cannot place may be due, and supersede, on the longer one
		for _, it := range a.OutOfRange {
			unknown = unknown || unknownReminder(rules, it)
			outKeys = append(outKeys, it.Key)
			require.True(t, it.OutOfRange, "sample %d", i)
			bi, ok := lb["pending "+it.Key]
			if !ok {
				bi, ok = lb["due "+it.Key] // a reminder before a due time in 2027
				require.True(t, ok && unknownReminder(rules, it), "sample %d: %v not live on the longer calendar", i, it)
			}
			require.True(t, !bi.At.Before(rangeEnd) || unknownReminder(rules, it), "sample %d: %v is %v on the longer calendar", i, it, bi)
		}
		out += len(outKeys)
		for k, it := range la {
			if it.OutOfRange {
				require.Contains(t, k, "cancelled ", "sample %d", i)
				continue
			}
			if it.Kind == followup.KindReminder && unknown {
				continue
			}
			bi, ok := lb[k]
			require.True(t, ok, "sample %d: %s missing on the longer calendar", i, k)
			bi.OutOfRange = false
			require.Equal(t, bi, it, "sample %d: %s", i, k)
		}
		for k, it := range lb {
			if slices.Contains(outKeys, it.Key) || it.Kind == followup.KindReminder && unknown {
				continue
			}
			if _, ok := la[k]; !ok {
				require.True(t, k[:len("cancelled ")] == "cancelled ", "sample %d: %s only on the longer calendar", i, k)
			}
		}
		require.False(t, a.NextWakeUp.Equal(rangeEnd), "sample %d", i)
		if !a.NextWakeUp.IsZero() {
			require.True(t, a.NextWakeUp.After(now), "sample %d", i)
		}
		if len(outKeys) == 0 {
			require.Equal(t, b.NextWakeUp, a.NextWakeUp, "sample %d", i)
			require.Equal(t, b.Updates, a.Updates, "sample %d", i)
		}
	}
	require.Greater(t, checked, samples(300, 5000)/3)
	require.Positive(t, out, "no sample ran out of the range")
}

// intoDecember moves a history and the instant it is planned at so that
// the history starts on a random day from 2026-12-<first>, on one of days
// days, near the end of the 2026 calendar.
func intoDecember(r *rand.Rand, events []ticket.Event, now time.Time, first, days int) ([]ticket.Event, time.Time) {
	shift := time.Date(2026, time.December, first+r.IntN(days), 0, 0, 0, 0, time.UTC).Sub(events[0].At.Truncate(24 * time.Hour))
	return shiftEvents(events, shift), now.Add(shift)
}

// shiftEvents returns the events moved by d.
func shiftEvents(events []ticket.Event, d time.Duration) []ticket.Event {
	out := slices.Clone(events)
	for i := range out {
		out[i].At = out[i].At.Add(d)
		switch e := out[i].Data.(type) {
		case ticket.Snoozed:
			if !e.Until.IsZero() {
				e.Until = e.Until.Add(d)
			}
			out[i].Data = e
		case ticket.FollowUpSet:
			e.Due = e.Due.Add(d)
			out[i].Data = e
		}
	}
	return out
}

// TestSweeperOutOfRange plans seeded random histories of late December
// 2026 on the 2026 calendar with one Sweeper, ticket after ticket, at
// instants before and after the range's end: every plan equals the
// Planner's, out-of-range lists included, and a plan without a wake-up
// stays the same weeks later (nothing out of range ever comes due).
func TestSweeperOutOfRange(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 12))
	short, _ := rangePlanners(t, propRules(r))
	sw := short.Sweeper()
	out := 0
	for i := range samples(200, 3000) {
		events, now := randomHistoryOf(t, r, r.IntN(3) == 0)
		events, now = intoDecember(r, events, now, 20, 10)
		for _, at := range []time.Time{now, now.Add(10 * 24 * time.Hour)} {
			want, err := short.Plan(events, at)
			require.NoError(t, err)
			got, err := sw.Plan(events, at)
			require.NoError(t, err)
			require.True(t, reflect.DeepEqual(want, got), "sample %d at %v:\n%+v\n%+v", i, at, want, got)
			out += len(got.OutOfRange)
			for _, it := range got.Due {
				require.False(t, it.OutOfRange, "sample %d", i)
			}
			if want.NextWakeUp.IsZero() { // nothing out of range comes due later
				later, err := short.Plan(events, at.Add(40*24*time.Hour))
				require.NoError(t, err)
				require.True(t, reflect.DeepEqual(want, later), "sample %d: plan changed without a wake-up:\n%+v\n%+v", i, want, later)
			}
		}
	}
	require.Positive(t, out)
}
