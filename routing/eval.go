package routing

import (
	"math"
	"slices"
	"strings"
	"time"
)

// evaluator checks a roster's agents against one item at one instant under
// one policy: everything it needs from the item and the policy is resolved
// against the roster's vocabulary once, so each agent costs a few array
// reads.
type evaluator struct {
	p        *Policy
	it       *Item
	r        *Roster
	s        Strategy
	now      time.Time
	nowI     instant
	allowed  [3]bool // online, away, offline
	idle     bool    // IdleAway is set
	idleCut  instant // online agents last active before this are idle
	rung     int
	relax    relaxation
	ch       int // the item's channel index
	weights  [numCh]int64
	groupAny bool
	groups   []uint64 // admitted groups, over the roster's group words
	excl     []int32  // agents excluded: declined, or missed too many offers
	skills   []skillReq
	pref     []skillReq
	langAny  bool
	langs    []uint64
	regAny   bool
	regs     []uint64
	th       bool
	thCut    time.Time
	sticky   int  // the previous agent's index within the window; -1 none
	previous bool // the item names a previous agent within the window

	// For a lazy roster (see Policy.focused): scratch space for one
	// agent's facts, and where to report invalid agents (nil: do not).
	sw    row
	sb    []uint64
	sl    []int32
	errs  *[]error
	seen  [16]tagMemo // language tags already parsed (see serves)
	nseen int
}

// facts is one agent as the rules read it: its row, its group, region and
// language words, and its levels in the vocabulary's skills.
type facts struct {
	w    *row
	bits []uint64
	lv   []int32
}

// facts returns agent i's facts: views into a compiled roster, or, for a
// lazy roster, the agent read into the evaluator's scratch space (valid
// until the next call).
func (e *evaluator) facts(i int) facts {
	st := e.r.st
	if st.lazy {
		f, _, _ := e.fill(i)
		return f
	}
	f := facts{w: e.r.at(i), bits: st.agentBits(i)}
	if st.ns > 0 {
		f.lv = st.levels[i*st.ns : (i+1)*st.ns]
	}
	return f
}

// skillReq is a required or preferred skill resolved against a roster.
type skillReq struct {
	idx    int32 // in the roster's skills; -1 when no agent has it
	want   int32 // level required after relaxation; ≤ 0 is met by all
	waived bool  // dropped by the ladder
}

func (p *Policy) evaluator(it *Item, now time.Time, r *Roster) *evaluator {
	e := new(evaluator)
	p.reset(e, it, now, r)
	return e
}

// zeroed returns w resized to n zero elements, reusing its array.
func zeroed[T uint64 | int32](w []T, n int) []T {
	if cap(w) < n {
		return make([]T, n)
	}
	w = w[:n]
	clear(w)
	return w
}

// reset makes e the evaluator of it at now on r, reusing e's slices, so
// that Assign needs one evaluator for a whole queue.
func (p *Policy) reset(e *evaluator, it *Item, now time.Time, r *Roster) {
	v := r.st
	*e = evaluator{
		p: p, it: it, r: r, s: p.Strategy.orDefault(), now: now, nowI: instantOf(now), sticky: -1,
		groups: e.groups, skills: e.skills[:0], pref: e.pref[:0], langs: e.langs, regs: e.regs, sb: e.sb, sl: e.sl,
	}
	if v.lazy {
		e.sb = zeroed(e.sb, v.gw+v.rw+v.lw)
		e.sl = zeroed(e.sl, v.ns)
	}
	if len(p.Presences) == 0 {
		e.allowed[0] = true
	}
	for _, pr := range p.Presences {
		if i := presenceIndex(pr); i >= 0 {
			e.allowed[i] = true
		}
	}
	if p.IdleAway > 0 {
		e.idle, e.idleCut = true, instantOf(now.Add(-p.IdleAway))
	}
	e.rung = p.Ladder.Rung(it.Age(now))
	e.relax = p.Ladder.relaxation(e.rung)
	e.ch = channelIndex(it.Channel)
	for k := range e.weights {
		// A weight above any total (totals count as at most MaxInt32)
		// rejects alike at MaxInt32+1, and keeps the units in range.
		e.weights[k] = min(p.weight(channelList[k]), math.MaxInt32+1)
	}
	e.groupAny = it.Group == ""
	if !e.groupAny {
		e.groups = zeroed(e.groups, v.gw)
		e.admit(it.Group)
		for _, s := range p.Ladder.Steps[:min(e.rung, len(p.Ladder.Steps))] {
			for _, g := range s.Groups {
				e.admit(g)
			}
		}
	}
	e.skills = resolveSkills(e.skills, v, it.Skills, &e.relax, true)
	e.pref = resolveSkills(e.pref, v, it.Preferred, nil, false)
	e.langAny = it.Language == "" || e.relax.anyLanguage
	if !e.langAny {
		e.langs = zeroed(e.langs, v.lw)
		want, _ := parseTag(it.Language) // checked by Item.Validate
		for i, t := range v.tags {
			if t.serves(want) {
				setBit(e.langs, int32(i))
			}
		}
	}
	e.regAny = it.Region == "" || e.relax.anyRegion
	if !e.regAny {
		e.regs = zeroed(e.regs, v.rw)
		if k, ok := v.regions[it.Region]; ok {
			setBit(e.regs, k)
		}
	}
	if p.Throttle.on() {
		e.th, e.thCut = true, now.Add(-p.Throttle.Window)
	}
	if len(it.Excluded) > 0 || len(it.Missed) > 0 {
		e.excl = r.excluded(it, p.Offers.Reoffers)
	}
	if pv := it.Previous; pv.Agent != "" && p.StickyWindow > 0 && !now.After(pv.At.Add(p.StickyWindow)) {
		e.previous = true
		e.sticky = r.find(pv.Agent)
	}
}

func (e *evaluator) admit(group string) {
	if k, ok := e.r.st.groups[group]; ok {
		setBit(e.groups, k)
	}
}

// resolveSkills appends skills resolved against v to out; relax applies
// the ladder to required skills (nil for preferred ones).
func resolveSkills(out []skillReq, v *vocab, skills []Skill, relax *relaxation, required bool) []skillReq {
	for _, s := range skills {
		q := skillReq{idx: -1, want: clamp32(s.Level)}
		if k, ok := v.skills[s.Name]; ok {
			q.idx = k
		}
		if required && relax != nil {
			q.waived = relax.anySkill || slices.Contains(relax.drop, s.Name)
			q.want = clamp32(int64(s.Level) - int64(relax.lower))
		}
		out = append(out, q)
	}
	return out
}

// excluded returns the indexes of the agents that may not get it: those it
// lists in Excluded and those whose misses exceed reoffers.
func (r *Roster) excluded(it *Item, reoffers int) []int32 {
	var out []int32
	add := func(id string) {
		if i := r.find(id); i >= 0 && !slices.Contains(out, int32(i)) {
			out = append(out, int32(i))
		}
	}
	for _, id := range it.Excluded {
		add(id)
	}
	for _, id := range it.Missed {
		if misses(it, id) > reoffers {
			add(id)
		}
	}
	return out
}

// misses counts the offers of it that id let expire.
func misses(it *Item, id string) int {
	n := 0
	for _, m := range it.Missed {
		if m == id {
			n++
		}
	}
	return n
}

// The verdict.rule values, 1 + the index of the rule in rules.
const (
	vEligible uint8 = iota
	vPresence
	vExcluded
	vGroup
	vCapacity
	vThrottle
	vSkills
	vLanguage
	vRegion
)

// verdict is what the rules found for one agent: the first rule that
// rejected it, or the facts that rank it. It is pointer-free.
type verdict struct {
	rule     uint8
	pres     int8 // the presence index the rules saw (idle online agents count as away)
	invalid  bool // a field the decision reads is invalid (focused rosters)
	idle     bool // online, idle past IdleAway: counted as away
	units    bool // rejected by the total (universal) capacity
	load     int32
	offered  int32
	capacity int32
	used     int32 // units in use, for the total capacity
	total    int32
	skill    int32 // index in Item.Skills for RuleSkills
	have     int32 // skill level (RuleSkills), assignments in the window (RuleThrottle), misses (RuleExcluded)
	want     int32
	match    int32 // skill match
	pref     int32 // preferred skills met
}

func (v verdict) ruleName() Rule {
	if v.rule == 0 {
		return ""
	}
	return rules[v.rule-1]
}

// eval checks agent i. Only rows of a focused roster can be invalid or
// partial; a partial row is one whose early rules rejected it at build.
func (e *evaluator) eval(i int) verdict { return e.evalFacts(i, e.facts(i)) }

func (e *evaluator) evalFacts(i int, f facts) verdict {
	w := f.w
	if w.invalid {
		return verdict{invalid: true}
	}
	if v, rejected := e.early(i, f); rejected {
		return v
	}
	if w.partial {
		return verdict{invalid: true} // cannot happen: partial rows fail early
	}
	ch := e.ch
	v := verdict{pres: w.presence, capacity: w.capacity[ch], load: w.load[ch], offered: w.offered[ch]}
	if v.capacity <= 0 || int64(v.load)+int64(v.offered) >= int64(v.capacity) {
		v.rule = vCapacity
		return v
	}
	if w.total > 0 {
		var used int64
		for k := range numCh {
			// Saturating: a term or sum past unitsCap is over any total.
			used = min(used+min((int64(w.load[k])+int64(w.offered[k]))*e.weights[k], unitsCap), unitsCap)
		}
		if used+e.weights[ch] > int64(w.total) {
			v.rule, v.units, v.used, v.total = vCapacity, true, clamp32(used), w.total
			return v
		}
	}
	if e.th {
		n := e.p.Throttle.count(e.r.recent(i), e.thCut)
		if n >= e.p.Throttle.Max {
			v.rule, v.have, v.want = vThrottle, clamp32(n), clamp32(e.p.Throttle.Max)
			return v
		}
	}
	levels := f.lv
	var match int64
	for k, q := range e.skills {
		var have int32
		if q.idx >= 0 {
			have = levels[q.idx]
		}
		match += int64(have)
		if v.rule == vEligible && !q.waived && q.want > 0 && have < q.want {
			v.rule, v.skill, v.have, v.want = vSkills, int32(k), have, q.want
		}
	}
	v.match = clamp32(match)
	if v.rule != vEligible {
		return v
	}
	b := f.bits
	if !e.langAny && !intersects(b[e.r.st.gw+e.r.st.rw:], e.langs) {
		v.rule = vLanguage
		return v
	}
	if !e.regAny && !intersects(b[e.r.st.gw:e.r.st.gw+e.r.st.rw], e.regs) {
		v.rule = vRegion
		return v
	}
	for _, q := range e.pref {
		if q.idx >= 0 && levels[q.idx] >= q.want {
			v.pref++
		} else if q.want <= 0 {
			v.pref++
		}
	}
	return v
}

// early applies the rules a focused roster checks before filling a row:
// presence (with idle-away), exclusion and group.
func (e *evaluator) early(i int, f facts) (verdict, bool) {
	w := f.w
	pi := int(w.presence)
	var v verdict
	if pi == 0 && e.idle && !w.active.isZero() && w.active.compare(e.idleCut) < 0 {
		pi, v.idle = 1, true // idle-away
	}
	v.pres = int8(pi)
	if pi < 0 || !e.allowed[pi] {
		v.rule = vPresence
		return v, true
	}
	if len(e.excl) > 0 && slices.Contains(e.excl, int32(i)) {
		v.rule = vExcluded
		return v, true
	}
	if !e.groupAny && !intersects(f.bits[:e.r.st.gw], e.groups) {
		v.rule = vGroup
		return v, true
	}
	return v, false
}

// passes reports whether agent a of a lazy roster is certainly rejected by
// the early rules, read from its fields with nothing copied: an agent in no
// admitted group, or with a presence the policy does not allow. It is false
// for an agent fill must read: one whose ID or presence is invalid (fill
// reports it), or an online agent that idle-away may count as away. Only a
// decision without a tally may pass agents over; a tally counts each by
// its first rule.
func (e *evaluator) passes(a *Agent) bool {
	if a.ID == "" {
		return false
	}
	pi := presenceIndex(a.Presence)
	switch {
	case pi < 0:
		return a.Presence == "" // unknown: rejected; invalid: reported by fill
	case !e.allowed[pi] && (pi != 0 || !e.idle):
		return true
	}
	if e.groupAny {
		return false
	}
	names := e.r.st.groupNames
	for _, g := range a.Groups {
		for k, name := range names {
			if g == name && e.groups[k/64]&(1<<(uint(k)%64)) != 0 {
				return false
			}
		}
	}
	return true
}

func intersects(a, b []uint64) bool {
	for k := range min(len(a), len(b)) {
		if a[k]&b[k] != 0 {
			return true
		}
	}
	return false
}

// rank is what strategies compare for an eligible agent.
type rank struct {
	i        int
	previous bool
	pref     int32
	match    int32
	spare    int32
	capacity int32
	last     stamp
	open     int32
}

func (e *evaluator) rank(i int, w *row, v *verdict) rank {
	var open int64
	for k := range numCh {
		open += int64(w.load[k]) + int64(w.offered[k])
	}
	last := w.last
	if e.p.PerChannelRotation {
		s := e.r.lastOn(i, e.ch)
		last = stamp{at: instantOf(s.At), turn: s.Turn}
	}
	return rank{
		i: i, previous: i == e.sticky, pref: v.pref, match: v.match,
		spare:    clamp32(int64(v.capacity) - int64(v.load) - int64(v.offered)),
		capacity: v.capacity, last: last.effective(e.nowI), open: clamp32(open),
	}
}

// compare orders two eligible agents: negative when a ranks before b, and
// the criterion that decided. The previous agent (sticky routing) comes
// first, then more preferred skills, then the strategy's terms, then the
// tie-breaks: least recently assigned (instant, then turn), fewest open,
// agent ID.
func (e *evaluator) compare(a, b *rank) (int, Criterion) {
	if a.previous != b.previous {
		if a.previous {
			return -1, CriterionPrevious
		}
		return 1, CriterionPrevious
	}
	if a.pref != b.pref {
		return cmp3(b.pref, a.pref), CriterionPreferred
	}
	switch e.s {
	case SkillsFirst:
		if a.match != b.match {
			return cmp3(b.match, a.match), CriterionSkillMatch
		}
		fallthrough
	case LeastLoaded:
		if a.spare != b.spare {
			return cmp3(b.spare, a.spare), CriterionSpareCapacity
		}
	case LeastLoadedPercent:
		// spare_a/cap_a vs spare_b/cap_b without division; capacities are > 0.
		if l, r := int64(a.spare)*int64(b.capacity), int64(b.spare)*int64(a.capacity); l != r {
			return cmp3(r, l), CriterionSparePercent
		}
	}
	if c := a.last.compare(b.last); c != 0 {
		return c, CriterionLastAssigned
	}
	if a.open != b.open {
		return cmp3(a.open, b.open), CriterionFewestOpen
	}
	return strings.Compare(e.r.st.id(a.i), e.r.st.id(b.i)), CriterionAgentID
}

func cmp3[N int32 | int64](a, b N) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// podium keeps the two best eligible agents seen so far.
type podium struct {
	best, second rank
	n            int // eligible agents seen, up to 2
}

func (e *evaluator) add(p *podium, c *rank) {
	switch {
	case p.n == 0:
		p.best, p.n = *c, 1
	case func() bool { x, _ := e.compare(c, &p.best); return x < 0 }():
		p.second, p.best = p.best, *c
		p.n = 2
	case p.n == 1:
		p.second, p.n = *c, 2
	default:
		if x, _ := e.compare(c, &p.second); x < 0 {
			p.second = *c
		}
	}
}

// choose scans every agent and returns the podium, counting outcomes into t
// when t is not nil.
func (e *evaluator) choose(t *tally) podium {
	var p podium
	// Without a tally only eligibility matters, not which rule rejects
	// first, so the most selective test goes first: one AND on the first
	// group word rejects most agents of a group-routed item.
	st := e.r.st
	stride := st.gw + st.rw + st.lw
	var g0 uint64
	filter := t == nil && !e.groupAny && st.gw == 1
	if filter {
		g0 = e.groups[0]
	}
	visit := func(i int, f facts, v verdict) {
		if t != nil {
			t.add(&v)
		}
		if v.rule == vEligible && !v.invalid {
			rk := e.rank(i, f.w, &v)
			e.add(&p, &rk)
		}
	}
	if st.lazy {
		for i := range st.src {
			if t == nil && e.passes(&st.src[i]) {
				continue
			}
			f, v, done := e.fill(i)
			if !done {
				v = e.evalFacts(i, f)
			}
			visit(i, f, v)
		}
		return p
	}
	for c, chunk := range e.r.chunks {
		base := c * chunkSize
		for j := range chunk {
			i := base + j
			if filter && st.bits[i*stride]&g0 == 0 {
				continue
			}
			f := facts{w: &chunk[j], bits: st.bits[i*stride : (i+1)*stride]}
			if st.ns > 0 {
				f.lv = st.levels[i*st.ns : (i+1)*st.ns]
			}
			visit(i, f, e.evalFacts(i, f))
		}
	}
	return p
}

// unitsCap bounds the units in use an evaluator adds up: above any total
// (at most MaxInt32), and far from overflowing int64 with one more item of
// at most MaxInt32+1 units.
const unitsCap = 1 << 40

// clamp32 saturates n to the int32 range rows and verdicts store: a
// capacity or level above 2,147,483,647 counts as that.
func clamp32[N int | int64](n N) int32 {
	return int32(min(max(int64(n), math.MinInt32), math.MaxInt32))
}
