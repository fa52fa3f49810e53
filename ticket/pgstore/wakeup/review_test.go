package wakeup_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandlerAppendMovesWakeUp raises a ticket's priority from the handler
// of its first-reply warning (a common escalation automation), through
// Scheduler.AppendTx on the firing's transaction, in a sweep and in a retry
// job (the handler failed once in the sweep). Under urgent, the first-reply
// breach (30m) and the resolution warning (1h) are reached retroactively
// at the instant of the raise: the ticket's wake-up must be the one the new
// history gives, not the one computed before the handler ran (the normal
// first-reply breach, at t0+2h), and the urgent levels fire in the next
// sweeps.
func TestHandlerAppendMovesWakeUp(t *testing.T) {
	for _, failFirst := range []bool{false, true} {
		name := map[bool]string{false: "sweep", true: "retry"}[failFirst]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			pool := withEffects(t, 20)
			clock := newClock(t0)
			rec := &recorder{}
			var s *wakeup.Scheduler
			calls := 0
			rec.setFail(func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
				calls++
				switch {
				case calls == 1 && failFirst:
					return errors.New("chat service unavailable")
				case calls <= 2:
					return s.AppendTx(ctx, tx, w.TicketID, w.Version, []ticket.Event{{TicketID: w.TicketID, Seq: w.Version + 1,
						At: w.Now, Actor: ticket.System("escalation"), Data: ticket.PriorityChanged{From: ticket.PriorityNormal, To: ticket.PriorityUrgent}}})
				}
				return nil
			})
			s = newScheduler(t, pool, rec, clock.Now, nil)
			id := tid("escalate-"+name, 1)
			require.NoError(t, appendTx(ctx, pool, s, id, 0, create(id, t0, ticket.PriorityNormal)))
			newClient(t, pool, s, clock, 5)

			clock.Set(t0.Add(time.Hour)) // the normal first-reply warning
			eventually(t, 30*time.Second, "the warning fires", func() bool {
				tick(clock)
				return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE key LIKE '%/first_reply_time/1/warn'`) == 1
			})
			eventually(t, 30*time.Second, "the urgent levels reached by the raise fire", func() bool {
				tick(clock)
				return count(t, pool, `SELECT count(*) FROM desk_wakeup_ledger WHERE key LIKE '%/first_reply_time/1/breach' OR key LIKE '%/total_resolution_time/1/warn'`) == 2
			})
			assert.True(t, clock.Now().Before(t0.Add(time.Hour+time.Minute)), "fired at %v", clock.Now())
			assert.Equal(t, 2, count(t, pool, `SELECT count(*) FROM ticket_events WHERE ticket_id = $1`, id), "the creation and one raise")
			due, state, ok := wakeupRow(t, pool, id)
			require.True(t, ok)
			assert.Equal(t, "scheduled", state)
			assert.True(t, due.Equal(t0.Add(2*time.Hour)), "the urgent resolution breach: %v", due)
			for _, l := range readLedger(t, pool) {
				assert.False(t, l.fired.Before(l.due), "%s fired at %v before %v", l.key, l.fired, l.due)
				assert.True(t, strings.HasPrefix(l.key, id.String()), l.key)
			}
		})
	}
}
