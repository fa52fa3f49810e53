package ticket

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
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

// Status returns the lifecycle's status with the given name.
func (w *Lifecycle) Status(name string) (Status, bool) {
	for _, s := range w.Statuses {
		if s.Name == name {
			return s, true
		}
	}
	return Status{}, false
}

// InitialStatus returns the status new tickets start in.
func (w *Lifecycle) InitialStatus() Status {
	s, _ := w.Status(w.Initial)
	return s
}

// Allowed returns the statuses a ticket in status from may move to, in the
// order the table lists them.
func (w *Lifecycle) Allowed(from string) []Status {
	var out []Status
	for _, name := range w.Transitions[from] {
		if s, ok := w.Status(name); ok {
			out = append(out, s)
		}
	}
	return out
}

// CanMove reports whether the table has an edge from → to.
func (w *Lifecycle) CanMove(from, to string) bool {
	return slices.Contains(w.Transitions[from], to)
}

// closedStatus returns the first status in StatusCategoryClosed, used to close a
// merged ticket.
func (w *Lifecycle) closedStatus() (Status, bool) {
	for _, s := range w.Statuses {
		if s.Category == StatusCategoryClosed {
			return s, true
		}
	}
	return Status{}, false
}

// Validate reports every problem with the lifecycle at once, joined with
// errors.Join; each wraps [ErrInvalidLifecycle]. A valid lifecycle has at least
// one status, unique non-empty names, known statusCategories, an initial status
// that exists, transitions between known statuses, no exits from closed
// statuses, every status reachable from the initial one, a status in
// StatusCategoryClosed (merges close tickets), and a ReopenTo that is empty or an
// active status.
func (w *Lifecycle) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, &LifecycleError{Problem: fmt.Sprintf(format, args...)})
	}
	if len(w.Statuses) == 0 {
		bad("no statuses")
	}
	seen := make(map[string]bool, len(w.Statuses))
	for _, s := range w.Statuses {
		switch {
		case s.Name == "":
			bad("status with empty name (category %q)", s.Category)
		case seen[s.Name]:
			bad("status %q defined twice", s.Name)
		}
		if !s.Category.Valid() {
			bad("status %q has unknown category %q", s.Name, s.Category)
		}
		seen[s.Name] = true
	}
	initial, ok := w.Status(w.Initial)
	if !ok {
		bad("initial status %q is not defined", w.Initial)
	}
	if _, ok := w.closedStatus(); !ok && len(w.Statuses) > 0 {
		bad("no status in category closed")
	}
	for _, from := range slices.Sorted(maps.Keys(w.Transitions)) {
		fs, ok := w.Status(from)
		if !ok {
			bad("transition from undefined status %q", from)
			continue
		}
		if fs.Category == StatusCategoryClosed && len(w.Transitions[from]) > 0 {
			bad("closed status %q has exits %v", from, w.Transitions[from])
		}
		for _, to := range w.Transitions[from] {
			if _, ok := w.Status(to); !ok {
				bad("transition %q → %q to undefined status", from, to)
			}
			if to == from {
				bad("transition %q → %q loops", from, to)
			}
		}
	}
	if ok {
		reached := map[string]bool{initial.Name: true}
		queue := []string{initial.Name}
		for len(queue) > 0 {
			from := queue[0]
			queue = queue[1:]
			for _, to := range w.Transitions[from] {
				if !reached[to] {
					reached[to] = true
					queue = append(queue, to)
				}
			}
		}
		var unreached []string
		for _, s := range w.Statuses {
			if !reached[s.Name] && s.Name != "" {
				unreached = append(unreached, s.Name)
			}
		}
		if len(unreached) > 0 {
			bad("not reachable from %q: %s", initial.Name, strings.Join(unreached, ", "))
		}
	}
	if w.ReopenTo != "" {
		if s, ok := w.Status(w.ReopenTo); !ok {
			bad("reopen status %q is not defined", w.ReopenTo)
		} else if !s.Category.Active() || s.Category == StatusCategoryNew {
			bad("reopen status %q is in category %q, want open, pending or on_hold", w.ReopenTo, s.Category)
		}
	}
	return errors.Join(errs...)
}

// LifecycleError is one problem with a lifecycle definition. It wraps
// [ErrInvalidLifecycle].
type LifecycleError struct {
	Problem string
}

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
