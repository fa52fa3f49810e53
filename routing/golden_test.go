package routing_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// nordicRoster is a realistic desk of 20 agents in Oslo, Copenhagen,
// Stockholm and Hamburg at 09:00 on a Monday.
func nordicRoster() []routing.Agent {
	type spec struct {
		id       string
		presence routing.Presence
		groups   string
		skills   string
		langs    string
		regions  string
		email    [2]int // load, capacity
		chat     [2]int
		phone    [2]int
		lastMin  int // minutes since last assignment; -1 never
	}
	specs := []spec{
		{"anders", routing.PresenceOnline, "service desk", "printers:3 vpn:2", "nb en", "NO", [2]int{4, 10}, [2]int{1, 3}, [2]int{0, 1}, 12},
		{"berit", routing.PresenceOnline, "service desk", "printers:1 sap:4", "nb sv en", "NO SE", [2]int{9, 10}, [2]int{3, 3}, [2]int{0, 1}, 3},
		{"cecilie", routing.PresenceAway, "service desk billing", "invoices:4", "da en", "DK", [2]int{2, 10}, [2]int{0, 3}, [2]int{0, 0}, 45},
		{"dag", routing.PresenceOffline, "network", "vpn:5 mobile:3", "nb en", "NO", [2]int{0, 10}, [2]int{0, 0}, [2]int{0, 1}, -1},
		{"elin", routing.PresenceOnline, "billing", "invoices:5 sap:2", "sv en", "SE", [2]int{6, 10}, [2]int{2, 3}, [2]int{0, 1}, 20},
		{"frederik", routing.PresenceOnline, "service desk vip desk", "printers:2 vpn:3 mobile:2", "da de en", "DK DE", [2]int{3, 8}, [2]int{1, 2}, [2]int{1, 1}, 7},
		{"gunnar", routing.PresenceOnline, "network", "vpn:4", "sv nb", "SE NO", [2]int{10, 10}, [2]int{0, 0}, [2]int{0, 1}, 30},
		{"hanne", routing.PresenceOnline, "service desk", "printers:2 mobile:4", "da en", "DK", [2]int{5, 10}, [2]int{0, 3}, [2]int{0, 1}, 12},
		{"ingrid", routing.PresenceOnline, "vip desk", "printers:4 sap:3 invoices:3", "nb en", "NO", [2]int{1, 5}, [2]int{0, 2}, [2]int{0, 1}, 55},
		{"jonas", routing.PresenceOnline, "service desk", "printers:1", "de en", "DE", [2]int{2, 10}, [2]int{2, 3}, [2]int{0, 1}, 1},
		{"karin", routing.PresenceAway, "billing", "invoices:3", "sv", "SE", [2]int{0, 10}, [2]int{0, 3}, [2]int{0, 1}, 90},
		{"lars", routing.PresenceOnline, "service desk network", "vpn:2 printers:2", "nb da en", "NO DK", [2]int{7, 10}, [2]int{1, 3}, [2]int{0, 1}, 12},
		{"maja", routing.PresenceOnline, "service desk", "printers:3 mobile:1", "sv en", "SE", [2]int{3, 10}, [2]int{3, 3}, [2]int{0, 1}, 25},
		{"nils", routing.PresenceOffline, "service desk", "printers:5", "sv nb", "SE NO", [2]int{0, 10}, [2]int{0, 3}, [2]int{0, 1}, -1},
		{"oda", routing.PresenceOnline, "service desk", "printers:2", "nb", "NO", [2]int{4, 10}, [2]int{0, 3}, [2]int{0, 1}, 12},
		{"per", routing.PresenceOnline, "billing vip desk", "invoices:4 sap:4", "nb da sv en", "NO DK SE", [2]int{2, 6}, [2]int{1, 2}, [2]int{0, 1}, 40},
		{"ragnhild", routing.PresenceOnline, "network", "vpn:3 mobile:5", "nb en", "NO", [2]int{3, 10}, [2]int{0, 0}, [2]int{0, 1}, -1},
		{"sven", routing.PresenceOnline, "service desk", "printers:2 vpn:1", "sv de en", "SE DE", [2]int{8, 10}, [2]int{2, 3}, [2]int{0, 1}, 5},
		{"tove", routing.PresenceAway, "service desk", "printers:4", "nb", "NO", [2]int{1, 10}, [2]int{0, 3}, [2]int{0, 1}, 60},
		{"ulrik", routing.PresenceOnline, "service desk", "printers:2 sap:1", "da de", "DK DE", [2]int{5, 10}, [2]int{0, 3}, [2]int{0, 1}, 12},
	}
	agents := make([]routing.Agent, len(specs))
	for i, s := range specs {
		a := routing.Agent{
			ID: s.id, Presence: s.presence,
			Groups:    splitGroups(s.groups),
			Languages: strings.Fields(s.langs),
			Regions:   strings.Fields(s.regions),
			Skills:    map[string]int{},
			Capacity:  map[ticket.Channel]int{},
			Load:      map[ticket.Channel]int{},
		}
		for _, kv := range strings.Fields(s.skills) {
			var lvl int
			name, l, _ := strings.Cut(kv, ":")
			fmt.Sscan(l, &lvl)
			a.Skills[name] = lvl
		}
		for ch, lc := range map[ticket.Channel][2]int{email: s.email, chat: s.chat, phone: s.phone} {
			if lc[1] > 0 {
				a.Capacity[ch] = lc[1]
			}
			if lc[0] > 0 {
				a.Load[ch] = lc[0]
			}
		}
		if s.lastMin >= 0 {
			a.LastAssigned = t0.Add(-time.Duration(s.lastMin) * time.Minute)
		}
		agents[i] = a
	}
	return agents
}

// splitGroups reads "service desk vip desk" as two-word group names.
func splitGroups(s string) []string {
	var out []string
	for _, g := range []string{"service desk", "vip desk", "billing", "network"} {
		if strings.Contains(s, g) {
			out = append(out, g)
		}
	}
	return out
}

func TestGoldenDecisions(t *testing.T) {
	agents := nordicRoster()
	ladder := routing.Ladder{Steps: []routing.Step{
		{After: 2 * time.Minute, AnyLanguage: true},
		{After: 10 * time.Minute, AnyRegion: true},
		{After: 30 * time.Minute, LowerSkill: 1},
	}}
	scenarios := []struct {
		name string
		item routing.Item
	}{
		{"printer email in Norwegian, fresh", routing.Item{Ticket: tid(1), Channel: email, Group: "service desk", Skills: []routing.Skill{{Name: "printers", Level: 2}}, Language: "nb", Region: "NO", EnqueuedAt: t0}},
		{"printer chat in German, 3 minutes", routing.Item{Ticket: tid(2), Channel: chat, Group: "service desk", Skills: []routing.Skill{{Name: "printers", Level: 3}}, Language: "de", Region: "DE", EnqueuedAt: t0.Add(-3 * time.Minute)}},
		{"printer chat in German, 40 minutes", routing.Item{Ticket: tid(3), Channel: chat, Group: "service desk", Skills: []routing.Skill{{Name: "printers", Level: 3}}, Language: "de", Region: "DE", EnqueuedAt: t0.Add(-40 * time.Minute)}},
		{"vip phone call", routing.Item{Ticket: tid(4), Channel: phone, Group: "vip desk", Tier: ticket.TierVIP, Language: "nb", EnqueuedAt: t0}},
		{"invoice email in Swedish", routing.Item{Ticket: tid(5), Channel: email, Group: "billing", Skills: []routing.Skill{{Name: "invoices", Level: 4}}, Language: "sv", Region: "SE", EnqueuedAt: t0.Add(-time.Minute)}},
		{"vpn chat, network has no chat", routing.Item{Ticket: tid(6), Channel: chat, Group: "network", Skills: []routing.Skill{{Name: "vpn", Level: 3}}, EnqueuedAt: t0}},
	}
	var out strings.Builder
	for _, sc := range scenarios {
		for _, s := range allStrategies {
			d, err := routing.Policy{Strategy: s, Ladder: ladder}.Decide(sc.item, agents, t0)
			require.NoError(t, err)
			fmt.Fprintf(&out, "== %s / %s\n%s\n", sc.name, s, d)
			for _, c := range d.Candidates() {
				if !c.Eligible() {
					fmt.Fprintf(&out, "  %-9s %s\n", c.Agent, c.Reason())
					continue
				}
				var terms []string
				for _, tm := range c.Terms(s) {
					v := fmt.Sprint(tm.Value)
					if tm.Of != 0 {
						v += fmt.Sprintf("/%d", tm.Of)
					}
					terms = append(terms, tm.Name+"="+v)
				}
				mark := " "
				if c.Agent == d.Agent {
					mark = "*"
				}
				fmt.Fprintf(&out, "%s %-9s eligible: %s\n", mark, c.Agent, strings.Join(terms, " "))
			}
		}
	}
	golden := filepath.Join("testdata", "decisions.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(out.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -run TestGoldenDecisions -update to create it")
	assert.Equal(t, string(want), out.String())
}
