package followup

import (
	"cmp"
	"encoding/hex"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Item is one follow-up: something owed to the requester or to an agent at
// an instant. Key identifies it stably across plans: the same obligation
// has the same key in every plan of the same ticket, whatever events come
// later, so a caller that acts on each key once acts exactly once.
//
// An item whose instant the planner's [Hours] cannot count (a business
// offset that runs past the end of a calendar's years, or back before
// their start) has OutOfRange set: its At is then no due instant but
// where the count stopped, what Hours.Add returned (for a
// *calendar.Calendar the end of its range, or the start for an offset
// back), and for an item counted from another such item (a reminder
// before a personal flag's due time, a nudge step after one) that item's
// At or later. Such an item is listed in [Plan.OutOfRange] while it is
// live and in [Plan.Cancelled] when an event ends it; it is never due.
type Item struct {
	Key      string
	Kind     Kind
	Source   Source
	Rule     string    // the rule that produced it; "" for dates and snoozes on a ticket no rule matches
	Ticket   ticket.ID // the ticket it is for
	At       time.Time // the instant it is or was due
	Owner    string    // the agent or group who must act: the flag's or date's owner, else the assignee, else the group
	Customer string    // the requester it is owed to
	Step     int       // the promise number (from 1) of a status update, the nudge step (from 1), the reminder (0 at the due time, which a zero offset also names; i for Rule.Reminders[i-1]); 1 for a wake-up
	Stage    int       // for status updates, the cadence stage the promise belongs to, from 1 (Cadence.Stages[Stage-1]); 0 for other kinds
	Anchor   int       // seq of the event the obligation counts from (phase start, last update, pending, snooze, or the date's first setting at its due time)
	Cause    int       // seq of the event that made it due early (a customer reply waking a snooze); 0 otherwise
	Template string    // the rule's template for a status update or nudge
	Note     string    // an agent-set follow-up date's note
	// OutOfRange is set when the hours cannot count the item's instant:
	// At is not a due instant (see above).
	OutOfRange bool
}

// Cancelled is a follow-up that will never be due: By is the event that made
// it moot (a reply, a solve, a close, a new phase, a new snooze or date).
type Cancelled struct {
	Item   Item
	By     ticket.Event
	Reason Reason
}

// Skip is a run of Count occurrences of one obligation that the catch-up
// policy does not make due: Item is the latest of them, First the instant
// of the earliest.
type Skip struct {
	Item   Item
	First  time.Time
	Count  int64
	Reason Reason
}

// Updates is the state of a status-update cadence in the case's current
// phase: the promise "Next update: 18:25".
type Updates struct {
	Active     bool      // a cadence runs: a rule with one matches and the ticket is new, open or on hold
	PhaseStart time.Time // start of the current phase
	PhaseSeq   int       // the event that started it
	LastUpdate time.Time // the last update in the phase; zero if none yet
	LastSeq    int       // its event; 0 if none
	Next       time.Time // the oldest promise not yet kept (an update before it may have kept it early); zero when the cadence has ended or OutOfRange is set
	Stage      int       // the stage of the oldest promise not yet kept, from 1 (Cadence.Stages[Stage-1]); 0 when the cadence has ended
	Overdue    bool      // Next has passed without an update
	// OutOfRange is set when the oldest promise not yet kept counts
	// business time beyond the planner's [Hours] (past the end of a
	// calendar's years): it has no instant, Next is zero and it is not
	// overdue; the promise is listed in [Plan.OutOfRange].
	OutOfRange bool
}

// Plan is what a ticket is owed at an instant: the follow-ups due now, the
// ones pending with their instants, the ones cancelled by an event, the ones
// the catch-up policy skips, the ones the hours cannot place, and the next
// instant anything changes.
//
// Due holds every follow-up whose instant has come and that nothing has made
// moot: a plan does not know which ones the caller has acted on, so act on
// each Key once. Cancelled holds, for each source, the follow-ups of its
// latest obligation that an event ended early: a flag's, date's or
// nudges' items still to come at the event, a snooze's wake-up; for a
// cadence, the one promise its phase owed when the event ended it, the
// oldest it had not kept ([Updates].Next), overdue or not, and not the
// later promise Pending listed then (a cadence owes one update at a time;
// a caller that plans at NextWakeUp, as it should, never acts on a
// pending item). Every list is ordered by
// instant; items at one instant by source, then anchor and step, so steps
// due together come in step order, an auto-solve after its nudges.
//
// OutOfRange holds the live follow-ups whose instants the planner's
// [Hours] cannot count: a business offset that runs past the end of a
// calendar's years (on 20 December of its last year, "solve after 10
// business days"), or back before their start from an anchor before it,
// and the items counted from such an instant. They carry
// [Item.OutOfRange], their At is not a due instant, and they are never
// due and never make NextWakeUp, as package sla flags a clock whose due
// instant lies beyond the range (Instance.OutOfRange) and carries on. The
// plan does not fail: the items the hours do place are planned as on a
// calendar of more years, and an event that ends such an obligation lists
// its items in Cancelled. Build the calendar for more years
// (calendar.WithYears) and the items get their instants, under the same
// keys; a caller that wants to be told acts on a non-empty OutOfRange (an
// alert to extend the calendar).
//
// What the hours cannot tell stays out of range even where a longer
// calendar would place it inside the range:
//   - a reminder counted back from a date past the range's end;
//   - a reminder before a personal flag's due time past the range, unless
//     the flag's interval and the reminder both count business time: then
//     it is placed as a longer calendar places it, if the range holds it
//     and the opening after it.
//
// Nor can the hours tell how many promises of a cadence's grid an update
// posted past the range's end kept: it keeps them as one posted at the end
// does, so the next promise, out of range, may have another Step, and so
// another Key, than on a longer calendar, where the update may keep later
// promises too.
type Plan struct {
	Ticket     ticket.ID
	Rule       string // the matched rule's name; "" when none matches
	RuleIndex  int    // its index in the table; -1 when none matches
	Match      Match  // its conditions, for explanations; the slices are the planner's, not to be modified
	Updates    Updates
	Due        []Item
	Pending    []Item
	Cancelled  []Cancelled
	Skipped    []Skip
	OutOfRange []Item    // live follow-ups the hours cannot place; never due (see above)
	NextWakeUp time.Time // the next instant the plan changes without a new event; zero when it never does
}

// Planner plans follow-ups for tickets under a validated rule table. It is
// immutable and safe for concurrent use.
type Planner struct {
	rules Rules
	hours Hours
	lc    *ticket.Lifecycle // the default lifecycle, validated once for Replay
	// start and end are the hours' range when they tell it (see
	// [Hours]); zero otherwise.
	start, end time.Time
}

// NewPlanner validates rules and returns a planner for them. hours counts
// business time; it may be nil (or a nil pointer, such as a nil
// *calendar.Calendar) when no offset of the table is in business time, and
// otherwise it is an error wrapping [ErrNoHours]. The planner
// keeps a copy of the table.
func NewPlanner(rules Rules, hours Hours) (*Planner, error) {
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	if v := reflect.ValueOf(hours); hours != nil && nilable(v.Kind()) && v.IsNil() {
		hours = nil // a nil *calendar.Calendar is no hours, not a panic later
	}
	if i, field, ok := rules.usesBusiness(); ok && hours == nil {
		return nil, &RuleError{Index: i, Rule: rules[i].Name, Field: field, Problem: "counts business time, but no hours were given", noHours: true}
	}
	lc, err := ticket.DefaultLifecycle().Validated()
	if err != nil {
		return nil, err
	}
	p := &Planner{rules: cloneRules(rules), hours: hours, lc: lc}
	if r, ok := hours.(ranged); ok {
		p.start, p.end = r.Range()
	}
	return p, nil
}

// ranged is the optional capability of [Hours] that tell the range of
// instants they count, as *calendar.Calendar does.
type ranged interface {
	Range() (start, end time.Time)
}

func nilable(k reflect.Kind) bool {
	return k == reflect.Pointer || k == reflect.Map || k == reflect.Slice || k == reflect.Func || k == reflect.Chan || k == reflect.Interface
}

func cloneRules(rs Rules) Rules {
	out := slices.Clone(rs)
	for i := range out {
		r := &out[i]
		m := &r.Match
		m.TagsAny, m.TagsAll, m.TagsNone = slices.Clone(m.TagsAny), slices.Clone(m.TagsAll), slices.Clone(m.TagsNone)
		m.Categories, m.Channels, m.Priorities, m.Tiers = slices.Clone(m.Categories), slices.Clone(m.Channels), slices.Clone(m.Priorities), slices.Clone(m.Tiers)
		if r.Cadence != nil {
			c := *r.Cadence
			c.Stages, c.ResetOn.Tags = slices.Clone(c.Stages), slices.Clone(c.ResetOn.Tags)
			r.Cadence = &c
		}
		if r.Personal != nil {
			p := *r.Personal
			r.Personal = &p
		}
		r.Nudges, r.Reminders = slices.Clone(r.Nudges), slices.Clone(r.Reminders)
	}
	return out
}

// Rules returns a copy of the planner's rule table.
func (p *Planner) Rules() Rules { return cloneRules(p.rules) }

// Evaluate plans one ticket: [NewPlanner] and [Planner.Plan] in one call.
// Instants are compared and subtracted on their wall clocks, as
// [Planner.Plan] says.
func Evaluate(rules Rules, events []ticket.Event, hours Hours, now time.Time) (Plan, error) {
	p, err := NewPlanner(rules, hours)
	if err != nil {
		return Plan{}, err
	}
	return p.Plan(events, now)
}

// clock returns the clock offsets are counted in: business time on the
// planner's hours, or the wall clock.
func (f *folder) clock(business bool) clock {
	if business {
		return f.p.hours
	}
	return wallClock{}
}

// reach says whether the hours count an offset's instant.
type reach uint8

const (
	reached reach = iota
	// early: the hours start after the instant sought (an offset back),
	// which lies before the one Add returned.
	early
	// unknown: the hours end before the instant sought, or do not count
	// the time between it and the instant counted from (an offset back
	// from past the end of their range).
	unknown
)

// add returns f.clock(business).Add(t, d) and whether the clock counts
// that instant. Wall time always does. Hours that cannot hold d (a
// calendar past the end of its years returns the end of its range, or
// going back, the start) do not, nor hours that tell their range when d
// counts back from past its end, where they know no open time.
func (f *folder) add(business bool, t time.Time, d time.Duration) (time.Time, reach) {
	if !business {
		return t.Add(d), reached
	}
	h := f.p.hours
	u := h.Add(t, d)
	switch {
	case d >= 0:
		if h.Elapsed(t, u) != d {
			return u, unknown
		}
	case !f.p.end.IsZero() && wallAfter(t, f.p.end):
		// checked first: counted back from past the end, an offset that
		// also runs back past the start seeks an instant the hours cannot
		// tell, not one before the start
		return u, unknown
	case h.Elapsed(u, t) != -d:
		return u, early
	}
	return u, reached
}

// Plan computes the follow-ups of the ticket whose history is events at
// instant now. The history must replay (ticket.Replay under the default
// lifecycle, which does not re-check transitions), else the error wraps
// [ErrInvalidHistory]; now must be set and not before the last event, else
// the error wraps [ErrInvalidInstant]. A business-time offset the hours
// cannot hold (beyond a calendar's years) fails nothing: its follow-ups
// are listed in [Plan.OutOfRange]. The same events and now give the same
// plan.
//
// Instants are compared and subtracted on their wall clocks, as package
// ticket orders a history and as a store keeps it: the monotonic clock
// reading that instants from time.Now carry (in events, snooze ends,
// follow-up dates and now) is ignored. A history made in process across a
// step of the wall clock plans as the same history read back from
// storage: a now later than the last event on the wall clock is not
// refused, and what is due, pending, skipped as too old or cancelled by an
// event follows the wall clocks. The plan's instants are the events' and
// the caller's, or derived from them with Add, so they keep any monotonic
// reading they carried: compare them on their wall clocks too (Round(0)).
func (p *Planner) Plan(events []ticket.Event, now time.Time) (Plan, error) {
	var f folder
	return p.plan(&f, events, now)
}

// Sweeper plans ticket after ticket with one [Planner], reusing its memory
// from one plan to the next, as a scheduler's sweep or a wake-up worker
// does: a plan costs a few allocations (its keys, the ticket's tags) where
// [Planner.Plan] makes its lists afresh. The [Plan] that [Sweeper.Plan]
// returns is the one Planner.Plan returns, but its slices (Due, Pending,
// Cancelled, Skipped, OutOfRange) are valid only until the next call:
// copy what you keep (an Item's strings, its Key among them, stay valid).
// A Sweeper is not safe for concurrent use: give each goroutine its own.
// The zero Sweeper is not usable; make one with [Planner.Sweeper].
type Sweeper struct {
	p *Planner
	f folder
}

// Sweeper returns a new [Sweeper] for the planner.
func (p *Planner) Sweeper() *Sweeper { return &Sweeper{p: p} }

// Plan is [Planner.Plan] with the Sweeper's memory; the result's slices are
// valid until the next call.
func (s *Sweeper) Plan(events []ticket.Event, now time.Time) (Plan, error) {
	f := &s.f
	// keep the lists' memory, and nothing else of the last plan
	due, pending, cancelled, skipped, scratch := f.plan.Due[:0], f.plan.Pending[:0], f.plan.Cancelled[:0], f.plan.Skipped[:0], f.scratch
	out := f.plan.OutOfRange[:0]
	slots := f.cancelled
	*f = folder{scratch: scratch}
	for i := range slots {
		f.cancelled[i] = slots[i][:0]
	}
	f.plan.Due, f.plan.Pending, f.plan.Cancelled, f.plan.Skipped, f.plan.OutOfRange = due, pending, cancelled, skipped, out
	pl, err := s.p.plan(f, events, now)
	if err != nil {
		return Plan{}, err
	}
	// the lists as Planner.Plan makes them: nil when empty
	if len(pl.Due) == 0 {
		pl.Due = nil
	}
	if len(pl.Pending) == 0 {
		pl.Pending = nil
	}
	if len(pl.Cancelled) == 0 {
		pl.Cancelled = nil
	}
	if len(pl.Skipped) == 0 {
		pl.Skipped = nil
	}
	if len(pl.OutOfRange) == 0 {
		pl.OutOfRange = nil
	}
	return pl, nil
}

// plan plans with f, a zero folder or one whose lists are empty.
func (p *Planner) plan(f *folder, events []ticket.Event, now time.Time) (Plan, error) {
	// Replay of the first event, then ticket.Ticket.Step, runs Replay's
	// checks event by event (under the planner's lifecycle, built once),
	// and the folded ticket's tags are the case's tags after each event.
	tk, err := ticket.Replay(p.lc, events[:min(len(events), 1)])
	if err != nil {
		return Plan{}, &HistoryError{Err: err}
	}
	f.p, f.plan.Ticket, f.plan.RuleIndex = p, tk.ID, -1
	f.step(&events[0], tk.Tags)
	for i := 1; i < len(events); i++ {
		if err := tk.Step(events[i]); err != nil {
			return Plan{}, &HistoryError{Err: err}
		}
		f.step(&events[i], tk.Tags)
	}
	if now.IsZero() || wallBefore(now, tk.UpdatedAt) {
		return Plan{}, &InstantError{Now: now, Last: tk.UpdatedAt}
	}
	f.finish(now)
	return f.plan, nil
}

// InstantError reports an instant to plan at that is zero or before the
// ticket's last event. It wraps [ErrInvalidInstant].
type InstantError struct {
	Now, Last time.Time
}

// Error implements the error interface.
func (e *InstantError) Error() string {
	if e.Now.IsZero() {
		return "followup: invalid instant: now is the zero time"
	}
	return "followup: invalid instant: now " + e.Now.Format(time.RFC3339Nano) + " is before the last event at " + e.Last.Format(time.RFC3339Nano)
}

// Unwrap returns [ErrInvalidInstant].
func (e *InstantError) Unwrap() error { return ErrInvalidInstant }

// phase is a stretch of a case between resets, in which a cadence or a
// personal flag runs.
type phase struct {
	live    bool
	rule    int
	startAt time.Time
	start   int // seq
	lastAt  time.Time
	last    int // seq of the last update; 0 if none
	// kept is, on a cadence's fixed grid, the elapsed time (in the
	// cadence's clock) up to which promises are kept: the next promise is
	// the first point after it.
	kept time.Duration
}

// episode is a pending stretch (nudges), a snooze or a follow-up date: an
// obligation that starts at an event and ends at an instant or an event.
type episode struct {
	live  bool
	at    time.Time // when it started
	seq   int
	until time.Time // snooze: the wake instant
	cause int       // snooze: the reply that woke it early
	early time.Time // snooze: when that reply came
	date  ticket.FollowUpSet
	rule  int // date: the rule that matched when it was set, whose reminders it keeps
}

// lastMessage is a message event as the next event's fold needs it.
type lastMessage struct {
	ok      bool
	seq     int
	at      time.Time
	actor   ticket.Actor
	m       ticket.Message
	opening bool
}

// folder walks a history and builds its plan.
type folder struct {
	p    *Planner
	plan Plan

	attrs    caseAttrs
	rule     int
	category ticket.StatusCategory
	assignee string
	group    string
	customer string

	phase  phase
	nudges episode
	snooze episode
	date   episode

	opening ticket.Opening // finds the opening comment of a ticket an agent opens
	// lastMsg is the event just folded when it was a message: a status
	// change right after it in the same action (an agent's reply
	// submitted as open) starts a phase it answers.
	lastMsg lastMessage

	cancelled [5][]Cancelled // by source: cadence, personal, date, nudges, snooze
	scratch   []Item         // the items of one obligation, used at once (see take)
}

const (
	slotCadence = iota
	slotPersonal
	slotDate
	slotNudges
	slotSnooze
)

func (f *folder) ruleAt(i int) *Rule {
	if i < 0 {
		return nil
	}
	return &f.p.rules[i]
}

func (f *folder) ruleName(i int) string {
	if i < 0 {
		return ""
	}
	return f.p.rules[i].Name
}

func liveCategory(c ticket.StatusCategory) bool {
	return c == ticket.StatusCategoryNew || c == ticket.StatusCategoryOpen || c == ticket.StatusCategoryOnHold
}

// step folds one event; tags are the ticket's tags after it, sorted, which
// later events do not change in place.
func (f *folder) step(e *ticket.Event, tags []string) {
	attrsChanged, reset := false, false
	prevCat := f.category
	opening := f.opening.Read(e)
	prevMsg := f.lastMsg
	f.lastMsg = lastMessage{}
	switch d := e.Data.(type) {
	case ticket.Created:
		f.attrs = caseAttrs{tags: tags, category: d.Category, channel: d.Channel, priority: d.Priority, tier: d.Requester.Tier}
		f.customer, f.group, f.category = d.Requester.CustomerID, d.Group, d.Status.Category
		f.rule = -2 // forces a match below
		attrsChanged = true
	case ticket.TagsChanged:
		f.attrs.tags = tags
		attrsChanged = true
		if r := f.ruleAt(f.rule); r != nil && r.Cadence != nil {
			for _, t := range d.Added {
				if slices.Contains(r.Cadence.ResetOn.Tags, t) {
					reset = true
				}
			}
		}
	case ticket.FieldsChanged:
		for _, c := range d.Changes {
			if c.Field == ticket.FieldCategory {
				f.attrs.category = c.To
				attrsChanged = true
			}
		}
	case ticket.PriorityChanged:
		f.attrs.priority = d.To
		attrsChanged = true
		if r := f.ruleAt(f.rule); r != nil && r.Cadence != nil && r.Cadence.ResetOn.Priority {
			reset = true
		}
	case ticket.Assigned:
		f.assignee, f.group = d.Agent, d.Group
	case ticket.StatusChanged:
		f.category = d.To.Category
		if r := f.ruleAt(f.rule); r != nil && r.Cadence != nil && r.Cadence.ResetOn.Status {
			reset = true
		}
	case ticket.Message:
		f.message(e, d, opening)
		f.lastMsg = lastMessage{ok: true, seq: e.Seq, at: e.At, actor: e.Actor, m: d, opening: opening}
	case ticket.FollowUpSet:
		if f.date.live && wallCompare(f.date.date.Due, d.Due) == 0 {
			// The same follow-up with a new note or owner: it keeps its
			// anchor, its rule's reminders and so its keys, and no
			// reminder that came due is due again under another key.
			f.date.date = d
			break
		}
		if f.date.live {
			f.endDate(e, ReasonReplaced)
		}
		f.date = episode{live: true, at: e.At, seq: e.Seq, date: d, rule: f.rule}
	case ticket.FollowUpCleared:
		if f.date.live {
			f.endDate(e, ReasonCleared)
		}
	case ticket.Snoozed:
		if f.snooze.live && f.snooze.cause == 0 {
			reason := ReasonReplaced
			if d.Until.IsZero() {
				reason = ReasonCleared
			}
			f.endSnooze(e, reason)
		}
		f.snooze = episode{}
		if !d.Until.IsZero() {
			f.snooze = episode{live: true, at: e.At, seq: e.Seq, until: d.Until}
		}
	}

	newRule := f.rule
	if attrsChanged {
		newRule = f.p.rules.match(&f.attrs)
	}
	if f.nudges.live && newRule != f.rule && f.rule != -2 {
		// the old rule's steps end; the new rule's count from the change
		f.endNudges(e, ReasonRuleChanged)
		f.nudges = episode{live: true, at: e.At, seq: e.Seq}
	}
	f.status(e, prevCat, newRule)

	switch {
	case !liveCategory(f.category):
		if f.phase.live {
			f.endPhase(e, categoryReason(f.category, ReasonPending))
		}
	case !f.phase.live:
		f.startPhase(e, newRule)
		f.answeredAtStart(e, &prevMsg)
	case newRule != f.rule && f.rule != -2:
		f.endPhase(e, ReasonRuleChanged)
		f.startPhase(e, newRule)
	case reset:
		f.endPhase(e, ReasonPhaseChanged)
		f.startPhase(e, newRule)
	}
	f.rule = newRule
}

// status handles a change of status category for nudges, snoozes and dates.
func (f *folder) status(e *ticket.Event, prev ticket.StatusCategory, rule int) {
	cur := f.category
	if cur == prev {
		return
	}
	if cur == ticket.StatusCategoryPending {
		f.nudges = episode{live: true, at: e.At, seq: e.Seq}
	} else if f.nudges.live {
		f.endNudges(e, categoryReason(cur, ReasonStatusChanged))
	}
	if cur == ticket.StatusCategorySolved || cur == ticket.StatusCategoryClosed {
		if f.snooze.live && f.snooze.cause == 0 && wallAfter(f.snooze.until, e.At) {
			f.endSnooze(e, categoryReason(cur, ""))
		}
		f.snooze.live = false // a snooze that woke already is done with
		r := f.ruleAt(rule)
		if f.date.live && (cur == ticket.StatusCategoryClosed || r != nil && r.ClearDateOnSolve) {
			f.endDate(e, categoryReason(cur, ""))
		}
	}
}

func categoryReason(c ticket.StatusCategory, otherwise Reason) Reason {
	switch c {
	case ticket.StatusCategorySolved:
		return ReasonSolved
	case ticket.StatusCategoryClosed:
		return ReasonClosed
	}
	return otherwise
}

// message handles a message: an update for the phase, or a customer reply
// that ends nudges and may wake a snooze; opening says it is the opening
// comment of a ticket an agent opened, an update that lowers no personal
// flag. An automatic answer from the
// requester's side (an out-of-office reply) is no reply: it neither ends
// nudges nor wakes a snooze, as it does not reopen the ticket.
func (f *folder) message(e *ticket.Event, m ticket.Message, opening bool) {
	if m.IsCustomerMessage(e.Actor) && !m.Automated {
		if f.nudges.live {
			f.endNudges(e, ReasonCustomerReply)
		}
		r := f.ruleAt(f.rule)
		if f.snooze.live && f.snooze.cause == 0 && wallAfter(f.snooze.until, e.At) && (r == nil || !r.KeepSnoozeOnReply) {
			f.snooze.cause, f.snooze.early = e.Seq, e.At
		}
		return
	}
	if !f.phase.live {
		return
	}
	r := f.ruleAt(f.phase.rule)
	if r == nil {
		return
	}
	var counts Counts
	switch {
	case r.Cadence != nil:
		counts = r.Cadence.Counts
	case r.Personal != nil:
		counts = r.Personal.Counts
	default:
		return
	}
	if isUpdate(counts, e.Actor, m) {
		if r.Personal != nil && opening {
			// The description of a ticket an agent opened: an update, but
			// no answer yet (see Personal), so the flag stays up.
			return
		}
		if r.Personal != nil && f.phase.last == 0 {
			f.cancel(slotPersonal, f.personalItems(&f.phase, r), e, ReasonAnswered, true)
		}
		if c := r.Cadence; c != nil && c.From != AnchorLastUpdate {
			f.phase.kept = c.keep(f.phase.kept, f.clock(c.Business).Elapsed(f.phase.startAt, e.At))
		}
		f.phase.lastAt, f.phase.last = e.At, e.Seq
	}
}

// isUpdate reports whether m by a counts as a status update.
func isUpdate(c Counts, a ticket.Actor, m ticket.Message) bool {
	if !m.Public || a.Role == ticket.RoleCustomer {
		return false
	}
	human := m.IsAgentReply(a)
	switch c {
	case CountsHuman:
		return human
	case CountsAutomated:
		return !human
	}
	return true
}

func (f *folder) startPhase(e *ticket.Event, rule int) {
	f.phase = phase{live: true, rule: rule, startAt: e.At, start: e.Seq}
}

// answeredAtStart lowers the personal flag of the phase that status
// change e started at once when the message just before it, in the same
// action (the next seq, at the same instant, by the same actor: an
// agent's reply submitted as open on a pending or solved ticket), is an
// update for the flag: the owner got back to the requester as the phase
// started, and the flag is never raised.
func (f *folder) answeredAtStart(e *ticket.Event, m *lastMessage) {
	r := f.ruleAt(f.phase.rule)
	if _, ok := e.Data.(ticket.StatusChanged); !ok || r == nil || r.Personal == nil || !m.ok || m.opening ||
		m.seq != e.Seq-1 || wallCompare(m.at, e.At) != 0 || m.actor != e.Actor || !isUpdate(r.Personal.Counts, m.actor, m.m) {
		return
	}
	f.phase.lastAt, f.phase.last = m.at, m.seq
}

// endPhase ends the live phase at e: its oldest unkept promise, or its
// personal flag's reminders still to come (unless an update lowered the
// flag, which cancelled them), are cancelled.
func (f *folder) endPhase(e *ticket.Event, reason Reason) {
	ph := f.phase
	f.phase.live = false
	r := f.ruleAt(ph.rule)
	switch {
	case r != nil && r.Cadence != nil:
		var items []Item
		if it, _, ok := f.nextPromise(&ph, r); ok {
			items = append(f.take(1), it)
		}
		f.cancel(slotCadence, items, e, reason, false)
	case r != nil && r.Personal != nil && ph.last == 0:
		f.cancel(slotPersonal, f.personalItems(&ph, r), e, reason, true)
		// A flag an update lowered was settled then: the reminders that
		// update cancelled stay the latest cancellations of the source.
	}
}

func (f *folder) endNudges(e *ticket.Event, reason Reason) {
	f.nudges.live = false
	var items []Item
	if r := f.ruleAt(f.rule); r != nil {
		items = f.nudgeItems(&f.nudges, r)
	}
	f.cancel(slotNudges, items, e, reason, true)
}

func (f *folder) endSnooze(e *ticket.Event, reason Reason) {
	f.snooze.live = false
	f.cancel(slotSnooze, append(f.take(1), f.wakeItem(&f.snooze)), e, reason, true)
}

func (f *folder) endDate(e *ticket.Event, reason Reason) {
	f.date.live = false
	f.cancel(slotDate, f.dateItems(&f.date), e, reason, true)
}

// cancel records items as the latest cancellations of their source, made
// moot by e; with onlyLater, only those still to come at e.
func (f *folder) cancel(slot int, items []Item, e *ticket.Event, reason Reason, onlyLater bool) {
	out := f.cancelled[slot][:0] // the list it replaces is done with
	for _, it := range items {
		// an item the hours cannot place has not come: it was never due
		if !onlyLater || it.OutOfRange || wallAfter(it.At, e.At) {
			out = append(out, Cancelled{Item: it, By: *e, Reason: reason})
		}
	}
	f.cancelled[slot] = out
}

// take returns an empty slice of the scratch items with room for n: the
// items of one obligation, which the caller uses before it takes again.
func (f *folder) take(n int) []Item {
	if cap(f.scratch) < n {
		f.scratch = make([]Item, 0, max(n, 3))
	}
	return f.scratch[:0:n]
}

// setKeys gives every item of the plan its key,
// "<ticket>/<source>/<anchor>/<step>", all cut from one string: a plan
// costs one allocation for its keys, however many items it lists.
func (f *folder) setKeys() {
	pl := &f.plan
	var id [36]byte
	u := pl.Ticket
	hex.Encode(id[0:8], u[0:4])
	id[8] = '-'
	hex.Encode(id[9:13], u[4:6])
	id[13] = '-'
	hex.Encode(id[14:18], u[6:8])
	id[18] = '-'
	hex.Encode(id[19:23], u[8:10])
	id[23] = '-'
	hex.Encode(id[24:], u[10:])
	var stack [1024]byte
	b := stack[:0]
	write := func(it *Item) {
		b = append(b, id[:]...)
		b = append(b, '/')
		b = append(b, it.Source...)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(it.Anchor), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(it.Step), 10)
	}
	f.eachItem(write)
	all, start := string(b), 0
	b = b[:0]
	f.eachItem(func(it *Item) {
		write(it)
		it.Key, start = all[start:len(b)], len(b)
	})
}

// eachItem calls fn with every item of the plan, in a fixed order.
func (f *folder) eachItem(fn func(*Item)) {
	pl := &f.plan
	for i := range pl.Due {
		fn(&pl.Due[i])
	}
	for i := range pl.Pending {
		fn(&pl.Pending[i])
	}
	for i := range pl.Cancelled {
		fn(&pl.Cancelled[i].Item)
	}
	for i := range pl.Skipped {
		fn(&pl.Skipped[i].Item)
	}
	for i := range pl.OutOfRange {
		fn(&pl.OutOfRange[i])
	}
}

func (f *folder) owner() string { return cmp.Or(f.assignee, f.group) }

// cadenceBase returns the phase's cadence base and the elapsed time up to
// which its promises are kept, in the cadence's clock: on a fixed grid the
// threshold the updates reached (see [Cadence.keep]), from the last update
// the update itself.
func (f *folder) cadenceBase(ph *phase, c *Cadence) (base, kept time.Duration, anchor int) {
	if c.From != AnchorLastUpdate {
		return 0, ph.kept, ph.start
	}
	if ph.last == 0 {
		return 0, 0, ph.start
	}
	last := f.clock(c.Business).Elapsed(ph.startAt, ph.lastAt)
	return last, last, ph.last
}

func (f *folder) promise(ph *phase, r *Rule, o occurrence, anchor int) Item {
	c := r.Cadence
	at, rc := f.add(c.Business, ph.startAt, o.e)
	return Item{
		Kind: KindStatusUpdate, Source: SourceCadence, Rule: r.Name,
		Ticket: f.plan.Ticket, At: at, Owner: f.owner(), Customer: f.customer,
		Step: int(min(o.k, int64(maxInt))), Stage: o.stage + 1, Anchor: anchor, Template: c.Template,
		OutOfRange: rc != reached,
	}
}

const maxInt = int(^uint(0) >> 1)

// nextPromise returns the phase's oldest unkept promise.
func (f *folder) nextPromise(ph *phase, r *Rule) (Item, occurrence, bool) {
	base, kept, anchor := f.cadenceBase(ph, r.Cadence)
	o, ok := r.Cadence.after(base, kept)
	if !ok {
		return Item{}, o, false
	}
	return f.promise(ph, r, o, anchor), o, true
}

// personalItems returns the reminders of the phase's personal flag, by
// instant.
func (f *folder) personalItems(ph *phase, r *Rule) []Item {
	p := r.Personal
	due, rc := f.add(p.After.Business, ph.startAt, p.After.Duration)
	owner := cmp.Or(p.Owner, f.owner())
	return f.reminders(SourcePersonal, r, ph.start, ph.startAt, due, rc == reached, &p.After, owner, "")
}

// dateItems returns the reminders of a follow-up date under the rule that
// matched when it was set, so that a key always names the same reminder.
func (f *folder) dateItems(ep *episode) []Item {
	r := f.ruleAt(ep.rule)
	owner := cmp.Or(ep.date.Owner, f.owner())
	return f.reminders(SourceDate, r, ep.seq, ep.at, ep.date.Due, true, nil, owner, ep.date.Note)
}

// reminders returns the reminder at due (Step 0) and one per offset of
// r.Reminders before it (Step i for the i-th), none earlier than from.
// When the hours cannot place due (dueOK false), they cannot place the
// reminders either: all are out of range, at due; but due is after (a
// personal flag's interval) past from, and when after and a reminder's
// offset both count business time, the reminder is counted forward from
// from (see beforeUnplaced). A business offset back
// past the start of the hours' range seeks an instant before the one Add
// returned: when that is not after from, the reminder is at from, and out
// of range otherwise.
func (f *folder) reminders(src Source, r *Rule, anchor int, from, due time.Time, dueOK bool, after *Offset, owner, note string) []Item {
	var offsets []Offset
	name := ""
	if r != nil {
		name, offsets = r.Name, r.Reminders
	}
	out := f.take(len(offsets) + 1)
	for i := -1; i < len(offsets); i++ {
		if i >= 0 && offsets[i].Duration == 0 {
			continue // the reminder at the due time, Step 0
		}
		at, rc := due, reached
		switch {
		case !dueOK && i >= 0:
			at, rc = f.beforeUnplaced(from, due, after, offsets[i])
		case !dueOK:
			rc = unknown
		case i >= 0:
			at, rc = f.add(offsets[i].Business, due, -offsets[i].Duration)
		}
		if rc == early && !wallAfter(at, from) {
			rc = reached // the instant sought lies before from too
		}
		if rc == reached && wallBefore(at, from) {
			at = from
		}
		out = append(out, Item{
			Kind: KindReminder, Source: src, Rule: name, Ticket: f.plan.Ticket,
			At: at, Owner: owner, Customer: f.customer, Step: i + 1, Anchor: anchor, Note: note,
			OutOfRange: rc != reached,
		})
	}
	slices.SortStableFunc(out, func(a, b Item) int { return wallCompare(a.At, b.At) })
	return out
}

// beforeUnplaced returns the reminder o before a due time the hours
// cannot place, after past from, or due and unknown. When after and o
// both count business time, the reminder is where o before due would be on
// hours of more years: the latest instant with after − o of open time
// since from (the opening after the instant Add gives, when the hours
// are closed then), if the hours place it and the opening after it; for o
// longer than after, before from, so at from as any reminder that early
// is, when from lies in the hours' range.
func (f *folder) beforeUnplaced(from, due time.Time, after *Offset, o Offset) (time.Time, reach) {
	if after == nil || !after.Business || !o.Business {
		return due, unknown
	}
	if o.Duration > after.Duration {
		if !f.p.start.IsZero() && wallBefore(from, f.p.start) {
			return due, unknown
		}
		return from, reached
	}
	u, rc := f.add(true, from, after.Duration-o.Duration)
	if rc != reached {
		return due, unknown
	}
	// Add counts to the earliest such instant; a reminder counted back
	// is the latest, the next opening when the hours are closed after u.
	v, rc := f.add(true, u, time.Nanosecond)
	if rc != reached {
		return due, unknown
	}
	w, rc := f.add(true, v, -time.Nanosecond)
	if rc != reached {
		return due, unknown
	}
	return w, reached
}

// nudgeItems returns the steps of a pending stretch, in order: a step
// whose own instant comes before the previous step's (their clocks cross)
// is due with it. A step after one the hours cannot place is never before
// it, so it is out of range too.
func (f *folder) nudgeItems(ep *episode, r *Rule) []Item {
	out := f.take(len(r.Nudges))
	var prev time.Time
	prevOut := false
	for i, n := range r.Nudges {
		kind := KindNudge
		if n.Action == ActionSolve {
			kind = KindAutoSolve
		}
		at, rc := f.add(n.After.Business, ep.at, n.After.Duration)
		if wallBefore(at, prev) {
			at = prev
		}
		prev, prevOut = at, prevOut || rc != reached
		out = append(out, Item{
			Kind: kind, Source: SourceNudges, Rule: r.Name, Ticket: f.plan.Ticket,
			At: at, Owner: f.owner(), Customer: f.customer,
			Step: i + 1, Anchor: ep.seq, Template: n.Template, OutOfRange: prevOut,
		})
	}
	return out
}

func (f *folder) wakeItem(ep *episode) Item {
	at := ep.until
	if ep.cause != 0 {
		at = ep.early
	}
	return Item{
		Kind: KindWakeUp, Source: SourceSnooze, Rule: f.ruleName(f.rule), Ticket: f.plan.Ticket,
		At: at, Owner: f.owner(), Customer: f.customer, Step: 1, Anchor: ep.seq, Cause: ep.cause,
	}
}

// finish builds the plan at now from the folded state.
func (f *folder) finish(now time.Time) {
	pl := &f.plan
	if f.rule >= 0 {
		r := &f.p.rules[f.rule]
		pl.Rule, pl.RuleIndex, pl.Match = r.Name, f.rule, r.Match
	} else {
		pl.RuleIndex = -1
	}
	for _, cs := range f.cancelled {
		pl.Cancelled = append(pl.Cancelled, cs...)
	}
	if f.category == ticket.StatusCategoryClosed {
		f.sortPlan()
		return
	}
	r := f.ruleAt(f.rule)
	var catch CatchUp
	if r != nil {
		catch = r.CatchUp
	}
	if ph := &f.phase; ph.live && r != nil && ph.rule == f.rule {
		switch {
		case r.Cadence != nil:
			f.cadence(ph, r, now)
		case r.Personal != nil && ph.last == 0:
			f.settle(f.personalItems(ph, r), catch, now)
		}
	}
	if f.nudges.live && r != nil && len(r.Nudges) > 0 {
		f.settle(f.nudgeItems(&f.nudges, r), catch, now)
	}
	if f.snooze.live {
		f.settle(append(f.take(1), f.wakeItem(&f.snooze)), catch, now)
	}
	if f.date.live {
		f.settle(f.dateItems(&f.date), catch, now)
	}
	f.sortPlan()
}

// cadence plans the live phase's status updates.
func (f *folder) cadence(ph *phase, r *Rule, now time.Time) {
	c := r.Cadence
	clk := f.clock(c.Business)
	base, kept, anchor := f.cadenceBase(ph, c)
	u := &f.plan.Updates
	*u = Updates{Active: true, PhaseStart: ph.startAt, PhaseSeq: ph.start, LastUpdate: ph.lastAt, LastSeq: ph.last}
	eNow := clk.Elapsed(ph.startAt, now)
	if next, o, ok := f.nextPromise(ph, r); ok {
		u.Stage = o.stage + 1
		if next.OutOfRange {
			u.OutOfRange = true
		} else {
			u.Next, u.Overdue = next.At, o.e <= eNow
		}
	}
	// The points up to eNow are counted by the hours; the next one may not
	// be.
	if o, ok := c.after(base, max(eNow, kept)); ok {
		switch it := f.promise(ph, r, o, anchor); {
		case it.OutOfRange:
			f.plan.OutOfRange = append(f.plan.OutOfRange, it)
		case wallAfter(it.At, now):
			f.plan.Pending = append(f.plan.Pending, it)
		}
	}
	var buf [8]span
	due := c.between(buf[:0], base, kept, eNow)
	n := due.count()
	if n == 0 {
		return
	}
	var old int64 // points [0, old) are skipped by the catch-up mode
	var reason Reason
	switch r.CatchUp.Mode {
	case CatchUpLatest:
		old, reason = n-1, ReasonSuperseded
	case CatchUpGrace:
		eOld := clk.Elapsed(ph.startAt, now.Add(-r.CatchUp.Grace))
		old, reason = n-due.countAfter(eOld), ReasonTooOld
	}
	f.skip(ph, r, due, anchor, 0, old, reason)
	first := max(old, n-int64(r.CatchUp.max()))
	f.skip(ph, r, due, anchor, old, first, ReasonTooMany)
	if r.CatchUp.Mode == CatchUpGrace && old < first { // the oldest listed as too many turns too old then
		at, _ := f.add(c.Business, ph.startAt, due.at(old).e) // a due point: counted
		f.wake(at.Add(r.CatchUp.Grace), now)
	}
	for i := first; i < n; i++ {
		it := f.promise(ph, r, due.at(i), anchor)
		f.plan.Due = append(f.plan.Due, it)
		if r.CatchUp.Mode == CatchUpGrace {
			f.wake(it.At.Add(r.CatchUp.Grace), now)
		}
	}
}

// skip records the due points [from, to) as one skipped run.
func (f *folder) skip(ph *phase, r *Rule, due points, anchor int, from, to int64, reason Reason) {
	if to <= from {
		return
	}
	oldest := f.promise(ph, r, due.at(from), anchor)
	latest := f.promise(ph, r, due.at(to-1), anchor)
	f.plan.Skipped = append(f.plan.Skipped, Skip{Item: latest, First: oldest.At, Count: to - from, Reason: reason})
}

// countAfter returns how many of the points lie after e.
func (ps points) countAfter(e time.Duration) int64 {
	n := ps.count()
	lo, hi := int64(0), n
	for lo < hi {
		m := lo + (hi-lo)/2
		if ps.at(m).e > e {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return n - lo
}

// settle sorts a finite obligation's items, by instant, into due, pending
// and skipped under the catch-up policy, and those the hours cannot place
// into OutOfRange: never due, they neither supersede nor count.
func (f *folder) settle(items []Item, catch CatchUp, now time.Time) {
	lastDue := -1
	for i := range items {
		if !items[i].OutOfRange && !wallAfter(items[i].At, now) {
			lastDue = i
		}
	}
	// the notifications the mode makes due, of which the latest catch.max()
	// are listed
	listed := 0
	for i := lastDue; i >= 0; i-- {
		it := &items[i]
		if !it.OutOfRange && it.Kind.notification() && !(catch.Mode == CatchUpLatest && i < lastDue) &&
			!(catch.Mode == CatchUpGrace && wallSub(now, it.At) >= catch.Grace) {
			listed++
		}
	}
	tooMany := listed - catch.max()
	for i, it := range items {
		switch {
		case it.OutOfRange:
			f.plan.OutOfRange = append(f.plan.OutOfRange, it)
		case wallAfter(it.At, now):
			f.plan.Pending = append(f.plan.Pending, it)
		case !it.Kind.notification():
			f.plan.Due = append(f.plan.Due, it)
		case catch.Mode == CatchUpLatest && i < lastDue:
			f.plan.Skipped = append(f.plan.Skipped, Skip{Item: it, First: it.At, Count: 1, Reason: ReasonSuperseded})
		case catch.Mode == CatchUpGrace && wallSub(now, it.At) >= catch.Grace:
			f.plan.Skipped = append(f.plan.Skipped, Skip{Item: it, First: it.At, Count: 1, Reason: ReasonTooOld})
		case tooMany > 0:
			tooMany--
			f.plan.Skipped = append(f.plan.Skipped, Skip{Item: it, First: it.At, Count: 1, Reason: ReasonTooMany})
			if catch.Mode == CatchUpGrace { // it turns too old then
				f.wake(it.At.Add(catch.Grace), now)
			}
		default:
			f.plan.Due = append(f.plan.Due, it)
			if catch.Mode == CatchUpGrace {
				f.wake(it.At.Add(catch.Grace), now)
			}
		}
	}
}

// wake moves NextWakeUp to t if t is after now and earlier.
func (f *folder) wake(t, now time.Time) {
	if wallAfter(t, now) && (f.plan.NextWakeUp.IsZero() || wallBefore(t, f.plan.NextWakeUp)) {
		f.plan.NextWakeUp = t
	}
}

// compareItems orders items by instant, then source, anchor and step as
// numbers, so the steps of one obligation due at one instant come in step
// order (step 10 after step 9, an auto-solve after the nudges before it).
func compareItems(a, b Item) int {
	return cmp.Or(wallCompare(a.At, b.At), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Anchor, b.Anchor),
		cmp.Compare(a.Step, b.Step), cmp.Compare(a.Key, b.Key))
}

func (f *folder) sortPlan() {
	pl := &f.plan
	f.setKeys()
	for _, it := range pl.Pending {
		if !wallAfter(it.At, pl.NextWakeUp) || pl.NextWakeUp.IsZero() {
			pl.NextWakeUp = it.At
		}
	}
	slices.SortFunc(pl.Due, compareItems)
	slices.SortFunc(pl.Pending, compareItems)
	slices.SortFunc(pl.Cancelled, func(a, b Cancelled) int { return compareItems(a.Item, b.Item) })
	slices.SortFunc(pl.Skipped, func(a, b Skip) int { return compareItems(a.Item, b.Item) })
	slices.SortFunc(pl.OutOfRange, compareItems)
}
