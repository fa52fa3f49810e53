package ticket_test

import (
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/require"
)

var (
	t0      = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	ingrid  = ticket.Agent("ingrid")
	ola     = ticket.Customer("ola")
	botty   = ticket.Bot("answerbot")
	sysRule = ticket.System("auto-close")
)

func id(n byte) ticket.ID { return uuid.UUID{15: n} }

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// history collects a ticket's events as commands run.
type history struct {
	t      testing.TB
	tk     ticket.Ticket
	events []ticket.Event
}

func newTicket(t testing.TB, n byte) *history {
	t.Helper()
	tk, ev, err := ticket.Create(nil, id(n), t0, ola, ticket.Created{
		Subject: "Printer on fire", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola", Tier: ticket.TierVIP, Language: "nb"},
		Priority:  ticket.PriorityNormal, Group: "support", Tags: []string{"printer", "hardware"},
	})
	require.NoError(t, err)
	return &history{t: t, tk: tk, events: ev}
}

func (h *history) do(tk ticket.Ticket, ev []ticket.Event, err error) *history {
	h.t.Helper()
	require.NoError(h.t, err)
	h.tk = tk
	h.events = append(h.events, ev...)
	return h
}

// long reports whether the long test sweeps are asked for (DESK_LONG=1);
// otherwise such tests run a small sample.
func long() bool { return os.Getenv("DESK_LONG") == "1" }
