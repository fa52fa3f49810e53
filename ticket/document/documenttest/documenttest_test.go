package documenttest_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

func TestTyped(t *testing.T) {
	assert.NoError(t, documenttest.Typed(nil, errInvalidQueue))
	typed := &document.Error{Path: "size", Err: errors.New("bad"), Package: errInvalidQueue}
	assert.NoError(t, documenttest.Typed(errors.Join(typed, fmt.Errorf("wrapped: %w", typed)), errInvalidQueue))
	assert.ErrorContains(t, documenttest.Typed(typed, errors.New("other")), "untyped problem *document.Error")
	assert.ErrorContains(t, documenttest.Typed(errors.Join(typed, errInvalidQueue), errInvalidQueue), "untyped problem *errors.errorString")
}

func TestRoundTripFailures(t *testing.T) {
	in := []byte(`{"name": "l1"}`)
	require.NoError(t, documenttest.RoundTrip(in, errInvalidQueue, decodeQueue, queue.encode))

	refuses := func(queue) ([]byte, error) { return nil, errors.New("cannot write") }
	assert.ErrorContains(t, documenttest.RoundTrip(in, errInvalidQueue, decodeQueue, refuses), "a decoded value does not encode: cannot write")

	garbles := func(queue) ([]byte, error) { return []byte(`{"nmae": "l1"}`), nil }
	assert.ErrorContains(t, documenttest.RoundTrip(in, errInvalidQueue, decodeQueue, garbles), "an encoded value does not decode")

	loses := func(q queue) ([]byte, error) { q.Name = "l2"; return document.Encode(q, errInvalidQueue) }
	assert.ErrorContains(t, documenttest.RoundTrip(in, errInvalidQueue, decodeQueue, loses), "an encoded value decodes to another value")

	writes := 0
	unstable := func(q queue) ([]byte, error) {
		writes++
		out, err := document.Encode(q, errInvalidQueue)
		return append(out, bytes.Repeat([]byte(" "), writes)...), err
	}
	assert.ErrorContains(t, documenttest.RoundTrip(in, errInvalidQueue, decodeQueue, unstable), "an equal value encodes to other bytes")

	untyped := func([]byte) (queue, error) { return queue{}, errors.New("plain") }
	assert.ErrorContains(t, documenttest.RoundTrip(in, errInvalidQueue, untyped, queue.encode), "untyped problem")
}
