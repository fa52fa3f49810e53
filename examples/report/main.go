// Command report writes a one-page report of a support desk as a
// self-contained HTML page: inline SVG charts drawn by html/template, no
// JavaScript, no style sheets or fonts from elsewhere, readable on screen
// and on paper. The page is well-formed XHTML, so XML tools can read it too.
//
// It shows when tickets arrive (weekday × hour), new tickets per day with
// the days the desk is closed greyed out and the trend in tickets per
// working day, the first-reply and resolution distributions in business
// hours with their median and 90th percentile marked, satisfaction per case
// type with the types outside the desk's control greyed out, first-reply
// SLA achievement per priority under the examples' SLA policy,
// conversations per agent, and the agents an average working day needs
// per half hour (package metrics/staffing) beside the agents rostered.
// Every figure is read from a metrics.Report of the ticket histories.
//
// By default it reports a generated month (May 2026 in Oslo, with its four
// public holidays); with -events it reads ticket events, one JSON object a
// line in the ticket package's wire format, from a file instead:
//
//	go run ./examples/report > report.html
//	go run ./examples/report -events events.jsonl -o report.html
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	date := fs.String("date", "2026-05-01", "first day of a generated period (YYYY-MM-DD, Oslo)")
	days := fs.Int("days", 31, "days in a generated period")
	tickets := fs.Int("tickets", 4000, "tickets in a generated period")
	seed := fs.Uint64("seed", 1, "seed of a generated period")
	events := fs.String("events", "", "read ticket events from this JSON-lines file instead of generating them")
	exclude := fs.String("exclude", "delivery", "case types left out of CSAT, comma-separated")
	out := fs.String("o", "", "write the page to this file instead of standard output")
	headcount := fs.Int("agents", 8, "agents rostered on the desk's open hours, for the staffing chart")
	if err := fs.Parse(args); err != nil {
		return err
	}
	hours, err := gen.OsloHours()
	if err != nil {
		return err
	}
	var (
		histories [][]ticket.Event
		from, to  time.Time
		title     string
	)
	if *events != "" {
		if histories, err = readEvents(*events); err != nil {
			return err
		}
		from, to = period(histories, hours.Location())
		title = "Support desk report: " + *events
	} else {
		first, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return fmt.Errorf("-date: %w", err)
		}
		s, err := gen.Generate(gen.Config{Hours: hours, First: calendar.DateOf(first), Days: *days, Tickets: *tickets, Seed: *seed})
		if err != nil {
			return err
		}
		histories, from, to = s.Tickets, s.Start, s.End
		title = fmt.Sprintf("Support desk report: %d generated tickets (seed %d)", *tickets, *seed)
	}
	var excluded []string
	if *exclude != "" {
		excluded = strings.Split(*exclude, ",")
	}
	f, err := compute(hours, from, to, histories, excluded, *headcount)
	if err != nil {
		return err
	}
	f.Title = title
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriter(w)
	if err := render(bw, f); err != nil {
		return err
	}
	return bw.Flush()
}

// readEvents reads events, one JSON object a line, and groups them into
// histories in order of each ticket's first appearance, each in Seq order.
func readEvents(path string) ([][]ticket.Event, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	index := map[ticket.ID]int{}
	var histories [][]ticket.Event
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for line := 1; sc.Scan(); line++ {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var e ticket.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		i, ok := index[e.TicketID]
		if !ok {
			i = len(histories)
			index[e.TicketID] = i
			histories = append(histories, nil)
		}
		histories[i] = append(histories[i], e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, h := range histories {
		slices.SortFunc(h, func(a, b ticket.Event) int { return a.Seq - b.Seq })
	}
	return histories, nil
}

// period returns the local days that the histories span: from midnight of
// the first creation to the midnight after the last event.
func period(histories [][]ticket.Event, loc *time.Location) (from, to time.Time) {
	for _, h := range histories {
		if first := h[0].At; from.IsZero() || first.Before(from) {
			from = first
		}
		if last := h[len(h)-1].At; last.After(to) {
			to = last
		}
	}
	if from.IsZero() {
		return from, to
	}
	from, to = from.In(loc), to.In(loc)
	return time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc),
		time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc)
}
