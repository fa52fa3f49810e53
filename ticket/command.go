package ticket

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// CommandError reports a command whose arguments are missing or
// inconsistent, or that the ticket's state does not allow. It wraps
// [ErrInvalidCommand] (and [ErrNotSolved] where that is the reason).
type CommandError struct {
	Command string // "reply", "merge", …
	Err     error  // what is wrong
}

// Error implements the error interface.
func (e *CommandError) Error() string { return "ticket: " + e.Command + ": " + e.Err.Error() }

// Unwrap returns [ErrInvalidCommand] and the detail.
func (e *CommandError) Unwrap() []error { return []error{ErrInvalidCommand, e.Err} }

// ClosedError reports a command on a closed ticket. Closed tickets are
// immutable; a customer's new message belongs on a follow-up ticket made
// with [FollowUp]. It wraps [ErrClosed].
type ClosedError struct {
	ID      ID
	Command string
}

// Error implements the error interface.
func (e *ClosedError) Error() string {
	return fmt.Sprintf("ticket: %s: ticket %s is closed; open a follow-up ticket (ticket.FollowUp) instead", e.Command, e.ID)
}

// Unwrap returns [ErrClosed].
func (e *ClosedError) Unwrap() error { return ErrClosed }

func cmdErr(cmd string, err error) error { return &CommandError{Command: cmd, Err: err} }

// checkInstant checks that at can be an event's instant: it is set, and its
// RFC 3339 form (a year 0–9999, an offset in whole minutes under 24 hours)
// decodes to the same instant, so the event survives storage unchanged.
func checkInstant(at time.Time) error {
	_, offset := at.Zone()
	switch {
	case at.IsZero():
		return problem("no instant (zero time.Time)")
	case at.Year() < 0 || at.Year() > 9999:
		return problemf("instant %s: year outside 0–9999", at)
	case offset%60 != 0 || offset <= -24*3600 || offset >= 24*3600:
		return problemf("instant %s: UTC offset of %ds is not a whole number of minutes under 24 hours", at, offset)
	}
	return nil
}

// begin checks what every command on an existing ticket needs: a ticket
// with a lifecycle, a known actor role, a storable instant not before the
// last event, and an open ticket.
func (t Ticket) begin(cmd string, at time.Time, by Actor) error {
	switch {
	case t.IsZero():
		return cmdErr(cmd, problem("no ticket (zero Ticket value)"))
	case t.lc == nil:
		return cmdErr(cmd, problem("ticket has no lifecycle; make tickets with Create, FollowUp or Replay"))
	case !by.Role.Valid():
		return cmdErr(cmd, problemf("actor %q has unknown role %q", by.ID, by.Role))
	}
	if t.Status.Category == StatusCategoryClosed {
		return &ClosedError{ID: t.ID, Command: cmd} // closed wins over any problem with the instant
	}
	if err := checkInstant(at); err != nil {
		return cmdErr(cmd, err)
	}
	return checkNotBefore(cmd, at, t.UpdatedAt, "the ticket's")
}

// checkNotBefore refuses a command dated before last, the instant of a
// ticket's last event, with a [*CommandError] wrapping [ErrOutOfOrder].
func checkNotBefore(cmd string, at, last time.Time, whose string) error {
	if at.Before(last) {
		return cmdErr(cmd, fmt.Errorf("%w: instant %s is before %s last event at %s", ErrOutOfOrder,
			at.Format(time.RFC3339Nano), whose, last.Format(time.RFC3339Nano)))
	}
	return nil
}

// emit appends events with payloads ds to t's history: it numbers them,
// validates each payload, and folds them into a copy of t.
func (t Ticket) emit(cmd string, at time.Time, by Actor, ds ...Data) (Ticket, []Event, error) {
	events := make([]Event, len(ds))
	for i, d := range ds {
		if err := d.validate(); err != nil {
			return t, nil, cmdErr(cmd, err)
		}
		events[i] = Event{TicketID: t.ID, Seq: t.Version + 1 + i, At: at, Actor: by, Data: d}
	}
	next := t
	for _, e := range events {
		next.apply(e, nil)
	}
	return next, events, nil
}

// Create opens ticket id at instant at, made by by, in lc's initial status (lc
// nil means [DefaultLifecycle]; an invalid lc is refused with the errors of
// [Lifecycle.Validate]). c.Status is set from the lifecycle; tags are stored
// sorted. It returns the ticket and its [Created] event.
//
// Every command checks that its instant can be stored unchanged: it must be
// set, in a year 0–9999, with a UTC offset of whole minutes (RFC 3339 has no
// seconds in offsets, so a historical zone such as Oslo's 1895 local mean
// time would lose them on the wire).
func Create(lc *Lifecycle, id ID, at time.Time, by Actor, c Created) (Ticket, []Event, error) {
	if lc == nil {
		lc = DefaultLifecycle()
	}
	if err := lc.Validate(); err != nil {
		return Ticket{}, nil, err
	}
	if id == (ID{}) {
		return Ticket{}, nil, cmdErr("create", problem("ticket ID is the zero UUID"))
	}
	if !by.Role.Valid() {
		return Ticket{}, nil, cmdErr("create", problemf("actor %q has unknown role %q", by.ID, by.Role))
	}
	if err := checkInstant(at); err != nil {
		return Ticket{}, nil, cmdErr("create", err)
	}
	c.Status = lc.InitialStatus()
	c.Tags = slices.Sorted(slices.Values(c.Tags))
	c.Fields = maps.Clone(c.Fields)
	return Ticket{ID: id, lc: lc}.emit("create", at, by, c)
}

// FollowUp opens ticket id as a follow-up of the closed ticket closed, for a
// customer who wrote again after it was closed (Zendesk's follow-up tickets).
// Fields of c left empty are taken from the closed ticket: subject, channel,
// requester, priority, group, case category and tags (custom fields are not
// carried over). The new ticket's events are [Created] and [Linked]; it
// moves under the closed ticket's lifecycle. The closed ticket is not
// changed. The follow-up must have an ID of its own and may not be dated
// before the closed ticket's last event.
func FollowUp(closed Ticket, id ID, at time.Time, by Actor, c Created) (Ticket, []Event, error) {
	switch {
	case closed.Status.Category != StatusCategoryClosed:
		return Ticket{}, nil, cmdErr("follow up", problemf("ticket %s is %s, not closed; reply on it instead", closed.ID, closed.Status))
	case id == closed.ID:
		return Ticket{}, nil, cmdErr("follow up", problemf("follow-up has the closed ticket's ID %s", id))
	}
	if err := checkNotBefore("follow up", at, closed.UpdatedAt, "the closed ticket's"); err != nil {
		return Ticket{}, nil, err
	}
	if c.Subject == "" {
		c.Subject = closed.Subject
	}
	if c.Channel == "" {
		c.Channel = closed.Channel
	}
	if c.Requester == (Requester{}) {
		c.Requester = closed.Requester
	}
	if c.Priority == "" {
		c.Priority = closed.Priority
	}
	if c.Group == "" {
		c.Group = closed.Group
	}
	if c.Category == "" {
		c.Category = closed.Category
	}
	if c.Tags == nil {
		c.Tags = closed.Tags
	}
	t, created, err := Create(closed.lc, id, at, by, c)
	if err != nil {
		return Ticket{}, nil, err
	}
	t, linked, err := t.emit("follow up", at, by, Linked{FollowUpOf: closed.ID})
	if err != nil {
		return Ticket{}, nil, err
	}
	return t, append(created, linked...), nil
}

// Reply adds a message by by. Besides the [Message] event it may change the
// status, as Zendesk does:
//
//   - a public message from the requester (RoleCustomer) moves a pending or
//     solved ticket to the lifecycle's ReopenTo status, whatever the
//     transition table says, unless it is in that status already (from
//     solved this is a reopen: StatusChanged.Reopen is set and
//     Ticket.Reopens grows);
//   - a public reply by a human agent moves a new ticket to the first status
//     in StatusCategoryOpen that the lifecycle allows from its current status
//     (Zendesk: a ticket stops being New once an agent works on it).
//
// A message without a channel is taken to have come on the ticket's own
// channel. Customers cannot write internal notes. A message to a closed
// ticket fails with a [*ClosedError]: use [FollowUp].
func (t Ticket) Reply(at time.Time, by Actor, m Message) (Ticket, []Event, error) {
	if err := t.begin("reply", at, by); err != nil {
		return t, nil, err
	}
	if by.Role == RoleCustomer && !m.Public {
		return t, nil, cmdErr("reply", problem("a customer cannot write an internal note"))
	}
	if m.Channel == "" {
		m.Channel = t.Channel
	}
	ds := append(make([]Data, 0, 2), m) // the message and perhaps a status change
	switch {
	case m.IsCustomerMessage(by) && t.lc.ReopenTo != "":
		cat := t.Status.Category
		if to, ok := t.lc.Status(t.lc.ReopenTo); ok && to != t.Status && (cat == StatusCategoryPending || cat == StatusCategorySolved) {
			ds = append(ds, StatusChanged{From: t.Status, To: to, Reopen: cat == StatusCategorySolved, Reason: "customer_reply"})
		}
	case m.IsAgentReply(by) && t.Status.Category == StatusCategoryNew:
		for _, name := range t.lc.Transitions[t.Status.Name] {
			if to, ok := t.lc.Status(name); ok && to.Category == StatusCategoryOpen {
				ds = append(ds, StatusChanged{From: t.Status, To: to, Reason: "agent_reply"})
				break
			}
		}
	}
	return t.emit("reply", at, by, ds...)
}

// SetStatus moves the ticket to status to, which must be a status of the
// lifecycle (matched by name, with the same category) reachable from the
// current one in the transition table; otherwise it returns a
// [*TransitionError] naming the allowed targets. Setting the current status
// again is a no-op: no events, no error. Leaving a solved status for an
// active one is a reopen.
func (t Ticket) SetStatus(at time.Time, by Actor, to Status) (Ticket, []Event, error) {
	if err := t.begin("set status", at, by); err != nil {
		return t, nil, err
	}
	if to == t.Status {
		return t, nil, nil
	}
	known, ok := t.lc.Status(to.Name)
	if !ok || known.Category != to.Category || !t.lc.CanMove(t.Status.Name, to.Name) {
		return t, nil, &TransitionError{From: t.Status, To: to, Allowed: t.lc.Allowed(t.Status.Name)}
	}
	reopen := t.Status.Category == StatusCategorySolved && to.Category.Active()
	return t.emit("set status", at, by, StatusChanged{From: t.Status, To: to, Reopen: reopen})
}

// Assign sets the assignee (an agent ID, empty to unassign) and the group.
// An assignment that changes nothing is a no-op.
func (t Ticket) Assign(at time.Time, by Actor, agent, group string) (Ticket, []Event, error) {
	if err := t.begin("assign", at, by); err != nil {
		return t, nil, err
	}
	if agent == t.Assignee && group == t.Group {
		return t, nil, nil
	}
	return t.emit("assign", at, by, Assigned{Agent: agent, Group: group, PrevAgent: t.Assignee, PrevGroup: t.Group})
}

// SetPriority changes the priority. Setting the current priority is a no-op.
func (t Ticket) SetPriority(at time.Time, by Actor, p Priority) (Ticket, []Event, error) {
	if err := t.begin("set priority", at, by); err != nil {
		return t, nil, err
	}
	if p == t.Priority {
		return t, nil, nil
	}
	return t.emit("set priority", at, by, PriorityChanged{From: t.Priority, To: p})
}

// Tag adds and removes tags. Only real changes are recorded (adding a tag
// the ticket has is ignored); a command that changes nothing is a no-op. A
// tag both added and removed is an error.
func (t Ticket) Tag(at time.Time, by Actor, add, remove []string) (Ticket, []Event, error) {
	if err := t.begin("tag", at, by); err != nil {
		return t, nil, err
	}
	var d TagsChanged
	for _, tag := range add {
		if slices.Contains(remove, tag) {
			return t, nil, cmdErr("tag", problemf("tag %q both added and removed", tag))
		}
		if tag == "" {
			return t, nil, cmdErr("tag", problem("empty tag"))
		}
		if !t.HasTag(tag) && !slices.Contains(d.Added, tag) {
			d.Added = append(d.Added, tag)
		}
	}
	for _, tag := range remove {
		if t.HasTag(tag) && !slices.Contains(d.Removed, tag) {
			d.Removed = append(d.Removed, tag)
		}
	}
	if len(d.Added) == 0 && len(d.Removed) == 0 {
		return t, nil, nil
	}
	slices.Sort(d.Added)
	slices.Sort(d.Removed)
	return t.emit("tag", at, by, d)
}

// SetFields sets custom fields; an empty value clears one. The key
// [FieldCategory] sets the case category. Fields already holding the given
// value are left out; a command that changes nothing is a no-op.
func (t Ticket) SetFields(at time.Time, by Actor, fields map[string]string) (Ticket, []Event, error) {
	if err := t.begin("set fields", at, by); err != nil {
		return t, nil, err
	}
	var d FieldsChanged
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		from := t.Fields[name]
		if name == FieldCategory {
			from = t.Category
		}
		if name == "" {
			return t, nil, cmdErr("set fields", problem("empty field name"))
		}
		if to := fields[name]; to != from {
			d.Changes = append(d.Changes, FieldChange{Field: name, From: from, To: to})
		}
	}
	if len(d.Changes) == 0 {
		return t, nil, nil
	}
	return t.emit("set fields", at, by, d)
}

// Rate records a satisfaction survey answer. Only a solved ticket can be
// rated (Zendesk: the rating may change until the ticket is closed); any
// other status fails with an error wrapping [ErrNotSolved]. Only the
// requester or the system (a survey import) may rate.
func (t Ticket) Rate(at time.Time, by Actor, r Rated) (Ticket, []Event, error) {
	if err := t.begin("rate", at, by); err != nil {
		return t, nil, err
	}
	if t.Status.Category != StatusCategorySolved {
		return t, nil, cmdErr("rate", fmt.Errorf("%w: ticket is %s", ErrNotSolved, t.Status))
	}
	if by.Role != RoleCustomer && by.Role != RoleSystem {
		return t, nil, cmdErr("rate", problemf("a %s cannot rate a ticket", by.Role))
	}
	return t.emit("rate", at, by, r)
}

// ApplyWorkflow records that a macro, saved reply, automation or trigger ran
// on the ticket.
func (t Ticket) ApplyWorkflow(at time.Time, by Actor, w WorkflowApplied) (Ticket, []Event, error) {
	if err := t.begin("apply workflow", at, by); err != nil {
		return t, nil, err
	}
	return t.emit("apply workflow", at, by, w)
}

// LogHandling records handling time (talk, hold, after-call work, other)
// spent by an agent on the ticket.
func (t Ticket) LogHandling(at time.Time, by Actor, h HandlingLogged) (Ticket, []Event, error) {
	if err := t.begin("log handling", at, by); err != nil {
		return t, nil, err
	}
	return t.emit("log handling", at, by, h)
}

// MergeResult is the outcome of [Merge]: both tickets' new values and the
// events to append to each one's history.
type MergeResult struct {
	Source       Ticket
	Target       Ticket
	SourceEvents []Event
	TargetEvents []Event
}

// Merge merges source into target at instant at, as Zendesk does: the source
// gets a [Merged] event naming the target and is closed (whatever the
// transition table says: a merge is not a status change an agent picks), and
// the target gets a [Merged] event naming the source. Both keep their
// histories; reports leave merged-away tickets out of their denominators.
// A target may take in any number of tickets (Ticket.MergedFrom lists them
// in order). The merge does not mark the source solved: its SolvedAt stays
// zero unless it was solved before. Merging a ticket into itself, or
// merging from or into a closed ticket, is an error.
func Merge(at time.Time, by Actor, source, target Ticket) (MergeResult, error) {
	if err := source.begin("merge", at, by); err != nil {
		return MergeResult{}, err
	}
	if err := target.begin("merge", at, by); err != nil {
		return MergeResult{}, err
	}
	if source.ID == target.ID {
		return MergeResult{}, cmdErr("merge", problemf("ticket %s merged into itself", source.ID))
	}
	closed, ok := source.lc.closedStatus()
	if !ok {
		return MergeResult{}, &LifecycleError{Problem: "no status in category closed"}
	}
	src, srcEvents, err := source.emit("merge", at, by,
		Merged{Into: target.ID},
		StatusChanged{From: source.Status, To: closed, Reason: "merged"})
	if err != nil {
		return MergeResult{}, err
	}
	dst, dstEvents, err := target.emit("merge", at, by, Merged{From: source.ID})
	if err != nil {
		return MergeResult{}, err
	}
	return MergeResult{Source: src, Target: dst, SourceEvents: srcEvents, TargetEvents: dstEvents}, nil
}
