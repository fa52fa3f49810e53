package ticket_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Replay of a whole history equals Replay of any prefix followed by Apply of
// the rest: the same ticket, or the same error at the same event.
func TestApplyAfterReplayEqualsReplay(t *testing.T) {
	histories := append(corruptHistories(t), corruptHistory{name: "good", events: fullHistory(t).events})
	for _, h := range histories {
		if len(h.events) == 0 {
			continue // Apply of nothing returns the receiver; Replay of nothing fails
		}
		t.Run(h.name, func(t *testing.T) {
			want, wantErr := ticket.Replay(nil, h.events)
			for k := 0; k <= len(h.events); k++ {
				var prefix ticket.Ticket
				if k > 0 {
					var err error
					if prefix, err = ticket.Replay(nil, h.events[:k]); err != nil {
						require.Error(t, wantErr, "a prefix of a good history fails")
						continue // the problem lies in the prefix
					}
				}
				got, err := prefix.Apply(h.events[k:]...)
				if wantErr != nil {
					require.Error(t, err, "split at %d", k)
					assert.Equal(t, wantErr.Error(), err.Error(), "split at %d", k)
					require.ErrorIs(t, err, ticket.ErrCorruptHistory)
					var re *ticket.ReplayError
					require.ErrorAs(t, err, &re)
					assert.Equal(t, h.seq, re.Seq)
					assert.True(t, got.IsZero())
					continue
				}
				require.NoError(t, err, "split at %d", k)
				assert.Equal(t, want, got, "split at %d", k)
			}
		})
	}
}

// Events that contradict the ticket's state are refused by Apply though
// CheckAppend, which does not see the state, accepts them.
func TestApplyRefusesStateContradictions(t *testing.T) {
	h := fullHistory(t)
	open := newTicket(t, 3)
	open.do(open.tk.Assign(at(1), ingrid, "ingrid", "support"))
	res, err := ticket.Merge(at(2), ingrid, newTicket(t, 4).tk, open.tk)
	require.NoError(t, err)
	open.do(res.Target, res.TargetEvents, nil)
	src := newTicket(t, 5)
	res, err = ticket.Merge(at(2), ingrid, src.tk, newTicket(t, 6).tk)
	require.NoError(t, err)
	src.do(res.Source, res.SourceEvents, nil)

	next := func(tk ticket.Ticket, d ticket.Data) ticket.Event {
		return ticket.Event{TicketID: tk.ID, Seq: tk.Version + 1, At: at(30), Actor: ingrid, Data: d}
	}
	tests := []struct {
		name string
		tk   ticket.Ticket
		d    ticket.Data
	}{
		{"status change from another status", open.tk, ticket.StatusChanged{From: ticket.StatusPending, To: ticket.StatusSolved}},
		{"priority change from another priority", open.tk, ticket.PriorityChanged{From: ticket.PriorityHigh, To: ticket.PriorityLow}},
		{"assignment from another agent", open.tk, ticket.Assigned{PrevAgent: "bob", Agent: "carl", Group: "support"}},
		{"second merge of the same source", open.tk, ticket.Merged{From: id(4)}},
		{"second merged into", src.tk, ticket.Merged{Into: id(9)}},
		{"anything after close", h.tk, ticket.Message{Public: true, Body: "hello?"}},
		{"a second created", open.tk, ticket.Created{Subject: "again", Channel: ticket.ChannelEmail,
			Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal, Status: ticket.StatusNew}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := next(tt.tk, tt.d)
			_, err := tt.tk.Apply(e)
			require.ErrorIs(t, err, ticket.ErrCorruptHistory)
			var re *ticket.ReplayError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, e.Seq, re.Seq)
		})
	}
	t.Run("envelope", func(t *testing.T) {
		e := next(open.tk, ticket.Message{Public: true, Body: "hi"})
		bad := []ticket.Event{e, e, e}
		bad[0].Seq++
		bad[1].TicketID = id(99)
		bad[2].At = at(-1)
		for i, b := range bad {
			_, err := open.tk.Apply(b)
			require.ErrorIs(t, err, ticket.ErrCorruptHistory, i)
		}
		_, err := open.tk.Apply(bad[2])
		require.ErrorIs(t, err, ticket.ErrOutOfOrder)
	})
}

// Apply leaves its receiver and every earlier Ticket value alone, tags
// included, however many tag changes it folds.
func TestApplyLeavesReceiverUnchanged(t *testing.T) {
	h := newTicket(t, 1)
	before := h.tk
	tags := slices.Clone(before.Tags)
	var events []ticket.Event
	tk := before
	for i, change := range [][2][]string{{{"a"}, nil}, {{"b"}, {"printer"}}, {{"c"}, {"a"}}, {nil, {"b", "c"}}} {
		next, ev, err := tk.Tag(at(i+1), ingrid, change[0], change[1])
		require.NoError(t, err)
		tk = next
		events = append(events, ev...)
	}
	got, err := before.Apply(events...)
	require.NoError(t, err)
	assert.Equal(t, tk, got)
	assert.Equal(t, []string{"hardware"}, got.Tags)
	assert.Equal(t, tags, before.Tags, "the receiver's tags changed")
	same, err := got.Apply()
	require.NoError(t, err)
	assert.Equal(t, got, same)
}

func TestApplyOnZeroTicketIsReplay(t *testing.T) {
	h := fullHistory(t)
	got, err := ticket.Ticket{}.Apply(h.events...)
	require.NoError(t, err)
	assert.Equal(t, h.tk, got)
	_, err = ticket.Ticket{}.Apply(h.events[1:]...)
	require.ErrorIs(t, err, ticket.ErrCorruptHistory)
}

// Stepping through a history one event at a time in place gives, after
// every event, the ticket Replay gives for that prefix; a refused event
// returns Replay's error and leaves the ticket as it was.
func TestStepEqualsReplay(t *testing.T) {
	histories := append(corruptHistories(t), corruptHistory{name: "good", events: fullHistory(t).events})
	for _, h := range histories {
		t.Run(h.name, func(t *testing.T) {
			_, wantErr := ticket.Replay(nil, h.events)
			var tk ticket.Ticket
			for k, e := range h.events {
				before := tk
				err := tk.Step(e)
				want, prefixErr := ticket.Replay(nil, h.events[:k+1])
				if prefixErr != nil {
					require.Error(t, err, "event %d", k)
					assert.Equal(t, prefixErr.Error(), err.Error(), "event %d", k)
					require.ErrorIs(t, err, ticket.ErrCorruptHistory)
					assert.Equal(t, before, tk, "a refused event changed the ticket")
					assert.Equal(t, wantErr.Error(), err.Error())
					return
				}
				require.NoError(t, err, "event %d", k)
				assert.Equal(t, want, tk, "after event %d", k)
			}
			if len(h.events) > 0 {
				assert.NoError(t, wantErr)
			}
		})
	}
}

// Step leaves Ticket values that share slices and maps with the stepped one
// as they were.
func TestStepLeavesCopiesAlone(t *testing.T) {
	h := newTicket(t, 7)
	h.do(h.tk.Tag(at(1), ingrid, []string{"a", "c"}, nil))
	h.do(h.tk.SetFields(at(2), ingrid, map[string]string{"product": "router"}))
	tk, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	copied := tk
	tags, fields := slices.Clone(tk.Tags), maps.Clone(tk.Fields)

	_, evs, err := tk.Tag(at(3), ingrid, []string{"b"}, []string{"a"})
	require.NoError(t, err)
	require.NoError(t, tk.Step(evs[0]))
	_, evs, err = tk.SetFields(at(4), ingrid, map[string]string{"product": "switch"})
	require.NoError(t, err)
	require.NoError(t, tk.Step(evs[0]))

	assert.Equal(t, []string{"b", "c", "hardware", "printer"}, tk.Tags)
	assert.Equal(t, "switch", tk.Fields["product"])
	assert.Equal(t, tags, copied.Tags)
	assert.Equal(t, fields, copied.Fields)
}
