package routing_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

// realisticRoster makes n agents the way a contact centre staffs them: 12
// groups (1–2 each), 4–10 of 40 skills at levels 1–5, 1–3 of 12 languages
// (some with region subtags), 1–2 of 8 regions, 15 % offline and 5 % away,
// capacity on email, chat and phone with some load, and assignment times
// within the last hour.
func realisticRoster(seed uint64, n int, now time.Time) []routing.Agent {
	r := rand.New(rand.NewPCG(seed, 11))
	groups := make([]string, 12)
	for i := range groups {
		groups[i] = fmt.Sprintf("group-%02d", i)
	}
	skills := make([]string, 40)
	for i := range skills {
		skills[i] = fmt.Sprintf("skill-%02d", i)
	}
	langs := []string{"en", "en-GB", "nb", "da", "sv", "de", "de-AT", "fi", "fr", "es", "pt-BR", "pl"}
	regions := []string{"NO", "DK", "SE", "DE", "FI", "FR", "ES", "PL"}
	agents := make([]routing.Agent, n)
	for i := range agents {
		a := routing.Agent{
			ID:        fmt.Sprintf("agent-%04d", i),
			Presence:  routing.PresenceOnline,
			Skills:    map[string]int{},
			Languages: some(r, langs, 3),
			Regions:   some(r, regions, 2),
			Groups:    some(r, groups, 2),
			Capacity:  map[ticket.Channel]int{ticket.ChannelEmail: 10, ticket.ChannelChat: 3, ticket.ChannelPhone: 1},
			Load:      map[ticket.Channel]int{ticket.ChannelEmail: r.IntN(10), ticket.ChannelChat: r.IntN(3)},
		}
		switch x := r.IntN(100); {
		case x < 15:
			a.Presence = routing.PresenceOffline
		case x < 20:
			a.Presence = routing.PresenceAway
		}
		for _, k := range r.Perm(len(skills))[:4+r.IntN(7)] {
			a.Skills[skills[k]] = 1 + r.IntN(5)
		}
		if r.IntN(5) > 0 {
			a.LastAssigned = now.Add(-time.Duration(r.IntN(3600_000)) * time.Millisecond)
		}
		agents[i] = a
	}
	return agents
}

// realisticItem is an email for group-03 needing one skill, in English.
func realisticItem(now time.Time) routing.Item {
	return routing.Item{
		Ticket: tid(1), Channel: ticket.ChannelEmail, Priority: ticket.PriorityHigh,
		Group:      "group-03",
		Skills:     []routing.Skill{{Name: "skill-07", Level: 2}},
		Language:   "en",
		EnqueuedAt: now.Add(-time.Minute),
	}
}
