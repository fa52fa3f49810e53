package sla_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// openedBy starts a history whose ticket by created at at.
func openedBy(t testing.TB, at time.Time, by ticket.Actor) *history {
	t.Helper()
	tk, evs, err := ticket.Create(nil, uuid.UUID{15: 1}, at, by, ticket.Created{
		Subject: "phone call", Channel: ticket.ChannelPhone, Requester: ticket.Requester{CustomerID: "ola"}, Priority: ticket.PriorityNormal,
	})
	require.NoError(t, err)
	return &history{t: t, ticket: tk, events: evs}
}

func (h *history) note(at time.Time) *history {
	return h.do(h.ticket.Reply(at, agent, ticket.Message{Public: false, Body: "called the customer"}))
}

// instances returns the result's instances of metric name, in order.
func instances(r sla.Result, name string) []sla.Instance {
	var out []sla.Instance
	for _, in := range r.Instances {
		if in.Metric.Name == name {
			out = append(out, in)
		}
	}
	return out
}

// TestFirstReplyAgentOpened: on a ticket an agent opens with a public
// comment, first reply runs to the agent's next public reply (Zendesk's
// native definition), and the customer's answer in between starts no next
// reply, since the desk has not replied yet; the opening comment starts
// the update clocks. An internal note as opening comment, a ticket a
// customer or the system opens: the first public agent reply is the first
// reply. Hours: Mon–Fri 08:00–16:00 in Oslo; Monday 23 March 2026.
func TestFirstReplyAgentOpened(t *testing.T) {
	desk := osloDesk(t)
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 4 * time.Hour, Hours: desk},
		{Metric: sla.NextReply(), Duration: time.Hour, Hours: desk},
		{Metric: sla.PeriodicUpdate(), Duration: 8 * time.Hour, Hours: desk},
	}}}
	created := rfc(t, "2026-03-23T15:00:00+01:00")
	comment := rfc(t, "2026-03-23T15:10:00+01:00")
	answer := rfc(t, "2026-03-23T15:30:00+01:00")
	reply := rfc(t, "2026-03-24T09:00:00+01:00") // 2 business hours after the creation
	now := rfc(t, "2026-03-24T09:30:00+01:00")
	type inst struct {
		start, end string
		elapsed    time.Duration
		state      sla.State
	}
	for _, c := range []struct {
		name         string
		h            *history
		first        inst
		next, update []inst
	}{{
		name: "agent opens with a public comment",
		h:    openedBy(t, created, agent).reply(comment).write(answer).reply(reply),
		// 15:00–16:00 and 08:00–09:00
		first: inst{"2026-03-23T15:00:00+01:00", "2026-03-24T09:00:00+01:00", 2 * time.Hour, sla.StateFulfilled},
		update: []inst{
			{"2026-03-23T15:10:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 50*time.Minute, sla.StateFulfilled},
			{"2026-03-24T09:00:00+01:00", "-", 30 * time.Minute, sla.StateActive},
		},
	}, {
		name:  "agent opens with an internal note",
		h:     openedBy(t, created, agent).note(created).reply(comment).write(answer).reply(reply),
		first: inst{"2026-03-23T15:00:00+01:00", "2026-03-23T15:10:00+01:00", 10 * time.Minute, sla.StateFulfilled},
		next:  []inst{{"2026-03-23T15:30:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 30*time.Minute, sla.StateFulfilled}},
		update: []inst{
			{"2026-03-23T15:10:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 50*time.Minute, sla.StateFulfilled},
			{"2026-03-24T09:00:00+01:00", "-", 30 * time.Minute, sla.StateActive},
		},
	}, {
		name:  "customer opens",
		h:     openedBy(t, created, customer).reply(comment).write(answer).reply(reply),
		first: inst{"2026-03-23T15:00:00+01:00", "2026-03-23T15:10:00+01:00", 10 * time.Minute, sla.StateFulfilled},
		next:  []inst{{"2026-03-23T15:30:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 30*time.Minute, sla.StateFulfilled}},
		update: []inst{
			{"2026-03-23T15:10:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 50*time.Minute, sla.StateFulfilled},
			{"2026-03-24T09:00:00+01:00", "-", 30 * time.Minute, sla.StateActive},
		},
	}, {
		name:  "an integration opens",
		h:     openedBy(t, created, ticket.System("monitoring")).reply(comment).write(answer).reply(reply),
		first: inst{"2026-03-23T15:00:00+01:00", "2026-03-23T15:10:00+01:00", 10 * time.Minute, sla.StateFulfilled},
		next:  []inst{{"2026-03-23T15:30:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 30*time.Minute, sla.StateFulfilled}},
		update: []inst{
			{"2026-03-23T15:10:00+01:00", "2026-03-24T09:00:00+01:00", time.Hour + 50*time.Minute, sla.StateFulfilled},
			{"2026-03-24T09:00:00+01:00", "-", 30 * time.Minute, sla.StateActive},
		},
	}} {
		t.Run(c.name, func(t *testing.T) {
			r, err := ps.Evaluate(c.h.events, now)
			require.NoError(t, err)
			check := func(what string, want []inst, got []sla.Instance) {
				t.Helper()
				require.Len(t, got, len(want), what)
				for i, w := range want {
					g := got[i]
					assert.Equal(t, w.start, format(g.Start), "%s #%d start", what, i+1)
					if w.state == sla.StateFulfilled {
						assert.Equal(t, w.end, format(g.End), "%s #%d end", what, i+1)
					}
					assert.Equal(t, w.elapsed, g.Elapsed, "%s #%d elapsed", what, i+1)
					assert.Equal(t, w.state, g.State, "%s #%d state", what, i+1)
				}
			}
			check("first reply", []inst{c.first}, instances(r, sla.NameFirstReply))
			check("next reply", c.next, instances(r, sla.NameNextReply))
			check("periodic update", c.update, instances(r, sla.NamePeriodicUpdate))

			// After the first reply the desk has replied: a customer
			// message starts a next reply.
			later := rfc(t, "2026-03-24T10:00:00+01:00")
			c.h.write(later)
			r, err = ps.Evaluate(c.h.events, later.Add(time.Hour))
			require.NoError(t, err)
			nr := instances(r, sla.NameNextReply)
			require.Len(t, nr, len(c.next)+1)
			assert.Equal(t, format(later), format(nr[len(nr)-1].Start))
			assert.Equal(t, sla.StateActive, nr[len(nr)-1].State)
		})
	}
}

// TestFirstReplyAgentOpenedSolvedAndReopened: an agent logs a phone call
// with a public comment and solves the ticket; the customer reopens it the
// next morning and the agent answers half an hour later. Zendesk's first
// reply time ends at that answer; in sla a solve cancels first reply, and
// the reopening message starts a next reply, which that answer fulfils in
// 30 minutes — the opening comment fulfilled nothing.
func TestFirstReplyAgentOpenedSolvedAndReopened(t *testing.T) {
	desk := osloDesk(t)
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 4 * time.Hour, Hours: desk},
		{Metric: sla.NextReply(), Duration: time.Hour, Hours: desk},
	}}}
	created := rfc(t, "2026-03-23T15:00:00+01:00")
	h := openedBy(t, created, agent).reply(created).
		status(rfc(t, "2026-03-23T15:05:00+01:00"), ticket.StatusSolved).
		write(rfc(t, "2026-03-24T08:30:00+01:00")).
		reply(rfc(t, "2026-03-24T09:00:00+01:00"))
	r, err := ps.Evaluate(h.events, rfc(t, "2026-03-24T10:00:00+01:00"))
	require.NoError(t, err)
	fr := instance(t, r, sla.NameFirstReply, 1)
	assert.Equal(t, sla.StateCancelled, fr.State)
	assert.Equal(t, "solved", fr.Reason)
	assert.Equal(t, 5*time.Minute, fr.Elapsed)
	nr := instances(r, sla.NameNextReply)
	require.Len(t, nr, 1)
	assert.Equal(t, "2026-03-24T08:30:00+01:00", format(nr[0].Start))
	assert.Equal(t, sla.StateFulfilled, nr[0].State)
	assert.Equal(t, 30*time.Minute, nr[0].Elapsed)
}

// TestFirstReplyAgentOpenedMerged: the opening comment does not fulfil
// first reply, so merging the ticket away cancels it.
func TestFirstReplyAgentOpenedMerged(t *testing.T) {
	ps := sla.Policies{{Name: "standard", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 4 * time.Hour},
		{Metric: sla.PausableUpdate(), Duration: 4 * time.Hour},
	}}}
	created := rfc(t, "2026-03-23T15:00:00+01:00")
	h := openedBy(t, created, agent).reply(created.Add(time.Minute)).merge(created.Add(20 * time.Minute))
	r, err := ps.Evaluate(h.events, created.Add(time.Hour))
	require.NoError(t, err)
	fr := instance(t, r, sla.NameFirstReply, 1)
	assert.Equal(t, sla.StateCancelled, fr.State)
	assert.Equal(t, "merged", fr.Reason)
	assert.Equal(t, 20*time.Minute, fr.Elapsed)
	pu := instance(t, r, sla.NamePausableUpdate, 1)
	assert.Equal(t, "2026-03-23T15:01:00+01:00", format(pu.Start))
	assert.Equal(t, sla.StateCancelled, pu.State)
	assert.Equal(t, 19*time.Minute, pu.Elapsed)
}
