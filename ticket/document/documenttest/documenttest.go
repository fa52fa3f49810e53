package documenttest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"

	"github.com/servicedesk-go/desk/ticket/document"
)

// Typed returns nil when every problem in err (see [document.Leaves]) is a
// [*document.Error] wrapping pkg, the sentinel of the document's package,
// and otherwise an error naming the first that is not.
func Typed(err, pkg error) error {
	for _, e := range document.Leaves(err) {
		var de *document.Error
		if !errors.As(e, &de) || !errors.Is(e, pkg) {
			return fmt.Errorf("untyped problem %T: %v", e, e)
		}
	}
	return nil
}

// RoundTrip checks one input of a document decoder, as a fuzz target
// does: when decode refuses data, every problem must be [Typed] with pkg;
// when it accepts data, encode must write the value it read, and decode
// must read that back to an equal value (reflect.DeepEqual), which encode
// must write as the same bytes again: the form is stable. It returns
// nil when all of that holds and an error saying what does not otherwise.
func RoundTrip[T any](data []byte, pkg error, decode func([]byte) (T, error), encode func(T) ([]byte, error)) error {
	v, err := decode(data)
	if err != nil {
		return Typed(err, pkg)
	}
	out, err := encode(v)
	if err != nil {
		return fmt.Errorf("a decoded value does not encode: %w", err)
	}
	back, err := decode(out)
	if err != nil {
		return fmt.Errorf("an encoded value does not decode: %w\n%s", err, out)
	}
	if !reflect.DeepEqual(v, back) {
		return fmt.Errorf("an encoded value decodes to another value:\n%s\nread:    %+v\nre-read: %+v", out, v, back)
	}
	again, err := encode(back)
	if err != nil {
		return fmt.Errorf("a re-read value does not encode: %w", err)
	}
	if !bytes.Equal(out, again) {
		return fmt.Errorf("an equal value encodes to other bytes:\n%s\nthen:\n%s", out, again)
	}
	return nil
}
