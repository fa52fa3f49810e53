package kpibeam

import (
	"encoding/json"
	"fmt"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// TestPrismMatchesSingleProcess runs the pipeline on Prism over the same
// histories split into files in several ways and requires each variant's
// report to encode byte for byte as the report built in one process.
func TestPrismMatchesSingleProcess(t *testing.T) {
	all := testHistories(t)
	n := len(all)
	shuffled := slices.Clone(all)
	rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	tests := []struct {
		name   string
		shards [][][]ticket.Event
	}{
		{name: "one file", shards: [][][]ticket.Event{all}},
		{name: "two files", shards: [][][]ticket.Event{all[:n/2], all[n/2:]}},
		{name: "many files", shards: chunks(all, 17)},
		{name: "empty shards", shards: [][][]ticket.Event{nil, all[:n/3], nil, all[n/3:], nil}},
		{name: "one huge shard", shards: [][][]ticket.Event{all[:3], all[3 : n-2], all[n-2:]}},
		{name: "any order", shards: reversed(chunks(shuffled, 5))},
	}
	standard, strict := singleProcess(t, "standard", all), singleProcess(t, "strict", all)
	require.NotEqual(t, standard, strict, "the what-if variants must differ")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, sh := range tc.shards {
				writeShard(t, filepath.Join(dir, fmt.Sprintf("shard-%03d.jsonl", i)), sh)
			}
			out, err := runFiles(t, deskConfig, Options{Variants: []string{"standard", "strict"}}, false, filepath.Join(dir, "*.jsonl"))
			require.NoError(t, err)
			assert.Empty(t, out.dead)
			require.Len(t, out.results, 2)
			assert.Equal(t, string(standard), string(out.results["standard"].Report))
			assert.Equal(t, string(strict), string(out.results["strict"].Report))
			assert.Nil(t, out.results["standard"].Quantiles)
			assert.Zero(t, out.results["standard"].DeadLetters)
		})
	}
}

// reversed returns the shards in the opposite order.
func reversed(shards [][][]ticket.Event) [][][]ticket.Event {
	out := slices.Clone(shards)
	slices.Reverse(out)
	return out
}

// chunks splits hs into k nearly equal consecutive parts.
func chunks(hs [][]ticket.Event, k int) [][][]ticket.Event {
	out := make([][][]ticket.Event, k)
	for i := range k {
		out[i] = hs[i*len(hs)/k : (i+1)*len(hs)/k]
	}
	return out
}

// TestWhatIfVariantsDiffer checks that the strict variant's SLA
// achievement is lower: the variants really are evaluated apart.
func TestWhatIfVariantsDiffer(t *testing.T) {
	all := testHistories(t)
	read := func(b []byte) *metrics.Report {
		var r metrics.Report
		require.NoError(t, json.Unmarshal(b, &r))
		return &r
	}
	standard, strict := read(singleProcess(t, "standard", all)), read(singleProcess(t, "strict", all))
	total := func(rates map[string]*metrics.Rate, policyPrefix string) metrics.Rate {
		var sum metrics.Rate
		for name, r := range rates {
			require.True(t, strings.HasPrefix(name, policyPrefix), name)
			sum.Numerator += r.Numerator
			sum.Denominator += r.Denominator
		}
		return sum
	}
	s, x := total(standard.All.SLA, "standard"), total(strict.All.SLA, "strict")
	require.Positive(t, x.Denominator)
	assert.Greater(t, s.Numerator*x.Denominator, x.Numerator*s.Denominator, "standard %v, strict %v", s, x)
}

// TestDeadLetters sends undecodable lines and histories Replay refuses to
// the dead letters, with their locations, counts them in the result and
// reports the rest exactly.
func TestDeadLetters(t *testing.T) {
	all := testHistories(t)
	dir := t.TempDir()
	good := all[:50]
	// A history whose second event claims sequence number 5.
	gap := slices.Clone(all[50])
	gap[1].Seq = 5
	gapLine, err := ticket.EncodeEvents(gap)
	require.NoError(t, err)
	// A history that starts with a reply instead of the creation.
	headless, err := ticket.EncodeEvents(all[51][1:])
	require.NoError(t, err)
	writeShard(t, filepath.Join(dir, "a.jsonl"), good[:20], `{"not": "a history"}`, "", string(gapLine))
	writeShard(t, filepath.Join(dir, "b.jsonl"), good[20:], "[]", string(headless), `[{"ticket_id":`)

	out, err := runFiles(t, deskConfig, Options{}, false, filepath.Join(dir, "*.jsonl"))
	require.NoError(t, err)
	require.Len(t, out.results, 1)
	assert.Equal(t, string(singleProcess(t, "", good)), string(out.results[""].Report))
	assert.Equal(t, 5, out.results[""].DeadLetters)

	slices.SortFunc(out.dead, func(a, b DeadLetter) int { return cmpString(a.Location, b.Location) })
	var locs []string
	for _, d := range out.dead {
		locs = append(locs, filepath.Base(d.Location))
		assert.NotEmpty(t, d.Error)
		assert.NotEmpty(t, d.Input)
	}
	assert.Equal(t, []string{"a.jsonl:21", "a.jsonl:23", "b.jsonl:31", "b.jsonl:32", "b.jsonl:33"}, locs)
	assert.Contains(t, out.dead[0].Error, "not a JSON array")
	assert.Equal(t, string(gapLine), out.dead[1].Input)
	assert.Equal(t, "[]", out.dead[2].Input)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestFailOnBadInput fails the job on the first bad line when asked to.
func TestFailOnBadInput(t *testing.T) {
	dir := t.TempDir()
	writeShard(t, filepath.Join(dir, "a.jsonl"), testHistories(t)[:5], "garbage")
	_, err := runFiles(t, deskConfig, Options{}, true, filepath.Join(dir, "*.jsonl"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a.jsonl:6")
	assert.Contains(t, err.Error(), ErrBadInput.Error())
}

// TestEmptyInput gives the empty report when every file is empty.
func TestEmptyInput(t *testing.T) {
	dir := t.TempDir()
	writeShard(t, filepath.Join(dir, "a.jsonl"), nil)
	writeShard(t, filepath.Join(dir, "b.jsonl"), nil)
	out, err := runFiles(t, deskConfig, Options{Variants: []string{"standard", "strict"}}, false, filepath.Join(dir, "*.jsonl"))
	require.NoError(t, err)
	require.Len(t, out.results, 2)
	assert.Equal(t, string(singleProcess(t, "standard", nil)), string(out.results["standard"].Report))
	assert.Equal(t, string(singleProcess(t, "strict", nil)), string(out.results["strict"].Report))
}

// TestPipelineErrors covers a pattern without files, a configuration that
// fails on the workers and options Reports refuses.
func TestPipelineErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := runFiles(t, deskConfig, Options{}, false, filepath.Join(dir, "*.jsonl"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), ErrNoFiles.Error())

	writeShard(t, filepath.Join(dir, "a.jsonl"), testHistories(t)[:3])
	_, err = runFiles(t, badConfig, Options{}, false, filepath.Join(dir, "*.jsonl"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no configuration for ""`)

	for _, o := range []Options{{RelativeError: 0.5}, {RelativeError: -0.01}, {Variants: []string{"a", "a"}}} {
		assert.ErrorIs(t, o.Validate(), ErrInvalidOptions, "%+v", o)
	}
	assert.NoError(t, Options{RelativeError: 0.01, Variants: []string{"a", "b"}}.Validate())
}

// TestOverlappingPatterns reads a file that two patterns match once: the
// files are the set the patterns match, so a ticket is not counted twice
// (it was: every file each pattern matched was read).
func TestOverlappingPatterns(t *testing.T) {
	all := testHistories(t)[:60]
	dir := t.TempDir()
	writeShard(t, filepath.Join(dir, "2026-03-a.jsonl"), all[:30])
	writeShard(t, filepath.Join(dir, "2026-03-b.jsonl"), all[30:])
	out, err := runFiles(t, deskConfig, Options{}, false,
		filepath.Join(dir, "2026-*.jsonl"), filepath.Join(dir, "2026-03-a.jsonl"), filepath.Join(dir, "*-b.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, string(singleProcess(t, "", all)), string(out.results[""].Report))
}

// TestReportsRefuseWrongCollections: collections that are not histories
// and dead letters (strings, a zero PCollection, the two swapped) are an
// error wrapping ErrInvalidOptions when the pipeline is built, not a
// panic (a nil dereference for strings) inside Beam.
func TestReportsRefuseWrongCollections(t *testing.T) {
	for name, f := range map[string]func(s beam.Scope) (beam.PCollection, beam.PCollection){
		"strings": func(s beam.Scope) (beam.PCollection, beam.PCollection) {
			return beam.Create(s, "a"), beam.Create(s, DeadLetter{})
		},
		"zero dead": func(s beam.Scope) (beam.PCollection, beam.PCollection) {
			return beam.CreateList(s, []History{}), beam.PCollection{}
		},
		"swapped": func(s beam.Scope) (beam.PCollection, beam.PCollection) {
			h, d := ReadFiles(s, false, "x")
			return d, h
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, s := beam.NewPipelineWithRoot()
			h, d := f(s)
			var err error
			require.NotPanics(t, func() { _, err = Reports(s, deskConfig, Options{}, h, d) })
			assert.ErrorIs(t, err, ErrInvalidOptions)
			require.NotPanics(t, func() { _, err = DeskReports(s, []Desk{{Name: "a", File: deskFileText(1)}}, Options{}, h, d) })
			assert.ErrorIs(t, err, ErrInvalidOptions)
		})
	}
}
