package calendar_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/calendar"
)

// Calendars declared by name, as a desk's configuration declares them:
// business hours in Oslo and the same zone around the clock.
func ExampleBuildAll() {
	cals, err := calendar.BuildAll(map[string]calendar.Config{
		"oslo": {Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-fri 08:00-16:00"), Holidays: "NO"},
		"24/7": {Zone: "Europe/Oslo", Week: calendar.MustParseWeek("mon-sun 00:00-24:00")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	friday := time.Date(2026, 5, 15, 15, 0, 0, 0, cals["oslo"].Location())
	fmt.Println(cals["oslo"].Add(friday, 2*time.Hour).Format("Mon 15:04"))
	fmt.Println(cals["24/7"].Add(friday, 2*time.Hour).Format("Mon 15:04"))

	_, err = calendar.BuildAll(map[string]calendar.Config{"bergen": {Zone: "Norway/Bergen", Week: calendar.MustParseWeek("mon-fri 08:00-16:00")}})
	fmt.Println(err, errors.Is(err, calendar.ErrUnknownZone))
	// Output:
	// Mon 09:00
	// Fri 17:00
	// calendar: invalid config: bergen.zone: calendar: unknown zone: "Norway/Bergen" (want an IANA name such as "Europe/Oslo") true
}
