package deskfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// MaxCalendars is the most calendars a desk file may name. Building a
// calendar costs time and memory that calendar.Config bounds (a thousand
// years of holidays keep some 2 MB even with one opening interval a week;
// see [MaxCalendarIntervalYears] for the intervals); a desk file
// repeating one calendar under many names would multiply it without
// bound. A hundred is far more than the regions and teams of a desk, and
// a hundred calendars of a thousand years of holidays kept some 200 MB
// and took a second or two to build (measured on a shared machine).
const MaxCalendars = 100

// MaxCalendarIntervalYears is the most weekly opening intervals times
// years that a desk file's calendars may have together: twice the most
// one calendar.Config may have (calendar.MaxConfigIntervals a day, every
// day, over calendar.MaxConfigYears years). A calendar with holidays or
// special days costs time and memory in proportion to it: one at that
// most, with US holidays, kept 25 MB and took 0.4 s to build (measured
// on a shared machine), so without this bound [MaxCalendars] of them
// would be gigabytes from a file of some seventy kilobytes. A calendar
// counts its default years (calendar.DefaultFirstYear to
// calendar.DefaultLastYear, five hundred) when it gives none: a desk of
// a hundred such calendars open twice a day on weekdays has 500,000.
const MaxCalendarIntervalYears = 2 * calendar.MaxConfigYears * 7 * calendar.MaxConfigIntervals

// ErrInvalidDesk is wrapped by a problem of the file as a whole: text
// that is not JSON, an unknown section, a section given twice.
var ErrInvalidDesk = errors.New("deskfile: invalid desk")

// Desk is a desk loaded from a file: every value built, validated and
// ready to use.
type Desk struct {
	Calendars map[string]*calendar.Calendar
	Lifecycle *ticket.Lifecycle // validated
	SLA       sla.Policies
	CatchUp   sla.CatchUp
	Followup  followup.Config
	Planner   *followup.Planner
	Routing   routing.Config
	Metrics   metrics.Config // the zero Config when the file has no metrics section
	// Documents are the sections that differ from their built values, as
	// read, for writing the desk back ([Desk.Encode]).
	Documents Documents
}

// Documents are the sections of a desk file whose document form differs
// from the values built from them.
type Documents struct {
	Calendars map[string]calendar.Config
	SLA       sla.Config
	Metrics   metrics.Document
}

// written is a desk file as [Desk.Encode] writes it. A nil section is
// left out; a non-nil one is written, empty or not.
type written struct {
	Calendars map[string]calendar.Config
	Lifecycle *ticket.Lifecycle
	SLA       *sla.Config `doc:"sla"`
	Followup  *followup.Config
	Routing   routing.Config
	Metrics   metrics.Document
}

// Encode writes the desk back as a desk file that [Load] reads to an
// equal desk: the calendars and documents as read, the other sections
// from their values. A section that is empty is left out, but an "sla"
// section when the desk has policies, even none (SLA is not nil), and a
// "followup" section when it has a Planner: an empty section read gives
// those, which a section left out does not.
func (d *Desk) Encode() ([]byte, error) {
	w := written{Calendars: d.Documents.Calendars, Lifecycle: d.Lifecycle, Routing: d.Routing, Metrics: d.Documents.Metrics}
	if d.SLA != nil || !reflect.ValueOf(d.Documents.SLA).IsZero() {
		w.SLA = &d.Documents.SLA
	}
	if d.Planner != nil || !reflect.ValueOf(d.Followup).IsZero() {
		w.Followup = &d.Followup
	}
	return document.Encode(w, ErrInvalidDesk)
}

// file is the desk file's sections, each read by its package.
type file struct {
	Calendars json.RawMessage
	Lifecycle json.RawMessage
	SLA       json.RawMessage `doc:"sla"`
	Followup  json.RawMessage
	Routing   json.RawMessage
	Metrics   json.RawMessage
}

// ReadFile loads the desk file at path; see [Load]. Each problem [Load]
// reports is one problem of the error, joined with errors.Join, its text
// starting with path. A file longer than document.MaxSize is refused
// without being read whole.
func ReadFile(path string) (*Desk, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, document.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > document.MaxSize {
		size := fmt.Sprintf("more than %d", document.MaxSize)
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			size = fmt.Sprint(info.Size())
		}
		return nil, fmt.Errorf("%s: %w", path, &document.Error{Package: ErrInvalidDesk,
			Err: fmt.Errorf("%w: %s bytes, at most %d", document.ErrTooLarge, size, document.MaxSize)})
	}
	d, err := Load(data)
	if err != nil {
		// Each problem says the file and stays a problem of its own.
		leaves := document.Leaves(err)
		for i, e := range leaves {
			leaves[i] = fmt.Errorf("%s: %w", path, e)
		}
		return nil, errors.Join(leaves...)
	}
	return d, nil
}

// Load reads a desk file: the calendars first, then every other section
// with the calendars resolved by name. It reports every problem of every
// section at once.
func Load(data []byte) (*Desk, error) {
	var f file
	if err := document.Decode(data, &f, ErrInvalidDesk); err != nil {
		return nil, err
	}
	def, err := ticket.DefaultLifecycle().Validated()
	if err != nil {
		return nil, err // the default lifecycle is valid
	}
	d := &Desk{Lifecycle: def}
	var errs []error
	section := func(name string, pkg, err error) {
		if err != nil {
			errs = append(errs, document.Within(name, pkg, err))
		}
	}
	d.Calendars, d.Documents.Calendars, err = calendars(f.Calendars)
	errs = append(errs, err)
	if f.Lifecycle != nil {
		d.Lifecycle, err = ticket.DecodeLifecycle(f.Lifecycle)
		section("lifecycle", ticket.ErrInvalidLifecycle, err)
	}
	slaFailed := false
	if f.SLA != nil {
		d.Documents.SLA, err = sla.DecodeConfig(f.SLA)
		if err == nil {
			d.CatchUp = d.Documents.SLA.CatchUp
			d.SLA, err = d.Documents.SLA.Build(d.Calendars)
		}
		slaFailed = err != nil
		section("sla", sla.ErrInvalidPolicy, err)
	}
	if f.Followup != nil {
		d.Followup, err = followup.DecodeConfig(f.Followup)
		if err == nil {
			d.Planner, err = d.Followup.Planner(d.Calendars)
		}
		section("followup", followup.ErrInvalidRules, err)
	}
	if f.Routing != nil {
		d.Routing, err = routing.DecodeConfig(f.Routing)
		section("routing", routing.ErrInvalidConfig, err)
	}
	if f.Metrics != nil {
		d.Documents.Metrics, err = metrics.DecodeDocument(f.Metrics)
		if err == nil {
			d.Metrics, err = d.Documents.Metrics.Config(d.Calendars, d.SLA)
			if slaFailed {
				// The desk has policies, reported in their section:
				// "sla": true is not a report without any.
				err = without(err, "sla")
			}
		}
		section("metrics", metrics.ErrInvalidConfig, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

// without returns the problems of err but those at path.
func without(err error, path string) error {
	var keep []error
	for _, e := range document.Leaves(err) {
		var de *document.Error
		if errors.As(e, &de) && de.Path == path {
			continue
		}
		keep = append(keep, e)
	}
	return errors.Join(keep...)
}

// calendars reads the calendars section and builds it with
// calendar.BuildAll. A calendar that does not read or build is reported
// and stands in as always open, so that the other sections' references to
// it are not reported too.
func calendars(raw json.RawMessage) (map[string]*calendar.Calendar, map[string]calendar.Config, error) {
	if raw == nil {
		return map[string]*calendar.Calendar{}, nil, nil
	}
	var raws map[string]json.RawMessage
	if err := document.Decode(raw, &raws, calendar.ErrInvalidConfig); err != nil {
		return nil, nil, document.Within("calendars", calendar.ErrInvalidConfig, err)
	}
	if len(raws) > MaxCalendars {
		// Refused before anything is built; every name stands in as
		// always open, so that the references to it are not reported.
		cals := make(map[string]*calendar.Calendar, len(raws))
		for name := range raws {
			cals[name] = calendar.Always(nil)
		}
		return cals, nil, &document.Error{Path: "calendars", Package: calendar.ErrInvalidConfig,
			Err: fmt.Errorf("%w: %d calendars, at most %d in a desk file", document.ErrValue, len(raws), MaxCalendars)}
	}
	p := document.Problems{Package: calendar.ErrInvalidConfig}
	// A calendar.Config reads itself (calendar.Config.UnmarshalJSON) and
	// names the field at fault: the problem goes to that field's path.
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
			// Said in the document's words: calendar.Config would name
			// the Go type it reads itself into.
			p.Add(document.Key("", name), fmt.Errorf("%w: %s, want an object", document.ErrType, kind))
			continue
		}
		var cfg calendar.Config
		if err := json.Unmarshal(raws[name], &cfg); err != nil {
			problems(document.Key("", name), err)
			continue
		}
		cfgs[name] = cfg
	}
	work := 0 // see calendar.Config.IntervalYears
	for _, c := range cfgs {
		work += c.IntervalYears()
	}
	if work > MaxCalendarIntervalYears {
		// Refused before anything is built, as for too many calendars.
		p.Add("", fmt.Errorf("%w: the calendars have %d weekly intervals times years, at most %d in a desk file",
			document.ErrValue, work, MaxCalendarIntervalYears))
		cals := make(map[string]*calendar.Calendar, len(raws))
		for name := range raws {
			cals[name] = calendar.Always(nil)
		}
		return cals, nil, document.Within("calendars", calendar.ErrInvalidConfig, p.Err())
	}
	cals, err := calendar.BuildAll(cfgs) // its fields start with the name
	problems("", err)
	for name := range raws {
		if cals[name] == nil {
			cals[name] = calendar.Always(nil)
		}
	}
	if err := p.Err(); err != nil {
		return cals, nil, document.Within("calendars", calendar.ErrInvalidConfig, err)
	}
	return cals, cfgs, nil
}
