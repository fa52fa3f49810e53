package metrics_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// The benchmark's data set: the shape of issue 14 — 2026 arrivals in
// Europe/Oslo with weekday and hour peaks, 5 channels, 4 priorities, 11
// categories, 4 groups, 120 agents, 300,000 requesters, about 30 % rated,
// 8 % reopened, 5 % never replied, about 8.5 events a ticket.
const (
	genAgents     = 120
	genRequesters = 300_000
)

var (
	genChannels   = []ticket.Channel{ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat, ticket.ChannelWeb, ticket.ChannelSocial}
	genPriorities = []ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}
	genCategories = []string{"billing", "login", "outage", "howto", "hardware", "shipping", "returns", "account", "bug", "feature", "weather"}
	genGroups     = []string{"l1", "l2", "billing", "vip"}
	// arrivals per weekday (Sunday first) and per hour, relative
	genWeekday = [7]int{3, 13, 12, 11, 11, 9, 4}
	genHour    = [24]int{1, 1, 1, 1, 1, 2, 3, 6, 12, 15, 14, 12, 9, 12, 13, 11, 8, 6, 5, 4, 3, 2, 2, 1}
)

// generator builds histories directly as events (valid under the default
// lifecycle), sharing immutable payload values between tickets the way a
// decoder with interning would, so the input's heap is mostly the events.
type generator struct {
	rng        *rand.Rand
	loc        *time.Location
	agents     []ticket.Actor
	customers  []ticket.Actor
	assign     []ticket.Data // first assignment: agent i in group i%4
	reply      ticket.Data
	customer   ticket.Data
	note       ticket.Data
	toOpen     ticket.Data
	toPending  ticket.Data
	pendOpen   ticket.Data
	toSolved   ticket.Data
	reopen     ticket.Data
	ratings    []ticket.Data // CSAT 1..5
	workflows  []ticket.Data
	handling   []ticket.Data
	dayWeights []int
	hourCum    [24]int
}

func newGenerator(seed uint64, loc *time.Location, tickets int) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(seed, 14)), loc: loc}
	for i := range genAgents {
		g.agents = append(g.agents, ticket.Agent(fmt.Sprintf("agent%03d", i)))
		g.assign = append(g.assign, ticket.Assigned{Agent: g.agents[i].ID, Group: genGroups[i%len(genGroups)], PrevGroup: genGroups[i%len(genGroups)]})
	}
	for i := range min(genRequesters, tickets) {
		g.customers = append(g.customers, ticket.Customer(fmt.Sprintf("cust%06d", i)))
	}
	g.reply = ticket.Message{Public: true, Body: "reply"}
	g.customer = ticket.Message{Public: true, Body: "question"}
	g.note = ticket.Message{Public: false, Body: "note"}
	g.toOpen = ticket.StatusChanged{From: ticket.StatusNew, To: ticket.StatusOpen, Reason: "agent_reply"}
	g.toPending = ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusPending}
	g.pendOpen = ticket.StatusChanged{From: ticket.StatusPending, To: ticket.StatusOpen, Reason: "customer_reply"}
	g.toSolved = ticket.StatusChanged{From: ticket.StatusOpen, To: ticket.StatusSolved}
	g.reopen = ticket.StatusChanged{From: ticket.StatusSolved, To: ticket.StatusOpen, Reopen: true, Reason: "customer_reply"}
	for s := 1; s <= 5; s++ {
		g.ratings = append(g.ratings, ticket.Rated{Survey: ticket.SurveyCSAT, Score: s, Scale: 5})
	}
	for i := range 20 {
		g.workflows = append(g.workflows, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: fmt.Sprintf("macro%02d", i), Name: fmt.Sprintf("Macro %d", i)})
	}
	for i := range genAgents {
		g.handling = append(g.handling, ticket.HandlingLogged{Agent: g.agents[i].ID, Kind: ticket.HandlingTalk, Duration: time.Duration(60+i*7) * time.Second})
	}
	for d := range 365 {
		w := time.Date(2026, 1, 1+d, 12, 0, 0, 0, loc).Weekday()
		g.dayWeights = append(g.dayWeights, genWeekday[w])
	}
	sum := 0
	for h, w := range genHour {
		sum += w
		g.hourCum[h] = sum
	}
	return g
}

func (g *generator) arrival() time.Time {
	var day int
	for {
		day = g.rng.IntN(365)
		if g.rng.IntN(13) < g.dayWeights[day] {
			break
		}
	}
	x, hour := g.rng.IntN(g.hourCum[23]), 0
	for g.hourCum[hour] <= x {
		hour++
	}
	return time.Date(2026, 1, 1+day, hour, g.rng.IntN(60), g.rng.IntN(60), 0, g.loc)
}

// ticket appends one ticket's history to dst.
func (g *generator) ticket(dst []ticket.Event, n int) []ticket.Event {
	r := g.rng
	id := tid(n)
	at := g.arrival()
	cust := g.customers[r.IntN(len(g.customers))]
	ai := r.IntN(genAgents)
	agent := g.agents[ai]
	seq := 0
	add := func(by ticket.Actor, d ticket.Data) {
		seq++
		dst = append(dst, ticket.Event{TicketID: id, Seq: seq, At: at, Actor: by, Data: d})
	}
	later := func(max time.Duration) { at = at.Add(time.Duration(1+r.Int64N(int64(max/time.Second))) * time.Second) }
	ch := genChannels[r.IntN(len(genChannels))]
	add(cust, ticket.Created{Subject: "help", Channel: ch, Requester: ticket.Requester{CustomerID: cust.ID, Tier: ticket.TierStandard},
		Priority: genPriorities[r.IntN(len(genPriorities))], Group: genGroups[ai%len(genGroups)], Category: genCategories[r.IntN(len(genCategories))],
		Status: ticket.StatusNew})
	later(20 * time.Minute)
	add(ticket.System("router"), g.assign[ai])
	if r.IntN(100) < 5 { // never replied
		if r.IntN(2) == 0 {
			later(2 * time.Hour)
			add(agent, g.note)
		}
		return dst
	}
	if r.IntN(100) < 25 {
		later(time.Hour)
		add(cust, g.customer)
	}
	if r.IntN(100) < 40 {
		later(time.Hour)
		add(agent, g.note)
	}
	later(6 * time.Hour)
	add(agent, g.reply)
	add(agent, g.toOpen)
	if ch == ticket.ChannelPhone || ch == ticket.ChannelChat {
		later(10 * time.Minute)
		add(agent, g.handling[ai])
	}
	if r.IntN(100) < 30 {
		later(time.Hour)
		add(agent, g.workflows[r.IntN(len(g.workflows))])
	}
	if r.IntN(100) < 45 {
		later(4 * time.Hour)
		add(agent, g.toPending)
		later(24 * time.Hour)
		add(cust, g.customer)
		add(cust, g.pendOpen)
		later(8 * time.Hour)
		add(agent, g.reply)
	}
	later(24 * time.Hour)
	add(agent, g.toSolved)
	if r.IntN(100) < 8 {
		later(48 * time.Hour)
		add(cust, g.customer)
		add(cust, g.reopen)
		later(8 * time.Hour)
		add(agent, g.reply)
		later(8 * time.Hour)
		add(agent, g.toSolved)
	}
	if r.IntN(100) < 30 {
		later(24 * time.Hour)
		s := 5 - r.IntN(5)*r.IntN(2) // skewed to 5
		add(cust, g.ratings[s-1])
	}
	return dst
}

// histories generates n tickets into one backing array of events.
func genBench(n int, seed uint64, loc *time.Location) [][]ticket.Event {
	g := newGenerator(seed, loc, n)
	all := make([]ticket.Event, 0, n*9)
	bounds := make([]int, 0, n+1)
	for i := range n {
		bounds = append(bounds, len(all))
		all = g.ticket(all, i+1)
	}
	bounds = append(bounds, len(all))
	out := make([][]ticket.Event, n)
	for i := range out {
		out[i] = all[bounds[i]:bounds[i+1]:bounds[i+1]]
	}
	return out
}

var (
	bench1MOnce sync.Once
	bench1M     [][]ticket.Event
	bench1MHeap uint64
)

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func millionTickets(b *testing.B) [][]ticket.Event {
	bench1MOnce.Do(func() {
		before := heapInUse()
		bench1M = genBench(1_000_000, 2026, mustLoc(b, "Europe/Oslo"))
		bench1MHeap = heapInUse() - before
	})
	return bench1M
}

// TestGeneratorShape checks the benchmark's data has the shape it claims.
func TestGeneratorShape(t *testing.T) {
	n := 3000
	if long() {
		n = 100_000
	}
	hs := genBench(n, 7, mustLoc(t, "Europe/Oslo"))
	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var f metrics.Facts
	events, rated, reopened, never := 0, 0, 0, 0
	for _, h := range hs {
		if _, err := ticket.Replay(nil, h); err != nil {
			t.Fatal(err)
		}
		if err := fo.Fold(&f, h); err != nil {
			t.Fatal(err)
		}
		events += len(h)
		if f.Rating(ticket.SurveyCSAT).Known {
			rated++
		}
		if f.Reopens > 0 {
			reopened++
		}
		if !f.FirstReply.Known {
			never++
		}
	}
	n = len(hs)
	nf := float64(n)
	within := func(name string, got, lo, hi float64) {
		if got < lo || got > hi {
			t.Errorf("%s = %.3f, want %.3f–%.3f", name, got, lo, hi)
		}
	}
	t.Logf("%d tickets: %.2f events each, %.1f%% rated, %.1f%% reopened, %.1f%% never replied",
		n, float64(events)/nf, 100*float64(rated)/nf, 100*float64(reopened)/nf, 100*float64(never)/nf)
	within("events per ticket", float64(events)/nf, 8.0, 9.0)
	within("rated", float64(rated)/nf, 0.26, 0.32)
	within("reopened", float64(reopened)/nf, 0.06, 0.09)
	within("never replied", float64(never)/nf, 0.04, 0.06)
}

func benchConfig(b testing.TB) metrics.Config {
	return metrics.Config{
		Location:     mustLoc(b, "Europe/Oslo"),
		Calendar:     deskCalendar(b),
		CSATExclude:  []string{"weather"},
		Breakdowns:   [][]metrics.Dimension{{metrics.DimCategory}},
		VolumeBucket: metrics.DimWeek,
	}
}

// fullReport folds the tickets in shards goroutines (each with its own
// Report), merges the shards, and reads every KPI of the list.
func fullReport(b testing.TB, cfg metrics.Config, hs [][]ticket.Event, shards int) (*metrics.Report, string) {
	parts := make([]*metrics.Report, shards)
	var wg sync.WaitGroup
	for s := range shards {
		r, err := metrics.NewReport(cfg)
		if err != nil {
			b.Fatal(err)
		}
		parts[s] = r
		lo, hi := s*len(hs)/shards, (s+1)*len(hs)/shards
		wg.Go(func() {
			if benchOneByOne {
				for _, h := range hs[lo:hi] {
					if err := r.Add(h); err != nil {
						panic(err)
					}
				}
				return
			}
			if err := r.AddAll(hs[lo:hi]); err != nil {
				panic(err)
			}
		})
	}
	wg.Wait()
	r := parts[0]
	for _, p := range parts[1:] {
		if err := r.Merge(p); err != nil {
			b.Fatal(err)
		}
	}
	// Read out: the summaries, rates, CSAT by category, agents, heatmap, weeks.
	fr := r.All.FirstReply.Stats(metrics.NearestRank)
	res := r.All.FirstResolution.Stats(metrics.NearestRank)
	reopen, _ := r.All.Reopened.Percent(1, metrics.RoundHalfEven)
	one, _ := r.All.OneTouch.Percent(1, metrics.RoundHalfEven)
	csat, _ := r.All.CSAT.Percent(1, metrics.RoundHalfEven)
	out := fmt.Sprintf("first reply %v\nfirst resolution %v\nreopened %s%% one-touch %s%% csat %s%% (%d excluded)\n",
		fr, res, reopen, one, csat, len(r.All.CSAT.Excluded))
	for _, g := range r.Breakdowns[0].Groups() {
		v, ok := g.KPIs.CSAT.Percent(1, metrics.RoundHalfEven)
		out += fmt.Sprintf("  csat %s: %s %v\n", g.Key[0], v, ok)
	}
	replies := 0
	for _, a := range r.Workload.Agents {
		replies += a.Replies
	}
	weeks := r.Volume.Buckets()
	out += fmt.Sprintf("agents %d replies %d weeks %d heatmap Mon 10:00 %d\n", len(r.Workload.Agents), replies, len(weeks), r.Volume.Heatmap[0][10])
	return r, out
}

// peakSampler records the largest heap seen while running.
type peakSampler struct {
	stop chan struct{}
	done chan struct{}
	peak atomic.Uint64
}

func samplePeak() *peakSampler {
	p := &peakSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		// The heap objects' bytes (runtime.MemStats.HeapAlloc), read
		// without stopping the world as ReadMemStats does.
		sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			rtmetrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > p.peak.Load() {
				p.peak.Store(v)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakSampler) end() uint64 { close(p.stop); <-p.done; return p.peak.Load() }

// cpuTime returns the process's user + system CPU time: on a shared
// machine it shows the work done where wall time shows the waiting too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pageFaults returns the page faults the process has taken: each first
// touch of a fresh page is one, and on some hosts they cost more than the
// work done in the page (see BenchmarkHostFreshPages).
func pageFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Minflt + ru.Majflt
}

// BenchmarkReport1M is the full report over one million tickets,
// on both cores (two shards merged). It reports the input's heap and the
// peak heap beyond it.
func BenchmarkReport1M(b *testing.B) {
	hs := millionTickets(b)
	cfg := benchConfig(b)
	for _, shards := range []int{1, 2} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			base := heapInUse()
			var peak uint64
			var cpu time.Duration
			var faults int64
			b.ReportAllocs()
			for b.Loop() {
				ps := samplePeak()
				c0, f0 := cpuTime(), pageFaults()
				fullReport(b, cfg, hs, shards)
				cpu += cpuTime() - c0
				faults += pageFaults() - f0
				peak = max(peak, ps.end())
			}
			b.ReportMetric(float64(bench1MHeap)/(1<<20), "input-MiB")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-extra-MiB")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
		})
	}
}

// managerConfig is the report a desk manager configures: breakdowns by
// case type, agent and ISO week, the desk's business calendar, CSAT
// without the case type the desk cannot influence.
func managerConfig(b testing.TB) metrics.Config {
	return metrics.Config{
		Location:    mustLoc(b, "Europe/Oslo"),
		Calendar:    deskCalendar(b),
		CSATExclude: []string{"weather"},
		Breakdowns:  [][]metrics.Dimension{{metrics.DimCategory}, {metrics.DimAgent}, {metrics.DimWeek}},
	}
}

// examplePolicies are the SLA policies of examples/internal/gen (the
// examples' desk), written out here because no package imports examples:
// urgent tickets around the clock, the others per priority in business
// hours; warnings at 75 %, levels at the breach and an hour after.
func examplePolicies(hours sla.Hours) sla.Policies {
	levels := []sla.Level{
		{Name: "warning", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "breach", Percent: 100, Actions: []sla.Action{
			{Kind: sla.ActionNotify, Who: "team lead"}, {Kind: sla.ActionAddTag, Tag: "sla_breached"}}},
		{Name: "escalation", Offset: time.Hour, Actions: []sla.Action{
			{Kind: sla.ActionNotify, Who: "support manager"}, {Kind: sla.ActionReassign, Group: "second line"}}},
	}
	standard := sla.Policy{Name: "standard", Version: 1, Levels: levels}
	for _, t := range []struct {
		p                   ticket.Priority
		first, next, solved time.Duration
	}{
		{ticket.PriorityHigh, 2 * time.Hour, 4 * time.Hour, 16 * time.Hour},
		{ticket.PriorityNormal, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour},
		{ticket.PriorityLow, 8 * time.Hour, 16 * time.Hour, 40 * time.Hour},
	} {
		standard.Targets = append(standard.Targets,
			sla.Target{Metric: sla.FirstReply(), Priority: t.p, Duration: t.first, Hours: hours},
			sla.Target{Metric: sla.NextReply(), Priority: t.p, Duration: t.next, Hours: hours},
			sla.Target{Metric: sla.RequesterWait(), Priority: t.p, Duration: t.solved, Hours: hours})
	}
	urgent := sla.Policy{Name: "urgent", Version: 1, Levels: levels,
		Match: sla.Condition{Priorities: []ticket.Priority{ticket.PriorityUrgent}},
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Duration: time.Hour},
			{Metric: sla.NextReply(), Duration: 2 * time.Hour},
			{Metric: sla.RequesterWait(), Duration: 8 * time.Hour},
		}}
	return sla.Policies{urgent, standard}
}

// managerReport folds the tickets in two shards on two goroutines, merges
// them and reads the manager's figures through the display form.
// benchOneByOne (DESK_BENCH_ADD=1) makes the 1 M-ticket benchmarks add
// the histories one by one with Report.Add instead of Report.AddAll.
var benchOneByOne = os.Getenv("DESK_BENCH_ADD") != ""

func managerReport(b testing.TB, cfg metrics.Config, hs [][]ticket.Event) *metrics.ReportSummary {
	parts := make([]*metrics.Report, 2)
	var wg sync.WaitGroup
	for s := range parts {
		r, err := metrics.NewReport(cfg)
		if err != nil {
			b.Fatal(err)
		}
		parts[s] = r
		part := hs[s*len(hs)/2 : (s+1)*len(hs)/2]
		wg.Go(func() {
			if benchOneByOne {
				for _, h := range part {
					if err := r.Add(h); err != nil {
						panic(err)
					}
				}
				return
			}
			if err := r.AddAll(part); err != nil {
				panic(err)
			}
		})
	}
	wg.Wait()
	if err := parts[0].Merge(parts[1]); err != nil {
		b.Fatal(err)
	}
	// The display form selects its quantiles without sorting: no Sort.
	return parts[0].Summary(metrics.NearestRank)
}

// BenchmarkManagerReport1M is the report a manager configures (breakdowns
// by case type, agent and ISO week, business calendar, CSAT exclusions)
// over the million tickets on both cores, read out in display form; with
// sla=true every ticket's clocks are also evaluated under the examples'
// SLA policies for SLA achievement. It reports the peak heap beyond the
// input.
func BenchmarkManagerReport1M(b *testing.B) {
	hs := millionTickets(b)
	for _, withSLA := range []bool{false, true} {
		b.Run(fmt.Sprintf("sla=%t", withSLA), func(b *testing.B) {
			cfg := managerConfig(b)
			if withSLA {
				cfg.SLA = examplePolicies(cfg.Calendar)
			}
			base := heapInUse()
			var peak uint64
			var cpu time.Duration
			var faults int64
			b.ReportAllocs()
			for b.Loop() {
				ps := samplePeak()
				c0, f0 := cpuTime(), pageFaults()
				s := managerReport(b, cfg, hs)
				cpu += cpuTime() - c0
				faults += pageFaults() - f0
				peak = max(peak, ps.end())
				if s.All.Tickets != len(hs) || len(s.Breakdowns) != 3 || withSLA && len(s.All.SLA) == 0 {
					b.Fatalf("%d tickets, %d breakdowns, %d SLA rates", s.All.Tickets, len(s.Breakdowns), len(s.All.SLA))
				}
			}
			b.ReportMetric(float64(bench1MHeap)/(1<<20), "input-MiB")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-extra-MiB")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
		})
	}
}

// BenchmarkManagerReport1MWarm is BenchmarkManagerReport1M (without SLA)
// as a dashboard service runs it, recomputing the report again and again:
// one report is made before the timer starts and the garbage collector
// runs (untimed) before each one, so each report reuses the heap's pages
// instead of touching fresh ones. BenchmarkManagerReport1M, a single cold
// report, pays the host's cost of its fresh pages too (about 30,000 page
// faults, see faults/op and BenchmarkHostFreshPages); the difference
// between the two is that cost.
func BenchmarkManagerReport1MWarm(b *testing.B) {
	hs := millionTickets(b)
	cfg := managerConfig(b)
	managerReport(b, cfg, hs)
	var cpu time.Duration
	var faults int64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		c0, f0 := cpuTime(), pageFaults()
		s := managerReport(b, cfg, hs)
		cpu += cpuTime() - c0
		faults += pageFaults() - f0
		if s.All.Tickets != len(hs) {
			b.Fatalf("%d tickets", s.All.Tickets)
		}
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
}

// BenchmarkHostFreshPages measures the host, not desk: the cost of the
// first touch of a fresh page (a page fault, 4 KiB), on 256 MiB mapped
// anew for each operation. The 1 M-ticket benchmarks touch hundreds of
// megabytes of fresh memory (their input, Replay's 958 MB of
// allocations, the report's 150 MB), so their wall and CPU times move
// with this figure from one hour to the next on a shared host; run it
// beside them to read their figures.
func BenchmarkHostFreshPages(b *testing.B) {
	const size = 256 << 20
	page := os.Getpagesize()
	for b.Loop() {
		mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			b.Skip("no anonymous mmap here:", err)
		}
		for i := 0; i < size; i += page {
			mem[i] = 1
		}
		if err := syscall.Munmap(mem); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size/page), "ns/page")
}

// BenchmarkReplay1M is the floor the issue names: ticket.Replay over the
// same million tickets, on one core and on two.
func BenchmarkReplay1M(b *testing.B) {
	hs := millionTickets(b)
	for _, shards := range []int{1, 2} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			b.ReportAllocs()
			var cpu time.Duration
			for b.Loop() {
				c0 := cpuTime()
				var wg sync.WaitGroup
				for s := range shards {
					part := hs[s*len(hs)/shards : (s+1)*len(hs)/shards]
					wg.Go(func() {
						for _, h := range part {
							if _, err := ticket.Replay(nil, h); err != nil {
								panic(err)
							}
						}
					})
				}
				wg.Wait()
				cpu += cpuTime() - c0
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkFold and BenchmarkReplay compare the per-ticket cost of the
// fold with ticket.Replay on the same 10,000 tickets.
func BenchmarkFold(b *testing.B) {
	hs := genBench(10_000, 1, mustLoc(b, "Europe/Oslo"))
	fo, err := metrics.NewFolder(metrics.Definitions{}, deskCalendar(b), time.Time{}, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	var f metrics.Facts
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		for _, h := range hs {
			if err := fo.Fold(&f, h); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/ticket")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/float64(len(hs)), "cpu-ns/ticket")
}

func BenchmarkReplay(b *testing.B) {
	hs := genBench(10_000, 1, mustLoc(b, "Europe/Oslo"))
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		for _, h := range hs {
			if _, err := ticket.Replay(nil, h); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/ticket")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/float64(len(hs)), "cpu-ns/ticket")
}

// BenchmarkReport50k is the full report over 50,000 tickets on one core:
// the per-ticket cost of the report, cheap enough to profile.
func BenchmarkReport50k(b *testing.B) {
	hs := genBench(50_000, 3, mustLoc(b, "Europe/Oslo"))
	cfg := benchConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		fullReport(b, cfg, hs, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/ticket")
}

// BenchmarkManagerReport50k is the manager's report over 50,000 tickets
// on one core: cheap enough to profile.
func BenchmarkManagerReport50k(b *testing.B) {
	hs := genBench(50_000, 3, mustLoc(b, "Europe/Oslo"))
	cfg := managerConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		r, err := metrics.NewReport(cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range hs {
			if err := r.Add(h); err != nil {
				b.Fatal(err)
			}
		}
		r.Summary(metrics.NearestRank)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/ticket")
}
