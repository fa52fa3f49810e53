package routing_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func tid(n byte) ticket.ID { return uuid.UUID{15: n} }

func TestScoreTerms(t *testing.T) {
	tests := []struct {
		name  string
		item  routing.Item
		terms map[string]int64
		total int64
	}{
		{
			name:  "plain low item waiting 5m",
			item:  routing.Item{Priority: ticket.PriorityLow, EnqueuedAt: t0.Add(-5 * time.Minute)},
			terms: map[string]int64{"priority": 0, "tier": 0, "breach": 0, "aging": 300},
			total: 300,
		},
		{
			name:  "urgent vip",
			item:  routing.Item{Priority: ticket.PriorityUrgent, Tier: ticket.TierVIP, EnqueuedAt: t0},
			terms: map[string]int64{"priority": 3600, "tier": 1800, "breach": 0, "aging": 0},
			total: 5400,
		},
		{
			name:  "due beyond horizon",
			item:  routing.Item{Priority: ticket.PriorityNormal, DueAt: t0.Add(2 * time.Hour), EnqueuedAt: t0},
			terms: map[string]int64{"priority": 600, "breach": 0},
			total: 600,
		},
		{
			name:  "due in 20m",
			item:  routing.Item{DueAt: t0.Add(20 * time.Minute), EnqueuedAt: t0},
			terms: map[string]int64{"breach": 2400},
			total: 2400,
		},
		{
			name:  "breached 10m ago",
			item:  routing.Item{DueAt: t0.Add(-10 * time.Minute), EnqueuedAt: t0.Add(-time.Hour)},
			terms: map[string]int64{"breach": 3600 + 86400 + 600, "aging": 3600},
			total: 3600 + 86400 + 600 + 3600,
		},
		{
			name:  "enqueued in the future ages zero",
			item:  routing.Item{EnqueuedAt: t0.Add(time.Minute)},
			terms: map[string]int64{"aging": 0},
			total: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := routing.Scoring{}.Score(tt.item, t0)
			require.Len(t, got.Terms, 4)
			names := []string{got.Terms[0].Name, got.Terms[1].Name, got.Terms[2].Name, got.Terms[3].Name}
			assert.Equal(t, []string{"priority", "tier", "breach", "aging"}, names)
			for _, term := range got.Terms {
				if want, ok := tt.terms[term.Name]; ok {
					assert.Equal(t, want, term.Value, "term %s", term.Name)
				}
			}
			assert.Equal(t, tt.total, got.Total)
		})
	}
}

func TestScoreDetail(t *testing.T) {
	s := routing.Scoring{}.Score(routing.Item{
		Priority: ticket.PriorityHigh, Tier: ticket.TierVIP,
		DueAt: t0.Add(15 * time.Minute), EnqueuedAt: t0.Add(-90 * time.Second),
	}, t0)
	assert.Equal(t, "6390 (priority +1800 (high); tier +1800 (vip); breach +2700 (due in 15m0s (within 1h0m0s)); aging +90 (waiting 1m30s))", s.String())
}

func TestScoringCustomTermsOff(t *testing.T) {
	s := routing.Scoring{
		Priority: map[ticket.Priority]time.Duration{},
		Tier:     map[ticket.Tier]time.Duration{"gold": time.Hour},
	}
	require.NoError(t, s.Validate())
	got := s.Score(routing.Item{Priority: ticket.PriorityUrgent, Tier: "gold", EnqueuedAt: t0}, t0)
	assert.Equal(t, int64(3600), got.Total)
}

func TestOrder(t *testing.T) {
	items := []routing.Item{
		{Ticket: tid(1), Priority: ticket.PriorityLow, EnqueuedAt: t0.Add(-10 * time.Minute)}, // 600 < normal + 1m
		{Ticket: tid(2), Priority: ticket.PriorityUrgent, EnqueuedAt: t0},
		{Ticket: tid(3), Priority: ticket.PriorityLow, DueAt: t0.Add(-time.Second), EnqueuedAt: t0},
		{Ticket: tid(5), Priority: ticket.PriorityNormal, EnqueuedAt: t0.Add(-time.Minute)},
		{Ticket: tid(4), Priority: ticket.PriorityNormal, EnqueuedAt: t0.Add(-time.Minute)}, // same score and age as 5: ID decides
		{Ticket: tid(6), Priority: ticket.PriorityHigh, EnqueuedAt: t0.Add(-2 * time.Minute)},
		{Ticket: tid(7), Priority: ticket.PriorityNormal, Tier: ticket.TierVIP, EnqueuedAt: t0.Add(-2 * time.Minute)}, // normal + vip + 2m = 2520
		{Ticket: tid(8), Priority: ticket.PriorityHigh, EnqueuedAt: t0.Add(-12 * time.Minute)},                        // high + 12m = 2520, older than 7
	}
	orig := append([]routing.Item(nil), items...)
	got := routing.Scoring{}.Order(items, t0)
	var ids []byte
	for i, r := range got {
		ids = append(ids, r.Item.Ticket[15])
		assert.Equal(t, i+1, r.Position)
	}
	assert.Equal(t, []byte{3, 2, 8, 7, 6, 4, 5, 1}, ids)
	assert.Equal(t, orig, items, "input untouched")
}

func TestScoringValidate(t *testing.T) {
	err := routing.Scoring{
		Priority:      map[ticket.Priority]time.Duration{"blocker": time.Hour, "": time.Minute},
		BreachHorizon: -time.Minute,
		Breached:      -time.Hour,
	}.Validate()
	require.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.ElementsMatch(t, []string{`Scoring.Priority["blocker"]`, "Scoring.BreachHorizon", "Scoring.Breached"}, configFields(err))
}

func TestScoreOddTimes(t *testing.T) {
	tests := []struct {
		name   string
		item   routing.Item
		breach int64
		aging  int64
		detail string
	}{
		{
			name:   "due at the zero time of year 1 saturates",
			item:   routing.Item{DueAt: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), EnqueuedAt: t0},
			breach: 3600 + 86400 + int64(math.MaxInt64/int64(time.Second)),
			detail: "waiting 0s",
		},
		{
			name:   "no EnqueuedAt: no aging",
			item:   routing.Item{},
			detail: "no EnqueuedAt",
		},
		{
			name:   "enqueued after now",
			item:   routing.Item{EnqueuedAt: t0.Add(time.Hour)},
			detail: "waiting 0s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := routing.Scoring{}.Score(tt.item, t0)
			assert.Equal(t, tt.breach, got.Terms[2].Value)
			assert.Equal(t, tt.aging, got.Terms[3].Value)
			assert.Equal(t, tt.detail, got.Terms[3].Detail)
			assert.Equal(t, tt.breach+tt.aging, got.Total, "no wrap-around")
		})
	}
	assert.Equal(t, time.Duration(0), routing.Item{}.Age(t0))
}

func TestOrderSameTicketKeepsInputOrder(t *testing.T) {
	// Two conversations of one ticket enqueued together: input order decides.
	a := routing.Item{Ticket: tid(1), Channel: chat, EnqueuedAt: t0}
	b := routing.Item{Ticket: tid(1), Channel: email, EnqueuedAt: t0}
	got := routing.Scoring{}.Order([]routing.Item{a, b}, t0)
	assert.Equal(t, chat, got[0].Item.Channel)
	got = routing.Scoring{}.Order([]routing.Item{b, a}, t0)
	assert.Equal(t, email, got[0].Item.Channel)
}

func TestScoringValidateOrderIsFixed(t *testing.T) {
	s := routing.Scoring{Priority: map[ticket.Priority]time.Duration{"d": 1, "b": 1, "a": 1, "c": 1, "e": 1}}
	want := s.Validate().Error()
	for range 20 {
		assert.Equal(t, want, s.Validate().Error())
	}
	assert.Equal(t, []string{`Scoring.Priority["a"]`, `Scoring.Priority["b"]`, `Scoring.Priority["c"]`, `Scoring.Priority["d"]`, `Scoring.Priority["e"]`}, configFields(s.Validate()))
}
