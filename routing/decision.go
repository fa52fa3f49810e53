package routing

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

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
	// Previous explains sticky routing when the item names a previous
	// agent ([Item.Previous]) and the policy a [Policy.StickyWindow]:
	// "bo (ticket, 2h0m0s ago) chosen", "bo (ticket, 2h0m0s ago) at
	// capacity 3/3 chat, routed normally" or "bo (customer, 50h0m0s ago)
	// outside the 24h0m0s window, routed normally"; "" otherwise.
	Previous string

	item   Item
	policy Policy
	now    time.Time
	src    *Roster
	second int // the runner-up's index; -1 when none
}

// failed is what a Decide that returns an error returns: no one assigned.
func failed() Decision { return Decision{Chosen: -1} }

// Decide chooses an agent for it among agents at now. It reads the item's
// age for the ladder and never modifies its inputs; apply the result with
// [Decision.Apply]. The decision refers to agents (and the item's Skills)
// to explain itself (see [Decision.Candidates]), so do not modify them while
// it is in use.
//
// Decide compiles what the item needs from each agent, which costs about
// what reading the agents' maps costs; to route many items among the same
// agents build a [Roster] once and call [Roster.Decide], which is several
// times faster.
//
// Decide returns an error for an invalid policy ([ErrInvalidConfig]), an
// invalid item (see [Item.Validate]) and for the problems of an agent that
// it reads ([ErrInvalidInput]): an empty ID, an unknown presence, a
// negative capacity, load, offer count, total or skill level, an unknown
// channel key, a language tag that is not well formed, and an ID that the
// chosen agent or the runner-up shares with any other agent. It does not
// look at every field of every agent, which would cost more than the
// decision; check a roster once with [ValidateAgents] or [NewRoster]. On
// error the Decision assigns no one.
func (p Policy) Decide(it Item, agents []Agent, now time.Time) (Decision, error) {
	if err := p.Validate(); err != nil {
		return failed(), err
	}
	if errs := it.problems(-1, nil); len(errs) > 0 {
		return failed(), errors.Join(errs...)
	}
	var errs []error
	e := p.focused(&it, agents, now)
	e.errs = &errs
	d := e.decide()
	e.errs = nil
	// The chosen agent and the runner-up must be the only agents with
	// their IDs, whatever the other agents' state: the ID names the agent
	// in the decision and Apply finds the agent by it.
	errs = duplicates(agents, d.Chosen, d.second, errs)
	if len(errs) > 0 {
		return failed(), errors.Join(errs...)
	}
	return d, nil
}

// focused returns an evaluator for it on a lazy roster over agents: its
// vocabulary holds only the item's names, and each agent is read from its
// maps when the evaluator needs it, into scratch space, so a decision
// stores nothing per agent. Invalid agents read during a decision are
// reported to the evaluator's errs when that is set.
func (p *Policy) focused(it *Item, agents []Agent, now time.Time) *evaluator {
	v := &vocab{
		src: agents, lazy: true,
		groups: map[string]int32{}, skills: map[string]int32{},
		regions: map[string]int32{}, langs: map[string]int32{},
	}
	if it.Group != "" {
		intern(v.groups, it.Group)
		for _, s := range p.Ladder.Steps {
			intern(v.groups, s.Groups...)
		}
	}
	for _, s := range it.Skills {
		intern(v.skills, s.Name)
	}
	for _, s := range it.Preferred {
		intern(v.skills, s.Name)
	}
	if it.Region != "" {
		intern(v.regions, it.Region)
	}
	if it.Language != "" {
		want, _ := parseTag(it.Language) // checked by Item.Validate
		v.langs[it.Language] = 0
		v.tags = []langTag{want}
	}
	v.gw, v.rw, v.lw, v.ns = words(len(v.groups)), words(len(v.regions)), words(len(v.tags)), len(v.skills)
	v.skillNames = make([]string, v.ns)
	for name, k := range v.skills {
		v.skillNames[k] = name
	}
	v.groupNames = make([]string, len(v.groups))
	for g, k := range v.groups {
		v.groupNames[k] = g
	}
	return p.evaluator(it, now, &Roster{st: v})
}

// fill reads agent i of a lazy roster into the evaluator's scratch space,
// only as far as the rules let it through, and marks it invalid when a
// field the rules read is. When the early rules (presence, exclusion,
// group) reject the agent, or it is invalid, it also returns the final
// verdict and true.
func (e *evaluator) fill(i int) (facts, verdict, bool) {
	v := e.r.st
	a := &v.src[i]
	w := &e.sw
	f := facts{w: w, bits: e.sb, lv: e.sl}
	// Only what the early rules read first: most agents stop there, and a
	// partial row is never read further.
	pi := presenceIndex(a.Presence)
	w.invalid, w.partial, w.presence = false, true, int8(pi)
	if a.ID == "" || (pi < 0 && a.Presence != "") {
		e.invalid(i, w)
		return f, verdict{invalid: true}, true
	}
	w.active = instant{}
	if e.idle {
		w.active = instantOf(a.LastActive)
	}
	clear(e.sb[:v.gw])
	for _, g := range a.Groups {
		for k, name := range v.groupNames {
			if g == name {
				setBit(e.sb[:v.gw], int32(k))
			}
		}
	}
	if v, rejected := e.early(i, f); rejected {
		return f, v, true
	}
	*w = row{presence: int8(pi), active: instantOf(a.LastActive)}
	clear(e.sb[v.gw:])
	clear(e.sl)
	// Then the counts of the item's channel: an agent at capacity there is
	// rejected before anything else is checked. An agent with capacity
	// there has its load and offers read once, over all channels.
	ch := e.it.Channel
	c := a.Capacity[ch]
	var l, o int
	okL, okO := true, true
	if c > 0 {
		l, okL = e.counts(&w.load, a.Load)
		o, okO = e.counts(&w.offered, a.Offered)
	} else {
		l, o = a.Load[ch], a.Offered[ch]
	}
	if c < 0 || l < 0 || o < 0 {
		e.invalid(i, w)
		return f, verdict{invalid: true}, true
	}
	if c <= 0 || int64(l)+int64(o) >= int64(c) {
		*w = row{presence: int8(pi), active: w.active}
		w.capacity[e.ch], w.load[e.ch], w.offered[e.ch] = clamp32(c), clamp32(l), clamp32(o)
		return f, verdict{}, false
	}
	_, okC := e.counts(&w.capacity, a.Capacity)
	w.total, w.last = clamp32(a.Total), stamp{at: instantOf(a.LastAssigned), turn: a.Turn}
	if a.Total < 0 || !okC || !okL || !okO {
		e.invalid(i, w)
		return f, verdict{invalid: true}, true
	}
	for k, name := range v.skillNames {
		n := a.Skills[name]
		if n < 0 {
			e.invalid(i, w)
			return f, verdict{invalid: true}, true
		}
		e.sl[k] = clamp32(n)
	}
	if !e.regAny && slices.Contains(a.Regions, e.it.Region) {
		e.sb[v.gw] |= 1
	}
	if !e.langAny {
		for _, l := range a.Languages {
			ok, serves := e.serves(l)
			if !ok {
				e.invalid(i, w)
				return f, verdict{invalid: true}, true
			}
			if serves {
				e.sb[v.gw+v.rw] |= 1
				break
			}
		}
	}
	return f, verdict{}, false
}

// counts copies per-channel counts into c, like the compiled roster's
// counts, and also returns the count on the item's channel as given (0
// when missing, negative when invalid).
func (e *evaluator) counts(c *[numCh]int32, m map[ticket.Channel]int) (at int, ok bool) {
	ok = true
	for ch, n := range m {
		k := channelIndex(ch)
		if k == e.ch {
			at = n
		}
		if k < 0 || n < 0 {
			ok = false
			continue
		}
		c[k] = clamp32(n)
	}
	return at, ok
}

// serves reports whether the agent language tag s is well formed and
// serves the item's language, remembering the answers for the first tags
// seen: a roster spells few distinct tags.
func (e *evaluator) serves(s string) (ok, serves bool) {
	for _, m := range e.seen[:e.nseen] {
		if m.tag == s {
			return m.ok, m.serves
		}
	}
	t, ok := parseTag(s)
	serves = ok && t.serves(e.r.st.tags[0])
	if e.nseen < len(e.seen) {
		e.seen[e.nseen] = tagMemo{tag: s, ok: ok, serves: serves}
		e.nseen++
	}
	return ok, serves
}

// tagMemo is an agent language tag, whether it is well formed and whether
// it serves the item's language.
type tagMemo struct {
	tag        string
	ok, serves bool
}

// invalid marks agent i's scratch row invalid and reports its problems.
func (e *evaluator) invalid(i int, w *row) {
	w.invalid = true
	if e.errs != nil {
		*e.errs = e.r.st.src[i].problems(i, *e.errs)
	}
}

// duplicates appends an error for the first other agent sharing the ID of
// agents[a], and of agents[b] when b names another ID; a or b may be -1.
// One pass serves both.
func duplicates(agents []Agent, a, b int, errs []error) []error {
	if a < 0 {
		return errs
	}
	idA, idB := agents[a].ID, ""
	if b >= 0 && agents[b].ID != idA {
		idB = agents[b].ID
	}
	// IDs of a roster tend to differ in their last byte: comparing it
	// first spares most full comparisons.
	lastA, lastB := idA[len(idA)-1], byte(0)
	if idB != "" {
		lastB = idB[len(idB)-1]
	}
	dupA, dupB := -1, -1
	for i := range agents {
		switch id := agents[i].ID; {
		case id == "" || !(len(id) == len(idA) && id[len(id)-1] == lastA || len(id) == len(idB) && id[len(id)-1] == lastB):
		case dupA < 0 && i != a && id == idA:
			dupA = i
		case dupB < 0 && idB != "" && i != b && id == idB:
			dupB = i
		}
	}
	if dupA >= 0 {
		errs = append(errs, duplicateID(idA, max(dupA, a), min(dupA, a)))
	}
	if dupB >= 0 {
		errs = append(errs, duplicateID(idB, max(dupB, b), min(dupB, b)))
	}
	return errs
}

// duplicateID reports that agents[i] has the ID of agents[first].
func duplicateID(id string, i, first int) error {
	return &InputError{Kind: "agent", Index: i, ID: id, Field: "ID", Problem: fmt.Sprintf("is already used by agents[%d]", first)}
}

// id returns agent i's ID.
func (v *vocab) id(i int) string { return v.src[i].ID }

// decide scans the roster and returns the decision.
func (e *evaluator) decide() Decision {
	d := Decision{
		Item: e.it.Ticket, Channel: e.it.Channel, Strategy: e.s, Chosen: -1, second: -1,
		Rung: e.rung, RungName: e.p.Ladder.RungName(e.rung),
		item: *e.it, policy: *e.p, now: e.now, src: e.r,
	}
	pod := e.choose(nil)
	if pod.n > 0 {
		d.Chosen, d.Agent = pod.best.i, e.r.st.id(pod.best.i)
		d.DecidedBy = CriterionOnlyCandidate
		if pod.n > 1 {
			d.RunnerUp, d.second = e.r.st.id(pod.second.i), pod.second.i
			_, d.DecidedBy = e.compare(&pod.best, &pod.second)
		}
	}
	d.Previous = e.previousNote(d.Chosen)
	return d
}

// previousNote explains sticky routing for a decision that chose agent
// chosen (-1 for none).
func (e *evaluator) previousNote(chosen int) string {
	pv := e.it.Previous
	if pv.Agent == "" || e.p.StickyWindow <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(pv.Agent)
	b.WriteString(" (")
	if pv.Of != "" {
		b.WriteString(string(pv.Of))
		b.WriteString(", ")
	}
	b.WriteString(e.now.Sub(pv.At).String())
	b.WriteString(" ago) ")
	switch {
	case !e.previous:
		fmt.Fprintf(&b, "outside the %s window, routed normally", e.p.StickyWindow)
	case e.sticky < 0:
		b.WriteString("not among the agents, routed normally")
	case e.sticky == chosen:
		b.WriteString("chosen")
	default:
		v := e.eval(e.sticky)
		b.WriteString(e.candidate(e.sticky, &v).Reason())
		b.WriteString(", routed normally")
	}
	return b.String()
}

// Assigned reports whether an agent was chosen. The zero Decision, and the
// one a failed Decide returns, have none.
func (d Decision) Assigned() bool { return d.Chosen >= 0 && d.Agent != "" }

// Len returns the number of candidates: one per input agent.
func (d Decision) Len() int {
	if d.src == nil {
		return 0
	}
	return d.src.Len()
}

// Candidate returns candidate i (0 ≤ i < [Decision.Len]), the agent at
// index i of the input, as the decision saw it. It evaluates the agent
// again, from the state the decision was made on.
func (d Decision) Candidate(i int) Candidate {
	e := d.policy.evaluator(&d.item, d.now, d.src)
	v := e.eval(i)
	return e.candidate(i, &v)
}

// Candidates returns every candidate, one per input agent in input order,
// each with the rule that rejected it or the facts that ranked it. It builds
// them on demand; [Decision.Candidate] returns one.
func (d Decision) Candidates() []Candidate {
	if d.src == nil {
		return nil
	}
	e := d.policy.evaluator(&d.item, d.now, d.src)
	out := make([]Candidate, d.src.Len())
	for i := range out {
		f := e.facts(i)
		v := e.evalFacts(i, f)
		e.describe(&out[i], i, f, &v)
	}
	return out
}

// candidate builds the explanation of agent i from its verdict.
func (e *evaluator) candidate(i int, v *verdict) Candidate {
	var c Candidate
	e.describe(&c, i, e.facts(i), v)
	return c
}

// describe writes the explanation of agent i, whose facts are f and
// verdict v, into c, which must be zero.
func (e *evaluator) describe(c *Candidate, i int, f facts, v *verdict) {
	a := &e.r.st.src[i]
	w := f.w
	c.Agent, c.Rule, c.Presence, c.Idle, c.Channel = a.ID, v.ruleName(), a.Presence, v.idle, e.it.Channel
	c.Load, c.Offered, c.Capacity = int(v.load), int(v.offered), int(v.capacity)
	c.UnitsUsed, c.Total, c.Units = int(v.used), int(v.total), v.units
	c.SkillMatch, c.Have, c.Want = int(v.match), int(v.have), int(v.want)
	c.Preferred, c.PreferredOf = int(v.pref), len(e.it.Preferred)
	c.Sticky, c.Previous = e.previous, e.previous && i == e.sticky
	if w.presence >= 0 {
		c.Presence = presences[w.presence] // as the roster holds it now
	}
	switch c.Rule {
	case "":
		rk := e.rank(i, w, v)
		c.Open = int(rk.open)
		c.LastAssigned, c.Turn = rk.last.at.time(), rk.last.turn
		c.Group = e.admittedBy(f)
	case RuleExcluded:
		c.Missed = misses(e.it, a.ID)
		c.Declined = slices.Contains(e.it.Excluded, a.ID)
	case RuleGroup:
		c.Need = e.it.Group
	case RuleSkills:
		c.Need = e.it.Skills[v.skill].Name
	case RuleLanguage:
		c.Need = e.it.Language
	case RuleRegion:
		c.Need = e.it.Region
	case RuleThrottle:
		c.Window = e.p.Throttle.Window
	}
}

// admittedBy returns the group through which the agent of f is in the pool: the
// item's own group, an overflow group of a ladder step, or "" when the item
// has no group.
func (e *evaluator) admittedBy(f facts) string {
	if e.groupAny {
		return ""
	}
	b := f.bits[:e.r.st.gw]
	has := func(g string) bool {
		k, ok := e.r.st.groups[g]
		return ok && b[k/64]&(1<<(uint(k)%64)) != 0
	}
	if has(e.it.Group) {
		return e.it.Group
	}
	for _, s := range e.p.Ladder.Steps[:min(e.rung, len(e.p.Ladder.Steps))] {
		for _, g := range s.Groups {
			if has(g) {
				return g
			}
		}
	}
	return ""
}

// Summary counts the candidates by outcome, eligible first, then each
// rejection: "3 agents: 2 offline, 1 at capacity".
func (d Decision) Summary() string {
	var t tally
	if d.src != nil {
		e := d.policy.evaluator(&d.item, d.now, d.src)
		e.choose(&t)
	}
	return t.String()
}

// String explains the decision in one line: "assign to a7 (least_loaded,
// step 0: as required; won on spare capacity over a3; 20 agents: …)" or
// "no agent (step 1: any language, after 2m0s; 3 agents: 2 offline, 1 at
// capacity)", followed by the sticky-routing note when there is one
// ("; previous agent bo (ticket, 2h0m0s ago) chosen"). The zero Decision
// (and the one a failed Decide returns) reads "no decision".
func (d Decision) String() string {
	if d.Strategy == "" {
		return "no decision"
	}
	prev := ""
	if d.Previous != "" {
		prev = "; previous agent " + d.Previous
	}
	if !d.Assigned() {
		return fmt.Sprintf("no agent (%s; %s%s)", d.RungName, d.Summary(), prev)
	}
	why := "only eligible agent"
	if d.RunnerUp != "" {
		kind := "on"
		if d.DecidedBy.TieBreak() {
			kind = "tie-break"
		}
		why = fmt.Sprintf("won %s %s over %s", kind, d.DecidedBy.Label(), d.RunnerUp)
	}
	return fmt.Sprintf("assign to %s (%s, %s; %s; %s%s)", d.Agent, d.Strategy, d.RungName, why, d.Summary(), prev)
}

// Apply returns the agents after the decision: a copy of agents in which
// the chosen agent holds one more item on the decision's channel, was last
// assigned at now (also on that channel, [Agent.LastOn]), has the next turn
// ([NextTurn]) and, under a [Policy.Throttle], has now in Recent, exactly
// as [Policy.Assign] and [Roster.Apply] record it. Only that agent's maps
// are new; the other fields share their maps and slices with agents, which
// is left untouched. With no agent chosen Apply returns a plain copy.
//
// Apply checks the chosen agent again, in agents as given, against the
// decision's item and rung: a decision made on agents that have changed
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
	var errs []error
	e := d.policy.focused(&d.item, agents[i:i+1], d.now)
	e.errs = &errs
	v := e.eval(0)
	if len(errs) > 0 {
		return nil, &StaleError{Agent: d.Agent, Reason: "is invalid input: " + errors.Join(errs...).Error()}
	}
	if v.rule != vEligible || v.invalid {
		return nil, &StaleError{Agent: d.Agent, Reason: "is no longer eligible: " + e.candidate(0, &v).Reason()}
	}
	out := slices.Clone(agents)
	a := out[i].Assign(d.Channel, now, NextTurn(agents))
	if d.policy.Throttle.on() {
		a.Recent = d.policy.Throttle.record(a.Recent, now)
	}
	out[i] = a
	return out, nil
}
