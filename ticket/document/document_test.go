package document_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket/document"
)

var errTest = errors.New("test: invalid config")

type color string

func (c color) Valid() bool { return c == "red" || c == "blue" }

type level string

func (l *level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "low", "high":
		*l = level(b)
		return nil
	}
	return fmt.Errorf("unknown level %q", b)
}

func (l level) MarshalText() ([]byte, error) { return []byte(l), nil }

type step struct {
	After time.Duration
	Level level
}

type sample struct {
	Name      string
	TagsAny   []string
	Every     time.Duration
	Colors    []color
	Weights   map[color]int
	Tiers     map[int]string
	Steps     []step
	Next      *step
	Limit     int8
	Ratio     float64
	On        bool
	Renamed   string `doc:"other"`
	Skipped   string `doc:"-"`
	Predicate func() bool
	hidden    int // unexported: never in a document
}

func TestDecodeRoundTrip(t *testing.T) {
	in := `{
	  "name": "x", "tags_any": ["a"], "every": "2h30m", "colors": ["red"],
	  "weights": {"blue": 2, "red": 1}, "tiers": {"10": "a", "2": "b"},
	  "steps": [{"after": "90m", "level": "high"}], "next": {"after": "-1h"},
	  "limit": -3, "ratio": 0.5, "on": true, "other": "y"
	}`
	var s sample
	require.NoError(t, document.Decode([]byte(in), &s, errTest))
	want := sample{Name: "x", TagsAny: []string{"a"}, Every: 150 * time.Minute, Colors: []color{"red"},
		Weights: map[color]int{"blue": 2, "red": 1}, Tiers: map[int]string{10: "a", 2: "b"},
		Steps: []step{{After: 90 * time.Minute, Level: "high"}}, Next: &step{After: -time.Hour},
		Limit: -3, Ratio: 0.5, On: true, Renamed: "y"}
	assert.Equal(t, want, s)

	s.hidden = 7
	out, err := document.Encode(s, errTest)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hidden")
	s.hidden = 0
	assert.Contains(t, string(out), `"every": "2h30m"`)
	assert.Contains(t, string(out), `"after": "1h30m"`)
	assert.Less(t, strings.Index(string(out), `"2"`), strings.Index(string(out), `"10"`), "integer keys in numeric order")
	var back sample
	require.NoError(t, document.Decode(out, &back, errTest))
	assert.Equal(t, s, back)
}

func TestDecodeEmptyAndNil(t *testing.T) {
	s := sample{TagsAny: []string{}, Weights: map[color]int{}}
	out, err := document.Encode(s, errTest)
	require.NoError(t, err)
	var back sample
	require.NoError(t, document.Decode(out, &back, errTest))
	assert.Equal(t, s, back, "empty, non-nil slices and maps survive")
	assert.NotNil(t, back.Weights)
	require.NoError(t, document.Decode([]byte(`{"next": null, "tags_any": null}`), &back, errTest))
	assert.Equal(t, sample{}, back)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		path string
		want error
	}{
		{"syntax", `{"name": }`, "", document.ErrSyntax},
		{"trailing text", `{} {}`, "", document.ErrSyntax},
		{"empty", ``, "", document.ErrSyntax},
		{"too deep", strings.Repeat("[", 101) + strings.Repeat("]", 101), "", document.ErrSyntax},
		{"unknown key", `{"nmae": "x"}`, "nmae", document.ErrUnknownKey},
		{"other case", `{"Name": "x"}`, "Name", document.ErrUnknownKey},
		{"go name", `{"TagsAny": []}`, "TagsAny", document.ErrUnknownKey},
		{"skipped field", `{"skipped": "x"}`, "skipped", document.ErrUnknownKey},
		{"function field", `{"predicate": "x"}`, "predicate", document.ErrUnknownKey},
		{"twice", `{"name": "x", "name": "y"}`, "name", document.ErrDuplicateKey},
		{"map key twice", `{"weights": {"red": 1, "red": 2}}`, `weights.red`, document.ErrDuplicateKey},
		{"int map key with a leading zero", `{"tiers": {"2": "a", "02": "b"}}`, `tiers.02`, document.ErrValue},
		{"int map key with a sign", `{"tiers": {"+2": "a"}}`, `tiers["+2"]`, document.ErrValue},
		{"nanoseconds", `{"every": 3600000000000}`, "every", document.ErrType},
		{"bad duration", `{"every": "1 hour"}`, "every", document.ErrValue},
		{"string for int", `{"limit": "3"}`, "limit", document.ErrType},
		{"fraction for int", `{"limit": 1.5}`, "limit", document.ErrValue},
		{"overflow", `{"limit": 300}`, "limit", document.ErrValue},
		{"null for string", `{"name": null}`, "name", document.ErrType},
		{"object for array", `{"colors": {}}`, "colors", document.ErrType},
		{"array for object", `[]`, "", document.ErrType},
		{"invalid enum", `{"colors": ["red", "green"]}`, "colors[1]", document.ErrValue},
		{"invalid map key", `{"weights": {"green": 1}}`, "weights.green", document.ErrValue},
		{"int map key", `{"tiers": {"x": "a"}}`, "tiers.x", document.ErrValue},
		{"text refused", `{"steps": [{"level": "mid"}]}`, "steps[0].level", document.ErrValue},
		{"text from number", `{"steps": [{"level": 1}]}`, "steps[0].level", document.ErrType},
		{"nested unknown", `{"next": {"after": "1h", "before": "1h"}}`, "next.before", document.ErrUnknownKey},
		{"quoted key", `{"weights": {"r d": 1}}`, `weights["r d"]`, document.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sample{Name: "before"}
			err := document.Decode([]byte(tt.in), &s, errTest)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, errTest)
			var de *document.Error
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.path, de.Path)
			assert.Equal(t, "before", s.Name, "unchanged on error")
		})
	}
}

func TestDecodeEveryProblemAtOnce(t *testing.T) {
	var s sample
	err := document.Decode([]byte(`{"Name": "x", "every": 5, "colors": ["green"], "on": true, "on": false}`), &s, errTest)
	paths := map[string]bool{}
	for _, e := range document.Leaves(err) {
		var de *document.Error
		require.ErrorAs(t, e, &de)
		paths[de.Path] = true
	}
	assert.Equal(t, map[string]bool{"Name": true, "every": true, "colors[0]": true, "on": true}, paths)
}

func TestEncodeGoOnly(t *testing.T) {
	_, err := document.Encode(sample{Predicate: func() bool { return true }}, errTest)
	assert.ErrorIs(t, err, document.ErrGoOnly)
	assert.ErrorIs(t, err, errTest)
	var de *document.Error
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "predicate", de.Path)
}

func TestPaths(t *testing.T) {
	assert.Equal(t, "cadence.stages[0].every", document.FieldPath("Cadence.Stages[0].Every"))
	// A map key has the path Decode gives it, quoted or not in Go.
	assert.Equal(t, "weights.fax", document.FieldPath(`Weights["fax"]`))
	assert.Equal(t, "policy.weights.email", document.FieldPath("Policy.Weights[email]"))
	assert.Equal(t, `specialists["network fault"]`, document.FieldPath(`Specialists["network fault"]`))
	assert.Equal(t, `specialists["a]b"].x`, document.FieldPath(`Specialists["a]b"].X`))
	assert.Equal(t, `m[""]`, document.FieldPath(`M[""]`))
	assert.Equal(t, "calendars.2024.zone", document.FieldPath(`Calendars["2024"].Zone`), "a quoted key of digits is a key")
	assert.Equal(t, "[2].targets[0].duration", document.FieldPath("[2].Targets[0].Duration"))
	assert.Equal(t, "", document.FieldPath(""))
	assert.Equal(t, "matrix.cells[1][2]", document.FieldPath("Matrix.Cells[1][2]"))
	assert.Equal(t, "csat_exclude", document.SnakeCase("CSATExclude"))
	assert.Equal(t, "idle_away", document.SnakeCase("IdleAway"))
	assert.Equal(t, "sla.policies[0]", document.Join("sla", "policies[0]"))
	assert.Equal(t, "a[0]", document.Join("a", "[0]"))
	assert.Equal(t, `calendars["24/7"]`, document.Key("calendars", "24/7"))
	assert.Equal(t, "calendars.oslo-desk", document.Key("calendars", "oslo-desk"))
	assert.Equal(t, "1h30m", document.FormatDuration(90*time.Minute))
	assert.Equal(t, "168h", document.FormatDuration(168*time.Hour))
	assert.Equal(t, "-2h", document.FormatDuration(-2*time.Hour))
	assert.Equal(t, "1m30s", document.FormatDuration(90*time.Second))
	assert.Equal(t, "0s", document.FormatDuration(0))
}

func TestWithin(t *testing.T) {
	var s sample
	err := document.Decode([]byte(`{"limit": "x"}`), &s, errTest)
	err = document.Within("section", errTest, errors.Join(err, errors.New("plain")))
	leaves := document.Leaves(err)
	require.Len(t, leaves, 2)
	var de *document.Error
	require.ErrorAs(t, leaves[0], &de)
	assert.Equal(t, "section.limit", de.Path)
	require.ErrorAs(t, leaves[1], &de)
	assert.Equal(t, "section", de.Path)
	assert.ErrorIs(t, leaves[1], errTest)
}

func TestDecodePartialAndMerge(t *testing.T) {
	var s sample
	read := document.DecodePartial([]byte(`{"name": "x", "every": 5, "limit": 3, "steps": [{"after": "1h", "level": "mid"}]}`), &s, errTest)
	require.Error(t, read)
	assert.Equal(t, sample{Name: "x", Limit: 3, Steps: []step{{After: time.Hour}}}, s, "what could be read is read")

	p := document.Problems{Package: errTest}
	p.Addf("every", "missing")                        // the same path: left out
	p.Addf("steps[0].level.text", "empty")            // within: left out
	p.Addf("steps", "a step without a level")         // holds one: left out
	p.Addf("stepsize", "too big")                     // another key: kept
	p.Addf("limit", "3 is too small")                 // unrelated: kept
	p.Add("", errors.New("a whole-document problem")) // holds everything: left out
	merged := document.Merge(read, errors.Join(p.Err(), errors.New("untyped")))
	var got []string
	for _, e := range document.Leaves(merged) {
		var de *document.Error
		if errors.As(e, &de) {
			got = append(got, de.Path)
		} else {
			got = append(got, e.Error())
		}
	}
	assert.Equal(t, []string{"every", "steps[0].level", "stepsize", "limit", "untyped"}, got)

	assert.NoError(t, document.Merge(nil, nil))
	var n sample
	assert.ErrorIs(t, document.DecodePartial([]byte(`{"name": `), &n, errTest), document.ErrSyntax)
	assert.Equal(t, sample{}, n, "nothing read from text that is not JSON")
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name": "x", "every": "2h30m", "weights": {"red": 1}, "tiers": {"2": "b"}, "steps": [{"after": "90m", "level": "high"}], "next": {"after": "-1h"}, "ratio": 0.5}`))
	f.Add([]byte(`{"Name": 1, "every": 5, "colors": ["green"], "on": true, "on": false, "limit": 1e3}`))
	f.Add([]byte(`[[[{"a": null}]]]`))
	// The slips the syntax errors and the problems name.
	f.Add([]byte("\ufeff{\"name\": \"x\",\n}"))
	f.Add([]byte("{\n  // a comment\n  'name': 'x'\n  \"on\": true"))
	f.Add([]byte(`{"nmae": "x", "Every": "2d", "tags_any": "a", "next": {"after": "90"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s sample
		err := document.DecodePartial(data, &s, errTest)
		for _, e := range document.Leaves(err) {
			var de *document.Error
			if !errors.As(e, &de) || !errors.Is(e, errTest) {
				t.Fatalf("untyped problem %T: %v", e, e)
			}
		}
		if err != nil {
			return
		}
		out, err := document.Encode(s, errTest)
		if err != nil {
			t.Fatalf("a decoded value does not encode: %v", err)
		}
		var back sample
		if err := document.Decode(out, &back, errTest); err != nil {
			t.Fatalf("an encoded value does not decode: %v\n%s", err, out)
		}
		assert.Equal(t, s, back)
	})
}

func TestPathsOfProblems(t *testing.T) {
	var s sample
	err := document.Decode([]byte(`{"nmae": "x", "limit": "3"}`), &s, errTest)
	assert.Equal(t, []string{"nmae", "limit"}, document.Paths(errors.Join(err, errors.New("not a document problem"))))
	assert.Empty(t, document.Paths(nil))
}

// shade is a text type with two spellings of one value.
type shade string

func (s *shade) UnmarshalText(b []byte) error {
	switch string(b) {
	case "grey", "gray":
		*s = "grey"
		return nil
	}
	return fmt.Errorf("unknown shade %q", b)
}

func (s shade) MarshalText() ([]byte, error) { return []byte(s), nil }

func TestDecodeMapKeysOfOneValue(t *testing.T) {
	type doc struct {
		Tiers  map[int]string
		Shades map[shade]int
	}
	// Two keys that read as one value would keep only the last silently.
	d := doc{Tiers: map[int]string{9: "before"}}
	err := document.Decode([]byte(`{"tiers": {"1": "urgent", "01": "low", "+1": "normal"}, "shades": {"grey": 1, "gray": 2}}`), &d, errTest)
	assert.Equal(t, []string{"tiers.01", `tiers["+1"]`, "shades.gray"}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorIs(t, err, document.ErrDuplicateKey)
	assert.ErrorContains(t, err, `tiers.01: document: invalid value: key "01" is not written as 1 is`)
	assert.ErrorContains(t, err, `shades.gray: document: key given twice: "gray" reads as the value of an earlier key`)
	assert.Equal(t, doc{Tiers: map[int]string{9: "before"}}, d, "unchanged on error")

	err = document.DecodePartial([]byte(`{"tiers": {"1": "urgent", "01": "low"}, "shades": {"gray": 2, "grey": 1}}`), &d, errTest)
	assert.Equal(t, []string{"tiers.01", "shades.grey"}, document.Paths(err))
	assert.Equal(t, doc{Tiers: map[int]string{1: "urgent"}, Shades: map[shade]int{"grey": 2}}, d, "the first key is kept")

	require.NoError(t, document.Decode([]byte(`{"tiers": {"-1": "a", "0": "b", "10": "c"}}`), &d, errTest))
	assert.Equal(t, map[int]string{-1: "a", 0: "b", 10: "c"}, d.Tiers)
}

func TestDecodeNullSaysWhatBelongs(t *testing.T) {
	type doc struct {
		Every time.Duration
		From  time.Time
		Level level
		Steps []step
		Limit int
	}
	var d doc
	err := document.Decode([]byte(`{"every": null, "from": null, "level": null, "steps": null, "limit": null}`), &d, errTest)
	assert.Equal(t, []string{"every", "from", "level", "limit"}, document.Paths(err), "null is an empty list")
	assert.ErrorContains(t, err, `every: document: wrong type: null, want a duration as text, such as "90m" or "2h30m"`)
	assert.ErrorContains(t, err, `from: document: wrong type: null, want an instant as RFC 3339 text, such as "2026-01-01T00:00:00+01:00"`)
	assert.ErrorContains(t, err, "level: document: wrong type: null, want a string")
	assert.ErrorContains(t, err, "limit: document: wrong type: null, want a number")
}

func TestDecodeKeepsAtMostMaxProblems(t *testing.T) {
	// A document of many wrong keys: each is counted, the first
	// MaxProblems are kept with their paths and one more problem says how
	// many were left out, so the error stays as small as a document with
	// MaxProblems problems, whatever the size of the text.
	var b strings.Builder
	b.WriteString(`{"name": "x"`)
	const n = 3 * document.MaxProblems
	for i := range n {
		fmt.Fprintf(&b, `, "k%d": 1`, i)
	}
	b.WriteString("}")
	var s sample
	err := document.DecodePartial([]byte(b.String()), &s, errTest)
	leaves := document.Leaves(err)
	require.Len(t, leaves, document.MaxProblems+1)
	paths := document.Paths(err)
	assert.Equal(t, "k0", paths[0])
	assert.Equal(t, fmt.Sprintf("k%d", document.MaxProblems-1), paths[document.MaxProblems-1])
	assert.Equal(t, "", paths[document.MaxProblems])
	assert.ErrorIs(t, leaves[document.MaxProblems], errTest)
	assert.ErrorContains(t, leaves[document.MaxProblems], fmt.Sprintf("%d more problems are not listed", n-document.MaxProblems))
	assert.Equal(t, "x", s.Name, "what could be read is read")

	p := document.Problems{Package: errTest}
	for range document.MaxProblems + 2 {
		p.Addf("k", "bad")
	}
	assert.Equal(t, document.MaxProblems+2, p.Len(), "every problem is counted")
	assert.Len(t, document.Leaves(p.Err()), document.MaxProblems+1)
}

// TestDecodeInstantsIgnoreLocal: an instant's offset is read as a fixed
// zone (UTC for +00:00) on every machine, never as the machine's Local
// zone, and reads back equal after Encode writes it ("+00:00" as "Z").
func TestDecodeInstantsIgnoreLocal(t *testing.T) {
	type doc struct{ From, To time.Time }
	read := func() doc {
		var d doc
		require.NoError(t, document.Decode([]byte(`{"from": "2026-01-01T00:00:00+00:00", "to": "2026-07-01T00:00:00+02:00"}`), &d, errTest))
		return d
	}
	here := read()
	assert.Same(t, time.UTC, here.From.Location())
	_, off := here.To.Zone()
	assert.Equal(t, 2*3600, off)
	assert.NotSame(t, time.Local, here.To.Location())

	local := time.Local
	t.Cleanup(func() { time.Local = local })
	time.Local = time.FixedZone("CEST", 2*3600) // a machine on summer time in Oslo
	there := read()
	time.Local = time.UTC // a machine on UTC
	third := read()
	time.Local = local
	assert.Equal(t, here, there, "the same document reads the same on every machine")
	assert.Equal(t, here, third)

	out, err := document.Encode(here, errTest)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"from": "2026-01-01T00:00:00Z"`)

	var bad doc
	err = document.Decode([]byte(`{"from": "2026-01-01", "to": 5}`), &bad, errTest)
	assert.Equal(t, []string{"from", "to"}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrValue, "a value time.Time refuses is an invalid value, as for any other type")
	var pe *time.ParseError
	assert.ErrorAs(t, err, &pe, "with the type's own error")
	var back doc
	require.NoError(t, document.Decode(out, &back, errTest))
	assert.Equal(t, here, back)
}

func TestDecodeIntegerProblems(t *testing.T) {
	type counts struct {
		Small int8
		Count uint16
	}
	var c counts
	err := document.Decode([]byte(`{"small": 300, "count": -1}`), &c, errTest)
	assert.Equal(t, []string{"small", "count"}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorContains(t, err, "small: document: invalid value: 300 is not an integer of 8 bits")
	assert.ErrorContains(t, err, "count: document: invalid value: -1 is not a whole number of 16 bits")

	err = document.Decode([]byte(`{"small": "1", "count": true}`), &c, errTest)
	assert.Equal(t, []string{"small", "count"}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrType)
	assert.ErrorContains(t, err, "want an integer")
	assert.ErrorContains(t, err, "want a whole number")

	require.NoError(t, document.Decode([]byte(`{"small": -128, "count": 65535}`), &c, errTest))
	assert.Equal(t, counts{Small: -128, Count: 65535}, c)
}

// checked is a document type with its own validation.
type checked struct {
	Name  string
	Limit int8
	Steps []step
}

func (c checked) Validate() error {
	p := document.Problems{Package: errTest}
	if c.Name == "" {
		p.Addf("name", "missing")
	}
	if c.Limit < 0 {
		p.Addf("limit", "%d is negative", c.Limit)
	}
	for i, s := range c.Steps {
		if s.Level == "" {
			p.Addf(document.Join(document.Index("steps", i), "level"), "missing")
		}
	}
	return p.Err()
}

func TestDecodeValid(t *testing.T) {
	got, err := document.DecodeValid[checked]([]byte(`{"name": "x", "limit": 3, "steps": [{"level": "low"}]}`), errTest)
	require.NoError(t, err)
	assert.Equal(t, checked{Name: "x", Limit: 3, Steps: []step{{Level: "low"}}}, got)

	// Problems of reading and of validating at once; a value reported
	// unreadable is not reported again as missing.
	got, err = document.DecodeValid[checked]([]byte(`{"limit": -1, "steps": [{"level": "mid"}, {}]}`), errTest)
	assert.Equal(t, checked{}, got, "the zero value on an error")
	assert.Equal(t, []string{"steps[0].level", "name", "limit", "steps[1].level"}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrValue)
	assert.ErrorIs(t, err, errTest)

	// Text that is not JSON is not validated.
	got, err = document.DecodeValid[checked]([]byte(`{"name": `), errTest)
	assert.Equal(t, checked{}, got)
	assert.Equal(t, []string{""}, document.Paths(err))
	assert.ErrorIs(t, err, document.ErrSyntax)
}

// fieldError names the Go field at fault, as the Validate methods of desk do.
type fieldError struct {
	Index int
	Field string
}

func (e *fieldError) Error() string { return fmt.Sprintf("rule %d: %s is wrong", e.Index, e.Field) }

func TestAddFields(t *testing.T) {
	p := document.Problems{Package: errTest}
	field := func(fe *fieldError) string { return document.Join(document.Index("", fe.Index), fe.Field) }
	document.AddFields(&p, "rules", errors.Join(
		&fieldError{Index: 1, Field: "Cadence.Stages[0].Every"},
		fmt.Errorf("wrapped: %w", &fieldError{Index: 0}),
		errors.New("not about a field"),
		&fieldError{Index: 2, Field: `Weights["Fax"]`},
	), field)
	document.AddFields(&p, "rules", nil, field)
	document.AddFields(&p, "", &fieldError{Index: 3, Field: "TagsAny"}, func(fe *fieldError) string { return fe.Field })
	err := p.Err()
	assert.Equal(t, []string{"rules[1].cadence.stages[0].every", "rules[0]", "rules", "rules[2].weights.Fax", "tags_any"}, document.Paths(err))
	var fe *fieldError
	require.ErrorAs(t, err, &fe, "the problem is kept")
	assert.ErrorIs(t, err, errTest)
}

// TestDecodeSyntaxErrorSaysWhere: text that is not JSON is refused with
// the line and column of the fault, so that a person finds it in a file
// of hundreds of lines, and with a hint for the usual slips (a comma
// before a closing bracket, a comment, a missing comma, text cut short).
// package json's message alone says neither where nor why.
func TestDecodeSyntaxErrorSaysWhere(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"trailing comma in an object", "{\n  \"name\": \"x\",\n}", `line 3, column 1: invalid character '}' looking for beginning of object key string (JSON allows no comma before a closing '}' or ']')`},
		{"trailing comma in an array", "{\"tags_any\": [\"a\",\n  ]}", `line 2, column 3: invalid character ']' looking for beginning of value (JSON allows no comma before a closing '}' or ']')`},
		{"comment", "{\n  // the name\n  \"name\": \"x\"}", `line 2, column 3: invalid character '/' (JSON has no comments)`},
		{"missing comma", "{\"name\": \"x\"\n \"on\": true}", `line 2, column 2: invalid character '"' after object key:value pair (a comma missing before it?)`},
		{"single quotes", "{'name': 'x'}", `line 1, column 2: invalid character '\'' (JSON strings are in double quotes)`},
		{"cut short", "{\"name\": \"x\",\n \"tags_any\": [", `line 2, column 15: the text ends before its JSON value does: a closing '}', ']' or '"' is missing`},
		{"string cut short", "{\"name\": \"x", `line 1, column 10: the text ends before its JSON value does: a closing '}', ']' or '"' is missing`},
		{"empty", "", `line 1, column 1: the text is empty`},
		{"after the value", "{}\n{}", `line 2, column 1: text after the JSON value`},
		{"columns count characters", "{\"name\": \"ø\" x}", `line 1, column 14: invalid character 'x' after object key:value pair (a comma missing before it?)`},
		{"too deep", "\n" + strings.Repeat("[", 101) + strings.Repeat("]", 101), `line 2, column 101: arrays and objects nested more than 100 deep`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sample
			err := document.Decode([]byte(tt.in), &s, errTest)
			require.ErrorIs(t, err, document.ErrSyntax)
			assert.EqualError(t, err, "test: invalid config: document: syntax error: "+tt.want)
		})
	}
}

// TestDecodeByteOrderMark: a byte order mark before the text, which some
// editors write, is ignored as RFC 8259 section 8.1 allows.
func TestDecodeByteOrderMark(t *testing.T) {
	var s sample
	require.NoError(t, document.Decode([]byte("\ufeff{\"name\": \"x\"}"), &s, errTest))
	assert.Equal(t, "x", s.Name)
	err := document.Decode([]byte("\ufeff{\"name\": x}"), &s, errTest)
	assert.ErrorContains(t, err, "line 1, column 10: invalid character 'x'", "the mark is not counted as a column")
}

// TestDecodeUnknownKeySuggests: a misspelt key, the commonest mistake in a
// hand-written document, is refused with the key it was probably meant to
// be, and the problems of validation at that key (the value is missing,
// since it was misspelt) are not reported beside it: one slip, one problem.
func TestDecodeUnknownKeySuggests(t *testing.T) {
	var s sample
	err := document.Decode([]byte(`{"nmae": "x", "tag_any": ["a"], "evrey": "1h", "xyz": 1}`), &s, errTest)
	leaves := document.Leaves(err)
	require.Len(t, leaves, 4)
	assert.EqualError(t, leaves[0], `test: invalid config: nmae: document: unknown key: "nmae" (did you mean "name"?)`)
	assert.EqualError(t, leaves[1], `test: invalid config: tag_any: document: unknown key: "tag_any" (did you mean "tags_any"?)`)
	assert.EqualError(t, leaves[2], `test: invalid config: evrey: document: unknown key: "evrey" (did you mean "every"?)`)
	assert.EqualError(t, leaves[3], `test: invalid config: xyz: document: unknown key: "xyz" (want one of name, tags_any, every, colors, weights, tiers, steps, next, limit, ratio, on, other)`)

	got, err := document.DecodeValid[checked]([]byte(`{"nmae": "x", "limit": 1}`), errTest)
	assert.Equal(t, checked{}, got)
	assert.Equal(t, []string{"nmae"}, document.Paths(err), "name is not reported missing: it is misspelt")
	// Given both, the misspelt key does not hide the other's problems.
	_, err = document.DecodeValid[checked]([]byte(`{"nmae": "x", "name": "", "limit": 1}`), errTest)
	assert.Equal(t, []string{"nmae", "name"}, document.Paths(err))
	// Nested: the hidden problem is the sibling's, not another object's.
	_, err = document.DecodeValid[checked]([]byte(`{"name": "x", "steps": [{"levle": "low"}, {}]}`), errTest)
	assert.Equal(t, []string{"steps[0].levle", "steps[1].level"}, document.Paths(err))
}

// TestDecodeDurationAndInstantSayWhatToWrite: the usual slips in a
// duration (a day or week unit Go has not, a number without a unit) and
// in an instant (a date alone, a time without its offset) are refused
// with what to write instead, rather than only the parser's words.
func TestDecodeDurationAndInstantSayWhatToWrite(t *testing.T) {
	type doc struct {
		Every time.Duration
		From  time.Time
	}
	tests := []struct{ in, want string }{
		{`{"every": "2d"}`, `every: document: invalid value: "2d" is not a duration: there is no day unit; write "48h" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "1 week"}`, `every: document: invalid value: "1 week" is not a duration: there is no week unit; write "168h" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "1.5days"}`, `every: document: invalid value: "1.5days" is not a duration: there is no day unit; write "36h" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "-1d"}`, `every: document: invalid value: "-1d" is not a duration: there is no day unit; write "-24h" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "90"}`, `every: document: invalid value: "90" is not a duration: a number needs its unit, such as "90m" or "90s" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "1 hour"}`, `every: document: invalid value: "1 hour" is not a duration: write "1h" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "90 mins"}`, `every: document: invalid value: "90 mins" is not a duration: write "90m" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "30sec"}`, `every: document: invalid value: "30sec" is not a duration: write "30s" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "1h 30m"}`, `every: document: invalid value: "1h 30m" is not a duration: write it without spaces, "1h30m" (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "1e3 hours"}`, `every: document: invalid value: "1e3 hours" is not a duration (want text such as "90m", "2h30m" or "168h")`},
		{`{"every": "soon"}`, `every: document: invalid value: "soon" is not a duration (want text such as "90m", "2h30m" or "168h")`},
		{`{"from": "2026-01-01"}`, `from: document: invalid value: "2026-01-01" is not an instant: want RFC 3339 text with a date, a time and an offset, such as "2026-01-01T00:00:00+01:00" or "2026-01-01T00:00:00Z"`},
		{`{"from": "2026-01-01T08:00:00"}`, `from: document: invalid value: "2026-01-01T08:00:00" is not an instant: want RFC 3339 text with a date, a time and an offset, such as "2026-01-01T00:00:00+01:00" or "2026-01-01T00:00:00Z"`},
		{`{"from": 1767225600}`, `from: document: wrong type: a number, want an instant as RFC 3339 text, such as "2026-01-01T00:00:00+01:00"`},
	}
	for _, tt := range tests {
		var d doc
		err := document.Decode([]byte(tt.in), &d, errTest)
		assert.EqualError(t, err, "test: invalid config: "+tt.want, tt.in)
	}
	var d doc
	var pe *time.ParseError
	assert.ErrorAs(t, document.Decode([]byte(`{"from": "2026-01-01"}`), &d, errTest), &pe, "with time's own error")
}

// TestDecodeBoundsSize: reading a document costs some hundred bytes of
// memory per value, so a few megabytes of "[0,0,0,…" took seconds and
// hundreds of megabytes. Text longer than MaxSize, far beyond any
// configuration, is refused before it is parsed.
func TestDecodeBoundsSize(t *testing.T) {
	var s sample
	fits := `{"tags_any": ["` + strings.Repeat("a", document.MaxSize-len(`{"tags_any": [""]}`)) + `"]}`
	require.Len(t, fits, document.MaxSize)
	require.NoError(t, document.Decode([]byte(fits), &s, errTest))
	assert.Len(t, s.TagsAny[0], document.MaxSize-len(`{"tags_any": [""]}`))

	big := []byte("[" + strings.Repeat("0,", document.MaxSize/2) + "0]")
	err := document.Decode(big, &s, errTest)
	require.ErrorIs(t, err, document.ErrTooLarge)
	assert.ErrorIs(t, err, errTest)
	assert.Equal(t, []string{""}, document.Paths(err))
	assert.EqualError(t, err, fmt.Sprintf("test: invalid config: document: too large: %d bytes, at most %d", len(big), document.MaxSize))
	_, err = document.DecodeValid[checked](big, errTest)
	assert.ErrorIs(t, err, document.ErrTooLarge, "nothing is validated")
	assert.Len(t, document.Leaves(err), 1)
}

// TestDecodeLongUnknownKeyIsCheap: looking for the key a misspelt one
// was meant to be compares it with every field; a key of a megabyte
// was turned into runes once for each field first (some 4 MB each),
// though no field is near a key of that length.
func TestDecodeLongUnknownKeyIsCheap(t *testing.T) {
	key := strings.Repeat("é", document.MaxSize/2-10)
	data := []byte(`{"` + key + `": 1}`)
	var s sample
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := document.Decode(data, &s, errTest)
	runtime.ReadMemStats(&after)
	assert.ErrorIs(t, err, document.ErrUnknownKey)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(20*len(data)), "bytes allocated")
}

type Base struct{ Name string }

type inner struct{ Hidden string }

// TestDecodeEmbeddedIsAField pins what the package documentation says of
// embedded structs: no promotion, unlike package json.
func TestDecodeEmbeddedIsAField(t *testing.T) {
	type doc struct {
		Base
		inner
		Limit int
	}
	var d doc
	require.NoError(t, document.Decode([]byte(`{"base": {"name": "x"}, "limit": 1}`), &d, errTest))
	assert.Equal(t, doc{Base: Base{Name: "x"}, Limit: 1}, d)
	err := document.Decode([]byte(`{"name": "x", "hidden": "y"}`), &d, errTest)
	assert.Equal(t, []string{"name", "hidden"}, document.Paths(err))
	out, err := document.Encode(doc{Base: Base{Name: "x"}, inner: inner{Hidden: "y"}}, errTest)
	require.NoError(t, err)
	assert.JSONEq(t, `{"base": {"name": "x"}}`, string(out))
}

// TestDecodeListOfOneWithoutBrackets: a single value where a list belongs
// ("tags_any": "outage"), a slip of anyone writing a list of one, is
// refused showing it in brackets.
func TestDecodeListOfOneWithoutBrackets(t *testing.T) {
	var s sample
	err := document.Decode([]byte(`{"tags_any": "outage", "steps": {"after": "1h"}, "colors": 5}`), &s, errTest)
	leaves := document.Leaves(err)
	require.Len(t, leaves, 3)
	assert.EqualError(t, leaves[0], `test: invalid config: tags_any: document: wrong type: a string, want an array (a list of one is written ["outage"])`)
	assert.EqualError(t, leaves[1], `test: invalid config: steps: document: wrong type: an object, want an array (a list of one is written [{…}])`)
	assert.EqualError(t, leaves[2], `test: invalid config: colors: document: wrong type: a number, want an array (a list of one is written [5])`)
}

// TestConcurrentUse: the package documentation says every function is safe
// for concurrent use; run under -race, this decodes, validates and encodes
// one document from many goroutines at once and expects the results of one.
func TestConcurrentUse(t *testing.T) {
	good := []byte(`{"name": "x", "every": "2h30m", "weights": {"red": 1}, "tiers": {"2": "b"}, "steps": [{"after": "90m", "level": "high"}]}`)
	bad := []byte(`{"nmae": "x", "limit": -1, "steps": [{"level": "mid"}]}`)
	var want sample
	require.NoError(t, document.Decode(good, &want, errTest))
	wantOut, err := document.Encode(want, errTest)
	require.NoError(t, err)
	_, wantErr := document.DecodeValid[checked](bad, errTest)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				var s sample
				assert.NoError(t, document.Decode(good, &s, errTest))
				assert.Equal(t, want, s)
				out, err := document.Encode(s, errTest)
				assert.NoError(t, err)
				assert.Equal(t, wantOut, out)
				_, err = document.DecodeValid[checked](bad, errTest)
				assert.Equal(t, wantErr.Error(), err.Error())
			}
		})
	}
	wg.Wait()
}

func TestKindOf(t *testing.T) {
	for raw, want := range map[string]string{
		`{"a":1}`: "an object", ` [1]`: "an array", `"x"`: "a string", `12.5`: "a number", `-3`: "a number",
		`true`: "a boolean", `false`: "a boolean", `null`: "null", ``: "null", "\n\t{}": "an object",
	} {
		assert.Equal(t, want, document.KindOf([]byte(raw)), "%q", raw)
	}
}
