package sla

import (
	"errors"
	"fmt"
	"slices"
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
	// Func, when set, must also hold. It sees the ticket as folded from the
	// events so far (its lifecycle is not set) and must be pure.
	Func func(ticket.Ticket) bool
}

// Matches reports whether the ticket satisfies c.
func (c Condition) Matches(t *ticket.Ticket) bool {
	if len(c.Priorities) > 0 && !slices.Contains(c.Priorities, t.Priority) ||
		len(c.Groups) > 0 && !slices.Contains(c.Groups, t.Group) ||
		len(c.Channels) > 0 && !slices.Contains(c.Channels, t.Channel) ||
		len(c.Tiers) > 0 && !slices.Contains(c.Tiers, t.Requester.Tier) ||
		len(c.Categories) > 0 && !slices.Contains(c.Categories, t.Category) {
		return false
	}
	if len(c.TagsAny) > 0 && !slices.ContainsFunc(c.TagsAny, t.HasTag) ||
		slices.ContainsFunc(c.TagsNone, t.HasTag) {
		return false
	}
	for _, tag := range c.TagsAll {
		if !t.HasTag(tag) {
			return false
		}
	}
	return c.Func == nil || c.Func(*t)
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
// name, a negative version, a repeated name and version, a target that is
// zero or negative, an unknown or inconsistently defined metric, two targets
// for the same metric and priority in one policy, an unknown recalculation
// mode, and a level without a name, with a repeated name, for a metric the
// policy has no target for, with a percentage outside 1–1000, or with an
// offset that would put it at or before an instance's start (an offset of
// −target or less) or beyond ten targets after the due time.
func (ps Policies) Validate() error {
	var errs []error
	bad := func(i int, field, problem string, args ...any) {
		errs = append(errs, &PolicyError{Policy: ps[i].Name, Index: i, Field: field, Problem: fmt.Sprintf(problem, args...)})
	}
	defs := map[string]Metric{}
	type version struct {
		name string
		v    int
	}
	seen := map[version]bool{}
	for i, p := range ps {
		if p.Name == "" {
			bad(i, "name", "empty")
		}
		if p.Version < 0 {
			bad(i, "version", "negative")
		}
		if seen[version{p.Name, p.Version}] {
			bad(i, "version", "name and version repeat an earlier policy")
		}
		seen[version{p.Name, p.Version}] = true
		if p.Recalculation != "" && !recalculations.has(p.Recalculation) {
			bad(i, "recalculation", "unknown mode %q", p.Recalculation)
		}
		type key struct {
			metric   string
			priority ticket.Priority
		}
		keys := map[key]bool{}
		for j, t := range p.Targets {
			f := fmt.Sprintf("targets[%d]", j)
			if t.Duration <= 0 {
				bad(i, f+".duration", "%v is not positive", t.Duration)
			}
			if t.Priority != "" && !t.Priority.Valid() {
				bad(i, f+".priority", "unknown priority %q", t.Priority)
			}
			if problem := metricProblem(t.Metric); problem != "" {
				bad(i, f+".metric", "unknown metric %q: %s", t.Metric.Name, problem)
			} else if d, ok := defs[t.Metric.Name]; ok && !d.Equal(t.Metric) {
				bad(i, f+".metric", "metric %q is defined differently elsewhere", t.Metric.Name)
			} else {
				defs[t.Metric.Name] = t.Metric
			}
			k := key{t.Metric.Name, t.Priority}
			if keys[k] {
				bad(i, f, "a second target for metric %q and priority %q", k.metric, k.priority)
			}
			keys[k] = true
		}
		names := map[string]bool{}
		for j, l := range p.Levels {
			f := fmt.Sprintf("levels[%d]", j)
			if l.Name == "" {
				bad(i, f+".name", "empty")
			}
			if names[l.Name] {
				bad(i, f+".name", "%q repeats an earlier level", l.Name)
			}
			names[l.Name] = true
			if l.Percent < 0 || l.Percent > maxPercent {
				bad(i, f+".percent", "%d is outside 1–%d", l.Percent, maxPercent)
			}
			matched := false
			for _, t := range p.Targets {
				if l.Metric != "" && l.Metric != t.Metric.Name || t.Duration <= 0 {
					continue
				}
				matched = true
				if l.Percent == 0 && (l.Offset <= -t.Duration || l.Offset > 10*t.Duration) {
					bad(i, f+".offset", "%v lies outside (−target, 10×target] for the %v target of %q",
						l.Offset, t.Duration, t.Metric.Name)
					break
				}
			}
			if !matched && len(p.Targets) > 0 {
				bad(i, f+".metric", "no target for metric %q", l.Metric)
			}
			for k, a := range l.Actions {
				if problem := a.problem(); problem != "" {
					bad(i, fmt.Sprintf("%s.actions[%d]", f, k), "%s", problem)
				}
			}
		}
	}
	return errors.Join(errs...)
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
