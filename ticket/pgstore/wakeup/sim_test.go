package wakeup_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore/wakeup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simTicket is a generated ticket: its state, its history so far, and the
// changes a script makes to it later in simulated time.
type simTicket struct {
	id     ticket.ID
	tk     ticket.Ticket
	events []ticket.Event
	script []change
}

// change is a scripted change: at or after at, do is applied to the ticket
// at the clock's instant.
type change struct {
	at time.Time
	do func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error)
}

// sim plays generated tickets forward in simulated time against a
// scheduler and River clients, and checks the ledger against the pure
// functions.
type sim struct {
	t        *testing.T
	pool     *pgxpool.Pool
	s        *wakeup.Scheduler
	clock    *simClock
	tickets  []*simTicket
	instants []time.Time // every instant the simulation stopped at or appended at
	// between runs after the clock moved to a step's instant, before the
	// drain: the fault tests inject their faults there.
	between func(step int)
}

// agent and customer are the simulation's actors.
var (
	agent    = ticket.Agent("ingrid")
	customer = ticket.Customer("ola")
)

// generate makes n tickets: most created before t0 (so some actions are
// already due at the start), the rest at random instants in the period;
// each has a random priority, an outage tag one time in five, and a script
// of replies, pending spells, customer answers, agent-set follow-up dates
// and solves spread over the period.
func generate(rng *rand.Rand, n int, period time.Duration) []*simTicket {
	prios := []ticket.Priority{ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}
	minutes := func(max time.Duration) time.Duration {
		return time.Duration(rng.Int64N(int64(max/time.Minute))+1) * time.Minute
	}
	out := make([]*simTicket, n)
	for i := range out {
		st := &simTicket{id: tid("sim", i)}
		created := t0.Add(-minutes(3 * time.Hour))
		if i%5 == 4 {
			created = t0.Add(minutes(period / 2))
		}
		var tags []string
		if rng.IntN(5) == 0 {
			tags = []string{"outage"}
		}
		prio := prios[rng.IntN(len(prios))]
		st.script = append(st.script, change{at: created, do: func(_ ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
			return ticket.Create(nil, st.id, now, customer, ticket.Created{Subject: "VPN drops", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "ola"}, Priority: prio, Tags: tags})
		}})
		at := created
		for range rng.IntN(5) {
			at = at.Add(minutes(3 * time.Hour))
			switch rng.IntN(6) {
			case 0, 1:
				st.script = append(st.script, change{at: at, do: func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
					return tk.Reply(now, agent, ticket.Message{Public: true, Body: "Working on it."})
				}})
			case 2:
				st.script = append(st.script, change{at: at, do: func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
					return tk.ReplyWithStatus(now, agent, ticket.Message{Public: true, Body: "Which version?"}, ticket.StatusPending)
				}})
			case 3:
				st.script = append(st.script, change{at: at, do: func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
					return tk.Reply(now, customer, ticket.Message{Public: true, Body: "4.2"})
				}})
			case 4:
				st.script = append(st.script, change{at: at, do: func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
					return tk.SetFollowUp(now, agent, ticket.FollowUpSet{Due: now.Add(90 * time.Minute), Owner: "ingrid", Note: "call back"})
				}})
			case 5:
				st.script = append(st.script, change{at: at, do: func(tk ticket.Ticket, now time.Time) (ticket.Ticket, []ticket.Event, error) {
					return tk.SetStatus(now, agent, ticket.StatusSolved)
				}})
			}
		}
		out[i] = st
	}
	return out
}

// retry runs f until it succeeds, for up to a minute: the server may be
// restarting.
func (m *sim) retry(what string, f func(ctx context.Context) error) {
	m.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err := f(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// apply applies the ticket's scripted changes that are due by now, each
// with AppendTx in a transaction of its own. A change the ticket's state
// refuses (a reply to a solved ticket) is dropped.
func (m *sim) apply(st *simTicket, now time.Time) bool {
	applied := false
	for len(st.script) > 0 && !st.script[0].at.After(now) {
		c := st.script[0]
		st.script = st.script[1:]
		next, evs, err := c.do(st.tk, now)
		if err != nil || len(evs) == 0 {
			continue
		}
		expected := len(st.events)
		m.retry("append", func(ctx context.Context) error {
			err := appendTx(ctx, m.pool, m.s, st.id, expected, evs...)
			var ce *ticket.ConflictError
			if errors.As(err, &ce) && ce.Actual == expected+len(evs) {
				return nil // a commit whose acknowledgement the restart lost
			}
			return err
		})
		st.tk, st.events, applied = next, append(st.events, evs...), true
	}
	return applied
}

// drain waits until no scheduled wake-up is due at the clock's instant and
// no ticket is being retried. While it waits, simulated time creeps on a
// second per 200ms, as it would: River's periodic enqueuer sees time pass
// and enqueues sweeps again after a failed one.
func (m *sim) drain(limit time.Duration) {
	m.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var due int
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := m.pool.QueryRow(ctx, `SELECT count(*) FROM desk_wakeups WHERE (state = 'scheduled' AND due_at <= $1) OR state = 'retrying'`, m.clock.Now()).Scan(&due)
		cancel()
		if err == nil && due == 0 {
			return
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("wake-ups still due after %v (last count %d, error %v)", limit, due, err)
		}
		time.Sleep(200 * time.Millisecond)
		m.clock.Add(time.Second)
	}
}

// run plays the tickets from t0 through t0+period in steps.
func (m *sim) run(period, step time.Duration) {
	m.t.Helper()
	m.clock.Set(t0)
	for i, st := range m.tickets {
		if !st.script[0].at.After(t0) {
			// Tickets created before t0 are stored at t0, with their
			// creation instant.
			c := st.script[0]
			st.script = st.script[1:]
			tk, evs, err := c.do(ticket.Ticket{}, c.at)
			require.NoError(m.t, err)
			m.retry("create", func(ctx context.Context) error { return appendTx(ctx, m.pool, m.s, st.id, 0, evs...) })
			st.tk, st.events = tk, evs
			m.instants = append(m.instants, c.at)
		}
		_ = i
	}
	m.instants = append(m.instants, t0)
	n := 0
	for at := t0; !at.After(t0.Add(period)); at = at.Add(step) {
		if at.After(m.clock.Now()) {
			m.clock.Set(at)
		}
		m.instants = append(m.instants, m.clock.Now())
		if m.between != nil {
			m.between(n)
		}
		m.drain(2 * time.Minute)
		now := m.clock.Now()
		m.instants = append(m.instants, now)
		for _, st := range m.tickets {
			m.apply(st, now)
		}
		m.drain(2 * time.Minute)
		m.instants = append(m.instants, m.clock.Now())
		n++
	}
}

// action is an expected or recorded action.
type action struct{ source, key string }

// oracle returns every action the pure functions say comes due for the
// tickets at the instants the simulation passed through: at each instant x,
// evaluated with the events before x and with those at or before x.
func (m *sim) oracle() map[action]time.Time {
	m.t.Helper()
	planner := testPlanner(m.t)
	ev, err := sla.NewEvaluator(testPolicies())
	require.NoError(m.t, err)
	instants := slices.Clone(m.instants)
	sort.Slice(instants, func(i, j int) bool { return instants[i].Before(instants[j]) })
	instants = slices.CompactFunc(instants, func(a, b time.Time) bool { return a.Equal(b) })
	want := make(map[action]time.Time)
	for _, st := range m.tickets {
		for _, x := range instants {
			for _, inclusive := range []bool{false, true} {
				n := 0
				for n < len(st.events) && (st.events[n].At.Before(x) || inclusive && st.events[n].At.Equal(x)) {
					n++
				}
				if n == 0 {
					continue
				}
				r, err := ev.Evaluate(st.events[:n], x)
				require.NoError(m.t, err)
				due, err := r.Due(sla.Checkpoint{}, sla.CatchUp{})
				require.NoError(m.t, err)
				for _, f := range due {
					want[action{"sla", f.Key}] = f.At
				}
				p, err := planner.Plan(st.events[:n], x)
				require.NoError(m.t, err)
				for _, it := range p.Due {
					want[action{"followup", it.Key}] = it.At
				}
			}
		}
	}
	return want
}

// check compares the ledger and the handler's table with the oracle:
// every action exactly once, none missing, none extra, each fired at or
// after its instant.
func (m *sim) check() map[action]time.Time {
	m.t.Helper()
	want := m.oracle()
	ledger := readLedger(m.t, m.pool)
	got := make(map[action]ledgerRow, len(ledger))
	for _, l := range ledger {
		got[action{l.source, l.key}] = l
		assert.False(m.t, l.skipped, "%s %s skipped", l.source, l.key)
		due := want[action{l.source, l.key}]
		assert.True(m.t, !l.fired.Before(due.Truncate(time.Microsecond)), "%s %s fired at %v before its instant %v", l.source, l.key, l.fired, due)
		assert.True(m.t, l.due.Equal(due.Truncate(time.Microsecond)), "%s %s recorded due %v, want %v", l.source, l.key, l.due, due)
	}
	var missing, extra []string
	for a := range want {
		if _, ok := got[a]; !ok {
			missing = append(missing, a.source+" "+a.key)
		}
	}
	for a := range got {
		if _, ok := want[a]; !ok {
			extra = append(extra, a.source+" "+a.key)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	assert.Empty(m.t, missing, "due but not in the ledger")
	assert.Empty(m.t, extra, "in the ledger but never due")
	assert.Equal(m.t, len(ledger), count(m.t, m.pool, `SELECT count(*) FROM app_effects`), "the handler's rows commit with the ledger")
	assert.Equal(m.t, 0, count(m.t, m.pool, `SELECT count(*) FROM app_effects e WHERE NOT EXISTS (SELECT 1 FROM desk_wakeup_ledger l WHERE l.source = e.source AND l.key = e.key)`))
	return want
}

// restartServer restarts PostgreSQL with the command .ci/pg.sh exports.
func restartServer(t *testing.T, cmd string) {
	t.Helper()
	out, err := exec.Command("bash", "-c", cmd).CombinedOutput()
	require.NoError(t, err, "restart: %s", out)
}

// summary describes what a run fired, for the test log.
func summary(want map[action]time.Time) string {
	bySource := map[string]int{}
	for a := range want {
		bySource[a.source]++
	}
	return fmt.Sprintf("%d actions (%d SLA levels, %d follow-ups)", len(want), bySource["sla"], bySource["followup"])
}
