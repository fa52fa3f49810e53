package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// TestCommandsAgainstMemstore runs the same seeded random commands (merges
// in both directions and into closed tickets, follow-ups, snoozes and
// follow-up dates, tags and fields, status changes) on pgstore and on
// ticket/memstore, at instants equal to the last one, a nanosecond later
// and in other zones. Some batches are replayed at a later version, as a
// careless retry would (events computed on a stale ticket), and must be
// refused alike. After every append both stores hold the same histories,
// byte for byte on the wire, and the ticket loaded back is the one the
// command returned.
func TestCommandsAgainstMemstore(t *testing.T) {
	s := pgstore.New(freshPool(t))
	ref := memstore.New()
	ctx := t.Context()
	steps := 250
	if long() {
		steps = 3000
	}
	rng := rand.New(rand.NewPCG(5, 2026))
	clock := time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)
	instant := func() time.Time {
		switch rng.IntN(4) {
		case 0:
		case 1:
			clock = clock.Add(time.Duration(1 + rng.IntN(999)))
		default:
			clock = clock.Add(time.Duration(rng.IntN(300)) * time.Minute)
		}
		return clock.In(time.FixedZone("", 60*(rng.IntN(1500)-750)))
	}
	var ids []ticket.ID
	saved := map[string]int{}
	stale := map[ticket.ID]ticket.Ticket{}
	actors := []ticket.Actor{ticket.Agent("ingrid"), ticket.Customer("c1"), ticket.System("auto")}
	load := func(id ticket.ID) ticket.Ticket {
		want, err := ref.Load(ctx, id)
		require.NoError(t, err)
		got, err := s.Load(ctx, id)
		require.NoError(t, err)
		requireSameWire(t, want, got)
		tk, err := ticket.Replay(nil, got)
		require.NoError(t, err)
		return tk
	}
	appendBoth := func(what string, want ticket.Ticket, events []ticket.Event) {
		if len(events) == 0 {
			return
		}
		id := events[0].TicketID
		gerr := ticket.Save(ctx, s, events)
		werr := ticket.Save(ctx, ref, events)
		saved[outcome(werr)]++
		require.Equal(t, outcome(werr), outcome(gerr), "%s: %v / %v", what, werr, gerr)
		if werr == nil && !want.IsZero() {
			require.Equal(t, inUTC(want), inUTC(load(id)), what)
		}
	}
	for step := range steps {
		if len(ids) == 0 || rng.IntN(10) == 0 {
			id := testID("commands", len(ids))
			tk, ev, err := ticket.Create(nil, id, instant(), actors[rng.IntN(3)], ticket.Created{
				Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c1"}, Tags: []string{"b", "a"}})
			require.NoError(t, err)
			ids = append(ids, id)
			appendBoth("create", tk, ev)
			continue
		}
		id := ids[rng.IntN(len(ids))]
		tk := load(id)
		if old, ok := stale[id]; ok && rng.IntN(4) == 0 {
			tk = old // a command on a ticket loaded earlier
		}
		stale[id] = tk
		at, by := instant(), actors[rng.IntN(3)]
		var (
			next ticket.Ticket
			ev   []ticket.Event
			err  error
		)
		what := fmt.Sprintf("step %d", step)
		switch rng.IntN(10) {
		case 0:
			next, ev, err = tk.Reply(at, by, ticket.Message{Public: rng.IntN(3) > 0, Body: what})
		case 1:
			sts := ticket.DefaultLifecycle().Statuses
			next, ev, err = tk.SetStatus(at, by, sts[rng.IntN(len(sts))])
		case 2:
			next, ev, err = tk.Tag(at, by, []string{"a", "c"}[rng.IntN(2):], []string{"b", "a"}[rng.IntN(2):])
		case 3:
			next, ev, err = tk.SetFields(at, by, map[string]string{"model": []string{"", "x", "y"}[rng.IntN(3)], ticket.FieldCategory: "z"})
		case 4:
			next, ev, err = tk.Snooze(at, by, []time.Time{{}, tk.SnoozedUntil, at.Add(time.Hour)}[rng.IntN(3)])
		case 5:
			if rng.IntN(3) == 0 {
				next, ev, err = tk.ClearFollowUp(at, by)
			} else {
				next, ev, err = tk.SetFollowUp(at, by, ticket.FollowUpSet{Due: at.Add(time.Duration(rng.IntN(1000)))})
			}
		case 6, 7:
			other := load(ids[rng.IntN(len(ids))])
			src, dst := tk, other
			if rng.IntN(2) == 0 {
				src, dst = dst, src
			}
			res, merr := ticket.Merge(at, by, src, dst)
			if merr != nil {
				continue
			}
			appendBoth(what+" merge source", res.Source, res.SourceEvents)
			if rng.IntN(3) > 0 {
				appendBoth(what+" merge target", res.Target, res.TargetEvents)
			}
			continue
		case 8:
			fid := testID("commands", len(ids))
			next, ev, err = ticket.FollowUp(tk, fid, at, by, ticket.Created{}, ticket.Message{Public: true, Body: what})
			if err == nil {
				ids = append(ids, fid)
			}
		case 9:
			next, ev, err = tk.LogHandling(at, ticket.System("phone"), ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingHold, Duration: time.Duration(1 + rng.IntN(1e9))})
		}
		if err != nil || len(ev) == 0 {
			continue
		}
		if cur := load(id); rng.IntN(5) == 0 && cur.Version > tk.Version {
			// A careless retry: the stale command's events renumbered to
			// follow the stored history, which they may contradict.
			for i := range ev {
				ev[i].Seq = cur.Version + 1 + i
			}
			if at.Before(cur.UpdatedAt) {
				continue
			}
			next = ticket.Ticket{}
		}
		appendBoth(what, next, ev)
	}
	for _, id := range ids {
		load(id)
	}
	t.Logf("appends by outcome: %v", saved)
	require.Greater(t, saved["ok"], steps/3, "most steps append")
	require.Positive(t, saved["corrupt"], "some careless retries contradict the stored ticket")
}

// requireSameWire checks that two histories are the same events on the wire.
func requireSameWire(t *testing.T, want, got []ticket.Event) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, err := want[i].MarshalJSON()
		require.NoError(t, err)
		g, err := got[i].MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(w), string(g))
	}
}

// inUTC returns tk with its instants in UTC, as loading it from the wire
// gives them with the offsets written then.
func inUTC(tk ticket.Ticket) ticket.Ticket {
	for _, p := range []*time.Time{&tk.CreatedAt, &tk.UpdatedAt, &tk.FirstSolvedAt, &tk.SolvedAt, &tk.FollowUpDate.Due, &tk.SnoozedUntil} {
		*p = p.UTC()
	}
	return tk
}
