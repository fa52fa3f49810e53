package staffing

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// Load is the work offered to a queue in one interval: how many contacts
// arrive (an expected number, so it may be fractional), over how long, and
// how long each takes to handle on average (talk, hold and after-contact
// work).
type Load struct {
	Arrivals float64       // contacts arriving in the interval, ≥ 0
	Interval time.Duration // the interval's length, > 0
	AHT      time.Duration // mean handling time, > 0
}

// Validate reports a load no model accepts, wrapping [ErrInvalidInput].
func (l Load) Validate() error {
	switch {
	case math.IsNaN(l.Arrivals) || math.IsInf(l.Arrivals, 0) || l.Arrivals < 0:
		return bad("arrivals", l.Arrivals, "must be a finite number ≥ 0")
	case l.Interval <= 0:
		return bad("interval", l.Interval, "must be positive")
	case l.AHT <= 0:
		return bad("aht", l.AHT, "must be positive")
	}
	if a := l.traffic(); math.IsInf(a, 0) || a > maxTraffic {
		return bad("arrivals", l.Arrivals, "offer more than 10 million Erlangs")
	}
	return nil
}

// maxTraffic bounds the offered load the models evaluate (10 million
// Erlangs): beyond it the Erlang B recursion would run for minutes.
const maxTraffic = 1e7

// Traffic returns the offered load in Erlangs: arrivals × AHT ÷ interval.
func (l Load) Traffic() (float64, error) {
	if err := l.Validate(); err != nil {
		return 0, err
	}
	return l.traffic(), nil
}

func (l Load) traffic() float64 {
	return l.Arrivals * l.AHT.Seconds() / l.Interval.Seconds()
}

// Target is a service-level goal: at least ServiceLevel of contacts
// answered within Within, with agents busy at most MaxOccupancy of the
// time (0 means no limit). The common call-centre goal is 80 % in 20 s.
type Target struct {
	ServiceLevel float64       // share in (0, 1)
	Within       time.Duration // answer-time target, ≥ 0 and not beyond the interval
	MaxOccupancy float64       // in (0, 1]; 0 means 1 (no limit)
}

func (t Target) validate(interval time.Duration) error {
	switch {
	case math.IsNaN(t.ServiceLevel) || t.ServiceLevel <= 0 || t.ServiceLevel >= 1:
		return bad("target.service_level", t.ServiceLevel, "must lie strictly between 0 and 1")
	case t.Within < 0:
		return bad("target.within", t.Within, "must not be negative")
	case interval > 0 && t.Within > interval:
		return bad("target.within", t.Within, "is longer than the interval "+interval.String())
	case math.IsNaN(t.MaxOccupancy) || t.MaxOccupancy < 0 || t.MaxOccupancy > 1:
		return bad("target.max_occupancy", t.MaxOccupancy, "must lie in (0, 1], or be 0 for no limit")
	}
	return nil
}

func (t Target) maxOccupancy() float64 {
	if t.MaxOccupancy == 0 {
		return 1
	}
	return t.MaxOccupancy
}

// Result describes a queue staffed with Agents agents under Erlang C
// (M/M/c: Poisson arrivals, exponential handling times, no one hangs up).
//
// When the agents cannot keep up (Traffic ≥ Agents), the queue grows
// without bound: Stable is false, PWait is 1, ServiceLevel 0, Occupancy 1
// and ASA the largest Duration, standing for infinity.
type Result struct {
	Agents       int
	Traffic      float64       // offered load in Erlangs
	PWait        float64       // probability that a contact waits (Erlang C formula)
	ServiceLevel float64       // share answered within the target time
	ASA          time.Duration // average speed of answer over all contacts, to the nanosecond
	Occupancy    float64       // share of the agents' time spent handling: Traffic ÷ Agents
	Stable       bool          // Traffic < Agents
}

// ErlangB returns the blocking probability of an M/M/c/c loss system: the
// share of contacts that find all agents busy when there is no queue. It
// uses the recursion B(0) = 1, B(k) = A·B(k−1) ÷ (k + A·B(k−1)), which is
// stable for any number of agents and needs no factorials.
func ErlangB(agents int, traffic float64) (float64, error) {
	if err := checkAgentsTraffic(agents, traffic); err != nil {
		return 0, err
	}
	b, _ := erlangB(agents, traffic)
	return b, nil
}

// ErlangC returns the probability of waiting in an M/M/c queue with the
// given agents and traffic in Erlangs (1 when traffic ≥ agents).
func ErlangC(agents int, traffic float64) (float64, error) {
	if err := checkAgentsTraffic(agents, traffic); err != nil {
		return 0, err
	}
	if traffic >= float64(agents) {
		return 1, nil
	}
	b, d := erlangB(agents, traffic)
	return erlangC(agents, traffic, b, d), nil
}

func checkAgentsTraffic(agents int, traffic float64) error {
	if agents < 0 {
		return bad("agents", agents, "must not be negative")
	}
	if math.IsNaN(traffic) || math.IsInf(traffic, 0) || traffic < 0 || traffic > maxTraffic {
		return bad("traffic", traffic, "must be a finite number of Erlangs in [0, 1e7]")
	}
	if agents > maxAgents {
		return bad("agents", agents, "more than 20 million")
	}
	return nil
}

const maxAgents = 20_000_000

// maxPositions bounds what [Positions] returns, far inside an int and
// exact in a float64.
const maxPositions = 1e15

// erlangB returns B(c, A) and 1 − B(c, A), the latter from
// 1 − B(k) = k ÷ (k + A·B(k−1)), so it keeps its relative precision when
// B is close to 1.
func erlangB(c int, a float64) (b, d float64) {
	b, d = 1, 0
	for k := 1; k <= c; k++ {
		ab := a * b
		den := float64(k) + ab
		b, d = ab/den, float64(k)/den
	}
	return b, d
}

// erlangC is C = c·B ÷ (c − A·(1 − B)) for A < c.
func erlangC(c int, a, b, d float64) float64 {
	return float64(c) * b / (float64(c) - a*d)
}

// ErlangC evaluates the load staffed with agents under Erlang C, counting
// a contact as answered in time when it waits no longer than within.
func (l Load) ErlangC(agents int, within time.Duration) (Result, error) {
	if err := l.Validate(); err != nil {
		return Result{}, err
	}
	if agents < 1 || agents > maxAgents {
		return Result{}, bad("agents", agents, "must lie in [1, 20,000,000]")
	}
	if within < 0 || within > l.Interval {
		return Result{}, bad("within", within, "must lie in [0, interval]")
	}
	a := l.traffic()
	b, d := erlangB(agents, a)
	return l.resultC(agents, a, b, d, within), nil
}

// resultC computes the Erlang C figures from B(c, A) and 1 − B(c, A):
//
//	P(wait) = c·B ÷ (c − A·(1−B))
//	SL      = 1 − P(wait)·e^(−(c−A)·t/AHT)
//	        = ((c−A)·(1−B) − c·B·expm1(−(c−A)·t/AHT)) ÷ (c − A·(1−B))
//	ASA     = P(wait)·AHT ÷ (c − A)
//
// The second form of SL adds two non-negative terms, so a service level
// near 0 keeps its relative precision.
func (l Load) resultC(c int, a, b, d float64, within time.Duration) Result {
	r := Result{Agents: c, Traffic: a}
	fc := float64(c)
	if a >= fc {
		r.PWait, r.Occupancy, r.ASA = 1, 1, time.Duration(math.MaxInt64)
		return r
	}
	r.Stable = true
	den := fc - a*d
	r.PWait = fc * b / den
	x := (fc - a) * within.Seconds() / l.AHT.Seconds()
	r.ServiceLevel = ((fc-a)*d - fc*b*math.Expm1(-x)) / den
	r.ServiceLevel = min(r.ServiceLevel, 1)
	r.ASA = seconds(r.PWait * l.AHT.Seconds() / (fc - a))
	r.Occupancy = a / fc
	return r
}

// seconds converts seconds to a Duration rounded to the nanosecond,
// saturating at the largest Duration.
func seconds(s float64) time.Duration {
	ns := math.Round(s * 1e9)
	if ns >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(ns)
}

// AgentsC returns the fewest agents with which the load meets the target
// under Erlang C, and the queue's figures with them: the service level at
// least t.ServiceLevel and the occupancy at most t.MaxOccupancy. No
// arrivals need no agents (a Result with Agents 0, ServiceLevel 1, PWait,
// ASA and Occupancy 0). A maximum occupancy that needs more than 20
// million agents is an [*UnreachableError] at once. The search runs the Erlang B recursion once
// upwards, so it costs O(agents).
func (l Load) AgentsC(t Target) (Result, error) {
	if err := l.Validate(); err != nil {
		return Result{}, err
	}
	if err := t.validate(l.Interval); err != nil {
		return Result{}, err
	}
	a := l.traffic()
	if a == 0 {
		return Result{Stable: true, ServiceLevel: 1}, nil
	}
	occ := t.maxOccupancy()
	limit, err := searchLimit(a, occ, int(math.Ceil(a))+100+int(50*math.Sqrt(a)))
	if err != nil {
		return Result{}, err
	}
	b, d := 1.0, 0.0
	for c := 1; c <= limit; c++ {
		ab := a * b
		den := float64(c) + ab
		b, d = ab/den, float64(c)/den
		if float64(c) <= a || a/float64(c) > occ {
			continue
		}
		r := l.resultC(c, a, b, d, t.Within)
		if r.ServiceLevel >= t.ServiceLevel {
			return r, nil
		}
	}
	return Result{}, &UnreachableError{Traffic: a, Agents: limit, Problem: "the service level stays below the target"}
}

// searchLimit returns the most agents a search for traffic a under a
// maximum occupancy occ tries: the fewest the occupancy allows plus
// slack, at most maxAgents. An occupancy that needs more agents than
// maxAgents is unreachable at once, so a tiny maximum occupancy neither
// overflows the bound nor runs the recursion over billions of agents.
func searchLimit(a, occ float64, slack int) (int, error) {
	need := math.Ceil(a / occ)
	if need > maxAgents {
		return 0, &UnreachableError{Traffic: a, Agents: maxAgents, Problem: "the maximum occupancy needs more than 20 million agents"}
	}
	return min(int(need)+slack, maxAgents), nil
}

// Positions returns the scheduled positions needed to have agents on the
// queue when a share shrinkage of paid time is lost to breaks, meetings,
// training and absence: agents ÷ (1 − shrinkage), rounded up. The
// shrinkage is read as the shortest decimal that prints as the float64
// (0.3 is exactly 0.3) and the division is exact, so 14 agents at 30 %
// shrinkage are 20 positions, not 21. A shrinkage so close to 1 that the
// positions pass 1e15 is an error wrapping [ErrInvalidInput].
func Positions(agents int, shrinkage float64) (int, error) {
	if agents < 0 {
		return 0, bad("agents", agents, "must not be negative")
	}
	if math.IsNaN(shrinkage) || shrinkage < 0 || shrinkage >= 1 {
		return 0, bad("shrinkage", shrinkage, "must lie in [0, 1)")
	}
	// Far from an integer, the float64 quotient rounds up safely; near
	// one, decide in exact decimal arithmetic.
	q := float64(agents) / (1 - shrinkage)
	tooMany := func() (int, error) {
		return 0, bad("shrinkage", shrinkage, fmt.Sprintf("leaves so little time that %d agents need more than 1e15 positions", agents))
	}
	// 1 − shrinkage in float64 may be off by a part in 1e4 near 1: only
	// a quotient far past the bound is decided here.
	if q > 1.001*maxPositions {
		return tooMany()
	}
	// The float64 quotient is within q·(2.3e-16 + 5.6e-17 ÷ (1 −
	// shrinkage)) of the exact one (the float64 shrinkage is within half
	// an ulp of its decimal, and 1 − shrinkage magnifies that near 1):
	// far enough from an integer, its ceiling is the answer.
	slack := q*(1e-9+1e-16/(1-shrinkage)) + 1e-9
	if r := math.Round(q); math.Abs(q-r) > slack {
		return int(math.Ceil(q)), nil
	}
	avail := decimal.NewFromInt(1).Sub(decimal.NewFromFloat(shrinkage))
	need := decimal.NewFromInt(int64(agents))
	// The smallest n with n·(1 − shrinkage) ≥ agents, settled by exact
	// multiplication around a rounded quotient.
	n := need.DivRound(avail, 0)
	one := decimal.NewFromInt(1)
	for n.Mul(avail).LessThan(need) {
		n = n.Add(one)
	}
	for n.IsPositive() && n.Sub(one).Mul(avail).GreaterThanOrEqual(need) {
		n = n.Sub(one)
	}
	if n.GreaterThan(decimal.NewFromInt(maxPositions)) {
		return tooMany()
	}
	return int(n.IntPart()), nil
}
