package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// figures are the numbers the page draws, computed from ticket histories
// alone.
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
	Targets    []target // first-reply targets per priority
	Agents     []agentRow
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
// (nearest rank: the smallest value with at least p·n values at or below
// it).
type distribution struct {
	Values      []time.Duration // sorted
	Median, P90 time.Duration
}

type csatRow struct {
	Category    string
	Good, Rated int // 4 or 5 of 5 is good
	Excluded    bool
}

type target struct {
	Priority   ticket.Priority
	Target     time.Duration
	Business   bool // in business hours; otherwise around the clock
	Met, Total int  // replied tickets whose first reply came within the target
}

type agentRow struct {
	Agent         string
	Conversations int // tickets the agent replied to publicly
}

// firstReplyTargets are the desk's first-reply promises per priority.
var firstReplyTargets = []target{
	{Priority: ticket.PriorityUrgent, Target: time.Hour},
	{Priority: ticket.PriorityHigh, Target: 2 * time.Hour, Business: true},
	{Priority: ticket.PriorityNormal, Target: 4 * time.Hour, Business: true},
	{Priority: ticket.PriorityLow, Target: 8 * time.Hour, Business: true},
}

// compute folds the histories of the tickets created in [from, to) into
// the page's figures. excluded case types are left out of CSAT.
func compute(hours *calendar.Calendar, from, to time.Time, histories [][]ticket.Event, excluded []string) (figures, error) {
	loc := hours.Location()
	f := figures{From: from, To: to, Excluded: excluded}
	for d := from; d.Before(to); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		next := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
		f.Days = append(f.Days, day{Date: d, Working: hours.OpenDays(calendar.DateOf(d), calendar.DateOf(next)) > 0})
	}
	targets := slices.Clone(firstReplyTargets)
	csat := map[string]*csatRow{}
	agents := map[string]int{}
	for _, h := range histories {
		t, err := ticket.Replay(nil, h)
		if err != nil {
			return f, fmt.Errorf("ticket %s: %w", h[0].TicketID, err)
		}
		if t.CreatedAt.Before(from) || !t.CreatedAt.Before(to) {
			continue
		}
		if t.Merged() {
			f.Merged++
			continue
		}
		f.Tickets++
		local := t.CreatedAt.In(loc)
		f.Heat[(local.Weekday()+6)%7][local.Hour()]++
		f.Days[dayIndex(from, local)].New++

		replied := map[string]bool{}
		for _, e := range h {
			m, ok := e.Data.(ticket.Message)
			if !ok || !m.IsAgentReply(e.Actor) {
				continue
			}
			if len(replied) == 0 {
				f.FirstReply.Values = append(f.FirstReply.Values, hours.Elapsed(t.CreatedAt, e.At))
				for i, tg := range targets {
					if tg.Priority == t.Priority {
						targets[i].Total++
						if elapsed(hours, tg.Business, t.CreatedAt, e.At) <= tg.Target {
							targets[i].Met++
						}
					}
				}
			}
			if !replied[e.Actor.ID] {
				replied[e.Actor.ID] = true
				agents[e.Actor.ID]++
			}
		}
		if !t.SolvedAt.IsZero() {
			f.Resolution.Values = append(f.Resolution.Values, hours.Elapsed(t.CreatedAt, t.SolvedAt))
		}
		if len(t.Ratings) > 0 && t.Category != "" {
			row := csat[t.Category]
			if row == nil {
				row = &csatRow{Category: t.Category, Excluded: slices.Contains(excluded, t.Category)}
				csat[t.Category] = row
			}
			r := t.Ratings[len(t.Ratings)-1] // the customer's latest answer counts
			row.Rated++
			if r.Score*5 >= 4*r.Scale {
				row.Good++
			}
		}
	}
	f.FirstReply.summarise()
	f.Resolution.summarise()
	for _, c := range slices.Sorted(maps.Keys(csat)) {
		f.CSAT = append(f.CSAT, *csat[c])
	}
	f.Targets = targets
	for _, a := range slices.Sorted(maps.Keys(agents)) {
		f.Agents = append(f.Agents, agentRow{Agent: a, Conversations: agents[a]})
	}
	slices.SortStableFunc(f.Agents, func(a, b agentRow) int { return cmp.Compare(b.Conversations, a.Conversations) })
	f.trend()
	return f, nil
}

func elapsed(hours *calendar.Calendar, business bool, from, to time.Time) time.Duration {
	if business {
		return hours.Elapsed(from, to)
	}
	return to.Sub(from)
}

// dayIndex returns the number of local dates from from to t.
func dayIndex(from, t time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, time.UTC)
	b := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
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

func (d *distribution) summarise() {
	slices.Sort(d.Values)
	d.Median, d.P90 = quantile(d.Values, 50), quantile(d.Values, 90)
}

// quantile is the nearest-rank percentile pct of sorted values: the value
// at rank ⌈pct·n/100⌉; 0 for no values.
func quantile(sorted []time.Duration, pct int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (len(sorted)*pct + 99) / 100
	return sorted[max(rank, 1)-1]
}
