package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// HolidayDates says which date of a holiday closes the calendar: the
// observed date (a holiday on a Sunday observed on Monday closes Monday)
// or the actual one. The empty value means observed, the default.
type HolidayDates string

// The values of [HolidayDates].
const (
	ObservedDates HolidayDates = "observed"
	ActualDates   HolidayDates = "actual"
)

// String returns h's text form.
func (h HolidayDates) String() string { return string(h) }

// ParseHolidayDates reads "observed", "actual" or the empty string (the
// default, observed). Other text gives a [*ValueError] wrapping
// [ErrUnknownValue].
func ParseHolidayDates(s string) (HolidayDates, error) {
	switch h := HolidayDates(s); h {
	case "", ObservedDates, ActualDates:
		return h, nil
	}
	return "", &ValueError{Type: "HolidayDates", Text: s, Want: []string{string(ObservedDates), string(ActualDates)}}
}

// MarshalText implements [encoding.TextMarshaler].
func (h HolidayDates) MarshalText() ([]byte, error) {
	if _, err := ParseHolidayDates(string(h)); err != nil {
		return nil, err
	}
	return []byte(h), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with
// [ParseHolidayDates].
func (h *HolidayDates) UnmarshalText(text []byte) error {
	v, err := ParseHolidayDates(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// The bounds of a [Config], which is text from a file: building a
// calendar costs time and memory in proportion to its intervals and its
// years (holidays and special days break the weekly pattern in every
// year), so a config is refused past them rather than built at any cost.
// They are far beyond any desk's hours; the Go options ([New],
// [WithYears]) have no such bounds.
const (
	// MaxConfigIntervals is the most opening intervals a config may give
	// a weekday or a special day: one every half hour.
	MaxConfigIntervals = 48
	// MaxConfigYears is the most years a config may cover, twice the
	// default years ([DefaultFirstYear] to [DefaultLastYear]).
	MaxConfigYears = 1000
)

// Config describes a whole calendar as plain data that a configuration
// file can carry; [Config.Build] compiles it with [New]. In JSON:
//
//	{
//	  "zone": "Europe/Oslo",
//	  "week": "mon-fri 08:00-16:00",
//	  "holidays": "NO",
//	  "holiday_dates": "observed",
//	  "special_days": [
//	    {"date": "2026-12-24", "hours": "09:00-13:00", "label": "Christmas Eve"},
//	    {"date": "2026-12-31", "hours": "closed", "label": "New Year's Eve"}
//	  ],
//	  "first_year": 2020,
//	  "last_year": 2035
//	}
//
// Every field but week may be left out; a special day needs its date and
// its hours ("closed" for a day closed all day, so that a day whose hours
// were forgotten is not closed without a word). [Config.UnmarshalJSON] reports
// every problem in the text at once and rejects unknown fields, fields in
// another case and fields given twice; [Config.Validate] and
// [Config.Build] report every problem of the values at once. Each problem
// is a [*ConfigError] naming its field and wrapping [ErrInvalidConfig]
// and the sentinel of the problem.
type Config struct {
	// Zone is the IANA name of the calendar's location, such as
	// "Europe/Oslo"; empty means UTC. "Local" is refused, so that a
	// config means the same on every machine.
	Zone string `json:"zone,omitempty"`
	// Week holds the weekly hours, in JSON as the text of [ParseWeek],
	// at most [MaxConfigIntervals] intervals on each weekday.
	Week Week `json:"week"`
	// Holidays is the ISO 3166 code of the country or region whose
	// holidays close the calendar, as [HolidaysFor] reads it, such as
	// "NO" or "AU-NSW"; empty means no holidays.
	Holidays string `json:"holidays,omitempty"`
	// HolidayDates says whether holidays close their observed dates (the
	// default) or their actual dates.
	HolidayDates HolidayDates `json:"holiday_dates,omitempty"`
	// SpecialDays give dates other hours or close them. Each date must
	// lie within the years the calendar covers: one outside them would
	// have no effect, so it is reported as a problem.
	SpecialDays []SpecialDay `json:"special_days,omitempty"`
	// FirstYear and LastYear are the years the calendar covers; zero
	// means [DefaultFirstYear] and [DefaultLastYear]. See [WithYears].
	// They span at most [MaxConfigYears] years.
	FirstYear int `json:"first_year,omitempty"`
	LastYear  int `json:"last_year,omitempty"`
}

// Validate reports every problem in c, joined with [errors.Join], without
// compiling it. A config that passes Validate builds, unless it has no
// open time at all in its years: when its only hours fall where the
// clocks skip them, or its holidays and closed special days cover every
// date with hours.
func (c Config) Validate() error {
	_, _, errs := c.compile(nil)
	return errors.Join(errs...)
}

// Build compiles c into a *Calendar with [New]. It reports every problem
// in c at once, as [Config.Validate] does. Its cost is that of New.
func (c Config) Build() (*Calendar, error) {
	loc, opts, errs := c.compile(nil)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	cal, err := New(loc, c.Week, opts...)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	return cal, nil
}

// compile checks c and returns its location and options, or the
// problems found. When some of a JSON config could not be read, index
// maps the special days of c to their index in the JSON, and the
// never-open check is skipped; otherwise index is nil.
func (c Config) compile(index []int) (*time.Location, []Option, []error) {
	partial := index != nil
	var errs []error
	problem := func(field string, err error) { errs = append(errs, &ConfigError{Field: field, Err: err}) }

	loc, err := loadZone(c.Zone)
	if err != nil {
		problem("zone", err)
	}
	if err := c.Week.Validate(); err != nil {
		problem("week", err)
	}
	for i := range 7 {
		if d := mondayFirst(i); len(c.Week[d]) > MaxConfigIntervals {
			problem("week", fmt.Errorf("%w: %s has %d intervals, at most %d in a config", ErrInvalidWeek, dayAbbrev(d), len(c.Week[d]), MaxConfigIntervals))
		}
	}
	opts := []Option{WithSpecialDays(c.SpecialDays...)}
	if c.Holidays != "" {
		hs, err := HolidaysFor(c.Holidays)
		if err != nil {
			problem("holidays", err)
		}
		opts = append(opts, WithHolidays(hs...))
	}
	switch h, err := ParseHolidayDates(string(c.HolidayDates)); {
	case err != nil:
		problem("holiday_dates", err)
	case h == ActualDates:
		opts = append(opts, WithActualHolidayDates())
	}
	first, last := cmpOr(c.FirstYear, DefaultFirstYear), cmpOr(c.LastYear, DefaultLastYear)
	if err := checkYears(first, last+1); err != nil {
		problem("years", err)
	} else if span := last - first + 1; span > MaxConfigYears {
		problem("years", fmt.Errorf("%w: %d to %d is %d years, at most %d in a config", ErrInvalidYears, first, last, span, MaxConfigYears))
	}
	opts = append(opts, WithYears(first, last))
	special := func(i int, err error) {
		if partial {
			i = index[i]
		}
		problem(fmt.Sprintf("special_days[%d]", i), err)
	}
	specials := checkSpecials(c.SpecialDays, special)
	for i, sd := range c.SpecialDays {
		if len(sd.Hours) > MaxConfigIntervals {
			special(i, fmt.Errorf("%w: %s has %d intervals, at most %d in a config", ErrInvalidWeek, sd.Date, len(sd.Hours), MaxConfigIntervals))
		}
	}
	if checkYears(first, last+1) == nil {
		for i, sd := range c.SpecialDays {
			if sd.Date.valid() && (sd.Date.Year < first || sd.Date.Year > last) {
				special(i, &DateError{Date: sd.Date, Err: fmt.Errorf("%w: %w: outside the years %d to %d", ErrInvalidDate, ErrOutOfRange, first, last)})
			}
		}
	}
	if !partial && len(errs) == 0 && c.Week.empty() && !slices.ContainsFunc(specials, func(e exception) bool { return len(e.hours) > 0 }) {
		problem("week", fmt.Errorf("%w: no weekly hours and no special day with hours", ErrNeverOpen))
	}
	return loc, opts, errs
}

// cmpOr returns v, or def when v is zero.
func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// loadZone loads an IANA zone by name; "" is UTC.
func loadZone(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, fmt.Errorf("%w: %q (want an IANA name such as \"Europe/Oslo\"; \"Local\" differs between machines)", ErrUnknownZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q (want an IANA name such as \"Europe/Oslo\")", ErrUnknownZone, name)
	}
	return loc, nil
}

// configText is the JSON form of a Config with its text fields unread,
// so that UnmarshalJSON can report every problem at once.
type configText struct {
	Zone         string           `json:"zone,omitempty"`
	Week         string           `json:"week"`
	Holidays     string           `json:"holidays,omitempty"`
	HolidayDates string           `json:"holiday_dates,omitempty"`
	SpecialDays  []specialDayText `json:"special_days,omitempty"`
	FirstYear    int              `json:"first_year,omitempty"`
	LastYear     int              `json:"last_year,omitempty"`
}

type specialDayText struct {
	Date  string  `json:"date"`
	Hours *string `json:"hours"` // nil: missing or null
	Label string  `json:"label,omitempty"`
}

// UnmarshalJSON implements [json.Unmarshaler]. It rejects unknown fields,
// fields named in another case ("Zone") and fields given twice, and
// reports every problem in the text of the week, dates, hours and
// holiday dates at once; when there is one, it adds the problems of the
// fields it could read (see [Config.Validate]), so that one pass shows
// everything to fix. On an error c is left unchanged; JSON null leaves c
// unchanged too.
func (c *Config) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var raw configText
	// Unknown keys are not refused here but by checkKeys, at their
	// paths, beside every other problem of the text.
	if err := json.Unmarshal(data, &raw); err != nil {
		return &ConfigError{Err: fmt.Errorf("%w: %v", ErrSyntax, strings.TrimPrefix(err.Error(), "json: "))}
	}
	errs := checkKeys(data)
	problem := func(field string, err error) { errs = append(errs, &ConfigError{Field: field, Err: err}) }
	var index []int // of each special day read, in raw.SpecialDays
	v := Config{Zone: raw.Zone, Holidays: raw.Holidays, FirstYear: raw.FirstYear, LastYear: raw.LastYear}
	if err := v.Week.UnmarshalText([]byte(raw.Week)); err != nil {
		problem("week", err)
	}
	if err := v.HolidayDates.UnmarshalText([]byte(raw.HolidayDates)); err != nil {
		problem("holiday_dates", err)
	}
	for i, sd := range raw.SpecialDays {
		day := SpecialDay{Label: sd.Label}
		dateErr := day.Date.UnmarshalText([]byte(sd.Date))
		if dateErr == nil && sd.Date == "" {
			dateErr = &DateError{Err: fmt.Errorf("%w: missing", ErrInvalidDate)}
		}
		if dateErr != nil {
			problem(fmt.Sprintf("special_days[%d].date", i), dateErr)
		}
		var hoursErr error
		if sd.Hours == nil {
			hoursErr = fmt.Errorf("%w: %w: missing: give the day's hours, such as \"09:00-13:00\", or \"closed\"", ErrInvalidWeek, ErrSyntax)
		} else {
			hoursErr = day.Hours.UnmarshalText([]byte(*sd.Hours))
		}
		if hoursErr != nil {
			problem(fmt.Sprintf("special_days[%d].hours", i), hoursErr)
		}
		if dateErr == nil && hoursErr == nil {
			v.SpecialDays = append(v.SpecialDays, day)
			index = append(index, i)
		}
	}
	if len(errs) > 0 {
		_, _, more := v.compile(append(index, -1)) // non-nil: partial
		return errors.Join(append(errs, more...)...)
	}
	*c = v
	return nil
}

var (
	configKeys     = []string{"zone", "week", "holidays", "holiday_dates", "special_days", "first_year", "last_year"}
	specialDayKeys = []string{"date", "hours", "label"}
)

// checkKeys reports the keys of a config's JSON, known to be valid, that
// are not the field names, each at its path: an unknown name, which
// package json skips, a name in another case, such as "Zone", which it
// accepts, and a name given twice, of which it keeps the last.
func checkKeys(data []byte) []error {
	var errs []error
	check := func(order []string, names []string, prefix string) {
		seen := map[string]bool{}
		for _, k := range order {
			switch {
			case seen[k]:
				errs = append(errs, &ConfigError{Field: prefix + k, Err: fmt.Errorf("%w: field given twice", ErrSyntax)})
			case !slices.Contains(names, k):
				errs = append(errs, &ConfigError{Field: prefix + k, Err: fmt.Errorf("%w: unknown field (names are lower case: %s)", ErrSyntax, strings.Join(names, ", "))})
			}
			seen[k] = true
		}
	}
	top, order := objectKeys(data)
	check(order, configKeys, "")
	var days []json.RawMessage
	if raw, ok := top["special_days"]; ok && json.Unmarshal(raw, &days) == nil {
		for i, d := range days {
			_, order := objectKeys(d)
			check(order, specialDayKeys, fmt.Sprintf("special_days[%d].", i))
		}
	}
	return errs
}

// objectKeys returns the members of the JSON object in data and its keys
// in order, repeats included; nothing when data is not an object.
func objectKeys(data []byte) (map[string]json.RawMessage, []string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil
	}
	obj := map[string]json.RawMessage{}
	var order []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return obj, order
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return obj, order
		}
		obj[k], order = v, append(order, k)
	}
	return obj, order
}
