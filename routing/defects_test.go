package routing_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// long reports whether the long sweeps run (DESK_LONG=1).
func long() bool { return os.Getenv("DESK_LONG") == "1" }

// sequential routes items one by one as a caller without Assign would: in
// queue order, Decide then Apply, each at now.
func sequential(t *testing.T, p routing.Policy, items []routing.Item, agents []routing.Agent, now time.Time) ([]routing.Assignment, []routing.Agent) {
	t.Helper()
	var out []routing.Assignment
	for _, r := range p.Order(items, now) {
		d, err := p.Decide(r.Item, agents, now)
		require.NoError(t, err)
		if !d.Assigned() {
			continue
		}
		out = append(out, routing.Assignment{Item: r.Item.Ticket, Agent: d.Agent, Position: r.Position, Score: r.Score, Rung: d.Rung, DecidedBy: d.DecidedBy})
		agents, err = d.Apply(agents, now)
		require.NoError(t, err)
	}
	return out, agents
}

// Four same-instant emails with a idle and b holding two chats go a, b, a,
// b one by one, as in a batch: the turn Apply records keeps the rotation.
func TestDecideApplyKeepsRoundRobinRotation(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", nil),
		agentWith("b", func(a *routing.Agent) { a.Load[chat] = 2 }),
	}
	p := routing.Policy{Strategy: routing.RoundRobin}
	got, _ := sequential(t, p, emailQueue(4), agents, t0)
	var ids []string
	for _, a := range got {
		ids = append(ids, a.Agent)
	}
	assert.Equal(t, []string{"a", "b", "a", "b"}, ids)
	b, err := p.Assign(emailQueue(4), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, ids, assignedAgents(b))
}

// On random rosters, for every strategy, a batch makes exactly the choices
// Decide makes on the same intermediate state, and leaves the agents in the
// state Decide-then-Apply leaves them in.
func TestPropertyAssignEqualsDecideApply(t *testing.T) {
	checkAssignEqualsDecideApply(t, sweep(12, 400), func(_ uint64, s routing.Strategy) routing.Policy {
		return routing.Policy{Strategy: s, Ladder: benchPolicy.Ladder, Presences: []routing.Presence{routing.PresenceOnline, routing.PresenceAway}}
	}, nil)
}

// checkAssignEqualsDecideApply checks, for each of seeds and every strategy,
// that Assign of a random queue of 60 items to a random roster of 4–28
// agents (every third assigned at t0: many same-instant ties) makes the
// choices and leaves the agents as Decide then Apply one by one does.
// policy makes the policy; tweak, if not nil, adjusts agents and items first.
func checkAssignEqualsDecideApply(t *testing.T, seeds uint64, policy func(seed uint64, s routing.Strategy) routing.Policy, tweak func(agents []routing.Agent, items []routing.Item)) {
	t.Helper()
	for seed := range seeds {
		for _, s := range allStrategies {
			t.Run(fmt.Sprintf("seed %d %s", seed, s), func(t *testing.T) {
				p := policy(seed, s)
				agents := randomRoster(seed, 4+int(seed%25), t0)
				for i := range agents {
					if i%3 == 0 {
						agents[i].LastAssigned = t0
					}
				}
				items := randomQueue(seed, 60, t0)
				if tweak != nil {
					tweak(agents, items)
				}
				b, err := p.Assign(items, agents, t0)
				require.NoError(t, err)
				want, after := sequential(t, p, items, agents, t0)
				assert.Equal(t, want, b.Assignments)
				assert.Equal(t, after, b.Agents)
			})
		}
	}
}

// BCP 47 matching on primary language and script, both ways.
func TestLanguageMatching(t *testing.T) {
	tests := []struct {
		agent, item string
		want        bool
	}{
		{"en-GB", "en", true},
		{"pt-BR", "pt", true},
		{"zh-Hant", "zh-Hant-TW", true},
		{"en", "en-GB", true},
		{"EN-gb", "en-us", true}, // case does not matter; regions do not separate
		{"nb", "nb-NO", true},
		{"zh-TW", "zh-Hant", true}, // the script zh-TW implies
		{"zh-yue", "yue", true},    // an extended language subtag stands for its language
		{"zh-Hant", "zh-Hans", false},
		{"zh-TW", "zh-CN", false},
		{"sr-Latn", "sr-Cyrl-RS", false},
		{"en", "nb", false},
		{"nn", "nb", false},
	}
	for _, tt := range tests {
		t.Run(tt.agent+" for "+tt.item, func(t *testing.T) {
			a := agentWith("a", func(a *routing.Agent) { a.Languages = []string{tt.agent} })
			d, err := routing.Policy{}.Decide(itemWith(func(it *routing.Item) { it.Language = tt.item }), []routing.Agent{a}, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Assigned(), d.String())
		})
	}
}

func TestLanguageTagsMustBeWellFormed(t *testing.T) {
	for _, tag := range []string{"e", "en_GB", "en-", "-en", "en-x", "12", "en--GB", "en-GB-toolongsubtag"} {
		t.Run(tag, func(t *testing.T) {
			err := itemWith(func(it *routing.Item) { it.Language = tag }).Validate()
			require.ErrorIs(t, err, routing.ErrInvalidInput)
			assert.Equal(t, []string{"item[-].Language"}, inputFields(err))
			err = agentWith("a", func(a *routing.Agent) { a.Languages = []string{"nb", tag} }).Validate()
			assert.Equal(t, []string{"agent[-].Languages[1]"}, inputFields(err))
			_, err = routing.Policy{}.Decide(itemWith(nil), []routing.Agent{agentWith("a", func(a *routing.Agent) { a.Languages = []string{tag} })}, t0)
			assert.ErrorIs(t, err, routing.ErrInvalidInput, "Decide reads the tag")
		})
	}
}

// The explanation shows the values the ranking compared, exactly.
func TestExplanationPrecision(t *testing.T) {
	third := agentWith("third", func(a *routing.Agent) { a.Capacity[email] = 3; a.Load[email] = 2 })
	hundredth := agentWith("hundredth", func(a *routing.Agent) { a.Capacity[email] = 100; a.Load[email] = 67 })
	d, err := routing.Policy{Strategy: routing.LeastLoadedPercent}.Decide(itemWith(nil), []routing.Agent{third, hundredth}, t0)
	require.NoError(t, err)
	assert.Equal(t, "third", d.Agent)
	assert.Equal(t, routing.CriterionSparePercent, d.DecidedBy)
	win, lose := d.Candidate(0).Terms(d.Strategy)[0], d.Candidate(1).Terms(d.Strategy)[0]
	assert.Equal(t, [2]int64{1, 3}, [2]int64{win.Value, win.Of})
	assert.Equal(t, [2]int64{33, 100}, [2]int64{lose.Value, lose.Of})
	assert.NotEqual(t, win.Detail, lose.Detail)
	assert.Contains(t, win.Detail, "1/3 spare")

	early := agentWith("early", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Second + time.Nanosecond) })
	earlier := agentWith("earlier", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Second) })
	d, err = routing.Policy{Strategy: routing.RoundRobin}.Decide(itemWith(nil), []routing.Agent{early, earlier}, t0)
	require.NoError(t, err)
	assert.Equal(t, "earlier", d.Agent)
	a, b := d.Candidate(0).Terms(d.Strategy)[0], d.Candidate(1).Terms(d.Strategy)[0]
	assert.Equal(t, int64(1), a.Value-b.Value, "nanoseconds, as compared")
	assert.Equal(t, "2026-03-02T08:59:59.000000001Z", a.Detail)
	assert.Equal(t, "2026-03-02T08:59:59Z", b.Detail)
}

// Values the docs promise to reject are rejected with typed errors.
func TestUnknownValuesAreRejected(t *testing.T) {
	err := itemWith(func(it *routing.Item) { it.Priority = "URGENT" }).Validate()
	require.ErrorIs(t, err, routing.ErrInvalidInput)
	assert.Equal(t, []string{"item[-].Priority"}, inputFields(err))
	_, err = routing.Policy{}.Decide(itemWith(func(it *routing.Item) { it.Priority = "URGENT" }), nil, t0)
	assert.ErrorIs(t, err, routing.ErrInvalidInput)

	a := agentWith("a", func(a *routing.Agent) { a.Capacity["e-mail"] = 10; a.Load["e-mail"] = 1 })
	err = a.Validate()
	require.ErrorIs(t, err, routing.ErrInvalidInput)
	assert.Equal(t, []string{`agent[-].Capacity["e-mail"]`, `agent[-].Load["e-mail"]`}, inputFields(err))
	_, err = routing.Policy{}.Assign(nil, []routing.Agent{a}, t0)
	assert.ErrorIs(t, err, routing.ErrInvalidInput)

	err = agentWith("a", func(a *routing.Agent) { a.Languages = []string{""} }).Validate()
	assert.Equal(t, []string{"agent[-].Languages[0]"}, inputFields(err), "an empty tag is no language")
}

// Decide refuses a chosen agent whose ID another agent uses, whatever
// their other fields.
func TestDecideRefusesDuplicateIDs(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.Load[email] = 5 }),
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 1 }),
		agentWith("a", func(a *routing.Agent) { a.Presence = routing.PresenceOffline }),
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 3 }),
	}
	d, err := routing.Policy{}.Decide(itemWith(nil), agents, t0)
	require.ErrorIs(t, err, routing.ErrInvalidInput)
	var ie *routing.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "ID", ie.Field)
	assert.False(t, d.Assigned())
	assert.Equal(t, "no decision", d.String())
	assert.Equal(t, -1, d.Chosen)
}

// A breached item ranks above every item that is not, however long that
// one has waited.
func TestBreachedRanksFirst(t *testing.T) {
	old := routing.Item{Ticket: tid(1), Priority: ticket.PriorityUrgent, Tier: ticket.TierVIP, EnqueuedAt: t0.Add(-26 * time.Hour), DueAt: t0.Add(time.Minute)}
	breached := routing.Item{Ticket: tid(2), Priority: ticket.PriorityLow, EnqueuedAt: t0.Add(-time.Second), DueAt: t0.Add(-time.Second)}
	got := routing.Scoring{}.Order([]routing.Item{old, breached}, t0)
	assert.Equal(t, tid(2), got[0].Item.Ticket)
	assert.True(t, got[0].Score.Breached)
	assert.False(t, got[1].Score.Breached)
	assert.Greater(t, got[1].Score.Total, got[0].Score.Total, "the band decides, not the total")
}

// Escalation never goes down a level.
func TestEscalationNeverGoesDown(t *testing.T) {
	path := routing.Path{
		Name: "p",
		Levels: []routing.Level{
			{Name: "tier 1", Groups: []string{"desk", "billing"}},
			{Name: "tier 2", Groups: []string{"second", "network"}},
			{Name: "management", Groups: []string{"mgmt"}},
		},
		Specialists: map[string]string{"billing": "billing", "network": "network"},
	}
	for _, tt := range []struct{ from, reason, want string }{
		{"mgmt", "billing", "top of the ladder: mgmt (management)"},
		{"second", "billing", "hierarchical: mgmt (management)"},
		{"second", "network", "functional: network (tier 2)"},
		{"desk", "billing", "functional: billing (tier 1)"},
	} {
		got, err := path.Next(tt.from, tt.reason)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got.String(), "%s for %s", tt.from, tt.reason)
	}
}

// Validating a valid matrix allocates nothing.
func TestMatrixValidateAllocatesNothing(t *testing.T) {
	m := routing.DefaultMatrix()
	assert.Zero(t, testing.AllocsPerRun(20, func() { _ = m.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = m.TicketPriority(2, 3) }))
}

// Subtags after a singleton are an extension or private use (RFC 5646
// §2.2.6, §2.2.7): they name no extended language, script or region.
func TestLanguageExtensionsKeepTheLanguage(t *testing.T) {
	tests := []struct {
		agent, item string
		want        bool
	}{
		{"en", "en-x-abc", true},          // "abc" is private use, not an extended language
		{"en-x-abc", "en", true},          // the same, on the agent's side
		{"en-Latn", "en-x-abcd", true},    // "abcd" is not a script
		{"zh-Hans", "zh-x-tw", true},      // "tw" is not a region implying Hant
		{"zh-Hans", "zh-u-nu-hant", true}, // nor is a Unicode extension's value
		{"zh-Hans", "zh-TW-x-cn", false},  // the region before the singleton still counts
		{"de", "en-x-de", false},
	}
	for _, tt := range tests {
		t.Run(tt.agent+" for "+tt.item, func(t *testing.T) {
			a := agentWith("a", func(a *routing.Agent) { a.Languages = []string{tt.agent} })
			it := itemWith(func(it *routing.Item) { it.Language = tt.item })
			d, err := routing.Policy{}.Decide(it, []routing.Agent{a}, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Assigned(), d.String())
			r, err := routing.NewRoster([]routing.Agent{a})
			require.NoError(t, err)
			d, err = r.Decide(routing.Policy{}, it, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Assigned(), "roster: "+d.String())
		})
	}
}
