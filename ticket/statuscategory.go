package ticket

// StatusCategory is one of the six categories every status maps to. The
// zero value means "unknown". The categories follow Zendesk's status
// categories: New, Open, Pending, On-hold, Solved, Closed. (The word
// "category" alone means a ticket's case type, [Ticket.Category].)
type StatusCategory string

// The status categories.
const (
	StatusCategoryNew     StatusCategory = "new"     // created, not yet worked on; never re-entered
	StatusCategoryOpen    StatusCategory = "open"    // the desk is working on it
	StatusCategoryPending StatusCategory = "pending" // waiting on the requester
	StatusCategoryOnHold  StatusCategory = "on_hold" // waiting on a third party; the requester sees it as open
	StatusCategorySolved  StatusCategory = "solved"  // solved; a requester reply reopens it
	StatusCategoryClosed  StatusCategory = "closed"  // terminal and immutable
)

var statusCategories = []StatusCategory{StatusCategoryNew, StatusCategoryOpen, StatusCategoryPending,
	StatusCategoryOnHold, StatusCategorySolved, StatusCategoryClosed}

// StatusCategories returns the six status categories in lifecycle order.
func StatusCategories() []StatusCategory { return append([]StatusCategory(nil), statusCategories...) }

// ParseStatusCategory returns the status category spelled s, or an error
// wrapping [ErrUnknownValue].
func ParseStatusCategory(s string) (StatusCategory, error) {
	return parseEnum("status category", s, statusCategories)
}

// String returns the status category's wire spelling.
func (c StatusCategory) String() string { return string(c) }

// Valid reports whether c is one of the six known status categories.
func (c StatusCategory) Valid() bool {
	switch c { // the members of statusCategories, without a loop
	case StatusCategoryNew, StatusCategoryOpen, StatusCategoryPending,
		StatusCategoryOnHold, StatusCategorySolved, StatusCategoryClosed:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler. The unknown zero value marshals as "".
func (c StatusCategory) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (c *StatusCategory) UnmarshalText(b []byte) error {
	return unmarshalEnum(c, "status category", b, statusCategories)
}

// Active reports whether a ticket in this status category is still being
// worked on (new, open, pending or on hold): it is part of the backlog.
func (c StatusCategory) Active() bool {
	switch c {
	case StatusCategoryNew, StatusCategoryOpen, StatusCategoryPending, StatusCategoryOnHold:
		return true
	}
	return false
}
