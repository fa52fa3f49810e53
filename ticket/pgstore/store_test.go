package pgstore_test

import (
	"context"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTripKeepsNanosecondsAndOffsets(t *testing.T) {
	pool := freshPool(t)
	s := pgstore.New(pool)
	ctx := t.Context()
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	base := time.Date(2026, time.March, 29, 0, 59, 59, 999_999_999, time.UTC) // 1 ns before Oslo's spring-forward
	tests := []struct {                                                       // in chronological order, as a history must be
		name string
		at   time.Time
	}{
		{"before 1970, nanoseconds", time.Date(1969, time.December, 31, 23, 59, 59, 123_456_789, time.FixedZone("", 3600))},
		{"UTC, nanoseconds", base},
		{"Oslo, 1 ns before DST starts (+01:00), the same instant", base.In(oslo)},
		{"Oslo, DST start (+02:00)", base.Add(time.Nanosecond).In(oslo)},
		{"+05:30, sub-microsecond", base.Add(2*time.Hour + 999*time.Nanosecond).In(time.FixedZone("IST", 5*3600+1800))},
		{"UTC, whole seconds", time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)},
		{"-03:00, 1 ns after a microsecond", time.Date(2026, time.July, 1, 12, 0, 0, 1_001, time.FixedZone("", -3*3600))},
	}
	id := testID("roundtrip", 1)
	want := []ticket.Event{created(id)}
	want[0].At = time.Date(1960, time.January, 1, 0, 0, 0, 0, time.UTC)
	for i, tt := range tests {
		e := message(id, i+2, tt.name)
		e.At = tt.at
		want = append(want, e)
	}
	// One at a time, so that the store compares each with the stored last.
	for _, e := range want {
		require.NoError(t, s.Append(ctx, id, e.Seq-1, []ticket.Event{e}), "%s", e)
	}
	got, err := s.Load(ctx, id)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i, tt := range tests {
		g, w := got[i+1].At, want[i+1].At
		assert.True(t, g.Equal(w), "%s: got %s, want %s", tt.name, g.Format(time.RFC3339Nano), w.Format(time.RFC3339Nano))
		_, gotOff := g.Zone()
		_, wantOff := w.Zone()
		assert.Equal(t, wantOff, gotOff, "%s: offset", tt.name)
		assert.Equal(t, w.Format(time.RFC3339Nano), g.Format(time.RFC3339Nano), tt.name)

		// The query columns: the instant to the microsecond and the offset.
		var col time.Time
		var nanos, off int
		require.NoError(t, pool.QueryRow(ctx, "SELECT at, at_nanos, at_offset FROM ticket_events WHERE ticket_id = $1 AND seq = $2",
			id, i+2).Scan(&col, &nanos, &off))
		assert.True(t, col.Add(time.Duration(nanos)).Equal(w), "%s: at column %s + %d ns", tt.name, col.Format(time.RFC3339Nano), nanos)
		assert.Equal(t, w.Nanosecond()%1000, nanos, "%s: at_nanos column", tt.name)
		assert.Equal(t, wantOff, off, "%s: at_offset column", tt.name)
	}
}

func TestAppendErrors(t *testing.T) {
	pool := freshPool(t)
	s := pgstore.New(pool)
	ctx := t.Context()
	id, other := testID("errors", 1), testID("errors", 2)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 2))) // version 3

	badStatus := message(id, 4, "")
	badStatus.Data = ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.Status{Name: "limbo"}}
	withNUL := message(id, 4, "nul \x00 byte")

	tests := []struct {
		name     string
		expected int
		events   []ticket.Event
		is       error
		conflict *ticket.ConflictError
	}{
		{"stale version", 2, []ticket.Event{message(id, 3, "x")}, ticket.ErrConflict, &ticket.ConflictError{ID: id, Expected: 2, Actual: 3}},
		{"future version", 5, []ticket.Event{message(id, 6, "x")}, ticket.ErrConflict, &ticket.ConflictError{ID: id, Expected: 5, Actual: 3}},
		{"future version, no events", 4, nil, ticket.ErrConflict, &ticket.ConflictError{ID: id, Expected: 4, Actual: 3}},
		{"negative version", -1, nil, ticket.ErrConflict, &ticket.ConflictError{ID: id, Expected: -1, Actual: 3}},
		{"negative version with events", -1, []ticket.Event{message(id, 0, "x")}, ticket.ErrConflict, &ticket.ConflictError{ID: id, Expected: -1, Actual: 3}},
		{"another ticket's event", 3, []ticket.Event{message(other, 4, "x")}, ticket.ErrCorruptHistory, nil},
		{"sequence gap", 3, []ticket.Event{message(id, 5, "x")}, ticket.ErrCorruptHistory, nil},
		{"no payload", 3, []ticket.Event{{TicketID: id, Seq: 4, At: at(4)}}, ticket.ErrCorruptHistory, nil},
		{"invalid payload", 3, []ticket.Event{badStatus}, ticket.ErrCorruptHistory, nil},
		{"a second Created", 3, []ticket.Event{createdAt(id, 4)}, ticket.ErrCorruptHistory, nil},
		{"U+0000 in a string", 3, []ticket.Event{message(id, 4, "ok"), withNUL}, nil, nil},
		{"a sequence number above the integer column", 1<<31 - 1, []ticket.Event{message(id, 1<<31, "x")}, ticket.ErrCorruptHistory, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "U+0000 in a string" { // the second event of the batch
				tt.events[1].Seq = 5
			}
			err := s.Append(ctx, id, tt.expected, tt.events)
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			if tt.conflict != nil {
				var ce *ticket.ConflictError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.conflict, ce)
			}
			got, err := s.Load(ctx, id)
			require.NoError(t, err)
			assert.Len(t, got, 3, "nothing stored")
		})
	}
}

// TestAppendOutOfOrder: an append whose first event is dated before the
// last stored event is refused, to the nanosecond; the same instant is fine.
func TestAppendOutOfOrder(t *testing.T) {
	s := pgstore.New(freshPool(t))
	ctx := t.Context()
	last := time.Date(2026, time.May, 4, 9, 0, 0, 500, time.FixedZone("", 2*3600)) // 500 ns past a microsecond
	tests := []struct {
		name     string
		expected int // the history has version 2
		at       time.Time
		ok       bool
		conflict bool
	}{
		{"one nanosecond earlier, same microsecond", 2, last.Add(-time.Nanosecond), false, false},
		{"one microsecond earlier", 2, last.Add(-time.Microsecond), false, false},
		{"a day earlier, in UTC", 2, last.Add(-24 * time.Hour).UTC(), false, false},
		{"stale version and earlier: the conflict wins", 1, last.Add(-time.Hour), false, true},
		{"the same instant, in another offset", 2, last.In(time.FixedZone("", -5*3600)), true, false},
		{"one nanosecond later", 2, last.Add(time.Nanosecond), true, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := testID("outoforder", i)
			h := history(id, 1)
			h[0].At, h[1].At = last.Add(-time.Hour), last
			require.NoError(t, s.Append(ctx, id, 0, h))
			e := message(id, tt.expected+1, "late")
			e.At = tt.at
			err := s.Append(ctx, id, tt.expected, []ticket.Event{e})
			got, lerr := s.Load(ctx, id)
			require.NoError(t, lerr)
			switch {
			case tt.ok:
				require.NoError(t, err)
				assert.Len(t, got, 3)
			case tt.conflict:
				assert.ErrorIs(t, err, ticket.ErrConflict)
				assert.NotErrorIs(t, err, ticket.ErrOutOfOrder)
				assert.Len(t, got, 2)
			default:
				assert.ErrorIs(t, err, ticket.ErrOutOfOrder)
				assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
				var re *ticket.ReplayError
				assert.ErrorAs(t, err, &re)
				assert.Len(t, got, 2)
			}
		})
	}
}

// TestAppendShape: a history starts with its Created event and has no
// other; the version check comes first.
func TestAppendShape(t *testing.T) {
	s := pgstore.New(freshPool(t))
	ctx := t.Context()
	id, empty := testID("shape", 1), testID("shape", 2)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 1)))
	tests := []struct {
		name     string
		id       ticket.ID
		expected int
		events   []ticket.Event
		is       error
	}{
		{"a message opening a history", empty, 0, []ticket.Event{message(empty, 1, "hello")}, ticket.ErrCorruptHistory},
		{"a Created continuing one", id, 2, []ticket.Event{createdAt(id, 3)}, ticket.ErrCorruptHistory},
		{"a Created at a stale version: conflict first", id, 1, []ticket.Event{createdAt(id, 2)}, ticket.ErrConflict},
		{"a message at version 0 of an existing ticket: conflict first", id, 0, []ticket.Event{message(id, 1, "x")}, ticket.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Append(ctx, tt.id, tt.expected, tt.events)
			assert.ErrorIs(t, err, tt.is)
			if tt.is == ticket.ErrCorruptHistory {
				assert.NotErrorIs(t, err, ticket.ErrConflict)
			}
		})
	}
	_, err := s.Load(ctx, empty)
	assert.ErrorIs(t, err, ticket.ErrNotFound)
	got, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

func TestLoadNotFound(t *testing.T) {
	s := pgstore.New(freshPool(t))
	_, err := s.Load(t.Context(), testID("notfound", 1))
	assert.ErrorIs(t, err, ticket.ErrNotFound)
}

func TestLoadCorruptRows(t *testing.T) {
	pool := freshPool(t)
	s := pgstore.New(pool)
	ctx := t.Context()
	tests := []struct {
		name   string
		update string
		is     error
	}{
		{"event of another row", `UPDATE ticket_events SET event = jsonb_set(event, '{seq}', '7') WHERE ticket_id = $1 AND seq = 2`, ticket.ErrCorruptHistory},
		{"unknown type", `UPDATE ticket_events SET event = jsonb_set(event, '{type}', '"nonsense"') WHERE ticket_id = $1 AND seq = 2`, ticket.ErrMalformedEvent},
		{"no payload", `UPDATE ticket_events SET event = event - 'data' WHERE ticket_id = $1 AND seq = 1`, ticket.ErrMalformedEvent},
		{"not an object", `UPDATE ticket_events SET event = '"created"' WHERE ticket_id = $1 AND seq = 1`, ticket.ErrMalformedEvent},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := testID("corrupt", i)
			require.NoError(t, s.Append(ctx, id, 0, history(id, 2)))
			_, err := pool.Exec(ctx, tt.update, id)
			require.NoError(t, err)
			_, err = s.Load(ctx, id)
			assert.ErrorIs(t, err, tt.is)
			for h, err := range s.All(ctx) {
				assert.Nil(t, h)
				assert.ErrorIs(t, err, tt.is)
			}
			// An append cannot be checked against a history that does not
			// read back, so it is refused too.
			assert.ErrorIs(t, s.Append(ctx, id, 3, []ticket.Event{message(id, 4, "more")}), tt.is)
			_, err = pool.Exec(ctx, `DELETE FROM ticket_events WHERE ticket_id = $1`, id)
			require.NoError(t, err)
		})
	}
}

func TestMigrateTwiceAndConcurrently(t *testing.T) {
	pool := newPool(t, freshSchema(t))
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = pgstore.Migrate(ctx, pool) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	s := pgstore.New(pool)
	id := testID("migrate", 1)
	require.NoError(t, s.Append(ctx, id, 0, history(id, 1)))
	require.NoError(t, pgstore.Migrate(ctx, pool), "again, on a table with data")
	got, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

// TestUnusableStore: a closed pool, a server that is not there, no pool:
// every operation returns an error, promptly. It needs no server.
func TestUnusableStore(t *testing.T) {
	const nowhere = "postgres:///postgres?host=/nonexistent-desk-dir&port=1&connect_timeout=5"
	closed, err := pgxpool.New(context.Background(), nowhere)
	require.NoError(t, err)
	closed.Close()
	dead, err := pgxpool.New(context.Background(), nowhere)
	require.NoError(t, err)
	t.Cleanup(dead.Close)
	tests := []struct {
		name string
		pool *pgxpool.Pool
		is   error
	}{
		{"closed pool", closed, nil},
		{"no server", dead, nil},
		{"no pool", nil, pgstore.ErrNoPool},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			s := pgstore.New(tt.pool)
			id := testID("unusable", 1)
			check := func(op string, err error) {
				t.Helper()
				require.Error(t, err, op)
				assert.NotErrorIs(t, err, context.DeadlineExceeded, "%s waited for the deadline", op)
				if tt.is != nil {
					assert.ErrorIs(t, err, tt.is, op)
				}
			}
			_, err := s.Load(ctx, id)
			check("Load", err)
			check("Append", s.Append(ctx, id, 0, history(id, 0)))
			n := 0
			for h, err := range s.All(ctx) {
				n++
				assert.Nil(t, h)
				check("All", err)
			}
			assert.Equal(t, 1, n, "All yields one error")
			check("Migrate", pgstore.Migrate(ctx, tt.pool))
		})
	}
}

func TestCancelledContext(t *testing.T) {
	s := pgstore.New(freshPool(t))
	id := testID("cancelled", 1)
	require.NoError(t, s.Append(t.Context(), id, 0, history(id, 1)))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.Load(ctx, id)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.Append(ctx, id, 2, []ticket.Event{message(id, 3, "x")}), context.Canceled)
	for _, err := range s.All(ctx) {
		assert.ErrorIs(t, err, context.Canceled)
	}
	got, err := s.Load(t.Context(), id)
	require.NoError(t, err)
	assert.Len(t, got, 2, "the cancelled append stored nothing")
}

// TestAllCancelledMidScan: cancelling the context during the iteration
// ends it with one error wrapping context.Canceled, and the connection goes
// back to the pool.
func TestAllCancelledMidScan(t *testing.T) {
	pool := freshPool(t)
	s := pgstore.New(pool)
	const tickets = 2500 // several fetches
	seed(t, s, pool, "midscan", tickets, 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n, errs := 0, 0
	for h, err := range s.All(ctx) {
		if err != nil {
			errs++
			assert.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, h)
			continue
		}
		n++
		if n == 1200 {
			cancel()
		}
	}
	assert.Equal(t, 1200, n, "histories before the cancellation")
	assert.Equal(t, 1, errs)
	// The connection whose query was cancelled is closed, in the background.
	assert.Eventually(t, func() bool { return pool.Stat().AcquiredConns() == 0 }, 5*time.Second, 10*time.Millisecond,
		"connections still held")
	count := 0
	for _, err := range s.All(t.Context()) {
		require.NoError(t, err)
		count++
	}
	assert.Equal(t, tickets, count, "a new scan after the cancelled one")
}

// seed stores n tickets, each a Created event and msgs messages: up to a
// hundred through Append, and the rest as copies the server makes of those
// under new IDs (see copyTickets). It returns the IDs of all of them.
func seed(t testing.TB, s *pgstore.Store, pool *pgxpool.Pool, name string, n, msgs int) []ticket.ID {
	t.Helper()
	ctx := context.Background()
	base := min(n, 100)
	for i := range base {
		id := testID(name, i)
		require.NoError(t, s.Append(ctx, id, 0, history(id, msgs)))
	}
	if n > base {
		require.Zero(t, n%base, "n must be a multiple of %d", base)
		copyTickets(t, pool, n/base-1)
	}
	rows, err := pool.Query(ctx, "SELECT DISTINCT ticket_id FROM ticket_events")
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[ticket.ID])
	require.NoError(t, err)
	require.Len(t, ids, n)
	return ids
}

// copyTickets has the server store copies more copies of every ticket in
// the table, each under a new ID derived from the original's, with the
// ticket ID in the stored wire format changed to match.
func copyTickets(t testing.TB, pool *pgxpool.Pool, copies int) {
	t.Helper()
	ctx := context.Background()
	_, err := pool.Exec(ctx, `
		INSERT INTO ticket_events (ticket_id, seq, at, at_nanos, at_offset, type, actor_id, actor_role, event)
		SELECT c.id, e.seq, e.at, e.at_nanos, e.at_offset, e.type, e.actor_id, e.actor_role,
			jsonb_set(e.event, '{ticket_id}', to_jsonb(c.id::text))
		FROM ticket_events e
		CROSS JOIN LATERAL (SELECT md5(e.ticket_id::text || ':' || k)::uuid AS id FROM generate_series(1, $1::integer) k) c`,
		copies)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, "VACUUM ANALYZE ticket_events")
	require.NoError(t, err)
}

// TestStalledServer: a server that accepts connections and never answers
// holds no call beyond its context's deadline. It needs no server.
func TestStalledServer(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("unix", filepath.Join(dir, ".s.PGSQL.5432"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})
	pool, err := pgxpool.New(context.Background(), "postgres:///postgres?host="+dir+"&port=5432&user=desk")
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	s := pgstore.New(pool)
	id := testID("stalled", 1)
	const deadline = 200 * time.Millisecond
	ops := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Load", func(ctx context.Context) error { _, err := s.Load(ctx, id); return err }},
		{"Append", func(ctx context.Context) error { return s.Append(ctx, id, 0, history(id, 0)) }},
		{"All", func(ctx context.Context) error {
			for _, err := range s.All(ctx) {
				return err
			}
			return nil
		}},
		{"Migrate", func(ctx context.Context) error { return pgstore.Migrate(ctx, pool) }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), deadline)
			defer cancel()
			start := time.Now()
			err := op.call(ctx)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(start), deadline+5*time.Second, "returned long after the deadline")
		})
	}
}

// TestUnknownFieldsKept: an event decoded with fields a newer writer added
// keeps them through the store. jsonb stores JSON values, not text, so they
// come back as equal JSON (keys inside an object may be reordered, spacing
// normalised), not byte for byte.
func TestUnknownFieldsKept(t *testing.T) {
	s := pgstore.New(freshPool(t))
	id := testID("unknown", 1)
	raw, err := created(id).MarshalJSON()
	require.NoError(t, err)
	raw = append(raw[:len(raw)-1:len(raw)-1], `,"x_later":{"b":1,  "a":[1,2]}}`...)
	e, err := ticket.Decoder{}.Decode(raw)
	require.NoError(t, err)
	want, err := e.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(want), "x_later")

	require.NoError(t, s.Append(t.Context(), id, 0, []ticket.Event{e}))
	h, err := s.Load(t.Context(), id)
	require.NoError(t, err)
	require.Len(t, h, 1)
	got, err := h[0].MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
}

// TestAppendRefusesStateContradictions: events that are valid on their own
// but contradict the stored ticket are refused with an error wrapping
// ticket.ErrCorruptHistory and nothing of the batch is stored, so the
// history still loads and replays; at a stale version the conflict is
// reported instead.
func TestAppendRefusesStateContradictions(t *testing.T) {
	s := pgstore.New(freshPool(t))
	ctx := t.Context()
	agent := ticket.Agent("ingrid")
	change := func(id ticket.ID, seq int, data ticket.Data) ticket.Event {
		return ticket.Event{TicketID: id, Seq: seq, At: at(seq), Actor: agent, Data: data}
	}
	tests := []struct {
		name     string
		expected int // version the append claims; the ticket is at 2
		events   func(id ticket.ID) []ticket.Event
		is       error
	}{
		{"a status change from a status the ticket is not in", 2, func(id ticket.ID) []ticket.Event {
			return []ticket.Event{change(id, 3, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending})}
		}, ticket.ErrCorruptHistory},
		{"a tag removed that the ticket lacks, after a good event", 2, func(id ticket.ID) []ticket.Event {
			return []ticket.Event{message(id, 3, "Looking."), change(id, 4, ticket.TagsChanged{Removed: []string{"absent"}})}
		}, ticket.ErrCorruptHistory},
		{"a contradiction at a stale version: conflict first", 1, func(id ticket.ID) []ticket.Event {
			return []ticket.Event{change(id, 2, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending})}
		}, ticket.ErrConflict},
		{"a contradiction at a version ahead: conflict first", 3, func(id ticket.ID) []ticket.Event {
			return []ticket.Event{change(id, 4, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending})}
		}, ticket.ErrConflict},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := testID("state", i)
			prior := history(id, 1)
			require.NoError(t, s.Append(ctx, id, 0, prior))
			err := s.Append(ctx, id, tt.expected, tt.events(id))
			require.ErrorIs(t, err, tt.is)
			if tt.is == ticket.ErrCorruptHistory {
				assert.NotErrorIs(t, err, ticket.ErrConflict)
			} else {
				var ce *ticket.ConflictError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, 2, ce.Actual)
			}
			got, err := s.Load(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, bodies(prior), bodies(got))
			require.Len(t, got, len(prior))
			_, err = ticket.Replay(nil, got)
			require.NoError(t, err)
			// An append that follows the state is still accepted.
			require.NoError(t, s.Append(ctx, id, 2, []ticket.Event{
				change(id, 3, ticket.StatusChanged{From: ticket.StatusNew, To: ticket.StatusOpen}),
			}))
		})
	}
}
