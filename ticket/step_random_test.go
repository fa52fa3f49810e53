package ticket_test

import (
	"errors"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// commandHistory runs random commands of every kind on a ticket and returns
// its events.
func commandHistory(t testing.TB, rng *rand.Rand, n int) []ticket.Event {
	t.Helper()
	h := newTicket(t, 1)
	when := t0
	statuses := []ticket.Status{ticket.StatusNew, ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusClosed}
	tags := []string{"a", "b", "hardware", "printer", "vip", "z"}
	otherN := byte(10)
	for range n {
		if rng.IntN(3) > 0 {
			when = when.Add(time.Duration(rng.IntN(90)) * time.Minute)
		}
		var (
			tk  ticket.Ticket
			evs []ticket.Event
			err error
		)
		switch rng.IntN(14) {
		case 0:
			tk, evs, err = h.tk.Reply(when, ola, ticket.Message{Public: true, Body: "q"})
		case 1:
			tk, evs, err = h.tk.Reply(when, ingrid, ticket.Message{Public: rng.IntN(2) == 0, Body: "a"})
		case 2:
			s := statuses[rng.IntN(len(statuses))]
			if s == ticket.StatusClosed && rng.IntN(4) > 0 {
				s = ticket.StatusSolved
			}
			tk, evs, err = h.tk.SetStatus(when, ingrid, s)
		case 3:
			var add, rm []string
			for _, tag := range tags {
				switch {
				case rng.IntN(3) > 0:
				case h.tk.HasTag(tag):
					rm = append(rm, tag)
				default:
					add = append(add, tag)
				}
			}
			tk, evs, err = h.tk.Tag(when, ingrid, add, rm)
		case 4:
			f := map[string]string{}
			for _, k := range []string{"model", "product", "category", "x"} {
				if rng.IntN(2) == 0 {
					f[k] = []string{"", "one", "two"}[rng.IntN(3)]
				}
			}
			tk, evs, err = h.tk.SetFields(when, ingrid, f)
		case 5:
			tk, evs, err = h.tk.Assign(when, ingrid, []string{"", "ingrid", "per"}[rng.IntN(3)], []string{"support", "t2"}[rng.IntN(2)])
		case 6:
			ps := ticket.Priorities()
			tk, evs, err = h.tk.SetPriority(when, ingrid, ps[rng.IntN(len(ps))])
		case 7:
			tk, evs, err = h.tk.Rate(when, ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 1 + rng.IntN(5), Scale: 5})
		case 8:
			otherN++
			other := newTicket(t, otherN)
			var res ticket.MergeResult
			if rng.IntN(3) == 0 {
				res, err = ticket.Merge(when, ingrid, h.tk, other.tk)
				tk, evs = res.Source, res.SourceEvents
			} else {
				res, err = ticket.Merge(when, ingrid, other.tk, h.tk)
				tk, evs = res.Target, res.TargetEvents
			}
		case 9:
			tk, evs, err = h.tk.SetFollowUp(when, ingrid, ticket.FollowUpSet{Due: when.Add(time.Hour), Owner: "ingrid"})
		case 10:
			tk, evs, err = h.tk.ClearFollowUp(when, ingrid)
		case 11:
			tk, evs, err = h.tk.Snooze(when, ingrid, when.Add(time.Duration(rng.IntN(3))*time.Hour))
		case 12:
			tk, evs, err = h.tk.LogHandling(when, ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: time.Minute})
		case 13:
			tk, evs, err = h.tk.ReplyWithStatus(when, ingrid, ticket.Message{Public: true, Body: "x"}, statuses[rng.IntN(5)])
		}
		if err != nil {
			continue
		}
		h.tk = tk
		h.events = append(h.events, evs...)
	}
	return h.events
}

// snapshot copies a ticket's slices and maps, so that a later comparison
// sees writes into the shared memory.
func snapshot(tk ticket.Ticket) ticket.Ticket {
	c := tk
	c.Tags = slices.Clone(tk.Tags)
	c.Fields = maps.Clone(tk.Fields)
	c.MergedFrom = slices.Clone(tk.MergedFrom)
	c.Ratings = slices.Clone(tk.Ratings)
	return c
}

// spoil returns variants of e that should not follow tk.
func spoil(tk ticket.Ticket, e ticket.Event) []ticket.Event {
	out := []ticket.Event{}
	add := func(f func(e *ticket.Event)) {
		c := e
		f(&c)
		out = append(out, c)
	}
	add(func(e *ticket.Event) { e.Seq++ })
	add(func(e *ticket.Event) { e.Seq-- })
	add(func(e *ticket.Event) { e.At = e.At.Add(-time.Hour) })
	add(func(e *ticket.Event) { e.At = time.Time{} })
	add(func(e *ticket.Event) { e.TicketID = id(99) })
	add(func(e *ticket.Event) { e.Data = nil })
	add(func(e *ticket.Event) { e.Actor.Role = "alien" })
	add(func(e *ticket.Event) {
		e.Data = ticket.Created{Subject: "x", Channel: ticket.ChannelEmail, Status: ticket.StatusNew}
	})
	add(func(e *ticket.Event) { e.Data = ticket.StatusChanged{From: ticket.StatusOnHold, To: ticket.StatusOpen} })
	add(func(e *ticket.Event) { e.Data = ticket.Merged{Into: tk.ID} })
	add(func(e *ticket.Event) { e.Data = ticket.Linked{FollowUpOf: tk.ID} })
	add(func(e *ticket.Event) { e.Data = ticket.PriorityChanged{From: "low", To: "low"} })
	if len(tk.Tags) > 0 {
		add(func(e *ticket.Event) { e.Data = ticket.TagsChanged{Added: []string{tk.Tags[0]}} })
	}
	add(func(e *ticket.Event) { e.Data = ticket.TagsChanged{Removed: []string{"zzz-missing"}} })
	add(func(e *ticket.Event) {
		e.Data = ticket.FieldsChanged{Changes: []ticket.FieldChange{{Field: "model", From: "nope-not-this", To: "q"}}}
	})
	if len(tk.MergedFrom) > 0 {
		add(func(e *ticket.Event) { e.Data = ticket.Merged{From: tk.MergedFrom[0]} })
	}
	add(func(e *ticket.Event) { e.Data = ticket.FollowUpCleared{} })
	return out
}

// TestStepEqualsApplyRandom steps random histories event by event: after
// each event the ticket equals Apply's and Replay's, a copy taken before
// the step keeps its tags, fields, merges and ratings, and each spoiled
// variant of the next event is refused with Apply's error, leaving the
// ticket exactly as it was.
func TestStepEqualsApplyRandom(t *testing.T) {
	n := 40
	if long() {
		n = 1000
	}
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 5))
		events := commandHistory(t, rng, 5+rng.IntN(60))
		var tk ticket.Ticket
		for k, e := range events {
			for _, bad := range spoil(tk, e) {
				before := snapshot(tk)
				_, wantErr := tk.Apply(bad)
				err := tk.Step(bad)
				if wantErr == nil {
					require.NoError(t, err, "seed %d event %d", seed, k)
					// accepted: undo by starting over from the prefix
					var redo error
					tk, redo = ticket.Replay(nil, events[:k])
					if k == 0 {
						tk, redo = ticket.Ticket{}, nil
					}
					require.NoError(t, redo)
					continue
				}
				require.Error(t, err, "seed %d event %d: %v", seed, k, bad)
				require.Equal(t, wantErr.Error(), err.Error(), "seed %d event %d", seed, k)
				var re, we *ticket.ReplayError
				require.True(t, errors.As(err, &re) && errors.As(wantErr, &we))
				require.Equal(t, we, re)
				require.True(t, reflect.DeepEqual(before, tk), "seed %d event %d: a refused event changed the ticket:\n%+v\n%+v", seed, k, before, tk)
			}
			shared := tk
			kept := snapshot(tk)
			want, wantErr := tk.Apply(e)
			require.NoError(t, wantErr)
			require.NoError(t, tk.Step(e), "seed %d event %d", seed, k)
			require.True(t, reflect.DeepEqual(want, tk), "seed %d event %d (%s):\n%+v\n%+v", seed, k, e.Type(), want, tk)
			require.True(t, reflect.DeepEqual(kept, shared), "seed %d event %d (%s): a copy's memory changed", seed, k, e.Type())
			if k%7 == 0 || k == len(events)-1 {
				rep, err := ticket.Replay(nil, events[:k+1])
				require.NoError(t, err)
				require.True(t, reflect.DeepEqual(rep, tk), "seed %d event %d: Step and Replay differ", seed, k)
			}
		}
	}
}

// TestStepSharedWithReplay: the ticket Replay returns may hold tag
// slices with spare room; stepping a copy of it leaves the original alone,
// and stepping the original leaves the copy alone.
func TestStepSharedWithReplay(t *testing.T) {
	h := newTicket(t, 3)
	h.do(h.tk.Tag(at(1), ingrid, []string{"a", "b", "c", "d"}, nil))
	h.do(h.tk.Tag(at(2), ingrid, nil, []string{"a", "b", "c"})) // leaves room in the tag slice
	h.do(h.tk.SetStatus(at(3), ingrid, ticket.StatusSolved))
	h.do(h.tk.Rate(at(3), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 3, Scale: 5}))
	base, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	_, more, err := base.Tag(at(4), ingrid, []string{"e"}, nil)
	require.NoError(t, err)
	_, rate, err := base.Rate(at(4), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5})
	require.NoError(t, err)
	rate[0].Seq = more[0].Seq + 1

	a, b := base, base
	keep := snapshot(base)
	require.NoError(t, a.Step(more[0]))
	require.NoError(t, a.Step(rate[0]))
	require.True(t, reflect.DeepEqual(keep, snapshot(b)))
	require.True(t, reflect.DeepEqual(keep, base))
	require.NoError(t, b.Step(more[0]))
	require.True(t, reflect.DeepEqual(snapshot(a).Tags, b.Tags))
}

// TestStepZeroTicket: on the zero Ticket Step takes only a created
// event, and then equals Replay.
func TestStepZeroTicket(t *testing.T) {
	h := fullHistory(t)
	var tk ticket.Ticket
	err := tk.Step(h.events[1])
	_, wantErr := ticket.Ticket{}.Apply(h.events[1])
	require.Error(t, err)
	require.Equal(t, wantErr.Error(), err.Error())
	require.True(t, reflect.DeepEqual(ticket.Ticket{}, tk))
	require.NoError(t, tk.Step(h.events[0]))
	want, err := ticket.Replay(nil, h.events[:1])
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want, tk))
	// a ticket closed by the history refuses what comes after
	full, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	next := h.events[len(h.events)-1]
	next.Seq++
	next.Data = ticket.Message{Public: true, Body: "late"}
	before := snapshot(full)
	require.ErrorIs(t, full.Step(next), ticket.ErrCorruptHistory)
	require.True(t, reflect.DeepEqual(before, full))
}
