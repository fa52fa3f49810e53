package routing_test

import (
	"fmt"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket/document"
)

// A desk's routing read from its document: the queue policy, ServiceNow's
// matrix and an escalation path.
func ExampleDecodeConfig() {
	c, err := routing.DecodeConfig([]byte(`{
	  "policy": {
	    "strategy": "least_loaded",
	    "ladder": {"steps": [{"after": "5m", "any_language": true, "groups": ["overflow"]}]},
	    "sticky_window": "72h",
	    "throttle": {"max": 20, "window": "1h"}
	  },
	  "matrix": {"cells": [[1, 2, 3], [2, 3, 4], [3, 4, 5]]},
	  "paths": [{"name": "it", "levels": [{"name": "tier 1", "groups": ["l1"]}, {"name": "tier 2", "groups": ["l2"]}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := c.Matrix.TicketPriority(routing.ImpactHigh, routing.UrgencyMedium)
	next, _ := c.Paths[0].Next("l1", "")
	fmt.Println(c.Policy.StickyWindow, c.Policy.Ladder.RungName(1), p, next)

	_, err = routing.DecodeConfig([]byte(`{"policy": {"strategy": "random", "sticky_window": 3600, "idle_away": "-5m"}}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// 72h0m0s step 1: any language, also group overflow, after 5m0s high hierarchical: l2 (tier 2)
	// routing: invalid configuration: policy.strategy: document: invalid value: routing: unknown strategy "random" (want one of [round_robin least_loaded least_loaded_percent skills_first])
	// routing: invalid configuration: policy.sticky_window: document: wrong type: a number, want a duration as text, such as "90m" or "2h30m"
	// routing: invalid configuration: policy.idle_away: Policy.IdleAway must not be negative, is -5m0s
}
