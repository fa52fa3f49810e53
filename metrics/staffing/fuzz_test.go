package staffing

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
)

// checkErr fails unless err is nil or wraps one of the package's
// sentinels.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, ErrInvalidInput) && !errors.Is(err, ErrUnreachable) {
		t.Fatalf("error wraps no sentinel: %v", err)
	}
}

func finite(t *testing.T, name string, v float64) {
	t.Helper()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("%s = %v, not a finite number", name, v)
	}
}

func inUnit(t *testing.T, name string, v float64) {
	t.Helper()
	if math.IsNaN(v) || v < 0 || v > 1 {
		t.Fatalf("%s = %v, outside [0, 1]", name, v)
	}
}

// FuzzErlangC: no input panics; a bad one is a typed error; a good one
// gives probabilities in [0, 1] and, for the fewest agents, a service
// level at the target that one agent fewer misses.
func FuzzErlangC(f *testing.F) {
	f.Add(100.0, int64(30*time.Minute), int64(180*time.Second), 0.8, int64(20*time.Second), 0.0, 14)
	f.Add(0.0, int64(time.Minute), int64(time.Second), 0.5, int64(0), 1.0, 1)
	f.Add(-1.0, int64(0), int64(-5), 1.5, int64(-1), 2.0, -3)
	f.Add(math.NaN(), int64(time.Hour), int64(time.Hour), math.NaN(), int64(time.Hour), math.Inf(1), 0)
	f.Add(1e6, int64(time.Hour), int64(time.Hour), 0.99, int64(time.Second), 0.95, 100)
	f.Fuzz(func(t *testing.T, arrivals float64, interval, aht int64, sl float64, within int64, occ float64, agents int) {
		l := Load{Arrivals: arrivals, Interval: time.Duration(interval), AHT: time.Duration(aht)}
		if a, err := l.Traffic(); err == nil && a > 20000 {
			return // keep each run fast
		}
		tg := Target{ServiceLevel: sl, Within: time.Duration(within), MaxOccupancy: occ}
		r, err := l.AgentsC(tg)
		checkErr(t, err)
		if err == nil {
			inUnit(t, "service level", r.ServiceLevel)
			inUnit(t, "P(wait)", r.PWait)
			if r.Agents > 0 {
				if r.ServiceLevel < sl {
					t.Fatalf("%d agents give %v < %v", r.Agents, r.ServiceLevel, sl)
				}
				if prev, err := l.ErlangC(max(r.Agents-1, 1), tg.Within); err == nil && r.Agents > 1 && prev.ServiceLevel >= sl && prev.Occupancy <= tg.maxOccupancy() && prev.Stable {
					t.Fatalf("%d agents would do", r.Agents-1)
				}
			}
		}
		if agents > 2000 || agents < -10 {
			return
		}
		r, err = l.ErlangC(agents, tg.Within)
		checkErr(t, err)
		if err == nil {
			inUnit(t, "service level", r.ServiceLevel)
			inUnit(t, "P(wait)", r.PWait)
			inUnit(t, "occupancy", r.Occupancy)
		}
		p, err := Positions(agents, occ)
		checkErr(t, err)
		if err == nil && p < agents {
			t.Fatalf("positions %d < agents %d", p, agents)
		}
	})
}

// FuzzErlangA: no input panics; every share lies in [0, 1]; answered and
// abandoned add up to 1.
func FuzzErlangA(f *testing.F) {
	f.Add(100.0, int64(30*time.Minute), int64(180*time.Second), int64(3*time.Minute), int64(20*time.Second), 14, "")
	f.Add(300.0, int64(30*time.Minute), int64(180*time.Second), int64(time.Second), int64(0), 3, "abandons-met")
	f.Add(5.0, int64(time.Hour), int64(time.Minute), int64(1000*time.Hour), int64(time.Hour), 1, "answered-of-answered")
	f.Add(-5.0, int64(time.Hour), int64(time.Minute), int64(-1), int64(-1), 0, "x")
	f.Fuzz(func(t *testing.T, arrivals float64, interval, aht, patience, within int64, agents int, def string) {
		l := Load{Arrivals: arrivals, Interval: time.Duration(interval), AHT: time.Duration(aht)}
		a, err := l.Traffic()
		if err == nil && (a > 2000 || time.Duration(patience) > 0 && float64(aht)/float64(patience) < 1e-3) {
			return // keep each run fast
		}
		if agents > 2000 {
			return
		}
		r, err := l.ErlangA(agents, time.Duration(patience), time.Duration(within), Definition(def))
		checkErr(t, err)
		if err != nil {
			return
		}
		for name, v := range map[string]float64{"service level": r.ServiceLevel, "P(wait)": r.PWait,
			"answered": r.Answered, "abandoned": r.Abandoned, "short abandons": r.ShortAbandon, "occupancy": r.Occupancy} {
			inUnit(t, name, v)
		}
		if math.Abs(r.Answered+r.Abandoned-1) > 1e-9 {
			t.Fatalf("answered %v + abandoned %v ≠ 1", r.Answered, r.Abandoned)
		}
		if r.ASA < 0 || r.MeanWait < 0 {
			t.Fatalf("negative wait: %v, %v", r.ASA, r.MeanWait)
		}
		// The fewest agents for 80 % within the target: enough, and one
		// fewer is not.
		tg := Target{ServiceLevel: 0.8, Within: time.Duration(within)}
		best, err := l.AgentsA(time.Duration(patience), Definition(def), tg)
		checkErr(t, err)
		if err != nil || best.Agents == 0 {
			return
		}
		if best.ServiceLevel < 0.8 {
			t.Fatalf("%d agents give %v", best.Agents, best.ServiceLevel)
		}
		if best.Agents > 1 {
			prev, err := l.ErlangA(best.Agents-1, time.Duration(patience), tg.Within, Definition(def))
			if err == nil && prev.ServiceLevel >= 0.8 {
				t.Fatalf("%d agents would do: %v", best.Agents-1, prev.ServiceLevel)
			}
		}
	})
}

// FuzzForecast: any history of arrivals and counts gives a forecast with
// non-negative values on slots that tile the days, or a typed error.
func FuzzForecast(f *testing.F) {
	f.Add(int64(1778450400), int64(3600), 12.5, 2, 30, 7, false)
	f.Add(int64(0), int64(-5), math.NaN(), 0, 7, 0, true)
	f.Add(int64(1774746000), int64(60), 1.0, 8, 15, 2, false)
	c := osloDesk(f)
	f.Fuzz(func(t *testing.T, first, step int64, count float64, weeks, minutes, days int, noTrend bool) {
		if days > 14 || weeks > 20 || step == 0 {
			return
		}
		from := calendar.DateOf(time.Unix(first%(20*365*86400), 0).In(c.Location()))
		h := History{From: from, To: from.AddDays(7 * max(weeks, 1))}
		for i := range 50 {
			h.Arrivals = append(h.Arrivals, time.Unix(first+int64(i)*step, 0))
		}
		h.Counts = []Slot{{Start: time.Unix(first, 0), End: time.Unix(first+1800, 0), Arrivals: count}}
		fc, err := NewForecast(h, h.To, days, ForecastConfig{Calendar: c, Weeks: weeks, Interval: time.Duration(minutes) * time.Minute, NoTrend: noTrend})
		checkErr(t, err)
		if err != nil {
			return
		}
		for _, d := range fc.Days {
			finite(t, "day level", d.Level)
			finite(t, "day arrivals", d.Arrivals)
		}
		for _, w := range fc.Weeks {
			finite(t, "week level", w.Level)
		}
		finite(t, "slope", fc.Slope)
		for i, s := range fc.Slots {
			finite(t, "slot arrivals", s.Arrivals)
			if s.Arrivals < 0 || math.IsNaN(s.Arrivals) || !s.End.After(s.Start) || (i > 0 && !s.Start.Equal(fc.Slots[i-1].End)) {
				t.Fatalf("slot %d: %+v", i, s)
			}
		}
	})
}

// FuzzPlan: any forecast, channel and roster gives a plan whose positions
// cover its agents and whose gaps add up, or a typed error.
func FuzzPlan(f *testing.F) {
	f.Add(int64(1778486400), int64(1800), 12.0, 3.5, int64(180), int64(20), 0.8, 2, int64(4*3600), int64(3600), int64(7200), 0.3, "queue")
	f.Add(int64(1778486400), int64(-60), math.NaN(), -1.0, int64(0), int64(-5), 1.2, 0, int64(0), int64(-1), int64(0), 1.0, "fax")
	f.Add(int64(1778486400), int64(900), 400.0, 0.0, int64(600), int64(60), 0.95, 3, int64(60), int64(0), int64(86400), 0.0, "async")
	f.Add(int64(1778486400), int64(1800), 1e300, 0.0, int64(3600), int64(60), 0.8, 1, int64(1), int64(0), int64(3600), 0.0, "async")
	c := osloDesk(f)
	f.Fuzz(func(t *testing.T, start, step int64, a0, a1 float64, ahtSec, withinSec int64, sl float64, conc int, windowSec, shiftFrom, shiftTo int64, shrink float64, kind string) {
		if ahtSec > 7200 || (a0 > 1e4 && a0 < 1e100) || (a1 > 1e4 && a1 < 1e100) {
			return // keep each run fast; huge forecasts are refused at once
		}
		// An instant within the Oslo desk's years (2020–2035).
		const span = 15 * 365 * 86400
		t0 := time.Unix(1577836800+(start%span+span)%span, 0)
		var slots []Slot
		for i, a := range []float64{a0, a1, a0 + a1} {
			s := t0.Add(time.Duration(int64(i)*step) * time.Second)
			slots = append(slots, Slot{Start: s, End: s.Add(time.Duration(step) * time.Second), Arrivals: a})
		}
		ch := Channel{Name: "x", Kind: Kind(kind), AHT: time.Duration(ahtSec) * time.Second, Hours: c, Concurrency: conc,
			Window: time.Duration(windowSec) * time.Second, Patience: time.Duration(ahtSec) * time.Second,
			Target: Target{ServiceLevel: sl, Within: time.Duration(withinSec) * time.Second}}
		roster := Roster{{Agent: "a", Start: t0.Add(time.Duration(shiftFrom) * time.Second), End: t0.Add(time.Duration(shiftTo) * time.Second)}}
		p, err := NewPlan([]Demand{{ch, slots}}, roster, shrink)
		checkErr(t, err)
		if err != nil {
			return
		}
		for _, r := range p.Rows {
			finite(t, "rostered", r.Rostered)
			finite(t, "gap", r.Gap)
			if r.Positions < r.Agents || r.Rostered < 0 || math.Abs(r.Gap-(r.Rostered-float64(r.Positions))) > 1e-9 {
				t.Fatalf("row %+v", r)
			}
			for _, n := range r.Needs {
				finite(t, "arrivals", n.Arrivals)
				finite(t, "unstaffed", n.Unstaffed)
				finite(t, "workload", n.Workload)
				inUnit(t, "service level", n.ServiceLevel)
				if n.Agents < 0 || n.Unstaffed < 0 || n.Workload < 0 {
					t.Fatalf("need %+v", n)
				}
			}
		}
		needed, rostered, short, surplus := p.Totals()
		for name, v := range map[string]float64{"needed": needed, "rostered": rostered, "short": short, "surplus": surplus} {
			finite(t, name, v)
		}
	})
}

// FuzzPositions: positions equal the smallest n with n·(1 − shrinkage) ≥
// agents in exact rational arithmetic on the shrinkage as written, or
// the bound's error beyond 1e15; bad input is a typed error.
func FuzzPositions(f *testing.F) {
	f.Add(14, 0.3)
	f.Add(3, 0.99999999)
	f.Add(1000, 0.999999999999)
	f.Add(-1, 0.5)
	f.Add(5, math.NaN())
	f.Fuzz(func(t *testing.T, agents int, shrinkage float64) {
		got, err := Positions(agents, shrinkage)
		if agents < 0 || math.IsNaN(shrinkage) || shrinkage < 0 || shrinkage >= 1 {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Positions(%d, %v) = %d, %v: want an invalid input", agents, shrinkage, got, err)
			}
			return
		}
		written, _ := new(big.Rat).SetString(strconv.FormatFloat(shrinkage, 'g', -1, 64))
		avail := new(big.Rat).Sub(big.NewRat(1, 1), written)
		q := new(big.Rat).Quo(new(big.Rat).SetInt64(int64(agents)), avail)
		want := new(big.Int).Quo(q.Num(), q.Denom())
		if new(big.Rat).SetInt(want).Cmp(q) < 0 {
			want.Add(want, big.NewInt(1))
		}
		if want.Cmp(big.NewInt(1e15)) > 0 {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Positions(%d, %v) = %d, %v: want the bound's error (%s)", agents, shrinkage, got, err, want)
			}
			return
		}
		if err != nil || int64(got) != want.Int64() {
			t.Fatalf("Positions(%d, %v) = %d, %v, want %s", agents, shrinkage, got, err, want)
		}
	})
}
