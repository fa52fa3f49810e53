package kpibeam

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// benchShards is the number of files the benchmark's histories are
// written to.
const benchShards = 8

// benchFiles generates the benchmark's histories once into
// DESK_BENCH_DIR (a temporary directory when unset; files already there
// are reused): DESK_BENCH_TICKETS arrivals (1,000,000 by default) over a
// year, in benchShards files. It returns the glob and the number of
// histories (arrivals and the duplicates merged into them).
func benchFiles(b *testing.B) (string, int) {
	n := 1_000_000
	if s := os.Getenv("DESK_BENCH_TICKETS"); s != "" {
		var err error
		n, err = strconv.Atoi(s)
		require.NoError(b, err)
	}
	dir := os.Getenv("DESK_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, fmt.Sprintf("histories-%d", n))
	glob := filepath.Join(dir, "*.jsonl")
	count := filepath.Join(dir, "count")
	if c, err := os.ReadFile(count); err == nil {
		histories, err := strconv.Atoi(string(c))
		require.NoError(b, err)
		return glob, histories
	}
	require.NoError(b, os.MkdirAll(dir, 0o755))
	g := genConfig(b)
	g.Days = 364
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
		errs  = make([]error, benchShards)
	)
	sem := make(chan struct{}, runtime.NumCPU())
	for sh := range benchShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("shard-%02d.jsonl", sh)))
			if err != nil {
				errs[sh] = err
				return
			}
			w := bufio.NewWriterSize(f, 1<<20)
			written := 0
			for i := sh; i < n; i += benchShards {
				hs, err := g.Arrival(i)
				if err != nil {
					errs[sh] = err
					return
				}
				for _, h := range hs {
					line, err := ticket.EncodeEvents(h)
					if err != nil {
						errs[sh] = err
						return
					}
					w.Write(line)
					w.WriteByte('\n')
					written++
				}
			}
			if err := w.Flush(); err != nil {
				errs[sh] = err
			}
			errs[sh] = f.Close()
			mu.Lock()
			total += written
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(b, err)
	}
	require.NoError(b, os.WriteFile(count, []byte(strconv.Itoa(total)), 0o644))
	return glob, total
}

// peakHeap samples the heap in use every 10 ms until stop is called, and
// returns its peak in MB.
func peakHeap() (stop func() float64) {
	var (
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	runtime.GC()
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak) / (1 << 20)
	}
}

// maxRSS returns the process's peak resident set in MB so far.
func maxRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

// BenchmarkMillion compares, over the same files, the single-process path
// (decode every line and add it to a metrics.Report; with and without the
// ticket.Replay check the pipeline makes) with the pipeline on Prism in
// exact and sketch mode. Run it with -benchtime=1x; it reports histories
// per second, the peak heap in use and the accumulator sizes.
func BenchmarkMillion(b *testing.B) {
	glob, n := benchFiles(b)
	files, err := filepath.Glob(glob)
	require.NoError(b, err)
	cfg, err := deskConfig("year")
	require.NoError(b, err)

	inProcess := func(b *testing.B, replay bool) {
		var report *metrics.Report
		stop := peakHeap()
		for b.Loop() {
			report, err = metrics.NewReport(cfg)
			require.NoError(b, err)
			for _, path := range files {
				f, err := os.Open(path)
				require.NoError(b, err)
				sc := bufio.NewScanner(f)
				sc.Buffer(make([]byte, 1<<20), 1<<30)
				for sc.Scan() {
					events, err := ticket.DecodeEvents(sc.Bytes())
					require.NoError(b, err)
					if replay {
						_, err := ticket.Replay(nil, events)
						require.NoError(b, err)
					}
					require.NoError(b, report.Add(events))
				}
				require.NoError(b, sc.Err())
				require.NoError(b, f.Close())
			}
		}
		b.ReportMetric(stop(), "peak-heap-MB")
		b.ReportMetric(maxRSS(), "maxrss-MB")
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "histories/s")
		require.Equal(b, n, report.Tickets+removed(report))
		// Accumulator sizes: the whole report as the coder writes it, in
		// each mode, and per group (the whole report and every breakdown
		// group).
		groups := 1
		for _, br := range report.Breakdowns {
			groups += len(br.Groups())
		}
		js, err := report.MarshalJSON()
		require.NoError(b, err)
		exact, err := encodeAccumulator(&accumulator{report: report})
		require.NoError(b, err)
		sk := &accumulator{report: report, eps: 0.01, sketches: map[string]*sketchEntry{}}
		sketch, err := encodeAccumulator(sk)
		require.NoError(b, err)
		b.ReportMetric(float64(groups), "groups")
		b.ReportMetric(float64(len(js))/(1<<20), "report-json-MB")
		b.ReportMetric(float64(len(exact))/(1<<20), "acc-exact-MB")
		b.ReportMetric(float64(len(sketch))/(1<<20), "acc-sketch-MB")
		b.ReportMetric(float64(len(exact))/float64(groups)/1024, "acc-exact-KB/group")
		b.ReportMetric(float64(len(sketch))/float64(groups)/1024, "acc-sketch-KB/group")
	}
	b.Run("in-process/decode+report", func(b *testing.B) { inProcess(b, false) })
	b.Run("in-process/decode+replay+report", func(b *testing.B) { inProcess(b, true) })

	onPrism := func(b *testing.B, eps float64) {
		stop := peakHeap()
		for b.Loop() {
			p, s := beam.NewPipelineWithRoot()
			histories, dead := ReadFiles(s, true, glob)
			results, err := Reports(s, deskConfig, Options{Variants: []string{"year"}, RelativeError: eps}, histories, dead)
			require.NoError(b, err)
			beam.ParDo0(s, checkResult, results)
			_, err = prism.Execute(context.Background(), p)
			require.NoError(b, err)
		}
		b.ReportMetric(stop(), "peak-heap-MB")
		b.ReportMetric(maxRSS(), "maxrss-MB")
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "histories/s")
	}
	b.Run("prism/exact", func(b *testing.B) { onPrism(b, 0) })
	b.Run("prism/sketch", func(b *testing.B) { onPrism(b, 0.01) })
}

// checkResult fails the job on a result without a report or with dead
// letters.
func checkResult(r Result) error {
	if r.DeadLetters != 0 || len(r.Report) == 0 {
		return fmt.Errorf("unexpected result: %d dead letters, %d bytes of report", r.DeadLetters, len(r.Report))
	}
	return nil
}

// removed counts the tickets the report's filters removed.
func removed(r *metrics.Report) int {
	n := len(r.Skipped)
	for _, rm := range r.Removed {
		n += rm.Count
	}
	return n
}
