package ticket_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// TestLifecycleRefusesStatusNamesJSONCannotCarry: a status name that is not
// valid UTF-8 can never be recorded (every event that names it is
// refused, as JSON would change it), so a lifecycle with one used to pass
// Validate and then fail at run time: with such a ReopenTo status every
// public reply of the requester on a pending ticket was refused, so the
// customer could not write at all, and with such a closed status no
// ticket could be merged. Validate refuses it up front.
func TestLifecycleRefusesStatusNamesJSONCannotCarry(t *testing.T) {
	lc := ticket.DefaultLifecycle()
	bad := ticket.Status{Name: "re\xffopened", Category: ticket.StatusCategoryOpen}
	lc.Statuses = append(lc.Statuses, bad)
	lc.Transitions["pending"] = append(lc.Transitions["pending"], bad.Name)
	lc.Transitions[bad.Name] = []string{"solved"}
	lc.ReopenTo = bad.Name
	err := lc.Validate()
	require.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
	assert.ErrorContains(t, err, "not valid UTF-8")
	_, err = lc.Validated()
	require.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
	_, _, err = ticket.Create(lc, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.ErrorIs(t, err, ticket.ErrInvalidLifecycle)

	// The same lifecycle with a name JSON carries works end to end.
	lc.Statuses[len(lc.Statuses)-1].Name = "reopened"
	lc.Transitions["pending"][len(lc.Transitions["pending"])-1] = "reopened"
	lc.Transitions["reopened"] = lc.Transitions[bad.Name]
	delete(lc.Transitions, bad.Name)
	lc.ReopenTo = "reopened"
	good, err := lc.Validated()
	require.NoError(t, err)
	tk, _, err := ticket.Create(good, id(1), t0, ola, ticket.Created{Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, _, err = tk.SetStatus(at(1), ingrid, ticket.StatusPending)
	require.NoError(t, err)
	tk, _, err = tk.Reply(at(2), ola, ticket.Message{Public: true, Body: "Still broken."})
	require.NoError(t, err)
	assert.Equal(t, "reopened", tk.Status.Name)
}
