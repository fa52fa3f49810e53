package calendar_test

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
)

// TestMeterEqualsElapsed: a Meter's To equals Elapsed from its start, for
// random starts and instants around DST changes, holidays, the
// calendar's range and its edges, before the start, and at sub-second
// instants, on every desk of the table tests (24/7 included).
func TestMeterEqualsElapsed(t *testing.T) {
	oslo := mustLoad(t, "Europe/Oslo")
	rng := rand.New(rand.NewPCG(9, 9))
	ds := desks(t)
	for _, name := range slices.Sorted(maps.Keys(ds)) {
		c := ds[name]
		lo, hi := c.Range()
		span := hi.Sub(lo)
		instant := func() time.Time {
			switch rng.IntN(6) {
			case 0:
				return lo.Add(-time.Duration(rng.Int64N(int64(48 * time.Hour))))
			case 1:
				return hi.Add(time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour)
			case 2: // the night of a DST change
				return time.Date(2026, 3, 29, 0, 0, 0, 0, oslo).Add(time.Duration(rng.Int64N(int64(4 * time.Hour))))
			case 3: // Easter week, with sub-second instants
				return time.Date(2026, 3, 30, 0, 0, 0, 0, oslo).Add(time.Duration(rng.Int64N(int64(10 * 24 * time.Hour))))
			}
			return lo.Add(time.Duration(rng.Int64N(int64(span))))
		}
		for range 20_000 {
			start, at := instant(), instant()
			m := c.Meter(start)
			if got, want := m.To(at), c.Elapsed(start, at); got != want {
				t.Fatalf("%s: Meter(%s).To(%s) = %v, Elapsed %v", name, start, at, got, want)
			}
		}
	}
}

// TestMeterFarBack: an instant far before the start (more open time back
// than a Duration holds, on a calendar open around the clock over its
// whole range) measures 0, and far after it saturates.
func TestMeterFarBack(t *testing.T) {
	c := calendar.Always(mustLoad(t, "Europe/Oslo"))
	lo, hi := c.Range()
	if got := c.Meter(hi).To(lo); got != 0 {
		t.Fatalf("Meter(end).To(start) = %v, want 0", got)
	}
	if got := c.Meter(lo).To(hi); got != math.MaxInt64 {
		t.Fatalf("Meter(start).To(end) = %v, want the largest Duration", got)
	}
}
