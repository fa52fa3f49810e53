package routing

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/servicedesk-go/desk/ticket"
)

// Impact is how widely an incident affects the business, on the ITIL scale
// where 1 is the highest. The default [Matrix] accepts 1..3.
type Impact int

// The ServiceNow impact values.
const (
	ImpactHigh   Impact = 1
	ImpactMedium Impact = 2
	ImpactLow    Impact = 3
)

// Urgency is how quickly an incident must be resolved, on the ITIL scale
// where 1 is the highest. The default [Matrix] accepts 1..3.
type Urgency int

// The ServiceNow urgency values.
const (
	UrgencyHigh   Urgency = 1
	UrgencyMedium Urgency = 2
	UrgencyLow    Urgency = 3
)

// ITILPriority is the priority an impact × urgency matrix yields, 1 being the
// most urgent. ServiceNow names the five default values 1 - Critical,
// 2 - High, 3 - Moderate, 4 - Low and 5 - Planning.
type ITILPriority int

// The ServiceNow priorities.
const (
	ITILCritical ITILPriority = 1
	ITILHigh     ITILPriority = 2
	ITILModerate ITILPriority = 3
	ITILLow      ITILPriority = 4
	ITILPlanning ITILPriority = 5
)

var itilNames = [...]string{1: "Critical", 2: "High", 3: "Moderate", 4: "Low", 5: "Planning"}

// String returns ServiceNow's label, such as "1 - Critical", or "priority N"
// for values outside 1..5.
func (p ITILPriority) String() string {
	if p >= 1 && int(p) < len(itilNames) {
		return fmt.Sprintf("%d - %s", int(p), itilNames[p])
	}
	return fmt.Sprintf("priority %d", int(p))
}

// Matrix maps impact × urgency to an [ITILPriority] and that to a
// [ticket.Priority]. The zero Matrix is ServiceNow's default 3 × 3 matrix
// (see [DefaultMatrix]).
type Matrix struct {
	// Cells[i-1][u-1] is the priority for impact i and urgency u. All rows
	// must have the same length. Nil means ServiceNow's default:
	//
	//	            urgency 1  2  3
	//	impact 1            1  2  3
	//	impact 2            2  3  4
	//	impact 3            3  4  5
	Cells [][]ITILPriority
	// Tickets maps each ITIL priority to a ticket priority. Nil means the
	// default 1 → urgent, 2 → high, 3 → normal, 4 and 5 → low: the ticket
	// model has four priorities, and Planning work is low-priority work.
	Tickets map[ITILPriority]ticket.Priority
}

// DefaultMatrix returns ServiceNow's default matrix with its cells and
// ticket mapping spelled out, ready to be edited.
func DefaultMatrix() Matrix {
	return Matrix{
		Cells: [][]ITILPriority{
			{1, 2, 3},
			{2, 3, 4},
			{3, 4, 5},
		},
		Tickets: map[ITILPriority]ticket.Priority{
			1: ticket.PriorityUrgent,
			2: ticket.PriorityHigh,
			3: ticket.PriorityNormal,
			4: ticket.PriorityLow,
			5: ticket.PriorityLow,
		},
	}
}

var defaultMatrix = DefaultMatrix()

func (m Matrix) cells() [][]ITILPriority {
	if m.Cells == nil {
		return defaultMatrix.Cells
	}
	return m.Cells
}

func (m Matrix) tickets() map[ITILPriority]ticket.Priority {
	if m.Tickets == nil {
		return defaultMatrix.Tickets
	}
	return m.Tickets
}

// Validate reports every problem in m, joined: an empty or ragged matrix,
// priorities below 1, priorities without a ticket priority, and ticket
// priorities that are not known.
func (m Matrix) Validate() error {
	var errs []error
	cells := m.cells()
	if len(cells) == 0 {
		errs = append(errs, configErr("Matrix.Cells", "must have at least one row"))
	}
	tickets := m.tickets()
	for i, row := range cells {
		switch {
		case len(row) == 0:
			errs = append(errs, configErr(fmt.Sprintf("Matrix.Cells[%d]", i), "must have at least one column"))
		case len(row) != len(cells[0]):
			errs = append(errs, configErr(fmt.Sprintf("Matrix.Cells[%d]", i), "must have %d columns, has %d", len(cells[0]), len(row)))
		}
		for u, p := range row {
			// Built only for a bad cell: a valid matrix allocates nothing.
			field := func() string { return fmt.Sprintf("Matrix.Cells[%d][%d]", i, u) }
			if p < 1 {
				errs = append(errs, configErr(field(), "must be at least 1, is %d", int(p)))
			} else if _, ok := tickets[p]; !ok {
				errs = append(errs, configErr(field(), "priority %d has no ticket priority in Matrix.Tickets", int(p)))
			}
		}
	}
	for _, tp := range tickets {
		if !tp.Valid() {
			// Report in key order; only a bad map pays for sorting.
			for _, p := range slices.Sorted(maps.Keys(tickets)) {
				if tp := tickets[p]; !tp.Valid() {
					errs = append(errs, configErr(fmt.Sprintf("Matrix.Tickets[%d]", int(p)), "is not a known ticket priority: %q", string(tp)))
				}
			}
			break
		}
	}
	return errors.Join(errs...)
}

// Priority returns the ITIL priority for impact and urgency, or a
// [RangeError] when either lies outside the matrix. An invalid matrix is an
// error joining [ConfigError]s (see [Matrix.Validate]).
func (m Matrix) Priority(impact Impact, urgency Urgency) (ITILPriority, error) {
	if m.Cells != nil || m.Tickets != nil {
		if err := m.Validate(); err != nil {
			return 0, err
		}
	}
	cells := m.cells()
	if impact < 1 || int(impact) > len(cells) {
		return 0, &RangeError{Kind: "impact", Value: int(impact), Min: 1, Max: len(cells)}
	}
	row := cells[impact-1]
	if urgency < 1 || int(urgency) > len(row) {
		return 0, &RangeError{Kind: "urgency", Value: int(urgency), Min: 1, Max: len(row)}
	}
	return row[urgency-1], nil
}

// TicketPriority returns the ticket priority for impact and urgency: the
// matrix cell mapped through Tickets. Errors are those of [Matrix.Priority].
func (m Matrix) TicketPriority(impact Impact, urgency Urgency) (ticket.Priority, error) {
	p, err := m.Priority(impact, urgency)
	if err != nil {
		return "", err
	}
	// Priority validated m, so every cell has a ticket priority.
	return m.tickets()[p], nil
}
