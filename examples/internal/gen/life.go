package gen

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
)

// life plays one ticket from its arrival to its close. Its random source
// depends only on the seed and the ticket's number, so tickets can be
// generated in any order, in parallel, with the same result.
type life struct {
	cfg    Config
	r      *rand.Rand
	end    time.Time
	types  []CaseType
	t      ticket.Ticket
	events []ticket.Event
	err    error

	kind   CaseType
	agent  ticket.Actor
	urgent bool // worked around the clock

	// A duplicate from the same customer, merged into this ticket at mergeAt.
	dupT    ticket.Ticket
	dup     []ticket.Event
	mergeAt time.Time
}

var (
	router    = ticket.System("router")
	autoClose = ticket.System("auto-close")
)

func newLife(cfg Config, n int, end time.Time) *life {
	return &life{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, uint64(n)+1)), end: end, types: CaseTypes()}
}

func (l *life) newID() ticket.ID {
	var id uuid.UUID
	for i := range 2 {
		v := l.r.Uint64()
		for j := range 8 {
			id[i*8+j] = byte(v >> (8 * j))
		}
	}
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}

// apply keeps a command's result.
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

// clock returns the instant of the next action, never before the last
// one, after doing a merge that falls due first.
func (l *life) clock(at time.Time) time.Time {
	if last := l.t.UpdatedAt; at.Before(last) {
		at = last
	}
	if !l.mergeAt.IsZero() && !at.Before(l.mergeAt) {
		l.merge()
	}
	if last := l.t.UpdatedAt; at.Before(last) {
		at = last
	}
	return at
}

func (l *life) merge() {
	at := l.mergeAt
	l.mergeAt = time.Time{}
	if at.Before(l.t.UpdatedAt) {
		at = l.t.UpdatedAt
	}
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

// work returns when an agent gets to something d of working time after
// from: business time, or wall-clock time for urgent tickets.
func (l *life) work(from time.Time, d time.Duration) time.Time {
	if l.urgent {
		return from.Add(d)
	}
	return l.cfg.Hours.Add(from, d)
}

// spread draws a duration around median, skewed to the right as waiting
// times are (log-normal with σ = 0.8), at least a minute.
func (l *life) spread(median time.Duration) time.Duration {
	d := time.Duration(float64(median) * math.Exp(0.8*l.r.NormFloat64()))
	return max(d, time.Minute).Round(time.Second)
}

func (l *life) chance(p float64) bool { return l.r.Float64() < p }

func (l *life) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+l.r.IntN(hi-lo+1)) * time.Minute
}

// live plays the ticket arriving at created.
func (l *life) live(created time.Time) error {
	req := customer(l.cfg.Seed, l.r.IntN(Customers(l.cfg.Tickets)))
	l.kind = l.types[pick(l.r, len(l.types), func(i int) int { return l.types[i].Weight })]
	open := l.cfg.Hours.IsOpen(created)
	ch := l.channel(open)
	prio := l.priority(req)
	l.urgent = prio == ticket.PriorityUrgent
	l.agent = ticket.Agent(l.pickAgent(req.Language))
	subject := l.kind.Subjects[l.r.IntN(len(l.kind.Subjects))]

	l.apply(ticket.Create(nil, l.newID(), created, ticket.Customer(req.CustomerID), ticket.Created{
		Subject: subject, Channel: ch, Requester: req, Priority: prio,
		Group: l.kind.Group, Category: l.kind.Name}))
	if l.chance(0.03) {
		l.duplicate(created, req, subject, ch)
	}

	var at time.Time
	switch {
	case ch == ticket.ChannelPhone:
		at = l.call(created)
	case ch == ticket.ChannelChat && open:
		at = l.chat(created)
	default:
		at = l.work(created, l.spread(l.firstReplyMedian(prio)))
		l.apply(l.t.Assign(l.clock(at.Add(-l.minutes(1, 5))), router, l.agent.ID, l.kind.Group))
		l.reply(at)
	}
	if l.t.Status.Category != ticket.StatusSolved.Category {
		var solved bool
		if at, solved = l.converse(at); !solved {
			l.clock(l.end) // a merge still due happens
			return l.err
		}
	}
	l.afterSolve(at)
	return l.err
}

func (l *life) channel(open bool) ticket.Channel {
	type w struct {
		ch         ticket.Channel
		open, shut int
	}
	ws := [...]w{
		{ticket.ChannelEmail, 38, 55}, {ticket.ChannelPhone, 18, 0}, {ticket.ChannelChat, 20, 6},
		{ticket.ChannelWeb, 15, 28}, {ticket.ChannelSocial, 8, 10}, {ticket.ChannelPost, 1, 1},
	}
	i := pick(l.r, len(ws), func(i int) int {
		if open {
			return ws[i].open
		}
		return ws[i].shut
	})
	return ws[i].ch
}

func (l *life) priority(req ticket.Requester) ticket.Priority {
	weights := [4]int{20, 58, 18, 4} // low, normal, high, urgent
	if l.kind.Name == "network" {
		weights = [4]int{5, 40, 40, 15}
	}
	if req.Tier == "vip" {
		weights[0], weights[2] = weights[0]/2, weights[2]+weights[0]/2
	}
	ps := [4]ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}
	return ps[pick(l.r, 4, func(i int) int { return weights[i] })]
}

func (l *life) firstReplyMedian(p ticket.Priority) time.Duration {
	switch p {
	case ticket.PriorityUrgent:
		return 25 * time.Minute
	case ticket.PriorityHigh:
		return time.Hour
	case ticket.PriorityLow:
		return 4 * time.Hour
	}
	return 2 * time.Hour
}

// pickAgent chooses who handles the ticket: someone in the case type's
// group who speaks the customer's language, weighted by skill.
func (l *life) pickAgent(lang string) string {
	agents := Agents()
	weight := func(i int) int {
		a := agents[i]
		if a.Group != l.kind.Group {
			return 0
		}
		w := 1 + 3*a.Skills[l.kind.Name]
		if a.Speaks(lang) {
			w *= 10
		}
		return w
	}
	return agents[pick(l.r, len(agents), weight)].ID
}

// duplicate has the customer write again about the same thing on another
// channel; the agent merges the duplicate into this ticket.
func (l *life) duplicate(created time.Time, req ticket.Requester, subject string, ch ticket.Channel) {
	other := ticket.ChannelEmail
	if ch == ticket.ChannelEmail {
		other = ticket.ChannelSocial
	}
	at := created.Add(l.minutes(10, 90))
	t, events, err := ticket.Create(nil, l.newID(), at, ticket.Customer(req.CustomerID), ticket.Created{
		Subject: "Re: " + subject, Channel: other, Requester: req, Priority: l.t.Priority,
		Group: l.kind.Group, Category: l.kind.Name})
	if err != nil {
		l.err = err
		return
	}
	l.dupT, l.dup, l.mergeAt = t, events, l.work(at, l.minutes(5, 40))
}

// reply is an agent's public reply, from a saved reply now and then.
func (l *life) reply(at time.Time) {
	at = l.clock(at)
	m := ticket.Message{Public: true, Body: "Thank you, we are on it."}
	if l.kind.Macro != "" && l.chance(0.4) {
		l.apply(l.t.ApplyWorkflow(at, l.agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: l.kind.Macro}))
		m.MacroID = l.kind.Macro
	}
	l.apply(l.t.Reply(at, l.agent, m))
}

func (l *life) customerWrites(at time.Time) {
	l.apply(l.t.Reply(l.clock(at), ticket.Customer(l.t.Requester.CustomerID),
		ticket.Message{Public: true, Body: "Any news?"}))
}

func (l *life) setStatus(at time.Time, s ticket.Status) {
	l.apply(l.t.SetStatus(l.clock(at), l.agent, s))
}

func (l *life) handling(at time.Time, kind ticket.HandlingKind, d time.Duration) {
	l.apply(l.t.LogHandling(l.clock(at), l.agent, ticket.HandlingLogged{Agent: l.agent.ID, Kind: kind, Duration: d}))
}

// call is a phone call answered on the spot; two in three are solved
// while the customer is on the line. It returns when the call ended.
func (l *life) call(created time.Time) time.Time {
	talk := l.minutes(2, 14) + time.Duration(l.r.IntN(60))*time.Second
	l.apply(l.t.Assign(l.clock(created), router, l.agent.ID, l.kind.Group))
	end := created.Add(talk)
	if l.chance(0.3) {
		l.handling(end, ticket.HandlingHold, l.minutes(1, 4))
	}
	l.handling(end, ticket.HandlingTalk, talk)
	l.reply(end)
	if l.chance(0.66) {
		l.setStatus(end, ticket.StatusSolved)
	}
	l.handling(end.Add(l.minutes(1, 4)), ticket.HandlingAfterCallWork, l.minutes(1, 4))
	return end
}

// chat is a chat answered within minutes while the desk is open.
func (l *life) chat(created time.Time) time.Time {
	pickup := created.Add(l.minutes(0, 4))
	l.apply(l.t.Assign(l.clock(pickup), router, l.agent.ID, l.kind.Group))
	l.reply(pickup.Add(time.Minute))
	end := pickup.Add(l.minutes(4, 22))
	l.handling(end, ticket.HandlingTalk, end.Sub(pickup))
	if l.chance(0.55) {
		l.setStatus(end, ticket.StatusSolved)
	}
	return end
}

// converse is the back and forth after the first reply until the ticket is
// solved; solved is false when the customer never answered a question.
func (l *life) converse(at time.Time) (time.Time, bool) {
	for round := 0; ; round++ {
		x := l.r.Float64()
		switch {
		case x < 0.45 || round >= 3:
			at = l.work(at, l.minutes(1, 30))
			l.setStatus(at, ticket.StatusSolved)
			return at, true
		case x < 0.75: // a question to the customer
			l.setStatus(at, ticket.StatusPending)
			if l.chance(0.22) {
				return at, false
			}
			at = at.Add(l.spread(5 * time.Hour))
			l.customerWrites(at)
		case x < 0.87 && (l.kind.Name == "network" || l.kind.Name == "hardware"):
			l.setStatus(at, ticket.StatusOnHold) // waiting for a part or a carrier
			at = l.work(at, l.spread(10*time.Hour))
			l.setStatus(at, ticket.StatusOpen)
		default:
			at = at.Add(l.spread(3 * time.Hour))
			l.customerWrites(at)
		}
		at = l.work(at, l.spread(l.firstReplyMedian(l.t.Priority)))
		l.reply(at)
	}
}

// afterSolve plays what follows a solve: perhaps a rating, perhaps a
// reopen, and the close four days after the last solve.
func (l *life) afterSolve(solved time.Time) {
	for round := 0; ; round++ {
		rateAt := solved.Add(l.spread(3 * time.Hour))
		reopenAt := solved.Add(l.spread(20 * time.Hour))
		rates, reopens := l.chance(0.35), round == 0 && l.chance(0.07)
		if rates && (!reopens || rateAt.Before(reopenAt)) {
			l.apply(l.t.Rate(l.clock(rateAt), ticket.Customer(l.t.Requester.CustomerID), ticket.Rated{
				Survey: ticket.SurveyCSAT, Score: l.score(solved), Scale: 5}))
		}
		if !reopens {
			break
		}
		l.customerWrites(reopenAt)
		at := l.work(reopenAt, l.spread(time.Hour))
		l.reply(at)
		solved = l.work(at, l.minutes(1, 20))
		l.setStatus(solved, ticket.StatusSolved)
	}
	at := l.clock(solved.Add(96 * time.Hour))
	l.apply(l.t.ApplyWorkflow(at, autoClose, ticket.WorkflowApplied{Kind: ticket.WorkflowAutomation, ID: "auto-close", Name: "Close 4 days after solve"}))
	l.apply(l.t.SetStatus(at, autoClose, ticket.StatusClosed))
}

// score is the customer's rating on a 1–5 scale: most are happy, a slow
// first reply, a reopen or a case type out of the desk's hands lowers it.
func (l *life) score(solved time.Time) int {
	s := 4.4 + l.kind.Mood + 0.8*l.r.NormFloat64()
	if l.t.Reopens > 0 {
		s -= 0.8
	}
	if l.cfg.Hours.Elapsed(l.t.CreatedAt, solved) > 16*time.Hour {
		s -= 0.7
	}
	return int(math.Round(min(5, max(1, s))))
}
