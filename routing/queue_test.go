package routing_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssign(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.Capacity = map[ticket.Channel]int{chat: 2} }),
		agentWith("b", func(a *routing.Agent) { a.Capacity = map[ticket.Channel]int{chat: 1}; a.Load = nil }),
		agentWith("off", func(a *routing.Agent) {
			a.Presence = routing.PresenceOffline
			a.Capacity = map[ticket.Channel]int{chat: 5}
		}),
	}
	chatItem := func(n byte, age time.Duration, p ticket.Priority) routing.Item {
		return itemWith(func(it *routing.Item) {
			it.Ticket, it.Channel, it.Priority, it.EnqueuedAt = tid(n), chat, p, t0.Add(-age)
		})
	}
	items := []routing.Item{
		chatItem(1, time.Minute, ticket.PriorityNormal),
		chatItem(2, time.Minute, ticket.PriorityUrgent),
		chatItem(3, 5*time.Minute, ticket.PriorityNormal),
		chatItem(4, 2*time.Minute, ticket.PriorityNormal),
		itemWith(func(it *routing.Item) { it.Ticket = tid(5); it.Group = "billing" }),
	}

	b, err := routing.Policy{}.Assign(items, agents, t0)
	require.NoError(t, err)

	type pair struct {
		item  byte
		agent string
		pos   int
	}
	var got []pair
	for _, a := range b.Assignments {
		got = append(got, pair{a.Item[15], a.Agent, a.Position})
	}
	// queue order: 2 (urgent), 3 (5m), 4 (2m), 1 (1m), 5 (0m).
	// 2 → a (spare 2), 3 → b (spare 1 each, b never assigned), 4 → a (b is full), 1 waits.
	assert.Equal(t, []pair{{2, "a", 1}, {3, "b", 2}, {4, "a", 3}}, got)
	require.Len(t, b.Waiting, 2)
	assert.Equal(t, byte(1), b.Waiting[0].Item[15])
	assert.Equal(t, "3 agents: 1 offline, 2 at capacity", b.Waiting[0].Reason)
	assert.Equal(t, byte(5), b.Waiting[1].Item[15])
	assert.Equal(t, "3 agents: 1 offline, 2 not in group", b.Waiting[1].Reason)

	assert.Equal(t, 2, b.Agents[0].Load[chat])
	assert.Equal(t, 1, b.Agents[1].Load[chat])
	assert.True(t, b.Agents[0].LastAssigned.Equal(t0))
	assert.Empty(t, agents[0].Load, "input agents untouched")
	assert.Nil(t, agents[1].Load)
	assert.Equal(t, routing.CriterionSpareCapacity, b.Assignments[0].DecidedBy)
	assert.Equal(t, routing.CriterionOnlyCandidate, b.Assignments[2].DecidedBy)
}

func TestAssignRoundRobinRotates(t *testing.T) {
	// Everyone was last assigned at now: rotation follows assignment order
	// within the pass, not open counts, so no agent gets two before all get one.
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.LastAssigned = t0 }),
		agentWith("b", func(a *routing.Agent) { a.LastAssigned = t0; a.Load[email] = 5 }),
		agentWith("c", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Hour) }),
	}
	b, err := routing.Policy{Strategy: routing.RoundRobin}.Assign(emailQueue(7), agents, t0)
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "a", "b", "c", "a", "b", "c"}, assignedAgents(b))
}

// emailQueue returns n items as itemWith makes them, tickets 1..n, the
// first enqueued 10 minutes before t0 and each next one a minute later.
func emailQueue(n byte) []routing.Item {
	var items []routing.Item
	for i := range n {
		items = append(items, itemWith(func(it *routing.Item) {
			it.Ticket = tid(i + 1)
			it.EnqueuedAt = t0.Add(-time.Duration(10-i) * time.Minute)
		}))
	}
	return items
}

// assignedAgents lists the agent of each assignment in b, in queue order.
func assignedAgents(b routing.Batch) []string {
	var out []string
	for _, a := range b.Assignments {
		out = append(out, a.Agent)
	}
	return out
}

func TestAssignEmpty(t *testing.T) {
	b, err := routing.Policy{}.Assign(nil, []routing.Agent{agentWith("a", nil)}, t0)
	require.NoError(t, err)
	assert.Empty(t, b.Assignments)
	assert.Empty(t, b.Waiting)
	assert.Len(t, b.Agents, 1)
}

// Agents last assigned after now (clocks that disagree) rank as assigned
// at now, so round robin still rotates: none gets a second item while
// another eligible agent has none.
func TestAssignRoundRobinLastAssignedAfterNow(t *testing.T) {
	agents := []routing.Agent{
		agentWith("a", func(a *routing.Agent) { a.LastAssigned = t0.Add(time.Hour) }),
		agentWith("b", func(a *routing.Agent) { a.LastAssigned = t0.Add(2 * time.Hour) }),
		agentWith("c", func(a *routing.Agent) { a.LastAssigned = t0.Add(-time.Minute) }),
	}
	items := emailQueue(6)
	b, err := routing.Policy{Strategy: routing.RoundRobin}.Assign(items, agents, t0)
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "a", "b", "c", "a", "b"}, assignedAgents(b))

	d, err := routing.Policy{Strategy: routing.RoundRobin}.Decide(items[0], agents, t0)
	require.NoError(t, err)
	assert.True(t, d.Candidate(1).LastAssigned.Equal(t0), "ranked as assigned at now")
}
