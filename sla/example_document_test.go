package sla_test

import (
	"fmt"
	"os"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Policies read from their document, with the calendar a target counts in
// named: the desk's calendars are built first, then the policies resolve
// the names.
func ExampleDecodeConfig() {
	desk := calendar.Config{Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-fri 08:00-16:00"), Holidays: "NO"}
	oslo, err := desk.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	calendars := map[string]*calendar.Calendar{"oslo-desk": oslo}

	c, err := sla.DecodeConfig([]byte(`{
	  "policies": [
	    {
	      "name": "standard",
	      "targets": [
	        {"metric": "first_reply_time", "priority": "high", "duration": "2h", "hours": "oslo-desk"},
	        {"metric": "total_resolution_time", "duration": "72h"}
	      ],
	      "levels": [{"name": "warning", "percent": 75, "actions": [{"kind": "notify", "who": "assignee"}]}]
	    }
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	policies, err := c.Build(calendars)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range policies[0].Targets {
		fmt.Println(t.Metric.Name, t.Priority, t.Duration, t.Hours == oslo)
	}

	_, err = sla.DecodeConfig([]byte(`{"policies": [{"name": "standard", "targets": [
	  {"metric": "first_reply", "duration": "2h"},
	  {"metric": "next_reply_time", "duration": 7200}
	]}]}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// first_reply_time high 2h0m0s true
	// total_resolution_time  72h0m0s false
	// sla: invalid policy: policies[0].targets[1].duration: document: wrong type: a number, want a duration as text, such as "90m" or "2h30m"
	// sla: invalid policy: policies[0].targets[0].metric: document: unknown name: metric "first_reply" is neither a preset (first_reply_time, next_reply_time, periodic_update_time, pausable_update_time, requester_wait_time, agent_work_time, total_resolution_time, first_resolution_time) nor in "metrics"
}

// Zendesk's SLA policies, as its API lists them, become an SLA document:
// business-hours targets count in the desk calendar named for them.
func ExampleDecodeZendesk() {
	data, err := os.ReadFile("testdata/zendesk/sla_policies.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := sla.DecodeZendesk(data, sla.ZendeskOptions{BusinessHours: "oslo-desk", TierField: "tier",
		Groups: map[string]string{"360001": "tier-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range c.Policies {
		fmt.Printf("%s %+v\n", p.Name, p.Match)
		for _, t := range p.Targets {
			fmt.Printf("  %s %s %v %q\n", t.Priority, t.Metric, t.Duration, t.Hours)
		}
	}
	// Output:
	// Silver Plan {Priorities:[urgent high] Groups:[tier-1] Channels:[] TagsAny:[] TagsAll:[] TagsNone:[spam test] Tiers:[vip] Categories:[] Organizations:[3001] Func:<nil>}
	//   urgent first_reply_time 30m0s "oslo-desk"
	//   urgent next_reply_time 1h0m0s "oslo-desk"
	//   urgent agent_work_time 8h0m0s "oslo-desk"
	//   high first_reply_time 2h0m0s "oslo-desk"
	//   high requester_wait_time 16h0m0s ""
	// Incidents by email {Priorities:[] Groups:[] Channels:[email] TagsAny:[] TagsAll:[] TagsNone:[] Tiers:[] Categories:[incident] Organizations:[] Func:<nil>}
	//   urgent first_reply_time 10m0s ""
	//   low first_reply_time 1h0m0s ""
	// Everything else {Priorities:[normal high urgent] Groups:[] Channels:[] TagsAny:[billing refund] TagsAll:[] TagsNone:[] Tiers:[] Categories:[] Organizations:[] Func:<nil>}
	//   normal periodic_update_time 24h0m0s "oslo-desk"
	//   normal pausable_update_time 48h0m0s "oslo-desk"
	//   high total_resolution_time 72h0m0s ""
}
