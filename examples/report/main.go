package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("report", run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.New("report", "writes a support desk's KPI report as one self-contained HTML page.", stderr)
	date := fs.String("date", "2026-05-01", "first day of a generated period (YYYY-MM-DD, Oslo)")
	days := fs.Int("days", 31, "days in a generated period")
	tickets := fs.Int("tickets", 4000, "tickets in a generated period")
	seed := fs.Uint64("seed", 1, "seed of a generated period")
	events := fs.String("events", "", "read ticket events from this JSON-lines file instead of generating them")
	exclude := fs.String("exclude", "delivery", "case types left out of CSAT, comma-separated (with -config, the desk file's unless given)")
	config := fs.String("config", "", "read the desk — zone, business calendar, KPI definitions, SLA policies — from this desk file's sections")
	out := fs.String("o", "", "write the page to this file instead of standard output")
	headcount := fs.Int("agents", 8, "agents rostered on the desk's open hours, for the staffing chart")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	set := cli.Set(fs)
	switch {
	case *events != "" && (set["date"] || set["days"] || set["tickets"] || set["seed"]):
		return cli.Refuse("-date, -days, -tickets and -seed describe a generated period; -events reads one instead")
	case *days < 1:
		return cli.Refuse("-days must be at least 1, not %d", *days)
	case *tickets < 0:
		return cli.Refuse("-tickets must not be negative, not %d", *tickets)
	case *headcount < 0:
		return cli.Refuse("-agents must not be negative, not %d", *headcount)
	}
	var excluded []string
	if *exclude != "" {
		excluded = strings.Split(*exclude, ",")
	}
	desk, err := loadDesk(*config, excluded, set["exclude"])
	if err != nil {
		return err
	}
	hours := desk.Calendar
	var (
		histories [][]ticket.Event
		from, to  time.Time
		title     string
	)
	if *events != "" {
		if histories, err = readEvents(*events); err != nil {
			return err
		}
		if len(histories) == 0 {
			return fmt.Errorf("%s: no ticket events to report on", *events)
		}
		from, to = period(histories, desk.Location)
		if lo, hi := hours.Range(); !from.IsZero() && (from.Before(lo) || to.After(hi)) {
			return fmt.Errorf("%s: the events run from %s to %s, beyond the desk's calendar, which covers %s to %s: their business times would read 0",
				*events, from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly), lo.Format(time.DateOnly), hi.AddDate(0, 0, -1).Format(time.DateOnly))
		}
		title = "from " + *events
	} else {
		first, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return cli.Refuse("-date %q is not a date like 2026-05-01", *date)
		}
		if err := cli.Covered(hours, calendar.DateOf(first), *days, 0); err != nil {
			return err
		}
		s, err := gen.Generate(gen.Config{Hours: hours, First: calendar.DateOf(first), Days: *days, Tickets: *tickets, Seed: *seed})
		if err != nil {
			return err
		}
		histories, from, to = s.Tickets, s.Start, s.End
		title = fmt.Sprintf("generated (%d arrivals, seed %d)", *tickets, *seed)
	}
	f, err := compute(desk, from, to, histories, *headcount)
	if err != nil {
		return err
	}
	// The title counts what the first line of the page counts.
	f.Title = fmt.Sprintf("Support desk report: %s %s", plural(f.Created, "ticket"), title)
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

// loadDesk returns the report's options: the examples' desk, or the
// "metrics" section of the desk file at path, its CSAT exclusions replaced
// by excluded when the flag was given. A desk file without a business
// calendar measures business time around the clock in its zone.
func loadDesk(path string, excluded []string, excludeGiven bool) (metrics.Config, error) {
	if path == "" {
		hours, err := gen.OsloHours()
		if err != nil {
			return metrics.Config{}, err
		}
		return builtIn(hours, excluded), nil
	}
	dk, err := deskfile.ReadFile(path)
	if err != nil {
		return metrics.Config{}, err
	}
	desk := dk.Metrics
	if desk.Location == nil {
		return metrics.Config{}, fmt.Errorf("%s: no metrics section: the report needs at least its zone", path)
	}
	if desk.Calendar == nil {
		desk.Calendar = calendar.Always(desk.Location)
	}
	if excludeGiven {
		desk.CSATExclude = excluded
	}
	return desk, nil
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
