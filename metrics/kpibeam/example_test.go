package kpibeam_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/google/uuid"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/kpibeam"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

func init() {
	// Workers find the configuration and the functions by name.
	beam.RegisterFunction(exampleConfig)
	register.Function1x2(summarize)
	register.Function1x2(slaLine)
}

// exampleConfig is the report's configuration, built on every worker.
func exampleConfig(string) (metrics.Config, error) {
	return metrics.Config{Location: time.UTC}, nil
}

// summarize prints a result on one line.
func summarize(r kpibeam.Result) (string, error) {
	var rep metrics.Report
	if err := json.Unmarshal(r.Report, &rep); err != nil {
		return "", err
	}
	st := rep.All.FirstReply.Stats(metrics.NearestRank)
	return fmt.Sprintf("%d tickets, first reply median %v, %d dead letter(s)", rep.Tickets, st.Median, r.DeadLetters), nil
}

// history is a ticket created at 09:00 and answered n minutes later.
func history(n int) []ticket.Event {
	at := time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)
	t, created, _ := ticket.Create(nil, uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", n)), at,
		ticket.Customer("c1"), ticket.Created{Subject: "Help", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c1"}})
	_, replied, _ := t.Reply(at.Add(time.Duration(n)*time.Minute), ticket.Agent("ada"), ticket.Message{Public: true, Body: "On it."})
	return append(created, replied...)
}

// Two files of histories, one of them with a line that is not a history,
// reported on Prism in this process.
func ExampleReports() {
	dir, err := os.MkdirTemp("", "kpibeam")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	for i, lines := range [][]string{{line(history(10)), line(history(20))}, {line(history(30)), "not a history"}} {
		text := ""
		for _, l := range lines {
			text += l + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%d.jsonl", i)), []byte(text), 0o644); err != nil {
			fmt.Println(err)
			return
		}
	}

	p, s := beam.NewPipelineWithRoot()
	histories, dead := kpibeam.ReadFiles(s, false, filepath.Join(dir, "*.jsonl"))
	results, err := kpibeam.Reports(s, exampleConfig, kpibeam.Options{}, histories, dead)
	if err != nil {
		fmt.Println(err)
		return
	}
	textio.Write(s, filepath.Join(dir, "result.txt"), beam.ParDo(s, summarize, results))
	if _, err := prism.Execute(context.Background(), p); err != nil {
		fmt.Println(err)
		return
	}
	out, err := os.ReadFile(filepath.Join(dir, "result.txt"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// 3 tickets, first reply median 20m0s, 1 dead letter(s)
}

func line(events []ticket.Event) string {
	b, _ := ticket.EncodeEvents(events)
	return string(b)
}

// deskFile returns a desk file whose SLA policy answers every ticket
// within firstReply.
func deskFile(firstReply string) []byte {
	return fmt.Appendf(nil, `{
  "calendars": {"utc": {"zone": "UTC", "week": "mon-sun 00:00-24:00"}},
  "sla": {"policies": [{"name": "all", "version": 1,
    "targets": [{"metric": "first_reply_time", "duration": %q, "hours": "utc"}]}]},
  "metrics": {"zone": "UTC", "calendar": "utc", "now": "2026-05-05T00:00:00Z", "sla": true}
}`, firstReply)
}

// slaLine prints a result's first-reply SLA achievement on one line.
func slaLine(r kpibeam.Result) (string, error) {
	var rep metrics.Report
	if err := json.Unmarshal(r.Report, &rep); err != nil {
		return "", err
	}
	a := rep.All.SLA["all/first_reply_time"] // policy/metric
	if a == nil {
		return "", fmt.Errorf("no first reply SLA in %s", r.Variant)
	}
	return fmt.Sprintf("%s: %d tickets, first reply within target %d of %d", r.Variant, rep.Tickets, a.Numerator, a.Denominator), nil
}

// A what-if from two desk files side by side: the same histories under a
// 15-minute and a 1-hour first-reply target. A bad file is refused, with
// its JSON path, before the pipeline runs.
func ExampleDeskReports() {
	dir, err := os.MkdirTemp("", "kpibeam")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	text := line(history(10)) + "\n" + line(history(20)) + "\n" + line(history(30)) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "part-0.jsonl"), []byte(text), 0o644); err != nil {
		fmt.Println(err)
		return
	}

	p, s := beam.NewPipelineWithRoot()
	histories, dead := kpibeam.ReadFiles(s, false, filepath.Join(dir, "*.jsonl"))
	_, err = kpibeam.DeskReports(s, []kpibeam.Desk{{Name: "bad", File: deskFile("soon")}}, kpibeam.Options{}, histories, dead)
	fmt.Println(document.Paths(err))
	results, err := kpibeam.DeskReports(s, []kpibeam.Desk{
		{Name: "15m", File: deskFile("15m")},
		{Name: "1h", File: deskFile("1h")},
	}, kpibeam.Options{}, histories, dead)
	if err != nil {
		fmt.Println(err)
		return
	}
	textio.Write(s, filepath.Join(dir, "result.txt"), beam.ParDo(s, slaLine, results))
	if _, err := prism.Execute(context.Background(), p); err != nil {
		fmt.Println(err)
		return
	}
	out, err := os.ReadFile(filepath.Join(dir, "result.txt"))
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	slices.Sort(lines) // the runner writes the results in any order
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// [sla.policies[0].targets[0].duration]
	// 15m: 3 tickets, first reply within target 1 of 3
	// 1h: 3 tickets, first reply within target 3 of 3
}
