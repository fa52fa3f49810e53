package routing_test

import (
	"testing"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatrixDefault(t *testing.T) {
	tests := []struct {
		impact  routing.Impact
		urgency routing.Urgency
		want    routing.ITILPriority
		ticket  ticket.Priority
	}{
		{1, 1, routing.ITILCritical, ticket.PriorityUrgent},
		{1, 2, routing.ITILHigh, ticket.PriorityHigh},
		{2, 1, routing.ITILHigh, ticket.PriorityHigh},
		{1, 3, routing.ITILModerate, ticket.PriorityNormal},
		{2, 2, routing.ITILModerate, ticket.PriorityNormal},
		{3, 1, routing.ITILModerate, ticket.PriorityNormal},
		{2, 3, routing.ITILLow, ticket.PriorityLow},
		{3, 2, routing.ITILLow, ticket.PriorityLow},
		{3, 3, routing.ITILPlanning, ticket.PriorityLow},
	}
	for _, m := range []routing.Matrix{{}, routing.DefaultMatrix()} {
		require.NoError(t, m.Validate())
		for _, tt := range tests {
			t.Run(tt.want.String(), func(t *testing.T) {
				got, err := m.Priority(tt.impact, tt.urgency)
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				tp, err := m.TicketPriority(tt.impact, tt.urgency)
				require.NoError(t, err)
				assert.Equal(t, tt.ticket, tp)
			})
		}
	}
}

func TestMatrixCustom(t *testing.T) {
	// GLPI-style: a 2 × 2 matrix where everything high is critical.
	m := routing.Matrix{
		Cells:   [][]routing.ITILPriority{{1, 1}, {1, 3}},
		Tickets: map[routing.ITILPriority]ticket.Priority{1: ticket.PriorityUrgent, 3: ticket.PriorityNormal},
	}
	require.NoError(t, m.Validate())
	got, err := m.TicketPriority(2, 2)
	require.NoError(t, err)
	assert.Equal(t, ticket.PriorityNormal, got)
	_, err = m.Priority(3, 1)
	assert.ErrorIs(t, err, routing.ErrOutOfRange)
}

func TestMatrixErrors(t *testing.T) {
	tests := []struct {
		name    string
		impact  routing.Impact
		urgency routing.Urgency
		kind    string
	}{
		{"impact zero", 0, 1, "impact"},
		{"impact four", 4, 1, "impact"},
		{"urgency zero", 1, 0, "urgency"},
		{"urgency four", 2, 4, "urgency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := routing.Matrix{}.Priority(tt.impact, tt.urgency)
			require.ErrorIs(t, err, routing.ErrOutOfRange)
			var re *routing.RangeError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.kind, re.Kind)
			assert.Equal(t, 3, re.Max)
		})
	}
}

func TestMatrixValidate(t *testing.T) {
	tests := []struct {
		name   string
		matrix routing.Matrix
		fields []string
	}{
		{"empty cells", routing.Matrix{Cells: [][]routing.ITILPriority{}}, []string{"Matrix.Cells"}},
		{"ragged", routing.Matrix{Cells: [][]routing.ITILPriority{{1, 2}, {2}}}, []string{"Matrix.Cells[1]"}},
		{"zero cell and unmapped", routing.Matrix{Cells: [][]routing.ITILPriority{{0, 9}}}, []string{"Matrix.Cells[0][0]", "Matrix.Cells[0][1]"}},
		{"unknown ticket priority", routing.Matrix{Tickets: map[routing.ITILPriority]ticket.Priority{
			1: "blocker", 2: ticket.PriorityHigh, 3: ticket.PriorityNormal, 4: ticket.PriorityLow, 5: ticket.PriorityLow,
		}}, []string{"Matrix.Tickets[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.matrix.Validate()
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			assert.ElementsMatch(t, tt.fields, configFields(err))
		})
	}
}

func TestITILPriorityString(t *testing.T) {
	assert.Equal(t, "1 - Critical", routing.ITILCritical.String())
	assert.Equal(t, "5 - Planning", routing.ITILPlanning.String())
	assert.Equal(t, "priority 7", routing.ITILPriority(7).String())
}

// configFields lists the Field of every ConfigError joined in err.
func configFields(err error) []string {
	var out []string
	for _, ce := range joinedErrors[*routing.ConfigError](err) {
		out = append(out, ce.Field)
	}
	return out
}

// joinedErrors lists, in order, the errors of type E in err and in the
// errors it joins.
func joinedErrors[E error](err error) []E {
	var out []E
	var walk func(error)
	walk = func(e error) {
		if x, ok := e.(E); ok {
			out = append(out, x)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

func TestMatrixInvalidIsAnError(t *testing.T) {
	m := routing.Matrix{Cells: [][]routing.ITILPriority{{0, 1}, {}}}
	_, err := m.Priority(1, 1)
	require.ErrorIs(t, err, routing.ErrInvalidConfig)
	assert.Equal(t, []string{"Matrix.Cells[0][0]", "Matrix.Cells[1]"}, configFields(err))
	_, err = m.TicketPriority(1, 2)
	assert.ErrorIs(t, err, routing.ErrInvalidConfig)

	bad := routing.Matrix{Tickets: map[routing.ITILPriority]ticket.Priority{5: "e", 4: "d", 3: "c", 2: "b", 1: "a"}}
	want := []string{"Matrix.Tickets[1]", "Matrix.Tickets[2]", "Matrix.Tickets[3]", "Matrix.Tickets[4]", "Matrix.Tickets[5]"}
	for range 20 {
		assert.Equal(t, want, configFields(bad.Validate()), "fixed order")
	}
}
