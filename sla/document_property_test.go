package sla_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// randomDocumentPolicies returns valid policies built in Go on the calendars
// given (and calendar time, nil hours): presets and a custom metric,
// conditions, targets per priority, levels by percentage and by offset,
// both recalculation modes, durations down to the nanosecond.
func randomDocumentPolicies(r *rand.Rand, cals []*calendar.Calendar) sla.Policies {
	some := func() bool { return r.IntN(2) == 0 }
	metrics := append(sla.Presets(), sla.Metric{Name: "vendor_wait", Start: sla.StartCreated, Stop: sla.StopSolve,
		Paused: []ticket.StatusCategory{ticket.StatusCategoryOnHold}, Reopen: sla.ReopenFinal})
	priorities := []ticket.Priority{"", ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}
	var ps sla.Policies
	for i := range 1 + r.IntN(3) {
		p := sla.Policy{Name: fmt.Sprintf("policy%d", i), Version: r.IntN(3)}
		if some() {
			p.Recalculation = sla.Prospective
		}
		if some() {
			p.Match = sla.Condition{Priorities: []ticket.Priority{ticket.PriorityHigh}, Groups: []string{"l1"},
				Channels: []ticket.Channel{ticket.ChannelEmail}, TagsAny: []string{"a"}, TagsAll: []string{"b"},
				TagsNone: []string{"c"}, Tiers: []ticket.Tier{ticket.TierVIP}, Categories: []string{"billing"},
				Organizations: []string{"Fjord AS"}}
		}
		for _, k := range r.Perm(len(metrics))[:1+r.IntN(4)] {
			for _, pr := range priorities {
				if r.IntN(3) > 0 {
					continue
				}
				t := sla.Target{Metric: metrics[k], Priority: pr, Duration: time.Duration(1 + r.Int64N(int64(100*time.Hour)))}
				if n := r.IntN(len(cals) + 1); n < len(cals) {
					t.Hours = cals[n]
				}
				p.Targets = append(p.Targets, t)
			}
		}
		if len(p.Targets) > 0 {
			p.Levels = append(p.Levels, sla.Level{Name: "warn", Percent: 1 + r.IntN(100),
				Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}, {Kind: sla.ActionAddTag, Tag: "late"}}})
			p.Levels = append(p.Levels, sla.Level{Name: "escalate", Metric: p.Targets[0].Metric.Name, Offset: time.Duration(r.Int64N(int64(time.Hour))),
				Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "l2"}, {Kind: sla.ActionRaisePriority, Priority: ticket.PriorityUrgent}}})
		}
		ps = append(ps, p)
	}
	return ps
}

// TestSLAConfigRoundTrip writes random policies built in Go as a
// document and reads them back: the document decodes and builds to the
// same policies.
func TestSLAConfigRoundTrip(t *testing.T) {
	desk := osloDesk(t)
	always := calendar.Always(oslo)
	cals := map[string]*calendar.Calendar{"oslo-desk": desk, "24/7": always}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 19))
		ps := randomDocumentPolicies(r, []*calendar.Calendar{desk, always})
		require.NoError(t, ps.Validate(), "seed %d", seed)
		catchUp := sla.CatchUp{Mode: sla.CatchUpGrace, Grace: time.Duration(r.Int64N(int64(time.Hour)))}
		c, err := sla.ConfigOf(ps, catchUp, cals)
		require.NoError(t, err, "seed %d", seed)
		out, err := c.Encode()
		require.NoError(t, err, "seed %d", seed)
		back, err := sla.DecodeConfig(out)
		require.NoError(t, err, "seed %d:\n%s", seed, out)
		assert.Equal(t, c, back, "seed %d", seed)
		built, err := back.Build(cals)
		require.NoError(t, err, "seed %d", seed)
		assert.Equal(t, ps, built, "seed %d:\n%s", seed, out)
	}
}
