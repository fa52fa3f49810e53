package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

func main() {
	cli.Exit("routing", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("routing", "orders a queue and hands it out to agents with the reason for each decision", args, out, errOut, run)
}

func run(out io.Writer) error {
	now := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	email, chat := ticket.ChannelEmail, ticket.ChannelChat
	agents := []routing.Agent{
		{ID: "ingrid", Presence: routing.PresenceOnline, Groups: []string{"service desk"}, Languages: []string{"nb", "en"},
			Skills: map[string]int{"billing": 3}, Capacity: map[ticket.Channel]int{email: 5, chat: 1}},
		{ID: "jonas", Presence: routing.PresenceOnline, Groups: []string{"service desk"}, Languages: []string{"de", "en"},
			Skills: map[string]int{"printers": 2, "billing": 1}, Capacity: map[ticket.Channel]int{email: 5, chat: 2}},
		{ID: "mia", Presence: routing.PresenceOnline, Groups: []string{"service desk"}, Languages: []string{"sv", "nb"},
			Skills: map[string]int{"billing": 2}, Capacity: map[ticket.Channel]int{email: 5, chat: 2},
			Load: map[ticket.Channel]int{email: 4}},
		{ID: "kari", Presence: routing.PresenceAway, Groups: []string{"service desk"}, Languages: []string{"nb"},
			Skills: map[string]int{"printers": 4}, Capacity: map[ticket.Channel]int{email: 5}},
	}

	// A network outage: everyone is affected and nobody can work.
	var matrix routing.Matrix
	outage, err := matrix.TicketPriority(routing.ImpactHigh, routing.UrgencyHigh)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "outage: impact high × urgency high → %s\n\n", outage)

	id := func(n byte) uuid.UUID { return uuid.UUID{15: n} }
	items := []routing.Item{
		{Ticket: id(1), Channel: email, Priority: ticket.PriorityNormal, Group: "service desk", Language: "nb",
			Skills: []routing.Skill{{Name: "billing", Level: 2}}, EnqueuedAt: now.Add(-40 * time.Minute)},
		{Ticket: id(2), Channel: chat, Priority: ticket.PriorityHigh, Tier: ticket.TierVIP, Group: "service desk",
			Language: "en", EnqueuedAt: now.Add(-2 * time.Minute)},
		{Ticket: id(3), Channel: email, Priority: ticket.PriorityLow, Group: "service desk", Language: "sv",
			DueAt: now.Add(-10 * time.Minute), EnqueuedAt: now.Add(-26 * time.Hour)},
		{Ticket: id(4), Channel: email, Priority: outage, Group: "service desk", Language: "nb", EnqueuedAt: now},
		{Ticket: id(5), Channel: email, Priority: ticket.PriorityNormal, Group: "service desk", Language: "de",
			Skills: []routing.Skill{{Name: "printers", Level: 3}}, EnqueuedAt: now.Add(-time.Minute)},
	}
	fmt.Fprintln(out, "the queue, most pressing first:")
	for _, r := range (routing.Scoring{}).Order(items, now) {
		fmt.Fprintf(out, "  %d. #%d %s\n", r.Position, r.Item.Ticket[15], r.Score)
	}

	policy := routing.Policy{
		Strategy: routing.SkillsFirst,
		Ladder:   routing.Ladder{Steps: []routing.Step{{After: 30 * time.Minute, LowerSkill: 1}}},
	}
	batch, err := policy.Assign(items, agents, now)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nhanded out at 09:00:")
	for _, a := range batch.Assignments {
		fmt.Fprintf(out, "  #%d → %s (%s)\n", a.Item[15], a.Agent, a.DecidedBy.Label())
	}
	for _, w := range batch.Waiting {
		fmt.Fprintf(out, "  #%d waits: %s\n", w.Item[15], w.Reason)
	}

	// The printer ticket needs level 3; after 30 minutes the ladder
	// accepts level 2, and jonas may take it.
	for _, w := range batch.Waiting {
		item := items[w.Item[15]-1]
		later := now.Add(30 * time.Minute)
		d, err := policy.Decide(item, batch.Agents, later)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\nat 09:30 #%d, %s:\n", w.Item[15], d.RungName)
		for _, c := range d.Candidates() {
			fmt.Fprintf(out, "  %-6s %s\n", c.Agent, c.Reason())
		}
		fmt.Fprintln(out, " ", d)
	}

	path := routing.Path{
		Name: "support",
		Levels: []routing.Level{
			{Name: "tier 1", Groups: []string{"service desk"}},
			{Name: "tier 2", Groups: []string{"second line"}},
			{Name: "management", Groups: []string{"support managers"}},
		},
		Specialists: map[string]string{"network outage": "second line"},
	}
	fmt.Fprintln(out, "\nescalation:")
	for _, s := range []struct{ group, reason string }{
		{"service desk", "network outage"}, {"second line", "resolution breach"}, {"support managers", "resolution breach"},
	} {
		target, err := path.Next(s.group, s.reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s, %s → %s\n", s.group, s.reason, target)
	}
	return nil
}
