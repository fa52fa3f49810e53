package followup_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

const followupDoc = `{
  "hours": "oslo-desk",
  "rules": [
    {
      "name": "outage",
      "match": {"tags_any": ["outage"], "channels": ["phone", "chat"]},
      "cadence": {
        "stages": [{"every": "10m", "for": "1h"}, {"every": "30m", "for": "3h"}, {"every": "2h"}],
        "from": "phase_start",
        "reset_on": {"status": true, "tags": ["identified", "monitoring"]},
        "counts": "any",
        "template": "outage-update"
      },
      "catch_up": {"mode": "latest", "max": 20}
    },
    {
      "name": "export-licence",
      "match": {"categories": ["export-licence"], "priorities": ["high"]},
      "personal": {"owner": "licensing", "after": {"duration": "16h", "business": true}, "counts": "human"},
      "reminders": [{"duration": "4h", "business": true}, {"duration": "30m"}],
      "clear_date_on_solve": true
    },
    {
      "name": "waiting",
      "nudges": [
        {"after": {"duration": "16h", "business": true}, "template": "bump"},
        {"after": {"duration": "72h"}, "template": "bump"},
        {"after": {"duration": "80h", "business": true}, "action": "solve"}
      ],
      "keep_snooze_on_reply": true,
      "catch_up": {"mode": "grace", "grace": "2h"}
    }
  ]
}`

// followupRules is followupDoc's rules built in Go.
func followupRules() followup.Rules {
	return followup.Rules{
		{
			Name:  "outage",
			Match: followup.Match{TagsAny: []string{"outage"}, Channels: []ticket.Channel{ticket.ChannelPhone, ticket.ChannelChat}},
			Cadence: &followup.Cadence{
				Stages:   []followup.Stage{{Every: 10 * time.Minute, For: time.Hour}, {Every: 30 * time.Minute, For: 3 * time.Hour}, {Every: 2 * time.Hour}},
				From:     followup.AnchorPhaseStart,
				ResetOn:  followup.ResetOn{Status: true, Tags: []string{"identified", "monitoring"}},
				Counts:   followup.CountsAny,
				Template: "outage-update",
			},
			CatchUp: followup.CatchUp{Mode: followup.CatchUpLatest, Max: 20},
		},
		{
			Name:             "export-licence",
			Match:            followup.Match{Categories: []string{"export-licence"}, Priorities: []ticket.Priority{ticket.PriorityHigh}},
			Personal:         &followup.Personal{Owner: "licensing", After: followup.Business(16 * time.Hour), Counts: followup.CountsHuman},
			Reminders:        []followup.Offset{followup.Business(4 * time.Hour), followup.Wall(30 * time.Minute)},
			ClearDateOnSolve: true,
		},
		{
			Name: "waiting",
			Nudges: []followup.Nudge{
				{After: followup.Business(16 * time.Hour), Template: "bump"},
				{After: followup.Wall(72 * time.Hour), Template: "bump"},
				{After: followup.Business(80 * time.Hour), Action: followup.ActionSolve},
			},
			KeepSnoozeOnReply: true,
			CatchUp:           followup.CatchUp{Mode: followup.CatchUpGrace, Grace: 2 * time.Hour},
		},
	}
}

func TestDecodeFollowupConfig(t *testing.T) {
	c, err := followup.DecodeConfig([]byte(followupDoc))
	require.NoError(t, err)
	assert.Equal(t, followup.Config{Hours: "oslo-desk", Rules: followupRules()}, c)

	out, err := followup.Config{Hours: "oslo-desk", Rules: followupRules()}.Encode()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"every": "10m"`)
	assert.NotContains(t, string(out), "_ns")
	back, err := followup.DecodeConfig(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)

	desk, err := calendar.New(time.UTC, calendar.MustParseWeek("mon-fri 08:00-16:00"))
	require.NoError(t, err)
	planner, err := c.Planner(map[string]*calendar.Calendar{"oslo-desk": desk})
	require.NoError(t, err)
	assert.Equal(t, followupRules(), planner.Rules())
}

func TestDecodeFollowupConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
		want error
	}{
		{"nanoseconds", `{"rules": [{"name": "a", "cadence": {"stages": [{"every_ns": 600000000000}]}}]}`, "rules[0].cadence.stages[0].every_ns", document.ErrUnknownKey},
		{"integer duration", `{"rules": [{"name": "a", "cadence": {"stages": [{"every": 600000000000}]}}]}`, "rules[0].cadence.stages[0].every", document.ErrType},
		{"Go field name", `{"rules": [{"Name": "a"}]}`, "rules[0].Name", document.ErrUnknownKey},
		{"key twice", `{"rules": [{"name": "a", "name": "b"}]}`, "rules[0].name", document.ErrDuplicateKey},
		{"unknown anchor", `{"rules": [{"name": "a", "cadence": {"stages": [{"every": "1h"}], "from": "noon"}}]}`, "rules[0].cadence.from", followup.ErrInvalidRules},
		{"unknown action", `{"rules": [{"name": "a", "nudges": [{"after": {"duration": "1h"}, "action": "close"}]}]}`, "rules[0].nudges[0].action", followup.ErrInvalidRules},
		{"unknown channel", `{"rules": [{"name": "a", "match": {"channels": ["fax"]}}]}`, "rules[0].match.channels[0]", ticket.ErrUnknownValue},
		{"stage not positive", `{"rules": [{"name": "a", "cadence": {"stages": [{"every": "0s"}]}}]}`, "rules[0].cadence.stages[0].every", followup.ErrInvalidRules},
		{"unlimited stage first", `{"rules": [{"name": "a", "cadence": {"stages": [{"every": "1h"}, {"every": "2h"}]}}]}`, "rules[0].cadence.stages[0].for", followup.ErrInvalidRules},
		{"name repeated", `{"rules": [{"name": "a"}, {"name": "a"}]}`, "rules[1].name", followup.ErrInvalidRules},
		{"two modes", `{"rules": [{"name": "a", "cadence": {"stages": [{"every": "1h"}]}, "personal": {"after": {"duration": "1h"}}}]}`, "rules[0].cadence", followup.ErrInvalidRules},
		{"nudges decrease", `{"rules": [{"name": "a", "nudges": [{"after": {"duration": "2h"}}, {"after": {"duration": "1h"}}]}]}`, "rules[0].nudges[1].after", followup.ErrInvalidRules},
		{"business without hours", `{"rules": [{"name": "a", "personal": {"after": {"duration": "16h", "business": true}}}]}`, "rules[0].personal.after", followup.ErrNoHours},
		{"negative cap", `{"rules": [{"name": "a", "catch_up": {"max": -1}}]}`, "rules[0].catch_up.max", followup.ErrInvalidRules},
		{"grace without grace mode", `{"rules": [{"name": "a", "catch_up": {"grace": "1h"}}]}`, "rules[0].catch_up.grace", followup.ErrInvalidRules},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := followup.DecodeConfig([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, followup.ErrInvalidRules)
			assert.Contains(t, document.Paths(err), tt.path, "%v", err)
		})
	}
}

func TestFollowupConfigUnknownCalendar(t *testing.T) {
	c, err := followup.DecodeConfig([]byte(followupDoc))
	require.NoError(t, err)
	_, err = c.Planner(map[string]*calendar.Calendar{"bergen": calendar.Always(nil)})
	assert.ErrorIs(t, err, document.ErrUnknownName)
	assert.ErrorIs(t, err, followup.ErrInvalidRules)
	assert.Equal(t, []string{"hours"}, document.Paths(err))
}

// On a desk without calendars, an unknown calendar name listed the
// desk's calendars as nothing: "(the desk's calendars: )".
func TestFollowupConfigNoCalendars(t *testing.T) {
	c, err := followup.DecodeConfig([]byte(followupDoc))
	require.NoError(t, err)
	for _, cals := range []map[string]*calendar.Calendar{nil, {}} {
		_, err = c.Planner(cals)
		assert.ErrorIs(t, err, document.ErrUnknownName)
		assert.Equal(t, []string{"hours"}, document.Paths(err))
		assert.Contains(t, err.Error(), `calendar "oslo-desk" (the desk defines no calendars)`)
		assert.NotContains(t, err.Error(), "calendars: )")
	}
	_, err = c.Planner(map[string]*calendar.Calendar{"bergen": calendar.Always(nil), "alta": calendar.Always(nil)})
	assert.Contains(t, err.Error(), `calendar "oslo-desk" (the desk's calendars: alta, bergen)`)
}

func FuzzDecodeFollowupConfig(f *testing.F) {
	f.Add([]byte(followupDoc))
	f.Add([]byte(`{"rules": [{"name": "a", "reminders": [{"duration": "1h"}, {"duration": "1h"}], "match": {"tags_all": ["x"], "tags_none": ["x"]}}]}`))
	f.Add([]byte(`{"hours": "h", "rules": [{"name": "b", "cadence": {"stages": [{"every": "-1h", "for": "1h"}], "business": true}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := documenttest.RoundTrip(data, followup.ErrInvalidRules, followup.DecodeConfig, followup.Config.Encode); err != nil {
			t.Fatal(err)
		}
	})
}
