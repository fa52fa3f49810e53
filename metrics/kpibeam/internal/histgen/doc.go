// Package histgen generates deterministic, realistic ticket histories for
// the tests and benchmarks of package kpibeam: arrivals spread over the
// days, six channels, four priorities, agents in three groups, replies in
// business hours, pending and on-hold spells, solves, reopens, ratings,
// handling time on phone calls, duplicates merged away and closes four
// days after the solve. Every history is made with the ticket package's
// commands, so ticket.Replay accepts it. Arrival i depends only on the
// seed and i, so any range of arrivals can be generated alone.
package histgen
