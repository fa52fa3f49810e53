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

// resyncSQL sets the wake-ups of a page that load locked, state
// scheduled.
const resyncSQL = `
UPDATE desk_wakeups w SET due_at = u.due, version = u.version, state = 'scheduled', updated_at = $4
FROM unnest($1::uuid[], $2::timestamptz[], $3::integer[]) AS u (id, due, version)
WHERE w.ticket_id = u.id`

// resyncNewSQL inserts the wake-ups of a page's tickets that had none when
// it was locked. A row inserted since was inserted by an append that
// committed meanwhile, from a version at least as new as the one Resync
// read; if it is newer, it keeps its instant.
const resyncNewSQL = `
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
// nothing new to fire thanks to the ledger). Resync locks the wake-ups of
// a page before it reads the histories, so a wake-up an append moves while
// Resync runs ends where the newer history puts it. It returns the number of
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
		setIDs, newIDs, dropIDs []ticket.ID
		setDue, newDue          []time.Time
		setVersion, newVersion  []int32
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
		switch {
		case next.IsZero() && st.locked[id]:
			dropIDs = append(dropIDs, id)
		case next.IsZero():
			// No wake-up to drop, or one an append inserted since the
			// page was locked, from a newer history.
		case st.locked[id]:
			setIDs, setDue, setVersion = append(setIDs, id), append(setDue, next), append(setVersion, int32(w.Version))
		default:
			newIDs, newDue, newVersion = append(newIDs, id), append(newDue, next), append(newVersion, int32(w.Version))
		}
	}
	var b pgx.Batch
	if len(setIDs) > 0 {
		b.Queue(resyncSQL, uuids(setIDs), setDue, setVersion, now)
	}
	if len(newIDs) > 0 {
		b.Queue(resyncNewSQL, uuids(newIDs), newDue, newVersion, now)
	}
	if len(dropIDs) > 0 {
		b.Queue(dropSQL, uuids(dropIDs))
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return 0, after, 0, nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, after, 0, nil, err
	}
	return len(ids), ids[len(ids)-1], len(setIDs) + len(newIDs), bad, nil
}
