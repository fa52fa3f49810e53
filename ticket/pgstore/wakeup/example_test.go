package wakeup_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
)

// This example needs a PostgreSQL server, so it has no Output comment that
// go test would check without one; TestExamples runs it against the server
// named by DESK_PG_URL and checks what it prints.

// Set up wake-ups next to the application's own River client: migrate,
// make a Scheduler with the SLA policies (and a follow-up planner, if any)
// and the handler, add its workers and periodic sweep to the client, and
// append through Scheduler.AppendTx in the application's transactions. A
// ticket whose first reply is overdue fires its escalation level at once.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DESK_PG_URL")) // size it for the workers: pool_max_conns=30
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := wakeup.Migrate(ctx, pool); err != nil { // pgstore's table, River's, and the wake-ups'
		log.Fatal(err)
	}

	policies := sla.Policies{{Name: "standard", Version: 1,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour}},
		Levels: []sla.Level{{Name: "breached", Percent: 100,
			Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "group_manager"}}}},
	}}
	fired := make(chan string, 10)
	handler := wakeup.HandlerFunc(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
		for _, f := range w.SLA {
			// Write the notification to the application's outbox through tx,
			// keyed by f.Key: it commits with the ledger or not at all.
			fired <- fmt.Sprintf("%s %s: %s", f.Metric, f.Level, f.Actions[0])
		}
		return nil
	})
	scheduler, err := wakeup.New(wakeup.Config{
		Pool: pool, Store: pgstore.New(pool), Policies: policies, Handler: handler,
	})
	if err != nil {
		log.Fatal(err)
	}

	workers := river.NewWorkers() // the application adds its own workers here too
	if err := scheduler.AddWorkers(workers); err != nil {
		log.Fatal(err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers:           workers,
		PeriodicJobs:      []*river.PeriodicJob{scheduler.PeriodicJob()},
		FetchPollInterval: 100 * time.Millisecond,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		log.Fatal(err)
	}

	// A ticket that came in three hours ago and was never answered.
	id := uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000024")
	_, events, err := ticket.Create(nil, id, time.Now().Add(-3*time.Hour), ticket.Customer("ola"), ticket.Created{
		Subject: "Invoice shows the wrong amount", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal,
	})
	if err != nil {
		log.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// ... the application's own rows, then the events and the wake-up:
		return scheduler.AppendTx(ctx, tx, id, 0, events)
	})
	if err != nil {
		log.Fatal(err)
	}

	select {
	case f := <-fired:
		fmt.Println(f)
	case <-time.After(30 * time.Second):
		log.Fatal("nothing fired")
	}
	// A graceful stop lets running sweeps finish (each is bounded by
	// Config.SweepLimit); what they did not claim stays due for the next start.
	if err := client.Stop(ctx); err != nil {
		log.Fatal(err)
	}
	// Output is checked by TestExamples:
	// first_reply_time breached: notify group_manager
}

// A Scheduler needs a pool, a store and a handler; New says what is
// missing instead of failing later. This example needs no server, so go
// test checks its output everywhere.
func ExampleNew() {
	_, err := wakeup.New(wakeup.Config{})
	fmt.Println(errors.Is(err, wakeup.ErrConfig))
	fmt.Println(err)
	// Output:
	// true
	// wakeup: invalid config: no Pool
	// no Store
	// no Handler
}
