package sla

import "slices"

// enum is the set of spellings of one persisted enumeration.
type enum[E ~string] struct {
	kind  string
	valid []E
}

func (n enum[E]) parse(s string) (E, error) {
	if slices.Contains(n.valid, E(s)) {
		return E(s), nil
	}
	spellings := make([]string, len(n.valid))
	for i, v := range n.valid {
		spellings[i] = string(v)
	}
	return "", &UnknownValueError{Kind: n.kind, Value: s, Valid: spellings}
}

// unmarshal decodes b into *dst: "" is the unknown zero value.
func (n enum[E]) unmarshal(dst *E, b []byte) error {
	if len(b) == 0 {
		*dst = ""
		return nil
	}
	v, err := n.parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

func (n enum[E]) has(v E) bool { return slices.Contains(n.valid, v) }
