package metrics_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// steppedSolved is the ticket createdSolved imports with status st, made
// instead with the ticket commands: created new, then set to each status
// of via at the same instant.
func steppedSolved(t *testing.T, n int, at time.Time, via ...ticket.Status) *story {
	t.Helper()
	tk, ev, err := ticket.Create(nil, tid(n), at, ingrid, ticket.Created{
		Subject: "called about the invoice", Channel: ticket.ChannelPhone, Group: "l1", Category: "billing",
		Priority: ticket.PriorityNormal, Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	s := &story{t: t, tk: tk, events: ev}
	for _, st := range via {
		s.status(at, st)
	}
	return s
}

// TestCreatedSolvedReportsAsSolvedAtCreation: a report on tickets created
// solved or closed (imports) holds, KPI by KPI, what it holds on the same
// tickets created new and solved at their creation, whatever follows (a
// rating, a reopen, a reply, a merge away or into them, a repeat contact)
// and however the report attributes, cuts and breaks them down, with SLA
// achievement from package sla; and so does the report after a JSON round
// trip and a merge of two shards.
func TestCreatedSolvedReportsAsSolvedAtCreation(t *testing.T) {
	at := oslo(t, "2026-03-23 09:00")
	type step func(s *story)
	continuations := []struct {
		name string
		then step
	}{
		{"nothing", func(*story) {}},
		{"rated", func(s *story) { s.rate(at.Add(time.Hour), 2, 5) }},
		{"reopened by the customer, replied, solved, rated", func(s *story) {
			s.do(s.tk.Reply(at.Add(24*time.Hour), ola, ticket.Message{Public: true, Body: "it broke again"})).
				assign(at.Add(24*time.Hour+time.Minute), "kari", "l2").
				reply(at.Add(25*time.Hour), kari).
				status(at.Add(26*time.Hour), ticket.StatusSolved).
				rate(at.Add(27*time.Hour), 5, 5)
		}},
		{"reopened by an agent, left open", func(s *story) {
			s.status(at.Add(2*time.Hour), ticket.StatusOpen).assign(at.Add(3*time.Hour), "kari", "l1")
		}},
		{"closed later", func(s *story) { s.status(at.Add(4*24*time.Hour), ticket.StatusClosed) }},
		{"merged away", func(s *story) {
			other, _, err := ticket.Create(nil, tid(900), at, ola, ticket.Created{Subject: "other", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "ola"}})
			require.NoError(t, err)
			m, err := ticket.Merge(at.Add(time.Hour), ingrid, s.tk, other)
			require.NoError(t, err)
			s.tk, s.events = m.Source, append(s.events, m.SourceEvents...)
		}},
		{"another merged into it", func(s *story) {
			other, _, err := ticket.Create(nil, tid(901), at, ola, ticket.Created{Subject: "other", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "ola"}})
			require.NoError(t, err)
			m, err := ticket.Merge(at.Add(time.Hour), ingrid, other, s.tk)
			require.NoError(t, err)
			s.tk, s.events = m.Target, append(s.events, m.TargetEvents...)
		}},
	}
	ps := sla.Policies{{Name: "std", Version: 1, Targets: []sla.Target{
		{Metric: sla.FirstReply(), Duration: 90 * time.Minute},
		{Metric: sla.NextReply(), Duration: 90 * time.Minute},
		{Metric: sla.RequesterWait(), Duration: 8 * time.Hour},
		{Metric: sla.TotalResolution(), Duration: 8 * time.Hour},
	}}}
	// A repeat contact from the same customer on the same category two
	// days after the creation.
	repeat := newStory(t, 50, at.Add(48*time.Hour), ticket.Created{Subject: "again", Category: "billing"}).
		reply(at.Add(49*time.Hour), ingrid).status(at.Add(50*time.Hour), ticket.StatusSolved).events
	loc := mustLoc(t, "Europe/Oslo")
	configs := map[string]metrics.Config{
		"by created": {Breakdowns: [][]metrics.Dimension{{metrics.DimAgent}, {metrics.DimGroup, metrics.DimWeek}}, VolumeBucket: metrics.DimDay},
		"by event":   {Attribution: metrics.ByEvent, Breakdowns: [][]metrics.Dimension{{metrics.DimWeek}, {metrics.DimAgent}}},
		"by resolved in a range": {Attribution: metrics.ByResolved, From: at, To: at.Add(25 * time.Hour),
			Breakdowns: [][]metrics.Dimension{{metrics.DimDay}}},
		"range starting after the creation": {Attribution: metrics.ByEvent, From: at.Add(time.Minute)},
		"now at the creation":               {Now: at, BacklogAt: at},
		"now in the middle":                 {Now: at.Add(24*time.Hour + 30*time.Minute), BacklogAt: at.Add(24 * time.Hour)},
		"no repeat, business time": {Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat, FCRWindow: 7 * 24 * time.Hour},
			Calendar: deskCalendar(t), CSATExclude: []string{"billing"}},
		"exactly one reply": {Definitions: metrics.Definitions{OneTouch: metrics.OneTouchExactlyOne, Credit: metrics.CreditResolver}},
	}
	for _, c := range continuations {
		for _, st := range []ticket.Status{ticket.StatusSolved, ticket.StatusClosed} {
			if st == ticket.StatusClosed && c.name != "nothing" {
				continue // a closed ticket takes no more commands
			}
			via := []ticket.Status{ticket.StatusSolved}
			if st == ticket.StatusClosed {
				via = append(via, ticket.StatusClosed)
			}
			tk, ev := createdSolved(t, 1, at, st)
			imported := &story{t: t, tk: tk, events: ev}
			stepped := steppedSolved(t, 1, at, via...)
			c.then(imported)
			c.then(stepped)
			for name, cfg := range configs {
				t.Run(c.name+"/"+st.Name+"/"+name, func(t *testing.T) {
					cfg.Location, cfg.SLA = loc, ps
					report := func(h []ticket.Event) *metrics.Report {
						r, err := metrics.NewReport(cfg)
						require.NoError(t, err)
						require.NoError(t, r.Add(h))
						require.NoError(t, r.Add(repeat))
						return r
					}
					got, want := report(imported.events), report(stepped.events)
					assert.Equal(t, summary(t, want), summary(t, got))
					gotFCR, ok1 := got.FCRNoRepeat()
					wantFCR, ok2 := want.FCRNoRepeat()
					assert.Equal(t, wantFCR, gotFCR)
					assert.Equal(t, ok2, ok1)
					for name, rate := range got.All.SLA {
						if imported.tk.Reopens > 0 {
							break // its clocks run again from the reopen
						}
						for _, x := range rate.Excluded {
							assert.NotEqual(t, tid(1), x.Ticket, "%s: the imported ticket's clock is not left active", name)
						}
					}

					// Through JSON, and merged with a shard holding only the
					// repeat contact.
					b, err := json.Marshal(got)
					require.NoError(t, err)
					var decoded metrics.Report
					require.NoError(t, json.Unmarshal(b, &decoded))
					assert.Equal(t, summary(t, got), summary(t, &decoded))
					left, err := metrics.NewReport(cfg)
					require.NoError(t, err)
					require.NoError(t, left.Add(imported.events))
					right, err := metrics.NewReport(cfg)
					require.NoError(t, err)
					require.NoError(t, right.Add(repeat))
					require.NoError(t, left.Merge(right))
					assert.Equal(t, summary(t, got), summary(t, left))
				})
			}
		}
	}
}

func summary(t *testing.T, r *metrics.Report) string {
	t.Helper()
	r.Sort()
	b, err := json.Marshal(r.Summary(metrics.NearestRank))
	require.NoError(t, err)
	return string(b)
}
