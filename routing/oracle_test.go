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

// oracleRule is an independent statement of the eligibility rules in the
// order the package documents them (presence, excluded, group, capacity,
// throttle, skills, language, region), read from the agent's and item's
// public fields with no shared code. It returns the first rule that rejects
// the agent, or "".
func oracleRule(p routing.Policy, it routing.Item, a routing.Agent, now time.Time) routing.Rule {
	rung := 0
	for i, s := range p.Ladder.Steps {
		if now.Sub(it.EnqueuedAt) >= s.After {
			rung = i + 1
		}
	}
	steps := p.Ladder.Steps[:rung]

	pres := a.Presence
	if pres == routing.PresenceOnline && p.IdleAway > 0 && !a.LastActive.IsZero() && now.Sub(a.LastActive) > p.IdleAway {
		pres = routing.PresenceAway
	}
	allow := p.Presences
	if len(allow) == 0 {
		allow = []routing.Presence{routing.PresenceOnline}
	}
	if pres == "" || !slices.Contains(allow, pres) {
		return routing.RulePresence
	}
	missed := 0
	for _, m := range it.Missed {
		if m == a.ID {
			missed++
		}
	}
	if slices.Contains(it.Excluded, a.ID) || missed > p.Offers.Reoffers {
		return routing.RuleExcluded
	}
	if it.Group != "" {
		in := slices.Contains(a.Groups, it.Group)
		for _, s := range steps {
			for _, g := range s.Groups {
				in = in || slices.Contains(a.Groups, g)
			}
		}
		if !in {
			return routing.RuleGroup
		}
	}
	ch := it.Channel
	if a.Capacity[ch] <= 0 || a.Load[ch]+a.Offered[ch] >= a.Capacity[ch] {
		return routing.RuleCapacity
	}
	if a.Total > 0 {
		weight := func(c ticket.Channel) int {
			if w, ok := p.Weights[c]; ok {
				return w
			}
			return 1
		}
		used := 0
		for _, c := range ticket.Channels() {
			used += (a.Load[c] + a.Offered[c]) * weight(c)
		}
		if used+weight(ch) > a.Total {
			return routing.RuleCapacity
		}
	}
	if p.Throttle.Max > 0 {
		n := 0
		for _, r := range a.Recent {
			if now.Sub(r) < p.Throttle.Window {
				n++
			}
		}
		if n >= p.Throttle.Max {
			return routing.RuleThrottle
		}
	}
	lower, anySkill, drop := 0, false, []string{}
	for _, s := range steps {
		lower += s.LowerSkill
		anySkill = anySkill || s.AnySkill
		drop = append(drop, s.Drop...)
	}
	for _, s := range it.Skills {
		if anySkill || slices.Contains(drop, s.Name) {
			continue
		}
		if want := s.Level - lower; want > 0 && a.Skills[s.Name] < want {
			return routing.RuleSkills
		}
	}
	anyLang, anyRegion := false, false
	for _, s := range steps {
		anyLang = anyLang || s.AnyLanguage
		anyRegion = anyRegion || s.AnyRegion
	}
	if it.Language != "" && !anyLang && !slices.ContainsFunc(a.Languages, func(l string) bool {
		// The generated tags are bare primary languages.
		return strings.EqualFold(l, it.Language)
	}) {
		return routing.RuleLanguage
	}
	if it.Region != "" && !anyRegion && !slices.Contains(a.Regions, it.Region) {
		return routing.RuleRegion
	}
	return ""
}

// oracleBucket names how a summary counts an agent the oracle rejected by
// rule, in the summary's words.
func oracleBucket(p routing.Policy, it routing.Item, a routing.Agent, now time.Time, rule routing.Rule) string {
	switch rule {
	case routing.RulePresence:
		switch {
		case a.Presence == routing.PresenceOnline && p.IdleAway > 0 && !a.LastActive.IsZero() && now.Sub(a.LastActive) > p.IdleAway:
			return "idle"
		case a.Presence == routing.PresenceOnline:
			return "online (not allowed)"
		case a.Presence == "":
			return "unknown presence"
		}
		return string(a.Presence)
	case routing.RuleExcluded:
		return "excluded"
	case routing.RuleGroup:
		return "not in group"
	case routing.RuleCapacity:
		switch ch := it.Channel; {
		case a.Capacity[ch] <= 0:
			return "without capacity for the channel"
		case a.Load[ch]+a.Offered[ch] >= a.Capacity[ch]:
			return "at capacity"
		}
		return "at total capacity"
	case routing.RuleThrottle:
		return "throttled"
	case routing.RuleSkills:
		return "lacking skills"
	case routing.RuleLanguage:
		return "not speaking the language"
	}
	return "outside the region"
}

// oracleSummary writes the summary of the oracle's verdicts: the count of
// agents, the eligible ones, then each rejection in the documented order.
func oracleSummary(p routing.Policy, it routing.Item, agents []routing.Agent, now time.Time) string {
	order := []string{"online (not allowed)", "away", "offline", "unknown presence", "idle", "excluded",
		"not in group", "without capacity for the channel", "at capacity", "at total capacity",
		"throttled", "lacking skills", "not speaking the language", "outside the region"}
	counts := map[string]int{}
	eligible := 0
	for _, a := range agents {
		if r := oracleRule(p, it, a, now); r == "" {
			eligible++
		} else {
			counts[oracleBucket(p, it, a, now, r)]++
		}
	}
	s := fmt.Sprintf("%d agents", len(agents))
	if len(agents) == 1 {
		s = "1 agent"
	}
	var parts []string
	if eligible > 0 {
		parts = append(parts, fmt.Sprintf("%d eligible", eligible))
	}
	for _, b := range order {
		if counts[b] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[b], b))
		}
	}
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// oracleKey is what the documented ranking compares for an eligible agent,
// most significant first: previous agent, preferred skills met, the
// strategy's terms, last assignment (instant, then turn; after now counts as
// now with no turn), open items, ID.
type oracleKey struct {
	id              string
	previous        bool
	pref, match     int
	spare, capacity int
	last            time.Time
	turn            uint64
	open            int
}

func oracleRank(p routing.Policy, it routing.Item, a routing.Agent, now time.Time) oracleKey {
	k := oracleKey{id: a.ID, capacity: a.Capacity[it.Channel]}
	k.previous = it.Previous.Agent == a.ID && p.StickyWindow > 0 && !now.After(it.Previous.At.Add(p.StickyWindow))
	for _, s := range it.Preferred {
		if a.Skills[s.Name] >= s.Level {
			k.pref++
		}
	}
	for _, s := range it.Skills {
		k.match += a.Skills[s.Name]
	}
	k.spare = a.Capacity[it.Channel] - a.Load[it.Channel] - a.Offered[it.Channel]
	k.last, k.turn = a.LastAssigned, a.Turn
	if p.PerChannelRotation {
		k.last, k.turn = a.LastOn[it.Channel].At, a.LastOn[it.Channel].Turn
	}
	if k.last.After(now) {
		k.last, k.turn = now, 0
	}
	for _, n := range a.Load {
		k.open += n
	}
	for _, n := range a.Offered {
		k.open += n
	}
	return k
}

// oracleBefore reports whether a ranks before b, and the criterion that
// decided.
func oracleBefore(s routing.Strategy, a, b oracleKey) (bool, routing.Criterion) {
	if a.previous != b.previous {
		return a.previous, routing.CriterionPrevious
	}
	if a.pref != b.pref {
		return a.pref > b.pref, routing.CriterionPreferred
	}
	switch s {
	case routing.SkillsFirst:
		if a.match != b.match {
			return a.match > b.match, routing.CriterionSkillMatch
		}
		fallthrough
	case routing.LeastLoaded, "":
		if a.spare != b.spare {
			return a.spare > b.spare, routing.CriterionSpareCapacity
		}
	case routing.LeastLoadedPercent:
		// a.spare/a.capacity > b.spare/b.capacity, cross-multiplied.
		if l, r := a.spare*b.capacity, b.spare*a.capacity; l != r {
			return l > r, routing.CriterionSparePercent
		}
	}
	if !a.last.Equal(b.last) {
		return a.last.Before(b.last), routing.CriterionLastAssigned
	}
	if a.turn != b.turn {
		return a.turn < b.turn, routing.CriterionLastAssigned
	}
	if a.open != b.open {
		return a.open < b.open, routing.CriterionFewestOpen
	}
	return a.id < b.id, routing.CriterionAgentID
}

// edgyRoster decorates a feature roster with the boundaries the rules
// compare at: loads at, one under and over capacity, totals exactly used up
// or one unit short, throttles exactly at the maximum, idle exactly at the
// limit, assignment instants after now.
func edgyRoster(seed uint64, n int) []routing.Agent {
	r := rand.New(rand.NewPCG(seed, 77))
	agents := featureRoster(seed, n)
	for i := range agents {
		a := &agents[i]
		for _, ch := range rosterChannels {
			c, ok := a.Capacity[ch]
			if !ok {
				continue
			}
			switch r.IntN(5) {
			case 0:
				a.Load[ch] = c
			case 1:
				a.Load[ch] = c - 1
			case 2:
				a.Load[ch] = c + 1
			}
		}
		if r.IntN(4) == 0 {
			a.Capacity[pick(r, rosterChannels)] = 0
		}
		if r.IntN(2) == 0 {
			// Used units under the weighted policies or under weight 1,
			// then the next item's weight on top, give or take one.
			unit := r.IntN(2) == 0
			used := 0
			for _, ch := range rosterChannels {
				w := weighted[ch]
				if unit {
					w = 1
				}
				used += (a.Load[ch] + a.Offered[ch]) * w
			}
			next := weighted[pick(r, rosterChannels)]
			if unit {
				next = 1
			}
			a.Total = max(1, used+next+pick(r, []int{-1, 0, 0, 1}))
		}
		if r.IntN(5) == 0 {
			a.LastActive = t0.Add(-15 * time.Minute)
		}
		if r.IntN(5) == 0 {
			a.Recent = []time.Time{t0.Add(-time.Hour), t0.Add(-time.Hour + time.Nanosecond), t0.Add(-time.Minute)}
		}
		if r.IntN(6) == 0 {
			a.LastAssigned, a.Turn = t0.Add(time.Minute), 3
		}
		if r.IntN(5) == 0 {
			a.Presence = pick(r, []routing.Presence{"", routing.PresenceAway, routing.PresenceOffline})
		}
	}
	return agents
}

// oraclePolicies are the policies the oracle checks: the feature and
// property policies, and two that combine every option.
func oraclePolicies() []routing.Policy {
	policies := append(featurePolicies(), propertyPolicies...)
	return append(policies,
		routing.Policy{Strategy: routing.LeastLoaded, Weights: weighted, Throttle: routing.Throttle{Max: 2, Window: time.Hour}, IdleAway: 15 * time.Minute, Presences: []routing.Presence{routing.PresenceAway}},
		routing.Policy{Strategy: routing.SkillsFirst, StickyWindow: 30 * time.Hour, PerChannelRotation: true, Offers: routing.OfferRules{Reoffers: 0},
			Ladder: routing.Ladder{Steps: []routing.Step{{After: time.Minute, Drop: []string{"vpn"}}, {After: 10 * time.Minute, LowerSkill: 2, AnyRegion: true, Groups: []string{"vip desk"}}, {After: 40 * time.Minute, AnySkill: true}}}},
	)
}

// checkOracle decides it among agents at now, on the slice and on the
// roster, and checks the decision against the oracle: each candidate's
// rule, the summary, the chosen agent (the oracle's best), the runner-up
// and the criterion between them.
func checkOracle(t *testing.T, p routing.Policy, it routing.Item, agents []routing.Agent, roster *routing.Roster, now time.Time, where string) {
	t.Helper()
	d, err := p.Decide(it, agents, now)
	require.NoError(t, err, where)
	rd, err := roster.Decide(p, it, now)
	require.NoError(t, err, where)
	require.Equal(t, d.String(), rd.String(), where)

	best, second := -1, -1
	var bestK, secondK oracleKey
	for i, a := range agents {
		c := d.Candidate(i)
		want := oracleRule(p, it, a, now)
		require.Equal(t, want, c.Rule, "%s agent %s: %s", where, a.ID, c.Reason())
		if want != "" {
			continue
		}
		k := oracleRank(p, it, a, now)
		switch {
		case best < 0:
			best, bestK = i, k
		case func() bool { b, _ := oracleBefore(p.Strategy, k, bestK); return b }():
			second, secondK = best, bestK
			best, bestK = i, k
		case second < 0:
			second, secondK = i, k
		default:
			if b, _ := oracleBefore(p.Strategy, k, secondK); b {
				second, secondK = i, k
			}
		}
	}
	assert.Equal(t, oracleSummary(p, it, agents, now), d.Summary(), where)
	require.Equal(t, best, d.Chosen, where)
	if best >= 0 {
		assert.Equal(t, agents[best].ID, d.Agent, where)
	}
	if second >= 0 {
		_, crit := oracleBefore(p.Strategy, bestK, secondK)
		assert.Equal(t, agents[second].ID, d.RunnerUp, where)
		assert.Equal(t, crit, d.DecidedBy, where)
	} else if best >= 0 {
		assert.Equal(t, routing.CriterionOnlyCandidate, d.DecidedBy, where)
		assert.Empty(t, d.RunnerUp, where)
	}
}

// Every decision, on a slice and on a Roster, agrees with the oracle.
func TestDecideAgreesWithOracle(t *testing.T) {
	policies := oraclePolicies()
	for seed := range sweep(25, 600) {
		n := 1 + int(seed*7%40)
		agents := edgyRoster(seed, n)
		items := featureQueue(seed, 30, n)
		roster, err := routing.NewRoster(agents)
		require.NoError(t, err)
		for pi, p := range policies {
			for ii, it := range items {
				if seed%3 == 0 && len(agents) > 1 {
					it = it.Exclude(agents[ii%len(agents)].ID)
				}
				checkOracle(t, p, it, agents, roster, t0, fmt.Sprintf("seed %d policy %d item %d", seed, pi, ii))
			}
		}
	}
}

// FuzzDecideOracle: any generated roster and item, at any instant around
// the one they were made for (so ages, idle times, throttle windows,
// sticky windows and assignment instants after now all vary), decides as
// the oracle does.
func FuzzDecideOracle(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(0), int64(0))
	f.Add(uint64(9), uint8(40), uint8(10), int64(-120))
	f.Add(uint64(4), uint8(1), uint8(5), int64(900))
	policies := oraclePolicies()
	f.Fuzz(func(t *testing.T, seed uint64, n, pi uint8, shift int64) {
		now := t0.Add(time.Duration(shift%(48*3600)) * time.Second)
		agents := edgyRoster(seed, int(n%64))
		roster, err := routing.NewRoster(agents)
		require.NoError(t, err)
		p := policies[int(pi)%len(policies)]
		for ii, it := range featureQueue(seed, 4, len(agents)) {
			checkOracle(t, p, it, agents, roster, now, fmt.Sprintf("item %d", ii))
		}
	})
}
