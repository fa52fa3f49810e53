package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// These examples need a PostgreSQL server, so they have no Output comment
// that go test would check without one; TestExamples runs them against the
// server named by DESK_PG_URL and checks what they print.

// Open a pool, create the table, and use the store wherever the library
// takes a ticket.Store: save the events a command produced, load the
// ticket back.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DESK_PG_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	store := pgstore.New(pool)

	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.FixedZone("", 2*3600))
	id := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001")
	_, events, err := ticket.Create(nil, id, at, ticket.Customer("ola"), ticket.Created{
		Subject:   "Invoice shows the wrong amount",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := ticket.Save(ctx, store, events); err != nil {
		log.Fatal(err)
	}

	t, err := ticket.Load(ctx, store, nil, id)
	if err != nil {
		log.Fatal(err)
	}
	_, events, err = t.Reply(at.Add(20*time.Minute), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Corrected, sorry!"})
	if err != nil {
		log.Fatal(err)
	}
	if err := ticket.Save(ctx, store, events); err != nil {
		log.Fatal(err)
	}

	history, err := store.Load(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range history {
		fmt.Println(e.Seq, e.At.Format(time.RFC3339), e.Actor, e.Type())
	}
	// Output is checked by TestExamples:
	// 1 2026-05-04T09:00:00+02:00 customer:ola created
	// 2 2026-05-04T09:20:00+02:00 agent:ingrid message
	// 3 2026-05-04T09:20:00+02:00 agent:ingrid status_changed
}

// Two writers that loaded the same version: the second append is a
// conflict, and the writer reloads and retries.
func ExampleStore_Append() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DESK_PG_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	store := pgstore.New(pool)

	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	id := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000002")
	t, events, _ := ticket.Create(nil, id, at, ticket.Customer("ola"), ticket.Created{
		Channel: ticket.ChannelChat, Requester: ticket.Requester{CustomerID: "ola"},
	})
	if err := ticket.Save(ctx, store, events); err != nil {
		log.Fatal(err)
	}
	_, first, _ := t.Assign(at.Add(time.Minute), ticket.System("router"), "ingrid", "billing")
	_, second, _ := t.SetPriority(at.Add(2*time.Minute), ticket.Agent("jonas"), ticket.PriorityHigh)
	fmt.Println(ticket.Save(ctx, store, first))
	err = ticket.Save(ctx, store, second)
	var conflict *ticket.ConflictError
	fmt.Println(errors.Is(err, ticket.ErrConflict), errors.As(err, &conflict) && conflict.Actual == 2)
	// Output is checked by TestExamples:
	// <nil>
	// true true
}

// A store made without a pool refuses every operation with an error that
// wraps ErrNoPool, instead of panicking on first use. This example needs no
// server, so go test checks its output everywhere.
func ExampleNew_withoutPool() {
	store := pgstore.New(nil)
	_, err := store.Load(context.Background(), uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001"))
	fmt.Println(errors.Is(err, pgstore.ErrNoPool))
	fmt.Println(err)
	// Output:
	// true
	// pgstore: load 6f1c2a8e-0000-4000-8000-000000000001: pgstore: no pool
}
