package document_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/ticket/document"
)

// A package's document type is an ordinary struct: keys are its field
// names in snake case, durations are text. Decode reports every problem at
// once, each with its JSON path.
func ExampleDecode() {
	errInvalid := errors.New("shop: invalid config")
	type Stage struct {
		Every time.Duration
		For   time.Duration
	}
	type Cadence struct {
		Name   string
		Stages []Stage
	}

	var c Cadence
	err := document.Decode([]byte(`{"name": "outage", "stages": [{"every": "10m", "for": "1h"}, {"every": "2h"}]}`), &c, errInvalid)
	fmt.Println(c.Stages, err)

	err = document.Decode([]byte(`{"Name": "outage", "stages": [{"every": 600000000000}, {"every": "2h", "every": "3h"}]}`), &c, errInvalid)
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	fmt.Println(errors.Is(err, errInvalid), errors.Is(err, document.ErrUnknownKey))

	out, _ := document.Encode(Cadence{Name: "outage", Stages: []Stage{{Every: 90 * time.Minute}}}, errInvalid)
	fmt.Print(string(out))
	// Output:
	// [{10m0s 1h0m0s} {2h0m0s 0s}] <nil>
	// shop: invalid config: Name: document: unknown key: "Name" (keys are lower case with underscores: did you mean "name"?)
	// shop: invalid config: stages[0].every: document: wrong type: a number, want a duration as text, such as "90m" or "2h30m"
	// shop: invalid config: stages[1].every: document: key given twice: "every"
	// true true
	// {
	//   "name": "outage",
	//   "stages": [
	//     {
	//       "every": "1h30m"
	//     }
	//   ]
	// }
}

// The slips people make writing a document by hand are refused saying
// where they are and what to write: a comma before a closing bracket by
// its line and column, a misspelt key with the key it is probably meant
// to be, a duration in days with its hours.
func ExampleDecode_slips() {
	errInvalid := errors.New("shop: invalid config")
	type Stage struct {
		Every time.Duration
		For   time.Duration
	}
	var s Stage
	err := document.Decode([]byte("{\n  \"every\": \"10m\",\n}"), &s, errInvalid)
	fmt.Println(err)
	err = document.Decode([]byte(`{"evry": "10m", "for": "2d"}`), &s, errInvalid)
	for _, e := range document.Leaves(err) {
		fmt.Println(e)
	}
	// Output:
	// shop: invalid config: document: syntax error: line 3, column 1: invalid character '}' looking for beginning of object key string (JSON allows no comma before a closing '}' or ']')
	// shop: invalid config: evry: document: unknown key: "evry" (did you mean "every"?)
	// shop: invalid config: for: document: invalid value: "2d" is not a duration: there is no day unit; write "48h" (want text such as "90m", "2h30m" or "168h")
}
