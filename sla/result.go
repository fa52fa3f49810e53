package sla

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servicedesk-go/desk/ticket"
)

// State is the state of a clock instance. Whether it breached is a separate
// flag ([Instance.Breached]). The zero value means "unknown".
type State string

// The states.
const (
	StateActive    State = "active"    // running
	StatePaused    State = "paused"    // stopped for a while; has no due instant
	StateFulfilled State = "fulfilled" // stopped by its metric's stop event
	StateCancelled State = "cancelled" // stopped for another reason: a solve, a merge, a changed target
)

var states = enum[State]{"state", []State{StateActive, StatePaused, StateFulfilled, StateCancelled}}

// ParseState returns the state spelled s, or an error wrapping [ErrUnknownValue].
func ParseState(s string) (State, error) { return states.parse(s) }

// String returns the wire spelling.
func (s State) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (s *State) UnmarshalText(b []byte) error { return states.unmarshal(s, b) }

// Segment is one stretch of an instance's timeline: running (StateActive),
// paused (StatePaused), or waiting fulfilled for a reopen (StateFulfilled,
// for metrics whose instances a reopen continues).
type Segment struct {
	State State
	From  time.Time
	To    time.Time // zero for the segment still open at the evaluation instant
	// Seq is the ticket event that began the segment: the start event, the
	// status change that paused or resumed it, the solve, the reopen.
	Seq int
	// Elapsed is the counted time (in the target's hours) of a running
	// segment, up to To or the evaluation instant; 0 for other segments.
	Elapsed time.Duration
}

// LevelStatus is where an instance stands with one of its policy's levels.
type LevelStatus struct {
	Level     Level
	Threshold time.Duration // the elapsed time at which it is reached
	Reached   bool
	// At is the instant it was reached or, for an active instance, the
	// instant it will be reached if nothing else happens; zero otherwise.
	At time.Time
}

// Instance is one instance of a metric's clock on a ticket, as of the
// evaluation instant.
type Instance struct {
	Policy  string // the policy whose target applies
	Version int
	Metric  Metric
	Number  int // 1, 2, … per metric, in order of start
	Target  Target

	State    State
	Breached bool

	Start time.Time
	// Due is the instant the elapsed time reaches the target if nothing else
	// happens. Once breached it stays at BreachedAt, in every state. Until
	// then it is zero while paused, and a fulfilled or cancelled instance
	// keeps the Due it had just before it ended (zero if it ended paused).
	Due time.Time
	// OutOfRange is set when the instant Due would name lies beyond the end
	// of the target's hours' range (a *calendar.Calendar built for fewer
	// years, see calendar.WithYears): Due is zero, and the instance cannot
	// breach nor reach a level there, since the calendar counts no time
	// beyond its range. Build the calendar for more years.
	OutOfRange  bool
	OriginalDue time.Time // the due instant under the first target that applied, counted from Start; zero when out of range
	End         time.Time // when it was fulfilled or cancelled; zero otherwise
	BreachedAt  time.Time // the instant the elapsed time reached the target while running
	// Reason says why a cancelled instance was cancelled: "solved",
	// "closed", "merged", "target_changed", "target_removed".
	Reason string

	Elapsed   time.Duration   // counted time in the target's hours, over running segments
	Remaining time.Duration   // Target.Duration − Elapsed; negative once overdue
	Percent   decimal.Decimal // Elapsed as a percentage of the target, 2 places, half away from zero

	Timeline []Segment
	// Levels lists the policy's levels for this metric in order of
	// threshold (the order they are reached in).
	Levels []LevelStatus
}

// Final reports whether the instance can no longer change: cancelled, or
// fulfilled by a metric whose fulfilment a reopen does not undo, or on a
// closed ticket.
func (in *Instance) Final() bool {
	return in.State == StateCancelled || in.State == StateFulfilled &&
		(len(in.Timeline) == 0 || in.Timeline[len(in.Timeline)-1].State != StateFulfilled)
}

// EventKind is the kind of an SLA event, in Zendesk's vocabulary plus
// "level" for a reached warning or escalation level. The zero value means
// "unknown".
type EventKind string

// The SLA event kinds.
const (
	EventApplyPolicy EventKind = "apply_policy" // a policy (or none) began to apply to the ticket
	EventActivate    EventKind = "activate"     // an instance started, or a reopen re-activated it
	EventPause       EventKind = "pause"
	EventResume      EventKind = "resume"
	EventFulfill     EventKind = "fulfill"
	EventCancel      EventKind = "cancel"
	EventBreach      EventKind = "breach"
	EventLevel       EventKind = "level" // a warning or escalation level was reached
)

var eventKinds = enum[EventKind]{"event kind", []EventKind{EventApplyPolicy, EventActivate, EventPause,
	EventResume, EventFulfill, EventCancel, EventBreach, EventLevel}}

// ParseEventKind returns the event kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseEventKind(s string) (EventKind, error) { return eventKinds.parse(s) }

// String returns the wire spelling.
func (k EventKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (k *EventKind) UnmarshalText(b []byte) error { return eventKinds.unmarshal(k, b) }

// Event is one SLA event of a ticket.
type Event struct {
	Kind     EventKind
	At       time.Time
	Policy   string // apply_policy: the policy now in force ("" for none); otherwise the instance's
	Version  int
	Metric   string // the metric name; empty for apply_policy
	Instance int    // the instance number; 0 for apply_policy
	Level    string // for EventLevel: the level's name
	Seq      int    // the ticket event that caused it; 0 for breaches and levels, which time causes
}

// Result is the state of every clock of one ticket at an instant.
type Result struct {
	TicketID ticket.ID
	Now      time.Time
	// Policy and Version name the policy in force at Now; Matched is false
	// when no policy matches the ticket, which then has no SLA.
	Policy  string
	Version int
	Matched bool
	// NoPriority is set when the policy in force has targets keyed by
	// priority and the ticket has no priority: those metrics have no target
	// (Zendesk).
	NoPriority bool

	// Instances lists every instance that has or had a target, by metric
	// (in the order of first appearance in the policies) and number. An
	// instance that starts and ends at one instant (a ticket created solved,
	// a customer message answered at the same instant) never runs and is
	// not listed.
	Instances []Instance
	// Events lists the SLA events up to Now in order of instant; events at
	// the same instant keep the order in which they happened.
	Events []Event
	// NextWakeUp is the earliest instant after Now at which a clock's state,
	// breach or level changes if no new ticket event arrives; zero when
	// nothing will (an instant beyond the end of a calendar's range is never
	// named). Nothing observable changes strictly between Now and it.
	NextWakeUp time.Time
	// Seq is the Seq of the last ticket event read: the last at or before
	// Now. With Now it makes the result's [Checkpoint].
	Seq int

	// reached lists every level of the instances ever seen reached, for
	// Due: one per instance, policy and level.
	reached []reach
	// history is the events read (up to Now) and ps the policies, for Due
	// to re-read what a previous run saw when events it had not read are
	// dated at or before its instant.
	history []ticket.Event
	ps      Policies
}

// reach is a level of an instance as first seen reached (see sighting).
type reach struct {
	instance int // in Instances
	policy   *Policy
	level    *Level
	at, seen time.Time
	seenSeq  int
	undone   bool // not reached as of Now
}

// Clone returns a copy of r that shares no memory an [Evaluator] reuses:
// its instances, events, timelines and levels are copied. (What the
// policies hold, such as a level's actions, and the immutable percentages
// are shared.)
func (r Result) Clone() Result {
	c := r
	c.Instances = slices.Clone(r.Instances)
	c.Events = slices.Clone(r.Events)
	c.reached = slices.Clone(r.reached)
	var segs, levels int
	for _, in := range r.Instances {
		segs += len(in.Timeline)
		levels += len(in.Levels)
	}
	segBuf, levelBuf := make([]Segment, 0, segs), make([]LevelStatus, 0, levels)
	for i := range c.Instances {
		in := &c.Instances[i]
		if in.Timeline != nil {
			segBuf = append(segBuf, in.Timeline...)
			in.Timeline = segBuf[len(segBuf)-len(in.Timeline) : len(segBuf) : len(segBuf)]
		}
		if in.Levels != nil {
			levelBuf = append(levelBuf, in.Levels...)
			in.Levels = levelBuf[len(levelBuf)-len(in.Levels) : len(levelBuf) : len(levelBuf)]
		}
	}
	return c
}
