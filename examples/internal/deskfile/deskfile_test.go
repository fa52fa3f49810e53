package deskfile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"

	_ "time/tzdata"
)

// small is a desk file of every section. Its holiday calendar covers three
// years, not the default five hundred: FuzzLoad loads its mutations three
// times each, and five hundred years of holidays took a tenth of a second.
const small = `{
  "calendars": {
    "oslo": {"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00", "holidays": "NO", "first_year": 2025, "last_year": 2027},
    "24/7": {"zone": "Europe/Oslo", "week": "mon-sun 00:00-24:00"}
  },
  "sla": {"policies": [{"name": "all", "targets": [
    {"metric": "first_reply_time", "duration": "2h", "hours": "oslo"},
    {"metric": "total_resolution_time", "duration": "48h", "hours": "24/7"}
  ]}]},
  "followup": {"hours": "oslo", "rules": [{"name": "pending", "nudges": [{"after": {"duration": "8h", "business": true}, "action": "solve"}]}]},
  "metrics": {"zone": "Europe/Oslo", "calendar": "oslo", "sla": true}
}`

func TestLoad(t *testing.T) {
	d, err := deskfile.Load([]byte(small))
	require.NoError(t, err)
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	assert.Equal(t, calendar.Always(oslo), d.Calendars["24/7"], "a week open around the clock is the always-open calendar")
	require.Len(t, d.SLA, 1)
	assert.Same(t, d.Calendars["oslo"], d.SLA[0].Targets[0].Hours)
	assert.Same(t, d.Calendars["24/7"], d.SLA[0].Targets[1].Hours)
	assert.Same(t, d.Calendars["oslo"], d.Metrics.Calendar)
	assert.Equal(t, d.SLA, d.Metrics.SLA)
	def, err := ticket.DefaultLifecycle().Validated()
	require.NoError(t, err)
	assert.Equal(t, def, d.Lifecycle, "no lifecycle section: the default, validated as a lifecycle read from a file is")
	assert.Equal(t, routing.Config{}, d.Routing)
	require.NotNil(t, d.Planner)

	// The loaded desk works end to end: a ticket created on Friday
	// 15:00 in Oslo is due a first reply on Monday 09:00, in business hours.
	at := time.Date(2026, 3, 6, 15, 0, 0, 0, oslo)
	_, events, err := ticket.Create(d.Lifecycle, ticket.ID{15: 9}, at, ticket.Customer("ola"), ticket.Created{Subject: "hi", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	r, err := d.SLA.Evaluate(events, at.Add(time.Hour))
	require.NoError(t, err)
	require.NotEmpty(t, r.Instances)
	assert.Equal(t, time.Date(2026, 3, 9, 9, 0, 0, 0, oslo).String(), r.Instances[0].Due.In(oslo).String())
	report, err := metrics.NewReport(func() metrics.Config { c := d.Metrics; c.Now = at.Add(time.Hour); return c }())
	require.NoError(t, err)
	require.NoError(t, report.Add(events))
	assert.Equal(t, 1, report.Tickets)
}

func TestLoadReportsEverySection(t *testing.T) {
	doc := `{
  "calendars": {
    "oslo": {"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00", "special_days": [{"date": "2026-02-30", "hours": "closed"}]},
    "bergen": {"zone": "Norway/Bergen", "week": "mon-fri 08:00-16:00"}
  },
  "lifecycle": {"statuses": [{"name": "new", "category": "new"}], "initial": "new", "Transitions": {}},
  "sla": {"policies": [{"name": "p", "targets": [{"metric": "first_reply_time", "duration": "2h", "hours": "trondheim"}]}]},
  "followup": {"hours": "stavanger", "rules": [{"name": "r"}]},
  "routing": {"policy": {"strategy": "random"}},
  "metrics": {"zone": "Europe/Oslo", "calendar": "tromso"}
}`
	_, err := deskfile.Load([]byte(doc))
	require.Error(t, err)
	var paths []string
	for _, e := range document.Leaves(err) {
		var de *document.Error
		require.ErrorAs(t, e, &de)
		paths = append(paths, de.Path)
	}
	assert.ElementsMatch(t, []string{
		"calendars.oslo.special_days[0].date",
		"calendars.bergen.zone",
		"lifecycle.Transitions",
		"lifecycle.statuses", // no closed status: what was read is checked too
		"sla.policies[0].targets[0].hours",
		"followup.hours",
		"routing.policy.strategy",
		"metrics.calendar",
	}, paths)
	for _, sentinel := range []error{calendar.ErrInvalidConfig, ticket.ErrInvalidLifecycle, sla.ErrInvalidPolicy,
		followup.ErrInvalidRules, routing.ErrInvalidConfig, metrics.ErrInvalidConfig, document.ErrUnknownName} {
		assert.ErrorIs(t, err, sentinel)
	}
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name, doc, path string
		want            error
	}{
		{"unknown section", `{"calendar": {}}`, "calendar", document.ErrUnknownKey},
		{"section twice", `{"sla": {}, "sla": {}}`, "sla", document.ErrDuplicateKey},
		{"calendar twice", `{"calendars": {"a": {"week": "mon 08:00-16:00"}, "a": {"week": "tue 08:00-16:00"}}}`, "calendars.a", document.ErrDuplicateKey},
		{"calendar key in another case", `{"calendars": {"a": {"Week": "mon 08:00-16:00"}}}`, "calendars.a.Week", calendar.ErrInvalidConfig},
		{"not JSON", `{"sla": `, "", document.ErrSyntax},
		{"calendar null", `{"calendars": {"a": null}}`, "calendars.a", document.ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := deskfile.Load([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var de *document.Error
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.path, de.Path)
		})
	}
}

func TestLoadCalendarOfWrongType(t *testing.T) {
	_, err := deskfile.Load([]byte(`{"calendars": {"a": null, "b": [], "c": {"week": "mon 08:00-16:00"}, "d": 5, "e": "mon 08:00-16:00", "f": true}}`))
	assert.Equal(t, []string{"calendars.a", "calendars.b", "calendars.d", "calendars.e", "calendars.f"}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrType)
	assert.ErrorContains(t, err, "calendars.a: document: wrong type: null, want an object")
	// Said in the document's words, not as the Go type calendar.Config
	// reads itself into ("cannot unmarshal array into Go value of type
	// calendar.configText").
	assert.ErrorContains(t, err, "calendars.b: document: wrong type: an array, want an object")
	assert.ErrorContains(t, err, "calendars.d: document: wrong type: a number, want an object")
	assert.ErrorContains(t, err, "calendars.e: document: wrong type: a string, want an object")
	assert.ErrorContains(t, err, "calendars.f: document: wrong type: a boolean, want an object")
	assert.NotContains(t, err.Error(), "configText")
}

// TestLoadBoundsCalendars: building a calendar costs up to some 25 MB and
// 0.4 s (a thousand years of holidays breaking half-hour intervals), a
// cost calendar.Config bounds per calendar but a desk file did not: a
// file of fifteen kilobytes repeating one calendar under fifty names took
// six seconds and a gigabyte. A desk file has at most MaxCalendars calendars;
// past that the section is refused as a whole, before anything is built,
// and the other sections' references to its names are not reported too.
func TestLoadBoundsCalendars(t *testing.T) {
	file := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"calendars": {`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `"c%d": {"week": "mon-fri 08:00-16:00", "first_year": 2026, "last_year": 2026}`, i)
		}
		b.WriteString(`}, "followup": {"hours": "c0", "rules": [{"name": "r", "nudges": [{"after": {"duration": "8h", "business": true}, "action": "solve"}]}]}}`)
		return []byte(b.String())
	}
	d, err := deskfile.Load(file(deskfile.MaxCalendars))
	require.NoError(t, err)
	assert.Len(t, d.Calendars, deskfile.MaxCalendars)

	_, err = deskfile.Load(file(deskfile.MaxCalendars + 1))
	assert.Equal(t, []string{"calendars"}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, fmt.Sprintf("calendars: document: invalid value: %d calendars, at most %d in a desk file", deskfile.MaxCalendars+1, deskfile.MaxCalendars))
}

// TestLoadSLAProblemsOnce: a metrics section that evaluates SLA
// achievement is not reported for a desk without policies when the desk
// has policies that did not load: those are reported in their section.
func TestLoadSLAProblemsOnce(t *testing.T) {
	_, err := deskfile.Load([]byte(`{
  "sla": {"policies": [{"name": "p", "targets": [{"metric": "first_reply_time", "duration": "-2h"}]}]},
  "metrics": {"zone": "UTC", "sla": true}
}`))
	assert.Equal(t, []string{"sla.policies[0].targets[0].duration"}, document.Paths(err))

	_, err = deskfile.Load([]byte(`{"sla": {"policies": []}, "metrics": {"zone": "UTC", "sla": true}}`))
	assert.Equal(t, []string{"metrics.sla"}, document.Paths(err), "no policies at all: the report has none to evaluate")
	assert.ErrorIs(t, err, metrics.ErrInvalidConfig)
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.json")
	require.NoError(t, os.WriteFile(path, []byte(small), 0o600))
	d, err := deskfile.ReadFile(path)
	require.NoError(t, err)
	assert.Len(t, d.Calendars, 2)
	_, err = deskfile.ReadFile(filepath.Join(t.TempDir(), "missing.json"))
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

// TestEncode writes the helpdesk's desk back and loads it again: the same
// desk, section by section.
func TestEncode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "helpdesk", "desk.json"))
	require.NoError(t, err)
	d, err := deskfile.Load(data)
	require.NoError(t, err)
	out, err := d.Encode()
	require.NoError(t, err)
	back, err := deskfile.Load(out)
	require.NoError(t, err, "%s", out)
	assert.Equal(t, d, back)
	assert.Contains(t, string(out), `"duration": "16h"`)

	small, err := deskfile.Load([]byte(small))
	require.NoError(t, err)
	out, err = small.Encode()
	require.NoError(t, err)
	assert.NotContains(t, string(out), `"routing"`, "an empty section is left out")
	again, err := deskfile.Load(out)
	require.NoError(t, err)
	assert.Equal(t, small.Documents, again.Documents)
	assert.Equal(t, small.SLA, again.SLA)
}

// TestEncodeKeepsEmptySections: a section given empty is written back, so
// that the desk read again is the same desk: an empty "followup" section
// gives a Planner, which programs take as "the desk has follow-up rules"
// (the helpdesk example refuses a desk without one), and an empty "sla"
// section gives no policies but not nil ones. Encode left both out, so a
// desk written back lost its Planner.
func TestEncodeKeepsEmptySections(t *testing.T) {
	for _, doc := range []string{`{"sla": {}, "followup": {}}`, `{"sla": {"policies": []}, "followup": {"rules": []}}`, `{"calendars": {}, "routing": {}}`, `{}`} {
		d, err := deskfile.Load([]byte(doc))
		require.NoError(t, err)
		out, err := d.Encode()
		require.NoError(t, err)
		back, err := deskfile.Load(out)
		require.NoError(t, err)
		assert.Equal(t, d, back, "%s written as\n%s", doc, out)
		assert.Equal(t, d.Planner != nil, back.Planner != nil, doc)
	}
	d, err := deskfile.Load([]byte(`{}`))
	require.NoError(t, err)
	out, err := d.Encode()
	require.NoError(t, err)
	assert.NotContains(t, string(out), `"followup"`, "a section not given is not written")
	assert.NotContains(t, string(out), `"sla"`)
}

// TestLoadCalendarWithoutName: a calendar named "" could never be used,
// since every section writes "hours": "" (or leaves the key out) for
// calendar time; it loaded without a word, and a target written
// "hours": "" to use it silently counted calendar time instead.
func TestLoadCalendarWithoutName(t *testing.T) {
	_, err := deskfile.Load([]byte(`{"calendars": {"": {"week": "mon-fri 08:00-16:00"}, "oslo": {"week": "mon-fri 08:00-16:00"}},
	  "followup": {"hours": "oslo", "rules": [{"name": "r", "nudges": [{"after": {"duration": "8h", "business": true}, "action": "solve"}]}]}}`))
	assert.Equal(t, []string{`calendars[""]`}, document.Paths(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, `calendars[""]: document: invalid value: a calendar needs a name: "" is what a section writes for calendar time`)
}

// TestReadFileTooLarge: a file longer than document.MaxSize is refused
// with its size, and not read whole into memory first.
func TestReadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"calendars": {}}`), 0o600))
	require.NoError(t, os.Truncate(path, 3*document.MaxSize)) // a sparse file: megabytes of zero bytes after the text
	_, err := deskfile.ReadFile(path)
	assert.ErrorIs(t, err, document.ErrTooLarge)
	assert.ErrorIs(t, err, deskfile.ErrInvalidDesk)
	assert.ErrorContains(t, err, fmt.Sprintf("%s: deskfile: invalid desk: document: too large: %d bytes, at most %d", path, 3*document.MaxSize, document.MaxSize))

	// A file without end (os.ReadFile never returns) is refused too.
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err = deskfile.ReadFile("/dev/zero")
	assert.ErrorIs(t, err, document.ErrTooLarge)
	assert.ErrorContains(t, err, fmt.Sprintf("/dev/zero: deskfile: invalid desk: document: too large: more than %d bytes", document.MaxSize))
}

// TestLoadNullSections: a section given as null is a section left out,
// as the package documentation says.
func TestLoadNullSections(t *testing.T) {
	d, err := deskfile.Load([]byte(`{"calendars": null, "lifecycle": null, "sla": null, "followup": null, "routing": null, "metrics": null}`))
	require.NoError(t, err)
	empty, err := deskfile.Load([]byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, empty, d)
	assert.Nil(t, d.Planner)
	assert.Nil(t, d.SLA)
}

// TestReadFileNamesTheFileOnEveryProblem: every problem of a file says
// the file and stays a problem of its own. The joined problems were
// wrapped as one error, so only the first line named the file, and
// document.Leaves and document.Paths saw one problem with one path.
func TestReadFileNamesTheFileOnEveryProblem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"calendars": {"oslo": {"zone": "Europe/Olso", "week": "mon-fri 08:00-16:00"}},
	  "routing": {"policy": {"Strategy": "round_robin"}}}`), 0o600))
	_, err := deskfile.ReadFile(path)
	assert.Equal(t, []string{"calendars.oslo.zone", "routing.policy.Strategy"}, document.Paths(err))
	leaves := document.Leaves(err)
	require.Len(t, leaves, 2)
	for _, e := range leaves {
		assert.True(t, strings.HasPrefix(e.Error(), path+": "), e.Error())
	}
	assert.ErrorIs(t, leaves[0], calendar.ErrInvalidConfig)
	assert.ErrorIs(t, leaves[1], routing.ErrInvalidConfig)
	for _, line := range strings.Split(err.Error(), "\n") {
		assert.True(t, strings.HasPrefix(line, path+": "), line)
	}
}

// TestLoadBoundsCalendarWork: a calendar with holidays costs time and
// memory in proportion to its weekly intervals times its years (one of
// 48 intervals a day over a thousand years of US holidays kept 25 MB
// and took 0.4 s to build), so even MaxCalendars of them were gigabytes
// from a file of some seventy kilobytes. Together a desk file's calendars
// may have at most MaxCalendarIntervalYears, twice the most one calendar
// config may; past that the section is refused before anything is built.
func TestLoadBoundsCalendarWork(t *testing.T) {
	var day []string
	for h := range 24 {
		day = append(day, fmt.Sprintf("%02d:00-%02d:20", h, h), fmt.Sprintf("%02d:30-%02d:50", h, h))
	}
	week := "mon-sun " + strings.Join(day, ",") // 336 intervals
	// No holidays: these build cheaply whatever their years, so the
	// bound itself is tested fast.
	cal := func(name, week string, last int) string {
		return fmt.Sprintf(`%q: {"week": %q, "first_year": 1500, "last_year": %d}`, name, week, last)
	}
	most := calendar.MaxConfigYears * 7 * calendar.MaxConfigIntervals
	require.Equal(t, 2*most, deskfile.MaxCalendarIntervalYears)
	d, err := deskfile.Load([]byte(`{"calendars": {` + cal("a", week, 2499) + `, ` + cal("b", week, 2499) + `}}`))
	require.NoError(t, err, "exactly the bound")
	assert.Len(t, d.Calendars, 2)

	_, err = deskfile.Load([]byte(`{"calendars": {` + cal("a", week, 2499) + `, ` + cal("b", week, 2499) + `, ` + cal("c", "mon 08:00-16:00", 1500) + `},
	  "followup": {"hours": "c", "rules": [{"name": "r", "nudges": [{"after": {"duration": "8h", "business": true}, "action": "solve"}]}]}}`))
	assert.Equal(t, []string{"calendars"}, document.Paths(err), "the other sections' references are not reported")
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, fmt.Sprintf("calendars: document: invalid value: the calendars have %d weekly intervals times years, at most %d in a desk file", 2*most+1, 2*most))

	// The default years count: five hundred of them.
	_, err = deskfile.Load([]byte(`{"calendars": {` + cal("a", week, 2499) + `, "b": {"week": "mon-sun 00:00-00:20,01:00-01:20,02:00-02:20"}, "c": {"week": ` + fmt.Sprintf("%q", week) + `}, "d": {"week": ` + fmt.Sprintf("%q", week) + `}}}`))
	assert.ErrorContains(t, err, fmt.Sprintf("the calendars have %d weekly intervals times years", most+500*21+2*500*336))
}
