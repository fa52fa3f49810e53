package routing_test

import (
	"testing"

	"github.com/servicedesk-go/desk/routing"
)

// A valid matrix costs no allocation to validate and look up.
func BenchmarkMatrixTicketPriority(b *testing.B) {
	m := routing.DefaultMatrix()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.TicketPriority(routing.ImpactMedium, routing.UrgencyLow); err != nil {
			b.Fatal(err)
		}
	}
}
