package pgstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opTimeout bounds every store call in these tests: a call that takes
// longer has hung.
const opTimeout = 15 * time.Second

// appendOnce appends a message with body to ticket id at its current
// version, retrying on conflicts and, when tolerant, on any other error
// (after which it first checks whether the failed append was stored after
// all). It returns the number of errors other than conflicts it saw.
func appendOnce(ctx context.Context, s *pgstore.Store, id ticket.ID, body string, tolerant bool) (int, error) {
	failures, ambiguous := 0, false
	for attempt := 0; attempt < 10_000; attempt++ {
		opCtx, cancel := context.WithTimeout(ctx, opTimeout)
		h, err := s.Load(opCtx, id)
		if err == nil && ambiguous && slices.Contains(bodies(h), body) {
			cancel()
			return failures, nil // the append that reported an error was committed
		}
		if err == nil {
			err = s.Append(opCtx, id, len(h), []ticket.Event{message(id, len(h)+1, body)})
			ambiguous = err != nil && !errors.Is(err, ticket.ErrConflict)
		}
		cancel()
		switch {
		case err == nil:
			return failures, nil
		case errors.Is(err, ticket.ErrConflict):
			continue
		case errors.Is(err, context.DeadlineExceeded):
			return failures, fmt.Errorf("a store call hung for %v: %w", opTimeout, err)
		case !tolerant:
			return failures, err
		}
		failures++
		time.Sleep(20 * time.Millisecond)
	}
	return failures, fmt.Errorf("no successful append of %q", body)
}

// requireEachOnce checks that h is a contiguous history of id holding each
// of want's message bodies exactly once.
func requireEachOnce(t *testing.T, h []ticket.Event, id ticket.ID, want []string) {
	t.Helper()
	requireContiguous(t, h, id)
	got := bodies(h)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	require.Equal(t, want, got, "every appended message exactly once")
}

// TestTwoPools: two pools, as two processes would have, append to the same
// ticket; the database settles every race.
func TestTwoPools(t *testing.T) {
	schema := freshSchema(t)
	a, b := pgstore.New(newPool(t, schema)), pgstore.New(newPool(t, schema))
	require.NoError(t, pgstore.Migrate(t.Context(), newPool(t, schema)))
	ctx := t.Context()
	id := testID("twopools", 1)
	require.NoError(t, a.Append(ctx, id, 0, history(id, 0)))

	// A stale writer on one pool loses against the other pool.
	h, err := a.Load(ctx, id)
	require.NoError(t, err)
	require.NoError(t, b.Append(ctx, id, len(h), []ticket.Event{message(id, len(h)+1, "b first")}))
	err = a.Append(ctx, id, len(h), []ticket.Event{message(id, len(h)+1, "a second")})
	var ce *ticket.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ticket.ConflictError{ID: id, Expected: 1, Actual: 2}, *ce)

	const writersPerPool, appends = 2, 25
	want := []string{"b first"}
	var wg sync.WaitGroup
	errs := make(chan error, 2*writersPerPool)
	for p, s := range []*pgstore.Store{a, b} {
		for w := range writersPerPool {
			for i := range appends {
				want = append(want, fmt.Sprintf("pool %d writer %d append %d", p, w, i))
			}
			wg.Go(func() {
				for i := range appends {
					if _, err := appendOnce(ctx, s, id, fmt.Sprintf("pool %d writer %d append %d", p, w, i), false); err != nil {
						errs <- err
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, s := range []*pgstore.Store{a, b} {
		h, err := s.Load(ctx, id)
		require.NoError(t, err)
		requireEachOnce(t, h, id, want)
	}
}

// TestServerRestart restarts the server while writers append: their calls
// fail while it is down, none hangs, and once it is back every append is
// stored exactly once.
func TestServerRestart(t *testing.T) {
	pool := freshPool(t)
	restart := os.Getenv("DESK_PG_RESTART")
	if restart == "" {
		t.Skip("DESK_PG_RESTART is not set: .ci/pg.sh sets it to a command that restarts its server")
	}
	s := pgstore.New(pool)
	ctx := t.Context()
	id := testID("restart", 1)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 0)))

	const writers, afterRestart = 3, 5
	var (
		restarted atomic.Bool
		done      atomic.Int64
		failures  atomic.Int64
		mu        sync.Mutex
		want      []string
		wg        sync.WaitGroup
	)
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			after := 0
			for i := 0; after < afterRestart; i++ {
				was := restarted.Load()
				body := fmt.Sprintf("writer %d append %d", w, i)
				n, err := appendOnce(ctx, s, id, body, true)
				failures.Add(int64(n))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				want = append(want, body)
				mu.Unlock()
				done.Add(1)
				if was {
					after++
				}
			}
		})
	}
	for done.Load() < 10 {
		time.Sleep(5 * time.Millisecond)
	}
	out, err := exec.CommandContext(ctx, "sh", "-c", restart).CombinedOutput()
	require.NoError(t, err, "restart: %s", out)
	restarted.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Positive(t, failures.Load(), "no call failed while the server restarted")
	h, err := s.Load(ctx, id)
	require.NoError(t, err)
	requireEachOnce(t, h, id, want)
	n := 0
	for h, err := range s.All(ctx) {
		require.NoError(t, err)
		requireEachOnce(t, h, id, want)
		n++
	}
	assert.Equal(t, 1, n)
}

// TestAllWhileAppending scans 10,000 tickets while other goroutines append
// to them and create new ones: the scan yields exactly the histories as
// they were when it started, in ticket ID order, and the appends are not
// blocked.
func TestAllWhileAppending(t *testing.T) {
	pool := freshPool(t)
	s := pgstore.New(pool)
	ctx := t.Context()
	const tickets, appendsDuringScan = 10_000, 200
	ids := seed(t, s, pool, "scan", tickets, 1)
	seeded := make(map[ticket.ID]bool, tickets)
	for _, id := range ids {
		seeded[id] = true
	}

	var (
		appended atomic.Int64
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	errs := make(chan error, 2)
	startAppenders := func() {
		wg.Go(func() { // more events on seeded tickets
			for i := range appendsDuringScan {
				select {
				case <-stop:
					return
				default:
				}
				id := ids[(i*7919)%tickets]
				if _, err := appendOnce(ctx, s, id, fmt.Sprintf("during the scan %d", i), false); err != nil {
					errs <- err
					return
				}
				appended.Add(1)
			}
		})
		wg.Go(func() { // new tickets
			for i := range appendsDuringScan {
				select {
				case <-stop:
					return
				default:
				}
				id := testID("scan-new", i)
				if err := s.Append(ctx, id, 0, history(id, 0)); err != nil {
					errs <- err
					return
				}
				appended.Add(1)
			}
		})
	}

	var (
		n    int
		prev ticket.ID
	)
	for h, err := range s.All(ctx) {
		require.NoError(t, err)
		if n == 0 {
			startAppenders()
		}
		if n == 100 {
			deadline := time.Now().Add(opTimeout)
			for appended.Load() < 50 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			require.GreaterOrEqual(t, appended.Load(), int64(50), "appends blocked by the scan")
		}
		require.NotEmpty(t, h)
		id := h[0].TicketID
		require.True(t, seeded[id], "ticket %s was created after the scan began", id)
		if n > 0 {
			require.Negative(t, bytes.Compare(prev[:], id[:]), "ticket %s after %s", id, prev)
		}
		require.Len(t, h, 2, "ticket %s: the scan saw an append made after it began", id)
		requireContiguous(t, h, id)
		prev = id
		n++
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, tickets, n)

	var total int64
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(DISTINCT ticket_id) FROM ticket_events").Scan(&total))
	assert.Greater(t, total, int64(tickets), "new tickets were stored")
	after := 0
	for _, err := range s.All(ctx) {
		require.NoError(t, err)
		after++
	}
	assert.Equal(t, int(total), after, "a scan after the appends sees them")
}
