package ticket_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/wire_v1.jsonl was written by the previous encoder (encoding/json
// over the payload structs): decoding and encoding it again gives the same
// bytes, with EncodeEvents, json.Marshal and Event.MarshalJSON alike.
func TestWireCompatibleWithEarlierWriter(t *testing.T) {
	f, err := os.Open("testdata/wire_v1.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		line := sc.Bytes()
		events, err := ticket.Decoder{Strict: true}.DecodeEvents(line)
		require.NoError(t, err)
		out, err := ticket.EncodeEvents(events)
		require.NoError(t, err)
		assert.Equal(t, string(line), string(out), "EncodeEvents")
		out, err = json.Marshal(events)
		require.NoError(t, err)
		assert.Equal(t, string(line), string(out), "json.Marshal")
		var viaStd []ticket.Event
		require.NoError(t, json.Unmarshal(line, &viaStd), "through encoding/json")
		assert.Equal(t, events, viaStd)
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 3, lines)
}

// Unknown fields, written by a newer version, are kept wherever they are
// and written back; a strict decoder refuses each of them.
func TestWireKeepsUnknownFields(t *testing.T) {
	const id = `"ticket_id":"00000000-0000-0000-0000-000000000001"`
	tests := []struct {
		name, in string
	}{
		{"envelope", `{` + id + `,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{"public":true},"trace":{"span":[1,2.5e3,null,true,"x"]}}`},
		{"actor", `{` + id + `,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent","display":"Ada"},"type":"message","data":{"public":true}}`},
		{"data", `{` + id + `,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{"public":true,"language":"nb","sentiment":-0.5}}`},
		{"data before type", `{` + id + `,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"data":{"public":true,"language":"nb"},"type":"message"}`},
		{"requester and status", `{` + id + `,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"c","role":"customer"},"type":"created","data":{"subject":"","channel":"email","requester":{"customer_id":"c","vat":"NO1"},"status":{"name":"new","category":"new","color":"blue"},"sla":"gold"}}`},
		{"status change", `{` + id + `,"seq":2,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"status_changed","data":{"from":{"name":"new","category":"new","x":1},"to":{"name":"open","category":"open","y":2}}}`},
		{"field changes", `{` + id + `,"seq":2,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"fields_changed","data":{"changes":[{"field":"a","to":"1"},{"field":"b","to":"2","source":"api"}]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ticket.Decoder{}.Decode([]byte(tt.in))
			require.NoError(t, err)
			out, err := json.Marshal(e)
			require.NoError(t, err)
			assert.JSONEq(t, tt.in, string(out), "re-encoding keeps the unknown fields")
			again, err := ticket.Decoder{}.Decode(out)
			require.NoError(t, err)
			assert.Equal(t, e, again)
			out2, err := json.Marshal(again)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(out2), "canonical after one round trip")

			_, err = ticket.Decoder{Strict: true}.Decode([]byte(tt.in))
			assert.ErrorIs(t, err, ticket.ErrMalformedEvent)
			assert.ErrorContains(t, err, "unknown field")
		})
	}
}

// Empty lists and maps decode as absent, so decode → encode → decode gives
// the same events.
func TestWireEmptyCollectionsAreCanonical(t *testing.T) {
	const env = `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"c","role":"customer"},`
	for _, in := range []string{
		env + `"type":"created","data":{"subject":"","channel":"email","requester":{"customer_id":"c"},"tags":[],"fields":{},"status":{"name":"new","category":"new"}}}`,
		env + `"type":"tags_changed","data":{"added":[],"removed":["a"]}}`,
		env + `"type":"tags_changed","data":{"added":["a"],"removed":[]}}`,
	} {
		e, err := ticket.Decoder{Strict: true}.Decode([]byte(in))
		require.NoError(t, err, in)
		out, err := json.Marshal(e)
		require.NoError(t, err)
		again, err := ticket.Decoder{Strict: true}.Decode(out)
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(e, again), "%s\n%s", in, out)
	}
}

// Strings are escaped exactly as encoding/json escapes them, on random
// strings of every kind of character.
func TestWireStringEscapingMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	alphabet := []rune("aZ09 \"\\/<>&\t\n\r\b\f\x00\x01\x1f\x7féø✓😀\u2028\u2029\ufffd")
	n := 300
	if long() {
		n = 100000
	}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		require.True(t, utf8.ValidString(s))
		e := ticket.Event{TicketID: id(1), Seq: 2, At: t0, Actor: ingrid, Data: ticket.Message{Public: true, Body: s}}
		got, err := json.Marshal(e)
		require.NoError(t, err)
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Contains(t, string(got), `"body":`+string(want))
		back, err := ticket.Decoder{Strict: true}.Decode(got)
		require.NoError(t, err)
		assert.Equal(t, s, back.Data.(ticket.Message).Body)
	}
}

// Encoding refuses what it cannot write exactly, or what would not decode.
func TestWireEncodeErrors(t *testing.T) {
	for name, e := range map[string]ticket.Event{
		"invalid UTF-8 body":  {TicketID: id(1), Seq: 2, At: t0, Actor: ingrid, Data: ticket.Message{Body: "caf\xe9"}},
		"invalid UTF-8 actor": {TicketID: id(1), Seq: 2, At: t0, Actor: ticket.Agent("\xff"), Data: ticket.Message{}},
		"invalid payload":     {TicketID: id(1), Seq: 2, At: t0, Actor: ingrid, Data: ticket.Rated{Survey: ticket.SurveyCSAT, Score: 9, Scale: 5}},
		"year 10000":          {TicketID: id(1), Seq: 2, At: t0.AddDate(8000, 0, 0), Actor: ingrid, Data: ticket.Message{}},
	} {
		_, err := json.Marshal(e)
		assert.ErrorIs(t, err, ticket.ErrMalformedEvent, name)
		_, err = ticket.EncodeEvents([]ticket.Event{e})
		assert.ErrorIs(t, err, ticket.ErrMalformedEvent, name)
	}
}

// Instants decode as strictly as time.Time's own JSON decoding, and keep
// their offset.
func TestWireInstants(t *testing.T) {
	const pre = `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"`
	const post = `","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`
	for _, at := range []string{"2026-05-04T09:00:00Z", "2026-05-04T09:00:00.5+02:00", "2024-02-29T23:59:59.999999999-09:30", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59+23:59"} {
		e, err := ticket.Decoder{}.Decode([]byte(pre + at + post))
		require.NoError(t, err, at)
		out, err := json.Marshal(e)
		require.NoError(t, err)
		assert.True(t, bytes.Contains(out, []byte(`"at":"`+at+`"`)), "%s", out)
	}
	for _, at := range []string{"2026-05-04 09:00:00Z", "2026-02-29T09:00:00Z", "2026-05-04T24:00:00Z", "2026-05-04T09:00:60Z",
		"2026-05-04T09:00:00", "2026-05-04T09:00:00+24:00", "2026-05-04T09:00:00.Z", "2026-05-04T09:00:00.1234567891Z",
		"2026-05-04t09:00:00z", "26-05-04T09:00:00Z", "2026-05-04T09:00:00+0200"} {
		_, err := ticket.Decoder{}.Decode([]byte(pre + at + post))
		assert.ErrorIs(t, err, ticket.ErrMalformedEvent, at)
	}
}
