package sla_test

import (
	"fmt"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// Apply a policy: first reply within 2 business hours and resolution within
// 16 for normal tickets, on Oslo hours with Norwegian holidays.
func Example() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))
	policies := sla.Policies{{
		Name: "standard", Version: 1,
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour, Hours: desk},
			{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 16 * time.Hour, Hours: desk},
		},
	}}

	created := time.Date(2026, time.March, 31, 14, 30, 0, 0, oslo) // the Tuesday before Easter
	t, events, _ := ticket.Create(nil, uuid.UUID{15: 1}, created, ticket.Customer("ola"), ticket.Created{
		Subject: "Invoice shows the wrong amount", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal,
	})
	_, more, _ := t.Reply(created.Add(45*time.Minute), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "Looking into it."})
	events = append(events, more...)

	r, err := policies.Evaluate(events, time.Date(2026, time.April, 1, 9, 0, 0, 0, oslo))
	if err != nil {
		panic(err)
	}
	fmt.Println("policy:", r.Policy, r.Version)
	for _, in := range r.Instances {
		fmt.Printf("%s #%d %s breached=%v due %s elapsed %v (%s%%)\n", in.Metric.Name, in.Number, in.State,
			in.Breached, in.Due.Format(time.RFC3339), in.Elapsed, in.Percent)
	}
	fmt.Println("wake up at:", r.NextWakeUp.Format(time.RFC3339))
	// Output:
	// policy: standard 1
	// first_reply_time #1 fulfilled breached=false due 2026-04-01T08:30:00+02:00 elapsed 45m0s (37.5%)
	// total_resolution_time #1 active breached=false due 2026-04-07T14:30:00+02:00 elapsed 2h30m0s (15.63%)
	// wake up at: 2026-04-07T14:30:00+02:00
}

// Pause and resume: requester wait time does not count while the ticket is
// pending, and the timeline says why it is due when it is.
func Example_pauseAndResume() {
	policies := sla.Policies{{Name: "24/7", Version: 1, Targets: []sla.Target{
		{Metric: sla.RequesterWait(), Duration: 8 * time.Hour}, // nil Hours: calendar hours in UTC
	}}}
	at := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("ola")
	t, events, _ := ticket.Create(nil, uuid.UUID{15: 2}, at, customer, ticket.Created{
		Subject: "VPN drops", Channel: ticket.ChannelChat, Requester: ticket.Requester{CustomerID: "ola"},
	})
	step := func(next ticket.Ticket, more []ticket.Event, err error) {
		if err != nil {
			panic(err)
		}
		t, events = next, append(events, more...)
	}
	step(t.Reply(at.Add(time.Hour), agent, ticket.Message{Public: true, Body: "Which client version?"}))
	step(t.SetStatus(at.Add(time.Hour), agent, ticket.StatusPending))
	step(t.Reply(at.Add(5*time.Hour), customer, ticket.Message{Public: true, Body: "4.2"})) // back to open

	r, _ := policies.Evaluate(events, at.Add(6*time.Hour))
	in := r.Instances[0]
	fmt.Println(in.State, "elapsed", in.Elapsed, "due", in.Due.Format(time.RFC3339))
	for _, s := range in.Timeline {
		fmt.Printf("  %-6s from %s (event #%d)\n", s.State, s.From.Format("15:04"), s.Seq)
	}
	for _, e := range r.Events {
		what := e.Metric
		if e.Kind == sla.EventApplyPolicy {
			what = e.Policy
		}
		fmt.Println(" ", e.At.Format("15:04"), e.Kind, what)
	}
	// Output:
	// active elapsed 2h0m0s due 2026-06-01T21:00:00Z
	//   active from 09:00 (event #1)
	//   paused from 10:00 (event #4)
	//   active from 14:00 (event #6)
	//   09:00 apply_policy 24/7
	//   09:00 activate requester_wait_time
	//   10:00 pause requester_wait_time
	//   14:00 resume requester_wait_time
}

// A breach with warnings: levels at 50 % and 75 % of a 4-hour first-reply
// target, and the breach itself at the due instant, not when someone looked.
func Example_breachWithWarnings() {
	policies := sla.Policies{{Name: "urgent", Version: 2,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 4 * time.Hour}},
		Levels: []sla.Level{
			{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
			{Name: "warn", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "team_lead"}}},
		},
	}}
	at := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	_, events, _ := ticket.Create(nil, uuid.UUID{15: 3}, at, ticket.Customer("ola"), ticket.Created{
		Subject: "Site down", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"},
	})
	r, _ := policies.Evaluate(events, at.Add(5*time.Hour))
	in := r.Instances[0]
	for _, l := range in.Levels {
		fmt.Println(l.Level.Name, l.Reached, l.At.Format("15:04"))
	}
	fmt.Println("breached at", in.BreachedAt.Format("15:04"), "remaining", in.Remaining, in.Percent.String()+"%")
	// Output:
	// half true 11:00
	// warn true 12:00
	// breached at 13:00 remaining -1h0m0s 125%
}

// An escalation ladder with Due: a scheduler evaluates the ticket at each
// run and fires what became due since its previous run, passing that run's
// checkpoint. Its previous run was at 09:30; it was down since, so under
// CatchUpLatest only the latest missed level fires.
func ExampleResult_Due() {
	policies := sla.Policies{{Name: "ladder", Version: 7,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 2 * time.Hour}},
		Levels: []sla.Level{
			{Name: "warn", Offset: -30 * time.Minute, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
			{Name: "breach", Offset: 0, Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "tier-2"}}},
			{Name: "late", Offset: time.Hour, Actions: []sla.Action{
				{Kind: sla.ActionRaisePriority, Priority: ticket.PriorityUrgent}, {Kind: sla.ActionAddTag, Tag: "escalated"}}},
		},
	}}
	at := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	_, events, _ := ticket.Create(nil, uuid.UUID{15: 4}, at, ticket.Customer("ola"), ticket.Created{
		Subject: "Cannot log in", Channel: ticket.ChannelWeb, Requester: ticket.Requester{CustomerID: "ola"},
	})
	earlier, _ := policies.Evaluate(events, at.Add(30*time.Minute))
	prev := earlier.Checkpoint() // kept by the scheduler with what it fired

	r, _ := policies.Evaluate(events, at.Add(3*time.Hour+5*time.Minute))
	due, _ := r.Due(prev, sla.CatchUp{Mode: sla.CatchUpLatest})
	for _, f := range due {
		fmt.Println(f.At.Format("15:04"), f.Level, f.Skipped, f.Reason, f.Actions)
		fmt.Println("  key", f.Key)
	}
	fmt.Println("next wake-up:", r.NextWakeUp.IsZero())
	// Output:
	// 10:30 warn true superseded [notify assignee]
	//   key 00000000-0000-0000-0000-000000000004/ladder@7/first_reply_time/1/warn
	// 11:00 breach true superseded [reassign tier-2]
	//   key 00000000-0000-0000-0000-000000000004/ladder@7/first_reply_time/1/breach
	// 12:00 late false  [raise_priority urgent add_tag escalated]
	//   key 00000000-0000-0000-0000-000000000004/ladder@7/first_reply_time/1/late
	// next wake-up: true
}

// A level reached retroactively is due, late, at the next run: the ticket
// comes in at 09:00 without a priority, the scheduler runs at 10:15 when
// the customer writes (nothing is due), and at 10:30 an agent sets it
// urgent, whose one-hour first reply target was due at 10:00. The breach
// level lies before the previous run, yet it fires, marked late.
func ExampleResult_Due_retroactive() {
	policies := sla.Policies{{Name: "triage", Version: 1,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: time.Hour}},
		Levels: []sla.Level{
			{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "duty_manager"}}},
		},
	}}
	at := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	t, events, _ := ticket.Create(nil, uuid.UUID{15: 5}, at, ticket.Customer("ola"), ticket.Created{
		Subject: "Payments fail", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
	})
	t, more, _ := t.Reply(at.Add(75*time.Minute), ticket.Customer("ola"), ticket.Message{Public: true, Body: "Any news?"})
	events = append(events, more...)
	r, _ := policies.Evaluate(events, at.Add(75*time.Minute))
	due, _ := r.Due(sla.Checkpoint{}, sla.CatchUp{})
	fmt.Println("10:15:", len(due), "due")
	prev := r.Checkpoint()

	_, more, _ = t.SetPriority(at.Add(90*time.Minute), ticket.Agent("ingrid"), ticket.PriorityUrgent)
	events = append(events, more...)
	r, _ = policies.Evaluate(events, at.Add(90*time.Minute))
	due, _ = r.Due(prev, sla.CatchUp{})
	for _, f := range due {
		fmt.Println("10:30:", f.Level, "reached", f.At.Format("15:04"), "seen", f.Seen.Format("15:04"), "late:", f.LateReason, f.Actions)
	}
	// Output:
	// 10:15: 0 due
	// 10:30: breach reached 10:00 seen 10:30 late: retroactive [notify duty_manager]
}

// An Evaluator checks ticket after ticket under one policy set, as a
// scheduler's sweep does: the policies are validated once, and its memory
// is reused, so each Result is read (or cloned) before the next call.
func ExampleEvaluator() {
	ev, err := sla.NewEvaluator(sla.Policies{{Name: "24/7", Version: 2, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: time.Hour},
	}}})
	if err != nil {
		panic(err)
	}
	at := time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)
	now := at.Add(90 * time.Minute)
	var breached []sla.Result
	for i, replyAfter := range []time.Duration{20 * time.Minute, 0, 2 * time.Hour} {
		t, events, _ := ticket.Create(nil, uuid.UUID{15: byte(10 + i)}, at, ticket.Customer("ola"), ticket.Created{
			Subject: "Printer offline", Channel: ticket.ChannelWeb, Requester: ticket.Requester{CustomerID: "ola"},
		})
		if replyAfter > 0 {
			_, more, _ := t.Reply(at.Add(replyAfter), ticket.Agent("ingrid"), ticket.Message{Public: true, Body: "On it."})
			events = append(events, more...)
		}
		r, err := ev.Evaluate(events, now)
		if err != nil {
			panic(err)
		}
		in := r.Instances[0]
		fmt.Printf("ticket %d: %s breached=%v\n", i+1, in.State, in.Breached)
		if in.Breached {
			breached = append(breached, r.Clone()) // kept beyond the next Evaluate
		}
	}
	for _, r := range breached {
		fmt.Println("breached at", r.Instances[0].BreachedAt.Format("15:04"), "ticket", r.TicketID.String()[34:])
	}
	// Output:
	// ticket 1: fulfilled breached=false
	// ticket 2: active breached=true
	// ticket 3: active breached=true
	// breached at 10:00 ticket 0b
	// breached at 10:00 ticket 0c
}
