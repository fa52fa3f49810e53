package metrics_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// volumeReport is a report by bucket over tickets created at ats.
func volumeReport(t testing.TB, loc *time.Location, bucket metrics.Dimension, ats ...time.Time) *metrics.Report {
	t.Helper()
	r, err := metrics.NewReport(metrics.Config{Location: loc, VolumeBucket: bucket})
	require.NoError(t, err)
	for i, at := range ats {
		require.NoError(t, r.Add(newStory(t, i+1, at, ticket.Created{Subject: "s"}).events))
	}
	return r
}

// TestHourBucketsAcrossHalfHourShifts: Lord Howe Island moves its clocks
// by 30 minutes (+11:00 in summer, +10:30 in winter). On 5 April 2026 the
// clocks go back from 02:00 to 01:30, so local hour 01 comes twice: once
// whole, once for its last 30 minutes, a bucket that begins at 01:30+10:30
// (15:00Z), not at 01:30+11:00 (14:30Z), an instant of the hour before.
// On 4 October they go forward from 02:00 to 02:30, so local hour 02 has
// only 30 minutes, from 02:30+11:00 (15:30Z). Arrivals every 15 minutes
// fall in their hours; each bucket's start, label and key survive JSON.
// A zone with a constant half-hour offset (Kolkata) has plain hours.
func TestHourBucketsAcrossHalfHourShifts(t *testing.T) {
	every15 := func(from time.Time, n int) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, from.Add(time.Duration(15*i)*time.Minute))
		}
		return out
	}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	type bucket struct {
		label, start string
		count        int
	}
	lordHowe := mustLoc(t, "Australia/Lord_Howe")
	kolkata := mustLoc(t, "Asia/Kolkata")
	tests := []struct {
		name string
		loc  *time.Location
		from time.Time
		want []bucket
	}{
		{"back 30 minutes", lordHowe, utc("2026-04-04T13:00:00Z"), []bucket{
			{"2026-04-05T00:00+11:00", "2026-04-04T13:00:00Z", 4},
			{"2026-04-05T01:00+11:00", "2026-04-04T14:00:00Z", 4},
			{"2026-04-05T01:30+10:30", "2026-04-04T15:00:00Z", 2},
			{"2026-04-05T02:00+10:30", "2026-04-04T15:30:00Z", 4},
			{"2026-04-05T03:00+10:30", "2026-04-04T16:30:00Z", 4},
			{"2026-04-05T04:00+10:30", "2026-04-04T17:30:00Z", 2},
		}},
		{"forward 30 minutes", lordHowe, utc("2026-10-03T13:30:00Z"), []bucket{
			{"2026-10-04T00:00+10:30", "2026-10-03T13:30:00Z", 4},
			{"2026-10-04T01:00+10:30", "2026-10-03T14:30:00Z", 4},
			{"2026-10-04T02:30+11:00", "2026-10-03T15:30:00Z", 2},
			{"2026-10-04T03:00+11:00", "2026-10-03T16:00:00Z", 4},
			{"2026-10-04T04:00+11:00", "2026-10-03T17:00:00Z", 4},
			{"2026-10-04T05:00+11:00", "2026-10-03T18:00:00Z", 2},
		}},
		{"constant half-hour offset", kolkata, utc("2026-03-28T18:30:00Z"), []bucket{
			{"2026-03-29T00:00+05:30", "2026-03-28T18:30:00Z", 4},
			{"2026-03-29T01:00+05:30", "2026-03-28T19:30:00Z", 4},
			{"2026-03-29T02:00+05:30", "2026-03-28T20:30:00Z", 4},
			{"2026-03-29T03:00+05:30", "2026-03-28T21:30:00Z", 4},
			{"2026-03-29T04:00+05:30", "2026-03-28T22:30:00Z", 4},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := volumeReport(t, tc.loc, metrics.DimHour, every15(tc.from, 20)...)
			var got []bucket
			for _, b := range r.Volume.Buckets() {
				got = append(got, bucket{b.Label, b.Start.UTC().Format(time.RFC3339), b.Count})
			}
			assert.Equal(t, tc.want, got)

			data, err := json.Marshal(r)
			require.NoError(t, err)
			var back metrics.Report
			require.NoError(t, json.Unmarshal(data, &back), "the keys are bucket starts")
			assert.Equal(t, r.Volume.Buckets(), back.Volume.Buckets())
		})
	}
}

// TestBucketsIgnoreEmptyKeys: a decoded volume may list a bucket with 0
// arrivals; it is no arrival, so a stray empty key far away neither
// stretches the dense listing nor makes it sparse, in any dimension.
func TestBucketsIgnoreEmptyKeys(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	first := time.Date(2026, 3, 2, 12, 0, 0, 0, loc)
	far := time.Date(1901, 1, 7, 0, 0, 0, 0, loc) // a Monday, the first of a month and year in no bucket scheme but week's
	for _, d := range []metrics.Dimension{metrics.DimHour, metrics.DimDay, metrics.DimWeek, metrics.DimMonth, metrics.DimYear} {
		t.Run(string(d), func(t *testing.T) {
			r := volumeReport(t, loc, d, first, first.Add(50*time.Hour))
			want := r.Volume.Buckets()
			data, err := json.Marshal(r)
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			key := farKey(t, d, far, loc)
			doc["volume"].(map[string]any)["new"].(map[string]any)[key] = 0
			data, err = json.Marshal(doc)
			require.NoError(t, err)
			var back metrics.Report
			require.NoError(t, json.Unmarshal(data, &back))
			assert.True(t, back.Volume.Dense())
			assert.Equal(t, want, back.Volume.Buckets())
			assert.False(t, back.Summary("").Volume.Sparse)
		})
	}
}

// farKey returns the JSON key of the bucket of d starting at or before
// at: the hour's start in Unix seconds, else the civil day number of the
// bucket's first date.
func farKey(t *testing.T, d metrics.Dimension, at time.Time, loc *time.Location) string {
	t.Helper()
	at = at.In(loc)
	switch d {
	case metrics.DimHour:
		return fmt.Sprint(time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), 0, 0, 0, loc).Unix())
	case metrics.DimMonth:
		at = time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.UTC)
	case metrics.DimYear:
		at = time.Date(at.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	default:
		at = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	}
	return fmt.Sprint(at.Unix() / 86400)
}

// TestBucketsMergedSparse: two shards, each dense, merge into a volume
// whose arrivals lie more than MaxDenseBuckets apart: the merge lists only
// the buckets with arrivals and says so in its display form, and a shard
// merged with an empty one stays dense.
func TestBucketsMergedSparse(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	first := time.Date(2026, 3, 2, 12, 0, 0, 0, loc)
	a := volumeReport(t, loc, metrics.DimHour, first, first.Add(time.Hour))
	b, err := metrics.NewReport(metrics.Config{Location: loc, VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	require.NoError(t, b.Add(newStory(t, 9, first.Add((metrics.MaxDenseBuckets+5)*time.Hour), ticket.Created{Subject: "s"}).events))
	assert.True(t, a.Volume.Dense())
	assert.True(t, b.Volume.Dense())
	assert.False(t, a.Summary("").Volume.Sparse)
	require.NoError(t, a.Merge(b))
	assert.False(t, a.Volume.Dense())
	s := a.Summary("")
	assert.True(t, s.Volume.Sparse)
	assert.Len(t, s.Volume.New, 3)

	empty, err := metrics.NewReport(metrics.Config{Location: loc, VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	require.NoError(t, b.Merge(empty))
	assert.True(t, b.Volume.Dense())
	assert.Len(t, b.Volume.Buckets(), 1)
}

// TestVolumeDecodedAlone: a Volume decoded on its own, outside a report,
// has no location; its buckets are read in UTC rather than panicking.
func TestVolumeDecodedAlone(t *testing.T) {
	for _, d := range []string{"hour", "day", "week", "month", "year"} {
		t.Run(d, func(t *testing.T) {
			key := "20514" // 2026-03-02, a Monday and no month's first
			if d == "hour" {
				key = "1772452800" // 2026-03-02T12:00:00Z
			}
			var v metrics.Volume
			require.NoError(t, json.Unmarshal([]byte(`{"bucket":"`+d+`","new":{"`+key+`":2}}`), &v))
			assert.True(t, v.Dense())
			bs := v.Buckets()
			require.Len(t, bs, 1)
			assert.Equal(t, 2, bs[0].Count)
			assert.Equal(t, time.UTC, bs[0].Start.Location())
		})
	}
}

// BenchmarkBucketsJustOverLimit: a volume whose two arrivals lie just
// more than MaxDenseBuckets buckets apart costs a few zone lookups to
// tell (Dense) and to list sparse (Summary), not a walk over every hour,
// even on Lord Howe Island, whose 30-minute shifts make more buckets than
// hours; days are counted from their keys.
func BenchmarkBucketsJustOverLimit(b *testing.B) {
	for _, tc := range []struct {
		zone   string
		bucket metrics.Dimension
		apart  time.Duration
	}{
		{"Europe/Oslo", metrics.DimHour, metrics.MaxDenseBuckets * time.Hour},
		{"Australia/Lord_Howe", metrics.DimHour, (metrics.MaxDenseBuckets - 1) * time.Hour},
		{"Europe/Oslo", metrics.DimDay, metrics.MaxDenseBuckets * 24 * time.Hour},
	} {
		loc := mustLoc(b, tc.zone)
		first := time.Date(2026, 3, 2, 12, 0, 0, 0, loc)
		r := volumeReport(b, loc, tc.bucket, first, first.Add(tc.apart))
		if r.Volume.Dense() {
			b.Fatalf("%s %s: dense", tc.zone, tc.bucket)
		}
		b.Run(tc.zone+"/"+string(tc.bucket)+"/Dense", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Volume.Dense()
			}
		})
		b.Run(tc.zone+"/"+string(tc.bucket)+"/Summary", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Summary("")
			}
		})
	}
}
