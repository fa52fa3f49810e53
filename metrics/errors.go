package metrics

import (
	"errors"
	"fmt"

	"github.com/servicedesk-go/desk/ticket"
)

// The package's sentinel errors; every error the package returns wraps one
// of them.
var (
	// ErrCorruptHistory reports a ticket history the fold cannot read:
	// exactly the histories ticket.Replay refuses (no events, a first event
	// that is not created, events of another ticket, gaps in sequence
	// numbers, instants going backwards, missing or invalid payloads,
	// recorded previous values that are not the ticket's, …), reported as
	// a [*HistoryError] that also wraps Replay's [*ticket.ReplayError].
	ErrCorruptHistory = errors.New("metrics: corrupt history")
	// ErrInvalidConfig reports a report configuration that cannot work: no
	// location, an empty range, an unknown group-by key or option value.
	ErrInvalidConfig = errors.New("metrics: invalid config")
	// ErrUnknownDimension reports a group-by key that is not a [Dimension].
	ErrUnknownDimension = errors.New("metrics: unknown dimension")
	// ErrEmptyRange reports a time range whose end is not after its start.
	ErrEmptyRange = errors.New("metrics: empty range")
	// ErrIncompatible reports a merge of aggregates built with different
	// configurations (zone, breakdowns, buckets, attribution, definitions).
	ErrIncompatible = errors.New("metrics: incompatible aggregates")
	// ErrBadEncoding reports an encoded aggregate that cannot be decoded.
	ErrBadEncoding = errors.New("metrics: bad encoding")
)

// HistoryError reports a corrupt ticket history. It wraps
// [ErrCorruptHistory].
type HistoryError struct {
	Ticket  ticket.ID // the ticket, as named by the first event; zero if there is none
	Seq     int       // the offending event's sequence number as stored, 0 for the history as a whole
	Problem string
	Err     error // the underlying cause (the *ticket.ReplayError Replay returns for the history), if any
}

// Error implements the error interface.
func (e *HistoryError) Error() string {
	return fmt.Sprintf("metrics: corrupt history of ticket %s at event #%d: %s", e.Ticket, e.Seq, e.Problem)
}

// Unwrap returns [ErrCorruptHistory] and the underlying cause, if any.
func (e *HistoryError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrCorruptHistory, e.Err}
	}
	return []error{ErrCorruptHistory}
}

// ConfigError reports one problem of a [Config] or [Definitions]. It wraps
// [ErrInvalidConfig] and, where one applies, a more specific sentinel
// ([ErrUnknownDimension], [ErrEmptyRange]).
type ConfigError struct {
	Field   string // the offending field, e.g. "Breakdowns[1][0]"
	Problem string
	Err     error // a more specific sentinel, or nil
}

// Error implements the error interface.
func (e *ConfigError) Error() string {
	return "metrics: invalid config: " + e.Field + ": " + e.Problem
}

// Unwrap returns [ErrInvalidConfig] and the more specific sentinel, if any.
func (e *ConfigError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidConfig, e.Err}
	}
	return []error{ErrInvalidConfig}
}
