package routing

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Rule names an eligibility filter. Filters run in the order of the
// constants below and the first that fails rejects the agent, so a
// [Candidate] carries exactly one rule. The zero value means "no rule": the
// candidate is eligible.
type Rule string

// The eligibility rules, in the order they are checked.
const (
	// RulePresence: the agent's presence is not on the policy's allow-list
	// (an online agent idle past [Policy.IdleAway] counts as away).
	RulePresence Rule = "presence"
	// RuleExcluded: the agent declined the item, or let offers of it expire
	// more often than [OfferRules.Reoffers] allows.
	RuleExcluded Rule = "excluded"
	// RuleGroup: the agent is not in the item's group, nor in an overflow
	// group the ladder has opened.
	RuleGroup Rule = "group"
	// RuleCapacity: the agent has no capacity for the item's channel, or
	// its load and pending offers there have reached its capacity, or the
	// item would take it over its total capacity ([Agent.Total]).
	RuleCapacity Rule = "capacity"
	// RuleThrottle: the agent has had [Policy.Throttle]'s maximum of items
	// within its window.
	RuleThrottle Rule = "throttle"
	// RuleSkills: the agent lacks a required skill at the required level
	// (after relaxation).
	RuleSkills Rule = "skills"
	// RuleLanguage: the agent does not work in the item's language.
	RuleLanguage Rule = "language"
	// RuleRegion: the agent does not serve the item's region.
	RuleRegion Rule = "region"
)

var rules = []Rule{RulePresence, RuleExcluded, RuleGroup, RuleCapacity, RuleThrottle, RuleSkills, RuleLanguage, RuleRegion}

// ParseRule returns the rule spelled s, or an error wrapping [ErrUnknownValue].
func ParseRule(s string) (Rule, error) { return parseEnum("rule", s, rules) }

// String returns the rule's wire spelling.
func (r Rule) String() string { return string(r) }

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool { return isMember(r, rules) }

// MarshalText implements encoding.TextMarshaler.
func (r Rule) MarshalText() ([]byte, error) { return []byte(r), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (r *Rule) UnmarshalText(b []byte) error { return unmarshalEnum(r, "rule", b, rules) }

// Candidate is one agent as a [Decision] saw it: the rule that rejected it,
// or the facts its ranking used. Facts are filled as far as the filters got:
// Load, Offered and Capacity from the capacity rule on; Open, SkillMatch,
// Preferred and the last assignment only for eligible candidates.
type Candidate struct {
	Agent    string
	Rule     Rule // the rejecting rule; "" when eligible
	Presence Presence
	// Idle reports an online agent counted as away by [Policy.IdleAway].
	Idle     bool
	Channel  ticket.Channel
	Load     int // load on Channel
	Offered  int // pending offers on Channel
	Capacity int // capacity on Channel
	// Units reports a rejection by the total capacity: UnitsUsed of Total
	// units were in use (see [Policy.Weights]).
	Units            bool
	UnitsUsed, Total int
	Open             int // items held and offered on all channels
	LastAssigned     time.Time
	// Turn orders candidates last assigned at the same instant (see
	// [Agent.Turn]); part of the least-recently-assigned tie-break.
	Turn uint64
	// SkillMatch is the sum of the agent's levels in the item's required
	// skills (before relaxation); skills-first routing prefers the highest.
	SkillMatch int
	// Preferred is how many of the item's PreferredOf preferred skills the
	// agent meets.
	Preferred, PreferredOf int
	// Sticky reports that the item has a previous agent within the sticky
	// window; Previous that this candidate is that agent.
	Sticky, Previous bool
	// Group is the group through which the agent is in the pool: the
	// item's group or an overflow group ([Step.Groups]).
	Group string
	// Need is what the rejecting rule required: the group, skill, language
	// or region. Have and Want are the agent's and the required skill level
	// for RuleSkills, and the items received in Window and the maximum for
	// RuleThrottle.
	Need       string
	Have, Want int
	Window     time.Duration
	// Declined and Missed explain RuleExcluded: the agent declined the
	// item, or let Missed offers of it expire.
	Declined bool
	Missed   int
}

// Eligible reports whether no rule rejected the candidate.
func (c Candidate) Eligible() bool { return c.Rule == "" }

// Spare returns Capacity − Load − Offered.
func (c Candidate) Spare() int { return c.Capacity - c.Load - c.Offered }

// Reason explains the rejection, e.g. "at capacity 10/10 email", or returns
// "eligible".
func (c Candidate) Reason() string {
	switch c.Rule {
	case "":
		return "eligible"
	case RulePresence:
		if c.Idle {
			return "idle (counts as away) not allowed"
		}
		p := string(c.Presence)
		if p == "" {
			p = "unknown"
		}
		return "presence " + p + " not allowed"
	case RuleExcluded:
		if c.Declined {
			return "excluded (declined)"
		}
		return fmt.Sprintf("excluded (let %d offer(s) of it expire)", c.Missed)
	case RuleGroup:
		return "not in group " + c.Need
	case RuleCapacity:
		switch {
		case c.Units:
			return fmt.Sprintf("at total capacity %d/%d units", c.UnitsUsed, c.Total)
		case c.Capacity <= 0:
			return "no capacity for " + string(c.Channel)
		case c.Offered > 0:
			return fmt.Sprintf("at capacity %d+%d offered/%d %s", c.Load, c.Offered, c.Capacity, c.Channel)
		}
		return fmt.Sprintf("at capacity %d/%d %s", c.Load, c.Capacity, c.Channel)
	case RuleThrottle:
		return fmt.Sprintf("throttled: %d items in the last %s (max %d)", c.Have, c.Window, c.Want)
	case RuleSkills:
		if c.Have == 0 {
			return fmt.Sprintf("lacks skill %s (needs level %d)", c.Need, c.Want)
		}
		return fmt.Sprintf("skill %s level %d < %d", c.Need, c.Have, c.Want)
	case RuleLanguage:
		return "does not speak " + c.Need
	case RuleRegion:
		return "does not serve region " + c.Need
	}
	return string(c.Rule)
}

// Terms returns the facts the strategy s ranks by, most significant first,
// followed by the tie-breaks, each at the precision the ranking compared:
// "previous agent" (1 or 0) when sticky routing applies, "preferred skills"
// as met/asked when the item prefers skills, the strategy's terms, "spare
// percent" as the exact fraction spare/capacity (Value/Of), and "last
// assigned" in nanoseconds since the Unix epoch, its detail the instant to
// the nanosecond and the turn. Rejected candidates have no terms.
func (c Candidate) Terms(s Strategy) []Term {
	if !c.Eligible() {
		return nil
	}
	terms := make([]Term, 0, 7)
	if c.Sticky {
		v, d := int64(0), "not the previous agent"
		if c.Previous {
			v, d = 1, "handled the ticket or customer before"
		}
		terms = append(terms, Term{Name: "previous agent", Value: v, Detail: d})
	}
	if c.PreferredOf > 0 {
		terms = append(terms, Term{Name: "preferred skills", Value: int64(c.Preferred), Of: int64(c.PreferredOf), Detail: fmt.Sprintf("%d of %d met", c.Preferred, c.PreferredOf)})
	}
	inUse := fmt.Sprintf("%d/%d %s in use", c.Load, c.Capacity, c.Channel)
	if c.Offered > 0 {
		inUse = fmt.Sprintf("%d+%d offered/%d %s in use", c.Load, c.Offered, c.Capacity, c.Channel)
	}
	switch s.orDefault() {
	case SkillsFirst:
		terms = append(terms, Term{Name: "skill match", Value: int64(c.SkillMatch), Detail: "sum of required skill levels"})
		fallthrough
	case LeastLoaded:
		terms = append(terms, Term{Name: "spare capacity", Value: int64(c.Spare()), Detail: inUse})
	case LeastLoadedPercent:
		// The exact fraction that was compared, not a rounded percentage:
		// 1/3 and 33/100 differ here as they did in the decision.
		pct := ""
		if c.Capacity > 0 {
			pct = " = " + strconv.FormatFloat(float64(c.Spare())*100/float64(c.Capacity), 'g', -1, 64) + " %"
		}
		terms = append(terms, Term{Name: "spare percent", Value: int64(c.Spare()), Of: int64(c.Capacity),
			Detail: fmt.Sprintf("%d/%d spare%s; %s", c.Spare(), c.Capacity, pct, inUse)})
	}
	// The instant as compared: to the nanosecond, then the turn.
	last := "never"
	var lastV int64
	if !c.LastAssigned.IsZero() {
		last = c.LastAssigned.UTC().Format(time.RFC3339Nano)
		lastV = unixNano(c.LastAssigned)
	}
	if c.Turn > 0 {
		last += " (turn " + strconv.FormatUint(c.Turn, 10) + ")"
	}
	terms = append(terms,
		Term{Name: "last assigned", Value: lastV, Detail: last},
		Term{Name: "open", Value: int64(c.Open), Detail: "items held and offered on all channels"},
	)
	return terms
}

// unixNano returns t in nanoseconds since the Unix epoch, saturating for
// instants outside about 1678–2262.
func unixNano(t time.Time) int64 {
	const maxSec int64 = math.MaxInt64 / 1_000_000_000
	switch s := t.Unix(); {
	case s >= maxSec:
		return math.MaxInt64
	case s <= -maxSec:
		return math.MinInt64
	}
	return t.UnixNano()
}

// bucket indexes the rejection tallies of a summary.
type bucket int

const (
	bucketOnline bucket = iota
	bucketAway
	bucketOffline
	bucketUnknownPresence
	bucketIdle
	bucketExcluded
	bucketGroup
	bucketNoCapacity
	bucketFull
	bucketTotal
	bucketThrottled
	bucketSkills
	bucketLanguage
	bucketRegion
	numBuckets
)

var bucketLabels = [numBuckets]string{
	"online (not allowed)", "away", "offline", "unknown presence", "idle", "excluded",
	"not in group", "without capacity for the channel", "at capacity", "at total capacity",
	"throttled", "lacking skills", "not speaking the language", "outside the region",
}

// bucketOf returns the summary bucket of a rejected candidate's verdict.
func bucketOf(v *verdict) bucket {
	switch v.rule {
	case vPresence:
		switch {
		case v.idle:
			return bucketIdle
		case v.pres >= 0:
			return bucketOnline + bucket(v.pres) // online, away, offline
		}
		return bucketUnknownPresence
	case vExcluded:
		return bucketExcluded
	case vGroup:
		return bucketGroup
	case vCapacity:
		switch {
		case v.units:
			return bucketTotal
		case v.capacity <= 0:
			return bucketNoCapacity
		}
		return bucketFull
	case vThrottle:
		return bucketThrottled
	case vSkills:
		return bucketSkills
	case vLanguage:
		return bucketLanguage
	}
	return bucketRegion
}

// tally counts candidates by outcome.
type tally struct {
	total, eligible int
	rejected        [numBuckets]int
}

// add counts one candidate from its verdict.
func (t *tally) add(v *verdict) {
	t.total++
	if v.rule == vEligible {
		t.eligible++
		return
	}
	t.rejected[bucketOf(v)]++
}

// String renders "3 agents: 2 offline, 1 at capacity"; eligible candidates
// are counted first when there are any.
func (t *tally) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(t.total))
	if t.total == 1 {
		b.WriteString(" agent")
	} else {
		b.WriteString(" agents")
	}
	sep := ": "
	if t.eligible > 0 {
		b.WriteString(sep)
		b.WriteString(strconv.Itoa(t.eligible))
		b.WriteString(" eligible")
		sep = ", "
	}
	for i, n := range t.rejected {
		if n == 0 {
			continue
		}
		b.WriteString(sep)
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" ")
		b.WriteString(bucketLabels[i])
		sep = ", "
	}
	return b.String()
}
