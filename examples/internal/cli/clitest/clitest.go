package clitest

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/servicedesk-go/desk/examples/internal/cli"
)

// Fixed checks the command line of program name, which takes no flag and
// no argument ([cli.Fixed]): -h prints its usage and exits 0; a flag or an
// argument is refused with [cli.ErrUsage], exit status 2 and no output.
func Fixed(t *testing.T, name string, command func(args []string, out, errOut io.Writer) error) {
	t.Helper()
	var usage bytes.Buffer
	err := command([]string{"-h"}, &bytes.Buffer{}, &usage)
	assert.Equal(t, 0, cli.Code(err), "-h exits 0")
	assert.Contains(t, usage.String(), "Usage of "+name)
	for _, args := range [][]string{{"-days", "3"}, {"today"}} {
		var out bytes.Buffer
		err := command(args, &out, io.Discard)
		assert.ErrorIs(t, err, cli.ErrUsage, args)
		assert.Equal(t, 2, cli.Code(err), args)
		assert.Empty(t, out.String(), args)
	}
}
