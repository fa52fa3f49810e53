package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"

	_ "time/tzdata" // the zones on hosts without a zone database
)

func main() {
	cli.Exit("calendar", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("calendar", "shows business-time arithmetic on the Oslo desk's calendar: DST, holidays, special days, two zones", args, out, errOut, run)
}

func run(out io.Writer) error {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return err
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		return err
	}
	desk, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(calendar.SpecialDay{
			Date:  calendar.Date{Year: 2026, Month: time.December, Day: 24},
			Hours: calendar.MustParseHours("09:00-13:00"),
		}),
		calendar.WithYears(2025, 2027))
	if err != nil {
		return err
	}
	const layout = "Mon 2 Jan 15:04 MST"
	fmt.Fprintf(out, "desk: %s in %s, Norwegian holidays, Christmas Eve 09:00-13:00\n\n", desk.Week(), oslo)

	// Two business days of work, started on the Tuesday before Easter:
	// Maundy Thursday, Good Friday and Easter Monday are holidays.
	created := time.Date(2026, time.March, 31, 14, 30, 0, 0, oslo)
	due := desk.Add(created, 16*time.Hour)
	fmt.Fprintf(out, "16 business hours from %s → %s (%v on the wall clock)\n",
		created.Format(layout), due.Format(layout), due.Sub(created))

	// Clocks go forward on Sunday 29 March: a 24/7 calendar counts 47
	// hours from Saturday noon to Monday noon, the desk counts 4.
	always := calendar.Always(oslo)
	sat, mon := time.Date(2026, time.March, 28, 12, 0, 0, 0, oslo), time.Date(2026, time.March, 30, 12, 0, 0, 0, oslo)
	fmt.Fprintf(out, "%s → %s: %v around the clock, %v of business time\n\n",
		sat.Format(layout), mon.Format(layout), always.Elapsed(sat, mon), desk.Elapsed(sat, mon))

	fmt.Fprintln(out, "the week of Ascension Day:")
	for d := 11; d <= 17; d++ {
		day := time.Date(2026, time.May, d, 0, 0, 0, 0, oslo)
		fmt.Fprintf(out, "  %s ", day.Format("Mon 2 Jan"))
		open := false
		for s := range desk.Spans(day, day.AddDate(0, 0, 1)) {
			fmt.Fprintf(out, " %s-%s", s.Start.Format("15:04"), s.End.Format("15:04"))
			open = true
		}
		if !open {
			fmt.Fprint(out, " closed")
		}
		fmt.Fprintln(out)
	}
	evening := time.Date(2026, time.May, 13, 17, 0, 0, 0, oslo)
	fmt.Fprintf(out, "  a ticket at %s waits for %s\n\n", evening.Format(layout), desk.NextOpen(evening).Format(layout))

	fmt.Fprint(out, "working days in 2026:")
	for m := time.January; m <= time.December; m++ {
		first := calendar.Date{Year: 2026, Month: m, Day: 1}
		next := calendar.Date{Year: 2026, Month: m + 1, Day: 1}
		fmt.Fprintf(out, " %s %d", m.String()[:3], desk.OpenDays(first, next))
	}
	fmt.Fprintf(out, "\nChristmas Eve: %v of business time\n\n", desk.Elapsed(
		time.Date(2026, time.December, 24, 0, 0, 0, 0, oslo), time.Date(2026, time.December, 25, 0, 0, 0, 0, oslo)))

	// A customer in New York is open 09:00–17:00 their time: the hours
	// both sides are at work are the intersection of the two calendars.
	customer, err := calendar.New(newYork, calendar.MustParseWeek("mon-fri 09:00-17:00"))
	if err != nil {
		return err
	}
	shared, err := calendar.Intersect(desk, customer)
	if err != nil {
		return err
	}
	day := time.Date(2026, time.March, 18, 0, 0, 0, 0, oslo)
	for s := range shared.Spans(day, day.AddDate(0, 0, 1)) {
		fmt.Fprintf(out, "Oslo and New York both open on %s: %s-%s Oslo time (%s-%s in New York)\n", day.Format("Mon 2 Jan"),
			s.Start.Format("15:04"), s.End.Format("15:04"), s.Start.In(newYork).Format("15:04"), s.End.In(newYork).Format("15:04"))
	}
	// The US moved its clocks on 8 March, Europe on 29 March: in the three
	// weeks between, the overlap is an hour longer than after.
	day = time.Date(2026, time.April, 1, 0, 0, 0, 0, oslo)
	for s := range shared.Spans(day, day.AddDate(0, 0, 1)) {
		fmt.Fprintf(out, "Oslo and New York both open on %s: %s-%s Oslo time (%s-%s in New York)\n", day.Format("Mon 2 Jan"),
			s.Start.Format("15:04"), s.End.Format("15:04"), s.Start.In(newYork).Format("15:04"), s.End.In(newYork).Format("15:04"))
	}
	return nil
}
