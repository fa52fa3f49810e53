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

// The brute-force reference steps a history minute by minute with a plain
// loop. Open hours come from the wall clock of each minute, not from the
// calendar package; clock rules are restated from the package docs.

// refEpoch and refMinutes are the span of the minute table: random
// histories start in late March 2026 and end in April.
var refEpoch = time.Date(2026, time.March, 20, 0, 0, 0, 0, time.UTC)

const refMinutes = 40 * 24 * 60

// refTable is the minute table of open hours: refTable[i] tells whether the
// business desk is open during minute i after refEpoch, read off the Oslo
// wall clock (refWeek and refHoliday), without the calendar package.
var refTable = refTableFor(refEpoch, refHoliday)

// refTableFor builds the minute table from epoch with holiday closed.
func refTableFor(epoch time.Time, holiday calendar.Date) []bool {
	t := make([]bool, refMinutes)
	for i := range t {
		w := epoch.Add(time.Duration(i) * time.Minute).In(oslo)
		if w.Year() == holiday.Year && w.Month() == holiday.Month && w.Day() == holiday.Day {
			continue
		}
		mins := w.Hour()*60 + w.Minute()
		switch w.Weekday() {
		case time.Saturday:
			t[i] = mins >= 10*60 && mins < 14*60
		case time.Sunday:
		default:
			t[i] = mins >= 8*60 && mins < 16*60
		}
	}
	return t
}

// autumnReference moves the reference, and the random tickets, to late
// October 2026 for the rest of the test: the night the clocks go back
// (Sunday 25 October, whose 02:00–03:00 comes twice) lies among the
// tickets' first days, and Monday 26 October is the closed day.
func autumnReference(t *testing.T) {
	epoch, table, holiday, start := refEpoch, refTable, refHoliday, refStart
	t.Cleanup(func() { refEpoch, refTable, refHoliday, refStart = epoch, table, holiday, start })
	refEpoch = time.Date(2026, time.October, 16, 0, 0, 0, 0, time.UTC)
	refHoliday = calendar.Date{Year: 2026, Month: time.October, Day: 26}
	refTable = refTableFor(refEpoch, refHoliday)
	refStart = time.Date(2026, time.October, 20, 0, 0, 0, 0, oslo)
}

// refOpen reports whether the business desk is open during the minute that
// starts at m.
func refOpen(m time.Time) bool {
	return refTable[int(m.Sub(refEpoch)/time.Minute)]
}

// refBound is the state of an instance at a minute boundary, after the
// events at it: minutes after refEpoch, whether it runs, and the minutes
// counted in business and in calendar hours.
type refBound struct {
	at      int32
	running bool
	el      [2]int32
}

type refInst struct {
	metric      int
	policy      int
	target      int
	number      int
	start       time.Time
	provisional bool
	final       bool
	cancelled   bool
	end         time.Time
	reason      string
	el          [2]time.Duration
	bounds      []refBound
	reached     map[int]time.Time     // level index, −1 for the breach
	thr         map[int]time.Duration // level index, −1 for the breach
	originalDue time.Time
	lastDue     time.Time
	reopenedAt  time.Time // the last reopen that continued it
	running     bool
}

type refModel struct {
	ps      sla.Policies
	biz     sla.Hours
	metrics []sla.Metric
	tk      struct {
		priority ticket.Priority
		vip      bool
		cat      ticket.StatusCategory
	}
	replied bool
	// opening is the Seq of the opening comment of a ticket an agent
	// opened (its creator is an agent; the first message of the history),
	// 0 when there is none: it is no reply, so it fulfils nothing and the
	// desk has not replied after it, but the update clocks start at it.
	opening int
	policy  int
	insts   []*refInst
	live    []*refInst
	numbers []int
}

func (r *refModel) hoursIdx(p, k int) int {
	if r.ps[p].Targets[k].Hours == r.biz {
		return 0
	}
	return 1
}

// scan returns the first minute boundary at or after from at which a clock
// running from from with el counted reaches d.
func (r *refModel) scan(from time.Time, el, d time.Duration, h int) time.Time {
	for u := from; ; u = u.Add(time.Minute) {
		if el >= d {
			return u
		}
		if h == 1 || refOpen(u) {
			el += time.Minute
		}
	}
}

func (r *refModel) thresholds(in *refInst) map[int]time.Duration {
	t := r.ps[in.policy].Targets[in.target]
	out := map[int]time.Duration{-1: t.Duration}
	for i, l := range r.ps[in.policy].Levels {
		if l.Metric == "" || l.Metric == t.Metric.Name {
			if l.Percent > 0 {
				out[i] = t.Duration * time.Duration(l.Percent) / 100
			} else {
				out[i] = t.Duration + l.Offset
			}
		}
	}
	return out
}

// judge finds, for every threshold, the first boundary where the instance
// ran with at least that much counted.
func (r *refModel) judge(in *refInst) {
	in.reached = map[int]time.Time{}
	in.thr = r.thresholds(in)
	for _, b := range in.bounds {
		r.judgeBound(in, b)
	}
}

// judgeBound marks the thresholds reached at boundary b.
func (r *refModel) judgeBound(in *refInst, b refBound) {
	h := r.hoursIdx(in.policy, in.target)
	for lvl, d := range in.thr {
		if _, done := in.reached[lvl]; !done && b.running && time.Duration(b.el[h])*time.Minute >= d {
			in.reached[lvl] = refEpoch.Add(time.Duration(b.at) * time.Minute)
		}
	}
}

func (r *refModel) begin(m int, at time.Time) {
	in := &refInst{metric: m, policy: -1, target: -1, start: at}
	r.insts = append(r.insts, in)
	r.live[m] = in
}

func (r *refModel) stop(in *refInst, at time.Time, provisional bool, reason string) {
	if provisional && in.reopenedAt.Equal(at) && !in.reopenedAt.IsZero() {
		in.provisional = true // solved again at the instant of the reopen: still waiting since the first solve
		return
	}
	in.lastDue = time.Time{}
	if in.running && in.target >= 0 {
		if b, ok := in.reached[-1]; ok {
			in.lastDue = b
		} else {
			h := r.hoursIdx(in.policy, in.target)
			in.lastDue = r.scan(at, in.el[h], r.ps[in.policy].Targets[in.target].Duration, h)
		}
	}
	in.running = false
	in.end = at
	if provisional {
		in.provisional = true
		return
	}
	in.final, in.cancelled, in.reason = true, reason != "", reason
}

func (r *refModel) closeAll(at time.Time, reason string) {
	for m, in := range r.live {
		if in == nil {
			continue
		}
		if in.provisional || in.reopenedAt.Equal(at) && !in.reopenedAt.IsZero() { // a reopen at the instant does not last
			in.provisional, in.final = false, true
		} else {
			r.stop(in, at, false, reason)
		}
		r.live[m] = nil
	}
}

func (r *refModel) apply(e ticket.Event, reopenStart []bool) {
	cat := r.tk.cat
	at := e.At
	switch d := e.Data.(type) {
	case ticket.Created:
		r.tk.priority, r.tk.vip, r.tk.cat = d.Priority, slices.Contains(d.Tags, "vip"), d.Status.Category
		for m, def := range r.metrics {
			if def.Start == sla.StartCreated {
				r.begin(m, at)
			}
		}
		return
	case ticket.Message:
		if d.Public && e.Actor.Role == ticket.RoleAgent && !d.Automated && e.Seq == r.opening {
			for m, def := range r.metrics {
				if def.Start == sla.StartAgentReply && r.live[m] == nil &&
					cat != ticket.StatusCategorySolved && cat != ticket.StatusCategoryClosed {
					r.begin(m, at)
				}
			}
		} else if d.Public && e.Actor.Role == ticket.RoleAgent && !d.Automated {
			for m, def := range r.metrics {
				if def.Stop == sla.StopAgentReply && r.live[m] != nil {
					r.stop(r.live[m], at, false, "")
					r.live[m] = nil
				}
				if def.Start == sla.StartAgentReply && r.live[m] == nil &&
					cat != ticket.StatusCategorySolved && cat != ticket.StatusCategoryClosed {
					r.begin(m, at)
				}
			}
			r.replied = true
		} else if d.Public && e.Actor.Role == ticket.RoleCustomer {
			for m, def := range r.metrics {
				if def.Start != sla.StartCustomerMessage || r.live[m] != nil {
					continue
				}
				if cat == ticket.StatusCategorySolved {
					reopenStart[m] = true
				} else if r.replied || !def.AfterFirstReply {
					r.begin(m, at)
				}
			}
		}
	case ticket.StatusChanged:
		r.tk.cat = d.To.Category
		switch {
		case d.To.Category == ticket.StatusCategorySolved:
			for m, in := range r.live {
				if in == nil || in.provisional {
					continue
				}
				def := r.metrics[m]
				if def.Stop == sla.StopSolve {
					r.stop(in, at, def.Reopen == sla.ReopenContinue, "")
					if def.Reopen == sla.ReopenContinue {
						continue
					}
				} else {
					r.stop(in, at, false, "solved")
				}
				r.live[m] = nil
			}
		case d.To.Category == ticket.StatusCategoryClosed:
			r.closeAll(at, "closed")
		case d.Reopen:
			for m, in := range r.live {
				if in != nil && in.provisional {
					in.provisional, in.reopenedAt = false, at
				}
				if reopenStart[m] && in == nil {
					r.begin(m, at)
				}
			}
		}
	case ticket.PriorityChanged:
		r.tk.priority = d.To
	case ticket.TagsChanged:
		if slices.Contains(d.Added, "vip") {
			r.tk.vip = true
		}
		if slices.Contains(d.Removed, "vip") {
			r.tk.vip = false
		}
	case ticket.Merged:
		if d.Into != (ticket.ID{}) {
			r.closeAll(at, "merged")
		}
	}
}

func (r *refModel) matches(c sla.Condition) bool {
	if len(c.TagsAny) > 0 && !r.tk.vip {
		return false
	}
	return len(c.Priorities) == 0 || slices.Contains(c.Priorities, r.tk.priority)
}

func (r *refModel) target(m int) (int, int) {
	if r.policy < 0 {
		return -1, -1
	}
	k := -1
	for i, t := range r.ps[r.policy].Targets {
		if t.Metric.Name != r.metrics[m].Name {
			continue
		}
		if t.Priority != "" && t.Priority == r.tk.priority {
			return r.policy, i
		}
		if t.Priority == "" {
			k = i
		}
	}
	if k < 0 {
		return -1, -1
	}
	return r.policy, k
}

func (r *refModel) setTarget(in *refInst, p, k int, first bool) {
	in.policy, in.target = p, k
	if first {
		r.numbers[in.metric]++
		in.number = r.numbers[in.metric]
		in.originalDue = r.scan(in.start, 0, r.ps[p].Targets[k].Duration, r.hoursIdx(p, k))
	}
	r.judge(in) // from the instance's start; the boundary of the change is judged when recorded
}

// referenceRun evaluates the history at now the slow way.
func referenceRun(ps sla.Policies, biz sla.Hours, events []ticket.Event, now time.Time) *refModel {
	r := &refModel{ps: ps, biz: biz, policy: -1}
	if events[0].Actor.Role == ticket.RoleAgent {
		for _, e := range events {
			// the first message a person wrote; machine messages first
			// leave the description to come
			if m, ok := e.Data.(ticket.Message); ok && !m.Automated && (e.Actor.Role == ticket.RoleAgent || e.Actor.Role == ticket.RoleCustomer) {
				r.opening = e.Seq
				break
			}
		}
	}
	for _, p := range ps {
		for _, t := range p.Targets {
			if !slices.ContainsFunc(r.metrics, func(m sla.Metric) bool { return m.Name == t.Metric.Name }) {
				r.metrics = append(r.metrics, t.Metric)
			}
		}
	}
	r.live = make([]*refInst, len(r.metrics))
	r.numbers = make([]int, len(r.metrics))
	i := 0
	reopenStart := make([]bool, len(r.metrics))
	for m := events[0].At; !m.After(now); m = m.Add(time.Minute) {
		clear(reopenStart)
		first := i
		for ; i < len(events) && events[i].At.Equal(m); i++ {
			r.apply(events[i], reopenStart)
			// The events that follow at m act under the target in force
			// after this one, for instances that began before m.
			r.rematch(m, func(in *refInst) bool { return in.start.Before(m) && !in.reopenedAt.Equal(m) })
		}
		if i > first {
			r.rematch(m, func(*refInst) bool { return true })
		}
		r.settle(m)
		if m.Equal(now) {
			break
		}
		for _, in := range r.live {
			if in != nil && in.running {
				in.el[1] += time.Minute
				if refOpen(m) {
					in.el[0] += time.Minute
				}
			}
		}
	}
	return r
}

// rematch matches the policy after an event at m and applies a change of
// target to the live instances that which selects.
func (r *refModel) rematch(m time.Time, which func(*refInst) bool) {
	r.policy = -1
	for pi, p := range r.ps {
		if r.matches(p.Match) {
			r.policy = pi
			break
		}
	}
	for mi, in := range r.live {
		if in == nil || in.provisional || !which(in) {
			continue
		}
		p, k := r.target(mi)
		switch {
		case p == in.policy && k == in.target:
		case in.target < 0:
			r.setTarget(in, p, k, true)
		case k < 0:
			r.stop(in, m, false, "target_removed")
			r.begin(mi, m)
		case r.ps[p].Recalculation == sla.Prospective:
			r.stop(in, m, false, "target_changed")
			r.begin(mi, m)
			if which(r.live[mi]) { // the new instance takes its target once all events at m are read
				r.setTarget(r.live[mi], p, k, true)
			}
		default:
			r.setTarget(in, p, k, false)
		}
	}
}

// settle records every live instance's boundary at m.
func (r *refModel) settle(m time.Time) {
	for mi, in := range r.live {
		if in == nil || in.provisional {
			continue
		}
		paused := slices.Contains(r.metrics[mi].Paused, r.tk.cat) || r.tk.cat == ticket.StatusCategorySolved || r.tk.cat == ticket.StatusCategoryClosed
		in.running = !paused
		b := refBound{at: int32(m.Sub(refEpoch) / time.Minute), running: in.running,
			el: [2]int32{int32(in.el[0] / time.Minute), int32(in.el[1] / time.Minute)}}
		in.bounds = append(in.bounds, b)
		if in.target >= 0 {
			r.judgeBound(in, b)
		}
	}
}

// TestReference compares Evaluate with the minute-by-minute reference on
// random histories and policies.
func TestReference(t *testing.T) {
	testReference(t)
}

// TestReferenceAutumn is TestReference over the night the clocks go back.
func TestReferenceAutumn(t *testing.T) {
	autumnReference(t)
	testReference(t)
}

func testReference(t *testing.T) {
	biz := refDesk(t)
	for seed := range seeds(100, 3000) {
		rng := rand.New(rand.NewPCG(uint64(seed), 9))
		events := randomHistory(t, rng, 3+rng.IntN(14))
		ps := randomPolicies(rng, biz)
		require.NoError(t, ps.Validate())
		last := events[len(events)-1].At
		now := last.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
		if rng.IntN(4) == 0 { // sometimes in the middle of the history
			now = events[0].At.Add(last.Sub(events[0].At) / 2).Truncate(time.Minute)
		}
		got, err := ps.Evaluate(events, now)
		require.NoError(t, err)
		ref := referenceRun(ps, biz, events, now)
		if !compareReference(t, seed, ref, got, now) {
			for _, e := range events {
				t.Log(e.String(), e.Data)
			}
			t.FailNow()
		}
	}
}

func compareReference(t *testing.T, seed int, ref *refModel, got sla.Result, now time.Time) bool {
	t.Helper()
	var want []*refInst
	for _, in := range ref.insts {
		if in.target >= 0 {
			want = append(want, in)
		}
	}
	slices.SortStableFunc(want, func(a, b *refInst) int {
		if a.metric != b.metric {
			return a.metric - b.metric
		}
		return a.number - b.number
	})
	ok := assert.Len(t, got.Instances, len(want), "seed %d", seed)
	if !ok {
		return false
	}
	var wake time.Time
	for i, w := range want {
		g := got.Instances[i]
		tg := ref.ps[w.policy].Targets[w.target]
		h := ref.hoursIdx(w.policy, w.target)
		state := sla.StateActive
		switch {
		case w.cancelled:
			state = sla.StateCancelled
		case w.final || w.provisional:
			state = sla.StateFulfilled
		case !w.running:
			state = sla.StatePaused
		}
		breachedAt, breached := w.reached[-1]
		due := w.lastDue
		switch {
		case state == sla.StateActive && breached:
			due = breachedAt
		case state == sla.StateActive:
			due = ref.scan(now, w.el[h], tg.Duration, h)
		case state == sla.StatePaused:
			due = time.Time{}
		}
		if breached {
			due = breachedAt
		}
		name := fmt.Sprintf("seed %d instance %s #%d", seed, tg.Metric.Name, w.number)
		msg := []any{name}
		ok = assert.Equal(t, tg.Metric.Name, g.Metric.Name, msg...) &&
			assert.Equal(t, w.number, g.Number, msg...) &&
			assert.Equal(t, ref.ps[w.policy].Name, g.Policy, msg...) &&
			assert.Equal(t, tg.Duration, g.Target.Duration, msg...) &&
			assert.Equal(t, state, g.State, msg...) &&
			assert.Equal(t, w.reason, g.Reason, msg...) &&
			assert.True(t, w.start.Equal(g.Start), msg...) &&
			assert.True(t, w.end.Equal(g.End) || state == sla.StateActive || state == sla.StatePaused, msg...) &&
			assert.Equal(t, w.el[h], g.Elapsed, msg...) &&
			assert.Equal(t, breached, g.Breached, msg...) &&
			assert.True(t, breachedAt.Equal(g.BreachedAt), name+" breached at") &&
			assert.True(t, due.Equal(g.Due), name+" due") &&
			assert.True(t, w.originalDue.Equal(g.OriginalDue), name+" original due") && ok
		if !ok {
			t.Logf("want breach %v due %v, got %v due %v", breachedAt, due, g.BreachedAt, g.Due)
			return false
		}
		thr := w.thr
		for _, l := range g.Levels {
			li := slices.IndexFunc(ref.ps[w.policy].Levels, func(x sla.Level) bool { return x.Name == l.Level.Name })
			at, reached := w.reached[li]
			ok = assert.Equal(t, reached, l.Reached, name+" level "+l.Level.Name) &&
				assert.True(t, !reached || at.Equal(l.At), name+" level at "+l.Level.Name)
			if !ok {
				return false
			}
		}
		if state == sla.StateActive {
			for lvl, d := range thr {
				if _, done := w.reached[lvl]; done {
					continue
				}
				if u := ref.scan(now, w.el[h], d, h); wake.IsZero() || u.Before(wake) {
					wake = u
				}
			}
		}
	}
	return assert.True(t, wake.Equal(got.NextWakeUp), "seed %d next wake-up: want %v, got %v", seed, wake, got.NextWakeUp)
}

// TestAutumn runs the property tests that build random histories over the
// night the clocks go back.
func TestAutumn(t *testing.T) {
	autumnReference(t)
	t.Run("DueInvariant", TestDueInvariant)
	t.Run("NextWakeUp", TestNextWakeUp)
	t.Run("DueOverRuns", TestDueOverRuns)
	t.Run("DueAfterLateStoredEventsRandom", TestDueAfterLateStoredEventsRandom)
	t.Run("DueCheckpointsFromJSON", TestDueCheckpointsFromJSON)
}
