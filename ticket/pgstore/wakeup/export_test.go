package wakeup

import "time"

// SetSweepTimeout shortens how long s's sweep jobs may run, so that a test
// can reach the end of a sweep in seconds. It is no API: it exists in the
// package's tests only, and may be called before s's client starts.
func SetSweepTimeout(s *Scheduler, d time.Duration) { s.sweep = d }
