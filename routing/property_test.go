package routing_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var propertyPolicies = []routing.Policy{
	{},
	{Strategy: routing.RoundRobin},
	{Strategy: routing.LeastLoadedPercent, Presences: []routing.Presence{routing.PresenceOnline, routing.PresenceAway}},
	{Strategy: routing.SkillsFirst, Ladder: benchPolicy.Ladder},
	{Strategy: routing.RoundRobin, Presences: []routing.Presence{routing.PresenceAway}, Ladder: routing.Ladder{Steps: []routing.Step{{After: 5 * time.Minute, AnySkill: true, AnyLanguage: true, AnyRegion: true}}}},
}

func allowed(p routing.Policy, pr routing.Presence) bool {
	if len(p.Presences) == 0 {
		return pr == routing.PresenceOnline
	}
	return slices.Contains(p.Presences, pr)
}

// sweep returns n seeds by default and long seeds under DESK_LONG=1.
func sweep(n, longN uint64) uint64 {
	if long() {
		return longN
	}
	return n
}

func TestPropertyAssignRespectsCapacityAndPresence(t *testing.T) {
	for seed := range sweep(12, 400) {
		for pi, p := range propertyPolicies {
			t.Run(fmt.Sprintf("seed %d policy %d", seed, pi), func(t *testing.T) {
				agents := randomRoster(seed, 5+int(seed%30), t0)
				items := randomQueue(seed, 200, t0)
				b, err := p.Assign(items, agents, t0)
				require.NoError(t, err)
				assert.Equal(t, len(items), len(b.Assignments)+len(b.Waiting), "every item placed or waiting")

				got := map[string]map[ticket.Channel]int{}
				channel := map[ticket.ID]ticket.Channel{}
				for _, it := range items {
					channel[it.Ticket] = it.Channel
				}
				byID := map[string]routing.Agent{}
				for _, a := range agents {
					byID[a.ID] = a
				}
				for _, as := range b.Assignments {
					a := byID[as.Agent]
					assert.True(t, allowed(p, a.Presence), "assigned to %s who is %s", a.ID, a.Presence)
					if got[a.ID] == nil {
						got[a.ID] = map[ticket.Channel]int{}
					}
					got[a.ID][channel[as.Item]]++
				}
				for i, a := range agents {
					for ch, n := range got[a.ID] {
						assert.LessOrEqual(t, a.Load[ch]+n, a.Capacity[ch], "%s over capacity on %s", a.ID, ch)
						assert.Equal(t, a.Load[ch]+n, b.Agents[i].Load[ch])
					}
				}
				assert.Equal(t, randomRoster(seed, 5+int(seed%30), t0), agents, "input agents untouched")
			})
		}
	}
}

func TestPropertyRoundRobinFairness(t *testing.T) {
	for seed := range sweep(60, 1000) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 9))
			p := routing.Policy{Strategy: routing.RoundRobin, Presences: []routing.Presence{routing.PresenceOnline, routing.PresenceAway}}
			agents := make([]routing.Agent, 3+r.IntN(20))
			for i := range agents {
				c := 1 + r.IntN(12)
				agents[i] = routing.Agent{
					ID:       fmt.Sprintf("a%02d", i),
					Presence: []routing.Presence{routing.PresenceOnline, routing.PresenceAway, routing.PresenceOffline}[r.IntN(3)],
					Capacity: map[ticket.Channel]int{email: c},
					Load:     map[ticket.Channel]int{email: r.IntN(c + 1)},
				}
				if r.IntN(3) > 0 {
					// many ties, some at now, some after now (clocks that disagree)
					agents[i].LastAssigned = t0.Add(time.Duration(r.IntN(6)-3) * time.Minute)
				}
			}
			items := make([]routing.Item, r.IntN(120))
			for i := range items {
				items[i] = routing.Item{Ticket: tid(byte(i)), Channel: email, EnqueuedAt: t0.Add(-time.Duration(i) * time.Second)}
			}
			b, err := p.Assign(items, agents, t0)
			require.NoError(t, err)

			// Replay: at each assignment, the chosen agent has no more
			// assignments in this pass than any agent still eligible.
			load := map[string]int{}
			count := map[string]int{}
			for _, a := range agents {
				load[a.ID] = a.Load[email]
			}
			for _, as := range b.Assignments {
				for _, a := range agents {
					if allowed(p, a.Presence) && load[a.ID] < a.Capacity[email] {
						assert.LessOrEqual(t, count[as.Agent], count[a.ID], "%s got another item while %s (eligible) had fewer", as.Agent, a.ID)
					}
				}
				count[as.Agent]++
				load[as.Agent]++
			}
		})
	}
}

func TestPropertyDeterministic(t *testing.T) {
	for seed := range sweep(6, 200) {
		for pi, p := range propertyPolicies {
			t.Run(fmt.Sprintf("seed %d policy %d", seed, pi), func(t *testing.T) {
				agents := randomRoster(seed, 30, t0)
				items := randomQueue(seed, 150, t0)
				b1, err := p.Assign(items, agents, t0)
				require.NoError(t, err)
				b2, err := p.Assign(items, agents, t0)
				require.NoError(t, err)
				assert.Equal(t, b1, b2)

				// Input order does not matter: queue order and tie-breaks are total.
				r := rand.New(rand.NewPCG(seed, 3))
				shuffledItems := slices.Clone(items)
				r.Shuffle(len(shuffledItems), func(i, j int) { shuffledItems[i], shuffledItems[j] = shuffledItems[j], shuffledItems[i] })
				shuffledAgents := slices.Clone(agents)
				r.Shuffle(len(shuffledAgents), func(i, j int) { shuffledAgents[i], shuffledAgents[j] = shuffledAgents[j], shuffledAgents[i] })
				b3, err := p.Assign(shuffledItems, shuffledAgents, t0)
				require.NoError(t, err)
				assert.Equal(t, b1.Assignments, b3.Assignments)
				assert.Equal(t, b1.Waiting, b3.Waiting)
			})
		}
	}
}

// naiveBefore is an independent statement of the ranking rules, over the
// public candidate facts: true when a should be chosen before b.
func naiveBefore(s routing.Strategy, a, b routing.Candidate) bool {
	type key []float64
	primary := func(c routing.Candidate) key {
		spare := float64(c.Capacity - c.Load)
		switch s {
		case routing.RoundRobin:
			return key{}
		case routing.LeastLoadedPercent:
			return key{-spare / float64(c.Capacity)}
		case routing.SkillsFirst:
			return key{-float64(c.SkillMatch), -spare}
		}
		return key{-spare}
	}
	ka, kb := primary(a), primary(b)
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	if !a.LastAssigned.Equal(b.LastAssigned) {
		return a.LastAssigned.Before(b.LastAssigned)
	}
	if a.Open != b.Open {
		return a.Open < b.Open
	}
	return strings.Compare(a.Agent, b.Agent) < 0
}

func TestPropertyDecideChoosesTheBest(t *testing.T) {
	for seed := range sweep(8, 300) {
		for pi, p := range propertyPolicies {
			t.Run(fmt.Sprintf("seed %d policy %d", seed, pi), func(t *testing.T) {
				agents := randomRoster(seed, 60, t0)
				for _, it := range randomQueue(seed, 20, t0) {
					d, err := p.Decide(it, agents, t0)
					require.NoError(t, err)
					require.Equal(t, len(agents), d.Len())
					cands := d.Candidates()
					var eligible []routing.Candidate
					for i, c := range cands {
						assert.Equal(t, agents[i].ID, c.Agent)
						if c.Eligible() {
							assert.True(t, allowed(p, agents[i].Presence))
							assert.Less(t, c.Load, c.Capacity)
							eligible = append(eligible, c)
						}
					}
					if len(eligible) == 0 {
						assert.False(t, d.Assigned())
						assert.NotContains(t, d.Summary(), "eligible")
						continue
					}
					require.True(t, d.Assigned())
					chosen := cands[d.Chosen]
					assert.Equal(t, d.Agent, chosen.Agent)
					for _, c := range eligible {
						if c.Agent != chosen.Agent {
							assert.True(t, naiveBefore(d.Strategy, chosen, c), "%s chosen over %s", chosen.Agent, c.Agent)
						}
					}
					// a one-item queue gives the same agent
					b, err := p.Assign([]routing.Item{it}, agents, t0)
					require.NoError(t, err)
					require.Len(t, b.Assignments, 1)
					assert.Equal(t, d.Agent, b.Assignments[0].Agent)
					assert.Equal(t, d.DecidedBy, b.Assignments[0].DecidedBy)
				}
			})
		}
	}
}
