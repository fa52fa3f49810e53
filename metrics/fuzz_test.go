package metrics_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// FuzzFold mutates valid histories (dropping, swapping, re-dating and
// re-typing events) and checks that the fold never panics, that it either
// fails with ErrCorruptHistory or yields facts whose durations are not
// negative, and that a report adding the history changes nothing when the
// fold fails.
func FuzzFold(f *testing.F) {
	f.Add(uint64(1), uint8(0), uint8(3), int64(0))
	f.Add(uint64(2), uint8(1), uint8(5), int64(-3600))
	f.Add(uint64(3), uint8(2), uint8(1), int64(7200))
	f.Add(uint64(4), uint8(3), uint8(2), int64(0))
	f.Add(uint64(5), uint8(4), uint8(0), int64(1))
	loc := mustLoc(f, "Europe/Oslo")
	cal := deskCalendar(f)
	f.Fuzz(func(t *testing.T, seed uint64, op, at uint8, shift int64) {
		hs := genHistories(t, rand.New(rand.NewPCG(seed, 0)), 1)
		h := append([]ticket.Event(nil), hs[0]...)
		i := int(at) % len(h)
		switch op % 6 {
		case 0:
			h = append(h[:i:i], h[i+1:]...)
		case 1:
			j := (i + 1) % len(h)
			h[i], h[j] = h[j], h[i]
		case 2:
			h[i].At = h[i].At.Add(time.Duration(shift) * time.Second)
		case 3:
			h[i].Data = ticket.StatusChanged{From: ticket.StatusSolved, To: ticket.StatusOpen}
		case 4:
			h[i].Seq += int(shift % 3)
		case 5:
			h[i].Actor.Role = ticket.Role([]string{"agent", "customer", "bot", "x"}[int(shift&3)])
		}
		fo, err := metrics.NewFolder(metrics.Definitions{}, cal, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var facts metrics.Facts
		r, err := metrics.NewReport(metrics.Config{Location: loc, Calendar: cal, Breakdowns: [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}}})
		if err != nil {
			t.Fatal(err)
		}
		ferr := fo.Fold(&facts, h)
		rerr := r.Add(h)
		if (ferr == nil) != (rerr == nil) {
			t.Fatalf("Fold: %v, Report.Add: %v", ferr, rerr)
		}
		if ferr != nil {
			if r.Tickets != 0 || len(r.Removed) != 0 {
				t.Fatalf("a failed Add changed the report")
			}
			return
		}
		for _, e := range []metrics.Elapsed{facts.FirstReply, facts.FirstResolution, facts.FullResolution,
			facts.RequesterWait, facts.AgentWait, facts.OnHold, facts.AgentWork} {
			if e.Calendar < 0 || e.Business < 0 || e.Business > e.Calendar {
				t.Fatalf("bad duration %+v", e)
			}
		}
	})
}

// FuzzReportDecode feeds arbitrary bytes to the report decoder and merges
// what decodes into a fresh report: errors, never panics.
func FuzzReportDecode(f *testing.F) {
	loc := mustLoc(f, "Europe/Oslo")
	cfg := metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{metrics.DimHour}}}
	r, err := metrics.NewReport(cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, h := range genHistories(f, rand.New(rand.NewPCG(1, 1)), 1) {
		if err := r.Add(h); err != nil {
			f.Fatal(err)
		}
	}
	seed, err := json.Marshal(r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var dec metrics.Report
		if err := json.Unmarshal(b, &dec); err != nil {
			return
		}
		into, err := metrics.NewReport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := into.Merge(&dec); err != nil {
			return
		}
		if _, err := json.Marshal(into); err != nil {
			t.Fatal(err)
		}
		into.All.FirstReply.Stats(metrics.Linear)
	})
}
