package main

import (
	"bytes"
	"io"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/stretchr/testify/assert"
)

// TestGolden compares the program's output with testdata/routing.golden; after
// an intended change run `go test ./examples/routing -update` and review the
// diff.
func TestGolden(t *testing.T) { golden.Program(t, "routing", run) }

// TestCommandLine: -h prints the usage, and a flag or argument is refused
// with exit status 2 and no output.
func TestCommandLine(t *testing.T) {
	var usage bytes.Buffer
	err := command([]string{"-h"}, &bytes.Buffer{}, &usage)
	assert.Equal(t, 0, cli.Code(err), "-h exits 0")
	assert.Contains(t, usage.String(), "Usage of routing")
	for _, args := range [][]string{{"-days", "3"}, {"today"}} {
		var out bytes.Buffer
		err := command(args, &out, io.Discard)
		assert.ErrorIs(t, err, cli.ErrUsage, args)
		assert.Equal(t, 2, cli.Code(err), args)
		assert.Empty(t, out.String(), args)
	}
}
