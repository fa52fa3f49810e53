package wall_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics/internal/wall"
)

// TestAgreesWithTime: the functions agree with time.Time's methods on
// instants without monotonic readings, from year 1 to 9999, a nanosecond
// apart and across the limit where Sub leaves the quick way, including
// Sub's saturation.
func TestAgreesWithTime(t *testing.T) {
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
		if got, want := wall.Compare(a, b), a.Compare(b); got != want {
			t.Fatalf("Compare(%v, %v) = %d, want %d", a, b, got, want)
		}
		if got, want := wall.After(a, b), a.After(b); got != want {
			t.Fatalf("After(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := wall.Before(a, b), a.Before(b); got != want {
			t.Fatalf("Before(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := wall.Equal(a, b), a.Equal(b); got != want {
			t.Fatalf("Equal(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := wall.Sub(a, b), a.Sub(b); got != want {
			t.Fatalf("Sub(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}
