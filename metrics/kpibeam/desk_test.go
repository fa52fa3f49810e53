package kpibeam

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket/document"
)

// deskFileText is the test desk as a desk file: the configuration
// deskConfig builds in Go for the variant "standard" (scale 1) or
// "strict" (scale 2, every target half as long), with a lifecycle and
// routing section the report does not read.
func deskFileText(scale int) []byte {
	d := func(h float64) string { return fmt.Sprintf("%gm", h*60/float64(scale)) }
	name := map[int]string{1: "standard", 2: "strict"}[scale]
	var targets []string
	for _, t := range []struct {
		p                   string
		first, next, solved float64
	}{{"high", 2, 4, 16}, {"normal", 4, 8, 24}, {"low", 8, 16, 40}} {
		for _, m := range []struct {
			metric string
			h      float64
		}{{"first_reply_time", t.first}, {"next_reply_time", t.next}, {"requester_wait_time", t.solved}} {
			targets = append(targets, fmt.Sprintf(`{"metric": %q, "priority": %q, "duration": %q, "hours": "oslo"}`, m.metric, t.p, d(m.h)))
		}
	}
	return fmt.Appendf(nil, `{
  "calendars": {"oslo": {"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00"}},
  "routing": {},
  "sla": {"policies": [
    {"name": "%[1]s-urgent", "version": 1, "match": {"priorities": ["urgent"]},
     "targets": [{"metric": "first_reply_time", "duration": %[2]q}, {"metric": "requester_wait_time", "duration": %[3]q}]},
    {"name": "%[1]s", "version": 1, "targets": [%[4]s]}
  ]},
  "metrics": {
    "zone": "Europe/Oslo", "calendar": "oslo",
    "now": "2026-03-30T00:00:00+02:00", "backlog_at": "2026-03-23T00:00:00+01:00",
    "csat_exclude": ["delivery"],
    "breakdowns": [["channel"], ["week", "agent"], ["tag"]],
    "customers": true, "sla": true
  }
}`, name, d(1), d(8), strings.Join(targets, ",\n"))
}

// TestDeskReportsMatchSingleProcess runs two desk files side by side on
// Prism and requires each result to encode byte for byte as the report
// built in one process from the same file, and as the report of the Go
// configuration the files describe.
func TestDeskReportsMatchSingleProcess(t *testing.T) {
	all := testHistories(t)
	dir := t.TempDir()
	n := len(all)
	writeShard(t, filepath.Join(dir, "a.jsonl"), all[:n/3])
	writeShard(t, filepath.Join(dir, "b.jsonl"), nil)
	writeShard(t, filepath.Join(dir, "c.jsonl"), all[n/3:])

	standard, strict := deskFileText(1), deskFileText(2)
	p, s := beam.NewPipelineWithRoot()
	histories, dead := ReadFiles(s, false, filepath.Join(dir, "*.jsonl"))
	results, err := DeskReports(s, []Desk{{Name: "standard", File: standard}, {Name: "strict", File: strict}}, Options{}, histories, dead)
	require.NoError(t, err)
	out, err := collect(t, p, s, results, dead)
	require.NoError(t, err)
	require.Len(t, out.results, 2)

	for name, file := range map[string][]byte{"standard": standard, "strict": strict} {
		cfg, err := DeskConfig(file)
		require.NoError(t, err)
		r, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		for _, h := range all {
			require.NoError(t, r.Add(h))
		}
		want, err := r.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, string(want), string(out.results[name].Report), name)
		// The file describes the Go configuration of the other tests.
		assert.Equal(t, string(singleProcess(t, name, all)), string(want), name)
	}
	assert.NotEqual(t, string(out.results["standard"].Report), string(out.results["strict"].Report))
}

// TestDeskReportsRefuseBadDocuments checks that problems of a desk file
// are reported before the pipeline runs, at their JSON paths, wrapping
// ErrInvalidOptions and the section's sentinel.
func TestDeskReportsRefuseBadDocuments(t *testing.T) {
	good := deskFileText(1)
	tests := []struct {
		name  string
		file  string
		paths []string
		pkg   error
	}{
		{"not JSON", `{"calendars":`, []string{""}, ErrInvalidOptions},
		{"unknown section", `{"metrics": {"zone": "UTC"}, "reports": {}}`, []string{"reports"}, ErrInvalidOptions},
		{"no metrics section", `{"calendars": {}}`, []string{"metrics"}, metrics.ErrInvalidConfig},
		{"bad zone", strings.Replace(string(good), `"zone": "Europe/Oslo", "calendar"`, `"zone": "Mars/Olympus", "calendar"`, 1),
			[]string{"metrics.zone"}, metrics.ErrInvalidConfig},
		{"bad duration", strings.Replace(string(good), `"duration": "60m"`, `"duration": "an hour"`, 1),
			[]string{"sla.policies[0].targets[0].duration"}, sla.ErrInvalidPolicy},
		{"two sections", strings.Replace(strings.Replace(string(good), `"duration": "60m"`, `"duration": "an hour"`, 1), `"zone": "Europe/Oslo", "calendar"`, `"zone": "Mars/Olympus", "calendar"`, 1),
			[]string{"sla.policies[0].targets[0].duration", "metrics.zone"}, sla.ErrInvalidPolicy},
		{"unknown calendar", strings.Replace(string(good), `"calendar": "oslo"`, `"calendar": "bergen"`, 1),
			[]string{"metrics.calendar"}, metrics.ErrInvalidConfig},
		{"bad calendar", strings.Replace(string(good), `"week": "mon-fri 08:00-16:00"`, `"week": "someday"`, 1),
			[]string{"calendars.oslo.week"}, calendar.ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DeskConfig([]byte(tc.file))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.pkg)

			_, s := beam.NewPipelineWithRoot()
			histories, dead := ReadFiles(s, false, filepath.Join(t.TempDir(), "*.jsonl"))
			_, err = DeskReports(s, []Desk{{Name: "ok", File: good}, {Name: "bad", File: []byte(tc.file)}}, Options{}, histories, dead)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidOptions)
			assert.ErrorIs(t, err, tc.pkg)
			assert.Equal(t, tc.paths, slices.Compact(document.Paths(err))) // a value may have two problems
			assert.Contains(t, err.Error(), `desk "bad"`)
			assert.NotContains(t, err.Error(), `desk "ok"`)
		})
	}
}

// TestDeskReportsRefuseBadOptions checks the options DeskReports refuses.
func TestDeskReportsRefuseBadOptions(t *testing.T) {
	good := deskFileText(1)
	tests := []struct {
		name  string
		desks []Desk
		opts  Options
		want  string
	}{
		{"no desks", nil, Options{}, "no desk files"},
		{"named twice", []Desk{{Name: "a", File: good}, {Name: "a", File: good}}, Options{}, `desk "a" named twice`},
		{"variants set", []Desk{{Name: "a", File: good}}, Options{Variants: []string{"a"}}, "Variants is set"},
		{"relative error", []Desk{{Name: "a", File: good}}, Options{RelativeError: 2}, "invalid options"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, s := beam.NewPipelineWithRoot()
			histories, dead := ReadFiles(s, false, filepath.Join(t.TempDir(), "*.jsonl"))
			_, err := DeskReports(s, tc.desks, tc.opts, histories, dead)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidOptions))
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// deskMetrics is a metrics section for the calendar tests.
const deskMetrics = `"metrics": {"zone": "UTC"}`

// TestDeskConfigCalendarsOfWrongType: a calendar that is not an object was
// "unexpected end of JSON input" for null and named the Go type
// calendar.Config reads itself into for the others; each is a problem at
// its path, in the document's words, as in a desk file loaded whole.
func TestDeskConfigCalendarsOfWrongType(t *testing.T) {
	_, err := DeskConfig([]byte(`{"calendars": {"a": null, "b": [], "c": {"week": "mon 08:00-16:00"}, "d": 5, "e": "mon 08:00-16:00", "f": true}, ` + deskMetrics + `}`))
	assert.Equal(t, []string{"calendars.a", "calendars.b", "calendars.d", "calendars.e", "calendars.f"}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrType)
	assert.ErrorContains(t, err, "calendars.a: document: wrong type: null, want an object")
	assert.ErrorContains(t, err, "calendars.b: document: wrong type: an array, want an object")
	assert.ErrorContains(t, err, "calendars.d: document: wrong type: a number, want an object")
	assert.ErrorContains(t, err, "calendars.e: document: wrong type: a string, want an object")
	assert.ErrorContains(t, err, "calendars.f: document: wrong type: a boolean, want an object")
	assert.NotContains(t, err.Error(), "configText")
	assert.NotContains(t, err.Error(), "unexpected end")
}

// TestDeskConfigNullCalendars: a calendars section given as null is the
// section left out.
func TestDeskConfigNullCalendars(t *testing.T) {
	got, err := DeskConfig([]byte(`{"calendars": null, "sla": null, ` + deskMetrics + `}`))
	require.NoError(t, err)
	assert.Nil(t, got.Calendar)
	assert.Empty(t, got.SLA)
	assert.Equal(t, "UTC", got.Location.String())
	_, err = DeskConfig([]byte(`{"calendars": null, "metrics": {"zone": "UTC", "calendar": "oslo"}}`))
	assert.Equal(t, []string{"metrics.calendar"}, document.Paths(err))
	assert.ErrorContains(t, err, `calendar "oslo" (the desk defines no calendars)`)
}

// TestDeskConfigCalendarWithoutName: a calendar named "" could never be
// used (a section writes "hours": "" for calendar time) and was accepted.
func TestDeskConfigCalendarWithoutName(t *testing.T) {
	_, err := DeskConfig([]byte(`{"calendars": {"": {"week": "mon-fri 08:00-16:00"}, "oslo": {"week": "mon-fri 08:00-16:00"}}, "metrics": {"zone": "UTC", "calendar": "oslo"}}`))
	assert.Equal(t, []string{`calendars[""]`}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, `calendars[""]: document: invalid value: a calendar needs a name: "" is what a section writes for calendar time`)
}

// TestDeskConfigBoundsCalendars: building calendars costs time and memory
// that a desk file bounds in number (MaxCalendars) and in weekly
// intervals times years (MaxCalendarIntervalYears); DeskConfig built any
// number of them. Past a bound the section is refused before anything is
// built, and the metrics section's reference to a name is not reported.
func TestDeskConfigBoundsCalendars(t *testing.T) {
	file := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"calendars": {`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `"c%d": {"week": "mon-fri 08:00-16:00", "first_year": 2026, "last_year": 2026}`, i)
		}
		b.WriteString(`}, "metrics": {"zone": "UTC", "calendar": "c0"}}`)
		return []byte(b.String())
	}
	_, err := DeskConfig(file(MaxCalendars))
	require.NoError(t, err)
	_, err = DeskConfig(file(MaxCalendars + 1))
	assert.Equal(t, []string{"calendars"}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, fmt.Sprintf("calendars: document: invalid value: %d calendars, at most %d in a desk file", MaxCalendars+1, MaxCalendars))

	var day []string
	for h := range 24 {
		day = append(day, fmt.Sprintf("%02d:00-%02d:20", h, h), fmt.Sprintf("%02d:30-%02d:50", h, h))
	}
	week := "mon-sun " + strings.Join(day, ",") // 336 intervals
	cal := func(name, week string, last int) string {
		return fmt.Sprintf(`%q: {"week": %q, "first_year": 1500, "last_year": %d}`, name, week, last)
	}
	most := calendar.MaxConfigYears * 7 * calendar.MaxConfigIntervals
	require.Equal(t, 2*most, MaxCalendarIntervalYears)
	_, err = DeskConfig([]byte(`{"calendars": {` + cal("a", week, 2499) + `, ` + cal("b", week, 2499) + `}, ` + deskMetrics + `}`))
	require.NoError(t, err, "exactly the bound")
	_, err = DeskConfig([]byte(`{"calendars": {` + cal("a", week, 2499) + `, ` + cal("b", week, 2499) + `, ` + cal("c", "mon 08:00-16:00", 1500) + `},
	  "metrics": {"zone": "UTC", "calendar": "c"}}`))
	assert.Equal(t, []string{"calendars"}, document.Paths(err), "the metrics section's reference is not reported")
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, fmt.Sprintf("calendars: document: invalid value: the calendars have %d weekly intervals times years, at most %d in a desk file", 2*most+1, 2*most))
	// The default years count: five hundred of them.
	_, err = DeskConfig([]byte(`{"calendars": {` + cal("a", week, 2499) + `, "b": {"week": "mon-sun 00:00-00:20,01:00-01:20,02:00-02:20"}, "c": {"week": ` + fmt.Sprintf("%q", week) + `}, "d": {"week": ` + fmt.Sprintf("%q", week) + `}}, ` + deskMetrics + `}`))
	assert.ErrorContains(t, err, fmt.Sprintf("the calendars have %d weekly intervals times years", most+500*21+2*500*336))
}
