package staffing

import "math"

// xfloat is a non-negative number m·2^e with a float64 mantissa and an int
// exponent, so sums and products of queue probabilities neither overflow
// nor underflow however many agents or waiting callers there are. Its
// relative precision is that of float64.
type xfloat struct {
	m float64 // 0, or in [0.5, 1)
	e int
}

// norm returns m·2^e normalised; m is finite and non-negative.
func norm(m float64, e int) xfloat {
	if m == 0 {
		return xfloat{}
	}
	b := math.Float64bits(m)
	ex := int(b >> 52 & 0x7ff)
	if ex == 0 { // subnormal
		f, k := math.Frexp(m)
		return xfloat{f, e + k}
	}
	return xfloat{math.Float64frombits(b&^(0x7ff<<52) | 1022<<52), e + ex - 1022}
}

// pow2 returns 2^k for -1022 ≤ k ≤ 1023.
func pow2(k int) float64 { return math.Float64frombits(uint64(k+1023) << 52) }

func xf(f float64) xfloat { return norm(f, 0) }

// xexp returns e^l.
func xexp(l float64) xfloat {
	k := math.Floor(l / math.Ln2)
	r := xf(math.Exp(l - k*math.Ln2))
	r.e += int(k)
	return r
}

func (a xfloat) mul(b xfloat) xfloat { return norm(a.m*b.m, a.e+b.e) }

func (a xfloat) scale(f float64) xfloat { return norm(a.m*f, a.e) }

func (a xfloat) add(b xfloat) xfloat {
	switch {
	case b.m == 0:
		return a
	case a.m == 0:
		return b
	case a.e < b.e:
		a, b = b, a
	}
	d := b.e - a.e
	if d < -1000 {
		return a
	}
	return norm(a.m+b.m*pow2(d), a.e)
}

// div returns a ÷ b for b ≠ 0.
func (a xfloat) div(b xfloat) xfloat { return norm(a.m/b.m, a.e-b.e) }

// ratio returns a ÷ b as a float64 (0 when a is 0, +Inf when b is 0).
func (a xfloat) ratio(b xfloat) float64 {
	if a.m == 0 {
		return 0
	}
	if b.m == 0 {
		return math.Inf(1)
	}
	return math.Ldexp(a.m/b.m, a.e-b.e)
}

// less reports a < b·f for f > 0.
func (a xfloat) less(b xfloat, f float64) bool {
	return a.ratio(b) < f
}
