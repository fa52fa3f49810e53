package followup_test

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var _ followup.Hours = (*calendar.Calendar)(nil)

// TestPlannerConcurrentUse plans the same histories from several
// goroutines (run it with -race) and compares with sequential plans.
func TestPlannerConcurrentUse(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	p := planner(t, propRules(r))
	type job struct {
		events []ticket.Event
		now    time.Time
	}
	jobs := make([]job, 40)
	want := make([]followup.Plan, len(jobs))
	for i := range jobs {
		events, now := randomHistory(t, r)
		jobs[i] = job{events, now}
		pl, err := p.Plan(events, now)
		require.NoError(t, err)
		want[i] = pl
	}
	got := make([][]followup.Plan, 4)
	var wg sync.WaitGroup
	for g := range got {
		got[g] = make([]followup.Plan, len(jobs))
		wg.Go(func() {
			for i, j := range jobs {
				got[g][i], _ = p.Plan(j.events, j.now)
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i := range jobs {
			assert.True(t, reflect.DeepEqual(want[i], got[g][i]), "goroutine %d, ticket %d", g, i)
		}
	}
}
