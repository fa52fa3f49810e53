package wakeup_test

import (
	"context"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
)

// TestFiresOnTime plays 60 generated tickets through eight simulated hours
// with one River client and checks the ledger against the pure functions.
func TestFiresOnTime(t *testing.T) {
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, nil)
	newClient(t, pool, s, clock, 10)

	m := &sim{t: t, pool: pool, s: s, clock: clock, tickets: generate(rand.New(rand.NewPCG(1, 2)), 60, 8*time.Hour)}
	m.run(8*time.Hour, 30*time.Minute)
	want := m.check()
	t.Log(summary(want))
	require.NotEmpty(t, want)
	// Delivery is at-least-once; without faults, each action was handed over once.
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.calls, len(want))
	for _, c := range rec.calls {
		assert.False(t, c.now.Before(c.due), "%s handed over at %v before %v", c.key, c.now, c.due)
	}
}

// TestExactlyOnceUnderFaults plays 1,000 generated tickets through twelve
// simulated hours with two River clients competing for the sweeps, cancels
// one client's worker in the middle of a handler (its transaction rolls
// back) and replaces the client, and restarts the PostgreSQL server during
// the run ($DESK_PG_RESTART, from .ci/pg.sh; without it the test is
// skipped). The ledger must equal what the pure functions say came due,
// each action once, none before its instant.
func TestExactlyOnceUnderFaults(t *testing.T) {
	restart := os.Getenv("DESK_PG_RESTART")
	if restart == "" {
		t.Skip("DESK_PG_RESTART is not set: run the tests through .ci/pg.sh")
	}
	schema := freshSchema(t)
	poolA, poolB := newPool(t, schema, 25), newPool(t, schema, 25)
	ctx := context.Background()
	require.NoError(t, wakeup.Migrate(ctx, poolA))
	_, err := poolA.Exec(ctx, effectsSQL)
	require.NoError(t, err)
	clock := newClock(t0)
	rec := &recorder{}
	tune := func(c *wakeup.Config) { c.BatchSize = 50 }
	v := &victim{rec: rec, after: 300, replaced: make(chan struct{})}
	sA := newScheduler(t, poolA, v, clock.Now, tune)
	sB := newScheduler(t, poolB, rec, clock.Now, tune)
	v.client.Store(newClient(t, poolA, sA, clock, 10))
	newClient(t, poolB, sB, clock, 10)

	m := &sim{t: t, pool: poolB, s: sB, clock: clock, tickets: generate(rand.New(rand.NewPCG(3, 4)), 1000, 12*time.Hour)}
	var restarted, replaced bool
	m.between = func(step int) {
		select {
		case <-v.replaced:
			if !replaced {
				// A new client takes the stopped one's place, with a handler
				// that no longer cancels.
				newClient(t, poolA, newScheduler(t, poolA, rec, clock.Now, tune), clock, 10)
				replaced = true
			}
		default:
		}
		if step == 20 {
			time.Sleep(100 * time.Millisecond) // the sweeps of the step are under way
			restartServer(t, restart)
			restarted = true
		}
	}
	m.run(12*time.Hour, 15*time.Minute)
	want := m.check()
	t.Log(summary(want))
	assert.True(t, restarted, "the server was restarted")
	assert.True(t, replaced, "a worker was cancelled mid-handler and its client replaced")
	assert.Equal(t, int64(1), v.cancelled.Load())
	assert.Greater(t, len(want), 3000)
}

// victim is a handler that, at its after-th call on its client, stops the
// client with StopAndCancel from another goroutine and waits for its own
// context to end: the worker is cancelled in the middle of the handler,
// before its transaction commits. Until then, and on other clients' calls,
// it is rec.
type victim struct {
	rec       *recorder
	after     int64
	client    atomic.Pointer[river.Client[pgx.Tx]]
	calls     atomic.Int64
	cancelled atomic.Int64
	once      sync.Once
	replaced  chan struct{}
}

// Fire implements wakeup.Handler.
func (v *victim) Fire(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
	c, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err == nil && c == v.client.Load() && v.calls.Add(1) >= v.after {
		v.once.Do(func() {
			go func() {
				stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				_ = c.StopAndCancel(stopCtx)
				close(v.replaced)
			}()
			<-ctx.Done()
			v.cancelled.Add(1)
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return v.rec.Fire(ctx, tx, w)
}

// TestGracefulStop stops a River client while its sweeps fire 600 due
// tickets, 20 per batch and 40 per sweep job (each then enqueues its
// continuation): Stop lets the running sweep commit, every ticket is then
// either recorded or still due, and a new client fires the rest, each
// action once.
func TestGracefulStop(t *testing.T) {
	ctx := context.Background()
	pool := withEffects(t, 20)
	clock := newClock(t0)
	rec := &recorder{}
	s := newScheduler(t, pool, rec, clock.Now, func(c *wakeup.Config) { c.BatchSize, c.SweepLimit, c.Parallel = 20, 40, 1 })
	const n = 600
	for i := range n {
		id := tid("stop", i)
		require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
	}
	clock.Set(t0.Add(time.Hour)) // every first-reply warning is due
	client := newClient(t, pool, s, clock, 4)
	eventually(t, 60*time.Second, "the first batches commit", func() bool {
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) > 0
	})
	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, client.Stop(stopCtx))
	fired := count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`)
	due := count(t, pool, `SELECT count(*) FROM desk_wakeups WHERE due_at <= $1`, clock.Now())
	t.Logf("at the stop: %d fired, %d still due", fired, due)
	assert.Equal(t, n, fired+due, "every ticket is recorded or still due")
	assert.Positive(t, due, "the stop came before the end")

	newClient(t, pool, s, clock, 4)
	eventually(t, 60*time.Second, "the rest fires after the restart", func() bool {
		tick(clock)
		return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger`) == n
	})
	assert.Equal(t, n, count(t, pool, `SELECT count(*) FROM app_effects`))
	assert.Equal(t, n, count(t, pool, `SELECT count(DISTINCT ticket_id) FROM desk_wakeup_ledger`))
}
