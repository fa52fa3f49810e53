package routing

import (
	"fmt"
	"slices"
	"time"
)

// OfferState is where an [Offer] stands. The zero value means "unknown".
type OfferState string

// The offer states. Pending is the only state that can change.
const (
	OfferPending  OfferState = "pending"
	OfferAccepted OfferState = "accepted"
	OfferDeclined OfferState = "declined"
	OfferExpired  OfferState = "expired"
)

var offerStates = []OfferState{OfferPending, OfferAccepted, OfferDeclined, OfferExpired}

// ParseOfferState returns the state spelled s, or an error wrapping [ErrUnknownValue].
func ParseOfferState(s string) (OfferState, error) {
	return parseEnum("offer state", s, offerStates)
}

// String returns the state's wire spelling.
func (s OfferState) String() string { return string(s) }

// Valid reports whether s is a known state.
func (s OfferState) Valid() bool { return isMember(s, offerStates) }

// MarshalText implements encoding.TextMarshaler.
func (s OfferState) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (s *OfferState) UnmarshalText(b []byte) error {
	return unmarshalEnum(s, "offer state", b, offerStates)
}

// Offer is an item pushed to one agent who must accept it before ExpiresAt
// (Salesforce push timeout, ServiceNow Advanced Work Assignment offers).
// Transitions are pure: each returns a new Offer. A declined or expired
// offer also returns the item to requeue: a decline adds the agent to its
// Excluded set, an expiry to its Missed list, and EnqueuedAt is kept, so
// the item keeps its original age and its place on the relaxation ladder.
// [Roster.Offer] makes an offer that holds the agent's capacity while it
// is pending, and [Roster.Accept], [Roster.Decline] and [Roster.Expire]
// release it.
type Offer struct {
	Item      Item
	Agent     string
	OfferedAt time.Time
	ExpiresAt time.Time
	State     OfferState
}

// NewOffer offers it to agent at now for timeout. A timeout ≤ 0 is a
// [ConfigError].
func NewOffer(it Item, agent string, now time.Time, timeout time.Duration) (Offer, error) {
	if timeout <= 0 {
		return Offer{}, configErr("offer timeout", "must be positive, is %s", timeout)
	}
	if agent == "" {
		return Offer{}, configErr("offer agent", "must not be empty")
	}
	return Offer{Item: it, Agent: agent, OfferedAt: now, ExpiresAt: now.Add(timeout), State: OfferPending}, nil
}

// Expired reports whether a pending offer has run out at now (now is at or
// after ExpiresAt).
func (o Offer) Expired(now time.Time) bool {
	return o.State == OfferPending && !now.Before(o.ExpiresAt)
}

// Accept accepts the offer at now. It fails with an [OfferError] when the
// offer is not pending or has expired. [Roster.Accept] also moves the
// held capacity from Offered to Load.
func (o Offer) Accept(now time.Time) (Offer, error) {
	if o.State != OfferPending {
		return o, &OfferError{Op: "accept", State: o.State, Why: "offer is no longer pending"}
	}
	if o.Expired(now) {
		return o, &OfferError{Op: "accept", State: o.State, Why: fmt.Sprintf("offer expired at %s", o.ExpiresAt.Format(time.RFC3339))}
	}
	o.State = OfferAccepted
	return o, nil
}

// Decline records that the agent declined. It returns the closed offer and
// the item to requeue, which excludes the agent and keeps its EnqueuedAt. A
// pending offer may be declined at any time, also after it ran out.
func (o Offer) Decline() (Offer, Item, error) {
	if o.State != OfferPending {
		return o, o.Item, &OfferError{Op: "decline", State: o.State, Why: "offer is no longer pending"}
	}
	o.State = OfferDeclined
	return o, o.Item.Exclude(o.Agent), nil
}

// Expire closes an offer that has run out at now, returning it and the item
// to requeue, which records the miss in [Item.Missed] (the agent is not
// offered the item again beyond [OfferRules.Reoffers]) and keeps its
// EnqueuedAt. It fails
// with an [OfferError] before ExpiresAt or when the offer is not pending.
func (o Offer) Expire(now time.Time) (Offer, Item, error) {
	if o.State != OfferPending {
		return o, o.Item, &OfferError{Op: "expire", State: o.State, Why: "offer is no longer pending"}
	}
	if !o.Expired(now) {
		return o, o.Item, &OfferError{Op: "expire", State: o.State, Why: fmt.Sprintf("offer runs until %s", o.ExpiresAt.Format(time.RFC3339))}
	}
	o.State = OfferExpired
	it := o.Item
	it.Missed = append(slices.Clone(it.Missed), o.Agent)
	return o, it, nil
}
