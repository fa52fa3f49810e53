package kpi

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// write generates days of tickets from Monday 4 May 2026 and prints their
// report.
func write(t *testing.T, days, tickets int) (string, gen.Stream) {
	t.Helper()
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	first := calendar.Date{Year: 2026, Month: time.May, Day: 4}
	s, err := gen.Generate(gen.Config{Hours: hours, First: first, Days: days, Tickets: tickets, Seed: 3})
	require.NoError(t, err)
	r, err := metrics.NewReport(metrics.Config{Location: hours.Location(), Calendar: hours, Now: s.End, From: s.Start, To: s.End,
		CSATExclude: []string{"delivery"}})
	require.NoError(t, err)
	for _, h := range s.Tickets {
		require.NoError(t, r.Add(h))
	}
	var out bytes.Buffer
	require.NoError(t, Write(&out, r, Options{From: first, To: calendar.DateOf(s.End), Calendar: hours}))
	return out.String(), s
}

// field returns the text after a label.
func field(t *testing.T, out, label string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), label+" "); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("no %q line in\n%s", label, out)
	return ""
}

func TestCounts(t *testing.T) {
	out, s := write(t, 7, 300)
	var counted, created, merged, resolved, open int
	_, err := fmt.Sscanf(field(t, out, "tickets"), "%d counted of %d tickets created (%d merged away, left out): %d resolved, %d still open",
		&counted, &created, &merged, &resolved, &open)
	require.NoError(t, err)
	assert.Equal(t, len(s.Tickets), created, "every generated ticket")
	assert.Equal(t, created, counted+merged)
	assert.Equal(t, counted, resolved+open)
	assert.Contains(t, field(t, out, "resolution"), "over "+strconv.Itoa(resolved)+", "+strconv.Itoa(open)+" still waiting")
	assert.Contains(t, out, "— case type outside the desk's control (delivery)", "CSAT exclusions say why")
	assert.NotContains(t, out, " 1 tickets")
	assert.NotContains(t, out, " %", "percentages are written one way: 12.5%")
}

// TestHeatmap checks the legend of the characters and that the busiest
// weekday is named by the measure the table shows: the total when every
// weekday occurs once, new tickets a day when some occur twice.
func TestHeatmap(t *testing.T) {
	out, _ := write(t, 7, 300)
	assert.Contains(t, out, "' ' none, '.' to '%' more and more, '@' the busiest hour")
	busiest := field(t, out, "busiest weekday")
	assert.Contains(t, busiest, "new tickets, the most in the table above")
	day := strings.Fields(busiest)[0][:3]
	total := strings.Fields(busiest)[1][1:]
	best := 0
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && len(f[0]) == 3 && strings.Contains("MonTueWedThuFriSatSun", f[0]) {
			n, err := strconv.Atoi(f[len(f)-1])
			require.NoError(t, err, l)
			best = max(best, n)
			if f[0] == day {
				assert.Equal(t, total, f[len(f)-1], "the busiest weekday's row")
			}
		}
	}
	assert.Equal(t, strconv.Itoa(best), total, "the most in the table")

	out, _ = write(t, 14, 600)
	busiest = field(t, out, "busiest weekday")
	assert.Contains(t, busiest, "new tickets a day, as in the table above")
	perDay := strings.Fields(busiest)[1][1:]
	assert.Regexp(t, strings.Fields(busiest)[0][:3]+` .* \(`+perDay+` a day over 2 `+strings.Fields(busiest)[0]+`s\)`, out)
}

func TestPlural(t *testing.T) {
	assert.Equal(t, "1 ticket", Plural(1, "ticket"))
	assert.Equal(t, "0 tickets", Plural(0, "ticket"))
	assert.Equal(t, "2 Mondays", Plural(2, "Monday"))
}

// TestHeatmapMarksOnlyThePeak checks the shades: '@' is the legend's
// busiest hour, so only cells with the peak count get it, and more
// arrivals never get a lighter shade.
func TestHeatmapMarksOnlyThePeak(t *testing.T) {
	var h [7][24]int
	h[0][10], h[4][10], h[4][11], h[4][12], h[4][13], h[2][9] = 17, 16, 15, 1, 2, 8
	var out bytes.Buffer
	p := printer{w: &out}
	p.heatmap(h)
	require.NoError(t, p.err)
	rows := map[string]string{}
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(l); len(f) > 1 && len(f[0]) == 3 {
			rows[f[0]] = l[len("    Mon              "):][:24]
		}
	}
	assert.Equal(t, byte('@'), rows["Mon"][10], "the peak, 17")
	assert.Equal(t, 1, strings.Count(out.String(), "@")-1, "one '@' in the table besides the legend's:\n%s", out.String())
	assert.Equal(t, byte('%'), rows["Fri"][10], "16 of 17")
	assert.Equal(t, byte('.'), rows["Fri"][12], "1 of 17")
	shades := " .:-=+*#%@"
	assert.LessOrEqual(t, strings.IndexByte(shades, rows["Fri"][12]), strings.IndexByte(shades, rows["Fri"][13]), "2 no lighter than 1")
	assert.Less(t, strings.IndexByte(shades, rows["Wed"][9]), strings.IndexByte(shades, rows["Fri"][11]), "8 lighter than 15")

	h = [7][24]int{}
	h[2][8], h[2][9], h[2][10] = 3, 1, 2
	out.Reset()
	p = printer{w: &out}
	p.heatmap(h)
	assert.Contains(t, out.String(), "Wed                      @-*", "a day with 3, 1 and 2 new")
}

// TestShardsPrintAsOne checks that a report merged from shards prints as
// the report of one pass: which excluded tickets are listed first does not
// depend on how the tickets were split (as helpdesk splits them per core).
func TestShardsPrintAsOne(t *testing.T) {
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	first := calendar.Date{Year: 2026, Month: time.May, Day: 4}
	s, err := gen.Generate(gen.Config{Hours: hours, First: first, Days: 7, Tickets: 400, Seed: 5})
	require.NoError(t, err)
	cfg := metrics.Config{Location: hours.Location(), Calendar: hours, Now: s.End, From: s.Start, To: s.End,
		CSATExclude: []string{"delivery"}}
	print := func(shards int) string {
		reports := make([]*metrics.Report, shards)
		for i := range reports {
			reports[i], err = metrics.NewReport(cfg)
			require.NoError(t, err)
		}
		for i, h := range s.Tickets {
			require.NoError(t, reports[i%shards].Add(h))
		}
		for _, r := range reports[1:] {
			require.NoError(t, reports[0].Merge(r))
		}
		var out bytes.Buffer
		require.NoError(t, Write(&out, reports[0], Options{From: first, To: calendar.DateOf(s.End), Calendar: hours}))
		return out.String()
	}
	one := print(1)
	require.Contains(t, one, "and ", "more excluded tickets than are listed")
	assert.Equal(t, one, print(2))
	assert.Equal(t, one, print(3))
}
