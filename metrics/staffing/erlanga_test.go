package staffing

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aUnits evaluates Erlang A with time in AHT units (AHT = 1000 s).
func aUnits(t *testing.T, c int, a, theta, tt float64, def Definition) AResult {
	t.Helper()
	l := Load{Arrivals: a, Interval: 1000 * time.Second, AHT: 1000 * time.Second}
	r, err := l.erlangA(c, a, time.Duration(1000e9/theta), time.Duration(tt*1000e9), def)
	require.NoError(t, err)
	return r
}

// Every figure and every service-level definition agrees with the
// birth–death chain and the hypoexponential waits evaluated at 1,200 bits,
// to 1e-9 relative: light and heavy load, patience from a tenth of the
// handling time to ten times it, overload with service levels far below 1.
func TestErlangAMatchesReference(t *testing.T) {
	for _, row := range []struct {
		c            int
		a, theta, tt float64
	}{
		{14, 10, 1, 1.0 / 9}, {14, 10, 0.1, 1.0 / 9}, {14, 10, 3, 0.5},
		{1, 0.5, 0.5, 0.2}, {3, 2.5, 0.25, 0}, {5, 12, 1.5, 0.3},
		{10, 30, 2, 0.05}, {20, 19, 0.2, 1}, {30, 45, 1, 0.1},
	} {
		t.Run(fmt.Sprintf("c=%d/A=%g/θ=%g/t=%g", row.c, row.a, row.theta, row.tt), func(t *testing.T) {
			ref := refA(row.c, row.a, row.theta, row.tt)
			for def, want := range map[Definition]float64{
				SLOffered: ref.slOffered, SLAnswered: ref.slAnswered,
				SLAbandonsMet: ref.slAbandonsMet, SLShortAbandonsExcluded: ref.slShortExcl,
			} {
				r := aUnits(t, row.c, row.a, row.theta, row.tt, def)
				assert.LessOrEqual(t, relErr(r.ServiceLevel, want), 1e-9, "%s: %g vs %g", def, r.ServiceLevel, want)
				assert.LessOrEqual(t, relErr(r.PWait, ref.pwait), 1e-9, "P(wait) %g vs %g", r.PWait, ref.pwait)
				assert.LessOrEqual(t, relErr(r.Abandoned, ref.abandoned), 1e-9, "abandoned %g vs %g", r.Abandoned, ref.abandoned)
				assert.LessOrEqual(t, relErr(r.Answered, ref.answered), 1e-9, "answered %g vs %g", r.Answered, ref.answered)
				assert.LessOrEqual(t, math.Abs(r.ASA.Seconds()-1000*ref.asa), max(1e-9*1000*ref.asa, 2e-9), "ASA %v vs %g s", r.ASA, 1000*ref.asa)
			}
		})
	}
}

// When patience equals the handling time (θ = μ) the number in the system
// is Poisson(A), as in M/M/∞ (Garnett, Mandelbaum and Reiman 2002, who
// note the equivalence): P(wait) = P(N ≥ c) and P(abandon) = E[(N−c)⁺]/A.
func TestErlangAPoissonIdentity(t *testing.T) {
	for _, row := range []struct {
		c int
		a float64
	}{{14, 10}, {5, 20}, {100, 95}, {1000, 1100}} {
		var below, excess float64
		p := math.Exp(-row.a)
		logp := -row.a
		for n := 0; n < row.c; n++ {
			below += math.Exp(logp)
			logp += math.Log(row.a) - math.Log(float64(n+1))
		}
		_ = p
		// E[(N−c)⁺] = A·P(N ≥ c) − c·P(N ≥ c+1)... via E[N] − E[min(N, c)].
		var emin float64
		logp = -row.a
		for n := 0; n <= row.c; n++ {
			if n < row.c {
				emin += float64(n) * math.Exp(logp)
			}
			logp += math.Log(row.a) - math.Log(float64(n+1))
		}
		emin += float64(row.c) * (1 - below)
		excess = row.a - emin
		r := aUnits(t, row.c, row.a, 1, 0.1, SLOffered)
		assert.InDelta(t, 1-below, r.PWait, 1e-9, "c=%d A=%g", row.c, row.a)
		assert.InDelta(t, excess/row.a, r.Abandoned, 1e-9, "c=%d A=%g", row.c, row.a)
	}
}

// With ever longer patience Erlang A becomes Erlang C, down to the
// published figures.
func TestErlangALongPatienceIsErlangC(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	c, err := l.ErlangC(14, 20*time.Second)
	require.NoError(t, err)
	for _, p := range []time.Duration{1000 * time.Hour, 1e6 * time.Hour} {
		a, err := l.ErlangA(14, p, 20*time.Second, "")
		require.NoError(t, err)
		tol := 180 / p.Seconds() * 10
		assert.InDelta(t, c.ServiceLevel, a.ServiceLevel, tol)
		assert.InDelta(t, c.PWait, a.PWait, tol)
		assert.InDelta(t, c.ASA.Seconds(), a.ASA.Seconds(), tol*10)
	}
	a, err := l.ErlangA(14, 1e6*time.Hour, 20*time.Second, "")
	require.NoError(t, err)
	assert.InDelta(t, 0.88835, a.ServiceLevel, 0.000005)
	assert.InDelta(t, 0.1741319, a.PWait, 0.0000001)
}

// Erlang A staffs fewer agents than Erlang C, because callers who hang up
// take no agent time, and the definitions order as they must: answered
// of answered ≥ answered of offered, abandons counted as met ≥ answered of
// offered.
func TestAgentsA(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	r, err := l.AgentsA(3*time.Minute, "", tg)
	require.NoError(t, err)
	assert.Equal(t, SLOffered, r.Definition)
	assert.Equal(t, 12, r.Agents)
	assert.GreaterOrEqual(t, r.ServiceLevel, 0.8)
	below, err := l.ErlangA(11, 3*time.Minute, 20*time.Second, "")
	require.NoError(t, err)
	assert.Less(t, below.ServiceLevel, 0.8)

	for _, c := range []int{8, 12, 16} {
		off, _ := l.ErlangA(c, time.Minute, 20*time.Second, SLOffered)
		ans, _ := l.ErlangA(c, time.Minute, 20*time.Second, SLAnswered)
		met, _ := l.ErlangA(c, time.Minute, 20*time.Second, SLAbandonsMet)
		short, _ := l.ErlangA(c, time.Minute, 20*time.Second, SLShortAbandonsExcluded)
		assert.GreaterOrEqual(t, ans.ServiceLevel, off.ServiceLevel)
		assert.GreaterOrEqual(t, met.ServiceLevel, off.ServiceLevel)
		assert.GreaterOrEqual(t, short.ServiceLevel, off.ServiceLevel)
		assert.InDelta(t, 1, off.Answered+off.Abandoned, 1e-12)
		assert.InDelta(t, off.Abandoned*60, off.MeanWait.Seconds(), 1e-6)
	}

	none := Load{Arrivals: 0, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	r, err = none.AgentsA(time.Minute, SLAnswered, tg)
	require.NoError(t, err)
	assert.Equal(t, 0, r.Agents)
	assert.Equal(t, 1.0, r.ServiceLevel)
}

// Overload with a target of 0 s: the service level is the share answered
// at once, about 5e-20, which float64 closed forms round to 0 or
// garbage; the sums keep its digits.
func TestErlangATinyServiceLevel(t *testing.T) {
	ref := refA(5, 100, 2, 0)
	r := aUnits(t, 5, 100, 2, 0, SLOffered)
	assert.Less(t, ref.slOffered, 1e-18)
	assert.Greater(t, ref.slOffered, 0.0)
	assert.LessOrEqual(t, relErr(r.ServiceLevel, ref.slOffered), 1e-9, "%g vs %g", r.ServiceLevel, ref.slOffered)
}

// Thousands of agents and a patience of a thousand handling times: the
// sums run over tens of thousands of waiting callers without overflow.
func TestErlangALargeAndPatient(t *testing.T) {
	r := aUnits(t, 3000, 3050, 0.001, 0.05, SLOffered)
	assert.Greater(t, r.PWait, 0.9)
	assert.Greater(t, r.Abandoned, 0.0)
	assert.InDelta(t, 1, r.Answered+r.Abandoned, 1e-12)
	// Carried load cannot exceed the agents.
	assert.LessOrEqual(t, r.Occupancy, 1.0)
	assert.InDelta(t, 3050*(1-r.Abandoned)/3000, r.Occupancy, 1e-12)
}

func TestDefinitionText(t *testing.T) {
	for _, d := range definitions {
		b, err := d.MarshalText()
		require.NoError(t, err)
		var got Definition
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, d, got)
		assert.Equal(t, string(d), d.String())
	}
	var d Definition
	require.NoError(t, d.UnmarshalText(nil))
	assert.Equal(t, SLOffered, d)
	assert.ErrorIs(t, d.UnmarshalText([]byte("best")), ErrInvalidInput)
	_, err := Definition("best").MarshalText()
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// An overloaded queue whose callers would wait a million
// handling times has tens of millions waiting: too many to sum, reported
// as unreachable at once rather than after minutes.
func TestErlangATooLongToEvaluate(t *testing.T) {
	l := Load{Arrivals: 1000, Interval: time.Hour, AHT: time.Hour}
	_, err := l.ErlangA(10, 1e6*time.Hour, 0, "")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnreachable)
	var ue *UnreachableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 10, ue.Agents)
	assert.InDelta(t, 1000, ue.Traffic, 1e-9)
}

// The search finds the fewest agents: with one agent fewer the target or
// the occupancy limit is missed, for every definition, light to heavy
// loads, short and long patience.
func TestAgentsAIsMinimal(t *testing.T) {
	for _, arrivals := range []float64{3, 40, 400, 4000} {
		for _, patience := range []time.Duration{30 * time.Second, 5 * time.Minute, time.Hour} {
			for _, def := range definitions {
				for _, occ := range []float64{0, 0.8} {
					l := Load{Arrivals: arrivals, Interval: 30 * time.Minute, AHT: 4 * time.Minute}
					tg := Target{ServiceLevel: 0.85, Within: 30 * time.Second, MaxOccupancy: occ}
					r, err := l.AgentsA(patience, def, tg)
					require.NoError(t, err)
					assert.GreaterOrEqual(t, r.ServiceLevel, 0.85)
					if occ > 0 {
						assert.LessOrEqual(t, r.Occupancy, occ)
					}
					if r.Agents > 1 {
						prev, err := l.ErlangA(r.Agents-1, patience, tg.Within, def)
						require.NoError(t, err)
						assert.True(t, prev.ServiceLevel < 0.85 || (occ > 0 && prev.Occupancy > occ),
							"%g arrivals, patience %v, %s, occupancy ≤ %g: %d agents would do", arrivals, patience, def, occ, r.Agents-1)
					}
				}
			}
		}
	}
}
