package sla_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// The sweeps in this file widen the random histories toward the edges the
// other sweeps seldom reach: a desk open on the Sunday nights the clocks
// change (so the skipped and the repeated hour are business time), a half
// day before the closed day, targets and levels of odd lengths, instants
// with sub-second parts and instants a nanosecond off a boundary, and
// calendars whose range ends while clocks run.

// edgeWeek opens the desk on Sunday 01:00–04:00 too: on 29 March 2026 that
// is 2 hours (02:00–03:00 does not exist), on 25 October 4 (it comes twice).
const edgeWeek = "mon-fri 08:00-16:00; sat 10:00-14:00; sun 01:00-04:00"

// edgeOpen reads the edge desk off the wall clock of a minute, as
// refTableFor reads refWeek: the half day before the closed day is open
// 09:00–13:00.
func edgeOpen(w time.Time, holiday, half calendar.Date) bool {
	d := calendar.Date{Year: w.Year(), Month: w.Month(), Day: w.Day()}
	mins := w.Hour()*60 + w.Minute()
	switch {
	case d == holiday:
		return false
	case d == half:
		return mins >= 9*60 && mins < 13*60
	}
	switch w.Weekday() {
	case time.Saturday:
		return mins >= 10*60 && mins < 14*60
	case time.Sunday:
		return mins >= 60 && mins < 4*60
	default:
		return mins >= 8*60 && mins < 16*60
	}
}

// edgeDesk builds the edge desk with the calendar package.
func edgeDesk(t testing.TB, holiday, half calendar.Date, opts ...calendar.Option) *calendar.Calendar {
	t.Helper()
	opts = append([]calendar.Option{calendar.WithSpecialDays(calendar.Closed(holiday),
		calendar.SpecialDay{Date: half, Hours: calendar.MustParseHours("09:00-13:00"), Label: "half day"})}, opts...)
	c, err := calendar.New(oslo, calendar.MustParseWeek(edgeWeek), opts...)
	require.NoError(t, err)
	return c
}

// edgeReference moves the minute reference to the edge desk for the rest
// of the test, in spring (autumn false) or autumn, and returns the desk.
func edgeReference(t *testing.T, autumn bool) *calendar.Calendar {
	epoch, table, holiday, start := refEpoch, refTable, refHoliday, refStart
	t.Cleanup(func() { refEpoch, refTable, refHoliday, refStart = epoch, table, holiday, start })
	half := calendar.Date{Year: 2026, Month: time.April, Day: 1}
	refEpoch = time.Date(2026, time.March, 20, 0, 0, 0, 0, time.UTC)
	refHoliday = calendar.Date{Year: 2026, Month: time.April, Day: 2}
	refStart = time.Date(2026, time.March, 24, 0, 0, 0, 0, oslo)
	if autumn {
		half = calendar.Date{Year: 2026, Month: time.October, Day: 23}
		refEpoch = time.Date(2026, time.October, 16, 0, 0, 0, 0, time.UTC)
		refHoliday = calendar.Date{Year: 2026, Month: time.October, Day: 26}
		refStart = time.Date(2026, time.October, 20, 0, 0, 0, 0, oslo)
	}
	refTable = make([]bool, refMinutes)
	for i := range refTable {
		refTable[i] = edgeOpen(refEpoch.Add(time.Duration(i)*time.Minute).In(oslo), refHoliday, half)
	}
	return edgeDesk(t, refHoliday, half)
}

// oddPolicies are randomPolicies with targets of any whole number of
// minutes (a multiple of 4, so that 25, 50 and 75 % are whole minutes)
// and levels at odd offsets.
func oddPolicies(rng *rand.Rand, biz sla.Hours) sla.Policies {
	ps := randomPolicies(rng, biz)
	for i := range ps {
		for k := range ps[i].Targets {
			ps[i].Targets[k].Duration = time.Duration(4*(1+rng.IntN(150))) * time.Minute
		}
		for k := range ps[i].Levels {
			switch ps[i].Levels[k].Name {
			case "half":
				ps[i].Levels[k].Percent = []int{25, 50, 75, 100, 150}[rng.IntN(5)]
			case "late":
				ps[i].Levels[k].Offset = time.Duration(rng.IntN(90)) * time.Minute
			case "soon":
				ps[i].Levels[k].Offset = -time.Duration(1+rng.IntN(3)) * time.Minute
			}
		}
	}
	return ps
}

// TestReferenceEdgeDesk compares Evaluate with the minute reference on the
// edge desk over both nights the clocks change, with odd targets.
func TestReferenceEdgeDesk(t *testing.T) {
	for _, autumn := range []bool{false, true} {
		t.Run(fmt.Sprintf("autumn=%v", autumn), func(t *testing.T) {
			biz := edgeReference(t, autumn)
			sweepSeeds(t, 60, 3000, 2027, func(seed int, rng *rand.Rand) bool {
				events := randomHistory(t, rng, 3+rng.IntN(16))
				if rng.IntN(2) == 0 {
					events = pairedHistory(t, rng, 3+rng.IntN(12))
				}
				ps := oddPolicies(rng, biz)
				if ps.Validate() != nil {
					return false // a "soon" level before the start of a short target
				}
				last := events[len(events)-1].At
				if last.Sub(refEpoch) > 35*24*time.Hour {
					return false
				}
				now := last.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
				if rng.IntN(4) == 0 {
					now = events[rng.IntN(len(events))].At
				}
				checkReference(t, seed, ps, biz, events, now)
				return true
			})
		})
	}
}

// sweepSeeds runs body on seeds(n, many), each seed with its own random
// stream (stream tells the tests apart), and checks that some ran: body
// returns false for a seed it skips (policies that do not validate, a
// history beyond the reference's month).
func sweepSeeds(t *testing.T, n, many int, stream uint64, body func(seed int, rng *rand.Rand) bool) {
	t.Helper()
	ran := 0
	for seed := range seeds(n, many) {
		if body(seed, rand.New(rand.NewPCG(uint64(seed), stream))) {
			ran++
		}
	}
	t.Logf("%d histories", ran)
	assert.Positive(t, ran)
}

// checkReference evaluates events under ps at now and compares the result
// with the minute reference on biz, logging the history and stopping the
// test at the first difference.
func checkReference(t *testing.T, seed int, ps sla.Policies, biz sla.Hours, events []ticket.Event, now time.Time) {
	t.Helper()
	got, err := ps.Evaluate(events, now)
	require.NoError(t, err)
	if !compareReference(t, seed, referenceRun(ps, biz, events, now), got, now) {
		logHistory(t, events)
		t.FailNow()
	}
}

// jitter moves each instant of a history by the same amount for events at
// one instant: a random sub-second part, or a nanosecond before or after
// the minute, keeping the order (instants are at least a minute apart).
func jitter(rng *rand.Rand, events []ticket.Event) []ticket.Event {
	out := slices.Clone(events)
	var d time.Duration
	for i := range out {
		if i == 0 || !events[i].At.Equal(events[i-1].At) {
			switch rng.IntN(4) {
			case 0:
				d = 0
			case 1:
				d = time.Duration(rng.Int64N(int64(time.Second)))
			case 2:
				d = -time.Nanosecond
			default:
				d = time.Nanosecond
			}
			if i == 0 && d < 0 {
				d = 0
			}
		}
		out[i].At = events[i].At.Add(d)
	}
	return out
}

// TestContractsAtEdges checks the Due invariant and the NextWakeUp contract
// on jittered histories over the edge desk, in spring and autumn, with the
// now between events, a nanosecond off them, or at a wake-up: nothing
// observable changes strictly between now and NextWakeUp, something does
// at it, and evaluating at every wake-up in turn reaches what it announced.
func TestContractsAtEdges(t *testing.T) {
	for _, autumn := range []bool{false, true} {
		t.Run(fmt.Sprintf("autumn=%v", autumn), func(t *testing.T) {
			biz := edgeReference(t, autumn)
			sweepSeeds(t, 40, 2000, 4099, func(seed int, rng *rand.Rand) bool {
				events := jitter(rng, randomHistory(t, rng, 3+rng.IntN(16)))
				ps := oddPolicies(rng, biz)
				if ps.Validate() != nil {
					return false
				}
				for k := range ps { // odd lengths down to the nanosecond
					for i := range ps[k].Targets {
						if rng.IntN(3) == 0 {
							ps[k].Targets[i].Duration += time.Duration(rng.Int64N(int64(time.Minute)))
						}
					}
				}
				if ps.Validate() != nil {
					return false
				}
				checkContracts(t, fmt.Sprintf("seed %d", seed), rng, ps, events)
				return true
			})
		})
	}
}

// checkContracts evaluates events under ps at random instants and checks
// the Due invariant and the NextWakeUp contract at each.
func checkContracts(t *testing.T, name string, rng *rand.Rand, ps sla.Policies, events []ticket.Event) {
	t.Helper()
	first, last := events[0].At, events[len(events)-1].At
	for range 3 {
		now := first.Add(time.Duration(rng.Int64N(int64(last.Sub(first) + 48*time.Hour + 1))))
		switch rng.IntN(4) {
		case 0:
			now = events[rng.IntN(len(events))].At
		case 1:
			now = events[rng.IntN(len(events))].At.Add(-time.Nanosecond)
			if now.Before(first) {
				now = first
			}
		}
		r, err := ps.Evaluate(events, now)
		require.NoError(t, err, name)
		checkDueInvariant(t, name, r, now)
		limit := now.Add(30 * 24 * time.Hour)
		for _, e := range events {
			if e.At.After(now) {
				limit = e.At
				break
			}
		}
		checkPromises(t, name, ps, events, r, limit)
		wake := r.NextWakeUp
		if wake.IsZero() || !wake.Before(limit) {
			// nothing due before the next event: the state at its instant
			// less a nanosecond is the state now
			u := limit.Add(-time.Nanosecond)
			if u.After(now) {
				ru, err := ps.Evaluate(events, u)
				require.NoError(t, err, name)
				assert.Equal(t, observable(r), observable(ru), "%s: changed between %v and %v without a wake-up", name, now, u)
			}
			continue
		}
		require.True(t, wake.After(now), "%s: wake-up %v not after %v", name, wake, now)
		before, err := ps.Evaluate(events, wake.Add(-time.Nanosecond))
		require.NoError(t, err, name)
		if !assert.Equal(t, observable(r), observable(before), "%s: changed before the wake-up %v (now %v)", name, wake, now) {
			logHistory(t, events)
			t.FailNow()
		}
		at, err := ps.Evaluate(events, wake)
		require.NoError(t, err, name)
		if !assert.NotEqual(t, observable(r), observable(at), "%s: nothing changed at the wake-up %v (now %v)", name, wake, now) {
			logHistory(t, events)
			t.FailNow()
		}
		checkDueInvariant(t, name, at, wake)
	}
}

func logHistory(t *testing.T, events []ticket.Event) {
	t.Helper()
	for _, e := range events {
		t.Log(e.At.Format(time.RFC3339Nano), e.String(), e.Data)
	}
}

// checkDueInvariant is TestDueInvariant's check of one result.
func checkDueInvariant(t *testing.T, name string, r sla.Result, now time.Time) {
	t.Helper()
	for _, in := range r.Instances {
		h := in.Target.Hours
		var run, paused time.Duration
		for _, s := range in.Timeline {
			to := s.To
			if to.IsZero() {
				to = now
				if in.State == sla.StateFulfilled {
					to = s.From
				}
			}
			if s.State == sla.StateActive {
				run += h.Elapsed(s.From, to)
			} else {
				paused += h.Elapsed(s.From, to)
			}
		}
		assert.Equal(t, run, in.Elapsed, "%s %s #%d elapsed", name, in.Metric.Name, in.Number)
		if in.Breached {
			assert.True(t, in.Due.Equal(in.BreachedAt), "%s: due stays at the breach", name)
			assert.False(t, in.BreachedAt.After(now), "%s: breached after now", name)
			assert.True(t, in.Elapsed >= in.Target.Duration || in.State != sla.StateActive, "%s: breached with %v of %v", name, in.Elapsed, in.Target.Duration)
			continue
		}
		if in.State == sla.StateActive {
			assert.Less(t, in.Elapsed, in.Target.Duration, "%s %s #%d: running past the target, not breached", name, in.Metric.Name, in.Number)
		}
		if in.Due.IsZero() {
			continue
		}
		want := h.Add(in.Start, in.Target.Duration+paused)
		assert.True(t, want.Equal(in.Due), "%s %s #%d: due %v, want %v", name, in.Metric.Name, in.Number, in.Due, want)
	}
}

// thresholdHistory builds a history whose updates often fall exactly on a
// threshold: the due instant of an instance, a level's planned instant or
// the next wake-up of the history so far under ps; each update holds one to
// three events at its instant (priority and VIP changes, replies from both
// sides, any status, now and then a merge), so that changes of target, a
// pause and its resume, a solve and a reopen meet a breach at its instant.
func thresholdHistory(t testing.TB, rng *rand.Rand, ps sla.Policies, n int) []ticket.Event {
	t.Helper()
	tk, evs := randomTicket(t, rng)
	prios := ticket.Priorities()
	statuses := []ticket.Status{ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusClosed}
	at := tk.CreatedAt
	for range n {
		var next []time.Time
		if rng.IntN(3) > 0 {
			if r, err := ps.Evaluate(evs, at); err == nil {
				for _, in := range r.Instances {
					if !in.Due.IsZero() && !in.Due.Before(at) {
						next = append(next, in.Due)
					}
					for _, l := range in.Levels {
						if !l.Reached && !l.At.IsZero() && !l.At.Before(at) {
							next = append(next, l.At)
						}
					}
				}
				if !r.NextWakeUp.IsZero() {
					next = append(next, r.NextWakeUp)
				}
			}
		}
		if len(next) > 0 {
			at = next[rng.IntN(len(next))]
		} else if rng.IntN(4) > 0 {
			at = at.Add(time.Duration(rng.IntN(36)) * 10 * time.Minute)
		}
		for range 1 + rng.IntN(3) {
			var nt ticket.Ticket
			var more []ticket.Event
			var err error
			switch k := rng.IntN(20); {
			case k < 4:
				nt, more, err = tk.Reply(at, customer, ticket.Message{Public: true})
			case k < 8:
				nt, more, err = tk.Reply(at, agent, ticket.Message{Public: true})
			case k < 13:
				nt, more, err = tk.SetStatus(at, agent, statuses[rng.IntN(len(statuses)-1)])
			case k < 14:
				nt, more, err = tk.SetStatus(at, agent, ticket.StatusClosed)
			case k < 17:
				nt, more, err = tk.SetPriority(at, agent, prios[rng.IntN(len(prios))])
			case k < 19:
				nt, more, err = toggleVIP(tk, at)
			default:
				if rng.IntN(4) > 0 {
					continue
				}
				nt, more, err = mergeAway(t, tk, at)
			}
			if err != nil {
				continue
			}
			tk = nt
			evs = append(evs, more...)
		}
	}
	return evs
}

// TestReferenceAtThresholds compares Evaluate with the minute reference on
// histories whose updates fall on thresholds, on the edge desk in spring
// and autumn and on the reference desk, and checks the contracts on them.
func TestReferenceAtThresholds(t *testing.T) {
	for _, desk := range []string{"reference", "spring", "autumn"} {
		t.Run(desk, func(t *testing.T) {
			var biz *calendar.Calendar
			switch desk {
			case "reference":
				biz = refDesk(t)
			default:
				biz = edgeReference(t, desk == "autumn")
			}
			sweepSeeds(t, 60, 3000, 313, func(seed int, rng *rand.Rand) bool {
				ps := oddPolicies(rng, biz)
				if rng.IntN(2) == 0 {
					ps = randomPolicies(rng, biz)
				}
				if ps.Validate() != nil {
					return false
				}
				events := thresholdHistory(t, rng, ps, 3+rng.IntN(12))
				last := events[len(events)-1].At
				if last.Sub(refEpoch) > 35*24*time.Hour {
					return false
				}
				now := last.Add(time.Duration(rng.IntN(2*24*60)) * time.Minute)
				if rng.IntN(3) == 0 {
					now = events[rng.IntN(len(events))].At
				}
				checkReference(t, seed, ps, biz, events, now)
				checkContracts(t, fmt.Sprintf("seed %d", seed), rng, ps, events)
				return true
			})
		})
	}
}

// TestContractsAtRangeEnd checks the contracts on jittered histories
// moved to the last days of a desk calendar built for 2026 only, whose
// targets run out of the range: nothing is announced beyond it, and what
// is announced within it happens.
func TestContractsAtRangeEnd(t *testing.T) {
	half := calendar.Date{Year: 2026, Month: time.December, Day: 24}
	holiday := calendar.Date{Year: 2026, Month: time.December, Day: 28}
	biz := edgeDesk(t, holiday, half, calendar.WithYears(2026, 2026))
	sweepSeeds(t, 40, 2000, 8111, func(seed int, rng *rand.Rand) bool {
		events := jitter(rng, randomHistory(t, rng, 3+rng.IntN(16)))
		shift := time.Date(2026, time.December, 22+rng.IntN(6), 0, 0, 0, 0, oslo).Sub(refStart)
		for i := range events {
			events[i].At = events[i].At.Add(shift)
		}
		ps := oddPolicies(rng, biz)
		if ps.Validate() != nil {
			return false
		}
		for k := range ps { // long targets reach beyond the range
			for i := range ps[k].Targets {
				if rng.IntN(2) == 0 {
					ps[k].Targets[i].Duration *= 4
				}
			}
		}
		name := fmt.Sprintf("seed %d", seed)
		checkContracts(t, name, rng, ps, events)
		r, err := ps.Evaluate(events, events[len(events)-1].At.Add(30*24*time.Hour))
		require.NoError(t, err, name)
		for _, in := range r.Instances {
			if in.Breached && in.Target.Hours == biz {
				assert.Equal(t, 2026, in.BreachedAt.In(oslo).Year(), name)
			}
		}
		return true
	})
}

// checkDueRuns is TestDueOverRuns' check on one history: runs at random
// instants, at events, a nanosecond before events and at wake-ups return
// every level ever reached exactly once.
func checkDueRuns(t *testing.T, name string, rng *rand.Rand, ps sla.Policies, events []ticket.Event, now time.Time) {
	t.Helper()
	first := events[0].At
	var runs []time.Time
	for range 1 + rng.IntN(8) {
		switch rng.IntN(4) {
		case 0:
			runs = append(runs, events[rng.IntN(len(events))].At)
		case 1:
			if u := events[rng.IntN(len(events))].At.Add(-time.Nanosecond); !u.Before(first) {
				runs = append(runs, u)
			}
		default:
			runs = append(runs, first.Add(time.Duration(rng.Int64N(int64(now.Sub(first)+1)))))
		}
	}
	runs = append(runs, now)
	slices.SortFunc(runs, time.Time.Compare)
	runs = slices.CompactFunc(runs, time.Time.Equal)
	got := map[string]int{}
	var prev sla.Checkpoint
	for i := 0; i < len(runs); i++ {
		u := runs[i]
		r, err := ps.Evaluate(events, u)
		require.NoError(t, err, name)
		due, err := r.Due(prev, sla.CatchUp{})
		require.NoError(t, err, name)
		reached := reachedKeys(r)
		for _, f := range due {
			k := levelKey(f.Policy, f.Version, f.Metric, f.Instance, f.Level)
			got[k]++
			assert.False(t, f.At.After(u), "%s: %s due before it is reached", name, k)
			assert.Equal(t, f.Skipped, !reached[k], "%s run %v: %s skipped %v (%s)", name, u, k, f.Skipped, f.Reason)
		}
		prev = r.Checkpoint()
		// sometimes the scheduler wakes exactly when told
		if w := r.NextWakeUp; !w.IsZero() && w.Before(now) && rng.IntN(2) == 0 && (i+1 == len(runs) || w.Before(runs[i+1])) {
			runs = slices.Insert(runs, i+1, w)
		}
	}
	want := everReached(t, ps, events, now)
	for k, n := range got {
		assert.Equal(t, 1, n, "%s: %s returned %d times", name, k, n)
		assert.True(t, want[k], "%s: %s returned but never reached", name, k)
	}
	for k := range want {
		if !assert.Equal(t, 1, got[k], "%s: %s reached but returned %d times", name, k, got[k]) {
			logHistory(t, events)
			t.Log(runs)
			t.FailNow()
		}
	}
}

// TestDueRunsAtEdges runs checkDueRuns on jittered and threshold histories
// over the edge desk.
func TestDueRunsAtEdges(t *testing.T) {
	for _, autumn := range []bool{false, true} {
		t.Run(fmt.Sprintf("autumn=%v", autumn), func(t *testing.T) {
			biz := edgeReference(t, autumn)
			sweepSeeds(t, 40, 1500, 6007, func(seed int, rng *rand.Rand) bool {
				ps := oddPolicies(rng, biz)
				if ps.Validate() != nil {
					return false
				}
				var events []ticket.Event
				if rng.IntN(2) == 0 {
					events = jitter(rng, randomHistory(t, rng, 3+rng.IntN(16)))
				} else {
					events = thresholdHistory(t, rng, ps, 3+rng.IntN(12))
				}
				now := events[len(events)-1].At.Add(time.Duration(rng.Int64N(int64(48 * time.Hour))))
				checkDueRuns(t, fmt.Sprintf("seed %d", seed), rng, ps, events, now)
				return true
			})
		})
	}
}

// TestReferenceLongHistories compares Evaluate with the minute reference
// on histories of a few hundred events, dense and many at one instant, on
// the edge desk in spring.
func TestReferenceLongHistories(t *testing.T) {
	biz := edgeReference(t, false)
	sweepSeeds(t, 6, 300, 5150, func(seed int, rng *rand.Rand) bool {
		ps := oddPolicies(rng, biz)
		if ps.Validate() != nil {
			return false
		}
		var events []ticket.Event
		switch rng.IntN(3) {
		case 0:
			events = randomHistory(t, rng, 150+rng.IntN(150))
		case 1:
			events = pairedHistory(t, rng, 100+rng.IntN(100))
		default:
			events = thresholdHistory(t, rng, ps, 60+rng.IntN(60))
		}
		last := events[len(events)-1].At
		if last.Sub(refEpoch) > 38*24*time.Hour {
			return false
		}
		checkReference(t, seed, ps, biz, events, last.Add(time.Duration(rng.IntN(24*60))*time.Minute))
		return true
	})
}

// wrappedHours is Hours of the caller's own type over a calendar: the
// engine cannot see the calendar's range through it, so it plans every
// threshold at once instead of lazily.
type wrappedHours struct{ c *calendar.Calendar }

func (w wrappedHours) Elapsed(from, to time.Time) time.Duration   { return w.c.Elapsed(from, to) }
func (w wrappedHours) Add(t time.Time, d time.Duration) time.Time { return w.c.Add(t, d) }

// TestReferenceOwnHours compares Evaluate with the minute reference when
// the business hours are the caller's own Hours over the edge desk.
func TestReferenceOwnHours(t *testing.T) {
	desk := edgeReference(t, true)
	biz := wrappedHours{desk}
	sweepSeeds(t, 40, 2000, 919, func(seed int, rng *rand.Rand) bool {
		ps := oddPolicies(rng, biz)
		if ps.Validate() != nil {
			return false
		}
		events := thresholdHistory(t, rng, ps, 3+rng.IntN(12))
		last := events[len(events)-1].At
		if last.Sub(refEpoch) > 35*24*time.Hour {
			return false
		}
		checkReference(t, seed, ps, biz, events, last.Add(time.Duration(rng.IntN(2*24*60))*time.Minute))
		checkContracts(t, fmt.Sprintf("seed %d", seed), rng, ps, events)
		return true
	})
}

// checkPromises checks what result r at now promises about the instants
// before limit, the next ticket event: every running instance not yet
// breached breaches at its Due, and not a nanosecond before; every level
// not reached, whose instant At r plans, is reached at it, and not a
// nanosecond before.
func checkPromises(t *testing.T, name string, ps sla.Policies, events []ticket.Event, r sla.Result, limit time.Time) {
	t.Helper()
	at := func(u time.Time) sla.Result {
		ru, err := ps.Evaluate(events, u)
		require.NoError(t, err, name)
		return ru
	}
	for i, in := range r.Instances {
		if in.State != sla.StateActive {
			continue
		}
		what := fmt.Sprintf("%s: %s #%d", name, in.Metric.Name, in.Number)
		if !in.Breached && !in.Due.IsZero() && in.Due.Before(limit) {
			before, due := at(in.Due.Add(-time.Nanosecond)), at(in.Due)
			assert.False(t, before.Instances[i].Breached, "%s breached before its due %v", what, in.Due)
			if !assert.True(t, due.Instances[i].Breached, "%s not breached at its due %v", what, in.Due) {
				logHistory(t, events)
				t.FailNow()
			}
			assert.True(t, in.Due.Equal(due.Instances[i].BreachedAt), "%s breached at %v, due %v", what, due.Instances[i].BreachedAt, in.Due)
		}
		for k, l := range in.Levels {
			if l.Reached || l.At.IsZero() || !l.At.Before(limit) {
				continue
			}
			before, then := at(l.At.Add(-time.Nanosecond)), at(l.At)
			assert.False(t, before.Instances[i].Levels[k].Reached, "%s level %s reached before %v", what, l.Level.Name, l.At)
			if !assert.True(t, then.Instances[i].Levels[k].Reached, "%s level %s not reached at %v", what, l.Level.Name, l.At) {
				logHistory(t, events)
				t.FailNow()
			}
			assert.True(t, l.At.Equal(then.Instances[i].Levels[k].At), "%s level %s at %v, planned %v", what, l.Level.Name, then.Instances[i].Levels[k].At, l.At)
		}
	}
}

// TestDueOnDSTNights: a desk open Sunday 01:00–04:00 Oslo time, whose
// Sunday night the clocks change, computed by hand. On 29 March 2026 the
// wall clock jumps from 02:00 CET to 03:00 CEST, so the night holds 2 open
// hours: a 90-minute first reply counted from Saturday 15:00 (after the
// Saturday close) runs 01:00–02:00 CET (60 min), then 03:00–03:30 CEST:
// due 03:30+02:00, with a level 10 minutes before at 03:20+02:00. On 25
// October the wall clock repeats 02:00–03:00, so the night holds 4 open
// hours: 150 minutes run 01:00–03:00 CEST (120 min) and 02:00–02:30 CET:
// due 02:30+01:00, the level at 02:20+01:00. A reply at the level's instant
// meets the target; one at the due instant too (a reply at the breach
// instant meets it), one a nanosecond later does not.
func TestDueOnDSTNights(t *testing.T) {
	tests := []struct {
		name             string
		created          string
		target           time.Duration
		due, level, half string
		holiday          calendar.Date
	}{
		{"spring", "2026-03-28T15:00:00+01:00", 90 * time.Minute, "2026-03-29T03:30:00+02:00", "2026-03-29T03:20:00+02:00",
			"2026-03-29T01:45:00+01:00", calendar.Date{Year: 2026, Month: time.April, Day: 2}},
		{"autumn", "2026-10-24T15:00:00+02:00", 150 * time.Minute, "2026-10-25T02:30:00+01:00", "2026-10-25T02:20:00+01:00",
			"2026-10-25T02:15:00+02:00", calendar.Date{Year: 2026, Month: time.October, Day: 26}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			biz := edgeDesk(t, tt.holiday, calendar.Date{Year: 2026, Month: time.December, Day: 24})
			ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{
				{Metric: sla.FirstReply(), Duration: tt.target, Hours: biz},
			}, Levels: []sla.Level{
				{Name: "soon", Offset: -10 * time.Minute, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "lead"}}},
				{Name: "half", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
			}}}
			created := rfc(t, tt.created)
			h := create(t, created, ticket.PriorityNormal)
			r, err := ps.Evaluate(h.events, created.Add(time.Minute))
			require.NoError(t, err)
			in := r.Instances[0]
			assert.Equal(t, tt.due, format(in.Due))
			assert.Equal(t, tt.due, format(in.OriginalDue))
			at := map[string]string{}
			for _, l := range in.Levels { // in order of threshold
				at[l.Level.Name] = format(l.At)
			}
			assert.Equal(t, map[string]string{"soon": tt.level, "half": tt.half}, at)
			assert.Equal(t, tt.half, format(r.NextWakeUp))

			due := rfc(t, tt.due)
			for _, c := range []struct {
				at       time.Time
				breached bool
			}{{rfc(t, tt.level), false}, {due, false}, {due.Add(time.Nanosecond), true}} {
				hr := create(t, created, ticket.PriorityNormal).reply(c.at)
				r, err := ps.Evaluate(hr.events, due.Add(time.Hour))
				require.NoError(t, err)
				in := r.Instances[0]
				assert.Equal(t, sla.StateFulfilled, in.State)
				assert.Equal(t, c.breached, in.Breached, "reply at %s", c.at.Format(time.RFC3339Nano))
				if c.breached {
					assert.Equal(t, tt.due, format(in.BreachedAt))
				}
			}
		})
	}
}
