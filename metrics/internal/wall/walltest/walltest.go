package walltest

import (
	"time"
	"unsafe"
)

// ShiftMonotonic returns t (which must carry a monotonic clock reading, as
// time.Now's do) with its monotonic reading moved by d and its wall clock
// unchanged: what two readings of time.Now show across a step of the wall
// clock.
func ShiftMonotonic(t time.Time, d time.Duration) time.Time {
	type timeLayout struct { // time.Time's fields; ext is the monotonic reading
		wall uint64
		ext  int64
		loc  *time.Location
	}
	(*timeLayout)(unsafe.Pointer(&t)).ext += int64(d)
	return t
}
