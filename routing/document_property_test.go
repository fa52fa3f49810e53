package routing_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

// randomRouting returns a valid routing configuration built in Go, with
// durations down to the nanosecond and every optional part sometimes
// left out, sometimes empty.
func randomRouting(r *rand.Rand) routing.Config {
	dur := func() time.Duration { return time.Duration(1 + r.Int64N(int64(200*time.Hour))) }
	some := func() bool { return r.IntN(2) == 0 }
	var c routing.Config
	p := &c.Policy
	strategies := []routing.Strategy{"", routing.RoundRobin, routing.LeastLoaded, routing.LeastLoadedPercent, routing.SkillsFirst}
	p.Strategy = strategies[r.IntN(len(strategies))]
	for _, pr := range []routing.Presence{routing.PresenceOnline, routing.PresenceAway, routing.PresenceOffline} {
		if some() {
			p.Presences = append(p.Presences, pr)
		}
	}
	after := time.Duration(0)
	for i := range r.IntN(4) {
		after += dur()
		s := routing.Step{After: after, AnyLanguage: some(), AnyRegion: some(), AnySkill: some(), LowerSkill: r.IntN(3)}
		if some() {
			s.Drop = []string{fmt.Sprintf("skill%d", i)}
		}
		if s.String() == "no relaxation" || some() {
			s.Groups = []string{fmt.Sprintf("overflow%d", i)}
		}
		p.Ladder.Steps = append(p.Ladder.Steps, s)
	}
	switch r.IntN(3) {
	case 1:
		p.Scoring.Priority = map[ticket.Priority]time.Duration{}
	case 2:
		p.Scoring.Priority = map[ticket.Priority]time.Duration{ticket.PriorityUrgent: dur(), ticket.PriorityLow: 0}
	}
	if some() {
		p.Scoring.Tier = map[ticket.Tier]time.Duration{ticket.TierVIP: dur(), "gold": dur()}
	}
	if some() {
		p.Scoring.BreachHorizon, p.Scoring.Breached = dur(), dur()
	}
	if some() {
		p.Weights = map[ticket.Channel]int{ticket.ChannelPhone: 1 + r.IntN(30), ticket.ChannelEmail: 1 + r.IntN(3)}
	}
	p.PerChannelRotation = some()
	if some() {
		p.IdleAway = dur()
	}
	if some() {
		p.Throttle = routing.Throttle{Max: 1 + r.IntN(100), Window: dur()}
	}
	if some() {
		p.StickyWindow = dur()
	}
	if some() {
		p.Offers = routing.OfferRules{Timeout: dur(), Reoffers: r.IntN(3), MissedPresence: routing.PresenceAway}
	}
	if some() {
		c.Matrix = routing.DefaultMatrix()
		c.Matrix.Cells[r.IntN(3)][r.IntN(3)] = routing.ITILPriority(1 + r.IntN(5))
	}
	for i := range r.IntN(3) {
		c.Paths = append(c.Paths, routing.Path{
			Name:        fmt.Sprintf("path%d", i),
			Levels:      []routing.Level{{Name: "tier 1", Groups: []string{"l1"}}, {Name: "tier 2", Groups: []string{"l2", "net"}}},
			Specialists: map[string]string{"network fault": "net"},
		})
	}
	return c
}

// TestRoutingConfigRoundTrip encodes random configurations built in Go
// and decodes them back to equal values.
func TestRoutingConfigRoundTrip(t *testing.T) {
	for seed := range uint64(300) {
		c := randomRouting(rand.New(rand.NewPCG(seed, 19)))
		require.NoError(t, c.Validate(), "seed %d", seed)
		out, err := c.Encode()
		require.NoError(t, err, "seed %d", seed)
		back, err := routing.DecodeConfig(out)
		require.NoError(t, err, "seed %d:\n%s", seed, out)
		assert.Equal(t, c, back, "seed %d:\n%s", seed, out)
	}
}
