package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/examples/internal/kpi"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// tally counts what the scheduler saw over a generated stream.
type tally struct {
	evaluations int
	levels      map[string]int // SLA level name → firings
	followUps   map[followup.Kind]int
}

func (t *tally) merge(o tally) {
	t.evaluations += o.evaluations
	for k, n := range o.levels {
		t.levels[k] += n
	}
	for k, n := range o.followUps {
		t.followUps[k] += n
	}
}

func newTally() tally {
	return tally{levels: map[string]int{}, followUps: map[followup.Kind]int{}}
}

// runStream plays a generated stream: it generates the tickets, runs every
// ticket's SLA clocks and follow-ups from wake-up to wake-up up to the end
// of the period, and folds the histories into the KPI report. Each phase
// uses every core (tickets are independent) and its time goes to timings.
func runStream(out, timings io.Writer, dk *deskfile.Desk, cfg gen.Config, asJSON bool) error {
	hours := dk.Metrics.Calendar
	started := time.Now()
	phase := func(name, note string) {
		fmt.Fprintf(timings, "%-10s %8s  %s\n", name, time.Since(started).Round(time.Millisecond), note)
		started = time.Now()
	}
	stream, err := gen.Generate(cfg)
	if err != nil {
		return err
	}
	events := 0
	for _, h := range stream.Tickets {
		events += len(h)
	}
	phase("generate", fmt.Sprintf("%d tickets, %d events", len(stream.Tickets), events))

	policies, planner := dk.SLA, dk.Planner
	workers := runtime.GOMAXPROCS(0)
	tallies := make([]tally, workers)
	reports := make([]*metrics.Report, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		tallies[w] = newTally()
		clocks, err := sla.NewEvaluator(policies) // one per worker: an Evaluator reuses its memory
		if err != nil {
			return err
		}
		wg.Go(func() {
			for i := w; i < len(stream.Tickets) && errs[w] == nil; i += workers {
				errs[w] = drive(stream.Tickets[i], clocks, planner, stream.End, &tallies[w])
			}
		})
	}
	wg.Wait()
	total := newTally()
	for w := range workers {
		if errs[w] != nil {
			return errs[w]
		}
		total.merge(tallies[w])
	}
	phase("clocks", fmt.Sprintf("%d SLA and follow-up evaluations driven by NextWakeUp", total.evaluations))

	mcfg := dk.Metrics
	mcfg.Now, mcfg.From, mcfg.To = stream.End, stream.Start, stream.End
	for w := range workers {
		if reports[w], err = metrics.NewReport(mcfg); err != nil {
			return err
		}
		wg.Go(func() {
			for i := w; i < len(stream.Tickets) && errs[w] == nil; i += workers {
				errs[w] = reports[w].Add(stream.Tickets[i])
			}
		})
	}
	wg.Wait()
	for w := range workers {
		if errs[w] != nil {
			return errs[w]
		}
		if w > 0 {
			if err := reports[0].Merge(reports[w]); err != nil {
				return err
			}
		}
	}
	phase("report", fmt.Sprintf("%d partial reports merged", workers))
	if asJSON {
		return writeJSON(out, reports[0])
	}

	last := stream.End.AddDate(0, 0, -1)
	fmt.Fprintf(out, "%s generated, %s – %s (seed %d), Oslo desk: %s and %s their customers sent again\n",
		kpi.Plural(len(stream.Tickets), "ticket"), stream.Start.Format("Mon 2 Jan"), last.Format("Mon 2 Jan 2006"), cfg.Seed,
		kpi.Plural(cfg.Tickets, "arrival"), kpi.Plural(len(stream.Tickets)-cfg.Tickets, "duplicate"))
	if closed := closedDays(hours, cfg.First, calendar.DateOf(stream.End)); len(closed) > 0 {
		fmt.Fprintf(out, "  %-18s %s\n", "desk closed", strings.Join(closed, ", "))
	}
	var levels, kinds []string
	for _, l := range slices.Sorted(maps.Keys(total.levels)) {
		levels = append(levels, fmt.Sprintf("%s %d", l, total.levels[l]))
	}
	for _, k := range slices.Sorted(maps.Keys(total.followUps)) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, total.followUps[k]))
	}
	fmt.Fprintf(out, "  %-18s %s\n", "SLA levels fired", orNone(levels))
	fmt.Fprintf(out, "  %-18s %s\n", "follow-ups due", orNone(kinds))
	return kpi.Write(out, reports[0], kpi.Options{From: cfg.First, To: calendar.DateOf(stream.End), Calendar: hours})
}

// drive runs one ticket's clocks and follow-ups as a scheduler would: it
// evaluates the ticket at each of its events and at each wake-up the
// results ask for, up to end, and counts each level and follow-up once by
// its key. A generated history is fixed, so nobody acts on what falls due.
func drive(history []ticket.Event, clocks *sla.Evaluator, planner *followup.Planner, end time.Time, t *tally) error {
	fired := map[string]bool{}
	var prev sla.Checkpoint         // of the last SLA evaluation
	var slaNext, planNext time.Time // when each asked to be woken
	for now := history[0].At; !now.IsZero() && !now.After(end); {
		n := upTo(history, now)
		seen := history[:n] // what has happened by now
		event := seen[n-1].At.Equal(now)
		// A new event concerns both; a wake-up only the one that asked.
		if event || now.Equal(slaNext) {
			r, err := clocks.Evaluate(seen, now)
			if err != nil {
				return err
			}
			t.evaluations++
			due, err := r.Due(prev, sla.CatchUp{})
			if err != nil {
				return err
			}
			for _, f := range due {
				if !f.Skipped && !fired[f.Key] {
					fired[f.Key] = true
					t.levels[f.Level]++
				}
			}
			prev, slaNext = r.Checkpoint(), r.NextWakeUp
		}
		if event || now.Equal(planNext) {
			plan, err := planner.Plan(seen, now)
			if err != nil {
				return err
			}
			t.evaluations++
			for _, item := range plan.Due {
				if !fired[item.Key] {
					fired[item.Key] = true
					t.followUps[item.Kind]++
				}
			}
			planNext = plan.NextWakeUp
		}
		now = nextChange(history, now, earliest(slaNext, planNext))
	}
	return nil
}

// upTo returns the number of events at or before now.
func upTo(history []ticket.Event, now time.Time) int {
	i, _ := slices.BinarySearchFunc(history, now, func(e ticket.Event, t time.Time) int {
		if e.At.After(t) {
			return 1
		}
		return -1
	})
	return i
}

// nextChange returns the first instant after now at which the ticket has
// an event or asked to be woken, whichever comes first.
func nextChange(history []ticket.Event, now, wakeUp time.Time) time.Time {
	if i := upTo(history, now); i < len(history) {
		return earliest(history[i].At, wakeUp)
	}
	return wakeUp
}

// orNone joins a list, or says "none".
func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// closedDays names the dates in [from, to) on which the desk is closed all
// day: holidays by name, and weekends (or other closed weekdays) as a
// count, so a run over a holiday says so.
func closedDays(hours *calendar.Calendar, from, to calendar.Date) []string {
	var out []string
	weekly := 0
	for d := from; d.Compare(to) < 0; d = d.AddDays(1) {
		switch info := hours.Day(d); {
		case info.Open():
		case info.Name != "":
			out = append(out, fmt.Sprintf("%s %s (%s)", d.Weekday().String()[:3], d, info.Name))
		default:
			weekly++
		}
	}
	if weekly > 0 {
		out = append(out, kpi.Plural(weekly, "day")+" by the weekly hours")
	}
	return out
}
