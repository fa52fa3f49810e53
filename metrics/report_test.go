package metrics_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// naive recomputes facts from the events with plain loops, one fact at a
// time, as a reference for the one-pass fold.
type naive struct {
	firstReply, firstRes, fullRes        *time.Duration
	firstReplyBiz                        *time.Duration
	replies, customer, notes, reopens    int
	requesterWait, pending, onHold, work time.Duration
	requesterWaitBiz                     time.Duration
	hops, reassigns                      int
	csat                                 *ticket.Rated
	merged                               bool
	category                             string
	created                              time.Time
	handling                             time.Duration
	workflows                            int
}

func naiveFacts(events []ticket.Event, cal *calendar.Calendar) naive {
	var n naive
	created := events[0].At
	n.created = created
	n.category = events[0].Data.(ticket.Created).Category
	dur := func(d time.Duration) *time.Duration { return &d }
	// The opening comment of a ticket an agent opened (the first message
	// a person wrote in a history whose creator is an agent) is its
	// description: never a reply.
	description := -1
	for i, e := range events {
		if m, ok := e.Data.(ticket.Message); ok && events[0].Actor.Role == ticket.RoleAgent && !m.Automated && e.Actor.Role != ticket.RoleBot && e.Actor.Role != ticket.RoleSystem {
			description = i
			break
		}
	}
	// first reply: the first public human agent message that is not the
	// description.
	for i, e := range events {
		if m, ok := e.Data.(ticket.Message); ok && m.Public && !m.Automated && e.Actor.Role == ticket.RoleAgent && i != description {
			n.firstReply = dur(e.At.Sub(created))
			n.firstReplyBiz = dur(cal.Elapsed(created, e.At))
			break
		}
	}
	lastGroup := events[0].Data.(ticket.Created).Group
	lastAgent := ""
	for i, e := range events {
		switch d := e.Data.(type) {
		case ticket.Message:
			switch {
			case i == description && d.Public && e.Actor.Role != ticket.RoleCustomer:
				// counted nowhere
			case d.Public && !d.Automated && e.Actor.Role == ticket.RoleAgent:
				n.replies++
			case d.Public && e.Actor.Role == ticket.RoleCustomer:
				n.customer++
			case !d.Public:
				n.notes++
			}
		case ticket.StatusChanged:
			if d.From.Category == ticket.StatusCategorySolved && d.To.Category.Active() {
				n.reopens++
			}
		case ticket.Assigned:
			// From one group or agent to another, through unassignments.
			if d.Group != "" {
				if lastGroup != "" && lastGroup != d.Group {
					n.hops++
				}
				lastGroup = d.Group
			}
			if d.Agent != "" {
				if lastAgent != "" && lastAgent != d.Agent {
					n.reassigns++
				}
				lastAgent = d.Agent
			}
		case ticket.Rated:
			if d.Survey == ticket.SurveyCSAT {
				r := d
				n.csat = &r
			}
		case ticket.Merged:
			if d.Into != (ticket.ID{}) {
				n.merged = true
			}
		case ticket.FieldsChanged:
			for _, c := range d.Changes {
				if c.Field == ticket.FieldCategory {
					n.category = c.To
				}
			}
		}
	}
	for _, e := range events {
		switch d := e.Data.(type) {
		case ticket.HandlingLogged:
			if d.Kind != ticket.HandlingOther {
				n.handling += d.Duration
			}
		case ticket.WorkflowApplied:
			n.workflows++
		}
	}
	// resolutions: first and last entry into solved; full only if solved at the end.
	var solves []time.Time
	status := events[0].Data.(ticket.Created).Status
	for _, e := range events {
		if d, ok := e.Data.(ticket.StatusChanged); ok {
			if d.To.Category == ticket.StatusCategorySolved && d.From.Category != ticket.StatusCategorySolved {
				solves = append(solves, e.At)
			}
			status = d.To
		}
	}
	if len(solves) > 0 {
		n.firstRes = dur(solves[0].Sub(created))
		if !status.Category.Active() {
			n.fullRes = dur(solves[len(solves)-1].Sub(created))
		}
	}
	// status durations: walk the status timeline.
	cur, since := events[0].Data.(ticket.Created).Status, created
	flush := func(to time.Time) {
		d := to.Sub(since)
		switch cur.Category {
		case ticket.StatusCategoryNew, ticket.StatusCategoryOpen:
			n.requesterWait += d
			n.requesterWaitBiz += cal.Elapsed(since, to)
			n.work += d
		case ticket.StatusCategoryOnHold:
			n.requesterWait += d
			n.requesterWaitBiz += cal.Elapsed(since, to)
			n.onHold += d
		case ticket.StatusCategoryPending:
			n.pending += d
		}
	}
	for _, e := range events {
		if d, ok := e.Data.(ticket.StatusChanged); ok {
			flush(e.At)
			cur, since = d.To, e.At
		}
	}
	flush(events[len(events)-1].At)
	return n
}

func TestFoldAgainstNaive(t *testing.T) {
	cal := deskCalendar(t)
	n := 300
	if long() {
		n = 20000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	hs := genHistories(t, rng, n)
	fo, err := metrics.NewFolder(metrics.Definitions{}, cal, time.Time{}, time.Time{})
	require.NoError(t, err)
	var f metrics.Facts
	opt := func(e metrics.Elapsed) *time.Duration {
		if !e.Known {
			return nil
		}
		return &e.Calendar
	}
	for _, h := range hs {
		require.NoError(t, fo.Fold(&f, h))
		want := naiveFacts(h, cal)
		id := f.Ticket.String()
		assert.Equal(t, want.firstReply, opt(f.FirstReply), id)
		if want.firstReply != nil {
			assert.Equal(t, *want.firstReplyBiz, f.FirstReply.Business, id)
		}
		assert.Equal(t, want.firstRes, opt(f.FirstResolution), id)
		assert.Equal(t, want.fullRes, opt(f.FullResolution), id)
		assert.Equal(t, want.replies, f.AgentReplies, id)
		assert.Equal(t, want.customer, f.CustomerMessages, id)
		assert.Equal(t, want.notes, f.InternalNotes, id)
		assert.Equal(t, want.reopens, f.Reopens, id)
		assert.Equal(t, want.requesterWait, f.RequesterWait.Calendar, id)
		assert.Equal(t, want.requesterWaitBiz, f.RequesterWait.Business, id)
		assert.Equal(t, want.pending, f.AgentWait.Calendar, id)
		assert.Equal(t, want.onHold, f.OnHold.Calendar, id)
		assert.Equal(t, want.work, f.AgentWork.Calendar, id)
		assert.Equal(t, want.hops, f.GroupHops, id)
		assert.Equal(t, want.reassigns, f.Reassignments, id)
		assert.Equal(t, want.merged, f.Merged(), id)
		assert.Equal(t, want.category, f.Category, id)
		assert.Equal(t, want.handling, f.HandlingTotal(), id)
		assert.Len(t, f.Workflows, want.workflows, id)
	}
}

// TestReportAgainstNaive compares the report's overall aggregates with a
// naive recomputation: sorted value lists, nearest-rank quantiles, counts.
func TestReportAgainstNaive(t *testing.T) {
	cal := deskCalendar(t)
	oslo := mustLoc(t, "Europe/Oslo")
	n := 400
	if long() {
		n = 20000
	}
	hs := genHistories(t, rand.New(rand.NewPCG(3, 4)), n)
	r, err := metrics.NewReport(metrics.Config{Location: oslo, Calendar: cal, CSATExclude: []string{"weather"},
		Breakdowns: [][]metrics.Dimension{{metrics.DimCategory}}})
	require.NoError(t, err)
	var frs []time.Duration
	censored, tickets, good, rated, excluded, merged := 0, 0, 0, 0, 0, 0
	solvedOnce, reopenedOnce := 0, 0
	var heat [7][24]int
	perCat := map[string]int{}
	for _, h := range hs {
		require.NoError(t, r.Add(h))
		nf := naiveFacts(h, cal)
		if nf.merged {
			merged++
			continue
		}
		tickets++
		perCat[nf.category]++
		if nf.firstRes != nil {
			solvedOnce++
			if nf.reopens > 0 {
				reopenedOnce++
			}
		}
		lt := nf.created.In(oslo)
		heat[(int(lt.Weekday())+6)%7][lt.Hour()]++
		if nf.firstReply == nil {
			censored++
		} else {
			frs = append(frs, *nf.firstReply)
		}
		if nf.csat != nil {
			if nf.category == "weather" {
				excluded++
			} else {
				rated++
				if nf.csat.Score >= 4 {
					good++
				}
			}
		}
	}
	slices.Sort(frs)
	st := r.All.FirstReply.Stats(metrics.NearestRank)
	assert.Equal(t, tickets, r.Tickets)
	assert.Equal(t, merged, r.Removed[metrics.RemovedMergedAway].Count)
	assert.Equal(t, len(frs), st.Count)
	assert.Equal(t, censored, st.Censored)
	rank := func(p float64) time.Duration {
		k := 0
		for float64(k) < p*float64(len(frs)) {
			k++
		}
		return frs[max(k, 1)-1]
	}
	assert.Equal(t, rank(0.5), st.Median)
	assert.Equal(t, rank(0.9), st.P90)
	assert.Equal(t, frs[0], st.Min)
	assert.Equal(t, frs[len(frs)-1], st.Max)
	var sum time.Duration
	for _, d := range frs {
		sum += d
	}
	assert.InDelta(t, float64(sum)/float64(len(frs)), float64(st.Mean), 1)
	assert.Equal(t, good, r.All.CSAT.Numerator)
	assert.Equal(t, rated, r.All.CSAT.Denominator)
	assert.Len(t, r.All.CSAT.Excluded, excluded)
	assert.Equal(t, heat, r.Volume.Heatmap)
	require.Positive(t, reopenedOnce)
	assert.Equal(t, metrics.Rate{Numerator: reopenedOnce, Denominator: solvedOnce}, r.All.Reopened)
	for cat, want := range perCat {
		g := r.Breakdowns[0].Get(cat)
		require.NotNil(t, g, cat)
		assert.Equal(t, want, g.Tickets, cat)
	}
}

// TestShardedEqualsSinglePass splits the tickets randomly over k shards,
// sends each shard's report through its JSON encoding, merges them in a
// random order and compares with the single-pass report.
func TestShardedEqualsSinglePass(t *testing.T) {
	oslo := mustLoc(t, "Europe/Oslo")
	cal := deskCalendar(t)
	n := 120
	if long() {
		n = 1000
	}
	hs := genHistories(t, rand.New(rand.NewPCG(5, 6)), n)
	configs := map[string]metrics.Config{
		"by created, week x agent, tags": {Location: oslo, Calendar: cal, CSATExclude: []string{"weather"},
			Breakdowns: [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimTag}, {metrics.DimCategory, metrics.DimChannel}},
			BacklogAt:  time.Date(2026, 6, 1, 12, 0, 0, 0, oslo), Customers: true},
		"by event, hour, range": {Location: oslo, Calendar: cal, Attribution: metrics.ByEvent,
			From: time.Date(2026, 4, 1, 0, 0, 0, 0, oslo), To: time.Date(2026, 9, 1, 0, 0, 0, 0, oslo),
			Breakdowns: [][]metrics.Dimension{{metrics.DimHour}, {metrics.DimGroup, metrics.DimMonth}}, VolumeBucket: metrics.DimDay},
		"by resolved, filters": {Location: oslo, Attribution: metrics.ByResolved, Groups: []string{"l1", "l2"},
			ExcludeCategories: []string{"howto"}, Breakdowns: [][]metrics.Dimension{{metrics.DimYear, metrics.DimTier, metrics.DimOrganization}},
			Definitions: metrics.Definitions{OneTouch: metrics.OneTouchExactlyOne, Credit: metrics.CreditLastReplier}},
		"by event, repeat-contact FCR, now part-way, SLA": {Location: oslo, Calendar: cal, Attribution: metrics.ByEvent,
			From: time.Date(2026, 4, 1, 0, 0, 0, 0, oslo), To: time.Date(2026, 8, 1, 0, 0, 0, 0, oslo),
			Now:         time.Date(2026, 7, 15, 12, 0, 0, 0, oslo),
			Definitions: metrics.Definitions{FCR: metrics.FCRNoRepeat, FCRWindow: 3 * 24 * time.Hour},
			Breakdowns:  [][]metrics.Dimension{{metrics.DimWeek, metrics.DimTag}, {metrics.DimAgent}}, SLA: nextReplyPolicies(cal)},
	}
	rounds := 1
	if long() {
		rounds = 30
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			single, err := metrics.NewReport(cfg)
			require.NoError(t, err)
			for _, h := range hs {
				require.NoError(t, single.Add(h))
			}
			want, err := json.Marshal(single)
			require.NoError(t, err)
			rng := rand.New(rand.NewPCG(7, uint64(len(name))))
			for round := range rounds {
				k := 2 + rng.IntN(5)
				shards := make([]*metrics.Report, k)
				for i := range shards {
					shards[i], err = metrics.NewReport(cfg)
					require.NoError(t, err)
				}
				for _, h := range hs {
					require.NoError(t, shards[rng.IntN(k)].Add(h))
				}
				merged, err := metrics.NewReport(cfg)
				require.NoError(t, err)
				for _, i := range rng.Perm(k) {
					b, err := json.Marshal(shards[i])
					require.NoError(t, err)
					var dec metrics.Report
					require.NoError(t, json.Unmarshal(b, &dec))
					require.NoError(t, merged.Merge(&dec))
				}
				got, err := json.Marshal(merged)
				require.NoError(t, err)
				require.Equal(t, string(want), string(got), "round %d, %d shards", round, k)
				fcrWant, _ := single.FCRNoRepeat()
				fcrGot, _ := merged.FCRNoRepeat()
				assert.Equal(t, fcrWant, fcrGot)
				sumWant, err := json.Marshal(single.Summary(metrics.Linear))
				require.NoError(t, err)
				sumGot, err := json.Marshal(merged.Summary(metrics.Linear))
				require.NoError(t, err)
				assert.Equal(t, string(sumWant), string(sumGot), "the display form")
				single.Sort() // the same canonical layout in memory, for the comparisons below
				merged.Sort()
				assert.Equal(t, readReport(single), readReport(merged), "every figure read")
				if cfg.Definitions.FCR != metrics.FCRNoRepeat {
					// In memory too. (Under the last configuration the
					// overall durations are views of the agent breakdown,
					// whose internal lookup state differs between a fold
					// and a merge; every figure is compared above.)
					assert.Equal(t, single.All, merged.All)
				}
				assert.Equal(t, single.Volume, merged.Volume)
				assert.Equal(t, single.Workload, merged.Workload)
				for i := range single.Breakdowns {
					assert.Equal(t, single.Breakdowns[i].Groups(), merged.Breakdowns[i].Groups())
				}
			}
		})
	}
}
