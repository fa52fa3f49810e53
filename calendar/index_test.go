package calendar

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/require"
)

// TestIndexCount checks index.count and countBelow against sort.Search on
// sorted lists with repeats, clusters and wide gaps, at and around every
// key and at random seconds.
func TestIndexCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	lists := [][]int64{nil, {5}, {5, 5}, {-3, 0, 0, 0, 9}, {0, 1 << 50}, {-1 << 62, 1 << 62}}
	for range 200 {
		n := 1 + rng.IntN(300)
		keys := make([]int64, n)
		x := rng.Int64N(1<<40) - 1<<39
		for i := range keys {
			switch rng.IntN(4) {
			case 0: // a repeat
			case 1:
				x += rng.Int64N(3) // a cluster
			default:
				x += rng.Int64N(1 << uint(1+rng.IntN(30)))
			}
			keys[i] = x
		}
		lists = append(lists, keys)
	}
	for _, keys := range lists {
		ix := newIndex(keys)
		want := func(x int64) int { return sort.Search(len(keys), func(i int) bool { return keys[i] > x }) }
		probe := func(x int64) {
			require.Equal(t, want(x), ix.count(keys, x), "count(%d) of %v", x, keys)
			below := sort.Search(len(keys), func(i int) bool { return keys[i] >= x })
			require.Equal(t, below, ix.countBelow(keys, x), "countBelow(%d) of %v", x, keys)
		}
		for _, k := range keys {
			probe(k - 1)
			probe(k)
			probe(k + 1)
		}
		if len(keys) > 0 && keys[len(keys)-1]-keys[0] >= 0 && keys[len(keys)-1]-keys[0] < 1<<62 {
			for range 50 {
				probe(keys[0] + rng.Int64N(keys[len(keys)-1]-keys[0]+1))
			}
		}
		probe(-1 << 62)
		probe(1 << 62)
	}
}

// TestScheduleG checks schedule.g, which writes out the zone and region
// lookups and the weekly pattern, against the functions it stands for
// (zoneTable.seg, schedule.f), for the open and closed schedules of
// calendars with holidays, special days, overnight hours and zone
// transitions: at random seconds over the whole range and around every
// transition and region boundary of a few decades.
func TestScheduleG(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	nyc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	special := []SpecialDay{{Date: Date{2026, time.December, 24}, Hours: []Interval{{9 * time.Hour, 12 * time.Hour}}},
		{Date: Date{2027, time.March, 28}}} // a Sunday, closed as it is
	for _, tc := range []struct {
		loc  *time.Location
		week string
		opts []Option
	}{
		{oslo, "mon-fri 08:00-16:00", []Option{WithHolidays(no.Holidays...), WithSpecialDays(special...)}},
		{nyc, "mon-fri 22:00-06:00+1; sat 10:00-14:00", []Option{WithHolidays(us.Holidays...)}},
		{time.UTC, "mon-sun 00:00-24:00", nil},
		{oslo, "tue 09:15-09:16", []Option{WithYears(1990, 2060)}},
	} {
		c, err := New(tc.loc, MustParseWeek(tc.week), tc.opts...)
		require.NoError(t, err)
		rng := rand.New(rand.NewPCG(3, 5))
		for _, s := range []*schedule{c.open, c.closed} {
			probe := func(x int64) {
				k := c.zone.seg(x)
				f, open := s.f(x + c.zone.off[k])
				g, gOpen := s.g(&c.zone, x)
				require.Equal(t, f+s.corr[k], g, "%s %s: g(%d)", tc.loc, tc.week, x)
				require.Equal(t, open, gOpen, "%s %s: open at %d", tc.loc, tc.week, x)
			}
			for range 20000 {
				probe(c.lo + rng.Int64N(c.hi-c.lo))
			}
			near := func(x int64) {
				for d := int64(-2); d <= 2; d++ {
					probe(x + d)
				}
			}
			lo, hi := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			for _, x := range c.zone.tau[1:] {
				if x >= lo && x < hi {
					near(x)
				}
			}
			for i, w := range s.rStart {
				if w-maxOffset >= lo && w+maxOffset < hi {
					x := c.zone.firstAtWall(w)
					near(x)
					near(c.zone.firstAtWall(s.regs[i].end))
				}
			}
			near(c.lo)
			near(c.hi - 3)
			// invWeekly against a bisection of the weekly intervals.
			for range 20000 {
				v := rng.Int64N(1<<40) - 1<<39
				if s.wTotal == 0 {
					break
				}
				q := floorDiv(v+s.wTotal-1, s.wTotal) - 1
				r := v - q*s.wTotal
				i := sort.Search(len(s.wStart), func(i int) bool { return s.wCum[i]+s.wEnd[i]-s.wStart[i] >= r })
				want := mondayEpoch + q*secondsPerWeek + s.wStart[i] + r - s.wCum[i]
				require.Equal(t, want, s.invWeekly(v), "%s %s: invWeekly(%d)", tc.loc, tc.week, v)
				if w := s.invWeekly(v); w > negInf && w < posInf {
					f, _ := s.weekly(w)
					require.Equal(t, v, f, "weekly(invWeekly(%d))", v)
				}
			}
		}
	}
}
