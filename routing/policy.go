package routing

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Policy is how one queue routes: which presences receive work, how agents
// are ranked, how requirements relax with waiting, and how items are
// ordered. The zero Policy routes to online agents only, least loaded
// first, with no relaxation, no total capacity weights, no throttle, no
// sticky routing and the default [Scoring].
type Policy struct {
	// Strategy ranks eligible agents; "" means [LeastLoaded].
	Strategy Strategy
	// Presences is the allow-list of presences that receive work; empty
	// means online only. Away and offline agents stay out unless listed
	// (idle or away agents kept in the pool is a common complaint).
	Presences []Presence
	// Ladder relaxes requirements as items wait, and may widen the groups
	// (overflow, [Step.Groups]).
	Ladder Ladder
	// Scoring orders the queue for [Policy.Order] and [Policy.Assign].
	Scoring Scoring
	// Weights is the units an item of each channel takes out of an
	// agent's [Agent.Total]. Nil weighs every channel 1, so Total caps the
	// number of items over all channels (ServiceNow AWA's universal
	// capacity); set it to weigh channels as Salesforce Omni-Channel does
	// ("a call uses the whole agent, a chat a third, an email a tenth":
	// Total 30 with phone 30, chat 10, email 3). A channel missing from a
	// non-nil map weighs 1. Weights must be positive.
	Weights map[ticket.Channel]int
	// PerChannelRotation makes the least-recently-assigned tie-break, and
	// so round robin, rotate per channel ([Agent.LastOn]) instead of over
	// all channels, as Zendesk's round robin does: an agent who just took a
	// call is not behind others for the next email.
	PerChannelRotation bool
	// IdleAway, when positive, counts an online agent whose
	// [Agent.LastActive] is older than this as away (Zendesk's idle
	// timeout sets agents away after inactivity), so they receive work only
	// where away is allowed. Agents with no LastActive are never idle.
	IdleAway time.Duration
	// Throttle caps assignments per agent per time window; the zero value
	// caps nothing.
	Throttle Throttle
	// StickyWindow, when positive, routes an item back to its
	// [Item.Previous] agent if that agent handled the ticket or customer
	// within the window and is eligible now; otherwise the item is routed
	// normally and the decision says why ([Decision.Previous]). This is
	// Five9's and Genesys's "last agent" routing for reopens and
	// follow-ups.
	StickyWindow time.Duration
	// Offers configures offer timeouts; see [OfferRules].
	Offers OfferRules
}

// Throttle caps how many items an agent receives within a sliding window,
// counted from [Agent.Recent], so a fast or newly joined agent is not
// flooded (Chatwoot's fair distribution: 100 per 3,600 s by default there).
// The zero Throttle is off; Max > 0 needs a positive Window, and a Window
// needs Max > 0 (Validate refuses either alone rather than cap nothing).
type Throttle struct {
	Max    int
	Window time.Duration
}

func (t Throttle) on() bool { return t.Max > 0 }

// count returns how many of recent are after cut.
func (t Throttle) count(recent []time.Time, cut time.Time) int {
	n := 0
	for i := len(recent) - 1; i >= 0; i-- {
		if recent[i].After(cut) {
			n++
		}
	}
	return n
}

// record returns a new slice: the entries of recent still inside the
// window at now, then now.
func (t Throttle) record(recent []time.Time, now time.Time) []time.Time {
	cut := now.Add(-t.Window)
	out := make([]time.Time, 0, len(recent)+1)
	for _, r := range recent {
		if r.After(cut) {
			out = append(out, r)
		}
	}
	return append(out, now)
}

// OfferRules configures offers made with [Roster.Offer]. The zero value
// offers for 30 seconds, never re-offers an item to an agent who let an
// offer of it expire, and leaves the agent's presence alone.
type OfferRules struct {
	// Timeout is how long an agent has to accept; zero means 30 s.
	Timeout time.Duration
	// Reoffers is how many more times an item may be offered to an agent
	// who let an offer of it expire ([Item.Missed]); 0 means never again.
	// Salesforce retries items other than chats with the same agents.
	Reoffers int
	// MissedPresence, when set, is the presence an agent gets when an
	// offer to them expires (ServiceNow AWA sets a chosen presence, such
	// as away, after an offer times out), so an absent agent stops
	// receiving offers.
	MissedPresence Presence
}

func (o OfferRules) timeout() time.Duration {
	if o.Timeout == 0 {
		return 30 * time.Second
	}
	return o.Timeout
}

// weight returns the units an item on ch takes from Agent.Total.
func (p *Policy) weight(ch ticket.Channel) int64 {
	if w, ok := p.Weights[ch]; ok {
		return int64(w)
	}
	return 1
}

// Validate reports every problem in p, its ladder and its scoring, joined,
// each a [ConfigError]: an unknown strategy or presence, weights for
// unknown channels or below 1, negative durations, a throttle without a
// window, negative re-offers and an unknown missed-offer presence.
func (p Policy) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) { errs = append(errs, configErr(field, format, args...)) }
	if p.Strategy != "" && !p.Strategy.Valid() {
		bad("Policy.Strategy", "is not a known strategy: %q", string(p.Strategy))
	}
	for i, pr := range p.Presences {
		if !pr.Valid() {
			bad(fmt.Sprintf("Policy.Presences[%d]", i), "is not a known presence: %q", string(pr))
		}
	}
	for ch, w := range p.Weights {
		if channelIndex(ch) < 0 || w < 1 {
			for _, ch := range slices.Sorted(maps.Keys(p.Weights)) {
				switch w := p.Weights[ch]; {
				case channelIndex(ch) < 0:
					bad(fmt.Sprintf("Policy.Weights[%q]", string(ch)), "is not a known channel")
				case w < 1:
					bad(fmt.Sprintf("Policy.Weights[%s]", ch), "must be at least 1, is %d", w)
				}
			}
			break
		}
	}
	if p.IdleAway < 0 {
		bad("Policy.IdleAway", "must not be negative, is %s", p.IdleAway)
	}
	if p.Throttle.Max < 0 {
		bad("Policy.Throttle.Max", "must not be negative, is %d", p.Throttle.Max)
	}
	if p.Throttle.Window < 0 || (p.Throttle.Max > 0 && p.Throttle.Window == 0) {
		bad("Policy.Throttle.Window", "must be positive with a Max, is %s", p.Throttle.Window)
	}
	if p.Throttle.Max == 0 && p.Throttle.Window > 0 {
		// A window alone caps nothing: the throttle was meant, its Max forgotten.
		bad("Policy.Throttle.Max", "must be positive with a Window (%s); a Throttle without both is off", p.Throttle.Window)
	}
	if p.StickyWindow < 0 {
		bad("Policy.StickyWindow", "must not be negative, is %s", p.StickyWindow)
	}
	if p.Offers.Timeout < 0 {
		bad("Policy.Offers.Timeout", "must not be negative, is %s", p.Offers.Timeout)
	}
	if p.Offers.Reoffers < 0 {
		bad("Policy.Offers.Reoffers", "must not be negative, is %d", p.Offers.Reoffers)
	}
	if p.Offers.MissedPresence != "" && !p.Offers.MissedPresence.Valid() {
		bad("Policy.Offers.MissedPresence", "is not a known presence: %q", string(p.Offers.MissedPresence))
	}
	if err := p.Ladder.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := p.Scoring.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Order returns items in queue order at now; see [Scoring.Order].
func (p Policy) Order(items []Item, now time.Time) []Ranked { return p.Scoring.Order(items, now) }
