package followup

import (
	"fmt"
	"slices"
)

// UnknownValueError reports a string that is not one of an enumeration's
// spellings. It wraps [ErrInvalidRules]: enumerations here are rule
// options.
type UnknownValueError struct {
	Kind  string   // e.g. "catch-up mode"
	Value string   // what was given
	Valid []string // the accepted spellings
}

// Error implements the error interface.
func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("followup: unknown %s %q (want one of %q)", e.Kind, e.Value, e.Valid)
}

// Unwrap returns [ErrInvalidRules].
func (e *UnknownValueError) Unwrap() error { return ErrInvalidRules }

func parseEnum[E ~string](kind, s string, valid []E) (E, error) {
	if slices.Contains(valid, E(s)) {
		return E(s), nil
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	return "", &UnknownValueError{Kind: kind, Value: s, Valid: names}
}

func unmarshalEnum[E ~string](dst *E, kind string, b []byte, valid []E) error {
	if len(b) == 0 {
		*dst = ""
		return nil
	}
	v, err := parseEnum(kind, string(b), valid)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// Anchor is what a [Cadence] counts its promised updates from. The zero
// value means [AnchorPhaseStart].
type Anchor string

// The anchors.
const (
	// AnchorPhaseStart promises updates on a fixed grid from the start of
	// the case's current phase: 18:05 start, every 10 minutes → 18:15,
	// 18:25, … whenever the updates were actually posted. An update keeps
	// the oldest promise not yet kept when it is posted within that
	// promise's interval (after the promise before it) or after it: an
	// update at 18:14 keeps 18:15 and the next is due at 18:25; a late one
	// at 18:28 keeps 18:25 and the next is due at 18:35. A second update
	// in the interval of a promise already kept (18:14:30) keeps nothing
	// more; one at 18:16 lies in the 18:25 promise's interval and keeps it.
	AnchorPhaseStart Anchor = "phase_start"
	// AnchorLastUpdate promises the next update one interval after the last
	// update (or after the phase start when there was none yet), early or
	// late: an update at 18:14 keeps the 18:15 promise and the next is due
	// at 18:24.
	AnchorLastUpdate Anchor = "last_update"
)

var anchors = []Anchor{AnchorPhaseStart, AnchorLastUpdate}

// ParseAnchor returns the anchor spelled s, or an error wrapping [ErrInvalidRules].
func ParseAnchor(s string) (Anchor, error) { return parseEnum("anchor", s, anchors) }

// String returns the anchor's spelling.
func (a Anchor) String() string { return string(a) }

// MarshalText implements encoding.TextMarshaler.
func (a Anchor) MarshalText() ([]byte, error) { return []byte(a), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (a *Anchor) UnmarshalText(b []byte) error { return unmarshalEnum(a, "anchor", b, anchors) }

// Counts says which public messages count as a status update. The zero
// value means [CountsAny].
type Counts string

// The update kinds.
const (
	// CountsAny: a public message by a human agent, or an automated public
	// message (an agent's automated message, a bot's or the system's).
	CountsAny Counts = "any"
	// CountsHuman: only a public reply by a human agent that is not
	// automated (ticket.Message.IsAgentReply).
	CountsHuman Counts = "human"
	// CountsAutomated: only an automated public message (automated, or by a
	// bot or the system).
	CountsAutomated Counts = "automated"
)

var countsValues = []Counts{CountsAny, CountsHuman, CountsAutomated}

// ParseCounts returns the update kind spelled s, or an error wrapping [ErrInvalidRules].
func ParseCounts(s string) (Counts, error) { return parseEnum("update kind", s, countsValues) }

// String returns the update kind's spelling.
func (c Counts) String() string { return string(c) }

// MarshalText implements encoding.TextMarshaler.
func (c Counts) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (c *Counts) UnmarshalText(b []byte) error {
	return unmarshalEnum(c, "update kind", b, countsValues)
}

// Action is what a [Nudge] step does. The zero value means [ActionRemind].
type Action string

// The nudge actions.
const (
	ActionRemind Action = "remind" // remind the requester (a bump)
	ActionSolve  Action = "solve"  // solve the ticket; the last step
)

var actions = []Action{ActionRemind, ActionSolve}

// ParseAction returns the nudge action spelled s, or an error wrapping [ErrInvalidRules].
func ParseAction(s string) (Action, error) { return parseEnum("nudge action", s, actions) }

// String returns the action's spelling.
func (a Action) String() string { return string(a) }

// MarshalText implements encoding.TextMarshaler.
func (a Action) MarshalText() ([]byte, error) { return []byte(a), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (a *Action) UnmarshalText(b []byte) error { return unmarshalEnum(a, "nudge action", b, actions) }

// CatchUpMode says what happens to follow-ups whose instants passed while
// the caller's scheduler was down (or simply before the last plan). The
// zero value means [CatchUpEach].
type CatchUpMode string

// The catch-up modes. They apply to notifications (status updates,
// reminders and nudges to the requester); wake-ups and auto-solves change
// the ticket's state and are always due once their instant has passed —
// skipping them would leave a ticket asleep or pending for ever.
const (
	// CatchUpEach: every missed follow-up is due, the latest CatchUp.Max
	// of each obligation (100 by default) listed and the older ones
	// skipped with ReasonTooMany.
	CatchUpEach CatchUpMode = "each"
	// CatchUpLatest: only the latest missed follow-up of each obligation is
	// due; earlier ones are skipped as superseded.
	CatchUpLatest CatchUpMode = "latest"
	// CatchUpGrace: a follow-up is due for CatchUp.Grace after its instant
	// and skipped as too old after that.
	CatchUpGrace CatchUpMode = "grace"
)

var catchUpModes = []CatchUpMode{CatchUpEach, CatchUpLatest, CatchUpGrace}

// ParseCatchUpMode returns the mode spelled s, or an error wrapping [ErrInvalidRules].
func ParseCatchUpMode(s string) (CatchUpMode, error) {
	return parseEnum("catch-up mode", s, catchUpModes)
}

// String returns the mode's spelling.
func (m CatchUpMode) String() string { return string(m) }

// MarshalText implements encoding.TextMarshaler.
func (m CatchUpMode) MarshalText() ([]byte, error) { return []byte(m), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (m *CatchUpMode) UnmarshalText(b []byte) error {
	return unmarshalEnum(m, "catch-up mode", b, catchUpModes)
}

// Kind is what a follow-up [Item] asks the caller to do.
type Kind string

// The kinds of follow-up.
const (
	KindStatusUpdate Kind = "status_update" // post a status update to the requester
	KindReminder     Kind = "reminder"      // remind the owner of a personal follow-up flag or follow-up date
	KindNudge        Kind = "nudge"         // remind the requester of a pending ticket
	KindAutoSolve    Kind = "auto_solve"    // solve a pending ticket the requester never answered
	KindWakeUp       Kind = "wake_up"       // a snoozed ticket wakes up
)

// String returns the kind's spelling.
func (k Kind) String() string { return string(k) }

// notification reports whether the catch-up mode applies to the kind.
func (k Kind) notification() bool { return k != KindAutoSolve && k != KindWakeUp }

// Source is the obligation an [Item] comes from.
type Source string

// The sources.
const (
	SourceCadence  Source = "cadence"  // a rule's status-update cadence
	SourcePersonal Source = "personal" // a rule's personal follow-up flag
	SourceDate     Source = "date"     // an agent-set follow-up date (ticket.FollowUpSet)
	SourceNudges   Source = "nudges"   // a rule's pending nudges
	SourceSnooze   Source = "snooze"   // a snooze (ticket.Snoozed)
)

// String returns the source's spelling.
func (s Source) String() string { return string(s) }

// Reason says why a follow-up was cancelled or skipped.
type Reason string

// The reasons.
const (
	ReasonCustomerReply Reason = "customer_reply" // the requester replied
	ReasonAnswered      Reason = "answered"       // an update lowered the personal flag
	ReasonSolved        Reason = "solved"         // the ticket was solved
	ReasonClosed        Reason = "closed"         // the ticket was closed (or merged away)
	ReasonPending       Reason = "pending"        // the ticket now waits on the requester
	ReasonStatusChanged Reason = "status_changed" // the ticket left pending otherwise
	ReasonPhaseChanged  Reason = "phase_changed"  // a reset event started a new phase
	ReasonRuleChanged   Reason = "rule_changed"   // another rule matches now (a new phase, or pending nudges restarted)
	ReasonReplaced      Reason = "replaced"       // a new snooze or follow-up date replaced it
	ReasonCleared       Reason = "cleared"        // the follow-up date was cleared, or the snooze ended
	ReasonSuperseded    Reason = "superseded"     // skipped: a later occurrence is due (CatchUpLatest)
	ReasonTooOld        Reason = "too_old"        // skipped: older than the grace period (CatchUpGrace)
	ReasonTooMany       Reason = "too_many"       // skipped: older than the latest CatchUp.Max missed occurrences a plan lists
)

// String returns the reason's spelling.
func (r Reason) String() string { return string(r) }
