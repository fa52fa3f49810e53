package followup

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Config is a follow-up rule table as a configuration document, with the
// calendar its business-time offsets count in, by name. In JSON:
//
//	{
//	  "hours": "oslo-desk",
//	  "rules": [
//	    {
//	      "name": "outage",
//	      "match": {"tags_any": ["outage"]},
//	      "cadence": {
//	        "stages": [{"every": "10m", "for": "1h"}, {"every": "30m", "for": "3h"}, {"every": "2h"}],
//	        "from": "phase_start",
//	        "reset_on": {"tags": ["identified", "monitoring"]},
//	        "counts": "any",
//	        "template": "outage-update"
//	      },
//	      "catch_up": {"mode": "latest", "max": 20}
//	    },
//	    {
//	      "name": "export-licence",
//	      "match": {"categories": ["export-licence"]},
//	      "personal": {"after": {"duration": "16h", "business": true}},
//	      "reminders": [{"duration": "4h", "business": true}]
//	    },
//	    {
//	      "name": "waiting",
//	      "nudges": [
//	        {"after": {"duration": "16h", "business": true}, "template": "bump"},
//	        {"after": {"duration": "40h", "business": true}, "template": "bump"},
//	        {"after": {"duration": "80h", "business": true}, "action": "solve"}
//	      ],
//	      "keep_snooze_on_reply": true
//	    }
//	  ]
//	}
//
// The keys are the fields of [Rule] and its parts in snake case. Every
// duration is text in Go's syntax; an [Offset] says with "business": true
// that it counts business time on the calendar "hours" names, and a
// [Cadence] the same for all its stages. "hours" may be left out when
// nothing counts business time.
type Config struct {
	Hours string
	Rules Rules
}

// DecodeConfig reads a follow-up document (see [Config]). It refuses
// unknown keys, keys in another case or given twice, values of the wrong
// type (a duration must be text such as "16h") and unknown anchors,
// update kinds, actions, catch-up modes, channels and priorities, and with
// them every problem [Config.Validate] finds in what it could read (see
// [document.Merge]), so one pass shows them all. Each problem is a
// [*document.Error] carrying its JSON path ("rules[1].cadence.stages[0].every")
// and wrapping [ErrInvalidRules].
func DecodeConfig(data []byte) (Config, error) {
	return document.DecodeValid[Config](data, ErrInvalidRules)
}

// Validate reports every problem [Rules.Validate] finds in the table, and
// an offset in business time without "hours" ([ErrNoHours]), joined, each
// a [*document.Error] at its JSON path wrapping [ErrInvalidRules] and the
// [*RuleError].
func (c Config) Validate() error {
	p := document.Problems{Package: ErrInvalidRules}
	ruleField := func(re *RuleError) string { return document.Join(document.Index("", re.Index), re.Field) }
	document.AddFields(&p, "rules", c.Rules.Validate(), ruleField)
	if i, field, ok := c.Rules.usesBusiness(); ok && c.Hours == "" {
		e := &RuleError{Index: i, Rule: c.Rules[i].Name, Field: field, Problem: "counts business time, but the document names no \"hours\"", noHours: true}
		document.AddFields(&p, "rules", e, ruleField)
	}
	return p.Err()
}

// Planner resolves the calendar c names among calendars and returns a
// [Planner] for its rules ([NewPlanner]). A name that is not among them
// is a [*document.Error] at "hours" wrapping [document.ErrUnknownName].
func (c Config) Planner(calendars map[string]*calendar.Calendar) (*Planner, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var hours Hours
	if c.Hours != "" {
		cal := calendars[c.Hours]
		if cal == nil {
			return nil, &document.Error{Path: "hours", Package: ErrInvalidRules,
				Err: fmt.Errorf("%w: calendar %q (%s)", document.ErrUnknownName, c.Hours, deskCalendars(calendars))}
		}
		hours = cal
	}
	return NewPlanner(c.Rules, hours)
}

// deskCalendars lists the names of calendars for a problem about a name
// not among them, or says there are none.
func deskCalendars(calendars map[string]*calendar.Calendar) string {
	if len(calendars) == 0 {
		return "the desk defines no calendars"
	}
	return "the desk's calendars: " + strings.Join(slices.Sorted(maps.Keys(calendars)), ", ")
}

// Encode writes c as a follow-up document that [DecodeConfig] reads back
// to an equal Config. It refuses a Config that does not pass
// [Config.Validate].
func (c Config) Encode() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return document.Encode(c, ErrInvalidRules)
}
