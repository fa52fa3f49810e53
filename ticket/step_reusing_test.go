package ticket_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// TestStepReusing folds a history of tag changes with StepReusing and one
// spare: every intermediate ticket equals Apply's, the old tag slice comes
// back as the spare, the buffers stop allocating once large enough, and a
// refused event leaves the ticket and the spare as they were.
func TestStepReusing(t *testing.T) {
	h := newTicket(t, 41)
	for i, tags := range [][2][]string{
		{{"urgent"}, nil}, {{"vip"}, {"printer"}}, {nil, {"urgent"}}, {{"printer", "urgent"}, {"vip"}},
		{{"a", "b"}, {"hardware"}}, {nil, {"a", "b", "printer", "urgent"}},
	} {
		h.do(h.tk.Tag(at(i+1), ingrid, tags[0], tags[1]))
	}
	h.do(h.tk.Reply(at(10), ingrid, ticket.Message{Public: true, Body: "Brannvesenet er varslet."}))

	var tk ticket.Ticket
	var spare []string
	for i, e := range h.events {
		want, err := ticket.Replay(nil, h.events[:i+1])
		require.NoError(t, err)
		old := tk.Tags
		require.NoError(t, tk.StepReusing(e, &spare))
		require.Equal(t, want, tk, "after event %d", e.Seq)
		if _, ok := e.Data.(ticket.TagsChanged); ok && len(old) > 0 {
			require.Same(t, &old[:1][0], &spare[:1][0], "the old tags are the spare after event %d", e.Seq)
		}
	}
	require.Equal(t, h.tk, tk)

	// A refused event (sequence out of place) changes nothing.
	before, spareBefore := tk, spare
	bad := h.events[len(h.events)-1]
	err := tk.StepReusing(bad, &spare)
	var re *ticket.ReplayError
	require.True(t, errors.As(err, &re), "%v", err)
	require.Equal(t, before, tk)
	require.Equal(t, spareBefore, spare)

	// Folding the history again with the same spare allocates less than
	// Step does: the tags of each change go into the spare's memory.
	fold := func(spare *[]string) {
		var tk ticket.Ticket
		for _, e := range h.events {
			if err := tk.StepReusing(e, spare); err != nil {
				t.Fatal(err)
			}
		}
	}
	reusing := testing.AllocsPerRun(20, func() { fold(&spare) })
	stepping := testing.AllocsPerRun(20, func() { fold(nil) })
	require.Less(t, reusing, stepping-3, "allocations: StepReusing %v, Step %v", reusing, stepping)

	// A nil spare is Step.
	var a, b ticket.Ticket
	for _, e := range h.events {
		require.NoError(t, a.StepReusing(e, nil))
		require.NoError(t, b.Step(e))
		require.Equal(t, b, a)
	}
}
