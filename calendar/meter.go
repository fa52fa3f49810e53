package calendar

import (
	"math"
	"time"
)

// Meter measures the open time from a fixed start to later and later
// instants: m.To(t) is c.Elapsed(start, t), exactly, with one lookup of
// the calendar per call instead of Elapsed's two (the start's is done
// once). A fold over a ticket's events that asks for the business time
// since creation at each of them uses one. The zero Meter is not usable;
// make one with [Calendar.Meter]. A Meter is a small value: copy it
// freely; like the Calendar, it is safe for concurrent reads.
type Meter struct {
	c      *Calendar
	s0, n0 int64 // the open time before the start, as gAt gives it
}

// Meter returns a Meter from start.
func (c *Calendar) Meter(start time.Time) Meter {
	s, n := c.gAt(start)
	return Meter{c: c, s0: s, n0: n}
}

// To returns the open time from the Meter's start to t: c.Elapsed(start,
// t), 0 when t is not after the start.
func (m Meter) To(t time.Time) time.Duration {
	s, n := m.c.gAt(t)
	switch ds := s - m.s0; {
	case ds < 0: // t before the start (open time never decreases)
		return 0
	case ds >= math.MaxInt64/int64(time.Second)-1:
		return math.MaxInt64
	default:
		return max(time.Duration(ds)*time.Second+time.Duration(n-m.n0), 0)
	}
}
