package sla_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

const slaDoc = `{
  "metrics": [
    {"name": "vendor_wait", "start": "created", "stop": "solve", "paused": ["pending"], "reopen": "continue"}
  ],
  "policies": [
    {
      "name": "vip",
      "version": 2,
      "match": {"tiers": ["vip"], "channels": ["email", "web"], "tags_none": ["spam"], "organizations": ["Fjord AS"]},
      "targets": [
        {"metric": "first_reply_time", "priority": "urgent", "duration": "30m", "hours": "oslo-desk"},
        {"metric": "first_reply_time", "duration": "4h", "hours": "oslo-desk"},
        {"metric": "total_resolution_time", "duration": "72h"},
        {"metric": "vendor_wait", "duration": "168h"}
      ],
      "levels": [
        {"name": "warn", "percent": 75, "actions": [{"kind": "notify", "who": "assignee"}]},
        {"name": "late", "metric": "first_reply_time", "offset": "1h",
         "actions": [{"kind": "reassign", "group": "tier-2"}, {"kind": "raise_priority", "priority": "urgent"}]}
      ],
      "recalculation": "prospective"
    },
    {"name": "default", "targets": [{"metric": "first_reply_time", "duration": "8h", "hours": "oslo-desk"}]}
  ],
  "catch_up": {"mode": "grace", "grace": "15m"}
}`

// slaPolicies is slaDoc built in Go on the calendar desk.
func slaPolicies(desk *calendar.Calendar) sla.Policies {
	vendor := sla.Metric{Name: "vendor_wait", Start: sla.StartCreated, Stop: sla.StopSolve,
		Paused: []ticket.StatusCategory{ticket.StatusCategoryPending}, Reopen: sla.ReopenContinue}
	return sla.Policies{
		{
			Name: "vip", Version: 2,
			Match: sla.Condition{Tiers: []ticket.Tier{ticket.TierVIP}, Channels: []ticket.Channel{ticket.ChannelEmail, ticket.ChannelWeb},
				TagsNone: []string{"spam"}, Organizations: []string{"Fjord AS"}},
			Targets: []sla.Target{
				{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: 30 * time.Minute, Hours: desk},
				{Metric: sla.FirstReply(), Duration: 4 * time.Hour, Hours: desk},
				{Metric: sla.TotalResolution(), Duration: 72 * time.Hour},
				{Metric: vendor, Duration: 168 * time.Hour},
			},
			Levels: []sla.Level{
				{Name: "warn", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
				{Name: "late", Metric: sla.NameFirstReply, Offset: time.Hour, Actions: []sla.Action{
					{Kind: sla.ActionReassign, Group: "tier-2"}, {Kind: sla.ActionRaisePriority, Priority: ticket.PriorityUrgent}}},
			},
			Recalculation: sla.Prospective,
		},
		{Name: "default", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 8 * time.Hour, Hours: desk}}},
	}
}

func TestDecodeSLAConfig(t *testing.T) {
	desk := osloDesk(t)
	cals := map[string]*calendar.Calendar{"oslo-desk": desk}
	c, err := sla.DecodeConfig([]byte(slaDoc))
	require.NoError(t, err)
	assert.Equal(t, sla.CatchUp{Mode: sla.CatchUpGrace, Grace: 15 * time.Minute}, c.CatchUp)
	ps, err := c.Build(cals)
	require.NoError(t, err)
	assert.Equal(t, slaPolicies(desk), ps)

	// Go-built → document → decoded gives the same policies and config.
	back, err := sla.ConfigOf(slaPolicies(desk), c.CatchUp, cals)
	require.NoError(t, err)
	assert.Equal(t, c, back)
	out, err := back.Encode()
	require.NoError(t, err)
	again, err := sla.DecodeConfig(out)
	require.NoError(t, err)
	assert.Equal(t, c, again)
	assert.Contains(t, string(out), `"duration": "168h"`)
}

func TestSLAConfigEvaluates(t *testing.T) {
	desk := osloDesk(t)
	c, err := sla.DecodeConfig([]byte(slaDoc))
	require.NoError(t, err)
	ps, err := c.Build(map[string]*calendar.Calendar{"oslo-desk": desk})
	require.NoError(t, err)
	// Friday 15:00 Oslo, normal priority, not vip: "default", 8 business
	// hours, due Monday 15:00 (Friday 15–16 and Monday 08–15).
	h := create(t, rfc(t, "2026-03-06T15:00:00+01:00"), ticket.PriorityNormal)
	r, err := ps.Evaluate(h.events, rfc(t, "2026-03-06T16:00:00+01:00"))
	require.NoError(t, err)
	fr := instance(t, r, sla.NameFirstReply, 1)
	assert.Equal(t, "default", r.Policy)
	assert.Equal(t, "2026-03-09T15:00:00+01:00", format(fr.Due))
}

func TestConditionOrganizations(t *testing.T) {
	c := sla.Condition{Organizations: []string{"Fjord AS", "Berg AB"}}
	assert.True(t, c.Matches(&ticket.Ticket{Requester: ticket.Requester{Organization: "Berg AB"}}))
	assert.False(t, c.Matches(&ticket.Ticket{Requester: ticket.Requester{Organization: "Other"}}))
	assert.False(t, c.Matches(&ticket.Ticket{}), "a requester without an organization is in none")
	assert.True(t, sla.Condition{}.Matches(&ticket.Ticket{}))
}

func TestDecodeSLAConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
		want error
	}{
		{"nanoseconds", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": 3600000000000}]}]}`, "policies[0].targets[0].duration", document.ErrType},
		{"zero duration", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "0s"}]}]}`, "policies[0].targets[0].duration", sla.ErrInvalidPolicy},
		{"unknown metric", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply", "duration": "1h"}]}]}`, "policies[0].targets[0].metric", document.ErrUnknownName},
		{"unknown priority", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "priority": "asap", "duration": "1h"}]}]}`, "policies[0].targets[0].priority", ticket.ErrUnknownValue},
		{"unknown channel", `{"policies": [{"name": "a", "match": {"channels": ["fax"]}}]}`, "policies[0].match.channels[0]", ticket.ErrUnknownValue},
		{"unknown recalculation", `{"policies": [{"name": "a", "recalculation": "later"}]}`, "policies[0].recalculation", sla.ErrUnknownValue},
		{"unknown action", `{"policies": [{"name": "a", "levels": [{"name": "x", "percent": 50, "actions": [{"kind": "page"}]}]}]}`, "policies[0].levels[0].actions[0].kind", sla.ErrUnknownValue},
		{"func key", `{"policies": [{"name": "a", "match": {"func": "x"}}]}`, "policies[0].match.func", document.ErrUnknownKey},
		{"key in Go case", `{"policies": [{"Name": "a"}]}`, "policies[0].Name", document.ErrUnknownKey},
		{"key twice", `{"policies": [{"name": "a", "name": "b"}]}`, "policies[0].name", document.ErrDuplicateKey},
		{"no name", `{"policies": [{"targets": [{"metric": "first_reply_time", "duration": "1h"}]}]}`, "policies[0].name", sla.ErrInvalidPolicy},
		{"two targets", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h"}, {"metric": "first_reply_time", "duration": "2h"}]}]}`, "policies[0].targets[1]", sla.ErrInvalidPolicy},
		{"level without target", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h"}], "levels": [{"name": "x", "metric": "next_reply_time", "percent": 50}]}]}`, "policies[0].levels[0].metric", sla.ErrInvalidPolicy},
		{"preset redefined", `{"metrics": [{"name": "first_reply_time", "start": "created", "stop": "solve", "reopen": "final"}]}`, "metrics[0].name", sla.ErrInvalidPolicy},
		{"custom metric twice", `{"metrics": [{"name": "m", "start": "created", "stop": "agent_reply"}, {"name": "m", "start": "created", "stop": "agent_reply"}]}`, "metrics[1].name", sla.ErrInvalidPolicy},
		{"custom metric invalid", `{"metrics": [{"name": "m", "start": "created", "stop": "agent_reply", "reopen": "final"}]}`, "metrics[0]", sla.ErrInvalidPolicy},
		{"negative grace", `{"catch_up": {"mode": "grace", "grace": "-5m"}}`, "catch_up.grace", sla.ErrInvalidCatchUp},
		{"unknown catch-up", `{"catch_up": {"mode": "all"}}`, "catch_up.mode", sla.ErrUnknownValue},
		// A grace was accepted and ignored with a mode other than grace.
		{"grace without its mode", `{"catch_up": {"grace": "15m"}}`, "catch_up.grace", sla.ErrInvalidCatchUp},
		{"grace for latest", `{"catch_up": {"mode": "latest", "grace": "15m"}}`, "catch_up.grace", sla.ErrInvalidCatchUp},
		// A level's offset was silently ignored beside a percent.
		{"percent and offset", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h"}], "levels": [{"name": "x", "percent": 50, "offset": "-10m"}]}]}`, "policies[0].levels[0].offset", sla.ErrInvalidPolicy},
		// An action's field for another kind was silently ignored.
		{"group of a notify", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h"}], "levels": [{"name": "x", "percent": 50, "actions": [{"kind": "notify", "who": "lead", "group": "tier-2"}]}]}]}`, "policies[0].levels[0].actions[0].group", sla.ErrInvalidPolicy},
		{"tag of a reassign", `{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h"}], "levels": [{"name": "x", "percent": 50, "actions": [{"kind": "reassign", "group": "tier-2", "tag": "late"}]}]}]}`, "policies[0].levels[0].actions[0].tag", sla.ErrInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.DecodeConfig([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
			assert.Contains(t, document.Paths(err), tt.path, "%v", err)
		})
	}
}

func TestSLAConfigBuildUnknownCalendar(t *testing.T) {
	c, err := sla.DecodeConfig([]byte(slaDoc))
	require.NoError(t, err)
	_, err = c.Build(map[string]*calendar.Calendar{"bergen": osloDesk(t)})
	assert.ErrorIs(t, err, document.ErrUnknownName)
	assert.ElementsMatch(t, []string{"policies[0].targets[0].hours", "policies[0].targets[1].hours", "policies[1].targets[0].hours"}, document.Paths(err))
}

// On a desk without calendars, an unknown calendar name listed the
// desk's calendars as nothing: "(the desk's calendars: )".
func TestSLAConfigBuildNoCalendars(t *testing.T) {
	c, err := sla.DecodeConfig([]byte(`{"policies": [{"name": "a", "targets": [{"metric": "first_reply_time", "duration": "1h", "hours": "oslo"}]}]}`))
	require.NoError(t, err)
	for _, cals := range []map[string]*calendar.Calendar{nil, {}} {
		_, err = c.Build(cals)
		assert.ErrorIs(t, err, document.ErrUnknownName)
		assert.Equal(t, []string{"policies[0].targets[0].hours"}, document.Paths(err))
		assert.Contains(t, err.Error(), `calendar "oslo" (the desk defines no calendars)`)
		assert.NotContains(t, err.Error(), "calendars: )")
	}
}

func TestSLAConfigOfRefusesGoOnly(t *testing.T) {
	desk := osloDesk(t)
	ps := slaPolicies(desk)
	ps[1].Match.Func = func(ticket.Ticket) bool { return true }
	ps[0].Targets[0].Hours = calendar.Always(nil)
	_, err := sla.ConfigOf(ps, sla.CatchUp{}, map[string]*calendar.Calendar{"oslo-desk": desk})
	assert.ErrorIs(t, err, document.ErrGoOnly)
	assert.ErrorIs(t, err, document.ErrUnknownName)
	assert.ElementsMatch(t, []string{"policies[1].match", "policies[0].targets[0].hours"}, document.Paths(err))
}

func TestDecodeZendesk(t *testing.T) {
	data, err := os.ReadFile("testdata/zendesk/sla_policies.json")
	require.NoError(t, err)
	c, err := sla.DecodeZendesk(data, sla.ZendeskOptions{BusinessHours: "oslo-desk", Groups: map[string]string{"360001": "tier-1"},
		Organizations: map[string]string{"3001": "Fjord AS"}, TierField: "tier"})
	require.NoError(t, err)
	desk := osloDesk(t)
	ps, err := c.Build(map[string]*calendar.Calendar{"oslo-desk": desk})
	require.NoError(t, err)
	want := sla.Policies{
		{
			Name: "Silver Plan",
			Match: sla.Condition{
				Priorities: []ticket.Priority{ticket.PriorityUrgent, ticket.PriorityHigh},
				Groups:     []string{"tier-1"}, TagsNone: []string{"spam", "test"}, Tiers: []ticket.Tier{ticket.TierVIP},
				Organizations: []string{"Fjord AS"},
			},
			Targets: []sla.Target{
				{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: 30 * time.Minute, Hours: desk},
				{Metric: sla.NextReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour, Hours: desk},
				{Metric: sla.AgentWork(), Priority: ticket.PriorityUrgent, Duration: 8 * time.Hour, Hours: desk},
				{Metric: sla.FirstReply(), Priority: ticket.PriorityHigh, Duration: 2 * time.Hour, Hours: desk},
				{Metric: sla.RequesterWait(), Priority: ticket.PriorityHigh, Duration: 16 * time.Hour},
			},
		},
		{
			Name:  "Incidents by email",
			Match: sla.Condition{Channels: []ticket.Channel{ticket.ChannelEmail}, Categories: []string{"incident"}},
			Targets: []sla.Target{
				{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: 10 * time.Minute},
				{Metric: sla.FirstReply(), Priority: ticket.PriorityLow, Duration: time.Hour},
			},
		},
		{
			Name: "Everything else",
			Match: sla.Condition{
				Priorities: []ticket.Priority{ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent},
				TagsAny:    []string{"billing", "refund"},
			},
			Targets: []sla.Target{
				{Metric: sla.PeriodicUpdate(), Priority: ticket.PriorityNormal, Duration: 24 * time.Hour, Hours: desk},
				{Metric: sla.PausableUpdate(), Priority: ticket.PriorityNormal, Duration: 48 * time.Hour, Hours: desk},
				{Metric: sla.TotalResolution(), Priority: ticket.PriorityHigh, Duration: 72 * time.Hour},
			},
		},
	}
	assert.Equal(t, want, ps)
}

func TestDecodeZendeskRefusesWhatDeskCannotExpress(t *testing.T) {
	data, err := os.ReadFile("testdata/zendesk/unsupported.json")
	require.NoError(t, err)
	_, err = sla.DecodeZendesk(data, sla.ZendeskOptions{})
	require.Error(t, err)
	assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
	assert.ElementsMatch(t, []string{
		"sla_policies[0].filter.all[0]",                    // organization_id
		"sla_policies[0].filter.all[1]",                    // brand_id
		"sla_policies[0].filter.all[2]",                    // group_id is_not
		"sla_policies[0].filter.any[1]",                    // any across fields
		"sla_policies[0].policy_metrics[0].business_hours", // no calendar named
		"sla_policies[0].policy_metrics[1].metric",         // not a Zendesk metric
	}, document.Paths(err))
	assert.ErrorContains(t, err, `"organization_id"`)
	assert.ErrorContains(t, err, `"brand_id"`)
}

func TestDecodeZendeskErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
	}{
		{"unknown key", `{"sla_policies": [{"title": "a", "targets": []}]}`, "sla_policies[0].targets"},
		{"priority never met", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "priority", "operator": "less_than", "value": "low"}]}}]}`, "sla_policies[0].filter.all[0]"},
		{"conflicting conditions", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "priority", "operator": "is", "value": "low"}, {"field": "priority", "operator": "is", "value": "high"}]}}]}`, "sla_policies[0].filter.all[1]"},
		{"value object", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "type", "operator": "is", "value": {}}]}}]}`, "sla_policies[0].filter.all[0].value"},
		{"no title", `{"sla_policies": [{"policy_metrics": [{"priority": "low", "metric": "first_reply_time", "target": 5}]}]}`, "sla_policies[0].title"},
		// A via that shares its desk channel with other vias cannot be told
		// apart from them: "via is inbound call" as the phone channel would
		// put outbound calls and voicemail under the policy (wider than in
		// Zendesk), "via is not inbound call" would leave them out
		// (narrower), and two vias of one channel in "all" would match
		// phone tickets where Zendesk matches none.
		{"via inbound call", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "via_id", "operator": "is", "value": 34}]}}]}`, "sla_policies[0].filter.all[0]"},
		{"via not inbound call", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "via_id", "operator": "is_not", "value": "phone_call_inbound"}]}}]}`, "sla_policies[0].filter.all[0]"},
		{"two phone vias in all", `{"sla_policies": [{"title": "a", "filter": {"all": [{"field": "via_id", "operator": "is", "value": 33}, {"field": "via_id", "operator": "is", "value": 35}]}}]}`, "sla_policies[0].filter.all[1]"},
		{"some phone vias in any", `{"sla_policies": [{"title": "a", "filter": {"any": [{"field": "via_id", "operator": "is", "value": 34}, {"field": "via_id", "operator": "is", "value": 35}]}}]}`, "sla_policies[0].filter.any"},
		{"not a social via in any", `{"sla_policies": [{"title": "a", "filter": {"any": [{"field": "via_id", "operator": "is_not", "value": 26}]}}]}`, "sla_policies[0].filter.any[0]"},
		{"zero target", `{"sla_policies": [{"title": "a", "policy_metrics": [{"priority": "low", "metric": "first_reply_time", "target": 0}]}]}`, "policies[0].targets[0].duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.DecodeZendesk([]byte(tt.doc), sla.ZendeskOptions{})
			require.Error(t, err)
			assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
			assert.Contains(t, document.Paths(err), tt.path, "%v", err)
		})
	}
}

func FuzzDecodeSLAConfig(f *testing.F) {
	f.Add([]byte(slaDoc))
	f.Add([]byte(`{"policies": [{"name": "a", "targets": [{"metric": "x", "duration": "-1h", "hours": "nowhere"}], "levels": [{"offset": "1h"}]}]}`))
	f.Add([]byte(`{"metrics": [{"name": "m", "start": "agent_reply", "stop": "solve", "paused": ["solved"]}], "catch_up": {"mode": "each"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := documenttest.RoundTrip(data, sla.ErrInvalidPolicy, sla.DecodeConfig, sla.Config.Encode); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDecodeZendesk(f *testing.F) {
	for _, name := range []string{"sla_policies.json", "unsupported.json"} {
		data, err := os.ReadFile("testdata/zendesk/" + name)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := sla.DecodeZendesk(data, sla.ZendeskOptions{BusinessHours: "desk", TierField: "tier"})
		if err != nil {
			if err := documenttest.Typed(err, sla.ErrInvalidPolicy); err != nil {
				t.Fatal(err)
			}
			return
		}
		if _, err := c.Build(map[string]*calendar.Calendar{"desk": calendar.Always(nil)}); err != nil {
			t.Fatalf("a read Zendesk list does not build: %v", err)
		}
	})
}

// TestDecodeZendeskConditions maps each kind of Zendesk filter condition
// desk models to the condition it means.
func TestDecodeZendeskConditions(t *testing.T) {
	all := ticket.Channels()
	tests := []struct {
		name   string
		filter string
		want   sla.Condition
	}{
		{"priority is_not", `{"all": [{"field": "priority", "operator": "is_not", "value": "low"}]}`,
			sla.Condition{Priorities: []ticket.Priority{ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}}},
		{"priority less_than", `{"all": [{"field": "priority", "operator": "less_than", "value": "high"}]}`,
			sla.Condition{Priorities: []ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal}}},
		{"priorities narrowed", `{"all": [{"field": "priority", "operator": "greater_than", "value": "low"}, {"field": "priority", "operator": "less_than", "value": "urgent"}]}`,
			sla.Condition{Priorities: []ticket.Priority{ticket.PriorityNormal, ticket.PriorityHigh}}},
		{"via type name", `{"all": [{"field": "via_id", "operator": "is", "value": "chat"}]}`,
			sla.Condition{Channels: []ticket.Channel{ticket.ChannelChat}}},
		{"via number", `{"all": [{"field": "via_id", "operator": "is", "value": 29}]}`,
			sla.Condition{Channels: []ticket.Channel{ticket.ChannelChat}}},
		// Voicemail (33), inbound (34) and outbound calls (35) are all the
		// phone channel: named together in "any", they are exactly it.
		{"any of every phone via", `{"any": [{"field": "via_id", "operator": "is", "value": 34}, {"field": "via_id", "operator": "is", "value": "voicemail"}, {"field": "via_id", "operator": "is", "value": "phone_call_outbound"}]}`,
			sla.Condition{Channels: []ticket.Channel{ticket.ChannelPhone}}},
		{"any of every social via and mail", `{"any": [{"field": "via_id", "operator": "is", "value": 23}, {"field": "via_id", "operator": "is", "value": 26}, {"field": "via_id", "operator": "is", "value": 30}, {"field": "via_id", "operator": "is", "value": "facebook_post"}, {"field": "via_id", "operator": "is", "value": 41}, {"field": "via_id", "operator": "is", "value": "mail"}]}`,
			sla.Condition{Channels: []ticket.Channel{ticket.ChannelSocial, ticket.ChannelEmail}}},
		{"via is_not", `{"all": [{"field": "via_id", "operator": "is_not", "value": "4"}]}`,
			sla.Condition{Channels: slices.DeleteFunc(slices.Clone(all), func(c ticket.Channel) bool { return c == ticket.ChannelEmail })}},
		{"a single tag", `{"all": [{"field": "current_tags", "operator": "includes", "value": "vip"}, {"field": "current_tags", "operator": "includes", "value": "eu"}]}`,
			sla.Condition{TagsAll: []string{"vip", "eu"}}},
		{"any of several tags", `{"any": [{"field": "current_tags", "operator": "includes", "value": "a"}, {"field": "current_tags", "operator": "includes", "value": "b c"}]}`,
			sla.Condition{TagsAny: []string{"a", "b", "c"}}},
		{"any of groups", `{"any": [{"field": "group_id", "operator": "is", "value": 1}, {"field": "group_id", "operator": "is", "value": "2"}]}`,
			sla.Condition{Groups: []string{"tier-1", "2"}}},
		{"any narrowed by all", `{"all": [{"field": "priority", "operator": "is_not", "value": "urgent"}], "any": [{"field": "priority", "operator": "is", "value": "urgent"}, {"field": "priority", "operator": "is", "value": "high"}]}`,
			sla.Condition{Priorities: []ticket.Priority{ticket.PriorityHigh}}},
		{"ticket type and tier", `{"all": [{"field": "type", "operator": "is", "value": "problem"}, {"field": "requester.custom_fields.tier", "operator": "is", "value": "premium"}]}`,
			sla.Condition{Categories: []string{"problem"}, Tiers: []ticket.Tier{ticket.TierPremium}}},
		{"organization", `{"all": [{"field": "organization_id", "operator": "is", "value": 77}]}`,
			sla.Condition{Organizations: []string{"77"}}},
		{"no conditions", `{"all": [], "any": []}`, sla.Condition{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"sla_policies": [{"title": "p", "filter": ` + tt.filter +
				`, "policy_metrics": [{"priority": "high", "metric": "first_reply_time", "target": 60, "business_hours": false}]}]}`
			c, err := sla.DecodeZendesk([]byte(doc), sla.ZendeskOptions{Groups: map[string]string{"1": "tier-1"}, TierField: "tier"})
			require.NoError(t, err)
			require.Len(t, c.Policies, 1)
			assert.Equal(t, tt.want, c.Policies[0].Match)
		})
	}
}
