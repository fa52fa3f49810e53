package ticket

// Role is what kind of party acted. The zero value means "unknown".
type Role string

// The roles. Only a human agent's public message counts as a reply for SLA
// and KPI purposes (Zendesk: "automated or bot-related actions … aren't
// considered").
const (
	RoleAgent    Role = "agent"
	RoleCustomer Role = "customer"
	RoleBot      Role = "bot"
	RoleSystem   Role = "system" // rules, automations, integrations
)

var roles = []Role{RoleAgent, RoleCustomer, RoleBot, RoleSystem}

// ParseRole returns the role spelled s, or an error wrapping [ErrUnknownValue].
func ParseRole(s string) (Role, error) { return parseEnum("role", s, roles) }

// String returns the role's wire spelling.
func (r Role) String() string { return string(r) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r { // the members of roles, without a loop
	case RoleAgent, RoleCustomer, RoleBot, RoleSystem:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler.
func (r Role) MarshalText() ([]byte, error) { return []byte(r), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (r *Role) UnmarshalText(b []byte) error { return unmarshalEnum(r, "role", b, roles) }

// Actor is who did something: an agent, a customer, a bot or the system. ID
// is the caller's identifier for that party (an agent ID, a customer ID, a
// rule name); the library never interprets it.
type Actor struct {
	ID   string `json:"id"`
	Role Role   `json:"role"`
}

// Agent returns an actor with RoleAgent.
func Agent(id string) Actor { return Actor{ID: id, Role: RoleAgent} }

// Customer returns an actor with RoleCustomer.
func Customer(id string) Actor { return Actor{ID: id, Role: RoleCustomer} }

// Bot returns an actor with RoleBot.
func Bot(id string) Actor { return Actor{ID: id, Role: RoleBot} }

// System returns an actor with RoleSystem (a rule, automation or integration).
func System(id string) Actor { return Actor{ID: id, Role: RoleSystem} }

// String returns "role:id".
func (a Actor) String() string { return string(a.Role) + ":" + a.ID }
