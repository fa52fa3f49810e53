package ticket

import (
	"errors"

	"github.com/servicedesk-go/desk/ticket/document"
)

// DecodeLifecycle reads a lifecycle document and returns the lifecycle,
// validated ([Lifecycle.Validated]) and ready for [Create] and [Replay]:
//
//	{
//	  "statuses": [
//	    {"name": "new", "category": "new"},
//	    {"name": "open", "category": "open"},
//	    {"name": "waiting_on_vendor", "category": "on_hold"},
//	    {"name": "solved", "category": "solved"},
//	    {"name": "closed", "category": "closed"}
//	  ],
//	  "initial": "new",
//	  "transitions": {
//	    "new": ["open", "solved"],
//	    "open": ["waiting_on_vendor", "solved"],
//	    "waiting_on_vendor": ["open", "solved"],
//	    "solved": ["open", "closed"]
//	  },
//	  "reopen_to": "open",
//	  "auto_replies_reopen": false
//	}
//
// The keys are those of [Lifecycle]'s fields in snake case; only
// "statuses" and "initial" are required, as Validate says. Decoding is
// strict and reports every problem at once: unknown keys, keys in another
// case or given twice, values of the wrong type and unknown status
// categories, and with them every problem [Lifecycle.Validate] finds in
// what it could read (see [document.Merge]). Each is a
// [*document.Error] carrying the JSON path ("statuses[2].category",
// "transitions.open[1]") and wrapping [ErrInvalidLifecycle]. See package
// [document] for the rules every configuration document of desk follows.
func DecodeLifecycle(data []byte) (*Lifecycle, error) {
	var lc Lifecycle
	read := document.DecodePartial(data, &lc, ErrInvalidLifecycle)
	if errors.Is(read, document.ErrSyntax) {
		return nil, read
	}
	v, err := lc.Validated()
	if err := document.Merge(read, lifecycleProblems(err)); err != nil {
		return nil, err
	}
	return v, nil
}

// EncodeLifecycle writes lc as a lifecycle document that
// [DecodeLifecycle] reads back to an equal lifecycle. It refuses a
// lifecycle that does not pass [Lifecycle.Validate], with the same errors
// DecodeLifecycle would report.
func EncodeLifecycle(lc *Lifecycle) ([]byte, error) {
	if err := lc.Validate(); err != nil {
		return nil, lifecycleProblems(err)
	}
	return document.Encode(lc, ErrInvalidLifecycle)
}

// lifecycleProblems gives each problem of Validate its document path.
func lifecycleProblems(err error) error {
	p := document.Problems{Package: ErrInvalidLifecycle}
	for _, e := range document.Leaves(err) {
		var le *LifecycleError
		path := ""
		if errors.As(e, &le) {
			path = le.Field
		}
		p.Add(path, e)
	}
	return p.Err()
}
