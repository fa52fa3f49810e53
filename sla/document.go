package sla

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Config is a policy set as a configuration document: policies in order,
// each with its condition, its targets per metric and priority, the hours
// each target counts in (a calendar by name), its warning and escalation
// levels with their actions and its recalculation mode; custom metrics;
// and the catch-up mode the caller passes to [Result.Due]. In JSON:
//
//	{
//	  "metrics": [
//	    {"name": "vendor_wait", "start": "created", "stop": "solve",
//	     "paused": ["pending"], "reopen": "continue"}
//	  ],
//	  "policies": [
//	    {
//	      "name": "vip",
//	      "version": 2,
//	      "match": {"tiers": ["vip"], "channels": ["email", "web"], "tags_none": ["spam"]},
//	      "targets": [
//	        {"metric": "first_reply_time", "priority": "urgent", "duration": "30m", "hours": "oslo-desk"},
//	        {"metric": "first_reply_time", "duration": "4h", "hours": "oslo-desk"},
//	        {"metric": "total_resolution_time", "duration": "72h"},
//	        {"metric": "vendor_wait", "duration": "168h"}
//	      ],
//	      "levels": [
//	        {"name": "warn", "percent": 75, "actions": [{"kind": "notify", "who": "assignee"}]},
//	        {"name": "late", "metric": "first_reply_time", "offset": "1h",
//	         "actions": [{"kind": "reassign", "group": "tier-2"}, {"kind": "raise_priority", "priority": "urgent"}]}
//	      ],
//	      "recalculation": "prospective"
//	    },
//	    {"name": "default", "targets": [{"metric": "first_reply_time", "duration": "8h", "hours": "oslo-desk"}]}
//	  ],
//	  "catch_up": {"mode": "grace", "grace": "15m"}
//	}
//
// A target's "metric" is a preset's name ("first_reply_time",
// "next_reply_time", "periodic_update_time", "pausable_update_time",
// "requester_wait_time", "agent_work_time", "total_resolution_time",
// "first_resolution_time") or the name of one of "metrics". Its "hours"
// names a calendar of the desk ([Config.Build] takes them by name): the
// duration counts that calendar's open time; without "hours" it counts
// calendar time in UTC, as a nil [Target.Hours] does. Durations are text in
// Go's syntax; a level's offset counts in its target's hours. A [Condition]
// is written with its fields in snake case ("tags_any"); its Func is a
// Go-only extension with no document form: [ConfigOf] refuses a policy
// that sets one.
type Config struct {
	Metrics  []Metric
	Policies []PolicyConfig
	CatchUp  CatchUp
}

// PolicyConfig is a [Policy] in a [Config]: its targets name their metric
// and hours.
type PolicyConfig struct {
	Name          string
	Version       int
	Match         Condition
	Targets       []TargetConfig
	Levels        []Level
	Recalculation Recalculation
}

// TargetConfig is a [Target] in a [Config]: Metric names a preset or a
// custom metric of the Config, Hours a calendar ("" is calendar time in
// UTC).
type TargetConfig struct {
	Metric   string
	Priority ticket.Priority
	Duration time.Duration
	Hours    string
}

// DecodeConfig reads an SLA document (see [Config]). It refuses unknown
// keys, keys in another case or given twice, values of the wrong type (a
// duration must be text such as "4h"), and unknown priorities, channels,
// categories, metric rules, action kinds and modes, and with them every
// problem [Config.Validate] finds in what it could read (see
// [document.Merge]), so one pass shows them all. Each problem is a [*document.Error]
// carrying its JSON path ("policies[2].targets[0].duration") and wrapping
// [ErrInvalidPolicy]. Calendar names are resolved by [Config.Build].
func DecodeConfig(data []byte) (Config, error) {
	return document.DecodeValid[Config](data, ErrInvalidPolicy)
}

// Validate reports every problem of c but unknown calendar names, joined,
// each a [*document.Error] at its JSON path wrapping [ErrInvalidPolicy]:
// a target naming no known metric ([document.ErrUnknownName]), a custom
// metric without a name, with a preset's name or defined twice, a custom
// metric that is not valid, the problem of [CatchUp.Validate], and every
// problem [Policies.Validate] finds, at
// the path of the field it names.
func (c Config) Validate() error {
	_, err := c.build(nil)
	return err
}

// Build resolves the metric and calendar names of c and returns its
// policies, valid. calendars holds the desk's calendars by name; a target
// naming one that is not there is a [*document.Error] at its "hours" path
// wrapping [document.ErrUnknownName]. Build reports every problem at once,
// as [Config.Validate] does.
func (c Config) Build(calendars map[string]*calendar.Calendar) (Policies, error) {
	if calendars == nil {
		calendars = map[string]*calendar.Calendar{}
	}
	return c.build(calendars)
}

// build is Build, or Validate when calendars is nil: hours names are then
// not resolved, and targets count calendar hours.
func (c Config) build(calendars map[string]*calendar.Calendar) (Policies, error) {
	p := document.Problems{Package: ErrInvalidPolicy}
	custom := map[string]Metric{}
	for i, m := range c.Metrics {
		at := document.Index("metrics", i)
		switch _, preset := presetNamed(m.Name); {
		case m.Name == "":
			p.Addf(document.Join(at, "name"), "a custom metric needs a name")
		case preset:
			p.Addf(document.Join(at, "name"), "%q is a preset's name; name a custom metric otherwise", m.Name)
		case custom[m.Name].Name != "":
			p.Addf(document.Join(at, "name"), "metric %q is defined twice", m.Name)
		default:
			if problem := metricProblem(m); problem != "" {
				p.Addf(at, "metric %q: %s", m.Name, problem)
			}
			custom[m.Name] = m
		}
	}
	if err := c.CatchUp.Validate(); err != nil {
		path := "catch_up.grace"
		if errors.Is(err, ErrUnknownValue) {
			path = "catch_up.mode"
		}
		p.Add(path, err)
	}
	ps := make(Policies, len(c.Policies))
	for i, pc := range c.Policies {
		at := document.Index("policies", i)
		ps[i] = Policy{Name: pc.Name, Version: pc.Version, Match: pc.Match, Levels: pc.Levels, Recalculation: pc.Recalculation}
		for j, tc := range pc.Targets {
			tat := document.Index(document.Join(at, "targets"), j)
			t := Target{Priority: tc.Priority, Duration: tc.Duration}
			m, ok := presetNamed(tc.Metric)
			if !ok {
				m, ok = custom[tc.Metric]
			}
			if !ok {
				p.Add(document.Join(tat, "metric"), fmt.Errorf("%w: metric %q is neither a preset (%s) nor in \"metrics\"",
					document.ErrUnknownName, tc.Metric, strings.Join(presetNames(), ", ")))
				m = Metric{Name: tc.Metric, Start: StartCreated, Stop: StopAgentReply} // reported; checks the rest
			}
			t.Metric = m
			if tc.Hours != "" && calendars != nil {
				cal, ok := calendars[tc.Hours]
				switch {
				case !ok:
					p.Add(document.Join(tat, "hours"), fmt.Errorf("%w: calendar %q (%s)",
						document.ErrUnknownName, tc.Hours, deskCalendars(calendars)))
				case cal == nil:
					p.Add(document.Join(tat, "hours"), fmt.Errorf("%w: calendar %q is nil", document.ErrUnknownName, tc.Hours))
				default:
					t.Hours = cal
				}
			}
			ps[i].Targets = append(ps[i].Targets, t)
		}
	}
	document.AddFields(&p, "policies", ps.Validate(), func(pe *PolicyError) string {
		return document.Join(document.Index("", pe.Index), pe.Field)
	})
	if p.Len() > 0 {
		return nil, p.Err()
	}
	return ps, nil
}

// deskCalendars lists the names of calendars for a problem about a name
// not among them, or says there are none.
func deskCalendars(calendars map[string]*calendar.Calendar) string {
	if len(calendars) == 0 {
		return "the desk defines no calendars"
	}
	return "the desk's calendars: " + strings.Join(slices.Sorted(maps.Keys(calendars)), ", ")
}

// presetNamed returns the preset metric with the given name.
func presetNamed(name string) (Metric, bool) {
	for _, m := range Presets() {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

func presetNames() []string {
	var names []string
	for _, m := range Presets() {
		names = append(names, m.Name)
	}
	return names
}

// ConfigOf returns the document form of policies built in Go, with the
// catch-up mode the caller uses: the inverse of [Config.Build]. A target's
// Hours must be one of calendars, which gives its name, or nil (calendar
// time in UTC); a metric equal to the preset of its name is written by
// name, any other goes to Config.Metrics. It refuses, with
// [*document.Error]s wrapping [ErrInvalidPolicy], a condition with a Func
// ([document.ErrGoOnly]: a Go-only extension), hours that are not among
// calendars ([document.ErrUnknownName]) and two different metrics of one
// name.
func ConfigOf(ps Policies, catchUp CatchUp, calendars map[string]*calendar.Calendar) (Config, error) {
	p := document.Problems{Package: ErrInvalidPolicy}
	c := Config{CatchUp: catchUp}
	for i, pol := range ps {
		at := document.Index("policies", i)
		if pol.Match.Func != nil {
			p.Add(document.Join(at, "match"), fmt.Errorf("%w: the condition has a Func, a Go-only extension", document.ErrGoOnly))
		}
		pc := PolicyConfig{Name: pol.Name, Version: pol.Version, Match: pol.Match, Levels: pol.Levels, Recalculation: pol.Recalculation}
		pc.Match.Func = nil
		for j, t := range pol.Targets {
			tat := document.Index(document.Join(at, "targets"), j)
			tc := TargetConfig{Metric: t.Metric.Name, Priority: t.Priority, Duration: t.Duration}
			if preset, ok := presetNamed(t.Metric.Name); !ok || !preset.Equal(t.Metric) {
				k := slices.IndexFunc(c.Metrics, func(m Metric) bool { return m.Name == t.Metric.Name })
				switch {
				case k < 0:
					c.Metrics = append(c.Metrics, t.Metric)
				case !c.Metrics[k].Equal(t.Metric):
					p.Addf(document.Join(tat, "metric"), "metric %q is defined differently elsewhere", t.Metric.Name)
				}
			}
			if t.Hours != nil {
				name, ok := calendarName(t.Hours, calendars)
				if !ok {
					p.Add(document.Join(tat, "hours"), fmt.Errorf("%w: the target's hours are none of the named calendars", document.ErrUnknownName))
				}
				tc.Hours = name
			}
			pc.Targets = append(pc.Targets, tc)
		}
		c.Policies = append(c.Policies, pc)
	}
	if p.Len() > 0 {
		return Config{}, p.Err()
	}
	return c, nil
}

// calendarName returns the name of h among calendars, the first in name
// order when several names hold it.
func calendarName(h Hours, calendars map[string]*calendar.Calendar) (string, bool) {
	if !reflect.TypeOf(h).Comparable() {
		return "", false
	}
	for _, name := range slices.Sorted(maps.Keys(calendars)) {
		if cal := calendars[name]; cal != nil && Hours(cal) == h {
			return name, true
		}
	}
	return "", false
}

// Encode writes c as an SLA document that [DecodeConfig] reads back to an
// equal Config. It refuses a Config that does not pass [Config.Validate].
func (c Config) Encode() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return document.Encode(c, ErrInvalidPolicy)
}
