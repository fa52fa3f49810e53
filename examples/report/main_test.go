package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/staffing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// node is an element of the parsed page.
type node struct {
	Name     string
	Attr     map[string]string
	Text     string
	Children []*node
}

// parse reads the page as strict XML, failing the test when it is not
// well-formed.
func parse(t *testing.T, page []byte) *node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	root := &node{Name: "#document"}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if err != nil {
			require.ErrorContains(t, err, "EOF")
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.Children = append(top.Children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].Text += string(tok)
		}
	}
	require.Len(t, stack, 1, "every element is closed")
	return root
}

// all returns the elements under n named name, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

func (n *node) byID(id string) *node {
	for _, c := range n.all("svg") {
		if c.Attr["id"] == id {
			return c
		}
	}
	return nil
}

// withID returns the element with the id, whatever its name.
func (n *node) withID(id string) *node {
	for _, c := range n.Children {
		if c.Attr["id"] == id {
			return c
		}
		if found := c.withID(id); found != nil {
			return found
		}
	}
	return nil
}

// dataRects are an SVG's rectangles that stand for data (legend swatches
// left out).
func dataRects(svg *node) []*node {
	var out []*node
	for _, r := range svg.all("rect") {
		if r.Attr["data-value"] != "legend" {
			out = append(out, r)
		}
	}
	return out
}

func hasText(svg *node, s string) bool {
	for _, tx := range svg.all("text") {
		if strings.Contains(tx.Text, s) {
			return true
		}
	}
	return false
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// values sums the data-value of an SVG's rectangles.
func values(t *testing.T, svg *node) (sum, count int) {
	t.Helper()
	for _, r := range dataRects(svg) {
		v, err := strconv.Atoi(r.Attr["data-value"])
		require.NoError(t, err)
		sum += v
		count++
	}
	return sum, count
}

func generate(t *testing.T) (gen.Stream, *calendar.Calendar) {
	t.Helper()
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	s, err := gen.Generate(gen.Config{Hours: hours, First: calendar.Date{Year: 2026, Month: time.May, Day: 1}, Days: 14, Tickets: 120, Seed: 5})
	require.NoError(t, err)
	return s, hours
}

var reportArgs = []string{"-date", "2026-05-01", "-days", "14", "-tickets", "120", "-seed", "5"}

// TestPageStructure checks that the page is well-formed XHTML with every
// chart, and that each chart draws the numbers computed from the tickets.
func TestPageStructure(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(reportArgs, &out, io.Discard))
	doc := parse(t, out.Bytes())

	html := doc.Children[0]
	assert.Equal(t, "html", html.Name)
	assert.Equal(t, "http://www.w3.org/1999/xhtml", html.Attr["xmlns"])
	assert.Empty(t, doc.all("script"), "no JavaScript")
	assert.Empty(t, doc.all("link"), "no external style sheets")
	assert.Empty(t, doc.all("img"), "no external images")
	assert.NotContains(t, out.String(), "http://example", "no external assets")
	assert.NotContains(t, out.String(), "src=", "nothing loaded from elsewhere")
	for _, a := range doc.all("a") {
		href := a.Attr["href"]
		require.True(t, strings.HasPrefix(href, "#"), "links stay on the page: %s", href)
		assert.NotNil(t, doc.withID(href[1:]), "anchor %s has a target", href)
	}
	for _, id := range sectionIDs {
		sec := doc.withID(id)
		require.NotNil(t, sec, "section %s", id)
		assert.Equal(t, "section", sec.Name, id)
		assert.NotEmpty(t, sec.all("h2"), "section %s has a heading", id)
	}
	for _, svg := range doc.all("svg") {
		id := svg.Attr["id"]
		assert.Equal(t, "title", svg.Children[0].Name, "%s: a title first, for screen readers", id)
		assert.Equal(t, "desc", svg.Children[1].Name, "%s: a description", id)
		assert.NotEmpty(t, strings.TrimSpace(svg.Children[1].Text), id)
		assert.Equal(t, id+"-title "+id+"-desc", svg.Attr["aria-labelledby"], id)
	}
	assert.NotContains(t, out.String(), "(0 of 0)", "0/0 is shown as undefined")
	assert.NotRegexp(t, `\d+h\d\dm`, out.String(), "durations are written one way: 1 h 07 m")

	s, hours := generate(t)
	f, err := compute(builtIn(hours, []string{"delivery"}), s.Start, s.End, s.Tickets, 8)
	require.NoError(t, err)
	require.Positive(t, f.Tickets)

	charts := map[string]*node{}
	for _, id := range []string{"heatmap", "per-day", "by-hour", "first-reply", "resolution", "csat-type", "csat-scores",
		"csat-week", "csat-agent", "sla-metric", "groups-sla", "agents", "interactions", "replies", "backlog"} {
		charts[id] = doc.byID(id)
		require.NotNil(t, charts[id], "chart %s", id)
		assert.NotEmpty(t, dataRects(charts[id]), "chart %s draws something", id)
	}

	sum, n := values(t, charts["heatmap"])
	assert.Equal(t, 7*24, n, "one cell per weekday and hour")
	assert.Equal(t, f.Tickets, sum, "the heatmap holds every ticket")

	sum, n = values(t, charts["per-day"])
	assert.Equal(t, 14, n, "one bar per day")
	assert.Equal(t, f.Tickets, sum)
	closed := 0
	for _, r := range dataRects(charts["per-day"]) {
		if strings.Contains(r.Attr["class"], "closed") {
			closed++
		}
	}
	// 1–14 May 2026: four weekend days, Labour Day (Friday 1 May) and
	// Ascension Day (Thursday 14 May).
	assert.Equal(t, 6, closed, "closed days are marked")
	require.Len(t, charts["per-day"].all("polyline"), 1, "the trend line")
	assert.Len(t, strings.Fields(charts["per-day"].all("polyline")[0].Attr["points"]), 14-6, "from the seventh day on")

	for id, d := range map[string]distribution{"first-reply": f.FirstReply, "resolution": f.Resolution} {
		sum, n = values(t, charts[id])
		assert.Equal(t, 20, n, "%s: 20 bins", id)
		assert.Equal(t, len(d.Values), sum, "%s: every value is in a bin", id)
		rects := dataRects(charts[id])
		assert.Contains(t, rects[len(rects)-1].Attr["class"], "overflow", "%s: the last bin is the overflow bin", id)
		assert.True(t, hasText(charts[id], "≥ "), "%s: the overflow bin is labelled", id)
		assert.True(t, hasText(charts[id], "tickets"), "%s: the y-axis says its unit", id)
		marks := map[string]string{}
		for _, tx := range charts[id].all("text") {
			if tx.Attr["class"] == "mark" {
				marks[strings.Fields(tx.Text)[0]] = tx.Attr["data-value"]
			}
		}
		assert.Equal(t, strconv.Itoa(int(d.Median/time.Second)), marks["median"], "%s median", id)
		assert.Equal(t, strconv.Itoa(int(d.P90/time.Second)), marks["p90"], "%s p90", id)
	}

	rects := dataRects(charts["csat-type"])
	require.Len(t, rects, len(f.CSAT))
	for i, row := range f.CSAT {
		want := strconv.Itoa(row.Good) + "/" + strconv.Itoa(row.Rated)
		if row.Excluded {
			want = "excluded/" + strconv.Itoa(row.Rated)
		}
		assert.Equal(t, want, rects[i].Attr["data-value"], row.Category)
		assert.Equal(t, row.Category == "delivery", strings.Contains(rects[i].Attr["class"], "excluded"), row.Category)
	}

	rects = dataRects(charts["sla-metric"])
	require.Len(t, rects, len(slaNames), "one bar per SLA metric")
	for i, name := range slaNames {
		r := f.SLAMetrics[0].Rates[name]
		assert.Equal(t, strconv.Itoa(r.Numerator)+"/"+strconv.Itoa(r.Denominator), rects[i].Attr["data-value"], name)
	}
	assert.LessOrEqual(t, f.SLAMetrics[0].Rates[sla.NameFirstReply].Numerator, len(f.FirstReply.Values), "an achieved first reply is a reply")

	// Per group: one sub-section each, reached by an anchor, with a row
	// per priority it handled; the groups' tickets add up.
	groupTickets := 0
	for _, g := range f.Groups {
		groupTickets += g.Tickets
		sub := doc.withID("group-" + strings.ReplaceAll(g.Group, " ", "-"))
		require.NotNil(t, sub, g.Group)
		require.Len(t, sub.all("table"), 1, g.Group)
		assert.Len(t, sub.all("tbody")[0].all("tr"), len(g.Priorities), g.Group)
	}
	assert.Equal(t, f.Tickets, groupTickets, "every ticket is in one group")

	// Interactions to resolve: the distribution holds every resolved
	// ticket, the FCR denominator.
	sum, _ = values(t, charts["interactions"])
	assert.Equal(t, f.FCR.Denominator, sum)
	sum, _ = values(t, charts["replies"])
	assert.Equal(t, f.FCR.Denominator, sum)

	// CSAT: satisfied, neutral and dissatisfied add up to the rated
	// tickets the desk's CSAT counts; the weeks add up to it too.
	sum, _ = values(t, charts["csat-scores"])
	assert.Equal(t, f.CSATDesk.Denominator, sum)
	weekRated := 0
	for _, w := range f.CSATWeeks {
		weekRated += w.Rate.Denominator
	}
	assert.Equal(t, f.CSATDesk.Denominator, weekRated)

	// New tickets by hour hold every ticket, the busiest hours darker.
	sum, n = values(t, charts["by-hour"])
	assert.Equal(t, 24, n)
	assert.Equal(t, f.Tickets, sum)
	busy := 0
	for _, r := range dataRects(charts["by-hour"]) {
		if strings.Contains(r.Attr["class"], "busy") {
			busy++
		}
	}
	assert.Equal(t, len(f.BusiestHours), busy)

	sum, n = values(t, charts["backlog"])
	assert.Equal(t, 14, n, "a backlog count per day")
	backlog := 0
	for _, b := range f.Backlog {
		backlog += b.Active
	}
	assert.Equal(t, backlog, sum)
	assert.Equal(t, f.Backlog[len(f.Backlog)-1].Active, atoi(t, dataRects(charts["backlog"])[13].Attr["data-value"]))

	sum, n = values(t, charts["agents"])
	assert.Equal(t, len(f.Agents), n)
	total := 0
	for _, a := range f.Agents {
		total += a.Conversations
	}
	assert.Equal(t, total, sum)

	// Staffing: one bar per half hour of the average working day, the
	// positions package staffing computes; a step line of the roster.
	st := doc.byID("staffing-chart")
	require.NotNil(t, st)
	require.Len(t, f.Staffing, 48)
	sum, n = values(t, st)
	assert.Equal(t, 48, n, "one bar per half hour")
	positions := 0
	for i, r := range f.Staffing {
		positions += r.Positions
		open := r.Clock >= 8*time.Hour && r.Clock < 16*time.Hour
		if open {
			assert.Equal(t, 8.0, r.Rostered, "%v", r.Clock)
		} else {
			assert.Equal(t, 0.0, r.Rostered, "%v", r.Clock)
			assert.Equal(t, 0, r.Positions, "nobody is needed while the desk is closed (%v)", r.Clock)
		}
		if i == 20 { // 10:00, the morning peak
			assert.Positive(t, r.Positions)
		}
	}
	assert.Equal(t, positions, sum)
	require.Len(t, st.all("polyline"), 1, "the roster line")
	assert.Len(t, strings.Fields(st.all("polyline")[0].Attr["points"]), 2*48)
}

// TestStaffingByHand plans a working day with known arrivals: ten calls
// at 10:00 every working day of a week, nothing else.
func TestStaffingByHand(t *testing.T) {
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	loc := hours.Location()
	// Monday 4 – Sunday 10 May 2026: five working days.
	from, to := time.Date(2026, 5, 4, 0, 0, 0, 0, loc), time.Date(2026, 5, 11, 0, 0, 0, 0, loc)
	var histories [][]ticket.Event
	for d := 4; d <= 8; d++ {
		for i := range 10 {
			at := time.Date(2026, 5, d, 10, i, 0, 0, loc)
			_, events, err := ticket.Create(nil, uuid.New(), at, ticket.Customer("c"), ticket.Created{Subject: "call", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "c"}})
			require.NoError(t, err)
			histories = append(histories, events)
		}
	}
	f, err := compute(builtIn(hours, nil), from, to, histories, 3)
	require.NoError(t, err)
	require.Len(t, f.Staffing, 48)
	r := f.Staffing[20]
	assert.Equal(t, 10.0, r.Arrivals[0])
	// Ten calls in half an hour at the fallback AHT of 10 minutes (none
	// logged): 3.33 Erlangs; Erlang A with 2-minute patience, 80 % in
	// 20 s, occupancy ≤ 85 %.
	l := staffing.Load{Arrivals: 10, Interval: 30 * time.Minute, AHT: 10 * time.Minute}
	want, err := l.AgentsA(2*time.Minute, "", staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second, MaxOccupancy: 0.85})
	require.NoError(t, err)
	wantPos, err := staffing.Positions(want.Agents, 0.25)
	require.NoError(t, err)
	assert.Equal(t, wantPos, r.Positions)
	assert.Equal(t, 3.0, r.Rostered)
	assert.Equal(t, 0, f.Staffing[21].Positions, "10:30: nothing arrives")
}

// TestEventsFile reads the same tickets from a JSON-lines file, shuffled
// across tickets, and gets the same figures.
func TestEventsFile(t *testing.T) {
	s, hours := generate(t)
	path := filepath.Join(t.TempDir(), "events.jsonl")
	file, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(file)
	for _, e := range s.Events() {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		w.Write(append(b, '\n'))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, file.Close())

	histories, err := readEvents(path)
	require.NoError(t, err)
	from, to := period(histories, hours.Location())
	assert.True(t, from.Equal(s.Start), "from %v", from)
	got, err := compute(builtIn(hours, []string{"delivery"}), from, to, histories, 8)
	require.NoError(t, err)
	want, err := compute(builtIn(hours, []string{"delivery"}), s.Start, to, s.Tickets, 8)
	require.NoError(t, err)
	assert.Equal(t, want.Heat, got.Heat)
	assert.Equal(t, want.FirstReply, got.FirstReply)
	assert.Equal(t, want.CSAT, got.CSAT)

	var out bytes.Buffer
	require.NoError(t, run([]string{"-events", path}, &out, io.Discard))
	assert.NotNil(t, parse(t, out.Bytes()).byID("heatmap"))
}

// TestConfigFile renders the same events against desk files: the
// helpdesk's desk (the same hours and policies as the built-in desk) gives
// the same figures; a desk open around the clock with a one-hour
// first-reply target for everything gives other business times and
// targets, and its own CSAT exclusions.
func TestConfigFile(t *testing.T) {
	s, hours := generate(t)
	events := filepath.Join(t.TempDir(), "events.jsonl")
	var lines bytes.Buffer
	for _, e := range s.Events() {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		lines.Write(append(b, '\n'))
	}
	require.NoError(t, os.WriteFile(events, lines.Bytes(), 0o600))

	helpdesk, err := loadDesk(filepath.Join("..", "helpdesk", "desk.json"), nil, false)
	require.NoError(t, err)
	histories, err := readEvents(events)
	require.NoError(t, err)
	from, to := period(histories, helpdesk.Location)
	got, err := compute(helpdesk, from, to, histories, 8)
	require.NoError(t, err)
	want, err := compute(builtIn(hours, []string{"delivery"}), from, to, histories, 8)
	require.NoError(t, err)
	assert.Equal(t, want.Targets, got.Targets)
	assert.Equal(t, want.FirstReply, got.FirstReply)
	assert.Equal(t, want.CSAT, got.CSAT)

	round := filepath.Join(t.TempDir(), "desk.json")
	require.NoError(t, os.WriteFile(round, []byte(`{
  "calendars": {"always": {"zone": "Europe/Oslo", "week": "mon-sun 00:00-24:00"}},
  "sla": {"policies": [{"name": "all", "targets": [{"metric": "first_reply_time", "duration": "1h", "hours": "always"}]}]},
  "metrics": {"zone": "Europe/Oslo", "calendar": "always", "csat_exclude": ["billing"], "sla": true}
}`), 0o600))
	desk, err := loadDesk(round, nil, false)
	require.NoError(t, err)
	other, err := compute(desk, from, to, histories, 8)
	require.NoError(t, err)
	assert.Equal(t, []string{"billing"}, other.Excluded)
	for _, tg := range other.Targets {
		assert.Equal(t, time.Hour, tg.FirstReply, "priority %s", tg.Priority)
		assert.True(t, tg.Business)
	}
	assert.NotEqual(t, want.FirstReply, other.FirstReply, "business time around the clock differs from Oslo hours")

	var out bytes.Buffer
	require.NoError(t, run([]string{"-config", round, "-events", events}, &out, io.Discard))
	assert.NotNil(t, parse(t, out.Bytes()).byID("heatmap"))
	given, err := loadDesk(round, []string{"delivery"}, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"delivery"}, given.CSATExclude, "-exclude given wins over the file")

	broken := filepath.Join(t.TempDir(), "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte(`{"metrics": {"zone": "Europe/Oslo", "calendar": "nowhere"}}`), 0o600))
	err = run([]string{"-config", broken, "-events", events}, &bytes.Buffer{}, io.Discard)
	assert.ErrorContains(t, err, "metrics.calendar")
	nozone := filepath.Join(t.TempDir(), "nozone.json")
	require.NoError(t, os.WriteFile(nozone, []byte(`{}`), 0o600))
	assert.ErrorContains(t, run([]string{"-config", nozone}, &bytes.Buffer{}, io.Discard), "no metrics section")
}

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"ticket_id\":\"x\"}\n"), 0o644))

	var usage bytes.Buffer
	err := run([]string{"-h"}, &bytes.Buffer{}, &usage)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Equal(t, 0, cli.Code(err), "-h exits 0")
	assert.Contains(t, usage.String(), "Usage of report")
	assert.Contains(t, usage.String(), "-tickets")

	for name, args := range map[string][]string{
		"unknown flag":         {"-colour", "red"},
		"bad date":             {"-date", "13 May"},
		"no days":              {"-days", "0"},
		"negative tickets":     {"-tickets", "-5"},
		"negative agents":      {"-agents", "-1"},
		"seed with events":     {"-events", bad, "-seed", "2"},
		"an argument too many": {"extra"},
		// The calendar covers 2020–2035: beyond it every business time reads 0.
		"a period after the calendar":  {"-date", "2036-01-05"},
		"a period before the calendar": {"-date", "2019-12-20"},
		"a period running past it":     {"-date", "2035-12-20"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(args, &out, io.Discard)
			assert.ErrorIs(t, err, cli.ErrUsage)
			assert.Equal(t, 2, cli.Code(err))
			assert.Empty(t, out.String(), "no page for a refused command line")
		})
	}
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	later, err := gen.Generate(gen.Config{Hours: hours, First: calendar.Date{Year: 2036, Month: time.January, Day: 7}, Days: 1, Tickets: 5, Seed: 1})
	require.NoError(t, err)
	var lines bytes.Buffer
	for _, e := range later.Events() {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		lines.Write(append(b, '\n'))
	}
	beyond := filepath.Join(dir, "2036.jsonl")
	require.NoError(t, os.WriteFile(beyond, lines.Bytes(), 0o600))
	err = run([]string{"-events", beyond}, &bytes.Buffer{}, io.Discard)
	assert.ErrorContains(t, err, "the events run from 2036-01-07 to 2036-01-")
	assert.ErrorContains(t, err, "beyond the desk's calendar, which covers 2020-01-01 to 2035-12-31")
	for name, args := range map[string][]string{
		"missing file":               {"-events", filepath.Join(dir, "none.jsonl")},
		"bad event":                  {"-events", bad},
		"events beyond the calendar": {"-events", beyond},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(args, &bytes.Buffer{}, io.Discard)
			require.Error(t, err)
			assert.Equal(t, 1, cli.Code(err))
		})
	}
}

// TestTitleAgrees checks that the title and the first line of the page
// count the same tickets: every generated history, merged ones included.
func TestTitleAgrees(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(reportArgs, &out, io.Discard))
	doc := parse(t, out.Bytes())
	s, _ := generate(t)
	n := strconv.Itoa(len(s.Tickets)) + " tickets"
	title := doc.all("h1")[0].Text
	first := doc.all("ul")[0].Children[0].Text
	assert.Equal(t, "Support desk report: "+n+" generated (120 arrivals, seed 5)", title)
	assert.True(t, strings.HasPrefix(first, n+" created in the period: "), first)
	assert.Contains(t, first, "merged away and left out")
}

func TestFormats(t *testing.T) {
	assert.Equal(t, "– (no tickets)", rate(metrics.Rate{}), "0/0 is undefined")
	assert.Equal(t, "0.0% (0 of 3)", rate(metrics.Rate{Denominator: 3}))
	assert.Equal(t, "85.7% (6 of 7)", rate(metrics.Rate{Numerator: 6, Denominator: 7}))
	assert.Equal(t, "1 h 07 m", dur(67*time.Minute))
	assert.Equal(t, "45 m", dur(45*time.Minute+20*time.Second))
	assert.Equal(t, "0 m", dur(0))
	assert.Equal(t, "26 h 00 m", dur(26*time.Hour))
	assert.Equal(t, "1 ticket", plural(1, "ticket"))
	assert.Equal(t, "0 tickets", plural(0, "ticket"))
	assert.Equal(t, "– (no tickets)", stat(distribution{}))
	assert.Equal(t, "– (none yet, 3 waiting)", stat(distribution{Waiting: 3}))
	assert.Equal(t, "– (no tickets)", medianP90(distribution{}))
	assert.Equal(t, "median 1 h 07 m, p90 2 h 00 m", medianP90(distribution{Values: []time.Duration{67 * time.Minute, 2 * time.Hour}, Median: 67 * time.Minute, P90: 2 * time.Hour}))
	assert.Equal(t, "– (no tickets)", mean(metrics.Mean{}))
	assert.Equal(t, "2.5", mean(metrics.Mean{Sum: 5, Count: 2}))
	bar := rateBar("x", metrics.Rate{}, "bar")
	assert.Equal(t, "– (no tickets)", bar.Text)
	assert.Zero(t, bar.Value, "no bar for 0/0")
}

// TestFiguresByHand checks compute on two tickets whose numbers are easy
// to follow.
func TestFiguresByHand(t *testing.T) {
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	loc := hours.Location()
	at := func(day, h, m int) time.Time { return time.Date(2026, time.May, day, h, m, 0, 0, loc) }
	// solved is a ticket answered and solved at once, then rated.
	solved := func(id byte, created, replied time.Time, p ticket.Priority, category string, score int) []ticket.Event {
		ingrid, customer := ticket.Agent("ingrid"), ticket.Customer("c")
		tk, h, err := ticket.Create(nil, ticket.ID{id}, created, customer, ticket.Created{
			Subject: "s", Channel: ticket.ChannelEmail, Priority: p, Category: category, Requester: ticket.Requester{CustomerID: "c"}})
		require.NoError(t, err)
		for _, cmd := range []func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error){
			func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.Reply(replied, ingrid, ticket.Message{Public: true, Body: "hi"})
			},
			func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.SetStatus(replied, ingrid, ticket.StatusSolved)
			},
			func(tk ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
				return tk.Rate(replied.Add(time.Hour), customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: score, Scale: 5})
			},
		} {
			var more []ticket.Event
			tk, more, err = cmd(tk)
			require.NoError(t, err)
			h = append(h, more...)
		}
		return h
	}
	// Wednesday 13 May 15:30: a reply the next open morning, 09:00 Friday
	// (Thursday is Ascension Day): 1h30 of business time.
	h1 := solved(1, at(13, 15, 30), at(15, 9, 0), ticket.PriorityNormal, "billing", 4)
	h2 := solved(2, at(13, 10, 0), at(13, 10, 30), ticket.PriorityUrgent, "delivery", 2)

	f, err := compute(builtIn(hours, []string{"delivery"}), at(11, 0, 0), at(18, 0, 0), [][]ticket.Event{h1, h2}, 8)
	require.NoError(t, err)
	assert.Equal(t, 2, f.Tickets)
	assert.Equal(t, 1, f.Heat[2][15], "Wednesday 15:00")
	assert.Equal(t, 1, f.Heat[2][10], "Wednesday 10:00")
	assert.Equal(t, []time.Duration{30 * time.Minute, 90 * time.Minute}, f.FirstReply.Values)
	assert.Equal(t, []csatRow{{Category: "billing", Good: 1, Rated: 1}, {Category: "delivery", Rated: 1, Excluded: true}}, f.CSAT)
	assert.Equal(t, []agentRow{{Agent: "ingrid", Conversations: 2, Touched: 2, Replies: 2}}, f.Agents)
	require.Len(t, f.SLAPriorities, 2, "urgent and normal")
	assert.Equal(t, "urgent", f.SLAPriorities[0].Label)
	fr := f.SLAPriorities[0].Rates[sla.NameFirstReply]
	assert.Equal(t, [2]int{1, 1}, [2]int{fr.Numerator, fr.Denominator}, "urgent within an hour")
	fr = f.SLAPriorities[1].Rates[sla.NameFirstReply]
	assert.Equal(t, [2]int{1, 1}, [2]int{fr.Numerator, fr.Denominator}, "normal within four business hours")
	assert.Equal(t, time.Hour, f.Targets[0].FirstReply)
	assert.False(t, f.Targets[0].Business, "urgent runs around the clock")
	assert.Equal(t, 4*time.Hour, f.Targets[2].FirstReply)
	assert.Equal(t, 24*time.Hour, f.Targets[2].Resolution)
	// Both solved on the first contact with one reply: FCR 2 of 2, none
	// reopened; the distributions are counted from each ticket's facts.
	assert.Equal(t, [2]int{2, 2}, [2]int{f.FCR.Numerator, f.FCR.Denominator})
	assert.Equal(t, [2]int{0, 2}, [2]int{f.Reopened.Numerator, f.Reopened.Denominator})
	assert.Equal(t, []int{0, 2}, f.Replies, "one agent reply each")
	total := 0
	for _, n := range f.Interactions {
		total += n
	}
	assert.Equal(t, 2, total)
	// One rating of 4 (billing) counts; the delivery rating of 2 is
	// excluded with its reason.
	assert.Equal(t, [6]int{0, 0, 0, 0, 1, 0}, f.Scores)
	assert.Equal(t, map[string]int{"category_excluded": 1}, f.ExcludedWhy)
	require.Len(t, f.Groups, 1)
	assert.Equal(t, "(no group)", f.Groups[0].Group)
	// The customer c and ingrid's time on its tickets.
	require.Len(t, f.Customers, 1)
	assert.Equal(t, 2, f.Customers[0].Tickets)
	// Backlog at each midnight: the Wednesday ticket waits over Thursday
	// (Ascension Day) and is solved on Friday morning.
	var backlog []int
	for _, b := range f.Backlog {
		backlog = append(backlog, b.Active)
	}
	assert.Equal(t, []int{0, 0, 1, 1, 0, 0, 0}, backlog)
	days := []int{f.Days[0].New, f.Days[1].New, f.Days[2].New, f.Days[3].New}
	assert.Equal(t, []int{0, 0, 2, 0}, days)
	assert.False(t, f.Days[3].Working, "Ascension Day")
	assert.False(t, f.Days[5].Trend, "no trend before a full week")
	assert.True(t, f.Days[6].Trend)
	assert.InDelta(t, 0.5, f.Days[6].PerWorkingDay, 1e-9, "two tickets over four working days (11–15 May, Thursday closed)")
}

// TestStaffingSectionWithoutPlan checks the staffing section of a period
// with no working day after a working day: the section is there and says
// why it has no chart.
func TestStaffingSectionWithoutPlan(t *testing.T) {
	s := staffingSection(figures{Headcount: 1})
	assert.Equal(t, "staffing", s.ID)
	assert.Empty(t, s.Charts)
	assert.Equal(t, []string{"– (no working day after a working day in the period to plan on)"}, s.Lines)
	assert.Contains(t, s.Note, "beside 1 agent rostered")
}

// TestNothingToMeasure renders a period without tickets: the summary says
// so instead of showing medians of 0 m, and an events file without events
// is refused instead of reporting on the year 1.
func TestNothingToMeasure(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-tickets", "0", "-days", "1"}, &out, io.Discard))
	summary := parse(t, out.Bytes()).all("ul")[0].Children
	require.Greater(t, len(summary), 2)
	assert.Equal(t, "first reply: – (no tickets) (business time)", summary[1].Text)
	assert.Equal(t, "resolution: – (no tickets) (business time)", summary[2].Text)

	empty := filepath.Join(t.TempDir(), "empty.jsonl")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	out.Reset()
	err := run([]string{"-events", empty}, &out, io.Discard)
	assert.ErrorContains(t, err, "empty.jsonl: no ticket events to report on")
	assert.Equal(t, 1, cli.Code(err))
	assert.Empty(t, out.String())
}
