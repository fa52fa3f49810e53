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

func xf(f float64) xfloat {
	m, e := math.Frexp(f)
	return xfloat{m, e}
}

// xexp returns e^l.
func xexp(l float64) xfloat {
	k := math.Floor(l / math.Ln2)
	r := xf(math.Exp(l - k*math.Ln2))
	r.e += int(k)
	return r
}

func (a xfloat) mul(b xfloat) xfloat {
	m, e := math.Frexp(a.m * b.m)
	return xfloat{m, e + a.e + b.e}
}

func (a xfloat) scale(f float64) xfloat {
	m, e := math.Frexp(a.m * f)
	return xfloat{m, e + a.e}
}

func (a xfloat) add(b xfloat) xfloat {
	switch {
	case b.m == 0:
		return a
	case a.m == 0:
		return b
	case a.e < b.e:
		a, b = b, a
	}
	if a.e-b.e > 1100 {
		return a
	}
	m, e := math.Frexp(a.m + math.Ldexp(b.m, b.e-a.e))
	return xfloat{m, e + a.e}
}

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
