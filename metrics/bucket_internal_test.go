package metrics

import (
	"math/rand/v2"
	"os"
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
			v.add(&Facts{CreatedAt: at}, nil, &zoneCache{loc: loc, start: 1})
			y, m, day := lt.Date()
			if v.New[bucketKey(d, lt)] != 1 || v.Days[int32(daysFromCivil(y, m, day))] != 1 ||
				v.Heatmap[(int(lt.Weekday())+6)%7][lt.Hour()] != 1 {
				t.Fatalf("%s %s: new %v days %v heatmap %v", d, lt, v.New, v.Days, v.Heatmap)
			}
		}
	}
}

// TestZoneCacheKeys: bucket keys read through a zoneCache (one zone lookup
// per zone period) equal bucketKey's from time.In, for every dimension, in
// zones with half- and quarter-hour offsets and 30-minute DST shifts, for
// instants in random order (a lookup each time) and walking across every
// transition of a few years in 45-minute steps (7.5 minutes under
// DESK_LONG=1; the cached period), from 1900 to 2100.
func TestZoneCacheKeys(t *testing.T) {
	dims := []Dimension{DimHour, DimDay, DimWeek, DimMonth, DimYear}
	for _, name := range []string{"Europe/Oslo", "UTC", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe",
		"Pacific/Chatham", "America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Apia"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		z := &zoneCache{loc: loc, start: 1}
		check := func(at time.Time) {
			t.Helper()
			lt := at.In(loc)
			for _, d := range dims {
				if got, want := z.bucketKey(d, at), bucketKey(d, lt); got != want {
					t.Fatalf("%s %s %s: key %d, want %d", name, lt, d, got, want)
				}
			}
			_, off := lt.Zone()
			if got, want := z.local(at), at.Unix()+int64(off); got != want {
				t.Fatalf("%s %s: local %d, want %d", name, lt, got, want)
			}
			// The hour bucket holding at begins in at's zone period, at
			// or before it, and the next one after it.
			k := bucketKey(DimHour, lt)
			start := time.Unix(k, 0).In(loc)
			if _, o := start.Zone(); o != off || k > at.Unix() || nextKey(DimHour, k, loc) <= at.Unix() {
				t.Fatalf("%s %s: hour bucket from %s to %d", name, lt, start, nextKey(DimHour, k, loc))
			}
		}
		rng := rand.New(rand.NewPCG(8, uint64(len(name))))
		for range 3000 {
			check(time.Unix(rng.Int64N(6_300_000_000)-2_200_000_000, rng.Int64N(1e9)))
		}
		step := 45 * time.Minute
		if os.Getenv("DESK_LONG") == "1" {
			step = 450 * time.Second
		}
		for at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2027; at = at.Add(step) {
			check(at)
		}
	}
}
