package sla_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

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
	return withMonotonic(c.first.Add(wall), mono-wall)
}

// rel returns how long after the first instant t is on the wall clock, ""
// for the zero time.
func (c steppedClock) rel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Round(0).Sub(c.first.Round(0)).String()
}

// firings returns level@at for each firing, with "seen" when it was seen
// later than At, "late" and the skip reason when set, the instants read on
// the wall clock from the first instant.
func (c steppedClock) firings(fs []sla.Firing) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		s := fmt.Sprintf("%s@%s", f.Level, c.rel(f.At))
		if !f.Seen.Round(0).Equal(f.At.Round(0)) {
			s += " seen@" + c.rel(f.Seen)
		}
		if f.Late {
			s += " late:" + f.LateReason
		}
		if f.Skipped {
			s += " skipped:" + f.Reason
		}
		out[i] = s
	}
	return out
}

// wallRun is one scheduler run on a ticket: its result and what was due.
type wallRun struct {
	r   sla.Result
	due []sla.Firing
	err error
}

// dueWall evaluates events at now and returns what is due since prev, in
// process with their monotonic readings (with Policies.Evaluate and an
// Evaluator) and as a store gives them back (after a round trip through
// JSON, which keeps wall clocks only, with now.Round(0) and prev.At.Round(0)),
// requires the three runs to agree, and returns the one in process.
func dueWall(t *testing.T, ps sla.Policies, events []ticket.Event, now time.Time, prev sla.Checkpoint, c sla.CatchUp) wallRun {
	t.Helper()
	b, err := json.Marshal(events)
	require.NoError(t, err)
	stored, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	ev, err := sla.NewEvaluator(ps)
	require.NoError(t, err)
	run := func(evaluate func([]ticket.Event, time.Time) (sla.Result, error), events []ticket.Event, now time.Time, prev sla.Checkpoint) wallRun {
		r, err := evaluate(events, now)
		require.NoError(t, err)
		due, err := r.Due(prev, c)
		return wallRun{r: r.Clone(), due: due, err: err}
	}
	want := run(ps.Evaluate, stored, now.Round(0), sla.Checkpoint{At: prev.At.Round(0), Seq: prev.Seq})
	for name, got := range map[string]wallRun{
		"in process":               run(ps.Evaluate, events, now, prev),
		"in process, an Evaluator": run(ev.Evaluate, events, now, prev),
	} {
		if want.err != nil {
			require.ErrorIs(t, got.err, sla.ErrInvalidCheckpoint, name)
			continue
		}
		require.NoError(t, got.err, name)
		for _, x := range []struct {
			what      string
			want, got any
		}{{"result", want.r, got.r}, {"firings", want.due, got.due}} {
			wantJSON, err := json.Marshal(x.want)
			require.NoError(t, err)
			gotJSON, err := json.Marshal(x.got)
			require.NoError(t, err)
			assert.JSONEq(t, string(wantJSON), string(gotJSON), "%s: %s and read back from storage", x.what, name)
		}
	}
	return run(ps.Evaluate, events, now, prev)
}

// TestWallClockDue: a scheduler's runs read instants on their wall clocks,
// as ticket orders a history and a store keeps it. A history made with
// time.Now across steps of the wall clock, evaluated at a now from
// time.Now and followed from a checkpoint from time.Now, is due as the same
// history, now and checkpoint read back from storage, wherever Due compares
// instants: a level's Seen and At with the checkpoint, the checkpoint with
// now, the catch-up grace, the order of the firings, the next wake-up.
func TestWallClockDue(t *testing.T) {
	ps := triage() // first reply: urgent an hour, normal four; levels at 50 and 100 %

	t.Run("a level the previous run showed reached", func(t *testing.T) {
		c := newSteppedClock(t)
		// raised to urgent 90 minutes in, when the monotonic clock read
		// 60: the half level (30 minutes) and the breach (an hour) are
		// reached retroactively, seen at 90 minutes
		h := create(t, c.at(0, 0), "").priority(c.at(90*time.Minute, 60*time.Minute), ticket.PriorityUrgent)
		// the previous run, at 100 minutes on the wall clock and 50 on the
		// monotonic one, read the raise and fired both levels
		r1 := dueWall(t, ps, h.events, c.at(100*time.Minute, 50*time.Minute), sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r1.err)
		assert.Equal(t, []string{"half@30m0s seen@1h30m0s late:retroactive", "breach@1h0m0s seen@1h30m0s late:retroactive"},
			c.firings(r1.due))
		assert.Equal(t, 2, r1.r.Checkpoint().Seq)
		// the run after fires nothing again
		r2 := dueWall(t, ps, h.events, c.at(110*time.Minute, 110*time.Minute), r1.r.Checkpoint(), sla.CatchUp{})
		require.NoError(t, r2.err)
		assert.Empty(t, r2.due)
	})

	t.Run("the checkpoint against now", func(t *testing.T) {
		c := newSteppedClock(t)
		h := create(t, c.at(0, 0), ticket.PriorityUrgent)
		// the previous run at 20 minutes on the wall clock, 120 on the
		// monotonic one; this run at 70 minutes on the wall clock, 100 on
		// the monotonic one: after it, and the breach at an hour is due
		prev := sla.Checkpoint{At: c.at(20*time.Minute, 120*time.Minute), Seq: 1}
		now := c.at(70*time.Minute, 100*time.Minute)
		require.True(t, prev.At.After(now), "the monotonic readings order them the other way")
		r := dueWall(t, ps, h.events, now, prev, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s", "breach@1h0m0s"}, c.firings(r.due))

		// a previous run after this one on the wall clock, before it on
		// the monotonic one: refused
		prev = sla.Checkpoint{At: c.at(80*time.Minute, 50*time.Minute), Seq: 1}
		require.True(t, prev.At.Before(now))
		r = dueWall(t, ps, h.events, now, prev, sla.CatchUp{})
		require.ErrorIs(t, r.err, sla.ErrInvalidCheckpoint)
		var ce *sla.CheckpointError
		require.ErrorAs(t, r.err, &ce)
		assert.Equal(t, "1h20m0s", c.rel(ce.Checkpoint.At))
	})

	t.Run("a level reached before the previous run under an unread event", func(t *testing.T) {
		c := newSteppedClock(t)
		// the raise at 40 minutes (10 on the monotonic clock) was stored
		// after the previous run at 50 minutes (70 on the monotonic clock)
		// had read the history: the half level at 30 minutes lies before
		// that run on the wall clock, so it is late for an unread event
		h := create(t, c.at(0, 0), "").priority(c.at(40*time.Minute, 10*time.Minute), ticket.PriorityUrgent)
		prev := sla.Checkpoint{At: c.at(50*time.Minute, 70*time.Minute), Seq: 1}
		r := dueWall(t, ps, h.events, c.at(55*time.Minute, 75*time.Minute), prev, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s seen@40m0s late:retroactive"}, c.firings(r.due))
		assert.Equal(t, "1h0m0s", c.rel(r.r.NextWakeUp))
	})

	t.Run("catch-up grace", func(t *testing.T) {
		c := newSteppedClock(t)
		h := create(t, c.at(0, 0), ticket.PriorityUrgent)
		grace := sla.CatchUp{Mode: sla.CatchUpGrace, Grace: 20 * time.Minute}
		// at 75 minutes on the wall clock (the monotonic clock reads 40 or
		// 200): the half level at 30 minutes is older than the grace, the
		// breach at an hour is not
		for _, now := range []time.Time{c.at(75*time.Minute, 40*time.Minute), c.at(75*time.Minute, 200*time.Minute)} {
			r := dueWall(t, ps, h.events, now, sla.Checkpoint{}, grace)
			require.NoError(t, r.err)
			assert.Equal(t, []string{"half@30m0s skipped:older_than_grace", "breach@1h0m0s"}, c.firings(r.due))
			assert.True(t, r.r.NextWakeUp.IsZero())
		}
	})

	t.Run("the next wake-up and catch-up latest", func(t *testing.T) {
		c := newSteppedClock(t)
		// a normal ticket raised to urgent at 20 minutes (5 on the
		// monotonic clock), a reply at 45 minutes (200 on the monotonic
		// clock) after a customer message at the same instant
		h := create(t, c.at(0, 0), ticket.PriorityNormal)
		h.priority(c.at(20*time.Minute, 5*time.Minute), ticket.PriorityUrgent)
		now := c.at(25*time.Minute, 300*time.Minute)
		r := dueWall(t, ps, h.events, now, sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Empty(t, r.due)
		assert.Equal(t, "30m0s", c.rel(r.r.NextWakeUp))

		r = dueWall(t, ps, h.events, c.at(70*time.Minute, 10*time.Minute), r.r.Checkpoint(), sla.CatchUp{Mode: sla.CatchUpLatest})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s skipped:superseded", "breach@1h0m0s"}, c.firings(r.due))
		assert.True(t, r.r.NextWakeUp.IsZero())
	})

	t.Run("a level reached at now", func(t *testing.T) {
		c := newSteppedClock(t)
		h := create(t, c.at(0, 0), ticket.PriorityUrgent)
		// now is the half level's instant, 30 minutes in, on the wall
		// clock and a minute before it on the monotonic one: reached at
		// now, so due, and the next wake-up is the breach
		now := c.at(30*time.Minute, 29*time.Minute)
		r := dueWall(t, ps, h.events, now, sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s"}, c.firings(r.due))
		assert.Equal(t, "1h0m0s", c.rel(r.r.NextWakeUp))
		in := instance(t, r.r, "first_reply_time", 1)
		require.Len(t, in.Levels, 2)
		assert.True(t, in.Levels[0].Reached)
		assert.Equal(t, "30m0s", c.rel(in.Levels[0].At))
		assert.False(t, in.Levels[1].Reached)

		// and reached before a reply at that instant (a minute after it on
		// the monotonic clock), which does not meet it
		h.reply(c.at(30*time.Minute, 31*time.Minute))
		r = dueWall(t, ps, h.events, c.at(40*time.Minute, 40*time.Minute), sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Empty(t, r.due, "the reply at the instant of the half level met it")
		assert.True(t, r.r.NextWakeUp.IsZero())
	})

	t.Run("events of one instant from several readings of the clock", func(t *testing.T) {
		c := newSteppedClock(t)
		// at 40 minutes on the wall clock two commands, read when the
		// monotonic clock showed 20 minutes before the creation and 60
		// after it: the raise to urgent, then a customer message; the
		// instance began before them and takes the urgent target at once
		h := create(t, c.at(0, 0), ticket.PriorityNormal)
		h.priority(c.at(40*time.Minute, -20*time.Minute), ticket.PriorityUrgent)
		h.write(c.at(40*time.Minute, 60*time.Minute))
		r := dueWall(t, ps, h.events, c.at(50*time.Minute, 50*time.Minute), sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s seen@40m0s late:retroactive"}, c.firings(r.due))
		assert.Equal(t, "1h0m0s", c.rel(r.r.NextWakeUp))
	})

	t.Run("a reply at the instant of a raise", func(t *testing.T) {
		c := newSteppedClock(t)
		// at 40 minutes on the wall clock the raise to urgent (read when
		// the monotonic clock showed 20 minutes before the creation) and
		// the first reply: the half level at 30 minutes was reached under
		// urgent before the reply, the breach never
		h := create(t, c.at(0, 0), ticket.PriorityNormal)
		h.priority(c.at(40*time.Minute, -20*time.Minute), ticket.PriorityUrgent)
		h.reply(c.at(40*time.Minute, 60*time.Minute))
		r := dueWall(t, ps, h.events, c.at(50*time.Minute, 50*time.Minute), sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, r.err)
		assert.Equal(t, []string{"half@30m0s seen@40m0s late:retroactive"}, c.firings(r.due))
		assert.True(t, r.r.NextWakeUp.IsZero())
	})
}
