package tickettest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/servicedesk-go/desk/ticket"
)

// The shape of the concurrency check: writers goroutines each make
// appendsPerWriter appends, spread over sharedTickets tickets, while
// readers goroutines load histories. Every fifth append carries two events.
const (
	writers          = 16
	appendsPerWriter = 50
	sharedTickets    = 4
	readers          = 2
	maxAttempts      = 10_000 // per append, before a writer reports no progress
	maxReports       = 3      // problems reported per goroutine
)

// body is the Message body of the part-th event of writer w's i-th append.
func body(w, i, part int) string {
	return "w" + strconv.Itoa(w) + "/" + strconv.Itoa(i) + "/" + strconv.Itoa(part)
}

// batchSize is the number of events in a writer's i-th append.
func batchSize(i int) int {
	if i%5 == 4 {
		return 2
	}
	return 1
}

// checkConcurrency: many goroutines append to a few shared tickets, each
// loading the history, appending at its version and retrying on
// ErrConflict. In the end not a single event is lost or duplicated, every
// history is numbered 1…n without gaps, every batch is contiguous, and no
// reader ever saw a torn history.
func checkConcurrency(ctx context.Context, s ticket.Store, ids idSpace) error {
	tickets := make([]ticket.ID, sharedTickets)
	for k := range tickets {
		tickets[k] = ids.id(k + 1)
		if err := appendOK(ctx, s, tickets[k], 0, []ticket.Event{created(tickets[k])}); err != nil {
			return err
		}
	}

	var (
		mu sync.Mutex
		p  problems
	)
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		p = append(p, err)
	}
	done := make(chan struct{})
	var wgWriters, wgReaders sync.WaitGroup
	for w := range writers {
		wgWriters.Go(func() {
			defer recoverTo(report, "writer "+strconv.Itoa(w))
			for i := range appendsPerWriter {
				id := tickets[(w+i)%sharedTickets]
				if err := appendRetrying(ctx, s, id, w, i); err != nil {
					report(fmt.Errorf("writer %d, append %d: %w", w, i, err))
					return
				}
			}
		})
	}
	for r := range readers {
		wgReaders.Go(func() {
			defer recoverTo(report, "reader "+strconv.Itoa(r))
			reported := 0
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				default:
				}
				id := tickets[(r+k)%sharedTickets]
				h, err := s.Load(ctx, id)
				if err == nil {
					err = checkContiguous(h, id)
				}
				if err != nil {
					report(fmt.Errorf("reader: Load(%s) during appends: %w", id, err))
					if reported++; reported >= maxReports {
						return
					}
				}
			}
		})
	}
	wgWriters.Wait()
	close(done)
	wgReaders.Wait()
	if len(p) > 0 {
		return p.err()
	}

	// Every (writer, append, part) body appears exactly once, in a
	// contiguous batch, on the ticket it was meant for.
	for k, id := range tickets {
		h, err := s.Load(ctx, id)
		if err != nil {
			p.add("Load(%s) after concurrent appends: %w", id, err)
			continue
		}
		if err := checkContiguous(h, id); err != nil {
			p.add("ticket %s after concurrent appends: %w", id, err)
		}
		want := 1
		count := make(map[string]int)
		for w := range writers {
			for i := range appendsPerWriter {
				if (w+i)%sharedTickets != k {
					continue
				}
				want += batchSize(i)
				for part := range batchSize(i) {
					count[body(w, i, part)] = 0
				}
			}
		}
		if len(h) != want {
			p.add("ticket %s after concurrent appends: %d events, want %d", id, len(h), want)
		}
		var unexpected []string
		for j, e := range h[min(1, len(h)):] {
			m, ok := e.Data.(ticket.Message)
			if _, known := count[m.Body]; !ok || !known {
				unexpected = append(unexpected, fmt.Sprintf("#%d %v", e.Seq, e.Data))
				continue
			}
			count[m.Body]++
			// The second event of a batch follows the first.
			var w, i, part int
			if _, err := fmt.Sscanf(m.Body, "w%d/%d/%d", &w, &i, &part); err == nil && part == 1 {
				prev, _ := h[j].Data.(ticket.Message) // h[j] is the event before e
				if prev.Body != body(w, i, 0) {
					p.add("ticket %s: event #%d (%s) does not follow the first event of its batch", id, e.Seq, m.Body)
				}
			}
		}
		var lost, duplicated []string
		for b, n := range count {
			switch {
			case n == 0:
				lost = append(lost, b)
			case n > 1:
				duplicated = append(duplicated, fmt.Sprintf("%s (%d times)", b, n))
			}
		}
		if len(lost) > 0 {
			p.add("ticket %s: %d appended events lost, e.g. %v", id, len(lost), lost[:min(3, len(lost))])
		}
		if len(duplicated) > 0 {
			p.add("ticket %s: %d events stored more than once, e.g. %v", id, len(duplicated), duplicated[:min(3, len(duplicated))])
		}
		if len(unexpected) > 0 {
			p.add("ticket %s: %d events nobody appended, e.g. %v", id, len(unexpected), unexpected[:min(3, len(unexpected))])
		}
	}
	return p.err()
}

// appendRetrying makes writer w's i-th append to ticket id: load, append at
// the loaded version, and on ErrConflict start again.
func appendRetrying(ctx context.Context, s ticket.Store, id ticket.ID, w, i int) error {
	for range maxAttempts {
		h, err := s.Load(ctx, id)
		if err != nil {
			return fmt.Errorf("Load(%s) = %w", id, err)
		}
		version := 0
		if len(h) > 0 {
			version = h[len(h)-1].Seq
		}
		batch := make([]ticket.Event, batchSize(i))
		for part := range batch {
			batch[part] = message(id, version+1+part, ticket.Agent("writer-"+strconv.Itoa(w)), body(w, i, part))
		}
		err = s.Append(ctx, id, version, batch)
		if errors.Is(err, ticket.ErrConflict) {
			continue
		}
		if err != nil {
			return fmt.Errorf("Append(%s, %d) = %w", id, version, err)
		}
		return nil
	}
	return fmt.Errorf("no successful Append to %s in %d attempts", id, maxAttempts)
}

// recoverTo reports a panic in a goroutine of the concurrency check.
func recoverTo(report func(error), who string) {
	if r := recover(); r != nil {
		report(fmt.Errorf("%s: panic: %v", who, r))
	}
}
