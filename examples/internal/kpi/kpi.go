package kpi

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// Options say what to print besides the KPIs every report has.
type Options struct {
	// Name names a ticket in lists; nil prints the first eight hex digits
	// of its ID.
	Name func(ticket.ID) string
	// From and To are the report's local dates [From, To); with Calendar
	// and a range of more than a day, the report also shows the busiest
	// hour and weekday and the week-over-week change per working day.
	From, To calendar.Date
	Calendar *calendar.Calendar
}

// Write prints r.
func Write(w io.Writer, r *metrics.Report, o Options) error {
	p := printer{w: w, o: o}
	if p.o.Name == nil {
		p.o.Name = func(id ticket.ID) string { return id.String()[:8] }
	}
	k := r.All
	merged := 0
	if rm := r.Removed[metrics.RemovedMergedAway]; rm != nil {
		merged = rm.Count
	}
	// Created in the report's range: counted, merged away, or left out by
	// a filter (tickets from before the range or after its end are not).
	created, filtered := r.Tickets+merged, 0
	for name, rm := range r.Removed {
		if name != metrics.RemovedMergedAway && name != metrics.RemovedRange && name != metrics.RemovedAfterNow {
			created, filtered = created+rm.Count, filtered+rm.Count
		}
	}
	note := ""
	if filtered > 0 {
		note = fmt.Sprintf(", %d left out by filters", filtered)
	}
	resolved := k.FullResolutionBusiness.Count()
	p.line("tickets", "%d counted of %s created (%d merged away, left out%s): %d resolved, %d still open",
		r.Tickets, Plural(created, "ticket"), merged, note, resolved, r.Tickets-resolved)
	p.line("first reply", "%s (business time)", stats(&k.FirstReplyBusiness))
	p.line("resolution", "%s (business time)", stats(&k.FullResolutionBusiness))
	p.line("FCR", "%s of resolved tickets", k.FCR)
	p.line("one-touch", "%s", k.OneTouch)
	p.line("reopened", "%s of tickets solved at least once", k.Reopened)
	p.line("CSAT", "%s (4 or 5 of 5)", k.CSAT)
	p.exclusions(k.CSAT.Excluded, r.Spec.CSATExclude)
	for _, key := range slices.Sorted(maps.Keys(k.SLA)) {
		rate := k.SLA[key]
		policy, metric, _ := strings.Cut(key, "/")
		note := ""
		if n := len(rate.Excluded); n > 0 {
			note = fmt.Sprintf(", %d running", n)
		}
		p.line("SLA "+policy, "%-20s %s achieved%s", metric, rate, note)
	}
	if wl := r.Workload; wl != nil {
		var agents []string
		for _, a := range slices.Sorted(maps.Keys(wl.Agents)) {
			agents = append(agents, fmt.Sprintf("%s %d", a, wl.Agents[a].Replied))
		}
		p.line("conversations", "%s (tickets each agent replied on)", orNone(agents))
		var used []string
		for _, u := range wl.MostUsed(0) {
			if u.Kind == ticket.WorkflowMacro && len(used) < 4 {
				used = append(used, fmt.Sprintf("%s %d", u.ID, u.Uses))
			}
		}
		p.line("most used macros", "%s", orNone(used))
		for _, ch := range []ticket.Channel{ticket.ChannelPhone, ticket.ChannelChat} {
			if a := wl.Channels[ch]; a != nil {
				if v, ok := a.Value(); ok {
					p.line("AHT "+string(ch), "%s over %s", Short(v), Plural(a.Handled, "ticket"))
				}
			}
		}
	}
	if v := r.Volume; v != nil {
		p.heatmap(v.Heatmap)
		if o.Calendar != nil && o.To.Year > 0 && dayCount(o.From, o.To) > 1 {
			if err := p.long(v); err != nil {
				return err
			}
		}
	}
	return p.err
}

// maxListed bounds the ticket lists.
const maxListed = 5

type printer struct {
	w      io.Writer
	o      Options
	err    error
	perDay bool // the heatmap shows each weekday's new tickets a day
}

func (p *printer) line(label, format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, "  %-18s %s\n", label, fmt.Sprintf(format, args...))
	}
}

func stats(s *metrics.Summary) string {
	st := s.Stats(metrics.NearestRank)
	if !st.Ok {
		return fmt.Sprintf("none yet (%d waiting)", st.Censored)
	}
	out := fmt.Sprintf("median %s, p90 %s over %d", Short(st.Median), Short(st.P90), st.Count)
	if st.Censored > 0 {
		out += fmt.Sprintf(", %d still waiting", st.Censored)
	}
	return out
}

// exclusions lists the tickets left out of CSAT, by reason, each list in
// order of ticket ID as the report's JSON has them: a report merged from
// shards keeps them in the order of its merges, which must not change
// which tickets are named.
func (p *printer) exclusions(xs []metrics.Exclusion, categories []string) {
	byReason := map[metrics.Reason][]metrics.Exclusion{}
	for _, x := range xs {
		byReason[x.Reason] = append(byReason[x.Reason], x)
	}
	for _, list := range byReason {
		slices.SortFunc(list, func(a, b metrics.Exclusion) int { return bytes.Compare(a.Ticket[:], b.Ticket[:]) })
	}
	for _, why := range slices.Sorted(maps.Keys(byReason)) {
		reason := string(why)
		if why == metrics.ReasonCategoryExcluded {
			reason = "case type outside the desk's control (" + strings.Join(categories, ", ") + ")"
		}
		p.line("", "excluded: %s — %s", p.tickets(byReason[why]), reason)
	}
}

// Plural prints "1 ticket" or "2 tickets".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (p *printer) tickets(xs []metrics.Exclusion) string {
	var names []string
	for i, x := range xs {
		if i == maxListed {
			names = append(names, fmt.Sprintf("and %d more", len(xs)-i))
			break
		}
		names = append(names, p.o.Name(x.Ticket))
	}
	return strings.Join(names, ", ")
}

// heatmap prints arrivals by weekday and hour, one character a cell, each
// weekday's total and, over a range of dates, its new tickets a day (the
// measure the busiest weekday is named by), and what the characters mean.
func (p *printer) heatmap(h [7][24]int) {
	const shades = " .:-=+*#%@"
	peak := 0
	for _, row := range h {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	if peak == 0 {
		return
	}
	p.line("arrivals", "%s", "0     6     12    18   23 (local hour)")
	days := [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	// New tickets a day, when some weekday occurs more than once (else
	// the total is the same figure).
	occurs := p.weekdays()
	if slices.Max(occurs[:]) < 2 {
		occurs = [7]int{}
	}
	p.perDay = occurs != [7]int{}
	for d, row := range h {
		var b strings.Builder
		total := 0
		for _, n := range row {
			// '@' marks the peak alone, as the legend says; fewer arrivals
			// take the shades '.' to '%' in proportion to the peak.
			i := 0
			switch {
			case n == peak:
				i = len(shades) - 1
			case n > 0:
				i = min((n*(len(shades)-2)+peak-1)/peak, len(shades)-2)
			}
			b.WriteByte(shades[i])
			total += n
		}
		if total == 0 {
			continue
		}
		if n := occurs[d]; n > 0 {
			perDay := decimal.New(int64(total), 0).DivRound(decimal.New(int64(n), 0), 2)
			p.line("  "+days[d], "%s %d (%s a day over %s)", b.String(), total, perDay.StringFixed(2), Plural(n, time.Weekday((d+1)%7).String()))
		} else {
			p.line("  "+days[d], "%s %d", b.String(), total)
		}
	}
	p.line("", "%q none, %q to %q more and more, %q the busiest hour (%d new)", shades[0], shades[1], shades[len(shades)-2], shades[len(shades)-1], peak)
}

// weekdays counts each weekday's dates in the report's range, Monday
// first; all zero without a range of more than a day.
func (p *printer) weekdays() [7]int {
	var n [7]int
	if p.o.To.Year == 0 || dayCount(p.o.From, p.o.To) <= 1 {
		return n
	}
	for d := p.o.From; d.Compare(p.o.To) < 0; d = d.AddDays(1) {
		n[(int(d.Weekday())+6)%7]++
	}
	return n
}

// long prints what a report over many days adds: the busiest hour and
// weekday, and the change per working day.
func (p *printer) long(v *metrics.Volume) error {
	b, err := v.Busiest(p.o.From, p.o.To)
	if err != nil {
		return err
	}
	p.line("busiest hour", "%02d:00 (%s new tickets a day)", b.Hour, b.HourAverage)
	if p.perDay {
		p.line("busiest weekday", "%s (%s new tickets a day, as in the table above)", b.Weekday, b.WeekdayAverage.StringFixed(2))
	} else {
		p.line("busiest weekday", "%s (%s new tickets, the most in the table above)", b.Weekday, b.WeekdayAverage.String())
	}
	// The last whole ISO week in the report against the week before it,
	// when both lie wholly inside the report.
	sunday := time.Date(p.o.To.Year, p.o.To.Month, p.o.To.Day-1, 0, 0, 0, 0, time.UTC)
	for sunday.Weekday() != time.Sunday {
		sunday = sunday.AddDate(0, 0, -1)
	}
	if dayCount(p.o.From, calendar.DateOf(sunday.AddDate(0, 0, -13))) < 0 {
		return nil
	}
	c, err := v.Compare(p.o.Calendar, metrics.PeriodWeek, calendar.DateOf(sunday), false)
	if err != nil {
		return err
	}
	cur, prev, ok := c.PerDay(1, metrics.RoundHalfEven)
	if !ok {
		return nil
	}
	pct, ok := c.Percent(1, metrics.RoundHalfEven)
	change := "– (no tickets the week before)"
	if ok {
		change = pct.StringFixed(1) + "%"
		if pct.Sign() > 0 {
			change = "+" + change
		}
	}
	p.line("week over week", "%s vs %s new tickets per working day in the weeks of %s and %s (%s; %d and %d working days)",
		cur, prev, c.CurrentFrom, c.PreviousFrom, change, c.CurrentDays, c.PreviousDays)
	return nil
}

func dayCount(from, to calendar.Date) int {
	a := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// Short prints a duration rounded to the nearest minute as "4h06m", "55m"
// or "0m".
func Short(d time.Duration) string {
	d = d.Round(time.Minute)
	if d < time.Hour {
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// orNone joins a list, or says "none".
func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
