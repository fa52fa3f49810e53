package sla_test

import (
	"fmt"
	"math/rand/v2"
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

// TestDueAfterLateStoredEventsRandom: a run reads the first k events of a
// random history at an instant u after some of the rest are dated, and the
// next run reads them all. No level is due twice over the two runs, and
// every level reached as of the second run is returned by one of them.
func TestDueAfterLateStoredEventsRandom(t *testing.T) {
	eachCase(t, 300, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, full sla.Result) {
		if len(events) < 2 {
			return
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 17))
		k := 1 + rng.IntN(len(events)-1)
		last := events[len(events)-1].At
		if !last.After(events[k-1].At) || now.Before(last) {
			return
		}
		// the first run reads events[:k] at an instant among the unread events
		u := events[k-1].At.Add(time.Duration(rng.Int64N(int64(last.Sub(events[k-1].At)) + 1)))
		r1, err := ps.Evaluate(events[:k], u)
		require.NoError(t, err)
		d1, err := r1.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		d2, err := full.Due(r1.Checkpoint(), sla.CatchUp{})
		require.NoError(t, err)
		got := map[string]int{}
		for _, f := range append(d1, d2...) {
			got[f.Key]++
		}
		for k, n := range got {
			assert.Equal(t, 1, n, "seed %d: %s returned %d times", seed, k, n)
		}
		for _, in := range full.Instances {
			for _, l := range in.Levels {
				if !l.Reached {
					continue
				}
				key := fmt.Sprintf("%s/%s@%d/%s/%d/%s", full.TicketID, in.Policy, in.Version, in.Metric.Name, in.Number, l.Level.Name)
				assert.Equal(t, 1, got[key], "seed %d: %s reached but returned %d times", seed, key, got[key])
			}
		}
	})
}
