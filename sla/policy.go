package sla

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Hours is the time a target counts in: business hours or calendar hours.
// *calendar.Calendar satisfies it; calendar (24/7) hours are
// calendar.Always(loc).
//
// Elapsed returns the counted time in [from, to), 0 when to is not after
// from. Add returns the earliest instant u at or after t with
// Elapsed(t, u) == d, for d ≥ 0.
type Hours interface {
	Elapsed(from, to time.Time) time.Duration
	Add(t time.Time, d time.Duration) time.Time
}

// Target is a promise: instances of Metric on tickets of Priority are due
// after Duration of Hours.
type Target struct {
	Metric Metric
	// Priority keys the target to tickets of that priority. The zero value
	// applies to every ticket, with a priority or without one; a ticket
	// without a priority gets no priority-keyed target (Zendesk).
	Priority ticket.Priority
	Duration time.Duration // more than zero
	// Hours is what Duration is counted in; nil means calendar hours in UTC.
	// A nil *calendar.Calendar (or any nil pointer) is refused by Validate.
	Hours Hours
}

// Recalculation is what happens to a running instance (active or paused)
// when the ticket's priority or matching policy changes its target.
// The zero value means Retroactive.
type Recalculation string

// The recalculation modes.
const (
	// Retroactive counts the new target from the instance's own start, so a
	// breach may appear, or disappear, with an instant before the change
	// (Jira Service Management's "from cycle start", ServiceNow's
	// retroactive start). The default.
	Retroactive Recalculation = "retroactive"
	// Prospective cancels the running instance at the change and starts a
	// new numbered instance there with the new target (ServiceNow's default).
	Prospective Recalculation = "prospective"
)

var recalculations = enum[Recalculation]{"recalculation", []Recalculation{Retroactive, Prospective}}

// ParseRecalculation returns the mode spelled s, or an error wrapping [ErrUnknownValue].
func ParseRecalculation(s string) (Recalculation, error) { return recalculations.parse(s) }

// String returns the wire spelling; the zero value reads "retroactive".
func (r Recalculation) String() string {
	if r == "" {
		return string(Retroactive)
	}
	return string(r)
}

// MarshalText implements encoding.TextMarshaler.
func (r Recalculation) MarshalText() ([]byte, error) { return []byte(r), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (r *Recalculation) UnmarshalText(b []byte) error { return recalculations.unmarshal(r, b) }

// Condition selects the tickets a policy applies to. Every non-empty field
// must hold; an empty field holds for every ticket, so the zero Condition
// matches everything (a fallback policy).
type Condition struct {
	Priorities []ticket.Priority // the ticket's priority is one of these
	Groups     []string          // its group is one of these
	Channels   []ticket.Channel  // its channel is one of these
	TagsAny    []string          // it carries at least one of these tags
	TagsAll    []string          // it carries every one of these
	TagsNone   []string          // it carries none of these
	Tiers      []ticket.Tier     // its requester's tier is one of these
	Categories []string          // its case category is one of these
	// Organizations holds when the requester's organization is one of these.
	Organizations []string
	// Func, when set, must also hold. It sees the ticket as folded from the
	// events so far (under ticket.DefaultLifecycle, whatever lifecycle the
	// desk uses; the recorded statuses are the desk's) and must be pure.
	Func func(ticket.Ticket) bool
}

// Matches reports whether the ticket satisfies c.
func (c Condition) Matches(t *ticket.Ticket) bool { return c.matches(t) }

// empty reports whether c holds for every ticket.
func (c *Condition) empty() bool {
	return len(c.Priorities) == 0 && len(c.Groups) == 0 && len(c.Channels) == 0 && len(c.TagsAny) == 0 &&
		len(c.TagsAll) == 0 && len(c.TagsNone) == 0 && len(c.Tiers) == 0 && len(c.Categories) == 0 &&
		len(c.Organizations) == 0 && c.Func == nil
}

// matches is Matches without copying the condition.
func (c *Condition) matches(t *ticket.Ticket) bool {
	if len(c.Priorities) > 0 && !slices.Contains(c.Priorities, t.Priority) ||
		len(c.Groups) > 0 && !slices.Contains(c.Groups, t.Group) ||
		len(c.Channels) > 0 && !slices.Contains(c.Channels, t.Channel) ||
		len(c.Tiers) > 0 && !slices.Contains(c.Tiers, t.Requester.Tier) ||
		len(c.Categories) > 0 && !slices.Contains(c.Categories, t.Category) ||
		len(c.Organizations) > 0 && !slices.Contains(c.Organizations, t.Requester.Organization) {
		return false
	}
	if len(c.TagsAny) > 0 && !slices.ContainsFunc(c.TagsAny, func(tag string) bool { return hasTag(t, tag) }) ||
		slices.ContainsFunc(c.TagsNone, func(tag string) bool { return hasTag(t, tag) }) {
		return false
	}
	for _, tag := range c.TagsAll {
		if !hasTag(t, tag) {
			return false
		}
	}
	return c.Func == nil || c.Func(*t)
}

// hasTag is Ticket.HasTag without copying the ticket: its tags are sorted.
func hasTag(t *ticket.Ticket, tag string) bool {
	_, found := slices.BinarySearch(t.Tags, tag)
	return found
}

// Policy is a named, versioned set of targets and escalation levels for the
// tickets its condition matches.
type Policy struct {
	Name    string
	Version int
	Match   Condition
	Targets []Target
	// Levels are warning and escalation levels; each applies to the targets
	// of its metric (or to all targets when its Metric is empty).
	Levels []Level
	// Recalculation decides what a change of target does to running
	// instances when this policy is the one in force after the change.
	Recalculation Recalculation
}

// Policies are ordered: the first policy whose condition matches applies.
// A ticket no policy matches has no SLA.
type Policies []Policy

// maxPercent is the largest level percentage that makes sense.
const maxPercent = 1000

// Validate reports every problem with the policy set at once, joined with
// errors.Join; each is a *PolicyError wrapping [ErrInvalidPolicy]: a missing
// name, a negative version, a repeated name and version, a condition with a
// priority or channel that is not one of the ticket package's spellings
// (it would never match), a target that is zero or negative, whose Hours is
// a nil pointer (a nil *calendar.Calendar; a nil Hours means calendar hours
// in UTC), an unknown or inconsistently defined metric, two targets for the
// same metric and priority in one policy, an unknown recalculation mode,
// an empty tag in a condition (no ticket carries one: required, it would
// never hold; excluded, it would do nothing), and a level without a name,
// with a repeated name, on a policy without targets, for a metric the
// policy has no target for, with a percentage outside 1–1000, with both a
// percentage and an offset, with an action that lacks the field its kind
// reads or sets one another kind reads, with an offset that
// would put it at or before an instance's start (an offset of −target or
// less) or beyond ten targets after the due time, or whose threshold on a
// target does not fit in a Duration (a target of decades at 1000 %).
func (ps Policies) Validate() error {
	var errs []error
	bad := func(i int, field, problem string, args ...any) {
		errs = append(errs, &PolicyError{Policy: ps[i].Name, Index: i, Field: field, Problem: fmt.Sprintf(problem, args...)})
	}
	target := func(j int) string { return "targets[" + strconv.Itoa(j) + "]" }
	level := func(j int) string { return "levels[" + strconv.Itoa(j) + "]" }
	for i, p := range ps {
		if p.Name == "" {
			bad(i, "name", "empty")
		}
		if p.Version < 0 {
			bad(i, "version", "negative")
		}
		if slices.ContainsFunc(ps[:i], func(q Policy) bool { return q.Name == p.Name && q.Version == p.Version }) {
			bad(i, "version", "name and version repeat an earlier policy")
		}
		if p.Recalculation != "" && !recalculations.has(p.Recalculation) {
			bad(i, "recalculation", "unknown mode %q", p.Recalculation)
		}
		for k, pr := range p.Match.Priorities {
			if !pr.Valid() {
				bad(i, "match.priorities["+strconv.Itoa(k)+"]", "unknown priority %q", pr)
			}
		}
		for _, tags := range []struct {
			field string
			tags  []string
		}{{"tags_any", p.Match.TagsAny}, {"tags_all", p.Match.TagsAll}, {"tags_none", p.Match.TagsNone}} {
			for k, tag := range tags.tags {
				if tag == "" {
					bad(i, "match."+tags.field+"["+strconv.Itoa(k)+"]", "an empty tag, which no ticket carries")
				}
			}
		}
		for k, c := range p.Match.Channels {
			if !c.Valid() {
				bad(i, "match.channels["+strconv.Itoa(k)+"]", "unknown channel %q", c)
			}
		}
		for j, t := range p.Targets {
			if t.Duration <= 0 {
				bad(i, target(j)+".duration", "%v is not positive", t.Duration)
			}
			if nilHours(t.Hours) {
				bad(i, target(j)+".hours", "a nil %T (leave Hours nil for calendar hours in UTC)", t.Hours)
			}
			if t.Priority != "" && !t.Priority.Valid() {
				bad(i, target(j)+".priority", "unknown priority %q", t.Priority)
			}
			if problem := metricProblem(t.Metric); problem != "" {
				bad(i, target(j)+".metric", "unknown metric %q: %s", t.Metric.Name, problem)
			} else if d, ok := ps.definition(i, j); ok && !d.Equal(t.Metric) {
				bad(i, target(j)+".metric", "metric %q is defined differently elsewhere", t.Metric.Name)
			}
			if slices.ContainsFunc(p.Targets[:j], func(u Target) bool {
				return u.Metric.Name == t.Metric.Name && u.Priority == t.Priority
			}) {
				bad(i, target(j), "a second target for metric %q and priority %q", t.Metric.Name, t.Priority)
			}
		}
		for j, l := range p.Levels {
			if l.Name == "" {
				bad(i, level(j)+".name", "empty")
			}
			if slices.ContainsFunc(p.Levels[:j], func(m Level) bool { return m.Name == l.Name }) {
				bad(i, level(j)+".name", "%q repeats an earlier level", l.Name)
			}
			if l.Percent < 0 || l.Percent > maxPercent {
				bad(i, level(j)+".percent", "%d is outside 1–%d", l.Percent, maxPercent)
			}
			matched := false
			for _, t := range p.Targets {
				if l.Metric != "" && l.Metric != t.Metric.Name || t.Duration <= 0 {
					continue
				}
				matched = true
				if l.Percent == 0 && (l.Offset <= -t.Duration || t.Duration <= math.MaxInt64/10 && l.Offset > 10*t.Duration) {
					bad(i, level(j)+".offset", "%v lies outside (−target, 10×target] for the %v target of %q",
						l.Offset, t.Duration, t.Metric.Name)
					break
				}
				if _, ok := l.threshold(t.Duration); !ok && l.Percent >= 0 && l.Percent <= maxPercent {
					bad(i, level(j), "its threshold on the %v target of %q is beyond the largest duration",
						t.Duration, t.Metric.Name)
					break
				}
			}
			switch {
			case len(p.Targets) == 0:
				bad(i, level(j), "the policy has no targets, so the level is never reached")
			case !matched:
				bad(i, level(j)+".metric", "no target for metric %q", l.Metric)
			}
			if l.Percent != 0 && l.Offset != 0 {
				bad(i, level(j)+".offset", "%v is set beside percent %d: a level is reached at a percent or at an offset from the due time, not both", l.Offset, l.Percent)
			}
			for k, a := range l.Actions {
				if field, problem := a.problem(); problem != "" {
					at := level(j) + ".actions[" + strconv.Itoa(k) + "]"
					if field != "" {
						at += "." + field
					}
					bad(i, at, "%s", problem)
				}
			}
		}
	}
	return errors.Join(errs...)
}

// nilHours reports whether h holds a nil pointer, such as a nil
// *calendar.Calendar, on which Elapsed and Add would panic.
func nilHours(h Hours) bool {
	if h == nil {
		return false
	}
	v := reflect.ValueOf(h)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// definition returns the first definition in ps, before target j of policy
// i, of the metric that target names.
func (ps Policies) definition(i, j int) (Metric, bool) {
	name := ps[i].Targets[j].Metric.Name
	for pi, p := range ps[:i+1] {
		for tj, t := range p.Targets {
			if pi == i && tj == j {
				return Metric{}, false
			}
			if t.Metric.Name == name {
				return t.Metric, true
			}
		}
	}
	return Metric{}, false
}

// metricProblem says what is wrong with a metric definition, or "".
func metricProblem(m Metric) string {
	switch {
	case m.Name == "":
		return "no name"
	case !starts.has(m.Start):
		return fmt.Sprintf("unknown start %q", m.Start)
	case !stops.has(m.Stop):
		return fmt.Sprintf("unknown stop %q", m.Stop)
	case m.Stop == StopSolve && !reopens.has(m.Reopen):
		return fmt.Sprintf("unknown reopen rule %q", m.Reopen)
	case m.Stop != StopSolve && m.Reopen != "":
		return "a reopen rule needs stop \"solve\""
	case m.AfterFirstReply && m.Start != StartCustomerMessage:
		return "after_first_reply needs start \"customer_message\""
	}
	for _, c := range m.Paused {
		if !c.Valid() {
			return fmt.Sprintf("unknown paused category %q", c)
		}
	}
	return ""
}
