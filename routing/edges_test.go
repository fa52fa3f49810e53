package routing_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Assign equals Decide then Apply one by one with every option that keeps
// state between items on: per-channel rotation, a throttle, universal
// capacity with weights, idle-away and sticky routing.
func TestPropertyAssignEqualsDecideApplyAllOptions(t *testing.T) {
	checkAssignEqualsDecideApply(t, sweep(8, 300), func(seed uint64, s routing.Strategy) routing.Policy {
		return routing.Policy{
			Strategy: s, Ladder: benchPolicy.Ladder, PerChannelRotation: seed%2 == 0,
			Throttle:     routing.Throttle{Max: 2 + int(seed%3), Window: 10 * time.Minute},
			Weights:      map[ticket.Channel]int{ticket.ChannelPhone: 5, ticket.ChannelChat: 2, ticket.ChannelEmail: 1},
			IdleAway:     20 * time.Minute,
			StickyWindow: time.Hour,
		}
	}, func(agents []routing.Agent, items []routing.Item) {
		for i := range agents {
			if i%4 == 1 {
				agents[i].Total = 6 + i%5
			}
			if i%5 == 2 {
				agents[i].LastActive = t0.Add(-time.Duration(i) * 7 * time.Minute)
			}
		}
		for i := range items {
			if i%4 == 0 {
				items[i].Previous = routing.Previous{Agent: agents[i%len(agents)].ID, At: t0.Add(-time.Duration(i) * time.Minute), Of: routing.AffinityTicket}
			}
		}
	})
}

// An offer settles once: settling a stale copy of a pending offer again on
// the roster it produced is an error, not a second item of load (Accept)
// or a second miss (Expire), since the roster holds no such offer.
func TestRosterSettlesAnOfferOnce(t *testing.T) {
	r, err := routing.NewRoster([]routing.Agent{agentWith("a", nil)})
	require.NoError(t, err)
	p := routing.Policy{}
	d, err := r.Decide(p, itemWith(nil), t0)
	require.NoError(t, err)
	r, o, err := r.Offer(d, t0)
	require.NoError(t, err)
	load := func(r *routing.Roster) int { return r.Agents()[0].Load[ticket.ChannelEmail] }
	before := load(r)

	r1, _, err := r.Accept(o, t0.Add(time.Second))
	require.NoError(t, err)
	require.Equal(t, before+1, load(r1))
	_, _, err = r1.Accept(o, t0.Add(2*time.Second))
	var oe *routing.OfferError
	require.ErrorAs(t, err, &oe, "accepting the same offer twice")

	r2, _, _, err := r.Expire(o, t0.Add(time.Hour), routing.OfferRules{})
	require.NoError(t, err)
	_, _, _, err = r2.Expire(o, t0.Add(time.Hour), routing.OfferRules{})
	require.ErrorAs(t, err, &oe, "expiring the same offer twice")
	_, _, _, err = r1.Decline(o)
	require.ErrorAs(t, err, &oe, "declining an accepted offer's stale copy")
}

// Units in use saturate instead of wrapping: with huge weights an agent
// holding one item is over any total, never back under it.
func TestUniversalCapacityDoesNotWrap(t *testing.T) {
	for _, w := range []int{math.MaxInt, math.MaxInt / 2, math.MaxInt/3 + 1} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			p := routing.Policy{Weights: map[ticket.Channel]int{ticket.ChannelEmail: w, ticket.ChannelChat: w}}
			require.NoError(t, p.Validate())
			a := agentWith("a", func(a *routing.Agent) {
				a.Total = 10
				a.Capacity[ticket.ChannelChat] = 5
				a.Load[ticket.ChannelChat] = 1
			})
			d, err := p.Decide(itemWith(nil), []routing.Agent{a}, t0)
			require.NoError(t, err)
			assert.False(t, d.Assigned(), d.String())
			r, err := routing.NewRoster([]routing.Agent{a})
			require.NoError(t, err)
			d, err = r.Decide(p, itemWith(nil), t0)
			require.NoError(t, err)
			assert.False(t, d.Assigned(), "roster: "+d.String())
		})
	}
}

// A decision applied after the chosen agent used up its throttle through
// another decision applied since is stale.
func TestApplyAfterThrottleIsStale(t *testing.T) {
	p := routing.Policy{Throttle: routing.Throttle{Max: 1, Window: 10 * time.Minute}}
	agents := []routing.Agent{agentWith("a", nil)}
	d1, err := p.Decide(itemWith(nil), agents, t0)
	require.NoError(t, err)
	d2, err := p.Decide(itemWith(func(it *routing.Item) { it.Ticket = tid(2) }), agents, t0)
	require.NoError(t, err)
	after, err := d1.Apply(agents, t0)
	require.NoError(t, err)
	_, err = d2.Apply(after, t0)
	require.ErrorIs(t, err, routing.ErrStale, "a took its one item of the window")
	r, err := routing.NewRoster(agents)
	require.NoError(t, err)
	r, err = r.Apply(d1, t0)
	require.NoError(t, err)
	_, err = r.Apply(d2, t0)
	require.ErrorIs(t, err, routing.ErrStale, "roster: a took its one item of the window")
}

// TestExcludeReturnsItsOwnSlice: Item.Exclude returns a copy with its own
// Excluded slice, as documented, also when the agent is excluded already;
// it returned the item as given, so writing to the copy's Excluded (or
// appending within its capacity) changed the original item's.
func TestExcludeReturnsItsOwnSlice(t *testing.T) {
	excluded := make([]string, 1, 4)
	excluded[0] = "ann"
	it := routing.Item{Excluded: excluded}
	for _, id := range []string{"ann", "bo"} {
		got := it.Exclude(id)
		require.Contains(t, got.Excluded, id)
		got.Excluded[0] = "zed"
		_ = append(got.Excluded, "eve")
		assert.Equal(t, []string{"ann"}, it.Excluded, "after Exclude(%q)", id)
		assert.Equal(t, []string{"ann", "", "", ""}, excluded[:4], "after Exclude(%q)", id)
	}
}

// TestHugeCountsSurviveARoster: counts above 2,147,483,647 are treated as
// that many when deciding, but the agents a roster or Assign hands back
// keep the counts they were given, plus what happened to them, exactly as
// Decide then Apply does: an agent holding 3,000,000,000 emails who took a
// call came back from Assign holding 2,147,483,647, and settling an offer
// on a roster rewrote its pending offers the same way.
func TestHugeCountsSurviveARoster(t *testing.T) {
	const huge = 3_000_000_000
	a := routing.Agent{ID: "a", Presence: routing.PresenceOnline,
		Capacity: map[ticket.Channel]int{ticket.ChannelPhone: 1, ticket.ChannelEmail: 4_000_000_000},
		Load:     map[ticket.Channel]int{ticket.ChannelEmail: huge},
		Offered:  map[ticket.Channel]int{ticket.ChannelEmail: huge},
	}
	call := routing.Item{Channel: ticket.ChannelPhone, EnqueuedAt: t0}
	d, err := routing.Policy{}.Decide(call, []routing.Agent{a}, t0)
	require.NoError(t, err)
	applied, err := d.Apply([]routing.Agent{a}, t0)
	require.NoError(t, err)
	assert.Equal(t, map[ticket.Channel]int{ticket.ChannelEmail: huge, ticket.ChannelPhone: 1}, applied[0].Load)

	b, err := routing.Policy{}.Assign([]routing.Item{call}, []routing.Agent{a}, t0)
	require.NoError(t, err)
	assert.Equal(t, applied, b.Agents)

	r, err := routing.NewRoster([]routing.Agent{a})
	require.NoError(t, err)
	r, err = r.Apply(d, t0)
	require.NoError(t, err)
	assert.Equal(t, applied, r.Agents())

	// One of the pending emails is accepted, another declined.
	mail := routing.Item{Channel: ticket.ChannelEmail, EnqueuedAt: t0}
	o, err := routing.NewOffer(mail, "a", t0, time.Minute)
	require.NoError(t, err)
	before := r
	r, _, err = r.Accept(o, t0)
	require.NoError(t, err)
	accepted := r
	r, _, _, err = r.Decline(o)
	require.NoError(t, err)
	got := r.Agents()[0]
	assert.Equal(t, map[ticket.Channel]int{ticket.ChannelEmail: huge + 1, ticket.ChannelPhone: 1}, got.Load)
	assert.Equal(t, map[ticket.Channel]int{ticket.ChannelEmail: huge - 2}, got.Offered)
	// The rosters before stay as they were.
	assert.Equal(t, applied, before.Agents())
	assert.Equal(t, map[ticket.Channel]int{ticket.ChannelEmail: huge - 1}, accepted.Agents()[0].Offered)
}

// Roster.Agents handed out the roster's own Recent slice: a caller that
// edited the agents it got back (to send them elsewhere, say) changed the
// instants the roster's throttle counts.
func TestRosterAgentsRecentIsACopy(t *testing.T) {
	p := routing.Policy{Throttle: routing.Throttle{Max: 2, Window: time.Hour}}
	a := routing.Agent{ID: "a", Presence: routing.PresenceOnline, Capacity: map[ticket.Channel]int{ticket.ChannelEmail: 10}}
	r, err := routing.NewRoster([]routing.Agent{a})
	require.NoError(t, err)
	mail := routing.Item{Channel: ticket.ChannelEmail, EnqueuedAt: t0}
	d, err := r.Decide(p, mail, t0)
	require.NoError(t, err)
	r, err = r.Apply(d, t0)
	require.NoError(t, err)
	got := r.Agents()
	require.Equal(t, []time.Time{t0}, got[0].Recent)
	got[0].Recent[0] = t0.Add(-24 * time.Hour) // outside the window: would free a slot
	assert.Equal(t, []time.Time{t0}, r.Agents()[0].Recent)

	// The second assignment in the hour still counts the first: the third is throttled.
	d, err = r.Decide(p, mail, t0.Add(time.Minute))
	require.NoError(t, err)
	r, err = r.Apply(d, t0.Add(time.Minute))
	require.NoError(t, err)
	d, err = r.Decide(p, mail, t0.Add(2*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "", d.Agent, "a took two in the hour")
}
