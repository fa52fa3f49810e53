// Package followup plans when the desk must get back to a customer: a pure
// function from a rule table, one ticket's events, business hours and the
// current instant to what is owed to whom and when.
//
// # The model
//
// A [Rules] table maps a case type — tags (any, all, none), category,
// channel, priority, requester tier — to its follow-ups; the first
// matching [Rule] applies and the [Plan] names it. A rule has at most one
// follow-up mode:
//
//   - a [Cadence] of automatic status updates, for incidents and common
//     case types: stages such as "every 10 minutes for the first hour, then
//     every 30 minutes for 3 hours, then every 2 hours", counted from the
//     start of the case's current phase, with promises on a grid from that
//     start or one interval after the last update ([Anchor]). An update
//     keeps the oldest promise not yet kept when it comes within that
//     promise's interval or after it: on a grid from 18:05 every 10
//     minutes, an update at 18:14 keeps the 18:15 promise and the next is
//     due at 18:25; one at 18:28 after a missed 18:25 keeps it late and
//     the next is due at 18:35. A phase
//     starts when the ticket is created, returns from pending or solved,
//     starts to match another rule, or meets one of the rule's reset events
//     ([ResetOn]: a status change, a priority change, a tag such as
//     "identified" or "monitoring"). An update is a public message by the
//     desk; which ones count is [Counts]. The public opening comment of a
//     ticket an agent opened is an update too, though it is no reply
//     ([ticket.Opening]): the customer heard from the desk then, as package
//     sla's periodic update counts from it. [Plan.Updates] gives the next
//     promised update ("Next update: 18:25") and whether it is overdue.
//   - a [Personal] follow-up flag, for rare case types: an owner (the
//     assignee, or a named agent or group) must get back to the requester
//     within an interval of the phase start; reminders go out before and at
//     the due time, and the first update lowers the flag (not the public
//     opening comment of a ticket an agent opened: it is no answer yet).
//
// Besides its mode a rule may carry pending [Nudge] steps (Zendesk's
// bump-bump-solve): while the ticket waits on the requester, remind after
// N, again after M, solve after K, each step on its own clock ("remind
// after 1 business day, solve after 7 calendar days"), never before the
// step before it; a customer reply (not an automatic out-of-office
// answer), or the ticket leaving pending, cancels the rest. Two
// obligations live on the ticket itself, as events of package ticket:
// agent-set follow-up dates ([ticket.FollowUpSet],
// [ticket.FollowUpCleared]: "call Ola back on Friday at 10:00") and snoozes
// ([ticket.Snoozed]); a customer reply wakes a snooze early unless the rule
// says [Rule.KeepSnoozeOnReply], and a new snooze or date replaces the last
// (a date set again for the same instant, with another note or owner, is
// the same follow-up: it keeps its keys, so no reminder of it comes due
// twice).
//
// Solving a ticket cancels its cadence, personal flag, nudges and snooze,
// but not an agent-set date unless [Rule.ClearDateOnSolve]; nothing is ever
// due on a closed (or merged-away) ticket.
//
// # One rule per mode
//
// Status updates during an outage, every 10 minutes for the first hour,
// every 30 minutes for 3 hours, then every 2 hours, starting over when the
// cause is identified:
//
//	{Name: "outage", Match: Match{TagsAny: []string{"outage"}},
//	 Cadence: &Cadence{Stages: []Stage{{Every: 10 * time.Minute, For: time.Hour},
//	   {Every: 30 * time.Minute, For: 3 * time.Hour}, {Every: 2 * time.Hour}},
//	   ResetOn: ResetOn{Tags: []string{"identified", "monitoring"}}}}
//
// A personal flag for a rare case type: the assignee gets back within 2
// business days of 8 hours, reminded half a day before:
//
//	{Name: "export-licence", Match: Match{Categories: []string{"export-licence"}},
//	 Personal:  &Personal{After: Business(16 * time.Hour)},
//	 Reminders: []Offset{Business(4 * time.Hour)}}
//
// Bump-bump-solve on pending tickets, in business days:
//
//	{Name: "waiting", Nudges: []Nudge{{After: Business(8 * time.Hour)},
//	 {After: Business(16 * time.Hour)}, {After: Business(24 * time.Hour), Action: ActionSolve}}}
//
// Snoozes that sleep through customer replies, agent-set follow-up dates
// that solving clears, reminded a day before, and only the latest missed
// follow-up due after a scheduler outage:
//
//	{Name: "back-office", KeepSnoozeOnReply: true, ClearDateOnSolve: true,
//	 Reminders: []Offset{Wall(24 * time.Hour)}, CatchUp: CatchUp{Mode: CatchUpLatest}}
//
// The package's Example functions run each of these against a ticket with
// exact instants on Europe/Oslo.
//
// # Plans
//
// [Planner.Plan] (or [Evaluate]) replays the events and returns a [Plan]:
// the follow-ups [Plan.Due] now, those [Plan.Pending] with their instants,
// those [Plan.Cancelled] with the event that made them moot, those
// [Plan.Skipped] by the catch-up policy, those [Plan.OutOfRange] that the
// business hours cannot place (past a calendar's years), and
// [Plan.NextWakeUp], the next instant the plan changes without a new event
// (zero when it never will), so a scheduler sleeps until then instead of
// polling. Each [Item] has a
// stable idempotency key: the same obligation has the same key in every
// plan of the ticket, whatever unrelated events come later. A plan does not
// know what the caller has done, so a due item stays due until an event
// (an update, a reply, a status change) settles it: act on each key once.
//
// Numbers count from 1, as a desk says them, so they can be printed as
// they are: a status update's [Item.Step] is its promise number and
// [Item.Stage] (like [Updates.Stage]) its cadence stage,
// Cadence.Stages[Stage-1]; a nudge's Step is its step. Zero means none: the Stage of an item that is
// not a status update, and the Step of the reminder at the due time
// (reminder i is Rule.Reminders[i-1]).
//
// After the caller's scheduler was down, [CatchUp] says what happens to
// follow-ups whose instants passed: all are due ([CatchUpEach]), only the
// latest of each obligation ([CatchUpLatest]), or only those younger than a
// grace period ([CatchUpGrace]). In every mode at most [CatchUp.Max]
// missed notifications of one obligation are due (100 by default, up to
// 10,000); older ones are skipped with [ReasonTooMany]. Skipped ones are
// listed with the reason, never dropped silently. The policy applies to
// notifications; wake-ups and auto-solves change the ticket's state and
// are always due once their instant has passed.
//
// # Time
//
// Every offset says whether it counts wall time or business time ([Offset],
// [Cadence.Business]). Business time is counted on the planner's [Hours],
// which *calendar.Calendar satisfies, so "solve after 5 business days" skips
// weekends and holidays and a cadence in business time rests overnight.
// Wall-time offsets are exact durations on the time line: 2 hours after
// 01:30 on the night clocks go forward is 04:30 local time. Nothing reads
// the clock: the instant to plan at comes in as now.
//
// # Errors and concurrency
//
// [Rules.Validate] reports every problem of a table at once, each a
// [*RuleError] wrapping [ErrInvalidRules]; [Rules.Uncovered] lists case
// types no rule covers (first match wins, as in a plan). Plans of histories
// that do not replay fail with a [*HistoryError] wrapping
// [ErrInvalidHistory], an instant before the last event with an
// [*InstantError] wrapping [ErrInvalidInstant]; nothing panics on bad
// input. A business offset beyond what the hours hold (past the end of a
// calendar's years, as on 20 December of its last year with "solve after
// 10 business days") is no error: the plan lists the follow-ups it cannot
// place in [Plan.OutOfRange], never due, and plans the rest, as package
// sla flags a clock beyond the range and carries on, so that a store that
// plans on every append keeps taking the ticket's events. A [Planner] is
// immutable and safe for concurrent use. A [Sweeper] (from
// [Planner.Sweeper]) plans ticket after ticket in one goroutine, reusing
// its memory, for a scheduler's sweep or a wake-up worker: its plans equal
// the Planner's, their lists valid until its next plan.
//
// # Getting started
//
// Write a rule table, make a planner with [NewPlanner] and your business
// calendar, and after every change to a ticket (or at its last plan's
// NextWakeUp) plan it again and act on the due items you have not acted on.
// A plan folds the ticket's history once and costs a handful of
// allocations; a Sweeper's about two (the keys, the ticket's tags).
//
// # Configuration documents
//
// [Config] is a rule table as a strict JSON document, with durations as
// text ("16h") and each offset saying whether it counts business time on
// the calendar the document names. [DecodeConfig] reports every problem at
// once, each a *document.Error (package ticket/document) with its JSON
// path, such as "rules[1].cadence.stages[0].every", wrapping
// [ErrInvalidRules]; [Config.Planner] resolves the calendar by name and
// returns the planner; [Config.Encode] writes the document back.
package followup
