package staffing_test

import (
	"fmt"
	"math"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/staffing"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

// The calculators' worked example: 100 calls in 30 minutes, 180 s each,
// 80 % to be answered within 20 s, 30 % shrinkage.
func ExampleLoad_AgentsC() {
	load := staffing.Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	r, err := load.AgentsC(staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	positions, err := staffing.Positions(r.Agents, 0.3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("traffic %.0f Erlangs: %d agents\n", r.Traffic, r.Agents)
	fmt.Printf("service level %.5f, P(wait) %.7f, ASA %.3fs, occupancy %.3f\n",
		r.ServiceLevel, r.PWait, r.ASA.Seconds(), r.Occupancy)
	fmt.Printf("%d scheduled positions at 30%% shrinkage\n", positions)
	// Output:
	// traffic 10 Erlangs: 14 agents
	// service level 0.88835, P(wait) 0.1741319, ASA 7.836s, occupancy 0.714
	// 20 scheduled positions at 30% shrinkage
}

// Callers who hang up after three minutes on average: Erlang A staffs two
// agents fewer than Erlang C for the same target.
func ExampleLoad_AgentsA() {
	load := staffing.Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	target := staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	r, err := load.AgentsA(3*time.Minute, staffing.SLOffered, target)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d agents: %.1f%% answered within 20 s of all offered, %.1f%% abandon, ASA %.1fs\n",
		r.Agents, 100*r.ServiceLevel, 100*r.Abandoned, r.ASA.Seconds())
	for _, def := range []staffing.Definition{staffing.SLAnswered, staffing.SLAbandonsMet, staffing.SLShortAbandonsExcluded} {
		other, err := load.ErlangA(r.Agents, 3*time.Minute, 20*time.Second, def)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("  %-24s %.1f%%\n", def, 100*other.ServiceLevel)
	}
	// Output:
	// 12 agents: 80.2% answered within 20 s of all offered, 5.3% abandon, ASA 8.5s
	//   answered-of-answered     84.7%
	//   abandons-met             82.8%
	//   short-abandons-excluded  82.4%
}

// A chat agent holds two chats at once.
func ExampleLoad_AgentsChat() {
	load := staffing.Load{Arrivals: 60, Interval: 30 * time.Minute, AHT: 9 * time.Minute}
	r, err := load.AgentsChat(2, staffing.Target{ServiceLevel: 0.8, Within: time.Minute})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d chat slots, %d agents\n", r.Slots.Agents, r.Agents)
	// Output:
	// 22 chat slots, 11 agents
}

// Emails must be answered within four business hours: the 40 that arrive
// overnight are worked from 08:00.
func ExampleAsync_Workload() {
	desk, err := calendar.New(mustLoad("Europe/Oslo"), calendar.MustParseWeek("mon-fri 08:00-16:00"))
	if err != nil {
		fmt.Println(err)
		return
	}
	from := time.Date(2026, 5, 12, 7, 0, 0, 0, desk.Location())
	var slots []staffing.Slot
	for i := range 6 {
		start := from.Add(time.Duration(i) * time.Hour)
		slots = append(slots, staffing.Slot{Start: start, End: start.Add(time.Hour)})
	}
	slots[0].Arrivals = 40
	email := staffing.Async{AHT: 6 * time.Minute, Window: 4 * time.Hour, Hours: desk, MaxOccupancy: 0.85}
	load, agents, err := email.Workload(slots)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range slots {
		fmt.Printf("%s %.2f busy → %d agents\n", s.Start.Format("15:04"), load[i], agents[i])
	}
	// Output:
	// 07:00 0.00 busy → 0 agents
	// 08:00 1.00 busy → 2 agents
	// 09:00 1.00 busy → 2 agents
	// 10:00 1.00 busy → 2 agents
	// 11:00 1.00 busy → 2 agents
	// 12:00 0.00 busy → 0 agents
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Four weeks of history, the same every week (ten arrivals an hour on
// working days, two on weekends and holidays), forecast the week of
// Ascension Day: Thursday 14 May 2026 takes the holiday profile learned
// from Labour Day.
func ExampleNewForecast() {
	desk, err := calendar.New(mustLoad("Europe/Oslo"), calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...))
	if err != nil {
		fmt.Println(err)
		return
	}
	from, to := calendar.Date{Year: 2026, Month: 4, Day: 13}, calendar.Date{Year: 2026, Month: 5, Day: 11}
	var arrivals []time.Time
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		perHour := 2
		if desk.Day(d).Kind == calendar.DayOpen {
			perHour = 10
		}
		for h := 8; h < 16; h++ {
			for i := range perHour {
				arrivals = append(arrivals, time.Date(d.Year, d.Month, d.Day, h, 60*i/perHour, 0, 0, desk.Location()))
			}
		}
	}
	f, err := staffing.NewForecast(staffing.History{Arrivals: arrivals, From: from, To: to}, to, 7,
		staffing.ForecastConfig{Calendar: desk})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range f.Days {
		fmt.Printf("%s %-8s %-7s %5.1f\n", d.Date, d.Day.Kind, d.Shape, d.Arrivals)
	}
	fmt.Printf("levels %.0f %.0f %.0f %.0f, trend %.1f a week\n", f.Weeks[0].Level, f.Weeks[1].Level, f.Weeks[2].Level, f.Weeks[3].Level,
		math.Round(f.Slope*10)/10+0) // +0 turns a rounded -0 into 0
	// Output:
	// 2026-05-11 open     weekday  80.0
	// 2026-05-12 open     weekday  80.0
	// 2026-05-13 open     weekday  80.0
	// 2026-05-14 holiday  holiday  16.0
	// 2026-05-15 open     weekday  80.0
	// 2026-05-16 closed   weekday  16.0
	// 2026-05-17 holiday  holiday  16.0
	// levels 432 432 432 432, trend 0.0 a week
}

// A plan: phone calls beside a roster of five agents, the gap per half
// hour.
func ExampleNewPlan() {
	desk, err := calendar.New(mustLoad("Europe/Oslo"), calendar.MustParseWeek("mon-fri 08:00-16:00"))
	if err != nil {
		fmt.Println(err)
		return
	}
	start := time.Date(2026, 5, 13, 8, 0, 0, 0, desk.Location())
	var forecast []staffing.Slot
	for i, calls := range []float64{6, 14, 20, 12} {
		s := start.Add(time.Duration(i) * 30 * time.Minute)
		forecast = append(forecast, staffing.Slot{Start: s, End: s.Add(30 * time.Minute), Arrivals: calls})
	}
	phone := staffing.Channel{Name: "phone", Kind: staffing.KindQueue, AHT: 5 * time.Minute, Hours: desk,
		Patience: 2 * time.Minute, Target: staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	roster, err := staffing.HoursRoster(desk, start, start.Add(2*time.Hour), 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := staffing.NewPlan([]staffing.Demand{{Channel: phone, Forecast: forecast}}, roster, 0.25)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range plan.Rows {
		fmt.Printf("%s calls %2.0f agents %d positions %d rostered %.0f gap %+.0f\n",
			r.Start.Format("15:04"), r.Needs[0].Arrivals, r.Agents, r.Positions, r.Rostered, r.Gap)
	}
	// Output:
	// 08:00 calls  6 agents 3 positions 4 rostered 5 gap +1
	// 08:30 calls 14 agents 4 positions 6 rostered 5 gap -1
	// 09:00 calls 20 agents 5 positions 7 rostered 5 gap -2
	// 09:30 calls 12 agents 4 positions 6 rostered 5 gap -1
}

// A backtest forecasts the last week of the history from the weeks before
// it and reports the weighted absolute percentage error. Here the weeks
// repeat except for 30 more arrivals on one Tuesday morning.
func ExampleNewBacktest() {
	desk, err := calendar.New(mustLoad("Europe/Oslo"), calendar.MustParseWeek("mon-fri 08:00-16:00"))
	if err != nil {
		fmt.Println(err)
		return
	}
	from, to := calendar.Date{Year: 2026, Month: 4, Day: 6}, calendar.Date{Year: 2026, Month: 5, Day: 4}
	var arrivals []time.Time
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		if !desk.Day(d).Open() {
			continue
		}
		for m := 0; m < 8*60; m += 10 {
			arrivals = append(arrivals, time.Date(d.Year, d.Month, d.Day, 8, m, 0, 0, desk.Location()))
		}
	}
	for i := range 30 {
		arrivals = append(arrivals, time.Date(2026, 4, 28, 9, i, 0, 0, desk.Location()))
	}
	b, err := staffing.NewBacktest(staffing.History{Arrivals: arrivals, From: from, To: to},
		calendar.Date{Year: 2026, Month: 4, Day: 27}, 7, staffing.ForecastConfig{Calendar: desk, Weeks: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("WAPE per interval %.1f%%, per day %.1f%%\n", 100*b.WAPEInterval, 100*b.WAPEDay)
	for _, d := range b.Days[:2] {
		fmt.Printf("%s: %.0f arrived, %.0f forecast, WAPE %.1f%%\n", d.Date, d.Actual, d.Forecast, 100*d.WAPE)
	}
	// Output:
	// WAPE per interval 11.1%, per day 11.1%
	// 2026-04-27: 48 arrived, 48 forecast, WAPE 0.0%
	// 2026-04-28: 78 arrived, 48 forecast, WAPE 38.5%
}
