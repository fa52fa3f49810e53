package ticket

// Workflow placeholder, replaced below.
type Workflow struct{}

// Ticket placeholder.
type Ticket struct{}

// Replay placeholder.
func Replay(wf *Workflow, events []Event) (Ticket, error) { return Ticket{}, nil }
