package staffing

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
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

// TestErlangAImpatientCallers: callers who hang up within a second of a
// handling time of minutes, with an answer-time target of tens of
// seconds (θ·t ≈ 100). The abandons within the target were a tail sum cut
// off after 20 million terms of a series that falls like 1/k: each
// evaluation took most of a second and the abandons-met service level was
// off by a factor of several. They agree with the 1,200-bit reference.
func TestErlangAImpatientCallers(t *testing.T) {
	for _, row := range []struct {
		c            int
		a, theta, tt float64
	}{
		{3, 0.4856, 1102, 39.0 / 432}, {1, 12.96, 1563, 16.0 / 431}, {2, 3.24, 1005, 65.0 / 597},
		{4, 22.5, 1460, 29.0 / 254}, {1, 0.5, 20, 1}, {8, 6, 300, 0.5},
	} {
		t.Run(fmt.Sprintf("c=%d/A=%g/θ=%g/t=%g", row.c, row.a, row.theta, row.tt), func(t *testing.T) {
			ref := refA(row.c, row.a, row.theta, row.tt)
			for def, want := range map[Definition]float64{
				SLOffered: ref.slOffered, SLAnswered: ref.slAnswered,
				SLAbandonsMet: ref.slAbandonsMet, SLShortAbandonsExcluded: ref.slShortExcl,
			} {
				r := aUnits(t, row.c, row.a, row.theta, row.tt, def)
				assert.LessOrEqual(t, relErr(r.ServiceLevel, want), 1e-9, "%s: %g vs %g", def, r.ServiceLevel, want)
			}
		})
	}
}

// TestNBTailHeavy: the tail of a negative binomial with a shape far below
// 1 and u = e^−99.5 (3 agents, callers who hang up after 0.4 s of a 7-min
// handling time, a 39-s target) is about 0.23; its terms fall off like
// 1/i, so summing them (as when the head and first terms passed ½) stopped
// after 20 million terms at a fraction of it.
func TestNBTailHeavy(t *testing.T) {
	x, lnU, k := 3.0/1102, -99.5, 3
	// reference: 1 − Σ_{i<k} P(i) at 1,200 bits
	v := -math.Expm1(lnU)
	p := bigExp(mul(bf(x), bf(lnU))) // P(0) = u^x
	ref := sub(bf(1), p)
	var s1 xfloat
	for i := 1; i < k; i++ {
		p = mul(p, bf((x+float64(i-1))/float64(i)*v))
		ref = sub(ref, p)
		s1 = s1.add(xf(f64(p)))
	}
	term := xf(f64(mul(p, bf((x+float64(k-1))/float64(k)*v))))
	got := nbTail(x*lnU, s1, term, x, v, k).ratio(xf(1))
	want := f64(ref)
	assert.InDelta(t, 0.234, want, 0.001)
	assert.LessOrEqual(t, relErr(got, want), 1e-12, "%g vs %g", got, want)
}

// TestForecastCountsOffTheSlotGrid: a count is shared among the forecast's
// wall-clock slots by the time it spends in each, also when it does not
// start on a slot boundary. An ACD that reports hours in UTC gives a desk
// in India (UTC+05:30) counts from xx:30 to xx:30 local: with hourly
// slots, half of each count belongs to each of the two hours it touches,
// and in Nepal (UTC+05:45) an hour's count is a quarter, a half and a
// quarter of the three half hours it touches.
func TestForecastCountsOffTheSlotGrid(t *testing.T) {
	for _, tc := range []struct {
		zone     string
		interval time.Duration
		// the local slots of the day, from 09:00, that the UTC hour
		// starting at 04:00 touches, and the share of it each gets
		want []float64
	}{
		// 04:00–05:00 UTC is 09:30–10:30 IST.
		{"Asia/Kolkata", time.Hour, []float64{0.5, 0.5, 0}},
		// 04:00–05:00 UTC is 09:45–10:45 NPT: 09:30 slot ¼, 10:00 ½, 10:30 ¼.
		{"Asia/Kathmandu", 30 * time.Minute, []float64{0, 0.25, 0.5, 0.25, 0}},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			require.NoError(t, err)
			c := calendar.Always(loc)
			from, to := date(2026, 4, 27), date(2026, 5, 11) // two weeks
			// Every day, 60 arrivals in the UTC hour 04:00–05:00 and
			// none in the others.
			var counts []Slot
			for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
				for h := range 24 {
					s := time.Date(d.Year, d.Month, d.Day, h, 0, 0, 0, time.UTC)
					n := 0.0
					if h == 4 {
						n = 60
					}
					counts = append(counts, Slot{Start: s, End: s.Add(time.Hour), Arrivals: n})
				}
			}
			f, err := NewForecast(History{Counts: counts, From: from, To: to}, to, 1, ForecastConfig{Calendar: c, Interval: tc.interval, Weeks: 2, NoTrend: true})
			require.NoError(t, err)
			first := int(9 * time.Hour / tc.interval) // the 09:00 slot
			for k, share := range tc.want {
				s := f.Slots[first+k]
				assert.InDelta(t, 60*share, s.Arrivals, 1e-9, "slot at %s", s.Start.In(loc).Format("15:04"))
			}
			assert.InDelta(t, 60, f.Days[0].Arrivals, 1e-9)

			// A backtest reads the tested days' counts the same way.
			b, err := NewBacktest(History{Counts: counts, From: from, To: to}, to.AddDays(-1), 1, ForecastConfig{Calendar: c, Interval: tc.interval, Weeks: 1, NoTrend: true})
			require.NoError(t, err)
			for k, share := range tc.want {
				assert.InDelta(t, 60*share, b.Actual[first+k], 1e-9, "actual at %s", b.Forecast.Slots[first+k].Start.In(loc).Format("15:04"))
			}
			assert.InDelta(t, 0, b.WAPEInterval, 1e-9)
		})
	}
}

// TestAsyncWorkloadBeyondTheAgentBound: an asynchronous channel whose
// work needs more agents than any model here staffs (20 million, the
// bound of the queue searches) is an *UnreachableError, as a queue's is,
// not a wrapped-around number: 1e300 emails of an hour each in a
// one-second window came back as −9,223,372,036,854,775,808 agents beside
// a workload of 2e300, and a maximum occupancy of 1e-300 the same; NewPlan
// passed the negative number on as an agents error.
func TestAsyncWorkloadBeyondTheAgentBound(t *testing.T) {
	from := time.Date(2026, 5, 12, 7, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		async    Async
		arrivals float64
	}{
		"huge arrivals":   {Async{AHT: time.Hour, Window: time.Second}, 1e300},
		"beyond float64":  {Async{AHT: time.Hour, Window: time.Second}, 1.7e308},
		"just beyond":     {Async{AHT: time.Hour, Window: time.Hour}, 20_000_001},
		"tiny occupancy":  {Async{AHT: time.Minute, Window: time.Hour, MaxOccupancy: 1e-300}, 10},
		"small occupancy": {Async{AHT: time.Hour, Window: time.Hour, MaxOccupancy: 0.5}, 10_000_001},
	} {
		t.Run(name, func(t *testing.T) {
			slots := slotsOf(from, 3, tc.arrivals)
			_, _, err := tc.async.Workload(slots)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrUnreachable)
			var ue *UnreachableError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, 20_000_000, ue.Agents)

			ch := Channel{Name: "email", Kind: KindAsync, AHT: tc.async.AHT, Window: tc.async.Window, Target: Target{MaxOccupancy: tc.async.MaxOccupancy}}
			_, err = NewPlan([]Demand{{ch, slots}}, nil, 0)
			assert.ErrorIs(t, err, ErrUnreachable)
		})
	}
	// At the bound: 20 million hours of work spread over a one-hour
	// window keep 20 million agents busy in both its half hours.
	load, agents, err := Async{AHT: time.Hour, Window: time.Hour}.Workload(slotsOf(from, 3, 20_000_000))
	require.NoError(t, err)
	assert.Equal(t, []int{20_000_000, 20_000_000, 0}, agents)
	assert.InDelta(t, 2e7, load[0], 1e-6)
}

// TestForecastHugeCounts: a history count beyond 1e15 contacts is bad
// input. Two counts of 1e308, each finite, summed to +Inf while the
// profile was learned, and the forecast came back NaN in every slot, with
// a NaN trend, and no error.
func TestForecastHugeCounts(t *testing.T) {
	c := osloDesk(t)
	from, to := date(2026, 4, 27), date(2026, 5, 11)
	s := c.StartOf(from)
	for _, n := range []float64{1e308, math.MaxFloat64, 1.0000000000000002e15} {
		counts := []Slot{{Start: s.Add(9 * time.Hour), Arrivals: n}, {Start: s.Add(10 * time.Hour), Arrivals: n}, {Start: s.Add(34 * time.Hour), Arrivals: 5}}
		_, err := NewForecast(History{Counts: counts, From: from, To: to}, to, 2, ForecastConfig{Calendar: c})
		assert.ErrorIs(t, err, ErrInvalidInput, "%g", n)
		var ie *InputError
		if assert.ErrorAs(t, err, &ie) {
			assert.Equal(t, "history.counts[0].arrivals", ie.Field)
		}
	}
	// 1e15 itself is accepted and learned as given: every figure finite.
	counts := []Slot{{Start: s.Add(9 * time.Hour), Arrivals: 1e15}, {Start: s.Add(10 * time.Hour), Arrivals: 1e15}}
	f, err := NewForecast(History{Counts: counts, From: from, To: to}, to, 7, ForecastConfig{Calendar: c, NoTrend: true})
	require.NoError(t, err)
	// One Monday of the two weeks had 2e15: the mean level is 1e15 a week,
	// all of it on Mondays at 09:00 and 10:00.
	assert.InDelta(t, 1e15, f.Days[0].Arrivals, 1)
	for _, sl := range f.Slots {
		assert.False(t, math.IsNaN(sl.Arrivals) || math.IsInf(sl.Arrivals, 0))
	}
}

// TestPlanOutsideTheHoursYears: a channel's hours know only their
// calendar's years, and are closed outside them; a plan for an interval
// beyond them is bad input. A phone queue planned for 2036 on hours built
// for 2020–2035 needed no agents and reported every call as arriving
// outside its hours, with no error; an email channel there did so too
// when the interval had no arrivals of its own.
func TestPlanOutsideTheHoursYears(t *testing.T) {
	c := osloDesk(t) // 2020–2035
	loc := c.Location()
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 3 * time.Minute, Hours: c, Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	email := Channel{Name: "email", Kind: KindAsync, AHT: 5 * time.Minute, Hours: c, Window: 8 * time.Hour}
	for name, from := range map[string]time.Time{
		"after":  time.Date(2036, 1, 8, 9, 0, 0, 0, loc),
		"before": time.Date(2019, 12, 4, 9, 0, 0, 0, loc),
		"across": time.Date(2035, 12, 31, 23, 30, 0, 0, loc),
	} {
		t.Run(name, func(t *testing.T) {
			for _, ch := range []Channel{phone, email} {
				arrivals := []float64{40, 0, 0}
				if ch.Kind == KindAsync {
					arrivals = []float64{0, 0, 0}
				}
				_, err := NewPlan([]Demand{{ch, slotsOf(from, 3, arrivals...)}}, nil, 0)
				assert.ErrorIs(t, err, ErrInvalidInput, ch.Name)
				var ie *InputError
				if assert.ErrorAs(t, err, &ie, ch.Name) {
					assert.Contains(t, ie.Field, "demands[0].forecast[", ch.Name)
				}
			}
			_, _, err := Async{AHT: time.Minute, Window: time.Hour, Hours: c}.Workload(slotsOf(from, 3))
			assert.ErrorIs(t, err, ErrInvalidInput)
		})
	}
	// The last half hour of the range plans as usual.
	_, err := NewPlan([]Demand{{phone, slotsOf(time.Date(2035, 12, 31, 23, 30, 0, 0, loc), 1, 40)}}, nil, 0)
	assert.NoError(t, err)
}

// TestPositionsAtTheBound: the bound of 1e15 positions is decided on the
// shrinkage as written, like every other position count: 1,000 agents at
// 99.9999999999 % shrinkage need exactly 1e15 positions (1000 ÷ 1e-12),
// which is within the bound, but the float64 quotient, 1.00009e15 since
// 1 − 0.999999999999 is 9.9991e-13 in float64, refused them.
func TestPositionsAtTheBound(t *testing.T) {
	p, err := Positions(1000, 0.999999999999)
	require.NoError(t, err)
	assert.Equal(t, 1_000_000_000_000_000, p)
	p, err = Positions(1, 0.999999999999999)
	require.NoError(t, err)
	assert.Equal(t, 1_000_000_000_000_000, p)
	// One agent more is 1.001e15 positions: beyond.
	_, err = Positions(1001, 0.999999999999)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// TestPositionsNearFullShrinkage: positions are exact however close the
// shrinkage is to 1. Near 1, 1 − shrinkage in float64 carries the
// shrinkage's rounding magnified (1 − 0.99999999 is 1.000000005e-8), and
// the quick float64 path took its ceiling: 3 agents at 99.999999 % came to
// 299,999,999 positions, one fewer than the 300,000,000 they need
// (3 ÷ 1e-8), and 1 agent at 99.9999975 % to 40,000,001, not 40,000,000.
// The expectations come from exact rational arithmetic on the shrinkage as
// written.
func TestPositionsNearFullShrinkage(t *testing.T) {
	p, err := Positions(3, 0.99999999)
	require.NoError(t, err)
	assert.Equal(t, 300_000_000, p)
	p, err = Positions(1, 0.999999975)
	require.NoError(t, err)
	assert.Equal(t, 40_000_000, p)

	for _, s := range []float64{0, 0.01, 0.1, 0.15, 0.2, 0.25, 0.3, 1.0 / 3, 0.35, 0.5, 0.7, 0.9, 0.99, 0.999,
		0.9999999, 0.99999995, 0.99999999, 0.999999975, 0.999999999, 0.9999999999, 0.99999999999, 0.99999999999999,
		0.123456789, 0.29999999999999993, 0.30000000000000004} {
		written, ok := new(big.Rat).SetString(strconv.FormatFloat(s, 'g', -1, 64))
		require.True(t, ok)
		avail := new(big.Rat).Sub(big.NewRat(1, 1), written)
		for agents := range 1500 {
			// The smallest n with n·(1 − shrinkage) ≥ agents.
			q := new(big.Rat).Quo(big.NewRat(int64(agents), 1), avail)
			want := new(big.Int).Quo(q.Num(), q.Denom())
			if new(big.Rat).SetInt(want).Cmp(q) < 0 {
				want.Add(want, big.NewInt(1))
			}
			got, err := Positions(agents, s)
			if want.Cmp(big.NewInt(1e15)) > 0 {
				assert.ErrorIs(t, err, ErrInvalidInput, "%d agents at %v", agents, s)
				continue
			}
			require.NoError(t, err, "%d agents at %v", agents, s)
			require.Equal(t, want.Int64(), int64(got), "%d agents at %v", agents, s)
		}
	}
}
