package ticket_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
)

// Update loads a ticket, runs a command on it and saves the events,
// retrying when someone else wrote first. An agent's reply and the status
// it leaves the ticket in are one action ("Submit as Solved").
func ExampleUpdate() {
	ctx := context.Background()
	store := memstore.New()
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	id := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001")
	_, events, _ := ticket.Create(nil, id, at, ticket.Customer("ola"), ticket.Created{
		Subject: "VPN drops", Channel: ticket.ChannelChat, Requester: ticket.Requester{CustomerID: "ola"}})
	if err := ticket.Save(ctx, store, events); err != nil {
		fmt.Println(err)
		return
	}

	t, events, err := ticket.Update(ctx, store, nil, id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.ReplyWithStatus(at.Add(10*time.Minute), ticket.Agent("ingrid"),
			ticket.Message{Public: true, Body: "Fixed on our side."}, ticket.StatusSolved)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Println(e)
	}
	fmt.Println(t.Status, t.Version)
	// Output:
	// #2 2026-05-04T09:10:00Z agent:ingrid message
	// #3 2026-05-04T09:10:00Z agent:ingrid status_changed
	// solved 3
}

// MergeTickets merges one ticket into another following the merge
// protocol: the source records the merge and closes, then the target
// records it; a retry completes whatever is missing.
func ExampleMergeTickets() {
	ctx := context.Background()
	store := memstore.New()
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	dup, orig := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000002"), uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001")
	for _, id := range []ticket.ID{orig, dup} {
		_, events, _ := ticket.Create(nil, id, at, ticket.Customer("ola"), ticket.Created{
			Subject: "Printer on fire", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
		if err := ticket.Save(ctx, store, events); err != nil {
			fmt.Println(err)
			return
		}
	}
	res, err := ticket.MergeTickets(ctx, store, nil, at.Add(time.Hour), ticket.Agent("ingrid"), dup, orig)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Source.Status, res.Source.MergedInto == orig, res.Target.MergedFrom[0] == dup)
	again, _ := ticket.MergeTickets(ctx, store, nil, at.Add(2*time.Hour), ticket.Agent("ingrid"), dup, orig)
	fmt.Println(len(again.SourceEvents)+len(again.TargetEvents), "events: the merge is complete")
	// Output:
	// closed true true
	// 0 events: the merge is complete
}

// The default Decoder keeps fields a newer writer added and writes them
// back; a strict one refuses them.
func ExampleDecoder() {
	in := []byte(`{"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":2,"at":"2026-05-04T09:12:00+02:00",` +
		`"actor":{"id":"ingrid","role":"agent"},"type":"message","data":{"public":true,"body":"Hi!","sentiment":0.8}}`)
	e, err := ticket.Decoder{}.Decode(in)
	fmt.Println(e, err)
	out, _ := e.MarshalJSON()
	fmt.Println(string(out))
	_, err = ticket.Decoder{Strict: true}.Decode(in)
	fmt.Println(err)
	// Output:
	// #2 2026-05-04T09:12:00+02:00 agent:ingrid message <nil>
	// {"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":2,"at":"2026-05-04T09:12:00+02:00","actor":{"id":"ingrid","role":"agent"},"type":"message","data":{"public":true,"body":"Hi!","sentiment":0.8}}
	// ticket: malformed event #2: bad event: unknown field "sentiment" in data
}
