package ticket

import (
	"fmt"
	"time"
)

// EventType is the wire discriminator of an event's payload. The zero value
// means "unknown".
type EventType string

// The event types.
const (
	TypeCreated         EventType = "created"
	TypeMessage         EventType = "message"
	TypeStatusChanged   EventType = "status_changed"
	TypeAssigned        EventType = "assigned"
	TypePriorityChanged EventType = "priority_changed"
	TypeTagsChanged     EventType = "tags_changed"
	TypeFieldsChanged   EventType = "fields_changed"
	TypeMerged          EventType = "merged"
	TypeLinked          EventType = "linked"
	TypeRated           EventType = "rated"
	TypeWorkflowApplied EventType = "workflow_applied"
	TypeHandlingLogged  EventType = "handling_logged"
)

var eventTypes = []EventType{TypeCreated, TypeMessage, TypeStatusChanged, TypeAssigned, TypePriorityChanged,
	TypeTagsChanged, TypeFieldsChanged, TypeMerged, TypeLinked, TypeRated, TypeWorkflowApplied, TypeHandlingLogged,
	TypeFollowUpSet, TypeFollowUpCleared, TypeSnoozed}

// ParseEventType returns the event type spelled s, or an error wrapping [ErrUnknownValue].
func ParseEventType(s string) (EventType, error) { return parseEnum("event type", s, eventTypes) }

// String returns the event type's wire spelling.
func (t EventType) String() string { return string(t) }

// MarshalText implements encoding.TextMarshaler.
func (t EventType) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (t *EventType) UnmarshalText(b []byte) error {
	return unmarshalEnum(t, "event type", b, eventTypes)
}

// Event is one entry of a ticket's history. A ticket is the fold of its
// events (see [Replay]); SLA clocks, follow-ups and KPIs read the same events.
//
// Seq numbers a ticket's events 1, 2, 3, … without gaps; the seq of the last
// event is the ticket's version, which stores use for optimistic concurrency.
// At never decreases along a history.
type Event struct {
	TicketID ID
	Seq      int
	At       time.Time
	Actor    Actor
	Data     Data // the payload; its Type names the event

	// unknown keeps the fields a [Decoder] did not know (written by a newer
	// version of this package), so that encoding the event writes them
	// back; see json.go.
	unknown string
}

// Type returns the type of the event's payload, or "" when it has none or
// when the payload is not one of the payload values listed at [Data] (a
// pointer to one, say): such an event cannot be stored or replayed.
func (e Event) Type() EventType {
	switch d := e.Data.(type) {
	case Created, Message, StatusChanged, Assigned, PriorityChanged, TagsChanged,
		FieldsChanged, Merged, Linked, Rated, WorkflowApplied, HandlingLogged,
		FollowUpSet, FollowUpCleared, Snoozed:
		return d.Type()
	}
	return ""
}

// payloadProblem describes why d cannot be an event's payload (it is nil, or
// not one of the values listed at [Data]), or returns "".
func payloadProblem(d Data) string {
	switch d.(type) {
	case Created, Message, StatusChanged, Assigned, PriorityChanged, TagsChanged,
		FieldsChanged, Merged, Linked, Rated, WorkflowApplied, HandlingLogged,
		FollowUpSet, FollowUpCleared, Snoozed: // the payloads Type names
		return ""
	case nil:
		return "event has no payload"
	}
	return fmt.Sprintf("payload of type %T is not an event payload", d)
}

// String returns a one-line summary: "#3 2026-05-04T09:12:00Z agent:ingrid status_changed".
func (e Event) String() string {
	return fmt.Sprintf("#%d %s %s %s", e.Seq, e.At.Format(time.RFC3339), e.Actor, e.Type())
}

// Data is an event payload: one of [Created], [Message], [StatusChanged],
// [Assigned], [PriorityChanged], [TagsChanged], [FieldsChanged], [Merged],
// [Linked], [Rated], [WorkflowApplied], [HandlingLogged], [FollowUpSet],
// [FollowUpCleared] or [Snoozed], held by value.
// The set is closed; pointers to payloads also satisfy the interface, but
// [Replay], [CheckAppend] and [Event.MarshalJSON] refuse them.
type Data interface {
	Type() EventType
	validate() error
}

// Created opens a ticket. It is always the first event.
type Created struct {
	Subject   string            `json:"subject"`
	Channel   Channel           `json:"channel"`
	Requester Requester         `json:"requester"`
	Priority  Priority          `json:"priority,omitempty"`
	Group     string            `json:"group,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
	Category  string            `json:"category,omitempty"` // the case type, e.g. "billing"; not a status category
	Fields    map[string]string `json:"fields,omitempty"`   // custom fields
	Status    Status            `json:"status"`             // the lifecycle's initial status
}

// Message is a comment on the ticket. Its author is the event's Actor.
//
// A message is a reply in the SLA and KPI sense only when it is public, by
// a human agent (RoleAgent) and not automated; internal notes, bots and
// automations never stop a reply clock (Zendesk's definition). On a ticket
// an agent opened, the first message a person writes is the ticket's description, not a
// reply, even when it is public (see [Opening]).
type Message struct {
	Public    bool    `json:"public"`
	Channel   Channel `json:"channel,omitempty"`
	Automated bool    `json:"automated,omitempty"` // sent by a rule, trigger or auto-responder on the author's behalf
	MacroID   string  `json:"macro_id,omitempty"`  // saved reply or macro the text came from
	Body      string  `json:"body,omitempty"`
}

// IsAgentReply reports whether a message by author counts as a reply from
// the desk: public, by a human agent, not automated. It reads the message
// alone: the opening comment of a ticket an agent opened passes it but is
// no reply, which only the history can tell ([Opening]).
func (m Message) IsAgentReply(author Actor) bool {
	return m.Public && !m.Automated && author.Role == RoleAgent
}

// IsCustomerMessage reports whether a message by author is a public message
// from the requester side.
func (m Message) IsCustomerMessage(author Actor) bool {
	return m.Public && author.Role == RoleCustomer
}

// StatusChanged moves the ticket from one status to another. Reopen is set
// when a solved ticket returns to an active category.
type StatusChanged struct {
	From   Status `json:"from"`
	To     Status `json:"to"`
	Reopen bool   `json:"reopen,omitempty"`
	Reason string `json:"reason,omitempty"` // why the change happened when not asked for directly: "customer_reply", "agent_reply", "merged"
}

// Assigned sets the assignee and group. Previous values are recorded so
// reports can count reassignments and group escalations without replaying.
type Assigned struct {
	Agent     string `json:"agent"`
	Group     string `json:"group"`
	PrevAgent string `json:"prev_agent,omitempty"`
	PrevGroup string `json:"prev_group,omitempty"`
}

// PriorityChanged changes the ticket's priority.
type PriorityChanged struct {
	From Priority `json:"from,omitempty"`
	To   Priority `json:"to"`
}

// TagsChanged adds and removes tags. Both lists are sorted and disjoint, and
// name only tags whose presence actually changes.
type TagsChanged struct {
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// FieldChange is one field's old and new value. An empty To clears the field.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// FieldCategory is the field name under which [FieldsChanged] records a
// change of the ticket's case category (Ticket.Category).
const FieldCategory = "category"

// FieldsChanged sets or clears the case category and custom fields. Changes
// are sorted by field name and each names a real change.
type FieldsChanged struct {
	Changes []FieldChange `json:"changes"`
}

// Merged records a merge on both tickets involved: on the source ticket Into
// names the target (the source is closed in the same command); on the target
// From names the source. Exactly one of the two is set.
type Merged struct {
	Into ID `json:"into,omitzero"`
	From ID `json:"from,omitzero"`
}

// Linked is the second event of a follow-up ticket: it names the closed
// ticket the follow-up continues (see [FollowUp]).
type Linked struct {
	FollowUpOf ID `json:"follow_up_of"`
}

// Survey is the kind of satisfaction survey a rating answers. The zero value
// means "unknown".
type Survey string

// The survey kinds.
const (
	SurveyCSAT Survey = "csat" // customer satisfaction, usually 1–5 or good/bad (scale 2)
	SurveyNPS  Survey = "nps"  // net promoter score, 0–10
	SurveyCES  Survey = "ces"  // customer effort score, usually 1–7 (CES 2.0)
)

var surveys = []Survey{SurveyCSAT, SurveyNPS, SurveyCES}

// ParseSurvey returns the survey kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseSurvey(s string) (Survey, error) { return parseEnum("survey", s, surveys) }

// String returns the survey kind's wire spelling.
func (s Survey) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Survey) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (s *Survey) UnmarshalText(b []byte) error { return unmarshalEnum(s, "survey", b, surveys) }

// MinScore is the lowest score on the survey's scale: 0 for NPS, 1 otherwise.
func (s Survey) MinScore() int {
	if s == SurveyNPS {
		return 0
	}
	return 1
}

// Rated is a survey answer. Score lies in [Survey.MinScore(), Scale]; Scale
// is the top of the scale (5 for a 1–5 CSAT, 2 for good/bad with 1 bad and 2
// good, 10 for NPS, 7 for CES 2.0), stored with the answer so old ratings
// stay readable when a survey changes.
type Rated struct {
	Survey  Survey `json:"survey"`
	Score   int    `json:"score"`
	Scale   int    `json:"scale"`
	Comment string `json:"comment,omitempty"`
}

// WorkflowKind is what kind of saved workflow was applied. The zero value
// means "unknown".
type WorkflowKind string

// The workflow kinds.
const (
	WorkflowMacro      WorkflowKind = "macro"
	WorkflowSavedReply WorkflowKind = "saved_reply"
	WorkflowAutomation WorkflowKind = "automation"
	WorkflowTrigger    WorkflowKind = "trigger"
)

var workflowKinds = []WorkflowKind{WorkflowMacro, WorkflowSavedReply, WorkflowAutomation, WorkflowTrigger}

// ParseWorkflowKind returns the workflow kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseWorkflowKind(s string) (WorkflowKind, error) {
	return parseEnum("workflow kind", s, workflowKinds)
}

// String returns the workflow kind's wire spelling.
func (k WorkflowKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler.
func (k WorkflowKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (k *WorkflowKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "workflow kind", b, workflowKinds)
}

// WorkflowApplied records that a macro, saved reply, automation or trigger
// ran on the ticket, so "most used workflows" can be counted. It records the
// fact only; the changes the workflow made are events of their own.
type WorkflowApplied struct {
	Kind WorkflowKind `json:"kind"`
	ID   string       `json:"id"`
	Name string       `json:"name,omitempty"`
}

// HandlingKind is what a logged stretch of handling time was spent on. The
// zero value means "unknown".
type HandlingKind string

// The handling kinds; average handling time is (talk + hold + after-call work) / handled.
const (
	HandlingTalk          HandlingKind = "talk"
	HandlingHold          HandlingKind = "hold"
	HandlingAfterCallWork HandlingKind = "after_call_work"
	HandlingOther         HandlingKind = "other"
)

var handlingKinds = []HandlingKind{HandlingTalk, HandlingHold, HandlingAfterCallWork, HandlingOther}

// ParseHandlingKind returns the handling kind spelled s, or an error wrapping [ErrUnknownValue].
func ParseHandlingKind(s string) (HandlingKind, error) {
	return parseEnum("handling kind", s, handlingKinds)
}

// String returns the handling kind's wire spelling.
func (k HandlingKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler.
func (k HandlingKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (k *HandlingKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "handling kind", b, handlingKinds)
}

// HandlingLogged records time an agent spent on the ticket (a phone call's
// talk and hold time, after-call work, chat handling).
type HandlingLogged struct {
	Agent    string        `json:"agent"`
	Kind     HandlingKind  `json:"kind"`
	Duration time.Duration `json:"duration_ns"` // integer nanoseconds on the wire
}

// Type implements [Data].
func (Created) Type() EventType { return TypeCreated }

// Type implements [Data].
func (Message) Type() EventType { return TypeMessage }

// Type implements [Data].
func (StatusChanged) Type() EventType { return TypeStatusChanged }

// Type implements [Data].
func (Assigned) Type() EventType { return TypeAssigned }

// Type implements [Data].
func (PriorityChanged) Type() EventType { return TypePriorityChanged }

// Type implements [Data].
func (TagsChanged) Type() EventType { return TypeTagsChanged }

// Type implements [Data].
func (FieldsChanged) Type() EventType { return TypeFieldsChanged }

// Type implements [Data].
func (Merged) Type() EventType { return TypeMerged }

// Type implements [Data].
func (Linked) Type() EventType { return TypeLinked }

// Type implements [Data].
func (Rated) Type() EventType { return TypeRated }

// Type implements [Data].
func (WorkflowApplied) Type() EventType { return TypeWorkflowApplied }

// Type implements [Data].
func (HandlingLogged) Type() EventType { return TypeHandlingLogged }
