package ticket

// Priority is a ticket's priority. The zero value means "unknown" (no
// priority set); as in Zendesk, SLA policies may decline to apply to a ticket
// without a priority.
type Priority string

// The priorities, lowest first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

var priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// Priorities returns the four priorities, lowest first.
func Priorities() []Priority { return append([]Priority(nil), priorities...) }

// ParsePriority returns the priority spelled s, or an error wrapping [ErrUnknownValue].
func ParsePriority(s string) (Priority, error) { return parseEnum("priority", s, priorities) }

// String returns the priority's wire spelling.
func (p Priority) String() string { return string(p) }

// Valid reports whether p is one of the four known priorities.
func (p Priority) Valid() bool { return isMember(p, priorities) }

// Rank orders priorities: 0 for unknown, 1 for low up to 4 for urgent.
func (p Priority) Rank() int {
	for i, v := range priorities {
		if v == p {
			return i + 1
		}
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler.
func (p Priority) MarshalText() ([]byte, error) { return []byte(p), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (p *Priority) UnmarshalText(b []byte) error { return unmarshalEnum(p, "priority", b, priorities) }
