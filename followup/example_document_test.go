package followup_test

import (
	"fmt"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Follow-up rules read from their document; offsets say when they count
// business time, on the calendar the document names.
func ExampleDecodeConfig() {
	c, err := followup.DecodeConfig([]byte(`{
	  "hours": "oslo-desk",
	  "rules": [
	    {"name": "outage", "match": {"tags_any": ["outage"]},
	     "cadence": {"stages": [{"every": "10m", "for": "1h"}, {"every": "30m"}]}},
	    {"name": "waiting", "nudges": [
	      {"after": {"duration": "16h", "business": true}, "template": "bump"},
	      {"after": {"duration": "32h", "business": true}, "action": "solve"}
	    ]}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	desk, err := calendar.Config{Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-fri 08:00-16:00")}.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	planner, err := c.Planner(map[string]*calendar.Calendar{"oslo-desk": desk})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range planner.Rules() {
		fmt.Println(r.Name, r.Cadence != nil, r.Nudges)
	}

	_, err = followup.DecodeConfig([]byte(`{"rules": [{"name": "waiting", "nudges": [{"after": {"duration": "16h", "business": true}}]}]}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// outage true []
	// waiting false [{16h0m0s business  bump} {32h0m0s business solve }]
	// followup: invalid rules: rules[0].nudges[0].after: followup: rule #0 "waiting": Nudges[0].After counts business time, but the document names no "hours"
}
