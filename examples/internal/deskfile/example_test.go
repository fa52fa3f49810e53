package deskfile_test

import (
	"fmt"

	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/ticket/document"
)

// A desk file's calendars are built first; the other sections refer to
// them by name. A broken file is refused with every problem of every
// section at its path.
func ExampleLoad() {
	desk, err := deskfile.Load([]byte(`{
	  "calendars": {
	    "oslo": {"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00", "holidays": "NO"},
	    "24/7": {"zone": "Europe/Oslo", "week": "mon-sun 00:00-24:00"}
	  },
	  "sla": {"policies": [{"name": "standard", "targets": [
	    {"metric": "first_reply_time", "duration": "4h", "hours": "oslo"},
	    {"metric": "total_resolution_time", "duration": "72h", "hours": "24/7"}
	  ]}]},
	  "followup": {"hours": "oslo", "rules": [{"name": "pending", "nudges": [
	    {"after": {"duration": "16h", "business": true}, "template": "bump"},
	    {"after": {"duration": "32h", "business": true}, "action": "solve"}
	  ]}]},
	  "routing": {"policy": {"strategy": "round_robin", "sticky_window": "72h"}},
	  "metrics": {"zone": "Europe/Oslo", "calendar": "oslo", "csat_exclude": ["delivery"], "sla": true}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(desk.SLA[0].Targets[0].Hours == desk.Calendars["oslo"], desk.Planner.Rules()[0].Nudges[1].After,
		desk.Routing.Policy.StickyWindow, desk.Metrics.Location, desk.Metrics.Calendar == desk.Calendars["oslo"])

	_, err = deskfile.Load([]byte(`{
	  "calendars": {"oslo": {"zone": "Europe/Olso", "week": "mon-fri 08:00-16:00"}},
	  "sla": {"policies": [{"name": "standard", "targets": [{"metric": "first_reply_time", "duration": 14400, "hours": "oslo"}]}]},
	  "routing": {"policy": {"Strategy": "round_robin"}}
	}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// true 32h0m0s business 72h0m0s Europe/Oslo true
	// calendar: invalid config: calendars.oslo.zone: calendar: unknown zone: "Europe/Olso" (want an IANA name such as "Europe/Oslo")
	// sla: invalid policy: sla.policies[0].targets[0].duration: document: wrong type: a number, want a duration as text, such as "90m" or "2h30m"
	// routing: invalid configuration: routing.policy.Strategy: document: unknown key: "Strategy" (keys are lower case with underscores: did you mean "strategy"?)
}
