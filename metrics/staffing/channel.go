package staffing

import (
	"fmt"
	"math"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/internal/wall"
)

// ChatResult is the staffing of a chat queue in which an agent holds up
// to Concurrency chats at once.
type ChatResult struct {
	Agents      int    // agents needed: ⌈Slots.Agents ÷ Concurrency⌉
	Concurrency int    // chats an agent holds at once
	Slots       Result // the Erlang C figures of the chat slots
}

// AgentsChat returns the agents a chat queue needs to meet the target
// when each agent holds up to concurrency chats at once.
//
// The approximation, documented because chat has no exact closed form: an
// agent is concurrency independent slots, and the queue is Erlang C
// (M/M/n) over slots, n = agents × concurrency, with the load's AHT the
// chat's elapsed duration at that concurrency (a chat lasts longer when
// the agent shares attention, and measured chat durations already show
// it). The slots needed are rounded up to whole agents. This is what the
// usual chat calculators do; it is optimistic when an agent with k chats
// is much slower per chat than the measured AHT says, so measure AHT at
// the concurrency you plan for.
func (l Load) AgentsChat(concurrency int, t Target) (ChatResult, error) {
	if concurrency < 1 || concurrency > 100 {
		return ChatResult{}, bad("concurrency", concurrency, "must lie in [1, 100]")
	}
	r, err := l.AgentsC(t)
	if err != nil {
		return ChatResult{}, err
	}
	return ChatResult{Agents: (r.Agents + concurrency - 1) / concurrency, Concurrency: concurrency, Slots: r}, nil
}

// Async describes an asynchronous channel such as email, web forms or
// social messages: no one waits on the line, but each contact must be
// handled within Window of business time of Hours after it arrives (the
// SLA's first-reply target).
type Async struct {
	AHT          time.Duration      // handling time per contact, > 0
	Window       time.Duration      // business time from arrival to the deadline, > 0
	Hours        *calendar.Calendar // the desk's business hours; nil means around the clock
	MaxOccupancy float64            // share of an agent's time spent on contacts, (0, 1]; 0 means 1
}

func (a Async) validate() error {
	switch {
	case a.AHT <= 0:
		return bad("async.aht", a.AHT, "must be positive")
	case a.Window <= 0:
		return bad("async.window", a.Window, "must be positive")
	case math.IsNaN(a.MaxOccupancy) || a.MaxOccupancy < 0 || a.MaxOccupancy > 1:
		return bad("async.max_occupancy", a.MaxOccupancy, "must lie in (0, 1], or be 0 for 1")
	}
	return nil
}

// Workload returns, per slot, the agents an asynchronous channel keeps
// busy (in agent-equivalents: agent-seconds of work ÷ open seconds of the
// slot), and the whole agents it needs at the maximum occupancy.
//
// The method is the workload method: the work of a slot's arrivals
// (arrivals × AHT) is spread evenly over the business time from the
// slot's start to its deadline, Window of business time later, and each
// slot needs the work that lands in its open time. A contact arriving at
// night is worked when the desk opens; a slot with no open time needs no
// agents. Work whose window runs past the last slot is not counted, and a
// backlog from before the first slot is not known to it: plan a day more
// on each side to see them. The slots must be in order and not overlap;
// their instants are read on their wall clocks, as a calendar reads them
// and a store keeps them (monotonic clock readings are ignored), and must
// lie within the years of Hours (an [*InputError] otherwise). A slot
// that needs more than 20 million agents (the bound of the queue
// searches), for a huge forecast or a tiny maximum occupancy, is an
// [*UnreachableError].
func (a Async) Workload(slots []Slot) (load []float64, agents []int, err error) {
	if err := a.validate(); err != nil {
		return nil, nil, err
	}
	if err := checkSlots(slots); err != nil {
		return nil, nil, err
	}
	if j := outsideYears(a.Hours, slots); j >= 0 {
		return nil, nil, bad(fmt.Sprintf("slots[%d]", j), slots[j].Start, "lies outside the calendar's years")
	}
	hours := a.Hours
	occ := a.MaxOccupancy
	if occ == 0 {
		occ = 1
	}
	elapsed := func(from, to time.Time) time.Duration {
		if hours == nil {
			return wall.Sub(to, from)
		}
		return hours.Elapsed(from, to)
	}
	// Business time from the first slot's start to each slot's start
	// and end: the windows are intervals on this axis, so the work
	// landing in a slot is a clamp, with no calendar walk.
	from, to := make([]float64, len(slots)), make([]float64, len(slots))
	for i, s := range slots {
		if i == 0 {
			from[i] = 0
		} else {
			from[i] = to[i-1] + elapsed(slots[i-1].End, s.Start).Seconds()
		}
		to[i] = from[i] + elapsed(s.Start, s.End).Seconds()
	}
	window := a.Window.Seconds()
	work := make([]float64, len(slots)) // agent-seconds landing in each slot
	for i, s := range slots {
		if s.Arrivals == 0 {
			continue
		}
		if hours != nil {
			if _, err := hours.AddChecked(s.Start, a.Window); err != nil {
				return nil, nil, bad("slots", s.Start, "the window runs beyond the calendar's years")
			}
		}
		density := s.Arrivals * a.AHT.Seconds() / window // agents busy per second of open time
		lo, hi := from[i], from[i]+window
		for j := i; j < len(slots) && from[j] < hi; j++ {
			if overlap := min(to[j], hi) - max(from[j], lo); overlap > 0 {
				work[j] += density * overlap
			}
		}
	}
	load = make([]float64, len(slots))
	agents = make([]int, len(slots))
	for i := range slots {
		if to[i] == from[i] {
			continue
		}
		load[i] = work[i] / (to[i] - from[i])
		need := math.Ceil(load[i]/occ - 1e-9)
		if !(need <= maxAgents) { // also +Inf, past float64's range
			return nil, nil, &UnreachableError{Traffic: load[i], Agents: maxAgents, Problem: fmt.Sprintf("the work landing in slots[%d] needs more than 20 million agents", i)}
		}
		agents[i] = int(need)
	}
	return load, agents, nil
}
