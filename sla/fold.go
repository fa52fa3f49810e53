package sla

import (
	"maps"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// fold applies one validated event to t, the ticket the policies' conditions
// are matched against. Slices and maps are copied before they change, so a
// Ticket value handed to a Condition.Func stays valid.
func fold(t *ticket.Ticket, e ticket.Event) {
	t.Version = e.Seq
	t.UpdatedAt = e.At
	switch d := e.Data.(type) {
	case ticket.Created:
		t.ID = e.TicketID
		t.CreatedAt = e.At
		t.Subject = d.Subject
		t.Channel = d.Channel
		t.Requester = d.Requester
		t.Priority = d.Priority
		t.Group = d.Group
		t.Tags = slices.Sorted(slices.Values(d.Tags))
		t.Category = d.Category
		t.Fields = d.Fields
		t.Status = d.Status
	case ticket.StatusChanged:
		t.Status = d.To
		if d.Reopen {
			t.Reopens++
		}
		if d.To.Category == ticket.StatusCategorySolved && d.From.Category != ticket.StatusCategorySolved {
			if t.FirstSolvedAt.IsZero() {
				t.FirstSolvedAt = e.At
			}
			t.SolvedAt = e.At
		}
		if d.To.Category.Active() {
			t.SolvedAt = time.Time{}
		}
	case ticket.Assigned:
		t.Assignee, t.Group = d.Agent, d.Group
	case ticket.PriorityChanged:
		t.Priority = d.To
	case ticket.TagsChanged:
		tags := make([]string, 0, len(t.Tags)+len(d.Added))
		for _, tag := range t.Tags {
			if !slices.Contains(d.Removed, tag) {
				tags = append(tags, tag)
			}
		}
		tags = append(tags, d.Added...)
		slices.Sort(tags)
		t.Tags = tags
	case ticket.FieldsChanged:
		fields := maps.Clone(t.Fields)
		for _, c := range d.Changes {
			switch {
			case c.Field == ticket.FieldCategory:
				t.Category = c.To
			case c.To == "":
				delete(fields, c.Field)
			default:
				if fields == nil {
					fields = map[string]string{}
				}
				fields[c.Field] = c.To
			}
		}
		t.Fields = fields
	case ticket.Merged:
		if d.Into != (ticket.ID{}) {
			t.MergedInto = d.Into
		} else {
			t.MergedFrom = append(slices.Clip(t.MergedFrom), d.From)
		}
	case ticket.Linked:
		t.FollowUpOf = d.FollowUpOf
	case ticket.Rated:
		t.Ratings = append(slices.Clip(t.Ratings), d)
	}
}
