package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
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
		// The calendar covers 2020–2035: beyond it, business time stands
		// still and the follow-ups cannot be planned.
		"a day after the calendar":   {"-date", "2036-01-05"},
		"a day before the calendar":  {"-date", "2019-06-03"},
		"a stream past the calendar": {"-date", "2035-12-30", "-tickets", "200", "-days", "3"},
		"no room after the last day": {"-date", "2035-12-31"},
		"a stream ending at the end": {"-date", "2035-12-29", "-tickets", "200", "-days", "2"},
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

// TestDeskFileIsTheGoDesk loads desk.json and compares every section with
// the same desk built in Go: the calendar, the lifecycle, the SLA
// policies, the follow-up rules, the routing policy and escalation path,
// and the KPI report's options.
func TestDeskFileIsTheGoDesk(t *testing.T) {
	dk, err := loadDesk("")
	require.NoError(t, err)
	hours, err := gen.OsloHours()
	require.NoError(t, err)
	assert.Equal(t, hours, dk.Calendars["oslo"])
	assert.Len(t, dk.Calendars, 1)

	lc, err := ticket.DefaultLifecycle().Validated()
	require.NoError(t, err)
	assert.Equal(t, lc, dk.Lifecycle)

	assert.Equal(t, gen.Policies(hours), dk.SLA)
	assert.Equal(t, sla.CatchUp{}, dk.CatchUp)

	assert.Equal(t, followup.Config{Hours: "oslo", Rules: goRules()}, dk.Followup)
	assert.Equal(t, goRules(), dk.Planner.Rules())

	assert.Equal(t, routing.Config{
		Policy: routing.Policy{
			Strategy: routing.SkillsFirst,
			Ladder: routing.Ladder{Steps: []routing.Step{
				{After: 2 * time.Minute, AnyLanguage: true},
				{After: 30 * time.Minute, LowerSkill: 1},
			}},
		},
		Paths: []routing.Path{{
			Name: "support",
			Levels: []routing.Level{
				{Name: "tier 1", Groups: []string{"service desk"}},
				{Name: "tier 2", Groups: []string{"second line"}},
				{Name: "management", Groups: []string{"support managers"}},
			},
			Specialists: map[string]string{"network fault": "second line"},
		}},
	}, dk.Routing)

	assert.Equal(t, metrics.Config{Location: hours.Location(), Calendar: hours, CSATExclude: []string{"delivery"},
		SLA: gen.Policies(hours)}, dk.Metrics)
}

// goRules are the desk's follow-up rules built in Go.
func goRules() followup.Rules {
	return followup.Rules{
		{Name: "outage", Match: followup.Match{TagsAny: []string{"outage"}},
			Cadence: &followup.Cadence{
				Stages: []followup.Stage{
					{Every: 10 * time.Minute, For: 20 * time.Minute},
					{Every: 30 * time.Minute, For: 2 * time.Hour},
					{Every: 2 * time.Hour},
				},
				Template: "outage-status",
			}},
		{Name: "privacy", Match: followup.Match{Categories: []string{"privacy"}},
			Personal: &followup.Personal{After: followup.Business(4 * time.Hour)}},
		{Name: "pending", Nudges: []followup.Nudge{
			{After: followup.Business(2 * time.Hour), Template: "bump"},
			{After: followup.Business(4 * time.Hour), Template: "bump"},
			{After: followup.Business(6 * time.Hour), Action: followup.ActionSolve},
		}},
	}
}

// TestConfigFlag plays the day on a desk file read from disk: another
// first-reply target changes the day, and a broken file is refused with
// the path of every problem.
func TestConfigFlag(t *testing.T) {
	dir := t.TempDir()
	faster := strings.Replace(string(deskJSON), `{"metric": "first_reply_time", "priority": "normal", "duration": "4h", "hours": "oslo"}`,
		`{"metric": "first_reply_time", "priority": "normal", "duration": "30m", "hours": "oslo"}`, 1)
	require.NotEqual(t, string(deskJSON), faster)
	path := filepath.Join(dir, "desk.json")
	require.NoError(t, os.WriteFile(path, []byte(faster), 0o600))
	var def, out bytes.Buffer
	require.NoError(t, run(nil, &def, &bytes.Buffer{}))
	require.NoError(t, run([]string{"-config", path}, &out, &bytes.Buffer{}))
	assert.NotEqual(t, def.String(), out.String(), "a shorter target changes the day")

	broken := strings.Replace(faster, `"duration": "30m", "hours": "oslo"`, `"duration": 1800, "hours": "bergen"`, 1)
	broken = strings.Replace(broken, `"strategy": "skills_first"`, `"strategy": "random"`, 1)
	require.NoError(t, os.WriteFile(path, []byte(broken), 0o600))
	err := run([]string{"-config", path}, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.ErrorContains(t, err, "sla.policies[1].targets[3].duration")
	assert.ErrorContains(t, err, "routing.policy.strategy")
	assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
	assert.ErrorIs(t, err, routing.ErrUnknownValue)

	assert.ErrorIs(t, run([]string{"-config", filepath.Join(dir, "none.json")}, &bytes.Buffer{}, &bytes.Buffer{}), os.ErrNotExist)
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

// TestEveryNewTicketShowsItsClock checks that each ticket opened during
// the day, by a customer or as the follow-up of a closed ticket, prints
// its first-reply due instant and queue score before it is routed, so a
// warning fired later names a clock the reader saw start.
func TestEveryNewTicketShowsItsClock(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(nil, &out, io.Discard))
	lines := strings.Split(out.String(), "\n")
	opened := 0
	for i, l := range lines {
		f := strings.Fields(l)
		arrival := len(f) > 2 && strings.HasPrefix(f[1], "#") && slices.Contains([]string{"email", "web", "chat", "phone", "social"}, f[2])
		followUp := len(f) > 1 && f[0] == "follow-up" && strings.HasPrefix(f[1], "#")
		if !arrival && !followUp {
			continue
		}
		opened++
		require.Less(t, i+2, len(lines), l)
		assert.Contains(t, lines[i+1], "first reply due", "after %q", l)
		assert.Contains(t, lines[i+2], "queue score", "after %q", l)
		assert.NotContains(t, lines[i+2], "no due time", "after %q", l)
	}
	assert.Equal(t, 11, opened, "#2 … #12")
}

// TestEveryReplyAndSolveShown checks that the day prints the first reply
// and the solve of every ticket the KPI report counts, whoever made them
// (an agent, a status update, a flag's answer, the auto-solve after the
// nudges), so the report's figures can be traced to lines above it.
func TestEveryReplyAndSolveShown(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(nil, &out, io.Discard))
	replied, solved := map[string]bool{}, map[string]bool{}
	var ticket string
	var firstReplies, resolved int
	for l := range strings.Lines(out.String()) {
		f := strings.Fields(l)
		switch {
		case len(f) > 1 && strings.HasPrefix(f[1], "#") && !strings.HasPrefix(l, " "):
			ticket = f[1]
		case strings.HasPrefix(l, "      first reply after"):
			replied[ticket] = true
		case strings.HasPrefix(l, "      solved after"):
			solved[ticket] = true
		case len(f) > 0 && f[0] == "first":
			_, err := fmt.Sscanf(strings.Join(f, " "), "first reply median 15m, p90 4h00m over %d", &firstReplies)
			require.NoError(t, err, l)
		case len(f) > 0 && f[0] == "resolution":
			_, err := fmt.Sscanf(strings.Join(f, " "), "resolution median 5h05m, p90 6h15m over %d", &resolved)
			require.NoError(t, err, l)
		}
	}
	assert.Len(t, replied, firstReplies, "tickets with a first reply shown: %v", replied)
	assert.Len(t, solved, resolved, "tickets solved shown: %v", solved)
	assert.True(t, replied["#6"] && replied["#12"], "the flag's answer and the first status update are first replies")
	assert.Contains(t, out.String(), "14:35 #3 solved after two nudges without an answer\n      solved after 6h15m0s")
}

// TestAutoSolveCountsItsNudges plays the day on a desk that nudges once
// before it solves: the auto-solve says so.
func TestAutoSolveCountsItsNudges(t *testing.T) {
	once := strings.Replace(string(deskJSON), `
          {"after": {"duration": "4h", "business": true}, "template": "bump"},`, "", 1)
	require.NotEqual(t, string(deskJSON), once)
	path := filepath.Join(t.TempDir(), "desk.json")
	require.NoError(t, os.WriteFile(path, []byte(once), 0o600))
	var out bytes.Buffer
	require.NoError(t, run([]string{"-config", path}, &out, io.Discard))
	assert.Contains(t, out.String(), "14:35 #3 solved after one nudge without an answer")
	assert.NotContains(t, out.String(), "nudge 2")
}

// TestStreamOfOne plays a stream of one ticket that nobody answers: the
// counts agree in number, and the empty lists say "none" instead of
// leaving a label without a value.
func TestStreamOfOne(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-tickets", "1"}, &out, io.Discard))
	text := out.String()
	assert.Contains(t, text, "1 ticket generated, ")
	assert.Contains(t, text, "Oslo desk: 1 arrival and 0 duplicates their customers sent again")
	assert.Contains(t, text, "  conversations      none (tickets each agent replied on)\n")
	assert.Contains(t, text, "  most used macros   none\n")
	for l := range strings.Lines(text) {
		f := strings.Fields(l)
		assert.False(t, len(f) == 1 || len(f) > 1 && f[1] == "(tickets", "a label without a value: %q", l)
	}
}
