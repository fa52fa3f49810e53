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

// TestInstantsAtTheEdgesOfRFC3339: the first and last instants RFC 3339
// carries, with offsets that put them in year -1 and year 10000 in UTC,
// save and load back exactly, and the store orders them on the instant.
func TestInstantsAtTheEdgesOfRFC3339(t *testing.T) {
	ctx := t.Context()
	s := pgstore.New(freshPool(t))
	for i, first := range []time.Time{
		time.Date(0, time.January, 1, 0, 0, 0, 1, time.FixedZone("", 23*3600+59*60)),
		time.Date(9999, time.December, 31, 23, 59, 59, 999999998, time.FixedZone("", -(23*3600+59*60))),
	} {
		id := testID("edges", i)
		tk, events, err := ticket.Create(nil, id, first, ticket.Customer("c1"), ticket.Created{
			Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c1"}})
		require.NoError(t, err)
		_, more, err := tk.Reply(first.Add(time.Nanosecond), ticket.Agent("ingrid"), ticket.Message{Body: "note"})
		require.NoError(t, err)
		events = append(events, more...)
		require.NoError(t, ticket.Save(ctx, s, events))
		early := []ticket.Event{more[0]}
		early[0].Seq = 3
		early[0].At = first.Add(time.Nanosecond)
		require.NoError(t, s.Append(ctx, id, 2, early), "the same instant as the last event")
		events = append(events, early...)
		late := []ticket.Event{more[0]}
		late[0].Seq = 4
		late[0].At = first
		require.ErrorIs(t, s.Append(ctx, id, 3, late), ticket.ErrOutOfOrder)
		got, err := s.Load(ctx, id)
		require.NoError(t, err)
		require.Len(t, got, 3)
		for j := range events {
			want, err := events[j].MarshalJSON()
			require.NoError(t, err)
			have, err := got[j].MarshalJSON()
			require.NoError(t, err)
			require.Equal(t, string(want), string(have))
		}
	}
}
