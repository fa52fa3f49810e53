package wakeup_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/require"
)

// benchPolicies give every ticket one level: the first reply's breach an
// hour after creation. Each wake-up fires one action and the ticket has
// nothing left to wake for.
func benchPolicies() sla.Policies {
	return sla.Policies{{Name: "bench", Version: 1,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}},
		Levels:  []sla.Level{{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}}},
	}}
}

// lateness is a handler that writes one row per action in the firing's
// transaction and records how late, in real time, each action reached it.
type lateness struct {
	mu   sync.Mutex
	late []time.Duration
	last time.Time
}

// Fire implements wakeup.Handler.
func (l *lateness) Fire(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
	for _, f := range w.SLA {
		if _, err := tx.Exec(ctx, `INSERT INTO app_effects VALUES ('sla', $1)`, f.Key); err != nil {
			return err
		}
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range w.SLA {
		l.late = append(l.late, now.Sub(f.At))
	}
	l.last = now
	return nil
}

// seedTickets stores n tickets through the store, created so that their
// breaches fall at start + i*spread/n, with 8 writers at once.
func seedTickets(b *testing.B, store *pgstore.Store, n int, start time.Time, spread time.Duration) {
	b.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				id := tid("bench", i)
				at := start.Add(-time.Hour + time.Duration(i)*spread/time.Duration(n))
				if err := store.Append(ctx, id, 0, []ticket.Event{create(id, at, ticket.PriorityNormal)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(b, err)
	}
}

// wakeupRound seeds n tickets whose wake-ups fall over spread (0: all at
// once) starting a few seconds ahead, starts the clients, and waits until
// every wake-up fired. It returns the wake-ups fired per second, counted
// from the first instant to the last handler call, and the lateness
// (handler call minus the action's instant) of each.
func wakeupRound(b *testing.B, clients, n int, spread time.Duration) (float64, []time.Duration) {
	b.Helper()
	ctx := context.Background()
	schema := freshSchema(b)
	pools := make([]*pgxpool.Pool, clients)
	for i := range pools {
		pools[i] = newPool(b, schema, 30)
	}
	require.NoError(b, wakeup.Migrate(ctx, pools[0]))
	_, err := pools[0].Exec(ctx, effectsSQL)
	require.NoError(b, err)
	h := &lateness{}
	scheds := make([]*wakeup.Scheduler, clients)
	for i := range scheds {
		scheds[i], err = wakeup.New(wakeup.Config{Pool: pools[i], Store: pgstore.New(pools[i]), Policies: benchPolicies(), Handler: h})
		require.NoError(b, err)
	}
	start := time.Now().Add(20 * time.Second).Truncate(time.Second)
	seedTickets(b, pgstore.New(pools[0]), n, start, spread)
	scheduled, err := scheds[0].Resync(ctx)
	require.NoError(b, err)
	require.Equal(b, n, scheduled)
	_, err = pools[0].Exec(ctx, `ANALYZE`)
	require.NoError(b, err)
	for i := range scheds {
		newClient(b, pools[i], scheds[i], nil, 20)
	}
	if d := time.Until(start); d > 0 {
		time.Sleep(d)
	}
	deadline := time.Now().Add(spread + 2*time.Minute)
	for count(b, pools[0], `SELECT count(*) FROM desk_wakeup_ledger`) < n {
		if time.Now().After(deadline) {
			b.Fatalf("not every wake-up fired within %v", spread+2*time.Minute)
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(b, n, count(b, pools[0], `SELECT count(*) FROM app_effects`))
	h.mu.Lock()
	defer h.mu.Unlock()
	require.Len(b, h.late, n, "each wake-up handed over once")
	return float64(n) / h.last.Sub(start).Seconds(), slices.Clone(h.late)
}

// percentile returns the p-th percentile of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkWakeups measures wake-ups fired per second against the server
// named by DESK_PG_URL, with the package's defaults (500ms sweeps, batches
// of 100) and River clients of 20 workers polling every 50ms, on one or
// two clients: "burst" puts 10,000 wake-ups at one instant (the rate is
// the capacity), "paced" spreads 10,000 over 10 seconds (1,000/s offered;
// the lateness percentiles are the budget's). Each wake-up loads the
// ticket, evaluates it, records one ledger row and the handler's row, and
// deletes the wake-up, in batches of 100 per transaction. Run with
// -benchtime=1x: one round takes about 40 seconds.
func BenchmarkWakeups(b *testing.B) {
	for _, clients := range []int{1, 2} {
		for _, mode := range []struct {
			name   string
			spread time.Duration
		}{{"burst", 0}, {"paced", 10 * time.Second}} {
			b.Run(fmt.Sprintf("clients=%d/%s", clients, mode.name), func(b *testing.B) {
				serverURL(b)
				var (
					rate float64
					late []time.Duration
				)
				for b.Loop() {
					rate, late = wakeupRound(b, clients, 10000, mode.spread)
				}
				b.ReportMetric(rate, "wakeups/s")
				b.ReportMetric(float64(percentile(late, 0.5).Milliseconds()), "p50-late-ms")
				b.ReportMetric(float64(percentile(late, 0.99).Milliseconds()), "p99-late-ms")
			})
		}
	}
}

// BenchmarkAppend compares a plain Store.Append of one message with the
// same append in a transaction (Store.AppendTx, commit) and with the
// scheduler's AppendTx, which also evaluates the ticket (SLA and
// follow-ups, the test policies and rules) and moves its wake-up, in the
// same transaction. Each op appends to one of 1,000 tickets in turn.
func BenchmarkAppend(b *testing.B) {
	ctx := context.Background()
	for _, mode := range []string{"plain", "tx", "tx-and-schedule"} {
		b.Run(mode, func(b *testing.B) {
			pool := migrated(b, 4)
			store := pgstore.New(pool)
			clock := newClock(t0) // appends happen at the instants of their events
			s, err := wakeup.New(wakeup.Config{Pool: pool, Store: store, Policies: testPolicies(),
				Planner: testPlanner(b), Handler: &recorder{}, Now: clock.Now})
			require.NoError(b, err)
			const tickets = 1000
			version := make([]int, tickets)
			for i := range tickets {
				id := tid("append", i)
				require.NoError(b, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityHigh, "outage")))
				version[i] = 1
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := i % tickets
				id := tid("append", k)
				e := ticket.Event{TicketID: id, Seq: version[k] + 1, At: t0.Add(time.Duration(version[k]) * time.Minute), Actor: customer,
					Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "any news?"}}
				clock.Set(e.At)
				switch mode {
				case "plain":
					err = store.Append(ctx, id, version[k], []ticket.Event{e})
				case "tx":
					err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return store.AppendTx(ctx, tx, id, version[k], []ticket.Event{e}) })
				default:
					err = appendTx(ctx, pool, s, id, version[k], e)
				}
				if err != nil {
					b.Fatal(err)
				}
				version[k]++
				i++
			}
		})
	}
}
