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
// cannot hold (the test calendar ends with 2035) makes no follow-up due at
// once and fails nothing: the auto-solve is out of range, at the instant
// the calendar's Add returned (the pending start, past the range), never
// due however late the plan; wall-time offsets on the same ticket plan.
func TestBusinessOffsetBeyondCalendar(t *testing.T) {
	solve := []followup.Nudge{{After: followup.Business(8 * time.Hour), Action: followup.ActionSolve}}
	h := newHist(t, rfc("2036-06-02T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2036-06-02T09:10:00+02:00"), ingrid)
	h.status(rfc("2036-06-02T09:20:00+02:00"), ticket.StatusPending)
	p := planner(t, followup.Rules{{Name: "all", Nudges: solve}})
	for _, now := range []string{"2036-06-02T09:20:00+02:00", "2036-06-02T17:20:00+02:00", "2037-06-02T09:20:00+02:00"} {
		pl := h.plan(p, rfc(now))
		assert.Empty(t, pl.Due, now)
		assert.Empty(t, pl.Pending, now)
		assert.True(t, pl.NextWakeUp.IsZero(), now)
		require.Len(t, pl.OutOfRange, 1, now)
		it := pl.OutOfRange[0]
		assert.True(t, it.OutOfRange)
		assert.Equal(t, followup.KindAutoSolve, it.Kind)
		assert.Equal(t, 1, it.Step)
		assert.True(t, it.At.Equal(rfc("2036-06-02T09:20:00+02:00")), "At is what the calendar's Add returned: %v", it.At)
	}

	solve[0].After.Business = false
	pl := h.plan(planner(t, followup.Rules{{Name: "all", Nudges: solve}}), rfc("2036-06-02T09:20:00+02:00"))
	assert.Equal(t, []string{"auto_solve@2036-06-02T17:20:00+02:00"}, osloAts(pl.Pending))
	assert.Empty(t, pl.OutOfRange)
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

// TestEarlyUpdateKeepsThePromise: on a fixed grid from 18:05 every 10
// minutes, an update posted at 18:14 keeps the 18:15 promise and the next
// is 18:25; a second update in the same interval keeps nothing more; an
// update after 18:15 keeps 18:25; a late update keeps the overdue promise
// and the grid goes on from it; an early update on the last promise of a
// stage moves to the next stage's interval.
func TestEarlyUpdateKeepsThePromise(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h.reply(rfc("2026-06-09T18:14:00+02:00"), ingrid)
	pl := h.plan(p, rfc("2026-06-09T18:15:00+02:00"))
	assert.Empty(t, pl.Due, "the 18:14 update kept the 18:15 promise")
	assert.False(t, pl.Updates.Overdue)
	assert.Equal(t, rfc("2026-06-09T18:25:00+02:00"), pl.Updates.Next, "Next update: 18:25")
	assert.Equal(t, []string{"status_update@2026-06-09T18:25:00+02:00"}, osloAts(pl.Pending))
	assert.Equal(t, rfc("2026-06-09T18:25:00+02:00"), pl.NextWakeUp)
	assert.Equal(t, 2, pl.Pending[0].Step, "the second promise")

	h.reply(rfc("2026-06-09T18:14:30+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T18:15:00+02:00"))
	assert.Equal(t, rfc("2026-06-09T18:25:00+02:00"), pl.Updates.Next, "a second update in the same interval keeps nothing more")

	h.reply(rfc("2026-06-09T18:16:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T18:26:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, rfc("2026-06-09T18:35:00+02:00"), pl.Updates.Next, "18:16 lies in the 18:25 promise's interval")

	// 18:35 is missed; the late update at 18:38 keeps it, and 18:45 is next
	pl = h.plan(p, rfc("2026-06-09T18:37:00+02:00"))
	assert.True(t, pl.Updates.Overdue)
	assert.Equal(t, []string{"status_update@2026-06-09T18:35:00+02:00"}, osloAts(pl.Due))
	h.reply(rfc("2026-06-09T18:38:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T18:38:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, rfc("2026-06-09T18:45:00+02:00"), pl.Updates.Next)

	// 19:05 is the last promise of the first stage: kept early at 19:01, the
	// next lies one stage-two interval later
	h.reply(rfc("2026-06-09T18:45:00+02:00"), ingrid)
	h.reply(rfc("2026-06-09T18:55:00+02:00"), ingrid)
	h.reply(rfc("2026-06-09T19:01:00+02:00"), ingrid)
	pl = h.plan(p, rfc("2026-06-09T19:10:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, rfc("2026-06-09T19:35:00+02:00"), pl.Updates.Next)
	assert.Equal(t, 2, pl.Updates.Stage, "the second stage")
}

// TestEarlyUpdateInBusinessTime: a cadence in business time on the 08–16
// desk, every 2 business hours from Friday 13:00; an update at 14:50 keeps
// the 15:00 promise and the next lies on Monday at 09:00.
func TestEarlyUpdateInBusinessTime(t *testing.T) {
	rules := outageRules()
	rules[0].Cadence = &followup.Cadence{Stages: []followup.Stage{{Every: 2 * time.Hour}}, Business: true}
	p := planner(t, rules)
	h := newHist(t, rfc("2026-06-05T13:00:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h.reply(rfc("2026-06-05T14:50:00+02:00"), ingrid)
	pl := h.plan(p, rfc("2026-06-05T15:30:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, rfc("2026-06-08T09:00:00+02:00"), pl.Updates.Next)
}

// TestNudgesMixClocks: "remind after 1 business day, auto-solve after 7
// calendar days" is a valid table; each step counts on its own clock. When
// a business step lands after the wall step that follows it (a long
// weekend), the later step waits for it, as a tag-guarded automation does.
func TestNudgesMixClocks(t *testing.T) {
	day := 8 * time.Hour
	p := planner(t, followup.Rules{{Name: "waiting", Nudges: []followup.Nudge{
		{After: followup.Business(day)}, {After: followup.Wall(7 * 24 * time.Hour), Action: followup.ActionSolve},
	}}})
	h := newHist(t, rfc("2026-05-13T09:00:00+02:00"), ticket.Created{}) // the day before Ascension Day
	h.reply(rfc("2026-05-13T09:30:00+02:00"), ingrid)
	h.status(rfc("2026-05-13T10:00:00+02:00"), ticket.StatusPending)
	pl := h.plan(p, rfc("2026-05-13T10:00:00+02:00"))
	assert.Equal(t, []string{
		"nudge@2026-05-15T10:00:00+02:00",      // Wed 10–16, Ascension Day closed, Fri 08–10
		"auto_solve@2026-05-20T10:00:00+02:00", // 7 × 24 hours
	}, osloAts(pl.Pending))

	// a business step longer than the wall step after it is refused…
	err := followup.Rules{{Name: "x", Nudges: []followup.Nudge{{After: followup.Business(2 * day)}, {After: followup.Wall(day)}}}}.Validate()
	var re *followup.RuleError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Nudges[1].After", re.Field)
	// …a wall step longer than a business step is not, and a business step may follow a longer wall step
	require.NoError(t, followup.Rules{{Name: "x", Nudges: []followup.Nudge{{After: followup.Wall(24 * time.Hour)}, {After: followup.Business(2 * day)}}}}.Validate())

	// 16 business hours from Friday 10:00 is Tuesday 10:00, after the wall
	// step at Saturday 06:00: the solve waits for the reminder
	p = planner(t, followup.Rules{{Name: "waiting", Nudges: []followup.Nudge{
		{After: followup.Business(2 * day)}, {After: followup.Wall(20 * time.Hour), Action: followup.ActionSolve},
	}}})
	h = newHist(t, rfc("2026-06-05T09:00:00+02:00"), ticket.Created{})
	h.reply(rfc("2026-06-05T09:30:00+02:00"), ingrid)
	h.status(rfc("2026-06-05T10:00:00+02:00"), ticket.StatusPending)
	pl = h.plan(p, rfc("2026-06-06T07:00:00+02:00"))
	assert.Empty(t, pl.Due)
	assert.Equal(t, []string{"nudge@2026-06-09T10:00:00+02:00", "auto_solve@2026-06-09T10:00:00+02:00"}, osloAts(pl.Pending))
	assert.Equal(t, []int{1, 2}, []int{pl.Pending[0].Step, pl.Pending[1].Step})
}

// TestReminderAtTheDueTime: a reminder offset of 0 is the reminder at the
// due time, which a flag always has: listing it is valid and adds no second
// one; two zero offsets repeat each other.
func TestReminderAtTheDueTime(t *testing.T) {
	for _, reminders := range [][]followup.Offset{{followup.Wall(0)}, {followup.Wall(time.Hour), followup.Business(0)}} {
		p := planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)}, Reminders: reminders}})
		h := newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{})
		pl := h.plan(p, rfc("2026-06-01T09:00:00+02:00"))
		want := []string{"reminder@2026-06-01T13:00:00+02:00"}
		if len(reminders) == 2 {
			want = []string{"reminder@2026-06-01T12:00:00+02:00", "reminder@2026-06-01T13:00:00+02:00"}
		}
		assert.Equal(t, want, osloAts(pl.Pending), "%v", reminders)
		assert.Equal(t, 0, pl.Pending[len(pl.Pending)-1].Step, "the reminder at the due time")
	}
	err := followup.Rules{{Name: "x", Reminders: []followup.Offset{followup.Wall(0), followup.Business(0)}}}.Validate()
	var re *followup.RuleError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Reminders[1]", re.Field)
}

// TestCatchUpMax: the number of missed occurrences of one obligation a
// plan lists as due is configurable; the older ones are skipped as too
// many, in one run for a cadence and one by one for reminders.
func TestCatchUpMax(t *testing.T) {
	rules := outageRules()
	rules[0].CatchUp = followup.CatchUp{Max: 3}
	p := planner(t, rules)
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	pl := h.plan(p, rfc("2026-06-09T19:00:00+02:00"))
	assert.Equal(t, []string{"status_update@2026-06-09T18:35:00+02:00", "status_update@2026-06-09T18:45:00+02:00",
		"status_update@2026-06-09T18:55:00+02:00"}, osloAts(pl.Due))
	require.Len(t, pl.Skipped, 1)
	assert.Equal(t, followup.ReasonTooMany, pl.Skipped[0].Reason)
	assert.Equal(t, int64(2), pl.Skipped[0].Count)
	assert.Equal(t, rfc("2026-06-09T18:15:00+02:00"), pl.Skipped[0].First)
	assert.Equal(t, rfc("2026-06-09T18:25:00+02:00"), pl.Skipped[0].Item.At)

	// the default lists the latest 100 and says how many it skipped
	p = planner(t, outageRules())
	pl = h.plan(p, rfc("2026-06-30T18:05:00+02:00"))
	assert.Len(t, pl.Due, followup.DefaultCatchUpMax)
	require.Len(t, pl.Skipped, 1)
	assert.Equal(t, followup.ReasonTooMany, pl.Skipped[0].Reason)
	assert.Equal(t, int64(6+6+250-followup.DefaultCatchUpMax), pl.Skipped[0].Count)

	p = planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(4 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(2 * time.Hour), followup.Wall(time.Hour)}, CatchUp: followup.CatchUp{Max: 1}}})
	pl = newHist(t, rfc("2026-06-01T09:00:00+02:00"), ticket.Created{}).plan(p, rfc("2026-06-01T14:00:00+02:00"))
	assert.Equal(t, []string{"reminder@2026-06-01T13:00:00+02:00"}, osloAts(pl.Due))
	require.Len(t, pl.Skipped, 2)
	for _, s := range pl.Skipped {
		assert.Equal(t, followup.ReasonTooMany, s.Reason)
	}

	for _, bad := range []int{-1, followup.MaxCatchUpMax + 1} {
		err := followup.Rules{{Name: "x", CatchUp: followup.CatchUp{Max: bad}}}.Validate()
		var re *followup.RuleError
		require.ErrorAs(t, err, &re, "%d", bad)
		assert.Equal(t, "CatchUp.Max", re.Field)
	}
}

// TestStagesCountFromOne: stages are numbered from 1, as promises (Step)
// are and as a desk says them: the first stage's promises are stage 1, the
// zero value means no stage (an item that is not a status update).
func TestStagesCountFromOne(t *testing.T) {
	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	pl := h.plan(p, rfc("2026-06-09T19:40:00+02:00"))
	var stages []int
	for _, it := range pl.Due {
		stages = append(stages, it.Stage)
	}
	assert.Equal(t, []int{1, 1, 1, 1, 1, 1, 2}, stages, "18:15 … 19:05 in the first stage, 19:35 in the second")
	assert.Equal(t, 1, pl.Updates.Stage, "the oldest unkept promise, 18:15")
	assert.Equal(t, 1, pl.Due[0].Step)
	assert.Contains(t, pl.Due[0].String(), "promise 1 (stage 1)")
	require.Len(t, pl.Pending, 1)
	assert.Equal(t, 2, pl.Pending[0].Stage)

	p = planner(t, followup.Rules{{Name: "rare", Personal: &followup.Personal{After: followup.Wall(time.Hour)}}})
	pl = newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{}).plan(p, rfc("2026-06-09T18:05:00+02:00"))
	require.Len(t, pl.Pending, 1)
	assert.Zero(t, pl.Pending[0].Stage, "a reminder has no stage")
}

// TestNudgesDueTogetherInStepOrder: steps whose clocks cross are due at
// one instant, and a plan lists them in step order, the auto-solve last,
// also from the tenth step on (a key compared as text puts "10" before
// "9").
func TestNudgesDueTogetherInStepOrder(t *testing.T) {
	var ns []followup.Nudge
	for i := range 8 {
		ns = append(ns, followup.Nudge{After: followup.Wall(time.Duration(i+1) * time.Minute)})
	}
	// 9 business minutes from 20:00 are 08:09 the next morning; the
	// 10-minute wall step would fall at 20:10, so it is due with step 9
	ns = append(ns, followup.Nudge{After: followup.Business(9 * time.Minute)},
		followup.Nudge{After: followup.Wall(10 * time.Minute), Action: followup.ActionSolve})
	p := planner(t, followup.Rules{{Name: "w", Nudges: ns}})
	h := newHist(t, rfc("2026-06-01T20:00:00+02:00"), ticket.Created{})
	h.status(rfc("2026-06-01T20:00:00+02:00"), ticket.Status{Name: "pending", Category: ticket.StatusCategoryPending})
	pl := h.plan(p, rfc("2026-06-02T12:00:00+02:00"))
	require.Len(t, pl.Due, 10)
	for i, it := range pl.Due {
		assert.Equal(t, i+1, it.Step, "due[%d]", i)
	}
	assert.Equal(t, followup.KindAutoSolve, pl.Due[9].Kind)
	assert.True(t, pl.Due[8].At.Equal(rfc("2026-06-02T08:09:00+02:00")))
	assert.True(t, pl.Due[9].At.Equal(pl.Due[8].At))
}

// TestSweeperAfterRefusedPlans: a Sweeper that planned a ticket with a
// live phase, snooze, date, nudges and cancellations, then a history that
// does not replay, one whose business offsets run past the calendar (out
// of range), an
// empty one and a one-event one, plans each exactly as the Planner does.
func TestSweeperAfterRefusedPlans(t *testing.T) {
	rules := append(outageRules(), followup.Rule{Name: "w", Personal: &followup.Personal{After: followup.Business(16 * time.Hour)},
		Reminders: []followup.Offset{followup.Wall(time.Hour)}, Nudges: []followup.Nudge{{After: followup.Business(8 * time.Hour)}, {After: followup.Wall(48 * time.Hour), Action: followup.ActionSolve}}})
	p := planner(t, rules)
	sw := p.Sweeper()
	h1 := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h1.reply(rfc("2026-06-09T18:14:00+02:00"), ingrid)
	h1.do(h1.tk.Snooze(rfc("2026-06-09T18:20:00+02:00"), ingrid, rfc("2026-06-09T20:00:00+02:00")))
	h1.do(h1.tk.SetFollowUp(rfc("2026-06-09T18:21:00+02:00"), ingrid, ticket.FollowUpSet{Due: rfc("2026-06-10T10:00:00+02:00"), Note: "x"}))
	h1.do(h1.tk.Tag(rfc("2026-06-09T18:30:00+02:00"), ingrid, nil, []string{"outage"}))
	h1.status(rfc("2026-06-09T18:31:00+02:00"), ticket.Status{Name: "pending", Category: ticket.StatusCategoryPending})
	h2 := newHist(t, rfc("2035-12-31T10:00:00+01:00"), ticket.Created{}) // business offsets past the calendar
	h2.status(rfc("2035-12-31T10:00:00+01:00"), ticket.Status{Name: "pending", Category: ticket.StatusCategoryPending})
	bad := append([]ticket.Event(nil), h1.events...)
	bad[2], bad[3] = bad[3], bad[2]
	pl2, err := p.Plan(h2.events, rfc("2035-12-31T10:00:00+01:00"))
	require.NoError(t, err)
	require.NotEmpty(t, pl2.OutOfRange)
	_, err = p.Plan(bad, rfc("2026-06-09T18:31:00+02:00"))
	require.ErrorIs(t, err, followup.ErrInvalidHistory)
	for _, now := range []string{"2026-06-09T18:31:00+02:00", "2026-06-12T18:31:00+02:00"} {
		for _, evs := range [][]ticket.Event{h1.events, bad, h1.events, h2.events, nil, h1.events, h1.events[:1], h1.events} {
			want, werr := p.Plan(evs, rfc(now))
			got, gerr := sw.Plan(evs, rfc(now))
			require.Equal(t, werr, gerr)
			require.True(t, reflect.DeepEqual(want, got), "at %s:\n%+v\n%+v", now, want, got)
		}
	}
}
