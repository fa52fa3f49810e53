package ticket

import "fmt"

// Status is a named status and the category it belongs to. A workflow may
// define any number of statuses ("Awaiting vendor" in [CategoryOnHold]); SLA
// clocks, follow-ups and KPIs only look at the category. Events carry the
// whole Status, so a history can be read without its workflow.
type Status struct {
	Name     string   `json:"name"`
	Category Category `json:"category"`
}

// The statuses of [DefaultWorkflow]: one per category, named after it.
var (
	StatusNew     = Status{Name: "new", Category: CategoryNew}
	StatusOpen    = Status{Name: "open", Category: CategoryOpen}
	StatusPending = Status{Name: "pending", Category: CategoryPending}
	StatusOnHold  = Status{Name: "on_hold", Category: CategoryOnHold}
	StatusSolved  = Status{Name: "solved", Category: CategorySolved}
	StatusClosed  = Status{Name: "closed", Category: CategoryClosed}
)

// IsZero reports whether s is the zero Status (no status).
func (s Status) IsZero() bool { return s == Status{} }

// String returns the status name, followed by its category in parentheses
// when the two differ: "awaiting_vendor (on_hold)".
func (s Status) String() string {
	if s.Name == string(s.Category) {
		return s.Name
	}
	return fmt.Sprintf("%s (%s)", s.Name, s.Category)
}
