package routing_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

var (
	rosterGroups    = []string{"support", "billing", "network", "onboarding", "vip desk"}
	rosterSkills    = []string{"printers", "sap", "vpn", "invoices", "mobile", "french"}
	rosterLanguages = []string{"nb", "da", "sv", "de", "en"}
	rosterRegions   = []string{"NO", "DK", "SE", "DE"}
	rosterChannels  = []ticket.Channel{ticket.ChannelEmail, ticket.ChannelChat, ticket.ChannelPhone}
	// allStrategies are the assignment strategies, in declaration order.
	allStrategies = []routing.Strategy{routing.RoundRobin, routing.LeastLoaded, routing.LeastLoadedPercent, routing.SkillsFirst}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func some[T comparable](r *rand.Rand, xs []T, max int) []T {
	var out []T
	for range 1 + r.IntN(max) {
		x := pick(r, xs)
		dup := false
		for _, y := range out {
			dup = dup || y == x
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

// randomRoster makes n agents from seed: mostly online, 1–2 groups, a few
// skills at levels 1–5, 1–3 languages, 1–2 regions, capacity per channel
// (1 phone, up to 3 chats, up to 10 emails) with some load, and assignment
// times within the last hour (or never).
func randomRoster(seed uint64, n int, now time.Time) []routing.Agent {
	r := rand.New(rand.NewPCG(seed, 1))
	agents := make([]routing.Agent, n)
	for i := range agents {
		a := routing.Agent{
			ID:        fmt.Sprintf("agent-%04d", i),
			Presence:  routing.PresenceOnline,
			Skills:    map[string]int{},
			Languages: some(r, rosterLanguages, 3),
			Regions:   some(r, rosterRegions, 2),
			Groups:    some(r, rosterGroups, 2),
			Capacity:  map[ticket.Channel]int{},
			Load:      map[ticket.Channel]int{},
		}
		switch x := r.IntN(10); {
		case x == 0:
			a.Presence = routing.PresenceAway
		case x <= 2:
			a.Presence = routing.PresenceOffline
		}
		for _, s := range some(r, rosterSkills, 4) {
			a.Skills[s] = 1 + r.IntN(5)
		}
		caps := map[ticket.Channel]int{ticket.ChannelEmail: 10, ticket.ChannelChat: 3, ticket.ChannelPhone: 1}
		for _, ch := range some(r, rosterChannels, 3) {
			c := 1 + r.IntN(caps[ch])
			a.Capacity[ch] = c
			a.Load[ch] = r.IntN(c + 1)
		}
		if r.IntN(4) > 0 {
			a.LastAssigned = now.Add(-time.Duration(r.IntN(3600)) * time.Second)
		}
		agents[i] = a
	}
	return agents
}

// randomQueue makes n items from seed.
func randomQueue(seed uint64, n int, now time.Time) []routing.Item {
	r := rand.New(rand.NewPCG(seed, 2))
	prios := append(ticket.Priorities(), "")
	tiers := []ticket.Tier{"", "", ticket.TierStandard, ticket.TierPremium, ticket.TierVIP}
	items := make([]routing.Item, n)
	for i := range items {
		var id uuid.UUID
		for j := range id {
			id[j] = byte(r.IntN(256))
		}
		it := routing.Item{
			Ticket:     id,
			Channel:    pick(r, rosterChannels),
			Priority:   pick(r, prios),
			Tier:       pick(r, tiers),
			EnqueuedAt: now.Add(-time.Duration(r.IntN(3600)) * time.Second),
		}
		if r.IntN(3) > 0 {
			it.Group = pick(r, rosterGroups)
		}
		if r.IntN(2) == 0 {
			it.Skills = []routing.Skill{{Name: pick(r, rosterSkills), Level: 1 + r.IntN(3)}}
		}
		if r.IntN(2) == 0 {
			it.Language = pick(r, rosterLanguages)
		}
		if r.IntN(3) == 0 {
			it.Region = pick(r, rosterRegions)
		}
		if r.IntN(3) == 0 {
			it.DueAt = now.Add(time.Duration(r.IntN(7200)-1800) * time.Second)
		}
		items[i] = it
	}
	return items
}
