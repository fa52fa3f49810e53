package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden runs the example and compares its output with the golden
// file, so the example can never silently break. After an intended change,
// run `go test ./examples/helpdesk -update` and review the diff.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(nil, &out, &bytes.Buffer{}))
	golden.Check(t, "helpdesk", out.Bytes())
}

func TestJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-json"}, &out, &bytes.Buffer{}))
	var report metrics.ReportSummary
	require.NoError(t, json.Unmarshal(out.Bytes(), &report))
	assert.Equal(t, metrics.SummaryVersion, report.Version)
	assert.Equal(t, 10, report.All.Tickets)
	assert.Equal(t, 2, report.All.CSAT.Denominator)
	assert.NotNil(t, report.All.FirstReplyBusiness, "the desk has a business calendar")
	assert.NotEmpty(t, report.All.SLA)
}

// TestStream runs a small generated stream twice: the same output, and the
// phase timings only on the second writer.
func TestStream(t *testing.T) {
	args := []string{"-tickets", "150", "-days", "3", "-seed", "4"}
	var a, b, timings bytes.Buffer
	require.NoError(t, run(args, &a, &timings))
	require.NoError(t, run(args, &b, &bytes.Buffer{}))
	assert.Equal(t, a.String(), b.String())
	assert.Contains(t, a.String(), "SLA standard")
	assert.Contains(t, timings.String(), "generate")
}

func TestCommandLine(t *testing.T) {
	var usage bytes.Buffer
	err := run([]string{"-h"}, &bytes.Buffer{}, &usage)
	assert.Equal(t, 0, cli.Code(err), "-h exits 0")
	assert.Contains(t, usage.String(), "Usage of helpdesk")
	assert.Contains(t, usage.String(), "-tickets")

	for name, args := range map[string][]string{
		"bad date":          {"-date", "13.05.2026"},
		"no days":           {"-tickets", "10", "-days", "0"},
		"negative tickets":  {"-tickets", "-5"},
		"seed, no tickets":  {"-seed", "7"},
		"unknown":           {"-colour"},
		"a stray argument":  {"today"},
		"value not a count": {"-tickets", "many"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(args, &out, io.Discard)
			assert.ErrorIs(t, err, cli.ErrUsage)
			assert.Equal(t, 2, cli.Code(err))
			assert.Empty(t, out.String())
		})
	}
}

// TestHoliday plays Ascension Day: the desk says it is closed, and plays
// the day anyway.
func TestHoliday(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-date", "2026-05-14"}, &out, io.Discard))
	assert.Contains(t, out.String(), "The desk is closed all day (Kristi Himmelfartsdag)")
	assert.Contains(t, out.String(), "End of day 14 May 2026")

	out.Reset()
	require.NoError(t, run([]string{"-date", "2026-05-14", "-tickets", "40"}, &out, io.Discard))
	assert.Contains(t, out.String(), "desk closed        Thu 2026-05-14 (Kristi Himmelfartsdag)")
}

// TestStreamCounts checks that the header, the generator and the KPIs name
// the same tickets: every generated ticket is counted or merged away.
func TestStreamCounts(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-tickets", "150", "-days", "3", "-seed", "4"}, &out, io.Discard))
	var generated, arrivals, dups, counted, created, merged, resolved, open int
	lines := strings.Split(out.String(), "\n")
	_, err := fmt.Sscanf(lines[0], "%d tickets generated", &generated)
	require.NoError(t, err)
	i := strings.Index(lines[0], "Oslo desk: ")
	_, err = fmt.Sscanf(lines[0][i:], "Oslo desk: %d arrivals and %d duplicates", &arrivals, &dups)
	require.NoError(t, err)
	assert.Equal(t, 150, arrivals)
	assert.Equal(t, generated, arrivals+dups)
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "tickets" {
			_, err = fmt.Sscanf(strings.Join(f[1:], " "), "%d counted of %d tickets created (%d merged away, left out): %d resolved, %d still open",
				&counted, &created, &merged, &resolved, &open)
			require.NoError(t, err, l)
		}
	}
	assert.Equal(t, generated, created)
	assert.Equal(t, created, counted+merged)
	assert.Equal(t, counted, resolved+open)
	assert.NotContains(t, out.String(), "follow-ups due     \n", "no empty follow-ups line")
	assert.NotContains(t, out.String(), " 1 tickets")
}
