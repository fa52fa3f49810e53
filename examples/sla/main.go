package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("sla", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("sla", "replays one ticket's SLA clocks on the Oslo desk, firing each warning and escalation once", args, out, errOut, run)
}

func run(out io.Writer) error {
	hours, err := gen.OsloHours()
	if err != nil {
		return err
	}
	oslo := hours.Location()
	at := func(day, h, m int) time.Time { return time.Date(2026, time.May, day, h, m, 0, 0, oslo) }
	agent, ola := ticket.Agent("ingrid"), ticket.Customer("ola")
	when := local{oslo}.when

	// The ticket's history, as an agent and the customer wrote it.
	t, events, err := ticket.Create(nil, ticket.ID{15: 1}, at(13, 13, 0), ola, ticket.Created{
		Subject: "Invoice shows the wrong amount", Channel: ticket.ChannelEmail, Priority: ticket.PriorityNormal,
		Requester: ticket.Requester{CustomerID: "ola", Language: "nb"}})
	if err != nil {
		return err
	}
	for _, cmd := range []func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error){
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(at(15, 8, 45), agent, ticket.Message{Public: true, Body: "Which invoice number?"})
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.SetStatus(at(15, 8, 45), agent, ticket.StatusPending)
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(at(18, 10, 0), ola, ticket.Message{Public: true, Body: "It is 2026-0412."})
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(at(19, 11, 0), agent, ticket.Message{Public: true, Body: "Checking with accounting."})
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.SetStatus(at(21, 10, 0), agent, ticket.StatusSolved)
		},
	} {
		var more []ticket.Event
		if t, more, err = cmd(t); err != nil {
			return err
		}
		events = append(events, more...)
	}

	policies := gen.Policies(hours)
	fmt.Fprintf(out, "%q, %s priority, created %s\n", t.Subject, ticket.PriorityNormal, when(events[0].At))
	fmt.Fprintln(out, "evaluated at each ticket event and at each NextWakeUp:")
	fired := map[string]bool{}
	var last time.Time
	var prev sla.Checkpoint // of the previous evaluation
	var r sla.Result
	evaluations := 0
	for now := events[0].At; !now.IsZero(); {
		if r, err = policies.Evaluate(events, now); err != nil {
			return err
		}
		evaluations++
		for _, e := range r.Events {
			if e.At.After(last) || last.IsZero() {
				describe(out, e, r, when)
			}
		}
		due, err := r.Due(prev, sla.CatchUp{})
		if err != nil {
			return err
		}
		for _, f := range due {
			if f.Skipped || fired[f.Key] {
				continue
			}
			fired[f.Key] = true
			fmt.Fprintf(out, "%s   fire %-10s %s #%d: %s\n", when(f.At), f.Level, f.Metric, f.Instance, gen.ActionsText(f.Actions))
		}
		last, prev, now = now, r.Checkpoint(), next(events, now, r.NextWakeUp)
	}

	fmt.Fprintf(out, "\n%d evaluations, %d firings, each fired once by its key\n\n", evaluations, len(fired))
	fmt.Fprintf(out, "%-22s %-9s %-8s %-17s %-17s %s\n", "clock", "state", "breached", "due", "ended", "business time")
	for _, in := range r.Instances {
		fmt.Fprintf(out, "%-22s %-9s %-8v %-17s %-17s %v of %v\n", fmt.Sprintf("%s #%d", in.Metric.Name, in.Number),
			in.State, in.Breached, when(in.Due), when(in.End), in.Elapsed, in.Target.Duration)
	}
	return nil
}

// next returns the next instant anything can change after now: the next
// ticket event or the wake-up the result asked for, whichever is first.
func next(events []ticket.Event, now, wakeUp time.Time) time.Time {
	for _, e := range events {
		if e.At.After(now) && (wakeUp.IsZero() || e.At.Before(wakeUp)) {
			return e.At
		}
	}
	return wakeUp
}

// describe prints an SLA event; a clock that starts shows its due time.
func describe(out io.Writer, e sla.Event, r sla.Result, when func(time.Time) string) {
	if e.Kind == sla.EventApplyPolicy {
		fmt.Fprintf(out, "%s   policy %s v%d applies\n", when(e.At), e.Policy, e.Version)
		return
	}
	if e.Kind == sla.EventLevel {
		return // printed as a firing
	}
	line := fmt.Sprintf("%s   %-8s   %s #%d", when(e.At), e.Kind, e.Metric, e.Instance)
	if e.Kind == sla.EventActivate || e.Kind == sla.EventResume {
		for _, in := range r.Instances {
			if in.Metric.Name == e.Metric && in.Number == e.Instance && in.State == sla.StateActive {
				line += ", due " + when(in.Due)
			}
		}
	}
	fmt.Fprintln(out, line)
}

// local prints instants in loc, "-" for none.
type local struct{ loc *time.Location }

func (l local) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(l.loc).Format("Mon 2 Jan 15:04")
}
