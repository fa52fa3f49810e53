package sla_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// randomCase draws a history, policies and an evaluation instant.
func randomCase(t testing.TB, seed int, biz sla.Hours) ([]ticket.Event, sla.Policies, time.Time) {
	rng := rand.New(rand.NewPCG(uint64(seed), 77))
	events := randomHistory(t, rng, 3+rng.IntN(20))
	ps := randomPolicies(rng, biz)
	first, last := events[0].At, events[len(events)-1].At
	now := first.Add(time.Duration(rng.Int64N(int64(last.Sub(first) + 72*time.Hour + 1))))
	return events, ps, now
}

// eachCase evaluates n random cases (many under DESK_LONG=1) and hands each
// to check with its seed, history, policies, instant and result.
func eachCase(t *testing.T, n, many int, check func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, r sla.Result)) {
	t.Helper()
	biz := refDesk(t)
	for seed := range seeds(n, many) {
		events, ps, now := randomCase(t, seed, biz)
		r, err := ps.Evaluate(events, now)
		require.NoError(t, err)
		check(seed, events, ps, now, r)
	}
}

// TestDueInvariant: for an instance that has not breached and ended (or is)
// running, Due == hours.Add(Start, Target + paused time), and Elapsed is the
// sum of hours.Elapsed over its running segments.
func TestDueInvariant(t *testing.T) {
	eachCase(t, 150, 20000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, r sla.Result) {
		for _, in := range r.Instances {
			h := in.Target.Hours
			var run, paused time.Duration
			for _, s := range in.Timeline {
				to := s.To
				if to.IsZero() {
					to = now
					if in.State == sla.StateFulfilled {
						to = s.From // waiting for a reopen: not part of the time before the end
					}
				}
				if s.State == sla.StateActive {
					run += h.Elapsed(s.From, to)
					assert.Equal(t, h.Elapsed(s.From, to), s.Elapsed, "seed %d segment elapsed", seed)
				} else {
					paused += h.Elapsed(s.From, to)
				}
			}
			assert.Equal(t, run, in.Elapsed, "seed %d %s #%d elapsed", seed, in.Metric.Name, in.Number)
			assert.Equal(t, in.Target.Duration-in.Elapsed, in.Remaining)
			if in.Breached {
				assert.True(t, in.Due.Equal(in.BreachedAt), "seed %d: due stays at the breach", seed)
				assert.False(t, in.BreachedAt.After(now))
				continue
			}
			if in.Due.IsZero() {
				continue // paused, or ended paused
			}
			want := h.Add(in.Start, in.Target.Duration+paused)
			assert.True(t, want.Equal(in.Due), "seed %d %s #%d: due %v, want %v", seed, in.Metric.Name, in.Number, in.Due, want)
			assert.True(t, in.OriginalDue.Equal(h.Add(in.Start, in.Target.Duration)) || in.OriginalDue.Before(in.Due) || in.OriginalDue.After(in.Due),
				"original due is set")
		}
	})
}

// finalsStay checks that the instances final at a random cut of the
// history between instants (the state at an instant is the state after all
// events at it) are the same in full, its result at now.
func finalsStay(t *testing.T, seed int, rng *rand.Rand, ps sla.Policies, events []ticket.Event, now time.Time, full sla.Result) {
	t.Helper()
	cut := 1 + rng.IntN(len(events))
	for cut < len(events) && events[cut].At.Equal(events[cut-1].At) {
		cut++
	}
	at := events[cut-1].At
	if now.Before(at) {
		return
	}
	part, err := ps.Evaluate(events[:cut], at)
	require.NoError(t, err)
	for _, in := range part.Instances {
		if !in.Final() {
			continue
		}
		got := instance(t, full, in.Metric.Name, in.Number)
		require.Equal(t, in, got, "seed %d: final %s #%d changed", seed, in.Metric.Name, in.Number)
	}
}

// TestFinalInstancesStay: an instance that is final never changes when later
// events are appended, and replaying the same history gives a deep-equal
// result.
func TestFinalInstancesStay(t *testing.T) {
	eachCase(t, 120, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, full sla.Result) {
		again, err := ps.Evaluate(events, now)
		require.NoError(t, err)
		require.Equal(t, full, again, "seed %d: replay differs", seed)

		finalsStay(t, seed, rand.New(rand.NewPCG(uint64(seed), 3)), ps, events, now, full)
	})
}

// TestNextWakeUp: NextWakeUp lies after now; evaluating at any instant
// before it (and before the next ticket event) gives the same states, and
// at it something changes.
func TestNextWakeUp(t *testing.T) {
	eachCase(t, 120, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, r sla.Result) {
		limit := now.Add(60 * 24 * time.Hour)
		for _, e := range events {
			if e.At.After(now) {
				limit = e.At
				break
			}
		}
		wake := r.NextWakeUp
		if !wake.IsZero() {
			require.True(t, wake.After(now), "seed %d: wake-up %v not after now %v", seed, wake, now)
		}
		end := limit
		if !wake.IsZero() && wake.Before(end) {
			end = wake
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 5))
		for range 3 {
			span := end.Sub(now)
			if span <= 1 {
				break
			}
			u := now.Add(1 + time.Duration(rng.Int64N(int64(span-1))))
			ru, err := ps.Evaluate(events, u)
			require.NoError(t, err)
			assert.Equal(t, observable(r), observable(ru), "seed %d: state changed between now and the wake-up (at %v)", seed, u)
			assert.True(t, wake.Equal(ru.NextWakeUp), "seed %d: wake-up moved", seed)
		}
		if !wake.IsZero() && wake.Before(limit) {
			rw, err := ps.Evaluate(events, wake)
			require.NoError(t, err)
			assert.NotEqual(t, observable(r), observable(rw), "seed %d: nothing changed at the wake-up %v", seed, wake)
		}
	})
}

// observable is what NextWakeUp promises not to change: states, breaches,
// levels reached, due instants and the SLA events.
func observable(r sla.Result) []string {
	var out []string
	for _, in := range r.Instances {
		s := in.Metric.Name + " " + string(in.State) + " " + in.Due.String() + " " + in.BreachedAt.String()
		for _, l := range in.Levels {
			if l.Reached {
				s += " " + l.Level.Name + "@" + l.At.String()
			}
		}
		out = append(out, s)
	}
	for _, e := range r.Events {
		out = append(out, string(e.Kind)+" "+e.At.String()+" "+e.Metric+" "+e.Level)
	}
	return out
}

// levelKey names a level of an instance as Due's keys do, without the
// ticket.
func levelKey(policy string, version int, metric string, number int, level string) string {
	return fmt.Sprintf("%s@%d/%s/%d/%s", policy, version, metric, number, level)
}

// reachedKeys returns the levels reached in r.
func reachedKeys(r sla.Result) map[string]bool {
	out := map[string]bool{}
	for _, in := range r.Instances {
		for _, l := range in.Levels {
			if l.Reached {
				out[levelKey(in.Policy, in.Version, in.Metric.Name, in.Number, l.Level.Name)] = true
			}
		}
	}
	return out
}

// everReached returns the levels reached in an evaluation at any instant up
// to end, by brute force: at every ticket event's instant and at every
// wake-up between them.
func everReached(t *testing.T, ps sla.Policies, events []ticket.Event, end time.Time) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	add := func(u time.Time) sla.Result {
		r, err := ps.Evaluate(events, u)
		require.NoError(t, err)
		for k := range reachedKeys(r) {
			out[k] = true
		}
		return r
	}
	for i, e := range events {
		if e.At.After(end) {
			break
		}
		if i+1 < len(events) && events[i+1].At.Equal(e.At) {
			continue
		}
		limit := end
		if i+1 < len(events) && events[i+1].At.Before(end) {
			limit = events[i+1].At
		}
		for r := add(e.At); !r.NextWakeUp.IsZero() && r.NextWakeUp.Before(limit); {
			r = add(r.NextWakeUp)
		}
	}
	add(end)
	return out
}

// TestDueOverRuns: a scheduler runs at random instants (some at ticket
// events, among priority and policy changes) and passes each run's
// checkpoint to the next Due. Over the runs, the firings hold every level
// reached at any instant up to the last run exactly once — every level
// reached at the end among them — and a single run at the end with no
// checkpoint returns the same levels. A firing that is not skipped is
// reached as of its run; one skipped as undone is not.
func TestDueOverRuns(t *testing.T) {
	eachCase(t, 150, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, full sla.Result) {
		rng := rand.New(rand.NewPCG(uint64(seed), 11))
		first := events[0].At
		var runs []time.Time
		for range 1 + rng.IntN(8) {
			if rng.IntN(3) == 0 {
				runs = append(runs, events[rng.IntN(len(events))].At)
			} else {
				runs = append(runs, first.Add(time.Duration(rng.Int64N(int64(now.Sub(first)+1)))))
			}
		}
		runs = append(runs, now)
		slices.SortFunc(runs, time.Time.Compare)
		runs = slices.CompactFunc(runs, time.Time.Equal)
		got := map[string]int{}
		var prev sla.Checkpoint
		for _, u := range runs {
			if u.After(now) {
				continue
			}
			r, err := ps.Evaluate(events, u)
			require.NoError(t, err)
			due, err := r.Due(prev, sla.CatchUp{})
			require.NoError(t, err)
			reached := reachedKeys(r)
			for _, f := range due {
				k := levelKey(f.Policy, f.Version, f.Metric, f.Instance, f.Level)
				got[k]++
				assert.False(t, f.At.After(u), "seed %d: %s due before it is reached", seed, k)
				assert.False(t, f.Seen.After(u), "seed %d: %s seen after the run", seed, k)
				assert.Equal(t, f.Skipped, !reached[k], "seed %d run %v: %s skipped %v (%s)", seed, u, k, f.Skipped, f.Reason)
				assert.Equal(t, f.Late, f.LateReason != "", "seed %d", seed)
				if f.Skipped {
					assert.Equal(t, sla.ReasonUndone, f.Reason, "seed %d", seed)
				}
			}
			prev = r.Checkpoint()
		}
		want := everReached(t, ps, events, now)
		for k, n := range got {
			assert.Equal(t, 1, n, "seed %d: %s returned %d times", seed, k, n)
			assert.True(t, want[k], "seed %d: %s returned but never reached", seed, k)
		}
		for k := range want {
			assert.Equal(t, 1, got[k], "seed %d: %s reached but returned %d times", seed, k, got[k])
		}
		for k := range reachedKeys(full) {
			assert.True(t, want[k], "seed %d: %s reached at the end", seed, k)
		}
		once, err := full.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		all := map[string]bool{}
		for _, f := range once {
			all[levelKey(f.Policy, f.Version, f.Metric, f.Instance, f.Level)] = true
		}
		assert.Equal(t, want, all, "seed %d: one run at the end", seed)
	})
}

// TestKeysUnique: every idempotency key Due hands out is unique and names
// its level.
func TestKeysUnique(t *testing.T) {
	eachCase(t, 120, 10000, func(seed int, events []ticket.Event, ps sla.Policies, now time.Time, r sla.Result) {
		all, err := r.Due(sla.Checkpoint{}, sla.CatchUp{})
		require.NoError(t, err)
		keys := map[string]bool{}
		for _, f := range all {
			assert.False(t, keys[f.Key], "seed %d: key %s twice", seed, f.Key)
			keys[f.Key] = true
			assert.True(t, strings.HasSuffix(f.Key, "/"+f.Metric+"/"+strconv.Itoa(f.Instance)+"/"+f.Level), f.Key)
			assert.NotEmpty(t, f.Actions)
		}
	})
}

func TestCatchUp(t *testing.T) {
	ps := sla.Policies{{Name: "ladder", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 4 * time.Hour},
	}, Levels: []sla.Level{
		{Name: "50", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
		{Name: "75", Percent: 75, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "manager"}}},
		{Name: "breach+1h", Offset: time.Hour, Actions: []sla.Action{{Kind: sla.ActionRaisePriority, Priority: ticket.PriorityUrgent}}},
	}}}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := create(t, start, ticket.PriorityNormal)
	now := start.Add(6 * time.Hour) // the scheduler was down since 09:30
	r, err := ps.Evaluate(h.events, now)
	require.NoError(t, err)
	before, err := ps.Evaluate(h.events, start.Add(30*time.Minute))
	require.NoError(t, err)
	prev := before.Checkpoint()

	tests := []struct {
		name    string
		c       sla.CatchUp
		skipped []string
	}{
		{"each", sla.CatchUp{}, []string{"", "", ""}},
		{"each spelled", sla.CatchUp{Mode: sla.CatchUpEach}, []string{"", "", ""}},
		{"latest", sla.CatchUp{Mode: sla.CatchUpLatest}, []string{sla.ReasonSuperseded, sla.ReasonSuperseded, ""}},
		{"grace", sla.CatchUp{Mode: sla.CatchUpGrace, Grace: 3 * time.Hour}, []string{sla.ReasonOlderThanGrace, "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, err := r.Due(prev, tt.c)
			require.NoError(t, err)
			require.Len(t, due, 3)
			var got []string
			for _, f := range due {
				got = append(got, f.Reason)
				assert.Equal(t, f.Reason != "", f.Skipped)
				assert.False(t, f.Late)
			}
			assert.Equal(t, tt.skipped, got)
			assert.Equal(t, []string{"50", "75", "breach+1h"}, []string{due[0].Level, due[1].Level, due[2].Level})
		})
	}
	again, err := r.Due(r.Checkpoint(), sla.CatchUp{})
	require.NoError(t, err)
	assert.Empty(t, again, "a second run at the same instant fires nothing")
}

// TestDueRefusesBadInput: an unknown catch-up mode, a negative grace, a
// grace for another mode than grace and
// checkpoints the result cannot follow are errors, never a silent "each"
// or an empty list.
func TestDueRefusesBadInput(t *testing.T) {
	ps := sla.Policies{{Name: "p", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}},
		Levels: []sla.Level{{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "lead"}}}}}}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := create(t, start, ticket.PriorityNormal).write(start.Add(time.Minute))
	r, err := ps.Evaluate(h.events, start.Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, r.Seq)

	// A grace for another mode was ignored; it is refused.
	for _, c := range []sla.CatchUp{{Mode: "all"}, {Mode: "EACH"}, {Mode: sla.CatchUpGrace, Grace: -time.Minute},
		{Grace: time.Minute}, {Mode: sla.CatchUpLatest, Grace: time.Minute}} {
		due, err := r.Due(sla.Checkpoint{}, c)
		require.ErrorIs(t, err, sla.ErrInvalidCatchUp, "%+v", c)
		assert.Empty(t, due)
	}
	_, err = r.Due(sla.Checkpoint{}, sla.CatchUp{Mode: "all"})
	require.ErrorIs(t, err, sla.ErrUnknownValue)

	bad := []struct {
		name string
		cp   sla.Checkpoint
	}{
		{"after now", sla.Checkpoint{At: start.Add(3 * time.Hour), Seq: 2}},
		{"read more events", sla.Checkpoint{At: start.Add(time.Hour), Seq: 3}},
		{"instant without seq", sla.Checkpoint{At: start.Add(time.Hour)}},
		{"seq without instant", sla.Checkpoint{Seq: 1}},
	}
	for _, tt := range bad {
		_, err := r.Due(tt.cp, sla.CatchUp{})
		var ce *sla.CheckpointError
		require.ErrorAs(t, err, &ce, tt.name)
		assert.ErrorIs(t, err, sla.ErrInvalidCheckpoint, tt.name)
		assert.Equal(t, tt.cp, ce.Checkpoint)
	}
	due, err := r.Due(sla.Checkpoint{At: start.Add(30 * time.Minute), Seq: 2}, sla.CatchUp{})
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.Equal(t, "breach", due[0].Level)
}

// TestNewEvaluatorRefusesInvalidPolicies: NewEvaluator returns Validate's
// error and no Evaluator.
func TestNewEvaluatorRefusesInvalidPolicies(t *testing.T) {
	ev, err := sla.NewEvaluator(sla.Policies{{Name: "", Targets: []sla.Target{{Metric: sla.FirstReply()}}}})
	require.ErrorIs(t, err, sla.ErrInvalidPolicy)
	assert.Nil(t, ev)
}
