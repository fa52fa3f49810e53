package main

import (
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/cli/clitest"
	"github.com/servicedesk-go/desk/examples/internal/golden"
)

// TestGolden compares the program's output with testdata/routing.golden; after
// an intended change run `go test ./examples/routing -update` and review the
// diff.
func TestGolden(t *testing.T) { golden.Program(t, "routing", run) }

// TestCommandLine: -h prints the usage, and a flag or argument is refused
// with exit status 2 and no output.
func TestCommandLine(t *testing.T) { clitest.Fixed(t, "routing", command) }
