package document

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Sentinel errors. Every [*Error] wraps one of them (or the error of the
// type that refused a value) beside its package's sentinel.
var (
	// ErrSyntax: the text is not one JSON value. The problem, at the
	// path of the whole document, says the line and column of the fault.
	ErrSyntax = errors.New("document: syntax error")
	// ErrTooLarge: the text is longer than [MaxSize].
	ErrTooLarge = errors.New("document: too large")
	// ErrUnknownKey: an object has a key its type does not, possibly the
	// right name in another case.
	ErrUnknownKey = errors.New("document: unknown key")
	// ErrDuplicateKey: an object has a key twice.
	ErrDuplicateKey = errors.New("document: key given twice")
	// ErrType: a value is of the wrong JSON type, such as a number where a
	// duration is text.
	ErrType = errors.New("document: wrong type")
	// ErrValue: a value has the right JSON type but its field refuses it:
	// an unknown enumeration value, a duration that does not parse, a
	// number out of range.
	ErrValue = errors.New("document: invalid value")
	// ErrUnknownName: a value refers to a name the document does not
	// declare, such as a calendar or a metric.
	ErrUnknownName = errors.New("document: unknown name")
	// ErrGoOnly: a value holds something only Go can express, such as a
	// custom predicate function, so it has no document form.
	ErrGoOnly = errors.New("document: not expressible in a document")
)

// Error is one problem in a configuration document. It wraps Package, the
// sentinel of the package whose document it is, and Err, the problem.
type Error struct {
	// Path is the JSON path of the value at fault, such as
	// "policies[2].targets[0].duration" or `calendars["24/7"].zone`;
	// empty for the document as a whole.
	Path string
	// Err is what is wrong; it wraps a sentinel of this package or of the
	// type that refused the value.
	Err error
	// Package is the sentinel of the package whose document it is, such
	// as sla.ErrInvalidPolicy.
	Package error
}

// Error returns the package's sentinel text, the path and the problem:
// "sla: invalid policy: policies[0].targets[1].duration: document: invalid
// value: …". A problem whose text starts with the sentinel's does not
// repeat it.
func (e *Error) Error() string {
	var b strings.Builder
	msg := ""
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Package != nil {
		pkg := e.Package.Error()
		b.WriteString(pkg)
		b.WriteString(": ")
		msg = strings.TrimPrefix(msg, pkg+": ") // said once
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns Package and Err, those that are set.
func (e *Error) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Package, e.Err} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// MaxProblems is how many problems a [Problems] keeps: far more than a
// person fixes in one pass, and a bound on the size of the error that
// hostile text can cause (a megabyte of unknown keys would otherwise
// give an error hundreds of times larger). The problems past it are
// counted, and reported as one more problem saying how many there are.
const MaxProblems = 1000

// MaxSize is the most bytes of text [Decode] reads: some two hundred
// times a whole desk's configuration, and a bound on what hostile text
// can cost. Reading takes some two hundred bytes of allocation for each
// value: a megabyte of "[0,0,0,…" costs about 120 MB and a second.
const MaxSize = 1 << 20

// Problems collects the problems found in a document, each as an [*Error]
// wrapping Package. The zero value is ready to use with a nil Package.
// It keeps the first [MaxProblems] and counts the others.
type Problems struct {
	Package error
	errs    []error
	n       int // problems added, kept or not
}

// Add records err at path. An err that is already an [*Error] is kept
// with its path put under path (see [Join]); errors joined with
// errors.Join are added one by one.
func (p *Problems) Add(path string, err error) {
	for _, e := range Leaves(err) {
		p.n++
		if p.full() {
			continue
		}
		var de *Error
		if errors.As(e, &de) && e == error(de) {
			p.errs = append(p.errs, &Error{Path: Join(path, de.Path), Err: de.Err, Package: p.Package})
			continue
		}
		p.errs = append(p.errs, &Error{Path: path, Err: e, Package: p.Package})
	}
}

// AddFields records each problem of err (see [Leaves]) in p under base:
// one that is or wraps an E at the document path of the Go field path
// field returns for it (see [FieldPath]), such as "[2].Targets[0].Duration"
// under "policies"; any other at base. It maps the errors of the Validate
// methods of desk, which name the Go field at fault, to document paths.
func AddFields[E error](p *Problems, base string, err error, field func(E) string) {
	for _, e := range Leaves(err) {
		path := base
		var fe E
		if errors.As(e, &fe) {
			path = Join(base, FieldPath(field(fe)))
		}
		p.Add(path, e)
	}
}

// Addf records a problem at path made with fmt.Errorf(format, args...).
func (p *Problems) Addf(path, format string, args ...any) {
	p.Add(path, fmt.Errorf(format, args...))
}

// full reports whether p keeps no more problems.
func (p *Problems) full() bool { return len(p.errs) >= MaxProblems }

// Len returns the number of problems recorded, including those past
// [MaxProblems].
func (p *Problems) Len() int { return p.n }

// Err returns the problems joined with errors.Join, or nil when there are
// none. Past [MaxProblems], a last problem, an [*Error] of the whole
// document wrapping Package, says how many more there are.
func (p *Problems) Err() error {
	if p.n == len(p.errs) {
		return errors.Join(p.errs...)
	}
	more := &Error{Err: fmt.Errorf("%d more problems are not listed", p.n-len(p.errs)), Package: p.Package}
	return errors.Join(append(p.errs[:len(p.errs):len(p.errs)], more)...)
}

// joinType is the type of errors.Join's result, whose parts are separate
// problems (unlike an error that wraps two errors to say one thing).
var joinType = reflect.TypeOf(errors.Join(errors.New("")))

// Leaves returns the separate problems in err: the parts of errors made
// by errors.Join, recursively, and err itself otherwise; nothing for nil.
func Leaves(err error) []error {
	if err == nil {
		return nil
	}
	if reflect.TypeOf(err) != joinType {
		return []error{err}
	}
	var out []error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		out = append(out, Leaves(e)...)
	}
	return out
}

// Paths returns the JSON path of every [*Error] in err, in order: what a
// program shows beside a configuration file, or a test asserts.
func Paths(err error) []string {
	var out []string
	for _, e := range Leaves(err) {
		var de *Error
		if errors.As(e, &de) {
			out = append(out, de.Path)
		}
	}
	return out
}

// Within returns err with the path of every [*Error] in it put under
// prefix, and every other problem in it made an [*Error] at prefix
// wrapping pkg: the errors of a section read on its own, placed in the
// document that holds it ("policies[0]" within "sla" is
// "sla.policies[0]").
func Within(prefix string, pkg error, err error) error {
	p := Problems{Package: pkg}
	for _, e := range Leaves(err) {
		var de *Error
		if errors.As(e, &de) && e == error(de) {
			p.n++
			p.errs = append(p.errs, &Error{Path: Join(prefix, de.Path), Err: de.Err, Package: de.Package})
			continue
		}
		p.Add(prefix, e)
	}
	return p.Err()
}

// Join returns the path of rest within base: "a" and "b[0]" give
// "a.b[0]"; "a" and "[0]" give "a[0]"; an empty part gives the other.
func Join(base, rest string) string {
	switch {
	case base == "":
		return rest
	case rest == "":
		return base
	case rest[0] == '[':
		return base + rest
	}
	return base + "." + rest
}

// Key returns the path of the member named key of the object at base:
// base.key for keys of letters, digits, '_' and '-', base["key"] with the
// key quoted otherwise.
func Key(base, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			plain = false
			break
		}
	}
	if plain {
		return Join(base, key)
	}
	return base + fmt.Sprintf("[%q]", key)
}

// Index returns the path of element i of the array at base: base[i].
func Index(base string, i int) string { return fmt.Sprintf("%s[%d]", base, i) }

// FieldPath turns a path of Go field names, as the Validate methods of desk
// report them ("Cadence.Stages[0].Every", `Weights["fax"]`), into the
// document path of the same value ("cadence.stages[0].every",
// "weights.fax"). An index (digits, unquoted) stays in brackets; a map
// key, quoted or not (`Weights["fax"]`, "Weights[fax]"), is written as
// [Key] writes it, so that a value has the one path [Decode] would give
// it.
func FieldPath(goPath string) string {
	out := ""
	for rest := goPath; rest != ""; {
		switch rest[0] {
		case '.':
			rest = rest[1:]
		case '[':
			key, quoted, after, ok := bracketed(rest)
			if !ok { // not a bracketed part: kept as it is
				out += rest
				rest = ""
				continue
			}
			if !quoted && isIndex(key) {
				out += "[" + key + "]"
			} else {
				out = Key(out, key)
			}
			rest = after
		default:
			n := strings.IndexAny(rest, ".[")
			if n < 0 {
				n = len(rest)
			}
			out = Join(out, SnakeCase(rest[:n]))
			rest = rest[n:]
		}
	}
	return out
}

// bracketed splits the bracketed part at the start of s, `["a b"]` or
// "[0]", into its content (unquoted), whether it was quoted, and what
// follows it.
func bracketed(s string) (content string, quoted bool, rest string, ok bool) {
	if strings.HasPrefix(s, `["`) {
		q, err := strconv.QuotedPrefix(s[1:])
		if err != nil || !strings.HasPrefix(s[1+len(q):], "]") {
			return "", false, "", false
		}
		content, err = strconv.Unquote(q)
		return content, true, s[2+len(q):], err == nil
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", false, "", false
	}
	return s[1:end], false, s[end+1:], true
}

// isIndex reports whether s is an array index: decimal digits.
func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SnakeCase returns a Go name in snake case: "TagsAny" is "tags_any",
// "CSATExclude" is "csat_exclude", "IdleAway" is "idle_away".
func SnakeCase(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prev := rs[i-1]
			prevLower := prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9'
			nextLower := i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z'
			if prevLower || (prev >= 'A' && prev <= 'Z' && nextLower) {
				b.WriteByte('_')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
