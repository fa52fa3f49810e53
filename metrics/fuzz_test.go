package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// FuzzFold mutates valid histories (dropping, swapping, re-dating and
// re-typing events) and checks that the fold never panics, that it refuses
// exactly what ticket.Replay refuses, with ErrCorruptHistory, or yields
// facts whose durations are not negative, and that a report adding the
// history changes nothing when the fold fails.
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
		cfg := metrics.Config{Location: loc, Calendar: cal, Breakdowns: [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimAgent}}}
		r, err := metrics.NewReport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ferr := fo.Fold(&facts, h)
		rerr := r.Add(h)
		if (ferr == nil) != (rerr == nil) {
			t.Fatalf("Fold: %v, Report.Add: %v", ferr, rerr)
		}
		// AddAll of the history between two good ones: Add's error, and
		// the report Add of each gives.
		good := hs[0]
		all, err := metrics.NewReport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		each, err := metrics.NewReport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		aerr := all.AddAll([][]ticket.Event{good, h, good})
		eerr := each.Add(good)
		if eerr == nil {
			if eerr = each.Add(h); eerr == nil {
				eerr = each.Add(good)
			}
		}
		if fmt.Sprint(aerr) != fmt.Sprint(eerr) {
			t.Fatalf("AddAll: %v, Add of each: %v", aerr, eerr)
		}
		if a, e := mustJSON(t, all), mustJSON(t, each); a != e {
			t.Fatalf("AddAll's report differs from Add's:\n%s\n%s", a, e)
		}
		if _, err := ticket.Replay(nil, h); (err == nil) != (ferr == nil) {
			t.Fatalf("Replay: %v, Fold: %v", err, ferr)
		}
		// As of an instant inside the history (the original one's event
		// at), the events after it are checked, not read: the same error
		// as without a cut-off, and for a good history the facts of the
		// events up to it.
		now := hs[0][int(at)%len(hs[0])].At.Add(time.Duration(shift%2) * time.Second)
		cut, err := metrics.NewFolder(metrics.Definitions{}, cal, now, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var asOf metrics.Facts
		if cerr := cut.Fold(&asOf, h); fmt.Sprint(cerr) != fmt.Sprint(ferr) {
			t.Fatalf("Fold as of %v: %v, without a cut-off: %v", now, cerr, ferr)
		}
		if ferr == nil {
			k := 1 + sort.Search(len(h)-1, func(i int) bool { return h[1+i].At.After(now) })
			var prefix metrics.Facts
			if err := cut.Fold(&prefix, h[:k]); err != nil {
				t.Fatal(err)
			}
			if a, p := fmt.Sprintf("%+v", asOf), fmt.Sprintf("%+v", prefix); a != p {
				t.Fatalf("as of %v, the facts of the whole history:\n%s\nof the %d events up to then:\n%s", now, a, k, p)
			}
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

// kpiSummaries lists every summary of k.
func kpiSummaries(k *metrics.KPIs) []*metrics.Summary {
	return []*metrics.Summary{&k.FirstReply, &k.FirstReplyBusiness, &k.NextReply, &k.NextReplyBusiness,
		&k.FirstResolution, &k.FirstResolutionBusiness, &k.FullResolution, &k.FullResolutionBusiness,
		&k.RequesterWait, &k.RequesterWaitBusiness, &k.AgentWait, &k.AgentWaitBusiness,
		&k.OnHold, &k.OnHoldBusiness, &k.AgentWork, &k.AgentWorkBusiness}
}

// readKPIs reads every figure of k and returns them as text.
func readKPIs(k *metrics.KPIs) string {
	out := fmt.Sprint(k.Tickets)
	for _, s := range kpiSummaries(k) {
		out += s.Stats(metrics.NearestRank).String() + s.Stats(metrics.Linear).String()
		out += fmt.Sprint(s.Values(), s.Sum())
	}
	for _, r := range []metrics.Rate{k.Reopened, k.OneTouch, k.TwoTouch, k.FCR, k.Escalated, k.Reassigned, k.CSAT, k.CSATAll, k.ZeroReplies} {
		v, ok := r.Value(4, metrics.RoundHalfEven)
		out += r.String() + v.String() + fmt.Sprint(ok)
	}
	for _, name := range slices.Sorted(maps.Keys(k.SLA)) {
		out += name + k.SLA[name].String()
	}
	nps, _ := k.NPS.Score(1, metrics.RoundHalfEven)
	ces, _ := k.CES.Value(metrics.CESAgree, 1, metrics.RoundHalfEven)
	out += nps.String() + ces.String() + fmt.Sprint(k.CSATScores, k.NPSScores, k.CESScores)
	return out
}

// readReport reads every figure of r, as a dashboard would, and returns
// them as text.
func readReport(r *metrics.Report) string {
	out := fmt.Sprint(r.Tickets, len(r.Skipped)) + readKPIs(r.All)
	small := true // the volume spans few enough buckets to list them all
	for _, b := range r.Breakdowns {
		for _, g := range b.Groups() {
			out += fmt.Sprint(g.Key, g.Starts) + readKPIs(g.KPIs)
			if b.Get(g.Key...) != g.KPIs {
				panic("Get does not find a group of Groups")
			}
		}
	}
	if v := r.Volume; v != nil {
		// Buckets lists every bucket from the first arrival to the last:
		// read it where that is not millions of them (a decoded report may
		// hold arrivals centuries apart).
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for k := range v.New {
			lo, hi = min(lo, k), max(hi, k)
		}
		small = v.Bucket == metrics.DimHour && hi-lo < 3600*100_000 || v.Bucket != metrics.DimHour && hi-lo < 100_000
		if small {
			out += fmt.Sprint(v.Buckets())
		}
		out += fmt.Sprint(v.Heatmap, v.Backlog)
	}
	if w := r.Workload; w != nil {
		out += fmt.Sprint(w.MostUsed(0))
		for _, a := range slices.Sorted(maps.Keys(w.Agents)) {
			out += fmt.Sprint(a, *w.Agents[a])
		}
		for _, c := range slices.Sorted(maps.Keys(w.Customers)) {
			out += fmt.Sprint(c, w.Customers[c].TopAgents())
		}
	}
	fcr, ok := r.FCRNoRepeat()
	out += fcr.String() + fmt.Sprint(ok)
	if small {
		// The display form, under both quantile methods, and its JSON.
		for _, m := range []metrics.QuantileMethod{metrics.NearestRank, metrics.Linear} {
			b, err := json.Marshal(r.Summary(m))
			if err != nil {
				panic(fmt.Sprintf("the display form does not encode: %v", err))
			}
			out += string(b)
		}
	}
	return out
}

// fuzzConfig is the configuration of FuzzReportDecode's reports: every
// kind of table filled.
func fuzzConfig(t testing.TB) metrics.Config {
	return metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t), Customers: true,
		Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat},
		Breakdowns:  [][]metrics.Dimension{{metrics.DimAgent}, {metrics.DimHour, metrics.DimTag}}}
}

// FuzzReportDecode feeds arbitrary bytes to the report decoder, then reads
// what decodes, merges it into a fresh report and into a copy of itself,
// encodes the result and decodes that again: errors, never a panic.
func FuzzReportDecode(f *testing.F) {
	cfg := fuzzConfig(f)
	r, err := metrics.NewReport(cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, h := range genHistories(f, rand.New(rand.NewPCG(1, 1)), 2) {
		if err := r.Add(h); err != nil {
			f.Fatal(err)
		}
	}
	seed, err := json.Marshal(r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, nul := range []string{`"agents":{"x":null}`, `"channels":{"email":null}`, `"workflows":{"macro:m":null}`,
		`"customers":{"c":null}`, `"customers":{"c":{"tickets":1,"agents":{"a":null}}}`, `"all":null`, `"sla":{"p/m":null}`} {
		f.Add([]byte(`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week","customers":true},"workload":{` + nul + `}}`))
	}
	f.Add([]byte(`{"version":2,"spec":{"zone":"UTC","volume_bucket":"week"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var dec metrics.Report
		if err := json.Unmarshal(b, &dec); err != nil {
			if !errors.Is(err, metrics.ErrBadEncoding) {
				var se *json.SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("error %v wraps neither ErrBadEncoding nor a syntax error", err)
				}
			}
			return
		}
		readReport(&dec)
		twin := dec.Clone()
		if err := twin.Merge(&dec); err != nil {
			t.Fatalf("a decoded report does not merge with its clone: %v", err)
		}
		readReport(twin)
		into, err := metrics.NewReport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := into.Merge(&dec); err != nil {
			return
		}
		readReport(into)
		enc, err := json.Marshal(into)
		if err != nil {
			t.Fatal(err)
		}
		var again metrics.Report
		if err := json.Unmarshal(enc, &again); err != nil {
			t.Fatalf("an encoded report does not decode: %v", err)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
