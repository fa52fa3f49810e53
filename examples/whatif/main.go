package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("whatif", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command takes no flags but -h: the month and both calendars are fixed.
func command(args []string, out, errOut io.Writer) error {
	fs := cli.New("whatif", "replays a generated month under the SLA policy counted in two calendars; it takes no flags.", errOut)
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	return run(out)
}

// outcome counts one metric's instances for one priority.
type outcome struct{ achieved, breached int }

func (o outcome) String() string {
	if o.achieved+o.breached == 0 {
		return "–"
	}
	return fmt.Sprintf("%5.1f%% (%d/%d)", 100*float64(o.achieved)/float64(o.achieved+o.breached), o.achieved, o.achieved+o.breached)
}

// key names a row: metric and priority.
type key struct {
	metric   string
	priority ticket.Priority
}

// flip is a ticket whose instance breaches under one calendar only.
type flip struct {
	ticket          ticket.ID
	metric          string
	dueA, dueB, end time.Time
	breachedA       bool
}

func run(out io.Writer) error {
	desk, err := gen.OsloHours()
	if err != nil {
		return err
	}
	holidays, err := calendar.HolidaysFor("NO")
	if err != nil {
		return err
	}
	longer, err := calendar.New(desk.Location(), calendar.MustParseWeek("mon-fri 08:00-17:00; sat 10:00-14:00"),
		calendar.WithHolidays(holidays...), calendar.WithYears(2025, 2027))
	if err != nil {
		return err
	}
	month, err := gen.Generate(gen.Config{Hours: desk, First: calendar.Date{Year: 2026, Month: time.May, Day: 1}, Days: 31, Tickets: 1000, Seed: 1})
	if err != nil {
		return err
	}
	a, b := gen.Policies(desk), gen.Policies(longer)
	results := [2]map[key]outcome{{}, {}}
	var flips []flip
	for _, history := range month.Tickets {
		ra, err := a.Evaluate(history, month.End)
		if err != nil {
			return err
		}
		rb, err := b.Evaluate(history, month.End)
		if err != nil {
			return err
		}
		prio := ticket.PriorityNormal
		for _, e := range history {
			if c, ok := e.Data.(ticket.Created); ok {
				prio = c.Priority
			}
		}
		for i, r := range []sla.Result{ra, rb} {
			for _, in := range r.Instances {
				k := key{in.Metric.Name, prio}
				o := results[i][k]
				switch {
				case in.Breached:
					o.breached++
				case in.State == sla.StateFulfilled:
					o.achieved++
				}
				results[i][k] = o
			}
		}
		for _, in := range ra.Instances {
			for _, other := range rb.Instances {
				if other.Metric.Name == in.Metric.Name && other.Number == in.Number && other.Breached != in.Breached {
					flips = append(flips, flip{ticket: ra.TicketID, metric: in.Metric.Name,
						dueA: in.Due, dueB: other.Due, end: in.End, breachedA: in.Breached})
				}
			}
		}
	}

	fmt.Fprintf(out, "%d tickets, May 2026, Oslo; SLA achievement (achieved / achieved + breached)\n", len(month.Tickets))
	fmt.Fprintf(out, "%-20s %-8s %-22s %-22s %s\n", "metric", "priority", "mon-fri 08-16", "+1h, sat 10-14", "breaches avoided")
	keys := slices.SortedFunc(maps.Keys(results[0]), func(x, y key) int {
		if x.metric != y.metric {
			return strings.Compare(x.metric, y.metric)
		}
		return y.priority.Rank() - x.priority.Rank()
	})
	for _, k := range keys {
		oa, ob := results[0][k], results[1][k]
		fmt.Fprintf(out, "%-20s %-8s %-22s %-22s %+d\n", k.metric, k.priority, oa, ob, oa.breached-ob.breached)
	}
	only := [2]int{}
	for _, f := range flips {
		if f.breachedA {
			only[0]++
		} else {
			only[1]++
		}
	}
	fmt.Fprintf(out, "\n%d instances flip: %d breach only in the desk's hours, %d only in the longer week; the first five:\n", len(flips), only[0], only[1])
	loc := desk.Location()
	for _, f := range flips[:min(5, len(flips))] {
		fmt.Fprintf(out, "  %s %-20s due %s vs %s, ended %s\n", f.ticket.String()[:8], f.metric,
			f.dueA.In(loc).Format("Mon 2 Jan 15:04"), f.dueB.In(loc).Format("Mon 2 Jan 15:04"), when(f.end, loc))
	}
	explain(out, flips, loc)
	return nil
}

// explain says why the longer week breaches more, from the flips: the
// tickets were answered in the desk's own hours, and a target counted in
// more open hours falls due sooner — on a Saturday or in the extra hour
// of a weekday, when nobody was there to reply.
func explain(out io.Writer, flips []flip, loc *time.Location) {
	var earlier, saturday, evening int
	for _, f := range flips {
		if f.breachedA {
			continue
		}
		if !f.dueB.Before(f.dueA) {
			continue
		}
		earlier++
		switch due := f.dueB.In(loc); {
		case due.Weekday() == time.Saturday:
			saturday++
		case due.Hour() == 16:
			evening++
		}
	}
	fmt.Fprintf(out, "\nWhy the longer week breaches more: the tickets are the same, answered by a desk that works\n"+
		"mon-fri 08-16. Counted in more open hours, a target runs out sooner. Of the %d instances that\n"+
		"breach only in the longer week, %d fall due earlier: %d on a Saturday and %d between 16:00 and\n"+
		"17:00 on a weekday, when nobody was there to reply, and %d at other weekday hours, because the\n"+
		"Saturday or the extra evening hour before had used up part of the target. Promise the longer\n"+
		"week only with the people to work it.\n", only(flips), earlier, saturday, evening, earlier-saturday-evening)
}

// only counts the flips that breach in the longer week only.
func only(flips []flip) int {
	n := 0
	for _, f := range flips {
		if !f.breachedA {
			n++
		}
	}
	return n
}

func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "not yet"
	}
	return t.In(loc).Format("Mon 2 Jan 15:04")
}
