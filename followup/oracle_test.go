package followup_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// naiveClock counts wall or business time the slow way.
type naiveClock struct{ business bool }

func (c naiveClock) elapsed(from, to time.Time) time.Duration {
	if c.business {
		return osloCal.Elapsed(from, to)
	}
	return max(0, to.Sub(from))
}

func (c naiveClock) add(t time.Time, d time.Duration) time.Time {
	if c.business {
		return osloCal.Add(t, d)
	}
	return t.Add(d)
}

func live(c ticket.StatusCategory) bool {
	return c == ticket.StatusCategoryNew || c == ticket.StatusCategoryOpen || c == ticket.StatusCategoryOnHold
}

// naivePhase finds the start of the current phase by replaying every
// prefix of the history: the last event after which the ticket is live
// and was not live before, matches another rule than before, or is a reset
// event of the rule in force before it.
func naivePhase(t testing.TB, rules followup.Rules, events []ticket.Event) (start int, rule int, ok bool) {
	prevLive, prevRule := false, -1
	start = -1
	for i := range events {
		tk, err := ticket.Replay(nil, events[:i+1])
		require.NoError(t, err)
		isLive, rl := live(tk.Status.Category), rules.Match(tk)
		if isLive && (!prevLive || rl != prevRule || isReset(rules, prevRule, events[i])) {
			start = i
		}
		if !isLive {
			start = -1
		}
		prevLive, prevRule = isLive, rl
	}
	return start, prevRule, start >= 0
}

func isReset(rules followup.Rules, rule int, e ticket.Event) bool {
	if rule < 0 || rules[rule].Cadence == nil {
		return false
	}
	on := rules[rule].Cadence.ResetOn
	switch d := e.Data.(type) {
	case ticket.StatusChanged:
		return on.Status
	case ticket.PriorityChanged:
		return on.Priority
	case ticket.TagsChanged:
		for _, tag := range d.Added {
			if slices.Contains(on.Tags, tag) {
				return true
			}
		}
	}
	return false
}

func naiveIsUpdate(c followup.Counts, e ticket.Event) bool {
	m, ok := e.Data.(ticket.Message)
	if !ok || !m.Public || e.Actor.Role == ticket.RoleCustomer {
		return false
	}
	human := m.IsAgentReply(e.Actor)
	switch c {
	case followup.CountsHuman:
		return human
	case followup.CountsAutomated:
		return !human
	}
	return true
}

// naivePromises steps through a cadence one promise at a time from base
// (elapsed since the phase start) and returns the promises in (lo, hi] and
// the first one after hi.
func naivePromises(c *followup.Cadence, base, lo, hi time.Duration) (in []time.Duration, next time.Duration, ok bool) {
	stage := func(e time.Duration) int {
		var end time.Duration
		for i, s := range c.Stages {
			if s.For == 0 {
				return i
			}
			end += s.For
			if e < end {
				return i
			}
		}
		return -1
	}
	for x := base; ; {
		i := stage(x)
		if i < 0 {
			return in, 0, false
		}
		x += c.Stages[i].Every
		if x > hi {
			return in, x, true
		}
		if x > lo {
			in = append(in, x)
		}
	}
}

// TestCadenceAgainstNaive compares the status-update part of plans of
// random histories with a reference that replays every prefix, walks the
// phase's updates one by one (each keeps the oldest promise not yet kept
// when posted within its interval or after it) and steps through promises
// one by one.
func TestCadenceAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked, early := 0, 0
	for i := range samples(300, 6000) {
		rules := propRules(r)
		limit := []int{0, 1, 3}[r.IntN(3)]
		rules[0].CatchUp = followup.CatchUp{Max: limit} // every missed promise is due, up to the cap
		if limit == 0 {
			limit = followup.DefaultCatchUpMax
		}
		p := planner(t, rules)
		events, now := randomHistoryOf(t, r, i%2 == 0)
		pl, err := p.Plan(events, now)
		require.NoError(t, err)
		ctx := fmt.Sprintf("sample %d", i)

		start, rule, ok := naivePhase(t, rules, events)
		if !ok || rule < 0 || rules[rule].Cadence == nil {
			assert.False(t, pl.Updates.Active, ctx)
			for _, it := range append(pl.Due, pl.Pending...) {
				assert.NotEqual(t, followup.SourceCadence, it.Source, ctx)
			}
			continue
		}
		checked++
		c := rules[rule].Cadence
		clk := naiveClock{c.Business}
		ps := events[start].At
		// kept: the elapsed time up to which promises are kept
		var base, kept time.Duration
		for _, e := range events[start+1:] {
			if !naiveIsUpdate(c.Counts, e) {
				continue
			}
			el := clk.elapsed(ps, e.At)
			if c.From == followup.AnchorLastUpdate {
				base, kept = el, el
				continue
			}
			if el <= kept {
				continue // in the interval of a promise already kept
			}
			if _, oldest, ok := naivePromises(c, 0, kept, kept); ok && oldest > el {
				kept, early = oldest, early+1 // posted early, within the oldest promise's interval
			} else {
				kept = el // on time or late: every promise up to it is kept
			}
		}
		eNow := clk.elapsed(ps, now)
		missed, _, _ := naivePromises(c, base, kept, eNow)
		_, nextAfterKept, okKept := naivePromises(c, base, kept, kept)
		_, nextAfterNow, okNow := naivePromises(c, base, max(eNow, kept), max(eNow, kept))

		require.True(t, pl.Updates.Active, ctx)
		assert.True(t, ps.Equal(pl.Updates.PhaseStart), "%s: phase start %v, want %v", ctx, pl.Updates.PhaseStart, ps)
		if okKept {
			assert.True(t, clk.add(ps, nextAfterKept).Equal(pl.Updates.Next), "%s: next %v, want %v", ctx, pl.Updates.Next, clk.add(ps, nextAfterKept))
			assert.Equal(t, nextAfterKept <= eNow, pl.Updates.Overdue, ctx)
		} else {
			assert.True(t, pl.Updates.Next.IsZero(), ctx)
		}
		var due []time.Time
		for _, it := range pl.Due {
			if it.Source == followup.SourceCadence {
				due = append(due, it.At)
			}
		}
		var tooMany int64
		for _, s := range pl.Skipped {
			if s.Item.Source == followup.SourceCadence {
				assert.Equal(t, followup.ReasonTooMany, s.Reason, ctx)
				tooMany += s.Count
			}
		}
		if len(missed) > limit {
			assert.Equal(t, int64(len(missed)-limit), tooMany, ctx)
			missed = missed[len(missed)-limit:]
		} else {
			assert.Zero(t, tooMany, ctx)
		}
		require.Len(t, due, len(missed), ctx)
		for j := range missed {
			assert.True(t, clk.add(ps, missed[j]).Equal(due[j]), "%s: due %d at %v", ctx, j, due[j])
		}
		var pending []time.Time
		for _, it := range pl.Pending {
			if it.Source == followup.SourceCadence {
				pending = append(pending, it.At)
			}
		}
		if okNow {
			require.Len(t, pending, 1, ctx)
			assert.True(t, clk.add(ps, nextAfterNow).Equal(pending[0]), ctx)
		} else {
			assert.Empty(t, pending, ctx)
		}
	}
	assert.Positive(t, checked)
	assert.Positive(t, early, "no update was posted early")
}

// TestNudgesAgainstNaive compares the nudge part of plans with a reference
// that looks for the last entry into pending, any later change of the
// matching rule (which restarts the steps), and any customer reply after
// the entry, and counts each step on its own clock, never before the step
// before it.
func TestNudgesAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	checked, crossed := 0, 0
	for i := range samples(150, 3000) {
		rules := propRules(r)
		for j := range rules {
			rules[j].CatchUp = followup.CatchUp{}
		}
		p := planner(t, rules)
		events, now := randomHistory(t, r)
		pl, err := p.Plan(events, now)
		require.NoError(t, err)
		tk, err := ticket.Replay(nil, events)
		require.NoError(t, err)
		var want []time.Time
		if tk.Status.Category == ticket.StatusCategoryPending {
			entered := -1
			for j, e := range events {
				if sc, ok := e.Data.(ticket.StatusChanged); ok && sc.To.Category == ticket.StatusCategoryPending && sc.From.Category != ticket.StatusCategoryPending {
					entered = j
				}
			}
			replied := false
			for _, e := range events[entered+1:] {
				if m, ok := e.Data.(ticket.Message); ok && m.IsCustomerMessage(e.Actor) && !m.Automated {
					replied = true
				}
			}
			// a change of the matching rule while pending restarts the nudges
			from := entered
			for j := entered + 1; j < len(events); j++ {
				was, err := ticket.Replay(nil, events[:j])
				require.NoError(t, err)
				is, err := ticket.Replay(nil, events[:j+1])
				require.NoError(t, err)
				if rules.Match(was) != rules.Match(is) {
					from = j
				}
			}
			if rl := rules.Match(tk); !replied && rl >= 0 {
				for j, n := range rules[rl].Nudges {
					at := naiveClock{n.After.Business}.add(events[from].At, n.After.Duration)
					if j > 0 && at.Before(want[j-1]) {
						at = want[j-1]
					}
					want = append(want, at)
				}
			}
		}
		var got []time.Time
		for _, it := range append(slices.Clone(pl.Due), pl.Pending...) {
			if it.Source == followup.SourceNudges {
				got = append(got, it.At)
			}
		}
		slices.SortFunc(got, time.Time.Compare)
		require.Len(t, got, len(want), "sample %d", i)
		for j := range want {
			assert.True(t, want[j].Equal(got[j]), "sample %d: nudge %d at %v, want %v", i, j, got[j], want[j])
		}
		if len(want) > 0 {
			checked++
		}
		for j := 1; j < len(want); j++ {
			if want[j].Equal(want[j-1]) {
				crossed++
			}
		}
	}
	assert.Positive(t, checked)
	assert.Positive(t, crossed, "no two steps' clocks crossed")
}
