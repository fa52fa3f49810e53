package sla_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

var (
	oslo     = mustLocation("Europe/Oslo")
	agent    = ticket.Agent("ingrid")
	customer = ticket.Customer("ola")
)

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// osloDesk is Mon–Fri 08:00–16:00 in Oslo with Norwegian holidays.
func osloDesk(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...))
	require.NoError(t, err)
	return c
}

// rfc parses an RFC 3339 instant.
func rfc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

// history builds a ticket's events with the ticket commands.
type history struct {
	t      testing.TB
	ticket ticket.Ticket
	events []ticket.Event
}

func create(t testing.TB, at time.Time, p ticket.Priority) *history {
	t.Helper()
	tk, evs, err := ticket.Create(nil, uuid.UUID{15: 1}, at, customer, ticket.Created{
		Subject: "help", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}, Priority: p,
	})
	require.NoError(t, err)
	return &history{t: t, ticket: tk, events: evs}
}

func (h *history) do(tk ticket.Ticket, evs []ticket.Event, err error) *history {
	h.t.Helper()
	require.NoError(h.t, err)
	h.ticket = tk
	h.events = append(h.events, evs...)
	return h
}

func (h *history) reply(at time.Time) *history {
	return h.do(h.ticket.Reply(at, agent, ticket.Message{Public: true, Body: "answer"}))
}

func (h *history) write(at time.Time) *history {
	return h.do(h.ticket.Reply(at, customer, ticket.Message{Public: true, Body: "question"}))
}

func (h *history) status(at time.Time, s ticket.Status) *history {
	return h.do(h.ticket.SetStatus(at, agent, s))
}

func (h *history) priority(at time.Time, p ticket.Priority) *history {
	return h.do(h.ticket.SetPriority(at, agent, p))
}

// merge merges the ticket away into another one at at.
func (h *history) merge(at time.Time) *history {
	return h.do(mergeAway(h.t, h.ticket, at))
}

// mergeAway merges tk into a new ticket at at and returns tk as merged
// away, with its events, or the error of ticket.Merge.
func mergeAway(t testing.TB, tk ticket.Ticket, at time.Time) (ticket.Ticket, []ticket.Event, error) {
	t.Helper()
	other, _, err := ticket.Create(nil, uuid.UUID{15: 8}, tk.CreatedAt, customer, ticket.Created{
		Subject: "other", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	m, err := ticket.Merge(at, agent, tk, other)
	return m.Source, m.SourceEvents, err
}

// instance returns the result's instance of metric name and number.
func instance(t testing.TB, r sla.Result, name string, number int) sla.Instance {
	t.Helper()
	for _, in := range r.Instances {
		if in.Metric.Name == name && in.Number == number {
			return in
		}
	}
	require.Failf(t, "no instance", "%s #%d in %d instances", name, number, len(r.Instances))
	return sla.Instance{}
}

// format renders an instant as RFC 3339 in Oslo, or "-" for the zero time.
func format(v time.Time) string {
	if v.IsZero() {
		return "-"
	}
	return v.In(oslo).Format(time.RFC3339)
}
