package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
// were forgotten, left out, null or "", is not closed without a word).
// [Config.UnmarshalJSON] reports every problem in the text at once, each
// at its field, and rejects unknown fields, fields in another case,
// fields given twice and values of the wrong JSON type; [Config.Validate] and
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
	// "NO", "DE-BY" or "AU-NSW"; empty means no holidays.
	Holidays string `json:"holidays,omitempty"`
	// HolidayDates says whether holidays close their observed dates (the
	// default) or their actual dates. It needs Holidays: without them it
	// would be ignored, so it is refused.
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
	case h != "" && c.Holidays == "":
		problem("holiday_dates", fmt.Errorf("%q is set, but the calendar has no holidays for it to apply to: give \"holidays\" or leave holiday_dates out", h))
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

// UnmarshalJSON implements [json.Unmarshaler]. It rejects unknown fields,
// fields named in another case ("Zone"), fields given twice and values of
// the wrong JSON type ("first_year": "2020", "special_days": {}), each at
// its field, and reports every problem in the text of the week, dates,
// hours and holiday dates at once; when there is one, it adds the
// problems of the fields it could read (see [Config.Validate]), so that
// one pass shows everything to fix. A special day's hours must be given
// and not empty: "closed" closes the day, so that hours left out or
// forgotten ("hours": "" or null) are refused rather than closing the
// day. On an error c is left unchanged; JSON null leaves c unchanged too.
func (c *Config) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		return &ConfigError{Err: fmt.Errorf("%w: %v", ErrSyntax, strings.TrimPrefix(err.Error(), "json: "))}
	}
	top, _ := objectKeys(data)
	if top == nil {
		return &ConfigError{Err: wrongType(data, "an object")}
	}
	// Unknown keys are not refused here but by checkKeys, at their
	// paths, beside every other problem of the text.
	errs := checkKeys(data)
	problem := func(field string, err error) { errs = append(errs, &ConfigError{Field: field, Err: err}) }
	var v Config
	var week, holidayDates string
	var days []json.RawMessage
	readString(top, "zone", &v.Zone, "a string such as \"Europe/Oslo\"", problem)
	readString(top, "week", &week, "a string such as \"mon-fri 08:00-16:00\"", problem)
	readString(top, "holidays", &v.Holidays, "a string such as \"NO\"", problem)
	readString(top, "holiday_dates", &holidayDates, "a string", problem)
	if raw, ok := member(top, "special_days"); ok && json.Unmarshal(raw, &days) != nil {
		want := "an array"
		if jsonKind(raw) == "an object" {
			want += " (a list of one is written [{…}])"
		}
		problem("special_days", wrongType(raw, want))
		days = nil
	}
	readInt(top, "first_year", &v.FirstYear, problem)
	readInt(top, "last_year", &v.LastYear, problem)
	if err := v.Week.UnmarshalText([]byte(week)); err != nil {
		problem("week", err)
	}
	if err := v.HolidayDates.UnmarshalText([]byte(holidayDates)); err != nil {
		problem("holiday_dates", err)
	}
	var index []int // of each special day read, in days
	for i, raw := range days {
		at := fmt.Sprintf("special_days[%d]", i)
		obj, _ := objectKeys(raw)
		if obj == nil {
			problem(at, wrongType(raw, "an object such as {\"date\": \"2026-12-24\", \"hours\": \"closed\"}"))
			continue
		}
		var date, label string
		var hours *string
		dayProblem := func(f string, err error) { problem(at+"."+f, err) }
		dateRead := readString(obj, "date", &date, "a date as text, such as \"2026-12-24\"", dayProblem)
		readString(obj, "label", &label, "a string", dayProblem)
		hoursRead := true
		if h, ok := member(obj, "hours"); ok && string(h) != "null" {
			hours = new(string)
			hoursRead = readString(obj, "hours", hours, "a string such as \"09:00-13:00\" or \"closed\"", dayProblem)
		}
		day := SpecialDay{Label: label}
		var dateErr, hoursErr error
		if !dateRead {
			dateErr = ErrSyntax // reported
		} else if dateErr = day.Date.UnmarshalText([]byte(date)); dateErr == nil && date == "" {
			dateErr = &DateError{Err: fmt.Errorf("%w: missing", ErrInvalidDate)}
		}
		if dateErr != nil && dateRead {
			problem(at+".date", dateErr)
		}
		switch {
		case !hoursRead:
			hoursErr = ErrSyntax // reported
		case hours == nil:
			hoursErr = fmt.Errorf("%w: %w: missing: give the day's hours, such as \"09:00-13:00\", or \"closed\"", ErrInvalidWeek, ErrSyntax)
		case strings.TrimSpace(*hours) == "":
			hoursErr = fmt.Errorf("%w: %w: empty: give the day's hours, such as \"09:00-13:00\", or \"closed\" for a day closed all day", ErrInvalidWeek, ErrSyntax)
		default:
			hoursErr = day.Hours.UnmarshalText([]byte(*hours))
		}
		if hoursErr != nil && hoursRead {
			problem(at+".hours", hoursErr)
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

// member returns the member key of obj, or else one whose key is key in
// another case, as package json reads it (checkKeys reports that key).
func member(obj map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if raw, ok := obj[key]; ok {
		return raw, true
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if strings.EqualFold(k, key) {
			return obj[k], true
		}
	}
	return nil, false
}

// readString reads the member key of obj, if any, into dst, or reports
// that it is not a JSON string and returns false. Null is the key left
// out.
func readString(obj map[string]json.RawMessage, key string, dst *string, want string, problem func(string, error)) bool {
	if raw, ok := member(obj, key); ok && json.Unmarshal(raw, dst) != nil {
		problem(key, wrongType(raw, want))
		return false
	}
	return true
}

// readInt reads the member key of obj, if any, into dst, or reports that
// it is not a JSON integer. Null is the key left out.
func readInt(obj map[string]json.RawMessage, key string, dst *int, problem func(string, error)) {
	raw, ok := member(obj, key)
	switch {
	case !ok || json.Unmarshal(raw, dst) == nil:
	case jsonKind(raw) == "a number":
		problem(key, fmt.Errorf("%w: %s is not an integer such as 2020", ErrSyntax, bytes.TrimSpace(raw)))
	default:
		problem(key, wrongType(raw, "an integer"))
	}
}

// IntervalYears measures what building c costs: its weekly opening
// intervals times the years it covers (the default years when it gives
// none). Building takes memory and time in proportion to it, so a reader
// of untrusted configs can bound a set of them before it builds any. A
// config that [Config.Validate] refuses for its years or its intervals
// measures 0: it is refused, not built.
func (c Config) IntervalYears() int {
	first, last := cmpOr(c.FirstYear, DefaultFirstYear), cmpOr(c.LastYear, DefaultLastYear)
	years := last - first + 1
	if years < 1 || years > MaxConfigYears {
		return 0
	}
	intervals := 0
	for _, day := range c.Week {
		if len(day) > MaxConfigIntervals {
			return 0
		}
		intervals += len(day)
	}
	return years * intervals
}

// wrongType reports a JSON value that is not of the type a field wants,
// in the words of the document rather than Go's: "a string, want an
// integer".
func wrongType(raw json.RawMessage, want string) error {
	return fmt.Errorf("%w: wrong type: %s, want %s", ErrSyntax, jsonKind(raw), want)
}

// jsonKind names the JSON type of the valid JSON value raw.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
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
