package followup_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
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

// TestNothingChangesBeforeNextWakeUp evaluates random plans at every
// instant where something could change (each listed instant, one
// nanosecond either side, and grace ends) between now and NextWakeUp:
// the plan must stay the same strictly before NextWakeUp.
func TestNothingChangesBeforeNextWakeUp(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 20))
	for i := range samples(60, 3000) {
		rules, p, events, now, pl := randomPlan(t, r)
		wake := pl.NextWakeUp
		if wake.IsZero() {
			wake = now.Add(60 * 24 * time.Hour)
		}
		var probes []time.Time
		add := func(at time.Time) {
			for _, d := range []time.Duration{-1, 0, 1} {
				if u := at.Add(d); u.After(now) && u.Before(wake) {
					probes = append(probes, u)
				}
			}
		}
		var grace time.Duration
		for _, rule := range rules {
			grace = max(grace, rule.CatchUp.Grace)
		}
		for _, it := range append(slices.Clone(pl.Due), pl.Pending...) {
			add(it.At)
			add(it.At.Add(grace))
		}
		for _, c := range pl.Cancelled {
			add(c.Item.At)
		}
		for k := int64(1); k < 16; k++ {
			add(now.Add(time.Duration(int64(wake.Sub(now)) / 16 * k)))
		}
		for _, at := range probes {
			mid, err := p.Plan(events, at)
			require.NoError(t, err)
			require.True(t, reflect.DeepEqual(pl, mid), "sample %d: plan at %v differs from plan at %v (NextWakeUp %v)", i, at, now, pl.NextWakeUp)
		}
	}
}

// TestNudgesRestartWhenTheRuleChanges: a pending ticket that starts to
// match another rule ends the first rule's nudges (listed as cancelled)
// and starts the new rule's from the change, under new keys: a key acted
// on never names another rule's step.
func TestNudgesRestartWhenTheRuleChanges(t *testing.T) {
	p := planner(t, followup.Rules{
		{Name: "vip", Match: followup.Match{TagsAny: []string{"vip"}}, Nudges: []followup.Nudge{
			{After: followup.Wall(8 * time.Hour)}, {After: followup.Wall(24 * time.Hour), Action: followup.ActionSolve},
		}},
		{Name: "rest", Nudges: []followup.Nudge{
			{After: followup.Wall(3 * time.Hour)}, {After: followup.Wall(9 * time.Hour), Action: followup.ActionSolve},
		}},
	})
	h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-06-01T09:10:00+02:00"), ingrid)
	h.status(rfc("2026-06-01T10:00:00+02:00"), ticket.StatusPending)
	before := h.plan(p, rfc("2026-06-01T13:30:00+02:00"))
	require.Equal(t, []string{"nudge@2026-06-01T13:00:00+02:00"}, osloAts(before.Due))
	require.Equal(t, []string{"auto_solve@2026-06-01T19:00:00+02:00"}, osloAts(before.Pending))

	h.do(h.tk.Tag(rfc("2026-06-01T14:00:00+02:00"), ingrid, []string{"vip"}, nil))
	pl := h.plan(p, rfc("2026-06-01T14:00:00+02:00"))
	assert.Equal(t, "vip", pl.Rule)
	assert.Empty(t, pl.Due)
	assert.Equal(t, []string{"nudge@2026-06-01T22:00:00+02:00", "auto_solve@2026-06-02T14:00:00+02:00"}, osloAts(pl.Pending))
	require.Len(t, pl.Cancelled, 1)
	assert.Equal(t, followup.ReasonRuleChanged, pl.Cancelled[0].Reason)
	assert.Equal(t, before.Pending[0].Key, pl.Cancelled[0].Item.Key)
	for _, it := range pl.Pending {
		assert.NotEqual(t, before.Due[0].Key, it.Key)
		assert.NotEqual(t, before.Pending[0].Key, it.Key)
	}
}

// TestKeysNameOneFollowUp plans every prefix of seeded random histories: a
// key seen in one plan's due or pending items names the same follow-up
// (kind, step, instant) in every later plan, except a snooze's wake-up
// moved early by a reply, so a caller acting on each key once neither
// skips nor repeats one.
func TestKeysNameOneFollowUp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 33))
	for i := range samples(100, 3000) {
		p := planner(t, propRules(r))
		events, now := randomHistory(t, r)
		seen := map[string]followup.Item{}
		for n := 1; n <= len(events); n++ {
			at := events[n-1].At
			if n == len(events) {
				at = now
			}
			pl, err := p.Plan(events[:n], at)
			require.NoError(t, err)
			for _, it := range append(slices.Clone(pl.Due), pl.Pending...) {
				if old, ok := seen[it.Key]; ok {
					require.Equal(t, old.Kind, it.Kind, "sample %d: %s", i, it.Key)
					require.Equal(t, old.Step, it.Step, "sample %d: %s", i, it.Key)
					require.True(t, old.At.Equal(it.At) || it.Cause != 0, "sample %d: key %s was %v, then %v", i, it.Key, old, it)
				}
				seen[it.Key] = it
			}
		}
	}
}

// TestUncoveredFirstMatchWins: a case type that an earlier rule without a
// follow-up mode matches first never reaches a later rule with one, so it
// is uncovered.
func TestUncoveredFirstMatchWins(t *testing.T) {
	rules := followup.Rules{
		{Name: "waiting", Match: followup.Match{Channels: []ticket.Channel{ticket.ChannelEmail}}, Nudges: []followup.Nudge{{After: followup.Wall(time.Hour)}}},
		{Name: "billing", Match: followup.Match{Categories: []string{"billing"}}, Personal: &followup.Personal{After: followup.Wall(time.Hour)}},
	}
	email := followup.CaseType{Category: "billing", Channel: ticket.ChannelEmail, Priority: ticket.PriorityNormal}
	web := followup.CaseType{Category: "billing", Channel: ticket.ChannelWeb, Priority: ticket.PriorityNormal}
	assert.Equal(t, []followup.CaseType{email}, rules.Uncovered([]followup.CaseType{email, web}))
}

// TestNilCalendarIsNoHours: a nil *calendar.Calendar passed as the hours is
// refused like no hours when the table counts business time, instead of
// panicking in the first plan, and is harmless when it does not.
func TestNilCalendarIsNoHours(t *testing.T) {
	var c *calendar.Calendar
	business := followup.Rules{{Name: "all", Nudges: []followup.Nudge{{After: followup.Business(time.Hour)}}}}
	_, err := followup.NewPlanner(business, c)
	require.ErrorIs(t, err, followup.ErrNoHours)

	wall := followup.Rules{{Name: "all", Nudges: []followup.Nudge{{After: followup.Wall(time.Hour)}}}}
	p, err := followup.NewPlanner(wall, c)
	require.NoError(t, err)
	h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
	h.status(rfc("2026-06-01T09:20:00+02:00"), ticket.StatusPending)
	assert.Equal(t, []string{"nudge@2026-06-01T10:20:00+02:00"}, osloAts(h.plan(p, rfc("2026-06-01T09:20:00+02:00")).Pending))
}
