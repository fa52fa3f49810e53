package followup

import "time"

// Instants are compared and subtracted on their wall clocks, as package
// ticket orders a history and as a store keeps it: the monotonic clock
// reading that instants from time.Now carry (an event's At, a snooze's end,
// a follow-up date, now, and the instants a plan derives from them with
// Add, which keeps it) is ignored. time.Time's After, Before, Compare and
// Sub read the monotonic readings when both instants carry one, so across
// a step of the wall clock they would plan a history made in process
// otherwise than the same history read back from storage.

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

// wallSub returns t − u, saturating at the largest and smallest Duration
// as time.Time.Sub does.
func wallSub(t, u time.Time) time.Duration {
	const limit = 1 << 33 // seconds (272 years): far inside a Duration
	if s := t.Unix() - u.Unix(); -limit < s && s < limit {
		return time.Duration(s)*time.Second + time.Duration(t.Nanosecond()-u.Nanosecond())
	}
	return t.Round(0).Sub(u.Round(0))
}
