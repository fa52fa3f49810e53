package sla

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// CatchUpMode says what [Result.Due] does when several levels of one
// instance fall in the window, as happens when the caller's scheduler was
// down. The zero value means CatchUpEach.
type CatchUpMode string

// The catch-up modes.
const (
	// CatchUpEach fires every level in the window, oldest first.
	CatchUpEach CatchUpMode = "each"
	// CatchUpLatest fires only the latest level of each instance; the
	// earlier ones are skipped as "superseded".
	CatchUpLatest CatchUpMode = "latest"
	// CatchUpGrace skips levels reached more than CatchUp.Grace before the
	// end of the window, as "older_than_grace".
	CatchUpGrace CatchUpMode = "grace"
)

var catchUpModes = enum[CatchUpMode]{"catch-up mode", []CatchUpMode{CatchUpEach, CatchUpLatest, CatchUpGrace}}

// ParseCatchUpMode returns the mode spelled s, or an error wrapping [ErrUnknownValue].
func ParseCatchUpMode(s string) (CatchUpMode, error) { return catchUpModes.parse(s) }

// String returns the wire spelling; the zero value reads "each".
func (m CatchUpMode) String() string {
	if m == "" {
		return string(CatchUpEach)
	}
	return string(m)
}

// MarshalText implements encoding.TextMarshaler.
func (m CatchUpMode) MarshalText() ([]byte, error) { return []byte(m), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (m *CatchUpMode) UnmarshalText(b []byte) error { return catchUpModes.unmarshal(m, b) }

// CatchUp is the catch-up option of [Result.Due].
type CatchUp struct {
	Mode  CatchUpMode
	Grace time.Duration // for CatchUpGrace
}

// The reasons a Firing is skipped.
const (
	ReasonSuperseded     = "superseded"
	ReasonOlderThanGrace = "older_than_grace"
)

// Firing is a level whose actions are due: fire them unless Skipped. Key is
// stable across evaluations (ticket, policy and version, metric, instance,
// level), so a caller that records the keys it fired fires nothing twice.
type Firing struct {
	Key      string
	TicketID ticket.ID
	Policy   string
	Version  int
	Metric   string
	Instance int
	Level    string
	At       time.Time // the instant the level was reached
	Actions  []Action
	Skipped  bool
	Reason   string // why it was skipped: ReasonSuperseded or ReasonOlderThanGrace
}

// Due returns the levels reached in (from, to], up to the result's Now, in
// order of instant (then key), each with its actions. Levels the catch-up
// mode passes over are returned with Skipped set and the reason, never
// dropped. A caller's scheduler evaluates the ticket at now and calls
// Due(last run, now); nothing due is an empty result.
func (r Result) Due(from, to time.Time, c CatchUp) []Firing {
	if r.Now.Before(to) {
		to = r.Now
	}
	var out []Firing
	for i := range r.Instances {
		in := &r.Instances[i]
		first := len(out)
		for _, l := range in.Levels {
			if !l.Reached || !l.At.After(from) || l.At.After(to) {
				continue
			}
			f := Firing{TicketID: r.TicketID, Policy: in.Policy, Version: in.Version, Metric: in.Metric.Name,
				Instance: in.Number, Level: l.Level.Name, At: l.At, Actions: l.Level.Actions}
			f.Key = key(f)
			if c.Mode == CatchUpGrace && l.At.Before(to.Add(-c.Grace)) {
				f.Skipped, f.Reason = true, ReasonOlderThanGrace
			}
			out = append(out, f)
		}
		if c.Mode == CatchUpLatest && len(out)-first > 1 {
			mine := out[first:]
			slices.SortStableFunc(mine, func(a, b Firing) int { return a.At.Compare(b.At) })
			for j := range mine[:len(mine)-1] {
				mine[j].Skipped, mine[j].Reason = true, ReasonSuperseded
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Firing) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key)) })
	return out
}

// key builds a firing's idempotency key:
// "ticket/policy@version/metric/instance/level". Names are quoted when they
// hold a slash, so distinct tuples never share a key.
func key(f Firing) string {
	part := func(s string) string {
		for i := range len(s) {
			if s[i] == '/' || s[i] == '"' || s[i] == '@' {
				return strconv.Quote(s)
			}
		}
		return s
	}
	return f.TicketID.String() + "/" + part(f.Policy) + "@" + strconv.Itoa(f.Version) + "/" + part(f.Metric) + "/" +
		strconv.Itoa(f.Instance) + "/" + part(f.Level)
}
