// Package document reads and writes the configuration documents of desk:
// calendars, lifecycles, SLA policies, follow-up rules, routing policies
// and KPI definitions as strict JSON.
//
// It lives under ticket because every package that holds configuration may
// import ticket (see the direction table in the design notes); it imports
// nothing of desk itself.
//
// # The document form of a Go value
//
// [Decode] and [Encode] map a Go struct to a JSON object field by field.
// A field's key is its `doc` struct tag, or else its Go name in snake case
// (TagsAny is "tags_any", CSATExclude "csat_exclude"); `doc:"-"` leaves a
// field out, and so does being unexported or a function, channel or
// interface (a Go-only extension, such as a custom predicate: [Encode]
// refuses a value where one is set, with [ErrGoOnly]). An embedded struct
// is a field like any other, keyed by its type's name, and an embedded
// unexported one is left out: fields are not promoted as package json
// promotes them. JSON tags are not read: a document's shape is its own,
// whatever a type's other JSON forms are.
//
//   - time.Duration is text in Go's syntax: "90m", "2h30m", "168h", "-2h".
//     Nanosecond integers are refused, and so are days and weeks ("2d"),
//     which Go's syntax has no unit for: the problem says the hours to
//     write instead ("48h"), as it says what to write for a unit spelt out
//     ("90 mins") or parts apart ("1h 30m").
//   - A type with its own JSON form (json.Unmarshaler, such as time.Time
//     or calendar.Config) is read with its UnmarshalJSON and written with
//     encoding/json. A time.Time is RFC 3339 text whose offset is read as
//     UTC (zero: "Z" or "+00:00") or an unnamed fixed zone, on every
//     machine: never as the reading machine's Local zone. A date alone or
//     a time without its offset is refused: it names no instant.
//   - A type with a text form (encoding.TextUnmarshaler, such as every
//     enumeration of desk) is a JSON string read with UnmarshalText, so an
//     unknown enumeration value is refused with the type's own error.
//   - A string or map key whose type has a Valid() bool method must be
//     valid when not empty.
//   - Slices are arrays; maps are objects, keyed by strings, integers or
//     text types; pointers are their target or null. An integer key is
//     written as [Encode] writes it ("1", not "01" or "+1"), and two keys
//     that read as one value are refused as a key given twice, so that
//     no entry replaces another silently.
//   - [Encode] leaves out zero values: a missing key decodes to the zero
//     value, so the round trip is exact. An explicit zero ("percent": 0,
//     "mode": "") is the same as the key left out: what zero means is the
//     default each type documents. An empty but non-nil slice or map
//     is written ([] or {}), since some options (an empty map turning a
//     score term off) differ from nil.
//
// # Errors
//
// [Decode] reports every problem of a document at once (up to
// [MaxProblems]; one more problem counts the rest), joined with
// errors.Join: text longer than [MaxSize] ([ErrTooLarge], the one problem
// then reported), text that is not JSON ([ErrSyntax], the one problem
// then reported, with the line and column of the fault and a hint for
// the usual slips: a comma before a closing bracket, a comment, a missing
// comma; a byte order mark before the text is ignored), unknown keys and
// keys in another case ([ErrUnknownKey], naming the key it was probably
// meant to be: one in another case or spelt within an edit or two, and
// then [Merge] does not report that key missing too), keys given twice
// ([ErrDuplicateKey]), values of the wrong JSON type ([ErrType], showing
// a single value where a list belongs as a list of one) and values a field's type
// refuses ([ErrValue], together with that type's own error). Each is an
// [*Error] carrying the JSON path of the value at fault
// ("policies[2].targets[0].duration") and wrapping the sentinel of the
// package whose document it is, so callers test errors.Is(err,
// sla.ErrInvalidPolicy) and errors.As(err, &docErr) alike.
// [DecodePartial] also returns what it could read, so that a package can
// validate it and add those problems with [Merge], which leaves out the
// ones about values already reported unreadable; [DecodeValid] does both
// for a type with a Validate method. [Problems]
// collects the problems a package finds when it validates a decoded
// document, with paths, and [AddFields] maps the Go field paths that
// Validate methods report to document paths; [Within] puts a section's
// errors under its key in a larger document. Package documenttest holds
// the checks every package's document fuzz target makes.
//
// Nothing here keeps state; every function is safe for concurrent use.
package document
