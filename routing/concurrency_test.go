package routing_test

import (
	"sync"
	"testing"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Decide, Assign and Order run from several goroutines on one shared
// roster, queue and policy give the results of a sequential run. Under
// go test -race this also shows that none of them writes to its inputs.
func TestConcurrentUseOfSharedInputs(t *testing.T) {
	agents := randomRoster(11, 80, t0)
	items := randomQueue(11, 60, t0)
	policy := benchPolicy

	type result struct {
		decisions []string
		batch     routing.Batch
		order     []routing.Ranked
	}
	run := func() (result, error) {
		var r result
		for _, it := range items[:20] {
			d, err := policy.Decide(it, agents, t0)
			if err != nil {
				return r, err
			}
			r.decisions = append(r.decisions, d.String())
			for _, c := range d.Candidates() {
				r.decisions = append(r.decisions, c.Agent+": "+c.Reason())
			}
			after, err := d.Apply(agents, t0)
			if err != nil {
				return r, err
			}
			if d.Assigned() {
				r.decisions = append(r.decisions, after[d.Chosen].LastAssigned.String())
			}
		}
		b, err := policy.Assign(items, agents, t0)
		if err != nil {
			return r, err
		}
		r.batch = b
		r.order = policy.Order(items, t0)
		return r, nil
	}
	want, err := run()
	require.NoError(t, err)
	require.NotEmpty(t, want.batch.Assignments)

	const workers = 8
	got := make([]result, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { got[w], errs[w] = run() })
	}
	wg.Wait()
	for w := range workers {
		require.NoError(t, errs[w])
		assert.Equal(t, want, got[w], "worker %d", w)
	}
	assert.Equal(t, randomRoster(11, 80, t0), agents, "agents untouched")
	assert.Equal(t, randomQueue(11, 60, t0), items, "items untouched")
}
