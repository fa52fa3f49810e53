package main

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// figures are the numbers the page draws, read from a metrics.Report of
// the ticket histories.
type figures struct {
	Title      string
	From, To   time.Time // the period: [From, To), local midnights
	Tickets    int       // created in the period, merged-away ones left out
	Merged     int       // merged away, left out of every figure
	Heat       [7][24]int
	Days       []day
	FirstReply distribution // business time to the first public agent reply
	Resolution distribution // business time from creation to the last solve
	CSAT       []csatRow
	Excluded   []string // case types left out of CSAT
	Targets    []target // first-reply SLA per priority
	Agents     []agentRow
	Staffing   []staffRow // the average working day's half hours; nil without one
	Headcount  int        // agents rostered on the open hours
}

// day is one day's new tickets.
type day struct {
	Date    time.Time
	New     int
	Working bool
	// PerWorkingDay is new tickets per working day over the seven days
	// ending with this one (tickets on closed days count towards the
	// working days around them). Trend says whether it is set: from the
	// seventh day of the period on, when the window has a working day.
	PerWorkingDay float64
	Trend         bool
}

// distribution is a set of durations with its median and 90th percentile
// (metrics.NearestRank: the smallest value with at least p·n values at or
// below it).
type distribution struct {
	Values      []time.Duration // sorted
	Median, P90 time.Duration
}

type csatRow struct {
	Category    string
	Good, Rated int // 4 or 5 of 5 is good; for an excluded type, Rated counts its rated tickets
	Excluded    bool
}

type target struct {
	Priority   ticket.Priority
	Target     time.Duration
	Business   bool // in business hours; otherwise around the clock
	Met, Total int  // first-reply clocks achieved, and achieved or breached
}

type agentRow struct {
	Agent         string
	Conversations int // tickets the agent worked on
}

// compute folds the histories of the tickets created in [from, to) into
// a metrics.Report — the desk's SLA policy evaluated on each, case types
// in excluded left out of CSAT — and reads the page's figures from it,
// with the staffing of an average working day beside headcount agents.
func compute(hours *calendar.Calendar, from, to time.Time, histories [][]ticket.Event, excluded []string, headcount int) (figures, error) {
	loc := hours.Location()
	f := figures{From: from, To: to, Excluded: excluded}
	policies := gen.Policies(hours)
	r, err := metrics.NewReport(metrics.Config{
		Location: loc, Calendar: hours, Now: to, From: from, To: to,
		CSATExclude: excluded, SLA: policies,
		Breakdowns: [][]metrics.Dimension{{metrics.DimCategory}, {metrics.DimPriority}},
	})
	if err != nil {
		return f, err
	}
	for _, h := range histories {
		if err := r.Add(h); err != nil {
			return f, err
		}
	}
	f.Tickets = r.Tickets
	if rm := r.Removed[metrics.RemovedMergedAway]; rm != nil {
		f.Merged = rm.Count
	}
	f.Heat = r.Volume.Heatmap
	for d := from; d.Before(to); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		next := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
		civil := int32(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
		f.Days = append(f.Days, day{Date: d, New: r.Volume.Days[civil],
			Working: hours.OpenDays(calendar.DateOf(d), calendar.DateOf(next)) > 0})
	}
	f.trend()
	f.FirstReply.read(&r.All.FirstReplyBusiness)
	f.Resolution.read(&r.All.FullResolutionBusiness)
	for _, g := range r.Breakdowns[0].Groups() {
		row := csatRow{Category: g.Key[0], Good: g.KPIs.CSAT.Numerator, Rated: g.KPIs.CSAT.Denominator,
			Excluded: slices.Contains(excluded, g.Key[0])}
		if row.Excluded {
			row.Rated = len(g.KPIs.CSAT.Excluded) // left out: only their number is known
		}
		if row.Rated > 0 {
			f.CSAT = append(f.CSAT, row)
		}
	}
	for _, p := range []ticket.Priority{ticket.PriorityUrgent, ticket.PriorityHigh, ticket.PriorityNormal, ticket.PriorityLow} {
		tg := target{Priority: p}
		k := r.Breakdowns[1].Get(string(p))
		for _, pol := range policies {
			if !pol.Match.Matches(&ticket.Ticket{Priority: p}) {
				continue
			}
			for _, t := range pol.Targets {
				if t.Metric.Name == sla.NameFirstReply && (t.Priority == "" || t.Priority == p) {
					tg.Target, tg.Business = t.Duration, t.Hours != nil
				}
			}
			if k != nil {
				if rate := k.SLA[pol.Name+"/"+sla.NameFirstReply]; rate != nil {
					tg.Met, tg.Total = rate.Numerator, rate.Denominator
				}
			}
			break // the first matching policy applies
		}
		f.Targets = append(f.Targets, tg)
	}
	for _, a := range slices.Sorted(maps.Keys(r.Workload.Agents)) {
		f.Agents = append(f.Agents, agentRow{Agent: a, Conversations: r.Workload.Agents[a].Tickets})
	}
	slices.SortStableFunc(f.Agents, func(a, b agentRow) int { return cmp.Compare(b.Conversations, a.Conversations) })
	f.Headcount = headcount
	if f.Staffing, err = staffDay(hours, from, to, histories, r, headcount); err != nil {
		return f, err
	}
	return f, nil
}

// trend sets each day's new tickets per working day over the seven days
// ending with it, from the seventh day on.
func (f *figures) trend() {
	for i := 6; i < len(f.Days); i++ {
		var n, working int
		for j := max(0, i-6); j <= i; j++ {
			n += f.Days[j].New
			if f.Days[j].Working {
				working++
			}
		}
		if working > 0 {
			f.Days[i].PerWorkingDay, f.Days[i].Trend = float64(n)/float64(working), true
		}
	}
}

// read takes a summary's values, median and p90 (nearest rank).
func (d *distribution) read(s *metrics.Summary) {
	st := s.Stats(metrics.NearestRank)
	d.Values, d.Median, d.P90 = s.Values(), st.Median, st.P90
}
