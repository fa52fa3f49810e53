package ticket_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// randomLifecycle returns a valid lifecycle built in Go: the default one
// with custom statuses in the active categories, each reached from open
// and leaving to open or solved, and a random reopen status.
func randomLifecycle(r *rand.Rand) *ticket.Lifecycle {
	lc := ticket.DefaultLifecycle()
	categories := []ticket.StatusCategory{ticket.StatusCategoryOpen, ticket.StatusCategoryPending, ticket.StatusCategoryOnHold}
	reopen := []string{"open", "pending", "on_hold"}
	for i := range r.IntN(5) {
		s := ticket.Status{Name: fmt.Sprintf("custom_%d", i), Category: categories[r.IntN(len(categories))]}
		lc.Statuses = append(lc.Statuses, s)
		lc.Transitions["open"] = append(lc.Transitions["open"], s.Name)
		lc.Transitions[s.Name] = []string{"open", "solved"}[:1+r.IntN(2)]
		reopen = append(reopen, s.Name)
	}
	r.Shuffle(len(lc.Statuses), func(i, j int) { lc.Statuses[i], lc.Statuses[j] = lc.Statuses[j], lc.Statuses[i] })
	lc.ReopenTo = reopen[r.IntN(len(reopen))]
	if r.IntN(4) == 0 {
		lc.ReopenTo = ""
	}
	lc.AutoRepliesReopen = r.IntN(2) == 0
	lc.Transitions["solved"] = slices.DeleteFunc(lc.Transitions["solved"], func(string) bool { return r.IntN(4) == 0 })
	if !slices.Contains(lc.Transitions["solved"], "closed") {
		lc.Transitions["solved"] = append(lc.Transitions["solved"], "closed")
	}
	return lc
}

// TestLifecycleRoundTrip writes random lifecycles built in Go as
// documents and reads them back equal.
func TestLifecycleRoundTrip(t *testing.T) {
	for seed := range uint64(300) {
		lc, err := randomLifecycle(rand.New(rand.NewPCG(seed, 19))).Validated()
		require.NoError(t, err, "seed %d", seed)
		out, err := ticket.EncodeLifecycle(lc)
		require.NoError(t, err, "seed %d", seed)
		back, err := ticket.DecodeLifecycle(out)
		require.NoError(t, err, "seed %d:\n%s", seed, out)
		assert.Equal(t, lc, back, "seed %d:\n%s", seed, out)
	}
}
