package wakeup

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// The package's sentinel errors.
var (
	// ErrConfig is wrapped by the error of [New] for an unusable [Config]
	// and by [Migrate] given no pool.
	ErrConfig = errors.New("wakeup: invalid config")
	// ErrHandler is wrapped by a [*HandlerError]: the application's handler
	// returned an error or panicked.
	ErrHandler = errors.New("wakeup: handler failed")
	// ErrEvaluate is wrapped by an [*EvaluateError]: a ticket's stored
	// history could not be evaluated (it does not replay). A business
	// offset past the calendar's years is no such error: the SLA clock is
	// out of range and the follow-up is listed in followup.Plan.OutOfRange,
	// neither fires nor sets the wake-up, and the rest of the ticket's
	// actions fire as ever.
	ErrEvaluate = errors.New("wakeup: cannot evaluate ticket")
)

// HandlerError is the error of a firing whose handler returned an error or
// panicked (Panic holds the value then). It wraps [ErrHandler] and the
// handler's error.
type HandlerError struct {
	TicketID ticket.ID
	Err      error // the handler's error; nil after a panic
	Panic    any   // the value the handler panicked with; nil otherwise
}

// Error implements the error interface.
func (e *HandlerError) Error() string {
	if e.Panic != nil {
		return fmt.Sprintf("wakeup: handler panicked on ticket %s: %v", e.TicketID, e.Panic)
	}
	return fmt.Sprintf("wakeup: handler failed on ticket %s: %v", e.TicketID, e.Err)
}

// Unwrap returns [ErrHandler] and the handler's error.
func (e *HandlerError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrHandler}
	}
	return []error{ErrHandler, e.Err}
}

// EvaluateError is the error of a ticket whose history could not be
// evaluated by the SLA evaluator or the follow-up planner. It wraps
// [ErrEvaluate] and their error.
type EvaluateError struct {
	TicketID ticket.ID
	Err      error
}

// Error implements the error interface.
func (e *EvaluateError) Error() string {
	return fmt.Sprintf("wakeup: cannot evaluate ticket %s: %v", e.TicketID, e.Err)
}

// Unwrap returns [ErrEvaluate] and the underlying error.
func (e *EvaluateError) Unwrap() []error { return []error{ErrEvaluate, e.Err} }

// Wake is what a wake-up hands the application for one ticket: the SLA
// levels and follow-ups that came due and were not fired before. Every key
// in it is recorded in the ledger in the handler's transaction.
type Wake struct {
	TicketID ticket.ID
	// Now is the instant the ticket was evaluated at: the worker's clock
	// when it claimed the wake-up, never before an action's instant.
	Now time.Time
	// Version is the ticket's version (its last event's Seq) evaluated.
	Version int
	// SLA lists the levels to act on, in order of instant, each with its
	// actions and idempotency key.
	SLA []sla.Firing
	// FollowUps lists the follow-ups to act on, in the plan's order.
	FollowUps []followup.Item
	// Skipped lists the levels the catch-up policy passed over (Skipped
	// and Reason set): recorded in the ledger as skipped, not to act on.
	Skipped []sla.Firing
}

// Handler acts on a wake-up. Fire runs inside the transaction that records
// the wake's keys in the ledger and moves the ticket's wake-up: write the
// application's own rows through tx, and they commit together with the
// ledger or not at all. An effect outside the database (a mail, a chat
// message) should carry the action's key so the receiver can drop a
// duplicate: the ledger is exactly-once, delivery to the handler is
// at-least-once (a crash between the effect and the commit runs it again).
//
// Fire must not commit or roll back tx. It may append to the ticket with
// [Scheduler.AppendTx] on tx (a nudge that solves the ticket, an
// escalation that raises the priority): the ticket's wake-up is then the
// one its new history gives, and levels the appended events reached
// retroactively fire in the next sweep. A returned
// error, a panic, or a statement that failed in tx (also one whose error
// Fire ignored: PostgreSQL refuses every statement after it) rolls back
// everything the firing wrote (tx is rolled back to a savepoint taken
// before it) and hands the ticket to a River job that retries it with
// River's backoff; see the package documentation.
type Handler interface {
	Fire(ctx context.Context, tx pgx.Tx, w Wake) error
}

// HandlerFunc adapts a function to [Handler].
type HandlerFunc func(ctx context.Context, tx pgx.Tx, w Wake) error

// Fire calls f.
func (f HandlerFunc) Fire(ctx context.Context, tx pgx.Tx, w Wake) error { return f(ctx, tx, w) }

// Config is what a [Scheduler] needs. Pool, Store and Handler are
// required; the zero value of every other field picks the default.
type Config struct {
	// Pool is the database of the events, the wake-ups and River's jobs.
	// Any pgx query execution mode will do, also QueryExecModeExec and
	// QueryExecModeSimpleProtocol (used behind PgBouncer).
	Pool *pgxpool.Pool
	// Store is the pgstore on the same database.
	Store *pgstore.Store
	// Policies are the SLA policies; they are validated by New, and each
	// evaluation uses an [sla.Evaluator] for them. Empty: no SLA.
	Policies sla.Policies
	// CatchUp is the SLA catch-up policy for levels whose instants passed
	// while no worker ran ([sla.CatchUp]); the zero value fires each.
	CatchUp sla.CatchUp
	// Planner plans follow-ups; nil: no follow-ups. Its rules carry their
	// own catch-up policies.
	Planner *followup.Planner
	// Handler acts on the due actions.
	Handler Handler
	// Now returns the scheduler's clock. Nil: the system clock (time.Now).
	// Tests pass the same simulated clock as River's Config.Test.Time.
	Now func() time.Time
	// Interval is the period of the sweep River's periodic job enqueues
	// (see [Scheduler.PeriodicJob]); default 500ms. A wake-up fires at most
	// about Interval plus River's fetch poll interval after its instant
	// while the workers keep up.
	Interval time.Duration
	// BatchSize is the number of due tickets a sweep claims and fires per
	// transaction; default 100. A sweep fires a batch's tickets after the
	// first only while another handler call (HandlerTimeout) and a tenth
	// of the sweep's five minutes for its statements still fit in them;
	// then it commits what it fired and a new sweep takes the rest, still
	// due. So handlers too slow for a whole batch in one sweep fire fewer
	// tickets per transaction, never none.
	BatchSize int
	// Parallel is the number of sweeps that run at once when a sweep finds
	// a full batch (the first enqueues Parallel-1 helpers, which any client
	// may run); default 4. Give the queue at least that many workers.
	Parallel int
	// SweepLimit bounds the tickets one sweep job fires before it hands the
	// rest to a new job, so that a graceful stop waits for little; default
	// 5,000.
	SweepLimit int
	// Queue is the River queue of the package's jobs; default
	// river.QueueDefault.
	Queue string
	// MaxAttempts is the number of attempts of a retry job before River
	// discards it; default 10.
	MaxAttempts int
	// HandlerTimeout bounds one call of the Handler: its ctx ends then.
	// A handler that returns (with ctx's error) fails its ticket alone:
	// the ticket's savepoint is rolled back and the ticket handed to a
	// retry job, while the rest of its batch fires and commits. Default
	// river.JobTimeoutDefault (one minute), River's own default for a
	// job; it must be shorter than the five minutes a sweep may run,
	// which end the ctx of the whole batch (a handler that ignores ctx
	// still holds its batch to them). A retry job runs up to
	// HandlerTimeout plus one minute for its own statements, whatever the
	// River client's JobTimeout. A handler cut off while a
	// statement of its own runs in tx loses the connection under pgx's
	// default (it closes a connection whose query's context ends), and
	// with it the batch, whose wake-ups stay due for the next sweep (which
	// fails alike while the statement keeps blocking): have the server
	// cancel the statement instead, with a Pool whose
	// ConnConfig.BuildContextWatcherHandler returns a
	// pgconn.CancelRequestContextWatcherHandler (River's client keeps a
	// pool of its own with pgx's default, which its LISTEN needs), or bound
	// statements with statement_timeout.
	HandlerTimeout time.Duration
}

// Scheduler keeps one durable wake-up per ticket and fires what comes due.
// It is safe for concurrent use; it starts no goroutines (River's clients
// run its workers).
type Scheduler struct {
	cfg   Config
	evals sync.Pool // of *sla.Evaluator
	// sweep is how long a sweep job may run: sweepTimeout (tests shorten
	// it).
	sweep time.Duration
}

// New checks cfg and returns a Scheduler. Missing required fields, invalid
// policies (their errors joined, wrapping sla.ErrInvalidPolicy), an invalid
// catch-up option (wrapping sla.ErrInvalidCatchUp), a Queue name River
// would refuse, negative knobs and a HandlerTimeout of five minutes or
// more are an error wrapping [ErrConfig].
func New(cfg Config) (*Scheduler, error) {
	var problems []error
	if cfg.Pool == nil {
		problems = append(problems, errors.New("no Pool"))
	}
	if cfg.Store == nil {
		problems = append(problems, errors.New("no Store"))
	}
	if cfg.Handler == nil {
		problems = append(problems, errors.New("no Handler"))
	}
	if cfg.Interval < 0 || cfg.BatchSize < 0 || cfg.Parallel < 0 || cfg.SweepLimit < 0 || cfg.MaxAttempts < 0 || cfg.HandlerTimeout < 0 {
		problems = append(problems, errors.New("a negative Interval, BatchSize, Parallel, SweepLimit, MaxAttempts or HandlerTimeout"))
	}
	if cfg.HandlerTimeout >= sweepTimeout {
		// the sweep's ctx would end first and fail the whole batch
		problems = append(problems, fmt.Errorf("a HandlerTimeout of %v, not shorter than a sweep's %v", cfg.HandlerTimeout, sweepTimeout))
	}
	if cfg.Queue != "" && !validQueue(cfg.Queue) {
		// River refuses to insert jobs into such a queue: nothing would fire.
		problems = append(problems, fmt.Errorf("the Queue %q is not a River queue name: lower-case letters and digits, "+
			"runs of them joined by single underscores or hyphens, at most 64 characters", cfg.Queue))
	}
	if err := cfg.CatchUp.Validate(); err != nil {
		problems = append(problems, err)
	}
	if err := cfg.Policies.Validate(); err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrConfig, errors.Join(problems...))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Interval == 0 {
		cfg.Interval = 500 * time.Millisecond
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 100
	}
	if cfg.Parallel == 0 {
		cfg.Parallel = 4
	}
	if cfg.SweepLimit == 0 {
		cfg.SweepLimit = 5000
	}
	if cfg.Queue == "" {
		cfg.Queue = river.QueueDefault
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.HandlerTimeout == 0 {
		cfg.HandlerTimeout = river.JobTimeoutDefault
	}
	s := &Scheduler{cfg: cfg, sweep: sweepTimeout}
	s.evals.New = func() any {
		ev, _ := sla.NewEvaluator(cfg.Policies) // validated above
		return ev
	}
	return s, nil
}

// validQueue reports whether name is a queue name River accepts: at most
// 64 characters, runs of lower-case ASCII letters and digits joined by
// single separators ('_', '-', or '|', which River also takes).
func validQueue(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	sep := true // no separator first
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			sep = false
		case (c == '_' || c == '-' || c == '|') && !sep:
			sep = true
		default:
			return false
		}
	}
	return !sep // no separator last
}

// now returns the scheduler's clock.
func (s *Scheduler) now() time.Time { return s.cfg.Now() }

// AppendTx appends events to ticket id in tx with [pgstore.Store.AppendTx]
// (same checks, same conflict semantics) and then, in the same
// transaction, moves the ticket's wake-up with [Scheduler.ScheduleTx]. The
// events and the wake-up commit together or not at all; the caller commits.
func (s *Scheduler) AppendTx(ctx context.Context, tx pgx.Tx, id ticket.ID, expected int, events []ticket.Event) error {
	if err := s.cfg.Store.AppendTx(ctx, tx, id, expected, events); err != nil {
		return err
	}
	return s.ScheduleTx(ctx, tx, id)
}

// ScheduleTx recomputes ticket id's wake-up in tx from its history as tx
// sees it and the ledger: the earliest of the SLA result's and the
// follow-up plan's NextWakeUp, or the scheduler's now when an action is
// already due and not in the ledger (an agent-set follow-up date in the
// past, a level reached retroactively). It then makes sure exactly one
// wake-up exists at that instant (an insert, or an update of the ticket's
// row, which the primary key keeps single), or none when nothing will ever
// come due. A ticket whose firing failed keeps its "retrying" state: its
// retry job recomputes the wake-up when it succeeds. ScheduleTx locks the
// ticket's wake-up (until tx ends) before it reads the history, so that a
// concurrent transaction that moved the wake-up from a newer history is
// never overwritten with an instant computed from an older one.
//
// A ticket with no events is an error wrapping ticket.ErrNotFound; a
// history that does not evaluate, an [*EvaluateError].
func (s *Scheduler) ScheduleTx(ctx context.Context, tx pgx.Tx, id ticket.ID) error {
	ids := []ticket.ID{id}
	st, err := load(ctx, tx, ids, true)
	if err != nil {
		return fmt.Errorf("wakeup: schedule %s: %w", id, err)
	}
	h := st.hist[id]
	if h.err != nil {
		return fmt.Errorf("wakeup: schedule %s: %w", id, h.err)
	}
	if len(h.events) == 0 {
		return fmt.Errorf("wakeup: schedule %s: %w", id, ticket.ErrNotFound)
	}
	now := s.now()
	ev := s.evals.Get().(*sla.Evaluator)
	w, next, _, err := s.evaluate(ev, h.events, st.fired[id], st.checks[id], now)
	s.evals.Put(ev)
	if err != nil {
		return err
	}
	if w.pending() {
		next = w.Now
	}
	sql := scheduleSQL
	if !st.locked[id] {
		sql = scheduleNewSQL
	}
	if _, err := tx.Exec(ctx, sql, id, nullTime(next), w.Version, now); err != nil {
		return fmt.Errorf("wakeup: schedule %s: %w", id, err)
	}
	return nil
}

// scheduleSQL upserts a ticket's wake-up ($2 non-null) or deletes it ($2
// null), keeping a "retrying" row's state.
const scheduleSQL = `
WITH del AS (
	DELETE FROM desk_wakeups WHERE ticket_id = $1 AND $2::timestamptz IS NULL AND state = 'scheduled'
)
INSERT INTO desk_wakeups (ticket_id, due_at, version, state, updated_at)
SELECT $1, $2, $3, 'scheduled', $4 WHERE $2::timestamptz IS NOT NULL
ON CONFLICT (ticket_id) DO UPDATE SET due_at = excluded.due_at, version = excluded.version, updated_at = excluded.updated_at`

// scheduleNewSQL gives a ticket that had no wake-up when ScheduleTx locked
// one its wake-up ($2 non-null). A row inserted since was inserted by an
// append that committed meanwhile, from a version at least as new as the
// one read ($3); if it is newer, it keeps its instant.
const scheduleNewSQL = `
INSERT INTO desk_wakeups (ticket_id, due_at, version, state, updated_at)
SELECT $1, $2, $3, 'scheduled', $4 WHERE $2::timestamptz IS NOT NULL
ON CONFLICT (ticket_id) DO UPDATE SET
	due_at = CASE WHEN desk_wakeups.version > excluded.version THEN desk_wakeups.due_at ELSE excluded.due_at END,
	version = greatest(desk_wakeups.version, excluded.version), updated_at = excluded.updated_at`

// uuids returns ids as text, for a uuid[] parameter: pgx encodes a
// []string in every query execution mode, also those that do not ask the
// server for the parameters' types (QueryExecModeExec and
// QueryExecModeSimpleProtocol, used behind PgBouncer), in which it cannot
// encode a []uuid.UUID.
func uuids(ids []ticket.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// nullTime returns nil for the zero time, for a NULL parameter.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// pending reports whether w holds anything to fire or record.
func (w *Wake) pending() bool { return len(w.SLA)+len(w.FollowUps)+len(w.Skipped) > 0 }

// evaluate evaluates a ticket's history at now (or later: at its last
// event, or at the previous firing's checkpoint, when another instance's
// clock ran ahead) and returns what is due and not in fired, the instant
// after which the ticket must be evaluated again if nothing else happens
// (zero: never), and the checkpoint of this evaluation. A panic in the
// evaluation (in code of the application's, such as the planner's Hours)
// is an [*EvaluateError] for this ticket, so that it fails the ticket
// alone, not the batch it is swept in, again at every sweep.
func (s *Scheduler) evaluate(ev *sla.Evaluator, events []ticket.Event, fired map[ledgerKey]struct{}, prev sla.Checkpoint, now time.Time) (w Wake, next time.Time, check sla.Checkpoint, err error) {
	defer func() {
		if p := recover(); p != nil {
			w, next, check = Wake{}, time.Time{}, sla.Checkpoint{}
			err = &EvaluateError{TicketID: events[0].TicketID, Err: fmt.Errorf("panic: %v", p)}
		}
	}()
	return s.evaluateOnce(ev, events, fired, prev, now)
}

// evaluateOnce is evaluate without the recovery.
func (s *Scheduler) evaluateOnce(ev *sla.Evaluator, events []ticket.Event, fired map[ledgerKey]struct{}, prev sla.Checkpoint, now time.Time) (Wake, time.Time, sla.Checkpoint, error) {
	last := events[len(events)-1]
	if last.At.After(now) {
		now = last.At
	}
	if prev.At.After(now) {
		now = prev.At
	}
	id := events[0].TicketID
	w := Wake{TicketID: id, Now: now, Version: last.Seq}
	r, err := ev.Evaluate(events, now)
	if err != nil {
		return Wake{}, time.Time{}, sla.Checkpoint{}, &EvaluateError{TicketID: id, Err: err}
	}
	due, err := slaDue(r, prev, s.cfg.CatchUp)
	if err != nil {
		return Wake{}, time.Time{}, sla.Checkpoint{}, &EvaluateError{TicketID: id, Err: err}
	}
	for _, f := range due {
		if _, done := fired[ledgerKey{sourceSLA, f.Key}]; done {
			continue
		}
		switch {
		case f.Skipped && f.Reason == sla.ReasonUndone:
			// Not reached as of now: nothing to fire or record; Due offers
			// it again if it is reached later.
		case f.Skipped:
			w.Skipped = append(w.Skipped, f)
		default:
			w.SLA = append(w.SLA, f)
		}
	}
	next := r.NextWakeUp
	if s.cfg.Planner != nil {
		p, err := s.cfg.Planner.Plan(events, now)
		if err != nil {
			return Wake{}, time.Time{}, sla.Checkpoint{}, &EvaluateError{TicketID: id, Err: err}
		}
		for _, it := range p.Due {
			if _, done := fired[ledgerKey{sourceFollowUp, it.Key}]; !done {
				w.FollowUps = append(w.FollowUps, it)
			}
		}
		if !p.NextWakeUp.IsZero() && (next.IsZero() || p.NextWakeUp.Before(next)) {
			next = p.NextWakeUp
		}
	}
	return w, next, r.Checkpoint(), nil
}

// slaDue returns the SLA levels of r that came due since the previous
// firing's checkpoint prev (the zero Checkpoint: every level reached so
// far), under the catch-up policy c: levels reached between the runs, and
// levels a change of target reached retroactively, which a window of
// instants would miss. The ledger then removes any already recorded.
func slaDue(r sla.Result, prev sla.Checkpoint, c sla.CatchUp) ([]sla.Firing, error) {
	return r.Due(prev, c)
}

// The ledger's sources.
const (
	sourceSLA      = "sla"
	sourceFollowUp = "followup"
)

// ledgerKey is a ledger row's primary key.
type ledgerKey struct{ source, key string }

// history is one ticket's history as loaded, or why it could not be.
type history struct {
	events []ticket.Event
	err    error
}

// historiesSQL reads the histories of several tickets, each in order.
const historiesSQL = `SELECT ticket_id, seq, event FROM ticket_events WHERE ticket_id = ANY($1) ORDER BY ticket_id, seq`

// ledgerSQL reads the ledger rows of several tickets.
const ledgerSQL = `SELECT ticket_id, source, key FROM desk_wakeup_ledger WHERE ticket_id = ANY($1)`

// checkpointsSQL reads the checkpoints of several tickets' last firings.
const checkpointsSQL = `SELECT ticket_id, checked_at, checked_seq FROM desk_wakeups WHERE ticket_id = ANY($1) AND checked_at IS NOT NULL`

// state is what an evaluation of some tickets needs from the database:
// each ticket's history, the keys recorded in the ledger for it, and the
// checkpoint of its last firing.
type state struct {
	hist   map[ticket.ID]history
	fired  map[ticket.ID]map[ledgerKey]struct{}
	checks map[ticket.ID]sla.Checkpoint
	locked map[ticket.ID]bool // the tickets whose wake-ups lockRowsSQL locked
}

// lockRowsSQL locks the wake-ups several tickets have, in the order of
// their IDs.
const lockRowsSQL = `SELECT ticket_id FROM desk_wakeups WHERE ticket_id = ANY($1) ORDER BY ticket_id FOR UPDATE`

// load reads the histories, ledger keys and checkpoints of ids through tx,
// in one round trip. A ticket with no events is missing from hist; one
// whose rows do not decode has its error (wrapping
// ticket.ErrMalformedEvent or ticket.ErrCorruptHistory) in place of events.
// With lock set, it first locks the wake-ups the tickets have (those in
// st.locked), so that the histories it reads are the newest committed: a
// concurrent append that moved one of them committed before, and one that
// has not moved it yet moves it after this transaction.
func load(ctx context.Context, tx pgx.Tx, ids []ticket.ID, lock bool) (state, error) {
	var b pgx.Batch
	if lock {
		b.Queue(lockRowsSQL, uuids(ids))
	}
	b.Queue(historiesSQL, uuids(ids))
	b.Queue(ledgerSQL, uuids(ids))
	b.Queue(checkpointsSQL, uuids(ids))
	br := tx.SendBatch(ctx, &b)
	st, err := readState(br, len(ids), lock)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return st, err
}

// readState reads the results of load's batch.
func readState(br pgx.BatchResults, n int, lock bool) (state, error) {
	st := state{hist: make(map[ticket.ID]history, n), fired: make(map[ticket.ID]map[ledgerKey]struct{}),
		checks: make(map[ticket.ID]sla.Checkpoint), locked: make(map[ticket.ID]bool)}
	if lock {
		rows, err := br.Query()
		if err != nil {
			return state{}, err
		}
		held, err := pgx.CollectRows(rows, pgx.RowTo[ticket.ID])
		if err != nil {
			return state{}, err
		}
		for _, id := range held {
			st.locked[id] = true
		}
	}
	rows, err := br.Query()
	if err != nil {
		return state{}, err
	}
	var dec ticket.Decoder
	for rows.Next() {
		var (
			id  ticket.ID
			seq int32
			raw []byte
		)
		if err := rows.Scan(&id, &seq, &raw); err != nil {
			rows.Close()
			return state{}, err
		}
		h := st.hist[id]
		if h.err == nil {
			e, err := dec.Decode(raw)
			switch {
			case err != nil:
				h.err = fmt.Errorf("event #%d: %w", seq, err)
			case e.TicketID != id || e.Seq != int(seq):
				h.err = fmt.Errorf("%w: row (%s, %d) holds event #%d of ticket %s", ticket.ErrCorruptHistory, id, seq, e.Seq, e.TicketID)
			default:
				h.events = append(h.events, e)
			}
		}
		st.hist[id] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return state{}, err
	}
	if rows, err = br.Query(); err != nil {
		return state{}, err
	}
	for rows.Next() {
		var (
			id ticket.ID
			k  ledgerKey
		)
		if err := rows.Scan(&id, &k.source, &k.key); err != nil {
			rows.Close()
			return state{}, err
		}
		m := st.fired[id]
		if m == nil {
			m = make(map[ledgerKey]struct{})
			st.fired[id] = m
		}
		m[k] = struct{}{}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return state{}, err
	}
	if rows, err = br.Query(); err != nil {
		return state{}, err
	}
	for rows.Next() {
		var (
			id  ticket.ID
			at  time.Time
			seq int32
		)
		if err := rows.Scan(&id, &at, &seq); err != nil {
			rows.Close()
			return state{}, err
		}
		st.checks[id] = sla.Checkpoint{At: at, Seq: int(seq)}
	}
	rows.Close()
	return st, rows.Err()
}
