package staffing

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oracleWorkload is the workload method stated directly: the work of slot
// i (arrivals × AHT) is spread evenly over the business time from its start
// to its deadline (the calendar's Add of the window), and slot j receives
// the share whose business time falls inside it, measured by the
// calendar's Elapsed over the intersection. No shared axis, no clamps.
func oracleWorkload(a Async, slots []Slot) []float64 {
	elapsed := func(from, to time.Time) time.Duration {
		if !to.After(from) {
			return 0
		}
		if a.Hours == nil {
			return to.Sub(from)
		}
		return a.Hours.Elapsed(from, to)
	}
	add := func(t time.Time, d time.Duration) time.Time {
		if a.Hours == nil {
			return t.Add(d)
		}
		return a.Hours.Add(t, d)
	}
	load := make([]float64, len(slots))
	for j, sj := range slots {
		open := elapsed(sj.Start, sj.End)
		if open == 0 {
			continue
		}
		var work float64
		for _, si := range slots {
			deadline := add(si.Start, a.Window)
			from, to := si.Start, deadline
			if sj.Start.After(from) {
				from = sj.Start
			}
			if sj.End.Before(to) {
				to = sj.End
			}
			work += si.Arrivals * a.AHT.Seconds() / a.Window.Seconds() * elapsed(from, to).Seconds()
		}
		load[j] = work / open.Seconds()
	}
	return load
}

// Async workload agrees with the direct statement on random slots with
// gaps, on Oslo business hours with holidays and across both clock
// changes, and around the clock.
func TestAsyncWorkloadAgainstOracle(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	always := calendar.Always(loc)
	starts := []time.Time{
		time.Date(2026, 3, 28, 0, 0, 0, 0, loc),  // Saturday before spring forward
		time.Date(2026, 10, 24, 0, 0, 0, 0, loc), // Saturday before autumn back
		time.Date(2026, 4, 1, 6, 0, 0, 0, loc),   // Easter week: holidays Thursday to Monday
		time.Date(2026, 12, 23, 7, 15, 0, 0, loc),
	}
	for seed := range uint64(24) {
		r := rand.New(rand.NewPCG(seed, 5))
		start := starts[seed%uint64(len(starts))]
		var slots []Slot
		tt := start
		for range 200 {
			if r.IntN(10) == 0 {
				tt = tt.Add(time.Duration(1+r.IntN(4)) * 15 * time.Minute) // a gap
			}
			d := time.Duration(1+r.IntN(4)) * 15 * time.Minute
			s := Slot{Start: tt, End: tt.Add(d)}
			if r.IntN(3) > 0 {
				s.Arrivals = float64(r.IntN(40)) + r.Float64()
			}
			slots = append(slots, s)
			tt = s.End
		}
		for _, hours := range []*calendar.Calendar{c, always, nil} {
			a := Async{AHT: time.Duration(1+r.IntN(20)) * time.Minute, Window: time.Duration(1+r.IntN(48)) * 30 * time.Minute, Hours: hours, MaxOccupancy: 0.85}
			load, agents, err := a.Workload(slots)
			require.NoError(t, err)
			want := oracleWorkload(a, slots)
			for j := range slots {
				assert.InDelta(t, want[j], load[j], 1e-9*math.Max(1, want[j]), "seed %d slot %d at %s", seed, j, slots[j].Start)
				assert.Equal(t, int(math.Ceil(want[j]/0.85-1e-9)), agents[j], "seed %d slot %d", seed, j)
			}
		}
	}
}
