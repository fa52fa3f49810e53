package metrics

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Document is a report's [Config] as a configuration document: the zone by
// its IANA name, the business calendar by its name among the desk's
// calendars, breakdowns by dimension names and the KPI definitions by
// their option names. In JSON:
//
//	{
//	  "zone": "Europe/Oslo",
//	  "calendar": "oslo-desk",
//	  "definitions": {
//	    "clock_start": "created",
//	    "one_touch": "fewer_than_two",
//	    "reopens": "from_solved",
//	    "fcr": "no_repeat",
//	    "fcr_window": "168h",
//	    "one_touch_over": "resolved",
//	    "csat_good": "top_two_box",
//	    "ces": "mean",
//	    "credit": "assignee_at_event",
//	    "next_reply_credit": "replier"
//	  },
//	  "from": "2026-01-01T00:00:00+01:00",
//	  "to": "2026-04-01T00:00:00+02:00",
//	  "attribution": "created",
//	  "groups": ["support"],
//	  "exclude_categories": ["spam"],
//	  "csat_exclude": ["billing"],
//	  "breakdowns": [["week", "agent"], ["channel"]],
//	  "volume_bucket": "week",
//	  "customers": true,
//	  "on_corrupt": "skip",
//	  "sla": true
//	}
//
// Every key may be left out but "zone". The keys are the fields of
// [Config] in snake case, but "zone" (the Location's name), "calendar"
// (a name; left out, business time is calendar time) and "sla" (true:
// evaluate SLA achievement under the desk's policies, given to
// [Document.Config]). Instants are RFC 3339 text; durations are text in
// Go's syntax. [Definitions.IsReply] is a Go-only extension: [DocumentOf]
// refuses a Config that sets it.
type Document struct {
	Zone              string
	Calendar          string
	Definitions       Definitions
	Now               time.Time
	From              time.Time
	To                time.Time
	Attribution       Attribution
	Groups            []string
	Channels          []ticket.Channel
	Categories        []string
	ExcludeCategories []string
	Tiers             []ticket.Tier
	CSATExclude       []string
	Breakdowns        [][]Dimension
	VolumeBucket      Dimension
	BacklogAt         time.Time
	Customers         bool
	OnCorrupt         OnCorrupt
	SLA               bool `doc:"sla"`
}

// DecodeDocument reads a metrics document (see [Document]). It refuses
// unknown keys, keys in another case or given twice, values of the wrong
// type and unknown dimensions, channels and zones, and with them every
// problem [Document.Validate] finds in what it could read (see
// [document.Merge]), so one pass shows them all. Each problem is a [*document.Error]
// carrying its JSON path ("breakdowns[1][0]", "definitions.fcr") and
// wrapping [ErrInvalidConfig].
func DecodeDocument(data []byte) (Document, error) {
	return document.DecodeValid[Document](data, ErrInvalidConfig)
}

// Validate reports every problem of d but an unknown calendar name,
// joined, each a [*document.Error] at its JSON path wrapping
// [ErrInvalidConfig] and the [*ConfigError] that [Config.Validate]
// reports: a zone that is missing or not an IANA name, and every problem of
// the options, range and breakdowns.
func (d Document) Validate() error {
	_, err := d.config(nil, nil)
	return err
}

// Config returns the report configuration d describes, valid. calendars
// holds the desk's calendars by name: a "calendar" that is not among them
// is a [*document.Error] at "calendar" wrapping [document.ErrUnknownName].
// policies are the desk's SLA policies, which the report evaluates when d
// says "sla": true.
func (d Document) Config(calendars map[string]*calendar.Calendar, policies sla.Policies) (Config, error) {
	if calendars == nil {
		calendars = map[string]*calendar.Calendar{}
	}
	return d.config(calendars, policies)
}

// config is Config, or Validate when calendars is nil.
func (d Document) config(calendars map[string]*calendar.Calendar, policies sla.Policies) (Config, error) {
	p := document.Problems{Package: ErrInvalidConfig}
	c := Config{
		Definitions: d.Definitions, Now: d.Now, From: d.From, To: d.To, Attribution: d.Attribution,
		Groups: d.Groups, Channels: d.Channels, Categories: d.Categories, ExcludeCategories: d.ExcludeCategories,
		Tiers: d.Tiers, CSATExclude: d.CSATExclude, Breakdowns: d.Breakdowns, VolumeBucket: d.VolumeBucket,
		BacklogAt: d.BacklogAt, Customers: d.Customers, OnCorrupt: d.OnCorrupt,
	}
	switch loc, err := time.LoadLocation(d.Zone); {
	case d.Zone == "":
		p.Add("zone", &ConfigError{Field: "Location", Problem: "missing: want an IANA name such as \"Europe/Oslo\""})
	case d.Zone == "Local" || err != nil:
		p.Add("zone", &ConfigError{Field: "Location", Problem: fmt.Sprintf("%q is not an IANA zone name such as \"Europe/Oslo\"", d.Zone)})
	default:
		c.Location = loc
	}
	if d.Calendar != "" && calendars != nil {
		c.Calendar = calendars[d.Calendar]
		if c.Calendar == nil {
			p.Add("calendar", fmt.Errorf("%w: calendar %q (%s)", document.ErrUnknownName, d.Calendar, deskCalendars(calendars)))
		}
	}
	if d.SLA {
		c.SLA = policies
		if calendars != nil && len(policies) == 0 {
			p.Add("sla", &ConfigError{Field: "SLA", Problem: "the report evaluates SLA achievement, but the desk has no SLA policies"})
		}
	}
	for _, e := range document.Leaves(c.Validate()) {
		var ce *ConfigError
		path := ""
		if errors.As(e, &ce) {
			if ce.Field == "Location" {
				continue // reported above, by name
			}
			path = document.FieldPath(ce.Field)
		}
		p.Add(path, e)
	}
	if p.Len() > 0 {
		return Config{}, p.Err()
	}
	return c, nil
}

// deskCalendars lists the names of calendars for a problem about a name
// not among them, or says there are none.
func deskCalendars(calendars map[string]*calendar.Calendar) string {
	if len(calendars) == 0 {
		return "the desk defines no calendars"
	}
	return "the desk's calendars: " + strings.Join(slices.Sorted(maps.Keys(calendars)), ", ")
}

// DocumentOf returns the document form of a report configuration built
// in Go: the inverse of [Document.Config]. Its Calendar must be one of
// calendars, which gives its name, or nil; its Location must have an IANA
// name. It refuses, with [*document.Error]s wrapping [ErrInvalidConfig],
// a custom [Definitions.IsReply] ([document.ErrGoOnly]: a Go-only
// extension), a calendar not among calendars ([document.ErrUnknownName])
// and a location without a loadable name. The SLA policies of c are not
// part of the document, which says only that the report evaluates them.
func DocumentOf(c Config, calendars map[string]*calendar.Calendar) (Document, error) {
	p := document.Problems{Package: ErrInvalidConfig}
	d := Document{
		Definitions: c.Definitions, Now: c.Now, From: c.From, To: c.To, Attribution: c.Attribution,
		Groups: c.Groups, Channels: c.Channels, Categories: c.Categories, ExcludeCategories: c.ExcludeCategories,
		Tiers: c.Tiers, CSATExclude: c.CSATExclude, Breakdowns: c.Breakdowns, VolumeBucket: c.VolumeBucket,
		BacklogAt: c.BacklogAt, Customers: c.Customers, OnCorrupt: c.OnCorrupt, SLA: len(c.SLA) > 0,
	}
	if d.Definitions.IsReply != nil {
		p.Add("definitions.is_reply", fmt.Errorf("%w: a custom IsReply", document.ErrGoOnly))
		d.Definitions.IsReply = nil
	}
	if c.Location != nil {
		d.Zone = c.Location.String()
		if !ianaZone(c.Location) {
			p.Add("zone", &ConfigError{Field: "Location", Problem: fmt.Sprintf("%q has no IANA name to write", d.Zone)})
		}
	}
	if c.Calendar != nil {
		for _, name := range slices.Sorted(maps.Keys(calendars)) {
			if calendars[name] == c.Calendar {
				d.Calendar = name
				break
			}
		}
		if d.Calendar == "" {
			p.Add("calendar", fmt.Errorf("%w: the report's calendar is none of the named calendars", document.ErrUnknownName))
		}
	}
	if p.Len() > 0 {
		return Document{}, p.Err()
	}
	return d, nil
}

// Encode writes d as a metrics document that [DecodeDocument] reads back
// to an equal Document. It refuses a Document that does not pass
// [Document.Validate].
func (d Document) Encode() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return document.Encode(d, ErrInvalidConfig)
}
