package metrics

import "time"

// Instants are compared and subtracted on their wall clocks, as package
// ticket orders a history and as a store keeps it: the monotonic clock
// reading that instants from time.Now carry is ignored. A history folds
// to the same facts before and after a round trip through storage, and a
// step of the wall clock between two events (which ticket accepts when the
// wall clock still goes forward) gives the wall clock's duration, never a
// negative one. It is also quicker: time.Time's methods decode both
// instants for each comparison, and Sub checks for overflow with an Add.

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

// wallEqual reports whether t and u are the same instant.
func wallEqual(t, u time.Time) bool { return t.Unix() == u.Unix() && t.Nanosecond() == u.Nanosecond() }

// wallSub returns t − u, saturating at the largest and smallest Duration
// as time.Time.Sub does.
func wallSub(t, u time.Time) time.Duration {
	const limit = 1 << 33 // seconds (272 years): far inside a Duration
	if s := t.Unix() - u.Unix(); -limit < s && s < limit {
		return time.Duration(s)*time.Second + time.Duration(t.Nanosecond()-u.Nanosecond())
	}
	return t.Round(0).Sub(u.Round(0))
}
