package pgstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/require"
)

// The benchmarks run against the server named by DESK_PG_URL, on a 2-core
// machine where the server, the client and the Go runtime share the cores:
//
//	.ci/pg.sh go test -run '^$' -bench . -benchtime 2s ./...

// benchWriters numbers the tickets the append benchmarks write to.
var benchWriters atomic.Int64

// writer appends batches of messages to a ticket of its own.
type writer struct {
	s       *pgstore.Store
	id      ticket.ID
	version int
	batch   []ticket.Event
}

func newWriter(b *testing.B, s *pgstore.Store, size int) *writer {
	id := testID("bench-append", int(benchWriters.Add(1)))
	require.NoError(b, s.Append(context.Background(), id, 0, []ticket.Event{created(id)}))
	return &writer{s: s, id: id, version: 1, batch: make([]ticket.Event, size)}
}

func (w *writer) append(b *testing.B) {
	for i := range w.batch {
		seq := w.version + 1 + i
		w.batch[i] = message(w.id, seq, "message "+strconv.Itoa(seq))
	}
	if err := w.s.Append(context.Background(), w.id, w.version, w.batch); err != nil {
		b.Error(err)
		return
	}
	w.version += len(w.batch)
}

// BenchmarkAppend: one Append of a batch of 1 or 5 events, from 1 writer
// or 16 concurrent writers (each on a ticket of its own, one pool
// connection each).
func BenchmarkAppend(b *testing.B) {
	for _, size := range []int{1, 5} {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("events=%d/writers=%d", size, writers), func(b *testing.B) {
				pool := newPoolConns(b, freshSchema(b), int32(writers))
				require.NoError(b, pgstore.Migrate(context.Background(), pool))
				s := pgstore.New(pool)
				b.ReportAllocs()
				goroutines := 1
				if writers == 1 {
					w := newWriter(b, s, size)
					for b.Loop() {
						w.append(b)
					}
				} else {
					procs := runtime.GOMAXPROCS(0)
					b.SetParallelism((writers + procs - 1) / procs)
					goroutines = (writers + procs - 1) / procs * procs
					b.RunParallel(func(pb *testing.PB) {
						w := newWriter(b, s, size)
						for pb.Next() {
							w.append(b)
						}
					})
				}
				b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "events/s")
				// Each writer waits for its own appends one after the other, so
				// the mean latency of one Append is the elapsed time shared out.
				b.ReportMetric(b.Elapsed().Seconds()*1e3*float64(goroutines)/float64(b.N), "ms/append")
			})
		}
	}
}

// BenchmarkLoad: Load of a history of 10 or 100 events.
func BenchmarkLoad(b *testing.B) {
	s := pgstore.New(freshPool(b))
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			id := testID("bench-load", n)
			_, err := s.Load(context.Background(), id)
			if err != nil {
				require.NoError(b, s.Append(context.Background(), id, 0, history(id, n-1)))
			}
			b.ReportAllocs()
			for b.Loop() {
				h, err := s.Load(context.Background(), id)
				if err != nil || len(h) != n {
					b.Fatalf("Load = %d events, %v", len(h), err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// scanTickets is the number of tickets BenchmarkAll scans; distinct of them
// are generated with the ticket commands and appended, and the server copies
// them under new IDs to make up the rest.
const (
	scanTickets = 100_000
	distinct    = 1_000
)

// BenchmarkAll: All over 100,000 tickets (≈ 7 events each), from pgstore
// and, for reference, from memstore; then the end-to-end figure: the full
// metrics report (every breakdown, volume, workload, customers) fed from
// each. peak-heap-MB is the largest live heap sampled during the scan; for
// memstore it includes the store itself.
func BenchmarkAll(b *testing.B) {
	pool := freshPool(b)
	s := pgstore.New(pool)
	events := seedScan(b, s, pool)
	b.Logf("%d tickets, %d events", scanTickets, events)

	var mem *memstore.Store
	memStore := func(b *testing.B) *memstore.Store {
		if mem == nil {
			mem = memstore.New()
			for h, err := range s.All(context.Background()) {
				require.NoError(b, err)
				require.NoError(b, mem.Append(context.Background(), h[0].TicketID, 0, h))
			}
		}
		return mem
	}
	scan := func(b *testing.B, sc ticket.Scanner, report bool) {
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			var r *metrics.Report
			if report {
				r = newReport(b)
			}
			n := 0
			for h, err := range sc.All(context.Background()) {
				if err != nil {
					b.Fatal(err)
				}
				if r != nil {
					if err := r.Add(h); err != nil {
						b.Fatal(err)
					}
				}
				if n++; n%10_000 == 0 {
					peak = max(peak, heapAlloc())
				}
			}
			if n != scanTickets {
				b.Fatalf("All yielded %d tickets, want %d", n, scanTickets)
			}
			if r != nil && r.All.Tickets == 0 {
				b.Fatal("empty report")
			}
		}
		b.ReportMetric(float64(b.N*scanTickets)/b.Elapsed().Seconds(), "tickets/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
	// The same rows in the same order, fetched but not decoded: what the
	// server and the connection cost without the wire format's decoder.
	b.Run("rows-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := pool.Query(context.Background(), "SELECT ticket_id, seq, event FROM ticket_events ORDER BY ticket_id, seq")
			require.NoError(b, err)
			n := 0
			for rows.Next() {
				n++
			}
			require.NoError(b, rows.Err())
			require.Equal(b, events, n)
		}
		b.ReportMetric(float64(b.N*scanTickets)/b.Elapsed().Seconds(), "tickets/s")
	})
	b.Run("store=pgstore", func(b *testing.B) { scan(b, s, false) })
	b.Run("store=pgstore/report", func(b *testing.B) { scan(b, s, true) })
	b.Run("store=memstore", func(b *testing.B) { scan(b, memStore(b), false) })
	b.Run("store=memstore/report", func(b *testing.B) { scan(b, memStore(b), true) })
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// newReport returns a report with every part switched on.
func newReport(b *testing.B) *metrics.Report {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(b, err)
	r, err := metrics.NewReport(metrics.Config{
		Location:     oslo,
		Breakdowns:   [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimCategory}, {metrics.DimGroup, metrics.DimChannel}},
		VolumeBucket: metrics.DimWeek,
		Customers:    true,
		CSATExclude:  []string{"weather"},
	})
	require.NoError(b, err)
	return r
}

// seedScan appends distinct generated histories, has the server copy them
// under new ticket IDs until the table holds scanTickets tickets, and
// returns the number of events.
func seedScan(b *testing.B, s *pgstore.Store, pool *pgxpool.Pool) int {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 100))
	for i := range distinct {
		h := genHistory(b, rng, testID("bench-scan", i))
		require.NoError(b, s.Append(ctx, h[0].TicketID, 0, h))
	}
	copyTickets(b, pool, scanTickets/distinct-1)
	var n int
	require.NoError(b, pool.QueryRow(ctx, "SELECT count(*) FROM ticket_events").Scan(&n))
	return n
}

// genHistory makes a plausible history of ticket id with the ticket
// commands: a request, replies from both sides, internal notes,
// assignments, waiting, solving, reopening, ratings, macros and logged
// handling time.
func genHistory(b *testing.B, rng *rand.Rand, id ticket.ID) []ticket.Event {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(b, err)
	at := time.Date(2026, time.January, 5, 8, 0, 0, 0, oslo).Add(time.Duration(rng.Int64N(int64(300 * 24 * time.Hour)))).Truncate(time.Second)
	customerID := "c" + strconv.Itoa(rng.IntN(500))
	customer := ticket.Customer(customerID)
	channels := []ticket.Channel{ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat, ticket.ChannelWeb}
	groups := []string{"l1", "l2", "billing"}
	agents := []string{"ingrid", "kari", "per", "liv", "jonas", "sara"}
	tk, events, err := ticket.Create(nil, id, at, customer, ticket.Created{
		Subject:   "Request",
		Channel:   channels[rng.IntN(len(channels))],
		Requester: ticket.Requester{CustomerID: customerID, Tier: []ticket.Tier{ticket.TierStandard, ticket.TierVIP}[rng.IntN(2)]},
		Priority:  ticket.PriorityNormal,
		Group:     groups[rng.IntN(len(groups))],
		Category:  []string{"billing", "outage", "howto", "weather"}[rng.IntN(4)],
	})
	require.NoError(b, err)
	step := func(next ticket.Ticket, ev []ticket.Event, err error) {
		if err == nil {
			tk = next
			events = append(events, ev...)
		}
	}
	agent := ticket.Agent(agents[rng.IntN(len(agents))])
	step(tk.Assign(at.Add(time.Minute), ticket.System("router"), agent.ID, tk.Group))
	for range 2 + rng.IntN(6) {
		at = at.Add(time.Duration(1+rng.Int64N(int64(8*time.Hour/time.Second))) * time.Second)
		switch rng.IntN(10) {
		case 0, 1, 2:
			step(tk.Reply(at, agent, ticket.Message{Public: true, Body: "Thanks, we are on it."}))
		case 3:
			step(tk.Reply(at, customer, ticket.Message{Public: true, Body: "Any news?"}))
		case 4:
			step(tk.Reply(at, agent, ticket.Message{Public: false, Body: "Asked the vendor."}))
		case 5:
			step(tk.SetStatus(at, agent, ticket.StatusPending))
		case 6, 7:
			step(tk.SetStatus(at, agent, ticket.StatusSolved))
		case 8:
			step(tk.LogHandling(at, agent, ticket.HandlingLogged{Agent: agent.ID, Kind: ticket.HandlingTalk, Duration: time.Duration(1+rng.IntN(900)) * time.Second}))
		case 9:
			step(tk.ApplyWorkflow(at, agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m" + strconv.Itoa(rng.IntN(5)), Name: "Macro"}))
		}
	}
	if tk.Status.Category == ticket.StatusCategorySolved && rng.IntN(2) == 0 {
		step(tk.Rate(at.Add(time.Hour), customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 1 + rng.IntN(5), Scale: 5}))
	}
	return events
}

// BenchmarkDecode: decoding one stored event as Load and All do (the wire
// format's strict decoder on the text PostgreSQL returns for the jsonb
// column), the part of a scan that does not depend on the server. It needs
// no server.
func BenchmarkDecode(b *testing.B) {
	id := testID("bench-decode", 1)
	for _, e := range []ticket.Event{created(id), message(id, 2, "Thanks, we are on it.")} {
		b.Run(string(e.Type()), func(b *testing.B) {
			// jsonb's text form: keys ordered by length, ", " and ": ".
			raw := []byte(`{"at": "` + e.At.Format(time.RFC3339Nano) + `", "seq": ` + strconv.Itoa(e.Seq) + `, "data": ` + payloadJSON(b, e) +
				`, "type": "` + string(e.Type()) + `", "actor": {"id": "` + e.Actor.ID + `", "role": "` + string(e.Actor.Role) + `"}, "ticket_id": "` + id.String() + `"}`)
			var got ticket.Event
			require.NoError(b, got.UnmarshalJSON(raw))
			require.Equal(b, e.Data, got.Data)
			b.ReportAllocs()
			for b.Loop() {
				var d ticket.Event
				if err := d.UnmarshalJSON(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// payloadJSON returns the "data" member of e's wire form.
func payloadJSON(b *testing.B, e ticket.Event) string {
	raw, err := e.MarshalJSON()
	require.NoError(b, err)
	var w struct {
		Data json.RawMessage `json:"data"`
	}
	require.NoError(b, json.Unmarshal(raw, &w))
	return string(w.Data)
}
