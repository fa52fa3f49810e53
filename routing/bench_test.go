package routing_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

var benchPolicy = routing.Policy{
	Strategy: routing.SkillsFirst,
	Ladder: routing.Ladder{Steps: []routing.Step{
		{After: 2 * time.Minute, AnyLanguage: true},
		{After: 10 * time.Minute, AnyRegion: true},
		{After: 30 * time.Minute, LowerSkill: 1},
	}},
}

// benchItem is a high-priority email for support needing printers at level
// 2, in Norwegian from Norway, that has waited the given time at t0.
func benchItem(waited time.Duration) routing.Item {
	return routing.Item{
		Ticket: tid(1), Channel: ticket.ChannelEmail, Priority: ticket.PriorityHigh,
		Group: "support", Skills: []routing.Skill{{Name: "printers", Level: 2}},
		Language: "nb", Region: "NO", EnqueuedAt: t0.Add(-waited),
	}
}

func BenchmarkDecide1000Agents(b *testing.B) {
	agents := randomRoster(1, 1000, t0)
	it := benchItem(time.Minute)
	b.ReportAllocs()
	start := cpuNS()
	for b.Loop() {
		d, err := benchPolicy.Decide(it, agents, t0)
		if err != nil || !d.Assigned() {
			b.Fatal(err, d.Summary())
		}
	}
	reportCPU(b, start)
}

// An item that has waited long enough to stand on a relaxation rung, whose
// name the decision spells out.
func BenchmarkDecide1000AgentsRelaxed(b *testing.B) {
	agents := randomRoster(1, 1000, t0)
	it := benchItem(15 * time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		d, err := benchPolicy.Decide(it, agents, t0)
		if err != nil || d.Rung != 2 || !d.Assigned() {
			b.Fatal(err, d.RungName, d.Summary())
		}
	}
}

func BenchmarkAssign10000Items500Agents(b *testing.B) {
	agents := randomRoster(2, 500, t0)
	items := randomQueue(3, 10000, t0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchPolicy.Assign(items, agents, t0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOrder10000Items(b *testing.B) {
	items := randomQueue(3, 10000, t0)
	b.ReportAllocs()
	for b.Loop() {
		routing.Scoring{}.Order(items, t0)
	}
}

// The realistic roster: today's slice-based decision.
func BenchmarkDecideRealistic1000(b *testing.B) {
	agents := realisticRoster(1, 1000, t0)
	it, p := realisticItem(t0), realisticPolicy()
	b.ReportAllocs()
	start := cpuNS()
	for b.Loop() {
		d, err := p.Decide(it, agents, t0)
		if err != nil || !d.Assigned() {
			b.Fatal(err, d.Summary())
		}
	}
	reportCPU(b, start)
}

// realisticPolicy is least-loaded with the bench ladder.
func realisticPolicy() routing.Policy {
	return routing.Policy{Strategy: routing.LeastLoaded, Ladder: benchPolicy.Ladder}
}

// realisticSetup compiles the realistic roster and returns it with the
// realistic item and a least-loaded policy with the bench ladder.
func realisticSetup(b *testing.B) (*routing.Roster, routing.Item, routing.Policy) {
	b.Helper()
	r, err := routing.NewRoster(realisticRoster(1, 1000, t0))
	if err != nil {
		b.Fatal(err)
	}
	return r, realisticItem(t0), realisticPolicy()
}

// The same decision on a compiled Roster: no map is read per agent.
func BenchmarkRosterDecideRealistic1000(b *testing.B) {
	r, it, p := realisticSetup(b)
	b.ReportAllocs()
	start := cpuNS()
	for b.Loop() {
		d, err := r.Decide(p, it, t0)
		if err != nil || !d.Assigned() {
			b.Fatal(err, d.Summary())
		}
	}
	reportCPU(b, start)
}

// A decision with its full explanation: every candidate built.
func BenchmarkRosterDecideRealistic1000Explained(b *testing.B) {
	r, it, p := realisticSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		d, err := r.Decide(p, it, t0)
		if err != nil || len(d.Candidates()) != 1000 {
			b.Fatal(err)
		}
	}
}

// Decide then Apply on a Roster, as a router does per item.
func BenchmarkRosterDecideApply1000(b *testing.B) {
	r, it, p := realisticSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		d, err := r.Decide(p, it, t0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Apply(d, t0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewRoster1000(b *testing.B) {
	agents := realisticRoster(1, 1000, t0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := routing.NewRoster(agents); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateConfig10000Paths validates a routing document's 10000
// escalation paths, each checked for a name used before.
func BenchmarkValidateConfig10000Paths(b *testing.B) {
	c := routing.Config{Paths: make([]routing.Path, 10000)}
	for i := range c.Paths {
		c.Paths[i] = routing.Path{Name: fmt.Sprintf("path %d", i), Levels: []routing.Level{{Name: "tier 1", Groups: []string{"l1"}}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
