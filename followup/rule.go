package followup

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Hours is the business-time arithmetic a plan needs for offsets counted in
// business time. *calendar.Calendar satisfies it.
//
// Elapsed returns the open time in [from, to), 0 when to is not after
// from. Add returns the earliest instant u at or after t with
// Elapsed(t, u) == d; for negative d it goes back and returns the latest u
// at or before t with Elapsed(u, t) == -d. A plan checks every business
// offset against Elapsed: when Add cannot honour it (a calendar past the
// end of its years returns the end of its range, and going back before
// their start, the start), the follow-up is out of range
// ([Plan.OutOfRange]) rather than due at once; only a reminder counted
// back past the start of the range that then lies before the instant its
// date or flag was set is at that instant, as any reminder that early is.
// Hours that also have a
// method Range() (start, end time.Time), as *calendar.Calendar does, tell
// the instants they count: an offset counted back from past end is out of
// range too, as the hours know no open time between end and the instant
// (a reminder one business day before a date in a year the calendar does
// not cover). An offset counted forward from before start counts that
// time as closed, as the calendar does and as package sla counts it. A plan passes
// instants as it gets them, monotonic clock readings and all; Hours must
// read their wall clocks, as *calendar.Calendar does, for a plan to read
// every instant on its wall clock (see [Planner.Plan]).
type Hours interface {
	Elapsed(from, to time.Time) time.Duration
	Add(t time.Time, d time.Duration) time.Time
}

// Offset is a stretch of time counted either on the wall clock or in
// business time on the planner's [Hours].
type Offset struct {
	Duration time.Duration `json:"duration_ns"`
	Business bool          `json:"business,omitempty"`
}

// Wall returns an offset of d on the wall clock.
func Wall(d time.Duration) Offset { return Offset{Duration: d} }

// Business returns an offset of d of business time.
func Business(d time.Duration) Offset { return Offset{Duration: d, Business: true} }

// String returns "4h0m0s" or "16h0m0s business".
func (o Offset) String() string {
	if o.Business {
		return o.Duration.String() + " business"
	}
	return o.Duration.String()
}

// Match selects tickets by case type. Every condition that is set must
// hold; an empty list places no condition. Tags are matched against the
// ticket's tags: any of TagsAny, all of TagsAll, none of TagsNone.
// Categories are case types (ticket.Ticket.Category), Tiers the
// requester's segment.
type Match struct {
	TagsAny    []string          `json:"tags_any,omitempty"`
	TagsAll    []string          `json:"tags_all,omitempty"`
	TagsNone   []string          `json:"tags_none,omitempty"`
	Categories []string          `json:"categories,omitempty"`
	Channels   []ticket.Channel  `json:"channels,omitempty"`
	Priorities []ticket.Priority `json:"priorities,omitempty"`
	Tiers      []ticket.Tier     `json:"tiers,omitempty"`
}

// caseAttrs is what a Match looks at.
type caseAttrs struct {
	tags     []string // sorted
	category string
	channel  ticket.Channel
	priority ticket.Priority
	tier     ticket.Tier
}

func hasTag(tags []string, tag string) bool {
	_, ok := slices.BinarySearch(tags, tag)
	return ok
}

func (m *Match) matches(a *caseAttrs) bool {
	if len(m.TagsAny) > 0 && !slices.ContainsFunc(m.TagsAny, func(t string) bool { return hasTag(a.tags, t) }) {
		return false
	}
	for _, t := range m.TagsAll {
		if !hasTag(a.tags, t) {
			return false
		}
	}
	for _, t := range m.TagsNone {
		if hasTag(a.tags, t) {
			return false
		}
	}
	return (len(m.Categories) == 0 || slices.Contains(m.Categories, a.category)) &&
		(len(m.Channels) == 0 || slices.Contains(m.Channels, a.channel)) &&
		(len(m.Priorities) == 0 || slices.Contains(m.Priorities, a.priority)) &&
		(len(m.Tiers) == 0 || slices.Contains(m.Tiers, a.tier))
}

// Stage is one step of a [Cadence]: an update every Every, for For (zero
// For on the last stage means for ever).
type Stage struct {
	Every time.Duration `json:"every_ns"`
	For   time.Duration `json:"for_ns,omitempty"`
}

// ResetOn lists the events that start a new phase of a case, so its cadence
// starts again from its first stage: any status change, a priority
// change, or the addition of one of Tags (such as "identified" or
// "monitoring"). Whatever it says, a ticket that returns from pending or
// solved, and a ticket that starts to match another rule, starts a new phase.
type ResetOn struct {
	Status   bool     `json:"status,omitempty"`
	Priority bool     `json:"priority,omitempty"`
	Tags     []string `json:"tags,omitempty"`
}

// Cadence promises automatic status updates in stages: "every 10 minutes
// for the first hour, then every 30 minutes for 3 hours, then every 2
// hours" is three stages. Stages are counted from the start of the case's
// current phase; the interval after a promised update is that of the stage
// the update falls in (a stage boundary on a promise starts the next
// stage). From says whether promises lie on a grid from the phase start or
// one interval after the last update. Any update within a promise's
// interval keeps that promise, early or on time, and one after it keeps
// it late; the next promise then follows From (see [AnchorPhaseStart]).
// Business counts every stage in business time. Template is the caller's
// name for the update to post.
//
// A cadence runs while the ticket is new, open or on hold: entering pending
// ends the phase (the desk waits on the requester, see [Rule.Nudges]), and
// so do solving and closing.
type Cadence struct {
	Stages   []Stage `json:"stages"`
	From     Anchor  `json:"from,omitempty"`
	Business bool    `json:"business,omitempty"`
	ResetOn  ResetOn `json:"reset_on"`
	Counts   Counts  `json:"counts,omitempty"`
	Template string  `json:"template,omitempty"`
}

// Personal is a personal follow-up flag: when a case of the rule's type
// starts a phase, its owner must get back to the requester within After.
// Owner names an agent or a group; empty means the ticket's assignee, or
// its group when unassigned. The flag is lowered by the first update (see
// Counts) after the phase start, which cancels its reminders still to come
// ([ReasonAnswered]); reminders go to the owner at the [Rule.Reminders]
// offsets before the due time. On a ticket an agent opened, the public
// opening comment ([ticket.Opening], the ticket's description) does not
// lower the flag: as for first reply in packages sla and metrics, the
// owner has not got back to the requester yet. An update that starts the
// phase itself, an agent's reply submitted as open on a pending or solved
// ticket (the message, then the status change, at one instant by one
// actor), is the phase's first update: the owner has just got back to
// the requester, and the flag is not raised.
type Personal struct {
	Owner  string `json:"owner,omitempty"`
	After  Offset `json:"after"`
	Counts Counts `json:"counts,omitempty"`
}

// Nudge is one step of a pending-nudge sequence (Zendesk's bump-bump-solve):
// After the ticket entered pending, remind the requester, or solve the
// ticket. Each step counts on its own clock, so "remind after 1 business
// day, solve after 7 calendar days" is two steps, Business(8h) and
// Wall(168h).
//
// The steps run in order. [Rules.Validate] requires each step to be
// longer than every earlier one, except that a business-time step may
// follow a longer wall-time step (business time never runs faster than the
// wall clock, so "remind after 1 calendar day, solve after 2 business
// days" can be meant). Where the clocks still cross on a given day (16
// business hours from a Friday end on Tuesday, after a 20-hour wall step
// on Saturday), a step is never due before the step before it: it is due
// with it, as in Zendesk's recipe, where each automation requires the tag
// the previous one added.
//
// A customer reply (a public message by the requester that is not
// automated; an out-of-office answer is not a reply), or the ticket leaving
// pending, cancels the rest of the sequence. When a pending ticket starts
// to match another rule, the old rule's steps still to come are cancelled
// and the new rule's count from the change.
type Nudge struct {
	After    Offset `json:"after"`
	Action   Action `json:"action,omitempty"`
	Template string `json:"template,omitempty"`
}

// CatchUp is the policy for follow-ups whose instants have passed: see
// [CatchUpMode]. Grace is only for [CatchUpGrace], where it must be
// positive.
//
// Max bounds, in every mode, how many missed notifications of one
// obligation (a cadence's promises, a flag's or date's reminders, a
// pending ticket's nudges) a plan lists as due: the latest Max are due and
// the older ones are listed in [Plan.Skipped] with [ReasonTooMany] — a
// cadence's as one run with their count, so a month-long outage of the
// scheduler costs one Skip, not thousands of items. Zero means
// [DefaultCatchUpMax]; it must not be negative nor above [MaxCatchUpMax].
// Wake-ups and auto-solves are never capped. So [CatchUpEach] makes every
// missed follow-up due up to Max, and says how many it left out.
type CatchUp struct {
	Mode  CatchUpMode   `json:"mode,omitempty"`
	Grace time.Duration `json:"grace_ns,omitempty"`
	Max   int           `json:"max,omitempty"`
}

// The bounds of [CatchUp.Max].
const (
	// DefaultCatchUpMax is the number of missed notifications of one
	// obligation a plan lists as due when CatchUp.Max is zero.
	DefaultCatchUpMax = 100
	// MaxCatchUpMax is the largest CatchUp.Max a table may set, which
	// bounds the size of a plan.
	MaxCatchUpMax = 10_000
)

// max returns how many missed notifications of one obligation are due.
func (c CatchUp) max() int {
	if c.Max == 0 {
		return DefaultCatchUpMax
	}
	return c.Max
}

// Rule maps a case type to its follow-ups. Cadence (automatic status
// updates, for incidents and common case types) and Personal (a personal
// follow-up flag, for rare ones) are the two follow-up modes; a rule has
// at most one. Nudges apply while the ticket is pending. Reminders are
// offsets before the due time of a personal flag or an agent-set follow-up
// date at which the owner is reminded, each in its own wall or business
// time; the due time itself is always reminded ([Item.Step] 0), and an
// offset of 0 names that same reminder, so listing it is allowed and adds
// no second one. A date keeps the reminders of the rule that matched when
// it was set.
//
// KeepSnoozeOnReply keeps a snooze asleep through a customer reply (by
// default a reply wakes it early; an automatic answer from the requester's
// side never does). ClearDateOnSolve makes solving the
// ticket cancel its agent-set follow-up date (by default only closing
// does).
type Rule struct {
	Name              string    `json:"name"`
	Match             Match     `json:"match"`
	Cadence           *Cadence  `json:"cadence,omitempty"`
	Personal          *Personal `json:"personal,omitempty"`
	Nudges            []Nudge   `json:"nudges,omitempty"`
	Reminders         []Offset  `json:"reminders,omitempty"`
	KeepSnoozeOnReply bool      `json:"keep_snooze_on_reply,omitempty"`
	ClearDateOnSolve  bool      `json:"clear_date_on_solve,omitempty"`
	CatchUp           CatchUp   `json:"catch_up"`
}

// Rules is a rule table; the first rule that matches a ticket applies. A
// ticket no rule matches still gets its agent-set follow-up dates and
// snoozes, with the zero Rule's options.
type Rules []Rule

// Match returns the index of the first rule that matches t, or -1.
func (rs Rules) Match(t ticket.Ticket) int {
	a := caseAttrs{tags: t.Tags, category: t.Category, channel: t.Channel, priority: t.Priority, tier: t.Requester.Tier}
	return rs.match(&a)
}

func (rs Rules) match(a *caseAttrs) int {
	for i := range rs {
		if rs[i].Match.matches(a) {
			return i
		}
	}
	return -1
}

// Validate reports every problem in the table, joined, each a [*RuleError]
// wrapping [ErrInvalidRules]: a rule without a name or with a name an
// earlier rule has; both a cadence and a personal flag; a cadence without
// stages, with an interval that is not positive, a negative stage length,
// an unlimited stage before the last, or an unknown anchor or update kind;
// a negative personal-flag interval; nudges whose offsets are negative, do
// not come after every earlier step (see [Nudge]), or go on after a solve
// step, or with an unknown action; negative or repeated reminders (two
// zero offsets repeat each other, both being the due time); an unknown
// catch-up mode, a grace that is not positive for CatchUpGrace or set for
// another mode, a Max out of its bounds; and in matches, empty tags or
// categories, unknown channels or priorities, and a tag both required and
// excluded.
func (rs Rules) Validate() error {
	var errs []error
	seen := make(map[string]bool, len(rs))
	for i := range rs {
		r := &rs[i]
		bad := func(field, format string, args ...any) {
			errs = append(errs, &RuleError{Index: i, Rule: r.Name, Field: field, Problem: fmt.Sprintf(format, args...)})
		}
		switch {
		case r.Name == "":
			bad("Name", "must not be empty")
		case seen[r.Name]:
			bad("Name", "is used by an earlier rule")
		}
		seen[r.Name] = true
		r.Match.problems(bad)
		if r.Cadence != nil && r.Personal != nil {
			bad("Cadence", "and Personal are both set; a rule has one follow-up mode")
		}
		if c := r.Cadence; c != nil {
			c.problems(bad)
		}
		if p := r.Personal; p != nil {
			if p.After.Duration < 0 {
				bad("Personal.After", "must not be negative, is %v", p.After)
			}
			if !validEnum(p.Counts, countsValues) {
				bad("Personal.Counts", "is not a known update kind: %q", string(p.Counts))
			}
		}
		nudgeProblems(r.Nudges, bad)
		for j, o := range r.Reminders {
			switch {
			case o.Duration < 0:
				bad(fmt.Sprintf("Reminders[%d]", j), "must not be negative, is %v", o)
			case slices.IndexFunc(r.Reminders, func(p Offset) bool { return p == o || p.Duration == 0 && o.Duration == 0 }) < j:
				bad(fmt.Sprintf("Reminders[%d]", j), "repeats %v", o)
			}
		}
		switch {
		case !validEnum(r.CatchUp.Mode, catchUpModes):
			bad("CatchUp.Mode", "is not a known catch-up mode: %q", string(r.CatchUp.Mode))
		case r.CatchUp.Mode == CatchUpGrace && r.CatchUp.Grace <= 0:
			bad("CatchUp.Grace", "must be positive for the grace mode, is %v", r.CatchUp.Grace)
		case r.CatchUp.Mode != CatchUpGrace && r.CatchUp.Grace != 0:
			bad("CatchUp.Grace", "is only for the grace mode")
		}
		if r.CatchUp.Max < 0 || r.CatchUp.Max > MaxCatchUpMax {
			bad("CatchUp.Max", "must be between 0 (the default, %d) and %d, is %d", DefaultCatchUpMax, MaxCatchUpMax, r.CatchUp.Max)
		}
	}
	return errors.Join(errs...)
}

func validEnum[E ~string](v E, valid []E) bool { return v == "" || slices.Contains(valid, v) }

type badFunc func(field, format string, args ...any)

func (m *Match) problems(bad badFunc) {
	for _, l := range []struct {
		name string
		tags []string
	}{{"Match.TagsAny", m.TagsAny}, {"Match.TagsAll", m.TagsAll}, {"Match.TagsNone", m.TagsNone}, {"Match.Categories", m.Categories}} {
		if slices.Contains(l.tags, "") {
			bad(l.name, "has an empty entry")
		}
	}
	for _, t := range m.TagsNone {
		if slices.Contains(m.TagsAll, t) {
			bad("Match.TagsNone", "excludes %q, which TagsAll requires", t)
		}
	}
	if len(m.TagsAny) > 0 && !slices.ContainsFunc(m.TagsAny, func(t string) bool { return !slices.Contains(m.TagsNone, t) }) {
		bad("Match.TagsNone", "excludes every tag of TagsAny")
	}
	for _, c := range m.Channels {
		if !c.Valid() {
			bad("Match.Channels", "has an unknown channel %q", string(c))
		}
	}
	for _, p := range m.Priorities {
		if !p.Valid() {
			bad("Match.Priorities", "has an unknown priority %q", string(p))
		}
	}
	if slices.Contains(m.Tiers, "") {
		bad("Match.Tiers", "has an empty entry")
	}
}

func (c *Cadence) problems(bad badFunc) {
	if len(c.Stages) == 0 {
		bad("Cadence.Stages", "must not be empty")
	}
	for j, s := range c.Stages {
		if s.Every <= 0 {
			bad(fmt.Sprintf("Cadence.Stages[%d].Every", j), "must be positive, is %v", s.Every)
		}
		switch {
		case s.For < 0:
			bad(fmt.Sprintf("Cadence.Stages[%d].For", j), "must not be negative, is %v", s.For)
		case s.For == 0 && j < len(c.Stages)-1:
			bad(fmt.Sprintf("Cadence.Stages[%d].For", j), "is unlimited (zero), but later stages follow")
		}
	}
	if !validEnum(c.From, anchors) {
		bad("Cadence.From", "is not a known anchor: %q", string(c.From))
	}
	if !validEnum(c.Counts, countsValues) {
		bad("Cadence.Counts", "is not a known update kind: %q", string(c.Counts))
	}
	if slices.Contains(c.ResetOn.Tags, "") {
		bad("Cadence.ResetOn.Tags", "has an empty entry")
	}
}

func nudgeProblems(ns []Nudge, bad badFunc) {
	for j, n := range ns {
		field := fmt.Sprintf("Nudges[%d]", j)
		if n.After.Duration < 0 {
			bad(field+".After", "must not be negative, is %v", n.After)
		}
		for k, prev := range ns[:j] {
			// business time never runs faster than the wall clock, so only a
			// business step may follow a longer wall step
			if n.After.Duration <= prev.After.Duration && (n.After.Business == prev.After.Business || !n.After.Business) {
				bad(field+".After", "must come after Nudges[%d]'s %v, is %v", k, prev.After, n.After)
				break
			}
		}
		if !validEnum(n.Action, actions) {
			bad(field+".Action", "is not a known action: %q", string(n.Action))
		}
		if j > 0 && ns[j-1].Action == ActionSolve {
			bad(field, "follows a solve step")
		}
	}
}

// usesBusiness reports whether any offset of the table counts business time.
func (rs Rules) usesBusiness() (int, string, bool) {
	for i := range rs {
		r := &rs[i]
		switch {
		case r.Cadence != nil && r.Cadence.Business:
			return i, "Cadence.Business", true
		case r.Personal != nil && r.Personal.After.Business:
			return i, "Personal.After", true
		}
		for j, n := range r.Nudges {
			if n.After.Business {
				return i, fmt.Sprintf("Nudges[%d].After", j), true
			}
		}
		for j, o := range r.Reminders {
			if o.Business && o.Duration != 0 {
				return i, fmt.Sprintf("Reminders[%d]", j), true
			}
		}
	}
	return 0, "", false
}

// CaseType is a kind of case as the lint sees it: its category (case
// type), channel and priority.
type CaseType struct {
	Category string          `json:"category"`
	Channel  ticket.Channel  `json:"channel"`
	Priority ticket.Priority `json:"priority"`
}

// String returns "billing/email/normal", with "-" for an empty part.
func (c CaseType) String() string {
	part := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	return part(c.Category) + "/" + part(string(c.Channel)) + "/" + part(string(c.Priority))
}

func compareCaseTypes(a, b CaseType) int {
	return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Priority, b.Priority))
}

// CaseTypes returns the distinct case types of tickets, sorted.
func CaseTypes(tickets []ticket.Ticket) []CaseType {
	out := make([]CaseType, 0, len(tickets))
	for _, t := range tickets {
		out = append(out, CaseType{Category: t.Category, Channel: t.Channel, Priority: t.Priority})
	}
	slices.SortFunc(out, compareCaseTypes)
	return slices.Compact(out)
}

// Uncovered lists, sorted and without repeats, the case types in types
// that get no follow-up mode (a cadence or a personal flag): a case type is
// covered when the first rule that matches a ticket of that category,
// channel and priority, with no tags and a requester without a tier, has a
// mode. A rule without a mode that matches first shadows later rules, as it
// does in a plan; rules that depend on tags or tiers cover no case type by
// themselves.
func (rs Rules) Uncovered(types []CaseType) []CaseType {
	var out []CaseType
	for _, ct := range types {
		a := caseAttrs{category: ct.Category, channel: ct.Channel, priority: ct.Priority}
		if i := rs.match(&a); i < 0 || rs[i].Cadence == nil && rs[i].Personal == nil {
			out = append(out, ct)
		}
	}
	slices.SortFunc(out, compareCaseTypes)
	return slices.Compact(out)
}
