package memstore_test

import (
	"encoding/binary"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
)

// benchID returns a distinct ticket ID for every n.
func benchID(n uint64) ticket.ID {
	var id ticket.ID
	binary.BigEndian.PutUint64(id[8:], n+1)
	return id
}

// BenchmarkAppendParallel appends one message per operation from
// GOMAXPROCS goroutines. "distinct": each goroutine writes its own tickets
// at a version it tracks. "contended": all goroutines write the same ticket
// (a new one every 64 operations): load, append at the loaded version,
// retry on ErrConflict.
func BenchmarkAppendParallel(b *testing.B) {
	const perTicket = 64 // events per ticket before moving on, bounding history length
	b.Run("distinct", func(b *testing.B) {
		ctx := b.Context()
		s := memstore.New()
		var writers atomic.Uint64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			w := writers.Add(1) << 32
			var n uint64
			version := 0
			id := benchID(w)
			for pb.Next() {
				if version == perTicket {
					n++
					id, version = benchID(w+n), 0
				}
				e := benchMessage(id, version+1)
				if err := s.Append(ctx, id, version, []ticket.Event{e}); err != nil {
					b.Fatal(err)
				}
				version++
			}
		})
	})
	b.Run("contended", func(b *testing.B) {
		ctx := b.Context()
		s := memstore.New()
		var ops, conflicts atomic.Uint64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := benchID(ops.Add(1) / perTicket)
				for {
					h, err := s.Load(ctx, id)
					if err != nil && !errors.Is(err, ticket.ErrNotFound) {
						b.Fatal(err)
					}
					err = s.Append(ctx, id, len(h), []ticket.Event{benchMessage(id, len(h)+1)})
					if errors.Is(err, ticket.ErrConflict) {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						b.Fatal(err)
					}
					break
				}
			}
		})
		b.ReportMetric(float64(conflicts.Load())/float64(b.N), "conflicts/op")
	})
}

// BenchmarkLoad loads a ticket's history (a deep copy) of 10 and 100 events.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ctx := b.Context()
			s := memstore.New()
			id := benchID(0)
			var events []ticket.Event
			for seq := 1; seq <= n; seq++ {
				events = append(events, benchMessage(id, seq))
			}
			if err := s.Append(ctx, id, 0, events); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Load(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchAt(seq int) time.Time {
	return time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second)
}

// benchMessage returns event seq of ticket id: the Created event for seq 1,
// a message otherwise.
func benchMessage(id ticket.ID, seq int) ticket.Event {
	if seq == 1 {
		return ticket.Event{TicketID: id, Seq: 1, At: benchAt(1), Actor: ticket.Customer("c1"),
			Data: ticket.Created{Subject: "s", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "c1"},
				Tags: []string{"a", "b"}, Fields: map[string]string{"k": "v"}, Status: ticket.StatusNew}}
	}
	return ticket.Event{TicketID: id, Seq: seq, At: benchAt(seq), Actor: ticket.Agent("ingrid"),
		Data: ticket.Message{Public: true, Body: "We are on it."}}
}
