package ticket_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultWorkflowTransitions checks every from → to pair of the default
// lifecycle through SetStatus: allowed pairs move, all others are rejected
// with a TransitionError and leave the ticket unchanged.
func TestDefaultWorkflowTransitions(t *testing.T) {
	allowed := map[string][]string{
		"new":     {"open", "pending", "on_hold", "solved"},
		"open":    {"pending", "on_hold", "solved"},
		"pending": {"open", "on_hold", "solved"},
		"on_hold": {"open", "pending", "solved"},
		"solved":  {"open", "pending", "on_hold", "closed"},
		"closed":  {},
	}
	// A path from new to each status, through allowed transitions.
	paths := map[string][]ticket.Status{
		"new":     nil,
		"open":    {ticket.StatusOpen},
		"pending": {ticket.StatusPending},
		"on_hold": {ticket.StatusOnHold},
		"solved":  {ticket.StatusSolved},
		"closed":  {ticket.StatusSolved, ticket.StatusClosed},
	}
	all := []ticket.Status{ticket.StatusNew, ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved, ticket.StatusClosed}
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			t.Run(fmt.Sprintf("%s→%s", from.Name, to.Name), func(t *testing.T) {
				h := newTicket(t, 1)
				for i, s := range paths[from.Name] {
					h.do(h.tk.SetStatus(at(i+1), ingrid, s))
				}
				before := h.tk
				got, ev, err := h.tk.SetStatus(at(10), ingrid, to)
				want := false
				for _, name := range allowed[from.Name] {
					want = want || name == to.Name
				}
				if want {
					require.NoError(t, err)
					require.Len(t, ev, 1)
					assert.Equal(t, to, got.Status)
					sc := ev[0].Data.(ticket.StatusChanged)
					assert.Equal(t, from, sc.From)
					assert.Equal(t, from.Category == ticket.StatusCategorySolved && to.Category.Active(), sc.Reopen)
					return
				}
				assert.Empty(t, ev)
				assert.Equal(t, before, got, "rejected command must leave the ticket unchanged")
				if from.Category == ticket.StatusCategoryClosed {
					assert.ErrorIs(t, err, ticket.ErrClosed)
					return
				}
				require.ErrorIs(t, err, ticket.ErrInvalidTransition)
				var te *ticket.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, from, te.From)
				assert.Equal(t, to, te.To)
				var names []string
				for _, s := range te.Allowed {
					names = append(names, s.Name)
				}
				assert.Equal(t, allowed[from.Name], names)
			})
		}
	}
}

func TestSetStatusUnknownOrMiscategorised(t *testing.T) {
	h := newTicket(t, 1)
	for _, to := range []ticket.Status{
		{Name: "awaiting_vendor", Category: ticket.StatusCategoryOnHold},
		{Name: "open", Category: ticket.StatusCategoryPending},
	} {
		_, ev, err := h.tk.SetStatus(at(1), ingrid, to)
		assert.ErrorIs(t, err, ticket.ErrInvalidTransition, to.String())
		assert.Empty(t, ev)
	}
}

func TestSetSameStatusIsNoOp(t *testing.T) {
	h := newTicket(t, 1)
	got, ev, err := h.tk.SetStatus(at(1), ingrid, ticket.StatusNew)
	require.NoError(t, err)
	assert.Empty(t, ev)
	assert.Equal(t, h.tk, got)
}

func TestCustomWorkflow(t *testing.T) {
	vendor := ticket.Status{Name: "awaiting_vendor", Category: ticket.StatusCategoryOnHold}
	lc := ticket.DefaultLifecycle()
	lc.Statuses = append(lc.Statuses, vendor)
	lc.Transitions["open"] = append(lc.Transitions["open"], vendor.Name)
	lc.Transitions[vendor.Name] = []string{"open", "solved"}
	require.NoError(t, lc.Validate())

	tk, _, err := ticket.Create(lc, id(9), t0, ola, ticket.Created{Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, _, err = tk.SetStatus(at(1), ingrid, ticket.StatusOpen)
	require.NoError(t, err)
	tk, ev, err := tk.SetStatus(at(2), ingrid, vendor)
	require.NoError(t, err)
	assert.Equal(t, vendor, tk.Status)
	assert.Equal(t, "awaiting_vendor (on_hold)", ev[0].Data.(ticket.StatusChanged).To.String())
	_, _, err = tk.SetStatus(at(3), ingrid, ticket.StatusPending)
	assert.ErrorIs(t, err, ticket.ErrInvalidTransition)
}

func TestWorkflowValidateReportsEveryProblem(t *testing.T) {
	lc := &ticket.Lifecycle{
		Statuses: []ticket.Status{
			{Name: "new", Category: ticket.StatusCategoryNew},
			{Name: "new", Category: ticket.StatusCategoryOpen},
			{Name: "weird", Category: "limbo"},
			{Name: "done", Category: ticket.StatusCategoryClosed},
			{Name: "orphan", Category: ticket.StatusCategoryOpen},
		},
		Initial: "start",
		Transitions: map[string][]string{
			"new":   {"done", "ghost"},
			"done":  {"new"},
			"ghost": {"new"},
		},
		ReopenTo: "done",
	}
	err := lc.Validate()
	require.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
	var problems []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var we *ticket.LifecycleError
		require.True(t, errors.As(e, &we))
		problems = append(problems, we.Problem)
	}
	assert.ElementsMatch(t, []string{
		`status "new" defined twice`,
		`status "weird" has unknown category "limbo"`,
		`initial status "start" is not defined`,
		`closed status "done" has exits [new]`,
		`transition from undefined status "ghost"`,
		`transition "new" → "ghost" to undefined status`,
		`reopen status "done" is in category "closed", want open, pending or on_hold`,
	}, problems)

	empty := &ticket.Lifecycle{}
	assert.ErrorIs(t, empty.Validate(), ticket.ErrInvalidLifecycle)

	unreachable := ticket.DefaultLifecycle()
	unreachable.Statuses = append(unreachable.Statuses, ticket.Status{Name: "limbo", Category: ticket.StatusCategoryOnHold})
	assert.ErrorContains(t, unreachable.Validate(), `not reachable from "new": limbo`)

	_, _, err = ticket.Create(unreachable, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c"}})
	assert.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
}

// An agent's first reply opens a new ticket in whatever open status the
// lifecycle allows from New, not only in one named "open".
func TestAgentReplyOpensIntoCustomOpenStatus(t *testing.T) {
	working := ticket.Status{Name: "in_progress", Category: ticket.StatusCategoryOpen}
	lc := &ticket.Lifecycle{
		Statuses: []ticket.Status{ticket.StatusNew, working, ticket.StatusSolved, ticket.StatusClosed},
		Initial:  "new",
		Transitions: map[string][]string{
			"new":         {"solved", "in_progress"},
			"in_progress": {"solved"},
			"solved":      {"in_progress", "closed"},
		},
		ReopenTo: "in_progress",
	}
	require.NoError(t, lc.Validate())
	tk, _, err := ticket.Create(lc, id(3), t0, ola, ticket.Created{Channel: ticket.ChannelWeb, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, ev, err := tk.Reply(at(1), ingrid, ticket.Message{Public: true})
	require.NoError(t, err)
	assert.Equal(t, working, tk.Status)
	require.Len(t, ev, 2)
	assert.Equal(t, ticket.StatusChanged{From: ticket.StatusNew, To: working, Reason: "agent_reply"}, ev[1].Data)

	tk, _, err = tk.SetStatus(at(2), ingrid, ticket.StatusSolved)
	require.NoError(t, err)
	tk, ev, err = tk.Reply(at(3), ola, ticket.Message{Public: true})
	require.NoError(t, err)
	assert.Equal(t, working, tk.Status, "reopens into the lifecycle's ReopenTo")
	assert.True(t, ev[1].Data.(ticket.StatusChanged).Reopen)
}
