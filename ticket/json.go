package ticket

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The wire format of an event is one JSON object with a type discriminator:
//
//	{"ticket_id":"6f1c…","seq":2,"at":"2026-05-04T09:12:00+02:00",
//	 "actor":{"id":"ingrid","role":"agent"},"type":"message",
//	 "data":{"public":true,"channel":"email","body":"Hi!"}}
//
// Instants are RFC 3339 with nanoseconds and keep their offset; durations are
// integer nanoseconds. The format is stable: fields are only ever added.
// Decoding is strict — unknown fields, keys given twice or not spelled
// exactly as the field (encoding/json would match "SEQ" to "seq"), unknown
// types, unknown enumeration values, numbers out of range and invalid
// payloads are errors wrapping [ErrMalformedEvent] — so no part of a stored
// event is silently dropped or overridden. Encoding a decoded event
// gives back the same bytes for any input this package wrote.
type wireEvent struct {
	TicketID ID              `json:"ticket_id"`
	Seq      int             `json:"seq"`
	At       time.Time       `json:"at"`
	Actor    Actor           `json:"actor"`
	Type     EventType       `json:"type"`
	Data     json.RawMessage `json:"data"`
}

// DecodeError reports an event that cannot be decoded from its wire form. It
// wraps [ErrMalformedEvent] and the underlying cause.
type DecodeError struct {
	Seq     int // as far as it could be read; 0 if unknown
	Problem string
	Err     error
}

// Error implements the error interface.
func (e *DecodeError) Error() string {
	msg := "ticket: malformed event"
	if e.Seq > 0 {
		msg += fmt.Sprintf(" #%d", e.Seq)
	}
	msg += ": " + e.Problem
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns [ErrMalformedEvent] and the cause, if any.
func (e *DecodeError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrMalformedEvent, e.Err}
	}
	return []error{ErrMalformedEvent}
}

// MarshalJSON encodes the event in its wire format. An event without a
// payload, or with a payload that is not one of the values listed at [Data],
// cannot be encoded.
func (e Event) MarshalJSON() ([]byte, error) {
	if p := payloadProblem(e.Data); p != "" {
		return nil, &DecodeError{Seq: e.Seq, Problem: p}
	}
	data, err := json.Marshal(e.Data)
	if err != nil {
		return nil, err
	}
	return json.Marshal(wireEvent{TicketID: e.TicketID, Seq: e.Seq, At: e.At, Actor: e.Actor, Type: e.Data.Type(), Data: data})
}

// UnmarshalJSON decodes an event from its wire format, strictly: see the
// package documentation of the format. On error e is left unchanged.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w wireEvent
	if err := strictUnmarshal(b, &w); err != nil {
		return &DecodeError{Problem: "bad envelope", Err: err}
	}
	if err := checkKeys(b); err != nil {
		return &DecodeError{Seq: w.Seq, Problem: "bad keys", Err: err}
	}
	if len(w.Data) == 0 || bytes.Equal(w.Data, []byte("null")) {
		return &DecodeError{Seq: w.Seq, Problem: "no data"}
	}
	if w.Type == "" {
		return &DecodeError{Seq: w.Seq, Problem: "no type"}
	}
	d, err := decodeData(w.Type, w.Data)
	if err != nil {
		return &DecodeError{Seq: w.Seq, Problem: "bad " + string(w.Type) + " data", Err: err}
	}
	if err := d.validate(); err != nil {
		return &DecodeError{Seq: w.Seq, Problem: "invalid " + string(w.Type) + " data", Err: err}
	}
	*e = Event{TicketID: w.TicketID, Seq: w.Seq, At: w.At, Actor: w.Actor, Data: d}
	return nil
}

func decodeData(t EventType, raw []byte) (Data, error) {
	switch t {
	case TypeCreated:
		return decodeAs[Created](raw)
	case TypeMessage:
		return decodeAs[Message](raw)
	case TypeStatusChanged:
		return decodeAs[StatusChanged](raw)
	case TypeAssigned:
		return decodeAs[Assigned](raw)
	case TypePriorityChanged:
		return decodeAs[PriorityChanged](raw)
	case TypeTagsChanged:
		return decodeAs[TagsChanged](raw)
	case TypeFieldsChanged:
		return decodeAs[FieldsChanged](raw)
	case TypeMerged:
		return decodeAs[Merged](raw)
	case TypeLinked:
		return decodeAs[Linked](raw)
	case TypeRated:
		return decodeAs[Rated](raw)
	case TypeWorkflowApplied:
		return decodeAs[WorkflowApplied](raw)
	case TypeHandlingLogged:
		return decodeAs[HandlingLogged](raw)
	case TypeFollowUpSet:
		return decodeAs[FollowUpSet](raw)
	case TypeFollowUpCleared:
		return decodeAs[FollowUpCleared](raw)
	case TypeSnoozed:
		return decodeAs[Snoozed](raw)
	}
	return nil, &UnknownValueError{Kind: "event type", Value: string(t), Valid: enumStrings(eventTypes)}
}

func decodeAs[D Data](raw []byte) (Data, error) {
	var d D
	if err := strictUnmarshal(raw, &d); err != nil {
		return nil, err
	}
	return d, nil
}

// strictUnmarshal decodes exactly one JSON value into v, rejecting unknown
// fields and trailing data.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return problem("trailing data after the JSON value")
	}
	return nil
}

// maxDepth bounds the nesting checkKeys accepts; the wire format nests four
// levels deep.
const maxDepth = 16

// checkKeys checks the keys of every object in the JSON value b, which
// encoding/json would otherwise let through: a key given twice (the last
// would win silently), and in objects that map to structs, any key that is
// not spelled exactly as a field is (encoding/json matches field names
// case-insensitively, even "ſeq" for "seq"). Struct keys are lower-case
// snake_case; the one map in the format, Created.Fields under "fields",
// keeps the caller's spelling and is only checked for repeats.
func checkKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return checkValueKeys(dec, false, 0)
}

func checkValueKeys(dec *json.Decoder, isMap bool, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	if depth >= maxDepth {
		return problem("JSON nested too deeply")
	}
	if tok == json.Delim('[') {
		for dec.More() {
			if err := checkValueKeys(dec, false, depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	}
	var seen []string // objects here have a handful of keys
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if !isMap && !isFieldName(key) {
			return problemf("key %q is not a field name (lower-case snake_case)", key)
		}
		if slices.Contains(seen, key) {
			return problemf("key %q given twice", key)
		}
		seen = append(seen, key)
		if err := checkValueKeys(dec, !isMap && key == "fields", depth+1); err != nil {
			return err
		}
	}
	_, err = dec.Token()
	return err
}

func isFieldName(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return k != ""
}

// DecodeEvents decodes a JSON array of events, as written by json.Marshal of
// a []Event, and replays nothing: pass the result to [Replay].
func DecodeEvents(b []byte) ([]Event, error) {
	var events []Event
	if err := json.Unmarshal(b, &events); err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, &DecodeError{Problem: "bad event list", Err: err}
	}
	return events, nil
}
