package routing

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with errors.Is; the typed errors that carry detail
// ([ConfigError], [UnknownValueError], [RangeError], [UnknownGroupError],
// [OfferError], [InputError], [StaleError]) work with errors.As.
var (
	// ErrInvalidConfig: a policy, matrix, scoring, ladder or escalation path is inconsistent.
	ErrInvalidConfig = errors.New("routing: invalid configuration")
	// ErrUnknownValue: a string is not a known spelling of an enumeration.
	ErrUnknownValue = errors.New("routing: unknown value")
	// ErrOutOfRange: a number (impact, urgency) is outside the range a matrix covers.
	ErrOutOfRange = errors.New("routing: value out of range")
	// ErrUnknownGroup: an escalation path does not know the current group.
	ErrUnknownGroup = errors.New("routing: unknown group")
	// ErrOfferState: an offer transition is not possible in the offer's state or at the given instant.
	ErrOfferState = errors.New("routing: invalid offer transition")
	// ErrInvalidInput: an agent or a work item given to Decide or Assign is inconsistent.
	ErrInvalidInput = errors.New("routing: invalid input")
	// ErrStale: a decision applied to agents whose state no longer allows it.
	ErrStale = errors.New("routing: stale decision")
)

// ConfigError reports one problem in a configuration value. Validate methods
// return an errors.Join of ConfigErrors. It wraps [ErrInvalidConfig].
type ConfigError struct {
	Field   string // e.g. "Ladder.Steps[1].After"
	Problem string // e.g. "must be greater than the previous step's"
}

// Error returns "routing: invalid configuration: " followed by the field and the problem.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("routing: invalid configuration: %s %s", e.Field, e.Problem)
}

// Unwrap returns [ErrInvalidConfig].
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

func configErr(field, format string, args ...any) error {
	return &ConfigError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// RangeError reports a number outside its accepted range. It wraps [ErrOutOfRange].
type RangeError struct {
	Kind     string // "impact" or "urgency"
	Value    int
	Min, Max int
}

// Error returns "routing: impact 4 out of range 1..3".
func (e *RangeError) Error() string {
	return fmt.Sprintf("routing: %s %d out of range %d..%d", e.Kind, e.Value, e.Min, e.Max)
}

// Unwrap returns [ErrOutOfRange].
func (e *RangeError) Unwrap() error { return ErrOutOfRange }

// UnknownGroupError reports a group that is on no level of an escalation
// path. It wraps [ErrUnknownGroup].
type UnknownGroupError struct {
	Path  string // the path's name
	Group string // the group that was given
}

// Error names the group and the path.
func (e *UnknownGroupError) Error() string {
	return fmt.Sprintf("routing: unknown group %q on escalation path %q", e.Group, e.Path)
}

// Unwrap returns [ErrUnknownGroup].
func (e *UnknownGroupError) Unwrap() error { return ErrUnknownGroup }

// OfferError reports an offer transition that is not allowed. It wraps
// [ErrOfferState].
type OfferError struct {
	Op    string     // "accept", "decline" or "expire"
	State OfferState // the offer's state before the transition
	Why   string     // e.g. "offer expired at 2026-03-02T09:01:00Z"
}

// Error names the transition, the offer's state and why it is not possible.
func (e *OfferError) Error() string {
	return fmt.Sprintf("routing: cannot %s %s offer: %s", e.Op, e.State, e.Why)
}

// Unwrap returns [ErrOfferState].
func (e *OfferError) Unwrap() error { return ErrOfferState }

// InputError reports one problem in an [Agent] or an [Item]. [Agent.Validate],
// [Item.Validate] and [ValidateAgents] return an errors.Join of InputErrors,
// and [Policy.Decide] and [Policy.Assign] refuse inputs that have any. It
// wraps [ErrInvalidInput].
type InputError struct {
	Kind    string // "agent" or "item"
	Index   int    // position in the input slice; -1 when a single value was validated
	ID      string // the agent's ID or the item's ticket ID
	Field   string // e.g. "Load[email]"
	Problem string // e.g. "must not be negative, is -1"
}

// Error returns "routing: invalid agent a7 (agents[3]): Load[email] must not be negative, is -1".
func (e *InputError) Error() string {
	where := ""
	if e.Index >= 0 {
		where = fmt.Sprintf(" (%ss[%d])", e.Kind, e.Index)
	}
	id := e.ID
	if id == "" {
		id = `""`
	}
	return fmt.Sprintf("routing: invalid %s %s%s: %s %s", e.Kind, id, where, e.Field, e.Problem)
}

// Unwrap returns [ErrInvalidInput].
func (e *InputError) Unwrap() error { return ErrInvalidInput }

// StaleError reports a decision that no longer holds for the agents it is
// applied to: the chosen agent is gone or no longer eligible (for instance
// at capacity after other work). It wraps [ErrStale].
type StaleError struct {
	Agent  string // the chosen agent
	Reason string // e.g. "is no longer eligible: at capacity 3/3 chat"
}

// Error returns "routing: stale decision: agent a7 is no longer eligible: …".
func (e *StaleError) Error() string {
	return fmt.Sprintf("routing: stale decision: agent %s %s", e.Agent, e.Reason)
}

// Unwrap returns [ErrStale].
func (e *StaleError) Unwrap() error { return ErrStale }
