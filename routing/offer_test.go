package routing_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOfferTransitions(t *testing.T) {
	it := itemWith(func(it *routing.Item) { it.EnqueuedAt = t0.Add(-3 * time.Minute) })
	o, err := routing.NewOffer(it, "a", t0, 30*time.Second)
	require.NoError(t, err)
	assert.Equal(t, routing.OfferPending, o.State)
	assert.True(t, o.ExpiresAt.Equal(t0.Add(30*time.Second)))

	t.Run("accept in time", func(t *testing.T) {
		got, err := o.Accept(t0.Add(29 * time.Second))
		require.NoError(t, err)
		assert.Equal(t, routing.OfferAccepted, got.State)
		assert.Equal(t, routing.OfferPending, o.State, "original untouched")
	})
	t.Run("decline keeps age and excludes agent", func(t *testing.T) {
		got, requeued, err := o.Decline()
		require.NoError(t, err)
		assert.Equal(t, routing.OfferDeclined, got.State)
		assert.Equal(t, []string{"a"}, requeued.Excluded)
		assert.True(t, requeued.EnqueuedAt.Equal(it.EnqueuedAt))
		assert.Empty(t, o.Item.Excluded, "original item untouched")

		// the decliner is no longer a candidate; the item keeps its rung
		d, err := routing.Policy{Ladder: ladder}.Decide(requeued, []routing.Agent{agentWith("a", nil), agentWith("b", nil)}, t0)
		require.NoError(t, err)
		assert.Equal(t, "b", d.Agent)
		assert.Equal(t, routing.RuleExcluded, d.Candidate(0).Rule)
		assert.Equal(t, 1, d.Rung)
	})
	t.Run("expire", func(t *testing.T) {
		assert.False(t, o.Expired(t0.Add(29*time.Second)))
		assert.True(t, o.Expired(t0.Add(30*time.Second)))
		got, requeued, err := o.Expire(t0.Add(30 * time.Second))
		require.NoError(t, err)
		assert.Equal(t, routing.OfferExpired, got.State)
		assert.Empty(t, requeued.Excluded)
		assert.Equal(t, []string{"a"}, requeued.Missed, "a miss, not a decline")
		assert.Empty(t, o.Item.Missed, "original item untouched")
		assert.True(t, requeued.EnqueuedAt.Equal(it.EnqueuedAt))

		// one miss keeps the agent out by default; Reoffers lets it back
		agents := []routing.Agent{agentWith("a", nil), agentWith("b", func(a *routing.Agent) { a.Load[email] = 9 })}
		d, err := routing.Policy{}.Decide(requeued, agents, t0)
		require.NoError(t, err)
		assert.Equal(t, "b", d.Agent)
		assert.Equal(t, "excluded (let 1 offer(s) of it expire)", d.Candidate(0).Reason())
		d, err = routing.Policy{Offers: routing.OfferRules{Reoffers: 1}}.Decide(requeued, agents, t0)
		require.NoError(t, err)
		assert.Equal(t, "a", d.Agent, "re-offered once")
		requeued.Missed = append(requeued.Missed, "a")
		d, err = routing.Policy{Offers: routing.OfferRules{Reoffers: 1}}.Decide(requeued, agents, t0)
		require.NoError(t, err)
		assert.Equal(t, "b", d.Agent, "not after a second miss")
	})
	t.Run("exclude twice keeps one entry", func(t *testing.T) {
		assert.Equal(t, []string{"a"}, it.Exclude("a").Exclude("a").Excluded)
	})
}

func TestOfferErrors(t *testing.T) {
	o, err := routing.NewOffer(itemWith(nil), "a", t0, time.Minute)
	require.NoError(t, err)
	accepted, err := o.Accept(t0)
	require.NoError(t, err)

	tests := []struct {
		name string
		do   func() error
		op   string
	}{
		{"accept after expiry", func() error { _, err := o.Accept(t0.Add(time.Minute)); return err }, "accept"},
		{"accept twice", func() error { _, err := accepted.Accept(t0); return err }, "accept"},
		{"decline accepted", func() error { _, _, err := accepted.Decline(); return err }, "decline"},
		{"expire early", func() error { _, _, err := o.Expire(t0.Add(59 * time.Second)); return err }, "expire"},
		{"expire accepted", func() error { _, _, err := accepted.Expire(t0.Add(time.Hour)); return err }, "expire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			require.ErrorIs(t, err, routing.ErrOfferState)
			var oe *routing.OfferError
			require.ErrorAs(t, err, &oe)
			assert.Equal(t, tt.op, oe.Op)
		})
	}

	_, err = routing.NewOffer(itemWith(nil), "a", t0, 0)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
	_, err = routing.NewOffer(itemWith(nil), "", t0, time.Second)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)
}
