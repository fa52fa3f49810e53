package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/tickettest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConformance(t *testing.T) {
	tickettest.TestStore(t, func() ticket.Store { return memstore.New() })
}

func TestConformanceZeroValue(t *testing.T) {
	tickettest.TestStore(t, func() ticket.Store { return new(memstore.Store) })
}

var t0 = time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)

func id(n byte) ticket.ID { return ticket.ID{15: n} }

func created(tid ticket.ID) ticket.Event {
	return ticket.Event{TicketID: tid, Seq: 1, At: t0, Actor: ticket.Customer("c1"), Data: ticket.Created{
		Subject:   "VPN down",
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "c1"},
		Tags:      []string{"vpn"},
		Fields:    map[string]string{"site": "Oslo"},
		Status:    ticket.StatusNew,
	}}
}

func msg(tid ticket.ID, seq int, body string) ticket.Event {
	return ticket.Event{TicketID: tid, Seq: seq, At: t0.Add(time.Duration(seq) * time.Minute),
		Actor: ticket.Agent("ingrid"), Data: ticket.Message{Public: true, Body: body}}
}

func TestLoadUnknown(t *testing.T) {
	s := memstore.New()
	events, err := s.Load(t.Context(), id(1))
	assert.ErrorIs(t, err, ticket.ErrNotFound)
	assert.Nil(t, events)
}

func TestAppendErrors(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	require.NoError(t, s.Append(ctx, id(1), 0, []ticket.Event{created(id(1)), msg(id(1), 2, "hi")}))

	tests := []struct {
		name     string
		tid      ticket.ID
		expected int
		events   []ticket.Event
		wantIs   error
		wantConf *ticket.ConflictError
	}{
		{"stale version", id(1), 1, []ticket.Event{msg(id(1), 2, "late")}, ticket.ErrConflict,
			&ticket.ConflictError{ID: id(1), Expected: 1, Actual: 2}},
		{"future version", id(1), 5, nil, ticket.ErrConflict,
			&ticket.ConflictError{ID: id(1), Expected: 5, Actual: 2}},
		{"version above 0 for an unknown ticket", id(2), 1, []ticket.Event{msg(id(2), 2, "x")}, ticket.ErrConflict,
			&ticket.ConflictError{ID: id(2), Expected: 1, Actual: 0}},
		{"foreign ticket ID", id(1), 2, []ticket.Event{msg(id(2), 3, "x")}, ticket.ErrCorruptHistory, nil},
		{"sequence gap", id(1), 2, []ticket.Event{msg(id(1), 4, "x")}, ticket.ErrCorruptHistory, nil},
		{"no payload", id(1), 2, []ticket.Event{{TicketID: id(1), Seq: 3, At: t0}}, ticket.ErrCorruptHistory, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Append(ctx, tt.tid, tt.expected, tt.events)
			assert.ErrorIs(t, err, tt.wantIs)
			if tt.wantConf != nil {
				var ce *ticket.ConflictError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.wantConf, ce)
			}
			got, err := s.Load(ctx, id(1))
			require.NoError(t, err)
			assert.Len(t, got, 2, "nothing stored")
			assert.Equal(t, 1, s.Len())
		})
	}
}

func TestAppendNoEvents(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	require.NoError(t, s.Append(ctx, id(1), 0, nil))
	assert.Equal(t, 0, s.Len(), "an empty append creates no ticket")
	_, err := s.Load(ctx, id(1))
	assert.ErrorIs(t, err, ticket.ErrNotFound)
}

// A payload held by pointer cannot be replayed, so the store refuses it.
func TestPointerPayloadsAreRefused(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	c := created(id(1))
	data := c.Data.(ticket.Created)
	c.Data = &data
	assert.ErrorIs(t, s.Append(ctx, id(1), 0, []ticket.Event{c}), ticket.ErrCorruptHistory)
	var nilMsg *ticket.Message
	c.Data = nilMsg
	assert.ErrorIs(t, s.Append(ctx, id(1), 0, []ticket.Event{c}), ticket.ErrCorruptHistory)
	assert.Equal(t, 0, s.Len())
}

func TestAllOrderAndSnapshots(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	for _, n := range []byte{3, 1, 2} {
		require.NoError(t, s.Append(ctx, id(n), 0, []ticket.Event{created(id(n))}))
	}
	require.NoError(t, s.Append(ctx, id(3), 1, []ticket.Event{msg(id(3), 2, "more")}))

	var order []ticket.ID
	var lengths []int
	for h, err := range s.All(ctx) {
		require.NoError(t, err)
		order = append(order, h[0].TicketID)
		lengths = append(lengths, len(h))
		// A ticket created during iteration is not yielded.
		require.NoError(t, s.Append(ctx, id(byte(10+len(order))), 0, []ticket.Event{created(id(byte(10 + len(order))))}))
	}
	assert.Equal(t, []ticket.ID{id(3), id(1), id(2)}, order, "order of first append")
	assert.Equal(t, []int{2, 1, 1}, lengths)
	assert.Equal(t, 6, s.Len())
}

func TestAllContextDone(t *testing.T) {
	s := memstore.New()
	require.NoError(t, s.Append(t.Context(), id(1), 0, []ticket.Event{created(id(1))}))
	require.NoError(t, s.Append(t.Context(), id(2), 0, []ticket.Event{created(id(2))}))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errs []error
	n := 0
	for h, err := range s.All(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		assert.NotEmpty(t, h)
		cancel()
	}
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestContextDone(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s := memstore.New()
	assert.ErrorIs(t, s.Append(ctx, id(1), 0, []ticket.Event{created(id(1))}), context.Canceled)
	_, err := s.Load(ctx, id(1))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, s.Len())
}

func TestSaveAndLoadThroughTicket(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	tid := uuid.MustParse("6f1c2a4e-8b1d-4c3e-9a57-0d2f4b6c8e10")
	require.NoError(t, ticket.Save(ctx, s, []ticket.Event{created(tid)}))
	require.NoError(t, ticket.Save(ctx, s, []ticket.Event{msg(tid, 2, "a"), msg(tid, 3, "b")}))
	err := ticket.Save(ctx, s, []ticket.Event{msg(tid, 3, "stale")})
	assert.ErrorIs(t, err, ticket.ErrConflict)
	got, err := s.Load(ctx, tid)
	require.NoError(t, err)
	assert.Len(t, got, 3)
}

// An append that contradicts the stored state would leave a history Replay
// refuses; memstore refuses it instead, storing nothing of the batch.
func TestAppendRefusesStateContradictions(t *testing.T) {
	ev := func(seq int, d ticket.Data) ticket.Event {
		return ticket.Event{TicketID: id(1), Seq: seq, At: t0.Add(time.Duration(seq) * time.Minute), Actor: ticket.Agent("ingrid"), Data: d}
	}
	tests := []struct {
		name  string
		batch []ticket.Event
	}{
		{"status change from another status", []ticket.Event{ev(3, ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending})}},
		{"second merged into", []ticket.Event{ev(3, ticket.Merged{Into: id(8)})}},
		{"tag removed that the ticket lacks", []ticket.Event{ev(3, ticket.TagsChanged{Removed: []string{"printer"}})}},
		{"bad event after a good one", []ticket.Event{msg(id(1), 3, "ok"), ev(4, ticket.PriorityChanged{From: ticket.PriorityHigh, To: ticket.PriorityLow})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			s := memstore.New()
			require.NoError(t, s.Append(ctx, id(1), 0, []ticket.Event{created(id(1)), ev(2, ticket.Merged{Into: id(7)})}))
			require.NoError(t, ticket.CheckAppend(id(1), 2, tt.batch), "CheckAppend alone does not see the state")
			err := s.Append(ctx, id(1), 2, tt.batch)
			require.ErrorIs(t, err, ticket.ErrCorruptHistory)
			var re *ticket.ReplayError
			require.ErrorAs(t, err, &re)
			stored, err := s.Load(ctx, id(1))
			require.NoError(t, err)
			assert.Len(t, stored, 2, "nothing of the batch is stored")
			_, err = ticket.Replay(nil, stored)
			require.NoError(t, err, "the stored history still loads")
			// The store keeps accepting what does follow the state.
			require.NoError(t, s.Append(ctx, id(1), 2, []ticket.Event{msg(id(1), 3, "still here")}))
		})
	}
}
