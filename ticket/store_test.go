package ticket_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// racyStore is a memstore whose chosen appends lose a race: just before
// append number n (counting from 1) is made, a customer writes on the same
// ticket, so the append meets a version conflict, as it would in
// production.
type racyStore struct {
	*memstore.Store
	lose  map[int]bool
	count int
}

func (s *racyStore) Append(ctx context.Context, id ticket.ID, expected int, events []ticket.Event) error {
	s.count++
	if s.lose[s.count] {
		t, err := ticket.Load(ctx, s.Store, nil, id)
		if err != nil {
			return err
		}
		if _, ev, err := t.Reply(t.UpdatedAt, ticket.Customer("ola"), ticket.Message{Public: true, Body: "meanwhile"}); err == nil {
			if err := ticket.Save(ctx, s.Store, ev); err != nil {
				return err
			}
		}
	}
	return s.Store.Append(ctx, id, expected, events)
}

// seed stores a new ticket n and returns its ID.
func seed(t *testing.T, s ticket.Store, n byte) ticket.ID {
	t.Helper()
	h := newTicket(t, n)
	h.do(h.tk.Assign(at(1), ingrid, "ingrid", "support"))
	require.NoError(t, ticket.Save(t.Context(), s, h.events))
	return h.tk.ID
}

// checkMerged checks that both tickets load, the source names the target
// and is closed, and the target lists the source exactly once.
func checkMerged(t *testing.T, s ticket.Store, src, dst ticket.ID) {
	t.Helper()
	a, err := ticket.Load(t.Context(), s, nil, src)
	require.NoError(t, err, "source loads")
	b, err := ticket.Load(t.Context(), s, nil, dst)
	require.NoError(t, err, "target loads")
	assert.Equal(t, dst, a.MergedInto)
	assert.Equal(t, ticket.StatusCategoryClosed, a.Status.Category)
	assert.Equal(t, []ticket.ID{src}, b.MergedFrom)
}

// TestMergeTicketsSurvivesLostSaves makes the source's save, the target's
// save, or both lose a race, on the first attempt and on retries: the merge
// always ends complete, each side recorded once, and both histories load.
func TestMergeTicketsSurvivesLostSaves(t *testing.T) {
	for _, lose := range [][]int{nil, {1}, {2}, {1, 2}, {2, 3}, {1, 3, 4}, {2, 4}} {
		t.Run(fmt.Sprint(lose), func(t *testing.T) {
			s := &racyStore{Store: memstore.New(), lose: map[int]bool{}}
			src, dst := seed(t, s, 1), seed(t, s, 2)
			s.count = 0
			for _, n := range lose {
				s.lose[n] = true
			}
			res, err := ticket.MergeTickets(t.Context(), s, nil, at(5), ingrid, src, dst)
			require.NoError(t, err)
			checkMerged(t, s, src, dst)
			assert.Equal(t, dst, res.Source.MergedInto)
			// Running it again finds the merge complete and writes nothing.
			before := s.count
			res, err = ticket.MergeTickets(t.Context(), s, nil, at(9), ingrid, src, dst)
			require.NoError(t, err)
			assert.Empty(t, res.SourceEvents)
			assert.Empty(t, res.TargetEvents)
			assert.Equal(t, before, s.count, "no appends for a complete merge")
			checkMerged(t, s, src, dst)
		})
	}
}

// TestMergeCompletesHalfDoneMerges: whichever half of a merge was saved,
// Merge on the reloaded tickets emits only the other half.
func TestMergeCompletesHalfDoneMerges(t *testing.T) {
	for _, saved := range []string{"source", "target"} {
		t.Run(saved, func(t *testing.T) {
			ctx := t.Context()
			s := memstore.New()
			src, dst := seed(t, s, 1), seed(t, s, 2)
			a, err := ticket.Load(ctx, s, nil, src)
			require.NoError(t, err)
			b, err := ticket.Load(ctx, s, nil, dst)
			require.NoError(t, err)
			res, err := ticket.Merge(at(5), ingrid, a, b)
			require.NoError(t, err)
			half := res.SourceEvents
			if saved == "target" {
				half = res.TargetEvents
			}
			require.NoError(t, ticket.Save(ctx, s, half))

			a, err = ticket.Load(ctx, s, nil, src)
			require.NoError(t, err)
			b, err = ticket.Load(ctx, s, nil, dst)
			require.NoError(t, err)
			rest, err := ticket.Merge(at(6), ingrid, a, b)
			require.NoError(t, err)
			if saved == "source" {
				assert.Empty(t, rest.SourceEvents)
				require.Len(t, rest.TargetEvents, 1)
			} else {
				assert.Empty(t, rest.TargetEvents)
				require.Len(t, rest.SourceEvents, 2)
			}
			require.NoError(t, ticket.Save(ctx, s, rest.SourceEvents))
			require.NoError(t, ticket.Save(ctx, s, rest.TargetEvents))
			checkMerged(t, s, src, dst)
		})
	}
}

// A merge whose target was closed before it recorded the merge stays
// half-done, is reported, and leaves both histories loadable.
func TestMergeTicketsTargetClosedMeanwhile(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	src, dst := seed(t, s, 1), seed(t, s, 2)
	a, _ := ticket.Load(ctx, s, nil, src)
	b, _ := ticket.Load(ctx, s, nil, dst)
	res, err := ticket.Merge(at(5), ingrid, a, b)
	require.NoError(t, err)
	require.NoError(t, ticket.Save(ctx, s, res.SourceEvents))
	_, _, err = ticket.Update(ctx, s, nil, dst, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.ReplyWithStatus(at(6), ingrid, ticket.Message{Public: true, Body: "Done."}, ticket.StatusSolved)
	})
	require.NoError(t, err)
	_, _, err = ticket.Update(ctx, s, nil, dst, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.SetStatus(at(6), sysRule, ticket.StatusClosed)
	})
	require.NoError(t, err)
	_, err = ticket.MergeTickets(ctx, s, nil, at(7), ingrid, src, dst)
	assert.ErrorIs(t, err, ticket.ErrClosed)
	_, err = ticket.Load(ctx, s, nil, src)
	assert.NoError(t, err)
	_, err = ticket.Load(ctx, s, nil, dst)
	assert.NoError(t, err)
}

// Replay refuses a history merged away twice.
func TestReplayRefusesSecondMergedInto(t *testing.T) {
	h := newTicket(t, 1)
	res, err := ticket.Merge(at(5), ingrid, h.tk, newTicket(t, 2).tk)
	require.NoError(t, err)
	events := append(h.events, res.SourceEvents[0]) // Merged{Into}, without the close
	second := res.SourceEvents[0]
	second.Seq++
	second.Data = ticket.Merged{Into: id(3)}
	_, err = ticket.Replay(nil, append(events, second))
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
	assert.ErrorContains(t, err, "merged into")
}

func TestUpdate(t *testing.T) {
	ctx := t.Context()
	s := &racyStore{Store: memstore.New(), lose: map[int]bool{}}
	tid := seed(t, s, 1)
	s.count = 0
	s.lose[1] = true // the first save loses to a customer's message
	runs := 0
	tk, ev, err := ticket.Update(ctx, s, nil, tid, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		runs++
		return t.ReplyWithStatus(at(10), ingrid, ticket.Message{Public: true, Body: "Fixed."}, ticket.StatusSolved)
	})
	require.NoError(t, err)
	assert.Equal(t, 2, runs, "rerun once after the conflict")
	require.Len(t, ev, 2)
	assert.Equal(t, ticket.StatusSolved, tk.Status)
	loaded, err := ticket.Load(ctx, s, nil, tid)
	require.NoError(t, err)
	assert.Equal(t, tk, loaded)

	// A command error ends the update, unwrapped.
	_, _, err = ticket.Update(ctx, s, nil, tid, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.SetStatus(at(11), ingrid, ticket.StatusNew)
	})
	var te *ticket.TransitionError
	assert.ErrorAs(t, err, &te)

	// An unknown ticket is not found.
	_, _, err = ticket.Update(ctx, s, nil, id(99), func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t, nil, nil
	})
	assert.ErrorIs(t, err, ticket.ErrNotFound)

	// A ticket that changes under every attempt gives up after Attempts.
	for n := 1; n <= ticket.Attempts+1; n++ {
		s.lose[s.count+n] = true
	}
	runs = 0
	_, _, err = ticket.Update(ctx, s, nil, tid, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		runs++
		return t.Assign(at(20), ingrid, "kari", "support")
	})
	assert.ErrorIs(t, err, ticket.ErrConflict)
	var re *ticket.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, ticket.Attempts, runs)
	assert.Equal(t, ticket.Attempts, re.Attempts)
}

// Save and Load return the package's own typed errors without a second
// "ticket:" prefix.
func TestStoreErrorsAreNotPrefixedTwice(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	h := newTicket(t, 1)
	require.NoError(t, ticket.Save(ctx, s, h.events))
	err := ticket.Save(ctx, s, h.events)
	require.ErrorIs(t, err, ticket.ErrConflict)
	assert.Equal(t, 1, countPrefix(err.Error()), err.Error())
	_, err = ticket.Load(ctx, s, nil, id(2))
	require.ErrorIs(t, err, ticket.ErrNotFound)
	assert.False(t, errors.Is(err, ticket.ErrConflict))
}

func countPrefix(msg string) int {
	n := 0
	for i := 0; i+len("ticket: ") <= len(msg); i++ {
		if msg[i:i+len("ticket: ")] == "ticket: " {
			n++
		}
	}
	return n
}

// TestCrossedMergesStayLoadable: two agents merge A into B and B into A at
// once. Each source's save succeeds before either target records its
// merge (no store appends to two tickets atomically, and neither history
// shows the other merge yet), so both tickets close, each merged into the
// other. Completing either merge then reports the target closed; both
// histories still load, and neither lists the other as merged in. This is
// the documented limit of the merge protocol (see ticket.Merge).
func TestCrossedMergesStayLoadable(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	a, b := seed(t, s, 1), seed(t, s, 2)
	ta, err := ticket.Load(ctx, s, nil, a)
	require.NoError(t, err)
	tb, err := ticket.Load(ctx, s, nil, b)
	require.NoError(t, err)
	ab, err := ticket.Merge(at(5), ingrid, ta, tb)
	require.NoError(t, err)
	ba, err := ticket.Merge(at(5), ticket.Agent("per"), tb, ta)
	require.NoError(t, err)
	require.NoError(t, ticket.Save(ctx, s, ab.SourceEvents))
	require.NoError(t, ticket.Save(ctx, s, ba.SourceEvents))
	require.ErrorIs(t, ticket.Save(ctx, s, ab.TargetEvents), ticket.ErrConflict)
	require.ErrorIs(t, ticket.Save(ctx, s, ba.TargetEvents), ticket.ErrConflict)

	for _, pair := range [][2]ticket.ID{{a, b}, {b, a}} {
		_, err := ticket.MergeTickets(ctx, s, nil, at(6), ingrid, pair[0], pair[1])
		require.ErrorIs(t, err, ticket.ErrClosed)
	}
	ta, err = ticket.Load(ctx, s, nil, a)
	require.NoError(t, err)
	tb, err = ticket.Load(ctx, s, nil, b)
	require.NoError(t, err)
	assert.Equal(t, b, ta.MergedInto)
	assert.Equal(t, a, tb.MergedInto)
	assert.Empty(t, ta.MergedFrom)
	assert.Empty(t, tb.MergedFrom)
}
