package staffing

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The published example of the Erlang C calculators (Call Centre Helper's
// worked example, reproduced by most online calculators): 100 calls in 30
// minutes, 180 s handling time, 80 % answered in 20 s.
func TestAgentsCPublishedExample(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	a, err := l.Traffic()
	require.NoError(t, err)
	assert.Equal(t, 10.0, a)

	r, err := l.AgentsC(Target{ServiceLevel: 0.8, Within: 20 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, 14, r.Agents)
	assert.True(t, r.Stable)
	assert.InDelta(t, 0.88835, r.ServiceLevel, 0.000005)
	assert.InDelta(t, 0.1741319, r.PWait, 0.00000005)
	assert.InDelta(t, 7.836, r.ASA.Seconds(), 0.0005)
	assert.InDelta(t, 0.714, r.Occupancy, 0.0005)

	p, err := Positions(r.Agents, 0.3)
	require.NoError(t, err)
	assert.Equal(t, 20, p)

	// 13 agents fall short: 79.6 %.
	r13, err := l.ErlangC(13, 20*time.Second)
	require.NoError(t, err)
	assert.InDelta(t, 0.7956, r13.ServiceLevel, 0.00005)

	// A maximum occupancy of 70 % needs 15 agents (10/14 = 71.4 %).
	r, err = l.AgentsC(Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 0.7})
	require.NoError(t, err)
	assert.Equal(t, 15, r.Agents)
}

// Independent calculators agree. The CRAN package ErlangC (Damonsoul,
// 0.1.0; rdocumentation.org/packages/ErlangC) documents erlang_c for the
// same example: ASA "7.83593701177724s", immediate answer 0.8258681,
// occupancy 0.7142857, and, in calculate_agents with a maximum occupancy
// of 0.85, 14 agents after trying 11 with P(wait) 0.6821182. The Ruby gem
// erlang_c_calculator (after Koole's Call Center Mathematics) documents
// 0.01 calls a second, 300 s service and 20 s acceptable wait as 3.0
// Erlangs and 6 agents, which is what 80 % within 20 s needs: 5 agents
// answer 79.3 % in time.
func TestErlangCIndependentSources(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	r, err := l.ErlangC(14, 20*time.Second)
	require.NoError(t, err)
	assert.InDelta(t, 7.83593701177724, r.ASA.Seconds(), 1e-9)
	assert.InDelta(t, 0.8258681, 1-r.PWait, 5e-8)
	assert.InDelta(t, 0.7142857, r.Occupancy, 5e-8)
	r, err = l.AgentsC(Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 0.85})
	require.NoError(t, err)
	assert.Equal(t, 14, r.Agents)
	r11, err := l.ErlangC(11, 20*time.Second)
	require.NoError(t, err)
	assert.InDelta(t, 0.6821182, r11.PWait, 5e-8)

	gem := Load{Arrivals: 0.01 * 3600, Interval: time.Hour, AHT: 300 * time.Second}
	a, err := gem.Traffic()
	require.NoError(t, err)
	assert.InDelta(t, 3.0, a, 1e-12)
	r, err = gem.AgentsC(Target{ServiceLevel: 0.8, Within: 20 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, 6, r.Agents)
	r5, err := gem.ErlangC(5, 20*time.Second)
	require.NoError(t, err)
	assert.InDelta(t, 0.793, r5.ServiceLevel, 0.0005)
}

// Erlang B tables give the traffic a group of lines carries at a grade of
// service; every printed table (Cooper, Introduction to Queueing Theory,
// table of the Erlang loss formula; the ITU-T teletraffic handbook) has,
// at 1 % blocking, 4.46 Erlangs on 10 lines, 12.03 on 20, 37.90 on 50 and
// 84.06 on 100 (the largest traffic whose blocking is at most 1 %, to two
// decimals). Wolfram's ErlangB documentation: 30 lines at 25 Erlangs
// block about 5 % of calls.
func TestErlangBTables(t *testing.T) {
	for _, row := range []struct {
		lines   int
		traffic float64
	}{{10, 4.46}, {20, 12.03}, {50, 37.90}, {100, 84.06}} {
		b, err := ErlangB(row.lines, row.traffic)
		require.NoError(t, err)
		assert.LessOrEqual(t, b, 0.01, "%d lines at %.2f E", row.lines, row.traffic)
		above, err := ErlangB(row.lines, row.traffic+0.01)
		require.NoError(t, err)
		assert.Greater(t, above, 0.01, "%d lines at %.2f E", row.lines, row.traffic+0.01)
	}
	b, err := ErlangB(30, 25)
	require.NoError(t, err)
	assert.InDelta(t, 0.05, b, 0.005)
}

// Every figure agrees with the factorial formulas evaluated at 1,200 bits
// to 1e-9 relative, from one agent to thousands, light load to a hair
// below saturation, and answer targets from 0 to the handling time.
func TestErlangCMatchesReference(t *testing.T) {
	type row struct {
		c int
		a float64
	}
	var rows []row
	for _, c := range []int{1, 2, 3, 7, 14, 50, 200, 1000, 3000} {
		for _, rho := range []float64{0.01, 0.3, 0.7, 0.9, 0.99, 0.999} {
			rows = append(rows, row{c, rho * float64(c)})
		}
	}
	rows = append(rows, row{1200, 1000}, row{1040, 1000}, row{14, 10})
	for _, r := range rows {
		for _, tt := range []float64{0, 1.0 / 9, 1} {
			t.Run(fmt.Sprintf("c=%d/A=%g/t=%g", r.c, r.a, tt), func(t *testing.T) {
				ref := refC(r.c, r.a, tt)
				b, err := ErlangB(r.c, r.a)
				require.NoError(t, err)
				assert.LessOrEqual(t, relErr(b, ref.b), 1e-9, "B %g vs %g", b, ref.b)
				pw, err := ErlangC(r.c, r.a)
				require.NoError(t, err)
				assert.LessOrEqual(t, relErr(pw, ref.c), 1e-9, "C %g vs %g", pw, ref.c)
				// Through a Load with AHT 1000 s: time in AHT units.
				bb, d := erlangB(r.c, r.a)
				l := Load{Arrivals: r.a, Interval: 1000 * time.Second, AHT: 1000 * time.Second}
				res := l.resultC(r.c, r.a, bb, d, time.Duration(tt*1000e9))
				assert.LessOrEqual(t, relErr(res.ServiceLevel, ref.sl), 1e-9, "SL %g vs %g", res.ServiceLevel, ref.sl)
				asa := ref.asa * 1000
				assert.LessOrEqual(t, math.Abs(res.ASA.Seconds()-asa), max(1e-9*asa, 1e-9), "ASA %v vs %g s", res.ASA, asa)
			})
		}
	}
}

// A service level far below 1 near saturation keeps its digits: with t = 0
// it is 1 − C, which the naive form loses to cancellation.
func TestErlangCTinyServiceLevel(t *testing.T) {
	c, a := 2000, 1999.999
	ref := refC(c, a, 0)
	bb, d := erlangB(c, a)
	l := Load{Arrivals: a, Interval: time.Hour, AHT: time.Hour}
	res := l.resultC(c, a, bb, d, 0)
	assert.Less(t, ref.sl, 1e-4)
	assert.LessOrEqual(t, relErr(res.ServiceLevel, ref.sl), 1e-9, "SL %g vs %g", res.ServiceLevel, ref.sl)
}

func TestErlangCOverloadedAndEmpty(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	r, err := l.ErlangC(10, 20*time.Second) // exactly saturated
	require.NoError(t, err)
	assert.False(t, r.Stable)
	assert.Equal(t, 1.0, r.PWait)
	assert.Equal(t, 0.0, r.ServiceLevel)
	assert.Equal(t, 1.0, r.Occupancy)
	assert.Equal(t, time.Duration(math.MaxInt64), r.ASA)

	pw, err := ErlangC(5, 7)
	require.NoError(t, err)
	assert.Equal(t, 1.0, pw)

	none := Load{Arrivals: 0, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	r, err = none.AgentsC(Target{ServiceLevel: 0.8, Within: 20 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, Result{Stable: true, ServiceLevel: 1}, r)
	r, err = none.ErlangC(1, 0)
	require.NoError(t, err)
	assert.Equal(t, 1.0, r.ServiceLevel)
	assert.Equal(t, 0.0, r.PWait)

	b, err := ErlangB(0, 3)
	require.NoError(t, err)
	assert.Equal(t, 1.0, b)
}

// Thousands of agents: no overflow, and the answer is the smallest count
// meeting the target.
func TestAgentsCLarge(t *testing.T) {
	for _, a := range []float64{1000, 5000, 20000} {
		l := Load{Arrivals: a * 1800 / 300, Interval: 30 * time.Minute, AHT: 300 * time.Second}
		tg := Target{ServiceLevel: 0.9, Within: 15 * time.Second}
		r, err := l.AgentsC(tg)
		require.NoError(t, err)
		assert.Greater(t, r.Agents, int(a))
		assert.GreaterOrEqual(t, r.ServiceLevel, 0.9)
		below, err := l.ErlangC(r.Agents-1, tg.Within)
		require.NoError(t, err)
		assert.Less(t, below.ServiceLevel, 0.9)
	}
}

func TestPositions(t *testing.T) {
	for _, row := range []struct {
		agents    int
		shrinkage float64
		want      int
	}{
		{14, 0.3, 20}, {14, 0, 14}, {0, 0.5, 0}, {10, 0.3, 15}, {7, 0.3, 10},
		{21, 0.3, 30}, {1, 0.999, 1000}, {100, 0.35, 154}, {13, 0.35, 20},
	} {
		got, err := Positions(row.agents, row.shrinkage)
		require.NoError(t, err)
		assert.Equal(t, row.want, got, "%d agents at %g", row.agents, row.shrinkage)
	}
}

func TestInputErrors(t *testing.T) {
	good := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	for name, f := range map[string]func() error{
		"negative arrivals": func() error { _, err := Load{-1, time.Hour, time.Minute}.Traffic(); return err },
		"NaN arrivals":      func() error { _, err := Load{math.NaN(), time.Hour, time.Minute}.Traffic(); return err },
		"infinite arrivals": func() error { _, err := Load{math.Inf(1), time.Hour, time.Minute}.AgentsC(tg); return err },
		"zero AHT":          func() error { _, err := Load{10, time.Hour, 0}.AgentsC(tg); return err },
		"zero interval":     func() error { _, err := Load{10, 0, time.Minute}.ErlangC(3, 0); return err },
		"huge traffic":      func() error { _, err := Load{1e12, time.Second, time.Hour}.AgentsC(tg); return err },
		"target above interval": func() error {
			_, err := good.AgentsC(Target{ServiceLevel: 0.8, Within: time.Hour})
			return err
		},
		"within above interval": func() error { _, err := good.ErlangC(14, time.Hour); return err },
		"service level 1":       func() error { _, err := good.AgentsC(Target{ServiceLevel: 1}); return err },
		"service level NaN":     func() error { _, err := good.AgentsC(Target{ServiceLevel: math.NaN()}); return err },
		"negative within":       func() error { _, err := good.AgentsC(Target{ServiceLevel: 0.8, Within: -1}); return err },
		"occupancy above 1":     func() error { _, err := good.AgentsC(Target{ServiceLevel: 0.8, MaxOccupancy: 1.5}); return err },
		"zero agents":           func() error { _, err := good.ErlangC(0, 0); return err },
		"negative agents B":     func() error { _, err := ErlangB(-1, 3); return err },
		"NaN traffic C":         func() error { _, err := ErlangC(3, math.NaN()); return err },
		"shrinkage 1":           func() error { _, err := Positions(10, 1); return err },
		"shrinkage NaN":         func() error { _, err := Positions(10, math.NaN()); return err },
		"negative shrinkage":    func() error { _, err := Positions(10, -0.1); return err },
		"negative positions":    func() error { _, err := Positions(-1, 0.3); return err },
		"zero patience":         func() error { _, err := good.ErlangA(14, 0, 0, ""); return err },
		"unknown definition":    func() error { _, err := good.ErlangA(14, time.Minute, 0, "nonsense"); return err },
		"concurrency 0":         func() error { _, err := good.AgentsChat(0, tg); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidInput)
			var ie *InputError
			assert.ErrorAs(t, err, &ie)
			assert.NotEmpty(t, ie.Field)
		})
	}
}
