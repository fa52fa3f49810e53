package metrics

import (
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
)

// Elapsed is a duration measured twice: on the calendar clock and on the
// business clock of a [calendar.Calendar] (equal to the calendar clock when
// no calendar is given: 24/7 is a calendar too). Known is false for a fact
// that has not happened yet — a ticket never replied to has no first reply
// time, not a first reply time of 0.
type Elapsed struct {
	Calendar time.Duration
	Business time.Duration
	Known    bool
}

// Rating is the latest answer to one kind of survey on a ticket.
type Rating struct {
	Score, Scale int
	At           time.Time
	Agent        string // the agent credited, by [Definitions.Credit]
	Group        string // the group at the rating
	Known        bool   // false: not rated
}

// AgentShare is what one agent did on one ticket.
type AgentShare struct {
	Agent    string
	Touched  bool                       // the agent authored at least one event
	Replies  int                        // public agent replies (by the reply predicate)
	Logged   [numHandling]time.Duration // logged handling time by kind: talk, hold, after-call work, other
	Assigned time.Duration              // time assigned while the ticket was active (a proxy for handling time)
}

// LoggedTotal returns the agent's logged handling time of every kind.
func (a AgentShare) LoggedTotal() time.Duration {
	var s time.Duration
	for _, d := range a.Logged {
		s += d
	}
	return s
}

const numHandling = 4

// handlingIndex maps a handling kind to its index in AgentShare.Logged.
func handlingIndex(k ticket.HandlingKind) int {
	switch k {
	case ticket.HandlingTalk:
		return 0
	case ticket.HandlingHold:
		return 1
	case ticket.HandlingAfterCallWork:
		return 2
	}
	return 3
}

// surveyIndex maps a survey kind to its index in Facts.Ratings, or -1.
func surveyIndex(s ticket.Survey) int {
	switch s {
	case ticket.SurveyCSAT:
		return 0
	case ticket.SurveyNPS:
		return 1
	case ticket.SurveyCES:
		return 2
	}
	return -1
}

// Facts are the per-ticket facts of one ticket, the result of one pass over
// its events ([Fold]). Durations that have not happened are absent
// ([Elapsed.Known] false), counts are exact, and every value is read from
// the history, so a KPI computed from Facts agrees with the SLA clocks of
// package sla, which read the same events with the same reply predicate.
//
// The dimensions (Channel, Priority, Group, Category, Tags, requester) are
// the ticket's values at its last event; the agent and group a KPI is
// credited to are recorded at the KPI's own event.
type Facts struct {
	Ticket      ticket.ID
	CreatedAt   time.Time
	LastEventAt time.Time
	AsOf        time.Time // the instant open durations run to: the fold's now, or the last event

	Channel      ticket.Channel
	Priority     ticket.Priority
	Group        string
	Assignee     string
	Category     string
	Tags         []string // sorted
	Customer     string
	Organization string
	Tier         ticket.Tier
	Status       ticket.Status
	MergedInto   ticket.ID // set when the ticket was merged away
	MergedFrom   int       // tickets merged into this one
	FollowUpOf   ticket.ID

	FirstReply      Elapsed   // clock start → first reply
	FirstReplyAt    time.Time // zero when never replied
	FirstReplyAgent string    // credited agent
	FirstReplyGroup string    // group at the first reply
	NextReplies     []Elapsed // earliest unanswered customer message → next reply, after the first reply

	FirstResolution    Elapsed // created → first solve
	FullResolution     Elapsed // created → last solve; absent while the ticket is not solved
	FirstSolvedAt      time.Time
	SolvedAt           time.Time // last solve; zero while not solved
	FirstResolverAgent string    // credited agent at the first solve
	FirstResolverGroup string    // group at the first solve
	ResolverAgent      string    // credited agent at the last solve
	ResolverGroup      string

	RequesterWait Elapsed // time in new, open and on-hold
	AgentWait     Elapsed // time in pending
	OnHold        Elapsed // time in on-hold
	AgentWork     Elapsed // time in new and open

	AgentReplies          int // replies by the reply predicate
	CustomerMessages      int // public messages from the requester side
	InternalNotes         int // messages that are not public
	RepliesToResolve      int // agent replies up to the last solve (valid when FullResolution is known)
	InteractionsToResolve int // agent replies and customer messages up to the last solve
	Solves                int
	Reopens               int
	Reassignments         int // changes from one agent to another
	GroupHops             int // changes from one group to another (escalations)
	LastReplier           string

	Ratings   [3]Rating // latest answer per survey: CSAT, NPS, CES
	Workflows []ticket.WorkflowApplied
	Handling  [numHandling]time.Duration // logged handling time by kind
	Agents    []AgentShare               // in order of first appearance

	ActiveAt bool // the ticket existed and was active at the fold's backlog instant
}

// Resolved reports whether the ticket is solved or closed (and not merged
// away) at its last event.
func (f *Facts) Resolved() bool { return f.FullResolution.Known && !f.Merged() }

// Merged reports whether the ticket was merged into another one.
func (f *Facts) Merged() bool { return f.MergedInto != ticket.ID{} }

// Rating returns the latest rating of survey s.
func (f *Facts) Rating(s ticket.Survey) Rating {
	if i := surveyIndex(s); i >= 0 {
		return f.Ratings[i]
	}
	return Rating{}
}

// OneTouch reports whether the resolved ticket is one-touch under rule.
func (f *Facts) OneTouch(rule OneTouchRule) bool {
	if !f.Resolved() {
		return false
	}
	if rule == OneTouchExactlyOne {
		return f.AgentReplies == 1
	}
	return f.AgentReplies < 2
}

// TwoTouch reports whether the resolved ticket had exactly two agent replies.
func (f *Facts) TwoTouch() bool { return f.Resolved() && f.AgentReplies == 2 }

// FirstContact reports whether the resolved ticket was resolved on first
// contact by [FCROneTouch]: one-touch under rule and never reopened.
// ([FCRNoRepeat] asks instead that it was never reopened and looks at
// other tickets: see [Report.FCRNoRepeat].)
func (f *Facts) FirstContact(rule OneTouchRule) bool {
	return f.OneTouch(rule) && f.Reopens == 0
}

// HandlingTotal returns talk + hold + after-call work logged on the ticket.
func (f *Facts) HandlingTotal() time.Duration {
	return f.Handling[0] + f.Handling[1] + f.Handling[2]
}

// Folder folds ticket histories into [Facts]. Its zero value is not usable;
// make one with [NewFolder]. A Folder is immutable; Fold may be called from
// several goroutines at once with different Facts.
type Folder struct {
	defs     Definitions
	cal      *calendar.Calendar
	now      time.Time
	backlog  time.Time
	isReply  func(ticket.Message, ticket.Actor) bool
	reopenFP bool
}

// NewFolder returns a Folder with the given definitions (see [Definitions]
// for the defaults), business calendar (nil: business time equals calendar
// time), the instant now that open durations run to (zero: each ticket's
// last event), and the backlog instant (zero: none) at which [Facts.ActiveAt]
// is decided. It returns the joined [*ConfigError]s of bad definitions.
func NewFolder(defs Definitions, cal *calendar.Calendar, now, backlogAt time.Time) (*Folder, error) {
	if err := defs.Validate(); err != nil {
		return nil, err
	}
	defs = defs.withDefaults()
	fo := &Folder{defs: defs, cal: cal, now: now, backlog: backlogAt, isReply: defs.IsReply,
		reopenFP: defs.Reopens == ReopenFromSolvedOrPending}
	if fo.isReply == nil {
		fo.isReply = ticket.Message.IsAgentReply
	}
	return fo, nil
}

// bizClock measures business time from a ticket's creation, advancing
// monotonically along its events, so each stretch between two instants of
// interest is measured once (one calendar lookup per stretch).
type bizClock struct {
	cal   *calendar.Calendar
	since time.Time     // the instant measured up to
	cum   time.Duration // business time from creation to since
}

// to returns the business time from creation to t (t ≥ since), advancing.
func (c *bizClock) to(t time.Time) time.Duration {
	if !t.After(c.since) {
		return c.cum
	}
	if c.cal == nil {
		c.cum += t.Sub(c.since)
	} else {
		c.cum += c.cal.Elapsed(c.since, t)
	}
	c.since = t
	return c.cum
}

// reset clears f for a new ticket, keeping its slices' memory.
func (f *Facts) reset() {
	tags, next, wfs, agents := f.Tags[:0], f.NextReplies[:0], f.Workflows[:0], f.Agents[:0]
	*f = Facts{Tags: tags, NextReplies: next, Workflows: wfs, Agents: agents}
	known := Elapsed{Known: true}
	f.RequesterWait, f.AgentWait, f.OnHold, f.AgentWork = known, known, known, known
}

// shareIndex returns the index of the agent's share, adding it when new.
func (f *Facts) shareIndex(agent string) int {
	for i := range f.Agents {
		if f.Agents[i].Agent == agent {
			return i
		}
	}
	f.Agents = append(f.Agents, AgentShare{Agent: agent})
	return len(f.Agents) - 1
}

// Fold computes the facts of one ticket from its history into f, reusing
// f's slices (so a caller folding many tickets into one Facts allocates
// almost nothing). The history must be one ticket's events in sequence
// order, as stored; a history the fold cannot read is reported as a
// [*HistoryError] wrapping [ErrCorruptHistory], and f is then undefined.
//
// Fold checks the envelope (ticket ID, sequence numbers, instants, a
// created first event, known payloads and actor roles) and that each
// status change starts from the status the ticket is in; unlike
// [ticket.Replay] it does not re-check every recorded previous value, which
// is what makes it several times cheaper.
func (fo *Folder) Fold(f *Facts, events []ticket.Event) error {
	f.reset()
	if len(events) == 0 {
		return &HistoryError{Problem: "no events"}
	}
	first := &events[0]
	c, ok := first.Data.(ticket.Created)
	if !ok {
		return &HistoryError{Ticket: first.TicketID, Seq: first.Seq, Problem: fmt.Sprintf("first event is %q, not created", first.Type())}
	}
	id := first.TicketID
	f.Ticket = id
	f.CreatedAt = first.At
	f.Channel, f.Priority, f.Group, f.Category, f.Status = c.Channel, c.Priority, c.Group, c.Category, c.Status
	f.Customer, f.Organization, f.Tier = c.Requester.CustomerID, c.Requester.Organization, c.Requester.Tier
	f.Tags = append(f.Tags, c.Tags...)
	if !slices.IsSorted(f.Tags) {
		slices.Sort(f.Tags)
	}

	var (
		defs          = &fo.defs
		clock         = bizClock{cal: fo.cal, since: first.At}
		since         = first.At // when the current status was entered
		sinceBiz      time.Duration
		assignedSince time.Time // when the current assignee was assigned
		clockStart    = first.At
		startBiz      time.Duration
		waitingSince  time.Time // earliest unanswered customer message after the first reply
		waitingBiz    time.Duration
		solvedBiz     time.Duration
		interactions  int
		backlogSet    = !fo.backlog.IsZero()
		prevAt        time.Time
		lastShare     = -1
	)
	if defs.ClockStart == ClockFirstCustomerMessage {
		clockStart = time.Time{}
	}
	// touch returns the share of agent, remembering the last one found.
	touch := func(agent string) *AgentShare {
		if lastShare < 0 || f.Agents[lastShare].Agent != agent {
			lastShare = f.shareIndex(agent)
		}
		return &f.Agents[lastShare]
	}
	// closeStatus adds the stretch [since, t) to the status durations.
	closeStatus := func(t time.Time) {
		if !t.After(since) {
			return
		}
		cat := f.Status.Category
		if !cat.Active() {
			since = t
			return
		}
		biz := clock.to(t)
		e := Elapsed{Calendar: t.Sub(since), Business: biz - sinceBiz}
		switch cat {
		case ticket.StatusCategoryNew, ticket.StatusCategoryOpen:
			addTo(&f.RequesterWait, e)
			addTo(&f.AgentWork, e)
		case ticket.StatusCategoryOnHold:
			addTo(&f.RequesterWait, e)
			addTo(&f.OnHold, e)
		case ticket.StatusCategoryPending:
			addTo(&f.AgentWait, e)
		}
		since, sinceBiz = t, biz
	}
	for i := range events {
		e := &events[i]
		switch {
		case e.TicketID != id:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("event of ticket %s", e.TicketID)}
		case e.Seq != i+1:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("sequence number %d where %d was due", e.Seq, i+1)}
		case e.At.IsZero():
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: "event has no instant"}
		case e.At.Before(prevAt):
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: "instant goes backwards"}
		case i > 0 && f.Status.Category == ticket.StatusCategoryClosed:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: "event after the ticket was closed"}
		}
		switch e.Actor.Role {
		case ticket.RoleAgent:
			if e.Actor.ID != "" {
				touch(e.Actor.ID).Touched = true
			}
		case ticket.RoleCustomer, ticket.RoleBot, ticket.RoleSystem:
		default:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("actor has unknown role %q", e.Actor.Role)}
		}
		prevAt = e.At
		if backlogSet && e.At.After(fo.backlog) && i > 0 {
			// The state before this event is the state at the backlog instant.
			f.ActiveAt = !f.CreatedAt.After(fo.backlog) && f.Status.Category.Active()
			backlogSet = false
		}
		switch d := e.Data.(type) {
		case ticket.Created:
			if i > 0 {
				return &HistoryError{Ticket: id, Seq: e.Seq, Problem: "created event after the first"}
			}
		case ticket.Message:
			switch {
			case fo.isReply(d, e.Actor):
				f.AgentReplies++
				interactions++
				f.LastReplier = e.Actor.ID
				touch(e.Actor.ID).Replies++
				if !f.FirstReplyAt.IsZero() {
					if !waitingSince.IsZero() {
						biz := clock.to(e.At)
						f.NextReplies = append(f.NextReplies, Elapsed{Calendar: e.At.Sub(waitingSince), Business: biz - waitingBiz, Known: true})
						waitingSince = time.Time{}
					}
					break
				}
				if clockStart.IsZero() {
					clockStart = f.CreatedAt
				}
				f.FirstReplyAt = e.At
				f.FirstReply = Elapsed{Calendar: e.At.Sub(clockStart), Business: clock.to(e.At) - startBiz, Known: true}
				f.FirstReplyAgent = f.Assignee
				f.FirstReplyGroup = f.Group
			case d.IsCustomerMessage(e.Actor):
				f.CustomerMessages++
				interactions++
				if clockStart.IsZero() {
					clockStart = e.At
					startBiz = clock.to(e.At)
				}
				if !f.FirstReplyAt.IsZero() && waitingSince.IsZero() {
					waitingSince = e.At
					waitingBiz = clock.to(e.At)
				}
			case !d.Public:
				f.InternalNotes++
			}
		case ticket.StatusChanged:
			if d.From != f.Status {
				return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("status change from %s, but the ticket is %s", d.From, f.Status)}
			}
			closeStatus(e.At)
			from, to := d.From.Category, d.To.Category
			if d.Reopen || from == ticket.StatusCategorySolved && to.Active() ||
				fo.reopenFP && from == ticket.StatusCategoryPending && (to == ticket.StatusCategoryOpen || to == ticket.StatusCategoryOnHold) {
				f.Reopens++
			}
			resolves := to == ticket.StatusCategorySolved && from != ticket.StatusCategorySolved ||
				to == ticket.StatusCategoryClosed && from.Active() && d.Reason != "merged"
			if resolves {
				biz := clock.to(e.At)
				f.Solves++
				if f.FirstSolvedAt.IsZero() {
					f.FirstSolvedAt = e.At
					f.FirstResolution = Elapsed{Calendar: e.At.Sub(f.CreatedAt), Business: biz, Known: true}
					f.FirstResolverAgent = f.Assignee
					f.FirstResolverGroup = f.Group
				}
				f.SolvedAt = e.At
				solvedBiz = biz
				f.ResolverAgent = f.Assignee
				f.ResolverGroup = f.Group
				f.RepliesToResolve = f.AgentReplies
				f.InteractionsToResolve = interactions
			}
			if to.Active() {
				f.SolvedAt = time.Time{}
			}
			if !assignedSince.IsZero() && f.Assignee != "" && from.Active() && !to.Active() {
				touch(f.Assignee).Assigned += e.At.Sub(assignedSince)
			}
			if to.Active() && !from.Active() {
				assignedSince = e.At
				since, sinceBiz = e.At, clock.to(e.At)
			}
			f.Status = d.To
		case ticket.Assigned:
			if d.PrevAgent != "" && d.Agent != d.PrevAgent {
				f.Reassignments++
			}
			if d.PrevGroup != "" && d.Group != d.PrevGroup {
				f.GroupHops++
			}
			if f.Assignee != "" && f.Status.Category.Active() && !assignedSince.IsZero() {
				touch(f.Assignee).Assigned += e.At.Sub(assignedSince)
			}
			if d.Agent != "" {
				touch(d.Agent)
			}
			f.Assignee, f.Group = d.Agent, d.Group
			assignedSince = e.At
		case ticket.PriorityChanged:
			f.Priority = d.To
		case ticket.TagsChanged:
			f.Tags = applyTags(f.Tags, d.Added, d.Removed)
		case ticket.FieldsChanged:
			for _, ch := range d.Changes {
				if ch.Field == ticket.FieldCategory {
					f.Category = ch.To
				}
			}
		case ticket.Merged:
			if d.Into != (ticket.ID{}) {
				f.MergedInto = d.Into
			} else {
				f.MergedFrom++
			}
		case ticket.Linked:
			f.FollowUpOf = d.FollowUpOf
		case ticket.Rated:
			if k := surveyIndex(d.Survey); k >= 0 {
				f.Ratings[k] = Rating{Score: d.Score, Scale: d.Scale, At: e.At, Agent: f.Assignee, Group: f.Group, Known: true}
			}
		case ticket.WorkflowApplied:
			f.Workflows = append(f.Workflows, d)
		case ticket.HandlingLogged:
			k := handlingIndex(d.Kind)
			f.Handling[k] += d.Duration
			if d.Agent != "" {
				touch(d.Agent).Logged[k] += d.Duration
			}
		case nil:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: "event has no payload"}
		default:
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("payload of type %T is not an event payload", d)}
		}
	}
	last := events[len(events)-1].At
	f.LastEventAt = last
	f.AsOf = last
	if !fo.now.IsZero() && f.Status.Category.Active() && fo.now.After(last) {
		f.AsOf = fo.now
	}
	closeStatus(f.AsOf)
	if f.Assignee != "" && f.Status.Category.Active() && !assignedSince.IsZero() {
		touch(f.Assignee).Assigned += f.AsOf.Sub(assignedSince)
	}
	if backlogSet {
		f.ActiveAt = !f.CreatedAt.After(fo.backlog) && f.Status.Category.Active()
	}
	if !f.SolvedAt.IsZero() {
		f.FullResolution = Elapsed{Calendar: f.SolvedAt.Sub(f.CreatedAt), Business: solvedBiz, Known: true}
	}
	fo.credit(f)
	return nil
}

func addTo(dst *Elapsed, e Elapsed) {
	dst.Calendar += e.Calendar
	dst.Business += e.Business
}

// credit replaces the agents recorded at each event by the agent the
// credit rule names.
func (fo *Folder) credit(f *Facts) {
	var who string
	switch fo.defs.Credit {
	case CreditAssigneeAtEvent:
		return
	case CreditCurrentAssignee:
		who = f.Assignee
	case CreditLastReplier:
		who = f.LastReplier
	case CreditResolver:
		who = f.ResolverAgent
	}
	if f.FirstReplyAt.IsZero() {
		f.FirstReplyAgent = ""
	} else {
		f.FirstReplyAgent = who
	}
	if !f.FirstSolvedAt.IsZero() {
		f.FirstResolverAgent = who
	}
	if !f.SolvedAt.IsZero() {
		f.ResolverAgent = who
	}
	for k := range f.Ratings {
		if f.Ratings[k].Known {
			f.Ratings[k].Agent = who
		}
	}
}

// applyTags returns tags + added − removed, sorted, in tags' memory when
// it has room.
func applyTags(tags, added, removed []string) []string {
	out := tags[:0]
	for _, t := range tags {
		if _, gone := slices.BinarySearch(removed, t); !gone {
			out = append(out, t)
		}
	}
	for _, a := range added {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	if len(added) > 0 {
		slices.Sort(out)
	}
	return out
}
