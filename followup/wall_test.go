package followup_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

// shiftMonotonic returns t (which must carry a monotonic clock reading, as
// time.Now's do) with its monotonic reading moved by d and its wall clock
// unchanged: what two readings of time.Now show across a step of the wall
// clock.
func shiftMonotonic(t time.Time, d time.Duration) time.Time {
	type timeLayout struct { // time.Time's fields; ext is the monotonic reading
		wall uint64
		ext  int64
		loc  *time.Location
	}
	(*timeLayout)(unsafe.Pointer(&t)).ext += int64(d)
	return t
}

// steppedClock makes instants as time.Now reads them across steps of the
// wall clock: at(wall, mono) reads wall after the first instant on the wall
// clock and mono after it on the monotonic one.
type steppedClock struct {
	first time.Time // from time.Now
}

func newSteppedClock(t *testing.T) steppedClock {
	c := steppedClock{first: time.Now()}
	require.True(t, c.first != c.first.Round(0), "time.Now carries a monotonic reading")
	return c
}

func (c steppedClock) at(wall, mono time.Duration) time.Time {
	return shiftMonotonic(c.first.Add(wall), mono-wall)
}

// rel returns how long after the first instant t is on the wall clock, ""
// for the zero time.
func (c steppedClock) rel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Round(0).Sub(c.first.Round(0)).String()
}

// items returns kind/step@offset for each item, the offset read on the
// wall clock from the first instant.
func (c steppedClock) items(items []followup.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s/%d@%s", it.Kind, it.Step, c.rel(it.At))
	}
	return out
}

func (c steppedClock) skips(skips []followup.Skip) []string {
	out := make([]string, len(skips))
	for i, s := range skips {
		out[i] = fmt.Sprintf("%s/%d@%s×%d:%s", s.Item.Kind, s.Item.Step, c.rel(s.Item.At), s.Count, s.Reason)
	}
	return out
}

func (c steppedClock) cancels(cs []followup.Cancelled) []string {
	out := make([]string, len(cs))
	for i, x := range cs {
		out[i] = fmt.Sprintf("%s/%d@%s by #%d:%s", x.Item.Kind, x.Item.Step, c.rel(x.Item.At), x.By.Seq, x.Reason)
	}
	return out
}

// planWall plans events at now, in process with their monotonic readings
// (with Planner.Plan and a Sweeper) and as a store gives them back (after
// a round trip through JSON, which keeps wall clocks only, and with
// now.Round(0)), requires the three plans to be the same, and returns it.
func planWall(t *testing.T, p *followup.Planner, events []ticket.Event, now time.Time) followup.Plan {
	t.Helper()
	b, err := json.Marshal(events)
	require.NoError(t, err)
	stored, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	want, err := p.Plan(stored, now.Round(0))
	require.NoError(t, err, "read back from storage")
	got, err := p.Plan(events, now)
	require.NoError(t, err, "in process")
	swept, err := p.Sweeper().Plan(events, now)
	require.NoError(t, err, "swept in process")
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(got)
	require.NoError(t, err)
	sweptJSON, err := json.Marshal(swept)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(gotJSON), "in process and read back from storage")
	assert.JSONEq(t, string(wantJSON), string(sweptJSON), "swept in process and read back from storage")
	return got
}

// TestWallClockInstants: a plan reads instants on their wall clocks, as
// ticket orders a history and a store keeps it. A history made with
// time.Now across steps of the wall clock, planned at a now from time.Now,
// plans as the same history read back from storage, wherever a plan
// compares instants: now with the last event, events with the caller's
// instants (snooze ends, follow-up dates), promises, reminders and nudges
// with now and with the events that cancel them, a cadence's elapsed time,
// the catch-up grace and Max, the next wake-up and the order of the lists.
func TestWallClockInstants(t *testing.T) {
	t.Run("now after the last event", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all", Nudges: []followup.Nudge{{After: followup.Wall(time.Hour)}}}})
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.reply(c.at(10*time.Minute, 10*time.Minute), ingrid)
		h.status(c.at(20*time.Minute, 20*time.Minute), ticket.StatusPending)

		// a minute after the last event on the wall clock, five minutes
		// before it on the monotonic one
		now := c.at(21*time.Minute, 15*time.Minute)
		require.True(t, now.Before(h.tk.UpdatedAt), "the monotonic readings order them the other way")
		pl := planWall(t, p, h.events, now)
		assert.Equal(t, []string{"nudge/1@1h20m0s"}, c.items(pl.Pending))
		assert.Equal(t, "1h20m0s", c.rel(pl.NextWakeUp))

		// a minute before it on the wall clock, five after on the
		// monotonic one: refused, as the stored history refuses it
		now = c.at(19*time.Minute, 25*time.Minute)
		require.True(t, now.After(h.tk.UpdatedAt))
		for _, n := range []time.Time{now, now.Round(0)} {
			_, err := p.Plan(h.events, n)
			require.ErrorIs(t, err, followup.ErrInvalidInstant)
			var ie *followup.InstantError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "20m0s", c.rel(ie.Last))
		}
	})

	t.Run("snooze end against now", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all"}})
		until := c.at(2*time.Hour, 2*time.Hour)
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.Snooze(c.at(time.Minute, time.Minute), ingrid, until))

		// past the snooze on the wall clock, not on the monotonic one: due
		now := c.at(2*time.Hour+time.Minute, time.Hour)
		require.True(t, until.After(now))
		pl := planWall(t, p, h.events, now)
		assert.Equal(t, []string{"wake_up/1@2h0m0s"}, c.items(pl.Due))
		assert.Empty(t, pl.Pending)
		assert.True(t, pl.NextWakeUp.IsZero())

		// before it on the wall clock, past it on the monotonic one: pending
		now = c.at(2*time.Hour-time.Minute, 3*time.Hour)
		require.True(t, now.After(until))
		pl = planWall(t, p, h.events, now)
		assert.Empty(t, pl.Due)
		assert.Equal(t, []string{"wake_up/1@2h0m0s"}, c.items(pl.Pending))
		assert.Equal(t, "2h0m0s", c.rel(pl.NextWakeUp))
	})

	t.Run("snooze end against a reply and a solve", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all"}})
		until := c.at(2*time.Hour, 2*time.Hour)
		// the reply comes after the snooze ended on the wall clock, before
		// it on the monotonic one: the snooze woke at its end, not early
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.Snooze(c.at(time.Minute, time.Minute), ingrid, until))
		h.reply(c.at(3*time.Hour, time.Hour), ola)
		require.True(t, h.events[len(h.events)-1].At.Before(until))
		now := c.at(3*time.Hour+time.Minute, time.Hour+time.Minute)
		pl := planWall(t, p, h.events, now)
		require.Len(t, pl.Due, 1)
		assert.Equal(t, "wake_up/1@2h0m0s", c.items(pl.Due)[0])
		assert.Zero(t, pl.Due[0].Cause, "not woken by the reply")
		assert.Empty(t, pl.Cancelled)

		// solved after the snooze ended on the wall clock: the wake-up
		// was not cancelled by the solve
		h = newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.Snooze(c.at(time.Minute, time.Minute), ingrid, until))
		h.status(c.at(3*time.Hour, time.Hour), ticket.StatusSolved)
		pl = planWall(t, p, h.events, now)
		assert.Empty(t, pl.Due)
		assert.Empty(t, pl.Cancelled)

		// solved before it on the wall clock, after it on the monotonic
		// one: cancelled
		h = newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.Snooze(c.at(time.Minute, time.Minute), ingrid, until))
		h.status(c.at(time.Hour, 3*time.Hour), ticket.StatusSolved)
		pl = planWall(t, p, h.events, c.at(time.Hour, 3*time.Hour))
		assert.Equal(t, []string{"wake_up/1@2h0m0s by #3:solved"}, c.cancels(pl.Cancelled))
	})

	t.Run("nudges cancelled by a reply", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all", Nudges: []followup.Nudge{
			{After: followup.Wall(time.Hour)}, {After: followup.Wall(2 * time.Hour)},
		}}})
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.reply(c.at(time.Minute, time.Minute), ingrid)
		h.status(c.at(2*time.Minute, 2*time.Minute), ticket.StatusPending)
		// after the first nudge on the wall clock, before it on the
		// monotonic one: only the second was still to come
		h.reply(c.at(90*time.Minute, 30*time.Minute), ola)
		pl := planWall(t, p, h.events, c.at(91*time.Minute, 31*time.Minute))
		assert.Equal(t, []string{"nudge/2@2h2m0s by #5:customer_reply"}, c.cancels(pl.Cancelled))
		assert.Empty(t, pl.Due)
		assert.Empty(t, pl.Pending)
	})

	for _, anchor := range []followup.Anchor{followup.AnchorPhaseStart, followup.AnchorLastUpdate} {
		cadence := func(mode followup.CatchUpMode, grace time.Duration) followup.Rules {
			return followup.Rules{{
				Name: "outage", Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 10 * time.Minute}}, From: anchor},
				CatchUp: followup.CatchUp{Mode: mode, Grace: grace},
			}}
		}
		t.Run("cadence against now from "+string(anchor), func(t *testing.T) {
			c := newSteppedClock(t)
			h := newHist(t, c.at(0, 0), ticket.Created{})
			// 25 minutes into the phase on the wall clock, 15 or 45 on the
			// monotonic one
			for _, now := range []time.Time{c.at(25*time.Minute, 15*time.Minute), c.at(25*time.Minute, 45*time.Minute)} {
				pl := planWall(t, planner(t, cadence("", 0)), h.events, now)
				assert.Equal(t, []string{"status_update/1@10m0s", "status_update/2@20m0s"}, c.items(pl.Due))
				assert.Equal(t, []string{"status_update/3@30m0s"}, c.items(pl.Pending))
				assert.Equal(t, "10m0s", c.rel(pl.Updates.Next))
				assert.True(t, pl.Updates.Overdue)
				assert.Equal(t, "30m0s", c.rel(pl.NextWakeUp))

				// with a grace of 10 minutes, the promise at 10 minutes is
				// too old and the one at 20 minutes due until 30
				pl = planWall(t, planner(t, cadence(followup.CatchUpGrace, 10*time.Minute)), h.events, now)
				assert.Equal(t, []string{"status_update/2@20m0s"}, c.items(pl.Due))
				assert.Equal(t, []string{"status_update/1@10m0s×1:too_old"}, c.skips(pl.Skipped))
				assert.Equal(t, "30m0s", c.rel(pl.NextWakeUp))
			}
		})

		t.Run("cadence against an update from "+string(anchor), func(t *testing.T) {
			c := newSteppedClock(t)
			h := newHist(t, c.at(0, 0), ticket.Created{})
			// an update 24 minutes into the phase on the wall clock, 4 on
			// the monotonic one: it keeps every promise up to 24 minutes
			h.reply(c.at(24*time.Minute, 4*time.Minute), ingrid)
			pl := planWall(t, planner(t, cadence("", 0)), h.events, c.at(25*time.Minute, 25*time.Minute))
			// on the grid from the phase start, the third promise; one
			// interval after the update, the first
			promise, next := "status_update/3@30m0s", "30m0s"
			if anchor == followup.AnchorLastUpdate {
				promise, next = "status_update/1@34m0s", "34m0s"
			}
			assert.Empty(t, pl.Due)
			assert.Equal(t, []string{promise}, c.items(pl.Pending))
			assert.Equal(t, next, c.rel(pl.Updates.Next))
			assert.False(t, pl.Updates.Overdue)
			assert.Equal(t, "24m0s", c.rel(pl.Updates.LastUpdate))
		})
	}

	t.Run("catch-up grace of a follow-up date", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all", CatchUp: followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 10 * time.Minute}}})
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.SetFollowUp(c.at(time.Minute, time.Minute), ingrid, ticket.FollowUpSet{Due: c.at(time.Hour, time.Hour)}))

		// 15 minutes after the date on the wall clock, 5 on the monotonic
		// one: too old
		pl := planWall(t, p, h.events, c.at(75*time.Minute, 65*time.Minute))
		assert.Empty(t, pl.Due)
		assert.Equal(t, []string{"reminder/0@1h0m0s×1:too_old"}, c.skips(pl.Skipped))
		assert.True(t, pl.NextWakeUp.IsZero())

		// 5 minutes after it on the wall clock, 15 on the monotonic one:
		// due, until it turns too old 10 minutes after the date
		pl = planWall(t, p, h.events, c.at(65*time.Minute, 75*time.Minute))
		assert.Equal(t, []string{"reminder/0@1h0m0s"}, c.items(pl.Due))
		assert.Empty(t, pl.Skipped)
		assert.Equal(t, "1h10m0s", c.rel(pl.NextWakeUp))
	})

	t.Run("catch-up grace of a follow-up date's reminders", func(t *testing.T) {
		c := newSteppedClock(t)
		grace := followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 30 * time.Minute, Max: 1}
		p := planner(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(time.Hour)}, CatchUp: grace}})
		h := newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.SetFollowUp(c.at(time.Minute, time.Minute), ingrid, ticket.FollowUpSet{Due: c.at(2*time.Hour, 2*time.Hour)}))
		// 10 minutes past the date on the wall clock, 40 minutes before
		// it on the monotonic one: the reminder an hour before is too
		// old, the one at the date due, and the only one listed, so
		// Max does not skip it
		pl := planWall(t, p, h.events, c.at(2*time.Hour+10*time.Minute, 80*time.Minute))
		assert.Equal(t, []string{"reminder/0@2h0m0s"}, c.items(pl.Due))
		assert.Equal(t, []string{"reminder/1@1h0m0s×1:too_old"}, c.skips(pl.Skipped))
		assert.Equal(t, "2h30m0s", c.rel(pl.NextWakeUp))

		// the date set 20 minutes before it when the monotonic clock ran
		// two hours ahead: the reminder an hour before comes when the
		// date was set; both are due, and the next change is when the
		// first turns too old
		grace.Max = 0
		p = planner(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(time.Hour)}, CatchUp: grace}})
		h = newHist(t, c.at(0, 0), ticket.Created{})
		h.do(h.tk.SetFollowUp(c.at(time.Hour, 3*time.Hour), ingrid, ticket.FollowUpSet{Due: c.at(80*time.Minute, 80*time.Minute)}))
		pl = planWall(t, p, h.events, c.at(85*time.Minute, 3*time.Hour+5*time.Minute))
		assert.Equal(t, []string{"reminder/1@1h0m0s", "reminder/0@1h20m0s"}, c.items(pl.Due))
		assert.Empty(t, pl.Skipped)
		assert.Equal(t, "1h30m0s", c.rel(pl.NextWakeUp))
	})

	t.Run("catch-up latest of a follow-up date's reminders", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(90 * time.Minute)},
			CatchUp: followup.CatchUp{Mode: followup.CatchUpLatest}}})
		// the reminder at the date is the latest: it is due and the one
		// before it superseded, however the monotonic readings order them
		// and now
		for _, x := range []struct {
			set, due, now time.Time
			skipped       string
		}{
			// now before the date on the monotonic clock
			{c.at(time.Minute, time.Minute), c.at(2*time.Hour, 2*time.Hour), c.at(2*time.Hour+10*time.Minute, 80*time.Minute),
				"reminder/1@30m0s×1:superseded"},
			// set an hour in, after the date on the monotonic clock: the
			// reminder 90 minutes before the date comes when it was set
			{c.at(time.Hour, 3*time.Hour), c.at(2*time.Hour, 150*time.Minute), c.at(2*time.Hour+10*time.Minute, 3*time.Hour+10*time.Minute),
				"reminder/1@1h0m0s×1:superseded"},
		} {
			h := newHist(t, c.at(0, 0), ticket.Created{})
			h.do(h.tk.SetFollowUp(x.set, ingrid, ticket.FollowUpSet{Due: x.due}))
			pl := planWall(t, p, h.events, x.now)
			assert.Equal(t, []string{"reminder/0@2h0m0s"}, c.items(pl.Due))
			assert.Equal(t, []string{x.skipped}, c.skips(pl.Skipped))
		}
	})

	t.Run("reminders and the order of the lists", func(t *testing.T) {
		c := newSteppedClock(t)
		p := planner(t, followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(90 * time.Minute)}}})
		h := newHist(t, c.at(0, 0), ticket.Created{})
		// a date 2 hours on, read when the monotonic clock ran 40 minutes
		// ahead of the wall clock: its reminder 90 minutes before comes
		// before the date was set, so it is due when it was set
		due := c.at(2*time.Hour, 2*time.Hour+40*time.Minute)
		h.do(h.tk.SetFollowUp(c.at(time.Hour, time.Hour), ingrid, ticket.FollowUpSet{Due: due}))
		// a snooze until after the date on the wall clock, before it on
		// the monotonic one
		until := c.at(2*time.Hour+10*time.Minute, 2*time.Hour+10*time.Minute)
		require.True(t, until.Before(due))
		h.do(h.tk.Snooze(c.at(time.Hour+time.Minute, time.Hour+time.Minute), ingrid, until))
		pl := planWall(t, p, h.events, c.at(time.Hour+time.Minute, time.Hour+time.Minute))
		assert.Equal(t, []string{"reminder/1@1h0m0s"}, c.items(pl.Due))
		assert.Equal(t, []string{"reminder/0@2h0m0s", "wake_up/1@2h10m0s"}, c.items(pl.Pending))
		assert.Equal(t, "2h0m0s", c.rel(pl.NextWakeUp))
	})
}
