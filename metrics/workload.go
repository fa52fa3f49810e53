package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/shopspring/decimal"
)

// AHT sums handling time for average handling time: (talk + hold +
// after-call work) / handled, where handled counts the tickets with any of
// the three logged. Time logged as "other" is not handling time.
type AHT struct {
	Talk          time.Duration `json:"talk_ns"`
	Hold          time.Duration `json:"hold_ns"`
	AfterCallWork time.Duration `json:"after_call_work_ns"`
	Handled       int           `json:"handled"`
}

func (a *AHT) add(logged [numHandling]time.Duration) {
	if logged[0]+logged[1]+logged[2] == 0 {
		return
	}
	a.Talk += logged[0]
	a.Hold += logged[1]
	a.AfterCallWork += logged[2]
	a.Handled++
}

func (a *AHT) merge(o AHT) {
	a.Talk += o.Talk
	a.Hold += o.Hold
	a.AfterCallWork += o.AfterCallWork
	a.Handled += o.Handled
}

// Value returns the average handling time rounded half away from zero to
// the nanosecond; false when nothing was handled.
func (a AHT) Value() (time.Duration, bool) {
	total := decimal.NewFromInt(int64(a.Talk)).Add(decimal.NewFromInt(int64(a.Hold))).Add(decimal.NewFromInt(int64(a.AfterCallWork)))
	v, ok := divide(total, decimal.NewFromInt(int64(a.Handled)), 0, RoundHalfUp)
	return time.Duration(v.IntPart()), ok
}

// AgentLoad is one agent's workload: tickets touched (the agent authored at
// least one event or logged time), tickets assigned to the
// agent at some point, tickets the agent replied on (Zendesk's and a SQL
// report's "conversations per agent"), public replies sent, and handling
// time. The opening comment of a ticket an agent opened is no reply
// ([ticket.Opening]): an agent who only wrote it touched the ticket but did
// not reply on it.
type AgentLoad struct {
	Tickets  int `json:"tickets"`
	Assigned int `json:"assigned"`
	Replied  int `json:"replied"`
	Replies  int `json:"replies"`
	AHT      AHT `json:"aht"`
}

// AgentTime is the time one agent spent on a customer's tickets: logged
// handling time, and the time the agent was assigned while the tickets were
// active (a proxy where nothing was logged).
type AgentTime struct {
	Logged   time.Duration `json:"logged_ns"`
	Assigned time.Duration `json:"assigned_ns"`
}

// CustomerLoad is one customer's tickets and the time agents spent on them.
type CustomerLoad struct {
	Tickets int                   `json:"tickets"`
	Agents  map[string]*AgentTime `json:"agents"`
}

// AgentSpent is one agent's time on a customer, as ranked by
// [CustomerLoad.TopAgents].
type AgentSpent struct {
	Agent string
	Time  time.Duration
	Proxy bool // true: no handling time was logged; Time is assignment time
}

// TopAgents returns the agents who spent most time on the customer, most
// first: logged handling time where the agent logged any, else assignment
// time labelled as a proxy. Ties go by agent ID.
func (c *CustomerLoad) TopAgents() []AgentSpent {
	out := make([]AgentSpent, 0, len(c.Agents))
	for a, t := range c.Agents {
		s := AgentSpent{Agent: a, Time: t.Logged}
		if t.Logged == 0 {
			s.Time, s.Proxy = t.Assigned, true
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b AgentSpent) int {
		if c := cmp.Compare(b.Time, a.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Agent, b.Agent)
	})
	return out
}

// WorkflowUse counts how often one macro, saved reply, automation or
// trigger was applied, and on how many tickets.
type WorkflowUse struct {
	Kind    ticket.WorkflowKind `json:"kind"`
	ID      string              `json:"id"`
	Name    string              `json:"name,omitempty"` // the least of the names it was applied under, so any split agrees
	Uses    int                 `json:"uses"`
	Tickets int                 `json:"tickets"`
}

// Workload is who did the work: per agent, per channel, per workflow and
// (when the report's Customers is set) per customer, over the tickets the
// report keeps whose own attribution instant (creation, or the last solve
// under [ByResolved]) is in its range.
type Workload struct {
	Agents    map[string]*AgentLoad    `json:"agents"`
	Channels  map[ticket.Channel]*AHT  `json:"channels"`
	Workflows map[string]*WorkflowUse  `json:"workflows"` // by kind + ":" + ID
	Customers map[string]*CustomerLoad `json:"customers,omitempty"`
	customers bool
}

func newWorkload(customers bool) *Workload {
	w := &Workload{Agents: map[string]*AgentLoad{}, Channels: map[ticket.Channel]*AHT{}, Workflows: map[string]*WorkflowUse{}, customers: customers}
	if customers {
		w.Customers = map[string]*CustomerLoad{}
	}
	return w
}

func getOrNew[K comparable, V any](m map[K]*V, k K) *V {
	v := m[k]
	if v == nil {
		v = new(V)
		m[k] = v
	}
	return v
}

func (w *Workload) add(f *Facts) {
	for i := range f.Agents {
		s := &f.Agents[i]
		if !s.Touched && !s.AssignedTo && s.Replies == 0 && s.LoggedTotal() == 0 {
			continue
		}
		a := getOrNew(w.Agents, s.Agent)
		if s.Touched || s.Replies > 0 || s.LoggedTotal() > 0 {
			a.Tickets++
		}
		if s.AssignedTo {
			a.Assigned++
		}
		if s.Replies > 0 {
			a.Replied++
		}
		a.Replies += s.Replies
		a.AHT.add(s.Logged)
	}
	getOrNew(w.Channels, f.Channel).add(f.Handling)
	var buf [64]byte
	for i, u := range f.Workflows {
		k := append(append(append(buf[:0], u.Kind...), ':'), u.ID...)
		use := w.Workflows[string(k)] // no allocation for the lookup
		if use == nil {
			use = &WorkflowUse{Kind: u.Kind, ID: u.ID}
			w.Workflows[string(k)] = use
		}
		use.Uses++
		if use.Name == "" || u.Name != "" && u.Name < use.Name {
			use.Name = u.Name
		}
		if !slices.ContainsFunc(f.Workflows[:i], func(p ticket.WorkflowApplied) bool { return p.Kind == u.Kind && p.ID == u.ID }) {
			use.Tickets++
		}
	}
	if !w.customers {
		return
	}
	c := getOrNew(w.Customers, f.Customer)
	c.Tickets++
	for i := range f.Agents {
		s := &f.Agents[i]
		if s.LoggedTotal() == 0 && s.Assigned == 0 {
			continue
		}
		if c.Agents == nil {
			c.Agents = map[string]*AgentTime{}
		}
		t := getOrNew(c.Agents, s.Agent)
		t.Logged += s.LoggedTotal()
		t.Assigned += s.Assigned
	}
}

func (w *Workload) merge(o *Workload) {
	for k, a := range o.Agents {
		m := getOrNew(w.Agents, k)
		m.Tickets += a.Tickets
		m.Assigned += a.Assigned
		m.Replied += a.Replied
		m.Replies += a.Replies
		m.AHT.merge(a.AHT)
	}
	for k, a := range o.Channels {
		getOrNew(w.Channels, k).merge(*a)
	}
	for k, u := range o.Workflows {
		m := w.Workflows[k]
		if m == nil {
			m = &WorkflowUse{Kind: u.Kind, ID: u.ID}
			w.Workflows[k] = m
		}
		m.Uses += u.Uses
		m.Tickets += u.Tickets
		if m.Name == "" || u.Name != "" && u.Name < m.Name {
			m.Name = u.Name // a stable choice whatever the merge order
		}
	}
	for k, c := range o.Customers {
		m := getOrNew(w.Customers, k)
		m.Tickets += c.Tickets
		for a, t := range c.Agents {
			if m.Agents == nil {
				m.Agents = map[string]*AgentTime{}
			}
			mt := getOrNew(m.Agents, a)
			mt.Logged += t.Logged
			mt.Assigned += t.Assigned
		}
	}
}

// MostUsed returns the workflows by uses, most first (ties by kind and ID),
// at most n of them (n ≤ 0: all).
func (w *Workload) MostUsed(n int) []WorkflowUse {
	out := make([]WorkflowUse, 0, len(w.Workflows))
	for _, u := range w.Workflows {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b WorkflowUse) int {
		if c := cmp.Compare(b.Uses, a.Uses); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
