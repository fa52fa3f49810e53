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
	}
	if err := checkActor(by); err != nil {
		return cmdErr(cmd, err)
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
	if before(at, last) {
		return cmdErr(cmd, fmt.Errorf("%w: instant %s is before %s last event at %s", ErrOutOfOrder,
			at.Format(time.RFC3339Nano), whose, last.Format(time.RFC3339Nano)))
	}
	return nil
}

// checkActor checks that by can act: a known role and an ID JSON carries
// unchanged.
func checkActor(by Actor) error {
	if !by.Role.Valid() {
		return problemf("actor %q has unknown role %q", by.ID, by.Role)
	}
	return checkText("actor ID", by.ID)
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
	for i := range events {
		next.apply(&events[i], nil)
	}
	return next, events, nil
}

// Create opens ticket id at instant at, made by by, in lc's initial status
// (lc nil means [DefaultLifecycle]). A lifecycle not made by
// [Lifecycle.Validated] is validated on every call and
// refused with the errors of [Lifecycle.Validate]; validate it once with
// Validated to skip that. c.Status is set from the lifecycle; tags are
// stored sorted; custom fields set to "" are left out, as [Ticket.SetFields]
// treats "" as no value. It returns the ticket and its [Created] event.
//
// Every command checks that its instant can be stored unchanged: it must be
// set, in a year 0–9999, with a UTC offset of whole minutes (RFC 3339 has no
// seconds in offsets, so a historical zone such as Oslo's 1895 local mean
// time would lose them on the wire). Every string a command records must be
// valid UTF-8, which JSON carries unchanged; anything else is refused with a
// [*CommandError].
func Create(lc *Lifecycle, id ID, at time.Time, by Actor, c Created) (Ticket, []Event, error) {
	if lc == nil {
		lc = defaultLifecycle()
	}
	if !lc.valid {
		if err := lc.Validate(); err != nil {
			return Ticket{}, nil, err
		}
	}
	if id == (ID{}) {
		return Ticket{}, nil, cmdErr("create", problem("ticket ID is the zero UUID"))
	}
	if err := checkActor(by); err != nil {
		return Ticket{}, nil, cmdErr("create", err)
	}
	if err := checkInstant(at); err != nil {
		return Ticket{}, nil, cmdErr("create", err)
	}
	c.Status = lc.InitialStatus()
	c.Tags = slices.Sorted(slices.Values(c.Tags))
	var fields map[string]string
	for k, v := range c.Fields {
		if v == "" {
			continue
		}
		if fields == nil {
			fields = make(map[string]string, len(c.Fields))
		}
		fields[k] = v
	}
	c.Fields = fields
	return Ticket{ID: id, lc: lc}.emit("create", at, by, c)
}

// FollowUp opens ticket id as a follow-up of the closed ticket closed, for a
// customer who wrote again after it was closed (Zendesk's follow-up
// tickets), and records m, the message that made it necessary, written by
// by. Fields of c left empty are taken from the closed ticket: subject,
// channel, priority, group, case category and tags (a nil tag list; an
// empty one means no tags), and each empty field of the requester when c
// names no other customer (custom fields are not carried over). The new
// ticket's events are [Created], [Linked] and [Message], in that order; it
// moves under the closed ticket's lifecycle, and the message follows the
// rules of [Ticket.Reply] (a message without a channel came on the ticket's
// channel; a customer cannot write an internal note). The closed ticket is
// not changed. The follow-up must have an ID of its own and may not be
// dated before the closed ticket's last event.
func FollowUp(closed Ticket, id ID, at time.Time, by Actor, c Created, m Message) (Ticket, []Event, error) {
	switch {
	case closed.Status.Category != StatusCategoryClosed:
		return Ticket{}, nil, cmdErr("follow up", problemf("ticket %s is %s, not closed; reply on it instead", closed.ID, closed.Status))
	case id == closed.ID:
		return Ticket{}, nil, cmdErr("follow up", problemf("follow-up has the closed ticket's ID %s", id))
	}
	if err := checkNotBefore("follow up", at, closed.UpdatedAt, "the closed ticket's"); err != nil {
		return Ticket{}, nil, err
	}
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&c.Subject, closed.Subject)
	fill((*string)(&c.Channel), string(closed.Channel))
	fill((*string)(&c.Priority), string(closed.Priority))
	fill(&c.Group, closed.Group)
	fill(&c.Category, closed.Category)
	if c.Tags == nil {
		c.Tags = closed.Tags
	}
	if r, was := &c.Requester, closed.Requester; r.CustomerID == "" || r.CustomerID == was.CustomerID {
		fill(&r.CustomerID, was.CustomerID)
		fill(&r.Organization, was.Organization)
		fill((*string)(&r.Tier), string(was.Tier))
		fill(&r.Language, was.Language)
		fill(&r.Region, was.Region)
	}
	t, created, err := Create(closed.lc, id, at, by, c)
	if err != nil {
		return Ticket{}, nil, err
	}
	t, rest, err := t.reply("follow up", at, by, m, Status{}, Linked{FollowUpOf: closed.ID})
	if err != nil {
		return Ticket{}, nil, err
	}
	return t, append(created, rest...), nil
}

// Reply adds a message by by. Besides the [Message] event it may change the
// status, as Zendesk does:
//
//   - a public message from the requester (RoleCustomer) moves a pending or
//     solved ticket to the lifecycle's ReopenTo status, whatever the
//     transition table says, unless it is in that status already (from
//     solved this is a reopen: StatusChanged.Reopen is set and
//     Ticket.Reopens grows); an automated requester message (an
//     out-of-office reply) does so only when the lifecycle's
//     AutoRepliesReopen is set;
//   - a public reply by a human agent moves a new ticket to the first status
//     in StatusCategoryOpen that the lifecycle allows from its current
//     status (Zendesk: a ticket stops being New once an agent works on it).
//
// A message without a channel is taken to have come on the ticket's own
// channel. Customers cannot write internal notes. A message to a closed
// ticket fails with a [*ClosedError]: use [FollowUp]. To reply and set the
// status in one action, use [Ticket.ReplyWithStatus].
func (t Ticket) Reply(at time.Time, by Actor, m Message) (Ticket, []Event, error) {
	return t.reply("reply", at, by, m, Status{})
}

// ReplyWithStatus adds a message by by and moves the ticket to status to in
// one action, as an agent's "Submit as Pending" or "Submit as Solved" does.
// The events come in this order: the [Message], then at most one
// [StatusChanged] from the current status to to, checked like
// [Ticket.SetStatus] (to is looked up by name; its category may be left
// empty). The explicit status replaces the change [Ticket.Reply] would make
// on its own; when to is the current status, only the message is recorded.
// The zero Status means no explicit status: ReplyWithStatus is then Reply.
func (t Ticket) ReplyWithStatus(at time.Time, by Actor, m Message, to Status) (Ticket, []Event, error) {
	return t.reply("reply", at, by, m, to)
}

// reply is Reply and ReplyWithStatus, and the message of a follow-up:
// first the payloads in head (a follow-up's link), then the message, then
// the status change, if any.
func (t Ticket) reply(cmd string, at time.Time, by Actor, m Message, to Status, head ...Data) (Ticket, []Event, error) {
	if err := t.begin(cmd, at, by); err != nil {
		return t, nil, err
	}
	if by.Role == RoleCustomer && !m.Public {
		return t, nil, cmdErr(cmd, problem("a customer cannot write an internal note"))
	}
	if m.Channel == "" {
		m.Channel = t.Channel
	}
	ds := append(make([]Data, 0, len(head)+2), head...)
	ds = append(ds, m) // then perhaps a status change
	switch {
	case !to.IsZero():
		target, err := t.target(cmd, to)
		if err != nil {
			return t, nil, err
		}
		if target != t.Status {
			ds = append(ds, t.statusChange(target, ""))
		}
	case m.IsCustomerMessage(by) && t.lc.ReopenTo != "" && (!m.Automated || t.lc.AutoRepliesReopen):
		cat := t.Status.Category
		if to, ok := t.lc.Status(t.lc.ReopenTo); ok && to != t.Status && (cat == StatusCategoryPending || cat == StatusCategorySolved) {
			ds = append(ds, t.statusChange(to, "customer_reply"))
		}
	case m.IsAgentReply(by) && t.Status.Category == StatusCategoryNew:
		for _, name := range t.lc.Transitions[t.Status.Name] {
			if to, ok := t.lc.Status(name); ok && to.Category == StatusCategoryOpen {
				ds = append(ds, t.statusChange(to, "agent_reply"))
				break
			}
		}
	}
	return t.emit(cmd, at, by, ds...)
}

// statusChange returns the change from t's status to to, a reopen when it
// leaves a solved status for an active one.
func (t Ticket) statusChange(to Status, reason string) StatusChanged {
	reopen := t.Status.Category == StatusCategorySolved && to.Category.Active()
	return StatusChanged{From: t.Status, To: to, Reopen: reopen, Reason: reason}
}

// target looks status to up by name in t's lifecycle and checks that t may
// move there (or is there already). A status given without a category takes
// the lifecycle's; one whose category differs from the lifecycle's, or that
// the lifecycle does not define, is refused with a [*CommandError] wrapping
// [ErrInvalidTransition]; a move the table does not allow gets a
// [*TransitionError].
func (t Ticket) target(cmd string, to Status) (Status, error) {
	known, ok := t.lc.Status(to.Name)
	switch {
	case !ok:
		return Status{}, cmdErr(cmd, fmt.Errorf("%w: the lifecycle has no status named %q", ErrInvalidTransition, to.Name))
	case to.Category != "" && to.Category != known.Category:
		return Status{}, cmdErr(cmd, fmt.Errorf("%w: status %q is in category %q in the lifecycle, not %q",
			ErrInvalidTransition, to.Name, known.Category, to.Category))
	case known != t.Status && !t.lc.CanMove(t.Status.Name, known.Name):
		return Status{}, &TransitionError{From: t.Status, To: known, Allowed: t.lc.Allowed(t.Status.Name)}
	}
	return known, nil
}

// SetStatus moves the ticket to status to, looked up by name in the
// lifecycle (a category left empty is the lifecycle's; a different one is
// refused with a [*CommandError] wrapping [ErrInvalidTransition], as is a
// name the lifecycle does not define). The move must be in the transition
// table; otherwise SetStatus returns a [*TransitionError] naming the allowed
// targets. Setting the current status again is a no-op: no events, no
// error. Leaving a solved status for an active one is a reopen.
func (t Ticket) SetStatus(at time.Time, by Actor, to Status) (Ticket, []Event, error) {
	if err := t.begin("set status", at, by); err != nil {
		return t, nil, err
	}
	target, err := t.target("set status", to)
	if err != nil {
		return t, nil, err
	}
	if target == t.Status {
		return t, nil, nil
	}
	return t.emit("set status", at, by, t.statusChange(target, ""))
}

// Assign sets the assignee (an agent ID, empty to unassign) and the group.
// An assignment that changes nothing is a no-op. It never changes the
// status: a desk that opens a new ticket when it is assigned to an agent,
// as Zendesk's built-in rule does, sets the status after it
// ([Ticket.SetStatus]; examples/helpdesk's router does).
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
// spent by an agent on the ticket. When by is an agent, h.Agent may be left
// empty and is then by.ID; an agent cannot log time for another agent. A
// bot or the system (a telephony integration) logs for the agent named in
// h.Agent.
func (t Ticket) LogHandling(at time.Time, by Actor, h HandlingLogged) (Ticket, []Event, error) {
	if err := t.begin("log handling", at, by); err != nil {
		return t, nil, err
	}
	if by.Role == RoleAgent {
		switch h.Agent {
		case "":
			h.Agent = by.ID
		case by.ID:
		default:
			return t, nil, cmdErr("log handling", problemf("agent %q cannot log handling time for agent %q", by.ID, h.Agent))
		}
	}
	return t.emit("log handling", at, by, h)
}

// MergeResult is the outcome of [Merge]: both tickets' new values and the
// events to append to each one's history, SourceEvents first.
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
// zero unless it was solved before. Merging a ticket into itself, merging a
// ticket already merged into another, or merging from or into a closed
// ticket that does not record this merge yet, is an error.
//
// # The merge protocol
//
// A merge writes to two histories, and no store appends to two atomically,
// so it is saved in two steps, always in this order:
//
//  1. save SourceEvents (the source records the merge and closes);
//  2. save TargetEvents.
//
// If a save fails (a conflict: someone wrote on either ticket meanwhile),
// load both tickets again and call Merge again. Merge recognises what is
// already recorded and emits only what is missing: no source events when
// the source already names the target (it is closed by then, which is
// fine), no target events when the target already lists the source, no
// events at all when the merge is complete. The same call completes a
// half-done merge found later, whichever half was saved. [MergeTickets]
// runs this loop against a [Store]. Should the target be closed before it
// records the merge, the merge stays half-done (the source names a target
// that does not list it) and Merge reports the target closed; both
// histories still replay. Two merges of the same pair in opposite
// directions at once (A into B and B into A) can both save their source
// events before either target records its merge, as neither history shows
// the other merge yet: both tickets are then closed, each merged into the
// other, and completing either merge reports the target closed. Both
// histories replay; reopening the conversation takes a [FollowUp]. Run
// merges of one ticket one at a time (a lock on the pair) to rule this out.
func Merge(at time.Time, by Actor, source, target Ticket) (MergeResult, error) {
	if source.ID == target.ID && !source.IsZero() {
		return MergeResult{}, cmdErr("merge", problemf("ticket %s merged into itself", source.ID))
	}
	res := MergeResult{Source: source, Target: target}
	srcDone := !source.IsZero() && source.MergedInto == target.ID && !target.IsZero()
	dstDone := !target.IsZero() && slices.Contains(target.MergedFrom, source.ID) && !source.IsZero()
	if !srcDone {
		if err := source.begin("merge", at, by); err != nil {
			return MergeResult{}, err
		}
		if source.Merged() {
			return MergeResult{}, cmdErr("merge", problemf("ticket %s is merged into %s already", source.ID, source.MergedInto))
		}
	}
	if !dstDone {
		if err := target.begin("merge", at, by); err != nil {
			return MergeResult{}, err
		}
	}
	if !srcDone {
		closed, ok := source.lc.closedStatus()
		if !ok {
			return MergeResult{}, &LifecycleError{Problem: "no status in category closed"}
		}
		var err error
		res.Source, res.SourceEvents, err = source.emit("merge", at, by,
			Merged{Into: target.ID}, StatusChanged{From: source.Status, To: closed, Reason: "merged"})
		if err != nil {
			return MergeResult{}, err
		}
	}
	if !dstDone {
		var err error
		res.Target, res.TargetEvents, err = target.emit("merge", at, by, Merged{From: source.ID})
		if err != nil {
			return MergeResult{}, err
		}
	}
	return res, nil
}
