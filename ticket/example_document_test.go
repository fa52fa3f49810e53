package ticket_test

import (
	"fmt"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// A lifecycle with a status of its own, read from its document; a broken
// one is refused with every problem at its path.
func ExampleDecodeLifecycle() {
	lc, err := ticket.DecodeLifecycle([]byte(`{
	  "statuses": [
	    {"name": "new", "category": "new"},
	    {"name": "open", "category": "open"},
	    {"name": "waiting_on_vendor", "category": "on_hold"},
	    {"name": "solved", "category": "solved"},
	    {"name": "closed", "category": "closed"}
	  ],
	  "initial": "new",
	  "transitions": {
	    "new": ["open", "solved"],
	    "open": ["waiting_on_vendor", "solved"],
	    "waiting_on_vendor": ["open", "solved"],
	    "solved": ["open", "closed"]
	  },
	  "reopen_to": "open"
	}`))
	fmt.Println(err, lc.CanMove("open", "waiting_on_vendor"), lc.Allowed("waiting_on_vendor"))

	_, err = ticket.DecodeLifecycle([]byte(`{
	  "statuses": [{"name": "new", "category": "new"}, {"name": "closed", "category": "closed"}],
	  "initial": "new",
	  "transitions": {"new": ["closed", "gone"]},
	  "reopen_to": "closed"
	}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// <nil> true [open solved]
	// ticket: invalid lifecycle: transitions.new[1]: transition "new" → "gone" to undefined status
	// ticket: invalid lifecycle: reopen_to: reopen status "closed" is in category "closed", want open, pending or on_hold
}
