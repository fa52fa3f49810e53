package tickettest

import (
	"errors"
	"fmt"
	"reflect"
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

// at returns the fixed instant of the event with the given sequence number:
// whole seconds in UTC, so stores that keep microseconds or convert zones
// still round-trip them (compared with time.Time.Equal).
func at(seq int) time.Time {
	return time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second)
}

func event(id ticket.ID, seq int, actor ticket.Actor, data ticket.Data) ticket.Event {
	return ticket.Event{TicketID: id, Seq: seq, At: at(seq), Actor: actor, Data: data}
}

// created returns the Created event that opens ticket id, with tags and
// custom fields so that isolation of payload slices and maps is exercised.
func created(id ticket.ID) ticket.Event {
	return event(id, 1, ticket.Customer("c1"), ticket.Created{
		Subject:   "Printer on fire",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "c1", Organization: "Fjord AS", Tier: ticket.TierVIP, Language: "nb"},
		Priority:  ticket.PriorityNormal,
		Group:     "support",
		Tags:      []string{"hardware", "printer"},
		Category:  "incident",
		Fields:    map[string]string{"asset": "PR-17", "site": "Oslo"},
		Status:    ticket.StatusNew,
	})
}

// message returns a Message event with the given body.
func message(id ticket.ID, seq int, actor ticket.Actor, body string) ticket.Event {
	return event(id, seq, actor, ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: body})
}

// richHistory returns a history of ticket id that uses every payload type,
// including every payload field that holds a slice or a map. Each call
// returns new values that share nothing with earlier calls.
func richHistory(id, other ticket.ID) []ticket.Event {
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("c1")
	return []ticket.Event{
		created(id),
		message(id, 2, customer, "It is still burning."),
		event(id, 3, ticket.System("router"), ticket.Assigned{Agent: "ingrid", Group: "hardware", PrevGroup: "support"}),
		event(id, 4, agent, ticket.StatusChanged{From: ticket.StatusNew, To: ticket.StatusOpen, Reason: "agent_reply"}),
		event(id, 5, agent, ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}),
		event(id, 6, agent, ticket.TagsChanged{Added: []string{"fire", "urgent"}, Removed: []string{"printer"}}),
		event(id, 7, agent, ticket.FieldsChanged{Changes: []ticket.FieldChange{
			{Field: "asset", From: "PR-17", To: "PR-18"},
			{Field: ticket.FieldCategory, From: "incident", To: "hazard"},
		}}),
		event(id, 8, agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m-12", Name: "Fire drill"}),
		message(id, 9, agent, "Extinguished. Please confirm."),
		event(id, 10, agent, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: 7 * time.Minute}),
		event(id, 11, agent, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusSolved}),
		event(id, 12, customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5, Comment: "Thanks"}),
		event(id, 13, agent, ticket.Merged{From: other}),
		event(id, 14, agent, ticket.FollowUpSet{Due: at(3600), Owner: "ingrid", Note: "call back"}),
		event(id, 15, agent, ticket.Snoozed{Until: at(7200)}),
		event(id, 16, agent, ticket.Snoozed{}),
		event(id, 17, agent, ticket.FollowUpCleared{}),
	}
}

// followUp returns a short history of ticket id that continues ticket of.
func followUp(id, of ticket.ID) []ticket.Event {
	return []ticket.Event{
		created(id),
		event(id, 2, ticket.System("desk"), ticket.Linked{FollowUpOf: of}),
		message(id, 3, ticket.Customer("c1"), "It is burning again."),
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
// are equal (instants compared with time.Time.Equal).
func diffEvent(got, want ticket.Event) string {
	switch {
	case got.TicketID != want.TicketID:
		return fmt.Sprintf("TicketID = %s, want %s", got.TicketID, want.TicketID)
	case got.Seq != want.Seq:
		return fmt.Sprintf("Seq = %d, want %d", got.Seq, want.Seq)
	case !got.At.Equal(want.At):
		return fmt.Sprintf("At = %s, want %s", got.At.Format(time.RFC3339Nano), want.At.Format(time.RFC3339Nano))
	case got.Actor != want.Actor:
		return fmt.Sprintf("Actor = %s, want %s", got.Actor, want.Actor)
	case !reflect.DeepEqual(got.Data, want.Data):
		return fmt.Sprintf("Data = %#v, want %#v", got.Data, want.Data)
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
