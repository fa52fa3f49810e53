package staffing

import (
	"math"
	"math/big"
)

// The high-precision references the tests compare the float64 code with:
// the textbook formulas evaluated term by term in math/big at 1,200 bits,
// factorials, alternating partial fractions and all, so their rounding
// never reaches the digits compared.

const refPrec = 1200

func bf(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

func bint(n int) *big.Float { return new(big.Float).SetPrec(refPrec).SetInt64(int64(n)) }

func add(a, b *big.Float) *big.Float { return new(big.Float).SetPrec(refPrec).Add(a, b) }
func sub(a, b *big.Float) *big.Float { return new(big.Float).SetPrec(refPrec).Sub(a, b) }
func mul(a, b *big.Float) *big.Float { return new(big.Float).SetPrec(refPrec).Mul(a, b) }
func quo(a, b *big.Float) *big.Float { return new(big.Float).SetPrec(refPrec).Quo(a, b) }

func f64(x *big.Float) float64 {
	f, _ := x.Float64()
	return f
}

// bigExp is e^x by halving x until it is tiny, a Taylor series, and
// squaring back.
func bigExp(x *big.Float) *big.Float {
	neg := x.Sign() < 0
	y := new(big.Float).SetPrec(refPrec).Abs(x)
	k := 0
	for y.Cmp(bf(0x1p-20)) > 0 {
		y.Mul(y, bf(0.5))
		k++
	}
	sum, term := bf(1), bf(1)
	for n := 1; n < 200; n++ {
		term = quo(mul(term, y), bint(n))
		sum = add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -refPrec {
			break
		}
	}
	for range k {
		sum = mul(sum, sum)
	}
	if neg {
		sum = quo(bf(1), sum)
	}
	return sum
}

// refC is Erlang C from its textbook definition with factorials:
//
//	B = (A^c/c!) / Σ_{k≤c} A^k/k!,  C = c·B / (c − A(1−B)),
//	SL = 1 − C·e^(−(c−A)t),  ASA = C / (c − A)   (time in AHT units).
type refCResult struct{ b, c, sl, asa float64 }

func refC(c int, a, t float64) refCResult {
	A := bf(a)
	term, sum := bf(1), bf(1)
	for k := 1; k <= c; k++ {
		term = quo(mul(term, A), bint(k))
		sum = add(sum, term)
	}
	B := quo(term, sum)
	C := quo(mul(bint(c), B), sub(bint(c), mul(A, sub(bf(1), B))))
	cmA := sub(bint(c), A)
	sl := sub(bf(1), mul(C, bigExp(mul(new(big.Float).Neg(cmA), bf(t)))))
	return refCResult{b: f64(B), c: f64(C), sl: f64(sl), asa: f64(quo(C, cmA))}
}

// refA is Erlang A (M/M/c+M) from the birth–death chain, truncated where
// the states weigh less than 1e-40 of the total, and, for a caller who
// finds j waiting, the hypoexponential wait V_j = Σ_{i=0..j} Exp(c + iθ)
// written as partial fractions Σ_i C_i·r_i·e^(−r_i v), C_i = Π_{k≠i}
// r_k/(r_k − r_i). Time in AHT units, θ = AHT/patience.
type refAResult struct {
	pwait, abandoned, answered float64
	slOffered, slAnswered      float64
	slAbandonsMet, slShortExcl float64
	asa                        float64
}

func refA(c int, a, theta, t float64) refAResult {
	A, TH, T := bf(a), bf(theta), bf(t)
	// Weights relative to π_0.
	term, below := bf(1), bf(0) // below = Σ_{k<c} π_k
	for k := 0; k < c; k++ {
		below = add(below, term)
		term = quo(mul(term, A), bint(k+1))
	}
	pic := term
	var (
		rates  []*big.Float // r_i = c + iθ
		coef   []*big.Float // C_i for the current j
		total  = below
		wait   = bf(0)
		ab     = bf(0)
		ansT   = bf(0)
		ans    = bf(0)
		leftT  = bf(0)
		asaNum = bf(0)
		w      = pic
		u      = bigExp(new(big.Float).Neg(mul(TH, T)))
		e0     = bigExp(new(big.Float).Neg(mul(bint(c), T)))
	)
	for j := 0; ; j++ {
		r := add(bint(c), mul(bint(j), TH))
		// Update the partial-fraction coefficients for rates r_0..r_j.
		cj := bf(1)
		for i := range rates {
			coef[i] = mul(coef[i], quo(r, sub(r, rates[i])))
			cj = mul(cj, quo(rates[i], sub(rates[i], r)))
		}
		rates, coef = append(rates, r), append(coef, cj)
		// P(answered within t), P(answered), E[V; answered], P(V > t).
		pa, pAll, ev, surv := bf(0), bf(0), bf(0), bf(0)
		ei := e0 // e^(−r_i t) = e^(−ct)·u^i
		for i, ri := range rates {
			rt := add(ri, TH)
			share := quo(mul(coef[i], ri), rt)
			pAll = add(pAll, share)
			pa = add(pa, mul(share, sub(bf(1), mul(ei, u))))
			ev = add(ev, quo(share, rt))
			surv = add(surv, mul(coef[i], ei))
			ei = mul(ei, u)
		}
		total = add(total, w)
		wait = add(wait, w)
		ab = add(ab, mul(w, sub(bf(1), pAll)))
		ans = add(ans, mul(w, pAll))
		ansT = add(ansT, mul(w, pa))
		asaNum = add(asaNum, mul(w, ev))
		leftT = add(leftT, mul(w, sub(bf(1), mul(u, surv))))
		w = quo(mul(w, A), add(bint(c), mul(bint(j+1), TH)))
		if quo(w, total).Cmp(bf(1e-40)) < 0 && j > 5 {
			break
		}
	}
	answered := add(below, ans)
	short := sub(leftT, ansT)
	return refAResult{
		pwait:         f64(quo(wait, total)),
		abandoned:     f64(quo(ab, total)),
		answered:      f64(quo(answered, total)),
		slOffered:     f64(quo(add(below, ansT), total)),
		slAnswered:    f64(quo(add(below, ansT), answered)),
		slAbandonsMet: f64(quo(add(below, leftT), total)),
		slShortExcl:   f64(quo(add(below, ansT), sub(total, short))),
		asa:           f64(quo(asaNum, answered)),
	}
}

// relErr is |got − want| / |want| (|got − want| when want is 0).
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}
