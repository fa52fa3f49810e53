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
	// OneTouchExactlyOne is dbt_zendesk's `count_public_agent_comments = 1`.
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
	// KPIs, the rating for CSAT. Chatwoot's bug (reading the assignee at
	// survey time after unassign-on-resolve) is avoided because the
	// assignee is read from the history, not the current ticket.
	CreditAssigneeAtEvent Credit = "assignee_at_event"
	// CreditCurrentAssignee credits the assignee at the ticket's last event.
	CreditCurrentAssignee Credit = "current_assignee"
	// CreditLastReplier credits the agent who sent the last public reply.
	CreditLastReplier Credit = "last_replier"
	// CreditResolver credits the assignee at the last solve.
	CreditResolver Credit = "resolver"
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
	// SLA clocks never disagree.
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
	// 7 days.
	FCRWindow time.Duration
	// CSATGood is how far below the top of its scale a CSAT score may be
	// and still be good: 0 means 1, top-2-box (4–5 of 5, Zendesk's mapping;
	// on a good/bad scale of 2 only 2 is good). A negative value means 0:
	// only the top score is good.
	CSATGood int
	// CES is how customer effort scores are summarised.
	CES CESMethod
	// Credit is which agent a KPI is credited to.
	Credit Credit
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
	if d.FCRWindow < 0 {
		errs = append(errs, &ConfigError{Field: "Definitions.FCRWindow", Problem: "negative"})
	}
	return errs
}

// fingerprint names the definitions for the merge compatibility check; a
// custom IsReply is only known to be set.
func (d Definitions) fingerprint() string {
	d = d.withDefaults()
	custom := d.IsReply != nil
	return fmt.Sprintf("%s/%s/%s/%s/%s/%d/%s/%s/%t", d.ClockStart, d.OneTouch, d.Reopens, d.FCR, d.FCRWindow, d.CSATGood, d.CES, d.Credit, custom)
}

// csatGood reports whether a CSAT score on scale is good under the mapping.
func (d Definitions) csatGood(score, scale int) bool {
	below := d.CSATGood
	switch {
	case below == 0:
		below = 1
	case below < 0:
		below = 0
	}
	if scale <= 2 {
		return score >= scale
	}
	return score >= scale-below
}

// oneOf reports whether v is empty (the default) or one of the options.
func oneOf[T ~string](v T, options ...T) bool {
	return v == "" || slices.Contains(options, v)
}
