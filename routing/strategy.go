package routing

import "strings"

// Strategy is how a queue chooses among eligible agents. The zero value
// means "unknown"; a [Policy] with no strategy uses [LeastLoaded]. Every
// strategy comes after sticky routing and preferred skills (see
// [Policy.StickyWindow], [Item.Preferred]) and ends in the same total
// tie-break, with no randomness: least recently assigned (the instant,
// then [Agent.Turn]; per channel under [Policy.PerChannelRotation]), then
// fewest open items, then agent ID.
type Strategy string

// The strategies.
const (
	// RoundRobin picks the agent assigned least recently (ServiceNow "Last
	// Assigned", Zendesk round robin). Agents still need spare capacity.
	RoundRobin Strategy = "round_robin"
	// LeastLoaded picks the most spare capacity on the item's channel,
	// Capacity − Load (Zendesk's default capacity routing).
	LeastLoaded Strategy = "least_loaded"
	// LeastLoadedPercent picks the highest spare share of capacity,
	// (Capacity − Load) / Capacity: 1 of 2 in use (50 % spare) beats 8 of 10
	// (20 % spare), as in Zendesk's percentage-based routing.
	LeastLoadedPercent Strategy = "least_loaded_percent"
	// SkillsFirst picks the best skill match (the highest sum of levels in
	// the item's required skills), then the most spare capacity.
	SkillsFirst Strategy = "skills_first"
)

var strategies = []Strategy{RoundRobin, LeastLoaded, LeastLoadedPercent, SkillsFirst}

// ParseStrategy returns the strategy spelled s, or an error wrapping [ErrUnknownValue].
func ParseStrategy(s string) (Strategy, error) { return parseEnum("strategy", s, strategies) }

// String returns the strategy's wire spelling.
func (s Strategy) String() string { return string(s) }

// Valid reports whether s is a known strategy.
func (s Strategy) Valid() bool { return isMember(s, strategies) }

// MarshalText implements encoding.TextMarshaler.
func (s Strategy) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (s *Strategy) UnmarshalText(b []byte) error {
	return unmarshalEnum(s, "strategy", b, strategies)
}

func (s Strategy) orDefault() Strategy {
	if s == "" {
		return LeastLoaded
	}
	return s
}

// Criterion names what separated the chosen agent from the runner-up. The
// zero value means "unknown" (no agent was chosen).
type Criterion string

// The criteria, in the order they rank: sticky routing and preferred
// skills, the strategies' terms, then the tie-breaks.
const (
	CriterionOnlyCandidate Criterion = "only_candidate" // one eligible agent
	CriterionPrevious      Criterion = "previous_agent" // sticky routing: the item's previous agent
	CriterionPreferred     Criterion = "preferred_skills"
	CriterionSkillMatch    Criterion = "skill_match"
	CriterionSpareCapacity Criterion = "spare_capacity"
	CriterionSparePercent  Criterion = "spare_percent"
	CriterionLastAssigned  Criterion = "least_recently_assigned"
	CriterionFewestOpen    Criterion = "fewest_open"
	CriterionAgentID       Criterion = "agent_id"
)

var criteria = []Criterion{CriterionOnlyCandidate, CriterionPrevious, CriterionPreferred, CriterionSkillMatch, CriterionSpareCapacity, CriterionSparePercent, CriterionLastAssigned, CriterionFewestOpen, CriterionAgentID}

// ParseCriterion returns the criterion spelled s, or an error wrapping [ErrUnknownValue].
func ParseCriterion(s string) (Criterion, error) { return parseEnum("criterion", s, criteria) }

// String returns the criterion's wire spelling.
func (c Criterion) String() string { return string(c) }

// Label returns the criterion in words: "least recently assigned".
func (c Criterion) Label() string { return strings.ReplaceAll(string(c), "_", " ") }

// TieBreak reports whether c is one of the shared tie-breaks rather than a
// strategy's own term.
func (c Criterion) TieBreak() bool {
	return c == CriterionLastAssigned || c == CriterionFewestOpen || c == CriterionAgentID
}

// MarshalText implements encoding.TextMarshaler.
func (c Criterion) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (c *Criterion) UnmarshalText(b []byte) error {
	return unmarshalEnum(c, "criterion", b, criteria)
}
