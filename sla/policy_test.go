package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

func TestValidate(t *testing.T) {
	ok := sla.Policy{Name: "p", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Priority: ticket.PriorityHigh, Duration: time.Hour},
		{Metric: sla.FirstReply(), Duration: 2 * time.Hour},
	}, Levels: []sla.Level{
		{Name: "warn", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "late", Offset: time.Hour, Actions: []sla.Action{{Kind: sla.ActionRaisePriority, Priority: ticket.PriorityUrgent}}},
	}}
	require.NoError(t, sla.Policies{ok}.Validate())
	require.NoError(t, sla.Policies{}.Validate())

	odd := sla.FirstReply()
	odd.Stop = sla.StopSolve
	odd.Reopen = sla.ReopenFinal
	tests := []struct {
		name   string
		change func(p *sla.Policy)
		field  string
	}{
		{"no name", func(p *sla.Policy) { p.Name = "" }, "name"},
		{"negative version", func(p *sla.Policy) { p.Version = -1 }, "version"},
		{"zero target", func(p *sla.Policy) { p.Targets[0].Duration = 0 }, "targets[0].duration"},
		{"negative target", func(p *sla.Policy) { p.Targets[1].Duration = -time.Minute }, "targets[1].duration"},
		{"unknown metric", func(p *sla.Policy) { p.Targets[0].Metric = sla.Metric{Name: "x"} }, "targets[0].metric"},
		{"unknown paused category", func(p *sla.Policy) { p.Targets[0].Metric.Paused = []ticket.StatusCategory{"lunch"} }, "targets[0].metric"},
		{"metric defined twice", func(p *sla.Policy) { p.Targets[1].Metric = odd }, "targets[1].metric"},
		{"two targets for metric and priority", func(p *sla.Policy) { p.Targets[1].Priority = ticket.PriorityHigh }, "targets[1]"},
		{"unknown priority", func(p *sla.Policy) { p.Targets[0].Priority = "meh" }, "targets[0].priority"},
		{"unknown mode", func(p *sla.Policy) { p.Recalculation = "sideways" }, "recalculation"},
		{"percent beyond sense", func(p *sla.Policy) { p.Levels[0].Percent = 5000 }, "levels[0].percent"},
		{"negative percent", func(p *sla.Policy) { p.Levels[0].Percent = -5 }, "levels[0].percent"},
		{"offset before start", func(p *sla.Policy) { p.Levels[1].Offset = -time.Hour }, "levels[1].offset"},
		{"offset far after due", func(p *sla.Policy) { p.Levels[1].Offset = 100 * time.Hour }, "levels[1].offset"},
		{"level without name", func(p *sla.Policy) { p.Levels[0].Name = "" }, "levels[0].name"},
		{"repeated level", func(p *sla.Policy) { p.Levels[1].Name = "warn" }, "levels[1].name"},
		{"level for a metric without target", func(p *sla.Policy) { p.Levels[0].Metric = sla.NameAgentWork }, "levels[0].metric"},
		{"bad action", func(p *sla.Policy) { p.Levels[0].Actions[0].Who = "" }, "levels[0].actions[0]"},
		{"unknown action", func(p *sla.Policy) { p.Levels[0].Actions[0].Kind = "dance" }, "levels[0].actions[0]"},
		// Both were accepted and the offset, or the other kind's field, ignored.
		{"percent and offset", func(p *sla.Policy) { p.Levels[0].Offset = -time.Minute }, "levels[0].offset"},
		{"priority of a notify", func(p *sla.Policy) { p.Levels[0].Actions[0].Priority = ticket.PriorityUrgent }, "levels[0].actions[0].priority"},
		{"who of a raise", func(p *sla.Policy) { p.Levels[1].Actions[0].Who = "lead" }, "levels[1].actions[0].who"},
		// A level of a policy without targets was never reached, silently.
		{"level without targets", func(p *sla.Policy) { p.Targets = nil }, "levels[0]"},
		// An empty tag, which no ticket carries, was accepted: a condition
		// requiring it never held, and excluding it did nothing.
		{"empty tag required", func(p *sla.Policy) { p.Match.TagsAll = []string{""} }, "match.tags_all[0]"},
		{"empty tag among any", func(p *sla.Policy) { p.Match.TagsAny = []string{"vip", ""} }, "match.tags_any[1]"},
		{"empty tag excluded", func(p *sla.Policy) { p.Match.TagsNone = []string{""} }, "match.tags_none[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			p.Targets = append([]sla.Target(nil), ok.Targets...)
			p.Levels = append([]sla.Level(nil), ok.Levels...)
			for i := range p.Levels {
				p.Levels[i].Actions = append([]sla.Action(nil), ok.Levels[i].Actions...)
			}
			tt.change(&p)
			err := sla.Policies{p}.Validate()
			require.ErrorIs(t, err, sla.ErrInvalidPolicy)
			var pe *sla.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.field, pe.Field, err.Error())

			_, err = sla.Policies{p}.Evaluate(create(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), ticket.PriorityHigh).events, time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))
			assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
		})
	}

	t.Run("every problem at once", func(t *testing.T) {
		p := ok
		p.Name = ""
		p.Targets = []sla.Target{{Metric: sla.FirstReply()}, {Metric: sla.Metric{}}}
		err := sla.Policies{p, p}.Validate()
		var n int
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			assert.True(t, errors.Is(e, sla.ErrInvalidPolicy))
			n++
		}
		assert.GreaterOrEqual(t, n, 7)
	})
}

func TestEvaluateErrors(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}}
	h := create(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), ticket.PriorityHigh).reply(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))

	_, err := ps.Evaluate(h.events, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, sla.ErrInvalidTime)
	var te *sla.TimeError
	assert.ErrorAs(t, err, &te)

	_, err = ps.Evaluate(nil, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)

	broken := append([]ticket.Event(nil), h.events...)
	broken[1].Seq = 7
	_, err = ps.Evaluate(broken, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
	var re *ticket.ReplayError
	assert.ErrorAs(t, err, &re)
}

func TestConditionMatches(t *testing.T) {
	tk := ticket.Ticket{Priority: ticket.PriorityHigh, Group: "billing", Channel: ticket.ChannelEmail,
		Tags: []string{"b2b", "vip"}, Requester: ticket.Requester{Tier: ticket.TierPremium}, Category: "invoice"}
	tests := []struct {
		name string
		c    sla.Condition
		want bool
	}{
		{"zero matches everything", sla.Condition{}, true},
		{"priority", sla.Condition{Priorities: []ticket.Priority{ticket.PriorityHigh, ticket.PriorityUrgent}}, true},
		{"other priority", sla.Condition{Priorities: []ticket.Priority{ticket.PriorityLow}}, false},
		{"group", sla.Condition{Groups: []string{"billing"}}, true},
		{"other group", sla.Condition{Groups: []string{"tech"}}, false},
		{"channel", sla.Condition{Channels: []ticket.Channel{ticket.ChannelPhone}}, false},
		{"tags any", sla.Condition{TagsAny: []string{"x", "vip"}}, true},
		{"tags any missing", sla.Condition{TagsAny: []string{"x", "y"}}, false},
		{"tags all", sla.Condition{TagsAll: []string{"vip", "b2b"}}, true},
		{"tags all missing one", sla.Condition{TagsAll: []string{"vip", "x"}}, false},
		{"tags none", sla.Condition{TagsNone: []string{"spam"}}, true},
		{"tags none present", sla.Condition{TagsNone: []string{"spam", "b2b"}}, false},
		{"tier", sla.Condition{Tiers: []ticket.Tier{ticket.TierPremium}}, true},
		{"other tier", sla.Condition{Tiers: []ticket.Tier{ticket.TierVIP}}, false},
		{"category", sla.Condition{Categories: []string{"invoice"}}, true},
		{"other category", sla.Condition{Categories: []string{"login"}}, false},
		{"func", sla.Condition{Func: func(t ticket.Ticket) bool { return t.Group == "billing" }}, true},
		{"func refuses", sla.Condition{Groups: []string{"billing"}, Func: func(ticket.Ticket) bool { return false }}, false},
		{"every field", sla.Condition{Priorities: []ticket.Priority{ticket.PriorityHigh}, Groups: []string{"billing"},
			Channels: []ticket.Channel{ticket.ChannelEmail}, TagsAny: []string{"vip"}, TagsAll: []string{"b2b"},
			TagsNone: []string{"spam"}, Tiers: []ticket.Tier{ticket.TierPremium}, Categories: []string{"invoice"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.Matches(&tk))
		})
	}
}

// TestFirstMatchAndNoPriority: the first matching policy applies; a ticket
// without a priority gets no priority-keyed target, and the result says so;
// a ticket no policy matches has no SLA.
func TestFirstMatchAndNoPriority(t *testing.T) {
	ps := sla.Policies{
		{Name: "vip", Version: 1, Match: sla.Condition{TagsAny: []string{"vip"}}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour}}},
		{Name: "phone", Version: 1, Match: sla.Condition{Channels: []ticket.Channel{ticket.ChannelPhone}}, Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour},
			{Metric: sla.TotalResolution(), Duration: 8 * time.Hour}}},
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := create(t, at, "") // email, no priority: no policy matches
	r, err := ps.Evaluate(h.events, at.Add(time.Hour))
	require.NoError(t, err)
	assert.False(t, r.Matched)
	assert.Empty(t, r.Instances)
	assert.True(t, r.NextWakeUp.IsZero())

	_, evs, err := ticket.Create(nil, ticket.ID{15: 9}, at, customer, ticket.Created{Subject: "call",
		Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	r, err = ps.Evaluate(evs, at.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, "phone", r.Policy)
	assert.True(t, r.NoPriority)
	require.Len(t, r.Instances, 1, "only the target without a priority applies")
	assert.Equal(t, sla.NameTotalResolution, r.Instances[0].Metric.Name)

	h.do(h.ticket.Tag(at.Add(30*time.Minute), agent, []string{"vip"}, nil))
	r, err = ps.Evaluate(h.events, at.Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, "vip", r.Policy)
	assert.False(t, r.NoPriority)
	in := r.Instances[0]
	assert.Equal(t, at, in.Start, "a target applying for the first time counts from the instance's start")
	assert.True(t, in.Breached)
	assert.Equal(t, at.Add(time.Hour), in.BreachedAt)
	var kinds []sla.EventKind
	for _, e := range r.Events {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []sla.EventKind{sla.EventActivate, sla.EventApplyPolicy, sla.EventBreach}, kinds)
	assert.Equal(t, at.Add(30*time.Minute), r.Events[1].At)
}
