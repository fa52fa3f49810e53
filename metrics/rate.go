package metrics

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/shopspring/decimal"
)

// Rounding is how a decimal result is rounded to its scale. The zero value
// means [RoundHalfEven].
type Rounding string

// The rounding modes.
const (
	RoundHalfEven Rounding = "half_even" // banker's rounding: 0.125 → 0.12
	RoundHalfUp   Rounding = "half_up"   // half away from zero: 0.125 → 0.13
	RoundDown     Rounding = "down"      // toward zero (truncate): 0.129 → 0.12
)

// divide returns num/den rounded to scale places by r, exactly: the
// quotient is truncated at scale places and the remainder decides the last
// digit. False for x/0.
func divide(num, den decimal.Decimal, scale int32, r Rounding) (decimal.Decimal, bool) {
	if den.IsZero() {
		return decimal.Decimal{}, false
	}
	q, rem := num.QuoRem(den, scale)
	if rem.IsZero() || r == RoundDown {
		return q, true
	}
	// ulp is one unit in the last place, carrying the quotient's sign.
	ulp := decimal.New(1, -scale)
	if num.Sign()*den.Sign() < 0 {
		ulp = ulp.Neg()
	}
	// Compare 2·|rem| with |den|·10^-scale: the remainder's share of a unit.
	c := rem.Abs().Mul(decimal.NewFromInt(2)).Cmp(den.Abs().Mul(decimal.New(1, -scale)))
	switch {
	case c > 0:
		q = q.Add(ulp)
	case c == 0 && r == RoundHalfUp:
		q = q.Add(ulp)
	case c == 0: // half-even: away only when the last digit is odd
		last := q.Shift(scale).Abs().BigInt()
		if last.Bit(0) == 1 {
			q = q.Add(ulp)
		}
	}
	return q, true
}

// Reason says why a ticket was left out of a rate or a report.
type Reason string

// The reasons.
const (
	ReasonCategoryExcluded Reason = "category_excluded" // its case category is excluded from this KPI
	ReasonClockActive      Reason = "clock_active"      // its SLA target has neither been achieved nor breached yet
)

// Exclusion is one ticket left out of a rate and why.
type Exclusion struct {
	Ticket ticket.ID `json:"ticket"`
	Reason Reason    `json:"reason"`
}

// Rate is a share of tickets: Numerator of Denominator, with the tickets
// that would have been in the population but were excluded, each with its
// reason. The value is computed exactly and rounded only when read; 0/0 is
// undefined, never 0. The zero Rate is empty and ready to use.
type Rate struct {
	Numerator   int         `json:"numerator"`
	Denominator int         `json:"denominator"`
	Excluded    []Exclusion `json:"excluded,omitempty"`
}

// Add counts one ticket into the denominator, and into the numerator when hit.
func (r *Rate) Add(hit bool) {
	r.Denominator++
	if hit {
		r.Numerator++
	}
}

// Exclude records a ticket left out.
func (r *Rate) Exclude(id ticket.ID, why Reason) {
	r.Excluded = append(r.Excluded, Exclusion{Ticket: id, Reason: why})
}

// Merge adds o to r.
func (r *Rate) Merge(o *Rate) {
	r.Numerator += o.Numerator
	r.Denominator += o.Denominator
	r.Excluded = append(r.Excluded, o.Excluded...)
}

// Value returns Numerator/Denominator rounded to scale decimal places by
// mode; false when the denominator is 0 (undefined).
func (r Rate) Value(scale int32, mode Rounding) (decimal.Decimal, bool) {
	return divide(decimal.NewFromInt(int64(r.Numerator)), decimal.NewFromInt(int64(r.Denominator)), scale, mode)
}

// Percent returns 100 × Numerator/Denominator rounded to scale decimal
// places by mode; false when the denominator is 0.
func (r Rate) Percent(scale int32, mode Rounding) (decimal.Decimal, bool) {
	return divide(decimal.NewFromInt(100*int64(r.Numerator)), decimal.NewFromInt(int64(r.Denominator)), scale, mode)
}

// String formats the rate as "12/40 = 30.0%" (half-even, one place), or
// "0/0 = undefined".
func (r Rate) String() string {
	p, ok := r.Percent(1, RoundHalfEven)
	if !ok {
		return fmt.Sprintf("%d/%d = undefined", r.Numerator, r.Denominator)
	}
	return fmt.Sprintf("%d/%d = %s%%", r.Numerator, r.Denominator, p.StringFixed(1))
}

// rateJSON is Rate without its methods, for encoding.
type rateJSON Rate

// MarshalJSON implements json.Marshaler with a stable encoding: the
// exclusions sorted by ticket and reason. It does not change r.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !slices.IsSortedFunc(r.Excluded, compareExclusions) {
		r.Excluded = slices.Clone(r.Excluded)
		slices.SortFunc(r.Excluded, compareExclusions)
	}
	if len(r.Excluded) == 0 {
		r.Excluded = nil
	}
	return json.Marshal(rateJSON(r))
}

func compareExclusions(a, b Exclusion) int {
	if c := compareIDs(a.Ticket, b.Ticket); c != 0 {
		return c
	}
	return cmpString(string(a.Reason), string(b.Reason))
}

// clone returns a copy of r that shares no memory with it.
func (r Rate) clone() Rate {
	r.Excluded = slices.Clone(r.Excluded)
	return r
}

// normalize sorts the exclusions, so equal rates encode equally.
func (r *Rate) normalize() {
	slices.SortFunc(r.Excluded, compareExclusions)
	if len(r.Excluded) == 0 {
		r.Excluded = nil
	}
}

func compareIDs(a, b ticket.ID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Mean is an exact, mergeable mean of integers (such as replies per
// resolved ticket or ratings): a sum and a count, never an average of
// averages. The zero Mean is empty.
type Mean struct {
	Sum   int64 `json:"sum"`
	Count int64 `json:"count"`
}

// Add records one value.
func (m *Mean) Add(v int64) { m.Sum += v; m.Count++ }

// Merge adds o to m.
func (m *Mean) Merge(o Mean) { m.Sum += o.Sum; m.Count += o.Count }

// Value returns Sum/Count rounded to scale places by mode; false when Count is 0.
func (m Mean) Value(scale int32, mode Rounding) (decimal.Decimal, bool) {
	return divide(decimal.NewFromInt(m.Sum), decimal.NewFromInt(m.Count), scale, mode)
}

// NPS counts net-promoter answers: promoters score 9–10, detractors 0–6,
// passives 7–8 (only in the denominator). Scores on another scale than
// 0–10 are not NPS answers and are left out.
type NPS struct {
	Promoters  int `json:"promoters"`
	Passives   int `json:"passives"`
	Detractors int `json:"detractors"`
}

// Add records one score on the 0–10 scale.
func (n *NPS) Add(score int) {
	switch {
	case score >= 9:
		n.Promoters++
	case score >= 7:
		n.Passives++
	default:
		n.Detractors++
	}
}

// Merge adds o to n.
func (n *NPS) Merge(o NPS) {
	n.Promoters += o.Promoters
	n.Passives += o.Passives
	n.Detractors += o.Detractors
}

// Respondents returns the number of answers.
func (n NPS) Respondents() int { return n.Promoters + n.Passives + n.Detractors }

// Score returns 100 × (promoters − detractors) / respondents rounded to
// scale places by mode; false with no respondents.
func (n NPS) Score(scale int32, mode Rounding) (decimal.Decimal, bool) {
	return divide(decimal.NewFromInt(100*int64(n.Promoters-n.Detractors)), decimal.NewFromInt(int64(n.Respondents())), scale, mode)
}

// CES summarises customer-effort answers: the scores' sum and count for the
// mean, and how many agreed (5–7 on the 1–7 scale; on another scale the
// top three points). [CES.Value] reads it by a [CESMethod].
type CES struct {
	Scores Mean `json:"scores"`
	Agree  int  `json:"agree"`
}

// Add records one score on a scale topping at scale.
func (c *CES) Add(score, scale int) {
	c.Scores.Add(int64(score))
	if score > scale-3 {
		c.Agree++
	}
}

// Merge adds o to c.
func (c *CES) Merge(o CES) { c.Scores.Merge(o.Scores); c.Agree += o.Agree }

// Value returns the mean score ([CESMean]) or the percentage that agree
// ([CESAgree]) rounded to scale places by mode; false with no answers.
func (c CES) Value(m CESMethod, scale int32, mode Rounding) (decimal.Decimal, bool) {
	if m == CESAgree {
		return divide(decimal.NewFromInt(100*int64(c.Agree)), decimal.NewFromInt(c.Scores.Count), scale, mode)
	}
	return c.Scores.Value(scale, mode)
}

// joinProblems joins config problems, nil when there are none.
func joinProblems(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// ScoreCount is how many answers gave one score on one scale.
type ScoreCount struct {
	Score int `json:"score"`
	Scale int `json:"scale"`
	Count int `json:"count"`
}

// Distribution counts survey answers by scale and score (CSAT 1–5 counts,
// say), in order of scale, then score. The zero Distribution is empty.
type Distribution []ScoreCount

// Add counts one answer.
func (d *Distribution) Add(score, scale int) { d.addN(score, scale, 1) }

func (d *Distribution) addN(score, scale, n int) {
	s := *d
	i, found := slices.BinarySearchFunc(s, ScoreCount{Score: score, Scale: scale}, compareScores)
	if found {
		s[i].Count += n
		return
	}
	*d = slices.Insert(s, i, ScoreCount{Score: score, Scale: scale, Count: n})
}

func compareScores(a, b ScoreCount) int {
	if a.Scale != b.Scale {
		return a.Scale - b.Scale
	}
	return a.Score - b.Score
}

// Merge adds o to d.
func (d *Distribution) Merge(o Distribution) {
	for _, c := range o {
		d.addN(c.Score, c.Scale, c.Count)
	}
}

// Count returns how many answers gave score on scale.
func (d Distribution) Count(score, scale int) int {
	if i, ok := slices.BinarySearchFunc(d, ScoreCount{Score: score, Scale: scale}, compareScores); ok {
		return d[i].Count
	}
	return 0
}

// Total returns the number of answers.
func (d Distribution) Total() int {
	n := 0
	for _, c := range d {
		n += c.Count
	}
	return n
}
