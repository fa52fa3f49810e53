package cli_test

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/servicedesk-go/desk/examples/internal/cli"
)

// A program parses its flags with Parse, refuses values it cannot use
// with Refuse, and exits with Code's status: 2 for anything wrong with
// the command line, 0 for -h.
func ExampleParse() {
	run := func(args ...string) error {
		fs := cli.New("demo", "shows the command line", io.Discard)
		days := fs.Int("days", 1, "days to play")
		if err := cli.Parse(fs, args); err != nil {
			return err
		}
		if *days < 1 {
			return cli.Refuse("-days %d: want at least 1", *days)
		}
		return nil
	}
	for _, args := range [][]string{{"-days", "3"}, {"-days", "0"}, {"-days", "x"}, {"-h"}} {
		err := run(args...)
		fmt.Println(args, "→ exit", cli.Code(err), errors.Is(err, cli.ErrUsage), errors.Is(err, flag.ErrHelp))
	}
	// Output:
	// [-days 3] → exit 0 false false
	// [-days 0] → exit 2 true false
	// [-days x] → exit 2 true false
	// [-h] → exit 0 false true
}
