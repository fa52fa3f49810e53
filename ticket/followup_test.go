package ticket_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFollowUpDateAndSnooze(t *testing.T) {
	h := newTicket(t, 1)
	due := at(24 * 60)
	h.do(h.tk.SetFollowUp(at(1), ingrid, ticket.FollowUpSet{Due: due, Owner: "ingrid", Note: "call back"}))
	assert.True(t, h.tk.FollowUpDate.Due.Equal(due))
	assert.Equal(t, "ingrid", h.tk.FollowUpDate.Owner)

	same, ev, err := h.tk.SetFollowUp(at(2), ingrid, ticket.FollowUpSet{Due: due, Owner: "ingrid", Note: "call back"})
	require.NoError(t, err)
	assert.Empty(t, ev, "setting the same follow-up date again is a no-op")
	assert.Equal(t, h.tk.Version, same.Version)

	h.do(h.tk.SetFollowUp(at(2), ingrid, ticket.FollowUpSet{Due: at(30), Owner: "support"}))
	assert.True(t, h.tk.FollowUpDate.Due.Equal(at(30)), "a new date replaces the last")
	h.do(h.tk.ClearFollowUp(at(3), ingrid))
	assert.True(t, h.tk.FollowUpDate.Due.IsZero())
	_, ev, err = h.tk.ClearFollowUp(at(3), ingrid)
	require.NoError(t, err)
	assert.Empty(t, ev, "clearing without a date is a no-op")

	h.do(h.tk.Snooze(at(4), ingrid, at(60)))
	assert.True(t, h.tk.SnoozedUntil.Equal(at(60)))
	h.do(h.tk.Snooze(at(5), ingrid, at(90)))
	assert.True(t, h.tk.SnoozedUntil.Equal(at(90)), "a new snooze replaces the last")
	h.do(h.tk.Snooze(at(6), ingrid, time.Time{}))
	assert.True(t, h.tk.SnoozedUntil.IsZero())
	_, ev, err = h.tk.Snooze(at(6), ingrid, time.Time{})
	require.NoError(t, err)
	assert.Empty(t, ev, "waking a ticket that is not snoozed is a no-op")

	got, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	assert.Equal(t, h.tk.FollowUpDate, got.FollowUpDate)
	assert.True(t, got.SnoozedUntil.IsZero())

	b, err := json.Marshal(h.events)
	require.NoError(t, err)
	back, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(again))
}

func TestFollowUpDateWireShape(t *testing.T) {
	e := ticket.Event{TicketID: id(1), Seq: 2, At: t0, Actor: ingrid,
		Data: ticket.FollowUpSet{Due: time.Date(2026, 5, 8, 10, 0, 0, 0, time.FixedZone("", 2*3600)), Owner: "ingrid", Note: "call Ola"}}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":2,"at":"2026-05-04T09:00:00Z",
		"actor":{"id":"ingrid","role":"agent"},"type":"follow_up_set",
		"data":{"due":"2026-05-08T10:00:00+02:00","owner":"ingrid","note":"call Ola"}}`, string(b))
	e.Data = ticket.FollowUpCleared{}
	b, err = json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"type":"follow_up_cleared","data":{}`)
	e.Data = ticket.Snoozed{}
	b, err = json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"type":"snoozed","data":{}`)
}

func TestFollowUpDateErrors(t *testing.T) {
	h := newTicket(t, 1)
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"no due time", func() error {
			_, _, err := h.tk.SetFollowUp(at(1), ingrid, ticket.FollowUpSet{Owner: "ingrid"})
			return err
		}, ticket.ErrInvalidCommand},
		{"due time with a seconds offset", func() error {
			_, _, err := h.tk.SetFollowUp(at(1), ingrid, ticket.FollowUpSet{Due: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 61))})
			return err
		}, ticket.ErrInvalidCommand},
		{"snooze until year 10000", func() error {
			_, _, err := h.tk.Snooze(at(1), ingrid, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
			return err
		}, ticket.ErrInvalidCommand},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, tt.run(), tt.want)
		})
	}

	closed := newTicket(t, 2)
	closed.do(closed.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
	closed.do(closed.tk.SetStatus(at(2), ingrid, ticket.StatusClosed))
	_, _, err := closed.tk.Snooze(at(3), ingrid, at(90))
	assert.ErrorIs(t, err, ticket.ErrClosed)

	corrupt := []struct {
		name string
		data ticket.Data
	}{
		{"cleared without a date", ticket.FollowUpCleared{}},
		{"woken without a snooze", ticket.Snoozed{}},
	}
	for _, tt := range corrupt {
		t.Run(tt.name, func(t *testing.T) {
			events := append(append([]ticket.Event(nil), h.events...), ticket.Event{TicketID: id(1), Seq: 2, At: at(1), Actor: ingrid, Data: tt.data})
			_, err := ticket.Replay(nil, events)
			assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
		})
	}
}

// FuzzFollowUpDecodeReplay decodes arbitrary bytes as a history that sets,
// clears and snoozes: nothing panics, whatever decodes re-encodes to the
// same bytes after one round trip, and replays the same either way.
func FuzzFollowUpDecodeReplay(f *testing.F) {
	h := newTicket(f, 1)
	h.do(h.tk.SetFollowUp(at(1), ingrid, ticket.FollowUpSet{Due: at(600), Owner: "ingrid", Note: "call Ola back"}))
	h.do(h.tk.Snooze(at(2), ingrid, at(120)))
	h.do(h.tk.Snooze(at(3), ingrid, time.Time{}))
	h.do(h.tk.ClearFollowUp(at(4), ingrid))
	b, err := json.Marshal(h.events)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)-40])
	f.Fuzz(func(t *testing.T, in []byte) {
		events, err := ticket.DecodeEvents(in)
		if err != nil {
			return
		}
		out, err := json.Marshal(events)
		require.NoError(t, err)
		again, err := ticket.DecodeEvents(out)
		require.NoError(t, err)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
		tk, err := ticket.Replay(nil, events)
		tk2, err2 := ticket.Replay(nil, again)
		require.Equal(t, err == nil, err2 == nil)
		if err == nil {
			require.True(t, tk.SnoozedUntil.Equal(tk2.SnoozedUntil))
			require.True(t, tk.FollowUpDate.Due.Equal(tk2.FollowUpDate.Due))
		}
	})
}

// A snooze that a customer's reply, a solve or a close may have ended
// early (under the follow-up rules) is over, so snoozing until the same
// instant again is a new snooze. It was a no-op, since SnoozedUntil had
// not changed: an agent could not put the ticket back to sleep until the
// Friday it slept until before the customer wrote.
func TestResnoozeToTheSameInstant(t *testing.T) {
	friday := at(3 * 24 * 60)
	resnooze := func(h *history, when time.Time) []ticket.Event {
		t.Helper()
		_, ev, err := h.tk.Snooze(when, ingrid, friday)
		require.NoError(t, err)
		return ev
	}

	h := newTicket(t, 1)
	h.do(h.tk.Snooze(at(1), ingrid, friday))
	assert.Empty(t, resnooze(h, at(2)), "nothing since: the same snooze")
	h.do(h.tk.Reply(at(3), ingrid, ticket.Message{Body: "We are on it.", Public: true}))
	h.do(h.tk.Reply(at(4), ola, ticket.Message{Body: "Out of office", Public: true, Automated: true}))
	h.do(h.tk.Reply(at(5), ingrid, ticket.Message{Body: "Asked the vendor", Public: false}))
	assert.Empty(t, resnooze(h, at(6)), "an agent's reply or note, or an automated answer, end no snooze")

	h.do(h.tk.Reply(at(7), ola, ticket.Message{Body: "Any news?", Public: true}))
	ev := resnooze(h, at(8))
	require.Len(t, ev, 1, "after the customer's reply it is a new snooze")
	assert.Equal(t, ticket.Snoozed{Until: friday}, ev[0].Data)
	h.do(h.tk.Snooze(at(8), ingrid, friday))
	assert.Empty(t, resnooze(h, at(9)), "and once snoozed again, the same snooze")

	h.do(h.tk.SetStatus(at(10), ingrid, ticket.StatusSolved))
	h.do(h.tk.SetStatus(at(11), ingrid, ticket.StatusOpen))
	assert.Len(t, resnooze(h, at(12)), 1, "after a solve it is a new snooze")

	// Replay folds the same state: the stored history answers the same.
	got, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	assert.Equal(t, h.tk, got)
	_, ev, err = got.Snooze(at(12), ingrid, friday)
	require.NoError(t, err)
	assert.Len(t, ev, 1)
	_, ev, err = got.Snooze(at(12), ingrid, time.Time{})
	require.NoError(t, err)
	assert.Len(t, ev, 1, "waking a snoozed ticket is still an unsnooze")
}
