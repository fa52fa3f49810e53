package ticket

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/servicedesk-go/desk/ticket/document"
)

// Lifecycle is a ticket lifecycle as data, in the style of Request Tracker's
// lifecycles: the statuses (each in one [StatusCategory]), the initial status, and
// an explicit from → to table. Commands consult it; nothing else is allowed.
//
// A Lifecycle must not be changed once tickets use it. [DefaultLifecycle]
// returns the Zendesk-style default; a custom lifecycle should pass
// [Lifecycle.Validate] before use. [Create] and [FollowUp] refuse an invalid
// lifecycle with errors wrapping [ErrInvalidLifecycle]; [Replay] does not
// check the lifecycle it is given, so validate it once at startup.
type Lifecycle struct {
	// Statuses lists every status. Names are unique.
	Statuses []Status
	// Initial names the status a new ticket starts in.
	Initial string
	// Transitions maps a status name to the names it may move to. A status
	// in StatusCategoryClosed must have no exits.
	Transitions map[string][]string
	// ReopenTo names the status a requester's public message moves a pending
	// or solved ticket to. Empty means requester messages never change the
	// status.
	ReopenTo string
	// AutoRepliesReopen makes an automated requester message (an
	// out-of-office reply: [Message].Automated) move the ticket to ReopenTo
	// like any other requester message. By default it does not: Zendesk
	// detects auto-replies and leaves the ticket as it is.
	AutoRepliesReopen bool

	valid bool // set by Validated and DefaultLifecycle: commands skip Validate
}

// Validated returns a copy of lc that commands trust without validating it
// again, or the errors of [Lifecycle.Validate]. The copy shares no slice or
// map with lc. Validate a custom lifecycle once at startup with Validated
// and pass the result to [Create], [Replay] and [Load]; a lifecycle that did
// not come from Validated is validated by every [Create] (nil, meaning
// the default, is not). Like any Lifecycle in use, the copy must not be changed.
func (lc *Lifecycle) Validated() (*Lifecycle, error) {
	if err := lc.Validate(); err != nil {
		return nil, err
	}
	out := *lc
	out.Statuses = slices.Clone(lc.Statuses)
	out.Transitions = make(map[string][]string, len(lc.Transitions))
	for from, to := range lc.Transitions {
		out.Transitions[from] = slices.Clone(to)
	}
	out.valid = true
	return &out, nil
}

// DefaultLifecycle returns the default lifecycle, which follows Zendesk's:
//
//	new     → open, pending, on_hold, solved
//	open    → pending, on_hold, solved
//	pending → open, on_hold, solved
//	on_hold → open, pending, solved
//	solved  → open, pending, on_hold, closed
//	closed  → (terminal)
//
// New is never re-entered; a requester's reply moves Pending or Solved back to
// Open (from Solved this is a reopen); Closed is terminal, and a reply to a
// closed ticket is answered with a follow-up ticket (see [FollowUp]). Each call
// returns a fresh value.
func DefaultLifecycle() *Lifecycle {
	return &Lifecycle{
		Statuses: []Status{StatusNew, StatusOpen, StatusPending, StatusOnHold, StatusSolved, StatusClosed},
		Initial:  StatusNew.Name,
		Transitions: map[string][]string{
			"new":     {"open", "pending", "on_hold", "solved"},
			"open":    {"pending", "on_hold", "solved"},
			"pending": {"open", "on_hold", "solved"},
			"on_hold": {"open", "pending", "solved"},
			"solved":  {"open", "pending", "on_hold", "closed"},
		},
		ReopenTo: StatusOpen.Name,
	}
}

// defaultLifecycle returns [DefaultLifecycle] marked valid (its validity is
// tested), for commands given a nil lifecycle.
func defaultLifecycle() *Lifecycle {
	lc := DefaultLifecycle()
	lc.valid = true
	return lc
}

// Status returns the lifecycle's status with the given name.
func (lc *Lifecycle) Status(name string) (Status, bool) {
	for _, s := range lc.Statuses {
		if s.Name == name {
			return s, true
		}
	}
	return Status{}, false
}

// InitialStatus returns the status new tickets start in.
func (lc *Lifecycle) InitialStatus() Status {
	s, _ := lc.Status(lc.Initial)
	return s
}

// Allowed returns the statuses a ticket in status from may move to, in the
// order the table lists them.
func (lc *Lifecycle) Allowed(from string) []Status {
	var out []Status
	for _, name := range lc.Transitions[from] {
		if s, ok := lc.Status(name); ok {
			out = append(out, s)
		}
	}
	return out
}

// CanMove reports whether the table has an edge from → to.
func (lc *Lifecycle) CanMove(from, to string) bool {
	return slices.Contains(lc.Transitions[from], to)
}

// closedStatus returns the first status in StatusCategoryClosed, used to close a
// merged ticket.
func (lc *Lifecycle) closedStatus() (Status, bool) {
	for _, s := range lc.Statuses {
		if s.Category == StatusCategoryClosed {
			return s, true
		}
	}
	return Status{}, false
}

// Validate reports every problem with the lifecycle at once, joined with
// errors.Join; each wraps [ErrInvalidLifecycle]. A valid lifecycle has at least
// one status, unique non-empty names in valid UTF-8 (which events can
// record), known status categories, an initial status
// that exists, transitions between known statuses, no exits from closed
// statuses, an initial status in an active category (not solved or closed),
// every status reachable from the initial one, a status in
// StatusCategoryClosed (merges close tickets), and a ReopenTo that is empty or an
// active status.
func (lc *Lifecycle) Validate() error {
	if lc == nil {
		return &LifecycleError{Problem: "nil lifecycle"}
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &LifecycleError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if len(lc.Statuses) == 0 {
		bad("statuses", "no statuses")
	}
	seen := make(map[string]bool, len(lc.Statuses))
	for i, s := range lc.Statuses {
		switch {
		case s.Name == "":
			bad(fmt.Sprintf("statuses[%d].name", i), "status with empty name (category %q)", s.Category)
		case seen[s.Name]:
			bad(fmt.Sprintf("statuses[%d].name", i), "status %q defined twice", s.Name)
		case !validText(s.Name): // no event could record it: JSON would change it
			bad(fmt.Sprintf("statuses[%d].name", i), "status name %q is not valid UTF-8", s.Name)
		}
		if !s.Category.Valid() {
			bad(fmt.Sprintf("statuses[%d].category", i), "status %q has unknown category %q", s.Name, s.Category)
		}
		seen[s.Name] = true
	}
	initial, ok := lc.Status(lc.Initial)
	switch {
	case !ok:
		bad("initial", "initial status %q is not defined", lc.Initial)
	case !initial.Category.Active():
		bad("initial", "initial status %q is in category %q; a new ticket must be active", lc.Initial, initial.Category)
	}
	if _, ok := lc.closedStatus(); !ok && len(lc.Statuses) > 0 {
		bad("statuses", "no status in category closed")
	}
	for _, from := range slices.Sorted(maps.Keys(lc.Transitions)) {
		fs, ok := lc.Status(from)
		if !ok {
			bad(transitionPath(from), "transition from undefined status %q", from)
			continue
		}
		if fs.Category == StatusCategoryClosed && len(lc.Transitions[from]) > 0 {
			bad(transitionPath(from), "closed status %q has exits %v", from, lc.Transitions[from])
		}
		for j, to := range lc.Transitions[from] {
			if _, ok := lc.Status(to); !ok {
				bad(fmt.Sprintf("%s[%d]", transitionPath(from), j), "transition %q → %q to undefined status", from, to)
			}
			if to == from {
				bad(fmt.Sprintf("%s[%d]", transitionPath(from), j), "transition %q → %q loops", from, to)
			}
		}
	}
	if ok {
		reached := map[string]bool{initial.Name: true}
		queue := []string{initial.Name}
		for len(queue) > 0 {
			from := queue[0]
			queue = queue[1:]
			for _, to := range lc.Transitions[from] {
				if !reached[to] {
					reached[to] = true
					queue = append(queue, to)
				}
			}
		}
		var unreached []string
		for _, s := range lc.Statuses {
			if !reached[s.Name] && s.Name != "" {
				unreached = append(unreached, s.Name)
			}
		}
		if len(unreached) > 0 {
			bad("transitions", "not reachable from %q: %s", initial.Name, strings.Join(unreached, ", "))
		}
	}
	if lc.ReopenTo != "" {
		if s, ok := lc.Status(lc.ReopenTo); !ok {
			bad("reopen_to", "reopen status %q is not defined", lc.ReopenTo)
		} else if !s.Category.Active() || s.Category == StatusCategoryNew {
			bad("reopen_to", "reopen status %q is in category %q, want open, pending or on_hold", lc.ReopenTo, s.Category)
		}
	}
	return errors.Join(errs...)
}

// LifecycleError is one problem with a lifecycle definition. It wraps
// [ErrInvalidLifecycle].
type LifecycleError struct {
	// Field is the path of the value at fault in the lifecycle's document
	// (see [DecodeLifecycle]), such as "statuses[2].name" or
	// "transitions.open[1]"; empty for the lifecycle as a whole.
	Field   string
	Problem string
}

// transitionPath is the document path of the exits of status from.
func transitionPath(from string) string { return document.Key("transitions", from) }

// Error implements the error interface.
func (e *LifecycleError) Error() string { return "ticket: invalid lifecycle: " + e.Problem }

// Unwrap returns [ErrInvalidLifecycle].
func (e *LifecycleError) Unwrap() error { return ErrInvalidLifecycle }

// TransitionError reports a status change the lifecycle does not allow. It
// wraps [ErrInvalidTransition] and names the allowed targets.
type TransitionError struct {
	From    Status
	To      Status
	Allowed []Status
}

// Error implements the error interface.
func (e *TransitionError) Error() string {
	names := make([]string, len(e.Allowed))
	for i, s := range e.Allowed {
		names[i] = s.Name
	}
	allowed := "none: the status is terminal"
	if len(names) > 0 {
		allowed = strings.Join(names, ", ")
	}
	return fmt.Sprintf("ticket: invalid transition %s → %s (allowed: %s)", e.From.Name, e.To.Name, allowed)
}

// Unwrap returns [ErrInvalidTransition].
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }
