package sla

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Level is a warning or escalation level of a policy's targets: an instant
// in the life of each instance, measured in the target's own hours, at which
// its Actions are due. A level is reached when the instance is running at
// the instant its elapsed time reaches the level's threshold, after all
// events at that instant; pauses move it with the due time.
//
// The threshold is Percent of the target (ServiceNow style: 50, 75, 90,
// 100) or, when Percent is 0, Offset from the due time (GLPI and Freshdesk
// style: −2h, 0, +1h); a level gives one or the other, and
// [Policies.Validate] refuses both (the offset would be ignored). So a level of 100 % or of offset 0 is reached
// together with the breach. A threshold must be a positive Duration (at
// most about 292 years): [Policies.Validate] refuses a level whose
// threshold on one of its targets is not.
//
// The breach itself has no actions: a policy that must act when an
// instance breaches declares a level of 100 % (or of offset 0) with those
// actions. Without one, a breach is reported ([Instance.Breached], the
// breach event) but [Result.Due] returns nothing for it.
type Level struct {
	Name    string        // unique within the policy; part of the idempotency key
	Metric  string        // the metric name it applies to; empty: every target of the policy
	Percent int           // 1–1000: a share of the target; 0: use Offset
	Offset  time.Duration // only with Percent 0: before (negative) or after the due time
	Actions []Action
}

// threshold returns the elapsed time at which l is reached on a target of
// d > 0, and false when it is not a positive Duration: beyond about 292
// years, or at or before the start.
func (l Level) threshold(d time.Duration) (time.Duration, bool) {
	if l.Percent > 0 {
		hi, lo := bits.Mul64(uint64(d), uint64(l.Percent))
		if hi >= 100 {
			return 0, false
		}
		q, _ := bits.Div64(hi, lo, 100)
		return time.Duration(q), q > 0 && q <= math.MaxInt64
	}
	if l.Offset > 0 && d > math.MaxInt64-l.Offset {
		return 0, false
	}
	return d + l.Offset, d+l.Offset > 0
}

// ActionKind is what an escalation action does. The zero value means
// "unknown".
type ActionKind string

// The action kinds.
const (
	ActionNotify        ActionKind = "notify"         // tell Who
	ActionReassign      ActionKind = "reassign"       // move the ticket to Group (a group or escalation tier)
	ActionRaisePriority ActionKind = "raise_priority" // set Priority
	ActionAddTag        ActionKind = "add_tag"        // add Tag
)

var actionKinds = enum[ActionKind]{"action", []ActionKind{ActionNotify, ActionReassign, ActionRaisePriority, ActionAddTag}}

// ParseActionKind returns the action kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseActionKind(s string) (ActionKind, error) { return actionKinds.parse(s) }

// String returns the wire spelling.
func (k ActionKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler.
func (k ActionKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (k *ActionKind) UnmarshalText(b []byte) error { return actionKinds.unmarshal(k, b) }

// Action is what a level asks the caller to do, as data: the library never
// acts itself. Only the field its Kind names is read, so
// [Policies.Validate] refuses an action that sets another one (a notify
// with a group), which would be ignored.
type Action struct {
	Kind     ActionKind
	Who      string          // notify: whom, in the caller's vocabulary ("assignee", "group_manager", an address)
	Group    string          // reassign: the group or escalation tier
	Priority ticket.Priority // raise_priority: the new priority
	Tag      string          // add_tag: the tag
}

// problem says what is wrong with the action, or "", and the field at
// fault when it is one set for another kind ("" for the action as a
// whole).
func (a Action) problem() (field, problem string) {
	switch a.Kind {
	case ActionNotify:
		if a.Who == "" {
			return "", "notify without whom"
		}
	case ActionReassign:
		if a.Group == "" {
			return "", "reassign without a group"
		}
	case ActionRaisePriority:
		if !a.Priority.Valid() {
			return "", "raise_priority without a known priority"
		}
	case ActionAddTag:
		if a.Tag == "" {
			return "", "add_tag without a tag"
		}
	default:
		return "", "unknown action kind " + string(a.Kind)
	}
	for _, f := range []struct {
		name string
		kind ActionKind
		set  bool
	}{
		{"who", ActionNotify, a.Who != ""},
		{"group", ActionReassign, a.Group != ""},
		{"priority", ActionRaisePriority, a.Priority != ""},
		{"tag", ActionAddTag, a.Tag != ""},
	} {
		if f.set && f.kind != a.Kind {
			return f.name, fmt.Sprintf("is for %s, not %s: it would be ignored", f.kind, a.Kind)
		}
	}
	return "", ""
}

// String returns the action as its kind and the field it reads:
// "notify team_lead", "reassign tier-2", "raise_priority urgent",
// "add_tag escalated".
func (a Action) String() string {
	switch a.Kind {
	case ActionNotify:
		return string(a.Kind) + " " + a.Who
	case ActionReassign:
		return string(a.Kind) + " " + a.Group
	case ActionRaisePriority:
		return string(a.Kind) + " " + string(a.Priority)
	case ActionAddTag:
		return string(a.Kind) + " " + a.Tag
	}
	return string(a.Kind)
}
