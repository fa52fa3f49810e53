package sla

import "time"

// Instants are compared on their wall clocks, as package ticket orders a
// history and as a store keeps it: the monotonic clock reading that
// instants from time.Now carry (an event's At, the caller's now, a
// checkpoint's instant, and the instants derived from them with Add, which
// keeps it) is ignored. time.Time's After, Before and Compare read the
// monotonic readings when both instants carry one, so across a step of the
// wall clock a scheduler would see a history made in process otherwise
// than the same history read back from storage.
//
// Evaluate compares the events' instants with now as Unix seconds and
// nanoseconds; the engine takes each event's instant and now without their
// monotonic readings (Round(0)), so that every instant it derives from them
// (segments, planned thresholds, bounds that reach tests by the second, the
// next wake-up, also through an Hours whose Add keeps the reading) is a
// wall clock alone; Due, which reads the result's Now as given and the
// caller's checkpoint, compares with the helpers below.

// wallCompare returns -1, 0 or +1 as t is before, at or after u.
func wallCompare(t, u time.Time) int {
	ts, us := t.Unix(), u.Unix()
	switch {
	case ts < us:
		return -1
	case ts > us:
		return +1
	}
	tn, un := t.Nanosecond(), u.Nanosecond()
	switch {
	case tn < un:
		return -1
	case tn > un:
		return +1
	}
	return 0
}

// wallAfter reports whether t is after u.
func wallAfter(t, u time.Time) bool {
	ts, us := t.Unix(), u.Unix()
	return ts > us || ts == us && t.Nanosecond() > u.Nanosecond()
}

// wallBefore reports whether t is before u.
func wallBefore(t, u time.Time) bool { return wallAfter(u, t) }
