package document

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Encode writes v as a JSON document, indented by two spaces and ending
// in a newline, in the form [Decode] reads: decoding the result into a
// value of v's type gives v back. It refuses, with [*Error]s wrapping pkg
// and [ErrGoOnly], a value that holds a function or other Go-only part
// where the document has no place for it, and reports the errors of
// MarshalText and MarshalJSON methods with their paths.
func Encode(v any, pkg error) ([]byte, error) {
	e := encoder{p: Problems{Package: pkg}}
	e.value("", reflect.ValueOf(v))
	if e.p.Len() > 0 {
		return nil, e.p.Err()
	}
	var out bytes.Buffer
	if err := json.Indent(&out, e.b.Bytes(), "", "  "); err != nil {
		return nil, &Error{Err: fmt.Errorf("%w: %v", ErrSyntax, err), Package: pkg}
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

type encoder struct {
	b bytes.Buffer
	p Problems
}

// FormatDuration writes d in Go's syntax without zero units at its end:
// "90m" is "1h30m", two hours "2h", a week "168h", zero "0s".
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (e *encoder) value(path string, v reflect.Value) {
	if !v.IsValid() {
		e.b.WriteString("null")
		return
	}
	t := v.Type()
	switch {
	case t == durationType:
		writeString(&e.b, FormatDuration(time.Duration(v.Int())))
		return
	case reflect.PointerTo(t).Implements(jsonUnmarshaler) && t.Kind() != reflect.Pointer:
		// A type with its own JSON form is written with encoding/json.
		b, err := json.Marshal(v.Interface())
		if err != nil {
			e.p.Add(path, fmt.Errorf("%w: %w", ErrValue, err))
			return
		}
		e.b.Write(b)
		return
	case t.Implements(textMarshaler) && t.Kind() != reflect.Pointer:
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			e.p.Add(path, fmt.Errorf("%w: %w", ErrValue, err))
			return
		}
		writeString(&e.b, string(b))
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			e.b.WriteString("null")
			return
		}
		e.value(path, v.Elem())
	case reflect.Struct:
		e.object(path, v)
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			e.b.WriteString("null")
			return
		}
		e.b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				e.b.WriteByte(',')
			}
			e.value(Index(path, i), v.Index(i))
		}
		e.b.WriteByte(']')
	case reflect.Map:
		e.mapping(path, v)
	case reflect.String:
		writeString(&e.b, v.String())
	case reflect.Bool:
		e.b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			e.p.Add(path, fmt.Errorf("%w: %w", ErrValue, err))
			return
		}
		e.b.Write(b)
	default:
		if !v.IsNil() {
			e.p.Add(path, fmt.Errorf("%w: a %s", ErrGoOnly, t))
		}
		e.b.WriteString("null")
	}
}

func (e *encoder) object(path string, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.IsExported() && goOnly(sf.Type) && !v.Field(i).IsNil() {
			e.p.Add(Join(path, SnakeCase(sf.Name)), fmt.Errorf("%w: %s is set; it is a Go-only extension", ErrGoOnly, sf.Name))
		}
	}
	e.b.WriteByte('{')
	first := true
	for _, f := range fieldsOf(t).list {
		fv := v.FieldByIndex(f.index)
		if fv.IsZero() {
			continue
		}
		if !first {
			e.b.WriteByte(',')
		}
		first = false
		writeString(&e.b, f.name)
		e.b.WriteByte(':')
		e.value(Key(path, f.name), fv)
	}
	e.b.WriteByte('}')
}

func (e *encoder) mapping(path string, v reflect.Value) {
	if v.IsNil() {
		e.b.WriteString("null")
		return
	}
	type entry struct {
		key string
		num int64
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	kt := v.Type().Key()
	numeric := kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64 && !kt.Implements(textMarshaler)
	for it := v.MapRange(); it.Next(); {
		k := it.Key()
		var en entry
		switch {
		case kt.Implements(textMarshaler):
			b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				e.p.Add(path, fmt.Errorf("%w: key: %w", ErrValue, err))
				continue
			}
			en.key = string(b)
		case kt.Kind() == reflect.String:
			en.key = k.String()
		case numeric:
			en.num = k.Int()
			en.key = strconv.FormatInt(en.num, 10)
		default:
			e.p.Add(path, fmt.Errorf("%w: a map keyed by %s", ErrGoOnly, kt))
			continue
		}
		en.val = it.Value()
		entries = append(entries, en)
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if numeric {
			return cmp.Compare(a.num, b.num)
		}
		return strings.Compare(a.key, b.key)
	})
	e.b.WriteByte('{')
	for i, en := range entries {
		if i > 0 {
			e.b.WriteByte(',')
		}
		writeString(&e.b, en.key)
		e.b.WriteByte(':')
		e.value(Key(path, en.key), en.val)
	}
	e.b.WriteByte('}')
}
