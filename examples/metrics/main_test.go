package main

import (
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/golden"
)

// TestGolden compares the program's output with testdata/metrics.golden; after
// an intended change run `go test ./examples/metrics -update` and review the
// diff.
func TestGolden(t *testing.T) { golden.Program(t, "metrics", run) }
