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
// the ticket; [Ticket.Apply] folds more events into a ticket, and
// [Ticket.Step] folds one in place, with the same checks, for replays that
// look at every intermediate state.
//
// # Statuses and lifecycles
//
// A [Status] has a name and one of six [StatusCategory] values: new, open,
// pending, on_hold, solved, closed. A [Lifecycle] is data: its statuses, the initial
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
// On a ticket an agent opened (its [Created] event's Actor is an agent) the
// first message a person writes is the ticket's description, not a reply,
// so the first reply is the next public agent reply (Zendesk's native first
// reply time); [Opening] tells it, event by event, to every package that
// folds events.
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
// a store to commands; [Update] runs load → command → save and retries on
// a conflict, a bounded number of times.
//
// A merge writes to two tickets, which no store can append to atomically,
// so it follows a protocol (see [Merge]): the source's events are saved
// first, then the target's, and a retry (or a later repair) calls Merge
// again on the reloaded tickets, which emits only what is not yet
// recorded. [MergeTickets] runs it. No sequence of commands, saves and
// merges produces a history that [Replay] refuses: commands refuse what
// the wire format could not carry unchanged, stores refuse what
// [CheckAppend] and [CheckAppendAfter] refuse, and Replay refuses a ticket
// merged away twice.
//
// # Wire format
//
// An event's wire form is one JSON object (UTF-8), written by
// [Event.MarshalJSON], [Event.AppendJSON] and [EncodeEvents] and read by
// [Event.UnmarshalJSON], [DecodeEvents] and a [Decoder]:
//
//	{"ticket_id":"6f1c2a8e-0000-4000-8000-000000000001","seq":2,
//	 "at":"2026-05-04T09:12:00.5+02:00","actor":{"id":"ingrid","role":"agent"},
//	 "type":"message","data":{"public":true,"channel":"email","body":"Hi!"}}
//
// The envelope: ticket_id, the ticket's UUID in lower-case 8-4-4-4-12 form
// (required, not the nil UUID); seq, an integer; at, the instant in RFC 3339
// with up to nine fraction digits and its UTC offset as written (Z for
// UTC; offsets are whole minutes under a day); actor, {"id", "role"} with
// role one of agent, customer, bot, system; type, the discriminator naming
// the payload; data, the payload object. A history is a JSON array of
// events in sequence order.
//
// The payloads, by type; "?" marks a field left out when empty, false or
// zero; enumerations are the spellings of the Go constants; a status is
// {"name", "category"} with category one of new, open, pending, on_hold,
// solved, closed:
//
//	created          subject, channel, requester {customer_id, organization?, tier?,
//	                 language?, region?}, priority?, group?, tags? (sorted strings),
//	                 category? (the case type), fields? (object of strings, keys
//	                 sorted), status (the initial status)
//	message          public (bool), channel?, automated?, macro_id?, body?
//	status_changed   from (status), to (status), reopen?, reason?
//	assigned         agent, group, prev_agent?, prev_group?
//	priority_changed from?, to (low, normal, high, urgent)
//	tags_changed     added?, removed? (sorted strings)
//	fields_changed   changes: [{field, from?, to?}] sorted by field
//	merged           into? or from? (ticket UUIDs; exactly one)
//	linked           follow_up_of (ticket UUID)
//	rated            survey (csat, nps, ces), score, scale, comment?
//	workflow_applied kind (macro, saved_reply, automation, trigger), id, name?
//	handling_logged  agent, kind (talk, hold, after_call_work, other),
//	                 duration_ns (integer nanoseconds)
//
// The format only ever grows: new versions add fields, never rename or
// drop them. The default [Decoder] therefore accepts fields it does not
// know, in any object, and keeps them in the [Event] so that encoding it
// again writes them back (at the end of their object); a Decoder with
// Strict set refuses them, for validating a writer. A new event type or
// enumeration value is a change older readers refuse. Whatever the mode,
// decoding refuses, with errors wrapping [ErrMalformedEvent]: keys given
// twice, keys not in lower-case snake_case (so "SEQ" or "ſeq" cannot pass
// for "seq", as encoding/json would let them), null for a known field,
// invalid UTF-8 or lone surrogates, numbers out of range, unknown types and
// enumeration values, payloads that are not valid, and anything after the
// JSON value. Empty lists and objects decode as absent, so decoding is
// canonical: encoding a decoded event gives back the same bytes for any
// input this package wrote, strings escaped as encoding/json escapes them.
// Encoding refuses what it could not write exactly or what would not
// decode (invalid UTF-8, an invalid payload, an instant RFC 3339 cannot
// carry). The codec needs no reflection and is several times faster than
// encoding/json; decoded strings share one copy of the input.
//
// # Errors
//
// Every error wraps one of the package's sentinels ([ErrInvalidTransition],
// [ErrClosed], [ErrInvalidCommand], [ErrNotSolved], [ErrInvalidLifecycle],
// [ErrCorruptHistory], [ErrMalformedEvent], [ErrUnknownValue],
// [ErrNotFound], [ErrConflict], [ErrOutOfOrder]); typed errors
// ([TransitionError], [ClosedError], [CommandError], [ReplayError],
// [DecodeError], [ConflictError], [RetryError], [LifecycleError],
// [UnknownValueError]) carry the detail and work with errors.As. Nothing
// panics on bad input.
//
// # Concurrency
//
// Tickets, events and lifecycles are values; none of the functions here keep
// state, so they are safe for concurrent use as long as callers do not write
// to a Ticket's slices and maps or change a Lifecycle in use.
//
// # Getting started
//
// Validate your lifecycle once with [Lifecycle.Validated] (or pass nil for
// the default), create a ticket with [Create] and append its events to your
// [Store] with [Save]; then change it with [Update], which loads it, runs a
// command such as [Ticket.ReplyWithStatus] and saves the result.
//
// # Configuration documents
//
// A custom [Lifecycle] is data an administrator edits: [DecodeLifecycle]
// reads it from a strict JSON document and returns it validated, with
// every problem at its JSON path (a *document.Error of package
// ticket/document wrapping [ErrInvalidLifecycle]); [EncodeLifecycle]
// writes it back. Package ticket/document holds the rules every
// configuration document of desk follows.
package ticket
