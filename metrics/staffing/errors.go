package staffing

import (
	"errors"
	"fmt"
)

// The package's sentinel errors; every error it returns wraps one of them.
var (
	// ErrInvalidInput reports an input no model accepts: negative or
	// non-finite arrivals, a handling time or interval that is not
	// positive, a service-level target outside (0, 1), an answer-time
	// target longer than the interval, shrinkage outside [0, 1), an
	// unknown service-level definition or channel kind, a forecast or
	// roster that does not line up.
	ErrInvalidInput = errors.New("staffing: invalid input")
	// ErrUnreachable reports a target no number of agents meets within
	// the search bound, a queue too large to evaluate exactly (an
	// overloaded queue with so long a patience that tens of millions of
	// callers would wait), or an asynchronous workload that needs more
	// than 20 million agents.
	ErrUnreachable = errors.New("staffing: target unreachable")
)

// InputError reports one bad input. It wraps [ErrInvalidInput].
type InputError struct {
	Field   string // the input, as named in the API ("aht", "target.service_level")
	Value   string // the value given, formatted
	Problem string
}

// Error describes the input and its problem.
func (e *InputError) Error() string {
	return fmt.Sprintf("staffing: invalid input: %s = %s: %s", e.Field, e.Value, e.Problem)
}

// Unwrap returns [ErrInvalidInput].
func (e *InputError) Unwrap() error { return ErrInvalidInput }

// UnreachableError reports a target that could not be met. It wraps
// [ErrUnreachable].
type UnreachableError struct {
	Traffic float64 // offered load in Erlangs
	Agents  int     // the largest number of agents tried
	Problem string
}

// Error describes the load and how far the search went.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("staffing: target unreachable: %.6g Erlangs, up to %d agents: %s", e.Traffic, e.Agents, e.Problem)
}

// Unwrap returns [ErrUnreachable].
func (e *UnreachableError) Unwrap() error { return ErrUnreachable }

func bad(field string, value any, problem string) error {
	return &InputError{Field: field, Value: fmt.Sprint(value), Problem: problem}
}
