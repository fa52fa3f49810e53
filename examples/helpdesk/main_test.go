package main

import (
	"bytes"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestGolden runs the example and compares its output with the golden
// file, so the example can never silently break. After an intended change,
// run `go test ./examples/helpdesk -update` and review the diff.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	golden.Check(t, "helpdesk", out.Bytes())
}
