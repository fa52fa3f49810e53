package staffing

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgentsTinyMaxOccupancy: a maximum occupancy so small that the
// agents it needs exceed the search bound is unreachable at once, with
// the bound named, instead of a search over billions of agents (1e-9) or
// an overflowed negative bound (1e-300); one it can reach gives the
// fewest agents within it.
func TestAgentsTinyMaxOccupancy(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second} // 10 Erlangs
	for _, occ := range []float64{1e-300, 1e-9, 1e-7} {
		tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: occ}
		_, err := l.AgentsC(tg)
		var ue *UnreachableError
		require.ErrorAs(t, err, &ue, "C at %g", occ)
		assert.Equal(t, maxAgents, ue.Agents, "C at %g", occ)
		_, err = l.AgentsA(time.Minute, "", tg)
		require.ErrorAs(t, err, &ue, "A at %g", occ)
		assert.Equal(t, maxAgents, ue.Agents, "A at %g", occ)
		_, err = l.AgentsChat(3, tg)
		assert.ErrorIs(t, err, ErrUnreachable, "chat at %g", occ)
	}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 1e-5}
	r, err := l.AgentsC(tg)
	require.NoError(t, err)
	assert.Equal(t, 1_000_000, r.Agents)
	assert.LessOrEqual(t, r.Occupancy, 1e-5)
}

// TestPositionsOverflow: positions that do not fit an int are an error,
// not a wrapped-around number.
func TestPositionsOverflow(t *testing.T) {
	_, err := Positions(1_000_000_000, 1-1e-12)
	assert.ErrorIs(t, err, ErrInvalidInput)
	p, err := Positions(maxAgents, 0.999)
	require.NoError(t, err)
	assert.Equal(t, 20_000_000_000, p)
}

// TestForecastLongCount: a count over a long span is spread by its share
// of the learned weeks, without walking every interval of the span (a
// count ending in the year 100,000 walked 1.7e9 intervals), and a count
// ending before it starts, or spanning centuries, is refused.
func TestForecastLongCount(t *testing.T) {
	c := osloDesk(t)
	from, to := date(2026, 4, 27), date(2026, 5, 11) // two weeks
	start := c.StartOf(from)
	// 4 arrivals a day for 10 years: the normal days of the two weeks
	// learned (1 May is a holiday) get 13 × 4
	long := Slot{Start: start, End: start.AddDate(10, 0, 0), Arrivals: 4 * float64(c.StartOf(from.AddDays(3653)).Sub(start)/(24*time.Hour))}
	f, err := NewForecast(History{Counts: []Slot{long}, From: from, To: to}, to, 7, ForecastConfig{Calendar: c, Weeks: 2, NoTrend: true})
	require.NoError(t, err)
	var sum float64
	for _, w := range f.Weeks {
		sum += w.Arrivals
	}
	assert.InDelta(t, 52, sum, 0.05)

	far := Slot{Start: start, End: time.Date(100000, 1, 1, 0, 0, 0, 0, time.UTC), Arrivals: 1}
	_, err = NewForecast(History{Counts: []Slot{far}, From: from, To: to}, to, 7, ForecastConfig{Calendar: c, Interval: time.Minute})
	assert.ErrorIs(t, err, ErrInvalidInput, "a count over centuries")
	back := Slot{Start: start.Add(time.Hour), End: start, Arrivals: 1}
	_, err = NewForecast(History{Counts: []Slot{back}, From: from, To: to}, to, 7, ForecastConfig{Calendar: c})
	assert.ErrorIs(t, err, ErrInvalidInput, "a count that ends before it starts")
}

// TestPlanOverlappingShifts: one agent is one agent, so a roster that
// books an agent twice at once is refused rather than counted twice;
// shifts that only touch, and different agents at once, are fine.
func TestPlanOverlappingShifts(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	at := func(h, m int) time.Time { return time.Date(2026, 5, 13, h, m, 0, 0, loc) }
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 180 * time.Second, Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	demand := []Demand{{phone, slotsOf(at(8, 0), 16, 0)}}

	_, err := NewPlan(demand, Roster{
		{Agent: "kari", Start: at(8, 0), End: at(12, 0)},
		{Agent: "nils", Start: at(8, 0), End: at(16, 0)},
		{Agent: "kari", Start: at(11, 0), End: at(16, 0)},
	}, 0)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "roster[2]", ie.Field)
	assert.Contains(t, ie.Problem, "roster[0]")

	p, err := NewPlan(demand, Roster{
		{Agent: "kari", Start: at(12, 0), End: at(16, 0)},
		{Agent: "kari", Start: at(8, 0), End: at(12, 0)},
		{Agent: "nils", Start: at(8, 0), End: at(16, 0)},
	}, 0)
	require.NoError(t, err)
	for _, r := range p.Rows {
		assert.Equal(t, 2.0, r.Rostered, "%s", r.Start)
	}
}
