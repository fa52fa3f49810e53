package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// exampleTicket builds a ticket created at created by customer in
// category, replied to after reply (0: never), solved after solve (0:
// never), and rated score of 5 (0: not rated).
func exampleTicket(n byte, created time.Time, category string, reply, solve time.Duration, score int) []ticket.Event {
	must := func(tk ticket.Ticket, ev []ticket.Event, err error) (ticket.Ticket, []ticket.Event) {
		if err != nil {
			panic(err)
		}
		return tk, ev
	}
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("ola")
	tk, events := must(ticket.Create(nil, uuid.UUID{15: n}, created, customer, ticket.Created{
		Subject: "help", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Category: category,
	}))
	var ev []ticket.Event
	tk, ev = must(tk.Assign(created, ticket.System("router"), "ingrid", "support"))
	events = append(events, ev...)
	if reply > 0 {
		tk, ev = must(tk.Reply(created.Add(reply), agent, ticket.Message{Public: true, Body: "on it"}))
		events = append(events, ev...)
	}
	if solve > 0 {
		tk, ev = must(tk.SetStatus(created.Add(solve), agent, ticket.StatusSolved))
		events = append(events, ev...)
		if score > 0 {
			_, ev = must(tk.Rate(created.Add(solve+time.Hour), customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: score, Scale: 5}))
			events = append(events, ev...)
		}
	}
	return events
}

// A weekly report: first reply time per ISO week in Oslo, with the
// never-replied ticket counted as censored, not as 0 s.
func Example_weeklyReport() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	report, err := metrics.NewReport(metrics.Config{
		Location:   oslo,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}},
	})
	if err != nil {
		panic(err)
	}
	mon := time.Date(2026, 3, 23, 9, 0, 0, 0, oslo)
	for i, h := range [][]ticket.Event{
		exampleTicket(1, mon, "billing", 30*time.Minute, 2*time.Hour, 0),
		exampleTicket(2, mon.Add(24*time.Hour), "billing", 90*time.Minute, 0, 0),
		exampleTicket(3, mon.Add(48*time.Hour), "billing", 0, 0, 0),
		exampleTicket(4, mon.AddDate(0, 0, 7), "billing", 10*time.Minute, time.Hour, 0),
	} {
		if err := report.Add(h); err != nil {
			panic(fmt.Sprint(i, err))
		}
	}
	for _, g := range report.Breakdowns[0].Groups() {
		st := g.KPIs.FirstReply.Stats(metrics.NearestRank)
		fmt.Printf("%s tickets=%d first reply: %v\n", g.Key[0], g.KPIs.Tickets, st)
	}
	// Output:
	// 2026-W13 tickets=3 first reply: n=2 censored=1 mean=1h0m0s median=30m0s p90=1h30m0s min=30m0s max=1h30m0s (nearest_rank)
	// 2026-W14 tickets=1 first reply: n=1 censored=0 mean=10m0s median=10m0s p90=10m0s min=10m0s max=10m0s (nearest_rank)
}

// CSAT with a category the desk cannot influence left out of numerator
// and denominator, its tickets listed.
func Example_csatExcludingCategory() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	report, _ := metrics.NewReport(metrics.Config{
		Location:    oslo,
		CSATExclude: []string{"weather"},
		Breakdowns:  [][]metrics.Dimension{{metrics.DimCategory}},
	})
	day := time.Date(2026, 5, 4, 10, 0, 0, 0, oslo)
	for _, h := range [][]ticket.Event{
		exampleTicket(1, day, "billing", time.Minute, time.Hour, 5),
		exampleTicket(2, day, "billing", time.Minute, time.Hour, 3),
		exampleTicket(3, day, "billing", time.Minute, time.Hour, 4),
		exampleTicket(4, day, "weather", time.Minute, time.Hour, 1),
		exampleTicket(5, day, "weather", time.Minute, time.Hour, 1),
		exampleTicket(6, day, "billing", time.Minute, time.Hour, 0),
	} {
		if err := report.Add(h); err != nil {
			panic(err)
		}
	}
	csat := report.All.CSAT
	pct, _ := csat.Percent(1, metrics.RoundHalfEven)
	fmt.Printf("CSAT %d/%d = %s%%\n", csat.Numerator, csat.Denominator, pct)
	for _, x := range csat.Excluded {
		fmt.Println("excluded:", x.Ticket, x.Reason)
	}
	for _, g := range report.Breakdowns[0].Groups() {
		fmt.Printf("%s: %v\n", g.Key[0], g.KPIs.CSAT)
	}
	// Output:
	// CSAT 2/3 = 66.7%
	// excluded: 00000000-0000-0000-0000-000000000004 category_excluded
	// excluded: 00000000-0000-0000-0000-000000000005 category_excluded
	// billing: 2/3 = 66.7%
	// weather: 0/0 = undefined
}

// The 7 × 24 heatmap of arrivals in local time, and the busiest hour and
// weekday as averages per occurrence.
func Example_heatmap() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	report, _ := metrics.NewReport(metrics.Config{Location: oslo})
	n := byte(0)
	// Two weeks: Mondays at 09:xx get three tickets, Tuesdays at 14:xx one.
	for week := range 2 {
		mon := time.Date(2026, 6, 1+7*week, 9, 5, 0, 0, oslo)
		for i := range 3 {
			n++
			_ = report.Add(exampleTicket(n, mon.Add(time.Duration(i)*10*time.Minute), "billing", time.Minute, 0, 0))
		}
		n++
		_ = report.Add(exampleTicket(n, mon.Add(29*time.Hour), "billing", time.Minute, 0, 0))
	}
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	for d, row := range report.Volume.Heatmap {
		for h, count := range row {
			if count > 0 {
				fmt.Printf("%s %02d:00 %d\n", days[d], h, count)
			}
		}
	}
	b, _ := report.Volume.Busiest(calendar.Date{Year: 2026, Month: 6, Day: 1}, calendar.Date{Year: 2026, Month: 6, Day: 15})
	fmt.Printf("busiest hour %02d:00 (%s per day), busiest weekday %s (%s per %s)\n",
		b.Hour, b.HourAverage, b.Weekday, b.WeekdayAverage, b.Weekday)
	// Output:
	// Mon 09:00 6
	// Tue 14:00 2
	// busiest hour 09:00 (0.43 per day), busiest weekday Monday (3 per Monday)
}

// Month over month on working days only: April 2026 in Norway has three
// public holidays on weekdays (Easter) and May three (May 1, Ascension Day,
// Whit Monday; May 17 is a Sunday), so the months compare per working day,
// and tickets that arrived in the evening are ignored.
func Example_monthOverMonth() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	hs, _ := calendar.HolidaysFor("NO")
	desk, _ := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(hs...))
	report, _ := metrics.NewReport(metrics.Config{Location: oslo, Calendar: desk, VolumeBucket: metrics.DimMonth})
	n := byte(0)
	add := func(from time.Time, count int) {
		for i := range count {
			n++
			// one ticket a day at 10:00, and one in the evening that working-day counts ignore
			at := from.AddDate(0, 0, i)
			_ = report.Add(exampleTicket(n, at, "billing", time.Minute, 0, 0))
			n++
			_ = report.Add(exampleTicket(n, at.Add(10*time.Hour), "billing", time.Minute, 0, 0))
		}
	}
	add(time.Date(2026, 4, 1, 10, 0, 0, 0, oslo), 30) // every day of April
	add(time.Date(2026, 5, 1, 10, 0, 0, 0, oslo), 28) // May 1–28
	for _, b := range report.Volume.Buckets() {
		fmt.Println(b.Label, b.Count)
	}
	c, _ := report.Volume.Compare(desk, metrics.PeriodMonth, calendar.Date{Year: 2026, Month: 5, Day: 15}, true)
	cur, prev, _ := c.PerDay(2, metrics.RoundHalfEven)
	pct, _ := c.Percent(1, metrics.RoundHalfEven)
	fmt.Printf("working-hour arrivals: %d in %d working days (%s/day) vs %d in %d (%s/day): %s%%\n",
		c.Current, c.CurrentDays, cur.StringFixed(2), c.Previous, c.PreviousDays, prev.StringFixed(2), pct.StringFixed(1))
	// Output:
	// 2026-04 60
	// 2026-05 56
	// working-hour arrivals: 17 in 18 working days (0.94/day) vs 19 in 19 (1.00/day): -5.6%
}

// The display form for a dashboard: figures per ISO week under readable
// keys, with the week's first day, durations in seconds and rates with
// numerator, denominator and value; the business-time figures are left out
// because this report has no business calendar.
func ExampleReport_Summary() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	report, _ := metrics.NewReport(metrics.Config{
		Location:   oslo,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}},
	})
	mon := time.Date(2026, 3, 30, 9, 0, 0, 0, oslo)
	_ = report.Add(exampleTicket(1, mon, "billing", 30*time.Minute, 2*time.Hour, 5))
	_ = report.Add(exampleTicket(2, mon.Add(24*time.Hour), "billing", 90*time.Minute, 0, 0))
	_ = report.Add(exampleTicket(3, mon.Add(48*time.Hour), "billing", 0, 0, 0))

	s := report.Summary(metrics.NearestRank)
	g := s.Breakdowns[0].Groups[0]
	show := func(name string, v any) {
		b, _ := json.Marshal(v)
		fmt.Printf("%s: %s\n", name, b)
	}
	show("key", g.Key)
	show("start", g.Start)
	show("first_reply", g.KPIs.FirstReply)
	show("csat", g.KPIs.CSAT)
	show("reassigned", g.KPIs.Reassigned)
	fmt.Println("business figures:", g.KPIs.FirstReplyBusiness != nil)
	// Output:
	// key: {"week":"2026-W14"}
	// start: {"week":"2026-03-30T00:00:00+02:00"}
	// first_reply: {"count":2,"censored":1,"mean_s":3600,"median_s":1800,"p90_s":5400,"min_s":1800,"max_s":5400}
	// csat: {"numerator":1,"denominator":1,"value":1.0000,"percent":100.0}
	// reassigned: {"numerator":0,"denominator":3,"value":0.0000,"percent":0.0}
	// business figures: false
}

// Many histories at once: AddAll gives the report Add of each would, and
// stops at the first history it cannot read, having added those before.
func ExampleReport_AddAll() {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	report, err := metrics.NewReport(metrics.Config{
		Location:   oslo,
		Breakdowns: [][]metrics.Dimension{{metrics.DimCategory}},
	})
	if err != nil {
		panic(err)
	}
	mon := time.Date(2026, 3, 23, 9, 0, 0, 0, oslo)
	histories := [][]ticket.Event{
		exampleTicket(1, mon, "billing", 30*time.Minute, 2*time.Hour, 5),
		exampleTicket(2, mon.Add(time.Hour), "login", 10*time.Minute, time.Hour, 0),
		nil, // not a history: refused
		exampleTicket(3, mon.Add(2*time.Hour), "billing", 20*time.Minute, 0, 0),
	}
	err = report.AddAll(histories)
	fmt.Println(errors.Is(err, metrics.ErrCorruptHistory), report.Tickets)
	err = report.AddAll(histories[3:])
	fmt.Println(err, report.Tickets)
	for _, g := range report.Breakdowns[0].Groups() {
		fmt.Println(g.Key[0], g.KPIs.Tickets, g.KPIs.FirstReply.Stats(metrics.NearestRank).Median)
	}
	// Output:
	// true 2
	// <nil> 3
	// billing 2 20m0s
	// login 1 10m0s
}
