package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/examples/internal/kpi"
	"github.com/servicedesk-go/desk/metrics"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	cli.Exit("metrics", command(os.Args[1:], os.Stdout, os.Stderr))
}

// command runs the program, which takes no flags but -h.
func command(args []string, out, errOut io.Writer) error {
	return cli.Fixed("metrics", "prints the KPI report of a generated week on the Oslo desk", args, out, errOut, run)
}

func run(out io.Writer) error {
	hours, err := gen.OsloHours()
	if err != nil {
		return err
	}
	first := calendar.Date{Year: 2026, Month: time.May, Day: 11}
	week, err := gen.Generate(gen.Config{Hours: hours, First: first, Days: 7, Tickets: 400, Seed: 11})
	if err != nil {
		return err
	}
	report, err := metrics.NewReport(metrics.Config{
		Location:    hours.Location(),
		Calendar:    hours,
		Now:         week.End,
		From:        week.Start,
		To:          week.End,
		CSATExclude: []string{"delivery"},
		SLA:         gen.Policies(hours),
		Breakdowns:  [][]metrics.Dimension{{metrics.DimChannel}},
	})
	if err != nil {
		return err
	}
	for _, history := range week.Tickets {
		if err := report.Add(history); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "KPIs for %s – %s, Oslo desk\n", week.Start.Format("Mon 2 Jan"), week.End.AddDate(0, 0, -1).Format("Mon 2 Jan 2006"))
	if err := kpi.Write(out, report, kpi.Options{From: first, To: calendar.DateOf(week.End), Calendar: hours}); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nfirst reply by channel (business time):")
	for _, g := range report.Breakdowns[0].Groups() {
		st := g.KPIs.FirstReplyBusiness.Stats(metrics.NearestRank)
		noun := "tickets"
		if g.KPIs.Tickets == 1 {
			noun = "ticket"
		}
		fmt.Fprintf(out, "  %-7s %4d %s, median %s, p90 %s\n", g.Key[0], g.KPIs.Tickets, noun, kpi.Short(st.Median), kpi.Short(st.P90))
	}
	return nil
}
