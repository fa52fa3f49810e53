package routing_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weighted is Salesforce's example: a call uses the whole agent, a chat a
// third, an email a tenth of 30 units.
var weighted = map[ticket.Channel]int{phone: 30, chat: 10, email: 3}

func TestUniversalCapacity(t *testing.T) {
	onCall := agentWith("a", func(a *routing.Agent) { a.Total = 30; a.Load[phone] = 1 })
	twoChats := agentWith("b", func(a *routing.Agent) { a.Total = 30; a.Load[chat] = 2; a.Load[email] = 3 })
	item := itemWith(func(it *routing.Item) { it.Channel = chat })
	d, err := routing.Policy{Weights: weighted}.Decide(item, []routing.Agent{onCall, twoChats}, t0)
	require.NoError(t, err)
	assert.False(t, d.Assigned(), "an agent on a call gets no chat; 2 chats and 3 emails leave 1 unit")
	assert.Equal(t, "at total capacity 30/30 units", d.Candidate(0).Reason())
	assert.Equal(t, "at total capacity 29/30 units", d.Candidate(1).Reason())
	assert.Equal(t, "2 agents: 2 at total capacity", d.Summary())

	// an email (3 units) does not fit the agent on a call either, but
	// without weights Total counts items (ServiceNow's universal capacity)
	d, err = routing.Policy{}.Decide(itemWith(nil), []routing.Agent{agentWith("c", func(a *routing.Agent) { a.Total = 2; a.Load[chat] = 1; a.Load[phone] = 1 })}, t0)
	require.NoError(t, err)
	assert.Equal(t, "at total capacity 2/2 units", d.Candidate(0).Reason())
	d, err = routing.Policy{}.Decide(itemWith(nil), []routing.Agent{agentWith("c", func(a *routing.Agent) { a.Total = 3; a.Load[chat] = 1; a.Load[phone] = 1 })}, t0)
	require.NoError(t, err)
	assert.True(t, d.Assigned())
}

func TestOffersHoldCapacity(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.Capacity[chat] = 1 }),
		agentWith("b", func(a *routing.Agent) { a.Capacity[chat] = 1; a.LastAssigned = t0.Add(-time.Minute) }),
	}
	p := routing.Policy{Strategy: routing.RoundRobin, Offers: routing.OfferRules{Timeout: 20 * time.Second, MissedPresence: routing.PresenceAway}}
	item := itemWith(func(it *routing.Item) { it.Channel = chat })
	r, err := routing.NewRoster(agents)
	require.NoError(t, err)

	d, err := r.Decide(p, item, t0)
	require.NoError(t, err)
	require.Equal(t, "a", d.Agent)
	r1, offer, err := r.Offer(d, t0)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(20*time.Second), offer.ExpiresAt)

	// the pending offer holds a's only chat slot
	d2, err := r1.Decide(p, item, t0)
	require.NoError(t, err)
	assert.Equal(t, "b", d2.Agent)
	assert.Equal(t, "at capacity 0+1 offered/1 chat", d2.Candidate(0).Reason())
	assert.Equal(t, 1, r1.Agents()[0].Offered[chat])
	// and a stale decision cannot take a over it
	_, err = r1.Apply(d, t0)
	assert.ErrorIs(t, err, routing.ErrStale)

	t.Run("accept moves the hold to load", func(t *testing.T) {
		r2, acc, err := r1.Accept(offer, t0.Add(5*time.Second))
		require.NoError(t, err)
		assert.Equal(t, routing.OfferAccepted, acc.State)
		a := r2.Agents()[0]
		assert.Equal(t, 0, a.Offered[chat])
		assert.Equal(t, 1, a.Load[chat])
	})
	t.Run("decline releases and excludes", func(t *testing.T) {
		r2, _, requeued, err := r1.Decline(offer)
		require.NoError(t, err)
		assert.Equal(t, 0, r2.Agents()[0].Offered[chat])
		d, err := r2.Decide(p, requeued, t0)
		require.NoError(t, err)
		assert.Equal(t, "b", d.Agent)
		assert.Equal(t, "excluded (declined)", d.Candidate(0).Reason())
	})
	t.Run("expiry releases, sets the presence and counts the miss", func(t *testing.T) {
		_, _, _, err := r1.Expire(offer, t0.Add(19*time.Second), p.Offers)
		assert.ErrorIs(t, err, routing.ErrOfferState)
		r2, exp, requeued, err := r1.Expire(offer, t0.Add(20*time.Second), p.Offers)
		require.NoError(t, err)
		assert.Equal(t, routing.OfferExpired, exp.State)
		a := r2.Agents()[0]
		assert.Equal(t, routing.PresenceAway, a.Presence)
		assert.Equal(t, 0, a.Offered[chat])
		assert.Equal(t, []string{"a"}, requeued.Missed)
		assert.Equal(t, routing.PresenceOnline, r1.Agents()[0].Presence, "older roster unchanged")
	})
}

func TestStickyRouting(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", nil),
		agentWith("bo", func(a *routing.Agent) { a.Load[email] = 6 }),
	}
	p := routing.Policy{StickyWindow: 24 * time.Hour}
	reopen := func(ago time.Duration) routing.Item {
		return itemWith(func(it *routing.Item) {
			it.Previous = routing.Previous{Agent: "bo", At: t0.Add(-ago), Of: routing.AffinityTicket}
		})
	}
	d, err := p.Decide(reopen(2*time.Hour), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "bo", d.Agent)
	assert.Equal(t, routing.CriterionPrevious, d.DecidedBy)
	assert.Equal(t, "bo (ticket, 2h0m0s ago) chosen", d.Previous)
	assert.Contains(t, d.String(), "won on previous agent over a")
	terms := d.Candidate(1).Terms(d.Strategy)
	assert.Equal(t, routing.Term{Name: "previous agent", Value: 1, Detail: "handled the ticket or customer before"}, terms[0])

	d, err = p.Decide(reopen(30*time.Hour), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent)
	assert.Equal(t, "bo (ticket, 30h0m0s ago) outside the 24h0m0s window, routed normally", d.Previous)

	full := []routing.Agent{agents[0], agentWith("bo", func(a *routing.Agent) { a.Load[email] = 10 })}
	d, err = p.Decide(reopen(time.Hour), full, t0)
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent)
	assert.Equal(t, "bo (ticket, 1h0m0s ago) at capacity 10/10 email, routed normally", d.Previous)

	d, err = routing.Policy{}.Decide(reopen(time.Hour), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent, "no window, no stickiness")
	assert.Empty(t, d.Previous)
}

func TestPreferredSkillsRankWithoutExcluding(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", nil),
		agentWith("b", func(a *routing.Agent) { a.Skills["sap"] = 3; a.Load[email] = 8 }),
	}
	item := itemWith(func(it *routing.Item) { it.Preferred = []routing.Skill{{Name: "sap", Level: 2}} })
	d, err := routing.Policy{}.Decide(item, agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "b", d.Agent)
	assert.Equal(t, routing.CriterionPreferred, d.DecidedBy)
	assert.True(t, d.Candidate(0).Eligible(), "a preferred skill excludes no one")
	pref := d.Candidate(1).Terms(d.Strategy)[0]
	assert.Equal(t, [3]int64{1, 1}, [3]int64{pref.Value, pref.Of})

	d, err = routing.Policy{}.Decide(item, agents[:1], t0)
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent)
}

func TestOverflowGroups(t *testing.T) {
	agents := []routing.Agent{
		agentWith("own", func(a *routing.Agent) { a.Load[email] = 10 }),
		agentWith("ring2", func(a *routing.Agent) { a.Groups = []string{"second line"} }),
		agentWith("ring3", func(a *routing.Agent) { a.Groups = []string{"anyone"} }),
	}
	p := routing.Policy{Ladder: routing.Ladder{Steps: []routing.Step{
		{After: time.Minute, Groups: []string{"second line"}},
		{After: 5 * time.Minute, Groups: []string{"anyone"}},
	}}}
	for _, tt := range []struct {
		age   time.Duration
		want  string
		group string
		rung  string
	}{
		{0, "", "", "step 0: as required"},
		{2 * time.Minute, "ring2", "second line", "step 1: also group second line, after 1m0s"},
		{6 * time.Minute, "ring3", "anyone", "step 2: also group anyone, after 5m0s"},
	} {
		item := itemWith(func(it *routing.Item) { it.EnqueuedAt = t0.Add(-tt.age) })
		agents[1].LastAssigned = t0 // ring3 wins the tie-break once open
		d, err := p.Decide(item, agents, t0)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.Agent, "age %s", tt.age)
		assert.Equal(t, tt.rung, d.RungName)
		if d.Assigned() {
			assert.Equal(t, tt.group, d.Candidate(d.Chosen).Group)
		}
	}
}

func TestPerChannelRotation(t *testing.T) {
	// a took a call a minute ago but no email for an hour; b had an email
	// ten minutes ago.
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) {
			a.LastAssigned = t0.Add(-time.Minute)
			a.LastOn = map[ticket.Channel]routing.Stamp{phone: {At: t0.Add(-time.Minute)}, email: {At: t0.Add(-time.Hour)}}
		}),
		agentWith("b", func(a *routing.Agent) {
			a.LastAssigned = t0.Add(-10 * time.Minute)
			a.LastOn = map[ticket.Channel]routing.Stamp{email: {At: t0.Add(-10 * time.Minute)}}
		}),
	}
	d, err := routing.Policy{Strategy: routing.RoundRobin}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "b", d.Agent, "over all channels")
	d, err = routing.Policy{Strategy: routing.RoundRobin, PerChannelRotation: true}.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent, "per channel")
	out, err := d.Apply(agents, t0)
	require.NoError(t, err)
	assert.Equal(t, routing.Stamp{At: t0, Turn: 1}, out[0].LastOn[email])
	assert.Equal(t, agents[0].LastOn[phone], out[0].LastOn[phone])
}

func TestIdleAway(t *testing.T) {
	agents := []routing.Agent{
		agentWith("idle", func(a *routing.Agent) { a.LastActive = t0.Add(-20 * time.Minute) }),
		agentWith("busy", func(a *routing.Agent) { a.LastActive = t0.Add(-time.Minute); a.Load[email] = 9 }),
		agentWith("unknown", func(a *routing.Agent) { a.Load[email] = 9; a.LastAssigned = t0 }),
	}
	p := routing.Policy{IdleAway: 10 * time.Minute}
	d, err := p.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "busy", d.Agent)
	assert.Equal(t, "idle (counts as away) not allowed", d.Candidate(0).Reason())
	assert.Equal(t, "3 agents: 2 eligible, 1 idle", d.Summary())

	p.Presences = []routing.Presence{routing.PresenceOnline, routing.PresenceAway}
	d, err = p.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "idle", d.Agent, "away allowed: idle agents take work")
}

func TestThrottle(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) {
			a.Recent = []time.Time{t0.Add(-2 * time.Hour), t0.Add(-50 * time.Minute), t0.Add(-time.Minute)}
		}),
		agentWith("b", func(a *routing.Agent) { a.Load[email] = 9 }),
	}
	p := routing.Policy{Throttle: routing.Throttle{Max: 2, Window: time.Hour}}
	d, err := p.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, "b", d.Agent)
	assert.Equal(t, "throttled: 2 items in the last 1h0m0s (max 2)", d.Candidate(0).Reason())
	out, err := d.Apply(agents, t0)
	require.NoError(t, err)
	assert.Equal(t, []time.Time{t0}, out[1].Recent)

	d, err = p.Decide(itemWith(nil), agents, t0.Add(10*time.Minute+time.Second))
	require.NoError(t, err)
	assert.Equal(t, "a", d.Agent, "one assignment left the window")
	out, err = d.Apply(agents, t0.Add(10*time.Minute+time.Second))
	require.NoError(t, err)
	assert.Equal(t, []time.Time{t0.Add(-time.Minute), t0.Add(10*time.Minute + time.Second)}, out[0].Recent, "old instants dropped")
}

func TestPolicyValidateNewFields(t *testing.T) {
	p := routing.Policy{
		Weights:      map[ticket.Channel]int{"e-mail": 3, chat: 0},
		IdleAway:     -time.Second,
		Throttle:     routing.Throttle{Max: 3},
		StickyWindow: -time.Hour,
		Offers:       routing.OfferRules{Timeout: -time.Second, Reoffers: -1, MissedPresence: "busy"},
		Ladder:       routing.Ladder{Steps: []routing.Step{{After: time.Minute, Groups: []string{""}}}},
	}
	err := p.Validate()
	require.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.Equal(t, []string{
		"Policy.Weights[chat]", `Policy.Weights["e-mail"]`, "Policy.IdleAway", "Policy.Throttle.Window",
		"Policy.StickyWindow", "Policy.Offers.Timeout", "Policy.Offers.Reoffers", "Policy.Offers.MissedPresence",
		"Ladder.Steps[0].Groups[0]",
	}, configFields(err))
	assert.NoError(t, routing.Policy{Weights: weighted, Throttle: routing.Throttle{Max: 100, Window: time.Hour}}.Validate())
}

// A throttle given a window but no Max used to be silently off: a desk
// that wrote {"window": "1h"} and forgot "max" capped nothing.
func TestThrottleWindowWithoutMax(t *testing.T) {
	err := routing.Policy{Throttle: routing.Throttle{Window: time.Hour}}.Validate()
	require.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.Equal(t, []string{"Policy.Throttle.Max"}, configFields(err))
	assert.ErrorContains(t, err, "must be positive with a Window (1h0m0s)")
}

func TestItemAndAgentValidateNewFields(t *testing.T) {
	it := itemWith(func(it *routing.Item) {
		it.Preferred = []routing.Skill{{Name: ""}, {Name: "sap", Level: -1}}
		it.Previous = routing.Previous{Of: "colleague"}
		it.Missed = []string{""}
	})
	assert.Equal(t, []string{
		"item[-].Preferred[0].Name", "item[-].Preferred[1].Level", "item[-].Previous.Agent",
		"item[-].Previous.At", "item[-].Previous.Of", "item[-].Missed[0]",
	}, inputFields(it.Validate()))
	a := agentWith("a", func(a *routing.Agent) {
		a.Total = -1
		a.Offered = map[ticket.Channel]int{chat: -1}
		a.LastOn = map[ticket.Channel]routing.Stamp{"fax": {}}
	})
	assert.Equal(t, []string{"agent[-].Offered[chat]", "agent[-].Total", `agent[-].LastOn["fax"]`}, inputFields(a.Validate()))
}

// featureRoster decorates a random roster with the new state: totals,
// pending offers, activity, per-channel stamps and recent assignments.
func featureRoster(seed uint64, n int) []routing.Agent {
	r := rand.New(rand.NewPCG(seed, 21))
	agents := randomRoster(seed, n, t0)
	for i := range agents {
		a := &agents[i]
		if r.IntN(3) == 0 {
			a.Total = 10 + r.IntN(40)
		}
		if r.IntN(4) == 0 {
			a.Offered = map[ticket.Channel]int{pick(r, rosterChannels): r.IntN(2)}
		}
		if r.IntN(2) == 0 {
			a.LastActive = t0.Add(-time.Duration(r.IntN(40)) * time.Minute)
		}
		if r.IntN(3) == 0 {
			a.LastOn = map[ticket.Channel]routing.Stamp{pick(r, rosterChannels): {At: t0.Add(-time.Duration(r.IntN(3600)) * time.Second), Turn: uint64(r.IntN(3))}}
		}
		for range r.IntN(4) {
			a.Recent = append(a.Recent, t0.Add(-time.Duration(r.IntN(7200))*time.Second))
		}
		slicesSortTimes(a.Recent)
		if i%4 == 0 {
			a.LastAssigned = t0
			a.Turn = uint64(r.IntN(5))
		}
	}
	return agents
}

// featureQueue decorates a random queue with preferred skills, previous
// agents and misses.
func featureQueue(seed uint64, n, agents int) []routing.Item {
	r := rand.New(rand.NewPCG(seed, 22))
	items := randomQueue(seed, n, t0)
	for i := range items {
		it := &items[i]
		if r.IntN(3) == 0 {
			it.Preferred = []routing.Skill{{Name: pick(r, rosterSkills), Level: 1 + r.IntN(4)}}
		}
		if r.IntN(3) == 0 && agents > 0 {
			it.Previous = routing.Previous{Agent: fmt.Sprintf("agent-%04d", r.IntN(agents)), At: t0.Add(-time.Duration(r.IntN(48)) * time.Hour), Of: routing.AffinityCustomer}
		}
		if r.IntN(5) == 0 && agents > 0 {
			it.Missed = []string{fmt.Sprintf("agent-%04d", r.IntN(agents))}
		}
	}
	return items
}

func slicesSortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// featurePolicies exercise every option together and apart.
func featurePolicies() []routing.Policy {
	return []routing.Policy{
		{Strategy: routing.RoundRobin, PerChannelRotation: true, IdleAway: 15 * time.Minute},
		{Strategy: routing.LeastLoaded, Weights: weighted, StickyWindow: 24 * time.Hour},
		{Strategy: routing.LeastLoadedPercent, Throttle: routing.Throttle{Max: 3, Window: time.Hour}, Presences: []routing.Presence{routing.PresenceOnline, routing.PresenceAway}},
		{Strategy: routing.SkillsFirst, Offers: routing.OfferRules{Reoffers: 1}, Ladder: routing.Ladder{Steps: []routing.Step{
			{After: 5 * time.Minute, AnyLanguage: true, Groups: []string{"billing"}},
			{After: 20 * time.Minute, LowerSkill: 1, Groups: []string{"network", "support"}},
		}}},
	}
}

// A Roster decides exactly as Policy.Decide on the same agents, explains
// the same, and, applied item by item, ends where Policy.Assign does, with
// no agent over a channel or total capacity.
func TestPropertyRosterAgreesWithSlices(t *testing.T) {
	seeds := sweep(8, 200)
	for seed := range seeds {
		for pi, p := range featurePolicies() {
			t.Run(fmt.Sprintf("seed %d policy %d", seed, pi), func(t *testing.T) {
				n := 3 + int(seed%20)
				agents := featureRoster(seed, n)
				items := featureQueue(seed, 40, n)
				r, err := routing.NewRoster(agents)
				require.NoError(t, err)
				for _, rk := range p.Order(items, t0) {
					want, err := p.Decide(rk.Item, agents, t0)
					require.NoError(t, err)
					got, err := r.Decide(p, rk.Item, t0)
					require.NoError(t, err)
					require.Equal(t, want.String(), got.String())
					require.Equal(t, want.Previous, got.Previous)
					require.Equal(t, want.Candidates(), got.Candidates())
					if !got.Assigned() {
						continue
					}
					agents, err = want.Apply(agents, t0)
					require.NoError(t, err)
					r, err = r.Apply(got, t0)
					require.NoError(t, err)
					require.Equal(t, agents, r.Agents())
				}
				b, err := p.Assign(items, featureRoster(seed, n), t0)
				require.NoError(t, err)
				assert.Equal(t, agents, b.Agents)
				for _, a := range b.Agents {
					var units int
					for ch, l := range a.Load {
						assert.LessOrEqual(t, l+a.Offered[ch], max(a.Capacity[ch], featureLoad(seed, n, a.ID, ch)), "%s over capacity on %s", a.ID, ch)
						w, ok := p.Weights[ch]
						if !ok {
							w = 1
						}
						units += (l + a.Offered[ch]) * w
					}
				}
			})
		}
	}
}

// featureLoad returns the load and offers the generated agent id started
// with on ch: an agent may start over capacity, and is never given more.
func featureLoad(seed uint64, n int, id string, ch ticket.Channel) int {
	for _, a := range featureRoster(seed, n) {
		if a.ID == id {
			return a.Load[ch] + a.Offered[ch]
		}
	}
	return 0
}

func TestAffinityText(t *testing.T) {
	for _, a := range []routing.Affinity{routing.AffinityTicket, routing.AffinityCustomer} {
		b, err := a.MarshalText()
		require.NoError(t, err)
		var got routing.Affinity
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, a, got)
		p, err := routing.ParseAffinity(a.String())
		require.NoError(t, err)
		assert.Equal(t, a, p)
		assert.True(t, a.Valid())
	}
	var ue *routing.UnknownValueError
	_, err := routing.ParseAffinity("colleague")
	require.ErrorAs(t, err, &ue)
	assert.ErrorIs(t, err, routing.ErrUnknownValue)
	assert.False(t, routing.Affinity("colleague").Valid())
}

func TestEmptyRoster(t *testing.T) {
	r, err := routing.NewRoster(nil)
	require.NoError(t, err)
	d, err := r.Decide(routing.Policy{}, itemWith(nil), t0)
	require.NoError(t, err)
	assert.False(t, d.Assigned())
	assert.Equal(t, "0 agents", d.Summary())
	assert.Empty(t, r.Agents())
	_, err = r.Apply(d, t0)
	assert.NoError(t, err, "nothing to apply")

	_, err = routing.NewRoster([]routing.Agent{agentWith("a", nil), agentWith("a", nil)})
	assert.ErrorIs(t, err, routing.ErrInvalidInput, "duplicate IDs")
}
