package routing_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
)

// A roster compiled once routes item after item: each Apply returns the
// next roster, and round robin rotates through agents given work at the
// same instant, exactly as one Assign pass would.
func ExampleRoster() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	capacity := map[ticket.Channel]int{ticket.ChannelEmail: 10, ticket.ChannelChat: 3}
	roster, err := routing.NewRoster([]routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Capacity: capacity},
		{ID: "bo", Presence: routing.PresenceOnline, Capacity: capacity, Load: map[ticket.Channel]int{ticket.ChannelChat: 2}},
	})
	if err != nil {
		panic(err)
	}
	policy := routing.Policy{Strategy: routing.RoundRobin}
	for i := range 4 {
		item := routing.Item{Ticket: uuid.UUID{15: byte(i + 1)}, Channel: ticket.ChannelEmail, EnqueuedAt: now}
		d, err := roster.Decide(policy, item, now)
		if err != nil {
			panic(err)
		}
		if roster, err = roster.Apply(d, now); err != nil {
			panic(err)
		}
		fmt.Printf("email %d → %s (%s)\n", i+1, d.Agent, d.DecidedBy.Label())
	}
	for _, a := range roster.Agents() {
		fmt.Printf("%s: %d emails, turn %d\n", a.ID, a.Load[ticket.ChannelEmail], a.Turn)
	}
	// Output:
	// email 1 → ada (fewest open)
	// email 2 → bo (least recently assigned)
	// email 3 → ada (least recently assigned)
	// email 4 → bo (least recently assigned)
	// ada: 2 emails, turn 3
	// bo: 2 emails, turn 4
}

// Universal capacity with channel weights: of 30 units a call takes all,
// a chat 10 and an email 3, so an agent on a call gets no chat, and one
// with two chats and three emails has 1 unit left.
func ExamplePolicy_Weights() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	capacity := map[ticket.Channel]int{ticket.ChannelPhone: 1, ticket.ChannelChat: 3, ticket.ChannelEmail: 10}
	agents := []routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Total: 30, Capacity: capacity, Load: map[ticket.Channel]int{ticket.ChannelPhone: 1}},
		{ID: "bo", Presence: routing.PresenceOnline, Total: 30, Capacity: capacity, Load: map[ticket.Channel]int{ticket.ChannelChat: 2, ticket.ChannelEmail: 3}},
		{ID: "cy", Presence: routing.PresenceOnline, Total: 30, Capacity: capacity, Load: map[ticket.Channel]int{ticket.ChannelEmail: 6}},
	}
	policy := routing.Policy{Weights: map[ticket.Channel]int{ticket.ChannelPhone: 30, ticket.ChannelChat: 10, ticket.ChannelEmail: 3}}
	d, err := policy.Decide(routing.Item{Channel: ticket.ChannelChat, EnqueuedAt: now}, agents, now)
	if err != nil {
		panic(err)
	}
	for _, c := range d.Candidates() {
		fmt.Printf("%-3s %s\n", c.Agent, c.Reason())
	}
	fmt.Println(d)
	// Output:
	// ada at total capacity 30/30 units
	// bo  at total capacity 29/30 units
	// cy  eligible
	// assign to cy (least_loaded, step 0: as required; only eligible agent; 3 agents: 1 eligible, 2 at total capacity)
}

// Sticky routing: a reopened ticket goes back to the agent who handled it
// within the window, even though another agent is less loaded; outside the
// window, or when that agent cannot take it, it is routed normally and the
// decision says why.
func ExamplePolicy_StickyWindow() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	email := map[ticket.Channel]int{ticket.ChannelEmail: 10}
	agents := []routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Capacity: email},
		{ID: "bo", Presence: routing.PresenceOnline, Capacity: email, Load: map[ticket.Channel]int{ticket.ChannelEmail: 7}},
	}
	policy := routing.Policy{StickyWindow: 72 * time.Hour}
	for _, handled := range []time.Duration{20 * time.Hour, 100 * time.Hour} {
		item := routing.Item{
			Channel: ticket.ChannelEmail, EnqueuedAt: now,
			Previous: routing.Previous{Agent: "bo", At: now.Add(-handled), Of: routing.AffinityTicket},
		}
		d, err := policy.Decide(item, agents, now)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: previous agent %s\n", d.Agent, d.Previous)
	}
	// Output:
	// bo: previous agent bo (ticket, 20h0m0s ago) chosen
	// ada: previous agent bo (ticket, 100h0m0s ago) outside the 72h0m0s window, routed normally
}

// Overflow: while the billing team is full, a billing item waits; after two
// minutes the ladder opens the accounts team (the next bullseye ring), and
// the decision names the group that let the agent in.
func ExampleStep_Groups() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	email := map[ticket.Channel]int{ticket.ChannelEmail: 2}
	agents := []routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Groups: []string{"billing"}, Capacity: email, Load: map[ticket.Channel]int{ticket.ChannelEmail: 2}},
		{ID: "bo", Presence: routing.PresenceOnline, Groups: []string{"accounts"}, Capacity: email},
	}
	policy := routing.Policy{Ladder: routing.Ladder{Steps: []routing.Step{{After: 2 * time.Minute, Groups: []string{"accounts"}}}}}
	item := routing.Item{Channel: ticket.ChannelEmail, Group: "billing", EnqueuedAt: now.Add(-time.Minute)}
	for _, at := range []time.Time{now, now.Add(time.Minute)} {
		d, err := policy.Decide(item, agents, at)
		if err != nil {
			panic(err)
		}
		if !d.Assigned() {
			fmt.Println(d)
			continue
		}
		fmt.Printf("%s via %s (%s)\n", d.Agent, d.Candidate(d.Chosen).Group, d.RungName)
	}
	// Output:
	// no agent (step 0: as required; 2 agents: 1 not in group, 1 at capacity)
	// bo via accounts (step 1: also group accounts, after 2m0s)
}

// An offer holds the agent's capacity while pending; when it times out the
// agent is set away (as ServiceNow AWA can do) and the item, which keeps
// its age, goes to someone else.
func ExampleRoster_Offer() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	chat := map[ticket.Channel]int{ticket.ChannelChat: 1}
	roster, err := routing.NewRoster([]routing.Agent{
		{ID: "ada", Presence: routing.PresenceOnline, Capacity: chat},
		{ID: "bo", Presence: routing.PresenceOnline, Capacity: chat, LastAssigned: now.Add(-time.Minute)},
	})
	if err != nil {
		panic(err)
	}
	policy := routing.Policy{Strategy: routing.RoundRobin, Offers: routing.OfferRules{Timeout: 30 * time.Second, MissedPresence: routing.PresenceAway}}
	item := routing.Item{Channel: ticket.ChannelChat, EnqueuedAt: now.Add(-time.Minute)}

	d, _ := roster.Decide(policy, item, now)
	roster, offer, err := roster.Offer(d, now)
	if err != nil {
		panic(err)
	}
	fmt.Println("offered to", offer.Agent, "until", offer.ExpiresAt.Format("15:04:05"))
	d2, _ := roster.Decide(policy, routing.Item{Channel: ticket.ChannelChat, EnqueuedAt: now}, now)
	fmt.Println("meanwhile:", d2.Candidate(0).Reason())

	later := now.Add(30 * time.Second)
	roster, _, item, err = roster.Expire(offer, later, policy.Offers)
	if err != nil {
		panic(err)
	}
	d, _ = roster.Decide(policy, item, later)
	fmt.Println(d.Agent, "-", d.Summary(), "- waiting", item.Age(later))
	// Output:
	// offered to ada until 09:00:30
	// meanwhile: at capacity 0+1 offered/1 chat
	// bo - 2 agents: 1 eligible, 1 away - waiting 1m30s
}
