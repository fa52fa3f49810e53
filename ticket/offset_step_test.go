package ticket_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// createdJSON is a message event's wire form with the instant at.
func createdJSON(seq int, at string) string {
	return fmt.Sprintf(`{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":%d,"at":%q,"actor":{"id":"a","role":"agent"},"type":"message","data":{"public":true,"channel":"email"}}`, seq, at)
}

// TestZeroOffsetDecodesUTC: +00:00 and -00:00 decode as UTC, as Z
// does, with or without a fraction; other offsets are fixed zones; the
// instants agree with time.Time's own decoding; decoding what was encoded
// gives the same value.
func TestZeroOffsetDecodesUTC(t *testing.T) {
	ins := []string{
		"2026-03-02T09:00:00Z", "2026-03-02T09:00:00+00:00", "2026-03-02T09:00:00-00:00",
		"2026-03-02T09:00:00.5+00:00", "2026-03-02T09:00:00.123456789-00:00",
		"2026-03-02T09:00:00+01:00", "2026-03-02T09:00:00-00:30", "2026-03-02T09:00:00+00:01",
		"2026-03-02T23:59:59.999999999+23:59", "2026-03-02T00:00:00-23:59", "0000-01-01T00:00:00+00:00",
		"9999-12-31T23:59:59-00:00", "2024-02-29T12:00:00+00:00",
	}
	for _, in := range ins {
		e, err := ticket.Decoder{}.Decode([]byte(createdJSON(1, in)))
		require.NoError(t, err, in)
		var std time.Time
		require.NoError(t, json.Unmarshal([]byte(`"`+in+`"`), &std), in)
		assert.True(t, std.Equal(e.At), "%s: %v vs std %v", in, e.At, std)
		_, off := e.At.Zone()
		_, stdOff := std.Zone()
		assert.Equal(t, stdOff, off, in)
		if off == 0 {
			assert.Same(t, time.UTC, e.At.Location(), in)
		} else {
			assert.NotSame(t, time.UTC, e.At.Location(), in)
		}
		b, err := json.Marshal(e)
		require.NoError(t, err)
		again, err := ticket.Decoder{}.Decode(b)
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(e, again), "%s: %s", in, b)
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		assert.Equal(t, string(b), string(b2), in)
	}
}

// TestDecodeMixedOffsets: one decoding with zero and non-zero offsets in
// turn keeps each event's own offset.
func TestDecodeMixedOffsets(t *testing.T) {
	offs := []string{"+01:00", "+00:00", "-00:00", "+01:00", "Z", "+02:00", "-00:00", "+02:00", "-01:00"}
	var parts []string
	for i, o := range offs {
		parts = append(parts, createdJSON(i+1, fmt.Sprintf("2026-03-02T09:%02d:00%s", i, o)))
	}
	evs, err := ticket.DecodeEvents([]byte("[" + strings.Join(parts, ",") + "]"))
	require.NoError(t, err)
	require.Len(t, evs, len(offs))
	for i, e := range evs {
		_, off := e.At.Zone()
		want := 0
		switch offs[i] {
		case "+01:00":
			want = 3600
		case "+02:00":
			want = 7200
		case "-01:00":
			want = -3600
		}
		assert.Equal(t, want, off, "event %d %s", i, offs[i])
		if want == 0 {
			assert.Same(t, time.UTC, e.At.Location(), "event %d", i)
		}
		assert.Equal(t, 9, e.At.Hour(), "event %d: wall clock kept", i)
	}
	b, err := ticket.EncodeEvents(evs)
	require.NoError(t, err)
	again, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(evs, again))
}

// TestInstantStrictness: what time.Time's JSON decoding refuses, the
// decoder refuses, and the reverse, for zero-offset variants and near
// misses.
func TestInstantStrictness(t *testing.T) {
	ins := []string{
		"2026-03-02T09:00:00+00", "2026-03-02T09:00:00+0000", "2026-03-02T09:00:00 +00:00",
		"2026-03-02T09:00:00+00:00Z", "2026-03-02T09:00:00z", "2026-03-02t09:00:00Z",
		"2026-03-02T09:00:00+24:00", "2026-03-02T09:00:00-00:60", "2026-03-02T09:00:00.+00:00",
		"2026-03-02T09:00:00.0000000000+00:00", "2026-03-02T09:00:60-00:00", "2026-02-29T09:00:00+00:00",
		"2026-03-02T09:00:00+0a:00", "2026-03-02T09:00:00−00:00", "2026-03-02 09:00:00+00:00",
		"2026-03-02T09:00:00.1Z", "2026-03-02T09:00:00+00:00",
	}
	stricter := map[string]bool{"2026-03-02T09:00:00+24:00": true, "2026-03-02T09:00:00-00:60": true, "2026-03-02T09:00:00.0000000000+00:00": true}
	for _, in := range ins {
		_, err := ticket.Decoder{}.Decode([]byte(createdJSON(1, in)))
		var std time.Time
		stdErr := json.Unmarshal([]byte(`"`+in+`"`), &std)
		if stricter[in] { // documented: offsets under 24 hours, one to nine fraction digits
			assert.Error(t, err, in)
			continue
		}
		assert.Equal(t, stdErr == nil, err == nil, "%q: std %v, decoder %v", in, stdErr, err)
	}
}

// TestStepCreatedTagsOwned: the tags of a created event are the
// ticket's own after Step, Replay and Apply: changing the event's slice
// later changes no ticket, and tags are sorted.
func TestStepCreatedTagsOwned(t *testing.T) {
	tags := []string{"z", "a", "m"}
	tk, evs, err := ticket.Create(nil, id(4), t0, ola, ticket.Created{
		Subject: "s", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Tags: tags,
	})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "m", "z"}, tk.Tags)
	d := evs[0].Data.(ticket.Created)
	var st ticket.Ticket
	require.NoError(t, st.Step(evs[0]))
	rp, err := ticket.Replay(nil, evs)
	require.NoError(t, err)
	ap, err := ticket.Ticket{}.Apply(evs...)
	require.NoError(t, err)
	for i := range d.Tags {
		d.Tags[i] = "changed"
	}
	for _, x := range []ticket.Ticket{tk, st, rp, ap} {
		assert.Equal(t, []string{"a", "m", "z"}, x.Tags)
	}
	// no tags: nil, as Replay gives
	_, evs2, err := ticket.Create(nil, id(5), t0, ola, ticket.Created{
		Subject: "s", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Tags: []string{},
	})
	require.NoError(t, err)
	var st2 ticket.Ticket
	require.NoError(t, st2.Step(evs2[0]))
	rp2, err := ticket.Replay(nil, evs2)
	require.NoError(t, err)
	assert.Nil(t, st2.Tags)
	assert.True(t, reflect.DeepEqual(rp2, st2))
}

// TestStepRefusesSecondCreated: a created event after the first, with
// the right sequence number, is refused by Step as by Apply, and the
// ticket is unchanged.
func TestStepRefusesSecondCreated(t *testing.T) {
	h := newTicket(t, 6)
	h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusOpen))
	tk, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	e := h.events[0]
	e.Seq = tk.Version + 1
	e.At = at(2)
	before := snapshot(tk)
	_, wantErr := tk.Apply(e)
	err = tk.Step(e)
	require.Error(t, wantErr)
	require.ErrorIs(t, err, ticket.ErrCorruptHistory)
	require.Equal(t, wantErr.Error(), err.Error())
	require.True(t, reflect.DeepEqual(before, tk))
	// an event at the same instant as the last is fine, one before it is not
	ok := h.events[len(h.events)-1]
	ok.Seq = tk.Version + 1
	ok.Data = ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "x"}
	require.NoError(t, tk.Step(ok))
	late := ok
	late.Seq++
	late.At = ok.At.Add(-time.Nanosecond)
	require.ErrorIs(t, tk.Step(late), ticket.ErrCorruptHistory)
}
