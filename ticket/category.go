package ticket

// Category is one of the six status categories every status maps to. The
// zero value means "unknown". Categories follow Zendesk's status categories:
// New, Open, Pending, On-hold, Solved, Closed.
type Category string

// The status categories.
const (
	CategoryNew     Category = "new"     // created, not yet worked on; never re-entered
	CategoryOpen    Category = "open"    // the desk is working on it
	CategoryPending Category = "pending" // waiting on the requester
	CategoryOnHold  Category = "on_hold" // waiting on a third party; the requester sees it as open
	CategorySolved  Category = "solved"  // solved; a requester reply reopens it
	CategoryClosed  Category = "closed"  // terminal and immutable
)

var categories = []Category{CategoryNew, CategoryOpen, CategoryPending, CategoryOnHold, CategorySolved, CategoryClosed}

// Categories returns the six categories in lifecycle order.
func Categories() []Category { return append([]Category(nil), categories...) }

// ParseCategory returns the category spelled s, or an error wrapping [ErrUnknownValue].
func ParseCategory(s string) (Category, error) { return parseEnum("category", s, categories) }

// String returns the category's wire spelling.
func (c Category) String() string { return string(c) }

// Valid reports whether c is one of the six known categories.
func (c Category) Valid() bool { return isMember(c, categories) }

// MarshalText implements encoding.TextMarshaler. The unknown zero value marshals as "".
func (c Category) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (c *Category) UnmarshalText(b []byte) error { return unmarshalEnum(c, "category", b, categories) }

// Active reports whether a ticket in this category is still being worked on
// (new, open, pending or on hold): it is part of the backlog.
func (c Category) Active() bool {
	switch c {
	case CategoryNew, CategoryOpen, CategoryPending, CategoryOnHold:
		return true
	}
	return false
}
