package main

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
)

//go:embed page.xhtml
var pageSource string

var page = template.Must(template.New("page").Funcs(template.FuncMap{"n": num}).Parse(pageSource))

// num formats a coordinate with one decimal at most.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// chart is one inline SVG drawing: rectangles, lines, a polyline and text,
// already laid out, so the template only writes them down. Title and Desc
// become the drawing's <title> and <desc> for screen readers.
type chart struct {
	ID, Title, Desc string
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

// table is an HTML table of figures; the first column names the row.
type table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// link is an anchor to a part of the page.
type link struct{ Href, Text string }

// section is one question the page answers: a heading, a note on what the
// figures mean, lines of findings, charts and tables, and sub-sections
// (one per work group, say) reached from a list of anchors.
type section struct {
	ID, Title, Note string
	Lines           []string
	Charts          []chart
	Tables          []table
	Sub             bool // a sub-section, headed h3
	Subs            []section
}

// view is what the template receives.
type view struct {
	Title, Period string
	Summary       []string
	Contents      []link
	Sections      []section
}

// sectionIDs are the sections every page has, in order.
var sectionIDs = []string{"groups", "fcr", "csat", "conversations", "arrivals", "customers", "volume-change",
	"workflows", "case-types", "distributions", "aht", "backlog", "sla", "staffing"}

// render writes the page for f.
func render(w io.Writer, f figures) error {
	v := view{
		Title:  f.Title,
		Period: fmt.Sprintf("%s – %s (%s)", f.From.Format("Mon 2 Jan 2006"), f.To.AddDate(0, 0, -1).Format("Mon 2 Jan 2006"), f.From.Location()),
		Summary: []string{
			createdLine(f),
			fmt.Sprintf("first reply: %s (business time)", medianP90(f.FirstReply)),
			fmt.Sprintf("resolution: %s (business time)", medianP90(f.Resolution)),
			"CSAT: " + rate(f.CSATDesk) + " ratings of 4 or 5 of 5, " + exclusionText(f),
		},
		Sections: []section{
			groupsSection(f), fcrSection(f), csatSection(f), conversationsSection(f), arrivalsSection(f),
			customersSection(f), changeSection(f), workflowsSection(f), caseTypesSection(f),
			distributionsSection(f), ahtSection(f), backlogSection(f), slaSection(f), staffingSection(f),
		},
	}
	for _, s := range v.Sections {
		v.Contents = append(v.Contents, link{Href: "#" + s.ID, Text: s.Title})
	}
	return page.Execute(w, v)
}

// createdLine says how many tickets the page counts, and which it leaves
// out: the same number as the title.
func createdLine(f figures) string {
	line := fmt.Sprintf("%s created in the period: %d counted (%d resolved, %d still open), %d merged away and left out",
		plural(f.Created, "ticket"), f.Tickets, f.Resolved, f.Tickets-f.Resolved, f.Merged)
	if other := f.Created - f.Tickets - f.Merged; other > 0 {
		line += fmt.Sprintf(", %d left out by the report's filters", other)
	}
	return line
}

// Number formats, one way throughout the page.

// rate prints a rate as "85.7% (6 of 7)", and 0/0 as "– (no tickets)".
func rate(r metrics.Rate) string {
	p, ok := r.Percent(1, metrics.RoundHalfEven)
	if !ok {
		return "– (no tickets)"
	}
	return fmt.Sprintf("%s%% (%d of %d)", p.StringFixed(1), r.Numerator, r.Denominator)
}

// percent is a rate's value in percent, for drawing; ok is false for 0/0.
func percent(r metrics.Rate) (float64, bool) {
	p, ok := r.Percent(1, metrics.RoundHalfEven)
	return p.InexactFloat64(), ok
}

// dur prints a duration to the minute as "1 h 07 m", "45 m" or "0 m".
func dur(d time.Duration) string {
	d = d.Round(time.Minute)
	if d < time.Hour {
		return fmt.Sprintf("%d m", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h %02d m", int(d.Hours()), int(d.Minutes())%60)
}

// stat prints a distribution's median and p90, or "– (no tickets)".
func stat(d distribution) string {
	if len(d.Values) == 0 {
		return nothing(d)
	}
	return fmt.Sprintf("%s / %s", dur(d.Median), dur(d.P90))
}

// medianP90 prints a distribution as "median 1 h 07 m, p90 5 h 05 m", or
// says why it has none.
func medianP90(d distribution) string {
	if len(d.Values) == 0 {
		return nothing(d)
	}
	return fmt.Sprintf("median %s, p90 %s", dur(d.Median), dur(d.P90))
}

// nothing says why a distribution has no values: no tickets, or tickets
// still waiting for what it measures.
func nothing(d distribution) string {
	if d.Waiting > 0 {
		return fmt.Sprintf("– (none yet, %d waiting)", d.Waiting)
	}
	return "– (no tickets)"
}

// mean prints a mean with one decimal, or "– (no tickets)".
func mean(m metrics.Mean) string {
	v, ok := m.Value(1, metrics.RoundHalfEven)
	if !ok {
		return "– (no tickets)"
	}
	return v.StringFixed(1)
}

// plural prints "1 ticket" or "2 tickets".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func exclusionText(f figures) string {
	if len(f.Excluded) == 0 {
		return "no case type excluded"
	}
	n := 0
	for _, c := range f.ExcludedWhy {
		n += c
	}
	return fmt.Sprintf("%s excluded (%s: outside the desk's control)", plural(n, "rated ticket"), strings.Join(f.Excluded, ", "))
}

func hour(h int) string { return fmt.Sprintf("%02d:00–%02d:59", h, h) }

var weekdays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// Sections.

func groupsSection(f figures) section {
	s := section{ID: "groups", Title: "Response and resolution per work group",
		Note: "Each group's first reply and resolution against the SLA target of each priority (the desk's policies: " +
			"first reply, and requester wait — the resolution clock that stops while the customer is asked to answer). " +
			"Times are medians / 90th percentiles on the target's clock; achieved counts clocks met of those met or breached."}
	var rows []bar
	for _, g := range f.Groups {
		slug := "group-" + strings.ReplaceAll(g.Group, " ", "-")
		rows = append(rows, rateBar(g.Group+" · first reply", g.FirstReplySLA, "bar sla"),
			rateBar(g.Group+" · resolution", g.ResolutionSLA, "bar sla2"))
		sub := section{ID: slug, Title: "Work group: " + g.Group, Sub: true,
			Lines: []string{
				fmt.Sprintf("%s; first reply median / p90 %s, resolution %s (business time); %d still waiting for a first reply",
					plural(g.Tickets, "ticket"), stat(g.FirstReply), stat(g.Resolution), g.FirstReply.Waiting),
				"first-reply SLA achieved: " + rate(g.FirstReplySLA) + "; resolution SLA achieved: " + rate(g.ResolutionSLA),
			}}
		t := table{Caption: g.Group + ": per priority against its targets",
			Head: []string{"priority", "tickets", "first reply target", "median / p90", "achieved", "resolution target", "median / p90", "achieved"}}
		for _, p := range g.Priorities {
			t.Rows = append(t.Rows, []string{string(p.Priority), strconv.Itoa(p.Tickets),
				targetText(p.target.FirstReply, p.Business), stat(p.FirstReply), rate(p.FirstReplySLA),
				targetText(p.Resolution, p.Business), stat(p.RequesterWait), rate(p.ResolutionSLA)})
		}
		sub.Tables = []table{t}
		s.Subs = append(s.Subs, sub)
	}
	s.Charts = []chart{hbars("groups-sla", "SLA achievement per work group",
		"Share of first-reply and resolution (requester wait) SLA clocks achieved, per work group.", rows, "achieved, % of clocks met or breached")}
	return s
}

func targetText(d time.Duration, business bool) string {
	if d == 0 {
		return "– (none)"
	}
	if business {
		return dur(d) + " business"
	}
	return dur(d) + " 24/7"
}

func fcrSection(f figures) section {
	s := section{ID: "fcr", Title: "First-contact resolution and reopens",
		Note: "Resolved tickets solved on the first contact (one agent reply, never reopened), tickets reopened after a solve, " +
			"and the interactions it took to resolve each ticket."}
	s.Tables = []table{{Caption: "Rates with their numerator and denominator",
		Head: []string{"measure", "value", "numerator", "denominator"},
		Rows: [][]string{
			rateRow("first-contact resolution", "resolved on first contact", "resolved tickets", f.FCR),
			rateRow("one-touch", "resolved with one agent reply", "resolved tickets", f.OneTouch),
			rateRow("reopened", "reopened at least once", "tickets solved at least once", f.Reopened),
			{"reopens", strconv.Itoa(f.Reopens), "reopens in all", "–"},
		}}}
	s.Charts = []chart{
		countHistogram("interactions", "Interactions to resolve",
			"Resolved tickets by the number of agent replies and customer messages up to the last solve.", f.Interactions, 12, "interactions (agent replies + customer messages)"),
		countHistogram("replies", "Agent replies to resolve",
			"Resolved tickets by the number of public agent replies up to the last solve.", f.Replies, 8, "agent replies"),
	}
	return s
}

func rateRow(name, num, den string, r metrics.Rate) []string {
	return []string{name, rate(r), fmt.Sprintf("%d %s", r.Numerator, num), fmt.Sprintf("%d %s", r.Denominator, den)}
}

func csatSection(f figures) section {
	s := section{ID: "csat", Title: "Customer satisfaction",
		Note: "Share of ratings of 4 or 5 out of 5. Case types outside the desk's control are excluded from CSAT and shown greyed out."}
	s.Lines = []string{
		"the desk's CSAT: " + rate(f.CSATDesk) + "; with the excluded types: " + rate(f.CSATAll),
		fmt.Sprintf("satisfied (4–5): %d, neutral (3): %d, dissatisfied (1–2): %d", f.Scores[4]+f.Scores[5], f.Scores[3], f.Scores[1]+f.Scores[2]),
	}
	for _, why := range sortedKeys(f.ExcludedWhy) {
		reason := why
		if why == string(metrics.ReasonCategoryExcluded) {
			reason = "case type outside the desk's control (" + strings.Join(f.Excluded, ", ") + ")"
		}
		s.Lines = append(s.Lines, fmt.Sprintf("excluded from CSAT: %s — %s", plural(f.ExcludedWhy[why], "rated ticket"), reason))
	}
	var rows []bar
	for _, r := range f.CSAT {
		if r.Excluded {
			rows = append(rows, bar{Label: r.Category, Value: 0, Max: 100, Class: "bar excluded",
				Text: fmt.Sprintf("excluded (%s)", plural(r.Rated, "rating")), Data: fmt.Sprintf("excluded/%d", r.Rated)})
			continue
		}
		rows = append(rows, rateBar(r.Category, metrics.Rate{Numerator: r.Good, Denominator: r.Rated}, "bar"))
	}
	s.Charts = append(s.Charts, hbars("csat-type", "Satisfaction by case type", "CSAT per case type; excluded types greyed out.", rows, "CSAT, % of ratings 4 or 5"))
	s.Charts = append(s.Charts, scoreChart(f))
	var weeks []bar
	for _, w := range f.CSATWeeks {
		weeks = append(weeks, rateBar(w.Label+" ("+w.Start.Format("2 Jan")+")", w.Rate, "bar"))
	}
	s.Charts = append(s.Charts, hbars("csat-week", "Satisfaction per week", "CSAT per ISO week of the ticket's creation, excluded types left out.", weeks, "CSAT, % of ratings 4 or 5"))
	var agents []bar
	for _, a := range f.CSATAgents {
		agents = append(agents, rateBar(a.Agent, a.Rate, "bar"))
	}
	s.Charts = append(s.Charts, hbars("csat-agent", "Satisfaction per agent", "CSAT of the tickets credited to each agent, excluded types left out.", agents, "CSAT, % of ratings 4 or 5"))
	return s
}

func conversationsSection(f figures) section {
	s := section{ID: "conversations", Title: "Conversations per agent",
		Note: "Tickets each agent replied on (a conversation), beside the tickets the agent touched at all and the public replies sent."}
	var rows []bar
	peak := 1
	for _, a := range f.Agents {
		peak = max(peak, a.Conversations)
	}
	t := table{Caption: "Workload per agent", Head: []string{"agent", "conversations", "tickets touched", "public replies"}}
	for _, a := range f.Agents {
		rows = append(rows, bar{Label: a.Agent, Value: float64(a.Conversations), Max: float64(peak), Class: "bar",
			Text: strconv.Itoa(a.Conversations), Data: strconv.Itoa(a.Conversations)})
		t.Rows = append(t.Rows, []string{a.Agent, strconv.Itoa(a.Conversations), strconv.Itoa(a.Touched), strconv.Itoa(a.Replies)})
	}
	s.Charts = []chart{hbarsScale("agents", "Conversations per agent", "Tickets each agent replied on.", rows, "conversations (tickets replied on)", float64(peak))}
	s.Tables = []table{t}
	return s
}

func arrivalsSection(f figures) section {
	s := section{ID: "arrivals", Title: "New conversations by hour and day",
		Note: "New tickets by local hour, by weekday × hour, and per day with the days the desk is closed greyed out."}
	var names []string
	for _, h := range f.BusiestHours {
		names = append(names, fmt.Sprintf("%s (%d new)", hour(h), f.Hours[h]))
	}
	if len(names) > 0 {
		s.Lines = append(s.Lines, "busiest hours: "+strings.Join(names, ", "))
	}
	if f.BusiestOK {
		s.Lines = append(s.Lines, fmt.Sprintf("busiest hour on average: %02d:00 (%s new tickets a day); busiest weekday: %s (%s new tickets on each)",
			f.Busiest.Hour, f.Busiest.HourAverage, f.Busiest.Weekday, f.Busiest.WeekdayAverage))
	}
	labels := make([]string, 24)
	for h := range labels {
		labels[h] = fmt.Sprintf("%02d", h)
	}
	byHour := vbars("by-hour", "New tickets by hour", "New tickets in each local hour of the day, over the whole period; the busiest hours darker.",
		labels, f.Hours[:], "new tickets", "local hour of day", 2)
	h := 0
	for i := range byHour.Shapes {
		if sh := &byHour.Shapes[i]; sh.Kind == "rect" {
			if slices.Contains(f.BusiestHours, h) {
				sh.Class = "bar busy"
			}
			h++
		}
	}
	s.Charts = []chart{byHour, heatmap(f), perDay(f)}
	return s
}

func customersSection(f figures) section {
	s := section{ID: "customers", Title: "Customers taking the most agent time",
		Note: "Agents' time on each customer's tickets: logged handling time where an agent logged any, else the time the agent was assigned while the ticket was active (marked “assigned”)."}
	t := table{Caption: "Top customers by agent time", Head: []string{"customer", "tickets", "agent time", "agents spending most time"}}
	for _, c := range f.Customers {
		var agents []string
		for i, a := range c.Agents {
			if i == 3 {
				break
			}
			text := a.Agent + " " + dur(a.Time)
			if a.Proxy {
				text += " assigned"
			}
			agents = append(agents, text)
		}
		t.Rows = append(t.Rows, []string{c.Customer, strconv.Itoa(c.Tickets), dur(c.Time), strings.Join(agents, ", ")})
	}
	if len(t.Rows) == 0 {
		t.Rows = [][]string{{"–", "0", "–", "no tickets"}}
	}
	s.Tables = []table{t}
	return s
}

func changeSection(f figures) section {
	s := section{ID: "volume-change", Title: "Change in ticket volume",
		Note: "The last week, month and year of the period against the one before: per working day (weekends and holidays ignored) beside the raw change in new tickets."}
	t := table{Caption: "Period over period", Head: []string{"period", "current", "previous", "per working day", "change per working day", "raw change"}}
	for _, c := range f.Changes {
		cur := fmt.Sprintf("%s – %s: %s on %s", c.CurrentFrom, c.CurrentTo.AddDays(-1), plural(c.Current, "ticket"), plural(c.CurrentDays, "working day"))
		prev := fmt.Sprintf("%s – %s: %s on %s", c.PreviousFrom, c.PreviousTo.AddDays(-1), plural(c.Previous, "ticket"), plural(c.PreviousDays, "working day"))
		perDay, pct, raw := "–", "–", "–"
		switch {
		case c.Outside:
			pct, raw = "– (the data does not cover both "+string(c.Period)+"s)", "–"
		default:
			if a, b, ok := c.PerDay(1, metrics.RoundHalfEven); ok {
				perDay = a.StringFixed(1) + " vs " + b.StringFixed(1)
			}
			if p, ok := c.Percent(1, metrics.RoundHalfEven); ok {
				pct = signed(p.StringFixed(1)) + "%"
			} else {
				pct = "– (no tickets before)"
			}
			if c.Previous > 0 {
				raw = signed(strconv.FormatFloat(math.Round(1000*float64(c.Current-c.Previous)/float64(c.Previous))/10, 'f', 1, 64)) + "%"
			} else {
				raw = "– (no tickets before)"
			}
		}
		t.Rows = append(t.Rows, []string{string(c.Period), cur, prev, perDay, pct, raw})
	}
	s.Tables = []table{t}
	return s
}

func signed(s string) string {
	if !strings.HasPrefix(s, "-") {
		return "+" + s
	}
	return "−" + s[1:]
}

var kindNames = [4]string{"macros", "saved replies", "automations", "triggers"}

func workflowsSection(f figures) section {
	s := section{ID: "workflows", Title: "Most used workflows",
		Note: "Macros, saved replies, automations and triggers by the times they were applied, and on how many tickets."}
	for i, uses := range f.Workflows {
		t := table{Caption: "Most used " + kindNames[i], Head: []string{kindNames[i], "uses", "tickets"}}
		for _, u := range uses {
			name := u.ID
			if u.Name != "" {
				name += " (" + u.Name + ")"
			}
			t.Rows = append(t.Rows, []string{name, strconv.Itoa(u.Uses), strconv.Itoa(u.Tickets)})
		}
		if len(uses) == 0 {
			t.Rows = [][]string{{"– (none used in the period)", "0", "0"}}
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func caseTypesSection(f figures) section {
	s := section{ID: "case-types", Title: "Resolution time and messages per case type",
		Note: "Business time from creation to the last solve (median / p90), beside the messages it took: agent replies and customer messages per resolved ticket."}
	t := table{Caption: "Per case type", Head: []string{"case type", "resolved", "resolution median / p90", "messages per ticket", "agent replies per ticket"}}
	for _, c := range f.CaseTypes {
		t.Rows = append(t.Rows, []string{c.Category, strconv.Itoa(len(c.Resolution.Values)), stat(c.Resolution), mean(c.Interactions), mean(c.Replies)})
	}
	s.Tables = []table{t}
	return s
}

func distributionsSection(f figures) section {
	return section{ID: "distributions", Title: "First reply and resolution times",
		Note: "Business time per ticket, in bins of a round width; the last bin holds everything longer. Median and 90th percentile marked.",
		Charts: []chart{
			histogram("first-reply", "First reply", "Business time from creation to the first public reply by an agent (on a ticket an agent opened, the one after its opening comment).", f.FirstReply),
			histogram("resolution", "Resolution", "Business time from creation to the last solve, solved tickets only.", f.Resolution),
		}}
}

func ahtSection(f figures) section {
	s := section{ID: "aht", Title: "Average handling time per channel",
		Note: "Talk, hold and after-call work logged by agents, per ticket that had any logged."}
	t := table{Caption: "AHT per channel", Head: []string{"channel", "AHT", "tickets handled", "talk", "hold", "after-call work"}}
	for _, a := range f.AHT {
		v, ok := a.AHT.Value()
		text := "– (no tickets)"
		if ok {
			text = dur(v)
		}
		t.Rows = append(t.Rows, []string{string(a.Channel), text, strconv.Itoa(a.AHT.Handled), dur(a.AHT.Talk), dur(a.AHT.Hold), dur(a.AHT.AfterCallWork)})
	}
	if len(t.Rows) == 0 {
		t.Rows = [][]string{{"–", "– (no tickets)", "0", "–", "–", "–"}}
	}
	s.Tables = []table{t}
	return s
}

func backlogSection(f figures) section {
	s := section{ID: "backlog", Title: "Backlog over time",
		Note: "Tickets active (new, open, pending or on hold) at the end of each day."}
	labels := make([]string, len(f.Backlog))
	values := make([]int, len(f.Backlog))
	for i, b := range f.Backlog {
		labels[i], values[i] = b.At.AddDate(0, 0, -1).Format("2 Jan"), b.Active
	}
	if len(f.Backlog) > 0 {
		last := f.Backlog[len(f.Backlog)-1]
		s.Lines = []string{fmt.Sprintf("%s active at the end of the period", plural(last.Active, "ticket"))}
	}
	s.Charts = []chart{vbars("backlog", "Backlog at the end of each day", "Active tickets at midnight after each day.",
		labels, values, "active tickets", "day", max(1, (len(labels)+9)/10))}
	return s
}

func slaSection(f figures) section {
	s := section{ID: "sla", Title: "SLA achievement",
		Note: "Clocks achieved of those achieved or breached, per SLA metric, priority and group (clocks still running are left out)."}
	var rows []bar
	for _, name := range slaNames {
		rows = append(rows, rateBar(metricName(name), f.SLAMetrics[0].Rates[name], "bar sla"))
	}
	s.Charts = []chart{hbars("sla-metric", "SLA achievement per metric", "Achieved SLA clocks of all achieved or breached, all tickets.", rows, "achieved, % of clocks met or breached")}
	head := []string{""}
	for _, name := range slaNames {
		head = append(head, metricName(name))
	}
	for _, part := range []struct {
		caption, first string
		rows           []slaRow
	}{{"Per priority", "priority", f.SLAPriorities}, {"Per work group", "group", f.SLAGroups}} {
		t := table{Caption: part.caption, Head: append([]string{part.first}, head[1:]...)}
		for _, r := range part.rows {
			row := []string{r.Label}
			for _, name := range slaNames {
				row = append(row, rate(r.Rates[name]))
			}
			t.Rows = append(t.Rows, row)
		}
		s.Tables = append(s.Tables, t)
	}
	tt := table{Caption: "Targets per priority", Head: []string{"priority", "policy", "first reply", "resolution (requester wait)"}}
	for _, tg := range f.Targets {
		tt.Rows = append(tt.Rows, []string{string(tg.Priority), tg.Policy, targetText(tg.FirstReply, tg.Business), targetText(tg.Resolution, tg.Business)})
	}
	s.Tables = append(s.Tables, tt)
	return s
}

func metricName(name string) string {
	switch name {
	case sla.NameFirstReply:
		return "first reply"
	case sla.NameNextReply:
		return "next reply"
	case sla.NameRequesterWait:
		return "resolution (requester wait)"
	}
	return name
}

func sortedKeys(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) }

// Charts. Every chart is 800 units wide, so at the page's width its text
// is drawn at about its nominal size.

const chartW = 800.0

// niceStep returns a round tick step for an axis up to peak with about
// four ticks.
func niceStep(peak float64) float64 {
	if peak <= 0 {
		return 1
	}
	raw := peak / 4
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*pow >= raw {
			return math.Max(1, m*pow)
		}
	}
	return math.Max(1, 10*pow)
}

// yAxis draws a vertical count axis at x from 0 to top (rounded up to a
// step) and returns the axis maximum.
func yAxis(c *chart, x, top, plotH float64, peak float64, unit string) float64 {
	step := niceStep(peak)
	axisMax := math.Max(step, math.Ceil(peak/step)*step)
	for v := 0.0; v <= axisMax+step/2; v += step {
		y := top + plotH - plotH*v/axisMax
		c.Shapes = append(c.Shapes,
			shape{Kind: "line", X: x, Y: y, X2: chartW - 10, Y2: y, Class: "grid"},
			shape{Kind: "text", X: x - 6, Y: y + 4, Anchor: "end", Class: "axis", Text: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	c.Shapes = append(c.Shapes,
		shape{Kind: "line", X: x, Y: top, X2: x, Y2: top + plotH, Class: "axis-line"},
		shape{Kind: "text", X: x - 40, Y: top - 10, Class: "axis unit", Text: unit})
	return axisMax
}

// vbars draws counts as vertical bars with a y-axis of counts, one x label
// every n bars, and the axis titles.
func vbars(id, title, desc string, labels []string, counts []int, yUnit, xUnit string, every int) chart {
	const left, top, plotH = 56.0, 28.0, 140.0
	plotW := chartW - left - 10
	c := chart{ID: id, Title: title, Desc: desc, W: chartW, H: top + plotH + 44}
	peak := 0
	for _, n := range counts {
		peak = max(peak, n)
	}
	axisMax := yAxis(&c, left, top, plotH, float64(peak), yUnit)
	bw := plotW / float64(max(1, len(counts)))
	for i, n := range counts {
		h := plotH * float64(n) / axisMax
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: left + float64(i)*bw + 1, Y: top + plotH - h, W: math.Max(bw-2, 1), H: h,
			Class: "bar", Title: fmt.Sprintf("%s: %d", labels[i], n), Value: strconv.Itoa(n)})
		if i%every == 0 {
			c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + float64(i)*bw + bw/2, Y: top + plotH + 18, Anchor: "middle", Class: "axis", Text: labels[i]})
		}
	}
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + plotW/2, Y: top + plotH + 36, Anchor: "middle", Class: "axis unit", Text: xUnit})
	return c
}

// countHistogram draws resolved tickets by a count, 0 … limit−1, the last
// bin labelled "≥ limit" holding everything from limit on.
func countHistogram(id, title, desc string, counts []int, limit int, unit string) chart {
	bins := make([]int, limit+1)
	labels := make([]string, limit+1)
	for i, n := range counts {
		bins[min(i, limit)] += n
	}
	for i := range labels {
		labels[i] = strconv.Itoa(i)
	}
	labels[limit] = "≥ " + strconv.Itoa(limit)
	return vbars(id, title, desc, labels, bins, "resolved tickets", unit, 1)
}

func heatmap(f figures) chart {
	const cell, cellH, left, top = 30.0, 20.0, 50.0, 30.0
	c := chart{ID: "heatmap", Title: "When tickets arrive",
		Desc: "New tickets by weekday (rows) and local hour (columns); darker is busier, see the scale below.", W: chartW, H: top + 7*cellH + 56}
	peak := 1
	for _, row := range f.Heat {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	opacity := func(n int) string { return num(float64(int(1000*(0.04+0.96*float64(n)/float64(peak)))) / 1000) }
	for h := 0; h < 24; h += 2 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + float64(h)*cell + cell/2, Y: top - 6, Anchor: "middle", Class: "axis", Text: fmt.Sprintf("%02d", h)})
	}
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: left, Y: top - 20, Class: "axis unit", Text: "local hour of day"})
	for d, row := range f.Heat {
		y := top + float64(d)*cellH
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left - 6, Y: y + cellH*0.7, Anchor: "end", Class: "axis", Text: weekdays[d]})
		for h, n := range row {
			c.Shapes = append(c.Shapes, shape{Kind: "rect", X: left + float64(h)*cell, Y: y, W: cell - 2, H: cellH - 2,
				Class: "heat", Opacity: opacity(n),
				Title: fmt.Sprintf("%s %s: %d new", weekdays[d], hour(h), n), Value: strconv.Itoa(n)})
		}
	}
	// The legend: the colour scale from 0 to the busiest cell.
	ly := top + 7*cellH + 14
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: left, Y: ly + 13, Class: "axis", Text: "new tickets per cell:"})
	for i := 0; i <= 4; i++ {
		n := peak * i / 4
		x := left + 130 + float64(i)*70
		c.Shapes = append(c.Shapes,
			shape{Kind: "rect", X: x, Y: ly, W: 24, H: 16, Class: "heat legend", Opacity: opacity(n), Title: fmt.Sprintf("%d new", n), Value: "legend"},
			shape{Kind: "text", X: x + 30, Y: ly + 13, Class: "axis", Text: strconv.Itoa(n)})
	}
	return c
}

func perDay(f figures) chart {
	const left, top, plotH = 56.0, 28.0, 150.0
	plotW := chartW - left - 10
	c := chart{ID: "per-day", Title: "New tickets per day",
		Desc: "Bars: new tickets per day (grey on days the desk is closed). Line: new tickets per working day over the last seven days.",
		W:    chartW, H: top + plotH + 66}
	peak := 0.0
	for _, d := range f.Days {
		peak = max(peak, float64(d.New), d.PerWorkingDay)
	}
	axisMax := yAxis(&c, left, top, plotH, peak, "new tickets")
	bw := plotW / float64(max(1, len(f.Days)))
	scale := func(v float64) float64 { return top + plotH - plotH*v/axisMax }
	var points []byte
	every := max(1, (len(f.Days)+9)/10)
	for i, d := range f.Days {
		x := left + float64(i)*bw
		class := "bar"
		if !d.Working {
			class = "bar closed"
		}
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: x + 1, Y: scale(float64(d.New)), W: math.Max(bw-2, 1), H: plotH * float64(d.New) / axisMax,
			Class: class, Title: fmt.Sprintf("%s: %d new", d.Date.Format("Mon 2 Jan"), d.New), Value: strconv.Itoa(d.New)})
		if i%every == 0 {
			c.Shapes = append(c.Shapes, shape{Kind: "text", X: x + bw/2, Y: top + plotH + 18, Anchor: "middle", Class: "axis", Text: d.Date.Format("2 Jan")})
		}
		if d.Trend {
			points = fmt.Appendf(points, "%s,%s ", num(x+bw/2), num(scale(d.PerWorkingDay)))
		}
	}
	c.Shapes = append(c.Shapes, shape{Kind: "polyline", Points: strings.TrimSpace(string(points)), Class: "trend",
		Title: "new tickets per working day, trailing seven days"})
	legend(&c, top+plotH+30, []legendItem{{"bar", "new tickets, working day"}, {"bar closed", "new tickets, desk closed"}, {"trend", "per working day, last 7 days"}})
	return c
}

type legendItem struct{ Class, Text string }

// legend draws a row of swatches with their labels at y.
func legend(c *chart, y float64, items []legendItem) {
	x := 56.0
	for _, it := range items {
		if it.Class == "trend" || it.Class == "median" || it.Class == "p90" {
			c.Shapes = append(c.Shapes, shape{Kind: "line", X: x, Y: y + 7, X2: x + 22, Y2: y + 7, Class: it.Class})
		} else {
			c.Shapes = append(c.Shapes, shape{Kind: "rect", X: x, Y: y, W: 22, H: 14, Class: it.Class + " legend", Title: it.Text, Value: "legend"})
		}
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: x + 28, Y: y + 11, Class: "axis", Text: it.Text})
		x += 44 + 6.2*float64(len([]rune(it.Text)))
	}
}

// binWidths are the histogram bin widths to choose from.
var binWidths = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour}

// histogram draws a distribution in 20 bins of a round width that covers
// twice its p90, the last bin labelled "≥ …" holding everything longer,
// with a y-axis of tickets and the median and p90 marked.
func histogram(id, title, desc string, d distribution) chart {
	const left, top, plotH, bins = 56.0, 40.0, 130.0, 20
	plotW := chartW - left - 10
	c := chart{ID: id, Title: title, Desc: desc, W: chartW, H: top + plotH + 66}
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
	peak := 0
	for _, n := range counts {
		peak = max(peak, n)
	}
	axisMax := yAxis(&c, left, top, plotH, float64(peak), "tickets")
	bw := plotW / bins
	for i, n := range counts {
		h := plotH * float64(n) / axisMax
		label := fmt.Sprintf("%s to %s: %d", dur(time.Duration(i)*width), dur(time.Duration(i+1)*width), n)
		class := "bar"
		if i == bins-1 {
			label = fmt.Sprintf("%s or more: %d", dur(time.Duration(i)*width), n)
			class = "bar overflow"
		}
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: left + float64(i)*bw + 1, Y: top + plotH - h, W: bw - 2, H: h,
			Class: class, Title: label, Value: strconv.Itoa(n)})
	}
	for i := 0; i < bins; i += 5 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + float64(i)*bw, Y: top + plotH + 18, Anchor: "middle", Class: "axis", Text: dur(time.Duration(i) * width)})
	}
	c.Shapes = append(c.Shapes,
		shape{Kind: "text", X: left + plotW, Y: top + plotH + 18, Anchor: "end", Class: "axis", Text: "≥ " + dur(time.Duration(bins-1)*width)},
		shape{Kind: "text", X: left + plotW/2, Y: top + plotH + 34, Anchor: "middle", Class: "axis unit",
			Text: fmt.Sprintf("business time (bins of %s)", dur(width))})
	mark := func(name string, v time.Duration, class string, y float64) {
		x := left + plotW*min(float64(v)/float64(limit), 1)
		anchor, tx := "start", x+3
		if x > left+plotW*0.7 {
			anchor, tx = "end", x-3
		}
		c.Shapes = append(c.Shapes,
			shape{Kind: "line", X: x, Y: y - 4, X2: x, Y2: top + plotH, Class: class},
			shape{Kind: "text", X: tx, Y: y - 6, Anchor: anchor, Class: "mark", Text: name + " " + dur(v), Value: strconv.FormatInt(int64(v/time.Second), 10)})
	}
	if len(d.Values) > 0 {
		mark("median", d.Median, "median", top-14)
		mark("p90", d.P90, "p90", top)
	}
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: chartW - 10, Y: 12, Anchor: "end", Class: "axis",
		Text: fmt.Sprintf("%s, %d still waiting", plural(len(d.Values), "ticket"), d.Waiting)})
	legend(&c, top+plotH+44, []legendItem{{"bar", "tickets per bin"}, {"bar overflow", "last bin: longer"}, {"median", "median"}, {"p90", "90th percentile"}})
	return c
}

// bar is one row of a horizontal bar chart.
type bar struct {
	Label, Text, Class string
	Value, Max         float64
	Data               string
}

// rateBar is a bar for a rate in percent; 0/0 draws no bar and says so.
func rateBar(label string, r metrics.Rate, class string) bar {
	p, ok := percent(r)
	if !ok {
		return bar{Label: label, Class: class + " none", Max: 100, Text: "– (no tickets)", Data: "0/0"}
	}
	return bar{Label: label, Value: p, Max: 100, Class: class, Text: rate(r), Data: fmt.Sprintf("%d/%d", r.Numerator, r.Denominator)}
}

// hbars draws percentages as horizontal bars on a 0–100 % axis.
func hbars(id, title, desc string, rows []bar, unit string) chart {
	return hbarsScale(id, title, desc, rows, unit, 100)
}

// hbarsScale draws horizontal bars on an axis from 0 to axisMax (rounded
// up to a step), one row each, the value written after the bar.
func hbarsScale(id, title, desc string, rows []bar, unit string, peak float64) chart {
	const left, rowH, top, plotW = 210.0, 22.0, 8.0, 400.0
	c := chart{ID: id, Title: title, Desc: desc, W: chartW, H: top + rowH*float64(max(1, len(rows))) + 40}
	axisMax := 100.0
	if peak != 100 {
		step := niceStep(peak)
		axisMax = math.Max(step, math.Ceil(peak/step)*step)
	}
	bottom := top + rowH*float64(max(1, len(rows)))
	step := niceStep(axisMax)
	if axisMax == 100 {
		step = 25
	}
	for v := 0.0; v <= axisMax+step/2; v += step {
		x := left + plotW*v/axisMax
		c.Shapes = append(c.Shapes,
			shape{Kind: "line", X: x, Y: top, X2: x, Y2: bottom, Class: "grid"},
			shape{Kind: "text", X: x, Y: bottom + 14, Anchor: "middle", Class: "axis", Text: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + plotW/2, Y: bottom + 32, Anchor: "middle", Class: "axis unit", Text: unit})
	if len(rows) == 0 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left + 8, Y: top + rowH*0.65, Class: "value", Text: "– (no tickets)"})
	}
	for i, r := range rows {
		y := top + float64(i)*rowH
		w := 0.0
		if axisMax > 0 {
			w = plotW * min(r.Value, axisMax) / axisMax
		}
		if strings.Contains(r.Class, "excluded") {
			w = plotW // the full row, greyed out
		}
		c.Shapes = append(c.Shapes,
			shape{Kind: "text", X: left - 8, Y: y + rowH*0.65, Anchor: "end", Class: "label", Text: r.Label},
			shape{Kind: "rect", X: left, Y: y + 2, W: w, H: rowH - 6, Class: r.Class, Title: r.Label + ": " + r.Text, Value: r.Data})
		tx := left + w + 6
		if strings.Contains(r.Class, "excluded") {
			tx = left + 8
		}
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: tx, Y: y + rowH*0.65, Class: "value", Text: r.Text})
	}
	return c
}

// scoreChart draws the CSAT answers as one stacked bar: dissatisfied,
// neutral and satisfied.
func scoreChart(f figures) chart {
	const left, top, plotW, barH = 56.0, 8.0, chartW - 66, 24.0
	c := chart{ID: "csat-scores", Title: "Satisfied and dissatisfied",
		Desc: "CSAT answers on the 1–5 scale, excluded types left out: dissatisfied (1–2), neutral (3), satisfied (4–5).", W: chartW, H: top + barH + 50}
	parts := []struct {
		class, name string
		n           int
	}{
		{"bar bad", "dissatisfied (1–2)", f.Scores[1] + f.Scores[2]},
		{"bar neutral", "neutral (3)", f.Scores[3]},
		{"bar", "satisfied (4–5)", f.Scores[4] + f.Scores[5]},
	}
	total := 0
	for _, p := range parts {
		total += p.n
	}
	x := left
	var items []legendItem
	for _, p := range parts {
		w := 0.0
		if total > 0 {
			w = plotW * float64(p.n) / float64(total)
		}
		c.Shapes = append(c.Shapes, shape{Kind: "rect", X: x, Y: top, W: w, H: barH, Class: p.class,
			Title: fmt.Sprintf("%s: %d", p.name, p.n), Value: strconv.Itoa(p.n)})
		x += w
		items = append(items, legendItem{p.class, fmt.Sprintf("%s: %d", p.name, p.n)})
	}
	if total == 0 {
		c.Shapes = append(c.Shapes, shape{Kind: "text", X: left, Y: top + 16, Class: "value", Text: "– (no ratings)"})
	}
	legend(&c, top+barH+14, items)
	return c
}
