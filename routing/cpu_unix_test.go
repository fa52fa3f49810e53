//go:build unix

package routing_test

import (
	"syscall"
	"testing"
)

// cpuNS returns the CPU time (user and system) the process has used, in
// nanoseconds.
func cpuNS() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

// reportCPU reports the CPU time per operation since start as cpu-ns/op:
// on a shared machine wall time per operation depends on the other load,
// CPU time much less.
func reportCPU(b *testing.B, start int64) {
	if b.N > 0 && start > 0 {
		b.ReportMetric(float64(cpuNS()-start)/float64(b.N), "cpu-ns/op")
	}
}
