package main

import (
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// watch is what the desk's scheduler knows of one ticket: when it last
// evaluated the ticket's clocks and follow-ups, and when anything will
// next change.
type watch struct {
	prev    sla.Checkpoint // of the last SLA evaluation
	next    time.Time
	version int // length of the history last evaluated
}

// touch evaluates ticket id's SLA clocks and follow-ups at now, fires the
// levels reached and acts on the follow-ups due since the last look, each
// once by its key, and notes when to look again.
func (d *desk) touch(id ticket.ID, now time.Time) error {
	w := d.watches[id]
	if w == nil {
		w = &watch{}
		d.watches[id] = w
	}
	// Follow-ups first: acting on one changes the ticket (an update posted,
	// a flag answered), and the clocks must see that change.
	for {
		history, err := d.store.Load(d.ctx, id)
		if err != nil {
			return err
		}
		plan, err := d.planner.Plan(history, now)
		if err != nil {
			return err
		}
		acted := false
		for _, item := range plan.Due {
			if d.fired[item.Key] {
				continue
			}
			d.fired[item.Key] = true
			if err := d.act(item, now); err != nil {
				return err
			}
			acted = true
		}
		if acted {
			continue // look again at the changed ticket
		}
		r, err := d.clocks.Evaluate(history, now)
		if err != nil {
			return err
		}
		due, err := r.Due(w.prev, sla.CatchUp{})
		if err != nil {
			return err
		}
		for _, f := range due {
			if f.Skipped || d.fired[f.Key] {
				continue
			}
			d.fired[f.Key] = true
			d.printf("%s %s SLA %s: %s → %s\n", d.when(f.At), d.names[id], f.Level, f.Metric, gen.ActionsText(f.Actions))
		}
		w.prev, w.next, w.version = r.Checkpoint(), earliest(r.NextWakeUp, plan.NextWakeUp), len(history)
		return nil
	}
}

// advance runs the scheduler up to until: every ticket whose next change
// falls before it (or at it, with inclusive) is evaluated then, in order
// of time.
func (d *desk) advance(until time.Time, inclusive bool) error {
	for {
		var id ticket.ID
		var at time.Time
		for _, t := range d.order {
			if w := d.watches[t]; w != nil && !w.next.IsZero() && (w.next.Before(until) || inclusive && w.next.Equal(until)) && (at.IsZero() || w.next.Before(at)) {
				id, at = t, w.next
			}
		}
		if at.IsZero() {
			return nil
		}
		d.wakeUps++
		if err := d.touch(id, at); err != nil {
			return err
		}
	}
}

// act does what a follow-up item asks: post the promised status update,
// remind the owner of a flag (who answers at once), bump the customer of a
// pending ticket, or solve it.
func (d *desk) act(item followup.Item, now time.Time) error {
	name := d.names[item.Ticket]
	t, err := ticket.Load(d.ctx, d.store, d.lc, item.Ticket)
	if err != nil {
		return err
	}
	bot := ticket.System("follow-up")
	var cmd func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error)
	switch item.Kind {
	case followup.KindStatusUpdate:
		// Replies are pure, so the desk can ask the planner when the next
		// update will be due before it posts this one, and promise it.
		agent := ticket.Agent(t.Assignee)
		_, draft, err := t.Reply(now, agent, ticket.Message{Public: true, Body: "draft"})
		if err != nil {
			return err
		}
		history, err := d.store.Load(d.ctx, item.Ticket)
		if err != nil {
			return err
		}
		after, err := d.planner.Plan(append(history, draft...), now)
		if err != nil {
			return err
		}
		body := fmt.Sprintf("%s – troubleshooting in progress, next update by %s", d.when(now), d.when(after.Updates.Next))
		d.printf("%s %s status update (%s, stage %d): %q\n", d.when(item.At), name, item.Rule, item.Stage, body)
		cmd = func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(now, agent, ticket.Message{Public: true, Body: body})
		}
	case followup.KindReminder:
		d.printf("%s %s follow-up flag (%s): %s owes %s an answer\n", d.when(item.At), name, item.Rule, t.Assignee, item.Customer)
		body := "Your request is being handled; you will have the export by Friday."
		d.printf("      %s answers: %q\n", t.Assignee, body)
		cmd = func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(now, ticket.Agent(t.Assignee), ticket.Message{Public: true, Body: body})
		}
	case followup.KindNudge:
		body := "Do you still need help? We will close this request if we do not hear from you."
		d.printf("%s %s nudge %d to %s: %q\n", d.when(item.At), name, item.Step, item.Customer, body)
		cmd = func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(now, bot, ticket.Message{Public: true, Automated: true, Body: body})
		}
	case followup.KindAutoSolve:
		d.printf("%s %s solved after %s without an answer\n", d.when(item.At), name, nudges(item.Step-1))
		d.release(t)
		cmd = func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.SetStatus(now, bot, ticket.StatusSolved)
		}
	default:
		d.printf("%s %s %s\n", d.when(item.At), name, item.Kind)
		return nil
	}
	t, events, err := d.update(item.Ticket, cmd)
	if err != nil {
		return err
	}
	switch item.Kind {
	case followup.KindStatusUpdate, followup.KindReminder:
		return d.noteFirstReply(t, events, now) // an agent's reply, perhaps the first
	case followup.KindAutoSolve:
		d.printf("      solved after %v of business time (%v on the wall clock)\n", d.hours.Elapsed(t.CreatedAt, now), now.Sub(t.CreatedAt))
	}
	return nil
}

// nudges says how many nudges an auto-solve followed: "two nudges".
func nudges(n int) string {
	words := []string{"no nudge", "one nudge", "two nudges", "three nudges", "four nudges", "five nudges"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprintf("%d nudges", n)
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
