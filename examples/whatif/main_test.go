package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden compares the program's output with testdata/whatif.golden; after
// an intended change run `go test ./examples/whatif -update` and review the
// diff.
func TestGolden(t *testing.T) { golden.Program(t, "whatif", run) }

func TestCommandLine(t *testing.T) {
	var usage bytes.Buffer
	err := command([]string{"-h"}, &bytes.Buffer{}, &usage)
	assert.Equal(t, 0, cli.Code(err), "-h exits 0")
	assert.Contains(t, usage.String(), "Usage of whatif")
	for _, args := range [][]string{{"-days", "3"}, {"May"}} {
		var out bytes.Buffer
		err := command(args, &out, io.Discard)
		assert.ErrorIs(t, err, cli.ErrUsage, args)
		assert.Empty(t, out.String(), args)
	}
}

// TestExplained checks that the output says why the longer week breaches
// more, with counts that add up.
func TestExplained(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, command(nil, &out, io.Discard))
	text := out.String()
	assert.Contains(t, text, "Why the longer week breaches more")
	var only, earlier, sat, evening, morning int
	i := strings.Index(text, "Of the ")
	require.Positive(t, i)
	_, err := fmt.Sscanf(strings.Join(strings.Fields(text[i:]), " "),
		"Of the %d instances that breach only in the longer week, %d fall due earlier: %d on a Saturday and %d between 16:00 and 17:00 on a weekday, when nobody was there to reply, and %d",
		&only, &earlier, &sat, &evening, &morning)
	require.NoError(t, err)
	assert.LessOrEqual(t, earlier, only)
	assert.Equal(t, earlier, sat+evening+morning)
	assert.Positive(t, sat)
}
