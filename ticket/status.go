package ticket

import "fmt"

// Status is a named status and the category it belongs to. A lifecycle may
// define any number of statuses ("Awaiting vendor" in [StatusCategoryOnHold]); SLA
// clocks, follow-ups and KPIs only look at the category. Events carry the
// whole Status, so a history can be read without its lifecycle.
type Status struct {
	Name     string         `json:"name"`
	Category StatusCategory `json:"category"`
}

// The statuses of [DefaultLifecycle]: one per category, named after it.
var (
	StatusNew     = Status{Name: "new", Category: StatusCategoryNew}
	StatusOpen    = Status{Name: "open", Category: StatusCategoryOpen}
	StatusPending = Status{Name: "pending", Category: StatusCategoryPending}
	StatusOnHold  = Status{Name: "on_hold", Category: StatusCategoryOnHold}
	StatusSolved  = Status{Name: "solved", Category: StatusCategorySolved}
	StatusClosed  = Status{Name: "closed", Category: StatusCategoryClosed}
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
