package routing_test

import (
	"math"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ladder = routing.Ladder{Steps: []routing.Step{
	{After: 2 * time.Minute, AnyLanguage: true},
	{After: 10 * time.Minute, AnyRegion: true},
	{After: 30 * time.Minute, LowerSkill: 1},
}}

func TestLadderRung(t *testing.T) {
	require.NoError(t, ladder.Validate())
	tests := []struct {
		age  time.Duration
		rung int
		name string
	}{
		{0, 0, "step 0: as required"},
		{119 * time.Second, 0, "step 0: as required"},
		{2 * time.Minute, 1, "step 1: any language, after 2m0s"},
		{10 * time.Minute, 2, "step 2: any region, after 10m0s"},
		{time.Hour, 3, "step 3: skill level -1, after 30m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.age.String(), func(t *testing.T) {
			r := ladder.Rung(tt.age)
			assert.Equal(t, tt.rung, r)
			assert.Equal(t, tt.name, ladder.RungName(r))
		})
	}
	assert.Equal(t, 0, routing.Ladder{}.Rung(time.Hour))
}

func TestStepString(t *testing.T) {
	s := routing.Step{AnyLanguage: true, AnyRegion: true, AnySkill: true, LowerSkill: 2, Drop: []string{"french"}}
	assert.Equal(t, "any language, any region, any skill, skill level -2, without skill french", s.String())
	assert.Equal(t, "no relaxation", routing.Step{}.String())
}

func TestLadderValidate(t *testing.T) {
	tests := []struct {
		name   string
		ladder routing.Ladder
		fields []string
	}{
		{"non-positive after", routing.Ladder{Steps: []routing.Step{{After: 0, AnyRegion: true}}}, []string{"Ladder.Steps[0].After"}},
		{"out of order", routing.Ladder{Steps: []routing.Step{{After: time.Minute, AnyRegion: true}, {After: time.Minute, AnyLanguage: true}}}, []string{"Ladder.Steps[1].After"}},
		{"negative lower", routing.Ladder{Steps: []routing.Step{{After: time.Minute, LowerSkill: -1}}}, []string{"Ladder.Steps[0].LowerSkill"}},
		{"relaxes nothing", routing.Ladder{Steps: []routing.Step{{After: time.Minute}}}, []string{"Ladder.Steps[0]"}},
		{"empty drop", routing.Ladder{Steps: []routing.Step{{After: time.Minute, Drop: []string{""}}}}, []string{"Ladder.Steps[0].Drop[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ladder.Validate()
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			assert.ElementsMatch(t, tt.fields, configFields(err))
		})
	}
}

func TestLadderHugeLowerSkill(t *testing.T) {
	// Two huge steps must not add up to a negative lowering that raises requirements.
	l := routing.Ladder{Steps: []routing.Step{{After: time.Minute, LowerSkill: math.MaxInt}, {After: 2 * time.Minute, LowerSkill: math.MaxInt}}}
	require.NoError(t, l.Validate())
	d, err := routing.Policy{Ladder: l}.Decide(itemWith(func(it *routing.Item) { it.EnqueuedAt = t0.Add(-time.Hour) }), []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Skills = nil })}, t0)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Rung)
	assert.Equal(t, "a", d.Agent)
}

// Steps are cumulative: a skill dropped at step 1 stays dropped at step 2,
// which drops another.
func TestLadderDropsAccumulate(t *testing.T) {
	l := routing.Ladder{Steps: []routing.Step{
		{After: time.Minute, Drop: []string{"printers"}},
		{After: 2 * time.Minute, Drop: []string{"sap"}},
	}}
	require.NoError(t, l.Validate())
	it := itemWith(func(it *routing.Item) {
		it.Skills = []routing.Skill{{Name: "printers", Level: 3}, {Name: "sap", Level: 1}}
	})
	agents := []routing.Agent{agentWith("a", nil)} // printers 2, no sap
	tests := []struct {
		age    time.Duration
		rule   routing.Rule
		reason string
	}{
		{0, routing.RuleSkills, "skill printers level 2 < 3"},
		{time.Minute, routing.RuleSkills, "lacks skill sap (needs level 1)"},
		{2 * time.Minute, "", "eligible"},
	}
	for _, tt := range tests {
		t.Run(tt.age.String(), func(t *testing.T) {
			d, err := routing.Policy{Ladder: l}.Decide(it, agents, t0.Add(tt.age))
			require.NoError(t, err)
			assert.Equal(t, tt.rule, d.Candidate(0).Rule)
			assert.Equal(t, tt.reason, d.Candidate(0).Reason())
		})
	}
}
