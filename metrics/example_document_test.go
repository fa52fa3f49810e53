package metrics_test

import (
	"fmt"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket/document"
)

// A report's options read from their document: the zone and business
// calendar by name, breakdowns by dimension names, definitions by option
// names.
func ExampleDecodeDocument() {
	d, err := metrics.DecodeDocument([]byte(`{
	  "zone": "Europe/Oslo",
	  "calendar": "oslo-desk",
	  "definitions": {"fcr": "no_repeat", "fcr_window": "72h"},
	  "breakdowns": [["week", "agent"]],
	  "csat_exclude": ["delivery"]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	desk := calendar.Always(nil)
	cfg, err := d.Config(map[string]*calendar.Calendar{"oslo-desk": desk}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Location, cfg.Calendar == desk, cfg.Definitions.FCR, cfg.Definitions.FCRWindow, cfg.Breakdowns)

	_, err = metrics.DecodeDocument([]byte(`{"zone": "Europe/Oslo", "breakdowns": [["week", "week"]], "definitions": {"fcr": "first_touch"}}`))
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// Europe/Oslo true no_repeat 72h0m0s [[week agent]]
	// metrics: invalid config: definitions.fcr: Definitions.FCR: unknown value "first_touch"
	// metrics: invalid config: breakdowns[0][1]: Breakdowns[0][1]: dimension "week" repeated
}
