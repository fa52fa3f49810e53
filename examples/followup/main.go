package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("followup", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("followup", "plans the status updates, follow-up flags and nudges three tickets are owed", args, out, errOut, run)
}

var rules = followup.Rules{
	{Name: "outage", Match: followup.Match{TagsAny: []string{"outage"}},
		Cadence: &followup.Cadence{Stages: []followup.Stage{
			{Every: 10 * time.Minute, For: 20 * time.Minute},
			{Every: 30 * time.Minute, For: 2 * time.Hour},
			{Every: 2 * time.Hour},
		}}},
	{Name: "privacy", Match: followup.Match{Categories: []string{"privacy"}},
		Personal: &followup.Personal{After: followup.Business(4 * time.Hour)}},
	{Name: "pending", Nudges: []followup.Nudge{
		{After: followup.Business(2 * time.Hour)},
		{After: followup.Business(4 * time.Hour)},
		{After: followup.Business(6 * time.Hour), Action: followup.ActionSolve},
	}},
}

// story is one ticket: how it starts, and until when to follow it.
type story struct {
	created ticket.Created
	at      time.Time
	until   time.Time
	pending bool // the agent asks a question at once and the customer never answers
}

func run(out io.Writer) error {
	hours, err := gen.OsloHours()
	if err != nil {
		return err
	}
	planner, err := followup.NewPlanner(rules, hours)
	if err != nil {
		return err
	}
	at := func(h, m int) time.Time { return time.Date(2026, time.June, 9, h, m, 0, 0, hours.Location()) }
	stories := []story{
		{created: ticket.Created{Subject: "Payments down in all our shops", Channel: ticket.ChannelPhone, Priority: ticket.PriorityUrgent,
			Requester: ticket.Requester{CustomerID: "nettbutikk"}, Tags: []string{"outage"}}, at: at(18, 5), until: at(21, 0)},
		{created: ticket.Created{Subject: "Request for my personal data", Channel: ticket.ChannelEmail,
			Requester: ticket.Requester{CustomerID: "bjorn"}, Category: "privacy"}, at: at(10, 0), until: at(23, 0)},
		{created: ticket.Created{Subject: "Scanner not detected", Channel: ticket.ChannelWeb,
			Requester: ticket.Requester{CustomerID: "emma"}, Category: "hardware"}, at: at(8, 35), until: at(23, 0), pending: true},
	}
	agent := ticket.Agent("lars")
	for n, s := range stories {
		s.created.Group = "service desk"
		t, history, err := ticket.Create(nil, ticket.ID{15: byte(n + 1)}, s.at, ticket.Customer(s.created.Requester.CustomerID), s.created)
		if err != nil {
			return err
		}
		do := func(tk ticket.Ticket, events []ticket.Event, err error) error {
			t, history = tk, append(history, events...)
			return err
		}
		if err := do(t.Assign(s.at, ticket.System("router"), agent.ID, "service desk")); err != nil {
			return err
		}
		if s.pending {
			if err := do(t.ReplyWithStatus(s.at, agent, ticket.Message{Public: true, Body: "Which model is it?"}, ticket.StatusPending)); err != nil {
				return err
			}
		}
		plan, err := planner.Plan(history, s.at)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s %q: rule %s\n", s.at.Format("15:04"), s.created.Subject, plan.Rule)
		done := map[string]bool{}
		for now := plan.NextWakeUp; !now.IsZero() && !now.After(s.until); now = plan.NextWakeUp {
			if plan, err = planner.Plan(history, now); err != nil {
				return err
			}
			updated := false
			for _, item := range plan.Due {
				if done[item.Key] {
					continue
				}
				done[item.Key] = true
				if err := act(out, item, now, agent, t, do); err != nil {
					return err
				}
				updated = updated || item.Kind == followup.KindStatusUpdate
			}
			if plan, err = planner.Plan(history, now); err != nil {
				return err
			}
			if updated {
				fmt.Fprintf(out, "        next update promised for %s\n", plan.Updates.Next.Format("15:04"))
			}
		}
		fmt.Fprintln(out)
	}
	return nil
}

// act does what a follow-up item asks and prints it.
func act(out io.Writer, item followup.Item, now time.Time, agent ticket.Actor, t ticket.Ticket,
	do func(ticket.Ticket, []ticket.Event, error) error) error {
	bot := ticket.System("follow-up")
	switch item.Kind {
	case followup.KindStatusUpdate:
		fmt.Fprintf(out, "  %s status update (stage %d) posted\n", now.Format("15:04"), item.Stage)
		return do(t.Reply(now, agent, ticket.Message{Public: true, Body: now.Format("15:04") + " – troubleshooting in progress"}))
	case followup.KindReminder:
		fmt.Fprintf(out, "  %s follow-up flag: %s owes %s an answer; answered\n", now.Format("15:04"), item.Owner, item.Customer)
		return do(t.Reply(now, agent, ticket.Message{Public: true, Body: "Your data export is being prepared."}))
	case followup.KindNudge:
		fmt.Fprintf(out, "  %s nudge %d: do you still need help?\n", now.Format("15:04"), item.Step)
		return do(t.Reply(now, bot, ticket.Message{Public: true, Automated: true, Body: "Do you still need help?"}))
	case followup.KindAutoSolve:
		fmt.Fprintf(out, "  %s solved: no answer after two nudges\n", now.Format("15:04"))
		return do(t.SetStatus(now, bot, ticket.StatusSolved))
	}
	fmt.Fprintf(out, "  %s %s\n", now.Format("15:04"), item.Kind)
	return nil
}
