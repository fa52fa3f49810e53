package ticket

import "fmt"

// ReplayError reports a stored history that cannot be replayed or appended
// as it is: a foreign ticket ID, a gap or repeat in sequence numbers, an
// instant going backwards, a missing or unknown payload, a first event that
// is not [Created]. It wraps [ErrCorruptHistory].
type ReplayError struct {
	Seq     int    // the offending event's sequence number as stored
	Problem string // what is wrong
	Err     error  // the underlying cause, if any
}

// Error implements the error interface.
func (e *ReplayError) Error() string {
	return fmt.Sprintf("ticket: corrupt history at event #%d: %s", e.Seq, e.Problem)
}

// Unwrap returns [ErrCorruptHistory] and the underlying cause, if any.
func (e *ReplayError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrCorruptHistory, e.Err}
	}
	return []error{ErrCorruptHistory}
}
