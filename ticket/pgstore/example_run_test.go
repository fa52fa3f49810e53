package pgstore_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamples runs the examples against the server, each on a schema of
// its own, and compares what they print with the output their comments
// promise.
func TestExamples(t *testing.T) {
	url := serverURL(t)
	tests := []struct {
		name string
		run  func()
		want string
	}{
		{"Example", Example, "1 2026-05-04T09:00:00+02:00 customer:ola created\n" +
			"2 2026-05-04T09:20:00+02:00 agent:ingrid message\n" +
			"3 2026-05-04T09:20:00+02:00 agent:ingrid status_changed\n"},
		{"ExampleStore_Append", ExampleStore_Append, "<nil>\ntrue true\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := "?"
			if strings.Contains(url, "?") {
				sep = "&"
			}
			t.Setenv("DESK_PG_URL", url+sep+"search_path="+freshSchema(t))
			assert.Equal(t, tt.want, captureStdout(t, tt.run))
		})
	}
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
	defer func() {
		os.Stdout = stdout
	}()
	f()
	require.NoError(t, w.Close())
	return <-done
}
