package ticket

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Ticket is the current state of a ticket: the fold of its events. It is a
// value: commands return a new Ticket and leave the receiver untouched, so a
// Ticket may be shared freely between goroutines as long as nobody writes to
// its slices and maps.
//
// The zero Ticket is "no ticket yet"; tickets come from [Create], [FollowUp]
// or [Replay].
type Ticket struct {
	ID        ID
	Version   int       // Seq of the last event
	CreatedAt time.Time // At of the created event
	UpdatedAt time.Time // At of the last event

	Subject   string
	Channel   Channel
	Requester Requester
	Priority  Priority
	Status    Status
	Group     string
	Assignee  string            // agent ID; empty when unassigned
	Tags      []string          // sorted
	Category  string            // the case type, e.g. "billing"
	Fields    map[string]string // custom fields

	Reopens       int       // times a solved ticket returned to an active status
	FirstSolvedAt time.Time // first entry into StatusCategorySolved; zero if never solved
	SolvedAt      time.Time // last entry into StatusCategorySolved; zero while active, and zero for a ticket closed without being solved (merged from an active status)

	MergedInto ID   // set when this ticket was merged away (it is then closed)
	MergedFrom []ID // tickets merged into this one
	FollowUpOf ID   // the closed ticket this one follows up, if any
	Ratings    []Rated

	FollowUpDate FollowUpSet // the agent-set follow-up date; zero Due when none
	SnoozedUntil time.Time   // the last snooze's instant; zero when not snoozed (it stays set after the instant passes)

	lc *Lifecycle
	// snoozeEnded says that an event since the last snooze may have ended
	// it early for the follow-up rules (a customer's reply, a solve, a
	// close), so that snoozing until the same instant again is a new
	// snooze, not a no-op (see [Ticket.Snooze]).
	snoozeEnded bool
}

// Lifecycle returns the lifecycle the ticket moves under; nil for a Ticket not
// made by [Create], [FollowUp] or [Replay], on which commands fail.
func (t Ticket) Lifecycle() *Lifecycle { return t.lc }

// IsZero reports whether t is the zero Ticket.
func (t Ticket) IsZero() bool { return t.Version == 0 }

// HasTag reports whether the ticket carries tag.
func (t Ticket) HasTag(tag string) bool {
	_, found := slices.BinarySearch(t.Tags, tag)
	return found
}

// Merged reports whether the ticket was merged into another one.
func (t Ticket) Merged() bool { return t.MergedInto != ID{} }

// apply folds one event into t. The event has been validated; apply copies
// any slice or map before changing it, so earlier Ticket values that share
// them are unaffected. The exception is spare: when it is not nil, t's tag
// slice is owned by the caller (no other Ticket value shares it, as in
// [Replay]), and apply builds the new tags in *spare's memory and hands the
// old tag slice back in *spare for the next change, so a long history of
// tag changes needs two buffers instead of one slice per change.
func (t *Ticket) apply(e *Event, spare *[]string) {
	t.Version = e.Seq
	t.UpdatedAt = e.At
	switch d := e.Data.(type) {
	case Created:
		t.ID = e.TicketID
		t.CreatedAt = e.At
		t.Subject = d.Subject
		t.Channel = d.Channel
		t.Requester = d.Requester
		t.Priority = d.Priority
		t.Group = d.Group
		t.Tags = nil
		if len(d.Tags) > 0 {
			t.Tags = slices.Clone(d.Tags)
			slices.Sort(t.Tags)
		}
		t.Category = d.Category
		t.Fields = maps.Clone(d.Fields)
		t.Status = d.Status
	case StatusChanged:
		t.Status = d.To
		if d.Reopen {
			t.Reopens++
		}
		if d.To.Category == StatusCategorySolved && d.From.Category != StatusCategorySolved {
			if t.FirstSolvedAt.IsZero() {
				t.FirstSolvedAt = e.At
			}
			t.SolvedAt = e.At
		}
		if d.To.Category.Active() {
			t.SolvedAt = time.Time{}
		}
		if !t.SnoozedUntil.IsZero() && (d.To.Category == StatusCategorySolved || d.To.Category == StatusCategoryClosed) {
			t.snoozeEnded = true // solved or closed
		}
	case Assigned:
		t.Assignee = d.Agent
		t.Group = d.Group
	case PriorityChanged:
		t.Priority = d.To
	case TagsChanged:
		var buf []string
		if spare != nil {
			buf, *spare = (*spare)[:0], t.Tags
		}
		t.Tags = mergeTags(buf, t.Tags, d.Added, d.Removed)
	case FieldsChanged:
		fields := maps.Clone(t.Fields)
		for _, c := range d.Changes {
			if c.Field == FieldCategory {
				t.Category = c.To
				continue
			}
			if fields == nil {
				fields = make(map[string]string)
			}
			if c.To == "" {
				delete(fields, c.Field)
			} else {
				fields[c.Field] = c.To
			}
		}
		t.Fields = fields
	case Merged:
		if d.Into != (ID{}) {
			t.MergedInto = d.Into
		} else {
			t.MergedFrom = append(slices.Clip(t.MergedFrom), d.From)
		}
	case Linked:
		t.FollowUpOf = d.FollowUpOf
	case Rated:
		t.Ratings = append(slices.Clip(t.Ratings), d)
	case FollowUpSet:
		t.FollowUpDate = d
	case FollowUpCleared:
		t.FollowUpDate = FollowUpSet{}
	case Snoozed:
		t.SnoozedUntil = d.Until
		t.snoozeEnded = false
	case Message:
		if !t.SnoozedUntil.IsZero() && d.IsCustomerMessage(e.Actor) && !d.Automated {
			t.snoozeEnded = true
		}
	case WorkflowApplied, HandlingLogged:
		// Recorded in the history; no state of their own.
	}
}

// Replay rebuilds a ticket from its stored history under lc (nil means
// [DefaultLifecycle]). It checks what storage could have corrupted and
// returns a [*ReplayError] wrapping [ErrCorruptHistory] for: no events, a
// first event that is not [Created], events of another ticket, gaps or
// repeats in sequence numbers, missing instants or instants going
// backwards, missing, invalid or pointer payloads, events after the ticket
// was closed, and payloads whose recorded previous value is not the
// ticket's current one (a status, priority or assignment change from
// another value, a field change from another value, a tag added that the
// ticket has or removed that it lacks) or that merge or link the ticket
// with itself or twice. It trusts the recorded status changes (they were
// checked when made, perhaps under an older lifecycle) and does not re-check
// them against lc, nor does it validate lc: validate a custom lifecycle once
// with [Lifecycle.Validate].
//
// Replay is [Ticket.Apply] on the zero Ticket: the two run the same checks.
func Replay(lc *Lifecycle, events []Event) (Ticket, error) {
	if lc == nil {
		lc = defaultLifecycle()
	}
	if len(events) == 0 {
		return Ticket{}, &ReplayError{Problem: "no events"}
	}
	// The zero Ticket shares no tag slice with anybody, so the fold may
	// recycle its tag buffers from the start.
	return Ticket{lc: lc}.fold(events, true)
}

// ReplayInto is [Replay] into *t: afterwards *t is the ticket Replay
// returns, or the zero Ticket with Replay's error. It builds the ticket in
// place instead of returning a copy, for a fold over many histories that
// keeps one Ticket (a report, an SLA sweep); *t's old tag memory is not
// reused (another Ticket value may share it).
func ReplayInto(t *Ticket, lc *Lifecycle, events []Event) error {
	if lc == nil {
		lc = defaultLifecycle()
	}
	*t = Ticket{lc: lc}
	if len(events) == 0 {
		*t = Ticket{}
		return &ReplayError{Problem: "no events"}
	}
	// The new Ticket shares no tag slice, so the fold may recycle its tag
	// buffers from the start, as Replay's does.
	var spare []string
	for i := range events {
		if err := checkNext(t, events, i); err != nil {
			*t = Ticket{}
			return err
		}
		t.apply(&events[i], &spare)
	}
	return nil
}

// Apply folds events into t as the next part of its history, with exactly
// the checks of [Replay], and returns the resulting ticket; t itself is
// unchanged. The events must continue t: the first carries Seq t.Version+1
// (1, and a [Created] payload, for the zero Ticket), the ticket's ID, and
// an instant not before t.UpdatedAt. An event Replay would refuse after
// t's history is refused here with the same [*ReplayError] wrapping
// [ErrCorruptHistory], and nothing is applied; for every history h and
// every split h = a + b,
//
//	Replay(lc, h)  ≡  Replay(lc, a) then .Apply(b...)
//
// A store calls Apply with the folded state of the history it holds, under
// the same lock or in the same transaction as the write, to refuse an
// append that would leave the ticket unloadable (see [Appender]). Applying
// no events returns t. On a Ticket without a lifecycle (the zero Ticket
// not made by a command), the result moves under [DefaultLifecycle].
func (t Ticket) Apply(events ...Event) (Ticket, error) {
	if t.lc == nil {
		t.lc = defaultLifecycle()
	}
	return t.fold(events, t.Version == 0)
}

// Step folds one event into *t in place, with exactly the checks of
// [Ticket.Apply]: afterwards *t equals the ticket t.Apply(e) returns, and
// when e is refused (the same [*ReplayError]) *t is unchanged. Step is for
// folds that look at every intermediate state of a history, such as an SLA
// replay, without copying the whole ticket once per event; commands still
// return new values. Like Apply, Step copies a slice or map before changing
// it, so Ticket values that share them with *t are unaffected.
func (t *Ticket) Step(e Event) error { return t.StepReusing(e, nil) }

// StepReusing is [Ticket.Step] for a caller that owns t's tag slice: no
// other Ticket value shares it, nor is it kept after the next call. A tag
// change builds the new tags in the memory of *spare and hands the old tag
// slice back in *spare, so that a fold over many histories with one spare
// (an SLA sweep) stops allocating for tags once the buffers are large
// enough. A nil spare is Step. Checks, errors and the resulting ticket are
// those of Step.
func (t *Ticket) StepReusing(e Event, spare *[]string) error {
	var prevAt *time.Time
	if t.Version > 0 {
		prevAt = &t.UpdatedAt
	}
	if err := checkEvent(t, &e, prevAt); err != nil {
		return err
	}
	if t.lc == nil {
		t.lc = defaultLifecycle()
	}
	t.apply(&e, spare)
	return nil
}

// fold is [Ticket.Apply] and [Replay]: it checks and applies each event in
// turn. ownTags says that t's tag slice is shared with no other Ticket
// value, so that apply may reuse tag buffers; otherwise the first tag
// change builds a new slice, which is then the fold's own.
func (t Ticket) fold(events []Event, ownTags bool) (Ticket, error) {
	var spare []string
	var sp *[]string
	if ownTags {
		sp = &spare
	}
	for i := range events {
		if err := checkNext(&t, events, i); err != nil {
			return Ticket{}, err
		}
		t.apply(&events[i], sp)
		if sp == nil {
			if _, ok := events[i].Data.(TagsChanged); ok {
				sp = &spare
			}
		}
	}
	return t, nil
}

// checkNext checks that events[i] can follow events[:i], already folded
// into t together with the history before them.
func checkNext(t *Ticket, events []Event, i int) error {
	var prevAt *time.Time
	switch {
	case i > 0:
		prevAt = &events[i-1].At
	case t.Version > 0:
		prevAt = &t.UpdatedAt
	}
	return checkEvent(t, &events[i], prevAt)
}

// checkEvent checks that e can follow the history folded into t; prevAt is
// the instant of the event before it, nil when e would be the first.
func checkEvent(t *Ticket, e *Event, prevAt *time.Time) error {
	if prevAt != nil && passes(t, e, prevAt) {
		return nil
	}
	return checkEventFully(t, e, prevAt)
}

// checkEventFully is checkEvent without passes: every check, in order.
func checkEventFully(t *Ticket, e *Event, prevAt *time.Time) error {
	later := prevAt != nil
	id := t.ID
	if !later {
		if _, ok := e.Data.(Created); !ok {
			return &ReplayError{Seq: e.Seq, Problem: "first event is " + string(e.Type()) + ", not created"}
		}
		id = e.TicketID
	}
	if id == (ID{}) {
		return &ReplayError{Seq: e.Seq, Problem: "ticket ID is the nil UUID"}
	}
	if err := checkEnvelope(e, id, t.Version+1, prevAt); err != nil {
		return err
	}
	if later && t.Status.Category == StatusCategoryClosed {
		return &ReplayError{Seq: e.Seq, Problem: "event after the ticket was closed"}
	}
	if err := checkStored(e, later); err != nil {
		return err
	}
	if p := inconsistency(t, e.Data); p != "" {
		return &ReplayError{Seq: e.Seq, Problem: p}
	}
	return nil
}

// passes reports that checkEvent accepts e after the history folded into
// t, the event before it at *prevAt, for the payloads most events carry
// (messages, status changes, assignments, ratings, workflows and logged
// handling time), testing only what each check below tests, in one
// function, without building an error. false means that the checks must
// run: e may still be fine.
func passes(t *Ticket, e *Event, prevAt *time.Time) bool {
	if t.ID == (ID{}) || e.TicketID != t.ID || e.Seq != t.Version+1 || t.Status.Category == StatusCategoryClosed ||
		e.At.IsZero() || before(e.At, *prevAt) || !e.Actor.Role.Valid() || e.Actor.ID != "" && !validText(e.Actor.ID) {
		return false
	}
	switch d := e.Data.(type) {
	case Message: // no previous value to agree with
		return d.validate() == nil
	case StatusChanged:
		return d.From == t.Status && d.validate() == nil
	case Assigned:
		return d.PrevAgent == t.Assignee && d.PrevGroup == t.Group && d.validate() == nil
	case Rated, WorkflowApplied, HandlingLogged: // no previous value either
		return d.validate() == nil
	}
	return false
}

// inconsistency describes how payload d disagrees with the ticket t it is
// folded into, or returns "". Every payload that records a previous value
// must record t's current one, and merges and links must make sense for t:
// a history edited or spliced in storage shows up here.
func inconsistency(t *Ticket, d Data) string {
	switch d := d.(type) {
	case StatusChanged:
		if d.From != t.Status {
			return fmt.Sprintf("status change from %s, but the ticket is %s", d.From, t.Status)
		}
	case PriorityChanged:
		if d.From != t.Priority {
			return fmt.Sprintf("priority change from %q, but the ticket is %q", d.From, t.Priority)
		}
	case Assigned:
		if d.PrevAgent != t.Assignee || d.PrevGroup != t.Group {
			return fmt.Sprintf("assignment from agent %q, group %q, but the ticket has agent %q, group %q",
				d.PrevAgent, d.PrevGroup, t.Assignee, t.Group)
		}
	case FieldsChanged:
		for _, c := range d.Changes {
			cur := t.Fields[c.Field]
			if c.Field == FieldCategory {
				cur = t.Category
			}
			if c.From != cur {
				return fmt.Sprintf("field %q changes from %q, but the ticket has %q", c.Field, c.From, cur)
			}
		}
	case TagsChanged:
		for _, tag := range d.Added {
			if t.HasTag(tag) {
				return fmt.Sprintf("tag %q added, but the ticket has it", tag)
			}
		}
		for _, tag := range d.Removed {
			if !t.HasTag(tag) {
				return fmt.Sprintf("tag %q removed, but the ticket does not have it", tag)
			}
		}
	case Merged:
		switch {
		case d.Into == t.ID || d.From == t.ID:
			return "ticket merged with itself"
		case d.From != ID{} && slices.Contains(t.MergedFrom, d.From):
			return fmt.Sprintf("ticket %s merged in twice", d.From)
		case d.Into != ID{} && t.MergedInto != ID{}:
			return fmt.Sprintf("ticket merged into %s, but it is merged into %s already", d.Into, t.MergedInto)
		}
	case FollowUpCleared, Snoozed:
		return followUpInconsistency(t, d)
	case Linked:
		switch {
		case d.FollowUpOf == t.ID:
			return "ticket linked as a follow-up of itself"
		case t.FollowUpOf != ID{}:
			return fmt.Sprintf("ticket linked as a follow-up of %s, but it follows up %s already", d.FollowUpOf, t.FollowUpOf)
		}
	}
	return ""
}

// mergeTags returns the sorted set tags + added − removed, built in dst's
// memory when dst has room (dst must not overlap tags) and in a new slice
// otherwise; nil when no tag is left. All three inputs are sorted without
// repeats (validated for events), so one pass over them suffices.
func mergeTags(dst, tags, added, removed []string) []string {
	if n := len(tags) + len(added); cap(dst) < n {
		dst = make([]string, 0, n)
	}
	out := dst[:0]
	for len(tags) > 0 || len(added) > 0 {
		var next string
		switch {
		case len(added) == 0 || len(tags) > 0 && tags[0] < added[0]:
			next, tags = tags[0], tags[1:]
		case len(tags) == 0 || added[0] < tags[0]:
			next, added = added[0], added[1:]
		default: // the same tag in both
			next, tags, added = tags[0], tags[1:], added[1:]
		}
		for len(removed) > 0 && removed[0] < next {
			removed = removed[1:]
		}
		if len(removed) > 0 && removed[0] == next {
			continue
		}
		out = append(out, next)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// before reports whether instant a is before b on the wall clock. Instants
// from time.Now also carry a monotonic clock reading, which Time.Before
// prefers; a store keeps only the wall clock, so comparing on it is what
// keeps a history accepted now (after a step back of the wall clock, say)
// accepted when it is replayed from storage.
func before(a, b time.Time) bool {
	// a.Round(0).Before(b.Round(0)), without building the two copies.
	as, bs := a.Unix(), b.Unix()
	return as < bs || as == bs && a.Nanosecond() < b.Nanosecond()
}
