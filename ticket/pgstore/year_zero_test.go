package pgstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// TestYearZeroInstants: commands accept instants in the years 0–9999, so a
// ticket created in year 0 (before time.Time's zero, 0001-01-01) with
// sub-microsecond instants saves and loads back exactly. The store's
// appends checked the first event of a new ticket against the zero
// time.Time as if it were an instant (ticket.CheckAppendAfter) and refused
// it as out of order. It needs the root module's fix of CheckAppendAfter.
func TestYearZeroInstants(t *testing.T) {
	ctx := t.Context()
	s := pgstore.New(freshPool(t))
	id := testID("year-zero", 1)
	early := time.Date(0, time.March, 1, 12, 0, 0, 1500, time.FixedZone("", 2*3600))
	tk, events, err := ticket.Create(nil, id, early, ticket.Customer("c1"), ticket.Created{
		Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c1"}})
	require.NoError(t, err)
	require.NoError(t, ticket.Save(ctx, s, events))
	tk, more, err := tk.Snooze(early.Add(time.Nanosecond), ticket.Agent("ingrid"), early.Add(999*time.Nanosecond))
	require.NoError(t, err)
	require.NoError(t, ticket.Save(ctx, s, more))
	events = append(events, more...)

	// An event a nanosecond before the last one is still out of order.
	_, late, err := tk.Reply(early.Add(time.Nanosecond), ticket.Agent("ingrid"), ticket.Message{Public: true})
	require.NoError(t, err)
	late[0].At = early
	require.ErrorIs(t, s.Append(ctx, id, tk.Version, late), ticket.ErrOutOfOrder)

	got, err := s.Load(ctx, id)
	require.NoError(t, err)
	require.Len(t, got, len(events))
	for i := range events {
		want, err := events[i].MarshalJSON()
		require.NoError(t, err)
		have, err := got[i].MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(want), string(have))
	}
	loaded, err := ticket.Load(ctx, s, nil, id)
	require.NoError(t, err)
	require.True(t, loaded.SnoozedUntil.Equal(tk.SnoozedUntil))
}
