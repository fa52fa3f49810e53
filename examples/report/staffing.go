package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/staffing"
	"github.com/servicedesk-go/desk/ticket"
)

// The staffing chart's assumptions, where the tickets say nothing.
const (
	staffShrinkage = 0.25
	staffPatience  = 2 * time.Minute // callers' mean patience
	staffEmailAHT  = 6 * time.Minute // handling time of an email or form (nobody logs it)
	staffWindow    = 4 * time.Hour   // first reply to an email within 4 business hours
)

// staffRow is one half hour of the period's average working day.
type staffRow struct {
	Clock     time.Duration // since local midnight
	Arrivals  [3]float64    // phone, chat, email and forms: mean per working day
	Positions int           // scheduled positions needed, after shrinkage
	Rostered  float64
}

// staffGroups are the plan's channels: phone, chat, and everything
// answered later.
var staffGroups = [3][]ticket.Channel{
	{ticket.ChannelPhone}, {ticket.ChannelChat},
	{ticket.ChannelEmail, ticket.ChannelWeb, ticket.ChannelSocial, ticket.ChannelPost},
}

// staffDay plans the period's average working day: the mean arrivals per
// half hour and channel over the working days of [from, to), staffed with
// package staffing (phone under Erlang A, chat two at a time, email by
// workload within its first-reply window), beside headcount agents on the
// desk's open hours. The day is planned after a copy of itself, so the
// emails of the evening before reach its morning. It returns nil when the
// period has no working day after a working day.
func staffDay(hours *calendar.Calendar, from, to time.Time, histories [][]ticket.Event, r *metrics.Report, headcount int) ([]staffRow, error) {
	first, last := hours.DateOf(from), hours.DateOf(to.Add(-time.Nanosecond))
	var working []calendar.Date
	for d := first; d.Compare(last) <= 0; d = d.AddDays(1) {
		if hours.Day(d).Kind == calendar.DayOpen {
			working = append(working, d)
		}
	}
	var model calendar.Date // a working day after a working day, to plan on
	for _, d := range working {
		if hours.Day(d.AddDays(-1)).Kind == calendar.DayOpen {
			model = d
			break
		}
	}
	if model.Year == 0 {
		return nil, nil
	}
	isWorking := map[calendar.Date]bool{}
	for _, d := range working {
		isWorking[d] = true
	}
	var counts [3][48]float64
	loc := hours.Location()
	for _, h := range histories {
		c, ok := h[0].Data.(ticket.Created)
		at := h[0].At
		if !ok || at.Before(from) || !at.Before(to) || !isWorking[hours.DateOf(at)] {
			continue
		}
		lt := at.In(loc)
		for g, chs := range staffGroups {
			for _, ch := range chs {
				if c.Channel == ch {
					counts[g][(lt.Hour()*60+lt.Minute())/30]++
				}
			}
		}
	}
	aht := func(ch ticket.Channel, fallback time.Duration) time.Duration {
		if a := r.Workload.Channels[ch]; a != nil {
			if v, ok := a.Value(); ok && v > 0 {
				return v
			}
		}
		return fallback
	}
	channels := [3]staffing.Channel{
		{Name: "phone", Kind: staffing.KindQueue, AHT: aht(ticket.ChannelPhone, 10*time.Minute), Hours: hours, Patience: staffPatience,
			Target: staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 0.85}},
		{Name: "chat", Kind: staffing.KindChat, AHT: aht(ticket.ChannelChat, 12*time.Minute), Hours: hours, Concurrency: 2,
			Target: staffing.Target{ServiceLevel: 0.8, Within: time.Minute, MaxOccupancy: 0.85}},
		{Name: "email", Kind: staffing.KindAsync, AHT: staffEmailAHT, Hours: hours, Window: staffWindow,
			Target: staffing.Target{MaxOccupancy: 0.85}},
	}
	// Two copies of the average day: the day before the model date and
	// the model date.
	var demands []staffing.Demand
	for g := range staffGroups {
		var slots []staffing.Slot
		for _, d := range []calendar.Date{model.AddDays(-1), model} {
			for i := range 48 {
				start := time.Date(d.Year, d.Month, d.Day, 0, 30*i, 0, 0, loc)
				slots = append(slots, staffing.Slot{Start: start, End: start.Add(30 * time.Minute),
					Arrivals: counts[g][i] / float64(len(working))})
			}
		}
		demands = append(demands, staffing.Demand{Channel: channels[g], Forecast: slots})
	}
	roster, err := staffing.HoursRoster(hours, hours.StartOf(model.AddDays(-1)), hours.StartOf(model.AddDays(1)), headcount)
	if err != nil {
		return nil, err
	}
	plan, err := staffing.NewPlan(demands, roster, staffShrinkage)
	if err != nil {
		return nil, err
	}
	rows := make([]staffRow, 48)
	for i, p := range plan.Rows[48:] {
		rows[i] = staffRow{Clock: time.Duration(i) * 30 * time.Minute, Positions: p.Positions, Rostered: p.Rostered}
		for g := range staffGroups {
			rows[i].Arrivals[g] = p.Needs[g].Arrivals
		}
	}
	return rows, nil
}

// staffingSection is the staffing chart with its assumptions, or says why
// there is none.
func staffingSection(f figures) section {
	s := section{ID: "staffing", Title: "Agents needed by half hour",
		Note: fmt.Sprintf("Scheduled positions an average working day needs (package metrics/staffing: phone under Erlang A, 80%% in 20 s; chat two at a time; "+
			"email within 4 business hours; %.0f%% shrinkage), beside %s rostered on the open hours.", 100*staffShrinkage, plural(f.Headcount, "agent"))}
	if f.Staffing == nil {
		s.Lines = []string{"– (no working day after a working day in the period to plan on)"}
		return s
	}
	short, peak := 0, 0
	for _, r := range f.Staffing {
		if float64(r.Positions) > r.Rostered {
			short++
		}
		peak = max(peak, r.Positions)
	}
	s.Lines = []string{fmt.Sprintf("at most %d positions needed in a half hour; %s short of the roster", peak, plural(short, "half hour"))}
	s.Charts = []chart{staffingChart(f)}
	return s
}

// staffingChart draws the positions needed per half hour as bars and the
// agents rostered as a step line.
func staffingChart(f figures) chart {
	const left, top, plotH = 56.0, 28.0, 140.0
	plotW := chartW - left - 10
	c := chart{ID: "staffing-chart", Title: "Agents needed by half hour",
		Desc: fmt.Sprintf("Bars: scheduled positions an average working day needs per half hour. Line: %s rostered.", plural(f.Headcount, "agent")),
		W:    chartW, H: top + plotH + 66}
	peak := 0.0
	for _, r := range f.Staffing {
		peak = max(peak, float64(r.Positions), r.Rostered)
	}
	axisMax := yAxis(&c, left, top, plotH, peak, "agents")
	bw := plotW / 48
	scale := func(v float64) float64 { return top + plotH - plotH*v/axisMax }
	var points []byte
	for i, r := range f.Staffing {
		x := left + float64(i)*bw
		clock := fmt.Sprintf("%02d:%02d", int(r.Clock.Hours()), int(r.Clock.Minutes())%60)
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: x + 1, Y: scale(float64(r.Positions)), W: bw - 2, H: plotH * float64(r.Positions) / axisMax,
			Class: "bar", Title: fmt.Sprintf("%s: %d positions for %.1f calls, %.1f chats, %.1f emails; %.0f rostered", clock, r.Positions, r.Arrivals[0], r.Arrivals[1], r.Arrivals[2], r.Rostered),
			Value: strconv.Itoa(r.Positions)})
		y := num(scale(r.Rostered))
		points = fmt.Appendf(points, "%s,%s %s,%s ", num(x), y, num(x+bw), y)
		if i%4 == 0 {
			c.Shapes = append(c.Shapes, shape{Kind: "text", X: x, Y: top + plotH + 18, Anchor: "middle", Class: "axis", Text: clock[:2]})
		}
	}
	c.Shapes = append(c.Shapes,
		shape{Kind: "polyline", Points: strings.TrimSpace(string(points)), Class: "trend", Title: "agents rostered"},
		shape{Kind: "text", X: left + plotW/2, Y: top + plotH + 34, Anchor: "middle", Class: "axis unit", Text: "local time of day (half hours)"})
	legend(&c, top+plotH+44, []legendItem{{"bar", "positions needed"}, {"trend", "agents rostered"}})
	return c
}
