package wall

import "time"

// Compare returns -1, 0 or +1 as t is before, at or after u.
func Compare(t, u time.Time) int {
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

// After reports whether t is after u.
func After(t, u time.Time) bool {
	ts, us := t.Unix(), u.Unix()
	return ts > us || ts == us && t.Nanosecond() > u.Nanosecond()
}

// Before reports whether t is before u.
func Before(t, u time.Time) bool { return After(u, t) }

// Equal reports whether t and u are the same instant.
func Equal(t, u time.Time) bool { return t.Unix() == u.Unix() && t.Nanosecond() == u.Nanosecond() }

// Sub returns t − u, saturating at the largest and smallest Duration as
// time.Time.Sub does.
func Sub(t, u time.Time) time.Duration {
	const limit = 1 << 33 // seconds (272 years): far inside a Duration
	if s := t.Unix() - u.Unix(); -limit < s && s < limit {
		return time.Duration(s)*time.Second + time.Duration(t.Nanosecond()-u.Nanosecond())
	}
	return t.Round(0).Sub(u.Round(0))
}
