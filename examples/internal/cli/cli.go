package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servicedesk-go/desk/calendar"
)

// ErrUsage is wrapped by every error about the command line itself.
var ErrUsage = errors.New("invalid command line")

// UsageError is a command line the program refuses, and why.
type UsageError struct{ Problem string }

// Error returns the problem.
func (e *UsageError) Error() string { return e.Problem }

// Unwrap returns ErrUsage.
func (e *UsageError) Unwrap() error { return ErrUsage }

// Refuse returns a *UsageError with the formatted problem.
func Refuse(format string, args ...any) error {
	return &UsageError{Problem: fmt.Sprintf(format, args...)}
}

// New returns a flag set that writes its usage to w: what the program
// does (about), then its flags.
func New(name, about string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage of %s: %s\n\nFlags:\n", name, about)
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args. It returns flag.ErrHelp for -h and -help (after the
// usage is printed), a *UsageError for a flag that is unknown or whose
// value does not parse, and a *UsageError for arguments left over.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Problem: err.Error()}
	}
	if fs.NArg() > 0 {
		return Refuse("unexpected argument %q (every option is a flag: run with -h)", fs.Arg(0))
	}
	return nil
}

// Set returns the names of the flags the command line set.
func Set(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// Code is the exit status for the error run returned: 0 for none and for
// flag.ErrHelp, 2 for a usage error, 1 for anything else.
func Code(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	return 1
}

// Exit prints err (if any) to standard error with the program's name and
// exits with Code(err); a usage error adds a hint to run with -h.
func Exit(name string, err error) {
	code := Code(err)
	if code != 0 {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		if code == 2 {
			fmt.Fprintf(os.Stderr, "run %s -h for the usage\n", name)
		}
	}
	os.Exit(code)
}

// Covered refuses a period of days from first, and the after days that
// follow it, that the desk's calendar does not cover: a calendar counts no
// time outside its years, so business-time figures there would all read 0
// and follow-ups counted in business time could not be planned. after
// leaves room for the clocks and follow-ups the period's last day starts.
func Covered(hours *calendar.Calendar, first calendar.Date, days, after int) error {
	lo, hi := hours.Range()
	start, end := hours.StartOf(first), hours.StartOf(first.AddDays(days+after))
	if !start.Before(lo) && !end.After(hi) {
		return nil
	}
	what := fmt.Sprintf("-date %s", first)
	if days > 1 {
		what += fmt.Sprintf(" with -days %d", days)
	}
	need := ""
	if after > 0 {
		need = fmt.Sprintf(" and the %d days after them, for the clocks and follow-ups still running", after)
	}
	return Refuse("%s: the desk's calendar covers %s to %s, and must cover the days played%s",
		what, lo.Format(time.DateOnly), hi.AddDate(0, 0, -1).Format(time.DateOnly), need)
}

// Fixed runs a program that takes no flags but -h: what it shows is fixed
// (a golden test compares it), so any other flag or argument is refused.
func Fixed(name, about string, args []string, out, errOut io.Writer, run func(io.Writer) error) error {
	fs := New(name, about+"; it takes no flags.", errOut)
	if err := Parse(fs, args); err != nil {
		return err
	}
	return run(out)
}
