package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzAssign checks, for any roster and queue the generators make, that no
// input panics, capacity is never exceeded, and Decide and Assign agree on
// a single item.
func FuzzAssign(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(50), uint8(0), int64(0))
	f.Add(uint64(7), uint8(0), uint8(3), uint8(3), int64(3600))
	f.Add(uint64(42), uint8(200), uint8(0), uint8(4), int64(-60))
	f.Fuzz(func(t *testing.T, seed uint64, nAgents, nItems, policy uint8, shift int64) {
		p := propertyPolicies[int(policy)%len(propertyPolicies)]
		now := t0.Add(time.Duration(shift) * time.Second)
		agents := randomRoster(seed, int(nAgents), t0)
		items := randomQueue(seed, int(nItems), t0)
		b, err := p.Assign(items, agents, now)
		require.NoError(t, err)
		require.Len(t, b.Agents, len(agents))
		for i, a := range b.Agents {
			for ch, l := range a.Load {
				if l > agents[i].Load[ch] {
					assert.LessOrEqual(t, l, a.Capacity[ch])
				}
			}
		}
		if len(items) > 0 {
			d, err := p.Decide(items[0], agents, now)
			require.NoError(t, err)
			_ = d.String()
			one, err := p.Assign(items[:1], agents, now)
			require.NoError(t, err)
			assert.Equal(t, d.Assigned(), len(one.Assignments) == 1)
		}
	})
}
