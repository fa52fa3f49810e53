package routing_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	email = ticket.ChannelEmail
	chat  = ticket.ChannelChat
	phone = ticket.ChannelPhone
)

// agentWith returns an online agent in group support who speaks nb and en,
// serves NO, has printers 2 and capacity 1 phone, 3 chat, 10 email, with
// edit applied.
func agentWith(id string, edit func(*routing.Agent)) routing.Agent {
	a := routing.Agent{
		ID:        id,
		Presence:  routing.PresenceOnline,
		Skills:    map[string]int{"printers": 2},
		Languages: []string{"nb", "en"},
		Regions:   []string{"NO"},
		Groups:    []string{"support"},
		Capacity:  map[ticket.Channel]int{phone: 1, chat: 3, email: 10},
		Load:      map[ticket.Channel]int{},
	}
	if edit != nil {
		edit(&a)
	}
	return a
}

// itemWith returns an email item for group support needing printers 2, in
// nb-NO from NO, enqueued at t0, with edit applied.
func itemWith(edit func(*routing.Item)) routing.Item {
	it := routing.Item{
		Ticket: tid(1), Channel: email, Priority: ticket.PriorityNormal,
		Group: "support", Skills: []routing.Skill{{Name: "printers", Level: 2}},
		Language: "nb-NO", Region: "NO", EnqueuedAt: t0,
	}
	if edit != nil {
		edit(&it)
	}
	return it
}

func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		policy routing.Policy
		agent  func(*routing.Agent)
		item   func(*routing.Item)
		now    time.Time
		rule   routing.Rule
		reason string
	}{
		{name: "eligible", reason: "eligible"},
		{name: "offline", agent: func(a *routing.Agent) { a.Presence = routing.PresenceOffline }, rule: routing.RulePresence, reason: "presence offline not allowed"},
		{name: "away not allowed by default", agent: func(a *routing.Agent) { a.Presence = routing.PresenceAway }, rule: routing.RulePresence, reason: "presence away not allowed"},
		{name: "away allowed", policy: routing.Policy{Presences: []routing.Presence{routing.PresenceOnline, routing.PresenceAway}}, agent: func(a *routing.Agent) { a.Presence = routing.PresenceAway }, reason: "eligible"},
		{name: "unknown presence", agent: func(a *routing.Agent) { a.Presence = "" }, rule: routing.RulePresence, reason: "presence unknown not allowed"},
		{name: "excluded", item: func(it *routing.Item) { it.Excluded = []string{"x", "a"} }, rule: routing.RuleExcluded, reason: "excluded (declined)"},
		{name: "group", item: func(it *routing.Item) { it.Group = "billing" }, rule: routing.RuleGroup, reason: "not in group billing"},
		{name: "any group", item: func(it *routing.Item) { it.Group = "" }, reason: "eligible"},
		{name: "at capacity", agent: func(a *routing.Agent) { a.Load[email] = 10 }, rule: routing.RuleCapacity, reason: "at capacity 10/10 email"},
		{name: "over capacity", agent: func(a *routing.Agent) { a.Load[chat] = 4 }, item: func(it *routing.Item) { it.Channel = chat }, rule: routing.RuleCapacity, reason: "at capacity 4/3 chat"},
		{name: "no capacity for channel", item: func(it *routing.Item) { it.Channel = ticket.ChannelSocial }, rule: routing.RuleCapacity, reason: "no capacity for social"},
		{name: "skill too low", agent: func(a *routing.Agent) { a.Skills["printers"] = 1 }, rule: routing.RuleSkills, reason: "skill printers level 1 < 2"},
		{name: "skill missing", item: func(it *routing.Item) { it.Skills = append(it.Skills, routing.Skill{Name: "sap", Level: 1}) }, rule: routing.RuleSkills, reason: "lacks skill sap (needs level 1)"},
		{name: "skill level 0 required is no requirement", item: func(it *routing.Item) { it.Skills = []routing.Skill{{Name: "sap", Level: 0}} }, reason: "eligible"},
		{name: "language", item: func(it *routing.Item) { it.Language = "de" }, rule: routing.RuleLanguage, reason: "does not speak de"},
		{name: "language by primary subtag", item: func(it *routing.Item) { it.Language = "EN-gb" }, reason: "eligible"},
		{name: "region", item: func(it *routing.Item) { it.Region = "DK" }, rule: routing.RuleRegion, reason: "does not serve region DK"},
		{name: "first failing rule wins", agent: func(a *routing.Agent) { a.Load[email] = 10; a.Languages = nil }, rule: routing.RuleCapacity, reason: "at capacity 10/10 email"},
		// relaxation
		{name: "language relaxed at step 1", policy: routing.Policy{Ladder: ladder}, item: func(it *routing.Item) { it.Language = "de" }, now: t0.Add(2 * time.Minute), reason: "eligible"},
		{name: "language not yet relaxed", policy: routing.Policy{Ladder: ladder}, item: func(it *routing.Item) { it.Language = "de" }, now: t0.Add(time.Minute), rule: routing.RuleLanguage, reason: "does not speak de"},
		{name: "region relaxed at step 2", policy: routing.Policy{Ladder: ladder}, item: func(it *routing.Item) { it.Region = "DK"; it.Language = "de" }, now: t0.Add(10 * time.Minute), reason: "eligible"},
		{name: "skill lowered at step 3", policy: routing.Policy{Ladder: ladder}, agent: func(a *routing.Agent) { a.Skills["printers"] = 1 }, now: t0.Add(30 * time.Minute), reason: "eligible"},
		{name: "skill lowered still short", policy: routing.Policy{Ladder: ladder}, item: func(it *routing.Item) { it.Skills[0].Level = 4 }, now: t0.Add(30 * time.Minute), rule: routing.RuleSkills, reason: "skill printers level 2 < 3"},
		{name: "skill dropped", policy: routing.Policy{Ladder: routing.Ladder{Steps: []routing.Step{{After: time.Minute, Drop: []string{"printers"}}}}}, agent: func(a *routing.Agent) { a.Skills = nil }, now: t0.Add(time.Minute), reason: "eligible"},
		{name: "any skill", policy: routing.Policy{Ladder: routing.Ladder{Steps: []routing.Step{{After: time.Minute, AnySkill: true}}}}, agent: func(a *routing.Agent) { a.Skills = nil }, now: t0.Add(time.Minute), reason: "eligible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = t0
			}
			a := agentWith("a", tt.agent)
			d, err := tt.policy.Decide(itemWith(tt.item), []routing.Agent{a}, now)
			require.NoError(t, err)
			require.Equal(t, 1, d.Len())
			c := d.Candidate(0)
			assert.Equal(t, tt.rule, c.Rule)
			assert.Equal(t, tt.reason, c.Reason())
			assert.Equal(t, tt.rule == "", d.Assigned())
			if d.Assigned() {
				assert.Equal(t, "a", d.Agent)
				assert.Equal(t, routing.CriterionOnlyCandidate, d.DecidedBy)
			}
		})
	}
}

func TestStrategies(t *testing.T) {
	last := func(d time.Duration) time.Time { return t0.Add(-d) }
	// b: 2/10 email, assigned 5m ago; c: 1/2 email (50 %), assigned 1h ago;
	// d: 5/10 email, printers 5, assigned 2h ago.
	agents := []routing.Agent{
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 2; a.LastAssigned = last(5 * time.Minute) }),
		agentWith("c", func(a *routing.Agent) { a.Load[email] = 1; a.Capacity[email] = 2; a.LastAssigned = last(time.Hour) }),
		agentWith("d", func(a *routing.Agent) {
			a.Load[email] = 5
			a.Skills["printers"] = 5
			a.LastAssigned = last(2 * time.Hour)
		}),
	}
	tests := []struct {
		strategy routing.Strategy
		want     string
		by       routing.Criterion
		runnerUp string
	}{
		{routing.RoundRobin, "d", routing.CriterionLastAssigned, "c"},
		{routing.LeastLoaded, "b", routing.CriterionSpareCapacity, "d"},
		{"", "b", routing.CriterionSpareCapacity, "d"},
		{routing.LeastLoadedPercent, "b", routing.CriterionSparePercent, "d"}, // c and d both 50 %: d assigned less recently
		{routing.SkillsFirst, "d", routing.CriterionSkillMatch, "b"},
	}
	for _, tt := range tests {
		t.Run(string(tt.strategy), func(t *testing.T) {
			d, err := routing.Policy{Strategy: tt.strategy}.Decide(itemWith(nil), agents, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Agent)
			assert.Equal(t, tt.by, d.DecidedBy)
			assert.Equal(t, tt.runnerUp, d.RunnerUp)
		})
	}
}

func TestPercentBeatsAbsolute(t *testing.T) {
	// Zendesk: 1 of 2 in use (50 % spare) beats 8 of 10 (20 % spare), though 2 spare > 1 spare.
	agents := []routing.Agent{
		agentWith("ten", func(a *routing.Agent) { a.Load[email] = 8 }),
		agentWith("two", func(a *routing.Agent) { a.Load[email] = 1; a.Capacity[email] = 2 }),
	}
	d, err := routing.Policy{Strategy: routing.LeastLoadedPercent}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "two", d.Agent)
	d, err = routing.Policy{Strategy: routing.LeastLoaded}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "ten", d.Agent)
}

func TestTieBreaks(t *testing.T) {
	tests := []struct {
		name   string
		agents []routing.Agent
		want   string
		by     routing.Criterion
	}{
		{
			name: "least recently assigned",
			agents: []routing.Agent{
				agentWith("a", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Minute) }),
				agentWith("b", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Hour) }),
			},
			want: "b", by: routing.CriterionLastAssigned,
		},
		{
			name: "never assigned is least recent",
			agents: []routing.Agent{
				agentWith("a", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Hour) }),
				agentWith("b", nil),
			},
			want: "b", by: routing.CriterionLastAssigned,
		},
		{
			name: "fewest open over all channels",
			agents: []routing.Agent{
				agentWith("a", func(a *routing.Agent) { a.Load[chat] = 2 }),
				agentWith("b", func(a *routing.Agent) { a.Load[phone] = 1 }),
			},
			want: "b", by: routing.CriterionFewestOpen,
		},
		{
			name:   "agent ID",
			agents: []routing.Agent{agentWith("b", nil), agentWith("a", nil)},
			want:   "a", by: routing.CriterionAgentID,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := routing.Policy{}.Decide(itemWith(nil), tt.agents, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Agent)
			assert.Equal(t, tt.by, d.DecidedBy)
			assert.True(t, d.DecidedBy.TieBreak())
		})
	}
}

func TestNoOneEligible(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.Presence = routing.PresenceOffline }),
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 10 }),
		agentWith("c", func(a *routing.Agent) { a.Presence = routing.PresenceOffline }),
	}
	d, err := routing.Policy{}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.False(t, d.Assigned())
	assert.Equal(t, -1, d.Chosen)
	assert.Equal(t, "", d.Agent)
	assert.Equal(t, "3 agents: 2 offline, 1 at capacity", d.Summary())
	assert.Equal(t, "no agent (step 0: as required; 3 agents: 2 offline, 1 at capacity)", d.String())

	d, err = routing.Policy{}.Decide(itemWith(nil), nil, t0)
	require.NoError(t, err)
	assert.Equal(t, "0 agents", d.Summary())
}

// The summary counts each presence the allow-list rejects separately.
func TestSummaryPresences(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", nil),
		agentWith("b", func(a *routing.Agent) { a.Presence = routing.PresenceAway }),
		agentWith("c", func(a *routing.Agent) { a.Presence = routing.PresenceOffline }),
		agentWith("d", func(a *routing.Agent) { a.Presence = "" }),
	}
	tests := []struct {
		allow []routing.Presence
		want  string
	}{
		{nil, "4 agents: 1 eligible, 1 away, 1 offline, 1 unknown presence"},
		{[]routing.Presence{routing.PresenceAway}, "4 agents: 1 eligible, 1 online (not allowed), 1 offline, 1 unknown presence"},
		{[]routing.Presence{routing.PresenceOffline}, "4 agents: 1 eligible, 1 online (not allowed), 1 away, 1 unknown presence"},
	}
	for _, tt := range tests {
		d, err := routing.Policy{Presences: tt.allow}.Decide(itemWith(nil), agents, t0)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.Summary(), "allowed %v", tt.allow)
	}
}

func TestDecisionString(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.Load[email] = 3; a.LastAssigned = t0.Add(-time.Minute) }),
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 3; a.LastAssigned = t0.Add(-time.Hour) }),
		agentWith("c", func(a *routing.Agent) { a.Languages = []string{"sv"} }),
	}
	d, err := routing.Policy{Ladder: ladder}.Decide(itemWith(nil), agents, t0.Add(3*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "c", d.Agent, "language relaxed at step 1")
	assert.Equal(t, "assign to c (least_loaded, step 1: any language, after 2m0s; won on spare capacity over b; 3 agents: 3 eligible)", d.String())

	d, err = routing.Policy{}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "assign to b (least_loaded, step 0: as required; won tie-break least recently assigned over a; 3 agents: 2 eligible, 1 not speaking the language)", d.String())
	terms := d.Candidate(d.Chosen).Terms(d.Strategy)
	require.Len(t, terms, 3)
	assert.Equal(t, routing.Term{Name: "spare capacity", Value: 7, Detail: "3/10 email in use"}, terms[0])
	assert.Equal(t, "last assigned", terms[1].Name)
	assert.Equal(t, "2026-03-02T08:00:00Z", terms[1].Detail)
	assert.Equal(t, routing.Term{Name: "open", Value: 3, Detail: "items held and offered on all channels"}, terms[2])
	assert.Nil(t, d.Candidate(2).Terms(d.Strategy))
}

func TestCandidateTerms(t *testing.T) {
	c := routing.Candidate{Agent: "a", Channel: email, Load: 1, Capacity: 4, SkillMatch: 7, Open: 2}
	names := func(ts []routing.Term) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Name)
		}
		return out
	}
	assert.Equal(t, []string{"skill match", "spare capacity", "last assigned", "open"}, names(c.Terms(routing.SkillsFirst)))
	assert.Equal(t, []string{"last assigned", "open"}, names(c.Terms(routing.RoundRobin)))
	pct := c.Terms(routing.LeastLoadedPercent)
	assert.Equal(t, routing.Term{Name: "spare percent", Value: 3, Of: 4, Detail: "3/4 spare = 75 %; 1/4 email in use"}, pct[0])
}

func TestApply(t *testing.T) {
	agents := []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Load[email] = 9 }), agentWith("b", func(a *routing.Agent) { a.Load = nil })}
	d, err := routing.Policy{}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	require.Equal(t, "b", d.Agent)
	out, err := d.Apply(agents, t0)
	require.NoError(t, err)
	assert.Equal(t, 1, out[1].Load[email])
	assert.True(t, out[1].LastAssigned.Equal(t0))
	assert.Nil(t, agents[1].Load, "input untouched")
	assert.True(t, agents[1].LastAssigned.IsZero())
	assert.Equal(t, 9, out[0].Load[email])

	// reordered agents: Apply finds the chosen agent by ID
	swapped := []routing.Agent{agents[1], agents[0]}
	out, err = d.Apply(swapped, t0)
	require.NoError(t, err)
	assert.Equal(t, 1, out[0].Load[email])

	none := routing.Decision{Chosen: -1}
	out, err = none.Apply(agents, t0)
	require.NoError(t, err)
	assert.Equal(t, agents, out)

	// the chosen agent is not among the agents given: stale
	others := []routing.Agent{agents[0], agentWith("c", nil)}
	_, err = d.Apply(others, t0)
	var se *routing.StaleError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, routing.ErrStale)
	assert.Equal(t, "b", se.Agent)

	// the chosen agent filled up since the decision: stale, not over capacity
	full := []routing.Agent{agents[0], agentWith("b", func(a *routing.Agent) { a.Load[email] = 10 })}
	_, err = d.Apply(full, t0)
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "routing: stale decision: agent b is no longer eligible: at capacity 10/10 email", err.Error())
}

func TestPolicyValidate(t *testing.T) {
	p := routing.Policy{
		Strategy:  "random",
		Presences: []routing.Presence{"busy"},
		Ladder:    routing.Ladder{Steps: []routing.Step{{After: -time.Second, AnyRegion: true}}},
		Scoring:   routing.Scoring{BreachHorizon: -1},
	}
	err := p.Validate()
	require.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.ElementsMatch(t, []string{"Policy.Strategy", "Policy.Presences[0]", "Ladder.Steps[0].After", "Scoring.BreachHorizon"}, configFields(err))
	_, err = p.Decide(itemWith(nil), nil, t0)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
	_, err = p.Assign(nil, nil, t0)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
}

func TestDecideLeavesInputsUntouched(t *testing.T) {
	agents := []routing.Agent{agentWith("a", nil), agentWith("b", nil)}
	it := itemWith(nil)
	d, err := routing.Policy{Strategy: routing.SkillsFirst, Ladder: ladder}.Decide(it, agents, t0.Add(time.Hour))
	require.NoError(t, err)
	require.True(t, d.Assigned())
	assert.Equal(t, []routing.Agent{agentWith("a", nil), agentWith("b", nil)}, agents)
	assert.Equal(t, itemWith(nil), it)
}
