package ticket_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// TestReplayIntoEqualsReplay: ReplayInto leaves in *t what Replay returns,
// with the same error, over random command histories, their prefixes and
// every corrupt history Replay must refuse, into a Ticket that held
// another ticket before.
func TestReplayIntoEqualsReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	var into ticket.Ticket
	check := func(name string, events []ticket.Event) {
		t.Helper()
		want, werr := ticket.Replay(nil, events)
		err := ticket.ReplayInto(&into, nil, events)
		require.Equal(t, werr, err, name)
		require.Equal(t, want, into, name)
	}
	for range 200 {
		h := commandHistory(t, rng, 1+rng.IntN(30))
		check("random history", h)
		check("its prefix", h[:1+rng.IntN(len(h))])
	}
	for _, c := range corruptHistories(t) {
		check(c.name, c.events)
	}
	lc := ticket.DefaultLifecycle()
	h := commandHistory(t, rng, 12)
	want, err := ticket.Replay(lc, h)
	require.NoError(t, err)
	require.NoError(t, ticket.ReplayInto(&into, lc, h))
	require.Equal(t, want, into)
	require.Same(t, lc, into.Lifecycle())
}
