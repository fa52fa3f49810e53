// Package wakeup fires SLA escalations and follow-ups on time, exactly once
// in its ledger, across restarts and many application instances: durable
// wake-ups for the tickets of a [pgstore.Store], run by River
// (github.com/riverqueue/river v0.51.2, driver riverpgxv5) on the same
// PostgreSQL.
//
// Packages sla and followup say when a ticket next needs attention
// (NextWakeUp) and hand out due actions with stable idempotency keys; this
// package makes them happen. It is a module of its own, beside
// ticket/pgstore rather than inside it, so that an application that only
// stores tickets does not depend on River (nor on the Go 1.26 River
// requires: pgstore builds with Go 1.25).
//
// # Starting
//
//	err := wakeup.Migrate(ctx, pool) // pgstore's table, River's, the wake-ups'
//	s, err := wakeup.New(wakeup.Config{Pool: pool, Store: pgstore.New(pool),
//		Policies: policies, Planner: planner, Handler: handler})
//	err = s.AddWorkers(workers)      // the River client's Config.Workers
//	cfg.PeriodicJobs = append(cfg.PeriodicJobs, s.PeriodicJob())
//
// Then append through [Scheduler.AppendTx] in the application's own
// transactions: it is [pgstore.Store.AppendTx] (same checks, same conflict
// semantics) followed by [Scheduler.ScheduleTx], so the application's rows,
// the events and the ticket's wake-up commit together. The Example shows
// the whole setup. Every instance of the application runs the same
// configuration; River elects one leader that enqueues the sweeps, and
// every client's workers run them. Size the pool for the workers (River's
// fetches, each running sweep and retry job hold a connection): pgxpool's
// default of 4 connections starves them. A River FetchPollInterval of
// about 100ms keeps lateness low (River's default is one second).
//
// Stop with the River client's Stop: running sweeps finish (each fires at
// most [Config.SweepLimit] tickets) and nothing is lost, since a wake-up
// leaves its row only in the transaction that fires it. StopAndCancel
// cancels them instead: their transactions roll back, and their wake-ups
// stay due for the next sweep. After a change of policies or rules, of
// the calendars they count on (one built for more years places the
// follow-ups listed in followup.Plan.OutOfRange, which set no wake-up), or
// a restore from a backup, [Scheduler.Resync] recomputes every ticket's
// wake-up.
//
// # Design
//
// A wake-up is a row of the table desk_wakeups (see [Schema]), keyed by the
// ticket, not a River job per ticket: River alone completes at most about
// 900 jobs a second on two cores with the database beside it, and moving a
// River job's scheduled instant means deleting and inserting it. The
// primary key keeps one wake-up per ticket; an append locks it before it
// reads the history and moves it with one upsert in its own transaction, a
// concurrent append to the same ticket waits for the first to commit and
// moves it again (its events conflict otherwise), and a ticket with nothing
// left to wake for has no row. Each row keeps the ticket version it was
// computed from, so that a firing, a retry or Resync never writes an
// instant computed from an older history over one an append set meanwhile
// (also one a handler's own append set).
//
// River runs the firing. Its leader enqueues a sweep ([SweepArgs]) every
// [Config.Interval]; a sweep claims up to [Config.BatchSize] due wake-ups
// with FOR UPDATE SKIP LOCKED, so sweeps on any number of clients never
// claim the same ticket, loads their histories, ledger keys and
// checkpoints in one round trip, and fires each ticket under a savepoint of
// its own in one transaction per batch: it evaluates the ticket with an
// [sla.Evaluator] at the scheduler's clock, takes the SLA levels due since
// the checkpoint of its previous firing ([sla.Result.Due], with
// [Config.CatchUp]; levels a change of target reached retroactively
// included) and the follow-ups due ([followup.Planner]), drops the keys
// already in the ledger, records the rest in the ledger and hands them to
// the [Handler] in the same transaction, then moves the wake-up to the
// earliest NextWakeUp of the two and keeps the new checkpoint. A sweep that
// runs short of time (see [Config.BatchSize]) commits the tickets it fired
// and leaves the rest of its batch due for the next sweep, so slow handlers
// never keep a batch from committing. A sweep that
// finds a full batch enqueues [Config.Parallel]-1 helpers, which spread the
// work over every client's workers.
//
// A handler that fails or panics for a ticket, or runs past
// [Config.HandlerTimeout] (one minute by default; its ctx ends then),
// rolls back only that ticket's savepoint; the ticket is marked
// "retrying" and handed, in the same transaction, to a River job of its
// own ([RetryArgs]) that fires it
// alone with River's retries and backoff, up to [Config.MaxAttempts], and
// completes itself in the transaction that fires the ticket. A ticket
// that keeps failing ends as a discarded River job (with every attempt's
// error) while its wake-up stays "retrying" and its keys stay out of the
// ledger: the failure is visible, nothing is marked done. Retry the job
// with River (Client.JobRetry) or run Resync once the cause is fixed.
//
// # Guarantees
//
// The ledger is exactly-once: an action's key is recorded in
// desk_wakeup_ledger in the transaction that hands it to the handler, and
// the primary key keeps it from ever being recorded twice, whatever the
// crashes, restarts, competing clients or retried jobs. Delivery to the
// handler is at-least-once: a transaction that fails after the handler ran
// (a crash, a lost connection, a cancelled worker) is rolled back and runs
// again, so a database-side effect written through the handler's
// transaction is exactly-once too, and an external effect should carry the
// action's key for the receiver to drop duplicates. Every action fires at
// or after its instant (the scheduler's clock, read when a sweep claims the
// batch, is never before it). Lateness is about Config.Interval plus River's
// fetch poll interval while the workers keep up, plus River's leader
// election (seconds) when the leader is lost.
//
// What counts as due is the pure functions' answer at the instant of the
// evaluation: an action settled by an event before the sweep ran (a reply
// that arrived first) does not fire. A wake-up always evaluates under the
// scheduler's current policies and rules: after a change, wake-ups
// computed under the old ones may come early (nothing fires; the wake-up
// moves) or late (the new levels fire late, at or after their instants,
// with keys naming the new policy version) until Resync moves them. SLA
// levels the catch-up policy passes over are recorded as skipped, with the
// reason; a level undone before it fired (a longer target applied
// retroactively) is neither fired nor recorded, and fires if it is reached
// again. A wake-up whose ticket has no events (deleted by hand) is dropped.
//
// # Time
//
// The scheduler reads its clock through [Config.Now] (the system clock by
// default) when it evaluates: tests pass one simulated clock to it and to
// River's Config.Test.Time. A ticket is evaluated no earlier than its last
// event and its last checkpoint, so clocks of several instances that
// disagree a little neither refuse nor re-fire anything.
//
// # Concurrency and errors
//
// A [Scheduler] is safe for concurrent use and starts no goroutines:
// River's clients run its workers. [New] refuses an unusable [Config] with
// an error wrapping [ErrConfig]. A history that does not evaluate, or whose
// evaluation panics (in the application's own code, such as the
// planner's Hours), is an [*EvaluateError] wrapping [ErrEvaluate], which
// a sweep hands to a retry job as it does a handler's failure; a handler's failure is a
// [*HandlerError] wrapping [ErrHandler]. Database errors are wrapped.
//
// # Testing
//
// The tests run against the server named by DESK_PG_URL and are skipped
// without it. The repository's .ci/pg.sh starts a throw-away server and
// runs them, the fault test included: 1,000 generated tickets played
// through twelve simulated hours with two competing River clients, one
// worker cancelled in the middle of its handler and the server restarted
// ($DESK_PG_RESTART), after which the ledger must equal what the pure
// functions say came due, each action once, none before its instant:
//
//	.ci/pg.sh -C ticket/pgstore/wakeup go test -count=1 -run Faults -v ./...
//	.ci/pg.sh -C ticket/pgstore/wakeup go test -run '^$' -bench . -benchtime 1x ./...
package wakeup
