// Package wall compares and subtracts instants on their wall clocks, for
// package metrics and its subpackages.
//
// Package ticket orders a history on wall clocks, and a store keeps only
// the wall clock, but the instants that time.Now returns also carry a
// monotonic clock reading, which time.Time's After, Before, Compare, Equal
// and Sub read instead whenever both instants carry one. Across a step of
// the wall clock (an NTP correction while the process runs) they would
// measure a history made in process otherwise than the same history read
// back from storage: a negative first reply, say, or a slot with more
// open time than length. These functions read the wall clocks alone,
// always, and are quicker: time.Time's methods decode both instants for
// each call, and Sub checks for overflow with an Add and an Equal.
//
// On instants without monotonic readings each function equals its
// time.Time method, including Sub's saturation at the largest and
// smallest Duration.
package wall
