package ticket_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
)

// TestYearZeroTicketSaves: commands accept instants in the years 0–9999,
// so a ticket created before 0001-01-01 (year 0, which RFC 3339 carries)
// must save and load. CheckAppendAfter took the zero time.Time it is given
// for an empty history as an instant and refused a Created event dated
// before it as out of order, so Create's events could not be saved to
// memstore (nor to any store that calls CheckAppendAfter), and the ticket
// a caller had made was lost.
func TestYearZeroTicketSaves(t *testing.T) {
	ctx := t.Context()
	early := time.Date(0, time.March, 1, 12, 0, 0, 1500, time.FixedZone("", 2*3600))
	tk, events, err := ticket.Create(nil, id(1), early, ola, ticket.Created{
		Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err, "Create accepts year 0")
	require.NoError(t, ticket.CheckAppendAfter(time.Time{}, events), "the first event of an empty history has no instant to follow")

	s := memstore.New()
	require.NoError(t, ticket.Save(ctx, s, events))
	tk, more, err := tk.Reply(early, ingrid, ticket.Message{Public: true, Body: "Hi"})
	require.NoError(t, err)
	require.NoError(t, ticket.Save(ctx, s, more))
	got, err := ticket.Load(ctx, s, nil, id(1))
	require.NoError(t, err)
	require.Equal(t, tk.Status, got.Status)
	require.True(t, got.CreatedAt.Equal(early))

	// After year-0 events, an earlier instant is still out of order.
	err = ticket.CheckAppendAfter(early, []ticket.Event{{TicketID: id(1), Seq: 4, At: early.Add(-time.Nanosecond),
		Actor: ingrid, Data: ticket.Message{Public: true}}})
	require.ErrorIs(t, err, ticket.ErrOutOfOrder)
}
