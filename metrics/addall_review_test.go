package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// slaCorrupt returns a history the fold reads but the SLA evaluator
// refuses (an assignment spliced in with a wrong previous assignee).
func slaCorrupt(t testing.TB, n int) []ticket.Event {
	h := newStory(t, n, oslo(t, "2026-04-13 09:00"), ticket.Created{Subject: "a", Group: "l1"}).
		assign(oslo(t, "2026-04-13 09:05"), "ingrid", "l1").
		assign(oslo(t, "2026-04-13 09:10"), "kari", "l1").events
	a := h[2].Data.(ticket.Assigned)
	a.PrevAgent = "nobody"
	h[2].Data = a
	return h
}

// orderedParts are the parts of a report whose order Add defines and
// the encoding does not show (it sorts them): skipped and removed tickets,
// contacts, and the excluded tickets of every rate, overall and by group.
func orderedParts(r *metrics.Report) string {
	out := fmt.Sprint(r.Tickets, r.Skipped, r.Contacts)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.Removed {
			if !yield(k) {
				return
			}
		}
	}) {
		out += fmt.Sprint(name, *r.Removed[name])
	}
	rates := func(k *metrics.KPIs) string {
		s := fmt.Sprint(k.CSAT.Excluded)
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for n := range k.SLA {
				if !yield(n) {
					return
				}
			}
		}) {
			s += fmt.Sprint(name, k.SLA[name].Excluded)
		}
		return s
	}
	out += rates(r.All)
	for _, b := range r.Breakdowns {
		for _, g := range b.Groups() {
			out += fmt.Sprint(g.Key) + rates(g.KPIs)
		}
	}
	return out
}

// sameReport fails unless a and b read the same in every way: encoding,
// display, every figure, the order of every list, FCRNoRepeat.
func sameReport(t *testing.T, a, b *metrics.Report, msg string) {
	t.Helper()
	ja, err := json.Marshal(a)
	require.NoError(t, err)
	jb, err := json.Marshal(b)
	require.NoError(t, err)
	require.JSONEq(t, string(ja), string(jb), msg)
	require.Equal(t, readReport(a), readReport(b), msg)
	require.Equal(t, orderedParts(a), orderedParts(b), msg)
	require.Equal(t, a.Summary(metrics.Linear), b.Summary(metrics.Linear), msg)
	fa, oka := a.FCRNoRepeat()
	fb, okb := b.FCRNoRepeat()
	require.Equal(t, oka, okb, msg)
	require.Equal(t, fa, fb, msg)
}

// addEach adds each history with Add until one fails.
func addEach(r *metrics.Report, hs [][]ticket.Event) error {
	for _, h := range hs {
		if err := r.Add(h); err != nil {
			return err
		}
	}
	return nil
}

// TestAddAllOrderedAsAdd compares AddAll with Add of each history in turn
// beyond the encoding: the order of skipped and removed tickets, of
// contacts and of excluded tickets, every figure read, over random
// configurations with a Now cutoff, a backlog instant, SLA policies, and
// nil, empty, corrupt and SLA-corrupt histories at the edges of a batch
// (first, 62–65, 127, 128, last); then both reports take more histories,
// are cloned and take more in each clone (the originals staying as they
// were), and are merged.
func TestAddAllOrderedAsAdd(t *testing.T) {
	seeds := 5
	if long() {
		seeds = 60
	}
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, mustLoc(t, "Europe/Oslo"))
	ps := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 2 * time.Hour},
		{Metric: sla.TotalResolution(), Duration: 72 * time.Hour}}}}
	edges := []int{0, 62, 63, 64, 65, 127, 128, 139}
	for seed := range uint64(seeds) {
		rng := newRand(seed + 4242)
		cfg := randConfig(t, seed+1000)
		if rng.IntN(2) == 0 {
			cfg.Now = base.Add(time.Duration(rng.IntN(240*24)) * time.Hour)
		}
		if rng.IntN(3) == 0 {
			cfg.BacklogAt = base.Add(time.Duration(rng.IntN(240*24)) * time.Hour)
			if !cfg.Now.IsZero() && cfg.BacklogAt.After(cfg.Now) {
				cfg.BacklogAt = cfg.Now
			}
		}
		if cfg.SLA == nil && rng.IntN(2) == 0 {
			cfg.SLA = ps
		}
		if _, err := metrics.NewReport(cfg); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		hs := randHistories(t, seed+77, 140)
		for range rng.IntN(3) {
			i := edges[rng.IntN(len(edges))]
			switch rng.IntN(4) {
			case 0:
				hs[i] = nil
			case 1:
				hs[i] = []ticket.Event{}
			case 2:
				hs[i] = slaCorrupt(t, 900_000+i)
			default:
				if h := slices.Clone(hs[i]); len(h) > 2 {
					h[1], h[2] = h[2], h[1]
					hs[i] = h
				}
			}
		}
		msg := fmt.Sprintf("seed %d", seed)

		one, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		oneErr := addEach(one, hs)
		all, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		allErr := all.AddAll(hs)
		if oneErr == nil {
			require.NoError(t, allErr, msg)
		} else {
			require.Error(t, allErr, msg)
			require.Equal(t, oneErr.Error(), allErr.Error(), msg)
			var a, b *metrics.HistoryError
			require.Equal(t, errors.As(oneErr, &a), errors.As(allErr, &b), msg)
		}
		sameReport(t, one, all, msg)
		if rng.IntN(2) == 0 {
			// Sorted (the overall durations gathered), then changed.
			one.Sort()
			all.Sort()
			sameReport(t, one, all, msg+" sorted")
		}

		// Both stay usable: more histories, one by one or all at once.
		more := randHistories(t, seed+9000, 1+rng.IntN(150))
		oneErr, allErr = addEach(one, more), all.AddAll(more)
		require.Equal(t, fmt.Sprint(oneErr), fmt.Sprint(allErr), msg)
		sameReport(t, one, all, msg+" more")

		// Clones fold as their originals, and leave them alone.
		before := readReport(one) + orderedParts(one)
		c1, c2 := one.Clone(), all.Clone()
		extra := randHistories(t, seed+12000, 1+rng.IntN(100))
		require.Equal(t, fmt.Sprint(addEach(c1, extra)), fmt.Sprint(c2.AddAll(extra)), msg)
		sameReport(t, c1, c2, msg+" clones")
		require.Equal(t, before, readReport(one)+orderedParts(one), msg)
		sameReport(t, one, all, msg+" originals after clones")

		// Merged, they stay equal.
		require.NoError(t, c1.Merge(one))
		require.NoError(t, c2.Merge(all))
		sameReport(t, c1, c2, msg+" merged")
	}
}

// TestAddAllBatchEdgesStop checks where AddAll stops on a refused history
// at each position around the batch edges: the report holds exactly the
// histories before it, as Add of each would, and a second AddAll of the
// rest (past the refused one) gives the report of them all.
func TestAddAllBatchEdgesStop(t *testing.T) {
	hs := genHistories(t, newRand(3), 140) // no corrupt history but ours
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), SLA: sla.Policies{{Name: "std", Version: 1,
		Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}},
		Breakdowns:  [][]metrics.Dimension{{metrics.DimAgent}, {metrics.DimTag, metrics.DimWeek}, {metrics.DimChannel}},
		Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat}}
	ats := []int{0, 64}
	if long() {
		ats = []int{0, 1, 62, 63, 64, 65, 127, 128, 129, 139}
	}
	for _, at := range ats {
		for _, bad := range [][]ticket.Event{nil, slaCorrupt(t, 800_000)} {
			in := slices.Clone(hs)
			in[at] = bad
			one, err := metrics.NewReport(cfg)
			require.NoError(t, err)
			oneErr := addEach(one, in)
			require.Error(t, oneErr)
			all, err := metrics.NewReport(cfg)
			require.NoError(t, err)
			allErr := all.AddAll(in)
			require.ErrorIs(t, allErr, metrics.ErrCorruptHistory)
			require.Equal(t, oneErr.Error(), allErr.Error())
			msg := fmt.Sprintf("refused at %d", at)
			sameReport(t, one, all, msg)
			require.NoError(t, addEach(one, in[at+1:]))
			require.NoError(t, all.AddAll(in[at+1:]))
			sameReport(t, one, all, msg+", rest added")

			skip := cfg
			skip.OnCorrupt = metrics.SkipCorrupt
			one, err = metrics.NewReport(skip)
			require.NoError(t, err)
			require.NoError(t, addEach(one, in))
			all, err = metrics.NewReport(skip)
			require.NoError(t, err)
			require.NoError(t, all.AddAll(in))
			require.Len(t, all.Skipped, 1)
			sameReport(t, one, all, msg+", skipped")
		}
	}
}

// TestAddFactsBetweenAdds checks that facts added with AddFacts between
// Add and AddAll calls count as the same history added with Add, and that
// the caller's Facts are never written afterwards: not by AddFacts, not by
// the Adds and AddAlls that follow.
func TestAddFactsBetweenAdds(t *testing.T) {
	hs := genHistories(t, newRand(17), 300)
	seeds := 3
	if long() {
		seeds = 30
	}
	for seed := range uint64(seeds) {
		cfg := randConfig(t, seed+300)
		cfg.SLA = nil // AddFacts takes no SLA instances
		cfg.OnCorrupt = metrics.SkipCorrupt
		fo, err := metrics.NewFolder(cfg.Definitions, cfg.Calendar, cfg.Now, cfg.BacklogAt)
		require.NoError(t, err)
		want := buildReport(t, cfg, hs)
		r, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		type kept struct {
			f    *metrics.Facts
			copy string
		}
		var given []kept
		for i := 0; i < len(hs); {
			switch i % 3 {
			case 0: // facts
				f := &metrics.Facts{}
				require.NoError(t, fo.Fold(f, hs[i]))
				require.NoError(t, r.AddFacts(f))
				given = append(given, kept{f, fmt.Sprintf("%+v", *f)})
				i++
			case 1:
				require.NoError(t, r.Add(hs[i]))
				i++
			default:
				n := min(len(hs)-i, 70)
				require.NoError(t, r.AddAll(hs[i:i+n]))
				i += n
			}
		}
		sameReport(t, want, r, fmt.Sprintf("seed %d", seed))
		for _, g := range given {
			require.Equal(t, g.copy, fmt.Sprintf("%+v", *g.f), "the caller's facts changed")
		}
	}
}

// TestAddAllConcurrentReads reads a report made by AddAll from many
// goroutines at once (run with -race), sorted and not: every read is the
// same.
func TestAddAllConcurrentReads(t *testing.T) {
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), OnCorrupt: metrics.SkipCorrupt,
		Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}, {metrics.DimAgent, metrics.DimTag}, {metrics.DimGroup}}}
	r, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	require.NoError(t, r.AddAll(randHistories(t, 5, 400)))
	for _, sorted := range []bool{false, true} {
		if sorted {
			r.Sort()
		}
		want := readReport(r)
		var wg sync.WaitGroup
		got := make([]string, 4)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i] = readReport(r)
			}()
		}
		wg.Wait()
		for _, g := range got {
			assert.Equal(t, want, g)
		}
	}
}
