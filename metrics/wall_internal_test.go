package metrics

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestWallArithmetic: wallCompare, wallAfter, wallEqual and wallSub agree
// with time.Time's methods on instants without monotonic readings, from
// year 1 to 9999, a nanosecond apart and across the limit where wallSub
// leaves the quick way, including Sub's saturation.
func TestWallArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	bases := []time.Time{
		time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Now().Round(0),
	}
	steps := []time.Duration{1, time.Second - 1, time.Second, time.Hour, 1 << 33 * time.Second, 1<<33*time.Second - 1, 1<<33*time.Second + 1, 1 << 62}
	for range 50_000 {
		a := bases[rng.IntN(len(bases))]
		b := bases[rng.IntN(len(bases))]
		if rng.IntN(2) == 0 {
			b = a
		}
		a = a.Add(time.Duration(rng.IntN(5)-2) * steps[rng.IntN(len(steps))])
		b = b.Add(time.Duration(rng.IntN(5)-2) * steps[rng.IntN(len(steps))])
		if rng.IntN(2) == 0 {
			b = b.In(time.FixedZone("", 60*(rng.IntN(1500)-750)))
		}
		if got, want := wallCompare(a, b), a.Compare(b); got != want {
			t.Fatalf("wallCompare(%v, %v) = %d, want %d", a, b, got, want)
		}
		if got, want := wallAfter(a, b), a.After(b); got != want {
			t.Fatalf("wallAfter(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := wallEqual(a, b), a.Equal(b); got != want {
			t.Fatalf("wallEqual(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := wallSub(a, b), a.Sub(b); got != want {
			t.Fatalf("wallSub(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}
