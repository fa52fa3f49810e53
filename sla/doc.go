// Package sla computes SLA clocks as a pure replay of a ticket's history:
// from policies, a ticket's events and an instant now, the state of every
// clock instance — running, paused, fulfilled or cancelled, breached or
// not, due when and why.
package sla
