package wakeup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// resyncPage is the number of tickets Resync recomputes per transaction.
const resyncPage = 500

// resyncIDsSQL lists the next page of ticket IDs.
const resyncIDsSQL = `SELECT DISTINCT ticket_id FROM ticket_events WHERE ticket_id > $1 ORDER BY ticket_id LIMIT $2`

// resyncSQL sets the wake-ups of a page, state scheduled. A row scheduled
// from a newer version than the one Resync read (an append that committed
// in between) keeps its instant.
const resyncSQL = `
INSERT INTO desk_wakeups (ticket_id, due_at, version, state, updated_at)
SELECT u.id, u.due, u.version, 'scheduled', $4
FROM unnest($1::uuid[], $2::timestamptz[], $3::integer[]) AS u (id, due, version)
ON CONFLICT (ticket_id) DO UPDATE SET
	due_at = CASE WHEN desk_wakeups.version > excluded.version THEN desk_wakeups.due_at ELSE excluded.due_at END,
	version = greatest(desk_wakeups.version, excluded.version), state = 'scheduled', updated_at = excluded.updated_at`

// Resync recomputes the wake-up of every ticket in the store, as
// [Scheduler.ScheduleTx] does for one, a page of 500 tickets per
// transaction: after the policies or rules changed, after a restore from a
// backup, after wake-ups were lost by hand. Tickets with nothing left to
// wake for (closed ones, among others) lose their wake-up; "retrying"
// tickets are scheduled again (their retry jobs, if any are left, find
// nothing new to fire thanks to the ledger). A wake-up that an append
// committed while Resync ran moved from a newer version of the ticket than
// the one Resync read keeps its instant. It returns the number of
// tickets that have a wake-up afterwards. Tickets whose histories do not
// evaluate keep their wake-up as it was and are reported together, joined,
// each an [*EvaluateError], after every other ticket was recomputed.
// Resync may run while workers fire and applications append.
func (s *Scheduler) Resync(ctx context.Context) (int, error) {
	var (
		after     ticket.ID
		scheduled int
		bad       []error
	)
	for {
		n, last, count, errs, err := s.resyncPage(ctx, after)
		if err != nil {
			return scheduled, fmt.Errorf("wakeup: resync: %w", err)
		}
		scheduled += count
		bad = append(bad, errs...)
		if n < resyncPage {
			break
		}
		after = last
	}
	if len(bad) > 0 {
		return scheduled, fmt.Errorf("wakeup: resync: %w", errors.Join(bad...))
	}
	return scheduled, nil
}

// resyncPage recomputes the tickets after the given ID, one page, and
// returns how many it read, the last ID, how many have a wake-up, and the
// tickets that do not evaluate.
func (s *Scheduler) resyncPage(ctx context.Context, after ticket.ID) (int, ticket.ID, int, []error, error) {
	now := s.now()
	tx, err := s.cfg.Pool.Begin(ctx)
	if err != nil {
		return 0, after, 0, nil, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows, err := tx.Query(ctx, resyncIDsSQL, after, resyncPage)
	if err != nil {
		return 0, after, 0, nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[ticket.ID])
	if err != nil || len(ids) == 0 {
		return 0, after, 0, nil, err
	}
	st, err := load(ctx, tx, ids, true)
	if err != nil {
		return 0, after, 0, nil, err
	}
	var (
		setIDs, dropIDs         []ticket.ID
		setDue                  []time.Time
		setVersion, dropVersion []int32
		bad                     []error
	)
	ev := s.evals.Get().(*sla.Evaluator)
	defer s.evals.Put(ev)
	for _, id := range ids {
		h := st.hist[id]
		if h.err != nil {
			bad = append(bad, &EvaluateError{TicketID: id, Err: h.err})
			continue
		}
		w, next, _, err := s.evaluate(ev, h.events, st.fired[id], st.checks[id], now)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if w.pending() {
			next = w.Now
		}
		if next.IsZero() {
			dropIDs, dropVersion = append(dropIDs, id), append(dropVersion, int32(w.Version))
		} else {
			setIDs, setDue, setVersion = append(setIDs, id), append(setDue, next), append(setVersion, int32(w.Version))
		}
	}
	var b pgx.Batch
	if len(setIDs) > 0 {
		b.Queue(resyncSQL, setIDs, setDue, setVersion, now)
	}
	if len(dropIDs) > 0 {
		b.Queue(retireSQL, dropIDs, dropVersion)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return 0, after, 0, nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, after, 0, nil, err
	}
	return len(ids), ids[len(ids)-1], len(setIDs), bad, nil
}
