package golden

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// Check compares got with testdata/name.golden, or rewrites the file when
// the test runs with -update.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run the test with -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}

// Program runs an example program's run function and checks its output
// against testdata/name.golden.
func Program(t *testing.T, name string, run func(io.Writer) error) {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	Check(t, name, out.Bytes())
}
