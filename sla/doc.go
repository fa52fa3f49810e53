// Package sla computes SLA clocks as a pure replay of a ticket's history:
// from policies, a ticket's events and an instant now, the state of every
// clock instance — running, paused, fulfilled or cancelled, breached or
// not, due when and why. Nothing is stored between calls and nothing reads
// the clock, so the same history always gives the same answer: live status
// and last month's report cannot disagree, and any month can be replayed
// under another policy.
//
// # The model
//
// A [Metric] is a clock as data: what starts an instance, what fulfils it,
// which status categories pause it and what a reopen does. A [Policy]
// matches tickets by a [Condition] and holds [Target] durations per metric
// and priority, counted in [Hours]: business hours on a *calendar.Calendar,
// or calendar hours (calendar.Always, or nil for 24/7 in UTC). [Policies]
// are ordered and the first match applies; the policy is matched again
// after every event that may change what a condition reads, and a ticket no
// policy matches has no SLA. [Policies.Evaluate] replays the events up to now and returns a
// [Result]: one [Instance] per clock instance with its state (active,
// paused, fulfilled, cancelled) and a separate breached flag, its start,
// due, original due and breach instants, elapsed and remaining time in the
// target's own hours, the share of the target used as a decimal percentage
// (2 places, half away from zero), and its timeline of running and paused
// segments, each with the event that began it — the answer to "why is it
// due at T". The Result also lists the ticket's SLA events in Zendesk's
// vocabulary (apply_policy, activate, pause, resume, fulfill, cancel,
// breach, plus level for warning and escalation levels).
//
// The presets follow Zendesk's published definitions:
//
//	metric            starts                               fulfilled by         paused in         on solve   on reopen
//	first reply       ticket created                       first agent reply    —                 cancelled  never restarts
//	next reply        customer message, none running,      next agent reply     —                 cancelled  the reopening message
//	                  after the first reply                                                                  starts one
//	periodic update   every agent reply                    next agent reply     —                 cancelled  —
//	pausable update   every agent reply                    next agent reply     pending           cancelled  —
//	requester wait    ticket created                       solve                pending           fulfilled  continues the instance
//	agent work        ticket created                       solve                pending, on_hold  fulfilled  continues the instance
//	total resolution  ticket created                       solve                —                 fulfilled  continues the instance
//	first resolution  ticket created                       first solve          —                 fulfilled  never restarts
//
// A reply is a public message by a human agent that is not automated
// ([IsAgentReply]); reports that count replies use the same predicate. On
// a ticket an agent opened (its Created event's Actor is an agent), the
// first message a person wrote is the ticket's description, not a reply
// (Zendesk's native first reply time, Help Center article 4408834848154):
// when it is public, first reply runs to the next public agent reply, a
// customer's answer before that starts no next reply, and the update
// clocks start at it, since the customer heard from the desk then; an
// internal note is no reply anyway. A ticket a bot or the system opens is
// not opened by an agent. [ticket.Opening] is that one definition. No
// clock runs while the ticket is solved or closed; an agent reply on a
// solved ticket starts nothing. Requester wait, agent work and total
// resolution are fulfilled at a solve provisionally: a reopen re-activates
// the same instance, whose breach is judged on the time summed over all
// cycles, until the ticket closes. Every other instance, and every instance
// of a closed ticket, is final once fulfilled or cancelled
// ([Instance.Final]). Merging a ticket away cancels its running clocks at
// the merge. A ticket whose Created event already carries a solved or
// closed status (an import, a call logged after it was solved) is solved
// at its creation, as package metrics reads it: it is evaluated as the
// same ticket created new and solved (and closed) at that instant, so its
// clocks start and stop at one instant and are not listed, and a reopen
// continues them as after any solve.
//
// # Instants
//
// Events apply one at a time in Seq order, and after each one the policy is
// matched again and the target re-applied to the instances that began
// before its instant, so the events that follow at the same instant act
// under the new target: an agent who sets the priority and replies in one
// update (Zendesk does both in one request) replies under the new
// priority's target, and a solve right after a lowered priority is judged
// on the longer target. The state of a clock during [t, next event) is its
// state after all events at instant t. So a clock that starts and ends at
// one instant never runs and is not listed (an instance that begins at t,
// or that a reopen at t re-activates, takes its target once all events at t
// are read); a reopen undone at its own instant (the ticket solved again,
// closed or merged) leaves the earlier fulfilment as it was; and a reopen
// at the instant the target changes cancels the waiting instance from its
// wait. An instance breaches when it is
// still running at the instant its elapsed time reaches the target, after
// all events at that instant: a reply, pause or solve at exactly that
// instant meets it. BreachedAt is that instant, never the instant someone
// looked. Due is the instant the target would be reached if nothing else
// happens, so for an instance that has not breached, Due == hours.Add(Start,
// Target + paused time); once breached, Due stays at BreachedAt. A paused
// instance has no Due. Warning and escalation levels ([Level]) follow the
// same rule at their own thresholds: a percentage of the target or an
// offset from the due instant, in the target's own hours, so they move when
// a pause moves the due time.
//
// A *calendar.Calendar covers a range of years (calendar.WithYears) and
// counts no time beyond it. An instance whose due instant lies beyond its
// hours' range is never reported breached there: it has no Due, its
// [Instance.OutOfRange] flag is set, its levels beyond the range are not
// planned, and NextWakeUp names none of them.
//
// # Recalculation
//
// When the ticket's priority or matching policy changes the target of a
// running (active or paused) instance, the [Recalculation] mode of the
// policy in force decides: [Retroactive] (the default) counts the new target
// from the instance's own start, so a breach may appear, or disappear, with
// an instant before the change; [Prospective] cancels the instance at the
// change and starts a new numbered one there with the new target. Fulfilled
// and cancelled instances are final and never re-judged. A target that
// applies for the first time (the ticket had no priority, or no policy
// matched) counts from the instance's start in both modes. A target that
// no longer applies cancels the instance; if one applies again later, it
// counts from that change. OriginalDue keeps the due instant under the first
// target that applied. A priority change while the ticket is solved applies
// when the continuing instances resume.
//
// # NextWakeUp and escalations
//
// [Result.NextWakeUp] is the earliest instant after now at which any clock's
// state, breach or level changes if no new event arrives, or the zero time
// when nothing will; nothing observable changes strictly between now and
// it. A caller schedules one timer per ticket instead of polling, and
// evaluates again when it fires or when an event arrives.
//
// At each run, [Result.Due] returns the levels to act on, given the
// [Checkpoint] of the previous run's result (the instant it evaluated and
// the last ticket event it read; the zero Checkpoint before the first run):
// the levels reached as of this run that the previous run did not show
// reached. Over consecutive runs each level ever reached is returned
// exactly once, whatever the instants the runs happen at and whatever
// changed in between:
//
//   - a level reached since the previous run is due, with the instant it was
//     reached;
//   - a level a ticket event reached retroactively (a raised priority whose
//     shorter target was due before the run that preceded it) is due at the
//     next run, Late, with its instant, the instant of the event and the
//     reason — never lost between two windows;
//   - a level the previous run showed reached is never due again, even if a
//     retroactive change undid it and it is reached again later, or events
//     dated before that run but stored after it moved it (a level such
//     events move past the next run is due again when reached later, under
//     the same key: see [Result.Due]);
//   - a level reached and undone between two runs (a scheduler that missed
//     the instant) is returned Skipped with the reason "undone".
//
// Each firing carries its actions as data and a stable idempotency key
// (ticket, policy and version, metric, instance, level). [CatchUp] then
// says what to do with the due levels a scheduler that was down missed:
// fire each, fire only the latest of each instance, or skip those older
// than a grace period — skipped ones are returned with the reason, never
// dropped; an unknown mode is an error. A durable scheduler keeps the
// checkpoint with what it fired, in one transaction, and needs nothing
// else: Due is a pure function of the history, now and the checkpoint.
//
// A breach fires no action by itself: only levels have actions. A policy
// that must act at the breach declares a level of 100 % (or of offset 0),
// which is reached together with the breach.
//
// # Errors
//
// [Policies.Validate] reports every problem of a policy set at once, joined
// with errors.Join, each a *[PolicyError] wrapping [ErrInvalidPolicy]:
// among them a nil *calendar.Calendar as a target's hours, a priority or
// channel in a condition that is not a known spelling, an empty tag in a
// condition, a level whose threshold does not fit in a Duration, and
// anything set that would be ignored: a level's offset beside its
// percent, an action's field for another kind, a level of a policy
// without targets. Evaluate refuses an invalid set the
// same way. A history ticket.Replay rejects is rejected with its error
// (wrapping ticket.ErrCorruptHistory), and a now before the ticket's
// creation is a *[TimeError] wrapping [ErrInvalidTime]. [Result.Due]
// refuses an unknown catch-up mode, a negative grace and a grace for
// another mode than grace ([ErrInvalidCatchUp]), and a checkpoint
// it cannot follow (a *[CheckpointError] wrapping [ErrInvalidCheckpoint]).
// Nothing panics on bad input.
//
// # Concurrency
//
// Evaluate keeps no state; policies and results are values. Policies may be
// shared by many goroutines as long as nobody changes them, and a
// Condition.Func must be safe to call concurrently.
//
// # Many tickets
//
// An [Evaluator] evaluates ticket after ticket under one policy set — a
// report, a scheduler's sweep — validating the policies once and reusing
// its memory, so that an evaluation allocates nothing but the tag slices
// ticket.Ticket.Step builds for tag changes: its Result is valid until the
// next call ([Result.Clone] keeps one). It keeps every percentage it has
// built up to 1,310.71 %, so re-evaluating tickets at an advancing now
// stops allocating once it has seen the percentages they pass through (an
// instance more than 13 times past its target builds each new percentage
// anew).
// [Result.AppendDue] reuses the caller's slice, and allocates only for the
// firings it returns. An Evaluator belongs to one goroutine at a time;
// give each worker its own.
//
// # Getting started
//
// Build a calendar for the desk's hours, declare policies with targets from
// the presets, validate them once at startup, and evaluate a ticket's
// events whenever you need its SLA status:
//
//	policies := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
//		{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour, Hours: desk},
//	}}}
//	if err := policies.Validate(); err != nil { ... }
//	r, err := policies.Evaluate(events, now)
//
// A loop over many tickets makes one Evaluator and calls it per ticket;
// a scheduler acts on what is due since each ticket's previous run:
//
//	ev, err := sla.NewEvaluator(policies)
//	for _, t := range tickets {
//		r, err := ev.Evaluate(t.events, now) // r is valid until the next call
//		due, err := r.Due(t.checkpoint, sla.CatchUp{})
//		... // fire the due actions, and keep r.Checkpoint() with them
//	}
//
// # Configuration documents
//
// Policies are data an administrator edits: [Config] is a policy set as a
// strict JSON document — policies in order, conditions, targets per metric
// (a preset by its Zendesk name, or a custom metric of the document) and
// priority, durations as text ("4h"), the calendar each target counts in
// by name, warning and escalation levels with their actions, the
// recalculation mode and the catch-up mode. [DecodeConfig] reports every
// problem at once, each a *document.Error (package ticket/document) with
// its JSON path, such as "policies[2].targets[0].duration", wrapping
// [ErrInvalidPolicy]; [Config.Build] resolves the calendar names and
// returns the policies; [ConfigOf] and [Config.Encode] write policies
// built in Go. [DecodeZendesk] reads the policy list of Zendesk's SLA
// Policies API into a Config.
package sla
