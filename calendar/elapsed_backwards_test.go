package calendar_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
)

// TestElapsedBackwardsOverLongRanges: a to before from gives 0 even when
// the open time between them is more than a Duration holds (a 24/7
// calendar over the default 500 years); computing the negative difference
// first must not wrap around to a positive one.
func TestElapsedBackwardsOverLongRanges(t *testing.T) {
	c := calendar.Always(mustLoad(t, "Europe/Oslo"))
	start, end := c.Range()
	if got := c.Elapsed(start, end); got != time.Duration(1<<63-1) {
		t.Fatalf("Elapsed(start, end) = %v, want the saturated maximum", got)
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
	}{
		{"end to start", end, start},
		{"after the range to before it", end.Add(time.Hour), start.Add(-time.Hour)},
		{"end to start, sub-second", end.Add(-time.Second / 2), start.Add(time.Second / 4)},
		{"300 years back", start.AddDate(400, 0, 0), start.AddDate(100, 0, 0)},
	} {
		if got := c.Elapsed(tc.from, tc.to); got != 0 {
			t.Errorf("%s: Elapsed(%v, %v) = %v, want 0", tc.name, tc.from, tc.to, got)
		}
	}
}
