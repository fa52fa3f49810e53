package calendar_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata"

	"github.com/rickar/cal/v2/no"

	"github.com/servicedesk-go/desk/calendar"
)

func Example() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	week, _ := calendar.ParseWeek("mon-fri 08:00-16:00")
	desk, err := calendar.New(oslo, week,
		calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(calendar.SpecialDay{
			Date:  calendar.Date{Year: 2026, Month: time.December, Day: 24},
			Hours: calendar.MustParseHours("09:00-13:00"),
		}),
	)
	if err != nil {
		panic(err)
	}

	created := time.Date(2026, time.March, 31, 14, 30, 0, 0, oslo) // Tuesday before Easter
	due := desk.Add(created, 16*time.Hour)
	fmt.Println("due:", due.Format(time.DateTime))
	fmt.Println("open time until due:", desk.Elapsed(created, due))
	fmt.Println("open on Good Friday:", desk.IsOpen(time.Date(2026, time.April, 3, 10, 0, 0, 0, oslo)))
	// Output:
	// due: 2026-04-07 14:30:00
	// open time until due: 16h0m0s
	// open on Good Friday: false
}

func ExampleParseWeek() {
	week, err := calendar.ParseWeek("mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00; sun 22:00-06:00+1")
	fmt.Println(week, err)

	_, err = calendar.ParseWeek("mon-fry 08:00-16:00; tue 17:00-08:00")
	fmt.Println(errors.Is(err, calendar.ErrUnknownDay), errors.Is(err, calendar.ErrEndBeforeStart))
	fmt.Println(err)
	// Output:
	// mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00; sun 22:00-06:00+1 <nil>
	// true true
	// calendar: unknown day: "mon-fry": want mon, tue, wed, thu, fri, sat or sun
	// calendar: end before start: "17:00-08:00": write the end as 08:00+1 for an interval that ends the next day
}

func ExampleCalendar_Add() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"))

	monday := time.Date(2026, time.March, 23, 8, 0, 0, 0, oslo)
	fmt.Println(desk.Add(monday, 8*time.Hour).Format(time.DateTime))
	fmt.Println(desk.Add(monday, 9*time.Hour).Format(time.DateTime))
	// Going back from Tuesday 08:30 stops at Tuesday's opening.
	fmt.Println(desk.Add(monday.Add(24*time.Hour+30*time.Minute), -30*time.Minute).Format(time.DateTime))
	// Output:
	// 2026-03-23 16:00:00
	// 2026-03-24 09:00:00
	// 2026-03-24 08:00:00
}

func ExampleCalendar_Elapsed_daylightSaving() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	nights, _ := calendar.New(oslo, calendar.MustParseWeek("mon-sun 22:00-06:00+1"))
	always := calendar.Always(oslo)

	spring := time.Date(2026, time.March, 28, 12, 0, 0, 0, oslo)
	autumn := time.Date(2026, time.October, 24, 12, 0, 0, 0, oslo)
	fmt.Println("spring night:", nights.Elapsed(spring, spring.AddDate(0, 0, 1)))
	fmt.Println("autumn night:", nights.Elapsed(autumn, autumn.AddDate(0, 0, 1)))

	sunday := time.Date(2026, time.March, 29, 0, 0, 0, 0, oslo)
	fmt.Println("24/7, Sunday to Tuesday:", always.Elapsed(sunday, sunday.AddDate(0, 0, 2)))
	// Output:
	// spring night: 7h0m0s
	// autumn night: 9h0m0s
	// 24/7, Sunday to Tuesday: 47h0m0s
}

func ExampleCalendar_Spans() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-12:00,13:00-17:00"))

	from := time.Date(2026, time.March, 27, 10, 0, 0, 0, oslo) // Friday
	to := time.Date(2026, time.March, 30, 12, 30, 0, 0, oslo)  // Monday, after the change to summer time
	for s := range desk.Spans(from, to) {
		fmt.Println(s.Start.Format("Mon 15:04 MST"), "-", s.End.Format("15:04"), s.Duration())
	}
	// Output:
	// Fri 10:00 CET - 12:00 2h0m0s
	// Fri 13:00 CET - 17:00 4h0m0s
	// Mon 08:00 CEST - 12:00 4h0m0s
}

func ExampleHolidaysFor() {
	holidays, err := calendar.HolidaysFor("SE")
	fmt.Println(len(holidays) > 0, err)

	_, err = calendar.HolidaysFor("XX")
	fmt.Println(errors.Is(err, calendar.ErrUnknownCountry))

	// A German state's holidays: Bavaria closes on Corpus Christi.
	bavaria, _ := calendar.HolidaysFor("DE-BY")
	munich, _ := time.LoadLocation("Europe/Berlin")
	desk, _ := calendar.New(munich, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(bavaria...))
	fmt.Println(desk.Day(calendar.Date{Year: 2026, Month: time.June, Day: 4}))
	// Output:
	// true <nil>
	// true
	// 2026-06-04 holiday Fronleichnam
}

func ExampleCalendar_NextOpen() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))

	// Instants in UTC are judged by Oslo hours, and come back in UTC.
	holyThursday := time.Date(2026, time.April, 2, 9, 0, 0, 0, time.UTC)
	fmt.Println(desk.NextOpen(holyThursday))
	fmt.Println(desk.NextClose(desk.NextOpen(holyThursday)))
	// Output:
	// 2026-04-07 06:00:00 +0000 UTC
	// 2026-04-07 14:00:00 +0000 UTC
}

func ExampleIntersect() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	newYork, _ := time.LoadLocation("America/New_York")
	team, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithYears(2020, 2035))
	customer, _ := calendar.New(newYork, calendar.MustParseWeek("mon-fri 08:00-17:00"), calendar.WithYears(2020, 2035))
	shared, err := calendar.Intersect(team, customer)
	if err != nil {
		panic(err)
	}

	// New York changes to summer time three weeks before Oslo does.
	for _, day := range []int{2, 9, 30} {
		monday := time.Date(2026, time.March, day, 0, 0, 0, 0, oslo)
		start := shared.NextOpen(monday)
		fmt.Println(start.Format("Mon Jan 2 15:04"), "-", shared.NextClose(start).Format("15:04 MST"),
			shared.Elapsed(monday, monday.AddDate(0, 0, 1)))
	}
	// A 3-hour response time counts only the shared hours.
	fmt.Println(shared.Add(time.Date(2026, time.March, 2, 15, 0, 0, 0, oslo), 3*time.Hour).In(newYork).Format("Mon 15:04 MST"))
	// Output:
	// Mon Mar 2 14:00 - 16:00 CET 2h0m0s
	// Mon Mar 9 13:00 - 16:00 CET 3h0m0s
	// Mon Mar 30 14:00 - 16:00 CEST 2h0m0s
	// Tue 10:00 EST
}

func ExampleUnion() {
	team := func(zone string) *calendar.Calendar {
		loc, _ := time.LoadLocation(zone)
		c, _ := calendar.New(loc, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithYears(2020, 2035))
		return c
	}
	followTheSun, err := calendar.Union(team("Europe/Oslo"), team("America/New_York"), team("Australia/Sydney"))
	if err != nil {
		panic(err)
	}

	// Sydney opens the week at 22:00 UTC on Sunday, Oslo takes over at
	// 06:00 and New York at 12:00, until 20:00 UTC.
	from := time.Date(2026, time.June, 7, 0, 0, 0, 0, time.UTC) // Sunday
	to := from.AddDate(0, 0, 2)
	for s := range followTheSun.Spans(from, to) {
		fmt.Println(s.Start.Format("Mon 15:04"), "-", s.End.Format("Mon 15:04 MST"), s.Duration())
	}
	fmt.Println("after New York's Friday:", followTheSun.NextOpen(time.Date(2026, time.June, 12, 20, 0, 0, 0, time.UTC)).Format("Mon 15:04 MST"))
	// Output:
	// Sun 22:00 - Mon 20:00 UTC 22h0m0s
	// Mon 22:00 - Tue 00:00 UTC 2h0m0s
	// after New York's Friday: Sun 22:00 UTC
}

func ExampleCalendar_OpenDays() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))

	// Compare ticket counts per working day: April 2026 has Easter.
	march := desk.OpenDays(calendar.Date{Year: 2026, Month: time.March, Day: 1}, calendar.Date{Year: 2026, Month: time.April, Day: 1})
	april := desk.OpenDays(calendar.Date{Year: 2026, Month: time.April, Day: 1}, calendar.Date{Year: 2026, Month: time.May, Day: 1})
	fmt.Println("working days in March:", march, "April:", april)
	fmt.Printf("tickets per working day: March %.1f, April %.1f\n", 440.0/float64(march), 400.0/float64(april))
	// Output:
	// working days in March: 22 April: 19
	// tickets per working day: March 20.0, April 21.1
}

func ExampleCalendar_Day() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(
			calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.December, Day: 24}, Hours: calendar.MustParseHours("09:00-13:00"), Label: "Christmas Eve"},
			calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: time.December, Day: 31}, Label: "New Year's Eve"},
		))

	// Why is the desk closed on Thursday?
	thursday := calendar.Date{Year: 2026, Month: time.May, Day: 14}
	for _, d := range []calendar.Date{thursday.AddDays(-1), thursday, thursday.AddDays(2), {Year: 2026, Month: time.December, Day: 24}, {Year: 2026, Month: time.December, Day: 31}} {
		fmt.Println(d.Weekday().String()[:3], desk.Day(d))
	}
	// Output:
	// Wed 2026-05-13 open 08:00-16:00
	// Thu 2026-05-14 holiday Kristi Himmelfartsdag
	// Sat 2026-05-16 closed
	// Thu 2026-12-24 special Christmas Eve 09:00-13:00
	// Thu 2026-12-31 special New Year's Eve
}

func ExampleCalendar_DateOf() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))

	// A ticket created late on Wednesday evening, UTC, is already
	// Thursday at the Oslo desk, and Thursday is a holiday there.
	created := time.Date(2026, time.May, 13, 23, 30, 0, 0, time.UTC)
	fmt.Println("own date:", calendar.DateOf(created))
	fmt.Println("desk date:", desk.DateOf(created), desk.Day(desk.DateOf(created)).Kind)
	fmt.Println("desk day starts:", desk.StartOf(desk.DateOf(created)))
	// Output:
	// own date: 2026-05-13
	// desk date: 2026-05-14 holiday
	// desk day starts: 2026-05-14 00:00:00 +0200 CEST
}

func ExampleConfig() {
	// A desk's calendar as its configuration file has it.
	const config = `{
	  "zone": "Europe/Oslo",
	  "week": "mon-fri 08:00-16:00",
	  "holidays": "NO",
	  "special_days": [
	    {"date": "2026-12-24", "hours": "09:00-13:00", "label": "Christmas Eve"},
	    {"date": "2026-12-31", "hours": "closed", "label": "New Year's Eve"}
	  ],
	  "first_year": 2020,
	  "last_year": 2035
	}`
	var cfg calendar.Config
	if err := json.Unmarshal([]byte(config), &cfg); err != nil {
		panic(err)
	}
	desk, err := cfg.Build()
	if err != nil {
		panic(err)
	}

	created := time.Date(2026, time.December, 23, 14, 0, 0, 0, time.UTC)
	due := desk.Add(created, 8*time.Hour)
	fmt.Println("due:", due.In(desk.Location()).Format("Mon Jan 2 15:04"))
	for d := desk.DateOf(created); d.Compare(desk.DateOf(due)) <= 0; d = d.AddDays(1) {
		fmt.Println(desk.Day(d))
	}
	// Output:
	// due: Mon Dec 28 11:00
	// 2026-12-23 open 08:00-16:00
	// 2026-12-24 special Christmas Eve 09:00-13:00
	// 2026-12-25 holiday Første juledag
	// 2026-12-26 holiday Andre juledag
	// 2026-12-27 closed
	// 2026-12-28 open 08:00-16:00
}

func ExampleConfig_errors() {
	const config = `{
	  "zone": "Europe/Olso",
	  "week": "mon-fry 08:00-16:00",
	  "holidays": "NOR",
	  "special_days": [{"date": "2026-12-24", "hours": "09:00-13:00"}, {"date": "2026-12-24", "hours": "closed"}]
	}`
	var cfg calendar.Config
	err := json.Unmarshal([]byte(config), &cfg)
	fmt.Println(errors.Is(err, calendar.ErrInvalidConfig), errors.Is(err, calendar.ErrUnknownZone), errors.Is(err, calendar.ErrUnknownCountry))
	fmt.Println(err)
	// Output:
	// true true true
	// calendar: invalid config: week: calendar: unknown day: "mon-fry": want mon, tue, wed, thu, fri, sat or sun
	// calendar: invalid config: zone: calendar: unknown zone: "Europe/Olso" (want an IANA name such as "Europe/Oslo")
	// calendar: invalid config: holidays: calendar: unknown country: "NOR" (want an ISO 3166 code such as "NO" or "AU-NSW", see Countries)
	// calendar: invalid config: special_days[1]: calendar: date 2026-12-24: calendar: invalid date: given twice
}

func ExampleParseDate() {
	d, err := calendar.ParseDate("2026-12-24")
	fmt.Println(d, d.Weekday(), d.AddDays(8), err)

	_, err = calendar.ParseDate("2026-02-30")
	fmt.Println(errors.Is(err, calendar.ErrInvalidDate), err)
	// Output:
	// 2026-12-24 Thursday 2027-01-01 <nil>
	// true calendar: date "2026-02-30": calendar: invalid date: no such date
}

func ExampleWeek_MarshalText() {
	// Weekly hours, a date's hours and dates are strings in JSON.
	type team struct {
		Week     calendar.Week         `json:"week"`
		Saturday calendar.Hours        `json:"saturday"`
		Since    calendar.Date         `json:"since"`
		Off      []calendar.Date       `json:"off"`
		Shift    calendar.Interval     `json:"shift"`
		Dates    calendar.HolidayDates `json:"dates"`
	}
	var t team
	err := json.Unmarshal([]byte(`{"week": "mon-fri 08:00-16:00; sat 10:00-14:00", "saturday": "10:00-12:00,13:00-14:00",
		"since": "2026-01-05", "off": ["2026-07-10"], "shift": "22:00-06:00+1", "dates": "actual"}`), &t)
	fmt.Println(err)
	fmt.Println(t.Week[time.Saturday], t.Saturday, t.Since.Weekday(), t.Shift.End)
	out, _ := json.Marshal(t)
	fmt.Println(string(out))

	err = json.Unmarshal([]byte(`{"week": "mon-fri 08:00-16:00; sat 14:00-10:00"}`), &t)
	fmt.Println(errors.Is(err, calendar.ErrEndBeforeStart))
	// Output:
	// <nil>
	// [10:00-14:00] 10:00-12:00,13:00-14:00 Monday 30h0m0s
	// {"week":"mon-fri 08:00-16:00; sat 10:00-14:00","saturday":"10:00-12:00,13:00-14:00","since":"2026-01-05","off":["2026-07-10"],"shift":"22:00-06:00+1","dates":"actual"}
	// true
}

func ExampleUnion_always() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))

	// Combining with an always-open calendar does not walk the desk's
	// 500 years of openings: Union gives the always-open calendar back,
	// and Intersect the desk.
	always := calendar.Always(desk.Location())
	either, _ := calendar.Union(desk, always)
	both, _ := calendar.Intersect(desk, always)
	fmt.Println(either == always, both == desk)

	friday := time.Date(2026, time.March, 27, 12, 0, 0, 0, oslo)
	fmt.Println(either.Elapsed(friday, friday.AddDate(0, 0, 3)), both.Elapsed(friday, friday.AddDate(0, 0, 3)))
	// Output:
	// true true
	// 71h0m0s 8h0m0s
}

// A Meter runs a business-time clock from a ticket's creation through its
// events: the same as Elapsed from the creation, one lookup a step.
func ExampleCalendar_Meter() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))
	created := time.Date(2026, time.April, 1, 15, 0, 0, 0, oslo) // Wednesday before Easter
	m := desk.Meter(created)
	for _, at := range []time.Time{
		time.Date(2026, time.April, 1, 15, 45, 0, 0, oslo), // first reply
		time.Date(2026, time.April, 6, 10, 0, 0, 0, oslo),  // Easter Monday
		time.Date(2026, time.April, 7, 9, 30, 0, 0, oslo),  // solved
	} {
		fmt.Println(at.Format("Mon 02 Jan 15:04"), m.To(at))
	}
	// Output:
	// Wed 01 Apr 15:45 45m0s
	// Mon 06 Apr 10:00 1h0m0s
	// Tue 07 Apr 09:30 2h30m0s
}
