package cli

import (
	"bytes"
	"errors"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func flags(w *bytes.Buffer) (*flag.FlagSet, *int) {
	fs := New("demo", "plays a demo.", w)
	n := fs.Int("n", 3, "how many")
	return fs, n
}

func TestParse(t *testing.T) {
	var out bytes.Buffer
	fs, n := flags(&out)
	require.NoError(t, Parse(fs, []string{"-n", "5"}))
	assert.Equal(t, 5, *n)
	assert.Equal(t, map[string]bool{"n": true}, Set(fs))
	assert.Empty(t, out.String())

	fs, _ = flags(&out)
	require.NoError(t, Parse(fs, nil))
	assert.Empty(t, Set(fs), "defaults are not set by the command line")
}

func TestParseHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var out bytes.Buffer
		fs, _ := flags(&out)
		err := Parse(fs, []string{arg})
		assert.ErrorIs(t, err, flag.ErrHelp, arg)
		assert.Equal(t, 0, Code(err), arg)
		assert.Contains(t, out.String(), "Usage of demo: plays a demo.", arg)
		assert.Contains(t, out.String(), "-n int", arg)
	}
}

func TestParseRefused(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag":   {"-x"},
		"not a number":   {"-n", "many"},
		"missing value":  {"-n"},
		"left-over args": {"-n", "2", "extra"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			fs, _ := flags(&out)
			err := Parse(fs, args)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrUsage)
			var ue *UsageError
			assert.ErrorAs(t, err, &ue)
			assert.Equal(t, 2, Code(err))
		})
	}
}

func TestCode(t *testing.T) {
	assert.Equal(t, 0, Code(nil))
	assert.Equal(t, 2, Code(Refuse("-days must be at least 1, not %d", 0)))
	assert.Equal(t, "-days must be at least 1, not 0", Refuse("-days must be at least 1, not %d", 0).Error())
	assert.Equal(t, 1, Code(errors.New("disk full")))
}
