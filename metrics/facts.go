package metrics

import (
	"errors"
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/internal/wall"
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

// NextReply is one next reply: the time from the customer message that
// started an instance of package sla's [sla.NextReply] metric to the
// reply that fulfilled it, the reply's instant, the agent who sent it, and
// the agent and group the ticket was with.
type NextReply struct {
	Calendar time.Duration
	Business time.Duration
	At       time.Time // the reply
	Replier  string    // the agent who replied
	Assignee string    // the agent credited by [Definitions.Credit] at the reply
	Group    string    // the group at the reply
}

// AgentShare is what one agent did on one ticket.
type AgentShare struct {
	Agent      string
	Touched    bool                       // the agent authored at least one event
	AssignedTo bool                       // the ticket was assigned to the agent at some point
	Replies    int                        // public agent replies (by the reply predicate)
	Logged     [numHandling]time.Duration // logged handling time by kind: talk, hold, after-call work, other
	Assigned   time.Duration              // time assigned while the ticket was active (a proxy for handling time)
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
// its events ([Folder.Fold]). Durations that have not happened are absent
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

	// FirstReply is clock start → first reply. On a ticket an agent
	// opened, the opening comment (the first message a person wrote) is the
	// ticket's description, not a reply, so the first reply is the next
	// one (Zendesk's native first reply time; see [ticket.Opening]).
	FirstReply      Elapsed
	FirstReplyAt    time.Time   // zero when never replied
	FirstReplyAgent string      // credited agent
	FirstReplyGroup string      // group at the first reply
	NextReplies     []NextReply // each fulfilled instance of sla's NextReply metric, in order
	// NextReplyWaiting is true when a customer is still waiting for a next
	// reply at the end of the history read (a censored next reply).
	NextReplyWaiting bool

	FirstResolution    Elapsed // created → first solve (0 for a ticket created solved or closed, resolved at its creation)
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

	// AgentReplies counts the replies by the reply predicate, the opening
	// comment of a ticket an agent opened not among them (Zendesk counts
	// only the agent's second comment on a proactive ticket); so do
	// RepliesToResolve, InteractionsToResolve, LastReplier and each
	// [AgentShare]'s Replies. A public opening comment is counted in none
	// of the message counts; an internal one is an internal note.
	AgentReplies          int
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
	return touches(f.AgentReplies, rule)
}

// touches reports whether replies agent replies are one touch under rule.
func touches(replies int, rule OneTouchRule) bool {
	if rule == OneTouchExactlyOne {
		return replies == 1
	}
	return replies < 2
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
	lc       *ticket.Lifecycle
}

// NewFolder returns a Folder with the given definitions (see [Definitions]
// for the defaults), business calendar (nil: business time equals calendar
// time), the instant now at which the histories are read (zero: each
// ticket's last event; see [Folder.Fold]), and the backlog instant (zero:
// none) at which [Facts.ActiveAt] is decided, not after a non-zero now
// (the events after now are not read). It returns the joined
// [*ConfigError]s of bad definitions and of a backlog instant after now.
func NewFolder(defs Definitions, cal *calendar.Calendar, now, backlogAt time.Time) (*Folder, error) {
	errs := defs.problems()
	if err := backlogProblem(now, backlogAt); err != nil {
		errs = append(errs, err)
	}
	if err := joinProblems(errs); err != nil {
		return nil, err
	}
	defs = defs.withDefaults()
	fo := &Folder{defs: defs, cal: cal, now: now, backlog: backlogAt, isReply: defs.IsReply,
		reopenFP: defs.Reopens == ReopenFromSolvedOrPending, lc: ticket.DefaultLifecycle()}
	if fo.isReply == nil {
		fo.isReply = ticket.Message.IsAgentReply
	}
	return fo, nil
}

// bizClock measures business time from a ticket's creation, advancing
// monotonically along its events: one calendar lookup per instant of
// interest (a calendar.Meter from the creation), none for an instant
// already reached.
type bizClock struct {
	cal   *calendar.Calendar
	meter calendar.Meter // from the creation, with cal
	since time.Time      // the instant measured up to
	cum   time.Duration  // business time from creation to since
}

func newBizClock(cal *calendar.Calendar, created time.Time) bizClock {
	c := bizClock{cal: cal, since: created}
	if cal != nil {
		c.meter = cal.Meter(created)
	}
	return c
}

// to returns the business time from creation to t (t ≥ since), advancing.
func (c *bizClock) to(t time.Time) time.Duration {
	if !wall.After(t, c.since) {
		return c.cum
	}
	if c.cal == nil {
		c.cum += wall.Sub(t, c.since)
	} else {
		c.cum = c.meter.To(t) // the sum of Elapsed over the stretches, exactly
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

// snapshot copies the ticket's values into f: its dimensions as they
// stand after the events read.
func (f *Facts) snapshot(tk *ticket.Ticket) {
	f.Channel, f.Priority, f.Group, f.Assignee, f.Category, f.Status = tk.Channel, tk.Priority, tk.Group, tk.Assignee, tk.Category, tk.Status
	f.Customer, f.Organization, f.Tier = tk.Requester.CustomerID, tk.Requester.Organization, tk.Requester.Tier
	f.Tags = append(f.Tags[:0], tk.Tags...) // sorted by ticket
	f.MergedInto, f.MergedFrom, f.FollowUpOf = tk.MergedInto, len(tk.MergedFrom), tk.FollowUpOf
}

// historyError wraps the [*ticket.ReplayError] that refused an event.
func historyError(id ticket.ID, err error) error {
	he := &HistoryError{Ticket: id, Problem: err.Error(), Err: err}
	var re *ticket.ReplayError
	if errors.As(err, &re) {
		he.Seq, he.Problem = re.Seq, re.Problem
	}
	return he
}

// Fold computes the facts of one ticket from its history into f, reusing
// f's slices (so a caller folding many tickets into one Facts allocates
// almost nothing). The history must be one ticket's events in sequence
// order, as stored.
//
// Fold checks the history with [ticket.ReplayInto] before it reads it: a
// history [ticket.Replay] refuses is refused here with a [*HistoryError]
// wrapping [ErrCorruptHistory] and Replay's own [*ticket.ReplayError] (so
// errors.As finds the same error Replay returns), and f is then undefined.
// Every event type package ticket defines is folded; follow-up dates and
// snoozes change no KPI.
//
// With the Folder's now set, events after now are checked but not read:
// the facts are the ticket's as of now, as [sla.Evaluator.Evaluate] reads
// its clocks, so a report "as of 31 March" from a live store leaves April
// out. Open durations run to now. A ticket created after now has facts of
// its creation only; a [Report] leaves it out ([RemovedAfterNow]).
//
// Instants are compared and subtracted on their wall clocks, as package
// ticket orders a history and a store keeps it: the monotonic readings of
// instants from time.Now are ignored, so a history folds the same before
// and after a round trip through storage, even across a step of the wall
// clock.
func (fo *Folder) Fold(f *Facts, events []ticket.Event) error {
	f.reset()
	if len(events) == 0 {
		_, err := ticket.Replay(nil, nil)
		return historyError(ticket.ID{}, err)
	}
	first := &events[0]
	id := first.TicketID
	// read is the number of events read: the created event (a ticket
	// created after now is read as created) and those after it not after
	// now.
	read := len(events)
	if cutoff := fo.now; !cutoff.IsZero() {
		read = 1
		for read < len(events) && !wall.After(events[read].At, cutoff) {
			read++
		}
	}
	// The checks, in one pass under the Folder's lifecycle (the default
	// one, built once): Replay's, event by event, in order, so the first
	// event it refuses is the one refused here. tk is the ticket as it
	// stands after the events read (the facts' dimensions); the events
	// after now are checked after it, on a copy.
	var tk ticket.Ticket
	if err := ticket.ReplayInto(&tk, fo.lc, events[:read]); err != nil {
		return historyError(id, err)
	}
	if read < len(events) {
		if _, err := tk.Apply(events[read:]...); err != nil {
			return historyError(id, err)
		}
	}
	created := first.Data.(ticket.Created) // the checks passed: it is
	f.Ticket = id
	f.CreatedAt = first.At
	f.Status = created.Status

	var (
		defs          = &fo.defs
		clock         = newBizClock(fo.cal, first.At)
		since         = first.At // when the current status was entered
		sinceBiz      time.Duration
		assignedSince time.Time // when the current assignee was assigned
		lastAgent     string    // the last agent assigned, kept through an unassignment
		lastGroup     string    // the last group, kept through an unassignment
		clockStart    = first.At
		startBiz      time.Duration
		solvedBiz     time.Duration
		interactions  int
		backlogSet    = !fo.backlog.IsZero()
		lastShare     = -1
		// The ticket's assignee and group as the events read go by, as
		// ticket folds them (f.Status is its status); the checks held.
		assignee string // a created ticket has none
		group    = created.Group
		// Next reply, as sla's NextReply metric: an instance starts at a
		// customer message when none is running and the desk has replied
		// before (or at the reopen of a solved ticket by a customer message
		// at the same instant), a reply fulfils it, a solve, close or merge
		// cancels it.
		replied     bool
		nrLive      bool
		nrStart     time.Time
		nrStartBiz  time.Duration
		reopenStart bool
		groupAt     = first.At
		// opening finds the opening comment of a ticket an agent opened,
		// which is no reply: not the first reply, not counted among the
		// replies, and the desk has not replied after it.
		opening ticket.Opening
	)
	opening.Read(first)
	if defs.ClockStart == ClockFirstCustomerMessage {
		clockStart = time.Time{}
	}
	lastGroup = group
	if cat := f.Status.Category; cat == ticket.StatusCategorySolved || cat == ticket.StatusCategoryClosed {
		// Created solved or closed (an import, or a call logged after it
		// was solved): resolved at its creation, as Zendesk stamps the
		// solve of a ticket created solved with its creation time. Its
		// resolution times are 0, it has no resolver, and it is one-touch
		// with zero replies under the default rule.
		f.Solves = 1
		f.FirstSolvedAt, f.SolvedAt = first.At, first.At
		f.FirstResolution = Elapsed{Known: true}
		f.FirstResolverGroup, f.ResolverGroup = group, group
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
		if !wall.After(t, since) {
			return
		}
		cat := f.Status.Category
		if !cat.Active() {
			since = t
			return
		}
		biz := clock.to(t)
		e := Elapsed{Calendar: wall.Sub(t, since), Business: biz - sinceBiz}
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
	// holder is the agent a KPI at this point of the history is credited
	// to: the assignee, or the last agent assigned when nobody is.
	holder := func() string {
		if assignee != "" {
			return assignee
		}
		return lastAgent
	}
	if first.Actor.Role == ticket.RoleAgent && first.Actor.ID != "" {
		touch(first.Actor.ID).Touched = true
	}
	for i := 1; i < read; i++ {
		e := &events[i]
		prev := f.Status
		if e.Actor.Role == ticket.RoleAgent && e.Actor.ID != "" {
			touch(e.Actor.ID).Touched = true
		}
		if backlogSet && wall.After(e.At, fo.backlog) {
			// The state before this event is the state at the backlog instant.
			f.ActiveAt = !wall.After(f.CreatedAt, fo.backlog) && prev.Category.Active()
			backlogSet = false
		}
		if !wall.Equal(e.At, groupAt) {
			groupAt, reopenStart = e.At, false
		}
		switch d := e.Data.(type) {
		case ticket.Message:
			// The opening comment of a ticket an agent opened is its
			// description, never a reply (whatever the reply predicate
			// says); as a public agent message it is counted nowhere.
			switch description := opening.Read(e); {
			case !description && fo.isReply(d, e.Actor):
				f.AgentReplies++
				interactions++
				f.LastReplier = e.Actor.ID
				touch(e.Actor.ID).Replies++
				if nrLive {
					biz := clock.to(e.At)
					f.NextReplies = append(f.NextReplies, NextReply{Calendar: wall.Sub(e.At, nrStart), Business: biz - nrStartBiz,
						At: e.At, Replier: e.Actor.ID, Assignee: holder(), Group: group})
					nrLive = false
				}
				replied = true
				if !f.FirstReplyAt.IsZero() {
					break
				}
				if clockStart.IsZero() {
					clockStart = f.CreatedAt
				}
				f.FirstReplyAt = e.At
				f.FirstReply = Elapsed{Calendar: wall.Sub(e.At, clockStart), Business: clock.to(e.At) - startBiz, Known: true}
				f.FirstReplyAgent = holder()
				f.FirstReplyGroup = group
			case d.IsCustomerMessage(e.Actor):
				f.CustomerMessages++
				interactions++
				if clockStart.IsZero() {
					clockStart = e.At
					startBiz = clock.to(e.At)
				}
				switch {
				case nrLive:
				case prev.Category == ticket.StatusCategorySolved:
					reopenStart = true
				case replied:
					nrLive, nrStart, nrStartBiz = true, e.At, clock.to(e.At)
				}
			case !d.Public:
				f.InternalNotes++
			}
		case ticket.StatusChanged:
			closeStatus(e.At)
			from, to := d.From.Category, d.To.Category
			if d.Reopen || fo.reopenFP && from == ticket.StatusCategoryPending && (to == ticket.StatusCategoryOpen || to == ticket.StatusCategoryOnHold) {
				f.Reopens++
			}
			switch {
			case to == ticket.StatusCategorySolved && from != ticket.StatusCategorySolved, to == ticket.StatusCategoryClosed:
				nrLive = false
			case d.Reopen && reopenStart && !nrLive:
				nrLive, nrStart, nrStartBiz = true, e.At, clock.to(e.At)
			}
			resolves := to == ticket.StatusCategorySolved && from != ticket.StatusCategorySolved ||
				to == ticket.StatusCategoryClosed && from.Active() && d.Reason != "merged"
			if resolves {
				biz := clock.to(e.At)
				f.Solves++
				if f.FirstSolvedAt.IsZero() {
					f.FirstSolvedAt = e.At
					f.FirstResolution = Elapsed{Calendar: wall.Sub(e.At, f.CreatedAt), Business: biz, Known: true}
					f.FirstResolverAgent = holder()
					f.FirstResolverGroup = group
				}
				f.SolvedAt = e.At
				solvedBiz = biz
				f.ResolverAgent = holder()
				f.ResolverGroup = group
				f.RepliesToResolve = f.AgentReplies
				f.InteractionsToResolve = interactions
			}
			if to.Active() {
				f.SolvedAt = time.Time{}
			}
			if !assignedSince.IsZero() && assignee != "" && from.Active() && !to.Active() {
				touch(assignee).Assigned += wall.Sub(e.At, assignedSince)
			}
			if to.Active() && !from.Active() {
				assignedSince = e.At
				since, sinceBiz = e.At, clock.to(e.At)
			}
			f.Status = d.To
		case ticket.Assigned:
			assignee, group = d.Agent, d.Group
			// A reassignment is from one agent to another, through any
			// unassignment between them; unassigning is none. Likewise a
			// group hop.
			if d.Agent != "" && lastAgent != "" && d.Agent != lastAgent {
				f.Reassignments++
			}
			if d.Group != "" && lastGroup != "" && d.Group != lastGroup {
				f.GroupHops++
			}
			if d.PrevAgent != "" && prev.Category.Active() && !assignedSince.IsZero() {
				touch(d.PrevAgent).Assigned += wall.Sub(e.At, assignedSince)
			}
			if d.Agent != "" {
				touch(d.Agent).AssignedTo = true
				lastAgent = d.Agent
			}
			if d.Group != "" {
				lastGroup = d.Group
			}
			assignedSince = e.At
		case ticket.Merged:
			if d.Into != (ticket.ID{}) {
				nrLive = false
			}
		case ticket.Rated:
			if k := surveyIndex(d.Survey); k >= 0 {
				agent := holder()
				if !f.SolvedAt.IsZero() {
					// Rated after a solve: the survey rates the solve.
					agent = f.ResolverAgent
				}
				f.Ratings[k] = Rating{Score: d.Score, Scale: d.Scale, At: e.At, Agent: agent, Group: group, Known: true}
			}
		case ticket.WorkflowApplied:
			f.Workflows = append(f.Workflows, d)
		case ticket.HandlingLogged:
			k := handlingIndex(d.Kind)
			f.Handling[k] += d.Duration
			if d.Agent != "" {
				touch(d.Agent).Logged[k] += d.Duration
			}
		case ticket.PriorityChanged, ticket.TagsChanged, ticket.FieldsChanged, ticket.Linked,
			ticket.FollowUpSet, ticket.FollowUpCleared, ticket.Snoozed:
			// Dimensions, read from the ticket at the end; follow-up dates
			// and snoozes change no KPI.
		default:
			// The checks refuse every payload ticket does not define.
			return &HistoryError{Ticket: id, Seq: e.Seq, Problem: fmt.Sprintf("payload of type %T is not folded", d)}
		}
	}
	f.snapshot(&tk)
	last := events[read-1].At
	f.LastEventAt = last
	f.AsOf = last
	if !fo.now.IsZero() && f.Status.Category.Active() && wall.After(fo.now, last) {
		f.AsOf = fo.now
	}
	closeStatus(f.AsOf)
	if f.Assignee != "" && f.Status.Category.Active() && !assignedSince.IsZero() {
		touch(f.Assignee).Assigned += wall.Sub(f.AsOf, assignedSince)
	}
	if backlogSet {
		f.ActiveAt = !wall.After(f.CreatedAt, fo.backlog) && f.Status.Category.Active()
	}
	if !f.SolvedAt.IsZero() {
		f.FullResolution = Elapsed{Calendar: wall.Sub(f.SolvedAt, f.CreatedAt), Business: solvedBiz, Known: true}
	}
	f.NextReplyWaiting = nrLive
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
	for k := range f.NextReplies {
		f.NextReplies[k].Assignee = who
	}
}
