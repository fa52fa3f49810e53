package staffing

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An independent Erlang C, written the way the textbooks state it and
// evaluated in log space so that it neither overflows nor underflows:
//
//	P(wait) = (A^N/N! · N/(N−A)) ÷ (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))
//	SL      = 1 − P(wait)·e^(−(N−A)·T/AHT)
//	ASA     = P(wait)·AHT ÷ (N − A)
//
// It shares no code with the package: lgamma and a log-sum-exp over the
// N+1 terms, nothing else.
func oracleC(n int, a float64, tOverAHT float64) (pw, sl, asa float64) {
	if a == 0 {
		return 0, 1, 0
	}
	if a >= float64(n) {
		return 1, 0, math.Inf(1)
	}
	la := math.Log(a)
	logTerm := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k) + 1)
		return float64(k)*la - lg
	}
	top := logTerm(n) + math.Log(float64(n)/(float64(n)-a))
	// log-sum-exp over the k < N terms and top.
	m := top
	for k := 0; k < n; k++ {
		m = math.Max(m, logTerm(k))
	}
	var s float64
	for k := 0; k < n; k++ {
		s += math.Exp(logTerm(k) - m)
	}
	s += math.Exp(top - m)
	pw = math.Exp(top - m - math.Log(s))
	sl = 1 - pw*math.Exp(-(float64(n)-a)*tOverAHT)
	asa = pw / (float64(n) - a)
	return pw, sl, asa
}

// oracleAgents is the smallest N > A with the oracle's service level at
// least target and A/N at most occ; near reports whether some N's service
// level lay within 1e-9 of the target, where rounding may decide.
func oracleAgents(a, tOverAHT, target, occ float64) (n int, near bool) {
	for n = int(math.Floor(a)) + 1; ; n++ {
		if a/float64(n) > occ {
			continue
		}
		_, sl, _ := oracleC(n, a, tOverAHT)
		if math.Abs(sl-target) < 1e-9 {
			near = true
		}
		if sl >= target {
			return n, near
		}
	}
}

func TestErlangCAgainstLogSpaceOracle(t *testing.T) {
	loads := []float64{1e-9, 0.01, 0.5, 1, 2.5, 7.3, 10, 33.3, 99.99, 100, 250, 777.7, 1000, 2500}
	within := []float64{0, 0.05, 1.0 / 9, 0.5, 1, 3}
	targets := []float64{0.01, 0.5, 0.8, 0.95, 0.999, 0.999999}
	occs := []float64{0, 0.5, 0.85, 0.95}
	aht := 300 * time.Second
	for _, a := range loads {
		if testing.Short() && a > 300 {
			continue
		}
		// Arrivals over an hour with a five-minute AHT give a Erlangs.
		l := Load{Arrivals: a * 12, Interval: time.Hour, AHT: aht}
		traffic := l.traffic()
		for _, w := range within {
			wd := time.Duration(w * float64(aht))
			tw := wd.Seconds() / aht.Seconds()
			// Figures for a fixed number of agents around the load.
			for _, n := range []int{int(math.Floor(traffic)) + 1, int(math.Ceil(traffic*1.05)) + 1, int(traffic) + 5, int(traffic*1.3) + 2} {
				if n < 1 {
					continue
				}
				r, err := l.ErlangC(n, wd)
				require.NoError(t, err)
				pw, sl, asa := oracleC(n, traffic, tw)
				assert.InDelta(t, pw, r.PWait, 1e-9*max(pw, 1e-300)+1e-300, "P(wait) A=%v N=%d", traffic, n)
				assert.InDelta(t, sl, r.ServiceLevel, 1e-9, "SL A=%v N=%d t=%v", traffic, n, w)
				assert.InDelta(t, asa*aht.Seconds(), r.ASA.Seconds(), 1e-8*asa*aht.Seconds()+1e-9, "ASA A=%v N=%d", traffic, n)
				assert.InDelta(t, traffic/float64(n), r.Occupancy, 1e-15)
				assert.True(t, r.Stable)
			}
			for _, tg := range targets {
				for _, occ := range occs {
					r, err := l.AgentsC(Target{ServiceLevel: tg, Within: wd, MaxOccupancy: occ})
					require.NoError(t, err, "A=%v t=%v sl=%v occ=%v", traffic, w, tg, occ)
					o := occ
					if o == 0 {
						o = 1
					}
					want, near := oracleAgents(traffic, tw, tg, o)
					if near {
						assert.InDelta(t, want, r.Agents, 1, "A=%v t=%v sl=%v occ=%v", traffic, w, tg, occ)
						continue
					}
					assert.Equal(t, want, r.Agents, "A=%v t=%v sl=%v occ=%v", traffic, w, tg, occ)
					assert.GreaterOrEqual(t, r.ServiceLevel, tg)
					assert.LessOrEqual(t, r.Occupancy, o)
				}
			}
		}
	}
}

// oracleA is Erlang A's birth–death chain summed directly in log space:
// states n = 0, 1, … callers in the system, births λ, deaths min(n, c)·μ
// + max(n − c, 0)·θ, truncated where the terms have fallen below 1e-30
// of the largest. It gives the probability of waiting (Σ_{n≥c} π_n, by
// PASTA), the share abandoning (θ·E[queue] ÷ λ) and the mean wait of all
// callers (E[queue] ÷ λ, Little's law). Time in AHT units (μ = 1).
func oracleA(c int, a, theta float64) (pwait, abandoned, meanWait float64) {
	// log π_n up to a constant: log π_n = log π_{n−1} + log λ − log death(n).
	var logs []float64
	lp, top := 0.0, 0.0
	for n := 0; ; n++ {
		if n > 0 {
			death := float64(min(n, c)) + float64(max(n-c, 0))*theta
			lp += math.Log(a) - math.Log(death)
		}
		logs = append(logs, lp)
		top = math.Max(top, lp)
		if n > c && lp < top-70 {
			break
		}
	}
	var z, w, q float64
	for n, l := range logs {
		p := math.Exp(l - top)
		z += p
		if n >= c {
			w += p
			q += float64(n-c) * p
		}
	}
	eq := q / z
	return w / z, theta * eq / a, eq / a
}

func TestErlangAAgainstChainOracle(t *testing.T) {
	aht := 240 * time.Second
	for _, a := range []float64{0.3, 2, 9.5, 40, 150, 600} {
		l := Load{Arrivals: a * 15, Interval: time.Hour, AHT: aht}
		for _, patience := range []time.Duration{10 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour} {
			theta := aht.Seconds() / patience.Seconds()
			for _, c := range []int{max(1, int(a*0.7)), int(a) + 1, int(a*1.1) + 2, int(a*1.5) + 3} {
				r, err := l.ErlangA(c, patience, 20*time.Second, "")
				require.NoError(t, err)
				pw, ab, mw := oracleA(c, l.traffic(), theta)
				where := fmt.Sprintf("A=%v c=%d patience=%s", a, c, patience)
				assert.InDelta(t, pw, r.PWait, 1e-9*pw+1e-15, where)
				assert.InDelta(t, ab, r.Abandoned, 1e-9*ab+1e-15, where)
				assert.InDelta(t, 1-ab, r.Answered, 1e-9, where)
				assert.InDelta(t, mw*aht.Seconds(), r.MeanWait.Seconds(), 1e-8*mw*aht.Seconds()+2e-9, where)
				assert.InDelta(t, math.Min(1, l.traffic()*(1-ab)/float64(c)), r.Occupancy, 1e-9, where)
			}
		}
	}
}
