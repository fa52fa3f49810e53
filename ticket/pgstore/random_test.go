package pgstore_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcome classifies a store error for comparison between stores.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ticket.ErrOutOfOrder):
		return "out of order"
	case errors.Is(err, ticket.ErrConflict):
		var ce *ticket.ConflictError
		if errors.As(err, &ce) {
			return fmt.Sprintf("conflict %d/%d", ce.Expected, ce.Actual)
		}
		return "conflict"
	case errors.Is(err, ticket.ErrCorruptHistory):
		return "corrupt"
	case errors.Is(err, ticket.ErrNotFound):
		return "not found"
	}
	return "other: " + err.Error()
}

// TestAgainstMemstore applies the same seeded random appends and loads to
// pgstore and to ticket/memstore, the reference, and compares every result:
// right and wrong versions, batches of several sizes, instants that go
// backwards, events of the wrong ticket.
func TestAgainstMemstore(t *testing.T) {
	s := pgstore.New(freshPool(t))
	ref := memstore.New()
	ctx := t.Context()
	ops := 300
	if long() {
		ops = 3000
	}
	rng := rand.New(rand.NewPCG(11, 2026))
	// About a hundred operations per ticket, so that histories stay short
	// and the long sweep adds tickets rather than decoding ever longer ones.
	ids := make([]ticket.ID, ops/100)
	for i := range ids {
		ids[i] = testID("random", i)
	}
	version := map[ticket.ID]int{}
	last := map[ticket.ID]time.Time{}
	for op := range ops {
		id := ids[rng.IntN(len(ids))]
		if rng.IntN(4) == 0 {
			got, gerr := s.Load(ctx, id)
			want, werr := ref.Load(ctx, id)
			require.Equal(t, outcome(werr), outcome(gerr), "op %d: Load", op)
			require.Len(t, got, len(want), "op %d: Load", op)
			for i := range want {
				assert.True(t, got[i].At.Equal(want[i].At), "op %d: event %d", op, i)
				assert.Equal(t, want[i].Data, got[i].Data, "op %d: event %d", op, i)
			}
			continue
		}
		expected := version[id]
		switch rng.IntN(6) {
		case 0:
			expected -= 1 + rng.IntN(2)
		case 1:
			expected += 1 + rng.IntN(2)
		}
		n := rng.IntN(4)
		events := make([]ticket.Event, n)
		t0 := last[id].Add(time.Duration(rng.IntN(2000)-500) * time.Nanosecond) // sometimes before the last
		if last[id].IsZero() {
			t0 = time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)
		}
		for i := range events {
			events[i] = message(id, expected+1+i, fmt.Sprintf("op %d/%d", op, i))
			events[i].At = t0.Add(time.Duration(i*rng.IntN(3)) * time.Microsecond).In(time.FixedZone("", 3600*rng.IntN(3)))
			if expected+1+i == 1 {
				events[i] = created(id)
				events[i].At = t0
			}
		}
		if n > 0 && rng.IntN(20) == 0 {
			events[n-1].TicketID = ids[(1+rng.IntN(len(ids)-1)+indexOf(ids, id))%len(ids)]
		}
		gerr := s.Append(ctx, id, expected, events)
		werr := ref.Append(ctx, id, expected, events)
		require.Equal(t, outcome(werr), outcome(gerr), "op %d: Append(%d events at %d)", op, n, expected)
		if werr == nil && n > 0 {
			version[id] = expected + n
			last[id] = events[n-1].At
		}
	}
	for _, id := range ids {
		got, gerr := s.Load(ctx, id)
		want, werr := ref.Load(ctx, id)
		require.Equal(t, outcome(werr), outcome(gerr))
		require.Len(t, got, len(want))
	}
}

func indexOf(ids []ticket.ID, id ticket.ID) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}
