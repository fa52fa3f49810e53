package metrics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
)

// agentStory starts a history of a ticket ingrid opens (a phone call
// logged) at at, assigned to her at once.
func agentStory(t testing.TB, n int, at time.Time) *story {
	t.Helper()
	tk, ev, err := ticket.Create(nil, tid(n), at, ingrid, ticket.Created{Subject: "phone call", Channel: ticket.ChannelPhone,
		Requester: ticket.Requester{CustomerID: "ola"}, Group: "l1", Priority: ticket.PriorityNormal})
	require.NoError(t, err)
	return (&story{t: t, tk: tk, events: ev}).assign(at, "ingrid", "l1")
}

// TestFactsAgentOpened: the opening comment of a ticket an agent opened is
// its description, not a reply (Zendesk's native first reply time and its
// agent replies): first reply runs to the next public agent reply, a
// customer's answer before it starts no next reply, and it is not counted
// among the replies, so a proactive ticket solved at once has none (one-
// touch by "< 2", not by "== 1"). An internal note as opening comment: the
// first public reply is the first reply. Mon 2026-03-23, desk open Mon–Fri
// 08–16.
func TestFactsAgentOpened(t *testing.T) {
	fo, err := metrics.NewFolder(metrics.Definitions{}, deskCalendar(t), time.Time{}, time.Time{})
	require.NoError(t, err)
	e := func(cal, biz time.Duration) metrics.Elapsed {
		return metrics.Elapsed{Calendar: cal, Business: biz, Known: true}
	}
	created := oslo(t, "2026-03-23 15:00")

	t.Run("public opening comment", func(t *testing.T) {
		h := agentStory(t, 1, created).
			reply(created, ingrid).                     // the description the customer reads
			reply(oslo(t, "2026-03-23 15:30"), ola).    // no next reply: the desk has not replied yet
			reply(oslo(t, "2026-03-24 09:00"), ingrid). // first reply: 15–16 and 08–09
			status(oslo(t, "2026-03-24 09:30"), ticket.StatusSolved).events
		var f metrics.Facts
		require.NoError(t, fo.Fold(&f, h))
		assert.Equal(t, e(18*time.Hour, 2*time.Hour), f.FirstReply)
		assert.True(t, oslo(t, "2026-03-24 09:00").Equal(f.FirstReplyAt))
		assert.Equal(t, "ingrid", f.FirstReplyAgent)
		assert.Empty(t, f.NextReplies)
		assert.False(t, f.NextReplyWaiting)
		assert.Equal(t, 1, f.AgentReplies)
		assert.Equal(t, 1, f.CustomerMessages)
		assert.Equal(t, 0, f.InternalNotes)
		assert.Equal(t, 1, f.RepliesToResolve)
		assert.Equal(t, 2, f.InteractionsToResolve)
		assert.True(t, f.OneTouch(metrics.OneTouchFewerThanTwo))
		assert.True(t, f.OneTouch(metrics.OneTouchExactlyOne))
		require.Len(t, f.Agents, 1)
		assert.Equal(t, 1, f.Agents[0].Replies)
		assert.Equal(t, "ingrid", f.LastReplier)
	})

	t.Run("solved at once", func(t *testing.T) {
		h := agentStory(t, 2, created).
			reply(created, ingrid).
			status(oslo(t, "2026-03-23 15:05"), ticket.StatusSolved).events
		var f metrics.Facts
		require.NoError(t, fo.Fold(&f, h))
		assert.False(t, f.FirstReply.Known, "never replied: censored")
		assert.True(t, f.FirstReplyAt.IsZero())
		assert.Equal(t, "", f.FirstReplyAgent)
		assert.Equal(t, 0, f.AgentReplies)
		assert.Equal(t, 0, f.InteractionsToResolve)
		assert.True(t, f.OneTouch(metrics.OneTouchFewerThanTwo), "Zendesk's < 2 counts zero-reply tickets")
		assert.False(t, f.OneTouch(metrics.OneTouchExactlyOne))
		assert.Equal(t, "", f.LastReplier)
		require.Len(t, f.Agents, 1)
		assert.Equal(t, 0, f.Agents[0].Replies)
		assert.True(t, f.Agents[0].Touched)
	})

	t.Run("reopened by the customer", func(t *testing.T) {
		// Zendesk's third example: an agent logs a call and solves it;
		// the customer reopens the next morning and the agent answers:
		// first reply ends at that answer (Tue 09:00: 1h + 1h of
		// business time), which also answers the reopening message
		// (next reply 30m, as sla's NextReply).
		h := agentStory(t, 3, created).
			reply(created, ingrid).
			status(oslo(t, "2026-03-23 15:05"), ticket.StatusSolved).
			reply(oslo(t, "2026-03-24 08:30"), ola).
			reply(oslo(t, "2026-03-24 09:00"), ingrid).events
		var f metrics.Facts
		require.NoError(t, fo.Fold(&f, h))
		assert.Equal(t, e(18*time.Hour, 2*time.Hour), f.FirstReply)
		require.Len(t, f.NextReplies, 1)
		assert.Equal(t, 30*time.Minute, f.NextReplies[0].Business)
		assert.Equal(t, 1, f.AgentReplies)
		assert.Equal(t, 1, f.Reopens)
	})

	t.Run("internal opening comment", func(t *testing.T) {
		h := agentStory(t, 4, created).
			note(created, ingrid).
			reply(oslo(t, "2026-03-23 15:10"), ingrid). // first reply: 10m
			reply(oslo(t, "2026-03-23 15:30"), ola).
			reply(oslo(t, "2026-03-24 09:00"), ingrid).events // next reply: 30m + 1h
		var f metrics.Facts
		require.NoError(t, fo.Fold(&f, h))
		assert.Equal(t, e(10*time.Minute, 10*time.Minute), f.FirstReply)
		require.Len(t, f.NextReplies, 1)
		assert.Equal(t, 17*time.Hour+30*time.Minute, f.NextReplies[0].Calendar)
		assert.Equal(t, 90*time.Minute, f.NextReplies[0].Business)
		assert.Equal(t, 2, f.AgentReplies)
		assert.Equal(t, 1, f.InternalNotes)
	})

	t.Run("customer opens", func(t *testing.T) {
		h := newStory(t, 5, created, ticket.Created{Subject: "s", Group: "l1"}).
			assign(created, "ingrid", "l1").
			reply(created.Add(10*time.Minute), ingrid). // first reply: 10m, as ever
			reply(oslo(t, "2026-03-23 15:30"), ola).
			reply(oslo(t, "2026-03-24 09:00"), ingrid).events
		var f metrics.Facts
		require.NoError(t, fo.Fold(&f, h))
		assert.Equal(t, e(10*time.Minute, 10*time.Minute), f.FirstReply)
		require.Len(t, f.NextReplies, 1)
		assert.Equal(t, 90*time.Minute, f.NextReplies[0].Business)
		assert.Equal(t, 2, f.AgentReplies)
	})
}

// TestReportAgentOpened: in a report, the ticket an agent opened with a
// public comment has a first reply of 2 business hours (not 0), no next
// reply, and counts one reply toward the replies to resolve.
func TestReportAgentOpened(t *testing.T) {
	created := oslo(t, "2026-03-23 15:00")
	h := agentStory(t, 1, created).
		reply(created, ingrid).
		reply(oslo(t, "2026-03-23 15:30"), ola).
		reply(oslo(t, "2026-03-24 09:00"), ingrid).
		status(oslo(t, "2026-03-24 09:30"), ticket.StatusSolved).events
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t)})
	require.NoError(t, err)
	require.NoError(t, r.Add(h))
	assert.Equal(t, []time.Duration{2 * time.Hour}, r.All.FirstReplyBusiness.Values())
	assert.Equal(t, []time.Duration{18 * time.Hour}, r.All.FirstReply.Values())
	assert.Equal(t, 0, r.All.NextReply.Count())
	assert.Equal(t, 0, r.All.NextReply.Censored())
	assert.Equal(t, 1, r.All.OneTouch.Numerator)
}
