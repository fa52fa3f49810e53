// Command sla follows one ticket's SLA clocks on an Oslo desk under the
// examples' policy (first reply, next reply and resolution in business
// hours, a warning at 75 %, the team lead told at the breach, the second
// line two hours later). The ticket arrives the afternoon before Ascension
// Day, waits on the customer over a weekend and is solved late.
//
// Nothing polls: the program evaluates the ticket only when something can
// change — at the ticket's own events and at the result's NextWakeUp — and
// fires each warning and escalation that Result.Due returns once, by its
// key. Every instant is fixed, so the output never changes (a test compares
// it with a golden file).
package main
