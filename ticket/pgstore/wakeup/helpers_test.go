package wakeup_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/require"
)

// serverURL returns the URL of the PostgreSQL server the tests run against,
// or skips the test when there is none.
func serverURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("DESK_PG_URL")
	if url == "" {
		t.Skip("DESK_PG_URL is not set: run .ci/pg.sh from the repository root to start a throw-away PostgreSQL and run these tests against it")
	}
	return url
}

// schemas numbers the schemas this test binary creates.
var schemas atomic.Int64

// freshSchema creates a new, empty schema; cleanup drops it.
func freshSchema(t testing.TB) string {
	t.Helper()
	url := serverURL(t)
	name := "desk_wake_" + strconv.Itoa(os.Getpid()) + "_" + strconv.FormatInt(schemas.Add(1), 10)
	admin(t, url, "CREATE SCHEMA "+name)
	t.Cleanup(func() { admin(t, url, "DROP SCHEMA "+name+" CASCADE") })
	return name
}

// admin runs one statement on a connection of its own.
func admin(t testing.TB, url, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	require.NoError(t, err, sql)
}

// newPool returns a pool of maxConns connections on schema; cleanup closes it.
func newPool(t testing.TB, schema string, maxConns int32) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(serverURL(t))
	require.NoError(t, err)
	cfg.MaxConns = maxConns
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// migrated returns a pool on a new schema with every table in it.
func migrated(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	pool := newPool(t, freshSchema(t), maxConns)
	require.NoError(t, wakeup.Migrate(context.Background(), pool))
	return pool
}

// simClock is a simulated clock shared by River (Config.Test.Time) and the
// scheduler (Config.Now): it stands still until the test moves it.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *simClock { return &simClock{now: t} }

// Now returns the simulated instant.
func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NowOrNil returns the simulated instant (it is always stubbed).
func (c *simClock) NowOrNil() *time.Time {
	t := c.Now()
	return &t
}

// Set moves the clock to t.
func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock by d.
func (c *simClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// t0 is the simulated start of the tests.
var t0 = time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)

// testPolicies are 24/7 SLA policies: first reply by priority, total
// resolution, and three levels (a warning at 50%, the breach at 100%, an
// escalation an hour after the due time).
func testPolicies() sla.Policies {
	return sla.Policies{{Name: "desk", Version: 1,
		Targets: []sla.Target{
			{Metric: sla.FirstReply(), Priority: ticket.PriorityNormal, Duration: 2 * time.Hour},
			{Metric: sla.FirstReply(), Priority: ticket.PriorityHigh, Duration: time.Hour},
			{Metric: sla.FirstReply(), Priority: ticket.PriorityUrgent, Duration: 30 * time.Minute},
			{Metric: sla.TotalResolution(), Priority: ticket.PriorityNormal, Duration: 8 * time.Hour},
			{Metric: sla.TotalResolution(), Priority: ticket.PriorityHigh, Duration: 4 * time.Hour},
			{Metric: sla.TotalResolution(), Priority: ticket.PriorityUrgent, Duration: 2 * time.Hour},
		},
		Levels: []sla.Level{
			{Name: "warn", Percent: 50, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "assignee"}}},
			{Name: "breach", Percent: 100, Actions: []sla.Action{{Kind: sla.ActionNotify, Who: "group_manager"}}},
			{Name: "escalate", Metric: sla.TotalResolution().Name, Offset: time.Hour,
				Actions: []sla.Action{{Kind: sla.ActionReassign, Group: "tier2"}}},
		},
	}}
}

// testRules are follow-up rules: status updates on outages (every 30
// minutes for two hours, then hourly) and bump-bump on pending tickets.
func testRules() followup.Rules {
	return followup.Rules{
		{Name: "outage", Match: followup.Match{TagsAny: []string{"outage"}},
			Cadence: &followup.Cadence{Stages: []followup.Stage{{Every: 30 * time.Minute, For: 2 * time.Hour}, {Every: time.Hour}}}},
		{Name: "waiting", Nudges: []followup.Nudge{{After: followup.Wall(2 * time.Hour)}, {After: followup.Wall(5 * time.Hour)}}},
	}
}

// testPlanner returns a planner for testRules.
func testPlanner(t testing.TB) *followup.Planner {
	t.Helper()
	p, err := followup.NewPlanner(testRules(), nil)
	require.NoError(t, err)
	return p
}

// fired is one action a handler was handed.
type fired struct {
	source, key string
	ticket      ticket.ID
	due, now    time.Time
	seen        time.Time // the real time the handler ran
}

// recorder is a handler that writes each action's key to the table
// app_effects in the firing's transaction (its primary key would refuse a
// second write of a key) and remembers the calls; fail, when set, decides
// whether a call fails.
type recorder struct {
	mu    sync.Mutex
	calls []fired
	fail  func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error
}

// withEffects is a migrated pool (see migrated) that also holds the
// handler's table, app_effects.
func withEffects(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	pool := migrated(t, maxConns)
	_, err := pool.Exec(context.Background(), effectsSQL)
	require.NoError(t, err)
	return pool
}

// effectsSQL creates the handler's table.
const effectsSQL = `CREATE TABLE app_effects (source text, key text, PRIMARY KEY (source, key))`

// Fire implements wakeup.Handler.
func (r *recorder) Fire(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error {
	var got []fired
	for _, f := range w.SLA {
		got = append(got, fired{source: "sla", key: f.Key, ticket: w.TicketID, due: f.At, now: w.Now})
	}
	for _, it := range w.FollowUps {
		got = append(got, fired{source: "followup", key: it.Key, ticket: w.TicketID, due: it.At, now: w.Now})
	}
	for _, f := range got {
		if _, err := tx.Exec(ctx, `INSERT INTO app_effects VALUES ($1, $2)`, f.source, f.key); err != nil {
			return err
		}
	}
	r.mu.Lock()
	fail := r.fail
	r.mu.Unlock()
	if fail != nil {
		if err := fail(ctx, tx, w); err != nil {
			return err
		}
	}
	seen := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range got {
		got[i].seen = seen
		r.calls = append(r.calls, got[i])
	}
	return nil
}

// setFail replaces the failure rule.
func (r *recorder) setFail(f func(ctx context.Context, tx pgx.Tx, w wakeup.Wake) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

// newScheduler returns a scheduler on pool with the test policies and rules.
func newScheduler(t testing.TB, pool *pgxpool.Pool, h wakeup.Handler, now func() time.Time, tune func(*wakeup.Config)) *wakeup.Scheduler {
	t.Helper()
	cfg := wakeup.Config{Pool: pool, Store: pgstore.New(pool), Policies: testPolicies(), Planner: testPlanner(t),
		Handler: h, Now: now, Interval: 100 * time.Millisecond, MaxAttempts: 3}
	if tune != nil {
		tune(&cfg)
	}
	s, err := wakeup.New(cfg)
	require.NoError(t, err)
	return s
}

// newClient returns a River client running s's workers on pool, with the
// simulated clock when one is given; it is started, and stopped at cleanup.
func newClient(t testing.TB, pool *pgxpool.Pool, s *wakeup.Scheduler, clock *simClock, workers int) *river.Client[pgx.Tx] {
	t.Helper()
	return newClientWith(t, pool, s, clock, workers, nil)
}

// newClientWith is newClient with the client's config changed by tune
// (when not nil) before the client is made.
func newClientWith(t testing.TB, pool *pgxpool.Pool, s *wakeup.Scheduler, clock *simClock, workers int, tune func(*river.Config)) *river.Client[pgx.Tx] {
	t.Helper()
	ws := river.NewWorkers()
	require.NoError(t, s.AddWorkers(ws))
	cfg := &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:           ws,
		PeriodicJobs:      []*river.PeriodicJob{s.PeriodicJob()},
		FetchCooldown:     10 * time.Millisecond,
		FetchPollInterval: 50 * time.Millisecond,
		Logger:            slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if clock != nil {
		cfg.Test.Time = clock
		cfg.RetryPolicy = soonRetry{clock}
		// River's cleaner would take the simulated months-old jobs for
		// expired ones and delete them before the tests read them.
		cfg.CompletedJobRetentionPeriod = 10 * 365 * 24 * time.Hour
		cfg.DiscardedJobRetentionPeriod = 10 * 365 * 24 * time.Hour
	}
	if tune != nil {
		tune(cfg)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	require.NoError(t, err)
	require.NoError(t, client.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
	return client
}

// logOut receives River's warnings and errors.
var logOut io.Writer = io.Discard

// soonRetry retries a failed job one simulated second after its attempt.
type soonRetry struct{ clock *simClock }

// NextRetry implements river.ClientRetryPolicy.
func (r soonRetry) NextRetry(*rivertype.JobRow) time.Time { return r.clock.Now().Add(time.Second) }

// create returns the Created event of a ticket.
func create(id ticket.ID, at time.Time, prio ticket.Priority, tags ...string) ticket.Event {
	return ticket.Event{TicketID: id, Seq: 1, At: at, Actor: ticket.Customer("ola"), Data: ticket.Created{
		Subject: "VPN drops", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
		Priority: prio, Tags: tags, Status: ticket.StatusNew,
	}}
}

// reply returns an agent's public reply.
func reply(id ticket.ID, seq int, at time.Time) ticket.Event {
	return ticket.Event{TicketID: id, Seq: seq, At: at, Actor: ticket.Agent("ingrid"),
		Data: ticket.Message{Public: true, Channel: ticket.ChannelEmail, Body: "On it."}}
}

// status returns a status change by an agent.
func status(id ticket.ID, seq int, at time.Time, from, to ticket.Status) ticket.Event {
	return ticket.Event{TicketID: id, Seq: seq, At: at, Actor: ticket.Agent("ingrid"),
		Data: ticket.StatusChanged{From: from, To: to}}
}

// appendTx appends events in a transaction of its own through s.
func appendTx(ctx context.Context, pool *pgxpool.Pool, s *wakeup.Scheduler, id ticket.ID, expected int, events ...ticket.Event) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := s.AppendTx(ctx, tx, id, expected, events); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// wakeupRow reads a ticket's wake-up: its instant and state, ok false when
// it has none.
func wakeupRow(t testing.TB, pool *pgxpool.Pool, id ticket.ID) (time.Time, string, bool) {
	t.Helper()
	var (
		due   time.Time
		state string
	)
	err := pool.QueryRow(context.Background(), `SELECT due_at, state FROM desk_wakeups WHERE ticket_id = $1`, id).Scan(&due, &state)
	if err == pgx.ErrNoRows {
		return time.Time{}, "", false
	}
	require.NoError(t, err)
	return due, state, true
}

// ledgerRow is one row of the ledger.
type ledgerRow struct {
	source, key string
	ticket      ticket.ID
	due, fired  time.Time
	skipped     bool
	reason      string
}

// readLedger reads the whole ledger, ordered by key.
func readLedger(t testing.TB, pool *pgxpool.Pool) []ledgerRow {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT source, key, ticket_id, due_at, fired_at, skipped, reason FROM desk_wakeup_ledger ORDER BY source, key`)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ledgerRow, error) {
		var l ledgerRow
		err := r.Scan(&l.source, &l.key, &l.ticket, &l.due, &l.fired, &l.skipped, &l.reason)
		return l, err
	})
	require.NoError(t, err)
	return out
}

// count runs a count query.
func count(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

// tick lets simulated time creep on, a second per 200ms of real time, as
// the simulation's drain does; faster, River's leader elector (which
// re-elects every 5s of real time with a 15s term counted on the stubbed
// clock) steps down.
func tick(clock *simClock) {
	time.Sleep(180 * time.Millisecond)
	clock.Add(time.Second)
}

// eventually polls cond every 20ms until it holds or d passed.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tid returns a name-based ticket ID.
func tid(name string, n int) ticket.ID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprintf("wakeup-test:%s:%d", name, n)))
}
