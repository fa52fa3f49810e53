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
// mutate: the slices and maps inside the payload are copied, and a payload
// held by pointer is copied into a new pointer.
func cloneEvent(e ticket.Event) ticket.Event {
	e.Data = cloneData(e.Data)
	return e
}

func cloneData(d ticket.Data) ticket.Data {
	switch d := d.(type) {
	case ticket.Created:
		return cloneCreated(d)
	case ticket.TagsChanged:
		return cloneTagsChanged(d)
	case ticket.FieldsChanged:
		return cloneFieldsChanged(d)
	case *ticket.Created:
		return clonePtr(d, cloneCreated)
	case *ticket.TagsChanged:
		return clonePtr(d, cloneTagsChanged)
	case *ticket.FieldsChanged:
		return clonePtr(d, cloneFieldsChanged)
	case *ticket.Message:
		return clonePtr(d, same)
	case *ticket.StatusChanged:
		return clonePtr(d, same)
	case *ticket.Assigned:
		return clonePtr(d, same)
	case *ticket.PriorityChanged:
		return clonePtr(d, same)
	case *ticket.Merged:
		return clonePtr(d, same)
	case *ticket.Linked:
		return clonePtr(d, same)
	case *ticket.Rated:
		return clonePtr(d, same)
	case *ticket.WorkflowApplied:
		return clonePtr(d, same)
	case *ticket.HandlingLogged:
		return clonePtr(d, same)
	default:
		// Message, StatusChanged, Assigned, PriorityChanged, Merged, Linked,
		// Rated, WorkflowApplied and HandlingLogged hold no references.
		return d
	}
}

func cloneCreated(c ticket.Created) ticket.Created {
	c.Tags = slices.Clone(c.Tags)
	c.Fields = maps.Clone(c.Fields)
	return c
}

func cloneTagsChanged(t ticket.TagsChanged) ticket.TagsChanged {
	t.Added = slices.Clone(t.Added)
	t.Removed = slices.Clone(t.Removed)
	return t
}

func cloneFieldsChanged(f ticket.FieldsChanged) ticket.FieldsChanged {
	f.Changes = slices.Clone(f.Changes)
	return f
}

func same[T any](v T) T { return v }

// clonePtr copies the value p points to with clone into a new pointer. A nil
// pointer stays nil (with its type).
func clonePtr[T any](p *T, clone func(T) T) *T {
	if p == nil {
		return nil
	}
	v := clone(*p)
	return &v
}
