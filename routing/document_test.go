package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

const routingDoc = `{
  "policy": {
    "strategy": "skills_first",
    "presences": ["online"],
    "ladder": {"steps": [
      {"after": "2m", "lower_skill": 1},
      {"after": "5m", "any_language": true, "groups": ["overflow"]}
    ]},
    "scoring": {
      "priority": {"urgent": "1h", "high": "30m", "normal": "10m"},
      "tier": {"vip": "30m"},
      "breach_horizon": "1h",
      "breached": "24h"
    },
    "weights": {"phone": 30, "chat": 10, "email": 3},
    "per_channel_rotation": true,
    "idle_away": "15m",
    "throttle": {"max": 100, "window": "1h"},
    "sticky_window": "72h",
    "offers": {"timeout": "30s", "reoffers": 1, "missed_presence": "away"}
  },
  "matrix": {
    "cells": [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
    "tickets": {"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}
  },
  "paths": [{
    "name": "it",
    "levels": [{"name": "tier 1", "groups": ["l1"]}, {"name": "tier 2", "groups": ["l2", "network"]}],
    "specialists": {"network": "network"}
  }]
}`

// goRouting is routingDoc built in Go.
func goRouting() routing.Config {
	return routing.Config{
		Policy: routing.Policy{
			Strategy:  routing.SkillsFirst,
			Presences: []routing.Presence{routing.PresenceOnline},
			Ladder: routing.Ladder{Steps: []routing.Step{
				{After: 2 * time.Minute, LowerSkill: 1},
				{After: 5 * time.Minute, AnyLanguage: true, Groups: []string{"overflow"}},
			}},
			Scoring: routing.Scoring{
				Priority:      map[ticket.Priority]time.Duration{ticket.PriorityUrgent: time.Hour, ticket.PriorityHigh: 30 * time.Minute, ticket.PriorityNormal: 10 * time.Minute},
				Tier:          map[ticket.Tier]time.Duration{ticket.TierVIP: 30 * time.Minute},
				BreachHorizon: time.Hour,
				Breached:      24 * time.Hour,
			},
			Weights:            map[ticket.Channel]int{ticket.ChannelPhone: 30, ticket.ChannelChat: 10, ticket.ChannelEmail: 3},
			PerChannelRotation: true,
			IdleAway:           15 * time.Minute,
			Throttle:           routing.Throttle{Max: 100, Window: time.Hour},
			StickyWindow:       72 * time.Hour,
			Offers:             routing.OfferRules{Timeout: 30 * time.Second, Reoffers: 1, MissedPresence: routing.PresenceAway},
		},
		Matrix: routing.DefaultMatrix(),
		Paths: []routing.Path{{
			Name:        "it",
			Levels:      []routing.Level{{Name: "tier 1", Groups: []string{"l1"}}, {Name: "tier 2", Groups: []string{"l2", "network"}}},
			Specialists: map[string]string{"network": "network"},
		}},
	}
}

func TestDecodeRoutingConfig(t *testing.T) {
	c, err := routing.DecodeConfig([]byte(routingDoc))
	require.NoError(t, err)
	assert.Equal(t, goRouting(), c)

	out, err := goRouting().Encode()
	require.NoError(t, err)
	back, err := routing.DecodeConfig(out)
	require.NoError(t, err)
	assert.Equal(t, goRouting(), back)
	assert.Contains(t, string(out), `"sticky_window": "72h"`)
}

func TestRoutingConfigEmptyScoringMapSurvives(t *testing.T) {
	c := routing.Config{Policy: routing.Policy{Scoring: routing.Scoring{Tier: map[ticket.Tier]time.Duration{}}}}
	out, err := c.Encode()
	require.NoError(t, err)
	back, err := routing.DecodeConfig(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)
	assert.NotNil(t, back.Policy.Scoring.Tier, "an empty map turns the tier term off and must stay empty, not nil")
}

func TestDecodeRoutingConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
		want error
	}{
		{"nanoseconds", `{"policy": {"sticky_window": 3600000000000}}`, "policy.sticky_window", document.ErrType},
		{"Go field name", `{"policy": {"StickyWindow": "1h"}}`, "policy.StickyWindow", document.ErrUnknownKey},
		{"unknown key", `{"policy": {"sticky": "1h"}}`, "policy.sticky", document.ErrUnknownKey},
		{"key twice", `{"matrix": {}, "matrix": {}}`, "matrix", document.ErrDuplicateKey},
		{"unknown strategy", `{"policy": {"strategy": "random"}}`, "policy.strategy", routing.ErrUnknownValue},
		{"unknown presence", `{"policy": {"presences": ["busy"]}}`, "policy.presences[0]", routing.ErrUnknownValue},
		{"unknown channel weight", `{"policy": {"weights": {"fax": 1}}}`, "policy.weights.fax", ticket.ErrUnknownValue},
		{"unknown priority", `{"policy": {"scoring": {"priority": {"asap": "1h"}}}}`, "policy.scoring.priority.asap", ticket.ErrUnknownValue},
		{"ladder out of order", `{"policy": {"ladder": {"steps": [{"after": "5m", "any_skill": true}, {"after": "2m", "any_region": true}]}}}`, "policy.ladder.steps[1].after", routing.ErrInvalidConfig},
		{"throttle without window", `{"policy": {"throttle": {"max": 3}}}`, "policy.throttle.window", routing.ErrInvalidConfig},
		{"weight below one", `{"policy": {"weights": {"email": 0}}}`, "policy.weights.email", routing.ErrInvalidConfig},
		{"ragged matrix", `{"matrix": {"cells": [[1, 2], [2]]}}`, "matrix.cells[1]", routing.ErrInvalidConfig},
		{"cell without ticket priority", `{"matrix": {"cells": [[1, 9]], "tickets": {"1": "urgent"}}}`, "matrix.cells[0][1]", routing.ErrInvalidConfig},
		{"matrix key", `{"matrix": {"tickets": {"one": "urgent"}}}`, "matrix.tickets.one", document.ErrValue},
		{"path without levels", `{"paths": [{"name": "it"}]}`, "paths[0].levels", routing.ErrInvalidConfig},
		{"group on two levels", `{"paths": [{"name": "it", "levels": [{"name": "a", "groups": ["g"]}, {"name": "b", "groups": ["g"]}]}]}`, "paths[0].levels[1].groups[0]", routing.ErrInvalidConfig},
		{"path twice", `{"paths": [{"name": "it", "levels": [{"name": "a", "groups": ["g"]}]}, {"name": "it", "levels": [{"name": "a", "groups": ["h"]}]}]}`, "paths[1].name", routing.ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := routing.DecodeConfig([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, routing.ErrInvalidConfig)
			assert.Contains(t, document.Paths(err), tt.path)
		})
	}
}

func FuzzDecodeRoutingConfig(f *testing.F) {
	f.Add([]byte(routingDoc))
	f.Add([]byte(`{"policy": {"weights": {"fax": 0}, "Throttle": {}}, "matrix": {"cells": [[0]]}}`))
	f.Add([]byte(`{"paths": [{"name": "x", "levels": [{"name": "", "groups": [""]}], "specialists": {"": "y"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := documenttest.RoundTrip(data, routing.ErrInvalidConfig, routing.DecodeConfig, routing.Config.Encode); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDecodeRoutingMatrixKeySpelledTwice(t *testing.T) {
	// "01" is priority 1 too: read after "1", it would map the critical
	// cells to low tickets without a word.
	doc := `{"matrix": {"cells": [[1, 2], [2, 2]], "tickets": {"1": "urgent", "01": "low", "2": "normal"}}}`
	_, err := routing.DecodeConfig([]byte(doc))
	require.Error(t, err)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.Equal(t, []string{"matrix.tickets.01"}, document.Paths(err))

	c, err := routing.DecodeConfig([]byte(`{"matrix": {"cells": [[1, 2], [2, 2]], "tickets": {"1": "urgent", "2": "normal"}}}`))
	require.NoError(t, err)
	assert.Equal(t, ticket.PriorityUrgent, c.Matrix.Tickets[1])
}

func TestRoutingProblemPathsAreDecodePaths(t *testing.T) {
	// A map entry has one path, whether reading or validating refuses it.
	_, err := routing.DecodeConfig([]byte(`{"policy": {"weights": {"email": 0, "fax": 1}},
	  "paths": [{"name": "it", "levels": [{"name": "a", "groups": ["g"]}], "specialists": {"network fault": "x", "vpn": "y"}}]}`))
	assert.ElementsMatch(t, []string{"policy.weights.fax", "policy.weights.email",
		`paths[0].specialists["network fault"]`, "paths[0].specialists.vpn"}, document.Paths(err))
}
