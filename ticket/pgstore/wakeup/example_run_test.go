package wakeup_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamples runs the examples that need a server against it, each on a
// schema of its own, and compares what they print with the output their
// comments promise.
func TestExamples(t *testing.T) {
	url := serverURL(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	t.Setenv("DESK_PG_URL", url+sep+"search_path="+freshSchema(t))
	assert.Equal(t, "first_reply_time breached: notify group_manager\n", captureStdout(t, Example))
}

// captureStdout returns what f prints to os.Stdout.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stdout = stdout }()
	f()
	require.NoError(t, w.Close())
	return <-done
}
