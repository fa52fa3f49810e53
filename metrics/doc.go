// Package metrics computes the KPIs of a service desk as pure, exact
// calculations over ticket histories: per-ticket facts from one pass over a
// ticket's events, and mergeable aggregates over many tickets.
//
// # Per-ticket facts
//
// [Folder.Fold] reads one ticket's events, of every type package ticket
// defines, into [Facts], after checking them with [ticket.ReplayInto], so a
// history [ticket.Replay] refuses is refused with Replay's own error
// (instants are read on their wall clocks, as ticket orders them and a
// store keeps them): first reply time,
// every next reply time, first and full resolution time, requester wait,
// agent wait (pending), on-hold and agent-work time, public agent replies,
// customer messages and internal notes, interactions and replies to
// resolve, reopens, reassignments and group hops, one- and two-touch,
// first-contact resolution, the latest rating per survey, workflows
// applied and logged handling time by kind and agent. Every duration is an
// [Elapsed]: calendar time and business time on a [calendar.Calendar]. A
// fact that has not happened yet is absent ([Elapsed.Known] false), never
// zero: a ticket never replied to is censored, not a 0 s first reply.
//
// # Definitions (options with documented defaults)
//
//   - Reply: [ticket.Message.IsAgentReply] — public, by a human agent, not
//     automated — the predicate package sla uses, so reports and SLA clocks
//     never disagree (Zendesk warns that its own do). Internal notes, bots and
//     automations are not replies. [Definitions.IsReply] replaces it. On a
//     ticket an agent opened (its Created event's Actor is an agent), the
//     opening comment — the first message a person wrote — is the ticket's
//     description and never a reply, whatever the predicate says, as in
//     package sla ([ticket.Opening]): first reply runs to the next public
//     agent reply (Zendesk's native first reply time), a customer's answer
//     before it starts no next reply, and it is not counted among the agent
//     replies, one-touch and replies to resolve (Zendesk counts only the
//     agent's second comment on a proactive ticket).
//   - First-reply clock start: creation (Zendesk, Zammad) or the first
//     customer message (Plain): [ClockStart].
//   - Next reply: the elapsed time of each fulfilled instance of package
//     sla's [sla.NextReply] metric, one definition with the SLA clocks: an
//     instance starts at a customer message when none is running and the
//     desk has replied before (or when a customer message reopens a solved
//     ticket), the next reply fulfils it, and a solve, close or merge
//     cancels it (a "thanks" answered by a solve is no next reply). An
//     answer at the customer message's own instant is a next reply of 0,
//     as a reply at the creation instant is a first reply of 0, where sla
//     lists no instance (a clock that starts and ends at one instant never
//     runs), so a report may count more next replies than its SLA
//     achievement counts instances. A
//     customer still waiting is a censored observation. Each is placed at
//     its reply under [ByEvent] and credited to the agent the ticket was
//     with, or the agent who replied ([Definitions.NextReplyCredit]).
//   - First resolution: creation → first entry into a solved status; full
//     resolution: creation → last solve, absent while reopened. A close
//     from an active status (a rule or API close, not a merge) counts as a
//     solve (Zendesk). A ticket created already solved or closed (an
//     import, a call logged after it was solved) is resolved at its
//     creation: one solve, resolution times 0, as Zendesk stamps its
//     solve, and as package sla stops its clocks there.
//   - Requester wait = time in new, open and on-hold; agent wait = pending;
//     on-hold; agent work = new and open (Zendesk's status durations).
//   - Reopen: a return from solved to an active status ([ReopenFromSolved],
//     Zendesk, Chatwoot), or also from pending ([ReopenFromSolvedOrPending],
//     Plain); reopen rate = tickets reopened at least once / tickets
//     solved at least once, so a reopen not yet re-solved counts (the
//     pitfall of dbt_zendesk's max(0, solved_count − 1)); it is credited
//     at the first solve.
//   - One-touch: resolved with agent replies < 2 (Zendesk's formula,
//     default) or == 1 (dbt_zendesk): [OneTouchRule]. Two-touch: exactly 2.
//   - FCR: one-touch and never reopened ([FCROneTouch], default), or
//     never reopened and no new ticket from the same requester in the same
//     category within a window after the solve ([FCRNoRepeat], default 7
//     days of elapsed time, 168 hours across a clock change too; it needs
//     the other tickets, so [Report.FCRNoRepeat] decides it over a whole
//     report, from mergeable [Contact] records, over the tickets whose
//     solve the report places in its range, as the FCR rate; a repeat
//     contact merged into the solved ticket is a repeat all the same).
//   - CSAT: good / (good + bad), unrated tickets not in the denominator;
//     good is top-2-box on 1–5 (4 and 5; 3 is bad) and "good" on a
//     good/bad scale of 2 (Zendesk): [Definitions.CSATGood]. Categories the
//     desk cannot influence leave numerator and denominator and are listed
//     ([Config.CSATExclude]).
//   - NPS: 100 × (promoters 9–10 − detractors 0–6) / respondents.
//   - CES: mean score, or % agree (5–7 of 7): [CESMethod].
//   - Agent credit: the assignee at the KPI's event (default), the current
//     assignee, the last replier or the resolver: [Credit]. A ticket
//     unassigned at its solve is credited to the last agent assigned before
//     it, and a rating after a solve to the agent credited with the solve
//     (Chatwoot's unassign-on-resolve losing CSAT credit is avoided).
//   - Escalation: a ticket with at least one change from one group to
//     another; reassignment: from one agent to another, through any
//     unassignment between them (unassigning is no reassignment).
//   - SLA achievement: achieved / (achieved + breached) per policy and
//     metric from package sla's clock instances ([Config.SLA]): achieved
//     when fulfilled without breach, missed when breached in any state;
//     instances still running or paused without a breach are excluded and
//     listed (Libredesk's 0 for 0/0 is avoided: 0/0 is undefined).
//   - Handling time: logged talk + hold + after-call work per handled
//     ticket (AHT, per channel and per agent); where an agent logged
//     nothing, the time assigned while the ticket was active stands in,
//     labelled as a proxy ([AgentSpent.Proxy]).
//   - Merged-away tickets leave every KPI and are listed (Zendesk closes
//     them with "closed_by_merge"; Freshdesk and Zammad drop them).
//
// # Aggregation
//
// [Summary] keeps every duration (zeros as a count, whole seconds in 2
// bytes below about 18 hours and 4 above), so count, censored count, mean, median, p90, min and max are
// exact after any split and merge; the quantile method is named
// ([NearestRank], PostgreSQL's percentile_disc, by default; [Linear],
// percentile_cont, on request). [Summary.Stats] selects the two ranks it
// needs in two reads of the values (histograms on logarithmic bins), with
// no sort. [Rate] carries its
// numerator, denominator and the tickets excluded with a reason; its value
// is a decimal.Decimal rounded only when read, with an explicit
// [Rounding], and 0/0 is undefined, never 0. [Mean] is a sum and a count.
//
// A [Report] folds histories one at a time ([Report.Add]), or many at once
// ([Report.AddAll]: the same report, faster, batch by batch) into overall
// [KPIs], [Breakdown]s by any combination of up to three [Dimension]s (agent
// and group as of the event; channel, priority, category, tag, tier,
// customer, organization; hour, day, ISO week, month, year buckets in one
// IANA zone carried in the report), [Volume] (new tickets per bucket, the
// 7 × 24 weekday × hour heatmap in local time, busiest hour and weekday
// as averages per occurrence, period-over-period change normalised per
// business day, backlog at an instant) and [Workload] (tickets touched and
// replies per agent, AHT per channel and agent, most used workflows, and
// per customer the agents who spent most time, logged or, as a labelled
// proxy, assigned). Filters list what they removed. [Attribution] says
// which instant places a KPI: creation, its own event, or the last solve.
//
// Every aggregate merges: [Report.Merge] is associative and commutative,
// and reports over any split of the tickets, merged in any order, equal
// the single-pass report; [Report.MarshalJSON] is a stable encoding of
// that mergeable state (every duration, every excluded ticket) for
// sending partial reports between processes. Reports made with different
// configurations — another zone, range, filter, business calendar (by its
// [calendar.Calendar.Fingerprint]) or a definition that changes a number —
// refuse to merge with [ErrIncompatible].
//
// # Reading a report
//
// [Report.Summary] is the display form for people and dashboards
// ([ReportSummary]: counts, censored, mean, median and p90 with the
// quantile method, rates with numerator, denominator and value, per group
// under readable keys such as "2026-W14", "2026-05" or an agent ID, in
// one documented JSON shape). A [Breakdown]'s groups are found in constant
// time by typed key ([Breakdown.Lookup] with [Value] and [In]) or by
// label ([Breakdown.Get]); [Group.Starts] gives each time bucket's first
// instant. Tickets without tags are listed under [NoTag]. Every duration
// is stored once: without a business calendar, each business-time summary
// reads its calendar-time twin; with a breakdown without tags, the overall
// durations read the union of its groups' ([Report]).
//
// # Time
//
// Buckets and dates are read on the wall clock of the report's location:
// days start at local midnight (built with time.Date, never by adding 24
// hours), so a spring-forward day has 23 hours and an autumn day 25; hour
// buckets are cut on the real time line, so the repeated October hour is
// two buckets. [Volume.Buckets] lists the empty buckets between the first
// and last arrival only while there are at most [MaxDenseBuckets] of them
// ([Volume.Dense]); beyond that (a stray timestamp years away) it lists
// just the buckets with arrivals. No function reads the clock: a report is read as of
// [Config.Now] (events after it are checked, not read, as
// [sla.Evaluator.Evaluate] does) and open durations run to it.
//
// # Concurrency
//
// The package starts no goroutines. A [Folder] may be shared. Reading a
// [Report] never changes it: any number of goroutines may read one report
// at once (its KPIs, summaries, breakdowns, volume and workload, its JSON
// and its summary form), say from concurrent HTTP handlers; the writes —
// [Report.Add], [Report.AddAll], [Report.AddFacts], [Report.Merge],
// [Report.Sort] and decoding — need exclusive access, and [Report.Clone]
// gives a copy to write to while the original is served. [Facts] belong
// to one goroutine at a time. To use several cores, fold shards into
// separate reports and merge them.
//
// # Errors
//
// Errors wrap the package's sentinels: [ErrCorruptHistory] (a
// [*HistoryError] naming the ticket and event), [ErrInvalidConfig] (a
// [*ConfigError], with [ErrUnknownDimension] or [ErrEmptyRange] where they
// apply), [ErrIncompatible] and [ErrBadEncoding]. Nothing panics on bad
// input, and no number is silently wrong: a corrupt history fails the
// report or is skipped and listed ([Config.OnCorrupt]).
//
// # Getting started
//
// Make a [Config] with a location (and a business calendar), call
// [NewReport], [Report.Add] every ticket's history (say from a
// [ticket.Scanner]; [Report.AddAll] a page of them at a time), then read [Report.All], [Report.Breakdowns],
// [Report.Volume] and [Report.Workload].
//
// # Configuration documents
//
// [Document] is a report's [Config] as a strict JSON document: the zone by
// its IANA name, the business calendar by name, breakdowns by dimension
// names and the definitions by option names, durations as text.
// [DecodeDocument] reports every problem at once, each a *document.Error
// (package ticket/document) with its JSON path, such as
// "breakdowns[1][0]", wrapping [ErrInvalidConfig]; [Document.Config]
// resolves the calendar and takes the desk's SLA policies;
// [DocumentOf] and [Document.Encode] write a Config built in Go.
package metrics
