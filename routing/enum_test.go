package routing_test

import (
	"encoding"
	"testing"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type textEnum interface {
	encoding.TextMarshaler
	String() string
}

func TestEnumsRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		values []textEnum
		parse  func(string) (textEnum, error)
		decode func([]byte) (textEnum, error)
	}{
		{
			"presence",
			[]textEnum{routing.PresenceOnline, routing.PresenceAway, routing.PresenceOffline},
			func(s string) (textEnum, error) { return routing.ParsePresence(s) },
			func(b []byte) (textEnum, error) { var v routing.Presence; err := v.UnmarshalText(b); return v, err },
		},
		{
			"strategy",
			[]textEnum{routing.RoundRobin, routing.LeastLoaded, routing.LeastLoadedPercent, routing.SkillsFirst},
			func(s string) (textEnum, error) { return routing.ParseStrategy(s) },
			func(b []byte) (textEnum, error) { var v routing.Strategy; err := v.UnmarshalText(b); return v, err },
		},
		{
			"rule",
			[]textEnum{routing.RulePresence, routing.RuleExcluded, routing.RuleGroup, routing.RuleCapacity, routing.RuleSkills, routing.RuleLanguage, routing.RuleRegion},
			func(s string) (textEnum, error) { return routing.ParseRule(s) },
			func(b []byte) (textEnum, error) { var v routing.Rule; err := v.UnmarshalText(b); return v, err },
		},
		{
			"criterion",
			[]textEnum{routing.CriterionOnlyCandidate, routing.CriterionSkillMatch, routing.CriterionSpareCapacity, routing.CriterionSparePercent, routing.CriterionLastAssigned, routing.CriterionFewestOpen, routing.CriterionAgentID},
			func(s string) (textEnum, error) { return routing.ParseCriterion(s) },
			func(b []byte) (textEnum, error) { var v routing.Criterion; err := v.UnmarshalText(b); return v, err },
		},
		{
			"offer state",
			[]textEnum{routing.OfferPending, routing.OfferAccepted, routing.OfferDeclined, routing.OfferExpired},
			func(s string) (textEnum, error) { return routing.ParseOfferState(s) },
			func(b []byte) (textEnum, error) { var v routing.OfferState; err := v.UnmarshalText(b); return v, err },
		},
		{
			"escalation",
			[]textEnum{routing.Functional, routing.Hierarchical},
			func(s string) (textEnum, error) { return routing.ParseEscalation(s) },
			func(b []byte) (textEnum, error) { var v routing.Escalation; err := v.UnmarshalText(b); return v, err },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range tt.values {
				got, err := tt.parse(v.String())
				require.NoError(t, err)
				assert.Equal(t, v, got)
				b, err := v.MarshalText()
				require.NoError(t, err)
				got, err = tt.decode(b)
				require.NoError(t, err)
				assert.Equal(t, v, got)
			}
			zero, err := tt.decode(nil)
			require.NoError(t, err)
			assert.Equal(t, "", zero.String(), "empty decodes to the unknown zero value")
		})
	}
}

func TestEnumErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func() error
	}{
		{"presence", func() error { _, err := routing.ParsePresence("busy"); return err }},
		{"strategy", func() error { _, err := routing.ParseStrategy("random"); return err }},
		{"rule", func() error { var r routing.Rule; return r.UnmarshalText([]byte("mood")) }},
		{"criterion", func() error { _, err := routing.ParseCriterion("luck"); return err }},
		{"offer state", func() error { _, err := routing.ParseOfferState("lost"); return err }},
		{"escalation", func() error { _, err := routing.ParseEscalation("sideways"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			require.ErrorIs(t, err, routing.ErrUnknownValue)
			var ue *routing.UnknownValueError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, tt.name, ue.Kind)
			assert.NotEmpty(t, ue.Valid)
		})
	}
}

func TestEnumValid(t *testing.T) {
	assert.True(t, routing.PresenceAway.Valid())
	assert.False(t, routing.Presence("").Valid())
	assert.True(t, routing.SkillsFirst.Valid())
	assert.True(t, routing.RuleRegion.Valid())
	assert.True(t, routing.OfferExpired.Valid())
	assert.True(t, routing.Functional.Valid())
	assert.Equal(t, "least recently assigned", routing.CriterionLastAssigned.Label())
}
