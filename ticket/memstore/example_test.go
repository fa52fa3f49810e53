package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
)

// Appending with an expected version: a writer whose version is stale gets
// ErrConflict, reloads and retries.
func Example() {
	ctx := context.Background()
	s := memstore.New()
	id := uuid.MustParse("3e0c5a1b-7d2f-4e6a-9b8c-1f2e3d4c5b6a")
	at := time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)

	opened := ticket.Event{TicketID: id, Seq: 1, At: at, Actor: ticket.Customer("c1"), Data: ticket.Created{
		Subject:   "Cannot log in",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "c1"},
		Status:    ticket.StatusNew,
	}}
	if err := s.Append(ctx, id, 0, []ticket.Event{opened}); err != nil {
		fmt.Println(err)
		return
	}

	// Two agents read version 1 and reply.
	reply := func(agent string) ticket.Event {
		return ticket.Event{TicketID: id, Seq: 2, At: at.Add(10 * time.Minute), Actor: ticket.Agent(agent),
			Data: ticket.Message{Public: true, Body: "Hello from " + agent}}
	}
	fmt.Println(s.Append(ctx, id, 1, []ticket.Event{reply("ingrid")}))
	err := s.Append(ctx, id, 1, []ticket.Event{reply("oskar")})
	fmt.Println(errors.Is(err, ticket.ErrConflict))
	fmt.Println(err)

	events, _ := s.Load(ctx, id)
	for _, e := range events {
		fmt.Println(e)
	}
	// Output:
	// <nil>
	// true
	// ticket: version conflict on 3e0c5a1b-7d2f-4e6a-9b8c-1f2e3d4c5b6a: expected 1, store has 2
	// #1 2026-05-04T09:00:00Z customer:c1 created
	// #2 2026-05-04T09:10:00Z agent:ingrid message
}

// All iterates over every ticket, for reports.
func ExampleStore_All() {
	ctx := context.Background()
	s := memstore.New()
	at := time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)
	for i, subject := range []string{"Printer jam", "VPN down", "Invoice wrong"} {
		id := uuid.NewSHA1(uuid.NameSpaceURL, []byte(subject))
		e := ticket.Event{TicketID: id, Seq: 1, At: at.Add(time.Duration(i) * time.Hour), Actor: ticket.Customer("c1"),
			Data: ticket.Created{Subject: subject, Channel: ticket.ChannelWeb, Requester: ticket.Requester{CustomerID: "c1"}, Status: ticket.StatusNew}}
		if err := s.Append(ctx, id, 0, []ticket.Event{e}); err != nil {
			fmt.Println(err)
			return
		}
	}
	for events, err := range s.All(ctx) {
		if err != nil {
			fmt.Println(err)
			return
		}
		c := events[0].Data.(ticket.Created)
		fmt.Printf("%s %d event(s)\n", c.Subject, len(events))
	}
	fmt.Println(s.Len(), "tickets")
	// Output:
	// Printer jam 1 event(s)
	// VPN down 1 event(s)
	// Invoice wrong 1 event(s)
	// 3 tickets
}
