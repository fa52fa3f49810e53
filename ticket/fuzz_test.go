package ticket_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// FuzzDecodeReplay feeds arbitrary bytes to the event decoder and replay:
// nothing panics; whatever decodes re-encodes to bytes that decode to the
// same events, unknown fields included, and encoding those gives the same
// bytes again (decode → encode is exact on anything this package wrote);
// the strict decoder accepts a subset and agrees where it accepts; both
// decodings replay to the same ticket or both fail; Step, and Apply after
// a Replay of every head, agree with Replay.
func FuzzDecodeReplay(f *testing.F) {
	h := fullHistory(f)
	b, err := json.Marshal(h.events)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte(`[]`))
	const env = `"seq":1,"at":"2026-05-04T09:00:00.5+02:00","actor":{"id":"a","role":"agent"},`
	const id = `"ticket_id":"00000000-0000-0000-0000-000000000001",`
	for _, seed := range []string{
		`[{` + id + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}]`,
		// Issue 13: no or null ticket_id, trailing ] or }, empty collections, unknown fields.
		`[{` + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}]`,
		`[{"ticket_id":null,` + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}]`,
		`[{` + id + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}]]`,
		`[{` + id + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}]}`,
		`[{` + id + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"tags":[],"fields":{},"status":{"name":"new","category":"new"}}}]`,
		`[{` + id + env + `"type":"tags_changed","data":{"added":[],"removed":["a"]}}]`,
		`[{` + id + env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c","x":1},"status":{"name":"new","category":"new","y":[{}]},"z":null},"w":"v"}]`,
		`[{` + id + env + `"type":"fields_changed","data":{"changes":[{"field":"a","to":"\u00e9\ud83d\ude00","n":2}]}}]`,
		`[{` + id + env + `"type":"message","data":{"body":"caf\xe9"}}]`,
		`[{` + id + env + `"data":{"public":true,"x":1},"type":"message"}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		events, err := ticket.DecodeEvents(in)
		strict, serr := ticket.Decoder{Strict: true}.DecodeEvents(in)
		if serr == nil && (err != nil || !reflect.DeepEqual(strict, events)) {
			t.Fatalf("strict decoding accepts what the default one does not, or differs: %v", err)
		}
		if err != nil {
			return
		}
		out, err := ticket.EncodeEvents(events)
		if err != nil {
			t.Fatalf("re-encode of decoded events failed: %v", err)
		}
		again, err := ticket.DecodeEvents(out)
		if err != nil {
			t.Fatalf("decode of re-encoded events failed: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(events, again) {
			t.Fatalf("events changed in a round trip:\n%+v\n%+v", events, again)
		}
		out2, err := json.Marshal(again)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("encoding is not canonical after one round trip:\n%s\n%s", out, out2)
		}
		tk, err := ticket.Replay(nil, events)
		tkAgain, errAgain := ticket.Replay(nil, again)
		if (err == nil) != (errAgain == nil) || !reflect.DeepEqual(tk, tkAgain) {
			t.Fatalf("replay differs after a round trip: %v / %v", err, errAgain)
		}
		// Stepping through the events in place refuses the event Replay
		// refuses, with its error, and otherwise ends at Replay's ticket.
		var stepped ticket.Ticket
		var stepErr error
		for _, e := range events {
			before := stepped
			if stepErr = stepped.Step(e); stepErr != nil {
				if !reflect.DeepEqual(before, stepped) {
					t.Fatalf("a refused step changed the ticket")
				}
				break
			}
		}
		switch {
		case len(events) == 0:
		case (err == nil) != (stepErr == nil):
			t.Fatalf("Replay and Step disagree: %v / %v", err, stepErr)
		case err != nil && err.Error() != stepErr.Error():
			t.Fatalf("Replay and Step refuse differently: %v / %v", err, stepErr)
		case err == nil && !reflect.DeepEqual(tk, stepped):
			t.Fatalf("Step ends elsewhere than Replay")
		}
		// Every split agrees too: Replay of a head that replays, then
		// Apply of the rest, ends at Replay's ticket or refuses with
		// Replay's error.
		for split := 1; split < len(events); split++ {
			head, herr := ticket.Replay(nil, events[:split])
			if herr != nil {
				if err == nil || herr.Error() != err.Error() {
					t.Fatalf("Replay refuses the first %d events (%v) but not the whole history the same way (%v)", split, herr, err)
				}
				continue
			}
			got, aerr := head.Apply(events[split:]...)
			switch {
			case (err == nil) != (aerr == nil):
				t.Fatalf("split at %d: Replay and Apply disagree: %v / %v", split, err, aerr)
			case err != nil && err.Error() != aerr.Error():
				t.Fatalf("split at %d: Replay and Apply refuse differently: %v / %v", split, err, aerr)
			case err == nil && !reflect.DeepEqual(tk, got):
				t.Fatalf("split at %d: Apply ends elsewhere than Replay", split)
			}
		}
	})
}

// FuzzRejectedCommandLeavesTicketUnchanged runs a command chosen by the
// fuzzer (Merge included) on a ticket in some status; a rejected command
// returns the ticket as it was and no events, an accepted one returns events
// that replay to the returned ticket, and no command writes to the
// receiver's tags or fields.
func FuzzRejectedCommandLeavesTicketUnchanged(f *testing.F) {
	f.Add(uint8(0), uint8(1), uint8(0), "vip", int64(60))
	f.Add(uint8(4), uint8(5), uint8(2), "", int64(-1))
	f.Add(uint8(5), uint8(3), uint8(1), "x", int64(0))
	f.Add(uint8(2), uint8(9), uint8(0), "", int64(4))
	f.Add(uint8(4), uint8(9), uint8(0), "", int64(3))
	// Issue 13: invalid UTF-8, reply with a status, out-of-order instants.
	f.Add(uint8(1), uint8(4), uint8(0), "caf\xe9", int64(5))
	f.Add(uint8(1), uint8(5), uint8(0), "\xff", int64(5))
	f.Add(uint8(0), uint8(0), uint8(1), "\xed\xa0\x80", int64(2))
	f.Add(uint8(4), uint8(10), uint8(0), "ok", int64(2))
	f.Add(uint8(5), uint8(10), uint8(1), "", int64(-600))
	statuses := []ticket.Status{ticket.StatusNew, ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusClosed, {Name: "bogus", Category: "open"}}
	roles := []ticket.Actor{ingrid, ola, botty, sysRule, {ID: "?", Role: "alien"}}
	f.Fuzz(func(t *testing.T, statusIdx, cmd, roleIdx uint8, s string, secs int64) {
		h := newTicket(t, 1)
		path := map[int][]ticket.Status{1: {ticket.StatusOpen}, 2: {ticket.StatusPending}, 3: {ticket.StatusOnHold}, 4: {ticket.StatusSolved}, 5: {ticket.StatusSolved, ticket.StatusClosed}}
		for i, st := range path[int(statusIdx)%6] {
			h.do(h.tk.SetStatus(at(i+1), ingrid, st))
		}
		before := h.tk
		beforeTags := append([]string(nil), before.Tags...)
		beforeFields := maps.Clone(before.Fields)
		by := roles[int(roleIdx)%len(roles)]
		when := at(10).Add(time.Duration(secs) * time.Second)
		var (
			got ticket.Ticket
			ev  []ticket.Event
			err error
		)
		var merged *ticket.MergeResult
		switch cmd % 11 {
		case 0:
			got, ev, err = before.Reply(when, by, ticket.Message{Public: secs%2 == 0, Body: s, Channel: ticket.Channel(s)})
		case 1:
			got, ev, err = before.SetStatus(when, by, statuses[int(secs&0xff)%len(statuses)])
		case 2:
			got, ev, err = before.Assign(when, by, s, "support")
		case 3:
			got, ev, err = before.SetPriority(when, by, ticket.Priority(s))
		case 4:
			got, ev, err = before.Tag(when, by, []string{s}, []string{"printer"})
		case 5:
			got, ev, err = before.SetFields(when, by, map[string]string{s: "v"})
		case 6:
			got, ev, err = before.Rate(when, by, ticket.Rated{Survey: ticket.Survey(s), Score: int(secs % 12), Scale: 10})
		case 7:
			got, ev, err = before.LogHandling(when, by, ticket.HandlingLogged{Agent: s, Kind: ticket.HandlingTalk, Duration: time.Duration(secs)})
		case 8:
			got, ev, err = before.ApplyWorkflow(when, by, ticket.WorkflowApplied{Kind: ticket.WorkflowKind(s), ID: s})
		case 9:
			// Merge this ticket into another one, or (odd secs) the other into this one.
			other := newTicket(t, 2)
			src, dst := before, other.tk
			if secs%2 != 0 {
				src, dst = dst, src
			}
			var res ticket.MergeResult
			res, err = ticket.Merge(when, by, src, dst)
			if err == nil {
				merged = &res
			} else if !reflect.DeepEqual(res, ticket.MergeResult{}) {
				t.Fatalf("rejected merge returned a result: %+v", res)
			}
			got = before
		case 10:
			got, ev, err = before.ReplyWithStatus(when, by, ticket.Message{Public: true, Body: s}, statuses[int(secs&0xff)%len(statuses)])
		}
		if merged != nil {
			// Only this ticket's history is in h; the other's is not checked.
			for _, side := range []struct {
				result ticket.Ticket
				ev     []ticket.Event
			}{
				{merged.Source, merged.SourceEvents},
				{merged.Target, merged.TargetEvents},
			} {
				if side.result.ID == before.ID {
					checkReplay(t, h.events, side.ev, side.result)
				}
			}
			if merged.Source.Status.Category != ticket.StatusCategoryClosed {
				t.Fatalf("merged source is %s, want closed", merged.Source.Status)
			}
		}
		if !reflect.DeepEqual(before.Fields, beforeFields) {
			t.Fatal("command changed the receiver's fields")
		}
		if !reflect.DeepEqual(before.Tags, beforeTags) {
			t.Fatal("command changed the receiver's tags")
		}
		if err != nil || len(ev) == 0 {
			if len(ev) != 0 || !reflect.DeepEqual(got, before) {
				t.Fatalf("rejected or no-op command changed the ticket (err=%v)", err)
			}
			return
		}
		checkReplay(t, h.events, ev, got)
	})
}

// checkReplay checks that the history prior followed by the events ev of an
// accepted command replays to want, the ticket the command returned.
func checkReplay(t *testing.T, prior, ev []ticket.Event, want ticket.Ticket) {
	t.Helper()
	all := append(append([]ticket.Event(nil), prior...), ev...)
	replayed, err := ticket.Replay(nil, all)
	if err != nil {
		t.Fatalf("accepted command produced unreplayable events: %v", err)
	}
	if !reflect.DeepEqual(replayed, want) {
		t.Fatalf("replay %+v differs from command result %+v", replayed, want)
	}
	// What a command accepts survives storage: CheckAppend agrees, and the
	// wire form decodes to the same events, which replay to the same ticket.
	if err := ticket.CheckAppend(want.ID, len(prior), ev); err != nil {
		t.Fatalf("CheckAppend refuses a command's events: %v", err)
	}
	b, err := ticket.EncodeEvents(all)
	if err != nil {
		t.Fatalf("a command's events do not encode: %v", err)
	}
	decoded, err := ticket.Decoder{Strict: true}.DecodeEvents(b)
	if err != nil {
		t.Fatalf("a command's events do not decode: %v", err)
	}
	if again, err := ticket.Replay(nil, decoded); err != nil || !reflect.DeepEqual(again.Tags, want.Tags) ||
		!reflect.DeepEqual(again.Fields, want.Fields) || again.Version != want.Version || again.Status != want.Status {
		t.Fatalf("decoded events replay differently: %v", err)
	}
}
