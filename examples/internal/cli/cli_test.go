package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
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

func TestCovered(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	week, err := calendar.ParseWeek("mon-fri 08:00-16:00")
	require.NoError(t, err)
	hours, err := calendar.New(oslo, week, calendar.WithYears(2020, 2035))
	require.NoError(t, err)
	day := func(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

	assert.NoError(t, Covered(hours, day(2020, time.January, 1), 1, 0))
	assert.NoError(t, Covered(hours, day(2035, time.December, 31), 1, 0), "the last covered day")
	assert.NoError(t, Covered(hours, day(2035, time.December, 1), 24, 7))

	for name, err := range map[string]error{
		"before the first year":      Covered(hours, day(2019, time.December, 31), 1, 0),
		"after the last year":        Covered(hours, day(2036, time.January, 5), 1, 0),
		"days running past the end":  Covered(hours, day(2035, time.December, 30), 3, 0),
		"no room for what runs on":   Covered(hours, day(2035, time.December, 31), 1, 7),
		"a long period from the end": Covered(hours, day(2035, time.December, 1), 31, 1),
	} {
		assert.ErrorIs(t, err, ErrUsage, name)
		assert.Equal(t, 2, Code(err), name)
		assert.ErrorContains(t, err, "covers 2020-01-01 to 2035-12-31", name)
	}
	assert.EqualError(t, Covered(hours, day(2035, time.December, 30), 3, 7),
		"-date 2035-12-30 with -days 3: the desk's calendar covers 2020-01-01 to 2035-12-31, and must cover the days played and the 7 days after them, for the clocks and follow-ups still running")
}

func TestFixed(t *testing.T) {
	ran := 0
	show := func(w io.Writer) error { ran++; _, err := io.WriteString(w, "shown\n"); return err }
	var out, usage bytes.Buffer
	require.NoError(t, Fixed("demo", "shows a demo", nil, &out, &usage, show))
	assert.Equal(t, "shown\n", out.String())
	assert.Empty(t, usage.String())

	out.Reset()
	err := Fixed("demo", "shows a demo", []string{"-h"}, &out, &usage, show)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Equal(t, 0, Code(err))
	assert.Contains(t, usage.String(), "Usage of demo: shows a demo; it takes no flags.")
	for _, args := range [][]string{{"-days", "3"}, {"today"}} {
		err := Fixed("demo", "shows a demo", args, &out, io.Discard, show)
		assert.ErrorIs(t, err, ErrUsage, args)
		assert.Equal(t, 2, Code(err), args)
	}
	assert.Empty(t, out.String(), "nothing shown for -h or a refused command line")
	assert.Equal(t, 1, ran)
}
