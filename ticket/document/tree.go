package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// kind is the JSON type of a node.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

var kindNames = [...]string{kindNull: "null", kindBool: "a boolean", kindNumber: "a number",
	kindString: "a string", kindArray: "an array", kindObject: "an object"}

func (k kind) String() string { return kindNames[k] }

// KindOf names the JSON type of the valid JSON value raw in a document's
// words ("an object", "an array", "a string", "a number", "a boolean",
// "null"), as its problems say them: a reader that takes a section as
// [json.RawMessage] reports a wrong type as [Decode] does. Empty raw,
// which is how Decode writes null, is "null".
func KindOf(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return kindNames[kindNull]
	}
	switch raw[0] {
	case '{':
		return kindNames[kindObject]
	case '[':
		return kindNames[kindArray]
	case '"':
		return kindNames[kindString]
	case 't', 'f':
		return kindNames[kindBool]
	case 'n':
		return kindNames[kindNull]
	}
	return kindNames[kindNumber]
}

// node is a JSON value with its object keys in order, repeats included,
// which package json's decoding into maps and structs would lose.
type node struct {
	kind  kind
	text  string // a string's value, a number's text
	b     bool
	keys  []string // an object's keys
	elems []*node  // an object's values (beside keys) or an array's elements
}

// maxDepth is how deeply arrays and objects may nest in a document: far
// more than any configuration needs, and a bound on the recursion that
// untrusted text can cause.
const maxDepth = 100

// parse reads data as exactly one JSON value. A byte order mark before
// it is ignored, as RFC 8259 section 8.1 allows. An error says where the
// text is at fault, by line and column, and what usually causes it.
func parse(data []byte) (*node, error) {
	text := bytes.TrimPrefix(data, []byte("\ufeff"))
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	off := dec.InputOffset()
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			return n, nil
		}
		err = errors.New("text after the JSON value")
	}
	var at *errorAt
	if errors.As(err, &at) {
		off = at.off
	}
	return nil, syntaxProblem(text, off, err)
}

// errorAt is a problem of the text at an offset other than where the
// decoder stopped.
type errorAt struct {
	off int64
	msg string
}

func (e *errorAt) Error() string { return e.msg }

// syntaxProblem describes err, met at offset off of text, with the line
// and column (in characters, from 1) of that offset and a hint for the
// usual slips.
func syntaxProblem(text []byte, off int64, err error) error {
	off = max(0, min(off, int64(len(text))))
	// The decoder stops before what it could not read: skip the space
	// to it, so that the position is that of the fault.
	for off < int64(len(text)) && strings.IndexByte(" \t\r\n", text[off]) >= 0 {
		off++
	}
	before := text[:off]
	line := 1 + bytes.Count(before, []byte("\n"))
	column := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	msg := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		msg = "the text is empty"
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		msg = `the text ends before its JSON value does: a closing '}', ']' or '"' is missing`
	case off < int64(len(text)):
		prev := bytes.TrimRight(before, " \t\r\n")
		switch c := text[off]; {
		case (c == '}' || c == ']') && len(prev) > 0 && prev[len(prev)-1] == ',':
			msg += " (JSON allows no comma before a closing '}' or ']')"
		case c == '/' || c == '#':
			msg += " (JSON has no comments)"
		case c == '\'':
			msg += " (JSON strings are in double quotes)"
		case strings.HasSuffix(msg, "after object key:value pair") || strings.HasSuffix(msg, "after array element"):
			msg += " (a comma missing before it?)"
		}
	}
	return fmt.Errorf("line %d, column %d: %s", line, column, msg)
}

func parseValue(dec *json.Decoder, depth int) (*node, error) {
	t, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return parseFrom(dec, t, depth)
}

func parseFrom(dec *json.Decoder, t json.Token, depth int) (*node, error) {
	switch v := t.(type) {
	case nil:
		return &node{kind: kindNull}, nil
	case bool:
		return &node{kind: kindBool, b: v}, nil
	case json.Number:
		return &node{kind: kindNumber, text: string(v)}, nil
	case string:
		return &node{kind: kindString, text: v}, nil
	case json.Delim:
		if depth >= maxDepth {
			return nil, &errorAt{dec.InputOffset() - 1, fmt.Sprintf("arrays and objects nested more than %d deep", maxDepth)}
		}
		n := &node{kind: kindArray}
		if v == '{' {
			n.kind = kindObject
		}
		for dec.More() {
			if n.kind == kindObject {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			e, err := parseValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, e)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	}
	return nil, fmt.Errorf("unexpected %v", t)
}

// write appends n as compact JSON to b, keys in their order, repeats
// included.
func (n *node) write(b *bytes.Buffer) {
	switch n.kind {
	case kindNull:
		b.WriteString("null")
	case kindBool:
		b.WriteString(strconv.FormatBool(n.b))
	case kindNumber:
		b.WriteString(n.text)
	case kindString:
		writeString(b, n.text)
	case kindArray, kindObject:
		open, end := byte('['), byte(']')
		if n.kind == kindObject {
			open, end = '{', '}'
		}
		b.WriteByte(open)
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			if n.kind == kindObject {
				writeString(b, n.keys[i])
				b.WriteByte(':')
			}
			e.write(b)
		}
		b.WriteByte(end)
	}
}

// writeString appends s as a JSON string.
func writeString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}
