package ticket

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the wire format's codec: a decoder and an encoder written
// for the format's fixed shape, without reflection, so that reading stored
// histories is not the bottleneck of a deployment. The format itself is
// documented in the package documentation ("Wire format").

// DecodeError reports an event that cannot be decoded from its wire form, or
// encoded to it. It wraps [ErrMalformedEvent] and the underlying cause.
type DecodeError struct {
	Seq     int // as far as it could be read; 0 if unknown
	Offset  int // byte offset in the input where the problem was found; 0 when encoding
	Problem string
	Err     error
}

// Error implements the error interface.
func (e *DecodeError) Error() string {
	msg := "ticket: malformed event"
	if e.Seq > 0 {
		msg += fmt.Sprintf(" #%d", e.Seq)
	}
	msg += ": " + e.Problem
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns [ErrMalformedEvent] and the cause, if any.
func (e *DecodeError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrMalformedEvent, e.Err}
	}
	return []error{ErrMalformedEvent}
}

// Decoder decodes events from their wire form. The zero Decoder is the
// default, forward-compatible one: it accepts fields it does not know (a
// newer writer added them), keeps them in the event, and writes them back
// when the event is encoded. Everything else is checked as strictly as by a
// Decoder with Strict set.
type Decoder struct {
	// Strict refuses fields the format does not define, for validating
	// what a writer produces.
	Strict bool
}

// DecodeEvents decodes a JSON array of events, as written by
// [EncodeEvents] or json.Marshal of a []Event, and replays nothing: pass
// the result to [Replay]. It is Decoder{}.DecodeEvents.
func DecodeEvents(b []byte) ([]Event, error) { return Decoder{}.DecodeEvents(b) }

// DecodeEvents decodes a JSON array of events. The strings of the events
// share one copy of b's text, made once, so decoding allocates little;
// events that live long keep that copy alive.
func (d Decoder) DecodeEvents(b []byte) ([]Event, error) {
	r := reader{src: string(b), strict: d.Strict}
	r.skipSpace()
	if !r.consume('[') {
		return nil, r.fail(0, "bad event list", problem("not a JSON array"))
	}
	events := make([]Event, 0, 1+len(b)/256) // events run at about 250 bytes
	r.skipSpace()
	if !r.consume(']') {
		for {
			e, err := r.event()
			if err != nil {
				return nil, err
			}
			events = append(events, e)
			r.skipSpace()
			if r.consume(']') {
				break
			}
			if !r.consume(',') {
				return nil, r.fail(0, "bad event list", problem("want , or ] after an event"))
			}
		}
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return events, nil
}

// Decode decodes one event.
func (d Decoder) Decode(b []byte) (Event, error) {
	r := reader{src: string(b), strict: d.Strict}
	e, err := r.event()
	if err != nil {
		return Event{}, err
	}
	if err := r.end(); err != nil {
		return Event{}, err
	}
	return e, nil
}

// UnmarshalJSON decodes an event from its wire format with the default
// [Decoder]: see the package documentation of the format. On error e is
// left unchanged.
func (e *Event) UnmarshalJSON(b []byte) error {
	d, err := Decoder{}.Decode(b)
	if err != nil {
		return err
	}
	*e = d
	return nil
}

// MarshalJSON encodes the event in its wire format. An event without a
// payload, with a payload that is not one of the values listed at [Data],
// or with one that is not valid, cannot be encoded.
func (e Event) MarshalJSON() ([]byte, error) { return e.AppendJSON(make([]byte, 0, 320)) }

// EncodeEvents encodes events as a JSON array in their wire format: the
// same bytes as json.Marshal of the slice, made faster.
func EncodeEvents(events []Event) ([]byte, error) {
	b := make([]byte, 0, 2+len(events)*300)
	b = append(b, '[')
	for i, e := range events {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = e.AppendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// ---- decoding ----

// maxDepth bounds the nesting the decoder accepts in fields it does not
// know; the format itself nests four levels deep.
const maxDepth = 16

// reader is the state of one decoding: the input, the position, and the
// unknown fields kept for the event being decoded.
type reader struct {
	src     string
	pos     int
	strict  bool
	seq     int    // of the event being decoded, for errors
	unknown []byte // unknown fields of the event being decoded; see Event.unknown
	zones   []zone // fixed zones met so far, reused
}

// zone is a fixed zone and its offset in seconds.
type zone struct {
	offset int
	loc    *time.Location
}

func (r *reader) fail(seq int, what string, err error) error {
	return &DecodeError{Seq: seq, Offset: r.pos, Problem: what, Err: err}
}

func (r *reader) failf(format string, args ...any) error {
	return r.fail(r.seq, "bad event", problemf(format, args...))
}

func (r *reader) skipSpace() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *reader) consume(c byte) bool {
	if r.pos < len(r.src) && r.src[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

// end checks that nothing but white space follows the value.
func (r *reader) end() error {
	r.skipSpace()
	if r.pos != len(r.src) {
		return r.fail(r.seq, "trailing data after the JSON value", nil)
	}
	return nil
}

// object reads the members of an object whose '{' is next, calling member
// for each key with the reader positioned at the value. Keys must be
// lower-case snake_case (struct fields), or anything for a map (isMap), and
// are never repeated. The seen set is the member callback's business for
// known keys; object tracks the keys member reports as unknown.
func (r *reader) object(isMap bool, member func(key string) error) error {
	r.skipSpace()
	if !r.consume('{') {
		return r.failf("want an object at offset %d", r.pos)
	}
	r.skipSpace()
	if r.consume('}') {
		return nil
	}
	var keys [8]string
	seen := keys[:0]
	for {
		r.skipSpace()
		key, err := r.str()
		if err != nil {
			return err
		}
		if !isMap && !isFieldName(key) {
			return r.failf("key %q is not a field name (lower-case snake_case)", key)
		}
		for _, k := range seen {
			if k == key {
				return r.failf("key %q given twice", key)
			}
		}
		seen = append(seen, key)
		r.skipSpace()
		if !r.consume(':') {
			return r.failf("want : after key %q", key)
		}
		r.skipSpace()
		if err := member(key); err != nil {
			return err
		}
		r.skipSpace()
		if r.consume('}') {
			return nil
		}
		if !r.consume(',') {
			return r.failf("want , or } after the value of %q", key)
		}
	}
}

func isFieldName(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return k != ""
}

// keep records the value at the reader's position, under key, as an unknown
// field of the object at path; a strict reader refuses it.
func (r *reader) keep(path, key string) error {
	if r.strict {
		return r.failf("unknown field %q in %s", key, pathName(path))
	}
	start := r.pos
	if err := r.skip(0); err != nil {
		return err
	}
	r.unknown = appendUnknown(r.unknown, path, key, r.src[start:r.pos])
	return nil
}

func pathName(path string) string {
	if path == "" {
		return "the envelope"
	}
	return path
}

// skip reads over one JSON value, checking it.
func (r *reader) skip(depth int) error {
	if depth >= maxDepth {
		return r.failf("JSON nested too deeply")
	}
	r.skipSpace()
	if r.pos >= len(r.src) {
		return r.failf("unexpected end of input")
	}
	switch c := r.src[r.pos]; {
	case c == '{':
		return r.object(true, func(string) error { return r.skip(depth + 1) })
	case c == '[':
		r.pos++
		r.skipSpace()
		if r.consume(']') {
			return nil
		}
		for {
			if err := r.skip(depth + 1); err != nil {
				return err
			}
			r.skipSpace()
			if r.consume(']') {
				return nil
			}
			if !r.consume(',') {
				return r.failf("want , or ] in an array")
			}
		}
	case c == '"':
		_, err := r.str()
		return err
	case c == 't':
		return r.literal("true")
	case c == 'f':
		return r.literal("false")
	case c == 'n':
		return r.literal("null")
	default:
		return r.number()
	}
}

func (r *reader) literal(lit string) error {
	if r.take(lit) {
		return nil
	}
	return r.failf("invalid literal at offset %d", r.pos)
}

// take consumes lit when it comes next.
func (r *reader) take(lit string) bool {
	if len(r.src)-r.pos >= len(lit) && r.src[r.pos:r.pos+len(lit)] == lit {
		r.pos += len(lit)
		return true
	}
	return false
}

// number reads over a JSON number, checking its grammar.
func (r *reader) number() error {
	start := r.pos
	r.consume('-')
	digits := func() int {
		n := 0
		for r.pos < len(r.src) && r.src[r.pos] >= '0' && r.src[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	switch {
	case r.consume('0'):
	case digits() == 0:
		return r.failf("invalid value at offset %d", start)
	}
	if r.consume('.') && digits() == 0 {
		return r.failf("invalid number at offset %d", start)
	}
	if r.consume('e') || r.consume('E') {
		if !r.consume('+') {
			r.consume('-')
		}
		if digits() == 0 {
			return r.failf("invalid number at offset %d", start)
		}
	}
	return nil
}

// str reads a JSON string. An unescaped string is a slice of the input; one
// with escapes is built anew. Invalid UTF-8, control characters and lone
// surrogates are errors: the format never changes a string on the way
// through.
func (r *reader) str() (string, error) {
	if !r.consume('"') {
		if r.take("null") {
			return "", r.failf("null where a string belongs")
		}
		return "", r.failf("want a string at offset %d", r.pos)
	}
	start := r.pos
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		switch {
		case c == '"':
			s := r.src[start:r.pos]
			r.pos++
			return s, nil
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return "", r.failf("control character in a string at offset %d", r.pos)
		case c < utf8.RuneSelf:
			r.pos++
		default:
			ru, size := utf8.DecodeRuneInString(r.src[r.pos:])
			if ru == utf8.RuneError && size == 1 {
				return "", r.failf("invalid UTF-8 in a string at offset %d", r.pos)
			}
			r.pos += size
		}
	}
	return "", r.failf("unterminated string")
}

// escaped finishes a string from start that has an escape at r.pos.
func (r *reader) escaped(start int) (string, error) {
	buf := make([]byte, 0, r.pos-start+16)
	buf = append(buf, r.src[start:r.pos]...)
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		switch {
		case c == '"':
			r.pos++
			return string(buf), nil
		case c == '\\':
			if r.pos+1 >= len(r.src) {
				return "", r.failf("unterminated string")
			}
			e := r.src[r.pos+1]
			r.pos += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				ru, err := r.hex4()
				if err != nil {
					return "", err
				}
				if ru >= 0xD800 && ru < 0xDC00 { // a high surrogate: a low one must follow
					if !(r.pos+1 < len(r.src) && r.src[r.pos] == '\\' && r.src[r.pos+1] == 'u') {
						return "", r.failf("lone surrogate in a string at offset %d", r.pos)
					}
					r.pos += 2
					lo, err := r.hex4()
					if err != nil {
						return "", err
					}
					if lo < 0xDC00 || lo >= 0xE000 {
						return "", r.failf("lone surrogate in a string at offset %d", r.pos)
					}
					ru = 0x10000 + (ru-0xD800)<<10 + (lo - 0xDC00)
				} else if ru >= 0xDC00 && ru < 0xE000 {
					return "", r.failf("lone surrogate in a string at offset %d", r.pos)
				}
				buf = utf8.AppendRune(buf, ru)
			default:
				return "", r.failf("invalid escape \\%c at offset %d", e, r.pos-1)
			}
		case c < 0x20:
			return "", r.failf("control character in a string at offset %d", r.pos)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			r.pos++
		default:
			ru, size := utf8.DecodeRuneInString(r.src[r.pos:])
			if ru == utf8.RuneError && size == 1 {
				return "", r.failf("invalid UTF-8 in a string at offset %d", r.pos)
			}
			buf = append(buf, r.src[r.pos:r.pos+size]...)
			r.pos += size
		}
	}
	return "", r.failf("unterminated string")
}

func (r *reader) hex4() (rune, error) {
	if len(r.src)-r.pos < 4 {
		return 0, r.failf("short \\u escape")
	}
	var v rune
	for i := range 4 {
		c := r.src[r.pos+i]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, r.failf("invalid \\u escape at offset %d", r.pos)
		}
	}
	r.pos += 4
	return v, nil
}

// integer reads a JSON number that must be an integer in [lo, hi].
func (r *reader) integer(what string, lo, hi int64) (int64, error) {
	start := r.pos
	if r.take("null") {
		return 0, r.failf("%s is null", what)
	}
	if err := r.number(); err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(r.src[start:r.pos], 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, r.failf("%s %s is not an integer in range", what, r.src[start:r.pos])
	}
	return v, nil
}

func (r *reader) boolean(what string) (bool, error) {
	switch {
	case r.take("true"):
		return true, nil
	case r.take("false"):
		return false, nil
	}
	return false, r.failf("%s is not true or false", what)
}

// enum reads a string that must be one of valid, or "" (the unknown zero
// value).
func enum[E ~string](r *reader, kind string, valid []E) (E, error) {
	s, err := r.str()
	if err != nil || s == "" {
		return "", err
	}
	for _, v := range valid {
		if string(v) == s {
			return v, nil
		}
	}
	return "", r.fail(r.seq, "bad "+kind, &UnknownValueError{Kind: kind, Value: s, Valid: enumStrings(valid)})
}

func (r *reader) id(what string) (ID, error) {
	s, err := r.str()
	if err != nil {
		return ID{}, err
	}
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return ID{}, r.failf("%s %q is not a UUID (8-4-4-4-12 hex digits)", what, s)
	}
	for j, i := range uuidBytes {
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return ID{}, r.failf("%s %q is not a UUID (8-4-4-4-12 hex digits)", what, s)
		}
		id[j] = hi<<4 | lo
	}
	return id, nil
}

// uuidBytes are the offsets of a UUID's 16 bytes in its text form.
var uuidBytes = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// instant reads an RFC 3339 instant: YYYY-MM-DDTHH:MM:SS, an optional
// fraction of one to nine digits, and Z or an offset ±HH:MM under 24 hours,
// as strictly as time.Time's own JSON decoding. A zero offset (+00:00,
// -00:00) reads as Z, in UTC, which is how it is written back, so that
// decoding what was encoded gives the same values.
func (r *reader) instant(what string) (time.Time, error) {
	s, err := r.str()
	if err != nil {
		return time.Time{}, err
	}
	bad := func() (time.Time, error) { return time.Time{}, r.failf("%s %q is not an RFC 3339 instant", what, s) }
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return bad()
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return bad()
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		i++
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if n == 9 {
				return bad()
			}
			nsec = nsec*10 + int(s[i]-'0')
			i++
			n++
		}
		if n == 0 {
			return bad()
		}
		for ; n < 9; n++ {
			nsec *= 10
		}
	}
	var loc *time.Location
	switch {
	case i == len(s)-1 && s[i] == 'Z':
		loc = time.UTC
	case i == len(s)-6 && (s[i] == '+' || s[i] == '-') && s[i+3] == ':':
		oh, ok1 := num(i+1, 2)
		om, ok2 := num(i+4, 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return bad()
		}
		offset := (oh*60 + om) * 60
		if s[i] == '-' {
			offset = -offset
		}
		loc = r.zone(offset)
	default:
		return bad()
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), nil
}

// zone returns a fixed zone with the given offset, reusing the ones this
// reader made before (a history usually has one or two offsets), or UTC
// for a zero offset.
func (r *reader) zone(offset int) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	for _, z := range r.zones {
		if z.offset == offset {
			return z.loc
		}
	}
	loc := time.FixedZone("", offset)
	r.zones = append(r.zones, zone{offset, loc})
	return loc
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// event reads one event.
func (r *reader) event() (Event, error) {
	var e Event
	var typ EventType
	dataAt := -1 // where the data is, when it came before the type
	haveID, haveData := false, false
	r.seq = 0
	r.unknown = r.unknown[:0]
	r.skipSpace()
	err := r.object(false, func(key string) error {
		var err error
		switch key {
		case "ticket_id":
			haveID = true
			e.TicketID, err = r.id("ticket_id")
		case "seq":
			var v int64
			v, err = r.integer("seq", -1<<62, 1<<62)
			e.Seq, r.seq = int(v), int(v)
		case "at":
			e.At, err = r.instant("at")
		case "actor":
			e.Actor, err = r.actor()
		case "type":
			typ, err = enum(r, "event type", eventTypes)
		case "data":
			haveData = true
			if typ != "" {
				e.Data, err = r.data(typ)
				break
			}
			dataAt = r.pos // decoded once the type is known
			err = r.skip(0)
		default:
			err = r.keep("", key)
		}
		return err
	})
	if err != nil {
		return Event{}, err
	}
	switch {
	case !haveID || e.TicketID == (ID{}):
		return Event{}, r.fail(e.Seq, "no ticket_id (or the nil UUID)", nil)
	case typ == "":
		return Event{}, r.fail(e.Seq, "no type", nil)
	case !haveData:
		return Event{}, r.fail(e.Seq, "no data", nil)
	}
	if dataAt >= 0 {
		end := r.pos
		r.pos = dataAt
		e.Data, err = r.data(typ)
		r.pos = end
		if err != nil {
			return Event{}, err
		}
	}
	if err := e.Data.validate(); err != nil {
		return Event{}, &DecodeError{Seq: e.Seq, Problem: "invalid " + string(typ) + " data", Err: err}
	}
	if len(r.unknown) > 0 {
		e.unknown = canonicalUnknown(r.unknown)
	}
	return e, nil
}

func (r *reader) actor() (Actor, error) {
	var a Actor
	err := r.object(false, func(key string) error {
		var err error
		switch key {
		case "id":
			a.ID, err = r.str()
		case "role":
			a.Role, err = enum(r, "role", roles)
		default:
			err = r.keep("actor", key)
		}
		return err
	})
	return a, err
}

func (r *reader) status(path string) (Status, error) {
	var s Status
	err := r.object(false, func(key string) error {
		var err error
		switch key {
		case "name":
			s.Name, err = r.str()
		case "category":
			s.Category, err = enum(r, "status category", statusCategories)
		default:
			err = r.keep(path, key)
		}
		return err
	})
	return s, err
}

func (r *reader) strings(what string) ([]string, error) {
	r.skipSpace()
	if !r.consume('[') {
		return nil, r.failf("%s is not an array", what)
	}
	var out []string
	r.skipSpace()
	if r.consume(']') {
		return nil, nil // an empty list is no list: decoding is canonical
	}
	for {
		r.skipSpace()
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		r.skipSpace()
		if r.consume(']') {
			return out, nil
		}
		if !r.consume(',') {
			return nil, r.failf("want , or ] in %s", what)
		}
	}
}

// data reads the payload of an event of type t.
func (r *reader) data(t EventType) (Data, error) {
	switch t {
	case TypeCreated:
		return r.created()
	case TypeMessage:
		var m Message
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "public":
				m.Public, err = r.boolean("public")
			case "channel":
				m.Channel, err = enum(r, "channel", channels)
			case "automated":
				m.Automated, err = r.boolean("automated")
			case "macro_id":
				m.MacroID, err = r.str()
			case "body":
				m.Body, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return m, err
	case TypeStatusChanged:
		var s StatusChanged
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "from":
				s.From, err = r.status("data.from")
			case "to":
				s.To, err = r.status("data.to")
			case "reopen":
				s.Reopen, err = r.boolean("reopen")
			case "reason":
				s.Reason, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return s, err
	case TypeAssigned:
		var a Assigned
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "agent":
				a.Agent, err = r.str()
			case "group":
				a.Group, err = r.str()
			case "prev_agent":
				a.PrevAgent, err = r.str()
			case "prev_group":
				a.PrevGroup, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return a, err
	case TypePriorityChanged:
		var p PriorityChanged
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "from":
				p.From, err = enum(r, "priority", priorities)
			case "to":
				p.To, err = enum(r, "priority", priorities)
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return p, err
	case TypeTagsChanged:
		var c TagsChanged
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "added":
				c.Added, err = r.strings("added")
			case "removed":
				c.Removed, err = r.strings("removed")
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return c, err
	case TypeFieldsChanged:
		return r.fieldsChanged()
	case TypeMerged:
		var m Merged
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "into":
				m.Into, err = r.id("into")
			case "from":
				m.From, err = r.id("from")
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return m, err
	case TypeLinked:
		var l Linked
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "follow_up_of":
				l.FollowUpOf, err = r.id("follow_up_of")
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return l, err
	case TypeRated:
		var rt Rated
		err := r.object(false, func(key string) (err error) {
			var v int64
			switch key {
			case "survey":
				rt.Survey, err = enum(r, "survey", surveys)
			case "score":
				v, err = r.integer("score", -1<<31, 1<<31-1)
				rt.Score = int(v)
			case "scale":
				v, err = r.integer("scale", -1<<31, 1<<31-1)
				rt.Scale = int(v)
			case "comment":
				rt.Comment, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return rt, err
	case TypeWorkflowApplied:
		var w WorkflowApplied
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "kind":
				w.Kind, err = enum(r, "workflow kind", workflowKinds)
			case "id":
				w.ID, err = r.str()
			case "name":
				w.Name, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return w, err
	case TypeHandlingLogged:
		var h HandlingLogged
		err := r.object(false, func(key string) (err error) {
			var v int64
			switch key {
			case "agent":
				h.Agent, err = r.str()
			case "kind":
				h.Kind, err = enum(r, "handling kind", handlingKinds)
			case "duration_ns":
				v, err = r.integer("duration_ns", -1<<63, 1<<63-1)
				h.Duration = time.Duration(v)
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return h, err
	case TypeFollowUpSet:
		var f FollowUpSet
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "due":
				f.Due, err = r.instant("due")
			case "owner":
				f.Owner, err = r.str()
			case "note":
				f.Note, err = r.str()
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return f, err
	case TypeFollowUpCleared:
		err := r.object(false, func(key string) error { return r.keep("data", key) })
		return FollowUpCleared{}, err
	case TypeSnoozed:
		var z Snoozed
		err := r.object(false, func(key string) (err error) {
			switch key {
			case "until":
				z.Until, err = r.instant("until")
			default:
				err = r.keep("data", key)
			}
			return err
		})
		return z, err
	}
	return nil, r.fail(r.seq, "bad event type", &UnknownValueError{Kind: "event type", Value: string(t), Valid: enumStrings(eventTypes)})
}

func (r *reader) created() (Data, error) {
	var c Created
	err := r.object(false, func(key string) (err error) {
		switch key {
		case "subject":
			c.Subject, err = r.str()
		case "channel":
			c.Channel, err = enum(r, "channel", channels)
		case "requester":
			c.Requester, err = r.requester()
		case "priority":
			c.Priority, err = enum(r, "priority", priorities)
		case "group":
			c.Group, err = r.str()
		case "tags":
			c.Tags, err = r.strings("tags")
		case "category":
			c.Category, err = r.str()
		case "fields":
			err = r.object(true, func(name string) error {
				v, err := r.str()
				if c.Fields == nil {
					c.Fields = make(map[string]string, 4)
				}
				c.Fields[name] = v
				return err
			})
		case "status":
			c.Status, err = r.status("data.status")
		default:
			err = r.keep("data", key)
		}
		return err
	})
	return c, err
}

func (r *reader) requester() (Requester, error) {
	var q Requester
	err := r.object(false, func(key string) (err error) {
		switch key {
		case "customer_id":
			q.CustomerID, err = r.str()
		case "organization":
			q.Organization, err = r.str()
		case "tier":
			var s string
			s, err = r.str()
			q.Tier = Tier(s)
		case "language":
			q.Language, err = r.str()
		case "region":
			q.Region, err = r.str()
		default:
			err = r.keep("data.requester", key)
		}
		return err
	})
	return q, err
}

func (r *reader) fieldsChanged() (Data, error) {
	var f FieldsChanged
	err := r.object(false, func(key string) error {
		if key != "changes" {
			return r.keep("data", key)
		}
		r.skipSpace()
		if !r.consume('[') {
			return r.failf("changes is not an array")
		}
		r.skipSpace()
		if r.consume(']') {
			return nil
		}
		for {
			n := len(f.Changes)
			var c FieldChange
			err := r.object(false, func(key string) (err error) {
				switch key {
				case "field":
					c.Field, err = r.str()
				case "from":
					c.From, err = r.str()
				case "to":
					c.To, err = r.str()
				default:
					err = r.keep("data.changes."+strconv.Itoa(n), key)
				}
				return err
			})
			if err != nil {
				return err
			}
			if f.Changes == nil {
				f.Changes = make([]FieldChange, 0, 4)
			}
			f.Changes = append(f.Changes, c)
			r.skipSpace()
			if r.consume(']') {
				return nil
			}
			if !r.consume(',') {
				return r.failf("want , or ] in changes")
			}
		}
	})
	return f, err
}

// ---- unknown fields ----

// Event.unknown holds the fields a decoder did not know, to be written back
// on encoding: a sequence of records path NUL members NUL, where path names
// the object ("" for the envelope, "actor", "data", "data.requester",
// "data.status", "data.from", "data.to", "data.changes.N") and members are
// the fields as JSON text, `"key":value,"key":value`. JSON text never holds
// a NUL byte (control characters in strings are escaped), so NUL separates.

func appendUnknown(dst []byte, path, key, raw string) []byte {
	dst = append(dst, path...)
	dst = append(dst, 0, '"')
	dst = append(dst, key...)
	dst = append(dst, '"', ':')
	dst = append(dst, raw...)
	return append(dst, 0)
}

// canonicalUnknown orders the records of u by path, keeping the order of
// members within a path, so that the same fields give the same string
// whatever order the decoder met the objects in.
func canonicalUnknown(u []byte) string {
	type record struct{ path, member string }
	var recs []record
	for rest := string(u); len(rest) > 0; {
		i := indexNUL(rest)
		path := rest[:i]
		rest = rest[i+1:]
		j := indexNUL(rest)
		recs = append(recs, record{path, rest[:j]})
		rest = rest[j+1:]
	}
	slices.SortStableFunc(recs, func(a, b record) int { return strings.Compare(a.path, b.path) })
	out := make([]byte, 0, len(u))
	for _, r := range recs {
		out = append(out, r.path...)
		out = append(out, 0)
		out = append(out, r.member...)
		out = append(out, 0)
	}
	return string(out)
}

// unknownAt returns the members kept for the object at path, joined with
// commas, or "".
func unknownAt(u, path string) string {
	var out string
	for len(u) > 0 {
		i := indexNUL(u)
		p := u[:i]
		u = u[i+1:]
		j := indexNUL(u)
		if p == path {
			if out == "" {
				out = u[:j]
			} else {
				out += "," + u[:j]
			}
		}
		u = u[j+1:]
	}
	return out
}

func indexNUL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return len(s)
}

// ---- encoding ----

// writer appends the wire form of one event.
type writer struct {
	b       []byte
	unknown string // the event's unknown fields
	first   bool   // no member written yet in the current object
}

func (w *writer) open() {
	w.b = append(w.b, '{')
	w.first = true
}

// close writes the unknown fields kept for the object at path, and '}'.
func (w *writer) close(path string) {
	if w.unknown != "" {
		if m := unknownAt(w.unknown, path); m != "" {
			if !w.first {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, m...)
		}
	}
	w.b = append(w.b, '}')
	w.first = false
}

func (w *writer) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *writer) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
}

func (w *writer) strOmit(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *writer) boolean(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *writer) integer(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *writer) id(k string, id ID) {
	w.key(k)
	const hex = "0123456789abcdef"
	w.b = append(w.b, '"')
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			w.b = append(w.b, '-')
		}
		w.b = append(w.b, hex[c>>4], hex[c&15])
	}
	w.b = append(w.b, '"')
}

func (w *writer) instant(k string, t time.Time) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = t.AppendFormat(w.b, time.RFC3339Nano)
	w.b = append(w.b, '"')
}

func (w *writer) strings(k string, v []string) {
	if len(v) == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for i, s := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = appendString(w.b, s)
	}
	w.b = append(w.b, ']')
}

func (w *writer) status(k, path string, s Status) {
	w.key(k)
	w.open()
	w.str("name", s.Name)
	w.str("category", string(s.Category))
	w.close(path)
}

// AppendJSON appends the wire form of the event to b, as [Event.MarshalJSON]
// writes it, and returns the extended buffer.
func (e Event) AppendJSON(b []byte) ([]byte, error) {
	if p := payloadProblem(e.Data); p != "" {
		return nil, &DecodeError{Seq: e.Seq, Problem: p}
	}
	if err := e.Data.validate(); err != nil {
		return nil, &DecodeError{Seq: e.Seq, Problem: "invalid " + string(e.Type()) + " data", Err: err}
	}
	if _, offset := e.At.Zone(); e.At.Year() < 0 || e.At.Year() > 9999 || offset%60 != 0 || offset <= -24*3600 || offset >= 24*3600 {
		return nil, &DecodeError{Seq: e.Seq, Problem: "instant " + e.At.String() + " has no exact RFC 3339 form"}
	}
	if err := checkText("actor ID", e.Actor.ID); err != nil {
		return nil, &DecodeError{Seq: e.Seq, Problem: "bad actor", Err: err}
	}
	w := writer{b: b, unknown: e.unknown}
	w.open()
	w.id("ticket_id", e.TicketID)
	w.integer("seq", int64(e.Seq))
	w.instant("at", e.At)
	w.key("actor")
	w.open()
	w.str("id", e.Actor.ID)
	w.str("role", string(e.Actor.Role))
	w.close("actor")
	w.str("type", string(e.Data.Type()))
	w.key("data")
	w.open()
	w.data(e.Data)
	w.close("data")
	w.close("")
	return w.b, nil
}

func (w *writer) data(d Data) {
	switch d := d.(type) {
	case Created:
		w.str("subject", d.Subject)
		w.str("channel", string(d.Channel))
		w.key("requester")
		w.open()
		q := d.Requester
		w.str("customer_id", q.CustomerID)
		w.strOmit("organization", q.Organization)
		w.strOmit("tier", string(q.Tier))
		w.strOmit("language", q.Language)
		w.strOmit("region", q.Region)
		w.close("data.requester")
		w.strOmit("priority", string(d.Priority))
		w.strOmit("group", d.Group)
		w.strings("tags", d.Tags)
		w.strOmit("category", d.Category)
		if len(d.Fields) > 0 {
			w.key("fields")
			w.b = append(w.b, '{')
			for i, k := range sortedKeys(d.Fields) {
				if i > 0 {
					w.b = append(w.b, ',')
				}
				w.b = appendString(w.b, k)
				w.b = append(w.b, ':')
				w.b = appendString(w.b, d.Fields[k])
			}
			w.b = append(w.b, '}')
		}
		w.status("status", "data.status", d.Status)
	case Message:
		w.boolean("public", d.Public)
		w.strOmit("channel", string(d.Channel))
		if d.Automated {
			w.boolean("automated", true)
		}
		w.strOmit("macro_id", d.MacroID)
		w.strOmit("body", d.Body)
	case StatusChanged:
		w.status("from", "data.from", d.From)
		w.status("to", "data.to", d.To)
		if d.Reopen {
			w.boolean("reopen", true)
		}
		w.strOmit("reason", d.Reason)
	case Assigned:
		w.str("agent", d.Agent)
		w.str("group", d.Group)
		w.strOmit("prev_agent", d.PrevAgent)
		w.strOmit("prev_group", d.PrevGroup)
	case PriorityChanged:
		w.strOmit("from", string(d.From))
		w.str("to", string(d.To))
	case TagsChanged:
		w.strings("added", d.Added)
		w.strings("removed", d.Removed)
	case FieldsChanged:
		w.key("changes")
		w.b = append(w.b, '[')
		for i, c := range d.Changes {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.open()
			w.str("field", c.Field)
			w.strOmit("from", c.From)
			w.strOmit("to", c.To)
			w.close("data.changes." + strconv.Itoa(i))
		}
		w.b = append(w.b, ']')
	case Merged:
		if d.Into != (ID{}) {
			w.id("into", d.Into)
		}
		if d.From != (ID{}) {
			w.id("from", d.From)
		}
	case Linked:
		w.id("follow_up_of", d.FollowUpOf)
	case Rated:
		w.str("survey", string(d.Survey))
		w.integer("score", int64(d.Score))
		w.integer("scale", int64(d.Scale))
		w.strOmit("comment", d.Comment)
	case WorkflowApplied:
		w.str("kind", string(d.Kind))
		w.str("id", d.ID)
		w.strOmit("name", d.Name)
	case HandlingLogged:
		w.str("agent", d.Agent)
		w.str("kind", string(d.Kind))
		w.integer("duration_ns", int64(d.Duration))
	case FollowUpSet:
		w.instant("due", d.Due)
		w.strOmit("owner", d.Owner)
		w.strOmit("note", d.Note)
	case FollowUpCleared:
	case Snoozed:
		if !d.Until.IsZero() {
			w.instant("until", d.Until)
		}
	}
}

// sortedKeys returns m's keys in byte order, as encoding/json writes them.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ { // a handful of keys: insertion sort
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// appendString appends s as a JSON string, escaped as encoding/json escapes
// it (HTML-safe: <, > and & as \u003c, \u003e and \u0026; U+2028 and U+2029
// escaped), so that events this package wrote before encode to the same
// bytes. s is valid UTF-8 (payloads are validated before encoding).
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		ru, size := utf8.DecodeRuneInString(s[i:])
		if ru == '\u2028' || ru == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[ru&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
