package sla

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Every error this package returns wraps one of them (or,
// for a history that cannot be replayed, the ticket package's error), so
// callers test with errors.Is; the typed errors carry the detail.
var (
	// ErrInvalidPolicy: a policy set is inconsistent (see [Policies.Validate]).
	ErrInvalidPolicy = errors.New("sla: invalid policy")
	// ErrUnknownValue: a string is not a known spelling of an enumeration.
	ErrUnknownValue = errors.New("sla: unknown value")
	// ErrInvalidTime: an evaluation instant lies before the ticket was created.
	ErrInvalidTime = errors.New("sla: invalid time")
	// ErrInvalidCatchUp: a catch-up option of [Result.Due] is not valid.
	ErrInvalidCatchUp = errors.New("sla: invalid catch-up")
	// ErrInvalidCheckpoint: [Result.Due] was given a checkpoint the result
	// cannot follow (see [CheckpointError]).
	ErrInvalidCheckpoint = errors.New("sla: invalid checkpoint")
)

// PolicyError is one problem with a policy set. It wraps [ErrInvalidPolicy].
type PolicyError struct {
	Policy  string // the policy's name
	Index   int    // its position in the set
	Field   string // what is wrong: "targets[2].duration", "levels[0]", …
	Problem string
}

// Error implements the error interface.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("sla: policy %d (%q): %s: %s", e.Index, e.Policy, e.Field, e.Problem)
}

// Unwrap returns [ErrInvalidPolicy].
func (e *PolicyError) Unwrap() error { return ErrInvalidPolicy }

// TimeError reports an evaluation instant before the ticket's creation.
// It wraps [ErrInvalidTime].
type TimeError struct {
	Now     time.Time
	Created time.Time
}

// Error implements the error interface.
func (e *TimeError) Error() string {
	return fmt.Sprintf("sla: now %s is before the ticket was created at %s",
		e.Now.Format(time.RFC3339Nano), e.Created.Format(time.RFC3339Nano))
}

// Unwrap returns [ErrInvalidTime].
func (e *TimeError) Unwrap() error { return ErrInvalidTime }

// UnknownValueError reports a string that is not one of an enumeration's
// spellings. It wraps [ErrUnknownValue].
type UnknownValueError struct {
	Kind  string   // e.g. "state"
	Value string   // what was given
	Valid []string // the accepted spellings
}

// Error implements the error interface.
func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("sla: unknown %s %q (want one of %v)", e.Kind, e.Value, e.Valid)
}

// Unwrap returns [ErrUnknownValue].
func (e *UnknownValueError) Unwrap() error { return ErrUnknownValue }

// CheckpointError reports a checkpoint [Result.Due] cannot follow: one
// half zero, one after the result's Now, or one that read ticket events
// the result has not (a stale history). It wraps [ErrInvalidCheckpoint].
type CheckpointError struct {
	Checkpoint Checkpoint
	Now        time.Time // the result's
	Seq        int       // the result's
	Problem    string
}

// Error implements the error interface.
func (e *CheckpointError) Error() string {
	return fmt.Sprintf("sla: checkpoint %s seq %d before a result at %s seq %d: %s",
		e.Checkpoint.At.Format(time.RFC3339Nano), e.Checkpoint.Seq, e.Now.Format(time.RFC3339Nano), e.Seq, e.Problem)
}

// Unwrap returns [ErrInvalidCheckpoint].
func (e *CheckpointError) Unwrap() error { return ErrInvalidCheckpoint }
