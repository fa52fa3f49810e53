// Command helpdesk plays a day of a Norwegian support desk on the desk
// library: tickets arrive on several channels and are routed with reasons;
// SLA clocks from a real policy (per-priority first-reply, next-reply and
// resolution targets in business hours, urgent tickets around the clock)
// run, pause while pending and breach, and their 75 % warnings and
// escalation levels are printed as they fire; follow-ups fall due — an
// outage gets status updates on the users' cadence (18:15, 18:25, then
// every half hour), a rare privacy request a personal follow-up flag, a
// ticket left pending is bumped twice and then solved; tickets are
// answered, put on hold, solved, reopened, merged and followed up; and the
// KPI report from package metrics closes the day.
//
// Nothing polls. After every change to a ticket, and at the instant its
// last SLA result or follow-up plan named as NextWakeUp, the desk evaluates
// that ticket and acts on what fell due, once per key.
//
// By default the day is Wednesday 13 May 2026 in Europe/Oslo, the eve of
// Ascension Day; the desk is open Monday to Friday 08:00–16:00 and closed
// on Norwegian public holidays. Every instant is fixed, so the output is
// the same on every run (a test compares it with a golden file).
//
// The desk itself — its calendar, ticket lifecycle, SLA policies,
// follow-up rules, routing policy and escalation path, and the KPI
// report's options — is data: desk.json beside this file, built into the
// program, read with package deskfile; -config reads another desk file.
//
// Flags: -date moves the day; -tickets N plays a generated stream of N
// tickets over -days days instead, or 300 a day with -days alone
// (channels, languages, VIPs, priorities, peaks at 09–11 and 13–15;
// deterministic for a -seed), printing the
// scheduler's counts, the KPI report with the busiest hour and weekday and
// the week-over-week change per working day, and each phase's time; -json
// prints the KPI report in its display form (metrics.ReportSummary) as JSON.
//
//	go run ./examples/helpdesk
//	go run ./examples/helpdesk -tickets 100000 -days 30
package main
