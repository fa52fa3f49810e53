package ticket_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
)

// worldLifecycle is a custom lifecycle with two new statuses, two closed
// ones and auto-replies that reopen, for the random world below.
func worldLifecycle(t testing.TB) *ticket.Lifecycle {
	t.Helper()
	lc, err := (&ticket.Lifecycle{
		Statuses: []ticket.Status{
			{Name: "received", Category: ticket.StatusCategoryNew},
			{Name: "triage", Category: ticket.StatusCategoryNew},
			{Name: "working", Category: ticket.StatusCategoryOpen},
			{Name: "escalated", Category: ticket.StatusCategoryOpen},
			{Name: "waiting", Category: ticket.StatusCategoryPending},
			{Name: "parked", Category: ticket.StatusCategoryOnHold},
			{Name: "done", Category: ticket.StatusCategorySolved},
			{Name: "archived", Category: ticket.StatusCategoryClosed},
			{Name: "rejected", Category: ticket.StatusCategoryClosed},
		},
		Initial: "received",
		Transitions: map[string][]string{
			"received":  {"triage", "escalated", "working", "rejected"},
			"triage":    {"working", "waiting", "rejected"},
			"working":   {"waiting", "parked", "done", "escalated"},
			"escalated": {"working", "done"},
			"waiting":   {"working", "done", "parked"},
			"parked":    {"working", "done"},
			"done":      {"working", "waiting", "archived"},
		},
		ReopenTo:          "escalated",
		AutoRepliesReopen: true,
	}).Validated()
	require.NoError(t, err)
	return lc
}

// world is a store full of tickets that random commands run on.
type world struct {
	t     *testing.T
	rng   *rand.Rand
	lc    *ticket.Lifecycle
	store *memstore.Store
	ids   []ticket.ID
	clock time.Time // the last instant handed out, on the wall clock
	mono  time.Time // a reading of time.Now, whose monotonic clock instants borrow
	next  uint32
	half  [][2]ticket.ID // merges whose target's save was left out: source, target
}

// instant returns the next instant: the same as the last one, a
// nanosecond or a microsecond later, or minutes later, sometimes in another
// zone, sometimes with a monotonic clock reading that disagrees with its
// wall clock.
func (w *world) instant() time.Time {
	switch w.rng.IntN(5) {
	case 0: // the same instant again
	case 1:
		w.clock = w.clock.Add(time.Duration(1 + w.rng.IntN(999)))
	case 2:
		w.clock = w.clock.Add(time.Microsecond)
	default:
		w.clock = w.clock.Add(time.Duration(w.rng.IntN(600)) * time.Minute)
	}
	at := w.clock
	switch w.rng.IntN(4) {
	case 0:
		at = at.In(time.FixedZone("", 2*3600))
	case 1:
		at = at.In(time.FixedZone("NST", -(3*3600 + 30*60)))
	case 2: // a monotonic reading an hour off the wall clock
		at = shiftMonotonic(w.mono.Add(at.Sub(w.mono)), time.Duration(w.rng.IntN(3)-1)*time.Hour)
	}
	return at
}

func (w *world) newID() ticket.ID {
	w.next++
	var u uuid.UUID
	u[0], u[1], u[2], u[3] = byte(w.next>>24), byte(w.next>>16), byte(w.next>>8), byte(w.next)
	u[6], u[8] = 0x40, 0x80
	return u
}

func (w *world) load(id ticket.ID) ticket.Ticket {
	w.t.Helper()
	tk, err := ticket.Load(context.Background(), w.store, w.lc, id)
	require.NoError(w.t, err, "ticket %s loads", id)
	return tk
}

// save saves a command's events and checks that the ticket loaded back
// is the one the command returned.
func (w *world) save(what string, want ticket.Ticket, events []ticket.Event) {
	w.t.Helper()
	if len(events) == 0 {
		return
	}
	require.NoError(w.t, ticket.Save(context.Background(), w.store, events), "%s: save", what)
	got := w.load(want.ID)
	require.Equal(w.t, wallClock(want), wallClock(got), "%s: the loaded ticket is the one the command returned", what)
}

// wallClock returns tk with every instant on the wall clock alone (a store
// keeps no monotonic reading), in UTC.
func wallClock(tk ticket.Ticket) ticket.Ticket {
	f := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.Round(0).UTC()
		}
	}
	f(&tk.CreatedAt)
	f(&tk.UpdatedAt)
	f(&tk.FirstSolvedAt)
	f(&tk.SolvedAt)
	f(&tk.FollowUpDate.Due)
	f(&tk.SnoozedUntil)
	return tk
}

var worldActors = []ticket.Actor{ticket.Agent("ingrid"), ticket.Agent("per"), ticket.Customer("ola"), ticket.Bot("answerbot"), ticket.System("auto")}

// step runs one random command on a random ticket and saves its events.
func (w *world) step() {
	w.t.Helper()
	rng := w.rng
	if len(w.ids) == 0 || rng.IntN(8) == 0 {
		id := w.newID()
		tk, ev, err := ticket.Create(w.lc, id, w.instant(), worldActors[rng.IntN(len(worldActors))], ticket.Created{
			Subject: "s", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
			Tags: []string{"b", "a"}, Fields: map[string]string{"model": "x", "empty": ""},
		})
		require.NoError(w.t, err)
		w.ids = append(w.ids, id)
		w.save("create", tk, ev)
		return
	}
	tk := w.load(w.ids[rng.IntN(len(w.ids))])
	at := w.instant()
	by := worldActors[rng.IntN(len(worldActors))]
	var (
		next ticket.Ticket
		ev   []ticket.Event
		err  error
		what string
	)
	switch rng.IntN(15) {
	case 0:
		what = "reply"
		next, ev, err = tk.Reply(at, by, ticket.Message{Public: rng.IntN(4) > 0, Automated: rng.IntN(4) == 0, Body: "b"})
	case 1:
		what = "set status"
		sts := tk.Lifecycle().Statuses
		next, ev, err = tk.SetStatus(at, by, ticket.Status{Name: sts[rng.IntN(len(sts))].Name})
	case 2:
		what = "reply with status"
		sts := tk.Lifecycle().Statuses
		to := ticket.Status{}
		if rng.IntN(4) > 0 {
			to = ticket.Status{Name: sts[rng.IntN(len(sts))].Name}
		}
		next, ev, err = tk.ReplyWithStatus(at, by, ticket.Message{Public: rng.IntN(2) == 0}, to)
	case 3:
		what = "tag"
		pool := []string{"a", "b", "c", "vip"}
		var add, rm []string
		for _, tag := range pool {
			switch rng.IntN(3) {
			case 0:
				add = append(add, tag)
			case 1:
				rm = append(rm, tag)
			}
		}
		next, ev, err = tk.Tag(at, by, add, rm)
	case 4:
		what = "set fields"
		f := map[string]string{}
		for _, k := range []string{"model", "category", "empty", "x"} {
			if rng.IntN(2) == 0 {
				f[k] = []string{"", "one", "two"}[rng.IntN(3)]
			}
		}
		next, ev, err = tk.SetFields(at, by, f)
	case 5:
		what = "assign"
		next, ev, err = tk.Assign(at, by, []string{"", "ingrid", "per"}[rng.IntN(3)], []string{"", "support"}[rng.IntN(2)])
	case 6:
		what = "priority"
		ps := ticket.Priorities()
		next, ev, err = tk.SetPriority(at, by, ps[rng.IntN(len(ps))])
	case 7:
		what = "rate"
		next, ev, err = tk.Rate(at, by, ticket.Rated{Survey: ticket.SurveyNPS, Score: rng.IntN(11), Scale: 10})
	case 8:
		what = "follow-up date"
		if rng.IntN(3) == 0 {
			next, ev, err = tk.ClearFollowUp(at, by)
		} else {
			next, ev, err = tk.SetFollowUp(at, by, ticket.FollowUpSet{Due: w.instant().Add(time.Duration(rng.IntN(3)) * time.Hour)})
		}
	case 9:
		what = "snooze"
		until := time.Time{}
		if rng.IntN(4) > 0 {
			until = tk.SnoozedUntil
			if rng.IntN(2) == 0 || until.IsZero() {
				until = w.instant().Add(time.Duration(rng.IntN(3)) * time.Hour)
			}
		}
		next, ev, err = tk.Snooze(at, by, until)
	case 10:
		what = "handling"
		next, ev, err = tk.LogHandling(at, by, ticket.HandlingLogged{Agent: by.ID, Kind: ticket.HandlingTalk, Duration: time.Nanosecond})
	case 11, 12:
		if len(w.half) > 0 && rng.IntN(2) == 0 {
			w.completeMerge(at, by)
			return
		}
		w.merge(tk, at, by)
		return
	case 13:
		what = "follow up"
		id := w.newID()
		next, ev, err = ticket.FollowUp(tk, id, at, by, ticket.Created{}, ticket.Message{Public: true, Body: "again"})
		if err == nil {
			w.ids = append(w.ids, id)
		}
	case 14:
		what = "workflow"
		next, ev, err = tk.ApplyWorkflow(at, by, ticket.WorkflowApplied{Kind: ticket.WorkflowTrigger, ID: "t"})
	}
	if err != nil {
		require.Empty(w.t, ev, "%s: refused with events", what)
		return
	}
	w.save(what, next, ev)
}

// merge merges tk and another ticket (perhaps tk itself, a closed one,
// one merged away) in a random direction; sometimes only the source's
// half is saved, as when the target's save fails, and a later retry with
// both tickets reloaded must complete it or be refused without events.
func (w *world) merge(tk ticket.Ticket, at time.Time, by ticket.Actor) {
	w.t.Helper()
	other := w.load(w.ids[w.rng.IntN(len(w.ids))])
	src, dst := tk, other
	if w.rng.IntN(2) == 0 {
		src, dst = dst, src
	}
	res, err := ticket.Merge(at, by, src, dst)
	if err != nil {
		require.Zero(w.t, res, "refused merge with a result")
		return
	}
	w.save("merge source", res.Source, res.SourceEvents)
	if w.rng.IntN(3) == 0 {
		w.half = append(w.half, [2]ticket.ID{src.ID, dst.ID})
		return // the target's save failed; a later merge of the two completes it
	}
	w.save("merge target", res.Target, res.TargetEvents)
	// Complete: merging again emits nothing.
	again, err := ticket.Merge(w.instant(), by, w.load(src.ID), w.load(dst.ID))
	require.NoError(w.t, err, "merging a merged pair again")
	require.Empty(w.t, again.SourceEvents)
	require.Empty(w.t, again.TargetEvents)
}

// completeMerge retries a half-saved merge with both tickets reloaded: it
// records only the target's half, or, when the target was closed
// meanwhile, is refused with ErrClosed and records nothing.
func (w *world) completeMerge(at time.Time, by ticket.Actor) {
	w.t.Helper()
	i := w.rng.IntN(len(w.half))
	pair := w.half[i]
	w.half = append(w.half[:i], w.half[i+1:]...)
	src, dst := w.load(pair[0]), w.load(pair[1])
	require.Equal(w.t, dst.ID, src.MergedInto, "the source's half is saved")
	res, err := ticket.Merge(at, by, src, dst)
	if slices.Contains(dst.MergedFrom, src.ID) { // a merge of the same pair completed it already
		require.NoError(w.t, err)
		require.Empty(w.t, res.SourceEvents)
		require.Empty(w.t, res.TargetEvents)
		return
	}
	if dst.Status.Category == ticket.StatusCategoryClosed {
		require.ErrorIs(w.t, err, ticket.ErrClosed, "completing a merge into a target closed meanwhile")
		return
	}
	require.NoError(w.t, err, "completing a half-saved merge")
	require.Empty(w.t, res.SourceEvents)
	require.Len(w.t, res.TargetEvents, 1)
	w.save("merge target, later", res.Target, res.TargetEvents)
	require.Contains(w.t, w.load(dst.ID).MergedFrom, src.ID)
}

// check replays every stored history, encodes and decodes it, and checks
// that every split of it applies to the same ticket, and Step too.
func (w *world) check() {
	w.t.Helper()
	for _, id := range w.ids {
		events, err := w.store.Load(context.Background(), id)
		require.NoError(w.t, err)
		want, err := ticket.Replay(w.lc, events)
		require.NoError(w.t, err, "ticket %s replays", id)
		raw, err := ticket.EncodeEvents(events)
		require.NoError(w.t, err)
		decoded, err := ticket.DecodeEvents(raw)
		require.NoError(w.t, err)
		require.Len(w.t, decoded, len(events))
		for i := range events {
			require.True(w.t, events[i].At.Equal(decoded[i].At), "instant of #%d survives the wire", i+1)
			_, o1 := events[i].At.Zone()
			_, o2 := decoded[i].At.Zone()
			require.Equal(w.t, o1, o2, "offset of #%d survives the wire", i+1)
			again, err := decoded[i].MarshalJSON()
			require.NoError(w.t, err)
			first, err := events[i].MarshalJSON()
			require.NoError(w.t, err)
			require.Equal(w.t, string(first), string(again))
		}
		fromWire, err := ticket.Replay(w.lc, decoded)
		require.NoError(w.t, err, "decoded ticket %s replays", id)
		require.Equal(w.t, wallClock(want), wallClock(fromWire))
		for split := 1; split < len(events); split++ {
			head, err := ticket.Replay(w.lc, events[:split])
			require.NoError(w.t, err)
			got, err := head.Apply(events[split:]...)
			require.NoError(w.t, err, "split at %d", split)
			require.Equal(w.t, want, got, "split at %d", split)
		}
		stepped, err := ticket.Replay(w.lc, events[:1])
		require.NoError(w.t, err)
		for _, e := range events[1:] {
			require.NoError(w.t, stepped.Step(e))
		}
		require.Equal(w.t, wallClock(want), wallClock(stepped))
	}
}

// TestRandomWorldStaysReplayable runs random commands, merges (both
// directions, into closed and merged tickets, into itself through a
// chain, half-saved) and follow-ups on many tickets under a custom
// lifecycle, at instants equal to the last one, a nanosecond later, in
// other zones and with monotonic readings off the wall clock; after every
// step the ticket loaded back is the one the command returned, and every
// stored history replays, survives the wire, and agrees split at every
// event.
func TestRandomWorldStaysReplayable(t *testing.T) {
	runs, steps := 6, 150
	if long() {
		runs, steps = 200, 400
	}
	for seed := range runs {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			for _, lc := range []*ticket.Lifecycle{nil, worldLifecycle(t)} {
				w := &world{t: t, rng: rand.New(rand.NewPCG(uint64(seed), 7)), lc: lc, store: memstore.New(),
					clock: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), mono: time.Now()}
				for i := range steps {
					w.step()
					if i%50 == 49 {
						w.check()
					}
				}
				w.check()
			}
		})
	}
}
