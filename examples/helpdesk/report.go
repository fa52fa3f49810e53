package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/kpi"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// kpis folds every stored history into the day's KPI report: the numbers
// come from the events alone, under the same SLA policies as the live
// clocks, so the report and the warnings of the day cannot disagree.
func (d *desk) kpis() (*metrics.Report, error) {
	end := d.day.AddDate(0, 0, 1)
	r, err := metrics.NewReport(metrics.Config{
		Location: d.hours.Location(), Calendar: d.hours, Now: end, From: d.day, To: end,
		CSATExclude: []string{"delivery"}, SLA: d.policies,
	})
	if err != nil {
		return nil, err
	}
	for events, err := range d.store.All(d.ctx) {
		if err != nil {
			return nil, err
		}
		if err := r.Add(events); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// report prints the end-of-day figures.
func (d *desk) report(r *metrics.Report) error {
	d.printf("\nEnd of day %s (%d evaluations at a NextWakeUp, %d SLA levels and follow-ups acted on, each once)\n",
		d.day.Format("2 January 2006"), d.wakeUps, len(d.fired))
	if err := kpi.Write(d.out, r, kpi.Options{Name: func(id ticket.ID) string { return d.names[id] }}); err != nil {
		return err
	}
	var backlog []string
	for _, id := range d.order {
		t, err := ticket.Load(d.ctx, d.store, nil, id)
		if err != nil {
			return err
		}
		if c := t.Status.Category; c != ticket.StatusCategorySolved && c != ticket.StatusCategoryClosed {
			backlog = append(backlog, fmt.Sprintf("%s %s", d.names[id], t.Status))
		}
	}
	d.printf("  %-18s %d: %v\n", "open at midnight", len(backlog), backlog)
	next := d.hours.NextOpen(d.day.AddDate(0, 0, 1))
	var closed []string
	for day := d.day.AddDate(0, 0, 1); calendar.DateOf(day) != calendar.DateOf(next); day = day.AddDate(0, 0, 1) {
		closed = append(closed, day.Format("Mon 2 Jan"))
	}
	note := ""
	if len(closed) > 0 {
		note = " (closed " + strings.Join(closed, ", ") + ")"
	}
	d.printf("  %-18s %s%s\n", "the desk opens", d.when(next), note)
	return nil
}

// writeJSON prints a report's display form (metrics.ReportSummary), the
// stable JSON shape for dashboards; the mergeable state is the report's
// own JSON.
func writeJSON(w io.Writer, r *metrics.Report) error {
	b, err := json.Marshal(r.Summary(metrics.NearestRank))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
