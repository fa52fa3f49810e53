package calendar

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// BuildAll builds calendars declared by name, as the calendars section of
// a desk's configuration declares them, so that SLA targets, follow-up
// rules and reports can refer to each by its name. It reports every
// problem of every calendar at once, joined: each a [*ConfigError] whose
// Field starts with the calendar's name ("oslo.special_days[1].date"; a
// name of other characters than letters, digits, '_' and '-' in brackets
// and quotes: `["24/7"].zone`). The calendars that build are returned
// beside the error, so that a caller can check what refers to them too.
func BuildAll(configs map[string]Config) (map[string]*Calendar, error) {
	cals := make(map[string]*Calendar, len(configs))
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(configs)) {
		cal, err := configs[name].Build()
		if err == nil {
			cals[name] = cal
			continue
		}
		for _, e := range unjoin(err) {
			var ce *ConfigError
			if errors.As(e, &ce) {
				errs = append(errs, &ConfigError{Field: namedField(name, ce.Field), Err: ce.Err})
				continue
			}
			errs = append(errs, &ConfigError{Field: namedField(name, ""), Err: e})
		}
	}
	return cals, errors.Join(errs...)
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if _, ok := err.(*ConfigError); ok {
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// namedField returns the field of the calendar called name: the name,
// quoted in brackets unless it is letters, digits, '_' and '-', then the
// field within the calendar's config, if any.
func namedField(name, field string) string {
	plain := name != ""
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			plain = false
		}
	}
	if !plain {
		name = fmt.Sprintf("[%q]", name)
	}
	if field == "" {
		return name
	}
	return name + "." + field
}
