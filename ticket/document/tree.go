package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// parse reads data as exactly one JSON value.
func parse(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the JSON value")
	}
	return n, nil
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
			return nil, fmt.Errorf("arrays and objects nested more than %d deep", maxDepth)
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

// syntaxText returns package json's message without its "json: " prefix.
func syntaxText(err error) string { return strings.TrimPrefix(err.Error(), "json: ") }
