package routing_test

import (
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inputFields lists "kind[index].Field" for every InputError joined in err.
func inputFields(err error) []string {
	var out []string
	for _, ie := range joinedErrors[*routing.InputError](err) {
		out = append(out, ie.Kind+"["+itoa(ie.Index)+"]."+ie.Field)
	}
	return out
}

func itoa(i int) string {
	if i < 0 {
		return "-"
	}
	return strconv.Itoa(i)
}

func TestAgentValidate(t *testing.T) {
	require.NoError(t, agentWith("a", nil).Validate())
	require.NoError(t, agentWith("a", func(a *routing.Agent) { a.Presence = "" }).Validate(), "unknown zero presence is valid input")
	require.NoError(t, agentWith("a", func(a *routing.Agent) { a.Load[chat] = 5 }).Validate(), "over capacity after manual assignment is valid input")
}

func TestAgentValidateErrors(t *testing.T) {
	tests := []struct {
		name   string
		agent  routing.Agent
		fields []string
	}{
		{"empty ID", agentWith("", nil), []string{"agent[-].ID"}},
		{"unknown presence", agentWith("a", func(a *routing.Agent) { a.Presence = "busy" }), []string{"agent[-].Presence"}},
		{"negative capacity", agentWith("a", func(a *routing.Agent) { a.Capacity[chat] = -1 }), []string{"agent[-].Capacity[chat]"}},
		{"negative loads, sorted by channel", agentWith("a", func(a *routing.Agent) { a.Load[phone] = -1; a.Load[email] = -2; a.Load[chat] = -3 }), []string{"agent[-].Load[chat]", "agent[-].Load[email]", "agent[-].Load[phone]"}},
		{"negative skill", agentWith("a", func(a *routing.Agent) { a.Skills["printers"] = -1 }), []string{`agent[-].Skills["printers"]`}},
		{"unnamed skill", agentWith("a", func(a *routing.Agent) { a.Skills[""] = 1 }), []string{"agent[-].Skills"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.agent.Validate()
			require.ErrorIs(t, err, routing.ErrInvalidInput)
			var ie *routing.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "agent", ie.Kind)
			assert.Equal(t, tt.fields, inputFields(err))
		})
	}
}

func TestValidateAgentsDuplicates(t *testing.T) {
	agents := []routing.Agent{agentWith("b", nil), agentWith("a", nil), agentWith("b", nil), agentWith("a", nil), agentWith("b", nil)}
	err := routing.ValidateAgents(agents)
	require.ErrorIs(t, err, routing.ErrInvalidInput)
	assert.Equal(t, []string{"agent[2].ID", "agent[3].ID", "agent[4].ID"}, inputFields(err))
	assert.ErrorContains(t, err, "routing: invalid agent b (agents[4]): ID is already used by agents[0]")
	require.NoError(t, routing.ValidateAgents(agents[:2]))
	require.NoError(t, routing.ValidateAgents(nil))
}

func TestItemValidateErrors(t *testing.T) {
	tests := []struct {
		name   string
		item   routing.Item
		fields []string
	}{
		{"no channel", itemWith(func(it *routing.Item) { it.Channel = "" }), []string{"item[-].Channel"}},
		{"unknown channel", itemWith(func(it *routing.Item) { it.Channel = "pigeon" }), []string{"item[-].Channel"}},
		{"zero EnqueuedAt", itemWith(func(it *routing.Item) { it.EnqueuedAt = time.Time{} }), []string{"item[-].EnqueuedAt"}},
		{"bad skills", itemWith(func(it *routing.Item) {
			it.Skills = []routing.Skill{{Name: "", Level: 1}, {Name: "sap", Level: -1}, {Name: "sap", Level: 2}}
		}), []string{"item[-].Skills[0].Name", "item[-].Skills[1].Level", "item[-].Skills[2].Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.item.Validate()
			require.ErrorIs(t, err, routing.ErrInvalidInput)
			assert.Equal(t, tt.fields, inputFields(err))

			_, err = routing.Policy{}.Decide(tt.item, []routing.Agent{agentWith("a", nil)}, t0)
			assert.ErrorIs(t, err, routing.ErrInvalidInput)
			_, err = routing.Policy{}.Assign([]routing.Item{itemWith(nil), tt.item}, []routing.Agent{agentWith("a", nil)}, t0)
			assert.ErrorIs(t, err, routing.ErrInvalidInput)
		})
	}
	require.NoError(t, itemWith(func(it *routing.Item) { it.Skills = []routing.Skill{{Name: "sap"}} }).Validate())
}

// Decide checks the parts of an agent it reads; Assign checks every agent.
func TestDecideAndAssignRefuseBadAgents(t *testing.T) {
	tests := []struct {
		name   string
		agents []routing.Agent
		decide bool // Decide refuses too
		fields []string
	}{
		{"empty ID", []routing.Agent{agentWith("", nil)}, true, []string{"agent[0].ID"}},
		{"unknown presence", []routing.Agent{agentWith("a", nil), agentWith("b", func(a *routing.Agent) { a.Presence = "busy" })}, true, []string{"agent[1].Presence"}},
		{"negative load on the item's channel", []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Load[email] = -3 })}, true, []string{"agent[0].Load[email]"}},
		{"negative capacity on the item's channel", []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Capacity[email] = -1 })}, true, []string{"agent[0].Capacity[email]"}},
		{"negative load elsewhere counts in open", []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Load[chat] = -1 })}, true, []string{"agent[0].Load[chat]"}},
		{"negative required skill", []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Skills["printers"] = -2 })}, true, []string{`agent[0].Skills["printers"]`}},
		{"duplicate eligible IDs", []routing.Agent{agentWith("a", nil), agentWith("b", nil), agentWith("a", nil)}, true, []string{"agent[2].ID"}},
		{"duplicate runner-up IDs", []routing.Agent{agentWith("a", nil), agentWith("b", nil), agentWith("b", nil)}, true, []string{"agent[2].ID"}},
		{"offline agent with negative load: Decide does not read it", []routing.Agent{agentWith("a", nil), agentWith("b", func(a *routing.Agent) { a.Presence = routing.PresenceOffline; a.Load[email] = -1 })}, false, []string{"agent[1].Load[email]"}},
		{"duplicate rejected IDs: Decide does not compare them", []routing.Agent{agentWith("a", nil), agentWith("x", func(a *routing.Agent) { a.Presence = routing.PresenceOffline }), agentWith("x", func(a *routing.Agent) { a.Presence = routing.PresenceOffline })}, false, []string{"agent[2].ID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := routing.Policy{}.Decide(itemWith(nil), tt.agents, t0)
			if tt.decide {
				require.ErrorIs(t, err, routing.ErrInvalidInput)
				assert.Equal(t, tt.fields, inputFields(err))
			} else {
				require.NoError(t, err)
			}
			_, err = routing.Policy{}.Assign([]routing.Item{itemWith(nil)}, tt.agents, t0)
			require.ErrorIs(t, err, routing.ErrInvalidInput)
			assert.Equal(t, tt.fields, inputFields(err))
		})
	}
}

func TestAssignJoinsEveryProblem(t *testing.T) {
	p := routing.Policy{Strategy: "random"}
	items := []routing.Item{itemWith(func(it *routing.Item) { it.Channel = "" })}
	agents := []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Presence = "busy" })}
	_, err := p.Assign(items, agents, t0)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.ErrorIs(t, err, routing.ErrInvalidInput)
	assert.Equal(t, []string{"item[0].Channel", "agent[0].Presence"}, inputFields(err))
	assert.Equal(t, []string{"Policy.Strategy"}, configFields(err))
}

// Numbers beyond int32 saturate instead of wrapping into "no capacity".
func TestHugeNumbers(t *testing.T) {
	agents := []routing.Agent{
		agentWith("big", func(a *routing.Agent) { a.Capacity[email] = math.MaxInt; a.Skills["printers"] = math.MaxInt }),
		agentWith("small", nil),
	}
	d, err := routing.Policy{Strategy: routing.SkillsFirst}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "big", d.Agent)
	assert.Equal(t, routing.CriterionSkillMatch, d.DecidedBy)
	c := d.Candidate(0)
	assert.Equal(t, math.MaxInt32, c.Capacity)
	assert.Equal(t, math.MaxInt32, c.SkillMatch)

	d, err = routing.Policy{Strategy: routing.LeastLoadedPercent}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "big", d.Agent)

	b, err := routing.Policy{}.Assign([]routing.Item{itemWith(nil)}, agents, t0)
	require.NoError(t, err)
	require.Len(t, b.Assignments, 1)
	assert.Equal(t, "big", b.Assignments[0].Agent)
}

func TestInputErrorText(t *testing.T) {
	err := agentWith("", nil).Validate()
	assert.EqualError(t, err, `routing: invalid agent "": ID must not be empty`)
	var ie *routing.InputError
	require.True(t, errors.As(routing.ValidateAgents([]routing.Agent{agentWith("a", func(a *routing.Agent) { a.Load[chat] = -1 })}), &ie))
	assert.Equal(t, "routing: invalid agent a (agents[0]): Load[chat] must not be negative, is -1", ie.Error())
}
