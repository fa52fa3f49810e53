package staffing

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/internal/wall/walltest"
)

// stored is slots after a round trip through JSON, which keeps only the
// wall clock.
func stored(t *testing.T, slots []Slot) []Slot {
	t.Helper()
	b, err := json.Marshal(slots)
	require.NoError(t, err)
	var out []Slot
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestPlanReadsWallClocks: a plan reads its slots and shifts on their wall
// clocks, as the calendar does and as they are stored. Slots made from
// readings of time.Now across a step of the wall clock (an hour long on
// the wall clock, half an hour on the monotonic one) plan as the same
// slots read back from storage: an interval around the clock is staffed
// whole, nothing is negative, and a slot that ends before it starts on
// the wall clock is refused, whatever its monotonic readings say. A
// forecast spreads a history's counts by their wall clocks likewise.
func TestPlanReadsWallClocks(t *testing.T) {
	start := time.Now()
	mid := walltest.ShiftMonotonic(start.Add(time.Hour), -30*time.Minute)
	end := walltest.ShiftMonotonic(start.Add(2*time.Hour), -time.Hour)
	require.Equal(t, 30*time.Minute, mid.Sub(start), "the monotonic readings are half an hour apart")
	require.Equal(t, time.Hour, mid.Round(0).Sub(start.Round(0)), "the wall clocks an hour")
	slots := []Slot{{Start: start, End: mid, Arrivals: 60}, {Start: mid, End: end, Arrivals: 30}}
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 4 * time.Minute, Hours: calendar.Always(time.UTC),
		Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	email := Channel{Name: "email", Kind: KindAsync, AHT: 10 * time.Minute, Window: 2 * time.Hour}
	roster := Roster{{Agent: "ingrid", Start: start, End: end}}
	plan := func(slots []Slot) Plan {
		p, err := NewPlan([]Demand{{Channel: phone, Forecast: slots}, {Channel: email, Forecast: slots}}, roster, 0.3)
		require.NoError(t, err)
		return p
	}
	live, back := plan(slots), plan(stored(t, slots))
	require.Len(t, live.Rows, 2)
	for j := range live.Rows {
		assert.Equal(t, back.Rows[j].Needs, live.Rows[j].Needs, "row %d", j)
		assert.Equal(t, back.Rows[j].Positions, live.Rows[j].Positions, "row %d", j)
		assert.Zero(t, live.Rows[j].Needs[0].Unstaffed, "row %d: open around the clock", j)
	}
	load, agents, err := Async{AHT: 10 * time.Minute, Window: time.Hour}.Workload(slots)
	require.NoError(t, err)
	wantLoad, wantAgents, err := Async{AHT: 10 * time.Minute, Window: time.Hour}.Workload(stored(t, slots))
	require.NoError(t, err)
	assert.Equal(t, wantLoad, load)
	assert.Equal(t, wantAgents, agents)

	// An hour back on the wall clock, half an hour on: refused as stored.
	backwards := []Slot{{Start: start, End: walltest.ShiftMonotonic(start.Add(-time.Hour), 90*time.Minute), Arrivals: 1}}
	require.True(t, backwards[0].End.After(backwards[0].Start), "the monotonic readings say it ends after it starts")
	for _, s := range [][]Slot{backwards, stored(t, backwards)} {
		_, err := NewPlan([]Demand{{Channel: phone, Forecast: s}}, nil, 0.3)
		assert.ErrorIs(t, err, ErrInvalidInput)
		_, _, err = Async{AHT: time.Minute, Window: time.Hour}.Workload(s)
		assert.ErrorIs(t, err, ErrInvalidInput)
	}

	// A history's counts are read on the wall clock too: an hour's count
	// is spread over the hour, not put in the half hour its monotonic
	// readings span.
	c := osloDesk(t)
	today := calendar.DateOf(start.In(c.Location()))
	var counts []Slot
	for d := 1; d <= 28; d++ {
		s := start.Add(-time.Duration(d) * 24 * time.Hour)
		counts = append(counts, Slot{Start: s, End: walltest.ShiftMonotonic(s.Add(time.Hour), -30*time.Minute), Arrivals: 10})
	}
	cfg := ForecastConfig{Calendar: c}
	h := History{Counts: counts, From: today.AddDays(-28), To: today}
	liveForecast, err := NewForecast(h, today, 1, cfg)
	require.NoError(t, err)
	h.Counts = stored(t, counts)
	backForecast, err := NewForecast(h, today, 1, cfg)
	require.NoError(t, err)
	assert.Equal(t, backForecast, liveForecast)
}
