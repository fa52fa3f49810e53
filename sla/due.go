package sla

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// CatchUpMode says what [Result.Due] does with levels due since the
// previous run that a scheduler running at every instant would have fired
// earlier: several levels of one instance, as happens when the scheduler
// was down, or levels reached long ago. The zero value means CatchUpEach;
// [Result.Due] refuses any other spelling.
type CatchUpMode string

// The catch-up modes.
const (
	// CatchUpEach fires every due level, oldest first.
	CatchUpEach CatchUpMode = "each"
	// CatchUpLatest fires only the latest level of each instance; the
	// earlier ones are skipped as "superseded".
	CatchUpLatest CatchUpMode = "latest"
	// CatchUpGrace skips levels reached more than CatchUp.Grace before the
	// result's Now, as "older_than_grace".
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
	Grace time.Duration // only for CatchUpGrace: at least 0
}

// Validate reports a mode that is not one of the catch-up modes, a
// negative grace, or a grace set for another mode than [CatchUpGrace]
// (which would ignore it), as an error wrapping [ErrInvalidCatchUp] (and,
// for the mode, [ErrUnknownValue]).
func (c CatchUp) Validate() error {
	if c.Mode != "" && !catchUpModes.has(c.Mode) {
		_, err := catchUpModes.parse(string(c.Mode))
		return fmt.Errorf("%w: %w", ErrInvalidCatchUp, err)
	}
	if c.Grace < 0 {
		return fmt.Errorf("%w: grace %v is negative", ErrInvalidCatchUp, c.Grace)
	}
	if c.Grace != 0 && c.Mode != CatchUpGrace {
		return fmt.Errorf("%w: grace %v is set, but mode %q ignores it: a grace is only for mode %q", ErrInvalidCatchUp, c.Grace, c.Mode.String(), CatchUpGrace)
	}
	return nil
}

// The reasons a Firing is skipped.
const (
	// ReasonSuperseded: CatchUpLatest fires a later level of the instance.
	ReasonSuperseded = "superseded"
	// ReasonOlderThanGrace: CatchUpGrace, and the level was reached more
	// than Grace before the run.
	ReasonOlderThanGrace = "older_than_grace"
	// ReasonUndone: the level was reached after the previous run, but a
	// later change of target (Retroactive recalculation to a longer target)
	// undid it before this one, so it is not reached as of this run.
	ReasonUndone = "undone"
)

// The reasons a Firing is late.
const (
	// LateRetroactive: a ticket event at Seen (a raised priority, a policy
	// with a shorter target) reached the level retroactively, at an instant
	// At before the event.
	LateRetroactive = "retroactive"
	// LateUnreadEvent: the level was reached at or before the previous run,
	// but only under a ticket event that run had not read (an event dated
	// before the run that was stored after it).
	LateUnreadEvent = "unread_event"
)

// Checkpoint is what a scheduler keeps of its previous run on a ticket:
// the instant it evaluated and the Seq of the last ticket event it read
// (see [Result.Checkpoint]). The zero Checkpoint means "no run before".
type Checkpoint struct {
	At  time.Time
	Seq int
}

// Checkpoint returns the checkpoint of this evaluation, to keep with the
// firings acted on and pass to Due at the next run.
func (r Result) Checkpoint() Checkpoint { return Checkpoint{At: r.Now, Seq: r.Seq} }

// Firing is a level whose actions are due: fire them unless Skipped. Key is
// stable across evaluations (ticket, policy and version, metric, instance,
// level), so a caller that also records the keys it fired is safe even
// against its own bugs.
type Firing struct {
	Key      string
	TicketID ticket.ID
	Policy   string
	Version  int
	Metric   string
	Instance int
	Level    string
	// At is the instant the level was reached, as an evaluation first
	// showed it; for a Late level it may lie before the previous run.
	At time.Time
	// Seen is the first instant an evaluation shows the level reached: At,
	// or the instant of the ticket event that reached it retroactively.
	Seen    time.Time
	Actions []Action
	// Late is set when the level was not reached at At as far as a run
	// could know then: LateReason says why (LateRetroactive or
	// LateUnreadEvent). A late level is due all the same.
	Late       bool
	LateReason string
	Skipped    bool
	Reason     string // why it was skipped: ReasonSuperseded, ReasonOlderThanGrace or ReasonUndone
}

// Due returns the levels that became reached since the previous run: the
// levels an evaluation first shows reached after prev (the Checkpoint of
// the previous run's result), that is, reached as of this result and shown
// reached by no evaluation of the events the previous run read at an
// instant up to its own, each with its actions, in order of instant (then
// key). Over a scheduler's runs, the
// firings of consecutive calls, each passing the checkpoint of the one
// before, hold every level ever reached exactly once — fired, or skipped
// with a reason, never dropped — whatever the instants the runs happen at:
//
//   - a level reached between the runs is due;
//   - a level reached retroactively (a change of target after the previous
//     run put its instant before it) is due, Late, with its instant At and
//     the instant Seen of the event that reached it;
//   - a level reached after the previous run and undone before this one (a
//     longer target applied retroactively) is returned Skipped with
//     ReasonUndone;
//   - a level the previous run showed reached is never due again, even when
//     a change of target undid it and it is reached again later, or events
//     stored after that run but dated at or before it (an agent's change
//     made offline) paused its instance before it, or reached it earlier.
//
// In that last case Due evaluates the events the previous run read again,
// at its instant, to know what it showed: the events given to Evaluate must
// not have changed since. A checkpoint names only the previous run, so one
// case stays beyond it: a level a run returned, which events stored late
// moved past the next run (that run did not show it reached), is due again
// when it is reached later, under the same Key. A scheduler that may store
// events dated before its last run keeps the keys it fired, and acts on
// each once.
//
// The catch-up mode then skips some of the due levels, with the reason:
// CatchUpLatest all but the latest (by At) of each instance, CatchUpGrace
// those reached more than Grace before Now. A breach is not a level: it
// fires nothing unless the policy declares a level of 100 % or of offset 0
// (see [Level]).
//
// The zero Checkpoint means no run before: every level reached so far is
// due. Due returns an error wrapping [ErrInvalidCatchUp] for an invalid
// catch-up option, and a *[CheckpointError] wrapping [ErrInvalidCheckpoint]
// for a checkpoint this result cannot follow: one after Now (a scheduler
// whose workers' clocks differ evaluates at the later of its clock and the
// checkpoint's instant), one that read an event this result has not (a
// stale read of the history), or one half zero. Nothing due is an empty
// result.
//
// Due reads instants on their wall clocks, as package ticket orders a
// history and as a store keeps it: the monotonic clock readings of
// instants from time.Now (the checkpoint's, the result's Now, the events'
// that reached a level) are ignored, so that across a step of the wall
// clock a checkpoint kept in process is followed as the same checkpoint
// read back from storage.
func (r Result) Due(prev Checkpoint, c CatchUp) ([]Firing, error) {
	return r.AppendDue(nil, prev, c)
}

// AppendDue is [Result.Due] appending to dst, which a scheduler may reuse
// from ticket to ticket: nothing is allocated when nothing is due (unless
// the previous run missed events dated at or before it, see Due).
func (r Result) AppendDue(dst []Firing, prev Checkpoint, c CatchUp) ([]Firing, error) {
	if err := c.Validate(); err != nil {
		return dst, err
	}
	if err := r.follows(prev); err != nil {
		return dst, err
	}
	// The comparisons below read wall clocks: each level's At and Seen are
	// the engine's, which carry no monotonic reading (Policies.Evaluate), and
	// time.Time compares on the wall clock unless both instants carry one.
	shown := r.shownBy(prev)
	first := len(dst)
	for i := range r.reached {
		rc := &r.reached[i]
		if shown == nil && !rc.seen.After(prev.At) && rc.seenSeq <= prev.Seq && !prev.At.IsZero() {
			continue // the previous run showed it reached
		}
		in := &r.Instances[rc.instance]
		f := Firing{TicketID: r.TicketID, Policy: rc.policy.Name, Version: rc.policy.Version, Metric: in.Metric.Name,
			Instance: in.Number, Level: rc.level.Name, At: rc.at, Seen: rc.seen, Actions: rc.level.Actions}
		f.Key = key(f)
		if shown != nil && shown[f.Key] {
			continue // the previous run showed it reached, under the events it had read
		}
		switch {
		case rc.seen.After(rc.at):
			f.Late, f.LateReason = true, LateRetroactive
		case !prev.At.IsZero() && !rc.at.After(prev.At):
			f.Late, f.LateReason = true, LateUnreadEvent
		}
		switch {
		case rc.undone:
			f.Skipped, f.Reason = true, ReasonUndone
		case c.Mode == CatchUpGrace && rc.at.Before(r.Now.Add(-c.Grace)):
			f.Skipped, f.Reason = true, ReasonOlderThanGrace
		}
		dst = append(dst, f)
	}
	out := dst[first:]
	slices.SortStableFunc(out, func(a, b Firing) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key)) })
	if c.Mode == CatchUpLatest {
		// The last firing of each instance that is not skipped stays.
		for i := range out {
			if out[i].Skipped {
				continue
			}
			for j := i + 1; j < len(out); j++ {
				if !out[j].Skipped && out[j].Policy == out[i].Policy && out[j].Version == out[i].Version &&
					out[j].Metric == out[i].Metric && out[j].Instance == out[i].Instance {
					out[i].Skipped, out[i].Reason = true, ReasonSuperseded
					break
				}
			}
		}
	}
	return dst, nil
}

// shownBy returns the keys of the levels the run with checkpoint prev
// showed reached, when events that run had not read are dated at or before
// its instant (stored late: an agent's change made offline, a slow
// channel), or nil when there are none. Such events may change what the
// history says about the time up to that run: pause an instance before a
// level the run showed reached, or reach it earlier under a raised
// priority. The instants and events of this result then no longer tell
// what the run showed, so the events it read are evaluated again at its
// instant. Without such events, a level was shown reached by the previous
// run exactly when it was first seen at or before its instant under the
// events it read, which the sightings tell.
func (r Result) shownBy(prev Checkpoint) map[string]bool {
	if prev.At.IsZero() || prev.Seq >= r.Seq {
		return nil
	}
	j, _ := slices.BinarySearchFunc(r.history, prev.Seq+1, func(e ticket.Event, seq int) int { return cmp.Compare(e.Seq, seq) })
	if j == len(r.history) || r.history[j].At.Round(0).After(prev.At.Round(0)) {
		return nil
	}
	shown := map[string]bool{}
	if j == 0 {
		return shown
	}
	var ev Evaluator
	ev.e.init(r.ps)
	p, err := ev.Evaluate(r.history[:j], prev.At)
	if err != nil { // a previous run before the ticket was created showed nothing
		return shown
	}
	for i := range p.reached {
		rc := &p.reached[i]
		in := &p.Instances[rc.instance]
		shown[key(Firing{TicketID: r.TicketID, Policy: rc.policy.Name, Version: rc.policy.Version,
			Metric: in.Metric.Name, Instance: in.Number, Level: rc.level.Name})] = true
	}
	return shown
}

// follows checks that the result can follow a run with checkpoint prev.
func (r Result) follows(prev Checkpoint) error {
	bad := func(problem string) error {
		return &CheckpointError{Checkpoint: prev, Now: r.Now, Seq: r.Seq, Problem: problem}
	}
	switch {
	case prev.At.IsZero() != (prev.Seq == 0):
		return bad("an instant without a Seq, or a Seq without an instant")
	case prev.At.Round(0).After(r.Now.Round(0)): // both the caller's: on their wall clocks
		return bad("the previous run lies after this one")
	case prev.Seq > r.Seq:
		return bad("the previous run read ticket events this one has not")
	}
	return nil
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
