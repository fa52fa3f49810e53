package kpibeam

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/kpibeam/internal/histgen"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"

	_ "time/tzdata" // Europe/Oslo on hosts without a zone database
)

func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

func init() {
	beam.RegisterFunction(deskConfig)
	beam.RegisterFunction(badConfig)
	register.Function1x1(resultJSON)
	register.Function1x1(deadJSON)
	register.Function1x1(checkResult)
}

// deskHours are the test desk's business hours: weekdays 08–16 in Oslo.
func deskHours() (*calendar.Calendar, error) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return nil, err
	}
	return calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"))
}

// genConfig generates four weeks of March 2026 (the clocks go forward on
// the 29th).
func genConfig(t testing.TB) histgen.Config {
	hours, err := deskHours()
	require.NoError(t, err)
	return histgen.Config{Hours: hours, Start: time.Date(2026, time.March, 2, 0, 0, 0, 0, hours.Location()), Days: 28, Seed: 7}
}

// policies returns the SLA policy set of a what-if variant: "standard"
// targets, or "strict" ones half as long.
func policies(hours sla.Hours, variant string) sla.Policies {
	scale := time.Duration(1)
	name := "standard"
	if variant == "strict" {
		scale, name = 2, "strict"
	}
	p := sla.Policy{Name: name, Version: 1}
	for _, t := range []struct {
		p                   ticket.Priority
		first, next, solved time.Duration
	}{
		{ticket.PriorityHigh, 2 * time.Hour, 4 * time.Hour, 16 * time.Hour},
		{ticket.PriorityNormal, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour},
		{ticket.PriorityLow, 8 * time.Hour, 16 * time.Hour, 40 * time.Hour},
	} {
		p.Targets = append(p.Targets,
			sla.Target{Metric: sla.FirstReply(), Priority: t.p, Duration: t.first / scale, Hours: hours},
			sla.Target{Metric: sla.NextReply(), Priority: t.p, Duration: t.next / scale, Hours: hours},
			sla.Target{Metric: sla.RequesterWait(), Priority: t.p, Duration: t.solved / scale, Hours: hours})
	}
	urgent := sla.Policy{Name: name + "-urgent", Version: 1,
		Match: sla.Condition{Priorities: []ticket.Priority{ticket.PriorityUrgent}},
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour / scale},
			{Metric: sla.RequesterWait(), Duration: 8 * time.Hour / scale},
		}}
	return sla.Policies{urgent, p}
}

// deskConfig is the ConfigFunc of the tests: the desk's four weeks
// (a year for the variant "year") with
// breakdowns by channel, by week and agent and by tag, per-customer
// workload, CSAT without the delivery category, the backlog at the
// start of the last week, and the variant's SLA policies.
func deskConfig(variant string) (metrics.Config, error) {
	hours, err := deskHours()
	if err != nil {
		return metrics.Config{}, err
	}
	days := 28
	switch variant {
	case "", "standard", "strict":
	case "year": // the benchmark's year of histories, standard policies
		days = 364
	default:
		return metrics.Config{}, fmt.Errorf("unknown variant %q", variant)
	}
	start := time.Date(2026, time.March, 2, 0, 0, 0, 0, hours.Location())
	return metrics.Config{
		Location:    hours.Location(),
		Calendar:    hours,
		Now:         start.AddDate(0, 0, days),
		CSATExclude: []string{"delivery"},
		Breakdowns:  [][]metrics.Dimension{{metrics.DimChannel}, {metrics.DimWeek, metrics.DimAgent}, {metrics.DimTag}},
		BacklogAt:   start.AddDate(0, 0, days-7),
		Customers:   true,
		SLA:         policies(hours, variant),
	}, nil
}

// badConfig fails for every variant.
func badConfig(variant string) (metrics.Config, error) {
	return metrics.Config{}, fmt.Errorf("no configuration for %q", variant)
}

var (
	histOnce  sync.Once
	histCache [][]ticket.Event
	histErr   error
)

// testHistories returns the histories of 400 generated arrivals.
func testHistories(t testing.TB) [][]ticket.Event {
	histOnce.Do(func() { histCache, histErr = genConfig(t).Histories(400) })
	require.NoError(t, histErr)
	return histCache
}

// singleProcess returns the encoding of the variant's report built in
// this process from histories, in order.
func singleProcess(t testing.TB, variant string, histories [][]ticket.Event) []byte {
	cfg, err := deskConfig(variant)
	require.NoError(t, err)
	r, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for _, h := range histories {
		require.NoError(t, r.Add(h))
	}
	b, err := r.MarshalJSON()
	require.NoError(t, err)
	return b
}

// writeShard writes histories to path, one per line.
func writeShard(t testing.TB, path string, histories [][]ticket.Event, extra ...string) {
	var buf bytes.Buffer
	for _, h := range histories {
		b, err := ticket.EncodeEvents(h)
		require.NoError(t, err)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	for _, line := range extra {
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func resultJSON(r Result) string {
	b, _ := json.Marshal(r)
	return string(b)
}

func deadJSON(d DeadLetter) string {
	b, _ := json.Marshal(d)
	return string(b)
}

// outcome is what a pipeline run produced.
type outcome struct {
	results map[string]Result
	dead    []DeadLetter
}

// runFiles runs ReadFiles and Reports over patterns on Prism and returns
// the results by variant and the dead letters.
func runFiles(t testing.TB, cfg ConfigFunc, opts Options, failOnBad bool, patterns ...string) (outcome, error) {
	p, s := beam.NewPipelineWithRoot()
	histories, dead := ReadFiles(s, failOnBad, patterns...)
	return runPipeline(t, p, s, cfg, opts, histories, dead)
}

func runPipeline(t testing.TB, p *beam.Pipeline, s beam.Scope, cfg ConfigFunc, opts Options, histories, dead beam.PCollection) (outcome, error) {
	results, err := Reports(s, cfg, opts, histories, dead)
	require.NoError(t, err)
	return collect(t, p, s, results, dead)
}

// collect runs the pipeline on Prism and returns its results by variant
// and its dead letters.
func collect(t testing.TB, p *beam.Pipeline, s beam.Scope, results, dead beam.PCollection) (outcome, error) {
	out := t.TempDir()
	textio.Write(s, filepath.Join(out, "results.jsonl"), beam.ParDo(s, resultJSON, results))
	textio.Write(s, filepath.Join(out, "dead.jsonl"), beam.ParDo(s, deadJSON, dead))
	if _, err := prism.Execute(context.Background(), p); err != nil {
		return outcome{}, err
	}
	o := outcome{results: map[string]Result{}}
	for _, line := range fileLines(t, filepath.Join(out, "results.jsonl")) {
		var r Result
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		_, dup := o.results[r.Variant]
		require.False(t, dup, "variant %q twice", r.Variant)
		o.results[r.Variant] = r
	}
	for _, line := range fileLines(t, filepath.Join(out, "dead.jsonl")) {
		var d DeadLetter
		require.NoError(t, json.Unmarshal([]byte(line), &d))
		o.dead = append(o.dead, d)
	}
	return o, nil
}

func fileLines(t testing.TB, path string) []string {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
