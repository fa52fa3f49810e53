package ticket

import (
	"time"
)

// The event types of agent-set follow-up dates and snoozes.
const (
	TypeFollowUpSet     EventType = "follow_up_set"
	TypeFollowUpCleared EventType = "follow_up_cleared"
	TypeSnoozed         EventType = "snoozed"
)

// FollowUpSet records a follow-up date an agent set on the ticket ("call Ola
// back on Friday at 10:00"). It is a reminder to get back to the customer,
// not a follow-up ticket (see [FollowUp]). A ticket has at most one
// follow-up date: a new FollowUpSet replaces the last one. Owner names the
// agent or group who must follow up; empty means the ticket's assignee.
type FollowUpSet struct {
	Due   time.Time `json:"due"`
	Owner string    `json:"owner,omitempty"`
	Note  string    `json:"note,omitempty"`
}

// FollowUpCleared removes the ticket's follow-up date.
type FollowUpCleared struct{}

// Snoozed hides the ticket until an instant (Help Scout's snoozedUntil,
// Zammad's pending reminder): the desk is reminded of it then. A new snooze
// replaces the last; a zero Until wakes the ticket now (an unsnooze).
// Whether a customer reply ends a snooze early is a follow-up rule's
// option, not part of the event.
type Snoozed struct {
	Until time.Time `json:"until,omitzero"`
}

// Type implements [Data].
func (FollowUpSet) Type() EventType { return TypeFollowUpSet }

// Type implements [Data].
func (FollowUpCleared) Type() EventType { return TypeFollowUpCleared }

// Type implements [Data].
func (Snoozed) Type() EventType { return TypeSnoozed }

func (f FollowUpSet) validate() error {
	if f.Due.IsZero() {
		return problem("follow-up date has no due time")
	}
	if err := checkTexts("owner", f.Owner, "note", f.Note); err != nil {
		return err
	}
	return checkInstant(f.Due)
}

func (FollowUpCleared) validate() error { return nil }

func (s Snoozed) validate() error {
	if s.Until.IsZero() {
		return nil
	}
	return checkInstant(s.Until)
}

// followUpInconsistency describes how a follow-up or snooze payload d
// disagrees with the ticket t, or returns "": clearing a follow-up date the
// ticket does not have, or waking a ticket that is not snoozed.
func followUpInconsistency(t *Ticket, d Data) string {
	switch d := d.(type) {
	case FollowUpCleared:
		if t.FollowUpDate.Due.IsZero() {
			return "follow-up date cleared, but the ticket has none"
		}
	case Snoozed:
		if d.Until.IsZero() && t.SnoozedUntil.IsZero() {
			return "snooze ended, but the ticket is not snoozed"
		}
	}
	return ""
}

// SetFollowUp sets the ticket's follow-up date, replacing any earlier one.
// The due time must be set and storable (see [Create]); it may lie in the
// past (a date entered late is due at once). Setting the same date, owner
// and note again is a no-op.
func (t Ticket) SetFollowUp(at time.Time, by Actor, f FollowUpSet) (Ticket, []Event, error) {
	if err := t.begin("set follow-up", at, by); err != nil {
		return t, nil, err
	}
	// The same instant on the wall clock, whatever monotonic readings the
	// two carry: a store keeps only the wall clock.
	if f.Due.Round(0).Equal(t.FollowUpDate.Due.Round(0)) && f.Owner == t.FollowUpDate.Owner && f.Note == t.FollowUpDate.Note {
		return t, nil, nil
	}
	return t.emit("set follow-up", at, by, f)
}

// ClearFollowUp removes the ticket's follow-up date; without one it is a
// no-op.
func (t Ticket) ClearFollowUp(at time.Time, by Actor) (Ticket, []Event, error) {
	if err := t.begin("clear follow-up", at, by); err != nil {
		return t, nil, err
	}
	if t.FollowUpDate.Due.IsZero() {
		return t, nil, nil
	}
	return t.emit("clear follow-up", at, by, FollowUpCleared{})
}

// Snooze snoozes the ticket until until, replacing any earlier snooze; a
// zero until wakes a snoozed ticket (a no-op on one that is not snoozed).
// Snoozing until the current snooze's instant again is a no-op, unless an
// event since that snooze may have ended it early: a customer's reply (not
// an automated one), a solve or a close, which end a snooze under the
// follow-up rules (package followup). Then it is a new snooze, so an agent
// who puts a ticket back to sleep until the same Friday after the
// customer wrote gets that snooze.
func (t Ticket) Snooze(at time.Time, by Actor, until time.Time) (Ticket, []Event, error) {
	if err := t.begin("snooze", at, by); err != nil {
		return t, nil, err
	}
	if until.Round(0).Equal(t.SnoozedUntil.Round(0)) && (until.IsZero() || !t.snoozeEnded) { // on the wall clock, as SetFollowUp
		return t, nil, nil
	}
	return t.emit("snooze", at, by, Snoozed{Until: until})
}
