package pgstore

import (
	"context"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/ticket"
)

// scanSQL declares the cursor All reads through: every event, grouped by
// ticket in the order of the primary key.
const scanSQL = `DECLARE ticket_events_scan NO SCROLL CURSOR FOR
	SELECT ticket_id, seq, event FROM ticket_events ORDER BY ticket_id, seq`

// fetchSQL reads the next rows of the cursor; fetchSize rows per round trip.
const (
	fetchSize = 1000
	fetchSQL  = `FETCH FORWARD 1000 FROM ticket_events_scan`
)

// All yields the full history of every ticket, each in sequence order and
// owned by the caller, in the order of the ticket IDs (as PostgreSQL orders
// uuid values), so the order is stable.
//
// All reads one consistent snapshot: a read-only REPEATABLE READ
// transaction holding a cursor that it fetches from in batches of a
// thousand events, so memory stays that of one batch and one history
// whatever the size of the table. Appends during the iteration are not
// blocked and not seen. The transaction holds one connection of the pool
// until the iteration ends, by running out, by the loop breaking, or by an
// error, which is yielded once (wrapped) and ends the iteration: when ctx
// is done All yields an error wrapping ctx.Err() and stops.
func (s *Store) All(ctx context.Context) iter.Seq2[[]ticket.Event, error] {
	return func(yield func([]ticket.Event, error) bool) {
		if err := s.scan(ctx, yield); err != nil {
			yield(nil, fmt.Errorf("pgstore: all: %w", err))
		}
	}
}

// scan runs the iteration. It returns nil when it ran out or the consumer
// broke the loop, and otherwise the error to yield.
func (s *Store) scan(ctx context.Context, yield func([]ticket.Event, error) bool) error {
	if s.pool == nil {
		return ErrNoPool
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	// Rolling back ends the read-only transaction and closes the cursor. When
	// ctx is done or the rollback fails, pgx closes the connection instead,
	// which ends them too; nothing was written, so there is nothing to report.
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, scanSQL); err != nil {
		return err
	}
	var (
		cur  ticket.ID
		hist []ticket.Event
	)
	for {
		n := 0
		rows, err := tx.Query(ctx, fetchSQL)
		if err != nil {
			return err
		}
		for rows.Next() {
			n++
			var (
				id  ticket.ID
				seq int32
				raw []byte
			)
			if err := rows.Scan(&id, &seq, &raw); err != nil {
				rows.Close()
				return err
			}
			if len(hist) > 0 && id != cur {
				if err := ctx.Err(); err != nil {
					rows.Close()
					return err
				}
				if !yield(hist, nil) {
					rows.Close()
					return nil
				}
				hist = nil
			}
			e, err := decode(id, int(seq), raw)
			if err != nil {
				rows.Close()
				return fmt.Errorf("ticket %s: %w", id, err)
			}
			cur = id
			hist = append(hist, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < fetchSize {
			break
		}
	}
	if len(hist) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	yield(hist, nil)
	return nil
}
