// Package gen generates a realistic, deterministic stream of support
// tickets for the example programs: customers writing in five languages on
// six channels, a few VIPs, priorities and case types in realistic
// proportions, arrivals peaking at 09–11 and 13–15 local time and thin at
// night, on weekends and holidays, and each ticket's life as a desk lives
// it — assignment, replies in business hours (saved replies among them),
// pending and on-hold spells, solves, reopens, duplicates merged away,
// satisfaction ratings, handling time on phone and chat, and closing four
// days after the solve.
//
// Every history is built with the ticket package's own commands, so it is a
// valid history that ticket.Replay accepts; the same Config gives the same
// stream, event for event.
package gen
