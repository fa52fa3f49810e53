package kpibeam

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket/document"
)

// Desk is a variant of the report configured by a desk file: the JSON
// document whose "calendars" section declares calendar.Config values by
// name, whose "sla" section is an SLA document (sla.DecodeConfig) built on
// those calendars, and whose "metrics" section is a metrics document
// (metrics.DecodeDocument) built on the calendars and the SLA policies:
// the same file, and so the same metrics.Config, as a report made in one
// process from it. The sections the report does not use ("lifecycle",
// "followup", "routing") may be present; they are not read.
type Desk struct {
	// Name names the variant's [Result].
	Name string
	// File is the desk file's text. It travels with the pipeline as data
	// and is decoded once per accumulator factory on each worker.
	File []byte
}

// deskFile is a desk file's sections, each read by its package.
type deskFile struct {
	Calendars json.RawMessage
	Lifecycle json.RawMessage
	SLA       json.RawMessage `doc:"sla"`
	Followup  json.RawMessage
	Routing   json.RawMessage
	Metrics   json.RawMessage
}

// DeskConfig returns the metrics configuration of a desk file (see
// [Desk]): its calendars built with calendar.BuildAll, its SLA policies
// with sla.Config.Build on them, and its metrics document with
// metrics.Document.Config on both. It reports every problem of every
// section at once, each a [*document.Error] whose path starts with its
// section ("sla.policies[0].targets[1].duration", "calendars.oslo.zone",
// "metrics.zone") and wraps the sentinel of the section's package; a
// problem of the file as a whole (text that is not JSON, an unknown
// section) wraps [ErrInvalidOptions]. A file without a "metrics" section
// is an error at "metrics": a report needs at least its zone. The
// calendars are read as a desk file loaded whole reads them: a section
// given as null is left out, a calendar must be an object with a name,
// and the section is bounded by [MaxCalendars] and
// [MaxCalendarIntervalYears] before anything is built. When the
// "sla" section has problems, the "metrics" section is checked without
// the policies, so that "sla": true is not reported too.
func DeskConfig(file []byte) (metrics.Config, error) {
	var f deskFile
	if err := document.Decode(file, &f, ErrInvalidOptions); err != nil {
		return metrics.Config{}, err
	}
	var errs []error
	cals, err := deskCalendars(f.Calendars)
	errs = append(errs, err)
	var policies sla.Policies
	slaOK := true
	if f.SLA != nil {
		c, err := sla.DecodeConfig(f.SLA)
		if err == nil {
			policies, err = c.Build(cals)
		}
		if err != nil {
			slaOK = false
			errs = append(errs, document.Within("sla", sla.ErrInvalidPolicy, err))
		}
	}
	var cfg metrics.Config
	if f.Metrics == nil {
		p := document.Problems{Package: metrics.ErrInvalidConfig}
		p.Add("metrics", errors.New("missing: a desk file for a report needs a metrics section"))
		errs = append(errs, p.Err())
	} else {
		d, err := metrics.DecodeDocument(f.Metrics)
		switch {
		case err != nil:
		case slaOK:
			cfg, err = d.Config(cals, policies)
		default: // without the policies that failed, "sla": true would be reported too
			err = d.Validate()
		}
		if err != nil {
			errs = append(errs, document.Within("metrics", metrics.ErrInvalidConfig, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return metrics.Config{}, err
	}
	return cfg, nil
}

// MaxCalendars is the most calendars a desk file may name, and
// MaxCalendarIntervalYears the most weekly opening intervals times years
// its calendars may have together (a calendar without years counts
// calendar.DefaultFirstYear to calendar.DefaultLastYear): building a
// calendar costs time and memory that calendar.Config bounds for one
// calendar only, so a file repeating one under many names would multiply
// it. They are the bounds of a desk file loaded whole by the examples'
// desk loader, so that a file a report accepts loads there too.
const (
	MaxCalendars             = 100
	MaxCalendarIntervalYears = 2 * calendar.MaxConfigYears * 7 * calendar.MaxConfigIntervals
)

// deskCalendars reads the calendars section and builds it. A calendar that
// does not read or build is reported at its path and stands in as always
// open, so that what refers to it is not reported too. null is the
// section left out; a calendar must be an object and have a name (""
// is what a section writes for calendar time), and the section must keep
// within [MaxCalendars] and [MaxCalendarIntervalYears], checked before
// anything is built.
func deskCalendars(raw json.RawMessage) (map[string]*calendar.Calendar, error) {
	if raw == nil || string(raw) == "null" {
		return map[string]*calendar.Calendar{}, nil
	}
	var raws map[string]json.RawMessage
	if err := document.Decode(raw, &raws, calendar.ErrInvalidConfig); err != nil {
		return map[string]*calendar.Calendar{}, document.Within("calendars", calendar.ErrInvalidConfig, err)
	}
	alwaysOpen := func() map[string]*calendar.Calendar {
		cals := make(map[string]*calendar.Calendar, len(raws))
		for name := range raws {
			cals[name] = calendar.Always(nil)
		}
		return cals
	}
	if len(raws) > MaxCalendars {
		return alwaysOpen(), &document.Error{Path: "calendars", Package: calendar.ErrInvalidConfig,
			Err: fmt.Errorf("%w: %d calendars, at most %d in a desk file", document.ErrValue, len(raws), MaxCalendars)}
	}
	p := document.Problems{Package: calendar.ErrInvalidConfig}
	problems := func(base string, err error) {
		for _, e := range document.Leaves(err) {
			var ce *calendar.ConfigError
			if errors.As(e, &ce) && ce.Err != nil {
				p.Add(document.Join(base, ce.Field), ce.Err)
				continue
			}
			p.Add(base, e)
		}
	}
	cfgs := make(map[string]calendar.Config, len(raws))
	for _, name := range slices.Sorted(maps.Keys(raws)) {
		if name == "" {
			p.Add(document.Key("", name), fmt.Errorf("%w: a calendar needs a name: \"\" is what a section writes for calendar time", document.ErrValue))
			continue
		}
		if kind := document.KindOf(raws[name]); kind != "an object" {
			p.Add(document.Key("", name), fmt.Errorf("%w: %s, want an object", document.ErrType, kind))
			continue
		}
		var c calendar.Config
		if err := json.Unmarshal(raws[name], &c); err != nil {
			problems(document.Key("", name), err)
			continue
		}
		cfgs[name] = c
	}
	work := 0 // see calendar.Config.IntervalYears
	for _, c := range cfgs {
		work += c.IntervalYears()
	}
	if work > MaxCalendarIntervalYears {
		p.Add("", fmt.Errorf("%w: the calendars have %d weekly intervals times years, at most %d in a desk file",
			document.ErrValue, work, MaxCalendarIntervalYears))
		return alwaysOpen(), document.Within("calendars", calendar.ErrInvalidConfig, p.Err())
	}
	cals, err := calendar.BuildAll(cfgs) // its fields start with the name
	problems("", err)
	for name := range raws {
		if cals[name] == nil {
			cals[name] = calendar.Always(nil)
		}
	}
	if err := p.Err(); err != nil {
		return cals, document.Within("calendars", calendar.ErrInvalidConfig, err)
	}
	return cals, nil
}

// DeskReports is [Reports] with each variant configured by a desk file
// instead of a [ConfigFunc]: one [Result] per desk, named by its
// [Desk.Name], computed side by side over the same histories (a what-if
// is two desk files, say with different SLA policies or calendars). The
// files travel with the pipeline as data, so nothing needs registering;
// each worker decodes a variant's file once per instance of the
// CombineFn. Every file is decoded here first: a desk named twice,
// opts.Variants set (the desks name the variants), histories or dead
// letters that are not PCollections of [History] and [DeadLetter], or a
// file with problems is an error wrapping [ErrInvalidOptions] before the
// pipeline runs, and a file's problems carry their JSON paths
// ([document.Paths]).
func DeskReports(s beam.Scope, desks []Desk, opts Options, histories, dead beam.PCollection) (beam.PCollection, error) {
	var errs []error
	if len(desks) == 0 {
		errs = append(errs, fmt.Errorf("%w: no desk files", ErrInvalidOptions))
	}
	if len(opts.Variants) != 0 {
		errs = append(errs, fmt.Errorf("%w: Variants is set, but desk files name the variants", ErrInvalidOptions))
	}
	fns := make([]*reportFn, 0, len(desks))
	for i, d := range desks {
		if slices.ContainsFunc(desks[:i], func(o Desk) bool { return o.Name == d.Name }) {
			errs = append(errs, fmt.Errorf("%w: desk %q named twice", ErrInvalidOptions, d.Name))
			continue
		}
		cfg, err := DeskConfig(d.File)
		if err == nil {
			_, err = metrics.NewReport(cfg)
		}
		if err != nil {
			for _, e := range document.Leaves(err) { // one error a problem, for document.Paths
				errs = append(errs, fmt.Errorf("%w: desk %q: %w", ErrInvalidOptions, d.Name, e))
			}
			continue
		}
		fns = append(fns, &reportFn{Variant: d.Name, Desk: d.File, RelativeError: opts.RelativeError})
	}
	errs = append(errs, opts.Validate(), checkCollections(histories, dead))
	if err := errors.Join(errs...); err != nil {
		return beam.PCollection{}, err
	}
	return combineVariants(s.Scope("kpibeam.DeskReports"), fns, histories, dead), nil
}
