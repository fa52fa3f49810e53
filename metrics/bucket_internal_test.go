package metrics

import (
	"math"
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

// TestHourBucketsCount: hourBuckets, which counts hour buckets one zone
// period at a time, gives the number of buckets nextKey walks through,
// in zones with half- and quarter-hour offsets, 30-minute DST shifts and
// a skipped day, over spans of up to 60 days from random instants; and
// stops once past its limit.
func TestHourBucketsCount(t *testing.T) {
	for _, name := range []string{"Europe/Oslo", "UTC", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe",
		"Pacific/Chatham", "America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Apia"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(9, uint64(len(name))))
		for range 150 {
			from := time.Unix(rng.Int64N(4_000_000_000)-1_000_000_000, 0)
			to := from.Add(time.Duration(rng.Int64N(60*24*3600)) * time.Second)
			lo, hi := bucketKey(DimHour, from.In(loc)), bucketKey(DimHour, to.In(loc))
			want := int64(1)
			for k := lo; k < hi; k = nextKey(DimHour, k, loc) {
				want++
			}
			if got := hourBuckets(lo, hi, loc, math.MaxInt64); got != want {
				t.Fatalf("%s %s to %s: %d buckets, want %d", name, from.In(loc), to.In(loc), got, want)
			}
			if want > 2 {
				if got := hourBuckets(lo, hi, loc, 1); got <= 1 {
					t.Fatalf("%s: %d buckets with limit 1, want more than 1", name, got)
				}
			}
		}
		// The walk visits the bucket of every instant, minute by minute
		// over two days around offset changes (Newfoundland's 1990
		// change came at 00:01, a bucket of one minute before it).
		for _, at := range []string{"1990-03-31T12:00:00Z", "2026-04-04T00:00:00Z", "2026-10-03T00:00:00Z", "2026-03-28T12:00:00Z",
			"2026-10-24T12:00:00Z", "2011-12-29T00:00:00Z", "2064-12-30T12:00:00Z"} {
			from, err := time.Parse(time.RFC3339, at)
			if err != nil {
				t.Fatal(err)
			}
			walked := map[int64]bool{}
			lo, hi := bucketKey(DimHour, from.In(loc)), bucketKey(DimHour, from.Add(48*time.Hour).In(loc))
			for k := lo; k <= hi; k = nextKey(DimHour, k, loc) {
				walked[k] = true
			}
			for u := from; u.Before(from.Add(48 * time.Hour)); u = u.Add(time.Minute) {
				if k := bucketKey(DimHour, u.In(loc)); !walked[k] || k > u.Unix() {
					t.Fatalf("%s %s: bucket %d not walked from %d", name, u.In(loc), k, lo)
				}
			}
			if got := hourBuckets(lo, hi, loc, math.MaxInt64); got != int64(len(walked)) {
				t.Fatalf("%s from %s: %d buckets, walked %d", name, from, got, len(walked))
			}
		}
	}
}
