package metrics_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// AddAll leaves a report exactly as Add of each history in turn: over
// random configurations (every dimension, tags, ranges, filters, SLA,
// corrupt histories skipped or refused) and more histories than one
// batch, the encodings are equal byte for byte, and a refused history
// stops both at the same ticket with the same error.
func TestAddAllAsAdd(t *testing.T) {
	seeds := 15
	if long() {
		seeds = 400
	}
	for seed := range uint64(seeds) {
		cfg := randConfig(t, seed)
		hs := randHistories(t, seed, 150+int(seed)%70)

		one, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		var oneErr error
		for _, h := range hs {
			if oneErr = one.Add(h); oneErr != nil {
				break
			}
		}
		all, err := metrics.NewReport(cfg)
		require.NoError(t, err)
		allErr := all.AddAll(hs)

		if oneErr == nil {
			require.NoError(t, allErr, "seed %d", seed)
		} else {
			require.ErrorIs(t, allErr, metrics.ErrCorruptHistory, "seed %d", seed)
			var a, b *metrics.HistoryError
			require.True(t, errors.As(oneErr, &a) && errors.As(allErr, &b))
			assert.Equal(t, a.Ticket, b.Ticket, "seed %d", seed)
			assert.Equal(t, oneErr.Error(), allErr.Error(), "seed %d", seed)
		}
		want, err := json.Marshal(one)
		require.NoError(t, err)
		got, err := json.Marshal(all)
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got), "seed %d", seed)
		assert.Equal(t, one.Summary(metrics.Linear), all.Summary(metrics.Linear), "seed %d", seed)
	}
}

func TestAddAllEdges(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	r, err := metrics.NewReport(metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}})
	require.NoError(t, err)
	require.NoError(t, r.AddAll(nil))
	assert.Equal(t, 0, r.Tickets)

	// An empty history is refused, as Add refuses it; the ones before it
	// are added, as Add adds them.
	good := fixtureA(t)
	err = r.AddAll([][]ticket.Event{good, {}, good})
	assert.ErrorIs(t, err, metrics.ErrCorruptHistory)
	assert.Equal(t, 1, r.Tickets)
	one, err := metrics.NewReport(metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}}})
	require.NoError(t, err)
	require.NoError(t, one.Add(good))
	assert.Equal(t, one.Summary(metrics.NearestRank), r.Summary(metrics.NearestRank))
	assert.Greater(t, r.Breakdowns[0].Len(), 0)

	// A decoded report has no configuration to fold with.
	data, err := json.Marshal(r)
	require.NoError(t, err)
	var dec metrics.Report
	require.NoError(t, json.Unmarshal(data, &dec))
	assert.ErrorIs(t, dec.AddAll([][]ticket.Event{good}), metrics.ErrInvalidConfig)
}
