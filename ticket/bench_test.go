package ticket_test

import (
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// history1000 builds a realistic 1,000-event history: conversations,
// status changes, reassignments, tags and handling time.
func history1000(b *testing.B) []ticket.Event {
	h := newTicket(b, 1)
	i := 0
	next := func() time.Time { i++; return t0.Add(time.Duration(i) * time.Minute) }
	for len(h.events) < 1000 {
		switch i % 7 {
		case 0:
			h.do(h.tk.Reply(next(), ola, ticket.Message{Public: true, Body: "more info"}))
		case 1:
			h.do(h.tk.Reply(next(), ingrid, ticket.Message{Public: true, Body: "thanks"}))
		case 2:
			h.do(h.tk.Assign(next(), ingrid, []string{"ingrid", "kari"}[i/7%2], "support"))
		case 3:
			h.do(h.tk.SetStatus(next(), ingrid, ticket.StatusPending)) // the next customer reply reopens it
		case 4:
			if h.tk.HasTag("waiting") {
				h.do(h.tk.Tag(next(), ingrid, nil, []string{"waiting"}))
			} else {
				h.do(h.tk.Tag(next(), ingrid, []string{"waiting"}, nil))
			}
		case 5:
			h.do(h.tk.LogHandling(next(), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: time.Minute}))
		case 6:
			h.do(h.tk.SetPriority(next(), ingrid, []ticket.Priority{ticket.PriorityHigh, ticket.PriorityNormal}[i/7%2]))
		}
	}
	return h.events[:1000]
}

func BenchmarkReplay1000(b *testing.B) {
	events := history1000(b)
	lc := ticket.DefaultLifecycle()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ticket.Replay(lc, events); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReply(b *testing.B) {
	h := newTicket(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := h.tk.Reply(at(1), ingrid, ticket.Message{Public: true}); err != nil {
			b.Fatal(err)
		}
	}
}
