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

// TestVolumeKeys: Volume.add's keys, weekday and day, read from one local
// date, equal bucketKey's and time's own, before and after 1970 and
// across DST.
func TestVolumeKeys(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for _, d := range []Dimension{DimHour, DimDay, DimWeek, DimMonth, DimYear} {
		v := newVolume(d, loc, false)
		for range 2000 {
			at := time.Unix(rng.Int64N(4_000_000_000)-2_000_000_000, 0)
			lt := at.In(loc)
			clear(v.New)
			clear(v.Days)
			v.Heatmap = [7][24]int{}
			v.add(&Facts{CreatedAt: at}, nil)
			y, m, day := lt.Date()
			if v.New[bucketKey(d, lt)] != 1 || v.Days[int32(daysFromCivil(y, m, day))] != 1 ||
				v.Heatmap[(int(lt.Weekday())+6)%7][lt.Hour()] != 1 {
				t.Fatalf("%s %s: new %v days %v heatmap %v", d, lt, v.New, v.Days, v.Heatmap)
			}
		}
	}
}
