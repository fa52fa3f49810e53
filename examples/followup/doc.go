// Command followup shows the follow-up rules of an Oslo desk on three
// tickets: an outage that owes its customers status updates on a cadence
// (every ten minutes at first, then every half hour, then every two
// hours), a rare privacy request that gets a personal follow-up flag for
// its assignee, and a ticket left pending that is bumped twice and then
// solved. The planner is pure: the program asks it what is due at the
// tickets' events and at each plan's NextWakeUp, posts what it is asked
// to, and never polls. Every instant is fixed, so the output never changes
// (a test compares it with a golden file).
package main
