package routing

import (
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Skill is a skill requirement: the named skill at Level or above.
type Skill struct {
	Name  string
	Level int
}

// Item is one piece of work waiting to be routed: a ticket (or a
// conversation on it) on a channel.
type Item struct {
	Ticket ticket.ID
	// Channel is the item's channel; it must be a known [ticket.Channel].
	Channel  ticket.Channel
	Priority ticket.Priority // base priority; see [Matrix] for impact × urgency
	Tier     ticket.Tier     // the requester's segment, e.g. vip
	// DueAt is when the item's SLA target breaches; zero means no target.
	// The caller supplies it (from sla, or its own rule).
	DueAt time.Time
	// Group is the group that must handle the item; "" means any group.
	Group string
	// Skills are required skills with minimum levels.
	Skills []Skill
	// Language is the customer's preferred language (BCP 47); "" means any.
	Language string
	// Region is the customer's region; "" means any.
	Region string
	// EnqueuedAt is when the item started waiting; it must be set. It is
	// the age that the relaxation ladder and aging read, and it survives
	// declined and expired offers (Salesforce: a declined item returns
	// "with its original age").
	EnqueuedAt time.Time
	// Excluded are agent IDs that must not get this item, typically agents
	// that declined it.
	Excluded []string
	// Missed lists, once per miss, the agents that let an offer of this
	// item expire. An agent is not offered the item again once its misses
	// exceed [OfferRules.Reoffers] (by default after one miss).
	Missed []string
	// Preferred are skills that rank agents without excluding any: among
	// eligible agents, those meeting more preferred skills at their levels
	// come first (after the previous agent, see Previous). Required skills
	// are Skills.
	Preferred []Skill
	// Previous is the agent who last handled the ticket or the customer;
	// within [Policy.StickyWindow] of Previous.At that agent, when eligible,
	// is chosen before all others (sticky routing for reopens and
	// follow-ups). The zero value means none.
	Previous Previous
}

// Previous names the agent an item should go back to, and why.
type Previous struct {
	Agent string
	// At is when Agent last handled the ticket or the customer; the sticky
	// window counts from it.
	At time.Time
	// Of says what Agent handled: [AffinityTicket] (a reopen) or
	// [AffinityCustomer] (a follow-up from the same customer).
	Of Affinity
}

// Affinity is what ties an item to its previous agent. The zero value means
// "unknown".
type Affinity string

// The affinities.
const (
	AffinityTicket   Affinity = "ticket"
	AffinityCustomer Affinity = "customer"
)

var affinities = []Affinity{AffinityTicket, AffinityCustomer}

// ParseAffinity returns the affinity spelled s, or an error wrapping [ErrUnknownValue].
func ParseAffinity(s string) (Affinity, error) { return parseEnum("affinity", s, affinities) }

// String returns the affinity's wire spelling.
func (a Affinity) String() string { return string(a) }

// Valid reports whether a is a known affinity.
func (a Affinity) Valid() bool { return isMember(a, affinities) }

// MarshalText implements encoding.TextMarshaler.
func (a Affinity) MarshalText() ([]byte, error) { return []byte(a), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (a *Affinity) UnmarshalText(b []byte) error {
	return unmarshalEnum(a, "affinity", b, affinities)
}

// Exclude returns a copy of it with agentID added to Excluded (once). The
// copy has its own Excluded slice; it is unchanged.
func (it Item) Exclude(agentID string) Item {
	if slices.Contains(it.Excluded, agentID) {
		it.Excluded = slices.Clone(it.Excluded)
		return it
	}
	ex := make([]string, len(it.Excluded), len(it.Excluded)+1)
	copy(ex, it.Excluded)
	it.Excluded = append(ex, agentID)
	return it
}

// Age returns how long the item has waited at now; never negative. An item
// enqueued after now (clocks that disagree) has age 0, and so has an item
// with a zero EnqueuedAt, whose age is unknown ([Item.Validate] reports it,
// and [Policy.Decide] and [Policy.Assign] refuse it).
func (it Item) Age(now time.Time) time.Duration {
	if it.EnqueuedAt.IsZero() {
		return 0
	}
	if d := now.Sub(it.EnqueuedAt); d > 0 {
		return d
	}
	return 0
}
