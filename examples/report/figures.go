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

// figures are the numbers the page draws, each read from a metrics.Report
// of the ticket histories (or, for the distributions of counts, from the
// metrics.Facts of each ticket the report keeps).
type figures struct {
	Title    string
	From, To time.Time // the period: [From, To), local midnights
	Created  int       // created in the period: Tickets, Merged and any left out by a filter
	Tickets  int       // created in the period, merged-away ones left out
	Merged   int       // merged away, left out of every figure
	Resolved int       // solved at least once and solved at To
	Heat     [7][24]int
	Days     []day
	// Hours are new tickets by local hour over the whole period; Busiest is
	// metrics' busiest hour and weekday (averages per occurrence) and
	// BusiestHours the three hours with most new tickets, busiest first.
	Hours        [24]int
	Busiest      metrics.Busiest
	BusiestOK    bool
	BusiestHours []int

	FirstReply distribution // business time to the first reply (metrics' FirstReply)
	Resolution distribution // business time from creation to the last solve

	// Per work group: response and resolution against the SLA targets.
	Groups []groupRow

	// First-contact resolution and reopens.
	FCR, OneTouch, Reopened metrics.Rate
	Reopens                 int
	// Interactions[i] counts resolved tickets that took i interactions
	// (agent replies and customer messages) up to their last solve;
	// Replies the same for agent replies alone.
	Interactions, Replies []int

	// Satisfaction.
	CSAT          []csatRow // per case type
	CSATAll       metrics.Rate
	CSATDesk      metrics.Rate   // the desk's CSAT: excluded types left out
	Excluded      []string       // case types left out of CSAT
	ExcludedWhy   map[string]int // CSAT exclusions by reason
	Scores        [6]int         // CSAT answers on a 1–5 scale by score (index 1–5), excluded types left out
	CSATWeeks     []periodRate   // per ISO week of the ticket's creation
	CSATAgents    []agentRate    // per agent credited with the rating
	Agents        []agentRow     // conversations per agent
	Customers     []customerRow  // the customers taking most agent time
	Changes       []change       // week, month and year over the period before
	Workflows     [4][]metrics.WorkflowUse
	CaseTypes     []caseRow
	AHT           []ahtRow
	Backlog       []backlogPoint
	SLAMetrics    []slaRow // achievement per SLA metric, all policies
	SLAPriorities []slaRow // per priority, first reply and resolution
	SLAGroups     []slaRow // per group, first reply and resolution
	Targets       []target // the policies' targets per priority
	// Staffing: the average working day's half hours (nil without one)
	// and the agents rostered on the open hours.
	Staffing  []staffRow
	Headcount int
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
// below it), and the tickets still waiting for it (censored).
type distribution struct {
	Values      []time.Duration // sorted
	Median, P90 time.Duration
	Waiting     int
}

type csatRow struct {
	Category    string
	Good, Rated int // 4 or 5 of 5 is good; for an excluded type, Rated counts its rated tickets
	Excluded    bool
}

// target is one priority's SLA targets under the desk's policies.
type target struct {
	Priority   ticket.Priority
	Policy     string
	FirstReply time.Duration // first-reply target
	Resolution time.Duration // requester-wait target: the resolution SLA
	Business   bool          // in business hours; otherwise around the clock
}

// groupRow is one work group's response and resolution times against the
// targets of each priority it handled.
type groupRow struct {
	Group                  string
	Tickets                int
	FirstReply, Resolution distribution
	FirstReplySLA          metrics.Rate // first-reply clocks achieved / achieved or breached
	ResolutionSLA          metrics.Rate // requester-wait clocks achieved / achieved or breached
	Priorities             []groupPriority
}

// groupPriority is one group's tickets of one priority.
type groupPriority struct {
	target
	Tickets                   int
	FirstReply, RequesterWait distribution // measured on the target's clock
	FirstReplySLA             metrics.Rate
	ResolutionSLA             metrics.Rate
}

// periodRate is a rate over one time bucket.
type periodRate struct {
	Label string
	Start time.Time
	Rate  metrics.Rate
}

type agentRate struct {
	Agent string
	Rate  metrics.Rate
}

type agentRow struct {
	Agent         string
	Conversations int // tickets the agent replied on (Zendesk's conversations per agent)
	Touched       int // tickets the agent worked on at all
	Replies       int // public replies sent
}

// builtIn is the report's options for the examples' desk: its hours, the
// examples' SLA policies, case types in excluded left out of CSAT.
func builtIn(hours *calendar.Calendar, excluded []string) metrics.Config {
	return metrics.Config{Location: hours.Location(), Calendar: hours, CSATExclude: excluded, SLA: gen.Policies(hours)}
}

// customerRow is one customer's tickets and the agents who spent most
// time on them.
type customerRow struct {
	Customer string
	Tickets  int
	Time     time.Duration // agents' time: logged handling time, else time assigned
	Agents   []metrics.AgentSpent
}

// change is one period-over-period comparison; Outside says the earlier
// period starts before the data or the current one ends after it, so the
// two cannot be compared.
type change struct {
	metrics.Change
	Outside bool
}

// caseRow is one case type's resolution time and the messages it took.
type caseRow struct {
	Category     string
	Resolution   distribution // business time, created → last solve
	Interactions metrics.Mean // agent replies and customer messages per resolved ticket
	Replies      metrics.Mean // agent replies per resolved ticket
}

type ahtRow struct {
	Channel ticket.Channel
	AHT     metrics.AHT
}

// backlogPoint is the number of active tickets at one instant.
type backlogPoint struct {
	At     time.Time
	Active int
}

// slaRow is a row of SLA achievement: by metric name.
type slaRow struct {
	Label string
	Rates map[string]metrics.Rate // by sla metric name
}

// slaNames are the SLA metrics the desk's policies measure, in order.
var slaNames = []string{sla.NameFirstReply, sla.NameNextReply, sla.NameRequesterWait}

// priorities in order of urgency.
var priorities = []ticket.Priority{ticket.PriorityUrgent, ticket.PriorityHigh, ticket.PriorityNormal, ticket.PriorityLow}

// Breakdowns of the report, by index.
const (
	byCategory = iota
	byPriority
	byGroup
	byGroupPriority
	byAgent
	byWeek
)

// compute folds the histories of the tickets created in [from, to) into
// a metrics.Report with the desk's options in desk — its zone, business
// calendar (which must be set), definitions, CSAT exclusions and SLA
// policies, evaluated on each ticket — and reads the page's figures from it,
// with the staffing of an average working day beside headcount agents.
func compute(desk metrics.Config, from, to time.Time, histories [][]ticket.Event, headcount int) (figures, error) {
	hours, policies := desk.Calendar, desk.SLA
	f := figures{From: from, To: to, Excluded: desk.CSATExclude}
	cfg := desk
	cfg.Now, cfg.From, cfg.To, cfg.Customers = to, from, to, true
	cfg.Breakdowns = [][]metrics.Dimension{
		{metrics.DimCategory}, {metrics.DimPriority}, {metrics.DimGroup},
		{metrics.DimGroup, metrics.DimPriority}, {metrics.DimAgent}, {metrics.DimWeek}}
	r, err := metrics.NewReport(cfg)
	if err != nil {
		return f, err
	}
	if err := r.AddAll(histories); err != nil {
		return f, err
	}
	f.Tickets, f.Created = r.Tickets, r.Tickets
	for name, rm := range r.Removed {
		switch name {
		case metrics.RemovedRange, metrics.RemovedAfterNow: // not created in the period
		case metrics.RemovedMergedAway:
			f.Merged = rm.Count
			f.Created += rm.Count
		default:
			f.Created += rm.Count
		}
	}
	k := r.All
	f.Heat = r.Volume.Heatmap
	for d := from; d.Before(to); d = nextDay(d) {
		civil := int32(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
		f.Days = append(f.Days, day{Date: d, New: r.Volume.Days[civil],
			Working: hours.OpenDays(calendar.DateOf(d), calendar.DateOf(nextDay(d))) > 0})
	}
	f.trend()
	f.hours(r.Volume, from, to)
	f.FirstReply.read(&k.FirstReplyBusiness)
	f.Resolution.read(&k.FullResolutionBusiness)
	f.Resolved = k.FullResolutionBusiness.Count()

	f.Targets = targets(policies)
	f.groups(r)

	f.FCR, f.OneTouch, f.Reopened, f.Reopens = k.FCR, k.OneTouch, k.Reopened, k.Reopens
	if err := f.touches(hours, from, to, histories); err != nil {
		return f, err
	}

	f.CSATDesk, f.CSATAll = k.CSAT, k.CSATAll
	f.ExcludedWhy = map[string]int{}
	for _, x := range k.CSAT.Excluded {
		f.ExcludedWhy[string(x.Reason)]++
	}
	for _, sc := range k.CSATScores {
		if sc.Scale == 5 && sc.Score >= 1 && sc.Score <= 5 {
			f.Scores[sc.Score] += sc.Count
		}
	}
	for _, g := range r.Breakdowns[byCategory].Groups() {
		row := csatRow{Category: g.Key[0], Good: g.KPIs.CSAT.Numerator, Rated: g.KPIs.CSAT.Denominator,
			Excluded: slices.Contains(desk.CSATExclude, g.Key[0])}
		if row.Excluded {
			row.Rated = len(g.KPIs.CSAT.Excluded) // left out: only their number is known
		}
		if row.Rated > 0 {
			f.CSAT = append(f.CSAT, row)
		}
		c := caseRow{Category: g.Key[0], Interactions: g.KPIs.InteractionsToResolve, Replies: g.KPIs.RepliesToResolve}
		c.Resolution.read(&g.KPIs.FullResolutionBusiness)
		f.CaseTypes = append(f.CaseTypes, c)
	}
	for _, g := range r.Breakdowns[byWeek].Groups() {
		f.CSATWeeks = append(f.CSATWeeks, periodRate{Label: g.Key[0], Start: g.Starts[0], Rate: g.KPIs.CSAT})
	}
	for _, g := range r.Breakdowns[byAgent].Groups() {
		if g.Key[0] != metrics.NoTag && g.KPIs.CSAT.Denominator > 0 {
			f.CSATAgents = append(f.CSATAgents, agentRate{Agent: g.Key[0], Rate: g.KPIs.CSAT})
		}
	}

	wl := r.Workload
	for _, a := range slices.Sorted(maps.Keys(wl.Agents)) {
		l := wl.Agents[a]
		f.Agents = append(f.Agents, agentRow{Agent: a, Conversations: l.Replied, Touched: l.Tickets, Replies: l.Replies})
	}
	slices.SortStableFunc(f.Agents, func(a, b agentRow) int { return cmp.Compare(b.Conversations, a.Conversations) })
	for _, c := range slices.Sorted(maps.Keys(wl.Customers)) {
		load := wl.Customers[c]
		row := customerRow{Customer: c, Tickets: load.Tickets, Agents: load.TopAgents()}
		for _, a := range row.Agents {
			row.Time += a.Time
		}
		f.Customers = append(f.Customers, row)
	}
	slices.SortStableFunc(f.Customers, func(a, b customerRow) int { return cmp.Compare(b.Time, a.Time) })
	f.Customers = f.Customers[:min(len(f.Customers), 10)]
	for _, u := range wl.MostUsed(0) {
		i := slices.Index(workflowKinds, u.Kind)
		if i >= 0 && len(f.Workflows[i]) < 8 {
			f.Workflows[i] = append(f.Workflows[i], u)
		}
	}
	for _, ch := range slices.Sorted(maps.Keys(wl.Channels)) {
		f.AHT = append(f.AHT, ahtRow{Channel: ch, AHT: *wl.Channels[ch]})
	}

	if err := f.changes(r.Volume, hours, from, to); err != nil {
		return f, err
	}
	if err := f.backlog(hours, from, to, histories); err != nil {
		return f, err
	}

	f.SLAMetrics = []slaRow{{Label: "all tickets", Rates: byMetric(k.SLA)}}
	for _, p := range priorities {
		if kp := r.Breakdowns[byPriority].Get(string(p)); kp != nil {
			f.SLAPriorities = append(f.SLAPriorities, slaRow{Label: string(p), Rates: byMetric(kp.SLA)})
		}
	}
	for _, g := range r.Breakdowns[byGroup].Groups() {
		f.SLAGroups = append(f.SLAGroups, slaRow{Label: groupName(g.Key[0]), Rates: byMetric(g.KPIs.SLA)})
	}
	f.Headcount = headcount
	if f.Staffing, err = staffDay(hours, from, to, histories, r, headcount); err != nil {
		return f, err
	}
	return f, nil
}

var workflowKinds = []ticket.WorkflowKind{ticket.WorkflowMacro, ticket.WorkflowSavedReply, ticket.WorkflowAutomation, ticket.WorkflowTrigger}

func nextDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, d.Location())
}

// groupName names the untagged group.
func groupName(g string) string {
	if g == metrics.NoTag {
		return "(no group)"
	}
	return g
}

// byMetric sums the SLA rates of every policy per metric name; the keys
// of KPIs.SLA are "policy/metric".
func byMetric(rates map[string]*metrics.Rate) map[string]metrics.Rate {
	out := map[string]metrics.Rate{}
	for _, key := range slices.Sorted(maps.Keys(rates)) {
		_, name, _ := cutLast(key)
		r := out[name]
		r.Merge(rates[key])
		out[name] = r
	}
	return out
}

func cutLast(key string) (policy, metric string, ok bool) {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' {
			return key[:i], key[i+1:], true
		}
	}
	return "", key, false
}

// targets reads the first-reply and requester-wait targets of each
// priority from the first policy that matches a ticket of that priority.
func targets(policies sla.Policies) []target {
	var out []target
	for _, p := range priorities {
		tg := target{Priority: p}
		for _, pol := range policies {
			if !pol.Match.Matches(&ticket.Ticket{Priority: p}) {
				continue
			}
			tg.Policy = pol.Name
			for _, t := range pol.Targets {
				if t.Priority != "" && t.Priority != p {
					continue
				}
				switch t.Metric.Name {
				case sla.NameFirstReply:
					tg.FirstReply, tg.Business = t.Duration, t.Hours != nil
				case sla.NameRequesterWait:
					tg.Resolution = t.Duration
				}
			}
			break // the first matching policy applies
		}
		out = append(out, tg)
	}
	return out
}

// groups reads each work group's figures, and per priority the figures on
// the target's own clock (business hours, or around the clock).
func (f *figures) groups(r *metrics.Report) {
	for _, g := range r.Breakdowns[byGroup].Groups() {
		row := groupRow{Group: groupName(g.Key[0]), Tickets: g.KPIs.Tickets}
		row.FirstReply.read(&g.KPIs.FirstReplyBusiness)
		row.Resolution.read(&g.KPIs.FullResolutionBusiness)
		rates := byMetric(g.KPIs.SLA)
		row.FirstReplySLA, row.ResolutionSLA = rates[sla.NameFirstReply], rates[sla.NameRequesterWait]
		for _, tg := range f.Targets {
			k := r.Breakdowns[byGroupPriority].Get(g.Key[0], string(tg.Priority))
			if k == nil {
				continue
			}
			gp := groupPriority{target: tg, Tickets: k.Tickets}
			if tg.Business {
				gp.FirstReply.read(&k.FirstReplyBusiness)
				gp.RequesterWait.read(&k.RequesterWaitBusiness)
			} else {
				gp.FirstReply.read(&k.FirstReply)
				gp.RequesterWait.read(&k.RequesterWait)
			}
			pr := byMetric(k.SLA)
			gp.FirstReplySLA, gp.ResolutionSLA = pr[sla.NameFirstReply], pr[sla.NameRequesterWait]
			row.Priorities = append(row.Priorities, gp)
		}
		f.Groups = append(f.Groups, row)
	}
}

// touches folds each kept ticket into its metrics.Facts to count the
// resolved tickets by the interactions and agent replies they took; the
// totals are the FCR denominator (resolved tickets).
func (f *figures) touches(hours *calendar.Calendar, from, to time.Time, histories [][]ticket.Event) error {
	fo, err := metrics.NewFolder(metrics.Definitions{}, hours, to, time.Time{})
	if err != nil {
		return err
	}
	var facts metrics.Facts
	for _, h := range histories {
		if err := fo.Fold(&facts, h); err != nil {
			return err
		}
		if facts.Merged() || facts.CreatedAt.Before(from) || !facts.CreatedAt.Before(to) || !facts.Resolved() {
			continue
		}
		f.Interactions = bump(f.Interactions, facts.InteractionsToResolve)
		f.Replies = bump(f.Replies, facts.RepliesToResolve)
	}
	return nil
}

func bump(counts []int, i int) []int {
	for len(counts) <= i {
		counts = append(counts, 0)
	}
	counts[i]++
	return counts
}

// hours sums new tickets by hour and names the busiest hours.
func (f *figures) hours(v *metrics.Volume, from, to time.Time) {
	for _, row := range f.Heat {
		for h, n := range row {
			f.Hours[h] += n
		}
	}
	order := make([]int, 24)
	for h := range order {
		order[h] = h
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(f.Hours[b], f.Hours[a]) })
	for _, h := range order[:3] {
		if f.Hours[h] > 0 {
			f.BusiestHours = append(f.BusiestHours, h)
		}
	}
	b, err := v.Busiest(calendar.DateOf(from), calendar.DateOf(to))
	f.Busiest, f.BusiestOK = b, err == nil && f.Tickets > 0
}

// changes compares the week, month and year holding the period's last day
// with the one before, per working day; a comparison that reaches outside
// the data is marked Outside.
func (f *figures) changes(v *metrics.Volume, hours *calendar.Calendar, from, to time.Time) error {
	last := calendar.DateOf(to.AddDate(0, 0, -1))
	first, end := calendar.DateOf(from), calendar.DateOf(to)
	for _, p := range []metrics.Period{metrics.PeriodWeek, metrics.PeriodMonth, metrics.PeriodYear} {
		c, err := v.Compare(hours, p, last, false)
		if err != nil {
			return err
		}
		f.Changes = append(f.Changes, change{Change: c, Outside: c.PreviousFrom.Compare(first) < 0 || c.CurrentTo.Compare(end) > 0})
	}
	return nil
}

// backlog counts the active tickets at the end of each day, one
// metrics.Report per instant (its Volume.Backlog).
func (f *figures) backlog(hours *calendar.Calendar, from, to time.Time, histories [][]ticket.Event) error {
	for d := from; d.Before(to); d = nextDay(d) {
		at := nextDay(d)
		r, err := metrics.NewReport(metrics.Config{Location: hours.Location(), Calendar: hours, Now: at, From: from, To: at, BacklogAt: at})
		if err != nil {
			return err
		}
		for _, h := range histories {
			if err := r.Add(h); err != nil {
				return err
			}
		}
		f.Backlog = append(f.Backlog, backlogPoint{At: at, Active: r.Volume.Backlog})
	}
	return nil
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

// read takes a summary's values, median and p90 (nearest rank), and its
// censored count.
func (d *distribution) read(s *metrics.Summary) {
	st := s.Stats(metrics.NearestRank)
	d.Values, d.Median, d.P90, d.Waiting = s.Values(), st.Median, st.P90, st.Censored
}
