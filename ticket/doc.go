// Package ticket models a service-desk ticket as the fold of its events.
//
// # A ticket is its history
//
// Every change to a ticket is an [Event] appended to its log: [Created],
// [Message], [StatusChanged], [Assigned], [PriorityChanged], [TagsChanged],
// [FieldsChanged], [Merged], [Linked], [Rated], [WorkflowApplied],
// [HandlingLogged], and the agent-set follow-up date and snooze events
// [FollowUpSet], [FollowUpCleared] and [Snoozed]. A [Ticket] is the current
// state those events fold into.
// Commands are methods on the Ticket value ([Ticket.Reply],
// [Ticket.SetStatus], [Ticket.Assign], …) plus the functions [Create],
// [FollowUp] and [Merge]; each returns the new Ticket and the events it
// produced, and leaves the receiver untouched. A rejected command returns a
// typed error, the unchanged ticket and no events. A command that would
// change nothing (setting the current status again) returns no events and no
// error. [Replay] rebuilds a Ticket from stored events, so SLA clocks,
// follow-ups and reports computed from the same events always agree with
// the ticket.
//
// # Statuses and lifecycles
//
// A [Status] has a name and one of six statusCategories: new, open, pending,
// on_hold, solved, closed. A [Lifecycle] is data: its statuses, the initial
// status, and an explicit from → to table, Request Tracker style.
// [DefaultLifecycle] follows Zendesk: New is never re-entered; a requester's
// public reply moves a pending or solved ticket back to Open (from Solved it
// is a reopen, flagged on the [StatusChanged] event); Closed is terminal, and
// a reply to a closed ticket is refused with a [*ClosedError] that points to
// [FollowUp], which opens a new ticket linked to the closed one. A merged
// ticket is closed with its target recorded ([Ticket.MergedInto]); reports
// leave it out of their denominators.
//
// What counts as a reply follows Zendesk: a public message by a human agent
// that is not automated ([Message.IsAgentReply]). Internal notes, bots and
// automations do not count.
//
// # Time
//
// Nothing here reads the clock: every command takes the instant it happens
// at. Instants never go backwards along a history; a command dated before
// the ticket's last event is rejected, one at the same instant is fine.
// Instants keep their offset on the wire; commands refuse instants RFC 3339
// cannot carry exactly (years outside 0–9999, offsets with seconds).
//
// # Storage
//
// Storage belongs to the caller. [Loader] and [Appender] (together [Store])
// are the contract, with optimistic concurrency on the ticket's version:
// Append fails with [ErrConflict] when someone else appended first. [Scanner]
// is an optional capability for reports. Package ticket/memstore is the
// in-memory reference implementation and ticket/tickettest a conformance
// suite any implementation can run from its own tests. [Load] and [Save] glue
// a store to commands.
//
// # Errors
//
// Every error wraps one of the package's sentinels ([ErrInvalidTransition],
// [ErrClosed], [ErrInvalidCommand], [ErrNotSolved], [ErrInvalidLifecycle],
// [ErrCorruptHistory], [ErrMalformedEvent], [ErrUnknownValue],
// [ErrNotFound], [ErrConflict]); typed errors ([TransitionError],
// [ClosedError], [CommandError], [ReplayError], [DecodeError],
// [ConflictError], [LifecycleError], [UnknownValueError]) carry the detail and
// work with errors.As. Nothing panics on bad input.
//
// # Concurrency
//
// Tickets, events and lifecycles are values; none of the functions here keep
// state, so they are safe for concurrent use as long as callers do not write
// to a Ticket's slices and maps or change a Lifecycle in use.
//
// # Getting started
//
// Create a ticket with [Create], run commands on it, and append the events
// each one returns to your [Store] with [Save]; later, [Load] it back.
package ticket
