package metrics_test

import (
	"encoding/json"
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
