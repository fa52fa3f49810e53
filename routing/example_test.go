package routing_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

// Skills-based routing with a relaxation ladder: a German printer ticket
// waits for a German speaker, and after two minutes any language will do.
func ExamplePolicy_Decide() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	agents := []routing.Agent{
		{
			ID: "ingrid", Presence: routing.PresenceOnline,
			Skills: map[string]int{"printers": 3}, Languages: []string{"nb", "en"},
			Capacity: map[ticket.Channel]int{ticket.ChannelEmail: 10},
			Load:     map[ticket.Channel]int{ticket.ChannelEmail: 4},
		},
		{
			ID: "jonas", Presence: routing.PresenceOnline,
			Skills: map[string]int{"printers": 1}, Languages: []string{"de"},
			Capacity: map[ticket.Channel]int{ticket.ChannelEmail: 10},
		},
		{
			ID: "lena", Presence: routing.PresenceOffline,
			Skills: map[string]int{"printers": 4}, Languages: []string{"de"},
			Capacity: map[ticket.Channel]int{ticket.ChannelEmail: 10},
		},
	}
	policy := routing.Policy{
		Strategy: routing.SkillsFirst,
		Ladder: routing.Ladder{Steps: []routing.Step{
			{After: 2 * time.Minute, AnyLanguage: true},
			{After: 30 * time.Minute, LowerSkill: 1},
		}},
	}
	item := routing.Item{
		Channel:    ticket.ChannelEmail,
		Skills:     []routing.Skill{{Name: "printers", Level: 2}},
		Language:   "de-DE",
		EnqueuedAt: now.Add(-time.Minute),
	}

	for _, at := range []time.Time{now, now.Add(90 * time.Second)} {
		d, err := policy.Decide(item, agents, at)
		if err != nil {
			panic(err)
		}
		fmt.Println(d.RungName, "→", d.Summary())
		for _, c := range d.Candidates() {
			fmt.Printf("  %-6s %s\n", c.Agent, c.Reason())
		}
		if d.Assigned() {
			fmt.Println("  chosen:", d.Agent)
		} else {
			fmt.Println("  no one yet")
		}
	}
	// Output:
	// step 0: as required → 3 agents: 1 offline, 1 lacking skills, 1 not speaking the language
	//   ingrid does not speak de-DE
	//   jonas  skill printers level 1 < 2
	//   lena   presence offline not allowed
	//   no one yet
	// step 1: any language, after 2m0s → 3 agents: 1 eligible, 1 offline, 1 lacking skills
	//   ingrid eligible
	//   jonas  skill printers level 1 < 2
	//   lena   presence offline not allowed
	//   chosen: ingrid
}

// A VIP's normal-priority ticket overtakes an older normal ticket: the
// score shows each term in seconds of equivalent waiting.
func ExampleScoring_Order() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	items := []routing.Item{
		{Ticket: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Priority: ticket.PriorityNormal, EnqueuedAt: now.Add(-20 * time.Minute)},
		{Ticket: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Priority: ticket.PriorityNormal, Tier: ticket.TierVIP, EnqueuedAt: now.Add(-5 * time.Minute)},
		{Ticket: uuid.MustParse("00000000-0000-0000-0000-000000000003"), Priority: ticket.PriorityLow, DueAt: now.Add(-time.Minute), EnqueuedAt: now.Add(-3 * time.Hour)},
	}
	for _, r := range (routing.Scoring{}).Order(items, now) {
		fmt.Printf("%d. ticket …%s: %s\n", r.Position, r.Item.Ticket.String()[35:], r.Score)
	}
	// Output:
	// 1. ticket …3: 100860 (priority +0 (low); tier +0 (none); breach +90060 (breached 1m0s ago); aging +10800 (waiting 3h0m0s))
	// 2. ticket …2: 2700 (priority +600 (normal); tier +1800 (vip); breach +0 (no due time); aging +300 (waiting 5m0s))
	// 3. ticket …1: 1800 (priority +600 (normal); tier +0 (none); breach +0 (no due time); aging +1200 (waiting 20m0s))
}

// Escalation to tier 2: hierarchically up the line, or functionally to a
// specialist group, until the top of the ladder.
func ExamplePath_Next() {
	path := routing.Path{
		Name: "it support",
		Levels: []routing.Level{
			{Name: "tier 1", Groups: []string{"service desk"}},
			{Name: "tier 2", Groups: []string{"second line", "network"}},
			{Name: "management", Groups: []string{"it managers"}},
		},
		Specialists: map[string]string{"network outage": "network"},
	}
	for _, step := range []struct{ group, reason string }{
		{"service desk", "resolution breach"},
		{"service desk", "network outage"},
		{"second line", "resolution breach"},
		{"it managers", "resolution breach"},
	} {
		target, err := path.Next(step.group, step.reason)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s, %s → %s\n", step.group, step.reason, target)
	}
	// Output:
	// service desk, resolution breach → hierarchical: second line (tier 2)
	// service desk, network outage → functional: network (tier 2)
	// second line, resolution breach → hierarchical: it managers (management)
	// it managers, resolution breach → top of the ladder: it managers (management)
}

// ServiceNow's default impact × urgency matrix, mapped to ticket priorities.
func ExampleMatrix_TicketPriority() {
	var m routing.Matrix // the zero Matrix is ServiceNow's default
	for _, c := range []struct {
		i routing.Impact
		u routing.Urgency
	}{{routing.ImpactHigh, routing.UrgencyHigh}, {routing.ImpactMedium, routing.UrgencyLow}, {routing.ImpactLow, routing.UrgencyLow}} {
		p, _ := m.Priority(c.i, c.u)
		tp, _ := m.TicketPriority(c.i, c.u)
		fmt.Printf("impact %d, urgency %d → %s → %s\n", c.i, c.u, p, tp)
	}
	// Output:
	// impact 1, urgency 1 → 1 - Critical → urgent
	// impact 2, urgency 3 → 4 - Low → low
	// impact 3, urgency 3 → 5 - Planning → low
}

// A whole chat queue in one pass: loads are updated as it goes, and what
// cannot be placed waits with a reason.
func ExamplePolicy_Assign() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	chat := map[ticket.Channel]int{ticket.ChannelChat: 2}
	agents := []routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Capacity: chat},
		{ID: "bo", Presence: routing.PresenceOnline, Capacity: chat, Load: map[ticket.Channel]int{ticket.ChannelChat: 1}},
		{ID: "cy", Presence: routing.PresenceAway, Capacity: chat},
	}
	var items []routing.Item
	for i := range 5 {
		items = append(items, routing.Item{
			Ticket:     uuid.UUID{15: byte(i + 1)},
			Channel:    ticket.ChannelChat,
			EnqueuedAt: now.Add(-time.Duration(10-i) * time.Minute),
		})
	}
	b, err := routing.Policy{Strategy: routing.RoundRobin}.Assign(items, agents, now)
	if err != nil {
		panic(err)
	}
	for _, a := range b.Assignments {
		fmt.Printf("#%d → %s (%s)\n", a.Position, a.Agent, a.DecidedBy.Label())
	}
	for _, w := range b.Waiting {
		fmt.Printf("#%d waits: %s\n", w.Position, w.Reason)
	}
	// Output:
	// #1 → ada (fewest open)
	// #2 → bo (least recently assigned)
	// #3 → ada (only candidate)
	// #4 waits: 3 agents: 1 away, 2 at capacity
	// #5 waits: 3 agents: 1 away, 2 at capacity
}

// An offer that runs out: the agent is excluded for this item and the item
// keeps its original age, so it stays on the relaxation rung it reached.
func ExampleOffer_Expire() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	agents := []routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Capacity: map[ticket.Channel]int{ticket.ChannelChat: 3}},
		{ID: "bo", Presence: routing.PresenceOnline, Capacity: map[ticket.Channel]int{ticket.ChannelChat: 3}, LastAssigned: now.Add(-time.Minute)},
	}
	item := routing.Item{Channel: ticket.ChannelChat, EnqueuedAt: now.Add(-4 * time.Minute)}
	policy := routing.Policy{Strategy: routing.RoundRobin}

	d, _ := policy.Decide(item, agents, now)
	offer, _ := routing.NewOffer(item, d.Agent, now, 30*time.Second)
	fmt.Println("offered to", offer.Agent, "until", offer.ExpiresAt.Format("15:04:05"))

	later := now.Add(30 * time.Second)
	offer, item, _ = offer.Expire(later)
	fmt.Println("offer", offer.State, "- missed by:", item.Missed, "- waiting", item.Age(later))

	d, _ = policy.Decide(item, agents, later)
	fmt.Println(d)
	// Output:
	// offered to ada until 09:00:30
	// offer expired - missed by: [ada] - waiting 4m30s
	// assign to bo (round_robin, step 0: as required; only eligible agent; 2 agents: 1 eligible, 1 excluded)
}
