package followup_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/require"
)

var (
	oslo    = mustLoad("Europe/Oslo")
	ingrid  = ticket.Agent("ingrid")
	ola     = ticket.Customer("ola")
	robot   = ticket.System("status-bot")
	tid     = uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000001")
	otherID = uuid.MustParse("6f1c2a8e-0000-4000-8000-000000000002")
	osloCal = mustCalendar()
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// mustCalendar is an Oslo desk open weekdays 08:00–16:00 with Norwegian
// holidays.
func mustCalendar() *calendar.Calendar {
	c, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"), calendar.WithHolidays(no.Holidays...),
		calendar.WithYears(2020, 2035))
	if err != nil {
		panic(err)
	}
	return c
}

// rfc parses an RFC 3339 instant.
func rfc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// hist builds a ticket history command by command.
type hist struct {
	t      testing.TB
	tk     ticket.Ticket
	events []ticket.Event
}

func newHist(t testing.TB, at time.Time, c ticket.Created) *hist {
	t.Helper()
	if c.Channel == "" {
		c.Channel = ticket.ChannelEmail
	}
	if c.Requester.CustomerID == "" {
		c.Requester.CustomerID = "ola"
	}
	tk, ev, err := ticket.Create(nil, tid, at, ola, c)
	require.NoError(t, err)
	return &hist{t: t, tk: tk, events: ev}
}

func (h *hist) do(tk ticket.Ticket, ev []ticket.Event, err error) *hist {
	h.t.Helper()
	require.NoError(h.t, err)
	h.tk = tk
	h.events = append(h.events, ev...)
	return h
}

func (h *hist) reply(at time.Time, by ticket.Actor) *hist {
	h.t.Helper()
	return h.do(h.tk.Reply(at, by, ticket.Message{Public: true, Body: "…"}))
}

func (h *hist) status(at time.Time, s ticket.Status) *hist {
	h.t.Helper()
	return h.do(h.tk.SetStatus(at, ingrid, s))
}

func (h *hist) plan(p *followup.Planner, now time.Time) followup.Plan {
	h.t.Helper()
	pl, err := p.Plan(h.events, now)
	require.NoError(h.t, err)
	return pl
}

func planner(t testing.TB, rules followup.Rules) *followup.Planner {
	t.Helper()
	p, err := followup.NewPlanner(rules, osloCal)
	require.NoError(t, err)
	return p
}

// osloAts returns kind@instant (RFC 3339 in Oslo) for items.
func osloAts(items []followup.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(it.Kind) + "@" + it.At.In(oslo).Format(time.RFC3339)
	}
	return out
}
