package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/require"
)

// long reports whether the long test sweeps should run.
func long() bool { return os.Getenv("DESK_LONG") == "1" }

// serverURL returns the URL of the PostgreSQL server the tests run against,
// or skips the test when there is none.
func serverURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("DESK_PG_URL")
	if url == "" {
		t.Skip("DESK_PG_URL is not set: run .ci/pg.sh from the repository root to start a throw-away PostgreSQL and run these tests against it, or set DESK_PG_URL to a server where the tests may create schemas")
	}
	return url
}

// schemas numbers the schemas this test binary creates.
var schemas atomic.Int64

// freshSchema creates a new, empty schema and returns its name; cleanup drops
// it with everything in it.
func freshSchema(t testing.TB) string {
	t.Helper()
	url := serverURL(t)
	name := "desk_test_" + strconv.Itoa(os.Getpid()) + "_" + strconv.FormatInt(schemas.Add(1), 10)
	admin(t, url, "CREATE SCHEMA "+name)
	t.Cleanup(func() { admin(t, url, "DROP SCHEMA "+name+" CASCADE") })
	return name
}

// admin runs one statement on a connection of its own.
func admin(t testing.TB, url, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	require.NoError(t, err, sql)
}

// newPool returns a pool on the given schema; cleanup closes it.
func newPool(t testing.TB, schema string) *pgxpool.Pool {
	t.Helper()
	return newPoolConns(t, schema, 0)
}

// newPoolConns returns a pool of at most maxConns connections (0: pgx's
// default) on the given schema; cleanup closes it.
func newPoolConns(t testing.TB, schema string, maxConns int32) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(serverURL(t))
	require.NoError(t, err)
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// freshPool returns a pool on a new schema with the store's table in it.
func freshPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool := newPool(t, freshSchema(t))
	require.NoError(t, pgstore.Migrate(context.Background(), pool))
	return pool
}

// at is a fixed instant: whole seconds, UTC.
func at(seq int) time.Time {
	return time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second)
}

// testID returns a name-based ticket ID.
func testID(name string, n int) ticket.ID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("pgstore-test:"+name+":"+strconv.Itoa(n)))
}

func created(id ticket.ID) ticket.Event {
	return ticket.Event{TicketID: id, Seq: 1, At: at(1), Actor: ticket.Customer("c1"), Data: ticket.Created{
		Subject:   "Printer on fire",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "c1"},
		Priority:  ticket.PriorityNormal,
		Tags:      []string{"printer"},
		Status:    ticket.StatusNew,
	}}
}

// createdAt returns ticket id's Created event with sequence number seq.
func createdAt(id ticket.ID, seq int) ticket.Event {
	e := created(id)
	e.Seq, e.At = seq, at(seq)
	return e
}

func message(id ticket.ID, seq int, body string) ticket.Event {
	return ticket.Event{TicketID: id, Seq: seq, At: at(seq), Actor: ticket.Agent("ingrid"),
		Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: body}}
}

// history returns a ticket's Created event followed by n messages.
func history(id ticket.ID, n int) []ticket.Event {
	h := []ticket.Event{created(id)}
	for i := range n {
		h = append(h, message(id, i+2, fmt.Sprintf("message %d", i+2)))
	}
	return h
}

// bodies returns the message bodies of a history, in order.
func bodies(h []ticket.Event) []string {
	var out []string
	for _, e := range h {
		if m, ok := e.Data.(ticket.Message); ok {
			out = append(out, m.Body)
		}
	}
	return out
}

// requireContiguous checks that h is the history of id numbered 1…n.
func requireContiguous(t testing.TB, h []ticket.Event, id ticket.ID) {
	t.Helper()
	for i, e := range h {
		require.Equal(t, id, e.TicketID, "event %d", i)
		require.Equal(t, i+1, e.Seq, "event %d", i)
	}
}
