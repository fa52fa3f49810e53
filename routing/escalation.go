package routing

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Escalation is the kind of an escalation step. ITIL separates functional
// escalation (to a group with more specialist skill) from hierarchical
// escalation (up the line, towards management). The zero value means
// "unknown"; a [Target] at the top of its ladder has no kind.
type Escalation string

// The escalation kinds.
const (
	Functional   Escalation = "functional"
	Hierarchical Escalation = "hierarchical"
)

var escalations = []Escalation{Functional, Hierarchical}

// ParseEscalation returns the kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseEscalation(s string) (Escalation, error) { return parseEnum("escalation", s, escalations) }

// String returns the kind's wire spelling.
func (e Escalation) String() string { return string(e) }

// Valid reports whether e is a known kind.
func (e Escalation) Valid() bool { return isMember(e, escalations) }

// MarshalText implements encoding.TextMarshaler.
func (e Escalation) MarshalText() ([]byte, error) { return []byte(e), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (e *Escalation) UnmarshalText(b []byte) error {
	return unmarshalEnum(e, "escalation", b, escalations)
}

// Level is one rung of a hierarchical escalation path, such as "tier 2".
// Its first group is where hierarchical escalation from the level below
// lands; the others are specialist groups on the same level.
type Level struct {
	Name   string
	Groups []string
}

// Path is an escalation path as data: hierarchical Levels from the front
// line up (tier 1 → tier 2 → management) and functional Specialists, a map
// from an escalation reason to the specialist group that handles it.
type Path struct {
	Name   string
	Levels []Level
	// Specialists maps a reason (the caller's vocabulary, e.g. "network"
	// or "billing dispute") to a specialist group. Every specialist group
	// must be on some level, so it can escalate further up the line.
	Specialists map[string]string
}

// Validate reports every problem in p, joined: no levels, unnamed levels,
// levels without groups, groups on two levels, and specialist groups on no
// level.
func (p Path) Validate() error {
	var errs []error
	if len(p.Levels) == 0 {
		errs = append(errs, configErr("Path.Levels", "must not be empty"))
	}
	seen := map[string]int{}
	for i, l := range p.Levels {
		field := fmt.Sprintf("Path.Levels[%d]", i)
		if l.Name == "" {
			errs = append(errs, configErr(field+".Name", "must not be empty"))
		}
		if len(l.Groups) == 0 {
			errs = append(errs, configErr(field+".Groups", "must not be empty"))
		}
		for j, g := range l.Groups {
			gf := fmt.Sprintf("%s.Groups[%d]", field, j)
			if g == "" {
				errs = append(errs, configErr(gf, "must not be empty"))
				continue
			}
			if k, dup := seen[g]; dup {
				errs = append(errs, configErr(gf, "group %q is already on level %d", g, k))
				continue
			}
			seen[g] = i
		}
	}
	for _, reason := range slices.Sorted(maps.Keys(p.Specialists)) {
		g := p.Specialists[reason]
		if reason == "" {
			errs = append(errs, configErr("Path.Specialists", "has an empty reason"))
		}
		if _, ok := seen[g]; !ok {
			errs = append(errs, configErr(fmt.Sprintf("Path.Specialists[%q]", reason), "group %q is on no level", g))
		}
	}
	return errors.Join(errs...)
}

// Target is where an escalation goes: a group on a level, reached by a kind
// of escalation, or the top of the ladder.
type Target struct {
	Kind  Escalation // "" when Top
	Group string     // the group to hand over to; the current group when Top
	Level string     // the name of Group's level
	// Top reports that the current group is on the highest level and the
	// reason names no specialist: there is nowhere further to go. This is a
	// normal result, not an error.
	Top bool
}

// String returns "functional: network (tier 2)", "hierarchical: l2 (tier
// 2)" or "top of the ladder: managers (management)".
func (t Target) String() string {
	if t.Top {
		return fmt.Sprintf("top of the ladder: %s (%s)", t.Group, t.Level)
	}
	return fmt.Sprintf("%s: %s (%s)", t.Kind, t.Group, t.Level)
}

// Next returns where an item handled by group current escalates for
// reason. A reason with a specialist group other than current, on the
// current level or above, escalates functionally to that group; escalation
// never goes down, so a specialist group on a lower level is ignored.
// Otherwise the escalation is hierarchical, to
// the first group of the next level up; from the highest level the result
// is Top. An unknown current group is an [UnknownGroupError]; an invalid
// path is a [ConfigError].
func (p Path) Next(current, reason string) (Target, error) {
	if err := p.Validate(); err != nil {
		return Target{}, err
	}
	level := p.levelOf(current)
	if level < 0 {
		return Target{}, &UnknownGroupError{Path: p.Name, Group: current}
	}
	if g, ok := p.Specialists[reason]; ok && g != current {
		// A specialist group below the current level is not an escalation:
		// the item goes up the line instead (or is at the top).
		if gl := p.levelOf(g); gl >= level {
			return Target{Kind: Functional, Group: g, Level: p.Levels[gl].Name}, nil
		}
	}
	if level == len(p.Levels)-1 {
		return Target{Group: current, Level: p.Levels[level].Name, Top: true}, nil
	}
	up := p.Levels[level+1]
	return Target{Kind: Hierarchical, Group: up.Groups[0], Level: up.Name}, nil
}

func (p Path) levelOf(group string) int {
	for i, l := range p.Levels {
		if slices.Contains(l.Groups, group) {
			return i
		}
	}
	return -1
}
