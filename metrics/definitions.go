package metrics

import (
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// OneTouchRule says how many public agent replies a solved ticket may have
// had to count as one-touch. The zero value means [OneTouchFewerThanTwo].
type OneTouchRule string

// The one-touch rules.
const (
	// OneTouchFewerThanTwo is Zendesk's staff formula "Agent replies < 2 AND
	// status ∈ {Solved, Closed}": a ticket solved without any reply counts.
	OneTouchFewerThanTwo OneTouchRule = "fewer_than_two"
	// OneTouchExactlyOne is dbt_zendesk's `count_public_agent_comments = 1`,
	// counted over the agent replies ([Facts.AgentReplies]): on a ticket an
	// agent opened, the opening comment is not among them, as in Zendesk's
	// one-touch, where dbt_zendesk counts it ([ticket.Opening]).
	OneTouchExactlyOne OneTouchRule = "exactly_one"
)

// ReopenRule says which status changes count as a reopen. The zero value
// means [ReopenFromSolved].
type ReopenRule string

// The reopen rules.
const (
	// ReopenFromSolved counts every return from a solved status to an
	// active one (Zendesk; Chatwoot's conversation_opened after resolved).
	ReopenFromSolved ReopenRule = "from_solved"
	// ReopenFromSolvedOrPending also counts a return from pending (waiting
	// on the requester) to open or on-hold, as Plain counts a return from
	// Snoozed.
	ReopenFromSolvedOrPending ReopenRule = "from_solved_or_pending"
)

// FCRMethod says how first-contact resolution is decided. The zero value
// means [FCROneTouch].
type FCRMethod string

// The FCR methods.
const (
	// FCROneTouch: a resolved ticket is resolved on first contact when it
	// is one-touch (by the [OneTouchRule] in force) and was never reopened.
	FCROneTouch FCRMethod = "one_touch"
	// FCRNoRepeat: a resolved ticket that was never reopened and whose
	// requester opened no other ticket in the same case category within
	// [Definitions.FCRWindow] after it was solved (the repeat-contact proxy).
	// It needs the other tickets, so only a [Report] can decide it, and it
	// does so for the report as a whole ([Report.FCRNoRepeat]).
	FCRNoRepeat FCRMethod = "no_repeat"
)

// ClockStart says where the first-reply clock starts. The zero value means
// [ClockCreated].
type ClockStart string

// The clock starts.
const (
	// ClockCreated starts at the ticket's creation (Zendesk, Zammad).
	ClockCreated ClockStart = "created"
	// ClockFirstCustomerMessage starts at the first public message from
	// the requester side, or at creation when there is none before the
	// reply (Plain).
	ClockFirstCustomerMessage ClockStart = "first_customer_message"
)

// Credit says which agent a KPI is credited to. The zero value means
// [CreditAssigneeAtEvent].
type Credit string

// The credit rules.
const (
	// CreditAssigneeAtEvent credits the assignee when the KPI's event
	// happened: the reply for reply times, the solve for resolution
	// KPIs; when nobody is assigned then, the last agent assigned before
	// it. A rating after a solve is credited like the solve (the last
	// assignee before the solve), a rating of an unsolved ticket like an
	// event at the rating. Chatwoot's bug (reading the assignee at survey
	// time after unassign-on-resolve) is avoided because the assignee is
	// read from the history, not the current ticket.
	CreditAssigneeAtEvent Credit = "assignee_at_event"
	// CreditCurrentAssignee credits the assignee at the ticket's last event.
	CreditCurrentAssignee Credit = "current_assignee"
	// CreditLastReplier credits the agent who sent the last public reply.
	CreditLastReplier Credit = "last_replier"
	// CreditResolver credits the assignee at the last solve.
	CreditResolver Credit = "resolver"
)

// NextReplyCredit says which agent a next reply is credited to in
// breakdowns by agent. The zero value means [CreditTicketAgent].
type NextReplyCredit string

// The next-reply credit rules.
const (
	// CreditTicketAgent credits each next reply to the agent the ticket
	// was with at the reply (by [Definitions.Credit]), as Zendesk
	// Explore's Tickets dataset reads reply times by the ticket's
	// assignee.
	CreditTicketAgent NextReplyCredit = "ticket_agent"
	// CreditReplier credits each next reply to the agent who sent it, as
	// Zendesk Explore's Updates history dataset attributes each update
	// (and the reply time it ends) to its updater: per-agent reply speed.
	CreditReplier NextReplyCredit = "replier"
)

// CSATThreshold says which scores on a CSAT scale are good. The zero value
// means [CSATTopTwoBox].
type CSATThreshold string

// The CSAT thresholds. On a good/bad scale of 2, only 2 is good under each.
const (
	// CSATTopTwoBox counts the top two scores as good: 4 and 5 of 5
	// (Zendesk's mapping of a 5-point survey to good/bad).
	CSATTopTwoBox CSATThreshold = "top_two_box"
	// CSATTopBox counts only the top score as good: 5 of 5.
	CSATTopBox CSATThreshold = "top_box"
	// CSATTopThreeBox counts the top three scores as good: 3, 4 and 5 of 5.
	CSATTopThreeBox CSATThreshold = "top_three_box"
)

// OneTouchBase says which tickets one-touch and two-touch rates are taken
// over. The zero value means [OneTouchOverResolved].
type OneTouchBase string

// The one-touch bases.
const (
	// OneTouchOverResolved takes them over the tickets resolved at their
	// last event read, placed at the last solve (Zendesk's "Solved
	// tickets" denominator).
	OneTouchOverResolved OneTouchBase = "resolved"
	// OneTouchOverSolvedOnce takes them over the tickets solved at least
	// once, reopened or not, placed at the first solve, with the agent
	// replies of the whole history read (a SQL report's "tickets with a
	// solved_at").
	OneTouchOverSolvedOnce OneTouchBase = "solved_once"
)

// CESMethod says how customer effort scores are summarised. The zero value
// means [CESMean].
type CESMethod string

// The CES methods.
const (
	// CESMean is the mean score (Nicereply).
	CESMean CESMethod = "mean"
	// CESAgree is the share of respondents who agree: 5–7 on the 1–7
	// scale (GitLab reads 1–3 as high effort, 4 as neutral).
	CESAgree CESMethod = "agree"
)

// Definitions are the KPI definitions: what counts as a reply, where the
// reply clock starts, one-touch, reopens, FCR, CSAT, CES and agent credit.
// The zero value is the documented default of every definition (Zendesk's
// where it publishes one).
type Definitions struct {
	// IsReply says whether a message by an actor is a reply from the
	// desk. Nil means [ticket.Message.IsAgentReply]: public, by a human
	// agent, not automated — the predicate package sla uses, so KPIs and
	// SLA clocks never disagree. The opening comment of a ticket an agent
	// opened is never a reply, whatever IsReply says ([ticket.Opening]).
	IsReply func(m ticket.Message, by ticket.Actor) bool
	// ClockStart is where the first-reply clock starts.
	ClockStart ClockStart
	// OneTouch decides one-touch tickets.
	OneTouch OneTouchRule
	// Reopens decides which status changes are reopens.
	Reopens ReopenRule
	// FCR decides first-contact resolution.
	FCR FCRMethod
	// FCRWindow is the repeat-contact window of [FCRNoRepeat]; 0 means
	// 7 days. It is elapsed time on the real time line, not local
	// calendar days: 7 days are 168 hours, so across the autumn clock
	// change a window opened by a solve at 10:00 ends at 09:00 local
	// time. It is only for FCRNoRepeat: [Config.Validate] refuses it
	// set under another method, which would ignore it.
	FCRWindow time.Duration
	// OneTouchOver decides the tickets one- and two-touch are taken over.
	OneTouchOver OneTouchBase
	// CSATGood is which CSAT scores are good.
	CSATGood CSATThreshold
	// CES is how customer effort scores are summarised. It changes no
	// number a report keeps (only how [CES.Value] is read), so reports
	// with different CES methods merge.
	CES CESMethod
	// Credit is which agent a KPI is credited to.
	Credit Credit
	// NextReplyCredit is which agent a next reply is credited to.
	NextReplyCredit NextReplyCredit
}

// DefaultFCRWindow is the repeat-contact window of [FCRNoRepeat] when
// [Definitions.FCRWindow] is 0.
const DefaultFCRWindow = 7 * 24 * time.Hour

// withDefaults returns d with every zero field set to its default.
func (d Definitions) withDefaults() Definitions {
	if d.ClockStart == "" {
		d.ClockStart = ClockCreated
	}
	if d.OneTouch == "" {
		d.OneTouch = OneTouchFewerThanTwo
	}
	if d.Reopens == "" {
		d.Reopens = ReopenFromSolved
	}
	if d.FCR == "" {
		d.FCR = FCROneTouch
	}
	if d.FCRWindow == 0 {
		d.FCRWindow = DefaultFCRWindow
	}
	if d.CES == "" {
		d.CES = CESMean
	}
	if d.Credit == "" {
		d.Credit = CreditAssigneeAtEvent
	}
	if d.NextReplyCredit == "" {
		d.NextReplyCredit = CreditTicketAgent
	}
	if d.CSATGood == "" {
		d.CSATGood = CSATTopTwoBox
	}
	if d.OneTouchOver == "" {
		d.OneTouchOver = OneTouchOverResolved
	}
	return d
}

// Validate returns the joined [*ConfigError]s of every unknown option value.
func (d Definitions) Validate() error {
	return joinProblems(d.problems())
}

func (d Definitions) problems() []error {
	var errs []error
	check := func(field string, ok bool, v any) {
		if !ok {
			errs = append(errs, &ConfigError{Field: "Definitions." + field, Problem: fmt.Sprintf("unknown value %q", v)})
		}
	}
	check("ClockStart", oneOf(d.ClockStart, ClockCreated, ClockFirstCustomerMessage), d.ClockStart)
	check("OneTouch", oneOf(d.OneTouch, OneTouchFewerThanTwo, OneTouchExactlyOne), d.OneTouch)
	check("Reopens", oneOf(d.Reopens, ReopenFromSolved, ReopenFromSolvedOrPending), d.Reopens)
	check("FCR", oneOf(d.FCR, FCROneTouch, FCRNoRepeat), d.FCR)
	check("CES", oneOf(d.CES, CESMean, CESAgree), d.CES)
	check("Credit", oneOf(d.Credit, CreditAssigneeAtEvent, CreditCurrentAssignee, CreditLastReplier, CreditResolver), d.Credit)
	check("NextReplyCredit", oneOf(d.NextReplyCredit, CreditTicketAgent, CreditReplier), d.NextReplyCredit)
	check("CSATGood", oneOf(d.CSATGood, CSATTopTwoBox, CSATTopBox, CSATTopThreeBox), d.CSATGood)
	check("OneTouchOver", oneOf(d.OneTouchOver, OneTouchOverResolved, OneTouchOverSolvedOnce), d.OneTouchOver)
	switch {
	case d.FCRWindow < 0:
		errs = append(errs, &ConfigError{Field: "Definitions.FCRWindow", Problem: "negative"})
	case d.FCRWindow != 0 && oneOf(d.FCR, FCROneTouch): // an unknown method is reported above
		errs = append(errs, &ConfigError{Field: "Definitions.FCRWindow", Problem: fmt.Sprintf(
			"%v is set, but FCR %q does not use it: the window is only for FCR %q", d.FCRWindow, d.withDefaults().FCR, FCRNoRepeat)})
	}
	return errs
}

// fingerprint names the definitions for the merge compatibility check:
// only what changes a number the report keeps, with defaults spelled out
// (so a zero option and its default agree). The CES method is left out
// (it changes only how CES is read) and so is the FCR window unless the
// FCR method uses it; a custom IsReply is only known to be set.
func (d Definitions) fingerprint() string {
	d = d.withDefaults()
	custom := d.IsReply != nil
	window := time.Duration(0)
	if d.FCR == FCRNoRepeat {
		window = d.FCRWindow
	}
	return fmt.Sprintf("%s/%s/%s/%s/%s/%s/%s/%s/%s/%t", d.ClockStart, d.OneTouch, d.OneTouchOver, d.Reopens, d.FCR, window,
		d.CSATGood, d.Credit, d.NextReplyCredit, custom)
}

// csatGood reports whether a CSAT score on scale is good under the
// threshold (defaults applied).
func (d Definitions) csatGood(score, scale int) bool {
	if scale <= 2 {
		return score >= scale
	}
	switch d.CSATGood {
	case CSATTopBox:
		return score >= scale
	case CSATTopThreeBox:
		return score >= scale-2
	}
	return score >= scale-1
}

// oneOf reports whether v is empty (the default) or one of the options.
func oneOf[T ~string](v T, options ...T) bool {
	return v == "" || slices.Contains(options, v)
}
