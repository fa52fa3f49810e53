package tickettest

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
)

// idSpace derives ticket IDs for one property, so that properties never
// share a ticket even when a store is not as fresh as it should be.
type idSpace string

// id returns the n-th ticket ID of the space: a name-based (version 5) UUID,
// the same on every run.
func (s idSpace) id(n int) ticket.ID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("tickettest:"+string(s)+":"+strconv.Itoa(n)))
}

// zones are the UTC offsets the fixtures' instants cycle through, so that a
// store that drops the offset (or converts to UTC or to its own zone) is
// caught.
var zones = []*time.Location{
	time.FixedZone("", 2*3600),
	time.UTC,
	time.FixedZone("", -(3*3600 + 30*60)),
	time.FixedZone("", 5*3600+45*60),
}

// at returns the fixed instant of the event with the given sequence
// number. Three sequence numbers share each instant (commands emit several
// events at one instant, so a store must order by sequence number, not by
// instant), instants carry nanoseconds (a store that truncates to seconds
// or microseconds is caught), and the offset changes from event to event
// while the instant never goes backwards.
func at(seq int) time.Time {
	g := time.Duration(seq / 3)
	base := time.Date(2026, time.May, 4, 7, 0, 0, 123456789, time.UTC)
	return base.Add(g*1500*time.Millisecond + g*7*time.Nanosecond).In(zones[seq%len(zones)])
}

func event(id ticket.ID, seq int, actor ticket.Actor, data ticket.Data) ticket.Event {
	return ticket.Event{TicketID: id, Seq: seq, At: at(seq), Actor: actor, Data: data}
}

// triage is the initial status of the fixtures' tickets: not the default
// one, so that a store that loses the initial status is caught.
var triage = ticket.Status{Name: "triage", Category: ticket.StatusCategoryNew}

// created returns the Created event that opens ticket id, with every field
// set (tags and custom fields too, so that isolation of payload slices and
// maps is exercised).
func created(id ticket.ID) ticket.Event {
	return event(id, 1, ticket.Customer("c1"), ticket.Created{
		Subject:   "Printer on fire",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "c1", Organization: "Fjord AS", Tier: ticket.TierVIP, Language: "nb", Region: "NO-03"},
		Priority:  ticket.PriorityNormal,
		Group:     "support",
		Tags:      []string{"hardware", "printer"},
		Category:  "incident",
		Fields:    map[string]string{"asset": "PR-17", "site": "Oslo"},
		Status:    triage,
	})
}

// message returns a Message event with the given body.
func message(id ticket.ID, seq int, actor ticket.Actor, body string) ticket.Event {
	return event(id, seq, actor, ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: body})
}

// richHistory returns a history of ticket id that uses every payload type
// but Linked (see followUp) with every field of each set to a value other
// than its zero value somewhere, Merged.From among them. The history
// replays: each payload agrees with the state before it, so a store that
// checks appends against the folded ticket accepts it. Each call returns new
// values that share nothing with earlier calls.
func richHistory(id, other ticket.ID) []ticket.Event {
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("c1")
	open := ticket.StatusOpen
	solved := ticket.StatusSolved
	return []ticket.Event{
		created(id),
		event(id, 2, customer, ticket.Message{Public: true, Channel: ticket.ChannelWeb, Body: "It is still burning."}),
		event(id, 3, ticket.System("router"), ticket.Assigned{Agent: "oskar", Group: "support", PrevGroup: "support"}),
		event(id, 4, ticket.System("router"), ticket.Assigned{Agent: "ingrid", Group: "hardware", PrevAgent: "oskar", PrevGroup: "support"}),
		event(id, 5, agent, ticket.StatusChanged{From: triage, To: open, Reason: "agent_reply"}),
		event(id, 6, agent, ticket.Message{Public: false, Channel: ticket.ChannelPhone, Body: "Internal: called facilities."}),
		event(id, 7, agent, ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}),
		event(id, 8, agent, ticket.TagsChanged{Added: []string{"fire", "urgent"}, Removed: []string{"printer"}}),
		event(id, 9, agent, ticket.FieldsChanged{Changes: []ticket.FieldChange{
			{Field: "asset", From: "PR-17", To: "PR-18"},
			{Field: ticket.FieldCategory, From: "incident", To: "hazard"},
		}}),
		event(id, 10, agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m-12", Name: "Fire drill"}),
		event(id, 11, agent, ticket.Message{Public: true, Channel: ticket.ChannelChat, Automated: true, MacroID: "m-12", Body: "Extinguished. Please confirm."}),
		event(id, 12, agent, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: 7*time.Minute + 3*time.Nanosecond}),
		event(id, 13, agent, ticket.StatusChanged{From: open, To: solved, Reason: "macro"}),
		event(id, 14, customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 4, Scale: 5, Comment: "Thanks"}),
		event(id, 15, customer, ticket.StatusChanged{From: solved, To: open, Reopen: true, Reason: "customer_reply"}),
		event(id, 16, agent, ticket.FollowUpSet{Due: at(40).Add(3 * time.Nanosecond), Owner: "ingrid", Note: "Call back"}),
		event(id, 17, agent, ticket.Snoozed{Until: at(41)}),
		event(id, 18, agent, ticket.FollowUpCleared{}),
		event(id, 19, agent, ticket.Merged{From: other}),
	}
}

// followUp returns a short history of ticket id that continues ticket of,
// and is then merged into it.
func followUp(id, of ticket.ID) []ticket.Event {
	return []ticket.Event{
		created(id),
		event(id, 2, ticket.System("desk"), ticket.Linked{FollowUpOf: of}),
		message(id, 3, ticket.Customer("c1"), "It is burning again."),
		event(id, 4, ticket.Agent("ingrid"), ticket.Merged{Into: of}),
		event(id, 5, ticket.Agent("ingrid"), ticket.StatusChanged{From: triage, To: ticket.StatusClosed, Reason: "merged"}),
	}
}

// messages returns n message events for ticket id with sequence numbers
// from+1 … from+n.
func messages(id ticket.ID, from, n int) []ticket.Event {
	events := make([]ticket.Event, n)
	for i := range events {
		seq := from + 1 + i
		events[i] = message(id, seq, ticket.Agent("ingrid"), "message "+strconv.Itoa(seq))
	}
	return events
}

// problems collects what a check finds wrong.
type problems []error

func (p *problems) add(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

// keep adds err to the problems unless it is nil.
func (p *problems) keep(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

func (p problems) err() error { return errors.Join(p...) }

// compareHistory returns nil when got holds the same events as want, in the
// same order, and otherwise an error naming the first few differences.
func compareHistory(got, want []ticket.Event) error {
	var p problems
	if len(got) != len(want) {
		p.add("got %d events, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if d := diffEvent(got[i], want[i]); d != "" {
			p.add("event %d (#%d): %s", i, want[i].Seq, d)
			if len(p) >= 4 {
				break
			}
		}
	}
	return p.err()
}

// diffEvent describes how got differs from want, or returns "" when they
// are equal: the same ticket, sequence number and actor, and the same wire
// form, so every payload field counts, and instants count to the
// nanosecond with their UTC offset.
func diffEvent(got, want ticket.Event) string {
	switch {
	case got.TicketID != want.TicketID:
		return fmt.Sprintf("TicketID = %s, want %s", got.TicketID, want.TicketID)
	case got.Seq != want.Seq:
		return fmt.Sprintf("Seq = %d, want %d", got.Seq, want.Seq)
	case got.Actor != want.Actor:
		return fmt.Sprintf("Actor = %s, want %s", got.Actor, want.Actor)
	case got.At.Format(time.RFC3339Nano) != want.At.Format(time.RFC3339Nano):
		return fmt.Sprintf("At = %s, want %s", got.At.Format(time.RFC3339Nano), want.At.Format(time.RFC3339Nano))
	}
	g, gerr := got.MarshalJSON()
	w, werr := want.MarshalJSON()
	switch {
	case gerr != nil:
		return fmt.Sprintf("does not encode: %v", gerr)
	case werr != nil:
		return fmt.Sprintf("want does not encode: %v", werr)
	case string(g) != string(w):
		return fmt.Sprintf("Data = %s,\nwant %s", g, w)
	}
	return ""
}

// checkContiguous reports a history whose events do not belong to id or are
// not numbered 1, 2, … without gaps.
func checkContiguous(h []ticket.Event, id ticket.ID) error {
	for i, e := range h {
		if e.TicketID != id {
			return fmt.Errorf("event %d has TicketID %s, want %s", i, e.TicketID, id)
		}
		if e.Seq != i+1 {
			return fmt.Errorf("event %d has Seq %d, want %d", i, e.Seq, i+1)
		}
	}
	return nil
}
