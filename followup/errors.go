package followup

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with errors.Is; the typed errors that carry detail
// ([RuleError], [HistoryError]) work with errors.As.
var (
	// ErrInvalidRules: a rule table is inconsistent; see [Rules.Validate].
	ErrInvalidRules = errors.New("followup: invalid rules")
	// ErrNoHours: a rule counts business time but no [Hours] were given.
	ErrNoHours = errors.New("followup: business time without hours")
	// ErrInvalidHistory: the events given to a plan are not a ticket history that replays.
	ErrInvalidHistory = errors.New("followup: invalid history")
	// ErrInvalidInstant: the instant to plan at is the zero time or before the ticket's last event.
	ErrInvalidInstant = errors.New("followup: invalid instant")
)

// RuleError reports one problem in a rule table. [Rules.Validate] returns
// an errors.Join of RuleErrors. It wraps [ErrInvalidRules], or [ErrNoHours]
// for a business-time offset planned without hours.
type RuleError struct {
	Index   int    // the rule's position in the table
	Rule    string // the rule's name, if it has one
	Field   string // e.g. "Cadence.Stages[1].Every"
	Problem string // e.g. "must be positive"
	noHours bool
}

// Error returns "followup: rule #1 "outage": Cadence.Stages[0].Every must be positive".
func (e *RuleError) Error() string {
	return fmt.Sprintf("followup: rule #%d %q: %s %s", e.Index, e.Rule, e.Field, e.Problem)
}

// Unwrap returns [ErrInvalidRules], or [ErrNoHours] when the problem is a
// business-time offset without hours.
func (e *RuleError) Unwrap() error {
	if e.noHours {
		return ErrNoHours
	}
	return ErrInvalidRules
}

// HistoryError reports events that do not replay as one ticket's history.
// It wraps [ErrInvalidHistory] and the error of ticket.Replay.
type HistoryError struct {
	Err error
}

// Error implements the error interface.
func (e *HistoryError) Error() string { return "followup: invalid history: " + e.Err.Error() }

// Unwrap returns [ErrInvalidHistory] and the replay error.
func (e *HistoryError) Unwrap() []error { return []error{ErrInvalidHistory, e.Err} }
