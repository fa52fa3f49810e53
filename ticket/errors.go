package ticket

import "errors"

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with errors.Is; the typed errors that carry detail
// ([TransitionError], [ReplayError], [UnknownValueError], …) work with errors.As.
var (
	// ErrUnknownValue: a string is not a known spelling of an enumeration.
	ErrUnknownValue = errors.New("ticket: unknown value")
	// ErrInvalidTransition: the lifecycle has no edge from the current status to the requested one.
	ErrInvalidTransition = errors.New("ticket: invalid transition")
	// ErrClosed: the ticket is closed and accepts no further change; open a follow-up ticket instead.
	ErrClosed = errors.New("ticket: ticket is closed")
	// ErrInvalidCommand: a command's arguments are missing or inconsistent.
	ErrInvalidCommand = errors.New("ticket: invalid command")
	// ErrInvalidLifecycle: a lifecycle definition is inconsistent.
	ErrInvalidLifecycle = errors.New("ticket: invalid lifecycle")
	// ErrCorruptHistory: a stored event sequence cannot be replayed.
	ErrCorruptHistory = errors.New("ticket: corrupt history")
	// ErrMalformedEvent: an event's wire form cannot be decoded.
	ErrMalformedEvent = errors.New("ticket: malformed event")
	// ErrNotFound: the store has no ticket with the given ID.
	ErrNotFound = errors.New("ticket: not found")
	// ErrNotSolved: the command needs a solved ticket (rating an unsolved ticket).
	ErrNotSolved = errors.New("ticket: ticket is not solved")
	// ErrConflict: the store's version differs from the expected one; someone else appended first.
	ErrConflict = errors.New("ticket: version conflict")
	// ErrOutOfOrder: an event or command is dated before the ticket's last event; time never goes
	// backwards along a history.
	ErrOutOfOrder = errors.New("ticket: out of order")
)
