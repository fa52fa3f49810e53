package routing

import "fmt"

// UnknownValueError reports a string that is not one of an enumeration's
// spellings. It wraps [ErrUnknownValue].
type UnknownValueError struct {
	Kind  string   // e.g. "strategy"
	Value string   // what was given
	Valid []string // the accepted spellings
}

// Error returns the kind, the value given and the accepted spellings.
func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("routing: unknown %s %q (want one of %v)", e.Kind, e.Value, e.Valid)
}

// Unwrap returns [ErrUnknownValue].
func (e *UnknownValueError) Unwrap() error { return ErrUnknownValue }

// parseEnum returns the member of valid spelled s, or an *UnknownValueError.
func parseEnum[E ~string](kind, s string, valid []E) (E, error) {
	for _, v := range valid {
		if string(v) == s {
			return v, nil
		}
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	return "", &UnknownValueError{Kind: kind, Value: s, Valid: names}
}

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
