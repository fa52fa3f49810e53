package routing

import (
	"errors"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Assignment is one item given to one agent by [Policy.Assign].
type Assignment struct {
	Item     ticket.ID
	Agent    string
	Position int   // 1-based place in queue order
	Score    Score // the item's queue score
	Rung     int   // relaxation rung that applied
	// DecidedBy is what put Agent ahead of the runner-up at that moment.
	DecidedBy Criterion
}

// Waiting is an item [Policy.Assign] left in the queue, with the reason.
type Waiting struct {
	Item     ticket.ID
	Position int
	Score    Score
	Rung     int
	// Reason counts the agents by outcome at the item's turn: "500 agents:
	// 320 offline, 180 at capacity".
	Reason string
}

// Batch is the result of assigning a whole queue: who got what, what is left
// waiting, and the agents' new state.
type Batch struct {
	Assignments []Assignment // in queue order
	Waiting     []Waiting    // in queue order
	// Agents are the agents after the pass, in input order. Agents that got
	// work have their own maps; all other fields are shared with the input
	// agents, which are left untouched.
	Agents []Agent
}

// Assign routes a whole queue in one pass at now: items in queue order
// ([Policy.Order]), each to the best eligible agent as [Policy.Decide] would
// choose it, with loads updated as it goes, so no agent ever exceeds its
// capacity. Each assignment is recorded as [Decision.Apply] records it
// (LastAssigned now and the next [Agent.Turn]), so the batch gives exactly
// the assignments of Decide then Apply item by item, and round robin
// rotates through equally eligible agents: no agent gets a second item
// while another eligible agent has had none. Assign compiles the agents
// into a [Roster] once and builds no per-candidate explanation; call
// Decide for one.
//
// Assign returns an error, and no batch, for an invalid policy
// ([ErrInvalidConfig]) or for any problem in the items or the agents
// ([ErrInvalidInput], see [Item.Validate] and [ValidateAgents]), all of
// them joined.
func (p Policy) Assign(items []Item, agents []Agent, now time.Time) (Batch, error) {
	var errs []error
	if err := p.Validate(); err != nil {
		errs = append(errs, err)
	}
	for i := range items {
		errs = items[i].problems(i, errs)
	}
	r, err := NewRoster(agents)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return Batch{}, errors.Join(errs...)
	}
	var b Batch
	e := new(evaluator)
	for _, rk := range p.Scoring.Order(items, now) {
		p.reset(e, &rk.Item, now, r)
		var t tally
		pod := e.choose(&t)
		if pod.n == 0 {
			b.Waiting = append(b.Waiting, Waiting{Item: rk.Item.Ticket, Position: rk.Position, Score: rk.Score, Rung: e.rung, Reason: t.String()})
			continue
		}
		by := CriterionOnlyCandidate
		if pod.n > 1 {
			_, by = e.compare(&pod.best, &pod.second)
		}
		// r is this pass's own roster, so it changes in place.
		r.record(pod.best.i, e.ch, now, false, p.Throttle, false)
		b.Assignments = append(b.Assignments, Assignment{
			Item: rk.Item.Ticket, Agent: r.st.id(pod.best.i), Position: rk.Position,
			Score: rk.Score, Rung: e.rung, DecidedBy: by,
		})
	}
	b.Agents = r.Agents()
	return b, nil
}
