package followup_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
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
	// 2026-06-09T18:15:00+02:00 stage 1 posted – next update: 18:25
	// 2026-06-09T18:25:00+02:00 stage 1 posted – next update: 18:35
	// 2026-06-09T18:35:00+02:00 stage 1 posted – next update: 18:45
	// 2026-06-09T18:45:00+02:00 stage 1 posted – next update: 18:55
	// 2026-06-09T18:55:00+02:00 stage 1 posted – next update: 19:05
	// 2026-06-09T19:05:00+02:00 stage 1 posted – next update: 19:35
	// 2026-06-09T19:35:00+02:00 stage 2 posted – next update: 20:05
	// 2026-06-09T20:05:00+02:00 stage 2 posted – next update: 20:35
	// 2026-06-09T20:35:00+02:00 stage 2 posted – next update: 21:05
	// 2026-06-09T21:05:00+02:00 stage 2 posted – next update: 21:35
	// 2026-06-09T21:35:00+02:00 stage 2 posted – next update: 22:05
	// 2026-06-09T22:05:00+02:00 stage 2 posted – next update: 00:05
	// 2026-06-10T00:05:00+02:00 stage 3 posted – next update: 02:05
}

// deskCalendar is an Oslo desk open weekdays 08:00–16:00, closed on
// Norwegian holidays.
func deskCalendar() *calendar.Calendar {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...),
		calendar.WithYears(2026, 2027))
	if err != nil {
		panic(err)
	}
	return desk
}

// show applies a command's result to a history.
func show(tk *ticket.Ticket, history *[]ticket.Event) func(ticket.Ticket, []ticket.Event, error) {
	return func(t ticket.Ticket, ev []ticket.Event, err error) {
		if err != nil {
			panic(err)
		}
		*tk = t
		*history = append(*history, ev...)
	}
}

// Bump-bump-solve in business days: a reminder after 1 and 2 business days
// in pending and a solve after 3, on a desk open 08–16, across Ascension
// Day 2026 (Thursday 14 May) and a weekend.
func Example_nudges() {
	rules := followup.Rules{{
		Name: "waiting-on-customer",
		Nudges: []followup.Nudge{
			{After: followup.Business(8 * time.Hour), Template: "bump-1"},
			{After: followup.Business(16 * time.Hour), Template: "bump-2"},
			{After: followup.Business(24 * time.Hour), Action: followup.ActionSolve, Template: "solved-no-reply"},
		},
	}}
	planner, err := followup.NewPlanner(rules, deskCalendar())
	if err != nil {
		panic(err)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(day, hour int) time.Time { return time.Date(2026, time.May, day, hour, 0, 0, 0, oslo) }
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000011"), at(12, 9),
		ticket.Customer("ola"), ticket.Created{Subject: "Invoice copy", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.Reply(at(12, 9), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Which invoice?"}))
	do(tk.SetStatus(at(12, 10), ticket.Agent("ingrid"), ticket.StatusPending))

	plan, _ := planner.Plan(history, at(12, 10))
	for _, it := range plan.Pending {
		fmt.Println(it.At.Format(time.RFC3339), it.Kind, it.Template)
	}
	do(tk.Reply(at(16, 12), ticket.Customer("ola"), ticket.Message{Public: true, Body: "Number 1042"}))
	plan, _ = planner.Plan(history, at(18, 12))
	for _, c := range plan.Cancelled {
		fmt.Println(c)
	}
	// Output:
	// 2026-05-13T10:00:00+02:00 nudge bump-1
	// 2026-05-15T10:00:00+02:00 nudge bump-2
	// 2026-05-18T10:00:00+02:00 auto_solve solved-no-reply
	// auto_solve at 2026-05-18T10:00:00+02:00 cancelled by event #5 (message): customer_reply
}

// A desk whose calendar covers 2026–2027 puts a ticket in pending on 20
// December 2027 under "remind after 1 business day, solve after 10": the
// solve lies past the calendar's years. The plan does not fail and the
// solve is never due: it is listed as out of range, the wake-up is the
// reminder's, and the customer's reply still cancels it.
func Example_outOfRange() {
	rules := followup.Rules{{
		Name: "waiting-on-customer",
		Nudges: []followup.Nudge{
			{After: followup.Business(8 * time.Hour), Template: "bump-1"},
			{After: followup.Business(80 * time.Hour), Action: followup.ActionSolve, Template: "solved-no-reply"},
		},
	}}
	planner, err := followup.NewPlanner(rules, deskCalendar())
	if err != nil {
		panic(err)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(day, hour int) time.Time { return time.Date(2027, time.December, day, hour, 0, 0, 0, oslo) }
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000019"), at(20, 9),
		ticket.Customer("ola"), ticket.Created{Subject: "Invoice copy", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.Reply(at(20, 9), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Which invoice?"}))
	do(tk.SetStatus(at(20, 10), ticket.Agent("ingrid"), ticket.StatusPending))

	plan, err := planner.Plan(history, at(20, 10))
	fmt.Println("error:", err)
	fmt.Println("pending:", plan.Pending[0].At.Format(time.RFC3339), plan.Pending[0].Kind)
	fmt.Println(plan.OutOfRange[0])
	fmt.Println("wake up:", plan.NextWakeUp.Format(time.RFC3339))
	plan, _ = planner.Plan(history, time.Date(2028, time.January, 10, 9, 0, 0, 0, oslo))
	fmt.Println("due in January:", len(plan.Due), plan.Due[0].Kind, "- out of range:", len(plan.OutOfRange))
	do(tk.Reply(at(29, 12), ticket.Customer("ola"), ticket.Message{Public: true, Body: "Number 1042"}))
	plan, _ = planner.Plan(history, at(29, 12))
	fmt.Println(plan.Cancelled[0])
	// Output:
	// error: <nil>
	// pending: 2027-12-21T10:00:00+01:00 nudge
	// auto_solve beyond the business hours' range (counted to 2028-01-01T00:00:00+01:00): step 2 after the ticket went pending at event #4, rule "waiting-on-customer", for ola
	// wake up: 2027-12-21T10:00:00+01:00
	// due in January: 1 nudge - out of range: 1
	// auto_solve beyond the business hours' range (counted to 2028-01-01T00:00:00+01:00) cancelled by event #5 (message): customer_reply
}

// An update posted a minute early keeps the promise: on a grid from 18:05
// every 10 minutes, the update at 18:14 keeps 18:15 and the next is due at
// 18:25.
func Example_earlyUpdate() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(hour, min int) time.Time { return time.Date(2026, time.June, 9, hour, min, 0, 0, oslo) }
	rules := followup.Rules{{Name: "outage", Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 10 * time.Minute}}}}}
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000016"), at(18, 5),
		ticket.Customer("ola"), ticket.Created{Subject: "Payments down", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.Reply(at(18, 14), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Troubleshooting in progress"}))

	plan, _ := followup.Evaluate(rules, history, nil, at(18, 15))
	fmt.Println("due:", ats(plan.Due), "next update:", plan.Updates.Next.Format("15:04"), "overdue:", plan.Updates.Overdue)
	// Output:
	// due: [] next update: 18:25 overdue: false
}

// "Remind after 1 business day, auto-solve after 7 calendar days": each
// nudge step counts on its own clock. Pending on the Wednesday before
// Ascension Day 2026, the reminder skips the holiday; the solve does not.
func Example_mixedClocks() {
	rules := followup.Rules{{
		Name: "waiting-on-customer",
		Nudges: []followup.Nudge{
			{After: followup.Business(8 * time.Hour), Template: "bump"},
			{After: followup.Wall(7 * 24 * time.Hour), Action: followup.ActionSolve},
		},
	}}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(day, hour int) time.Time { return time.Date(2026, time.May, day, hour, 0, 0, 0, oslo) }
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000017"), at(13, 9),
		ticket.Customer("ola"), ticket.Created{Subject: "Invoice copy", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.ReplyWithStatus(at(13, 10), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Which invoice?"}, ticket.StatusPending))

	plan, err := followup.Evaluate(rules, history, deskCalendar(), at(13, 10))
	if err != nil {
		panic(err)
	}
	fmt.Println(ats(plan.Pending))
	// Output:
	// [nudge@2026-05-15T10:00:00+02:00 auto_solve@2026-05-20T10:00:00+02:00]
}

// A snooze until Monday morning, woken early by the customer's reply on
// Saturday; with KeepSnoozeOnReply it would sleep on until Monday.
func Example_snooze() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(day, hour int) time.Time { return time.Date(2026, time.October, day, hour, 0, 0, 0, oslo) }
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000012"), at(23, 9),
		ticket.Customer("ola"), ticket.Created{Subject: "Router", Channel: ticket.ChannelChat, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.Reply(at(23, 9), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Restart it over the weekend"}))
	do(tk.Snooze(at(23, 10), ticket.Agent("ingrid"), at(26, 9))) // Monday, after the clocks went back
	do(tk.Reply(at(24, 11), ticket.Customer("ola"), ticket.Message{Public: true, Body: "Still broken"}))

	for _, keep := range []bool{false, true} {
		rules := followup.Rules{{Name: "chat", KeepSnoozeOnReply: keep}}
		plan, _ := followup.Evaluate(rules, history, nil, at(24, 11))
		fmt.Printf("keep=%t due=%v pending=%v\n", keep, ats(plan.Due), ats(plan.Pending))
	}
	// Output:
	// keep=false due=[wake_up@2026-10-24T11:00:00+02:00] pending=[]
	// keep=true due=[] pending=[wake_up@2026-10-26T09:00:00+01:00]
}

// A rare case type gets a personal follow-up flag: the assignee must get
// back within 2 business days, reminded 4 business hours before and at the
// due time.
func Example_personal() {
	rules := followup.Rules{{
		Name:      "export-licence",
		Match:     followup.Match{Categories: []string{"export-licence"}},
		Personal:  &followup.Personal{After: followup.Business(16 * time.Hour)},
		Reminders: []followup.Offset{followup.Business(4 * time.Hour)},
	}}
	planner, err := followup.NewPlanner(rules, deskCalendar())
	if err != nil {
		panic(err)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	created := time.Date(2026, time.May, 29, 14, 0, 0, 0, oslo) // a Friday
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000013"), created,
		ticket.Customer("ola"), ticket.Created{Subject: "Licence for a shipment to Japan", Channel: ticket.ChannelWeb,
			Requester: ticket.Requester{CustomerID: "ola"}, Category: "export-licence"})
	do := show(&tk, &history)
	do(tk.Assign(created.Add(5*time.Minute), ticket.Agent("lead"), "kari", "trade"))

	plan, _ := planner.Plan(history, created.Add(5*time.Minute))
	fmt.Println(plan.Why())
	for _, it := range plan.Pending {
		fmt.Println(it)
	}
	// Output:
	// rule "export-licence" (#0): category in [export-licence]
	// reminder at 2026-06-02T10:00:00+02:00: personal follow-up flag raised at event #1, reminder 1, rule "export-licence", owner kari, for ola
	// reminder at 2026-06-02T14:00:00+02:00: personal follow-up flag raised at event #1, at the due time, rule "export-licence", owner kari, for ola
}

// "Call Ola back on Friday at 10:00": a follow-up date set by an agent,
// reminded the day before, survives the solve (the rule does not clear it).
func Example_followUpDate() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(day, hour int) time.Time { return time.Date(2026, time.May, day, hour, 0, 0, 0, oslo) }
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000014"), at(4, 9),
		ticket.Customer("ola"), ticket.Created{Subject: "Contract", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	do := show(&tk, &history)
	do(tk.SetFollowUp(at(4, 9), ticket.Agent("ingrid"), ticket.FollowUpSet{Due: at(8, 10), Owner: "ingrid", Note: "call Ola back"}))
	do(tk.SetStatus(at(4, 10), ticket.Agent("ingrid"), ticket.StatusSolved))

	rules := followup.Rules{{Name: "all", Reminders: []followup.Offset{followup.Wall(24 * time.Hour)}}}
	plan, _ := followup.Evaluate(rules, history, nil, at(7, 12))
	for _, it := range plan.Due {
		fmt.Println("due:", it.At.Format(time.RFC3339), it.Owner, it.Note)
	}
	for _, it := range plan.Pending {
		fmt.Println("pending:", it.At.Format(time.RFC3339), it.Owner, it.Note)
	}
	fmt.Println("wake up at:", plan.NextWakeUp.Format(time.RFC3339))
	// Output:
	// due: 2026-05-07T10:00:00+02:00 ingrid call Ola back
	// pending: 2026-05-08T10:00:00+02:00 ingrid call Ola back
	// wake up at: 2026-05-08T10:00:00+02:00
}

// The scheduler was down from 18:20 to 21:20 during an outage whose last
// update was at 18:15. Under CatchUpLatest only the latest missed promise
// is due; the eight before it are listed as skipped.
func Example_catchUp() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := func(hour, min int) time.Time { return time.Date(2026, time.June, 9, hour, min, 0, 0, oslo) }
	rules := followup.Rules{{
		Name:  "outage",
		Match: followup.Match{TagsAny: []string{"outage"}},
		Cadence: &followup.Cadence{Stages: []followup.Stage{
			{Every: 10 * time.Minute, For: time.Hour}, {Every: 30 * time.Minute, For: 3 * time.Hour}, {Every: 2 * time.Hour},
		}},
		CatchUp: followup.CatchUp{Mode: followup.CatchUpLatest},
	}}
	tk, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000015"), at(18, 5),
		ticket.Agent("ingrid"), ticket.Created{Subject: "Payments down", Channel: ticket.ChannelPhone,
			Requester: ticket.Requester{CustomerID: "nettbutikk"}, Tags: []string{"outage"}})
	do := show(&tk, &history)
	do(tk.Reply(at(18, 15), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Troubleshooting"}))

	plan, _ := followup.Evaluate(rules, history, nil, at(21, 20))
	fmt.Println("overdue since:", plan.Updates.Next.Format("15:04"))
	for _, it := range plan.Due {
		fmt.Println("due:", it.At.Format(time.RFC3339))
	}
	for _, s := range plan.Skipped {
		fmt.Println(s)
	}
	fmt.Println("wake up at:", plan.NextWakeUp.Format(time.RFC3339))
	// Output:
	// overdue since: 18:25
	// due: 2026-06-09T21:05:00+02:00
	// 8 × status_update from 2026-06-09T18:25:00+02:00 to 2026-06-09T20:35:00+02:00 skipped: superseded
	// wake up at: 2026-06-09T21:35:00+02:00
}

// Validate reports every problem of a table at once.
func ExampleRules_Validate() {
	rules := followup.Rules{
		{Name: "outage", Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 0}}}},
		{Name: "outage", Nudges: []followup.Nudge{{After: followup.Wall(time.Hour), Action: followup.ActionSolve}, {After: followup.Wall(time.Minute)}}},
	}
	err := rules.Validate()
	fmt.Println(errors.Is(err, followup.ErrInvalidRules))
	fmt.Println(err)
	// Output:
	// true
	// followup: rule #0 "outage": Cadence.Stages[0].Every must be positive, is 0s
	// followup: rule #1 "outage": Name is used by an earlier rule
	// followup: rule #1 "outage": Nudges[1].After must come after Nudges[0]'s 1h0m0s, is 1m0s
	// followup: rule #1 "outage": Nudges[1] follows a solve step
}

// Uncovered lists the case types seen in tickets that no rule with a
// follow-up mode covers.
func ExampleRules_Uncovered() {
	rules := followup.Rules{
		{Name: "billing", Match: followup.Match{Categories: []string{"billing"}}, Personal: &followup.Personal{After: followup.Wall(48 * time.Hour)}},
		{Name: "urgent", Match: followup.Match{Priorities: []ticket.Priority{ticket.PriorityUrgent}},
			Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: time.Hour}}}},
	}
	types := []followup.CaseType{
		{Category: "billing", Channel: ticket.ChannelEmail, Priority: ticket.PriorityNormal},
		{Category: "login", Channel: ticket.ChannelChat, Priority: ticket.PriorityUrgent},
		{Category: "login", Channel: ticket.ChannelEmail, Priority: ticket.PriorityLow},
	}
	for _, ct := range rules.Uncovered(types) {
		fmt.Println(ct)
	}
	// Output:
	// login/email/low
}

// ats returns kind@instant for items.
func ats(items []followup.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(it.Kind) + "@" + it.At.Format(time.RFC3339)
	}
	return out
}

// A rule table can live in a configuration file: every field has a JSON
// form, durations in nanoseconds, and NewPlanner validates it.
func ExampleNewPlanner_fromJSON() {
	config := `[
	  {"name": "vip-chat", "match": {"channels": ["chat"], "tiers": ["vip"]},
	   "cadence": {"stages": [{"every_ns": 900000000000}], "from": "last_update", "reset_on": {"status": true}},
	   "catch_up": {"mode": "grace", "grace_ns": 600000000000}},
	  {"name": "everything-else", "match": {},
	   "nudges": [{"after": {"duration_ns": 86400000000000}}, {"after": {"duration_ns": 172800000000000}, "action": "solve"}],
	   "catch_up": {"mode": "latest"}}
	]`
	var rules followup.Rules
	if err := json.Unmarshal([]byte(config), &rules); err != nil {
		panic(err)
	}
	planner, err := followup.NewPlanner(rules, nil)
	fmt.Println(err, len(planner.Rules()), rules[0].Cadence.Stages[0].Every, rules[1].Nudges[1].Action)
	// Output:
	// <nil> 2 15m0s solve
}

// A wake-up worker re-plans a ticket at each of its wake-ups with one
// Sweeper, which reuses its memory from plan to plan: act on each due key
// once, then sleep until NextWakeUp.
func ExamplePlanner_Sweeper() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	rules := followup.Rules{{Name: "outage", Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 10 * time.Minute, For: 20 * time.Minute}, {Every: 30 * time.Minute}}}}}
	planner, err := followup.NewPlanner(rules, nil)
	if err != nil {
		panic(err)
	}
	start := time.Date(2026, time.June, 9, 18, 5, 0, 0, oslo)
	_, history, _ := ticket.Create(nil, uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000018"), start,
		ticket.Customer("ola"), ticket.Created{Subject: "Payments down", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})

	sweeper := planner.Sweeper() // one per goroutine
	acted := map[string]bool{}
	for now := start; now.Before(start.Add(90 * time.Minute)); {
		plan, err := sweeper.Plan(history, now)
		if err != nil {
			panic(err)
		}
		for _, it := range plan.Due {
			if !acted[it.Key] { // the plan's lists are reused by the next call; the key is kept
				acted[it.Key] = true
				fmt.Println(now.Format("15:04"), it.Kind, "stage", it.Stage, "promise", it.Step)
			}
		}
		now = plan.NextWakeUp
	}
	// Output:
	// 18:15 status_update stage 1 promise 1
	// 18:25 status_update stage 1 promise 2
	// 18:55 status_update stage 2 promise 3
	// 19:25 status_update stage 2 promise 4
}
