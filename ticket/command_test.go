package ticket_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func statusChanges(ev []ticket.Event) []ticket.StatusChanged {
	var out []ticket.StatusChanged
	for _, e := range ev {
		if sc, ok := e.Data.(ticket.StatusChanged); ok {
			out = append(out, sc)
		}
	}
	return out
}

func TestCreate(t *testing.T) {
	h := newTicket(t, 1)
	tk := h.tk
	assert.Equal(t, id(1), tk.ID)
	assert.Equal(t, 1, tk.Version)
	assert.Equal(t, ticket.StatusNew, tk.Status)
	assert.Equal(t, []string{"hardware", "printer"}, tk.Tags, "tags are stored sorted")
	assert.True(t, tk.CreatedAt.Equal(t0))
	require.Len(t, h.events, 1)
	e := h.events[0]
	assert.Equal(t, ticket.TypeCreated, e.Type())
	assert.Equal(t, 1, e.Seq)
	assert.Equal(t, ola, e.Actor)
	assert.Equal(t, ticket.StatusNew, e.Data.(ticket.Created).Status)
}

func TestCreateErrors(t *testing.T) {
	valid := ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c"}}
	tests := []struct {
		name string
		id   ticket.ID
		by   ticket.Actor
		c    ticket.Created
	}{
		{name: "zero id", id: ticket.ID{}, by: ola, c: valid},
		{name: "unknown role", id: id(1), by: ticket.Actor{ID: "x", Role: "martian"}, c: valid},
		{name: "unknown channel", id: id(1), by: ola, c: ticket.Created{Channel: "pigeon", Requester: valid.Requester}},
		{name: "no channel", id: id(1), by: ola, c: ticket.Created{Requester: valid.Requester}},
		{name: "unknown priority", id: id(1), by: ola, c: ticket.Created{Channel: ticket.ChannelEmail, Requester: valid.Requester, Priority: "asap"}},
		{name: "no requester", id: id(1), by: ola, c: ticket.Created{Channel: ticket.ChannelEmail}},
		{name: "duplicate tag", id: id(1), by: ola, c: ticket.Created{Channel: ticket.ChannelEmail, Requester: valid.Requester, Tags: []string{"a", "a"}}},
		{name: "empty tag", id: id(1), by: ola, c: ticket.Created{Channel: ticket.ChannelEmail, Requester: valid.Requester, Tags: []string{"b", ""}}},
		{name: "reserved field", id: id(1), by: ola, c: ticket.Created{Channel: ticket.ChannelEmail, Requester: valid.Requester, Fields: map[string]string{"category": "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk, ev, err := ticket.Create(nil, tt.id, t0, tt.by, tt.c)
			assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
			var ce *ticket.CommandError
			assert.ErrorAs(t, err, &ce)
			assert.Empty(t, ev)
			assert.True(t, tk.IsZero())
		})
	}
}

func TestReplyStatusEffects(t *testing.T) {
	tests := []struct {
		name       string
		setup      []ticket.Status
		by         ticket.Actor
		msg        ticket.Message
		wantStatus ticket.Status
		wantReopen bool
		wantReason string
	}{
		{name: "agent reply opens a new ticket", by: ingrid, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusOpen, wantReason: "agent_reply"},
		{name: "agent internal note leaves new", by: ingrid, msg: ticket.Message{},
			wantStatus: ticket.StatusNew},
		{name: "automated agent message leaves new", by: ingrid, msg: ticket.Message{Public: true, Automated: true},
			wantStatus: ticket.StatusNew},
		{name: "bot reply leaves new", by: botty, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusNew},
		{name: "customer message on new", by: ola, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusNew},
		{name: "customer reply to pending opens", setup: []ticket.Status{ticket.StatusPending}, by: ola, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusOpen, wantReason: "customer_reply"},
		{name: "customer reply to solved reopens", setup: []ticket.Status{ticket.StatusSolved}, by: ola, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusOpen, wantReopen: true, wantReason: "customer_reply"},
		{name: "customer reply to on-hold stays", setup: []ticket.Status{ticket.StatusOnHold}, by: ola, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusOnHold},
		{name: "agent reply to solved stays solved", setup: []ticket.Status{ticket.StatusSolved}, by: ingrid, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusSolved},
		{name: "agent reply to pending stays pending", setup: []ticket.Status{ticket.StatusPending}, by: ingrid, msg: ticket.Message{Public: true},
			wantStatus: ticket.StatusPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTicket(t, 1)
			for i, s := range tt.setup {
				h.do(h.tk.SetStatus(at(i+1), ingrid, s))
			}
			reopens := h.tk.Reopens
			tk, ev, err := h.tk.Reply(at(30), tt.by, tt.msg)
			require.NoError(t, err)
			require.NotEmpty(t, ev)
			assert.Equal(t, ticket.TypeMessage, ev[0].Type())
			assert.Equal(t, ticket.ChannelEmail, ev[0].Data.(ticket.Message).Channel, "message channel defaults to the ticket's")
			assert.Equal(t, tt.wantStatus, tk.Status)
			sc := statusChanges(ev)
			if tt.wantReason == "" {
				assert.Empty(t, sc)
				return
			}
			require.Len(t, sc, 1)
			assert.Equal(t, tt.wantReason, sc[0].Reason)
			assert.Equal(t, tt.wantReopen, sc[0].Reopen)
			if tt.wantReopen {
				assert.Equal(t, reopens+1, tk.Reopens)
				assert.True(t, tk.SolvedAt.IsZero(), "reopened ticket is no longer solved")
				assert.False(t, tk.FirstSolvedAt.IsZero(), "first solve is kept")
			}
		})
	}
}

func TestReplyErrors(t *testing.T) {
	h := newTicket(t, 1)
	tests := []struct {
		name string
		at   time.Time
		by   ticket.Actor
		msg  ticket.Message
	}{
		{name: "customer internal note", at: at(1), by: ola, msg: ticket.Message{Public: false, Body: "secret"}},
		{name: "instant before the last event", at: t0.Add(-time.Second), by: ingrid, msg: ticket.Message{Public: true}},
		{name: "unknown channel", at: at(1), by: ingrid, msg: ticket.Message{Public: true, Channel: "fax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev, err := h.tk.Reply(tt.at, tt.by, tt.msg)
			assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
			assert.Empty(t, ev)
			assert.Equal(t, h.tk, got, "a rejected reply returns the ticket unchanged")
		})
	}

	got, ev, err := ticket.Ticket{}.Reply(at(1), ingrid, ticket.Message{Public: true})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "zero ticket")
	assert.Empty(t, ev)
	assert.True(t, got.IsZero())
}

func TestReplyToClosedAndFollowUp(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.Reply(at(1), ingrid, ticket.Message{Public: true, Body: "Have you tried turning it off?"}))
	h.do(h.tk.SetStatus(at(2), ingrid, ticket.StatusSolved))
	h.do(h.tk.SetStatus(at(3), sysRule, ticket.StatusClosed))
	closed := h.tk

	_, ev, err := closed.Reply(at(4), ola, ticket.Message{Public: true, Body: "It is on fire again"})
	require.ErrorIs(t, err, ticket.ErrClosed)
	var ce *ticket.ClosedError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, id(1), ce.ID)
	assert.Contains(t, err.Error(), "follow-up")
	assert.Empty(t, ev)

	// Every other command is rejected too.
	_, _, err = closed.Assign(at(4), ingrid, "kari", "support")
	assert.ErrorIs(t, err, ticket.ErrClosed)
	_, _, err = closed.Rate(at(4), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5})
	assert.ErrorIs(t, err, ticket.ErrClosed)

	fu, fev, err := ticket.FollowUp(closed, id(2), at(4), ola, ticket.Created{Subject: "Re: Printer on fire"}, ticket.Message{Public: true, Body: "Again!"})
	require.NoError(t, err)
	require.Len(t, fev, 3)
	assert.Equal(t, ticket.TypeCreated, fev[0].Type())
	assert.Equal(t, ticket.Linked{FollowUpOf: id(1)}, fev[1].Data)
	assert.Equal(t, ticket.Message{Public: true, Channel: closed.Channel, Body: "Again!"}, fev[2].Data, "the follow-up opens with the message")
	assert.Equal(t, ola, fev[2].Actor)
	assert.Equal(t, id(1), fu.FollowUpOf)
	assert.Equal(t, "Re: Printer on fire", fu.Subject)
	assert.Equal(t, closed.Requester, fu.Requester, "requester copied from the closed ticket")
	assert.Equal(t, closed.Group, fu.Group)
	assert.Equal(t, closed.Tags, fu.Tags)
	assert.Equal(t, ticket.StatusNew, fu.Status)
	assert.True(t, fu.CreatedAt.Equal(at(4)), "the follow-up's clocks start at its own creation")

	_, _, err = ticket.FollowUp(newTicket(t, 3).tk, id(4), at(4), ola, ticket.Created{}, ticket.Message{Public: true, Body: "Again!"})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "follow-up of an open ticket")
}

func TestReopenCycle(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.Reply(at(5), ingrid, ticket.Message{Public: true}))
	h.do(h.tk.SetStatus(at(10), ingrid, ticket.StatusSolved))
	assert.True(t, h.tk.SolvedAt.Equal(at(10)))
	h.do(h.tk.Reply(at(20), ola, ticket.Message{Public: true, Body: "Still broken"}))
	h.do(h.tk.SetStatus(at(30), ingrid, ticket.StatusSolved))
	h.do(h.tk.SetStatus(at(40), ingrid, ticket.StatusOpen)) // agent reopens by hand
	h.do(h.tk.SetStatus(at(50), ingrid, ticket.StatusSolved))
	assert.Equal(t, 2, h.tk.Reopens)
	assert.True(t, h.tk.FirstSolvedAt.Equal(at(10)))
	assert.True(t, h.tk.SolvedAt.Equal(at(50)))
	assert.Equal(t, 9, h.tk.Version) // 1 created, 2+1 reply+open, 1+1+1 solves, 2 customer reply+reopen, 1 open
}

func TestAssignPriorityTagsFields(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.Assign(at(1), sysRule, "ingrid", "support"))
	h.do(h.tk.Assign(at(2), ingrid, "kari", "tier2"))
	last := h.events[len(h.events)-1].Data.(ticket.Assigned)
	assert.Equal(t, ticket.Assigned{Agent: "kari", Group: "tier2", PrevAgent: "ingrid", PrevGroup: "support"}, last)

	h.do(h.tk.SetPriority(at(3), ingrid, ticket.PriorityUrgent))
	assert.Equal(t, ticket.PriorityUrgent, h.tk.Priority)
	assert.Equal(t, ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}, h.events[len(h.events)-1].Data)

	h.do(h.tk.Tag(at(4), ingrid, []string{"vip", "printer", "fire"}, []string{"hardware", "absent"}))
	assert.Equal(t, ticket.TagsChanged{Added: []string{"fire", "vip"}, Removed: []string{"hardware"}}, h.events[len(h.events)-1].Data)
	assert.Equal(t, []string{"fire", "printer", "vip"}, h.tk.Tags)

	h.do(h.tk.SetFields(at(5), ingrid, map[string]string{"category": "hardware", "model": "LX-9", "floor": ""}))
	assert.Equal(t, ticket.FieldsChanged{Changes: []ticket.FieldChange{
		{Field: "category", To: "hardware"}, {Field: "model", To: "LX-9"},
	}}, h.events[len(h.events)-1].Data)
	assert.Equal(t, "hardware", h.tk.Category)
	assert.Equal(t, map[string]string{"model": "LX-9"}, h.tk.Fields)
	h.do(h.tk.SetFields(at(6), ingrid, map[string]string{"model": ""}))
	assert.Empty(t, h.tk.Fields)

	// No-ops: nothing changes, no events, no error.
	n := len(h.events)
	h.do(h.tk.Assign(at(7), ingrid, "kari", "tier2"))
	h.do(h.tk.SetPriority(at(7), ingrid, ticket.PriorityUrgent))
	h.do(h.tk.Tag(at(7), ingrid, []string{"vip"}, []string{"absent"}))
	h.do(h.tk.SetFields(at(7), ingrid, map[string]string{"category": "hardware"}))
	assert.Len(t, h.events, n)

	// Errors return the ticket unchanged and no events.
	for name, run := range map[string]func() (ticket.Ticket, []ticket.Event, error){
		"tag added and removed": func() (ticket.Ticket, []ticket.Event, error) {
			return h.tk.Tag(at(8), ingrid, []string{"x"}, []string{"x"})
		},
		"empty tag":        func() (ticket.Ticket, []ticket.Event, error) { return h.tk.Tag(at(8), ingrid, []string{""}, nil) },
		"unknown priority": func() (ticket.Ticket, []ticket.Event, error) { return h.tk.SetPriority(at(8), ingrid, "critical") },
		"empty field name": func() (ticket.Ticket, []ticket.Event, error) {
			return h.tk.SetFields(at(8), ingrid, map[string]string{"": "x"})
		},
	} {
		got, ev, err := run()
		assert.ErrorIs(t, err, ticket.ErrInvalidCommand, name)
		assert.Empty(t, ev, name)
		assert.Equal(t, h.tk, got, name)
	}
}

func TestEarlierValuesAreUntouched(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.SetFields(at(1), ingrid, map[string]string{"model": "LX-9"}))
	old := h.tk
	oldTags := append([]string(nil), old.Tags...)
	h.do(h.tk.Tag(at(2), ingrid, []string{"aaa"}, []string{"printer"}))
	h.do(h.tk.SetFields(at(3), ingrid, map[string]string{"model": "LX-10"}))
	assert.Equal(t, oldTags, old.Tags)
	assert.Equal(t, "LX-9", old.Fields["model"])
}

func TestRate(t *testing.T) {
	h := newTicket(t, 1)
	_, ev, err := h.tk.Rate(at(1), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5})
	require.ErrorIs(t, err, ticket.ErrNotSolved)
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	assert.Empty(t, ev)

	h.do(h.tk.SetStatus(at(2), ingrid, ticket.StatusSolved))
	bad := []struct {
		name string
		by   ticket.Actor
		r    ticket.Rated
	}{
		{"agent rates", ingrid, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5}},
		{"score above scale", ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 6, Scale: 5}},
		{"csat zero", ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 0, Scale: 5}},
		{"unknown survey", ola, ticket.Rated{Survey: "smiley", Score: 1, Scale: 5}},
		{"nps scale too small", ola, ticket.Rated{Survey: ticket.SurveyNPS, Score: 0, Scale: 0}},
	}
	for _, tt := range bad {
		_, _, err := h.tk.Rate(at(3), tt.by, tt.r)
		assert.ErrorIs(t, err, ticket.ErrInvalidCommand, tt.name)
	}
	h.do(h.tk.Rate(at(3), ola, ticket.Rated{Survey: ticket.SurveyNPS, Score: 0, Scale: 10, Comment: "meh"}))
	h.do(h.tk.Rate(at(4), sysRule, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 2, Scale: 2}))
	assert.Len(t, h.tk.Ratings, 2)
	assert.Equal(t, 0, h.tk.Ratings[0].Score)
}

func TestWorkflowAndHandling(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.ApplyWorkflow(at(1), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m-42", Name: "Printer triage"}))
	h.do(h.tk.LogHandling(at(2), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: 4 * time.Minute}))
	assert.Equal(t, 3, h.tk.Version)
	_, _, err := h.tk.ApplyWorkflow(at(3), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	_, _, err = h.tk.LogHandling(at(3), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingHold, Duration: -time.Second})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	_, _, err = h.tk.LogHandling(at(3), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: "nap", Duration: time.Second})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
}

func TestMerge(t *testing.T) {
	src := newTicket(t, 1)
	src.do(src.tk.SetStatus(at(1), ingrid, ticket.StatusPending))
	dst := newTicket(t, 2)

	res, err := ticket.Merge(at(5), ingrid, src.tk, dst.tk)
	require.NoError(t, err)
	assert.Equal(t, ticket.StatusCategoryClosed, res.Source.Status.Category)
	assert.Equal(t, id(2), res.Source.MergedInto)
	assert.True(t, res.Source.Merged())
	assert.Equal(t, []ticket.ID{id(1)}, res.Target.MergedFrom)
	require.Len(t, res.SourceEvents, 2)
	assert.Equal(t, ticket.Merged{Into: id(2)}, res.SourceEvents[0].Data)
	assert.Equal(t, ticket.StatusChanged{From: ticket.StatusPending, To: ticket.StatusClosed, Reason: "merged"}, res.SourceEvents[1].Data)
	require.Len(t, res.TargetEvents, 1)
	assert.Equal(t, ticket.Merged{From: id(1)}, res.TargetEvents[0].Data)
	assert.Equal(t, id(2), res.TargetEvents[0].TicketID)
	assert.Equal(t, 2, res.TargetEvents[0].Seq)

	// The merged-away ticket is closed: replies go to a follow-up.
	_, _, err = res.Source.Reply(at(6), ola, ticket.Message{Public: true})
	assert.ErrorIs(t, err, ticket.ErrClosed)

	_, err = ticket.Merge(at(6), ingrid, dst.tk, dst.tk)
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "into itself")
	closed := newTicket(t, 4)
	closed.do(closed.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
	closed.do(closed.tk.SetStatus(at(2), sysRule, ticket.StatusClosed))
	_, err = ticket.Merge(at(6), ingrid, closed.tk, dst.tk)
	assert.ErrorIs(t, err, ticket.ErrClosed, "closed source")
	other := newTicket(t, 5)
	_, err = ticket.Merge(at(6), ingrid, res.Source, other.tk)
	assert.ErrorIs(t, err, ticket.ErrClosed, "source merged into another ticket")
	_, err = ticket.Merge(at(6), ingrid, newTicket(t, 3).tk, res.Source)
	assert.ErrorIs(t, err, ticket.ErrClosed, "closed target")
	_, err = ticket.Merge(at(6), ingrid, newTicket(t, 3).tk, ticket.Ticket{})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "zero target")
}

func TestCommandInstants(t *testing.T) {
	valid := ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c"}}
	bad := []struct {
		name string
		at   time.Time
	}{
		{"zero", time.Time{}},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"offset with seconds", time.Date(2026, 5, 4, 9, 0, 0, 0, time.FixedZone("LMT", 43*60+1))},
		{"offset of a day", time.Date(2026, 5, 4, 9, 0, 0, 0, time.FixedZone("", 24*3600))},
	}
	h := newTicket(t, 1)
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ticket.Create(nil, id(2), tt.at, ola, valid)
			assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
			if !tt.at.IsZero() {
				got, ev, err := h.tk.Reply(tt.at, ingrid, ticket.Message{Public: true})
				assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
				assert.Empty(t, ev)
				assert.Equal(t, h.tk, got)
			}
		})
	}
	// Equal instants are fine; odd but whole-minute offsets too.
	odd := time.FixedZone("", -(9*3600 + 30*60))
	h.do(h.tk.Reply(t0.In(odd), ingrid, ticket.Message{Public: true}))
	h.do(h.tk.SetStatus(t0, ingrid, ticket.StatusPending))
	assert.Equal(t, 4, h.tk.Version, "created, message, opened by the reply, pending")
}

// A ticket made as a struct literal has no lifecycle: commands refuse it
// rather than dereferencing nil.
func TestCommandOnHandMadeTicket(t *testing.T) {
	tk := ticket.Ticket{ID: id(1), Version: 1, Status: ticket.StatusOpen}
	_, ev, err := tk.SetStatus(at(1), ingrid, ticket.StatusSolved)
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	assert.Empty(t, ev)
	_, _, err = tk.Reply(at(1), ola, ticket.Message{Public: true})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	_, err = ticket.Merge(at(1), ingrid, tk, newTicket(t, 2).tk)
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
}

// A lifecycle whose ReopenTo is a pending status: a customer's reply to a
// ticket already in it records the message and changes nothing else.
func TestReplyWhenAlreadyInReopenStatus(t *testing.T) {
	lc := ticket.DefaultLifecycle()
	lc.ReopenTo = "pending"
	require.NoError(t, lc.Validate())
	tk, _, err := ticket.Create(lc, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, _, err = tk.SetStatus(at(1), ingrid, ticket.StatusPending)
	require.NoError(t, err)
	got, ev, err := tk.Reply(at(2), ola, ticket.Message{Public: true})
	require.NoError(t, err)
	require.Len(t, ev, 1)
	assert.Equal(t, ticket.StatusPending, got.Status)
}

func TestFollowUpErrors(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
	h.do(h.tk.SetStatus(at(5), sysRule, ticket.StatusClosed))
	_, ev, err := ticket.FollowUp(h.tk, id(1), at(6), ola, ticket.Created{}, ticket.Message{Public: true, Body: "Again!"})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "same ID as the closed ticket")
	assert.Empty(t, ev)
	_, ev, err = ticket.FollowUp(h.tk, id(2), at(4), ola, ticket.Created{}, ticket.Message{Public: true, Body: "Again!"})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "before the close")
	assert.Empty(t, ev)
	fu, _, err := ticket.FollowUp(h.tk, id(2), at(5), ola, ticket.Created{Tags: []string{}}, ticket.Message{Public: true, Body: "Again!"})
	require.NoError(t, err)
	assert.Empty(t, fu.Tags, "an empty, non-nil tag list is kept")
	assert.Equal(t, h.tk.Priority, fu.Priority)
	assert.Equal(t, h.tk.Channel, fu.Channel)
}

func TestMergeTwiceIntoOneTarget(t *testing.T) {
	dst := newTicket(t, 9)
	for i, n := range []byte{1, 2} {
		src := newTicket(t, n)
		if n == 2 {
			src.do(src.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
		}
		res, err := ticket.Merge(at(5+i), ingrid, src.tk, dst.tk)
		require.NoError(t, err)
		dst.do(res.Target, res.TargetEvents, nil)
		assert.Equal(t, ticket.StatusClosed, res.Source.Status)
		assert.False(t, res.Source.SolvedAt.IsZero() && n == 2, "a solved source keeps its solve time")
		assert.True(t, res.Source.SolvedAt.IsZero() || n == 2, "a merge is not a solve")
	}
	assert.Equal(t, []ticket.ID{id(1), id(2)}, dst.tk.MergedFrom)
	assert.Equal(t, ticket.StatusNew, dst.tk.Status, "the target's status is not changed")
	replayed, err := ticket.Replay(nil, dst.events)
	require.NoError(t, err)
	assert.Equal(t, dst.tk.MergedFrom, replayed.MergedFrom)
}

// The events a command returns share no slice or map with the ticket it
// returns or with the receiver: changing one never changes the other.
func TestEventsDoNotAliasTickets(t *testing.T) {
	tags := []string{"b", "a"}
	fields := map[string]string{"model": "LX-9"}
	tk, ev, err := ticket.Create(nil, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}, Tags: tags, Fields: fields})
	require.NoError(t, err)
	tags[0], fields["model"] = "caller", "caller"
	c := ev[0].Data.(ticket.Created)
	c.Tags[0], c.Fields["model"] = "event", "event"
	assert.Equal(t, []string{"a", "b"}, tk.Tags)
	assert.Equal(t, map[string]string{"model": "LX-9"}, tk.Fields)

	tk2, ev, err := tk.Tag(at(1), ingrid, []string{"c"}, []string{"a"})
	require.NoError(t, err)
	d := ev[0].Data.(ticket.TagsChanged)
	d.Added[0], d.Removed[0] = "event", "event"
	assert.Equal(t, []string{"b", "c"}, tk2.Tags)
	assert.Equal(t, []string{"a", "b"}, tk.Tags)

	tk3, ev, err := tk2.SetFields(at(2), ingrid, map[string]string{"model": "LX-10"})
	require.NoError(t, err)
	ev[0].Data.(ticket.FieldsChanged).Changes[0].To = "event"
	assert.Equal(t, "LX-10", tk3.Fields["model"])
	assert.Equal(t, "LX-9", tk2.Fields["model"])

	tk4, _, err := tk3.SetStatus(at(3), ingrid, ticket.StatusSolved)
	require.NoError(t, err)
	tk5, _, err := tk4.Rate(at(4), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5})
	require.NoError(t, err)
	tk6, _, err := tk5.Rate(at(5), ola, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 1, Scale: 5})
	require.NoError(t, err)
	tk6.Ratings[0].Score = 3
	assert.Equal(t, 5, tk5.Ratings[0].Score, "ratings are copied on write")
	assert.Empty(t, tk4.Ratings)
}

// A command dated before the ticket's last event wraps ErrOutOfOrder (and
// ErrInvalidCommand); on a closed ticket ErrClosed wins, whatever the
// instant.
func TestCommandOutOfOrderAndClosedWins(t *testing.T) {
	h := newTicket(t, 1)
	h.do(h.tk.SetStatus(at(10), ingrid, ticket.StatusSolved))
	_, ev, err := h.tk.Reply(at(9), ingrid, ticket.Message{Public: true})
	assert.ErrorIs(t, err, ticket.ErrOutOfOrder)
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	assert.Empty(t, ev)

	h.do(h.tk.SetStatus(at(20), sysRule, ticket.StatusClosed))
	for _, when := range []time.Time{at(19), at(21), {}} {
		_, ev, err := h.tk.Reply(when, ola, ticket.Message{Public: true})
		var ce *ticket.ClosedError
		assert.ErrorAs(t, err, &ce, "reply at %v", when)
		assert.NotErrorIs(t, err, ticket.ErrOutOfOrder)
		assert.Empty(t, ev)
	}
	_, _, err = ticket.FollowUp(h.tk, id(2), at(19), ola, ticket.Created{}, ticket.Message{Public: true, Body: "Again!"})
	assert.ErrorIs(t, err, ticket.ErrOutOfOrder, "follow-up dated before the close")
}

// Every string a command records must be valid UTF-8: JSON would change it
// on the way to storage.
func TestCommandsRefuseInvalidUTF8(t *testing.T) {
	const bad = "caf\xe9"
	h := newTicket(t, 1)
	valid := ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c"}}
	withCreated := func(f func(*ticket.Created)) ticket.Created { c := valid; f(&c); return c }
	tests := []struct {
		name string
		run  func() ([]ticket.Event, error)
	}{
		{"create subject", func() ([]ticket.Event, error) {
			_, ev, err := ticket.Create(nil, id(2), t0, ola, withCreated(func(c *ticket.Created) { c.Subject = bad }))
			return ev, err
		}},
		{"create tag", func() ([]ticket.Event, error) {
			_, ev, err := ticket.Create(nil, id(2), t0, ola, withCreated(func(c *ticket.Created) { c.Tags = []string{"a", bad} }))
			return ev, err
		}},
		{"create field name", func() ([]ticket.Event, error) {
			_, ev, err := ticket.Create(nil, id(2), t0, ola, withCreated(func(c *ticket.Created) { c.Fields = map[string]string{bad: "x"} }))
			return ev, err
		}},
		{"create field value", func() ([]ticket.Event, error) {
			_, ev, err := ticket.Create(nil, id(2), t0, ola, withCreated(func(c *ticket.Created) { c.Fields = map[string]string{"x": bad} }))
			return ev, err
		}},
		{"create region", func() ([]ticket.Event, error) {
			_, ev, err := ticket.Create(nil, id(2), t0, ola, withCreated(func(c *ticket.Created) { c.Requester.Region = bad }))
			return ev, err
		}},
		{"actor ID", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.Reply(at(1), ticket.Agent(bad), ticket.Message{Public: true})
			return ev, err
		}},
		{"reply body", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.Reply(at(1), ingrid, ticket.Message{Public: true, Body: bad})
			return ev, err
		}},
		{"tag", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.Tag(at(1), ingrid, []string{bad}, nil)
			return ev, err
		}},
		{"field name", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.SetFields(at(1), ingrid, map[string]string{bad: "x"})
			return ev, err
		}},
		{"field value", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.SetFields(at(1), ingrid, map[string]string{"x": bad})
			return ev, err
		}},
		{"assignee", func() ([]ticket.Event, error) { _, ev, err := h.tk.Assign(at(1), ingrid, bad, "g"); return ev, err }},
		{"workflow name", func() ([]ticket.Event, error) {
			_, ev, err := h.tk.ApplyWorkflow(at(1), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m", Name: bad})
			return ev, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := tt.run()
			assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
			assert.ErrorContains(t, err, "UTF-8")
			assert.Empty(t, ev)
		})
	}
}

// An automated customer message (an out-of-office reply) does not reopen a
// solved ticket unless the lifecycle says so.
func TestAutoReplyDoesNotReopen(t *testing.T) {
	auto := ticket.Message{Public: true, Automated: true, Body: "I am away until Monday."}
	h := newTicket(t, 1)
	h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
	got, ev, err := h.tk.Reply(at(2), ola, auto)
	require.NoError(t, err)
	assert.Len(t, ev, 1)
	assert.Equal(t, ticket.StatusSolved, got.Status)

	lc := ticket.DefaultLifecycle()
	lc.AutoRepliesReopen = true
	lc, err = lc.Validated()
	require.NoError(t, err)
	tk, _, err := ticket.Create(lc, id(2), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, _, err = tk.SetStatus(at(1), ingrid, ticket.StatusSolved)
	require.NoError(t, err)
	got, ev, err = tk.Reply(at(2), ola, auto)
	require.NoError(t, err)
	assert.Len(t, ev, 2)
	assert.Equal(t, ticket.StatusOpen, got.Status)
	assert.Equal(t, 1, got.Reopens)
}

// SetStatus looks a status up by name: a missing category is the
// lifecycle's, a wrong one is named as such, an unknown name too.
func TestSetStatusByName(t *testing.T) {
	h := newTicket(t, 1)
	got, ev, err := h.tk.SetStatus(at(1), ingrid, ticket.Status{Name: "solved"})
	require.NoError(t, err)
	require.Len(t, ev, 1)
	assert.Equal(t, ticket.StatusSolved, got.Status)

	_, _, err = h.tk.SetStatus(at(1), ingrid, ticket.Status{Name: "solved", Category: ticket.StatusCategoryOpen})
	assert.ErrorIs(t, err, ticket.ErrInvalidTransition)
	assert.ErrorContains(t, err, `status "solved" is in category "solved" in the lifecycle, not "open"`)
	_, _, err = h.tk.SetStatus(at(1), ingrid, ticket.Status{Name: "sovled"})
	assert.ErrorIs(t, err, ticket.ErrInvalidTransition)
	assert.ErrorContains(t, err, `no status named "sovled"`)
}

// ReplyWithStatus records the message, then one status change, replacing
// the change Reply would make on its own.
func TestReplyWithStatus(t *testing.T) {
	msg := ticket.Message{Public: true, Body: "Please try again."}
	tests := []struct {
		name   string
		setup  func(h *history)
		by     ticket.Actor
		to     ticket.Status
		want   []ticket.EventType
		status ticket.Status
		reopen int
	}{
		{"new, submit as pending", func(*history) {}, ingrid, ticket.StatusPending,
			[]ticket.EventType{ticket.TypeMessage, ticket.TypeStatusChanged}, ticket.StatusPending, 0},
		{"new, submit as new", func(*history) {}, ingrid, ticket.StatusNew,
			[]ticket.EventType{ticket.TypeMessage}, ticket.StatusNew, 0},
		{"open, submit as solved", func(h *history) { h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusOpen)) }, ingrid,
			ticket.Status{Name: "solved"}, []ticket.EventType{ticket.TypeMessage, ticket.TypeStatusChanged}, ticket.StatusSolved, 0},
		{"solved, customer replies as open", func(h *history) { h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusSolved)) }, ola,
			ticket.StatusOpen, []ticket.EventType{ticket.TypeMessage, ticket.TypeStatusChanged}, ticket.StatusOpen, 1},
		{"no status is Reply", func(*history) {}, ingrid, ticket.Status{},
			[]ticket.EventType{ticket.TypeMessage, ticket.TypeStatusChanged}, ticket.StatusOpen, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTicket(t, 1)
			tt.setup(h)
			got, ev, err := h.tk.ReplyWithStatus(at(2), tt.by, msg, tt.to)
			require.NoError(t, err)
			var types []ticket.EventType
			for _, e := range ev {
				types = append(types, e.Type())
			}
			assert.Equal(t, tt.want, types)
			assert.Equal(t, tt.status, got.Status)
			assert.Equal(t, tt.reopen, got.Reopens)
			replayed, err := ticket.Replay(nil, append(h.events, ev...))
			require.NoError(t, err)
			assert.Equal(t, got, replayed)
		})
	}
	h := newTicket(t, 1)
	_, ev, err := h.tk.ReplyWithStatus(at(1), ingrid, msg, ticket.StatusClosed)
	var te *ticket.TransitionError
	assert.ErrorAs(t, err, &te, "new → closed is not in the table")
	assert.Empty(t, ev)
}

// LogHandling takes the agent from the actor when it is an agent, and
// refuses an agent logging time for another one.
func TestLogHandlingAgent(t *testing.T) {
	h := newTicket(t, 1)
	got, ev, err := h.tk.LogHandling(at(1), ingrid, ticket.HandlingLogged{Kind: ticket.HandlingTalk, Duration: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, "ingrid", ev[0].Data.(ticket.HandlingLogged).Agent)
	assert.Equal(t, 2, got.Version)
	_, ev, err = h.tk.LogHandling(at(1), ingrid, ticket.HandlingLogged{Agent: "kari", Kind: ticket.HandlingTalk, Duration: time.Minute})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand)
	assert.Empty(t, ev)
	_, ev, err = h.tk.LogHandling(at(1), ticket.System("pbx"), ticket.HandlingLogged{Agent: "kari", Kind: ticket.HandlingTalk, Duration: time.Minute})
	require.NoError(t, err, "an integration logs for the agent it names")
	assert.Equal(t, "kari", ev[0].Data.(ticket.HandlingLogged).Agent)
	_, _, err = h.tk.LogHandling(at(1), ticket.System("pbx"), ticket.HandlingLogged{Kind: ticket.HandlingTalk, Duration: time.Minute})
	assert.ErrorIs(t, err, ticket.ErrInvalidCommand, "no agent named")
}

// Create leaves out custom fields set to "", as SetFields treats "" as no
// value.
func TestCreateDropsEmptyFields(t *testing.T) {
	tk, ev, err := ticket.Create(nil, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}, Fields: map[string]string{"asset": "", "site": "Oslo"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"site": "Oslo"}, tk.Fields)
	assert.Equal(t, map[string]string{"site": "Oslo"}, ev[0].Data.(ticket.Created).Fields)
	tk, _, err = ticket.Create(nil, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}, Fields: map[string]string{"asset": ""}})
	require.NoError(t, err)
	assert.Nil(t, tk.Fields)
	_, ev, err = tk.SetFields(at(1), ingrid, map[string]string{"asset": ""})
	require.NoError(t, err)
	assert.Empty(t, ev, "clearing a field that has no value changes nothing")
}

// FollowUp fills each empty requester field from the closed ticket when the
// requester is the same customer, and none when it is another.
func TestFollowUpRequesterFieldByField(t *testing.T) {
	h := newTicket(t, 1) // requester ola, VIP, nb
	h.do(h.tk.SetStatus(at(1), ingrid, ticket.StatusSolved))
	h.do(h.tk.SetStatus(at(2), sysRule, ticket.StatusClosed))
	msg := ticket.Message{Public: true, Body: "Again"}
	fu, _, err := ticket.FollowUp(h.tk, id(2), at(3), ola, ticket.Created{Requester: ticket.Requester{Language: "en"}}, msg)
	require.NoError(t, err)
	assert.Equal(t, ticket.Requester{CustomerID: "ola", Tier: ticket.TierVIP, Language: "en"}, fu.Requester)
	fu, _, err = ticket.FollowUp(h.tk, id(3), at(3), ticket.Customer("kim"), ticket.Created{Requester: ticket.Requester{CustomerID: "kim"}}, msg)
	require.NoError(t, err)
	assert.Equal(t, ticket.Requester{CustomerID: "kim"}, fu.Requester, "another customer's details are not copied")
}

// Lifecycle.Validate refuses nil and an initial status in the closed or
// solved category; Validated copies and marks the lifecycle.
func TestLifecycleValidateEdges(t *testing.T) {
	var nilLC *ticket.Lifecycle
	assert.ErrorIs(t, nilLC.Validate(), ticket.ErrInvalidLifecycle)
	_, err := nilLC.Validated()
	assert.ErrorIs(t, err, ticket.ErrInvalidLifecycle)

	for _, initial := range []string{"closed", "solved"} {
		lc := ticket.DefaultLifecycle()
		lc.Initial = initial
		assert.ErrorContains(t, lc.Validate(), "a new ticket must be active", initial)
	}

	lc := ticket.DefaultLifecycle()
	v, err := lc.Validated()
	require.NoError(t, err)
	lc.Transitions["new"][0] = "changed"
	lc.Statuses[0].Name = "changed"
	assert.Equal(t, ticket.DefaultLifecycle().Transitions, v.Transitions, "the validated copy shares nothing")
	assert.Equal(t, ticket.DefaultLifecycle().Statuses, v.Statuses)
	tk, _, err := ticket.Create(v, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	assert.Same(t, v, tk.Lifecycle())
}
