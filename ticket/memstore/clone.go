package memstore

import (
	"maps"
	"slices"

	"github.com/servicedesk-go/desk/ticket"
)

// cloneEvents returns a deep copy of events, nil for an empty slice.
func cloneEvents(events []ticket.Event) []ticket.Event {
	if len(events) == 0 {
		return nil
	}
	out := make([]ticket.Event, len(events))
	for i, e := range events {
		out[i] = cloneEvent(e)
	}
	return out
}

// cloneEvent returns a copy of e that shares no memory a caller could
// mutate: the slices and maps inside the payload are copied. Payloads are
// values ([ticket.CheckAppend] refuses pointers), so copying the rest of the
// event copies them.
func cloneEvent(e ticket.Event) ticket.Event {
	switch d := e.Data.(type) {
	case ticket.Created:
		d.Tags = slices.Clone(d.Tags)
		d.Fields = maps.Clone(d.Fields)
		e.Data = d
	case ticket.TagsChanged:
		d.Added = slices.Clone(d.Added)
		d.Removed = slices.Clone(d.Removed)
		e.Data = d
	case ticket.FieldsChanged:
		d.Changes = slices.Clone(d.Changes)
		e.Data = d
	}
	// Message, StatusChanged, Assigned, PriorityChanged, Merged, Linked,
	// Rated, WorkflowApplied, HandlingLogged, FollowUpSet, FollowUpCleared
	// and Snoozed hold no references.
	return e
}
