package ticket

import "fmt"

// parseEnum returns the member of valid that equals s, or an error wrapping
// ErrUnknownValue that names the kind of value and the accepted spellings.
func parseEnum[E ~string](kind, s string, valid []E) (E, error) {
	for _, v := range valid {
		if string(v) == s {
			return v, nil
		}
	}
	return "", &UnknownValueError{Kind: kind, Value: s, Valid: enumStrings(valid)}
}

func enumStrings[E ~string](valid []E) []string {
	out := make([]string, len(valid))
	for i, v := range valid {
		out[i] = string(v)
	}
	return out
}

// UnknownValueError reports a string that is not one of an enumeration's
// spellings. It wraps [ErrUnknownValue].
type UnknownValueError struct {
	Kind  string   // e.g. "priority"
	Value string   // what was given
	Valid []string // the accepted spellings
}

// Error implements the error interface.
func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("ticket: unknown %s %q (want one of %v)", e.Kind, e.Value, e.Valid)
}

// Unwrap returns [ErrUnknownValue].
func (e *UnknownValueError) Unwrap() error { return ErrUnknownValue }

// unmarshalEnum decodes b into *dst: "" is the unknown zero value, anything
// else must be a member of valid.
func unmarshalEnum[E ~string](dst *E, kind string, b []byte, valid []E) error {
	if len(b) == 0 {
		*dst = ""
		return nil
	}
	v, err := parseEnum(kind, string(b), valid)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

func isMember[E ~string](v E, valid []E) bool {
	for _, m := range valid {
		if m == v {
			return true
		}
	}
	return false
}
