package routing

import (
	"maps"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Presence is whether an agent is available for work. The zero value means
// "unknown" and never receives work; any other spelling that is not one of
// the constants below is invalid input. Away and offline are distinct inputs:
// which presences receive work is the [Policy]'s allow-list (online only by
// default), so a desk may, like Zendesk's "Away = email only", allow away
// agents on an email queue and not on a chat queue.
type Presence string

// The presences.
const (
	PresenceOnline  Presence = "online"
	PresenceAway    Presence = "away"
	PresenceOffline Presence = "offline"
)

var presences = []Presence{PresenceOnline, PresenceAway, PresenceOffline}

// ParsePresence returns the presence spelled s, or an error wrapping [ErrUnknownValue].
func ParsePresence(s string) (Presence, error) { return parseEnum("presence", s, presences) }

// String returns the presence's wire spelling.
func (p Presence) String() string { return string(p) }

// Valid reports whether p is a known presence.
func (p Presence) Valid() bool { return isMember(p, presences) }

// MarshalText implements encoding.TextMarshaler.
func (p Presence) MarshalText() ([]byte, error) { return []byte(p), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (p *Presence) UnmarshalText(b []byte) error { return unmarshalEnum(p, "presence", b, presences) }

// Agent is one agent's routing state: who they are, what they can do and how
// busy they are. Agents are values; [Decision.Apply] and [Policy.Assign]
// return updated copies and never modify their inputs.
type Agent struct {
	// ID is the caller's identifier for the agent; it is the last tie-break.
	ID       string
	Presence Presence
	// Skills maps a skill name to the agent's level in it (higher is
	// better). A missing skill is level 0.
	Skills map[string]int
	// Languages are the BCP 47 tags the agent works in. A tag serves an
	// item's language with the same primary language and no differing
	// script, more or less specific: "en" serves "en-GB", "en-GB" serves
	// "en" and "en-US", "zh-Hant" serves "zh-Hant-TW" but not "zh-Hans".
	Languages []string
	// Regions are the caller's region codes the agent serves.
	Regions []string
	// Groups are the groups (teams, queues) the agent belongs to.
	Groups []string
	// Capacity is how many open items of each channel the agent may hold,
	// e.g. 1 phone, 3 chat, 10 email. A channel missing here (or 0) is a
	// channel the agent does not take; a negative capacity is invalid.
	// Counts above 2,147,483,647 are treated as that many.
	Capacity map[ticket.Channel]int
	// Load is how many items of each channel the agent holds now; it may
	// exceed Capacity (manual assignment) but not be negative. Which ticket
	// statuses count is the caller's choice (Zendesk: solved, pending and
	// on-hold do not count).
	Load map[ticket.Channel]int
	// LastAssigned is when the agent last received an item; zero means
	// never, which is the least recent of all. An instant after the now of
	// a decision ranks as now.
	LastAssigned time.Time
	// Turn orders agents last assigned at the same instant: [Decision.Apply]
	// and [Policy.Assign] set it to one more than the highest Turn among the
	// agents they are given, so of two agents with equal LastAssigned the
	// lower Turn was assigned first and ranks first. It is the rotation
	// state of same-instant routing: keep it with the agent, so that items
	// routed one by one (Decide, then Apply) rotate exactly as a batch does.
	// Zero means no turn recorded.
	Turn uint64
	// LastOn is when the agent last received an item on each channel, with
	// the turn; [Policy.PerChannelRotation] rotates on it (Zendesk's round
	// robin rotates per channel). Apply and Assign record it.
	LastOn map[ticket.Channel]Stamp
	// Total is the agent's universal capacity in units over all channels,
	// beside the per-channel Capacity; 0 means no total cap. Each item held
	// or offered takes [Policy.Weights] units of its channel (ServiceNow AWA
	// universal capacity counts items, 1 unit each; Salesforce Omni-Channel
	// weights them, e.g. a call 30 of 30 units, a chat 10, an email 3), so an
	// agent on a call gets no chat.
	Total int
	// Offered is how many items of each channel are offered to the agent
	// and not yet accepted. Pending offers hold capacity like Load (AWA and
	// Omni-Channel reserve capacity while an offer is pending); [Roster.Offer]
	// and the offer transitions on [Roster] keep it.
	Offered map[ticket.Channel]int
	// LastActive is when the agent was last seen active; zero means unknown.
	// With [Policy.IdleAway] an online agent idle longer than that counts as
	// away (Zendesk's idle timeout).
	LastActive time.Time
	// Recent holds the instants of the agent's recent assignments, oldest
	// first, for [Policy.Throttle]. Apply and Assign append to it (and drop
	// instants older than the throttle window) only when a throttle is set.
	Recent []time.Time
}

// Stamp is when an agent last received an item, and the turn it took (see
// [Agent.Turn]).
type Stamp struct {
	At   time.Time
	Turn uint64
}

// Open returns the items the agent holds or has been offered, over all
// channels.
func (a Agent) Open() int {
	n := 0
	for _, l := range a.Load {
		n += l
	}
	for _, l := range a.Offered {
		n += l
	}
	return n
}

// Spare returns the agent's spare capacity on ch: Capacity[ch] − Load[ch]
// − Offered[ch], which may be negative after manual over-assignment.
func (a Agent) Spare(ch ticket.Channel) int { return a.Capacity[ch] - a.Load[ch] - a.Offered[ch] }

// Assign returns a copy of a that holds one more item on ch, was last
// assigned at now (also on ch, in LastOn) and has the given turn (see
// [Agent.Turn]; [NextTurn] gives the one that keeps a roster's rotation).
// The copy has its own Load and LastOn maps; a is unchanged. It does not
// touch Recent (see [Policy.Throttle]).
func (a Agent) Assign(ch ticket.Channel, now time.Time, turn uint64) Agent {
	a.Load = ownLoad(a.Load)
	a.Load[ch]++
	a.stamp(ch, now, turn)
	return a
}

// stamp records an assignment or offer at now with turn.
func (a *Agent) stamp(ch ticket.Channel, now time.Time, turn uint64) {
	a.LastAssigned = now
	a.Turn = turn
	on := make(map[ticket.Channel]Stamp, len(a.LastOn)+1)
	maps.Copy(on, a.LastOn)
	on[ch] = Stamp{At: now, Turn: turn}
	a.LastOn = on
}

// NextTurn returns the turn the next assignment among agents takes: one
// more than the highest [Agent.Turn].
func NextTurn(agents []Agent) uint64 {
	var t uint64
	for i := range agents {
		t = max(t, agents[i].Turn)
	}
	return t + 1
}

// ownLoad returns a copy of load that the caller may modify; never nil.
func ownLoad(load map[ticket.Channel]int) map[ticket.Channel]int {
	if load == nil {
		return make(map[ticket.Channel]int, 1)
	}
	return maps.Clone(load)
}

// HasGroup reports whether the agent belongs to group.
func (a Agent) HasGroup(group string) bool { return slices.Contains(a.Groups, group) }
