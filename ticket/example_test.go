package ticket_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
)

// Every command returns the new ticket and the events it produced; the
// caller appends the events to its store.
func Example() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	id := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001")
	customer := ticket.Customer("ola")
	agent := ticket.Agent("ingrid")

	t, history, _ := ticket.Create(nil, id, at, customer, ticket.Created{
		Subject:   "Invoice shows the wrong amount",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola", Tier: ticket.TierVIP, Language: "nb"},
		Priority:  ticket.PriorityNormal,
	})
	step := func(next ticket.Ticket, events []ticket.Event, err error) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		t = next
		history = append(history, events...)
	}
	step(t.Reply(at.Add(20*time.Minute), agent, ticket.Message{Public: true, Body: "Corrected, sorry!"}))
	step(t.SetStatus(at.Add(21*time.Minute), agent, ticket.StatusSolved))
	step(t.Reply(at.Add(2*time.Hour), customer, ticket.Message{Public: true, Body: "Still wrong."}))

	for _, e := range history {
		fmt.Println(e)
	}
	fmt.Println("status:", t.Status, "reopens:", t.Reopens)
	// Output:
	// #1 2026-05-04T09:00:00Z customer:ola created
	// #2 2026-05-04T09:20:00Z agent:ingrid message
	// #3 2026-05-04T09:20:00Z agent:ingrid status_changed
	// #4 2026-05-04T09:21:00Z agent:ingrid status_changed
	// #5 2026-05-04T11:00:00Z customer:ola message
	// #6 2026-05-04T11:00:00Z customer:ola status_changed
	// status: open reopens: 1
}

// Create opens a ticket in the lifecycle's initial status.
func ExampleCreate() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	t, events, err := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at,
		ticket.Customer("ola"), ticket.Created{
			Subject:   "Cannot log in",
			Channel:   ticket.ChannelChat,
			Requester: ticket.Requester{CustomerID: "ola"},
			Priority:  ticket.PriorityHigh,
			Tags:      []string{"login", "account"},
		})
	fmt.Println(err, t.Status, t.Priority, t.Tags, len(events), events[0].Type())
	// Output: <nil> new high [account login] 1 created
}

// A customer's reply to a solved ticket reopens it, and the reopen is
// visible in the events.
func ExampleTicket_Reply() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	t, _, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at,
		ticket.Customer("ola"), ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	t, _, _ = t.SetStatus(at.Add(time.Hour), ticket.Agent("ingrid"), ticket.StatusSolved)

	t, events, _ := t.Reply(at.Add(2*time.Hour), ticket.Customer("ola"), ticket.Message{Public: true, Body: "Not fixed"})
	change := events[1].Data.(ticket.StatusChanged)
	fmt.Printf("%s → %s reopen=%v reason=%s; reopens=%d\n", change.From, change.To, change.Reopen, change.Reason, t.Reopens)
	// Output: solved → open reopen=true reason=customer_reply; reopens=1
}

// Solving a ticket is a status change the lifecycle must allow; a forbidden
// change names the allowed targets.
func ExampleTicket_SetStatus() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	agent := ticket.Agent("ingrid")
	t, _, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at,
		ticket.Customer("ola"), ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})

	solved, _, err := t.SetStatus(at.Add(time.Hour), agent, ticket.StatusSolved)
	fmt.Println(solved.Status, err)

	_, _, err = t.SetStatus(at.Add(time.Hour), agent, ticket.StatusClosed)
	fmt.Println(errors.Is(err, ticket.ErrInvalidTransition))
	fmt.Println(err)
	// Output:
	// solved <nil>
	// true
	// ticket: invalid transition new → closed (allowed: open, pending, on_hold, solved)
}

// A reply to a closed ticket is refused; the customer's message starts a
// follow-up ticket linked to the closed one.
func ExampleFollowUp() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("ola")
	t, _, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at,
		customer, ticket.Created{Subject: "VPN drops", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	t, _, _ = t.SetStatus(at.Add(time.Hour), agent, ticket.StatusSolved)
	t, _, _ = t.SetStatus(at.Add(96*time.Hour), ticket.System("auto-close"), ticket.StatusClosed)

	msg := ticket.Message{Public: true, Body: "It drops again"}
	_, _, err := t.Reply(at.Add(100*time.Hour), customer, msg)
	fmt.Println(errors.Is(err, ticket.ErrClosed))

	fu, events, _ := ticket.FollowUp(t, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000002"), at.Add(100*time.Hour), customer, ticket.Created{}, msg)
	fmt.Println(fu.Subject, fu.Status, fu.FollowUpOf == t.ID)
	for _, e := range events {
		fmt.Println(e)
	}
	fmt.Printf("%q\n", events[2].Data.(ticket.Message).Body)
	// Output:
	// true
	// VPN drops new true
	// #1 2026-05-08T13:00:00Z customer:ola created
	// #2 2026-05-08T13:00:00Z customer:ola linked
	// #3 2026-05-08T13:00:00Z customer:ola message
	// "It drops again"
}

// Replay rebuilds a ticket from stored events, here from their JSON wire
// form.
func ExampleReplay() {
	stored := `[
	 {"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":1,"at":"2026-05-04T09:00:00+02:00",
	  "actor":{"id":"ola","role":"customer"},"type":"created",
	  "data":{"subject":"Printer on fire","channel":"phone","requester":{"customer_id":"ola"},
	          "priority":"urgent","status":{"name":"new","category":"new"}}},
	 {"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":2,"at":"2026-05-04T09:05:00+02:00",
	  "actor":{"id":"ingrid","role":"agent"},"type":"assigned","data":{"agent":"ingrid","group":"facilities"}},
	 {"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":3,"at":"2026-05-04T09:30:00+02:00",
	  "actor":{"id":"ingrid","role":"agent"},"type":"status_changed",
	  "data":{"from":{"name":"new","category":"new"},"to":{"name":"solved","category":"solved"}}}
	]`
	events, err := ticket.DecodeEvents([]byte(stored))
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := ticket.Replay(nil, events)
	fmt.Println(err, t.Subject, t.Assignee, t.Status, t.Version, t.SolvedAt.Sub(t.CreatedAt))

	// A history with a gap is refused.
	_, err = ticket.Replay(nil, []ticket.Event{events[0], events[2]})
	fmt.Println(err)
	// Output:
	// <nil> Printer on fire ingrid solved 3 30m0s
	// ticket: corrupt history at event #3: sequence number out of place, want 2
}

// Events have a stable JSON wire format with a type discriminator.
func ExampleEvent_MarshalJSON() {
	e := ticket.Event{
		TicketID: uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"),
		Seq:      2,
		At:       time.Date(2026, 5, 4, 9, 12, 0, 0, time.UTC),
		Actor:    ticket.Agent("ingrid"),
		Data:     ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "Hi!"},
	}
	b, _ := json.Marshal(e)
	fmt.Println(string(b))
	// Output: {"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":2,"at":"2026-05-04T09:12:00Z","actor":{"id":"ingrid","role":"agent"},"type":"message","data":{"public":true,"channel":"email","body":"Hi!"}}
}

// Apply folds the next events into a ticket with Replay's checks; a store
// uses it to refuse an append that would leave a history unloadable.
func ExampleTicket_Apply() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	t, _, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at,
		ticket.Customer("ola"), ticket.Created{
			Subject: "Cannot log in", Channel: ticket.ChannelChat,
			Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal,
		})
	next, events, _ := t.SetStatus(at.Add(time.Minute), ticket.Agent("ingrid"), ticket.StatusPending)
	folded, err := t.Apply(events...)
	fmt.Println(folded.Status, folded.Version, err, folded.Status == next.Status)

	// A hand-made change from a status the ticket is not in.
	forged := ticket.Event{TicketID: t.ID, Seq: 2, At: at.Add(time.Minute), Actor: ticket.Agent("ingrid"),
		Data: ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusSolved}}
	_, err = t.Apply(forged)
	fmt.Println(errors.Is(err, ticket.ErrCorruptHistory))
	fmt.Println(err)
	// Output:
	// pending 2 <nil> true
	// true
	// ticket: corrupt history at event #2: status change from open, but the ticket is new
}

// An agent who logs a phone call as a ticket writes the customer a public
// description: that opening comment is not a reply, so the first reply is
// the agent's next public message, after the customer has answered.
func ExampleOpening() {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("ola")
	t, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"), at, agent,
		ticket.Created{Subject: "Phone: printer offline", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	for _, w := range []struct {
		by   ticket.Actor
		body string
	}{{agent, "As discussed: please send us the printer's model."}, {customer, "It is a LaserJet 4."}, {agent, "Driver link attached."}} {
		var more []ticket.Event
		t, more, _ = t.Reply(at.Add(time.Duration(len(history))*time.Hour), w.by, ticket.Message{Public: true, Body: w.body})
		history = append(history, more...)
	}
	var o ticket.Opening
	for i := range history {
		e := &history[i]
		opening := o.Read(e)
		if m, ok := e.Data.(ticket.Message); ok {
			fmt.Printf("#%d %s opening=%v reply=%v\n", e.Seq, e.Actor, opening, m.IsAgentReply(e.Actor) && !opening)
		}
	}
	fmt.Println("opening comment at index", ticket.OpeningComment(history))
	// Output:
	// #2 agent:ingrid opening=true reply=false
	// #4 customer:ola opening=false reply=false
	// #5 agent:ingrid opening=false reply=true
	// opening comment at index 1
}
