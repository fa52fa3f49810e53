package gen_test

import (
	"fmt"
	"time"

	_ "time/tzdata"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/ticket"
)

// A week of the Oslo desk: 400 arrivals and the duplicates their
// customers sent again; the same seed gives the same tickets, event for
// event, and every history replays.
func ExampleGenerate() {
	hours, err := gen.OsloHours()
	if err != nil {
		panic(err)
	}
	week, err := gen.Generate(gen.Config{
		Hours: hours, First: calendar.Date{Year: 2026, Month: time.May, Day: 11}, Days: 7, Tickets: 400, Seed: 11,
	})
	if err != nil {
		panic(err)
	}
	solved := 0
	for _, h := range week.Tickets {
		t, err := ticket.Replay(nil, h)
		if err != nil {
			panic(err)
		}
		if c := t.Status.Category; c == ticket.StatusCategorySolved || c == ticket.StatusCategoryClosed {
			solved++
		}
	}
	fmt.Println(week.Start.Format(time.RFC3339), "to", week.End.Format(time.RFC3339))
	fmt.Println(len(week.Tickets), "tickets,", len(week.Events()), "events,", solved, "solved or closed")
	// Output:
	// 2026-05-11T00:00:00+02:00 to 2026-05-18T00:00:00+02:00
	// 411 tickets, 3078 events, 257 solved or closed
}
