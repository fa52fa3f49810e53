package main

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

//go:embed page.xhtml
var pageSource string

var page = template.Must(template.New("page").Funcs(template.FuncMap{"n": num}).Parse(pageSource))

// num formats a coordinate with one decimal at most.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// chart is one inline SVG drawing: rectangles, lines, a polyline and text,
// already laid out, so the template only writes them down.
type chart struct {
	ID, Title, Note string
	W, H            float64
	Shapes          []shape
}

// shape is one SVG element; Kind picks which.
type shape struct {
	Kind          string // "rect", "line", "polyline" or "text"
	X, Y, W, H    float64
	X2, Y2        float64
	Points        string
	Class, Anchor string
	Opacity       string // fill-opacity of a rect; "" for none
	Title, Text   string
	Value         string // the number the shape stands for (data-value)
}

// view is what the template receives.
type view struct {
	Title, Period string
	Summary       []string
	Charts        []chart
}

// render writes the page for f.
func render(w io.Writer, f figures) error {
	v := view{
		Title:  f.Title,
		Period: fmt.Sprintf("%s – %s", f.From.Format("Mon 2 Jan 2006"), f.To.AddDate(0, 0, -1).Format("Mon 2 Jan 2006")),
		Summary: []string{
			fmt.Sprintf("%d tickets created (%d merged away and left out)", f.Tickets, f.Merged),
			fmt.Sprintf("first reply: median %s, p90 %s (business time)", short(f.FirstReply.Median), short(f.FirstReply.P90)),
			fmt.Sprintf("resolution: median %s, p90 %s (business time)", short(f.Resolution.Median), short(f.Resolution.P90)),
			csatSummary(f),
		},
		Charts: []chart{
			heatmap(f), perDay(f),
			histogram("first-reply", "First reply", "Business time from creation to the first public reply by an agent.", f.FirstReply),
			histogram("resolution", "Resolution", "Business time from creation to the last solve, solved tickets only.", f.Resolution),
			csatChart(f), slaChart(f), agentChart(f),
		},
	}
	if f.Staffing != nil {
		v.Charts = append(v.Charts, staffingChart(f))
	}
	return page.Execute(w, v)
}

// csatSummary is the desk's CSAT over the case types not excluded.
func csatSummary(f figures) string {
	var good, rated int
	for _, r := range f.CSAT {
		if !r.Excluded {
			good, rated = good+r.Good, rated+r.Rated
		}
	}
	if rated == 0 {
		return "CSAT: no ratings"
	}
	return fmt.Sprintf("CSAT: %.1f%% (%d of %d ratings 4 or 5 of 5; excluded: %s)", 100*float64(good)/float64(rated), good, rated, strings.Join(f.Excluded, ", "))
}

// short prints a duration in hours and minutes.
func short(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}

var weekdays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func heatmap(f figures) chart {
	const cell, cellH, left, top = 30.0, 20.0, 40.0, 18.0
	c := chart{ID: "heatmap", Title: "When tickets arrive",
		Note: "New tickets by weekday and local hour; darker is busier.", W: left + 24*cell + 4, H: top + 7*cellH + 4}
	peak := 1
	for _, row := range f.Heat {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	for h := 0; h < 24; h += 2 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + float64(h)*cell + cell/2, Y: top - 5, Anchor: "middle", Class: "axis", Text: fmt.Sprintf("%02d", h)})
	}
	for d, row := range f.Heat {
		y := top + float64(d)*cellH
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left - 6, Y: y + cellH*0.7, Anchor: "end", Class: "axis", Text: weekdays[d]})
		for h, n := range row {
			c.Shapes = append(c.Shapes, shape{Kind: "rect", X: left + float64(h)*cell, Y: y, W: cell - 2, H: cellH - 2,
				Class: "heat", Opacity: num(float64(int(1000*(0.04+0.96*float64(n)/float64(peak)))) / 1000),
				Title: fmt.Sprintf("%s %02d:00–%02d:59: %d", weekdays[d], h, h, n), Value: strconv.Itoa(n)})
		}
	}
	return c
}

func perDay(f figures) chart {
	const left, top, plotW, plotH = 40.0, 10.0, 720.0, 160.0
	c := chart{ID: "per-day", Title: "New tickets per day",
		Note: "Bars: new tickets (grey on days the desk is closed). Line: new tickets per working day over the last seven days.",
		W:    left + plotW + 10, H: top + plotH + 34}
	peak := 1.0
	for _, d := range f.Days {
		peak = max(peak, float64(d.New), d.PerWorkingDay)
	}
	bw := plotW / float64(len(f.Days))
	scale := func(v float64) float64 { return top + plotH - plotH*v/peak }
	c.Shapes = append(c.Shapes,
		shape{Kind: "line", X: left, Y: top + plotH, X2: left + plotW, Y2: top + plotH, Class: "axis-line"},
		shape{Kind: "text", X: left - 6, Y: top + 8, Anchor: "end", Class: "axis", Text: strconv.Itoa(int(peak))},
		shape{Kind: "text", X: left - 6, Y: top + plotH, Anchor: "end", Class: "axis", Text: "0"})
	var points []byte
	every := max(1, (len(f.Days)+9)/10)
	for i, d := range f.Days {
		x := left + float64(i)*bw
		class := "bar"
		if !d.Working {
			class = "bar closed"
		}
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: x + 1, Y: scale(float64(d.New)), W: max(bw-2, 1), H: plotH * float64(d.New) / peak,
			Class: class, Title: fmt.Sprintf("%s: %d new", d.Date.Format("Mon 2 Jan"), d.New), Value: strconv.Itoa(d.New)})
		if i%every == 0 {
			c.Shapes = append(c.Shapes, shape{Kind: "text", X: x + bw/2, Y: top + plotH + 14, Anchor: "middle", Class: "axis", Text: d.Date.Format("2 Jan")})
		}
		if d.Trend {
			points = fmt.Appendf(points, "%s,%s ", num(round1(x+bw/2)), num(round1(scale(d.PerWorkingDay))))
		}
	}
	c.Shapes = append(c.Shapes, shape{Kind: "polyline", Points: string(points), Class: "trend",
		Title: "new tickets per working day, trailing seven days"})
	return c
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// binWidths are the histogram bin widths to choose from.
var binWidths = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour}

// histogram draws a distribution in 20 bins of a round width that covers
// twice its p90, the last bin holding everything longer, with the median
// and p90 marked.
func histogram(id, title, note string, d distribution) chart {
	const left, top, plotW, plotH, bins = 40.0, 22.0, 720.0, 120.0, 20
	c := chart{ID: id, Title: title, Note: note, W: left + plotW + 10, H: top + plotH + 34}
	width := binWidths[len(binWidths)-1]
	for _, w := range binWidths {
		if bins*w >= 2*d.P90 {
			width = w
			break
		}
	}
	limit := bins * width
	var counts [bins]int
	for _, v := range d.Values {
		counts[min(int(v/width), bins-1)]++
	}
	peak := 1
	for _, n := range counts {
		peak = max(peak, n)
	}
	bw := plotW / bins
	for i, n := range counts {
		h := plotH * float64(n) / float64(peak)
		label := fmt.Sprintf("%s–%s: %d", short(time.Duration(i)*width), short(time.Duration(i+1)*width), n)
		if i == bins-1 {
			label = fmt.Sprintf("%s or more: %d", short(time.Duration(i)*width), n)
		}
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: left + float64(i)*bw + 1, Y: top + plotH - h, W: bw - 2, H: h,
			Class: "bar", Title: label, Value: strconv.Itoa(n)})
	}
	for i := 0; i <= bins; i += 5 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + float64(i)*bw, Y: top + plotH + 14, Anchor: "middle", Class: "axis", Text: short(time.Duration(i) * width)})
	}
	mark := func(name string, v time.Duration, class string) {
		x := left + plotW*min(float64(v)/float64(limit), 1)
		c.Shapes = append(c.Shapes,
			shape{Kind: "line", X: x, Y: top - 4, X2: x, Y2: top + plotH, Class: class},
			shape{Kind: "text", X: x + 3, Y: top - 8, Class: "mark", Text: name + " " + short(v), Value: strconv.FormatInt(int64(v/time.Second), 10)})
	}
	mark("median", d.Median, "median")
	mark("p90", d.P90, "p90")
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + plotW, Y: top - 8, Anchor: "end", Class: "axis", Text: fmt.Sprintf("%d tickets", len(d.Values))})
	return c
}

// bar is one row of a horizontal bar chart.
type bar struct {
	Label, Text, Class string
	Value, Max         float64
	Data               string
}

func hbars(id, title, note string, rows []bar) chart {
	const left, rowH, plotW = 150.0, 22.0, 480.0
	c := chart{ID: id, Title: title, Note: note, W: left + plotW + 120, H: rowH*float64(len(rows)) + 8}
	for i, r := range rows {
		y := 4 + float64(i)*rowH
		w := 0.0
		if r.Max > 0 {
			w = plotW * r.Value / r.Max
		}
		c.Shapes = append(c.Shapes,
			shape{Kind: "text", X: left - 8, Y: y + rowH*0.65, Anchor: "end", Class: "label", Text: r.Label},
			shape{Kind: "rect", X: left, Y: y, W: w, H: rowH - 6, Class: r.Class, Title: r.Label + ": " + r.Text, Value: r.Data},
			shape{Kind: "text", X: left + w + 6, Y: y + rowH*0.65, Class: "value", Text: r.Text})
	}
	return c
}

func csatChart(f figures) chart {
	var rows []bar
	for _, r := range f.CSAT {
		if r.Excluded {
			rows = append(rows, bar{Label: r.Category, Value: 60, Max: 100, Class: "bar excluded",
				Text: fmt.Sprintf("excluded (%d rated)", r.Rated), Data: fmt.Sprintf("excluded/%d", r.Rated)})
			continue
		}
		pct := 100 * float64(r.Good) / float64(r.Rated)
		rows = append(rows, bar{Label: r.Category, Value: pct, Max: 100, Class: "bar",
			Text: fmt.Sprintf("%.0f%% (%d of %d)", pct, r.Good, r.Rated), Data: fmt.Sprintf("%d/%d", r.Good, r.Rated)})
	}
	return hbars("csat", "Satisfaction by case type",
		"Share of ratings of 4 or 5 out of 5, per case type; greyed-out types are outside the desk's control and excluded from CSAT.", rows)
}

func slaChart(f figures) chart {
	var rows []bar
	for _, t := range f.Targets {
		in := "24/7"
		if t.Business {
			in = "business"
		}
		pct := 0.0
		if t.Total > 0 {
			pct = 100 * float64(t.Met) / float64(t.Total)
		}
		rows = append(rows, bar{Label: fmt.Sprintf("%s, %s %s", t.Priority, short(t.Target), in), Value: pct, Max: 100, Class: "bar sla",
			Text: fmt.Sprintf("%.1f%% (%d of %d)", pct, t.Met, t.Total), Data: fmt.Sprintf("%d/%d", t.Met, t.Total)})
	}
	return hbars("sla", "First-reply SLA per priority",
		"Achieved first-reply clocks of all achieved or breached ones, under the desk's SLA policy (clocks still running are left out).", rows)
}

func agentChart(f figures) chart {
	var rows []bar
	peak := 1
	for _, a := range f.Agents {
		peak = max(peak, a.Conversations)
	}
	for _, a := range f.Agents {
		rows = append(rows, bar{Label: a.Agent, Value: float64(a.Conversations), Max: float64(peak), Class: "bar",
			Text: strconv.Itoa(a.Conversations), Data: strconv.Itoa(a.Conversations)})
	}
	return hbars("agents", "Conversations per agent", "Tickets each agent worked on.", rows)
}
