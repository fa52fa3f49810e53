//go:build unix

package followup_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used (user and system, every
// thread, the garbage collector's included), which a loaded machine
// disturbs less than the wall clock.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
