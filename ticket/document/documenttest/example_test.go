package documenttest_test

import (
	"errors"
	"fmt"

	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

var errInvalidQueue = errors.New("queue: invalid config")

// queue is a small document type, as a package would define one.
type queue struct {
	Name string
	Size int
}

func (q queue) Validate() error {
	p := document.Problems{Package: errInvalidQueue}
	if q.Size < 0 {
		p.Addf("size", "%d is negative", q.Size)
	}
	return p.Err()
}

func decodeQueue(data []byte) (queue, error) {
	return document.DecodeValid[queue](data, errInvalidQueue)
}

func (q queue) encode() ([]byte, error) { return document.Encode(q, errInvalidQueue) }

// What a fuzz target of a document decoder checks for each input: an
// accepted document survives encoding, a refused one has typed problems.
func ExampleRoundTrip() {
	for _, in := range []string{`{"name": "l1", "size": 3}`, `{"size": -1, "Name": "x"}`, `{"size": `} {
		fmt.Println(documenttest.RoundTrip([]byte(in), errInvalidQueue, decodeQueue, queue.encode))
	}
	// Output:
	// <nil>
	// <nil>
	// <nil>
}

// A problem that is not a *document.Error wrapping the package's sentinel
// is reported.
func ExampleTyped() {
	_, err := decodeQueue([]byte(`{"size": -1}`))
	fmt.Println(documenttest.Typed(err, errInvalidQueue))
	fmt.Println(documenttest.Typed(errors.Join(err, errors.New("size: too big")), errInvalidQueue))
	// Output:
	// <nil>
	// untyped problem *errors.errorString: size: too big
}
