package staffing

import "time"

// Slots and shifts are compared and subtracted on their wall clocks, as a
// calendar reads them and as a store keeps them: the monotonic clock
// reading that instants from time.Now carry is ignored. time.Time's After,
// Before, Equal and Sub read the monotonic readings when both instants
// carry one, so across a step of the wall clock they would measure an
// interval otherwise than the calendar's Elapsed does (an interval open
// around the clock with more open time than length, so a negative share
// unstaffed), and otherwise than the same interval read back from storage.

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
