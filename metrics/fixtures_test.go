package metrics_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// story builds one ticket's history with the ticket commands, failing the
// test on any refused command.
type story struct {
	t      testing.TB
	tk     ticket.Ticket
	events []ticket.Event
}

func newStory(t testing.TB, n int, at time.Time, c ticket.Created) *story {
	t.Helper()
	if c.Requester.CustomerID == "" {
		c.Requester.CustomerID = "ola"
	}
	if c.Channel == "" {
		c.Channel = ticket.ChannelEmail
	}
	tk, ev, err := ticket.Create(nil, tid(n), at, ticket.Customer(c.Requester.CustomerID), c)
	require.NoError(t, err)
	return &story{t: t, tk: tk, events: ev}
}

func (s *story) do(tk ticket.Ticket, ev []ticket.Event, err error) *story {
	s.t.Helper()
	require.NoError(s.t, err)
	s.tk = tk
	s.events = append(s.events, ev...)
	return s
}

func (s *story) reply(at time.Time, by ticket.Actor) *story {
	return s.do(s.tk.Reply(at, by, ticket.Message{Public: true}))
}

func (s *story) note(at time.Time, by ticket.Actor) *story {
	return s.do(s.tk.Reply(at, by, ticket.Message{Public: false}))
}

func (s *story) status(at time.Time, st ticket.Status) *story {
	return s.do(s.tk.SetStatus(at, ticket.Agent("ingrid"), st))
}

func (s *story) assign(at time.Time, agent, group string) *story {
	return s.do(s.tk.Assign(at, rule, agent, group))
}

func (s *story) rate(at time.Time, score, scale int) *story {
	return s.do(s.tk.Rate(at, ticket.Customer("ola"), ticket.Rated{Survey: ticket.SurveyCSAT, Score: score, Scale: scale}))
}

var (
	ingrid = ticket.Agent("ingrid")
	kari   = ticket.Agent("kari")
	ola    = ticket.Customer("ola")
)

// oslo returns an instant given as wall-clock time in Oslo.
func oslo(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, mustLoc(t, "Europe/Oslo"))
	require.NoError(t, err)
	return at
}

// fixtureA: reopened, a bot message, an internal note, reassigned to
// another group, rated. Mon 2026-03-23, desk open Mon–Fri 08–16.
func fixtureA(t testing.TB) []ticket.Event {
	return newStory(t, 1, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "invoice", Group: "l1", Category: "billing", Priority: ticket.PriorityNormal}).
		assign(oslo(t, "2026-03-23 09:05"), "ingrid", "l1").
		reply(oslo(t, "2026-03-23 09:10"), botty).  // a bot's public message is no reply
		note(oslo(t, "2026-03-23 09:20"), ingrid).  // nor is an internal note
		reply(oslo(t, "2026-03-23 10:00"), ingrid). // first reply: 1h
		reply(oslo(t, "2026-03-23 10:30"), ola).
		reply(oslo(t, "2026-03-23 11:00"), ola).
		reply(oslo(t, "2026-03-23 12:00"), ingrid). // next reply: 1h30m from 10:30
		status(oslo(t, "2026-03-23 13:00"), ticket.StatusSolved).
		reply(oslo(t, "2026-03-24 09:00"), ola). // reopens
		assign(oslo(t, "2026-03-24 10:00"), "kari", "l2").
		reply(oslo(t, "2026-03-24 11:00"), kari). // next reply: 2h
		status(oslo(t, "2026-03-24 12:00"), ticket.StatusSolved).
		rate(oslo(t, "2026-03-24 13:00"), 5, 5).events
}

func TestFactsFixtureA(t *testing.T) {
	fo, err := metrics.NewFolder(metrics.Definitions{}, deskCalendar(t), time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	require.NoError(t, fo.Fold(&f, fixtureA(t)))
	e := func(cal, biz time.Duration) metrics.Elapsed {
		return metrics.Elapsed{Calendar: cal, Business: biz, Known: true}
	}
	assert.Equal(t, e(time.Hour, time.Hour), f.FirstReply)
	// The 09:00 message reopens the solved ticket and starts a next reply
	// (sla's NextReply); kari answers at 11:00.
	assert.Equal(t, []metrics.NextReply{
		{Calendar: 90 * time.Minute, Business: 90 * time.Minute, At: oslo(t, "2026-03-23 12:00"), Replier: "ingrid", Assignee: "ingrid", Group: "l1"},
		{Calendar: 2 * time.Hour, Business: 2 * time.Hour, At: oslo(t, "2026-03-24 11:00"), Replier: "kari", Assignee: "kari", Group: "l2"},
	}, f.NextReplies)
	assert.False(t, f.NextReplyWaiting)
	assert.Equal(t, e(4*time.Hour, 4*time.Hour), f.FirstResolution)
	// Mon 09:00 → Tue 12:00: 27h; open hours Mon 09–16 and Tue 08–12: 11h.
	assert.Equal(t, e(27*time.Hour, 11*time.Hour), f.FullResolution)
	// new 09–10, open 10–13, open again Tue 09–12.
	assert.Equal(t, e(7*time.Hour, 7*time.Hour), f.RequesterWait)
	assert.Equal(t, e(7*time.Hour, 7*time.Hour), f.AgentWork)
	assert.Equal(t, e(0, 0), f.AgentWait)
	assert.Equal(t, 3, f.AgentReplies)
	assert.Equal(t, 3, f.CustomerMessages)
	assert.Equal(t, 1, f.InternalNotes)
	assert.Equal(t, 3, f.RepliesToResolve)
	assert.Equal(t, 6, f.InteractionsToResolve)
	assert.Equal(t, 1, f.Reopens)
	assert.Equal(t, 2, f.Solves)
	assert.Equal(t, 1, f.Reassignments)
	assert.Equal(t, 1, f.GroupHops)
	assert.False(t, f.OneTouch(metrics.OneTouchFewerThanTwo))
	assert.False(t, f.FirstContact(metrics.OneTouchFewerThanTwo))
	assert.Equal(t, "ingrid", f.FirstReplyAgent)
	assert.Equal(t, "kari", f.ResolverAgent)
	assert.Equal(t, "ingrid", f.FirstResolverAgent)
	csat := f.Rating(ticket.SurveyCSAT)
	assert.Equal(t, metrics.Rating{Score: 5, Scale: 5, At: oslo(t, "2026-03-24 13:00"), Agent: "kari", Group: "l2", Known: true}, csat)
	// ingrid assigned Mon 09:05–13:00 and Tue 09:00–10:00; kari Tue 10:00–12:00.
	shares := map[string]time.Duration{}
	for _, a := range f.Agents {
		shares[a.Agent] = a.Assigned
	}
	assert.Equal(t, map[string]time.Duration{"ingrid": 4*time.Hour + 55*time.Minute, "kari": 2 * time.Hour}, shares)
}

func TestFactsCredit(t *testing.T) {
	cases := []struct {
		credit                       metrics.Credit
		firstReply, resolver, rating string
	}{
		{metrics.CreditAssigneeAtEvent, "ingrid", "kari", "kari"},
		{metrics.CreditCurrentAssignee, "kari", "kari", "kari"},
		{metrics.CreditLastReplier, "kari", "kari", "kari"},
		{metrics.CreditResolver, "kari", "kari", "kari"},
	}
	for _, c := range cases {
		t.Run(string(c.credit), func(t *testing.T) {
			fo, err := metrics.NewFolder(metrics.Definitions{Credit: c.credit}, nil, time.Time{}, time.Time{})
			require.NoError(t, err)
			var f metrics.Facts
			require.NoError(t, fo.Fold(&f, fixtureA(t)))
			assert.Equal(t, c.firstReply, f.FirstReplyAgent)
			assert.Equal(t, c.resolver, f.ResolverAgent)
			assert.Equal(t, c.rating, f.Rating(ticket.SurveyCSAT).Agent)
		})
	}
}

// TestReportFixtures: hand-computed KPIs over five tickets — reopened (A),
// never replied across the spring-forward night (B), merged away (M), a
// one-touch ticket on a public holiday in an excluded CSAT category (C),
// and a ticket solved without any reply (D).
func TestReportFixtures(t *testing.T) {
	now := oslo(t, "2026-04-03 12:00")
	b := newStory(t, 2, oslo(t, "2026-03-27 15:00"), ticket.Created{Subject: "silence", Group: "l1", Category: "billing"})
	// C: Maundy Thursday (a public holiday); M, a duplicate, is merged into it.
	m := newStory(t, 4, oslo(t, "2026-04-02 09:05"), ticket.Created{Subject: "storm again", Group: "l1", Category: "weather"})
	c := newStory(t, 3, oslo(t, "2026-04-02 09:00"), ticket.Created{Subject: "storm", Group: "l1", Category: "weather"}).
		reply(oslo(t, "2026-04-02 09:30"), ingrid)
	res, err := ticket.Merge(oslo(t, "2026-04-02 09:40"), ingrid, m.tk, c.tk)
	require.NoError(t, err)
	m.events = append(m.events, res.SourceEvents...)
	c.tk, c.events = res.Target, append(c.events, res.TargetEvents...)
	c.status(oslo(t, "2026-04-02 10:00"), ticket.StatusSolved).rate(oslo(t, "2026-04-02 11:00"), 1, 5)
	d := newStory(t, 5, oslo(t, "2026-03-25 10:00"), ticket.Created{Subject: "nvm", Group: "l2", Category: "howto"}).
		status(oslo(t, "2026-03-25 10:20"), ticket.StatusSolved)

	report := func(defs metrics.Definitions) *metrics.Report {
		r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: deskCalendar(t), Now: now,
			CSATExclude: []string{"weather"}, Definitions: defs,
			Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}, {metrics.DimCategory}}})
		require.NoError(t, err)
		for _, h := range [][]ticket.Event{fixtureA(t), b.events, c.events, m.events, d.events} {
			require.NoError(t, r.Add(h))
		}
		return r
	}
	r := report(metrics.Definitions{})
	assert.Equal(t, 4, r.Tickets)
	assert.Equal(t, &metrics.Removal{Count: 1, Tickets: []ticket.ID{tid(4)}}, r.Removed[metrics.RemovedMergedAway])

	fr := r.All.FirstReply.Stats(metrics.NearestRank)
	assert.Equal(t, metrics.Stats{Count: 2, Censored: 2, Mean: 45 * time.Minute, Median: 30 * time.Minute, P90: time.Hour,
		Min: 30 * time.Minute, Max: time.Hour, Method: metrics.NearestRank, Ok: true}, fr)
	lin := r.All.FirstReply.Stats(metrics.Linear)
	assert.Equal(t, 45*time.Minute, lin.Median)
	assert.Equal(t, 57*time.Minute, lin.P90) // 30m + 0.9 × 30m
	// C was replied to on a public holiday: 0 business time.
	assert.Equal(t, []time.Duration{0, time.Hour}, r.All.FirstReplyBusiness.Values())

	// B: Fri 15:00 CET → Fri 2026-04-03 12:00 CEST, across the spring-forward night: 7 days − 3h − 1h.
	bw := r.Breakdowns[1].Get("billing").RequesterWait.Values()
	assert.Contains(t, bw, 7*24*time.Hour-4*time.Hour)

	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 3}, r.All.Reopened)
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 3}, r.All.OneTouch)
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 3}, r.All.FCR)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 1, Excluded: []metrics.Exclusion{{Ticket: tid(3), Reason: metrics.ReasonCategoryExcluded}}}, r.All.CSAT)
	assert.Equal(t, metrics.Mean{Sum: 3 + 1 + 0, Count: 3}, r.All.RepliesToResolve)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 4}, r.All.Escalated)
	pct, ok := r.All.Reopened.Percent(2, metrics.RoundHalfUp)
	assert.True(t, ok)
	assert.Equal(t, "33.33", pct.StringFixed(2))

	// Per agent, as of each event: ingrid replied first on A, kari resolved A and got its rating.
	kariKPIs := r.Breakdowns[0].Get("kari")
	require.NotNil(t, kariKPIs)
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 1}, kariKPIs.CSAT)
	assert.Equal(t, metrics.Rate{}, kariKPIs.Reopened, "the reopen is credited at the first solve, ingrid's")
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 1}, r.Breakdowns[0].Get("ingrid").Reopened)
	assert.Equal(t, []time.Duration{time.Hour}, r.Breakdowns[0].Get("ingrid").FirstReply.Values())

	exactlyOne := report(metrics.Definitions{OneTouch: metrics.OneTouchExactlyOne})
	assert.Equal(t, metrics.Rate{Numerator: 1, Denominator: 3}, exactlyOne.All.OneTouch)

	// Workload: replies and touched tickets per agent.
	// ingrid: replies on A (2) and C, assigned on A; D touched by its status change.
	assert.Equal(t, metrics.AgentLoad{Tickets: 3, Assigned: 1, Replied: 2, Replies: 3}, *r.Workload.Agents["ingrid"])
	assert.Equal(t, metrics.AgentLoad{Tickets: 1, Assigned: 1, Replied: 1, Replies: 1}, *r.Workload.Agents["kari"])
}

func TestBucketsAcrossDST(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	cases := []struct {
		name    string
		created time.Time
		dim     metrics.Dimension
		want    string
	}{
		{"first 02:30 of the autumn night", at("2026-10-25T02:30:00+02:00"), metrics.DimHour, "2026-10-25T02:00+02:00"},
		{"second 02:30 of the autumn night", at("2026-10-25T02:30:00+01:00"), metrics.DimHour, "2026-10-25T02:00+01:00"},
		{"after the skipped spring hour", at("2026-03-29T03:30:00+02:00"), metrics.DimHour, "2026-03-29T03:00+02:00"},
		{"late on the 23-hour day", at("2026-03-29T23:30:00+02:00"), metrics.DimDay, "2026-03-29"},
		{"late on the 25-hour day", at("2026-10-25T23:30:00+01:00"), metrics.DimDay, "2026-10-25"},
		{"last half hour of April, local", at("2026-04-30T23:30:00+02:00"), metrics.DimMonth, "2026-04"},
		{"first half hour of May, local (April in UTC)", at("2026-05-01T00:30:00+02:00"), metrics.DimMonth, "2026-05"},
		{"Sunday ends ISO week", at("2026-01-04T23:00:00+01:00"), metrics.DimWeek, "2026-W01"},
		{"ISO week 53", at("2026-12-31T12:00:00+01:00"), metrics.DimWeek, "2026-W53"},
		{"year edge, local", at("2026-12-31T23:30:00+01:00"), metrics.DimYear, "2026"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := metrics.NewReport(metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{c.dim}}})
			require.NoError(t, err)
			require.NoError(t, r.Add(newStory(t, 100+i, c.created, ticket.Created{Subject: "x"}).events))
			gs := r.Breakdowns[0].Groups()
			require.Len(t, gs, 1)
			assert.Equal(t, []string{c.want}, gs[0].Key)
		})
	}
	// The two October 02:xx hours stay two buckets in one report.
	r, err := metrics.NewReport(metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{metrics.DimHour}}, VolumeBucket: metrics.DimHour})
	require.NoError(t, err)
	require.NoError(t, r.Add(newStory(t, 1, at("2026-10-25T02:30:00+02:00"), ticket.Created{Subject: "x"}).events))
	require.NoError(t, r.Add(newStory(t, 2, at("2026-10-25T02:30:00+01:00"), ticket.Created{Subject: "x"}).events))
	assert.Len(t, r.Breakdowns[0].Groups(), 2)
	bs := r.Volume.Buckets()
	require.Len(t, bs, 2)
	assert.Equal(t, time.Hour, bs[1].Start.Sub(bs[0].Start))
	assert.Equal(t, 2, r.Volume.Heatmap[6][2]) // both on Sunday, hour 2 of the wall clock
}

func TestSLAAchievement(t *testing.T) {
	now := oslo(t, "2026-03-23 14:00")
	ps := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 90 * time.Minute}}}}
	hs := [][]ticket.Event{
		newStory(t, 1, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "a"}).reply(oslo(t, "2026-03-23 10:00"), ingrid).events, // achieved
		newStory(t, 2, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "b"}).reply(oslo(t, "2026-03-23 09:05"), ingrid).events, // achieved
		newStory(t, 3, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "c"}).events,                                            // breached, still open
		newStory(t, 4, oslo(t, "2026-03-23 13:30"), ticket.Created{Subject: "d"}).events,                                            // active: excluded
		newStory(t, 5, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "e"}).reply(oslo(t, "2026-03-23 11:00"), ingrid).events, // breached, replied
	}
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Now: now, SLA: ps})
	require.NoError(t, err)
	for _, h := range hs {
		require.NoError(t, r.Add(h))
	}
	got := r.All.SLA["std/"+sla.NameFirstReply]
	require.NotNil(t, got)
	assert.Equal(t, &metrics.Rate{Numerator: 2, Denominator: 4, Excluded: []metrics.Exclusion{{Ticket: tid(4), Reason: metrics.ReasonClockActive}}}, got)

	// The metrics first reply agrees with the SLA clock on every history (24/7).
	long := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: 1000 * time.Hour}}}}
	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	for _, h := range genHistories(t, newRand(9), 200) {
		require.NoError(t, fo.Fold(&f, h))
		res, err := long.Evaluate(h, h[len(h)-1].At)
		require.NoError(t, err)
		for _, in := range res.Instances {
			if in.Metric.Name != sla.NameFirstReply || in.State != sla.StateFulfilled {
				continue
			}
			if f.FirstReply.Known && in.End.Equal(f.FirstReplyAt) {
				assert.Equal(t, in.Elapsed, f.FirstReply.Calendar, f.Ticket.String())
			} else {
				assert.True(t, f.Solves > 0 || f.Merged(), "sla fulfilled first reply without a reply or solve: %s", f.Ticket)
			}
		}
	}
}

func TestReportErrors(t *testing.T) {
	loc := mustLoc(t, "Europe/Oslo")
	t0 := oslo(t, "2026-03-23 09:00")
	cases := []struct {
		name string
		cfg  metrics.Config
		want []error
	}{
		{"no location", metrics.Config{}, []error{metrics.ErrInvalidConfig}},
		{"empty range", metrics.Config{Location: loc, From: t0, To: t0}, []error{metrics.ErrInvalidConfig, metrics.ErrEmptyRange}},
		{"unknown dimension", metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{"colour"}}}, []error{metrics.ErrUnknownDimension}},
		{"too many dimensions", metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{"agent", "group", "tag", "day"}}}, []error{metrics.ErrInvalidConfig}},
		{"repeated dimension", metrics.Config{Location: loc, Breakdowns: [][]metrics.Dimension{{"agent", "agent"}}}, []error{metrics.ErrInvalidConfig}},
		{"volume bucket not a time", metrics.Config{Location: loc, VolumeBucket: metrics.DimAgent}, []error{metrics.ErrUnknownDimension}},
		{"unknown attribution", metrics.Config{Location: loc, Attribution: "whenever"}, []error{metrics.ErrInvalidConfig}},
		{"unknown one-touch", metrics.Config{Location: loc, Definitions: metrics.Definitions{OneTouch: "two"}}, []error{metrics.ErrInvalidConfig}},
		{"unknown credit", metrics.Config{Location: loc, Definitions: metrics.Definitions{Credit: "boss"}}, []error{metrics.ErrInvalidConfig}},
		{"bad sla policy", metrics.Config{Location: loc, SLA: sla.Policies{{Name: ""}}}, []error{metrics.ErrInvalidConfig, sla.ErrInvalidPolicy}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := metrics.NewReport(c.cfg)
			for _, w := range c.want {
				assert.ErrorIs(t, err, w)
			}
			var ce *metrics.ConfigError
			assert.ErrorAs(t, err, &ce)
		})
	}
	_, err := metrics.ParseDimension("colour")
	assert.ErrorIs(t, err, metrics.ErrUnknownDimension)
	_, err = (&metrics.Volume{}).Busiest(calendarDate(2026, 3, 2), calendarDate(2026, 3, 2))
	assert.ErrorIs(t, err, metrics.ErrEmptyRange)
}

func TestCorruptHistories(t *testing.T) {
	good := fixtureA(t)
	mutate := func(f func(h []ticket.Event) []ticket.Event) []ticket.Event {
		h := append([]ticket.Event(nil), good...)
		return f(h)
	}
	cases := []struct {
		name   string
		events []ticket.Event
	}{
		{"no events", nil},
		{"first not created", good[1:]},
		{"foreign ticket", mutate(func(h []ticket.Event) []ticket.Event { h[3].TicketID = tid(99); return h })},
		{"gap in seq", mutate(func(h []ticket.Event) []ticket.Event { return append(h[:3], h[4:]...) })},
		{"time backwards", mutate(func(h []ticket.Event) []ticket.Event { h[5].At = h[1].At.Add(-time.Hour); return h })},
		{"no payload", mutate(func(h []ticket.Event) []ticket.Event { h[2].Data = nil; return h })},
		{"pointer payload", mutate(func(h []ticket.Event) []ticket.Event { m := ticket.Message{}; h[2].Data = &m; return h })},
		{"wrong status from", mutate(func(h []ticket.Event) []ticket.Event {
			for i := range h {
				if sc, ok := h[i].Data.(ticket.StatusChanged); ok {
					sc.From = ticket.StatusPending
					h[i].Data = sc
					break
				}
			}
			return h
		})},
		{"unknown role", mutate(func(h []ticket.Event) []ticket.Event { h[2].Actor.Role = "alien"; return h })},
		{"zero instant", mutate(func(h []ticket.Event) []ticket.Event { h[2].At = time.Time{}; return h })},
	}
	loc := mustLoc(t, "Europe/Oslo")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := metrics.NewReport(metrics.Config{Location: loc})
			require.NoError(t, err)
			err = r.Add(c.events)
			assert.ErrorIs(t, err, metrics.ErrCorruptHistory)
			var he *metrics.HistoryError
			require.ErrorAs(t, err, &he)
			if len(c.events) > 0 {
				assert.Equal(t, c.events[0].TicketID, he.Ticket)
			}
			assert.Equal(t, 0, r.Tickets, "a failed Add changes nothing")

			skip, err := metrics.NewReport(metrics.Config{Location: loc, OnCorrupt: metrics.SkipCorrupt})
			require.NoError(t, err)
			require.NoError(t, skip.Add(c.events))
			require.NoError(t, skip.Add(good))
			assert.Equal(t, 1, skip.Tickets)
			require.Len(t, skip.Skipped, 1)
		})
	}
	var bad metrics.Report
	for _, b := range []string{`{`, `{"version":2}`, `{"version":1,"spec":{"zone":"Mars/Olympus"}}`,
		`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week"},"removed":{"group":{"count":2,"tickets":[]}}}`,
		`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week"},"tickets":-1}`,
		`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week"},"all":{"csat":{"numerator":3,"denominator":1}}}`,
		`{"version":1,"spec":{"zone":"UTC","volume_bucket":"week","breakdowns":[["agent"]]},"breakdowns":[]}`,
	} {
		assert.ErrorIs(t, bad.UnmarshalJSON([]byte(b)), metrics.ErrBadEncoding, b)
	}
	a, err := metrics.NewReport(metrics.Config{Location: loc})
	require.NoError(t, err)
	o, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "UTC")})
	require.NoError(t, err)
	assert.ErrorIs(t, a.Merge(o), metrics.ErrIncompatible)
	assert.ErrorIs(t, a.Merge(a), metrics.ErrIncompatible)
}

func TestFCRNoRepeat(t *testing.T) {
	cust := func(n int, c string) ticket.Created {
		return ticket.Created{Subject: "s", Category: c, Requester: ticket.Requester{CustomerID: fmt.Sprint("cust", n)}}
	}
	solved := func(n int, created string, c ticket.Created) []ticket.Event {
		s := newStory(t, n, oslo(t, created), c)
		at := oslo(t, created)
		return s.reply(at.Add(time.Hour), ingrid).status(at.Add(2*time.Hour), ticket.StatusSolved).events
	}
	hs := [][]ticket.Event{
		solved(1, "2026-03-02 09:00", cust(1, "billing")),                      // repeat below within 7 days: not FCR
		newStory(t, 2, oslo(t, "2026-03-06 09:00"), cust(1, "billing")).events, // the repeat contact (not resolved)
		solved(3, "2026-03-02 09:00", cust(2, "billing")),                      // repeat after 8 days: FCR
		newStory(t, 4, oslo(t, "2026-03-10 12:00"), cust(2, "billing")).events, // outside the window
		solved(5, "2026-03-02 09:00", cust(3, "billing")),                      // other category repeat: FCR
		newStory(t, 6, oslo(t, "2026-03-03 09:00"), cust(3, "login")).events,   // different category
	}
	cfg := metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat}}
	r, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for _, h := range hs {
		require.NoError(t, r.Add(h))
	}
	got, ok := r.FCRNoRepeat()
	require.True(t, ok)
	assert.Equal(t, metrics.Rate{Numerator: 2, Denominator: 3}, got)
	assert.Equal(t, metrics.Rate{Numerator: 3, Denominator: 3}, r.All.FCR, "the ticket-local part alone")

	// Sharded through the encoding gives the same.
	a, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	b, err := metrics.NewReport(cfg)
	require.NoError(t, err)
	for i, h := range hs {
		require.NoError(t, []*metrics.Report{a, b}[i%2].Add(h))
	}
	enc, err := json.Marshal(b)
	require.NoError(t, err)
	var dec metrics.Report
	require.NoError(t, json.Unmarshal(enc, &dec))
	require.NoError(t, a.Merge(&dec))
	got2, ok := a.FCRNoRepeat()
	require.True(t, ok)
	assert.Equal(t, got, got2)

	plain, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	_, ok = plain.FCRNoRepeat()
	assert.False(t, ok)
}

// TestWorkloadAndVolumeFixture: handling time logged on a phone ticket,
// assignment time as a proxy on an email ticket of the same customer,
// workflows, the backlog at an instant and week-over-week change per
// working day across Easter.
func TestWorkloadAndVolumeFixture(t *testing.T) {
	phone := newStory(t, 1, oslo(t, "2026-03-30 09:00"), ticket.Created{Subject: "call", Channel: ticket.ChannelPhone}).
		assign(oslo(t, "2026-03-30 09:00"), "ingrid", "l1")
	phone.do(phone.tk.LogHandling(oslo(t, "2026-03-30 09:10"), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingTalk, Duration: 8 * time.Minute}))
	phone.do(phone.tk.LogHandling(oslo(t, "2026-03-30 09:10"), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingHold, Duration: 2 * time.Minute}))
	phone.do(phone.tk.LogHandling(oslo(t, "2026-03-30 09:15"), ingrid, ticket.HandlingLogged{Agent: "ingrid", Kind: ticket.HandlingAfterCallWork, Duration: 4 * time.Minute}))
	phone.do(phone.tk.ApplyWorkflow(oslo(t, "2026-03-30 09:15"), ingrid, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m1", Name: "Close call"}))
	phone.status(oslo(t, "2026-03-30 09:20"), ticket.StatusSolved)

	email := newStory(t, 2, oslo(t, "2026-03-30 10:00"), ticket.Created{Subject: "mail"}).
		assign(oslo(t, "2026-03-30 10:00"), "kari", "l1").
		reply(oslo(t, "2026-03-30 11:00"), kari)
	email.do(email.tk.ApplyWorkflow(oslo(t, "2026-03-30 11:00"), kari, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m1", Name: "Close call"}))
	email.do(email.tk.ApplyWorkflow(oslo(t, "2026-03-30 11:00"), kari, ticket.WorkflowApplied{Kind: ticket.WorkflowSavedReply, ID: "s9"}))
	email.status(oslo(t, "2026-03-30 13:00"), ticket.StatusSolved) // kari assigned 3h while active

	// Easter week 2026 (Maundy Thursday, Good Friday, Easter Monday the
	// week after): three tickets in week 14, four the week before.
	var hs [][]ticket.Event
	hs = append(hs, phone.events, email.events)
	for i, at := range []string{"2026-03-23 10:00", "2026-03-24 10:00", "2026-03-25 10:00", "2026-03-26 10:00", "2026-03-31 10:00"} {
		hs = append(hs, newStory(t, 10+i, oslo(t, at), ticket.Created{Subject: "x", Requester: ticket.Requester{CustomerID: "other"}}).events)
	}
	cal := deskCalendar(t)
	r, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo"), Calendar: cal, Customers: true,
		BacklogAt: oslo(t, "2026-03-30 12:00")})
	require.NoError(t, err)
	for _, h := range hs {
		require.NoError(t, r.Add(h))
	}
	w := r.Workload
	assert.Equal(t, metrics.AHT{Talk: 8 * time.Minute, Hold: 2 * time.Minute, AfterCallWork: 4 * time.Minute, Handled: 1}, w.Agents["ingrid"].AHT)
	assert.Equal(t, metrics.AHT{Talk: 8 * time.Minute, Hold: 2 * time.Minute, AfterCallWork: 4 * time.Minute, Handled: 1}, *w.Channels[ticket.ChannelPhone])
	aht, ok := w.Channels[ticket.ChannelPhone].Value()
	require.True(t, ok)
	assert.Equal(t, 14*time.Minute, aht)
	_, ok = w.Channels[ticket.ChannelEmail].Value()
	assert.False(t, ok, "no handling logged on email: AHT undefined")
	assert.Equal(t, []metrics.WorkflowUse{
		{Kind: ticket.WorkflowMacro, ID: "m1", Name: "Close call", Uses: 2, Tickets: 2},
		{Kind: ticket.WorkflowSavedReply, ID: "s9", Uses: 1, Tickets: 1},
	}, w.MostUsed(0))
	assert.Equal(t, []metrics.AgentSpent{
		{Agent: "kari", Time: 3 * time.Hour, Proxy: true},
		{Agent: "ingrid", Time: 14 * time.Minute},
	}, w.Customers["ola"].TopAgents())
	assert.Equal(t, 2, w.Customers["ola"].Tickets)

	// At 12:00 on Monday the 30th the email ticket was open, the phone
	// ticket solved, the four of the week before still new, and the one of
	// the 31st not yet created.
	assert.Equal(t, 5, r.Volume.Backlog)

	// Week 14 (Mar 30 – Apr 5) has 2 working days lost to Easter (Thu, Fri): 3 working days.
	c, err := r.Volume.Compare(cal, metrics.PeriodWeek, calendarDate(2026, 4, 1), false)
	require.NoError(t, err)
	assert.Equal(t, metrics.Change{Period: metrics.PeriodWeek,
		CurrentFrom: calendarDate(2026, 3, 30), CurrentTo: calendarDate(2026, 4, 6),
		PreviousFrom: calendarDate(2026, 3, 23), PreviousTo: calendarDate(2026, 3, 30),
		Current: 3, Previous: 4, CurrentDays: 3, PreviousDays: 5}, c)
	pct, ok := c.Percent(1, metrics.RoundHalfEven)
	require.True(t, ok)
	assert.Equal(t, "25", pct.String()) // 3/3 vs 4/5 per working day: +25 %, though the raw count fell
	_, err = r.Volume.Compare(nil, metrics.PeriodWeek, calendarDate(2026, 4, 1), false)
	assert.ErrorIs(t, err, metrics.ErrInvalidConfig)
	noCal, err := metrics.NewReport(metrics.Config{Location: mustLoc(t, "Europe/Oslo")})
	require.NoError(t, err)
	_, err = noCal.Volume.Compare(cal, metrics.PeriodWeek, calendarDate(2026, 4, 1), true)
	assert.ErrorIs(t, err, metrics.ErrInvalidConfig, "open-hour counts were never made: an error, not 0")
	y, err := r.Volume.Compare(cal, metrics.PeriodYear, calendarDate(2026, 4, 1), false)
	require.NoError(t, err)
	assert.Equal(t, calendarDate(2025, 12, 29), y.CurrentFrom) // ISO year 2026 starts on Monday 29 December 2025
	assert.Equal(t, 7, y.Current)
	_, ok = y.Percent(1, metrics.RoundHalfEven)
	assert.False(t, ok, "no tickets the year before: undefined")
}

// TestSLACorruptHistory: a history the fold reads but ticket.Replay (and
// so sla) rejects fails the report with both sentinels, or is skipped.
func TestSLACorruptHistory(t *testing.T) {
	h := newStory(t, 1, oslo(t, "2026-03-23 09:00"), ticket.Created{Subject: "a"}).
		assign(oslo(t, "2026-03-23 09:05"), "ingrid", "l1").
		assign(oslo(t, "2026-03-23 09:10"), "kari", "l1").events
	a := h[2].Data.(ticket.Assigned)
	a.PrevAgent = "nobody" // a spliced history: the fold does not check previous assignees
	h[2].Data = a
	ps := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}}
	loc := mustLoc(t, "Europe/Oslo")

	r, err := metrics.NewReport(metrics.Config{Location: loc, SLA: ps})
	require.NoError(t, err)
	err = r.Add(h)
	assert.ErrorIs(t, err, metrics.ErrCorruptHistory)
	assert.ErrorIs(t, err, ticket.ErrCorruptHistory)
	assert.Equal(t, 0, r.Tickets)

	skip, err := metrics.NewReport(metrics.Config{Location: loc, SLA: ps, OnCorrupt: metrics.SkipCorrupt})
	require.NoError(t, err)
	require.NoError(t, skip.Add(h))
	require.Len(t, skip.Skipped, 1)
	assert.Equal(t, tid(1), skip.Skipped[0].Ticket)
	assert.Equal(t, 0, skip.Tickets)
}
