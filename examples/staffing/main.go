package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/staffing"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("staffing", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("staffing", "plans agents per half hour for the Oslo desk's week of Ascension Day", args, out, errOut, run)
}

// The desk's assumptions, where the history says nothing.
const (
	shrinkage   = 0.25             // breaks, meetings, training, absence
	patience    = 2 * time.Minute  // mean time a caller waits before hanging up
	emailAHT    = 6 * time.Minute  // handling time of an email or form (nobody logs it)
	emailWindow = 4 * time.Hour    // first reply within 4 business hours (normal priority)
	chatWithin  = 60 * time.Second // chats answered within a minute
)

// Group is how the plan groups the ticket channels.
type group struct {
	name     string
	channels []ticket.Channel
}

var groups = []group{
	{"phone", []ticket.Channel{ticket.ChannelPhone}},
	{"chat", []ticket.Channel{ticket.ChannelChat}},
	{"email", []ticket.Channel{ticket.ChannelEmail, ticket.ChannelWeb, ticket.ChannelSocial, ticket.ChannelPost}},
}

func run(out io.Writer) error {
	hours, err := gen.OsloHours()
	if err != nil {
		return err
	}
	from := calendar.Date{Year: 2026, Month: time.April, Day: 13}
	week := calendar.Date{Year: 2026, Month: time.May, Day: 11}
	history, err := gen.Generate(gen.Config{Hours: hours, First: from, Days: 28, Tickets: 4500, Seed: 22})
	if err != nil {
		return err
	}
	// Arrivals per channel group: every ticket's creation, duplicates
	// merged away later included (they were contacts all the same).
	arrivals := make([][]time.Time, len(groups))
	for _, h := range history.Tickets {
		c, ok := h[0].Data.(ticket.Created)
		if !ok {
			return fmt.Errorf("ticket %s does not start with its creation", h[0].TicketID)
		}
		for i, g := range groups {
			for _, ch := range g.channels {
				if c.Channel == ch {
					arrivals[i] = append(arrivals[i], h[0].At)
				}
			}
		}
	}
	aht, err := handlingTimes(hours, history)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "Staffing plan for the Oslo desk, %s – %s\n", hours.StartOf(week).Format("Mon 2 Jan"), hours.StartOf(week.AddDays(6)).Format("Mon 2 Jan 2006"))
	fmt.Fprintf(out, "learned from %d tickets created %s – %s\n\n", len(history.Tickets), history.Start.Format("2 Jan"), history.End.AddDate(0, 0, -1).Format("2 Jan"))

	channels := []staffing.Channel{
		{Name: "phone", Kind: staffing.KindQueue, AHT: aht[ticket.ChannelPhone], Hours: hours, Patience: patience,
			Target: staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 0.85}},
		{Name: "chat", Kind: staffing.KindChat, AHT: aht[ticket.ChannelChat], Hours: hours, Concurrency: 2,
			Target: staffing.Target{ServiceLevel: 0.8, Within: chatWithin, MaxOccupancy: 0.85}},
		{Name: "email", Kind: staffing.KindAsync, AHT: emailAHT, Hours: hours, Window: emailWindow,
			Target: staffing.Target{MaxOccupancy: 0.85}},
	}
	fmt.Fprintln(out, "channels:")
	fmt.Fprintf(out, "  phone  AHT %s (logged), Erlang A, mean patience %s, 80%% answered within 20s of all offered, occupancy ≤ 85%%\n", short(channels[0].AHT), short(patience))
	fmt.Fprintf(out, "  chat   AHT %s (logged), 2 chats per agent, 80%% within %s, occupancy ≤ 85%%\n", short(channels[1].AHT), short(chatWithin))
	fmt.Fprintf(out, "  email  email, web, social, post: AHT %s (assumed), first reply within %s of business time, occupancy ≤ 85%%\n", short(emailAHT), short(emailWindow))
	fmt.Fprintf(out, "  shrinkage %.0f%%: positions = agents ÷ %.2f, rounded up\n\n", 100*shrinkage, 1-shrinkage)

	// How good is the forecast? The last history week, forecast from the
	// three before it.
	cfg := staffing.ForecastConfig{Calendar: hours, Weeks: 4, PoolDays: true}
	fmt.Fprintln(out, "backtest: 4–10 May forecast from the three weeks before (WAPE)")
	for i, g := range groups {
		b, err := staffing.NewBacktest(staffing.History{Arrivals: arrivals[i], From: from, To: week}, week.AddDays(-7), 7, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-6s per half hour %5.1f%%, per day %5.1f%%\n", g.name, 100*b.WAPEInterval, 100*b.WAPEDay)
	}
	fmt.Fprintln(out)

	// The plan starts with the weekend before, taken as it happened, so
	// that Monday morning sees the emails that arrived over the weekend.
	weekend := week.AddDays(-2)
	demands := make([]staffing.Demand, len(groups))
	var forecasts []staffing.Forecast
	for i := range groups {
		f, err := staffing.NewForecast(staffing.History{Arrivals: arrivals[i], From: from, To: week}, week, 7, cfg)
		if err != nil {
			return err
		}
		forecasts = append(forecasts, f)
		demands[i] = staffing.Demand{Channel: channels[i], Forecast: append(actual(hours, arrivals[i], weekend, week), f.Slots...)}
	}
	fmt.Fprintln(out, "forecast contacts per day:")
	fmt.Fprintf(out, "  %-10s %-34s %6s %6s %6s\n", "", "", "phone", "chat", "email")
	for d := range forecasts[0].Days {
		day := forecasts[0].Days[d]
		fmt.Fprintf(out, "  %-10s %-34s", hours.StartOf(day.Date).Format("Mon 2 Jan"), describe(day.Day))
		for i := range groups {
			fmt.Fprintf(out, " %6.1f", forecasts[i].Days[d].Arrivals)
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintln(out)

	roster, err := deskRoster(hours, week)
	if err != nil {
		return err
	}
	plan, err := staffing.NewPlan(demands, roster, shrinkage)
	if err != nil {
		return err
	}
	printPlan(out, hours, plan, forecasts[0].Days)
	return nil
}

// handlingTimes reads the average handling time of phone and chat from a
// metrics.Report of the history (logged talk, hold and after-call work per
// handled ticket).
func handlingTimes(hours *calendar.Calendar, s gen.Stream) (map[ticket.Channel]time.Duration, error) {
	r, err := metrics.NewReport(metrics.Config{Location: hours.Location(), Calendar: hours, Now: s.End, From: s.Start, To: s.End})
	if err != nil {
		return nil, err
	}
	for _, h := range s.Tickets {
		if err := r.Add(h); err != nil {
			return nil, err
		}
	}
	out := map[ticket.Channel]time.Duration{}
	for _, ch := range []ticket.Channel{ticket.ChannelPhone, ticket.ChannelChat} {
		a := r.Workload.Channels[ch]
		if a == nil {
			return nil, fmt.Errorf("no handling time logged on %s", ch)
		}
		v, ok := a.Value()
		if !ok {
			return nil, fmt.Errorf("no handling time logged on %s", ch)
		}
		out[ch] = v.Round(time.Second)
	}
	return out, nil
}

// deskRoster is the desk's week: its ten agents — six all day
// (08:00–16:00), two mornings (08:00–12:00), two afternoons (12:00–16:00),
// so eight at any time — on every open date, nobody on holidays.
func deskRoster(hours *calendar.Calendar, week calendar.Date) (staffing.Roster, error) {
	type shift struct {
		agent      string
		start, end time.Duration
	}
	shifts := []shift{
		{"ingrid", 8 * time.Hour, 16 * time.Hour}, {"jonas", 8 * time.Hour, 16 * time.Hour},
		{"kari", 8 * time.Hour, 16 * time.Hour}, {"mia", 8 * time.Hour, 16 * time.Hour},
		{"nils", 8 * time.Hour, 16 * time.Hour}, {"sofie", 8 * time.Hour, 16 * time.Hour},
		{"elin", 8 * time.Hour, 12 * time.Hour}, {"ahmed", 8 * time.Hour, 12 * time.Hour},
		{"lars", 12 * time.Hour, 16 * time.Hour}, {"tobias", 12 * time.Hour, 16 * time.Hour},
	}
	var r staffing.Roster
	for i := range 7 {
		d := week.AddDays(i)
		if !hours.Day(d).Open() {
			continue
		}
		midnight := hours.StartOf(d)
		for _, s := range shifts {
			start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, midnight.Location()).Add(s.start)
			end := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, midnight.Location()).Add(s.end)
			r = append(r, staffing.Shift{Agent: s.agent, Start: start, End: end})
		}
	}
	return r, nil
}

// printPlan prints each day's half hours in which anyone is needed or
// rostered, and the day's totals.
func printPlan(out io.Writer, hours *calendar.Calendar, plan staffing.Plan, days []staffing.DayForecast) {
	fmt.Fprintln(out, "plan: forecast contacts → agents per channel, positions after shrinkage, agents rostered, gap (− short, + surplus)")
	fmt.Fprintf(out, "  %-5s %13s %13s %13s %6s %9s %8s %5s\n", "", "phone", "chat", "email", "agents", "positions", "rostered", "gap")
	for _, day := range days {
		fmt.Fprintf(out, "%s  %s\n", hours.StartOf(day.Date).Format("Mon 2 Jan"), describe(day.Day))
		var need, have, short float64
		any := false
		for _, r := range plan.Rows {
			if hours.DateOf(r.Start) != day.Date || (r.Positions == 0 && r.Rostered == 0) {
				continue
			}
			any = true
			fmt.Fprintf(out, "  %s", r.Start.Format("15:04"))
			for _, n := range r.Needs {
				fmt.Fprintf(out, " %6.1f → %3d", n.Arrivals, n.Agents)
			}
			mark := ""
			if r.Short() {
				mark = "  short"
			}
			fmt.Fprintf(out, " %6d %9d %8.1f %5s%s\n", r.Agents, r.Positions, r.Rostered, gap(r.Gap), mark)
			hh := r.End.Sub(r.Start).Hours()
			need, have = need+float64(r.Positions)*hh, have+r.Rostered*hh
			if r.Gap < 0 {
				short -= r.Gap * hh
			}
		}
		if !any {
			fmt.Fprintln(out, "  closed: nobody needed, nobody rostered; contacts that arrive wait for the next open day")
			continue
		}
		fmt.Fprintf(out, "  day: %.1f position-hours needed, %.1f rostered, %.1f short\n", need, have, short)
	}
	needed, rostered, shortAll, surplus := plan.Totals()
	fmt.Fprintf(out, "\nweek: %.1f position-hours needed, %.1f rostered, %.1f short, %.1f surplus\n",
		needed, rostered, shortAll, surplus)
}

// gap prints a gap with its sign, 0 without one.
func gap(g float64) string {
	if g == 0 {
		return "0.0"
	}
	return fmt.Sprintf("%+.1f", g)
}

// describe names a date's kind: "open 08:00-16:00", "holiday
// Kristi Himmelfartsdag", "closed".
func describe(d calendar.Day) string {
	s := string(d.Kind)
	if d.Name != "" {
		s += " " + d.Name
	}
	if d.Open() {
		s += " " + d.Hours.String()
	}
	return strings.TrimSpace(s)
}

// short prints a duration as 2m30s, 4h or 45s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// actual returns the arrivals per half hour of the dates [from, to), as
// they happened.
func actual(hours *calendar.Calendar, arrivals []time.Time, from, to calendar.Date) []staffing.Slot {
	var out []staffing.Slot
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		end := hours.StartOf(d.AddDays(1))
		for s := hours.StartOf(d); s.Before(end); s = s.Add(30 * time.Minute) {
			out = append(out, staffing.Slot{Start: s, End: s.Add(30 * time.Minute)})
		}
	}
	for _, t := range arrivals {
		for i := range out {
			if !t.Before(out[i].Start) && t.Before(out[i].End) {
				out[i].Arrivals++
			}
		}
	}
	return out
}
