package sla

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSortEvents compares sortEvents with a stable sort by instant, on
// random events with many ties (few runs and many) over spans from minutes
// to centuries, and more events than fit the stack buffers.
func TestSortEvents(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	base := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		unit time.Duration
	}{
		{"minutes", time.Minute},
		{"hours", time.Hour},
		{"years", 24 * 365 * time.Hour},
		{"centuries", 50 * 24 * 365 * time.Hour},
		{"the ends of time", 1 << 62},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 200 {
				evs := make([]Event, rng.IntN(300))
				runs := 1 + rng.IntN(8) // sorted runs, as the engine makes, or random order
				for i := range evs {
					evs[i] = Event{At: base.Add(time.Duration(rng.IntN(40)) * tc.unit), Seq: i}
					if tc.unit == 1<<62 { // seconds near both ends of int64, and ordinary ones
						evs[i].At = time.Unix([]int64{-1 << 62, 1 << 62, 1<<62 - 1, 0, 1}[rng.IntN(5)], int64(rng.IntN(3)))
					}
				}
				if rng.IntN(2) == 0 {
					for r := range runs {
						part := evs[r*len(evs)/runs : (r+1)*len(evs)/runs]
						slices.SortStableFunc(part, func(a, b Event) int { return a.At.Compare(b.At) })
					}
				}
				want := slices.Clone(evs)
				slices.SortStableFunc(want, func(a, b Event) int { return a.At.Compare(b.At) })
				var keys []evKey
				if rng.IntN(2) == 0 { // an Evaluator's buffer, perhaps too small
					keys = make([]evKey, rng.IntN(2*len(evs)+1))
				}
				got, _ := sortEvents(evs, keys)
				require.Equal(t, want, got)
			}
		})
	}
}

// TestRenderedFields guards engine.instance, which writes every field of
// an Instance and a LevelStatus by name into memory that held an earlier
// result: a field added to either type must be set there too, or it would
// show a stale value.
func TestRenderedFields(t *testing.T) {
	require.Equal(t, 19, reflect.TypeFor[Instance]().NumField(), "set the new Instance field in engine.instance")
	require.Equal(t, 4, reflect.TypeFor[LevelStatus]().NumField(), "set the new LevelStatus field in engine.instance")
}
