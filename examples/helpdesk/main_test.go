package main

import (
	"bytes"
	"encoding/json"
	"testing"

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

func TestFlagErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"bad date": {"-date", "13.05.2026"},
		"no days":  {"-tickets", "10", "-days", "0"},
		"unknown":  {"-colour"},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, run(args, &bytes.Buffer{}, &bytes.Buffer{}))
		})
	}
}
