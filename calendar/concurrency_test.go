package calendar_test

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

// queryResult holds the answers of one calendar to the queries about one
// pair of instants.
type queryResult struct {
	open      bool
	elapsed   time.Duration
	add       time.Time
	nextOpen  time.Time
	nextClose time.Time
	spans     []calendar.Span
}

func queryAll(c *calendar.Calendar, from, to time.Time, d time.Duration) queryResult {
	return queryResult{
		open:      c.IsOpen(from),
		elapsed:   c.Elapsed(from, to),
		add:       c.Add(from, d),
		nextOpen:  c.NextOpen(from),
		nextClose: c.NextClose(from),
		spans:     slices.Collect(c.Spans(from, to)),
	}
}

func (r queryResult) equal(s queryResult) bool {
	return r.open == s.open && r.elapsed == s.elapsed && r.add.Equal(s.add) &&
		r.nextOpen.Equal(s.nextOpen) && r.nextClose.Equal(s.nextClose) &&
		slices.EqualFunc(r.spans, s.spans, func(a, b calendar.Span) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) })
}

// TestConcurrentUse runs every query from several goroutines on one shared
// calendar and compares the answers with those computed beforehand on one
// goroutine. Under -race it also checks that queries only read the
// calendar.
func TestConcurrentUse(t *testing.T) {
	desk := mustNew(t, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...))
	customer := mustNew(t, "America/New_York", "mon-fri 08:00-17:00", calendar.WithHolidays(us.Holidays...), calendar.WithYears(2020, 2035))
	both, err := calendar.Intersect(desk, customer)
	require.NoError(t, err)
	for name, c := range map[string]*calendar.Calendar{"Oslo desk": desk, "Oslo ∩ New York": both} {
		t.Run(name, func(t *testing.T) { testConcurrentUse(t, c) })
	}
}

func testConcurrentUse(t *testing.T, desk *calendar.Calendar) {
	type query struct {
		from, to time.Time
		d        time.Duration
	}
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	queries := make([]query, 400)
	want := make([]queryResult, len(queries))
	for i := range queries {
		from := start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		q := query{
			from: from,
			to:   from.Add(time.Duration(rng.Int64N(int64(5 * 24 * time.Hour)))),
			d:    time.Duration(rng.Int64N(int64(80*time.Hour))) - 20*time.Hour,
		}
		queries[i], want[i] = q, queryAll(desk, q.from, q.to, q.d)
	}

	const workers = 8
	got := make([][]queryResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		got[w] = make([]queryResult, len(queries))
		wg.Go(func() {
			// Each goroutine walks the queries from its own offset, so
			// that different queries run at the same time.
			for k := range queries {
				i := (k + w*len(queries)/workers) % len(queries)
				got[w][i] = queryAll(desk, queries[i].from, queries[i].to, queries[i].d)
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i, q := range queries {
			require.True(t, want[i].equal(got[w][i]), "goroutine %d, query %+v: got %+v, want %+v", w, q, got[w][i], want[i])
		}
	}
}
