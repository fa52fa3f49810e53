package ticket_test

import (
	"encoding/json"
	"testing"
	"time"
	"unsafe"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// shiftMonotonic returns t (which must carry a monotonic clock reading, as
// time.Now's do) with its monotonic reading moved by d and its wall clock
// unchanged: what two readings of time.Now show across a step of the wall
// clock.
func shiftMonotonic(t time.Time, d time.Duration) time.Time {
	type timeLayout struct { // time.Time's fields; ext is the monotonic reading
		wall uint64
		ext  int64
		loc  *time.Location
	}
	(*timeLayout)(unsafe.Pointer(&t)).ext += int64(d)
	return t
}

// TestWallClockOrder: instants are ordered on the wall clock, which is
// all a store keeps. After the wall clock steps back, an instant from
// time.Now whose monotonic reading is later but whose wall clock is
// earlier is refused as out of order by commands, Apply, Step and the
// store's checks, so nothing is accepted that Replay would refuse once the
// history comes back from storage; and a history ordered on the wall clock
// is accepted whatever its monotonic readings say.
func TestWallClockOrder(t *testing.T) {
	created := time.Now()
	stepped := shiftMonotonic(created.Add(-time.Second), 2*time.Second) // a second earlier on the wall clock, later on the monotonic one
	require.True(t, created.Before(stepped), "the monotonic readings order them the other way")
	tk, events, err := ticket.Create(nil, uuid.UUID{15: 7}, created, ticket.Customer("ola"), ticket.Created{
		Subject: "printer", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
	})
	require.NoError(t, err)

	_, _, err = tk.Reply(stepped, ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "on it"})
	require.ErrorIs(t, err, ticket.ErrOutOfOrder, "command")

	reply := ticket.Event{TicketID: tk.ID, Seq: 2, At: stepped, Actor: ticket.Agent("ingrid"), Data: ticket.Message{Public: true, Body: "on it"}}
	_, err = tk.Apply(reply)
	require.ErrorIs(t, err, ticket.ErrOutOfOrder, "Apply")
	step := tk
	require.ErrorIs(t, step.Step(reply), ticket.ErrOutOfOrder, "Step")
	require.ErrorIs(t, ticket.CheckAppendAfter(created, []ticket.Event{reply}), ticket.ErrOutOfOrder, "CheckAppendAfter")
	_, err = ticket.Replay(nil, append(events, reply))
	require.ErrorIs(t, err, ticket.ErrOutOfOrder, "Replay")

	// Later on the wall clock, earlier on the monotonic one: accepted, and
	// replayed the same after a round trip through JSON.
	later := shiftMonotonic(created.Add(time.Second), -2*time.Second)
	require.True(t, later.Before(created))
	_, more, err := tk.Reply(later, ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "on it"})
	require.NoError(t, err)
	history := append(events, more...)
	want, err := ticket.Replay(nil, history)
	require.NoError(t, err)
	b, err := json.Marshal(history)
	require.NoError(t, err)
	stored, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	got, err := ticket.Replay(nil, stored)
	require.NoError(t, err)
	require.Equal(t, want.Version, got.Version)
	require.True(t, want.UpdatedAt.Equal(got.UpdatedAt))
}

// TestFollowUpSameAgainOnTheWallClock: setting the same follow-up date, or
// snoozing until the same instant, again is a no-op when the two instants
// agree on the wall clock, even if their monotonic readings do not (the
// wall clock stepped between the two readings of time.Now).
func TestFollowUpSameAgainOnTheWallClock(t *testing.T) {
	created := time.Now()
	tk, _, err := ticket.Create(nil, uuid.UUID{15: 8}, created, ticket.Customer("ola"), ticket.Created{
		Subject: "printer", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
	})
	require.NoError(t, err)
	due := created.Add(24 * time.Hour)
	again := shiftMonotonic(due, 2*time.Second) // the same wall clock, another monotonic reading
	require.False(t, due.Equal(again), "the monotonic readings differ")

	tk, events, err := tk.SetFollowUp(created.Add(time.Minute), ticket.Agent("ingrid"), ticket.FollowUpSet{Due: due, Owner: "ingrid"})
	require.NoError(t, err)
	require.Len(t, events, 1)
	_, events, err = tk.SetFollowUp(created.Add(2*time.Minute), ticket.Agent("ingrid"), ticket.FollowUpSet{Due: again, Owner: "ingrid"})
	require.NoError(t, err)
	require.Empty(t, events, "the same date again")

	tk, events, err = tk.Snooze(created.Add(3*time.Minute), ticket.Agent("ingrid"), due)
	require.NoError(t, err)
	require.Len(t, events, 1)
	_, events, err = tk.Snooze(created.Add(4*time.Minute), ticket.Agent("ingrid"), again)
	require.NoError(t, err)
	require.Empty(t, events, "snoozed until the same instant again")
}
