package deskfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/deskfile"
)

// BenchmarkLoad loads the helpdesk example's desk file: its calendar
// (16 years of Norwegian holidays and Christmas Eves), lifecycle, SLA
// policies, follow-up rules, routing and report options.
func BenchmarkLoad(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "helpdesk", "desk.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := deskfile.Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
