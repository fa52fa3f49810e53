package routing

import (
	"errors"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// Roster is a set of agents compiled once for fast decisions: skills,
// languages, regions and groups are interned, each agent's facts sit in a
// dense row, and a decision reads those rows instead of string-keyed maps.
// Build it with [NewRoster], decide with [Roster.Decide], and record what
// happened with [Roster.Apply] and the offer transitions, which return a new
// Roster and leave the old one (and every [Decision] made on it) unchanged:
// rows are kept in chunks, and a change copies only the chunk it touches.
//
// A Roster is immutable and safe for concurrent use. [Roster.Agents]
// returns the agents' current state as values to store.
type Roster struct {
	st     *vocab
	chunks [][]row
	// colds holds, chunk by chunk like chunks, the state of agents that
	// changed and that rows do not keep; a nil chunk (or an unset entry)
	// means the source agent's.
	colds [][]cold
	turn  uint64 // the highest Turn of any agent
}

// cold is the part of an agent's changed state that a decision reads
// rarely: kept apart so that rows stay pointer-free.
type cold struct {
	set    bool
	lastAt time.Time // LastAssigned as recorded
	lastOn [numCh]Stamp
	recent []time.Time
	// exact, when set, holds the changes to Load (0) and Offered (1) per
	// channel since the roster was built, for an agent whose counts leave
	// the int32 range rows hold: Agents adds them to the source's counts.
	// It is replaced, never written in place, since older rosters may
	// share it.
	exact *[2][numCh]int64
}

// chunkSize is how many rows a chunk holds; a change copies one chunk.
const chunkSize = 64

// vocab is the immutable, compiled part of a roster: the source agents,
// the interned names, and each agent's sets as bit words.
type vocab struct {
	src     []Agent
	index   map[string]int32 // agent ID → index; nil in a focused roster
	groups  map[string]int32
	skills  map[string]int32
	regions map[string]int32
	langs   map[string]int32 // agent tag as written → index in tags
	tags    []langTag
	// Per agent: gw words of group bits, rw of region bits, lw of language
	// bits, then ns skill levels.
	gw, rw, lw, ns int
	bits           []uint64
	levels         []int32
	// lazy marks the roster [Policy.Decide] reads for one item: its
	// vocabulary holds only that item's names (lang bit 0 means "serves
	// the item's language"), it has no rows, and the evaluator reads each
	// agent from its maps when it needs it (see evaluator.fill).
	lazy       bool
	skillNames []string // lazy: the skills by index
	groupNames []string // lazy: the groups by index
}

// row is one agent's facts, pointer-free so that rows cost the garbage
// collector nothing and a decision scans them quickly.
type row struct {
	presence int8 // index in presences; -1 unknown or invalid
	partial  bool // focused roster: only presence, exclusion and groups are filled
	invalid  bool // focused roster: a field the decision reads is invalid
	total    int32
	capacity [numCh]int32
	load     [numCh]int32
	offered  [numCh]int32
	last     stamp
	active   instant
	touched  bool // changed since the roster was built: Agents rebuilds its maps
}

// NewRoster compiles agents into a Roster. It validates every agent and
// refuses duplicate IDs ([ValidateAgents]); the roster keeps agents (which
// must not be modified while it is in use) for [Roster.Agents].
func NewRoster(agents []Agent) (*Roster, error) {
	if err := ValidateAgents(agents); err != nil {
		return nil, err
	}
	v := &vocab{
		src: agents, index: make(map[string]int32, len(agents)),
		groups: map[string]int32{}, skills: map[string]int32{},
		regions: map[string]int32{}, langs: map[string]int32{},
	}
	for i := range agents {
		a := &agents[i]
		v.index[a.ID] = int32(i)
		intern(v.groups, a.Groups...)
		intern(v.regions, a.Regions...)
		for s := range a.Skills {
			intern(v.skills, s)
		}
		for _, l := range a.Languages {
			if _, ok := v.langs[l]; !ok {
				t, _ := parseTag(l) // validated
				v.langs[l] = int32(len(v.tags))
				v.tags = append(v.tags, t)
			}
		}
	}
	v.gw, v.rw, v.lw, v.ns = words(len(v.groups)), words(len(v.regions)), words(len(v.tags)), len(v.skills)
	v.bits = make([]uint64, len(agents)*(v.gw+v.rw+v.lw))
	v.levels = make([]int32, len(agents)*v.ns)
	r := &Roster{st: v, chunks: newChunks(len(agents)), colds: make([][]cold, (len(agents)+chunkSize-1)/chunkSize)}
	for i := range agents {
		a := &agents[i]
		b := v.agentBits(i)
		for _, g := range a.Groups {
			setBit(b[:v.gw], v.groups[g])
		}
		for _, g := range a.Regions {
			setBit(b[v.gw:v.gw+v.rw], v.regions[g])
		}
		for _, l := range a.Languages {
			setBit(b[v.gw+v.rw:], v.langs[l])
		}
		lv := v.levels[i*v.ns : (i+1)*v.ns]
		for s, n := range a.Skills {
			lv[v.skills[s]] = clamp32(n)
		}
		rw := r.at(i)
		fillRow(rw, a)
		r.turn = max(r.turn, a.Turn)
	}
	return r, nil
}

func intern(dict map[string]int32, names ...string) {
	for _, n := range names {
		if _, ok := dict[n]; !ok {
			dict[n] = int32(len(dict))
		}
	}
}

func words(n int) int { return (n + 63) / 64 }

func setBit(w []uint64, i int32) { w[i/64] |= 1 << (uint(i) % 64) }

func newChunks(n int) [][]row {
	all := make([]row, n)
	chunks := make([][]row, (n+chunkSize-1)/chunkSize)
	for c := range chunks {
		chunks[c] = all[c*chunkSize : min((c+1)*chunkSize, n) : min((c+1)*chunkSize, n)]
	}
	return chunks
}

// agentBits returns agent i's group, region and language words.
func (v *vocab) agentBits(i int) []uint64 {
	w := v.gw + v.rw + v.lw
	return v.bits[i*w : (i+1)*w]
}

// at returns agent i's row.
func (r *Roster) at(i int) *row { return &r.chunks[i/chunkSize][i%chunkSize] }

// Len returns the number of agents.
func (r *Roster) Len() int { return len(r.st.src) }

// fillRow copies the fields every decision reads from a into w, and
// reports false when a count is negative, a channel unknown or Total
// negative (NewRoster validated them already; a focused build relies on
// this check).
func fillRow(w *row, a *Agent) bool {
	w.presence = int8(presenceIndex(a.Presence))
	w.total = clamp32(a.Total)
	ok := a.Total >= 0 && counts(&w.capacity, a.Capacity) && counts(&w.load, a.Load) && counts(&w.offered, a.Offered)
	w.last = stamp{at: instantOf(a.LastAssigned), turn: a.Turn}
	w.active = instantOf(a.LastActive)
	return ok
}

// counts copies per-channel counts into c, and reports false for a negative
// count or an unknown channel.
func counts(c *[numCh]int32, m map[ticket.Channel]int) bool {
	ok := true
	for ch, n := range m {
		k := channelIndex(ch)
		if k < 0 || n < 0 {
			ok = false
			continue
		}
		c[k] = clamp32(n)
	}
	return ok
}

// Agents returns the agents' current state, in the order given to
// [NewRoster]: the agents given, with the loads, offers, presences,
// assignment times and turns that Apply and the offer transitions
// recorded. Agents that changed have their own maps and Recent slices,
// which the roster does not keep, so changing them changes nothing in it;
// the others share theirs with the agents given.
func (r *Roster) Agents() []Agent {
	out := slices.Clone(r.st.src)
	for i := range out {
		w := r.at(i)
		if !w.touched {
			continue
		}
		a := &out[i]
		if w.presence >= 0 {
			a.Presence = presences[w.presence]
		}
		c := r.coldAt(i)
		if c != nil && c.exact != nil {
			a.Load = exactMap(a.Load, &c.exact[0])
			a.Offered = exactMap(a.Offered, &c.exact[1])
		} else {
			a.Load = countsMap(a.Load, &w.load)
			a.Offered = countsMap(a.Offered, &w.offered)
		}
		a.Turn = w.last.turn
		if c != nil && c.set {
			a.LastAssigned = c.lastAt
			on := make(map[ticket.Channel]Stamp)
			for k, s := range c.lastOn {
				if _, had := a.LastOn[channelList[k]]; had || s != (Stamp{}) {
					on[channelList[k]] = s
				}
			}
			a.LastOn = on
			a.Recent = slices.Clone(c.recent) // the roster's own stays unshared
		}
	}
	return out
}

// coldAt returns agent i's cold state, or nil when it has none of its own.
func (r *Roster) coldAt(i int) *cold {
	if len(r.colds) == 0 {
		return nil // a lazy roster
	}
	if c := r.colds[i/chunkSize]; c != nil {
		return &c[i%chunkSize]
	}
	return nil
}

// recent returns agent i's recent assignment instants.
func (r *Roster) recent(i int) []time.Time {
	if c := r.coldAt(i); c != nil && c.set {
		return c.recent
	}
	return r.st.src[i].Recent
}

// lastOn returns when agent i last received an item on channel k.
func (r *Roster) lastOn(i, k int) Stamp {
	if c := r.coldAt(i); c != nil && c.set {
		return c.lastOn[k]
	}
	return r.st.src[i].LastOn[channelList[k]]
}

// coldFor returns agent i's cold entry for writing, as it is. With
// copyChunk set, the chunk is copied first (r shares it with older
// rosters); otherwise r owns it.
func (r *Roster) coldFor(i int, copyChunk bool) *cold {
	k := i / chunkSize
	switch {
	case r.colds[k] == nil:
		r.colds[k] = make([]cold, len(r.chunks[k]))
	case copyChunk:
		r.colds[k] = slices.Clone(r.colds[k])
	}
	return &r.colds[k][i%chunkSize]
}

// count changes agent i's load (which 0) or pending offers (which 1) on
// channel k by dn, one up or down, in its row, saturating at the int32
// range rows hold. Once an agent's counts leave that range (a source
// count beyond it, or a change the row cannot hold), its exact changes
// are kept in its cold entry as well. With copyChunk set the cold chunk is
// copied before it is written; r's row chunk must already be its own.
func (r *Roster) count(i, which, k int, dn int64, copyChunk bool) {
	w := r.at(i)
	cnt := &w.load
	if which == 1 {
		cnt = &w.offered
	}
	var ex *[2][numCh]int64
	if c := r.coldAt(i); c != nil {
		ex = c.exact
	}
	if ex == nil && (int64(cnt[k])+dn > math.MaxInt32 || hugeCounts(&r.st.src[i])) {
		// Every change so far fitted the rows, so each is a row less the
		// source count it started from.
		ex = new([2][numCh]int64)
		a := &r.st.src[i]
		for kk, ch := range channelList {
			ex[0][kk] = int64(w.load[kk]) - int64(clamp32(a.Load[ch]))
			ex[1][kk] = int64(w.offered[kk]) - int64(clamp32(a.Offered[ch]))
		}
	} else if ex != nil {
		cp := *ex
		ex = &cp
	}
	cnt[k] = sat32(int64(cnt[k]) + dn)
	if ex != nil {
		ex[which][k] += dn
		r.coldFor(i, copyChunk).exact = ex
	}
}

// hugeCounts reports whether a holds a load or offer count beyond the
// int32 range rows hold.
func hugeCounts(a *Agent) bool {
	for _, n := range a.Load {
		if n > math.MaxInt32 {
			return true
		}
	}
	for _, n := range a.Offered {
		if n > math.MaxInt32 {
			return true
		}
	}
	return false
}

// exactMap returns a copy of m with the changes d added, saturating at
// the largest int: keys m has stay, and channels that changed are added.
func exactMap(m map[ticket.Channel]int, d *[numCh]int64) map[ticket.Channel]int {
	out := maps.Clone(m)
	for k, dn := range d {
		if dn == 0 {
			continue
		}
		if out == nil {
			out = make(map[ticket.Channel]int)
		}
		n := int64(out[channelList[k]])
		if dn > 0 && n > math.MaxInt64-dn {
			n = math.MaxInt64
		} else {
			n += dn
		}
		out[channelList[k]] = int(n)
	}
	return out
}

// ownCold returns agent i's cold state for writing, filled from the source
// agent on first use. With copy set, the chunk is copied first (r shares it
// with older rosters); otherwise r owns it.
func (r *Roster) ownCold(i int, copyChunk bool) *cold {
	c := r.coldFor(i, copyChunk)
	if !c.set {
		a := &r.st.src[i]
		c.set, c.lastAt, c.recent = true, a.LastAssigned, a.Recent
		for ch, s := range a.LastOn {
			c.lastOn[channelIndex(ch)] = s
		}
	}
	return c
}

// countsMap returns a copy of m with the counts of c: keys m has stay, and
// non-zero counts are added; nil when both are empty.
func countsMap(m map[ticket.Channel]int, c *[numCh]int32) map[ticket.Channel]int {
	var out map[ticket.Channel]int
	if m != nil {
		out = maps.Clone(m)
	}
	for k, n := range c {
		ch := channelList[k]
		if _, had := out[ch]; had || n != 0 {
			if out == nil {
				out = make(map[ticket.Channel]int)
			}
			out[ch] = int(n)
		}
	}
	return out
}

// touch returns a roster that shares everything with r but the chunk of
// agent i, which is copied, and the copied row.
func (r *Roster) touch(i int) (*Roster, *row) {
	n := &Roster{st: r.st, chunks: slices.Clone(r.chunks), colds: slices.Clone(r.colds), turn: r.turn}
	c := i / chunkSize
	n.chunks[c] = slices.Clone(r.chunks[c])
	w := n.at(i)
	w.touched = true
	return n, w
}

// find returns the index of the agent with id, or -1.
func (r *Roster) find(id string) int {
	if r.st.index != nil {
		if i, ok := r.st.index[id]; ok {
			return int(i)
		}
		return -1
	}
	return slices.IndexFunc(r.st.src, func(a Agent) bool { return a.ID == id })
}

// Decide chooses an agent for it among the roster's agents at now under
// policy p, as [Policy.Decide] does on the same agents, without reading any
// map: the roster was compiled and validated once. The decision explains
// itself on demand ([Decision.Candidates]) from the roster, which never
// changes. Errors are those of an invalid policy or item.
func (r *Roster) Decide(p Policy, it Item, now time.Time) (Decision, error) {
	if err := p.Validate(); err != nil {
		return failed(), err
	}
	if errs := it.problems(-1, nil); len(errs) > 0 {
		return failed(), errors.Join(errs...)
	}
	e := p.evaluator(&it, now, r)
	return e.decide(), nil
}

// Apply returns the roster after the decision d: the chosen agent holds one
// more item on the decision's channel, was last assigned at now (also on
// the channel) and has the next turn, as [Decision.Apply] and
// [Policy.Assign] record it. It checks the chosen agent again first, as
// [Decision.Apply] does, and returns a [StaleError] when the roster no
// longer allows the decision. A decision with no agent returns r.
func (r *Roster) Apply(d Decision, now time.Time) (*Roster, error) {
	return r.commit(d, now, false)
}

// commit applies d as an assignment, or as an offer when offer is set.
func (r *Roster) commit(d Decision, now time.Time, offer bool) (*Roster, error) {
	if !d.Assigned() {
		return r, nil
	}
	i := r.find(d.Agent)
	if i < 0 {
		return nil, &StaleError{Agent: d.Agent, Reason: "is not on the roster"}
	}
	e := d.policy.evaluator(&d.item, d.now, r)
	if v := e.eval(i); v.rule != vEligible || v.invalid {
		return nil, &StaleError{Agent: d.Agent, Reason: "is no longer eligible: " + e.candidate(i, &v).Reason()}
	}
	n, _ := r.touch(i)
	n.record(i, e.ch, now, offer, e.p.Throttle, true)
	return n, nil
}

// record counts one more item (or offer) for agent i on channel k at now
// with the next turn. With copyCold set the agent's cold chunk is copied
// first; r's row chunk must already be its own.
func (r *Roster) record(i, k int, now time.Time, offer bool, th Throttle, copyCold bool) {
	r.turn++
	w := r.at(i)
	w.touched = true
	c := r.ownCold(i, copyCold)
	if offer {
		r.count(i, 1, k, 1, false)
	} else {
		r.count(i, 0, k, 1, false)
	}
	w.last = stamp{at: instantOf(now), turn: r.turn}
	c.lastAt = now
	c.lastOn[k] = Stamp{At: now, Turn: r.turn}
	if th.on() {
		c.recent = th.record(c.recent, now)
	}
}

func sat32(n int64) int32 { return clamp32(n) }

// Offer offers the decision's item to the chosen agent at now for the
// policy's [OfferRules.Timeout]: the agent's pending offers on the channel
// grow by one, holding capacity until the offer is accepted, declined or
// expires, and the offer counts as the agent's turn (LastAssigned, Turn,
// LastOn and, under a throttle, Recent), as ServiceNow AWA and Salesforce
// Omni-Channel reserve capacity for a pending offer. Like [Roster.Apply]
// it checks the agent again and returns a [StaleError] when the roster no
// longer allows the decision.
func (r *Roster) Offer(d Decision, now time.Time) (*Roster, Offer, error) {
	if !d.Assigned() {
		return nil, Offer{}, &StaleError{Agent: d.Agent, Reason: "is no one: the decision chose no agent"}
	}
	n, err := r.commit(d, now, true)
	if err != nil {
		return nil, Offer{}, err
	}
	o, err := NewOffer(d.item, d.Agent, now, d.policy.Offers.timeout())
	if err != nil {
		return nil, Offer{}, err
	}
	return n, o, nil
}

// release returns the roster with one pending offer of o's channel taken
// off o's agent, and the agent's copied row. It is an *OfferError for op
// when the agent is not on the roster or holds no pending offer on that
// channel there: o was settled already (a stale copy of it) or made on
// another roster, and settling it would count an item twice.
func (r *Roster) release(op string, o *Offer) (*Roster, *row, error) {
	i, k := r.find(o.Agent), channelIndex(o.Item.Channel)
	if i < 0 || k < 0 {
		return nil, nil, &OfferError{Op: op, State: o.State, Why: "agent " + o.Agent + " is not on the roster"}
	}
	if r.at(i).offered[k] <= 0 {
		return nil, nil, &OfferError{Op: op, State: o.State, Why: "agent " + o.Agent + " holds no pending offer of " + string(o.Item.Channel) + " on the roster: settled already?"}
	}
	n, w := r.touch(i)
	n.count(i, 1, k, -1, true)
	return n, w, nil
}

// Accept accepts o at now ([Offer.Accept]) and moves the capacity it held
// from the agent's Offered to Load.
func (r *Roster) Accept(o Offer, now time.Time) (*Roster, Offer, error) {
	acc, err := o.Accept(now)
	if err != nil {
		return nil, o, err
	}
	n, _, err := r.release("accept", &o)
	if err != nil {
		return nil, o, err
	}
	n.count(n.find(o.Agent), 0, channelIndex(o.Item.Channel), 1, true)
	return n, acc, nil
}

// Decline records that the agent declined o ([Offer.Decline]), releases
// the capacity it held, and returns the item to requeue without the agent.
func (r *Roster) Decline(o Offer) (*Roster, Offer, Item, error) {
	dec, it, err := o.Decline()
	if err != nil {
		return nil, o, o.Item, err
	}
	n, _, err := r.release("decline", &o)
	if err != nil {
		return nil, o, o.Item, err
	}
	return n, dec, it, nil
}

// Expire closes o once it has run out at now ([Offer.Expire]), releases the
// capacity it held, sets the agent's presence to rules.MissedPresence when
// that is set (ServiceNow AWA: a chosen presence after an offer times out),
// and returns the item to requeue with the miss recorded in
// [Item.Missed].
func (r *Roster) Expire(o Offer, now time.Time, rules OfferRules) (*Roster, Offer, Item, error) {
	if rules.MissedPresence != "" && !rules.MissedPresence.Valid() {
		return nil, o, o.Item, configErr("OfferRules.MissedPresence", "is not a known presence: %q", string(rules.MissedPresence))
	}
	exp, it, err := o.Expire(now)
	if err != nil {
		return nil, o, o.Item, err
	}
	n, w, err := r.release("expire", &o)
	if err != nil {
		return nil, o, o.Item, err
	}
	if rules.MissedPresence != "" {
		w.presence = int8(presenceIndex(rules.MissedPresence))
	}
	return n, exp, it, nil
}
