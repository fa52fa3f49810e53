package followup

import (
	"fmt"
	"strings"
	"time"
)

// Why explains which rule applies: `rule "outage" (#0): tags any of
// [outage]`, or "no rule matches".
func (p Plan) Why() string {
	if p.RuleIndex < 0 {
		return "no rule matches"
	}
	return fmt.Sprintf("rule %q (#%d): %s", p.Rule, p.RuleIndex, p.Match)
}

// String describes the conditions: "tags any of [outage], priority in
// [urgent]", or "every ticket" for an empty match.
func (m Match) String() string {
	var parts []string
	add := func(what string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, fmt.Sprintf("%s %v", what, vs))
		}
	}
	add("tags any of", m.TagsAny)
	add("tags all of", m.TagsAll)
	add("tags none of", m.TagsNone)
	add("category in", m.Categories)
	add("channel in", strs(m.Channels))
	add("priority in", strs(m.Priorities))
	add("tier in", strs(m.Tiers))
	if len(parts) == 0 {
		return "every ticket"
	}
	return strings.Join(parts, ", ")
}

func strs[E ~string](vs []E) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// String explains the item: what is owed, when, to whom, and which
// obligation of which rule it comes from. An item the hours cannot place
// says so instead of an instant: "nudge beyond the business hours'
// range (counted to 2027-01-01T00:00:00+01:00): step 2 …".
func (it Item) String() string {
	var b strings.Builder
	b.WriteString(it.when())
	switch it.Source {
	case SourceCadence:
		fmt.Fprintf(&b, ": promise %d (stage %d) counted from event #%d", it.Step, it.Stage, it.Anchor)
	case SourcePersonal:
		fmt.Fprintf(&b, ": personal follow-up flag raised at event #%d", it.Anchor)
	case SourceDate:
		fmt.Fprintf(&b, ": follow-up date set at event #%d", it.Anchor)
	case SourceNudges:
		fmt.Fprintf(&b, ": step %d after the ticket went pending at event #%d", it.Step, it.Anchor)
	case SourceSnooze:
		fmt.Fprintf(&b, ": snooze set at event #%d", it.Anchor)
		if it.Cause != 0 {
			fmt.Fprintf(&b, ", woken early by event #%d", it.Cause)
		}
	}
	if it.Source == SourcePersonal || it.Source == SourceDate {
		if it.Step == 0 {
			b.WriteString(", at the due time")
		} else {
			fmt.Fprintf(&b, ", reminder %d", it.Step)
		}
	}
	if it.Rule != "" {
		fmt.Fprintf(&b, ", rule %q", it.Rule)
	}
	if it.Owner != "" {
		fmt.Fprintf(&b, ", owner %s", it.Owner)
	}
	if it.Customer != "" {
		fmt.Fprintf(&b, ", for %s", it.Customer)
	}
	return b.String()
}

// when returns "nudge at <instant>", or for an item out of range "nudge
// beyond the business hours' range (counted to <At>)".
func (it Item) when() string {
	if it.OutOfRange {
		return fmt.Sprintf("%s beyond the business hours' range (counted to %s)", it.Kind, it.At.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s at %s", it.Kind, it.At.Format(time.RFC3339))
}

// String explains the cancellation: "nudge at … cancelled by event #9
// (message): customer_reply", or for an item the hours could not place
// "nudge beyond the business hours' range (counted to …) cancelled by …".
func (c Cancelled) String() string {
	return fmt.Sprintf("%s cancelled by event #%d (%s): %s", c.Item.when(), c.By.Seq, c.By.Type(), c.Reason)
}

// String explains the skip: "3 status_update from … to … skipped: superseded".
func (s Skip) String() string {
	if s.Count == 1 {
		return fmt.Sprintf("%s at %s skipped: %s", s.Item.Kind, s.Item.At.Format(time.RFC3339), s.Reason)
	}
	return fmt.Sprintf("%d × %s from %s to %s skipped: %s", s.Count, s.Item.Kind, s.First.Format(time.RFC3339), s.Item.At.Format(time.RFC3339), s.Reason)
}
