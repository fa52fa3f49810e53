package metrics

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestCivilDays(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20000 {
		n := rng.Int64N(2_000_000) - 1_000_000
		u := time.Unix(n*86400, 0).UTC()
		y, m, d := civilFromDays(n)
		if u.Year() != y || u.Month() != m || u.Day() != d {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %s", n, y, m, d, u.Format(time.DateOnly))
		}
		if got := daysFromCivil(y, m, d); got != n {
			t.Fatalf("daysFromCivil(%d-%d-%d) = %d, want %d", y, m, d, got, n)
		}
	}
}
