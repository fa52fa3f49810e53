package histgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// Config says what to generate.
type Config struct {
	Hours *calendar.Calendar // business hours; their location is the desk's
	Start time.Time          // the first arrival is not before Start
	Days  int                // arrivals spread over this many days
	Seed  uint64
}

// End returns the instant histories are cut at: Days after Start.
func (c Config) End() time.Time { return c.Start.AddDate(0, 0, c.Days) }

// Arrival returns the histories of arrival i: its ticket, and before it a
// duplicate merged into it when there is one.
func (c Config) Arrival(i int) ([][]ticket.Event, error) {
	l := &life{cfg: c, r: rand.New(rand.NewPCG(c.Seed, uint64(i)+1)), end: c.End()}
	created := c.Start.Add(time.Duration(l.r.Int64N(int64(c.Days) * int64(24*time.Hour)))).Truncate(time.Second)
	if err := l.live(created); err != nil {
		return nil, fmt.Errorf("histgen: arrival %d: %w", i, err)
	}
	if l.dup != nil {
		return [][]ticket.Event{l.dup, l.events}, nil
	}
	return [][]ticket.Event{l.events}, nil
}

// Histories returns the histories of arrivals 0 to n−1, in order.
func (c Config) Histories(n int) ([][]ticket.Event, error) {
	var out [][]ticket.Event
	for i := range n {
		hs, err := c.Arrival(i)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	return out, nil
}

type life struct {
	cfg    Config
	r      *rand.Rand
	end    time.Time
	t      ticket.Ticket
	events []ticket.Event
	err    error
	agent  ticket.Actor
	group  string
	urgent bool

	dupT    ticket.Ticket
	dup     []ticket.Event
	mergeAt time.Time
}

var groups = []struct {
	name     string
	category string
	agents   []string
}{
	{"billing", "billing", []string{"ada", "bo", "cy"}},
	{"tech", "network", []string{"dag", "eli", "fay", "gus"}},
	{"service", "delivery", []string{"hal", "ivy"}},
}

var channels = []ticket.Channel{ticket.ChannelEmail, ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat,
	ticket.ChannelWeb, ticket.ChannelSocial}

var priorities = []ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityNormal, ticket.PriorityNormal,
	ticket.PriorityHigh, ticket.PriorityUrgent}

func (l *life) newID() ticket.ID {
	var id uuid.UUID
	for i := range 2 {
		v := l.r.Uint64()
		for j := range 8 {
			id[i*8+j] = byte(v >> (8 * j))
		}
	}
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

func (l *life) apply(t ticket.Ticket, events []ticket.Event, err error) {
	if l.err != nil {
		return
	}
	if err != nil {
		l.err = err
		return
	}
	l.t, l.events = t, append(l.events, events...)
}

// clock returns the instant of the next action, not before the last one
// and not after the end, after a merge due first; false past the end.
func (l *life) clock(at time.Time) (time.Time, bool) {
	if at.Before(l.t.UpdatedAt) {
		at = l.t.UpdatedAt
	}
	if !l.mergeAt.IsZero() && !at.Before(l.mergeAt) && l.mergeAt.Before(l.end) {
		l.merge()
		if at.Before(l.t.UpdatedAt) {
			at = l.t.UpdatedAt
		}
	}
	return at, at.Before(l.end)
}

func (l *life) merge() {
	at := l.mergeAt
	if at.Before(l.t.UpdatedAt) {
		at = l.t.UpdatedAt
	}
	l.mergeAt = time.Time{}
	if l.err != nil || l.t.Status.Category == ticket.StatusClosed.Category {
		return
	}
	res, err := ticket.Merge(at, l.agent, l.dupT, l.t)
	if err != nil {
		l.err = err
		return
	}
	l.dup = append(l.dup, res.SourceEvents...)
	l.apply(res.Target, res.TargetEvents, nil)
}

func (l *life) work(from time.Time, d time.Duration) time.Time {
	if l.urgent {
		return from.Add(d)
	}
	return l.cfg.Hours.Add(from, d)
}

func (l *life) spread(median time.Duration) time.Duration {
	d := time.Duration(float64(median) * math.Exp(0.8*l.r.NormFloat64()))
	return max(d, time.Minute).Round(time.Second)
}

func (l *life) chance(p float64) bool { return l.r.Float64() < p }

func (l *life) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+l.r.IntN(hi-lo+1)) * time.Minute
}

func (l *life) live(created time.Time) error {
	g := groups[l.r.IntN(len(groups))]
	l.group = g.name
	l.agent = ticket.Agent(g.agents[l.r.IntN(len(g.agents))])
	ch := channels[l.r.IntN(len(channels))]
	prio := priorities[l.r.IntN(len(priorities))]
	l.urgent = prio == ticket.PriorityUrgent
	cust := l.r.IntN(500)
	tier := ticket.Tier("standard")
	if cust%10 == 0 {
		tier = "vip"
	}
	req := ticket.Requester{CustomerID: fmt.Sprintf("cust-%d", cust), Organization: fmt.Sprintf("org-%d", cust%37), Tier: tier}
	var tags []string
	if tier == "vip" {
		tags = []string{"vip"}
	}
	l.apply(ticket.Create(nil, l.newID(), created, ticket.Customer(req.CustomerID), ticket.Created{
		Subject: "Help with " + g.category, Channel: ch, Requester: req, Priority: prio, Group: g.name,
		Category: g.category, Tags: tags}))
	if l.chance(0.03) {
		at := created.Add(l.minutes(10, 90))
		t, events, err := ticket.Create(nil, l.newID(), at, ticket.Customer(req.CustomerID), ticket.Created{
			Subject: "Again: help with " + g.category, Channel: ticket.ChannelEmail, Requester: req, Priority: prio,
			Group: g.name, Category: g.category})
		if err != nil {
			return err
		}
		if at.Before(l.end) {
			l.dupT, l.dup, l.mergeAt = t, events, l.work(at, l.minutes(5, 40))
		}
	}
	at := l.work(created, l.spread(time.Duration(1+l.r.IntN(4))*time.Hour))
	if ch == ticket.ChannelPhone {
		at = created.Add(l.minutes(2, 14))
	}
	l.do(at.Add(-time.Minute), func(at time.Time) { l.apply(l.t.Assign(at, ticket.System("router"), l.agent.ID, l.group)) })
	if ch == ticket.ChannelPhone {
		l.do(at, func(at time.Time) {
			l.apply(l.t.LogHandling(at, l.agent, ticket.HandlingLogged{Agent: l.agent.ID, Kind: ticket.HandlingTalk, Duration: at.Sub(created)}))
		})
	}
	l.reply(at)
	for round := 0; ; round++ {
		x := l.r.Float64()
		switch {
		case x < 0.45 || round >= 3:
			at = l.work(at, l.minutes(1, 30))
			if !l.status(at, ticket.StatusSolved) {
				return l.finish()
			}
			l.afterSolve(at)
			return l.finish()
		case x < 0.75:
			l.status(at, ticket.StatusPending)
			if l.chance(0.2) {
				return l.finish()
			}
			at = at.Add(l.spread(5 * time.Hour))
			l.customer(at)
		case x < 0.85:
			l.status(at, ticket.StatusOnHold)
			at = l.work(at, l.spread(10*time.Hour))
			l.status(at, ticket.StatusOpen)
		default:
			at = at.Add(l.spread(3 * time.Hour))
			l.customer(at)
		}
		at = l.work(at, l.spread(2*time.Hour))
		if !l.reply(at) {
			return l.finish()
		}
	}
}

// finish lets a merge still due before the end happen.
func (l *life) finish() error {
	l.clock(l.end)
	return l.err
}

// do runs f at the action's instant; false when that is past the end.
func (l *life) do(at time.Time, f func(time.Time)) bool {
	at, ok := l.clock(at)
	if !ok || l.err != nil {
		return false
	}
	f(at)
	return l.err == nil
}

func (l *life) reply(at time.Time) bool {
	return l.do(at, func(at time.Time) {
		l.apply(l.t.Reply(at, l.agent, ticket.Message{Public: true, Body: "Thank you, we are on it."}))
	})
}

func (l *life) customer(at time.Time) bool {
	return l.do(at, func(at time.Time) {
		l.apply(l.t.Reply(at, ticket.Customer(l.t.Requester.CustomerID), ticket.Message{Public: true, Body: "Any news?"}))
	})
}

func (l *life) status(at time.Time, s ticket.Status) bool {
	return l.do(at, func(at time.Time) { l.apply(l.t.SetStatus(at, l.agent, s)) })
}

func (l *life) afterSolve(solved time.Time) {
	for round := 0; ; round++ {
		if l.chance(0.35) {
			l.do(solved.Add(l.spread(3*time.Hour)), func(at time.Time) {
				score := 1 + l.r.IntN(5)
				if l.chance(0.6) {
					score = 4 + l.r.IntN(2)
				}
				l.apply(l.t.Rate(at, ticket.Customer(l.t.Requester.CustomerID), ticket.Rated{Survey: ticket.SurveyCSAT, Score: score, Scale: 5}))
			})
		}
		if round > 0 || !l.chance(0.07) {
			break
		}
		reopen := solved.Add(l.spread(20 * time.Hour))
		if !l.customer(reopen) {
			return
		}
		at := l.work(reopen, l.spread(time.Hour))
		if !l.reply(at) {
			return
		}
		solved = l.work(at, l.minutes(1, 20))
		if !l.status(solved, ticket.StatusSolved) {
			return
		}
	}
	l.status(solved.Add(96*time.Hour), ticket.StatusClosed)
}
