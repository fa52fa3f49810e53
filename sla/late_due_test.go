package sla_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// TestDueAfterLateStoredEvents: events dated at or before the previous run
// but stored after it (an agent's offline change, a slow channel) change
// what the history says about the time up to that run. A level that run
// showed reached is not due again, whatever the late events make of it:
// Due keeps the promise of one firing per level.
func TestDueAfterLateStoredEvents(t *testing.T) {
	half := sla.Level{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "lead"}}}
	t0 := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	type firing struct {
		level, at string
		late      bool
	}
	firings := func(fs []sla.Firing) []firing {
		out := []firing{}
		for _, f := range fs {
			out = append(out, firing{f.Level, f.At.Sub(t0).String(), f.Late})
		}
		return out
	}

	t.Run("a pause stored late moves a level the run fired", func(t *testing.T) {
		ps := sla.Policies{{Name: "wait", Version: 1, Levels: []sla.Level{half},
			Targets: []sla.Target{{Metric: sla.RequesterWait(), Duration: 4 * time.Hour}}}}
		h := create(t, t0, ticket.PriorityNormal)
		// the run at 3h reads the creation only: half is reached at 2h
		r1, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
		require.NoError(t, err)
		d1, err := r1.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		assert.Equal(t, []firing{{"half", "2h0m0s", false}}, firings(d1))
		// stored after that run: pending from 1h to 3h30, so half is now
		// reached at 4h30 (1h counted before the pause, 1h after)
		h.status(t0.Add(time.Hour), ticket.StatusPending).status(t0.Add(210*time.Minute), ticket.StatusOpen)
		r2, err := ps.Evaluate(h.events, t0.Add(5*time.Hour))
		require.NoError(t, err)
		lv := instance(t, r2, sla.RequesterWait().Name, 1).Levels[0]
		require.True(t, lv.Reached)
		assert.Equal(t, t0.Add(270*time.Minute), lv.At)
		d2, err := r2.Due(r1.Checkpoint(), sla.CatchUp{})
		require.NoError(t, err)
		assert.Empty(t, firings(d2), "fired by the run at 3h")
	})

	t.Run("a raise stored late reaches a level the run fired earlier", func(t *testing.T) {
		ps := sla.Policies{{Name: "reply", Version: 1, Levels: []sla.Level{half}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 4 * time.Hour},
			{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour},
		}}}
		h := create(t, t0, ticket.PriorityNormal)
		r1, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
		require.NoError(t, err)
		d1, err := r1.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		assert.Equal(t, []firing{{"half", "2h0m0s", false}}, firings(d1))
		// stored after that run: urgent from 1h, so half is reached at
		// 30m, seen at 1h
		h.priority(t0.Add(time.Hour), ticket.PriorityUrgent)
		r2, err := ps.Evaluate(h.events, t0.Add(5*time.Hour))
		require.NoError(t, err)
		lv := instance(t, r2, sla.FirstReply().Name, 1).Levels[0]
		require.True(t, lv.Reached)
		assert.Equal(t, t0.Add(30*time.Minute), lv.At)
		d2, err := r2.Due(r1.Checkpoint(), sla.CatchUp{})
		require.NoError(t, err)
		assert.Empty(t, firings(d2), "fired by the run at 3h")
	})

	t.Run("a level only the late events reach is due, late", func(t *testing.T) {
		ps := sla.Policies{{Name: "reply", Version: 1, Levels: []sla.Level{half}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour},
			{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour},
		}}}
		h := create(t, t0, ticket.PriorityNormal)
		r1, err := ps.Evaluate(h.events, t0.Add(3*time.Hour))
		require.NoError(t, err)
		d1, err := r1.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		assert.Empty(t, firings(d1))
		h.priority(t0.Add(time.Hour), ticket.PriorityUrgent)
		r2, err := ps.Evaluate(h.events, t0.Add(5*time.Hour))
		require.NoError(t, err)
		d2, err := r2.Due(r1.Checkpoint(), sla.CatchUp{})
		require.NoError(t, err)
		assert.Equal(t, []firing{{"half", "30m0s", true}}, firings(d2))
	})
}

// TestDueAfterLateStoredEventsRandom: a scheduler runs at random instants
// on a random history of which each run reads only the events stored by
// then: a prefix by Seq that may leave out events dated before the run
// (stored late), and that grows from run to run. Every level reached as of
// the last run, which reads every event, is returned by one of the runs,
// and a level is returned twice only when a run between the two did not
// show it reached, the late events having moved it past that run (see
// Result.Due): never by two consecutive runs.
func TestDueAfterLateStoredEventsRandom(t *testing.T) {
	twice := 0
	eachCase(t, 300, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, full sla.Result) {
		rng := rand.New(rand.NewPCG(uint64(seed), 17))
		first, last := events[0].At, events[len(events)-1].At
		if now.Before(last) {
			return
		}
		var runs []time.Time
		for range 1 + rng.IntN(6) {
			if rng.IntN(3) == 0 { // at an event's instant, perhaps before it is stored
				runs = append(runs, events[rng.IntN(len(events))].At)
				continue
			}
			runs = append(runs, first.Add(time.Duration(rng.Int64N(int64(now.Sub(first)+1)))))
		}
		slices.SortFunc(runs, time.Time.Compare)
		results := []sla.Result{}
		stored := 1
		for _, u := range runs {
			// the events dated up to u, of which the run reads a prefix
			dated := stored
			for dated < len(events) && !events[dated].At.After(u) {
				dated++
			}
			stored += rng.IntN(dated - stored + 1)
			r, err := ps.Evaluate(events[:stored], u)
			require.NoError(t, err)
			results = append(results, r)
		}
		results = append(results, full)
		returned := map[string]int{} // the run that returned each level
		var prev sla.Checkpoint
		for i, r := range results {
			due, err := r.Due(prev, sla.CatchUp{})
			require.NoError(t, err)
			for _, f := range due {
				if j, ok := returned[f.Key]; ok {
					twice++
					shownBetween := true
					for _, between := range results[j+1 : i] {
						shownBetween = shownBetween && shows(between, f.Key)
					}
					assert.False(t, shownBetween, "seed %d: %s returned by runs %d and %d, and every run between showed it", seed, f.Key, j, i)
				}
				returned[f.Key] = i
			}
			prev = r.Checkpoint()
		}
		for _, in := range full.Instances {
			for _, l := range in.Levels {
				if l.Reached {
					key := fmt.Sprintf("%s/%s@%d/%s/%d/%s", full.TicketID, in.Policy, in.Version, in.Metric.Name, in.Number, l.Level.Name)
					_, ok := returned[key]
					assert.True(t, ok, "seed %d: %s reached but never returned", seed, key)
				}
			}
		}
	})
	t.Logf("%d levels returned twice", twice)
}

// shows reports whether r shows the level of key reached.
func shows(r sla.Result, key string) bool {
	for _, in := range r.Instances {
		for _, l := range in.Levels {
			if l.Reached && key == fmt.Sprintf("%s/%s@%d/%s/%d/%s", r.TicketID, in.Policy, in.Version, in.Metric.Name, in.Number, l.Level.Name) {
				return true
			}
		}
	}
	return false
}

// TestDueCheckpointsFromJSON: a scheduler that keeps each run's checkpoint
// as JSON, reads the history back from JSON and runs at instants with
// nanoseconds, in another zone than the events', some at the previous
// run's NextWakeUp: every level ever reached is returned exactly once, and
// every NextWakeUp lies after its run.
func TestDueCheckpointsFromJSON(t *testing.T) {
	helsinki := mustLocation("Europe/Helsinki")
	eachCase(t, 150, 5000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, full sla.Result) {
		rng := rand.New(rand.NewPCG(uint64(seed), 23))
		b, err := json.Marshal(events)
		require.NoError(t, err)
		var stored []ticket.Event
		require.NoError(t, json.Unmarshal(b, &stored))
		first := events[0].At
		got := map[string]int{}
		var kept []byte // the checkpoint as the store keeps it
		u := first
		for done := false; !done; {
			if !u.Before(now) { // the last run, at now
				u, done = now, true
			}
			var prev sla.Checkpoint
			if kept != nil {
				require.NoError(t, json.Unmarshal(kept, &prev))
			}
			r, err := ps.Evaluate(stored, u.In(helsinki))
			require.NoError(t, err)
			due, err := r.Due(prev, sla.CatchUp{})
			require.NoError(t, err)
			for _, f := range due {
				got[levelKey(f.Policy, f.Version, f.Metric, f.Instance, f.Level)]++
			}
			if kept, err = json.Marshal(r.Checkpoint()); err != nil {
				t.Fatal(err)
			}
			assert.True(t, r.NextWakeUp.IsZero() || r.NextWakeUp.After(u), "seed %d: next wake-up %v at run %v", seed, r.NextWakeUp, u)
			switch {
			case !r.NextWakeUp.IsZero() && rng.IntN(2) == 0:
				u = r.NextWakeUp
			default:
				u = u.Add(time.Duration(rng.Int64N(int64(6*time.Hour))) + time.Duration(rng.IntN(1e9)))
			}
		}
		want := everReached(t, ps, events, now)
		for k := range want {
			assert.Equal(t, 1, got[k], "seed %d: %s returned %d times", seed, k, got[k])
		}
		for k, n := range got {
			assert.True(t, want[k] || n == 0, "seed %d: %s returned, never reached", seed, k)
		}
	})
}
