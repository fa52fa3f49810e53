// Package walltest helps the tests of package metrics and its subpackages
// make instants whose monotonic clock readings disagree with their wall
// clocks, as two readings of time.Now do across a step of the wall clock.
package walltest
