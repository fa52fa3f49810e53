package wakeup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// SweepArgs are the arguments of the River job that fires the wake-ups that
// are due: kind "desk_wakeup_sweep". River's periodic job enqueuer inserts
// one every [Config.Interval] ([Scheduler.PeriodicJob]); a sweep that finds
// a full batch enqueues helpers (Helper set), and one that reaches
// [Config.SweepLimit] enqueues its continuation.
type SweepArgs struct {
	Helper bool `json:"helper,omitempty"`
}

// Kind implements river.JobArgs.
func (SweepArgs) Kind() string { return "desk_wakeup_sweep" }

// RetryArgs are the arguments of the River job that owns a ticket whose
// firing failed: kind "desk_wakeup_retry". It fires the ticket alone in a
// transaction of its own, with River's retries and backoff, and is
// discarded after [Config.MaxAttempts]; Error is the failure that handed
// the ticket over.
type RetryArgs struct {
	TicketID ticket.ID `json:"ticket_id"`
	Error    string    `json:"error"`
}

// Kind implements river.JobArgs.
func (RetryArgs) Kind() string { return "desk_wakeup_retry" }

// AddWorkers registers the package's two workers (for [SweepArgs] and
// [RetryArgs]) with workers, which the application passes to its River
// client's Config.Workers beside its own. Adding them twice is an error.
func (s *Scheduler) AddWorkers(workers *river.Workers) error {
	if err := river.AddWorkerSafely(workers, &sweepWorker{s: s}); err != nil {
		return fmt.Errorf("wakeup: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &retryWorker{s: s}); err != nil {
		return fmt.Errorf("wakeup: %w", err)
	}
	return nil
}

// PeriodicJob returns the periodic job that enqueues a sweep every
// [Config.Interval], to be listed in the River client's
// Config.PeriodicJobs. River runs periodic jobs on the elected leader only,
// so every instance of the application may list it. The schedule counts
// from the later of the previous run and the scheduler's clock, so a paused
// process (or a simulated clock moved forward) enqueues one sweep, not a
// backlog of them.
func (s *Scheduler) PeriodicJob() *river.PeriodicJob {
	return river.NewPeriodicJob(every{s}, func() (river.JobArgs, *river.InsertOpts) {
		return SweepArgs{}, s.sweepOpts()
	}, &river.PeriodicJobOpts{RunOnStart: true})
}

// every is the sweep's schedule.
type every struct{ s *Scheduler }

// Next implements river.PeriodicSchedule.
func (e every) Next(prev time.Time) time.Time {
	if now := e.s.now(); now.After(prev) {
		prev = now
	}
	return prev.Add(e.s.cfg.Interval)
}

// sweepOpts are the insert options of a sweep: one attempt (the next
// periodic sweep takes over what a failed one left).
func (s *Scheduler) sweepOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: s.cfg.Queue, MaxAttempts: 1}
}

// sweepWorker runs sweeps.
type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	s *Scheduler
}

// sweepTimeout is how long a sweep may run (River's default for a job is
// one minute); [Config.HandlerTimeout] must be shorter.
const sweepTimeout = 5 * time.Minute

// Timeout gives a sweep up to sweepTimeout.
func (w *sweepWorker) Timeout(*river.Job[SweepArgs]) time.Duration { return w.s.sweep }

// Work fires due wake-ups a batch at a time until none is left or the
// sweep limit is reached.
func (w *sweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	s := w.s
	total := 0
	for first := true; ; first = false {
		if !first && !s.fits(ctx) {
			// too little of the sweep is left for another batch
			return insertJobs(ctx, []river.InsertManyParams{{Args: SweepArgs{}, InsertOpts: s.sweepOpts()}})
		}
		n, stopped, err := s.sweepBatch(ctx)
		if err != nil {
			return err
		}
		total += n
		if stopped {
			// the batch's rest is due still: a new job fires it at once
			return insertJobs(ctx, []river.InsertManyParams{{Args: SweepArgs{}, InsertOpts: s.sweepOpts()}})
		}
		if n < s.cfg.BatchSize {
			return nil
		}
		if first && !job.Args.Helper && s.cfg.Parallel > 1 {
			helpers := make([]river.InsertManyParams, s.cfg.Parallel-1)
			for i := range helpers {
				helpers[i] = river.InsertManyParams{Args: SweepArgs{Helper: true}, InsertOpts: s.sweepOpts()}
			}
			if err := insertJobs(ctx, helpers); err != nil {
				return err
			}
		}
		if total >= s.cfg.SweepLimit {
			return insertJobs(ctx, []river.InsertManyParams{{Args: SweepArgs{}, InsertOpts: s.sweepOpts()}})
		}
	}
}

// fits reports whether what is left of a sweep's ctx holds another
// handler call, [Config.HandlerTimeout], and the batch's statements after
// it, for which a tenth of the sweep's time is kept. A sweep's ctx ends
// after the sweep's timeout on the real clock (the scheduler's clock,
// which may be simulated, says when actions are due, not how long a job
// runs).
func (s *Scheduler) fits(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) >= s.cfg.HandlerTimeout+s.sweep/10
}

// insertJobs inserts jobs through the River client that runs the worker.
func insertJobs(ctx context.Context, jobs []river.InsertManyParams) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("wakeup: %w", err)
	}
	if _, err := client.InsertMany(ctx, jobs); err != nil {
		return fmt.Errorf("wakeup: enqueue sweeps: %w", err)
	}
	return nil
}

// claimSQL claims the due wake-ups of one batch: rows other sweeps hold are
// skipped, rows claimed stay locked until the batch commits.
const claimSQL = `
SELECT ticket_id, version FROM desk_wakeups
WHERE state = 'scheduled' AND due_at <= $1
ORDER BY due_at LIMIT $2
FOR UPDATE SKIP LOCKED`

// moveSQL moves claimed wake-ups to their next instants and keeps the
// checkpoints of the evaluations that fired them (the checkpoint's Seq is
// the version evaluated). A row whose version is no longer the one claimed
// ($6) was rescheduled in the firing's own transaction, by a handler that
// appended to the ticket through Scheduler.AppendTx: its instant and
// version, computed from the newer history, stay.
const moveSQL = `
UPDATE desk_wakeups w SET due_at = CASE WHEN w.version <> u.claimed THEN w.due_at ELSE u.due END,
	version = CASE WHEN w.version <> u.claimed THEN w.version ELSE u.version END,
	updated_at = $4, checked_at = u.checked_at, checked_seq = u.version
FROM unnest($1::uuid[], $2::timestamptz[], $3::integer[], $5::timestamptz[], $6::integer[]) AS u (id, due, version, checked_at, claimed)
WHERE w.ticket_id = u.id`

// dropSQL deletes the wake-ups of tickets with nothing left to wake for.
const dropSQL = `DELETE FROM desk_wakeups WHERE ticket_id = ANY($1)`

// retireSQL deletes the claimed wake-ups of tickets with nothing left to
// wake for, unless the row was rescheduled in the firing's transaction (its
// version is no longer the one claimed, $2; see moveSQL).
const retireSQL = `
DELETE FROM desk_wakeups w USING unnest($1::uuid[], $2::integer[]) AS u (id, claimed)
WHERE w.ticket_id = u.id AND w.version = u.claimed`

// handOffSQL marks the tickets a retry job takes over.
const handOffSQL = `UPDATE desk_wakeups SET state = 'retrying', updated_at = $2 WHERE ticket_id = ANY($1)`

// sweepBatch claims up to BatchSize due wake-ups and fires them in one
// transaction, each ticket under a savepoint of its own, and returns how
// many it claimed. A ticket whose firing fails (its handler, or its
// evaluation) is rolled back to its savepoint and handed to a retry job in
// the same transaction; a database error, or ctx ending, rolls back the
// whole batch, whose wake-ups stay due for the next sweep. So that slow
// handlers cannot make every attempt at a batch run out of time (and the
// next sweep claim the same wake-ups again), it fires a ticket after the
// first only while another handler call still fits in ctx (see fits):
// otherwise it commits what it fired and reports stopped, and the
// tickets it did not fire keep their wake-ups, due, untouched.
func (s *Scheduler) sweepBatch(ctx context.Context) (claimedN int, stopped bool, err error) {
	now := s.now()
	tx, err := s.cfg.Pool.Begin(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows, err := tx.Query(ctx, claimSQL, now, s.cfg.BatchSize)
	if err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	claimed, err := pgx.CollectRows(rows, pgx.RowToStructByPos[claim])
	if err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	if len(claimed) == 0 {
		return 0, false, nil
	}
	ids := make([]ticket.ID, len(claimed))
	for i, c := range claimed {
		ids[i] = c.ID
	}
	st, err := load(ctx, tx, ids, false)
	if err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	var (
		moveIDs, dropIDs, failedIDs []ticket.ID
		retireIDs                   []ticket.ID
		moveDue, moveChecked        []time.Time
		moveVersion, moveClaimed    []int32
		retireClaimed               []int32
		retries                     []river.InsertManyParams
	)
	handOff := func(id ticket.ID, err error) {
		failedIDs = append(failedIDs, id)
		retries = append(retries, river.InsertManyParams{Args: RetryArgs{TicketID: id, Error: err.Error()},
			InsertOpts: &river.InsertOpts{Queue: s.cfg.Queue, MaxAttempts: s.cfg.MaxAttempts}})
	}
	ev := s.evals.Get().(*sla.Evaluator)
	defer s.evals.Put(ev)
	for i, c := range claimed {
		if i > 0 && !s.fits(ctx) {
			stopped = true
			break
		}
		id := c.ID
		h := st.hist[id]
		if h.err != nil {
			handOff(id, &EvaluateError{TicketID: id, Err: h.err})
			continue
		}
		if len(h.events) == 0 {
			dropIDs = append(dropIDs, id) // an unknown ticket: nothing to wake for
			continue
		}
		w, next, check, err := s.evaluate(ev, h.events, st.fired[id], st.checks[id], now)
		if err != nil {
			handOff(id, err)
			continue
		}
		if w.pending() {
			if err := s.fireUnderSavepoint(ctx, tx, w); err != nil {
				var he *HandlerError
				if !errors.As(err, &he) || ctx.Err() != nil {
					return 0, false, err
				}
				handOff(id, err)
				continue
			}
		}
		if next.IsZero() {
			retireIDs, retireClaimed = append(retireIDs, id), append(retireClaimed, c.Version)
		} else {
			moveIDs, moveDue, moveVersion = append(moveIDs, id), append(moveDue, next), append(moveVersion, int32(check.Seq))
			moveChecked, moveClaimed = append(moveChecked, check.At), append(moveClaimed, c.Version)
		}
	}
	var b pgx.Batch
	if len(moveIDs) > 0 {
		b.Queue(moveSQL, uuids(moveIDs), moveDue, moveVersion, now, moveChecked, moveClaimed)
	}
	if len(dropIDs) > 0 {
		b.Queue(dropSQL, uuids(dropIDs))
	}
	if len(retireIDs) > 0 {
		b.Queue(retireSQL, uuids(retireIDs), retireClaimed)
	}
	if len(failedIDs) > 0 {
		b.Queue(handOffSQL, uuids(failedIDs), now)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	if len(retries) > 0 {
		client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
		if err != nil {
			return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
		}
		if _, err := client.InsertManyTx(ctx, tx, retries); err != nil {
			return 0, false, fmt.Errorf("wakeup: sweep: hand over to retry jobs: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, false, fmt.Errorf("wakeup: sweep: %w", err)
	}
	return len(ids), stopped, nil
}

// claim is a claimed wake-up: its ticket and the version it was computed
// from.
type claim struct {
	ID      ticket.ID
	Version int32
}

// ledgerInsertSQL records a ticket's actions; keys already recorded are
// left alone and not returned.
const ledgerInsertSQL = `
INSERT INTO desk_wakeup_ledger (source, key, ticket_id, due_at, fired_at, skipped, reason)
SELECT u.source, u.key, $1, u.due_at, $2, u.skipped, u.reason
FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::boolean[], $7::text[]) AS u (source, key, due_at, skipped, reason)
ON CONFLICT DO NOTHING
RETURNING source, key`

// fireUnderSavepoint records w's keys and hands w to the handler between a
// savepoint and its release; when the handler fails, it rolls back to the
// savepoint and returns the [*HandlerError]. The savepoint and the ledger
// insert go in one round trip.
func (s *Scheduler) fireUnderSavepoint(ctx context.Context, tx pgx.Tx, w Wake) error {
	var b pgx.Batch
	b.Queue("SAVEPOINT desk_fire")
	queueLedger(&b, w)
	br := tx.SendBatch(ctx, &b)
	_, err := br.Exec()
	var recorded map[ledgerKey]struct{}
	if err == nil {
		recorded, err = scanRecorded(br)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wakeup: record %s: %w", w.TicketID, err)
	}
	w = w.only(recorded)
	// The handler's error is returned only once the transaction is usable
	// again; otherwise the batch fails as a whole. One round trip in the
	// simple protocol: the extended one would prepare RELEASE while the
	// transaction is still aborted.
	rollback := func(err error) error {
		if _, rerr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT desk_fire; RELEASE SAVEPOINT desk_fire", pgx.QueryExecModeSimpleProtocol); rerr != nil {
			return fmt.Errorf("wakeup: rolling back a failed firing of %s (%v): %w", w.TicketID, err, rerr)
		}
		return err
	}
	called := w.pending()
	if called {
		if err := s.callHandler(ctx, tx, w); err != nil {
			return rollback(err)
		}
	}
	if _, err := tx.Exec(ctx, "RELEASE SAVEPOINT desk_fire"); err != nil {
		if !called || ctx.Err() != nil {
			return fmt.Errorf("wakeup: fire %s: %w", w.TicketID, err)
		}
		// The handler returned nil but left the transaction failed (a
		// statement whose error it ignored): its firing failed, not the
		// batch's.
		return rollback(&HandlerError{TicketID: w.TicketID,
			Err: fmt.Errorf("the handler returned no error but left the transaction failed: %w", err)})
	}
	return nil
}

// queueLedger queues the ledger insert of w's actions.
func queueLedger(b *pgx.Batch, w Wake) {
	n := len(w.SLA) + len(w.Skipped) + len(w.FollowUps)
	source, key, reason := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	due, skipped := make([]time.Time, 0, n), make([]bool, 0, n)
	for _, fs := range [][]sla.Firing{w.SLA, w.Skipped} {
		for _, f := range fs {
			source, key, due, skipped, reason = append(source, sourceSLA), append(key, f.Key), append(due, f.At), append(skipped, f.Skipped), append(reason, f.Reason)
		}
	}
	for _, it := range w.FollowUps {
		source, key, due, skipped, reason = append(source, sourceFollowUp), append(key, it.Key), append(due, it.At), append(skipped, false), append(reason, "")
	}
	b.Queue(ledgerInsertSQL, w.TicketID, w.Now, source, key, due, skipped, reason)
}

// scanRecorded reads the keys the ledger insert recorded.
func scanRecorded(br pgx.BatchResults) (map[ledgerKey]struct{}, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[ledgerKey]struct{})
	for rows.Next() {
		var k ledgerKey
		if err := rows.Scan(&k.source, &k.key); err != nil {
			return nil, err
		}
		out[k] = struct{}{}
	}
	return out, rows.Err()
}

// only returns w holding just the actions whose keys are in recorded: those
// this transaction recorded, not those another one recorded first.
func (w Wake) only(recorded map[ledgerKey]struct{}) Wake {
	keep := func(source, key string) bool { _, ok := recorded[ledgerKey{source, key}]; return ok }
	out := w
	out.SLA, out.Skipped, out.FollowUps = nil, nil, nil
	for _, f := range w.SLA {
		if keep(sourceSLA, f.Key) {
			out.SLA = append(out.SLA, f)
		}
	}
	for _, f := range w.Skipped {
		if keep(sourceSLA, f.Key) {
			out.Skipped = append(out.Skipped, f)
		}
	}
	for _, it := range w.FollowUps {
		if keep(sourceFollowUp, it.Key) {
			out.FollowUps = append(out.FollowUps, it)
		}
	}
	return out
}

// callHandler calls the handler with a ctx that ends after
// [Config.HandlerTimeout], turning an error or a panic into a
// [*HandlerError].
func (s *Scheduler) callHandler(ctx context.Context, tx pgx.Tx, w Wake) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &HandlerError{TicketID: w.TicketID, Panic: p}
		}
	}()
	hctx, cancel := context.WithTimeout(ctx, s.cfg.HandlerTimeout)
	defer cancel()
	if err := s.cfg.Handler.Fire(hctx, tx, w); err != nil {
		if ctx.Err() == nil && errors.Is(hctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("cut off after the handler timeout of %v: %w", s.cfg.HandlerTimeout, err)
		}
		return &HandlerError{TicketID: w.TicketID, Err: err}
	}
	return nil
}

// retryWorker fires one ticket whose firing failed.
type retryWorker struct {
	river.WorkerDefaults[RetryArgs]
	s *Scheduler
}

// Timeout gives a retry job [Config.HandlerTimeout] for its handler call
// and River's default job timeout (one minute) for its own statements,
// whatever the client's JobTimeout: with River's default alone, the job's
// ctx would end before the handler's timeout (the default one included),
// and a handler that needs more than the client's JobTimeout would fail
// every attempt of the retry when a sweep gives it more.
func (w *retryWorker) Timeout(*river.Job[RetryArgs]) time.Duration {
	return w.s.cfg.HandlerTimeout + river.JobTimeoutDefault
}

// lockSQL locks a ticket's wake-up for its retry job and reads the version
// it was computed from.
const lockSQL = `SELECT version FROM desk_wakeups WHERE ticket_id = $1 FOR UPDATE`

// settleSQL gives a retried ticket its next wake-up ($2 non-null, state
// scheduled again, with the checkpoint of the evaluation) or removes it ($2
// null). A row rescheduled while the job ran (by the handler, see moveSQL;
// or, when the job found no row to lock, $6 null, by an append) keeps its
// instant and version and is scheduled again with the checkpoint: its
// version is no longer the one locked ($6), or is newer than the one
// evaluated ($3).
const settleSQL = `
WITH cur AS (
	SELECT version, CASE WHEN $6::integer IS NULL THEN version > $3 ELSE version <> $6 END AS moved
	FROM desk_wakeups WHERE ticket_id = $1
), del AS (
	DELETE FROM desk_wakeups WHERE ticket_id = $1 AND $2::timestamptz IS NULL AND NOT (SELECT moved FROM cur)
), kept AS (
	UPDATE desk_wakeups SET state = 'scheduled', updated_at = $4, checked_at = $5, checked_seq = $3
	WHERE ticket_id = $1 AND (SELECT moved FROM cur)
)
INSERT INTO desk_wakeups (ticket_id, due_at, version, state, updated_at, checked_at, checked_seq)
SELECT $1, $2, $3, 'scheduled', $4, $5, $3 WHERE $2::timestamptz IS NOT NULL AND NOT coalesce((SELECT moved FROM cur), false)
ON CONFLICT (ticket_id) DO UPDATE SET
	due_at = CASE WHEN desk_wakeups.version > excluded.version THEN desk_wakeups.due_at ELSE excluded.due_at END,
	version = greatest(desk_wakeups.version, excluded.version), state = 'scheduled',
	updated_at = excluded.updated_at, checked_at = excluded.checked_at, checked_seq = excluded.checked_seq`

// Work fires the ticket in a transaction of its own: a failure returns the
// error, and River retries the job with its backoff; success records the
// keys, gives the ticket its next wake-up and completes the job in the same
// transaction (so that the ticket can be handed over again at once).
func (w *retryWorker) Work(ctx context.Context, job *river.Job[RetryArgs]) error {
	s, id := w.s, job.Args.TicketID
	now := s.now()
	tx, err := s.cfg.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("wakeup: retry %s: %w", id, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var locked *int32 // nil: the ticket has no wake-up to lock
	if err := tx.QueryRow(ctx, lockSQL, id).Scan(&locked); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("wakeup: retry %s: %w", id, err)
	}
	st, err := load(ctx, tx, []ticket.ID{id}, false)
	if err != nil {
		return fmt.Errorf("wakeup: retry %s: %w", id, err)
	}
	h := st.hist[id]
	switch {
	case h.err != nil:
		return &EvaluateError{TicketID: id, Err: h.err}
	case len(h.events) == 0:
		// An unknown ticket: nothing to wake for.
		if _, err := tx.Exec(ctx, dropSQL, uuids([]ticket.ID{id})); err != nil {
			return fmt.Errorf("wakeup: retry %s: %w", id, err)
		}
	default:
		ev := s.evals.Get().(*sla.Evaluator)
		wk, nx, ck, err := s.evaluate(ev, h.events, st.fired[id], st.checks[id], now)
		s.evals.Put(ev)
		if err != nil {
			return err
		}
		if wk.pending() {
			var b pgx.Batch
			queueLedger(&b, wk)
			br := tx.SendBatch(ctx, &b)
			recorded, err := scanRecorded(br)
			if cerr := br.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("wakeup: retry %s: %w", id, err)
			}
			if wk = wk.only(recorded); wk.pending() {
				if err := s.callHandler(ctx, tx, wk); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, settleSQL, id, nullTime(nx), ck.Seq, now, nullTime(ck.At), locked); err != nil {
			return fmt.Errorf("wakeup: retry %s: %w", id, err)
		}
	}
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("wakeup: retry %s: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("wakeup: retry %s: %w", id, err)
	}
	return nil
}
