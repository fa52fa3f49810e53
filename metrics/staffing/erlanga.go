package staffing

import (
	"fmt"
	"math"
	"time"
)

// Definition says what counts as a service level once callers abandon.
// Calculators and ACDs disagree; the four common definitions are offered
// by name. The zero Definition means [SLOffered].
type Definition string

// The service-level definitions, with t the answer-time target:
const (
	// SLOffered is answered within t ÷ all offered contacts: a caller who
	// hangs up, however soon, counts against the service level (Cisco's
	// "abandoned calls have a negative impact", the strictest, and the
	// default here because it is the one that cannot flatter a desk).
	SLOffered Definition = "answered-of-offered"
	// SLAnswered is answered within t ÷ answered contacts: abandoned
	// calls are ignored (Cisco's "abandoned calls ignored").
	SLAnswered Definition = "answered-of-answered"
	// SLAbandonsMet is (answered within t + abandoned within t) ÷
	// offered: a caller who hangs up before t counts as met (Cisco's
	// "abandoned calls have a positive impact").
	SLAbandonsMet Definition = "abandons-met"
	// SLShortAbandonsExcluded is answered within t ÷ (offered − abandoned
	// within t): short abandons leave numerator and denominator (Avaya's
	// and Genesys' common setting).
	SLShortAbandonsExcluded Definition = "short-abandons-excluded"
)

var definitions = []Definition{SLOffered, SLAnswered, SLAbandonsMet, SLShortAbandonsExcluded}

// String returns the definition's name.
func (d Definition) String() string { return string(d) }

// ParseDefinition returns the definition named s ("" is [SLOffered]).
func ParseDefinition(s string) (Definition, error) {
	if s == "" {
		return SLOffered, nil
	}
	for _, d := range definitions {
		if string(d) == s {
			return d, nil
		}
	}
	return "", bad("definition", s, "unknown service-level definition")
}

// MarshalText returns the definition's name.
func (d Definition) MarshalText() ([]byte, error) {
	if _, err := ParseDefinition(string(d)); err != nil {
		return nil, err
	}
	return []byte(d), nil
}

// UnmarshalText reads a definition's name.
func (d *Definition) UnmarshalText(text []byte) error {
	v, err := ParseDefinition(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AResult describes a queue staffed with Agents agents under Erlang A
// (M/M/c+M: Poisson arrivals, exponential handling times, and callers who
// hang up after an exponential patience if not answered by then). An
// Erlang A queue is always stable: abandonment keeps it finite.
type AResult struct {
	Agents     int
	Traffic    float64    // offered load in Erlangs
	Definition Definition // of ServiceLevel
	PWait      float64    // probability that an arriving caller waits
	// ServiceLevel is the share answered within the target time under
	// Definition.
	ServiceLevel float64
	Answered     float64       // share of arrivals answered
	Abandoned    float64       // share of arrivals who hang up before an answer
	ShortAbandon float64       // share of arrivals who hang up within the target time
	ASA          time.Duration // average speed of answer: mean wait of answered callers (those answered at once count 0)
	MeanWait     time.Duration // mean time in queue over all arrivals, abandoned ones until they hang up
	Occupancy    float64       // carried load ÷ agents: Traffic × (1 − Abandoned) ÷ Agents
}

// maxQueue bounds the number of waiting callers the Erlang A sums visit.
const maxQueue = 20_000_000

// ErlangA evaluates the load staffed with agents under Erlang A, callers
// hanging up after a mean patience, counting service level by def ("" is
// [SLOffered]) with answer-time target within.
//
// The figures come from the queue's stationary distribution, summed over
// the number of waiting callers with a float64 mantissa and an integer
// exponent (no overflow, no underflow) and only non-negative terms (no
// cancellation; the abandons within the target are the one difference,
// used only where it cannot lose the result's digits), so they keep
// float64's relative precision where the closed forms lose it: a service
// level of 1e-20 in an overloaded interval, or a patience of a million
// handling times. A caller who finds j others
// waiting is answered with probability c÷(c+(j+1)θ) (θ = AHT ÷ patience,
// c agents, time in AHT units) and its wait V, if patient, is −ln B ÷ θ
// with B ~ Beta(c÷θ, j+1); the Beta tails with an integer parameter are
// negative-binomial sums, which the evaluation sums in the same pass.
func (l Load) ErlangA(agents int, patience, within time.Duration, def Definition) (AResult, error) {
	if err := l.Validate(); err != nil {
		return AResult{}, err
	}
	if agents < 1 || agents > maxAgents {
		return AResult{}, bad("agents", agents, "must lie in [1, 20,000,000]")
	}
	if patience <= 0 {
		return AResult{}, bad("patience", patience, "must be positive (for callers who never hang up use Erlang C)")
	}
	if within < 0 || within > l.Interval {
		return AResult{}, bad("within", within, "must lie in [0, interval]")
	}
	def, err := ParseDefinition(string(def))
	if err != nil {
		return AResult{}, err
	}
	return l.erlangA(agents, l.traffic(), patience, within, def)
}

func (l Load) erlangA(c int, a float64, patience, within time.Duration, def Definition) (AResult, error) {
	r := AResult{Agents: c, Traffic: a, Definition: def}
	aht := l.AHT.Seconds()
	if a == 0 {
		r.ServiceLevel, r.Answered = 1, 1
		return r, nil
	}
	theta := aht / patience.Seconds()
	fc := float64(c)
	x, y := fc/theta, a/theta
	tt := within.Seconds() / aht
	u := math.Exp(-theta * tt)
	v := -math.Expm1(-theta * tt) // 1 − u, exact for small targets

	b, d := erlangB(c, a)
	// R = P(fewer than c busy) ÷ P(exactly c busy) = (1 − B) ÷ B.
	var rr xfloat
	if b == 0 {
		rr = xfloat{m: 0.5, e: 1 << 20} // B underflowed: nobody waits
	} else {
		rr = xf(d).div(xf(b)) // B may be subnormal: no 1/B
	}

	// One pass over k = 0, 1, …: w_k = Π_{i≤k} y÷(x+i) is the weight of
	// an arrival finding k waiting (relative to finding c busy and none
	// waiting), a_k = w_k·x÷(x+k+1) its chance to be answered, and the
	// negative-binomial terms nbA_k = NB(k; x+1, u), nbX_k = NB(k; x, u)
	// turn prefix sums of a and w into answered-within-t and
	// left-within-t weights:
	//
	//	Σ_j a_j·P(Beta(x+1, j+1) ≥ u) = Σ_k nbA_k · Σ_{j<k} a_j
	//	Σ_j w_j·P(Beta(x, j+1) ≥ u)   = Σ_k nbX_k · Σ_{j<k} w_j
	// The w side (w, its prefix sums and the sums over answered and
	// abandoned callers) shares one exponent we, so it runs in plain
	// float64, scaled down when w grows large; the negative-binomial side
	// and the products carry their own exponents.
	var (
		w                 = 1.0
		we                int
		wS, aS, abS, asaS float64 // prefix sums of w and a; Σ w_j (j+1)÷(x+j+1); Σ a_j H_j
		ansT, leftT       xfloat
		h                 float64                    // H_j = Σ_{i=1}^{j+1} 1÷(c+iθ): an answered caller's mean wait
		nbA               = xexp(-(fc + theta) * tt) // u^(x+1)
		nbX               = xexp(-fc * tt)           // u^x
		fA, fX            xfloat                     // Σ_{k'≤k} nbA, nbX
	)
	jstar := max(0, y-x)
	if jstar > maxQueue {
		return AResult{}, &UnreachableError{Traffic: a, Agents: c, Problem: fmt.Sprintf("about %.3g callers would wait: the patience is too long for the overload to evaluate exactly", jstar)}
	}
	k := 0
	for ; ; k++ {
		if k > maxQueue {
			return AResult{}, &UnreachableError{Traffic: a, Agents: c, Problem: "the queue is too long to evaluate exactly: the patience is too long for the overload"}
		}
		ansT = ansT.add(norm(nbA.m*aS, nbA.e+we))
		leftT = leftT.add(norm(nbX.m*wS, nbX.e+we))
		fA, fX = fA.add(nbA), fX.add(nbX)
		fk := float64(k)
		ak := w * (x / (x + fk + 1))
		h += 1 / (fc + (fk+1)*theta)
		wS += w
		aS += ak
		abS += w * ((fk + 1) / (x + fk + 1))
		asaS += ak * h
		nbA = nbA.scale((x + 1 + fk) / (fk + 1) * v)
		nbX = nbX.scale((x + fk) / (fk + 1) * v)
		w *= y / (x + fk + 1)
		if w > 0x1p200 {
			w, wS, aS, abS, asaS = w*0x1p-200, wS*0x1p-200, aS*0x1p-200, abS*0x1p-200, asaS*0x1p-200
			we += 200
		}
		if fk+1 > jstar && w < 0x1p-60*wS {
			break
		}
	}
	wSum, aSum, abSum, asaSum := norm(wS, we), norm(aS, we), norm(abS, we), norm(asaS, we)
	// Every further k sees the whole prefix: add total × P(NB > k).
	ansT = ansT.add(aSum.mul(nbTail(fA, nbA, x+1, v, k+1)))
	leftT = leftT.add(wSum.mul(nbTail(fX, nbX, x, v, k+1)))
	leftT = wSum.scale(v).add(leftT.scale(u))

	tot := rr.add(wSum)
	r.PWait = wSum.ratio(tot)
	r.Abandoned = abSum.ratio(tot)
	r.Answered = rr.add(aSum).ratio(tot)
	short := leftT.ratio(tot) - ansT.ratio(tot)
	r.ShortAbandon = max(0, min(short, r.Abandoned))
	switch def {
	case SLOffered:
		r.ServiceLevel = rr.add(ansT).ratio(tot)
	case SLAnswered:
		r.ServiceLevel = rr.add(ansT).ratio(rr.add(aSum))
	case SLAbandonsMet:
		r.ServiceLevel = rr.add(leftT).ratio(tot)
	case SLShortAbandonsExcluded:
		r.ServiceLevel = rr.add(ansT).ratio(tot) / (1 - r.ShortAbandon)
	}
	r.ServiceLevel = max(0, min(r.ServiceLevel, 1))
	r.ASA = seconds(asaSum.ratio(rr.add(aSum)) * aht)
	r.MeanWait = seconds(r.Abandoned * patience.Seconds())
	r.Occupancy = min(1, a*(1-r.Abandoned)/fc)
	return r, nil
}

// nbTail returns P(NB(a, u) ≥ k) given F = P(NB ≤ k−1) and the term
// t = P(NB = k), v = 1 − u: 1 − F when that loses nothing (F < ½),
// otherwise the sum of the remaining terms, which fall off fast because
// the median is already behind.
func nbTail(f, t xfloat, a, v float64, k int) xfloat {
	if f.ratio(xf(1)) < 0.5 {
		return xf(1 - f.ratio(xf(1)))
	}
	var s xfloat
	mode := (a - 1) * v / (1 - v)
	for i := k; i < k+maxQueue; i++ {
		s = s.add(t)
		fi := float64(i)
		t = t.scale((a + fi) / (fi + 1) * v)
		if t.m == 0 || (fi > mode && t.less(s, 0x1p-60)) {
			break
		}
	}
	return s
}

// AgentsA returns the fewest agents with which the load meets the target
// under Erlang A, callers hanging up after a mean patience, service level
// counted by def ("" is [SLOffered]): the service level at least
// t.ServiceLevel and the occupancy at most t.MaxOccupancy. Erlang A needs
// fewer agents than Erlang C for the same target, because callers who hang
// up take no agent time. It starts from the Erlang C staffing, gallops
// down (or up) to bracket the answer and narrows the bracket by
// interpolation and bisection, assuming, as holds for these queues, that the service level
// rises and the occupancy falls with every agent added.
func (l Load) AgentsA(patience time.Duration, def Definition, t Target) (AResult, error) {
	if err := l.Validate(); err != nil {
		return AResult{}, err
	}
	if err := t.validate(l.Interval); err != nil {
		return AResult{}, err
	}
	if patience <= 0 {
		return AResult{}, bad("patience", patience, "must be positive (for callers who never hang up use Erlang C)")
	}
	def, err := ParseDefinition(string(def))
	if err != nil {
		return AResult{}, err
	}
	a := l.traffic()
	if a == 0 {
		return AResult{Definition: def, ServiceLevel: 1, Answered: 1}, nil
	}
	occ := t.maxOccupancy()
	ok := func(c int) (AResult, bool, error) {
		r, err := l.erlangA(c, a, patience, t.Within, def)
		return r, err == nil && r.ServiceLevel >= t.ServiceLevel && r.Occupancy <= occ, err
	}
	limit := int(math.Ceil(a/occ)) + 100 + int(50*math.Sqrt(a))
	// Bracket the answer around the Erlang C staffing, which is close:
	// gallop down from it while the target holds, or up while it fails.
	guess := limit
	if rc, err := l.AgentsC(t); err == nil {
		guess = max(rc.Agents, 1)
	}
	// lo fails (0 agents answer no one) and hi meets the target; loR and
	// best are their figures once evaluated.
	var best, loR AResult
	loKnown := false
	lo, hi := 0, guess
	r, good, err := ok(hi)
	if err != nil {
		return AResult{}, err
	}
	step := max(1, int(math.Sqrt(a)/2)) // about half a standard deviation of the load
	if good {
		best = r
		for ; ; step *= 2 {
			c := hi - step
			if c <= lo {
				break
			}
			r, good, err := ok(c)
			if err != nil {
				return AResult{}, err
			}
			if !good {
				lo, loR, loKnown = c, r, true
				break
			}
			hi, best = c, r
		}
	} else {
		lo, loR, loKnown = hi, r, true
		for ; ; step *= 2 {
			if lo >= limit {
				return AResult{}, &UnreachableError{Traffic: a, Agents: lo, Problem: "the service level stays below the target"}
			}
			c := min(lo+step, limit)
			r, good, err := ok(c)
			if err != nil {
				return AResult{}, err
			}
			if good {
				hi, best = c, r
				break
			}
			lo, loR = c, r
		}
	}
	// Narrow the bracket, interpolating the service level linearly and
	// bisecting in turn (the bisections bound the steps), and probing the
	// neighbour of an interpolated guess, which is usually the answer's.
	for interpolate := true; hi-lo > 1; interpolate = !interpolate {
		mid := lo + (hi-lo)/2
		guessed := false
		if interpolate && loKnown && best.ServiceLevel > loR.ServiceLevel && t.ServiceLevel > loR.ServiceLevel {
			f := (t.ServiceLevel - loR.ServiceLevel) / (best.ServiceLevel - loR.ServiceLevel)
			mid = min(max(lo+int(math.Ceil(f*float64(hi-lo))), lo+1), hi-1)
			guessed = true
		}
		r, good, err := ok(mid)
		if err != nil {
			return AResult{}, err
		}
		if good {
			hi, best = mid, r
		} else {
			lo, loR, loKnown = mid, r, true
		}
		if !guessed || hi-lo <= 1 {
			continue
		}
		next := hi - 1 // the guess met the target: does one fewer?
		if !good {
			next = lo + 1 // it did not: does one more?
		}
		r, good, err = ok(next)
		if err != nil {
			return AResult{}, err
		}
		if good {
			hi, best = next, r
		} else {
			lo, loR = next, r
		}
	}
	return best, nil
}
