package routing

import (
	"errors"
	"slices"
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
	// work have their own Load maps; all other fields are shared with the
	// input agents, which are left untouched.
	Agents []Agent
}

// Assign routes a whole queue in one pass at now: items in queue order
// ([Policy.Order]), each to the best eligible agent as [Policy.Decide] would
// choose it, with loads updated as it goes, so no agent ever exceeds its
// capacity. Each assignment is recorded as [Decision.Apply] records it
// (LastAssigned now and the next [Agent.Turn]), so the batch gives exactly
// the assignments of Decide then Apply item by item, and round robin
// rotates through equally eligible agents: no agent gets a second item
// while another eligible agent has had none. Assign builds no per-candidate explanation; call Decide for one.
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
	if err := ValidateAgents(agents); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return Batch{}, errors.Join(errs...)
	}
	s := p.Strategy.orDefault()
	ranked := p.Scoring.Order(items, now)
	out := slices.Clone(agents)
	owned := make([]bool, len(out)) // Load map already cloned
	open := make([]int, len(out))
	turn := NextTurn(out)
	for i := range out {
		n, _ := openLoad(&out[i]) // loads are not negative: checked above
		open[i] = int(n)
	}
	b := Batch{Agents: out}
	for ri := range ranked {
		r := &ranked[ri]
		e := p.evaluator(&r.Item, now)
		var t tally
		pod := newPodium(s)
		for i := range out {
			a := &out[i]
			v := e.eval(a)
			t.add(&v, a.Presence)
			if v.rule != vEligible {
				continue
			}
			c := rankedCandidate(a, &v, now, open[i])
			pod.add(i, &c) // no two agents share an ID: checked above
		}
		bi := pod.best
		if bi < 0 {
			b.Waiting = append(b.Waiting, Waiting{Item: r.Item.Ticket, Position: r.Position, Score: r.Score, Rung: e.rung, Reason: t.String()})
			continue
		}
		if !owned[bi] {
			out[bi].Load = ownLoad(out[bi].Load)
			owned[bi] = true
		}
		out[bi].Load[r.Item.Channel]++
		out[bi].LastAssigned = now
		out[bi].Turn = turn
		turn++
		open[bi]++
		b.Assignments = append(b.Assignments, Assignment{
			Item: r.Item.Ticket, Agent: out[bi].ID, Position: r.Position,
			Score: r.Score, Rung: e.rung, DecidedBy: pod.decidedBy(),
		})
	}
	return b, nil
}
