// Package routing decides who should handle a ticket next, and explains why.
//
// It models the routing half of a service desk:
//
//   - priority: an ITIL impact × urgency [Matrix] (ServiceNow's 3 × 3 by
//     default) that yields a [ticket.Priority];
//   - queue order: a [Score] made of visible terms (priority, requester
//     tier, time to SLA breach, aging) in seconds of equivalent waiting, and
//     a total, deterministic order ([Scoring.Order]);
//   - agents and eligibility: an [Agent] has a presence, skills with levels,
//     BCP 47 languages, regions, groups, capacity, load and pending offers
//     per channel and a universal (total) capacity weighted per channel;
//     named rules ([Rule]) reject agents for an [Item], and a relaxation
//     [Ladder] drops or lowers requirements and widens the groups
//     (overflow) as the item waits;
//   - choosing: a [Policy] with a [Strategy] (round robin, least loaded,
//     least loaded by percentage, skills first), sticky routing to the
//     previous agent, preferred skills, idle-away, a per-agent throttle,
//     per-channel rotation, and one total tie-break; [Policy.Decide] for one
//     item, [Policy.Assign] for a whole queue;
//   - speed: a [Roster] compiles the agents once into dense tables;
//     [Roster.Decide] decides among 1,000 agents without reading a map, and
//     [Roster.Apply] and the offer transitions return the next roster;
//   - offers: [Offer] with accept, decline and expiry as pure transitions,
//     and on a [Roster] pending offers that hold capacity;
//   - escalation: a [Path] of hierarchical levels and functional
//     specialist groups, and [Path.Next].
//
// # Explanations
//
// A [Decision] lists every agent as a [Candidate]: either the rule that
// rejected it ([Candidate.Reason], e.g. "at capacity 10/10 email") or the
// facts that ranked it ([Candidate.Terms]), the relaxation rung that applied,
// and the [Criterion] that put the chosen agent ahead of the runner-up. When
// no agent is eligible the decision is still a normal result, and
// [Decision.Summary] says why: "3 agents: 2 offline, 1 at capacity".
//
// # Time and determinism
//
// The package never reads the clock: every function that depends on the
// current instant takes now. Ages are measured from [Item.EnqueuedAt] in
// elapsed (calendar) time; business hours are the caller's concern (pass a
// DueAt computed on business hours). Instants after now, which clocks that
// disagree produce, count as now: an item enqueued after now has age 0, and
// an agent last assigned after now ranks as assigned at now. There is no
// randomness and no map order in any result: the same inputs give the same
// decisions, explanations and errors, tie-breaks included (least recently
// assigned, then fewest open items, then agent ID).
//
// # Values and concurrency
//
// Agents, items, policies and decisions are plain values, and a [Roster] is
// immutable. Functions return new values and never modify their inputs;
// [Decision.Apply] and [Policy.Assign] return new agent slices in which only
// the agents that got work have new maps, and [Roster.Apply] a new roster.
// Decide then Apply, item by item, gives exactly the assignments of one
// Assign pass: the rotation state ([Agent.Turn]) is part of the agents.
// All functions are safe for concurrent use on values that are not being
// modified.
//
// # Errors
//
// Configuration types have a Validate method that returns an errors.Join of
// every problem, each a [ConfigError] wrapping [ErrInvalidConfig]. Inputs
// are checked too: [Agent.Validate], [Item.Validate] and [ValidateAgents]
// return [InputError]s wrapping [ErrInvalidInput] (a negative load or
// capacity, an unknown presence or channel, a zero EnqueuedAt, an agent ID
// used twice). [Policy.Assign] refuses a queue or roster with any of them;
// [Policy.Decide] refuses an invalid item and the problems of the agent
// fields it reads, since checking every field of 1,000 agents would cost
// more than the decision ([NewRoster] checks them all once). Other errors
// are typed ([RangeError], [UnknownGroupError], [OfferError],
// [UnknownValueError], [StaleError] for a decision applied to agents that
// no longer allow it) and wrap the package's sentinels, so errors.Is and errors.As work; nothing panics on
// bad input. "No one eligible" and "top of the ladder" are results, not
// errors.
//
// # Getting started
//
// Describe the agents and the waiting items, pick a [Policy], and call
// [Policy.Decide] for one item or [Policy.Assign] for a queue:
//
//	policy := routing.Policy{
//		Strategy: routing.SkillsFirst,
//		Ladder: routing.Ladder{Steps: []routing.Step{
//			{After: 2 * time.Minute, AnyLanguage: true},
//			{After: 10 * time.Minute, AnyRegion: true},
//		}},
//	}
//	d, err := policy.Decide(item, agents, now)
//	// d.Agent, d.RungName, d.Summary(), d.Candidates()[i].Reason()
//	agents, err = d.Apply(agents, now)
//
// To route many items among the same agents, compile them once:
//
//	roster, err := routing.NewRoster(agents)
//	d, err := roster.Decide(policy, item, now)
//	roster, err = roster.Apply(d, now)
//
// # Configuration documents
//
// [Config] holds a desk's routing — the queue [Policy] with its strategy,
// ladder, overflow groups, scoring terms, channel weights, sticky window
// and throttle; the impact × urgency [Matrix]; the escalation [Path]s — as
// one strict JSON document with durations as text ("72h").
// [DecodeConfig] reports every problem at once, each a *document.Error
// (package ticket/document) with its JSON path, such as
// "policy.ladder.steps[1].after", wrapping [ErrInvalidConfig];
// [Config.Encode] writes it back.
package routing
