package main

import (
	"bytes"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestGolden compares the program's output with testdata/metrics.golden; after
// an intended change run `go test ./examples/metrics -update` and review the
// diff.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	golden.Check(t, "metrics", out.Bytes())
}
