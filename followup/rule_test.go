package followup_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cadence(stages ...followup.Stage) *followup.Cadence { return &followup.Cadence{Stages: stages} }

func TestValidateErrors(t *testing.T) {
	ok := followup.Rule{Name: "ok", Cadence: cadence(followup.Stage{Every: time.Hour})}
	tests := []struct {
		name  string
		rule  followup.Rule
		field string
	}{
		{"no name", followup.Rule{}, "Name"},
		{"both modes", followup.Rule{Name: "x", Cadence: ok.Cadence, Personal: &followup.Personal{}}, "Cadence"},
		{"no stages", followup.Rule{Name: "x", Cadence: cadence()}, "Cadence.Stages"},
		{"zero interval", followup.Rule{Name: "x", Cadence: cadence(followup.Stage{})}, "Cadence.Stages[0].Every"},
		{"negative stage length", followup.Rule{Name: "x", Cadence: cadence(followup.Stage{Every: 1, For: -1})}, "Cadence.Stages[0].For"},
		{"unlimited stage before the last", followup.Rule{Name: "x", Cadence: cadence(followup.Stage{Every: 1}, followup.Stage{Every: 2})}, "Cadence.Stages[0].For"},
		{"unknown anchor", followup.Rule{Name: "x", Cadence: &followup.Cadence{Stages: ok.Cadence.Stages, From: "start"}}, "Cadence.From"},
		{"unknown update kind", followup.Rule{Name: "x", Cadence: &followup.Cadence{Stages: ok.Cadence.Stages, Counts: "bots"}}, "Cadence.Counts"},
		{"empty reset tag", followup.Rule{Name: "x", Cadence: &followup.Cadence{Stages: ok.Cadence.Stages, ResetOn: followup.ResetOn{Tags: []string{""}}}}, "Cadence.ResetOn.Tags"},
		{"negative flag interval", followup.Rule{Name: "x", Personal: &followup.Personal{After: followup.Wall(-1)}}, "Personal.After"},
		{"unknown flag update kind", followup.Rule{Name: "x", Personal: &followup.Personal{Counts: "?"}}, "Personal.Counts"},
		{"negative nudge", followup.Rule{Name: "x", Nudges: []followup.Nudge{{After: followup.Wall(-time.Hour)}}}, "Nudges[0].After"},
		{"nudges out of order", followup.Rule{Name: "x", Nudges: []followup.Nudge{{After: followup.Wall(2)}, {After: followup.Wall(1)}}}, "Nudges[1].After"},
		{"wall nudge not after a business one", followup.Rule{Name: "x", Nudges: []followup.Nudge{{After: followup.Business(2)}, {After: followup.Wall(2)}}}, "Nudges[1].After"},
		{"nudge not after an earlier one", followup.Rule{Name: "x", Nudges: []followup.Nudge{{After: followup.Wall(5)}, {After: followup.Business(1)}, {After: followup.Wall(3)}}}, "Nudges[2].After"},
		{"unknown nudge action", followup.Rule{Name: "x", Nudges: []followup.Nudge{{Action: "close"}}}, "Nudges[0].Action"},
		{"step after a solve", followup.Rule{Name: "x", Nudges: []followup.Nudge{{After: followup.Wall(1), Action: followup.ActionSolve}, {After: followup.Wall(2)}}}, "Nudges[1]"},
		{"negative reminder", followup.Rule{Name: "x", Reminders: []followup.Offset{followup.Business(-1)}}, "Reminders[0]"},
		{"negative catch-up max", followup.Rule{Name: "x", CatchUp: followup.CatchUp{Max: -1}}, "CatchUp.Max"},
		{"repeated reminder", followup.Rule{Name: "x", Reminders: []followup.Offset{followup.Wall(1), followup.Wall(1)}}, "Reminders[1]"},
		{"unknown catch-up mode", followup.Rule{Name: "x", CatchUp: followup.CatchUp{Mode: "all"}}, "CatchUp.Mode"},
		{"grace without a grace", followup.Rule{Name: "x", CatchUp: followup.CatchUp{Mode: followup.CatchUpGrace}}, "CatchUp.Grace"},
		{"grace for another mode", followup.Rule{Name: "x", CatchUp: followup.CatchUp{Grace: time.Hour}}, "CatchUp.Grace"},
		{"empty tag", followup.Rule{Name: "x", Match: followup.Match{TagsAll: []string{""}}}, "Match.TagsAll"},
		{"empty category", followup.Rule{Name: "x", Match: followup.Match{Categories: []string{""}}}, "Match.Categories"},
		{"required and excluded", followup.Rule{Name: "x", Match: followup.Match{TagsAll: []string{"a"}, TagsNone: []string{"a"}}}, "Match.TagsNone"},
		{"every any tag excluded", followup.Rule{Name: "x", Match: followup.Match{TagsAny: []string{"a"}, TagsNone: []string{"a"}}}, "Match.TagsNone"},
		{"unknown channel", followup.Rule{Name: "x", Match: followup.Match{Channels: []ticket.Channel{"fax"}}}, "Match.Channels"},
		{"unknown priority", followup.Rule{Name: "x", Match: followup.Match{Priorities: []ticket.Priority{"p1"}}}, "Match.Priorities"},
		{"empty tier", followup.Rule{Name: "x", Match: followup.Match{Tiers: []ticket.Tier{""}}}, "Match.Tiers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := followup.Rules{ok, tt.rule}.Validate()
			require.ErrorIs(t, err, followup.ErrInvalidRules)
			var re *followup.RuleError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 1, re.Index)
			assert.Equal(t, tt.field, re.Field, re.Error())
			_, err = followup.NewPlanner(followup.Rules{ok, tt.rule}, nil)
			assert.ErrorIs(t, err, followup.ErrInvalidRules)
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	rules := followup.Rules{
		{Name: "a", Cadence: cadence(followup.Stage{}), CatchUp: followup.CatchUp{Mode: "x"}},
		{Name: "a", Reminders: []followup.Offset{followup.Wall(-1)}},
	}
	err := rules.Validate()
	var joined interface{ Unwrap() []error }
	require.True(t, errors.As(err, &joined))
	assert.Len(t, joined.Unwrap(), 4)
	assert.NoError(t, followup.Rules(nil).Validate())
	assert.NoError(t, outageRules().Validate())
}

func TestNoHours(t *testing.T) {
	rules := followup.Rules{{Name: "x", Nudges: []followup.Nudge{{After: followup.Business(time.Hour)}}}}
	_, err := followup.NewPlanner(rules, nil)
	require.ErrorIs(t, err, followup.ErrNoHours)
	var re *followup.RuleError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Nudges[0].After", re.Field)
	_, err = followup.NewPlanner(rules, osloCal)
	assert.NoError(t, err)
}

func TestPlannerKeepsACopy(t *testing.T) {
	rules := outageRules()
	p := planner(t, rules)
	rules[0].Cadence.Stages[0].Every = time.Nanosecond
	rules[0].Match.TagsAny[0] = "other"
	assert.Equal(t, outageRules(), p.Rules())
}

func TestMatch(t *testing.T) {
	tk := newHist(t, rfc("2026-05-04T09:00:00+02:00"), ticket.Created{
		Tags: []string{"outage", "vip"}, Category: "network", Priority: ticket.PriorityUrgent,
		Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola", Tier: ticket.TierVIP},
	}).tk
	tests := []struct {
		name  string
		match followup.Match
		want  bool
	}{
		{"empty", followup.Match{}, true},
		{"tags any", followup.Match{TagsAny: []string{"x", "vip"}}, true},
		{"tags any missing", followup.Match{TagsAny: []string{"x"}}, false},
		{"tags all", followup.Match{TagsAll: []string{"outage", "vip"}}, true},
		{"tags all missing one", followup.Match{TagsAll: []string{"outage", "x"}}, false},
		{"tags none", followup.Match{TagsNone: []string{"x"}}, true},
		{"tags none present", followup.Match{TagsNone: []string{"vip"}}, false},
		{"category", followup.Match{Categories: []string{"billing", "network"}}, true},
		{"other category", followup.Match{Categories: []string{"billing"}}, false},
		{"channel", followup.Match{Channels: []ticket.Channel{ticket.ChannelPhone}}, true},
		{"other channel", followup.Match{Channels: []ticket.Channel{ticket.ChannelEmail}}, false},
		{"priority", followup.Match{Priorities: []ticket.Priority{ticket.PriorityUrgent}}, true},
		{"other priority", followup.Match{Priorities: []ticket.Priority{ticket.PriorityLow}}, false},
		{"tier", followup.Match{Tiers: []ticket.Tier{ticket.TierVIP}}, true},
		{"other tier", followup.Match{Tiers: []ticket.Tier{ticket.TierStandard}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := followup.Rules{{Name: "no", Match: followup.Match{Categories: []string{"never"}}}, {Name: "r", Match: tt.match}}
			want := -1
			if tt.want {
				want = 1
			}
			assert.Equal(t, want, rules.Match(tk))
		})
	}
}

func TestCaseTypesAndUncovered(t *testing.T) {
	mk := func(cat string, ch ticket.Channel, p ticket.Priority) ticket.Ticket {
		return newHist(t, rfc("2026-05-04T09:00:00+02:00"), ticket.Created{Category: cat, Channel: ch, Priority: p}).tk
	}
	types := followup.CaseTypes([]ticket.Ticket{
		mk("login", ticket.ChannelChat, ticket.PriorityHigh), mk("billing", ticket.ChannelEmail, ""),
		mk("login", ticket.ChannelChat, ticket.PriorityHigh), mk("billing", ticket.ChannelEmail, ticket.PriorityLow),
	})
	assert.Equal(t, []followup.CaseType{
		{Category: "billing", Channel: ticket.ChannelEmail},
		{Category: "billing", Channel: ticket.ChannelEmail, Priority: ticket.PriorityLow},
		{Category: "login", Channel: ticket.ChannelChat, Priority: ticket.PriorityHigh},
	}, types)
	assert.Equal(t, "billing/email/-", types[0].String())

	rules := followup.Rules{
		{Name: "vip", Match: followup.Match{Tiers: []ticket.Tier{ticket.TierVIP}}, Cadence: cadence(followup.Stage{Every: time.Hour})},
		{Name: "chat", Match: followup.Match{Channels: []ticket.Channel{ticket.ChannelChat}, TagsNone: []string{"spam"}}, Personal: &followup.Personal{}},
		{Name: "low billing", Match: followup.Match{Categories: []string{"billing"}, Priorities: []ticket.Priority{ticket.PriorityLow}}, Personal: &followup.Personal{}},
		{Name: "nudges only", Nudges: []followup.Nudge{{After: followup.Wall(time.Hour)}}}, // no follow-up mode: covers nothing
	}
	assert.Equal(t, []followup.CaseType{{Category: "billing", Channel: ticket.ChannelEmail}}, rules.Uncovered(append(types, types[0])))
	assert.Empty(t, rules.Uncovered(nil))
}

func TestEnums(t *testing.T) {
	a, err := followup.ParseAnchor("last_update")
	require.NoError(t, err)
	assert.Equal(t, followup.AnchorLastUpdate, a)
	_, err = followup.ParseAnchor("later")
	assert.ErrorIs(t, err, followup.ErrInvalidRules)
	var ue *followup.UnknownValueError
	assert.ErrorAs(t, err, &ue)
	for _, s := range []string{"any", "human", "automated"} {
		c, err := followup.ParseCounts(s)
		require.NoError(t, err)
		assert.Equal(t, s, c.String())
	}
	for _, s := range []string{"each", "latest", "grace"} {
		m, err := followup.ParseCatchUpMode(s)
		require.NoError(t, err)
		assert.Equal(t, s, m.String())
	}
	for _, s := range []string{"remind", "solve"} {
		act, err := followup.ParseAction(s)
		require.NoError(t, err)
		assert.Equal(t, s, act.String())
	}
	_, err = followup.ParseAction("close")
	assert.ErrorIs(t, err, followup.ErrInvalidRules)

	// A rule table round-trips through JSON, and unknown spellings are refused.
	rules := outageRules()
	rules[0].Cadence.From = followup.AnchorLastUpdate
	rules[0].CatchUp = followup.CatchUp{Mode: followup.CatchUpGrace, Grace: time.Minute}
	rules[0].Nudges = []followup.Nudge{{After: followup.Business(time.Hour), Action: followup.ActionSolve}}
	b, err := json.Marshal(rules)
	require.NoError(t, err)
	var back followup.Rules
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rules, back)
	err = json.Unmarshal([]byte(`[{"name":"x","catch_up":{"mode":"sometimes"}}]`), &back)
	assert.ErrorIs(t, err, followup.ErrInvalidRules)
}

func TestExplanations(t *testing.T) {
	assert.Equal(t, "every ticket", followup.Match{}.String())
	assert.Equal(t, "tags all of [a b], tags none of [c], channel in [chat], priority in [high], tier in [vip]", followup.Match{
		TagsAll: []string{"a", "b"}, TagsNone: []string{"c"}, Channels: []ticket.Channel{ticket.ChannelChat},
		Priorities: []ticket.Priority{ticket.PriorityHigh}, Tiers: []ticket.Tier{ticket.TierVIP},
	}.String())
	assert.Equal(t, "no rule matches", followup.Plan{RuleIndex: -1}.Why())
	assert.Equal(t, "1h0m0s business", followup.Business(time.Hour).String())
	assert.Equal(t, "1h0m0s", followup.Wall(time.Hour).String())

	p := planner(t, outageRules())
	h := newHist(t, rfc("2026-06-09T18:05:00+02:00"), ticket.Created{Tags: []string{"outage"}})
	h.do(h.tk.Snooze(rfc("2026-06-09T18:06:00+02:00"), ingrid, rfc("2026-06-09T19:00:00+02:00")))
	h.reply(rfc("2026-06-09T18:07:00+02:00"), ola)
	pl := h.plan(p, rfc("2026-06-09T18:20:00+02:00"))
	assert.Equal(t, `rule "outage" (#0): tags any of [outage]`, pl.Why())
	var got []string
	for _, it := range append(pl.Due, pl.Pending...) {
		got = append(got, it.String())
	}
	assert.Equal(t, []string{
		`wake_up at 2026-06-09T18:07:00+02:00: snooze set at event #2, woken early by event #3, rule "outage", for ola`,
		`status_update at 2026-06-09T18:15:00+02:00: promise 1 (stage 1) counted from event #1, rule "outage", for ola`,
		`status_update at 2026-06-09T18:25:00+02:00: promise 2 (stage 1) counted from event #1, rule "outage", for ola`,
	}, got)
}
