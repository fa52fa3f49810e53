package followup_test

import (
	"fmt"
	"time"

	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

// The users' own example: during an outage, post "troubleshooting in
// progress, no estimate yet" at 18:15, again at 18:25, and less often as it
// drags on. The desk posts each update when the plan says one is due.
func Example_outage() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	rules := followup.Rules{{
		Name:  "outage",
		Match: followup.Match{TagsAny: []string{"outage"}},
		Cadence: &followup.Cadence{
			Stages: []followup.Stage{
				{Every: 10 * time.Minute, For: time.Hour},
				{Every: 30 * time.Minute, For: 3 * time.Hour},
				{Every: 2 * time.Hour},
			},
			ResetOn:  followup.ResetOn{Tags: []string{"identified", "monitoring"}},
			Template: "outage-status",
		},
	}}
	planner, err := followup.NewPlanner(rules, nil)
	if err != nil {
		panic(err)
	}

	start := time.Date(2026, time.June, 9, 18, 5, 0, 0, oslo)
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000010"), start,
		ticket.Agent("ingrid"), ticket.Created{
			Subject: "Payments down", Channel: ticket.ChannelPhone, Priority: ticket.PriorityUrgent,
			Requester: ticket.Requester{CustomerID: "nettbutikk"}, Tags: []string{"outage"},
		})
	plan, _ := planner.Plan(history, start)
	fmt.Println("rule:", plan.Rule, "– next update:", plan.Updates.Next.Format("15:04"))
	for range 13 {
		now := plan.NextWakeUp // the scheduler sleeps until then
		plan, _ = planner.Plan(history, now)
		for _, due := range plan.Due { // post the promised update
			var ev []ticket.Event
			tk, ev, _ = tk.Reply(now, ticket.Agent("ingrid"), ticket.Message{
				Public: true, Body: now.Format("15:04") + " – troubleshooting in progress, no estimate yet",
			})
			history = append(history, ev...)
			plan, _ = planner.Plan(history, now)
			fmt.Printf("%s stage %d posted – next update: %s\n", due.At.Format(time.RFC3339), due.Stage, plan.Updates.Next.Format("15:04"))
		}
	}
	// Output:
	// rule: outage – next update: 18:15
	// 2026-06-09T18:15:00+02:00 stage 0 posted – next update: 18:25
	// 2026-06-09T18:25:00+02:00 stage 0 posted – next update: 18:35
	// 2026-06-09T18:35:00+02:00 stage 0 posted – next update: 18:45
	// 2026-06-09T18:45:00+02:00 stage 0 posted – next update: 18:55
	// 2026-06-09T18:55:00+02:00 stage 0 posted – next update: 19:05
	// 2026-06-09T19:05:00+02:00 stage 0 posted – next update: 19:35
	// 2026-06-09T19:35:00+02:00 stage 1 posted – next update: 20:05
	// 2026-06-09T20:05:00+02:00 stage 1 posted – next update: 20:35
	// 2026-06-09T20:35:00+02:00 stage 1 posted – next update: 21:05
	// 2026-06-09T21:05:00+02:00 stage 1 posted – next update: 21:35
	// 2026-06-09T21:35:00+02:00 stage 1 posted – next update: 22:05
	// 2026-06-09T22:05:00+02:00 stage 1 posted – next update: 00:05
	// 2026-06-10T00:05:00+02:00 stage 2 posted – next update: 02:05
}
