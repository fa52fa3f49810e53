package sla

import (
	"github.com/servicedesk-go/desk/ticket"
)

// Start is what starts an instance of a metric's clock.
// The zero value means "unknown".
type Start string

// The start rules.
const (
	// StartCreated starts the one instance of the metric when the ticket is
	// created.
	StartCreated Start = "created"
	// StartCustomerMessage starts an instance at a customer message (see
	// [IsCustomerMessage]) when none of the metric is running, on a ticket
	// that is not solved or closed; with [Metric.AfterFirstReply] only once
	// the desk has replied (the first reply happened: the opening comment
	// of a ticket an agent opened is none, see [ticket.Opening]), except
	// that a message that reopens a solved ticket always starts one.
	StartCustomerMessage Start = "customer_message"
	// StartAgentReply starts an instance at every agent reply (see
	// [IsAgentReply]) on a ticket that is not solved or closed, when none of
	// the metric is running; for a metric fulfilled by the next agent reply,
	// the reply first fulfils the running one, so every reply starts one.
	// The public opening comment of a ticket an agent opened starts one
	// too: it is no reply, but the customer heard from the desk then, so
	// updates count from it ([ticket.Opening]).
	StartAgentReply Start = "agent_reply"
)

var starts = enum[Start]{"start", []Start{StartCreated, StartCustomerMessage, StartAgentReply}}

// ParseStart returns the start rule spelled s, or an error wrapping [ErrUnknownValue].
func ParseStart(s string) (Start, error) { return starts.parse(s) }

// String returns the wire spelling.
func (s Start) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Start) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (s *Start) UnmarshalText(b []byte) error { return starts.unmarshal(s, b) }

// Stop is what fulfils a running instance of a metric's clock.
// The zero value means "unknown".
type Stop string

// The stop rules.
const (
	// StopAgentReply fulfils the running instance at the next agent reply;
	// a solve cancels it. The opening comment of a ticket an agent opened
	// is no reply and fulfils nothing ([ticket.Opening]).
	StopAgentReply Stop = "agent_reply"
	// StopSolve fulfils the running instance when the ticket is solved.
	StopSolve Stop = "solve"
)

var stops = enum[Stop]{"stop", []Stop{StopAgentReply, StopSolve}}

// ParseStop returns the stop rule spelled s, or an error wrapping [ErrUnknownValue].
func ParseStop(s string) (Stop, error) { return stops.parse(s) }

// String returns the wire spelling.
func (s Stop) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Stop) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (s *Stop) UnmarshalText(b []byte) error { return stops.unmarshal(s, b) }

// Reopen is what a reopen does to an instance a solve fulfilled.
// The zero value means "unknown".
type Reopen string

// The reopen rules.
const (
	// ReopenFinal: the fulfilment at a solve is final; a reopen starts
	// nothing (first resolution).
	ReopenFinal Reopen = "final"
	// ReopenContinue: the fulfilment at a solve is provisional until the
	// ticket closes; a reopen re-activates the same instance, whose elapsed
	// time is summed over all cycles (time while solved does not count).
	ReopenContinue Reopen = "continue"
)

var reopens = enum[Reopen]{"reopen", []Reopen{ReopenFinal, ReopenContinue}}

// ParseReopen returns the reopen rule spelled s, or an error wrapping [ErrUnknownValue].
func ParseReopen(s string) (Reopen, error) { return reopens.parse(s) }

// String returns the wire spelling.
func (r Reopen) String() string { return string(r) }

// MarshalText implements encoding.TextMarshaler.
func (r Reopen) MarshalText() ([]byte, error) { return []byte(r), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero value.
func (r *Reopen) UnmarshalText(b []byte) error { return reopens.unmarshal(r, b) }

// Metric is an SLA clock as data: what starts an instance, what fulfils it,
// which status categories pause it and what a reopen does. Solved and closed
// tickets never run a clock: a solve fulfils a [StopSolve] instance and
// cancels any other running one, and a closed ticket's instances are final.
//
// The presets ([FirstReply], [NextReply], …) follow Zendesk's published
// definitions; callers may build their own from the same parts. Metrics are
// identified by Name: two targets with the same Name must define the metric
// the same way.
type Metric struct {
	Name   string                  // e.g. "first_reply_time"; unique per definition
	Start  Start                   // what starts an instance
	Stop   Stop                    // what fulfils it
	Paused []ticket.StatusCategory // categories in which a running instance is paused
	Reopen Reopen                  // for StopSolve metrics: what a reopen does
	// AfterFirstReply, for StartCustomerMessage metrics, starts instances
	// only once the desk has replied (or at a reopening message): after the
	// first reply, which on a ticket an agent opened is not its opening
	// comment ([ticket.Opening]).
	AfterFirstReply bool
}

// The preset metric names, as in Zendesk's API.
const (
	NameFirstReply      = "first_reply_time"
	NameNextReply       = "next_reply_time"
	NamePeriodicUpdate  = "periodic_update_time"
	NamePausableUpdate  = "pausable_update_time"
	NameRequesterWait   = "requester_wait_time"
	NameAgentWork       = "agent_work_time"
	NameTotalResolution = "total_resolution_time"
	NameFirstResolution = "first_resolution_time"
)

// FirstReply is Zendesk's first reply time: from creation to the first
// agent reply; a solve cancels it; it never restarts. On a ticket an agent
// opened (its Created event's Actor is an agent) the opening comment, the
// first message a person wrote, is the ticket's description, not a reply: when
// it is public, first reply runs to the next public agent reply, as in
// Zendesk's native metric ("if the ticket is created by an agent and the
// first comment is public the second timestamp shifts to the second public
// agent comment", Help Center article 4408834848154); when it is an
// internal note, the first public agent reply ends it, as on any ticket.
// A ticket a bot or the system opens is not opened by an agent. See
// [ticket.Opening].
func FirstReply() Metric {
	return Metric{Name: NameFirstReply, Start: StartCreated, Stop: StopAgentReply}
}

// NextReply is Zendesk's next reply time: from a customer message, when no
// instance is running and the desk has replied before, to the next agent
// reply; a solve cancels it; the customer message that reopens a solved
// ticket starts one. A customer's answer to the opening comment of a
// ticket an agent opened starts none: the first reply has not happened
// (it is first reply's to meet).
func NextReply() Metric {
	return Metric{Name: NameNextReply, Start: StartCustomerMessage, Stop: StopAgentReply, AfterFirstReply: true}
}

// PeriodicUpdate is Zendesk's periodic update: from every agent reply to the
// next one; a solve cancels it. The public opening comment of a ticket an
// agent opened starts one (the customer heard from the desk then) though
// it is no reply ([StartAgentReply]).
func PeriodicUpdate() Metric {
	return Metric{Name: NamePeriodicUpdate, Start: StartAgentReply, Stop: StopAgentReply}
}

// PausableUpdate is [PeriodicUpdate] paused while the ticket is pending.
func PausableUpdate() Metric {
	m := PeriodicUpdate()
	m.Name = NamePausableUpdate
	m.Paused = []ticket.StatusCategory{ticket.StatusCategoryPending}
	return m
}

// RequesterWait is Zendesk's requester wait time: from creation to solve,
// paused while pending; a reopen continues the same instance.
func RequesterWait() Metric {
	return Metric{Name: NameRequesterWait, Start: StartCreated, Stop: StopSolve,
		Paused: []ticket.StatusCategory{ticket.StatusCategoryPending}, Reopen: ReopenContinue}
}

// AgentWork is Zendesk's agent work time: from creation to solve, paused
// while pending or on hold; a reopen continues the same instance.
func AgentWork() Metric {
	return Metric{Name: NameAgentWork, Start: StartCreated, Stop: StopSolve,
		Paused: []ticket.StatusCategory{ticket.StatusCategoryPending, ticket.StatusCategoryOnHold}, Reopen: ReopenContinue}
}

// TotalResolution is Zendesk's total resolution time: from creation to
// solve, never paused (solved time does not count); a reopen continues the
// same instance.
func TotalResolution() Metric {
	return Metric{Name: NameTotalResolution, Start: StartCreated, Stop: StopSolve, Reopen: ReopenContinue}
}

// FirstResolution is the time from creation to the first solve; a reopen
// does not restart it.
func FirstResolution() Metric {
	return Metric{Name: NameFirstResolution, Start: StartCreated, Stop: StopSolve, Reopen: ReopenFinal}
}

// Presets returns the eight preset metrics in the order of the table in the
// package documentation.
func Presets() []Metric {
	return []Metric{FirstReply(), NextReply(), PeriodicUpdate(), PausableUpdate(),
		RequesterWait(), AgentWork(), TotalResolution(), FirstResolution()}
}

// Equal reports whether m and o define the same metric (the order of Paused
// does not matter).
func (m Metric) Equal(o Metric) bool {
	return m.Name == o.Name && m.Start == o.Start && m.Stop == o.Stop && m.Reopen == o.Reopen &&
		m.AfterFirstReply == o.AfterFirstReply && pausedMask(m.Paused) == pausedMask(o.Paused)
}

// pausedMask packs categories into bits (see categoryBit).
func pausedMask(cs []ticket.StatusCategory) uint8 {
	var m uint8
	for _, c := range cs {
		m |= categoryBit(c)
	}
	return m
}

// categoryIndex is the position of c's bit in a category mask (see
// categoryBit), 6 for an unknown category; indexBit maps it back.
func categoryIndex(c ticket.StatusCategory) int {
	switch c {
	case ticket.StatusCategoryNew:
		return 0
	case ticket.StatusCategoryOpen:
		return 1
	case ticket.StatusCategoryPending:
		return 2
	case ticket.StatusCategoryOnHold:
		return 3
	case ticket.StatusCategorySolved:
		return 4
	case ticket.StatusCategoryClosed:
		return 5
	}
	return 6
}

// indexBit is the bit of the category at categoryIndex i.
func indexBit(i int) uint8 {
	if i < 6 {
		return 1 << i
	}
	return 0
}

// categoryBit is the bit of c in a category mask: new, open, pending,
// on_hold, solved, closed from the lowest bit up; 0 for an unknown category.
func categoryBit(c ticket.StatusCategory) uint8 {
	switch c {
	case ticket.StatusCategoryNew:
		return 1 << 0
	case ticket.StatusCategoryOpen:
		return 1 << 1
	case ticket.StatusCategoryPending:
		return 1 << 2
	case ticket.StatusCategoryOnHold:
		return 1 << 3
	case ticket.StatusCategorySolved:
		return 1 << 4
	case ticket.StatusCategoryClosed:
		return 1 << 5
	}
	return 0
}

// IsAgentReply reports whether e is a reply by the desk in the SLA sense:
// a public message by a human agent that is not automated
// ([ticket.Message.IsAgentReply]). It reads e alone: the opening comment of
// a ticket an agent opened passes it, but is no reply, which only the
// history tells ([ticket.Opening]); reports that count replies use both so
// that they agree with the clocks.
func IsAgentReply(e ticket.Event) bool {
	m, ok := e.Data.(ticket.Message)
	return ok && m.IsAgentReply(e.Actor)
}

// IsCustomerMessage reports whether e is a public message from the
// requester side ([ticket.Message.IsCustomerMessage]).
func IsCustomerMessage(e ticket.Event) bool {
	m, ok := e.Data.(ticket.Message)
	return ok && m.IsCustomerMessage(e.Actor)
}
