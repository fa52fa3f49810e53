package gen

import (
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// Policies returns the desk's SLA policies, counted in hours (the desk's
// business hours): urgent tickets are worked around the clock; everything
// else has per-priority first-reply, next-reply and resolution (requester
// wait: the time not spent pending) targets in
// business hours. Both warn at 75 %, tell the team lead at the breach,
// and an hour later the support manager, handing the ticket to the second
// line.
func Policies(hours sla.Hours) sla.Policies {
	levels := []sla.Level{
		{Name: "warning", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "breach", Percent: 100, Actions: []sla.Action{
			{Kind: sla.ActionNotify, Who: "team lead"}, {Kind: sla.ActionAddTag, Tag: "sla_breached"}}},
		{Name: "escalation", Offset: time.Hour, Actions: []sla.Action{
			{Kind: sla.ActionNotify, Who: "support manager"}, {Kind: sla.ActionReassign, Group: "second line"}}},
	}
	standard := sla.Policy{Name: "standard", Version: 1, Levels: levels}
	for _, t := range []struct {
		p                   ticket.Priority
		first, next, solved time.Duration
	}{
		{ticket.PriorityHigh, 2 * time.Hour, 4 * time.Hour, 16 * time.Hour},
		{ticket.PriorityNormal, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour},
		{ticket.PriorityLow, 8 * time.Hour, 16 * time.Hour, 40 * time.Hour},
	} {
		standard.Targets = append(standard.Targets,
			sla.Target{Metric: sla.FirstReply(), Priority: t.p, Duration: t.first, Hours: hours},
			sla.Target{Metric: sla.NextReply(), Priority: t.p, Duration: t.next, Hours: hours},
			sla.Target{Metric: sla.RequesterWait(), Priority: t.p, Duration: t.solved, Hours: hours})
	}
	urgent := sla.Policy{Name: "urgent", Version: 1, Levels: levels,
		Match: sla.Condition{Priorities: []ticket.Priority{ticket.PriorityUrgent}},
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour},
			{Metric: sla.NextReply(), Duration: 2 * time.Hour},
			{Metric: sla.RequesterWait(), Duration: 8 * time.Hour},
		}}
	return sla.Policies{urgent, standard}
}

// ActionsText describes escalation actions: "notify team lead, tag sla_breached".
func ActionsText(as []sla.Action) string {
	var parts []string
	for _, a := range as {
		switch a.Kind {
		case sla.ActionNotify:
			parts = append(parts, "notify "+a.Who)
		case sla.ActionReassign:
			parts = append(parts, "reassign to "+a.Group)
		case sla.ActionAddTag:
			parts = append(parts, "tag "+a.Tag)
		case sla.ActionRaisePriority:
			parts = append(parts, "raise priority to "+string(a.Priority))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}
