package ticket_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullHistory runs every command kind on one ticket and returns its events.
func fullHistory(t testing.TB) *history {
	t.Helper()
	h := newTicket(t, 1)
	h.do(h.tk.Assign(at(1), sysRule, "ingrid", "support"))
	h.do(h.tk.Reply(at(2), ingrid, ticket.Message{Public: true, Body: "Looking into it", MacroID: "m-1"}))
	h.do(h.tk.ApplyWorkflow(at(2), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m-1", Name: "Triage"}))
	h.do(h.tk.Reply(at(3), ingrid, ticket.Message{Body: "internal: vendor bug"}))
	h.do(h.tk.SetPriority(at(4), ingrid, ticket.PriorityHigh))
	h.do(h.tk.Tag(at(5), ingrid, []string{"vendor"}, []string{"hardware"}))
	h.do(h.tk.SetFields(at(6), ingrid, map[string]string{"category": "hardware", "model": "LX-9"}))
	h.do(h.tk.SetStatus(at(7), ingrid, ticket.StatusPending))
	h.do(h.tk.Reply(at(8), ola, ticket.Message{Public: true, Body: "Any news?"}))
	h.do(h.tk.LogHandling(at(9), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: 90 * time.Second}))
	h.do(h.tk.SetStatus(at(10), ingrid, ticket.StatusSolved))
	h.do(h.tk.Rate(at(11), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 4, Scale: 5, Comment: "ok"}))
	other := newTicket(t, 2)
	res, err := ticket.Merge(at(12), ingrid, other.tk, h.tk)
	require.NoError(t, err)
	h.do(res.Target, res.TargetEvents, nil)
	h.do(h.tk.SetStatus(at(13), sysRule, ticket.StatusClosed))
	return h
}

func TestReplayEqualsCommands(t *testing.T) {
	h := fullHistory(t)
	got, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	// Every field, the lifecycle (compared by value) included.
	assert.Equal(t, h.tk, got)
	assert.Equal(t, 0, got.Reopens, "pending → open on a customer reply is not a reopen")
	assert.True(t, got.FirstSolvedAt.Equal(at(10)))
	assert.True(t, got.UpdatedAt.Equal(at(13)))
	assert.Equal(t, ticket.TypeMerged, h.events[len(h.events)-2].Type())
}

// corruptHistory is a history Replay refuses, at event seq.
type corruptHistory struct {
	name   string
	events []ticket.Event
	seq    int
}

// corruptHistories returns fullHistory's events spoiled in each way Replay
// must catch.
func corruptHistories(t testing.TB) []corruptHistory {
	t.Helper()
	h := fullHistory(t)
	good := h.events
	mutate := func(f func(ev []ticket.Event) []ticket.Event) []ticket.Event {
		cp := append([]ticket.Event(nil), good...)
		return f(cp)
	}
	return []corruptHistory{
		{name: "empty", events: nil, seq: 0},
		{name: "first not created", events: good[1:], seq: 2},
		{name: "foreign ticket", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[3].TicketID = id(7); return ev }), seq: 4},
		{name: "gap", events: mutate(func(ev []ticket.Event) []ticket.Event { return append(ev[:4], ev[5:]...) }), seq: 6},
		{name: "repeat", events: mutate(func(ev []ticket.Event) []ticket.Event { return append(ev[:5], ev[4:]...) }), seq: 5},
		{name: "time goes backwards", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[5].At = t0.Add(-time.Hour); return ev }), seq: 6},
		{name: "no payload", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[2].Data = nil; return ev }), seq: 3},
		{name: "payload held by pointer", events: mutate(func(ev []ticket.Event) []ticket.Event {
			sc := ev[9].Data.(ticket.StatusChanged)
			ev[9].Data = &sc
			return ev
		}), seq: 10},
		{name: "nil pointer payload", events: mutate(func(ev []ticket.Event) []ticket.Event {
			var m *ticket.Message
			ev[2].Data = m
			return ev
		}), seq: 3},
		{name: "invalid payload", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[6].Data = ticket.PriorityChanged{From: ticket.PriorityNormal, To: "meh"}
			return ev
		}), seq: 7},
		{name: "second created", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[2].Data = ev[0].Data
			return ev
		}), seq: 3},
		{name: "status change from wrong status", events: mutate(func(ev []ticket.Event) []ticket.Event {
			sc := ev[9].Data.(ticket.StatusChanged)
			sc.From = ticket.StatusSolved
			ev[9].Data = sc
			return ev
		}), seq: 10},
		{name: "no instant", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[0].At = time.Time{}; return ev }), seq: 1},
		{name: "reopen flag on a change that is no reopen", events: mutate(func(ev []ticket.Event) []ticket.Event {
			sc := ev[9].Data.(ticket.StatusChanged)
			sc.Reopen = true
			ev[9].Data = sc
			return ev
		}), seq: 10},
		{name: "assignment from wrong group", events: mutate(func(ev []ticket.Event) []ticket.Event {
			a := ev[1].Data.(ticket.Assigned)
			a.PrevGroup = "tier2"
			ev[1].Data = a
			return ev
		}), seq: 2},
		{name: "field change from wrong value", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[8].Data = ticket.FieldsChanged{Changes: []ticket.FieldChange{{Field: "category", From: "software", To: "hardware"}, {Field: "model", To: "LX-9"}}}
			return ev
		}), seq: 9},
		{name: "custom field change from wrong value", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[8].Data = ticket.FieldsChanged{Changes: []ticket.FieldChange{{Field: "category", To: "hardware"}, {Field: "model", From: "LX-8", To: "LX-9"}}}
			return ev
		}), seq: 9},
		{name: "tag added that the ticket has", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[7].Data = ticket.TagsChanged{Added: []string{"printer", "vendor"}, Removed: []string{"hardware"}}
			return ev
		}), seq: 8},
		{name: "tag removed that the ticket lacks", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[7].Data = ticket.TagsChanged{Added: []string{"vendor"}, Removed: []string{"absent", "hardware"}}
			return ev
		}), seq: 8},
		{name: "tags not sorted", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[7].Data = ticket.TagsChanged{Added: []string{"vendor", "a"}, Removed: []string{"hardware"}}
			return ev
		}), seq: 8},
		{name: "merged with itself", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[15].Data = ticket.Merged{From: id(1)}; return ev }), seq: 16},
		{name: "merged in twice", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[16].Data = ticket.Merged{From: id(2)}; return ev }), seq: 17},
		{name: "linked to itself", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[4].Data = ticket.Linked{FollowUpOf: id(1)}; return ev }), seq: 5},
		{name: "linked twice", events: mutate(func(ev []ticket.Event) []ticket.Event {
			ev[4].Data = ticket.Linked{FollowUpOf: id(8)}
			ev[5].Data = ticket.Linked{FollowUpOf: id(9)}
			return ev
		}), seq: 6},
		{name: "created with a repeated tag out of order", events: mutate(func(ev []ticket.Event) []ticket.Event {
			c := ev[0].Data.(ticket.Created)
			c.Tags = []string{"printer", "hardware", "printer"}
			ev[0].Data = c
			return ev
		}), seq: 1},
		{name: "unknown role", events: mutate(func(ev []ticket.Event) []ticket.Event { ev[1].Actor.Role = "ghost"; return ev }), seq: 2},
		{name: "event after close", events: mutate(func(ev []ticket.Event) []ticket.Event {
			extra := ev[len(ev)-1]
			extra.Seq++
			extra.Data = ticket.Message{Public: true}
			return append(ev, extra)
		}), seq: len(good) + 1},
	}
}

func TestReplayCorruptHistory(t *testing.T) {
	tests := corruptHistories(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ticket.Replay(nil, tt.events)
			require.ErrorIs(t, err, ticket.ErrCorruptHistory)
			var re *ticket.ReplayError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.seq, re.Seq, re.Error())
			assert.True(t, got.IsZero())
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	h := fullHistory(t)
	// Use a non-UTC offset on one event: it must survive.
	oslo := time.FixedZone("", 2*3600)
	h.events[1].At = h.events[1].At.In(oslo)

	b, err := json.Marshal(h.events)
	require.NoError(t, err)
	decoded, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	require.Len(t, decoded, len(h.events))
	seen := map[ticket.EventType]bool{}
	for i := range decoded {
		seen[decoded[i].Type()] = true
		assert.True(t, h.events[i].At.Equal(decoded[i].At))
		assert.Equal(t, h.events[i].Data, decoded[i].Data, "event %d", i+1)
		assert.Equal(t, h.events[i].Actor, decoded[i].Actor)
	}
	// Linked only appears on follow-ups; everything else is in this history.
	assert.Len(t, seen, 11)
	again, err := json.Marshal(decoded)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(again), "decode → encode is exact")

	got, err := ticket.Replay(nil, decoded)
	require.NoError(t, err)
	assert.Equal(t, h.tk, got, "the decoded history replays to the ticket the commands made")

	// Linked and a follow-up.
	fu, fev, err := ticket.FollowUp(h.tk, id(5), at(20), ola, ticket.Created{}, ticket.Message{Public: true, Body: "Again!"})
	require.NoError(t, err)
	b, err = json.Marshal(fev)
	require.NoError(t, err)
	fdec, err := ticket.DecodeEvents(b)
	require.NoError(t, err)
	assert.Equal(t, fev[1].Data, fdec[1].Data)
	assert.Equal(t, fu.FollowUpOf, fdec[1].Data.(ticket.Linked).FollowUpOf)
}

func TestJSONWireShape(t *testing.T) {
	e := ticket.Event{TicketID: id(1), Seq: 2, At: time.Date(2026, 5, 4, 9, 12, 0, 0, time.FixedZone("", 7200)),
		Actor: ingrid, Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "Hi!"}}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":2,"at":"2026-05-04T09:12:00+02:00",
		"actor":{"id":"ingrid","role":"agent"},"type":"message","data":{"public":true,"channel":"email","body":"Hi!"}}`, string(b))

	_, err = json.Marshal(ticket.Event{Seq: 1})
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent, "no payload")
	var nilMsg *ticket.Message
	_, err = json.Marshal(ticket.Event{Seq: 1, Data: nilMsg})
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent, "nil pointer payload")
	_, err = json.Marshal(ticket.Event{Seq: 1, Data: &ticket.Message{}})
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent, "pointer payload")
	assert.Equal(t, ticket.EventType(""), ticket.Event{Data: nilMsg}.Type())
}

func TestJSONDecodeErrors(t *testing.T) {
	const env = `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},`
	tests := []struct {
		name string
		in   string
	}{
		{"not json", `{`},
		{"array", `[]`},
		{"unknown type", env + `"type":"teleported","data":{}}`},
		{"no type", env + `"data":{}}`},
		{"no data", env + `"type":"message"}`},
		{"null data", env + `"type":"message","data":null}`},
		{"no ticket_id", `{"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"null ticket_id", `{"ticket_id":null,"seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"nil UUID ticket_id", `{"ticket_id":"00000000-0000-0000-0000-000000000000","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"trailing ]", env + `"type":"message","data":{}}]`},
		{"trailing }", env + `"type":"message","data":{}}}`},
		{"invalid UTF-8", env + "\"type\":\"message\",\"data\":{\"body\":\"caf\xe9\"}}"},
		{"lone surrogate", env + `"type":"message","data":{"body":"\ud800"}}`},
		{"null string", env + `"type":"message","data":{"body":null}}`},
		{"unknown field with a case-folded name", env + `"type":"message","data":{"Publik":true}}`},
		{"unknown field given twice", env + `"type":"message","data":{"x":1,"x":2}}`},
		{"bad JSON in an unknown field", env + `"type":"message","data":{"x":[1,}}`},
		{"unknown enum", env + `"type":"message","data":{"channel":"fax"}}`},
		{"unknown role", `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"god"},"type":"message","data":{}}`},
		{"invalid payload", env + `"type":"rated","data":{"survey":"csat","score":9,"scale":5}}`},
		{"bad uuid", `{"ticket_id":"nope","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"bad time", `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"yesterday","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"trailing data", env + `"type":"message","data":{}} {}`},
		{"wrong type in data", env + `"type":"message","data":{"public":"yes"}}`},
		{"duplicate envelope key", env + `"seq":2,"type":"message","data":{}}`},
		{"duplicate data key", env + `"type":"message","data":{"body":"a","body":"b"}}`},
		{"duplicate custom field", env + `"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"},"fields":{"k":"1","k":"2"}}}`},
		{"case-folded envelope key", env + `"SEQ":2,"type":"message","data":{}}`},
		{"case-folded nested key", `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","Role":"agent"},"type":"message","data":{}}`},
		{"unicode-folded data key", env + `"type":"created","data":{"ſubject":"x","channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"}}}`},
		{"seq out of range", `{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1e400,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`},
		{"score out of range", env + `"type":"rated","data":{"survey":"nps","score":99999999999999999999,"scale":10}}`},
		{"null tag", env + `"type":"tags_changed","data":{"added":["a",null]}}`},
		{"null field change", env + `"type":"fields_changed","data":{"changes":[null]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ticket.Event{TicketID: id(9), Seq: 9, At: t0, Actor: ingrid, Data: ticket.Message{Body: "before"}}
			want := e
			assert.ErrorIs(t, e.UnmarshalJSON([]byte(tt.in)), ticket.ErrMalformedEvent)
			assert.Equal(t, want, e, "event left unchanged")
			assert.Error(t, json.Unmarshal([]byte(tt.in), &e), "through encoding/json")
		})
	}
	// Custom field names keep the caller's spelling.
	var e ticket.Event
	require.NoError(t, json.Unmarshal([]byte(env+`"type":"created","data":{"channel":"email","requester":{"customer_id":"c"},"status":{"name":"new","category":"new"},"fields":{"SKU":"1","sku":"2"}}}`), &e))
	assert.Equal(t, map[string]string{"SKU": "1", "sku": "2"}, e.Data.(ticket.Created).Fields)
	// An offset of almost a day is a valid RFC 3339 instant and survives.
	require.NoError(t, json.Unmarshal([]byte(`{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00-23:59","actor":{"id":"a","role":"agent"},"type":"message","data":{}}`), &e))
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"at":"2026-05-04T09:00:00-23:59"`)

	_, err = ticket.DecodeEvents([]byte(`[{"seq":1}]`))
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent)
	_, err = ticket.DecodeEvents([]byte(`{}`))
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent)
	_, err = ticket.DecodeEvents([]byte(`[null]`))
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent, "null event")
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	_, err = ticket.DecodeEvents([]byte(`[{"ticket_id":"00000000-0000-0000-0000-000000000001","seq":1,"at":"2026-05-04T09:00:00Z","actor":{"id":"a","role":"agent"},"type":"tags_changed","data":{"added":` + deep + `}}]`))
	assert.ErrorIs(t, err, ticket.ErrMalformedEvent, "deep nesting")
}

func TestEnums(t *testing.T) {
	p, err := ticket.ParsePriority("urgent")
	require.NoError(t, err)
	assert.Equal(t, ticket.PriorityUrgent, p)
	assert.Equal(t, 4, p.Rank())
	assert.Equal(t, 0, ticket.Priority("").Rank())
	_, err = ticket.ParsePriority("Urgent")
	assert.ErrorIs(t, err, ticket.ErrUnknownValue)
	var ue *ticket.UnknownValueError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "priority", ue.Kind)

	var c ticket.Channel
	require.NoError(t, c.UnmarshalText([]byte("walk_in")))
	assert.Equal(t, ticket.ChannelWalkIn, c)
	require.NoError(t, c.UnmarshalText(nil))
	assert.Equal(t, ticket.Channel(""), c, "empty is the unknown zero value")
	assert.ErrorIs(t, c.UnmarshalText([]byte("fax")), ticket.ErrUnknownValue)

	for _, parse := range []func(string) error{
		func(s string) error { _, err := ticket.ParseStatusCategory(s); return err },
		func(s string) error { _, err := ticket.ParseChannel(s); return err },
		func(s string) error { _, err := ticket.ParseRole(s); return err },
		func(s string) error { _, err := ticket.ParseSurvey(s); return err },
		func(s string) error { _, err := ticket.ParseEventType(s); return err },
		func(s string) error { _, err := ticket.ParseWorkflowKind(s); return err },
		func(s string) error { _, err := ticket.ParseHandlingKind(s); return err },
	} {
		assert.ErrorIs(t, parse("nonsense"), ticket.ErrUnknownValue)
		assert.ErrorIs(t, parse(""), ticket.ErrUnknownValue)
	}
	assert.Len(t, ticket.StatusCategories(), 6)
	assert.Len(t, ticket.Channels(), 8)
	assert.Len(t, ticket.Priorities(), 4)
	assert.True(t, ticket.StatusCategoryOnHold.Active())
	assert.False(t, ticket.StatusCategorySolved.Active())
}

// TestTagFoldMatchesNaive replays random tag changes and compares the
// ticket's tags with a naive set after every command.
func TestTagFoldMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []string{"a", "b", "c", "d", "e", "hardware", "printer", "vip", "zz"}
	h := newTicket(t, 1)
	want := map[string]bool{"hardware": true, "printer": true}
	n := 300
	if long() {
		n = 20000
	}
	for i := range n {
		var add, remove []string
		for _, tag := range pool {
			switch rng.IntN(4) {
			case 0:
				add = append(add, tag)
			case 1:
				remove = append(remove, tag)
			}
		}
		h.do(h.tk.Tag(at(i+1), ingrid, add, remove))
		for _, tag := range add {
			want[tag] = true
		}
		for _, tag := range remove {
			delete(want, tag)
		}
		got := map[string]bool{}
		for _, tag := range h.tk.Tags {
			got[tag] = true
		}
		require.Equal(t, want, got, "after command %d", i)
		require.True(t, slices.IsSorted(h.tk.Tags))
	}
	replayed, err := ticket.Replay(nil, h.events)
	require.NoError(t, err)
	assert.Equal(t, h.tk.Tags, replayed.Tags)
}

// TestCheckAppend checks every refusal CheckAppend documents, on a ticket at
// version 2, and that the event reported is the first offending one.
func TestCheckAppend(t *testing.T) {
	msg := func(seq, minute int) ticket.Event {
		return ticket.Event{TicketID: id(1), Seq: seq, At: at(minute), Actor: ingrid, Data: ticket.Message{Public: true}}
	}
	require.NoError(t, ticket.CheckAppend(id(1), 2, nil), "no events")
	require.NoError(t, ticket.CheckAppend(id(1), 2, []ticket.Event{msg(3, 5), msg(4, 5), msg(5, 6)}), "equal instants are fine")

	tests := []struct {
		name   string
		events []ticket.Event
		seq    int // of the event reported
	}{
		{name: "foreign ticket", events: []ticket.Event{msg(3, 1), {TicketID: id(2), Seq: 4, At: at(2), Data: ticket.Message{}}}, seq: 4},
		{name: "gap", events: []ticket.Event{msg(3, 1), msg(5, 2)}, seq: 5},
		{name: "repeat", events: []ticket.Event{msg(3, 1), msg(3, 2)}, seq: 3},
		{name: "stale first seq", events: []ticket.Event{msg(2, 1)}, seq: 2},
		{name: "no payload", events: []ticket.Event{{TicketID: id(1), Seq: 3, At: at(1)}}, seq: 3},
		{name: "pointer payload", events: []ticket.Event{{TicketID: id(1), Seq: 3, At: at(1), Data: &ticket.Message{}}}, seq: 3},
		{name: "instant goes backwards", events: []ticket.Event{msg(3, 2), msg(4, 1)}, seq: 4},
		{name: "invalid payload", events: []ticket.Event{msg(3, 1), {TicketID: id(1), Seq: 4, At: at(2), Actor: ola,
			Data: ticket.Rated{Survey: ticket.SurveyCSAT, Score: 9, Scale: 5}}}, seq: 4},
		{name: "invalid UTF-8 in a payload", events: []ticket.Event{{TicketID: id(1), Seq: 3, At: at(2), Actor: ingrid,
			Data: ticket.Message{Body: "\xff"}}}, seq: 3},
		{name: "no instant", events: []ticket.Event{{TicketID: id(1), Seq: 3, Actor: ingrid, Data: ticket.Message{}}}, seq: 3},
		{name: "unknown role", events: []ticket.Event{{TicketID: id(1), Seq: 3, At: at(2), Actor: ticket.Actor{ID: "x"}, Data: ticket.Message{}}}, seq: 3},
		{name: "created in the middle of a batch", events: []ticket.Event{msg(3, 1), {TicketID: id(1), Seq: 4, At: at(2), Actor: ola,
			Data: ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Status: ticket.StatusNew}}}, seq: 4},
	}
	err := ticket.CheckAppend(ticket.ID{}, 0, []ticket.Event{msg(1, 1)})
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory, "nil UUID")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ticket.CheckAppend(id(1), 2, tt.events)
			require.ErrorIs(t, err, ticket.ErrCorruptHistory)
			var re *ticket.ReplayError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.seq, re.Seq, re.Error())
		})
	}
}

// TestCheckAppendAfter: a batch may start at the stored history's last
// instant or later, never before it (compared as instants, whatever the
// offsets), and the refusal wraps both ErrCorruptHistory and ErrOutOfOrder.
func TestCheckAppendAfter(t *testing.T) {
	msg := func(seq int, at time.Time) ticket.Event {
		return ticket.Event{TicketID: id(1), Seq: seq, At: at, Actor: ingrid, Data: ticket.Message{Public: true}}
	}
	east := time.FixedZone("+14", 14*3600)
	ok := []struct {
		name   string
		last   time.Time
		events []ticket.Event
	}{
		{"empty history", time.Time{}, []ticket.Event{{TicketID: id(1), Seq: 1, At: at(0), Actor: ola,
			Data: ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Status: ticket.StatusNew}}}},
		{"no events", at(5), nil},
		{"same instant", at(5), []ticket.Event{msg(3, at(5))}},
		{"same instant, other offset", at(5), []ticket.Event{msg(3, at(5).In(east))}},
		{"later", at(5), []ticket.Event{msg(3, at(6))}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, ticket.CheckAppendAfter(tt.last, tt.events))
		})
	}
	bad := []struct {
		name   string
		last   time.Time
		events []ticket.Event
	}{
		{"a nanosecond early", at(5), []ticket.Event{msg(3, at(5).Add(-time.Nanosecond))}},
		{"earlier, in a zone whose wall clock is later", at(5), []ticket.Event{msg(3, at(4).In(east))}},
	}
	created := ticket.Event{TicketID: id(1), Seq: 3, At: at(6), Actor: ola,
		Data: ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Status: ticket.StatusNew}}
	err := ticket.CheckAppendAfter(at(5), []ticket.Event{created})
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory, "created after the first event")
	assert.NotErrorIs(t, err, ticket.ErrOutOfOrder)
	err = ticket.CheckAppendAfter(time.Time{}, []ticket.Event{msg(1, at(0))})
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory, "a history that does not start with created")
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := ticket.CheckAppendAfter(tt.last, tt.events)
			assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
			assert.ErrorIs(t, err, ticket.ErrOutOfOrder)
			var re *ticket.ReplayError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 3, re.Seq)
		})
	}
}
