package routing

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Policy is how one queue routes: which presences receive work, how agents
// are ranked, how requirements relax with waiting, and how items are
// ordered. The zero Policy routes to online agents only, least loaded
// first, with no relaxation and the default [Scoring].
type Policy struct {
	// Strategy ranks eligible agents; "" means [LeastLoaded].
	Strategy Strategy
	// Presences is the allow-list of presences that receive work; empty
	// means online only. Away and offline agents stay out unless listed
	// (idle or away agents kept in the pool is a common complaint).
	Presences []Presence
	// Ladder relaxes requirements as items wait.
	Ladder Ladder
	// Scoring orders the queue for [Policy.Order] and [Policy.Assign].
	Scoring Scoring
}

// Validate reports every problem in p, its ladder and its scoring, joined.
func (p Policy) Validate() error {
	var errs []error
	if p.Strategy != "" && !p.Strategy.Valid() {
		errs = append(errs, configErr("Policy.Strategy", "is not a known strategy: %q", string(p.Strategy)))
	}
	for i, pr := range p.Presences {
		if !pr.Valid() {
			errs = append(errs, configErr(fmt.Sprintf("Policy.Presences[%d]", i), "is not a known presence: %q", string(pr)))
		}
	}
	if err := p.Ladder.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := p.Scoring.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Order returns items in queue order at now; see [Scoring.Order].
func (p Policy) Order(items []Item, now time.Time) []Ranked { return p.Scoring.Order(items, now) }

// evaluator checks agents against one item at one rung.
type evaluator struct {
	item    *Item
	allowed [3]bool // online, away, offline
	rung    int
	relax   relaxation
	lang    langTag // the item's language
}

func (p Policy) evaluator(it *Item, now time.Time) evaluator {
	e := evaluator{item: it}
	if len(p.Presences) == 0 {
		e.allowed[0] = true
	}
	for _, pr := range p.Presences {
		if i := presenceIndex(pr); i >= 0 {
			e.allowed[i] = true
		}
	}
	e.rung = p.Ladder.Rung(it.Age(now))
	e.relax = p.Ladder.relaxation(e.rung)
	e.lang, _ = parseTag(it.Language) // checked by Item.Validate
	return e
}

func presenceIndex(p Presence) int {
	switch p {
	case PresenceOnline:
		return 0
	case PresenceAway:
		return 1
	case PresenceOffline:
		return 2
	}
	return -1
}

// The verdict.rule values, 1 + the index of the rule in rules.
const (
	vEligible uint8 = iota
	vPresence
	vExcluded
	vGroup
	vCapacity
	vSkills
	vLanguage
	vRegion
)

// eval checks agent a against the item. It writes nothing but the returned
// pointer-free verdict, so rejecting an agent costs no allocation and no
// write barrier. It does not fill open. It also checks the parts of the
// agent it reads, and marks the verdict invalid when one of them is (an
// empty ID, an unknown presence, a negative capacity, load or skill level).
func (e *evaluator) eval(a *Agent) verdict {
	it := e.item
	pi := presenceIndex(a.Presence)
	if a.ID == "" || (pi < 0 && a.Presence != "") {
		return verdict{invalid: true}
	}
	if pi < 0 || !e.allowed[pi] {
		return verdict{rule: vPresence}
	}
	if len(it.Excluded) > 0 && slices.Contains(it.Excluded, a.ID) {
		return verdict{rule: vExcluded}
	}
	if it.Group != "" && !slices.Contains(a.Groups, it.Group) {
		return verdict{rule: vGroup}
	}
	capacity, load := a.Capacity[it.Channel], a.Load[it.Channel]
	if capacity < 0 || load < 0 {
		return verdict{invalid: true}
	}
	v := verdict{capacity: clamp32(capacity), load: clamp32(load)}
	if v.capacity <= 0 || v.load >= v.capacity {
		v.rule = vCapacity
		return v
	}
	var match int64
	for i, s := range it.Skills {
		have := a.Skills[s.Name]
		if have < 0 {
			return verdict{invalid: true}
		}
		match += int64(clamp32(have))
		if v.rule != vEligible || e.relax.anySkill || slices.Contains(e.relax.drop, s.Name) {
			continue
		}
		if want := s.Level - e.relax.lower; want > 0 && have < want {
			v.rule, v.skill, v.have, v.want = vSkills, int32(i), clamp32(have), clamp32(want)
		}
	}
	v.skillMatch = clamp32(match)
	if v.rule != vEligible {
		return v
	}
	if it.Language != "" && !e.relax.anyLanguage {
		speaks, ok := e.speaks(a.Languages)
		if !ok {
			return verdict{invalid: true}
		}
		if !speaks {
			v.rule = vLanguage
			return v
		}
	}
	if it.Region != "" && !e.relax.anyRegion && !slices.Contains(a.Regions, it.Region) {
		v.rule = vRegion
	}
	return v
}

// clamp32 saturates n to the int32 range the verdicts store: a capacity or
// level above 2,147,483,647 counts as that.
func clamp32[N int | int64](n N) int32 {
	return int32(min(max(int64(n), math.MinInt32), math.MaxInt32))
}

// openLoad returns the agent's total load, saturating, and false when a
// load is negative.
func openLoad(a *Agent) (int32, bool) {
	var n int64
	for _, l := range a.Load {
		if l < 0 {
			return 0, false
		}
		n += int64(clamp32(l))
	}
	return clamp32(n), true
}

// lastAssigned is the instant and turn the tie-break ranks by: an agent
// last assigned after now (clocks that disagree) counts as assigned at now
// with no turn, so it ranks before agents given work at now.
func lastAssigned(a *Agent, now time.Time) (time.Time, uint64) {
	if a.LastAssigned.After(now) {
		return now, 0
	}
	return a.LastAssigned, a.Turn
}

// rankedCandidate returns the candidate facts that strategies compare, for an
// eligible agent.
func rankedCandidate(a *Agent, v *verdict, now time.Time, open int) Candidate {
	at, turn := lastAssigned(a, now)
	return Candidate{
		Agent: a.ID, LastAssigned: at, Turn: turn,
		Load: int(v.load), Capacity: int(v.capacity), SkillMatch: int(v.skillMatch),
		Open: open,
	}
}

// speaks reports whether one of langs serves the item's language under
// the BCP 47 rules in language.go ("en-GB" serves "en" and "en" serves
// "en-GB"), and false for ok when it meets a tag that is not well formed.
func (e *evaluator) speaks(langs []string) (speaks, ok bool) {
	for _, l := range langs {
		t, ok := parseTag(l)
		if !ok {
			return false, false
		}
		if t.serves(e.lang) {
			return true, true
		}
	}
	return false, true
}

// Decision is who should take an item and why: every candidate with the
// rule that rejected it or the facts that ranked it, the rung of the
// relaxation ladder that applied, and the criterion that separated the
// chosen agent from the runner-up. "No one eligible" is a normal Decision
// with Chosen == -1, explained by [Decision.Summary].
type Decision struct {
	Item     ticket.ID
	Channel  ticket.Channel
	Strategy Strategy // the strategy used (never "")
	// Rung is the relaxation rung that applied (0 = as required) and
	// RungName names it: "step 2: any language, after 2m0s".
	Rung     int
	RungName string
	// Chosen indexes the candidates (and the input agents); -1 when no
	// agent is eligible.
	Chosen int
	// Agent is the chosen agent's ID, "" when none.
	Agent string
	// DecidedBy is what put the chosen agent ahead of RunnerUp, the
	// second-ranked eligible agent ("" when there is none).
	DecidedBy Criterion
	RunnerUp  string

	item     Item
	policy   Policy
	agents   []Agent
	now      time.Time
	verdicts []verdict
}

// Decide chooses an agent for it among agents at now. It reads the item's
// age for the ladder and never modifies its inputs; apply the result with
// [Decision.Apply]. The decision refers to agents (and the item's Skills)
// to explain itself (see [Decision.Candidates]), so do not modify them while
// it is in use.
//
// Decide returns an error for an invalid policy ([ErrInvalidConfig]), an
// invalid item (see [Item.Validate]) and for the problems of an agent that
// it reads ([ErrInvalidInput]): an empty ID, an unknown presence, a
// negative capacity, load or skill level, a language tag that is not well
// formed, and an ID that the chosen agent or the runner-up shares with any
// other agent. On error the Decision assigns no one. It does not look at
// every field of every agent, which would cost more than the decision;
// check a roster once with [ValidateAgents].
func (p Policy) Decide(it Item, agents []Agent, now time.Time) (Decision, error) {
	failed := Decision{Chosen: -1} // what an error returns: nobody assigned
	if err := p.Validate(); err != nil {
		return failed, err
	}
	if errs := it.problems(-1, nil); len(errs) > 0 {
		return failed, errors.Join(errs...)
	}
	s := p.Strategy.orDefault()
	d := Decision{
		Item:     it.Ticket,
		Channel:  it.Channel,
		Strategy: s,
		Chosen:   -1,
		item:     it,
		policy:   p,
		agents:   agents,
		now:      now,
		verdicts: make([]verdict, len(agents)),
	}
	e := p.evaluator(&it, now)
	d.Rung, d.RungName = e.rung, p.Ladder.RungName(e.rung)
	pod := newPodium(s)
	var errs []error
	for i := range agents {
		a := &agents[i]
		v := e.eval(a)
		if v.rule == vEligible && !v.invalid {
			var ok bool
			v.open, ok = openLoad(a)
			v.invalid = !ok
		}
		if v.invalid {
			errs = a.problems(i, errs)
			continue
		}
		d.verdicts[i] = v
		if v.rule != vEligible {
			continue
		}
		c := rankedCandidate(a, &v, now, int(v.open))
		pod.add(i, &c)
	}
	// The chosen agent and the runner-up must be the only agents with
	// their IDs, whatever the other agents' state: the ID names the agent
	// in the decision and Apply finds the agent by it.
	for _, k := range [2]int{pod.best, pod.second} {
		if k < 0 {
			continue
		}
		id := agents[k].ID
		for i := range agents {
			if i != k && agents[i].ID == id {
				first, dup := min(i, k), max(i, k)
				errs = append(errs, duplicateID(id, dup, first))
				break
			}
		}
	}
	if len(errs) > 0 {
		return failed, errors.Join(errs...)
	}
	if pod.best < 0 {
		return d, nil
	}
	d.Chosen, d.Agent = pod.best, pod.bc.Agent
	d.DecidedBy = pod.decidedBy()
	if pod.second >= 0 {
		d.RunnerUp = pod.sc.Agent
	}
	return d, nil
}

// duplicateID reports that agents[i] has the ID of agents[first].
func duplicateID(id string, i, first int) error {
	return &InputError{Kind: "agent", Index: i, ID: id, Field: "ID", Problem: fmt.Sprintf("is already used by agents[%d]", first)}
}

// podium keeps the two best eligible candidates seen so far under one
// strategy; [Policy.Decide] and [Policy.Assign] both choose with it.
type podium struct {
	s            Strategy
	best, second int // input indexes; -1 when none
	bc, sc       Candidate
}

func newPodium(s Strategy) podium { return podium{s: s, best: -1, second: -1} }

// add ranks c, the candidate at input index i. It returns the index of a
// placed candidate that compares equal to c, which only one with the same
// agent ID does, or -1.
func (p *podium) add(i int, c *Candidate) int {
	if p.best < 0 {
		p.best, p.bc = i, *c
		return -1
	}
	cb, _ := p.s.compare(c, &p.bc)
	switch {
	case cb == 0:
		return p.best
	case cb < 0:
		p.second, p.sc = p.best, p.bc
		p.best, p.bc = i, *c
	case p.second < 0:
		p.second, p.sc = i, *c
	default:
		cs, _ := p.s.compare(c, &p.sc)
		if cs == 0 {
			return p.second
		}
		if cs < 0 {
			p.second, p.sc = i, *c
		}
	}
	return -1
}

// decidedBy returns what put the best candidate ahead of the second, or
// [CriterionOnlyCandidate] when there is no second.
func (p *podium) decidedBy() Criterion {
	if p.second < 0 {
		return CriterionOnlyCandidate
	}
	_, by := p.s.compare(&p.bc, &p.sc)
	return by
}

// Assigned reports whether an agent was chosen. The zero Decision, and the
// one a failed Decide returns, have none.
func (d Decision) Assigned() bool { return d.Chosen >= 0 && d.Agent != "" }

// Len returns the number of candidates: one per input agent.
func (d Decision) Len() int { return len(d.verdicts) }

// Candidate returns candidate i (0 ≤ i < [Decision.Len]), the agent at
// index i of the input, as the decision saw it.
func (d Decision) Candidate(i int) Candidate {
	return d.candidate(&d.agents[i], &d.verdicts[i])
}

// explain returns why verdict v rejects agent a, for an error.
func (d Decision) explain(a *Agent, v *verdict) string {
	if v.invalid {
		return "is invalid input"
	}
	return "is no longer eligible: " + d.candidate(a, v).Reason()
}

func (d Decision) candidate(a *Agent, vp *verdict) Candidate {
	v := *vp
	at, turn := lastAssigned(a, d.now)
	c := Candidate{
		Agent: a.ID, Rule: v.ruleName(), Presence: a.Presence, Channel: d.Channel,
		Load: int(v.load), Capacity: int(v.capacity), Open: int(v.open),
		LastAssigned: at, Turn: turn, SkillMatch: int(v.skillMatch),
		Have: int(v.have), Want: int(v.want),
	}
	switch c.Rule {
	case RuleGroup:
		c.Need = d.item.Group
	case RuleSkills:
		c.Need = d.item.Skills[v.skill].Name
	case RuleLanguage:
		c.Need = d.item.Language
	case RuleRegion:
		c.Need = d.item.Region
	}
	return c
}

// Candidates returns every candidate, one per input agent in input order,
// each with the rule that rejected it or the facts that ranked it. It builds
// them on demand; [Decision.Candidate] returns one.
func (d Decision) Candidates() []Candidate {
	out := make([]Candidate, len(d.verdicts))
	for i := range out {
		out[i] = d.Candidate(i)
	}
	return out
}

// Summary counts the candidates by outcome, eligible first, then each
// rejection: "3 agents: 2 offline, 1 at capacity".
func (d Decision) Summary() string {
	var t tally
	for i := range d.verdicts {
		t.add(&d.verdicts[i], d.agents[i].Presence)
	}
	return t.String()
}

// String explains the decision in one line: "assign to a7 (least_loaded,
// step 0: as required; won on spare capacity over a3; 20 agents: …)" or
// "no agent (step 1: any language, after 2m0s; 3 agents: 2 offline, 1 at
// capacity)". The zero Decision (and the one a failed Decide returns)
// reads "no decision".
func (d Decision) String() string {
	if d.Strategy == "" {
		return "no decision"
	}
	if !d.Assigned() {
		return fmt.Sprintf("no agent (%s; %s)", d.RungName, d.Summary())
	}
	why := "only eligible agent"
	if d.RunnerUp != "" {
		kind := "on"
		if d.DecidedBy.TieBreak() {
			kind = "tie-break"
		}
		why = fmt.Sprintf("won %s %s over %s", kind, d.DecidedBy.Label(), d.RunnerUp)
	}
	return fmt.Sprintf("assign to %s (%s, %s; %s; %s)", d.Agent, d.Strategy, d.RungName, why, d.Summary())
}

// Apply returns the agents after the decision: a copy of agents in which
// the chosen agent holds one more item on the decision's channel, was last
// assigned at now and has the next turn ([NextTurn]), exactly as
// [Policy.Assign] records it. Only that agent's Load map is new; the other
// fields share their maps and slices with agents, which is left untouched.
// With no agent chosen Apply returns a plain copy.
//
// Apply checks the chosen agent again, in agents as given, against the
// decision's item and rung: a decision made on a roster that has changed
// since (the agent took other work or went away) must not push the agent
// over capacity. It then returns a [StaleError] and no agents; decide again.
func (d Decision) Apply(agents []Agent, now time.Time) ([]Agent, error) {
	if !d.Assigned() {
		return slices.Clone(agents), nil
	}
	i := d.Chosen
	if i >= len(agents) || agents[i].ID != d.Agent {
		i = slices.IndexFunc(agents, func(a Agent) bool { return a.ID == d.Agent })
		if i < 0 {
			return nil, &StaleError{Agent: d.Agent, Reason: "is not among the agents given"}
		}
	}
	e := d.policy.evaluator(&d.item, d.now)
	if v := e.eval(&agents[i]); v.invalid || v.rule != vEligible {
		return nil, &StaleError{Agent: d.Agent, Reason: d.explain(&agents[i], &v)}
	}
	out := slices.Clone(agents)
	out[i] = out[i].Assign(d.Channel, now, NextTurn(agents))
	return out, nil
}
