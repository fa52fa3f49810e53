package document

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Decode reads the JSON document in data into *v, a pointer to the
// document's Go type, as the package documentation describes. It reports
// every problem at once, each an [*Error] with its path wrapping pkg, the
// sentinel of the caller's package. On an error *v is left unchanged.
// Text longer than [MaxSize] is refused unread.
//
// Decode checks the form of the document only; what the values mean (a
// target that is not positive, a name used twice) is for the package's
// own validation, which should report through [Problems] with paths.
func Decode(data []byte, v any, pkg error) error {
	return decode(data, v, pkg, false)
}

// DecodePartial is [Decode] that, on an error, still sets *v to what it
// could read: every value it reports is left at its zero value, and
// everything else is read. A package validates the partial value and
// reports its problems with [Merge], so that one pass shows every problem
// of a document. When the text is not JSON ([ErrSyntax]) or longer than
// [MaxSize] ([ErrTooLarge]) nothing is read.
func DecodePartial(data []byte, v any, pkg error) error {
	return decode(data, v, pkg, true)
}

func decode(data []byte, v any, pkg error, partial bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &Error{Err: fmt.Errorf("%w: Decode needs a non-nil pointer, got %T", ErrGoOnly, v), Package: pkg}
	}
	if len(data) > MaxSize {
		return &Error{Err: fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, len(data), MaxSize), Package: pkg}
	}
	root, err := parse(data)
	if err != nil {
		return &Error{Err: fmt.Errorf("%w: %w", ErrSyntax, err), Package: pkg}
	}
	d := decoder{p: Problems{Package: pkg}}
	out := reflect.New(rv.Elem().Type())
	d.value("", root, out.Elem())
	if d.p.Len() == 0 || partial {
		rv.Elem().Set(out.Elem())
	}
	return d.p.Err()
}

// DecodeValid reads the document in data as a T, as a package's
// DecodeConfig does: it reads with [DecodePartial], and unless the text is
// not JSON ([ErrSyntax]) or too long ([ErrTooLarge]) validates what it
// read with T's Validate method and returns the problems of both joined by
// [Merge], so that one pass shows every problem of the document. pkg is the sentinel of the caller's
// package. On an error it returns the zero T.
func DecodeValid[T interface{ Validate() error }](data []byte, pkg error) (T, error) {
	var v, zero T
	read := DecodePartial(data, &v, pkg)
	if errors.Is(read, ErrSyntax) || errors.Is(read, ErrTooLarge) {
		return zero, read
	}
	if err := Merge(read, v.Validate()); err != nil {
		return zero, err
	}
	return v, nil
}

// Merge returns the problems found reading a document (read, from
// [DecodePartial]) joined with those found validating what was read
// (checked), leaving out each problem of checked whose path is that of a
// problem of read, lies within it or holds it: a value reported as
// unreadable is not reported again as missing or wrong. Problems of
// checked that are not [*Error]s are kept.
func Merge(read, checked error) error {
	bad := Leaves(read)
	paths := make([]string, 0, len(bad))
	for _, e := range bad {
		var de *Error
		if errors.As(e, &de) {
			paths = append(paths, de.Path)
		}
		// A misspelt key is the problem of the key it stands for.
		var uk *unknownKey
		if errors.As(e, &uk) && uk.covers != "" {
			paths = append(paths, uk.covers)
		}
	}
	related := func(a, b string) bool { return a == b || within(a, b) || within(b, a) }
	out := bad
	for _, e := range Leaves(checked) {
		var de *Error
		if errors.As(e, &de) && slices.ContainsFunc(paths, func(p string) bool { return related(de.Path, p) }) {
			continue
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// within reports whether path lies within base: base is "" or path
// continues it with a key or an index.
func within(path, base string) bool {
	if base == "" {
		return true
	}
	return len(path) > len(base) && strings.HasPrefix(path, base) && (path[len(base)] == '.' || path[len(base)] == '[')
}

type decoder struct{ p Problems }

var (
	durationType    = reflect.TypeFor[time.Duration]()
	timeType        = reflect.TypeFor[time.Time]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	validator       = reflect.TypeFor[interface{ Valid() bool }]()
)

func (d *decoder) typeErr(path string, n *node, want string) {
	d.p.Add(path, fmt.Errorf("%w: %s, want %s", ErrType, n.kind, want))
}

// is reports whether n is of the JSON kind k, and reports a problem
// naming want (the value the field wants, "an array") when it is not.
func (d *decoder) is(path string, n *node, k kind, want string) bool {
	if n.kind != k {
		d.typeErr(path, n, want)
		return false
	}
	return true
}

// value decodes n into v, which is settable.
func (d *decoder) value(path string, n *node, v reflect.Value) {
	t := v.Type()
	if n.kind == kindNull {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			v.SetZero()
		default:
			d.typeErr(path, n, describe(t))
		}
		return
	}
	switch {
	case t == durationType:
		if !d.is(path, n, kindString, `a duration as text, such as "90m" or "2h30m"`) {
			return
		}
		dur, err := time.ParseDuration(n.text)
		if err != nil {
			d.p.Add(path, fmt.Errorf("%w: %q is not a duration%s (want text such as \"90m\", \"2h30m\" or \"168h\")", ErrValue, n.text, durationHint(n.text)))
			return
		}
		v.SetInt(int64(dur))
		return
	case t == timeType && n.kind != kindString:
		d.typeErr(path, n, describe(t))
		return
	case reflect.PointerTo(t).Implements(jsonUnmarshaler):
		var b bytes.Buffer
		n.write(&b)
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b.Bytes()); err != nil {
			for _, e := range Leaves(err) {
				var de *Error
				var pe *time.ParseError
				switch {
				case t == timeType && errors.As(e, &pe):
					e = fmt.Errorf("%w: %w", ErrValue, &explained{err: e, msg: fmt.Sprintf("%q is not an instant: "+
						"want RFC 3339 text with a date, a time and an offset, such as %q or %q", n.text, exampleInstant, "2026-01-01T00:00:00Z")})
				case !errors.As(e, &de): // a problem of the value, not one at a path within it
					e = fmt.Errorf("%w: %w", ErrValue, e)
				}
				d.p.Add(path, e)
			}
			return
		}
		if t == timeType {
			v.Set(reflect.ValueOf(fixedZone(v.Interface().(time.Time))))
		}
		return
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		if !d.is(path, n, kindString, "a string") {
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.text)); err != nil {
			d.p.Add(path, fmt.Errorf("%w: %w", ErrValue, err))
			return
		}
		d.valid(path, v)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.value(path, n, p.Elem())
		v.Set(p)
	case reflect.Struct:
		d.object(path, n, v)
	case reflect.Slice:
		if n.kind != kindArray {
			// A single value where a list belongs: shown as a list of
			// one, when it is short enough to show.
			want := "an array"
			var one bytes.Buffer
			switch {
			case n.kind == kindObject:
				one.WriteString("{…}")
			case len(n.text) <= 36:
				n.write(&one)
			}
			if one.Len() > 0 && one.Len() <= 40 {
				want += " (a list of one is written [" + one.String() + "])"
			}
			d.typeErr(path, n, want)
			return
		}
		s := reflect.MakeSlice(t, len(n.elems), len(n.elems))
		for i, e := range n.elems {
			d.value(Index(path, i), e, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		d.mapping(path, n, v)
	case reflect.String:
		if !d.is(path, n, kindString, "a string") {
			return
		}
		v.SetString(n.text)
		d.valid(path, v)
	case reflect.Bool:
		if !d.is(path, n, kindBool, "true or false") {
			return
		}
		v.SetBool(n.b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i, ok := number(d, path, n, "an integer", t.Bits(), strconv.ParseInt); ok {
			v.SetInt(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u, ok := number(d, path, n, "a whole number", t.Bits(), strconv.ParseUint); ok {
			v.SetUint(u)
		}
	case reflect.Float32, reflect.Float64:
		if !d.is(path, n, kindNumber, "a number") {
			return
		}
		f, err := strconv.ParseFloat(n.text, t.Bits())
		if err != nil {
			d.p.Add(path, fmt.Errorf("%w: %s is out of range", ErrValue, n.text))
			return
		}
		v.SetFloat(f)
	default:
		d.p.Add(path, fmt.Errorf("%w: a %s has no document form", ErrGoOnly, t))
	}
}

// fixedZone returns t in the zone its text gave it, whatever machine
// reads it: time.Time's UnmarshalJSON puts an offset that the machine's
// Local zone has in Local (so "+01:00" would be Europe/Oslo on one
// machine and a fixed zone on another), and +00:00 in a fixed zone that
// Encode writes as "Z", read back as UTC. Here an offset of zero is UTC
// and any other a fixed zone of that offset, unnamed.
func fixedZone(t time.Time) time.Time {
	switch _, off := t.Zone(); {
	case off == 0:
		return t.UTC()
	case t.Location() == time.Local:
		return t.In(time.FixedZone("", off))
	}
	return t
}

// number reads n, a JSON number, as a decimal integer of the given bits
// with parse (strconv.ParseInt or strconv.ParseUint); want names the
// integer ("an integer") in the problems it reports.
func number[N int64 | uint64](d *decoder, path string, n *node, want string, bits int, parse func(string, int, int) (N, error)) (N, bool) {
	if !d.is(path, n, kindNumber, want) {
		return 0, false
	}
	x, err := parse(n.text, 10, bits)
	if err != nil {
		d.p.Add(path, fmt.Errorf("%w: %s is not %s of %d bits", ErrValue, n.text, want, bits))
		return 0, false
	}
	return x, true
}

// valid reports a non-empty value whose Valid method says it is not.
func (d *decoder) valid(path string, v reflect.Value) {
	if !v.Type().Implements(validator) || v.IsZero() {
		return
	}
	if !v.Interface().(interface{ Valid() bool }).Valid() {
		d.p.Add(path, fmt.Errorf("%w: unknown %s %q", ErrValue, v.Type().Name(), fmt.Sprint(v.Interface())))
	}
}

// exampleInstant is an instant as a document writes it.
const exampleInstant = "2026-01-01T00:00:00+01:00"

// explained is an error of another package, err, told in words that say
// what to write instead.
type explained struct {
	err error
	msg string
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

// durationHint says how to write the text s, which is not a duration in
// Go's syntax, when it is one of the usual slips: a number of days or
// weeks, which Go has no unit for, a number without a unit or with a unit
// spelt out ("90 mins"), or spaces between the parts ("1h 30m"). It
// returns "" for any other text.
func durationHint(s string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	if compact := strings.ReplaceAll(t, " ", ""); compact != t {
		if _, err := time.ParseDuration(compact); err == nil {
			return fmt.Sprintf(": write it without spaces, %q", compact)
		}
	}
	num := strings.TrimRight(t, "abcdefghijklmnopqrstuvwxyz ")
	unit := strings.TrimSpace(t[len(num):])
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || x < -1e6 || x > 1e6 { // beyond any duration
		return ""
	}
	hint, write := "", ""
	switch unit {
	case "":
		if _, err := time.ParseDuration(num + "m"); err == nil {
			return fmt.Sprintf(": a number needs its unit, such as %q or %q", num+"m", num+"s")
		}
	case "d", "day", "days":
		hint, write = ": there is no day unit; write ", strconv.FormatFloat(x*24, 'f', -1, 64)+"h"
	case "w", "wk", "week", "weeks":
		hint, write = ": there is no week unit; write ", strconv.FormatFloat(x*168, 'f', -1, 64)+"h"
	case "hr", "hrs", "hour", "hours":
		hint, write = ": write ", num+"h"
	case "min", "mins", "minute", "minutes":
		hint, write = ": write ", num+"m"
	case "sec", "secs", "second", "seconds":
		hint, write = ": write ", num+"s"
	}
	if _, err := time.ParseDuration(write); write == "" || err != nil {
		return "" // no text to suggest that reads
	}
	return hint + strconv.Quote(write)
}

// describe names the JSON a value of t is written as.
func describe(t reflect.Type) string {
	switch {
	case t == timeType:
		return "an instant as RFC 3339 text, such as \"" + exampleInstant + "\""
	case t == durationType:
		return `a duration as text, such as "90m" or "2h30m"`
	case reflect.PointerTo(t).Implements(textUnmarshaler): // enumerations
		return "a string"
	}
	switch t.Kind() {
	case reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array"
	}
	return "a number"
}

func (d *decoder) object(path string, n *node, v reflect.Value) {
	fs := fieldsOf(v.Type())
	d.members(path, n, func(kp, k string, e *node) {
		f, ok := fs.byName[k]
		if !ok {
			if d.p.full() {
				d.p.n++ // counted; not worth a message that is not kept
				return
			}
			d.p.Add(kp, fs.unknown(path, k, n.keys))
			return
		}
		d.value(kp, e, v.FieldByIndex(f.index))
	})
}

func (d *decoder) mapping(path string, n *node, v reflect.Value) {
	t := v.Type()
	m := reflect.MakeMapWithSize(t, len(n.keys))
	// read holds every key read, whether or not its value was: two keys
	// of other text that read as one value (two spellings of one
	// enumeration value) would otherwise keep only one silently.
	read := reflect.MakeMapWithSize(reflect.MapOf(t.Key(), reflect.TypeFor[bool]()), len(n.keys))
	ok := d.members(path, n, func(kp, k string, e *node) {
		key := reflect.New(t.Key()).Elem()
		if !d.key(kp, k, key) {
			return
		}
		if read.MapIndex(key).IsValid() {
			d.p.Add(kp, fmt.Errorf("%w: %q reads as the value of an earlier key", ErrDuplicateKey, k))
			return
		}
		read.SetMapIndex(key, reflect.ValueOf(true))
		val := reflect.New(t.Elem()).Elem()
		before := d.p.Len()
		d.value(kp, e, val)
		if d.p.Len() == before {
			m.SetMapIndex(key, val)
		}
	})
	if ok {
		v.Set(m)
	}
}

// members calls each with the path, the key and the value of every member
// of the object n in order, reporting a key given twice (its second
// member is not read). It reports false, and a problem, when n is not an
// object.
func (d *decoder) members(path string, n *node, each func(kp, k string, e *node)) bool {
	if !d.is(path, n, kindObject, "an object") {
		return false
	}
	seen := make(map[string]bool, len(n.keys))
	for i, k := range n.keys {
		kp := Key(path, k)
		if seen[k] {
			d.p.Add(kp, fmt.Errorf("%w: %q", ErrDuplicateKey, k))
			continue
		}
		seen[k] = true
		each(kp, k, n.elems[i])
	}
	return true
}

// key decodes the text of a map key into key, reporting a problem.
func (d *decoder) key(path, text string, key reflect.Value) bool {
	kt := key.Type()
	switch {
	case reflect.PointerTo(kt).Implements(textUnmarshaler):
		if err := key.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
			d.p.Add(path, fmt.Errorf("%w: key: %w", ErrValue, err))
			return false
		}
	case kt.Kind() == reflect.String:
		key.SetString(text)
	case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
		i, err := strconv.ParseInt(text, 10, kt.Bits())
		if err != nil {
			d.p.Add(path, fmt.Errorf("%w: key %q is not an integer", ErrValue, text))
			return false
		}
		// One integer, one key: "01" or "+1" beside "1" would name the
		// same entry twice, and [Encode] writes "1".
		if canon := strconv.FormatInt(i, 10); canon != text {
			d.p.Add(path, fmt.Errorf("%w: key %q is not written as %s is", ErrValue, text, canon))
			return false
		}
		key.SetInt(i)
	default:
		d.p.Add(path, fmt.Errorf("%w: a map keyed by %s has no document form", ErrGoOnly, kt))
		return false
	}
	before := d.p.Len()
	d.valid(path, key)
	return d.p.Len() == before
}

// field is a struct field in a document.
type field struct {
	name  string
	index []int
}

// fields are the document fields of a struct type.
type fields struct {
	list   []field
	byName map[string]field
}

// unknownKey is the problem of a key that names no field. covers is the
// path of the field it was probably meant to be when the object does not
// give that field: the problems of validating that field (it is missing,
// being misspelt) are this one's, and [Merge] leaves them out.
type unknownKey struct {
	err    error
	covers string
}

func (e *unknownKey) Error() string { return e.err.Error() }
func (e *unknownKey) Unwrap() error { return e.err }

// unknown returns the error for key k of the object at path, which names
// no field; keys are all the object's keys. It names the field k was
// probably meant to be: one whose name differs only in case or
// underscores, or else the nearest by edit distance (see [near]), and
// lists the fields when none is near.
func (fs *fields) unknown(path, k string, keys []string) error {
	guess := ""
	for _, f := range fs.list {
		if strings.EqualFold(f.name, k) || strings.EqualFold(strings.ReplaceAll(f.name, "_", ""), k) {
			uk := &unknownKey{err: fmt.Errorf("%w: %q (keys are lower case with underscores: did you mean %q?)", ErrUnknownKey, k, f.name)}
			if !slices.Contains(keys, f.name) {
				uk.covers = Key(path, f.name)
			}
			return uk
		}
	}
	best := 0
	for _, f := range fs.list {
		if d, ok := near(k, f.name); ok && (guess == "" || d < best) {
			guess, best = f.name, d
		}
	}
	if guess != "" {
		uk := &unknownKey{err: fmt.Errorf("%w: %q (did you mean %q?)", ErrUnknownKey, k, guess)}
		if !slices.Contains(keys, guess) {
			uk.covers = Key(path, guess)
		}
		return uk
	}
	names := make([]string, len(fs.list))
	for i, f := range fs.list {
		names[i] = f.name
	}
	if len(names) == 0 {
		return fmt.Errorf("%w: %q (the object has no keys)", ErrUnknownKey, k)
	}
	return fmt.Errorf("%w: %q (want one of %s)", ErrUnknownKey, k, strings.Join(names, ", "))
}

// near returns the edit distance between key and name (insertions,
// deletions, substitutions and swaps of two neighbouring letters, each
// one edit), and whether it is small enough to be a slip: at most one
// edit for a name of up to four letters, two for a longer one.
func near(key, name string) (int, bool) {
	na, nb := utf8.RuneCountInString(key), utf8.RuneCountInString(name)
	limit := 2
	if nb <= 4 {
		limit = 1
	}
	if na-nb > limit || nb-na > limit {
		return 0, false // before any work for a long key
	}
	a, b := []rune(key), []rune(name)
	// Optimal string alignment distance, rows i-2, i-1 and i.
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	d := prev[len(b)]
	return d, d <= limit
}

// fieldsOf returns the document fields of struct type t: exported fields,
// not tagged doc:"-", that are not functions, channels or interfaces.
func fieldsOf(t reflect.Type) *fields {
	fs := &fields{byName: map[string]field{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || goOnly(sf.Type) {
			continue
		}
		name := SnakeCase(sf.Name)
		if tag, ok := sf.Tag.Lookup("doc"); ok {
			if tag == "-" {
				continue
			}
			name = tag
		}
		f := field{name: name, index: sf.Index}
		fs.list = append(fs.list, f)
		fs.byName[name] = f
	}
	return fs
}

// goOnly reports whether values of t have no document form.
func goOnly(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return true
	}
	return false
}
