package routing

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Term is one visible part of a score: its name, its value and a human
// detail. In a queue [Score] the value is in seconds of equivalent waiting;
// in a [Candidate]'s terms its unit is named by the term.
type Term struct {
	Name  string
	Value int64
	// Of, when not 0, makes the term the exact fraction Value/Of, such as
	// a spare share of capacity 1/3: fractions are compared exactly, so
	// they are shown exactly.
	Of     int64
	Detail string
}

// String returns "name +value (detail)", or "name +value/of (detail)" for
// a fraction.
func (t Term) String() string {
	if t.Of != 0 {
		return fmt.Sprintf("%s %+d/%d (%s)", t.Name, t.Value, t.Of, t.Detail)
	}
	return fmt.Sprintf("%s %+d (%s)", t.Name, t.Value, t.Detail)
}

// Score is an item's place in the queue, the sum of visible terms. The unit
// is seconds of equivalent waiting, after Genesys's "minutes in queue ±
// priority in minutes": an urgent item with a 1 h priority term ranks like an
// item that has waited one hour longer. The terms are, in this order,
// "priority", "tier", "breach" and "aging".
//
// Breached items form a band of their own: an item past its due time ranks
// above every item that is not, whatever the terms add up to (a normal item
// that has waited 26 hours still ranks below one breached a second ago),
// and within each band the higher total ranks first. This is the order
// Zendesk's "time to breach" queues and Freshdesk's "SLA due" ordering give
// (REFERENCE §4.4), made explicit instead of hoping a large boost
// outweighs unbounded aging.
type Score struct {
	Terms []Term
	Total int64
	// Breached reports that the item is at or past its due time.
	Breached bool
}

// String returns "total (term; term; …)".
func (s Score) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d (", s.Total)
	for i, t := range s.Terms {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(t.String())
	}
	b.WriteString(")")
	return b.String()
}

// Scoring configures queue scores. Its zero value is the default described
// on each field; a non-nil empty map turns a term off.
type Scoring struct {
	// Priority is the boost per ticket priority. Nil means normal 10m,
	// high 30m, urgent 1h, low and unknown 0.
	Priority map[ticket.Priority]time.Duration
	// Tier is the boost per requester tier (important customers first).
	// Nil means vip 30m, premium 10m, others 0.
	Tier map[ticket.Tier]time.Duration
	// BreachHorizon is how long before its due time an item starts to gain
	// score; within it the breach term grows one second per second, to
	// BreachHorizon at the due time. Zero means 1h.
	BreachHorizon time.Duration
	// Breached is added, on top of BreachHorizon and the time overdue, once
	// an item is past its due time. Breached items rank above all others in
	// any case (see [Score]); this boost orders them among themselves only
	// through the total. Zero means 24h.
	Breached time.Duration
}

var (
	defaultPriorityBoost = map[ticket.Priority]time.Duration{
		ticket.PriorityNormal: 10 * time.Minute,
		ticket.PriorityHigh:   30 * time.Minute,
		ticket.PriorityUrgent: time.Hour,
	}
	defaultTierBoost = map[ticket.Tier]time.Duration{
		ticket.TierVIP:     30 * time.Minute,
		ticket.TierPremium: 10 * time.Minute,
	}
)

// Validate reports every problem in s, joined: unknown priorities and
// negative horizons.
func (s Scoring) Validate() error {
	var errs []error
	for p := range s.Priority {
		if p != "" && !p.Valid() {
			// Report in key order, not map order; only a bad map pays for sorting.
			for _, p := range slices.Sorted(maps.Keys(s.Priority)) {
				if p != "" && !p.Valid() {
					errs = append(errs, configErr(fmt.Sprintf("Scoring.Priority[%q]", string(p)), "is not a known ticket priority"))
				}
			}
			break
		}
	}
	if s.BreachHorizon < 0 {
		errs = append(errs, configErr("Scoring.BreachHorizon", "must not be negative, is %s", s.BreachHorizon))
	}
	if s.Breached < 0 {
		errs = append(errs, configErr("Scoring.Breached", "must not be negative, is %s", s.Breached))
	}
	return errors.Join(errs...)
}

func (s Scoring) horizon() time.Duration {
	if s.BreachHorizon == 0 {
		return time.Hour
	}
	return s.BreachHorizon
}

func (s Scoring) breached() time.Duration {
	if s.Breached == 0 {
		return 24 * time.Hour
	}
	return s.Breached
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }

// addSat adds without wrapping around: each term is at most about 9.2e9
// seconds, so only configurations with extreme durations get near the ends.
func addSat(a, b int64) int64 {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64
	}
	return a + b
}

// Score returns the item's score at now, term by term. It does not validate
// the item: an item with a zero EnqueuedAt gets no aging ("no EnqueuedAt"),
// and one enqueued after now ages from now.
func (s Scoring) Score(it Item, now time.Time) Score {
	pb := s.Priority
	if pb == nil {
		pb = defaultPriorityBoost
	}
	tb := s.Tier
	if tb == nil {
		tb = defaultTierBoost
	}
	terms := make([]Term, 0, 4)

	pd := "unknown"
	if it.Priority != "" {
		pd = string(it.Priority)
	}
	terms = append(terms, Term{Name: "priority", Value: seconds(pb[it.Priority]), Detail: pd})

	td := "none"
	if it.Tier != "" {
		td = string(it.Tier)
	}
	terms = append(terms, Term{Name: "tier", Value: seconds(tb[it.Tier]), Detail: td})

	breach := Term{Name: "breach", Detail: "no due time"}
	breached := false
	if !it.DueAt.IsZero() {
		h := s.horizon()
		switch left := it.DueAt.Sub(now); {
		case left <= 0:
			over := now.Sub(it.DueAt) // saturates, unlike -left
			breach.Value = addSat(addSat(seconds(h), seconds(s.breached())), seconds(over))
			breach.Detail = fmt.Sprintf("breached %s ago", over)
			breached = true
		case left <= h:
			breach.Value = seconds(h - left)
			breach.Detail = fmt.Sprintf("due in %s (within %s)", left, h)
		default:
			breach.Detail = fmt.Sprintf("due in %s", left)
		}
	}
	terms = append(terms, breach)

	age := it.Age(now)
	ad := "waiting " + age.String()
	if it.EnqueuedAt.IsZero() {
		ad = "no EnqueuedAt"
	}
	terms = append(terms, Term{Name: "aging", Value: seconds(age), Detail: ad})

	var total int64
	for _, t := range terms {
		total = addSat(total, t.Value)
	}
	return Score{Terms: terms, Total: total, Breached: breached}
}

// Ranked is an item with its score and 1-based position in queue order.
type Ranked struct {
	Item     Item
	Score    Score
	Position int
}

// Order returns the items in queue order at now with their scores:
// breached items first, then the highest total first; ties go to the item enqueued first, then to the lower ticket
// ID (byte order of the UUID), so the order is total and deterministic;
// items that share a ticket ID, score and EnqueuedAt keep their input order.
// The input slice is not modified.
func (s Scoring) Order(items []Item, now time.Time) []Ranked {
	out := make([]Ranked, len(items))
	for i, it := range items {
		out[i] = Ranked{Item: it, Score: s.Score(it, now)}
	}
	// Stable, so that items of one ticket enqueued at the same instant with
	// the same score keep their input order.
	slices.SortStableFunc(out, func(a, b Ranked) int { return compareQueue(&a, &b) })
	for i := range out {
		out[i].Position = i + 1
	}
	return out
}

func compareQueue(a, b *Ranked) int {
	if a.Score.Breached != b.Score.Breached {
		if a.Score.Breached {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.Score.Total, a.Score.Total); c != 0 { // highest first
		return c
	}
	if c := a.Item.EnqueuedAt.Compare(b.Item.EnqueuedAt); c != 0 {
		return c
	}
	return bytes.Compare(a.Item.Ticket[:], b.Item.Ticket[:])
}
