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

// importedAs returns the history of a ticket whose Created event already
// carries status st (an import, or a call logged after it was solved),
// and the history of the same ticket created new and set to each status
// of via at the same instant.
func importedAs(t *testing.T, at time.Time, st ticket.Status, via ...ticket.Status) (imported, stepped *history) {
	t.Helper()
	c := ticket.Created{Subject: "called about the invoice", Channel: ticket.ChannelPhone, Priority: ticket.PriorityNormal,
		Requester: ticket.Requester{CustomerID: "ola"}}
	id := uuid.UUID{15: 1}
	withStatus := c
	withStatus.Status = st
	ev := []ticket.Event{{TicketID: id, Seq: 1, At: at, Actor: agent, Data: withStatus}}
	tk, err := ticket.Replay(nil, ev)
	require.NoError(t, err)
	imported = &history{t: t, ticket: tk, events: ev}
	tk, ev, err = ticket.Create(nil, id, at, agent, c)
	require.NoError(t, err)
	stepped = &history{t: t, ticket: tk, events: ev}
	for _, s := range via {
		stepped.status(at, s)
	}
	return imported, stepped
}

// instantsOf renders what a result says of each instance, leaving out the
// sequence numbers, which differ between the two histories.
func instantsOf(r sla.Result) []string {
	var out []string
	for _, in := range r.Instances {
		line := in.Metric.Name + " " + string(in.State) + " start " + format(in.Start) + " end " + format(in.End) +
			" due " + format(in.Due) + " breached " + format(in.BreachedAt) + " " + in.Reason + " " + in.Elapsed.String()
		for _, s := range in.Timeline {
			line += " | " + string(s.State) + " " + format(s.From) + " " + format(s.To)
		}
		out = append(out, line)
	}
	return out
}

// TestCreatedSolvedIsSolvedAtCreation: a ticket created solved or closed
// is solved at its creation, as package metrics reads it: its clocks stop
// at the instant they start, so none is listed (nor left paused for ever
// on a closed ticket, which metrics would count as an active clock), and
// whatever follows (a reopen by the customer, a reply, another solve) is
// judged as on the same ticket created new and solved at that instant.
func TestCreatedSolvedIsSolvedAtCreation(t *testing.T) {
	ps := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 90 * time.Minute},
		{Metric: sla.NextReply(), Duration: 90 * time.Minute},
		{Metric: sla.PeriodicUpdate(), Duration: 90 * time.Minute},
		{Metric: sla.PausableUpdate(), Duration: 90 * time.Minute},
		{Metric: sla.RequesterWait(), Duration: 8 * time.Hour},
		{Metric: sla.AgentWork(), Duration: 8 * time.Hour},
		{Metric: sla.TotalResolution(), Duration: 8 * time.Hour},
	}}}
	at := rfc(t, "2026-03-23T09:00:00+01:00")
	now := at.Add(72 * time.Hour)
	type continuation func(h *history)
	cases := []struct {
		name   string
		status ticket.Status
		via    []ticket.Status
		then   continuation
		listed int
	}{
		{name: "solved", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved}, then: func(*history) {}},
		{name: "closed", status: ticket.StatusClosed, via: []ticket.Status{ticket.StatusSolved, ticket.StatusClosed}, then: func(*history) {}},
		{name: "solved then closed", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved},
			then: func(h *history) { h.status(at.Add(time.Hour), ticket.StatusClosed) }},
		{name: "reopened, replied and solved again", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved},
			then: func(h *history) {
				h.write(at.Add(24*time.Hour)).reply(at.Add(25*time.Hour)).status(at.Add(26*time.Hour), ticket.StatusSolved)
			}, listed: 6},
		{name: "reopened and left open", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved},
			then: func(h *history) { h.write(at.Add(24 * time.Hour)) }, listed: 4},
		{name: "reopened by the agent", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved},
			then: func(h *history) { h.status(at.Add(2*time.Hour), ticket.StatusOpen).reply(at.Add(3 * time.Hour)) }, listed: 5},
		{name: "merged away", status: ticket.StatusSolved, via: []ticket.Status{ticket.StatusSolved},
			then: func(h *history) { h.merge(at.Add(time.Hour)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imported, stepped := importedAs(t, at, c.status, c.via...)
			c.then(imported)
			c.then(stepped)
			got, err := ps.Evaluate(imported.events, now)
			require.NoError(t, err)
			want, err := ps.Evaluate(stepped.events, now)
			require.NoError(t, err)
			assert.Equal(t, instantsOf(want), instantsOf(got))
			assert.Len(t, got.Instances, c.listed)
			for _, in := range got.Instances {
				assert.NotEqual(t, sla.StatePaused, in.State, "%s paused on a ticket solved at its creation", in.Metric.Name)
			}
			ev, err := sla.NewEvaluator(ps)
			require.NoError(t, err)
			again, err := ev.Evaluate(imported.events, now)
			require.NoError(t, err)
			assert.Equal(t, instantsOf(got), instantsOf(again), "the Evaluator reads it as Evaluate does")
		})
	}
}
