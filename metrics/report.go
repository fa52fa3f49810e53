package metrics

import (
	"errors"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/metrics/internal/wall"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// KPIs are the aggregates of one group of tickets (or of the whole
// report). Every field merges exactly: summaries keep their values, rates
// and means their counts.
type KPIs struct {
	Tickets int `json:"tickets"` // tickets kept

	FirstReply              Summary `json:"first_reply,omitzero"`
	FirstReplyBusiness      Summary `json:"first_reply_business,omitzero"`
	NextReply               Summary `json:"next_reply,omitzero"` // one value per fulfilled instance of sla's NextReply (0 for one that starts and ends at one instant, which sla does not list); a customer still waiting is censored
	NextReplyBusiness       Summary `json:"next_reply_business,omitzero"`
	FirstResolution         Summary `json:"first_resolution,omitzero"`
	FirstResolutionBusiness Summary `json:"first_resolution_business,omitzero"`
	FullResolution          Summary `json:"full_resolution,omitzero"`
	FullResolutionBusiness  Summary `json:"full_resolution_business,omitzero"`
	RequesterWait           Summary `json:"requester_wait,omitzero"`
	RequesterWaitBusiness   Summary `json:"requester_wait_business,omitzero"`
	AgentWait               Summary `json:"agent_wait,omitzero"`
	AgentWaitBusiness       Summary `json:"agent_wait_business,omitzero"`
	OnHold                  Summary `json:"on_hold,omitzero"`
	OnHoldBusiness          Summary `json:"on_hold_business,omitzero"`
	AgentWork               Summary `json:"agent_work,omitzero"`
	AgentWorkBusiness       Summary `json:"agent_work_business,omitzero"`

	Reopened   Rate `json:"reopened,omitzero"`   // tickets solved at least once and reopened at least once / tickets solved at least once (credited at the first solve)
	OneTouch   Rate `json:"one_touch,omitzero"`  // one-touch / resolved
	TwoTouch   Rate `json:"two_touch,omitzero"`  // two agent replies / resolved
	FCR        Rate `json:"fcr,omitzero"`        // resolved on first contact / resolved (under FCRNoRepeat only its ticket-local part, never reopened: see Report.FCRNoRepeat)
	Escalated  Rate `json:"escalated,omitzero"`  // tickets with at least one group hop / tickets
	Reassigned Rate `json:"reassigned,omitzero"` // tickets with at least one reassignment / tickets
	CSAT       Rate `json:"csat,omitzero"`       // good / rated, excluded categories listed
	CSATAll    Rate `json:"csat_all,omitzero"`   // good / rated, with the excluded categories
	// ZeroReplies is resolved tickets without an agent reply / resolved
	// tickets (Zendesk Explore's zero-reply tickets).
	ZeroReplies Rate `json:"zero_replies,omitzero"`
	Reopens     int  `json:"reopens,omitzero"` // reopens of tickets solved at least once, summed

	RepliesToResolve      Mean `json:"replies_to_resolve,omitzero"`      // agent replies per resolved ticket
	InteractionsToResolve Mean `json:"interactions_to_resolve,omitzero"` // agent replies and customer messages per resolved ticket
	CSATScore             Mean `json:"csat_score,omitzero"`              // raw CSAT scores (meaningful on one scale)
	NPS                   NPS  `json:"nps,omitzero"`
	CES                   CES  `json:"ces,omitzero"`
	// The answers of each survey by score and scale: CSAT without the
	// excluded categories, NPS on any scale, CES.
	CSATScores Distribution `json:"csat_scores,omitempty"`
	NPSScores  Distribution `json:"nps_scores,omitempty"`
	CESScores  Distribution `json:"ces_scores,omitempty"`

	SLA map[string]*Rate `json:"sla,omitempty"` // achieved / (achieved + breached) by "policy/metric"; see [Config.SLA]
}

// Merge adds o to k.
func (k *KPIs) Merge(o *KPIs) {
	k.Tickets += o.Tickets
	for i, s := range k.summaries() {
		s.Merge(o.summaries()[i])
	}
	for i, r := range k.rates() {
		r.Merge(o.rates()[i])
	}
	k.Reopens += o.Reopens
	k.RepliesToResolve.Merge(o.RepliesToResolve)
	k.InteractionsToResolve.Merge(o.InteractionsToResolve)
	k.CSATScore.Merge(o.CSATScore)
	k.NPS.Merge(o.NPS)
	k.CES.Merge(o.CES)
	k.CSATScores.Merge(o.CSATScores)
	k.NPSScores.Merge(o.NPSScores)
	k.CESScores.Merge(o.CESScores)
	for name, r := range o.SLA {
		if k.SLA == nil {
			k.SLA = make(map[string]*Rate)
		}
		if k.SLA[name] == nil {
			k.SLA[name] = &Rate{}
		}
		k.SLA[name].Merge(r)
	}
}

func (k *KPIs) summaries() [16]*Summary {
	return [16]*Summary{&k.FirstReply, &k.FirstReplyBusiness, &k.NextReply, &k.NextReplyBusiness,
		&k.FirstResolution, &k.FirstResolutionBusiness, &k.FullResolution, &k.FullResolutionBusiness,
		&k.RequesterWait, &k.RequesterWaitBusiness, &k.AgentWait, &k.AgentWaitBusiness,
		&k.OnHold, &k.OnHoldBusiness, &k.AgentWork, &k.AgentWorkBusiness}
}

func (k *KPIs) rates() [9]*Rate {
	return [9]*Rate{&k.Reopened, &k.OneTouch, &k.TwoTouch, &k.FCR, &k.Escalated, &k.Reassigned, &k.CSAT, &k.CSATAll, &k.ZeroReplies}
}

// link makes k's business-time summaries views of their calendar-time
// twins: without a business calendar they would hold the same values, so
// they are stored (and encoded) once.
func (k *KPIs) link() {
	ss := k.summaries()
	for i := 1; i < len(ss); i += 2 {
		*ss[i] = Summary{same: ss[i-1]}
	}
}

// linked reports whether k's business-time summaries are views.
func (k *KPIs) linked() bool { return k.FirstReplyBusiness.same != nil }

// unite makes k's summaries views of the union of the same summary in
// every group of b (see [Report]); the business-time ones of linked KPIs
// stay views of their twins.
func (k *KPIs) unite(b *Breakdown) {
	linked := k.linked()
	for i, s := range k.summaries() {
		*s = Summary{of: &union{b: b, i: i}}
	}
	if linked {
		k.link()
	}
}

// united reports whether any of k's summaries is a view of a breakdown's
// groups (an owner may have replaced some; see kpibeam's sketches).
func (k *KPIs) united() bool {
	for _, s := range k.summaries() {
		if s.of != nil {
			return true
		}
	}
	return false
}

// Clone returns a copy of k that shares no memory with it. The summaries
// of the clone hold their values themselves, views or not.
func (k *KPIs) Clone() *KPIs { return k.clone(nil) }

// clone is Clone; with b (a cloned report's carrier breakdown), each
// summary that is a union is a view of the same union over b instead,
// whether or not the others are (their owner may have replaced some).
func (k *KPIs) clone(b *Breakdown) *KPIs {
	c := *k
	for i, s := range c.summaries() {
		if o := k.summaries()[i]; o.of != nil && b != nil {
			*s = Summary{of: &union{b: b, i: o.of.i}}
		} else {
			*s = o.clone()
		}
	}
	if k.linked() {
		c.link()
	}
	for _, r := range c.rates() {
		*r = r.clone()
	}
	c.CSATScores, c.NPSScores, c.CESScores = slices.Clone(k.CSATScores), slices.Clone(k.NPSScores), slices.Clone(k.CESScores)
	if k.SLA != nil {
		c.SLA = make(map[string]*Rate, len(k.SLA))
		for name, r := range k.SLA {
			rc := r.clone()
			c.SLA[name] = &rc
		}
	}
	return &c
}

// normalize brings k to its canonical form: sorted values and exclusions,
// with buf as the sort's scratch memory.
func (k *KPIs) normalize(buf *sortScratch) {
	for _, s := range k.summaries() {
		s.sort(buf)
	}
	for _, r := range k.rates() {
		r.normalize()
	}
	for _, r := range k.SLA {
		r.normalize()
	}
}

// part is one dimension's value in a group key: a string, or a bucket's
// start in Unix seconds.
type part struct {
	s string
	n int64
}

// key is a group key of up to MaxDimensions parts.
type key [MaxDimensions]part

// Breakdown is the KPIs grouped by a list of dimensions.
type Breakdown struct {
	Dims     []Dimension
	loc      *time.Location
	groups   map[key]*KPIs
	perEvent bool // a dimension (agent, group, time) depends on the KPI's event
	one      bool // one dimension, not a tag: see addBreakdownOne
	calOnly  bool // no business calendar: business-time summaries are views

	// The groups of a breakdown by one dimension, by the key's one part:
	// found by hashing a string or an integer rather than a whole key.
	// Entries are added as groups are looked up; groups holds them all.
	byValue  map[string]*KPIs
	byBucket map[int64]*KPIs
	last     lastGroup // see groupOf

	// unions are the overall durations of a report whose groups carry
	// them, gathered and sorted by Report.Sort, in the order of
	// KPIs.summaries; nil after any change to a group.
	unions []*Summary
}

// Group is one group of a [Breakdown]: its key (one value per dimension:
// attribute values as they are, time buckets as labels such as
// "2026-W14", "2026-03" or "2026-10-25T02:00+01:00"), the first instant of
// each time bucket in the report's location (the Monday 00:00 that starts
// an ISO week, say; zero for attribute dimensions), and its KPIs.
type Group struct {
	Key    []string
	Starts []time.Time
	KPIs   *KPIs
}

// Groups returns the groups in key order (time buckets chronologically).
func (b *Breakdown) Groups() []Group {
	keys := make([]key, 0, len(b.groups))
	for k := range b.groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	out := make([]Group, len(keys))
	for i, k := range keys {
		out[i] = Group{Key: b.labels(k), Starts: b.starts(k), KPIs: b.groups[k]}
	}
	return out
}

// Len returns the number of groups.
func (b *Breakdown) Len() int { return len(b.groups) }

// NoTag is the tag value of the group of tickets without tags in a
// breakdown by [DimTag] (no ticket has an empty tag).
const NoTag = ""

// KeyPart is one dimension's value in a group's key: an attribute value
// ([Value]) or any instant of a time bucket ([In]).
type KeyPart struct {
	Value string
	At    time.Time
}

// Value is the key part of an attribute value: an agent ID, a group, a
// channel, a tag ([NoTag] for untagged tickets), ….
func Value(s string) KeyPart { return KeyPart{Value: s} }

// In is the key part of the time bucket holding t (read in the report's
// location): In(t) finds t's ISO week in a breakdown by [DimWeek].
func In(t time.Time) KeyPart { return KeyPart{At: t} }

// Lookup returns the KPIs of the group with the given key, one part per
// dimension ([Value] for attributes, [In] for time buckets), or nil. It
// takes constant time.
func (b *Breakdown) Lookup(parts ...KeyPart) *KPIs {
	if len(parts) != len(b.Dims) {
		return nil
	}
	var k key
	for i, d := range b.Dims {
		if !d.IsTime() {
			k[i].s = parts[i].Value
			continue
		}
		if parts[i].At.IsZero() {
			return nil
		}
		k[i].n = bucketKey(d, parts[i].At.In(b.loc))
	}
	return b.groups[k]
}

// Get returns the KPIs of the group whose key labels (as in [Group.Key])
// are values, or nil. It parses the labels and takes constant time.
func (b *Breakdown) Get(values ...string) *KPIs {
	if len(values) != len(b.Dims) {
		return nil
	}
	var k key
	for i, d := range b.Dims {
		if !d.IsTime() {
			k[i].s = values[i]
			continue
		}
		n, ok := parseLabel(d, values[i], b.loc)
		if !ok {
			return nil
		}
		k[i].n = n
	}
	return b.groups[k]
}

func (b *Breakdown) labels(k key) []string {
	out := make([]string, len(b.Dims))
	for i, d := range b.Dims {
		if d.IsTime() {
			out[i] = bucketLabel(d, k[i].n, b.loc)
		} else {
			out[i] = k[i].s
		}
	}
	return out
}

func (b *Breakdown) starts(k key) []time.Time {
	out := make([]time.Time, len(b.Dims))
	for i, d := range b.Dims {
		if d.IsTime() {
			out[i] = bucketStart(d, k[i].n, b.loc)
		}
	}
	return out
}

func compareKeys(a, b key) int {
	for i := range a {
		if c := cmpString(a[i].s, b[i].s); c != 0 {
			return c
		}
		if a[i].n != b[i].n {
			if a[i].n < b[i].n {
				return -1
			}
			return 1
		}
	}
	return 0
}

// group returns the group of key k, made if new, for a write.
func (b *Breakdown) group(k key) *KPIs {
	b.unions = nil // what Sort gathered no longer holds
	one := len(b.Dims) == 1
	if one {
		if g := b.byPart(k); g != nil {
			return g
		}
	}
	g := b.groups[k]
	if g == nil {
		g = &KPIs{}
		if b.calOnly {
			g.link()
		}
		b.groups[k] = g
	}
	if one {
		if b.Dims[0].IsTime() {
			if b.byBucket == nil {
				b.byBucket = map[int64]*KPIs{}
			}
			b.byBucket[k[0].n] = g
		} else {
			if b.byValue == nil {
				b.byValue = map[string]*KPIs{}
			}
			b.byValue[k[0].s] = g
		}
	}
	return g
}

// byPart returns the group of a one-dimension breakdown with key k from
// the index by its part, or nil.
func (b *Breakdown) byPart(k key) *KPIs {
	if b.Dims[0].IsTime() {
		return b.byBucket[k[0].n]
	}
	return b.byValue[k[0].s]
}

// Removal lists the tickets one filter removed.
type Removal struct {
	Count   int         `json:"count"`
	Tickets []ticket.ID `json:"tickets"`
}

// Skip is a corrupt history a report skipped ([SkipCorrupt]).
type Skip struct {
	Ticket  ticket.ID `json:"ticket"`
	Problem string    `json:"problem"`
}

// The filter names used as keys of Report.Removed.
const (
	RemovedMergedAway = "merged_away"
	RemovedGroup      = "group"
	RemovedChannel    = "channel"
	RemovedCategory   = "category"
	RemovedExcluded   = "exclude_category"
	RemovedTier       = "tier"
	RemovedRange      = "range"
	RemovedAfterNow   = "after_now" // created after Config.Now
)

// Report is a full KPI report over ticket histories: it folds each ticket's
// events once into [Facts] ([Report.Add]) and the facts into aggregates,
// without keeping the events, so it can be fed one history at a time from a
// [ticket.Scanner]. A Report is a mergeable value: reports over disjoint sets
// of tickets, made with the same [Config], merge ([Report.Merge]) into the
// report of their union, exactly, in any order and grouping; and it
// encodes to JSON stably ([Report.MarshalJSON]) so partial reports can
// travel between processes.
//
// Reads never change a Report, so many goroutines may read one at once;
// writes (Add, AddAll, AddFacts, Merge, Sort, UnmarshalJSON) need exclusive
// access. To use several cores, give each goroutine its own Report and
// merge them.
//
// Every duration is stored once. When the report has a breakdown without
// a tag dimension (of those, the one likely to have the fewest groups),
// each part of a ticket lands in exactly one of its groups, as it lands
// in the overall KPIs: the duration summaries of All are then views of
// the union of that breakdown's groups (reading one gathers them without
// copying values; after [Report.Sort], from one sorted copy), not copies.
// They are not written out with the report (json.Marshal of All alone
// writes them), and decoding checks any that are against the groups. Like
// a business time read from its twin, a view records nothing of its own:
// Add or Merge into All's durations changes nothing (merge reports, or
// merge All into KPIs of your own).
type Report struct {
	Spec       Spec
	Tickets    int                 // tickets kept after filters
	Skipped    []Skip              // corrupt histories skipped
	Removed    map[string]*Removal // by filter name (Removed… constants)
	All        *KPIs
	Breakdowns []*Breakdown
	Volume     *Volume
	Workload   *Workload
	// Contacts holds one record per kept ticket when the definitions use
	// [FCRNoRepeat], which needs every ticket of a requester: see
	// [Report.FCRNoRepeat].
	Contacts []Contact

	cfg    Config
	folder *Folder
	eval   *sla.Evaluator // for cfg.SLA; its results are read before the next ticket
	loc    *time.Location
	noTag  [1]string // the tags of an untagged ticket: NoTag
	// The tickets being added: one for Add, up to addBatch for AddAll,
	// whose breakdowns are added after the whole batch's other parts.
	batch   []pending
	lands   []landing // the groups of one breakdown a ticket lands in
	buckets [5]bucketMemo
	zone    zoneCache // r.loc's zone periods
	// the SLA instance names of the ticket being added, and every name
	// built (see slaNames)
	slaNameBuf []string
	slaMemo    []slaName
	slaHint    []int // by position in a ticket's instances: the index in slaMemo found last
}

// NewReport returns an empty report. It returns the joined
// [*ConfigError]s of a bad config (see [Config.Validate]).
func NewReport(cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	fo, err := NewFolder(cfg.Definitions, cfg.Calendar, cfg.Now, cfg.BacklogAt)
	if err != nil {
		return nil, err
	}
	r := newEmpty(cfg.spec(), cfg.Location)
	r.cfg, r.folder = cfg, fo
	if len(cfg.SLA) > 0 {
		if r.eval, err = sla.NewEvaluator(cfg.SLA); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// newEmpty returns an empty report of spec in loc.
func newEmpty(spec Spec, loc *time.Location) *Report {
	r := &Report{Spec: spec, Removed: map[string]*Removal{}, All: &KPIs{}, loc: loc, zone: zoneCache{loc: loc, start: 1},
		Volume: newVolume(spec.VolumeBucket, loc, spec.BusinessCalendar), Workload: newWorkload(spec.Customers)}
	for _, dims := range spec.Breakdowns {
		perEvent := slices.ContainsFunc(dims, func(d Dimension) bool { return d == DimAgent || d == DimGroup || d.IsTime() })
		r.Breakdowns = append(r.Breakdowns, &Breakdown{Dims: slices.Clone(dims), loc: loc, groups: map[key]*KPIs{}, perEvent: perEvent,
			one: len(dims) == 1 && dims[0] != DimTag, calOnly: !spec.BusinessCalendar})
	}
	if c := carrier(spec.Breakdowns); c >= 0 {
		r.All.unite(r.Breakdowns[c])
	}
	if !spec.BusinessCalendar {
		r.All.link()
	}
	return r
}

// carrier returns the index of the breakdown whose groups carry the
// overall durations (see [Report]), or -1: of the breakdowns without a tag
// dimension, the one likely to have the fewest groups (the first of
// equals), since a read of an overall duration gathers them. Every
// contribution of a ticket lands in exactly one group of a breakdown
// without tags, as in the overall KPIs, so the overall durations are the
// union of its groups'; any such breakdown gives the same figures.
func carrier(breakdowns [][]Dimension) int {
	best, fewest := -1, 0.0
	for i, dims := range breakdowns {
		if slices.Contains(dims, DimTag) {
			continue
		}
		groups := 1.0
		for _, d := range dims {
			groups *= typicalGroups(d)
		}
		if best < 0 || groups < fewest {
			best, fewest = i, groups
		}
	}
	return best
}

// typicalGroups returns a desk's typical number of values of dimension d
// (not a tag) over a year of tickets, for choosing the carrier breakdown.
func typicalGroups(d Dimension) float64 {
	switch d {
	case DimYear:
		return 1
	case DimPriority, DimTier:
		return 4
	case DimChannel:
		return 8
	case DimMonth:
		return 12
	case DimCategory, DimGroup:
		return 20
	case DimWeek:
		return 53
	case DimAgent:
		return 100
	case DimDay:
		return 365
	case DimOrganization:
		return 1000
	case DimHour:
		return 8760
	}
	return 100_000 // customers
}

// Clone returns a deep copy of r that shares no memory with it: adding to
// or merging into one changes nothing in the other. A clone of a report
// from [NewReport] folds histories as r does; a clone of a decoded one
// does not.
func (r *Report) Clone() *Report {
	c := newEmpty(r.Spec, r.loc)
	c.Tickets = r.Tickets
	c.Skipped = slices.Clone(r.Skipped)
	for name, rm := range r.Removed {
		c.Removed[name] = &Removal{Count: rm.Count, Tickets: slices.Clone(rm.Tickets)}
	}
	var carried *Breakdown
	if i := carrier(r.Spec.Breakdowns); i >= 0 {
		carried = c.Breakdowns[i]
	}
	c.All = r.All.clone(carried)
	for i, b := range r.Breakdowns {
		for k, g := range b.groups {
			c.Breakdowns[i].groups[k] = g.Clone()
		}
	}
	c.Volume.merge(r.Volume)
	c.Workload.merge(r.Workload)
	c.Contacts = slices.Clone(r.Contacts)
	c.cfg, c.folder = r.cfg, r.folder
	if r.eval != nil {
		// An Evaluator reuses its memory: each report needs its own.
		c.eval, _ = sla.NewEvaluator(r.cfg.SLA) // the policies were validated by NewReport
	}
	return c
}

// Location returns the report's time zone.
func (r *Report) Location() *time.Location { return r.loc }

// Add folds one ticket's history (in sequence order, as stored) into the
// report. A history the fold cannot read fails with a [*HistoryError]
// (wrapping [ErrCorruptHistory], naming the ticket) and changes nothing;
// under [SkipCorrupt] it is recorded in Skipped and Add returns nil.
func (r *Report) Add(events []ticket.Event) error {
	if r.folder == nil {
		return errNoConfig()
	}
	if len(r.batch) == 0 {
		r.batch = make([]pending, 1, addBatch)
	}
	p := &r.batch[0]
	if err := r.fold(p, events); err != nil {
		return err
	}
	r.addBreakdowns(r.batch[:1])
	return nil
}

// addBatch is the number of histories AddAll folds before it adds their
// breakdowns: their facts and placements (about 100 KB) and one
// breakdown's groups stay in a core's caches together.
const addBatch = 64

// AddAll adds each history of histories in turn, as Add does, and leaves
// the report exactly as Add of each would. On many histories it is
// faster: it folds them in batches and then adds a batch's facts to one
// breakdown at a time, so that a breakdown's groups stay in the
// processor's caches instead of being displaced by the histories read in
// between, and it reads the first bytes of a batch's requester IDs at
// once (a requester's ID is often a string shared across the tickets of
// a store's page, far from the events in memory), so that their cache
// misses overlap instead of following each other.
//
// AddAll stops at the first history Add would return an error for and
// returns that error: the histories before it are added, it and those
// after it are not. Under [SkipCorrupt] it skips and records corrupt
// histories, as Add does, and adds all the others.
func (r *Report) AddAll(histories [][]ticket.Event) error {
	if r.folder == nil {
		return errNoConfig()
	}
	if cap(r.batch) < addBatch {
		r.batch = make([]pending, addBatch)
	}
	r.batch = r.batch[:addBatch]
	for len(histories) > 0 {
		n := min(len(histories), addBatch)
		touchRequesters(histories[:n], &r.batch[0])
		for i, h := range histories[:n] {
			if err := r.fold(&r.batch[i], h); err != nil {
				r.addBreakdowns(r.batch[:i])
				return err
			}
		}
		r.addBreakdowns(r.batch[:n])
		histories = histories[n:]
	}
	return nil
}

// touchRequesters reads the first byte of the ID of the actor of each
// history's first event and keeps what it read in p, so that the compiler
// keeps the reads: they are independent of each other, so the processor
// waits for their cache misses together, once, and the fold finds the IDs
// in cache.
func touchRequesters(histories [][]ticket.Event, p *pending) {
	var x byte
	for _, h := range histories {
		if len(h) > 0 && h[0].Actor.ID != "" {
			x ^= h[0].Actor.ID[0]
		}
	}
	p.touched = x
}

// pending is a ticket being added: its facts and where each part lands.
// kept is set when it adds to the breakdowns.
type pending struct {
	f       Facts
	cs      [numContrib]contrib
	next    []contrib // where each next reply lands
	kept    bool
	touched byte // see touchRequesters
}

// fold folds events into p and adds every part of the ticket but its
// breakdowns (see addBreakdowns). A corrupt history is skipped and
// recorded under SkipCorrupt; else fold returns its error and changes
// nothing.
func (r *Report) fold(p *pending, events []ticket.Event) error {
	p.kept = false
	f := &p.f
	if err := r.folder.Fold(f, events); err != nil {
		if r.cfg.OnCorrupt == SkipCorrupt {
			var he *HistoryError
			if errors.As(err, &he) {
				r.Skipped = append(r.Skipped, Skip{Ticket: he.Ticket, Problem: he.Problem})
				return nil
			}
		}
		return err
	}
	if len(r.cfg.SLA) == 0 || !r.cfg.Now.IsZero() && wall.After(f.CreatedAt, r.cfg.Now) {
		r.addFacts(p, f, nil)
		return nil
	}
	now := r.cfg.Now
	if now.IsZero() || wall.After(f.LastEventAt, now) {
		now = f.LastEventAt
	}
	res, err := r.eval.Evaluate(events, now)
	if err != nil {
		he := &HistoryError{Ticket: f.Ticket, Problem: "sla: " + err.Error(), Err: err}
		if r.cfg.OnCorrupt == SkipCorrupt {
			r.Skipped = append(r.Skipped, Skip{Ticket: he.Ticket, Problem: he.Problem})
			return nil
		}
		return he
	}
	r.addFacts(p, f, res.Instances)
	return nil
}

// addBreakdowns adds the kept tickets of ps to each breakdown in turn.
func (r *Report) addBreakdowns(ps []pending) {
	for _, b := range r.Breakdowns {
		for i := range ps {
			if p := &ps[i]; p.kept {
				r.addBreakdown(b, &p.f, p)
			}
		}
	}
}

// remove records that filter name removed ticket id.
func (r *Report) remove(name string, id ticket.ID) {
	rm := r.Removed[name]
	if rm == nil {
		rm = &Removal{}
		r.Removed[name] = rm
	}
	rm.Count++
	rm.Tickets = append(rm.Tickets, id)
}

// filtered returns the name of the filter that removes f, or "".
func (r *Report) filtered(f *Facts) string {
	c := &r.cfg
	switch {
	case !c.Now.IsZero() && wall.After(f.CreatedAt, c.Now):
		return RemovedAfterNow
	case f.Merged():
		return RemovedMergedAway
	case len(c.Groups) > 0 && !slices.Contains(c.Groups, f.Group):
		return RemovedGroup
	case len(c.Channels) > 0 && !slices.Contains(c.Channels, f.Channel):
		return RemovedChannel
	case len(c.Categories) > 0 && !slices.Contains(c.Categories, f.Category):
		return RemovedCategory
	case slices.Contains(c.ExcludeCategories, f.Category):
		return RemovedExcluded
	case len(c.Tiers) > 0 && !slices.Contains(c.Tiers, f.Tier):
		return RemovedTier
	}
	return ""
}

func (r *Report) inRange(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	return (r.cfg.From.IsZero() || !wall.After(r.cfg.From, t)) && (r.cfg.To.IsZero() || wall.After(r.cfg.To, t))
}

// contribution kinds: which part of a ticket's facts lands where.
const (
	cTicket = iota
	cFirstReply
	cFirstSolve
	cSolve
	cCSAT
	cNPS
	cCES
	numContrib
)

// contrib is where one part of a ticket's facts lands: its instant and the
// agent and group credited.
type contrib struct {
	at           time.Time
	agent, group string
	ok           bool
}

// contribs fills cs with the placement of each part of f.
func (r *Report) contribs(f *Facts, cs *[numContrib]contrib) {
	created := contrib{at: f.CreatedAt, agent: f.ResolverAgent, group: f.Group, ok: true}
	if f.SolvedAt.IsZero() {
		created.agent = f.Assignee
		if r.folder.defs.Credit == CreditLastReplier {
			created.agent = f.LastReplier
		}
	}
	cs[cTicket] = created
	cs[cFirstReply], cs[cFirstSolve], cs[cSolve] = created, created, created
	if f.FirstReply.Known {
		cs[cFirstReply] = contrib{at: f.FirstReplyAt, agent: f.FirstReplyAgent, group: f.FirstReplyGroup, ok: true}
	}
	if f.FirstResolution.Known {
		cs[cFirstSolve] = contrib{at: f.FirstSolvedAt, agent: f.FirstResolverAgent, group: f.FirstResolverGroup, ok: true}
	}
	if !f.SolvedAt.IsZero() {
		cs[cSolve] = contrib{at: f.SolvedAt, agent: f.ResolverAgent, group: f.ResolverGroup, ok: true}
	}
	for i := range 3 {
		rt := &f.Ratings[i]
		cs[cCSAT+i] = contrib{at: rt.At, agent: rt.Agent, group: rt.Group, ok: rt.Known}
	}
	switch r.Spec.Attribution {
	case ByCreated:
		for i := range cs {
			cs[i].at = f.CreatedAt
		}
	case ByResolved:
		for i := range cs {
			cs[i].at = f.SolvedAt
		}
	}
	for i := range cs {
		if cs[i].ok && !r.inRange(cs[i].at) {
			cs[i].ok = false
		}
	}
}

// firstContact reports whether a resolved ticket was resolved on first
// contact by the ticket-local part of the FCR method in force: one-touch
// and never reopened ([FCROneTouch]), or never reopened ([FCRNoRepeat],
// whose repeat-contact part [Report.FCRNoRepeat] adds over the report).
func (r *Report) firstContact(f *Facts) bool {
	if r.folder.defs.FCR == FCRNoRepeat {
		return f.Resolved() && f.Reopens == 0
	}
	return f.FirstContact(r.folder.defs.OneTouch)
}

// errNoConfig is the error of adding to a report that was decoded or not
// made by [NewReport]: it has no definitions or filters to apply.
func errNoConfig() error {
	return &ConfigError{Field: "Report", Problem: "a decoded or zero report has no configuration to fold with; merge it into a report from NewReport"}
}

// AddFacts adds one ticket's facts (from [Folder.Fold] with the report's
// definitions) to the report. On a report not made by [NewReport] (a
// decoded one) it returns a [*ConfigError] wrapping [ErrInvalidConfig].
func (r *Report) AddFacts(f *Facts) error {
	if r.folder == nil {
		return errNoConfig()
	}
	if len(r.batch) == 0 {
		r.batch = make([]pending, 1, addBatch)
	}
	p := &r.batch[0]
	p.kept = false
	r.addFacts(p, f, nil)
	if p.kept {
		for _, b := range r.Breakdowns {
			r.addBreakdown(b, f, p)
		}
	}
	return nil
}

// addFacts adds f and the ticket's SLA instances, if any, to every part of
// the report but its breakdowns, and records in p where each part of f
// lands (p.kept when the breakdowns are to be added: see addBreakdown).
func (r *Report) addFacts(p *pending, f *Facts, slas []sla.Instance) {
	if name := r.filtered(f); name != "" {
		r.remove(name, f.Ticket)
		if name == RemovedMergedAway && r.folder.defs.FCR == FCRNoRepeat {
			r.mergedContact(f)
		}
		return
	}
	if f.ActiveAt {
		// The backlog is a state at an instant, not attributed to a range.
		r.Volume.Backlog++
	}
	cs := &p.cs
	r.contribs(f, cs)
	any := false
	for i := range cs {
		any = any || cs[i].ok
	}
	p.next = p.next[:0]
	for i := range f.NextReplies {
		c := r.nextContrib(f, &f.NextReplies[i])
		p.next = append(p.next, c)
		any = any || c.ok
	}
	if !any {
		r.remove(RemovedRange, f.Ticket)
		return
	}
	r.Tickets++
	p.kept = true
	r.addKPIs(r.All, f, okParts(cs))
	r.addNextReplies(r.All, f, p.next, cs[cTicket].ok, -1)
	if len(slas) > 0 && cs[cTicket].ok {
		names := r.slaNames(slas)
		addSLA(r.All, f.Ticket, slas, names)
		for _, b := range r.Breakdowns {
			k, td := r.key(b, f, &cs[cTicket])
			for _, t := range r.tagsOf(f, td) {
				setTag(&k, td, t)
				addSLA(b.group(k), f.Ticket, slas, names)
			}
		}
	}
	if r.inRange(f.CreatedAt) {
		r.Volume.add(f, r.cfg.Calendar, &r.zone)
	}
	if cs[cTicket].ok {
		r.Workload.add(f)
	}
	if r.folder.defs.FCR == FCRNoRepeat {
		c := Contact{Ticket: f.Ticket, Customer: f.Customer, Category: f.Category, Created: f.CreatedAt.UTC(),
			FirstContact: r.firstContact(f)}
		if f.Resolved() && cs[cSolve].ok {
			// Resolved, and its solve placed in the range: the tickets
			// the FCR rate is taken over. Kept for another part in range
			// (a reply, a rating), the ticket is only a possible repeat.
			c.Solved = f.SolvedAt.UTC()
		}
		r.Contacts = append(r.Contacts, c)
	}
}

// mergedContact records a ticket merged away as a contact for
// [Report.FCRNoRepeat]: a requester's new ticket merged into an older one
// (as desks do with a repeat contact) leaves every KPI, but it was a
// contact all the same. It is a possible repeat only, never a resolved
// ticket, and counts when the other filters would keep it and it was
// created in the report's range.
func (r *Report) mergedContact(f *Facts) {
	g := *f
	g.MergedInto = ticket.ID{}
	if r.filtered(&g) != "" || !r.inRange(f.CreatedAt) {
		return
	}
	r.Contacts = append(r.Contacts, Contact{Ticket: f.Ticket, Customer: f.Customer, Category: f.Category, Created: f.CreatedAt.UTC()})
}

// addBreakdown adds f to each group of b that its contributions land in,
// as p records them.
func (r *Report) addBreakdown(b *Breakdown, f *Facts, p *pending) {
	if b.one {
		r.addBreakdownOne(b, f, p)
		return
	}
	cs := &p.cs
	if !b.perEvent {
		// The key does not depend on the contribution: add them all at once.
		k, td := r.key(b, f, &cs[cTicket])
		for _, t := range r.tagsOf(f, td) {
			setTag(&k, td, t)
			g := b.group(k)
			r.addKPIs(g, f, okParts(cs))
			r.addNextReplies(g, f, p.next, cs[cTicket].ok, -1)
		}
		return
	}
	if cs[cTicket].ok && f.NextReplyWaiting {
		k, td := r.key(b, f, &cs[cTicket])
		for _, t := range r.tagsOf(f, td) {
			setTag(&k, td, t)
			g := b.group(k)
			g.NextReply.AddCensored()
			g.NextReplyBusiness.AddCensored()
		}
	}
	for i := range f.NextReplies {
		if !p.next[i].ok {
			continue
		}
		k, td := r.key(b, f, &p.next[i])
		for _, t := range r.tagsOf(f, td) {
			setTag(&k, td, t)
			r.addNextReplies(b.group(k), f, nil, false, i)
		}
	}
	// Most contributions of a ticket land in the same group (its agent,
	// its week): gather which land in each group, and add them at once.
	r.lands = r.lands[:0]
	for c := range cs {
		if !cs[c].ok {
			continue
		}
		k, td := r.key(b, f, &cs[c])
		for _, t := range r.tagsOf(f, td) {
			setTag(&k, td, t)
			j := 0
			for j < len(r.lands) && r.lands[j].k != k {
				j++
			}
			if j == len(r.lands) {
				r.lands = append(r.lands, landing{k: k})
			}
			r.lands[j].parts |= 1 << c
		}
	}
	for _, l := range r.lands {
		r.addKPIs(b.group(l.k), f, l.parts)
	}
}

// addBreakdownOne is addBreakdown for a breakdown by one dimension that is
// not a tag (b.one): each contribution lands in one group, found by
// groupOf, and the next contribution usually in the same one.
func (r *Report) addBreakdownOne(b *Breakdown, f *Facts, p *pending) {
	b.unions = nil // groups change (groupOf finds most without group)
	cs := &p.cs
	if !b.perEvent {
		g := r.groupOf(b, f, &cs[cTicket])
		r.addKPIs(g, f, okParts(cs))
		r.addNextReplies(g, f, p.next, cs[cTicket].ok, -1)
		return
	}
	if cs[cTicket].ok && f.NextReplyWaiting {
		g := r.groupOf(b, f, &cs[cTicket])
		g.NextReply.AddCensored()
		g.NextReplyBusiness.AddCensored()
	}
	for i := range f.NextReplies {
		if p.next[i].ok {
			r.addNextReplies(r.groupOf(b, f, &p.next[i]), f, nil, false, i)
		}
	}
	var gs [numContrib]*KPIs
	var parts [numContrib]uint8
	n := 0
	for c := range cs {
		if !cs[c].ok {
			continue
		}
		g := r.groupOf(b, f, &cs[c])
		j := 0
		for j < n && gs[j] != g {
			j++
		}
		if j == n {
			gs[n] = g
			n++
		}
		parts[j] |= 1 << c
	}
	for j := range n {
		r.addKPIs(gs[j], f, parts[j])
	}
}

// landing is a group a ticket's contributions land in, and which
// (bit c for contribution c).
type landing struct {
	k     key
	parts uint8
}

// key returns the key contribution c of f lands under in b, and the index
// of b's tag dimension (-1 if none), whose part is left for the caller to
// set to each of the ticket's tags in turn ([Report.tagsOf], setTag).
func (r *Report) key(b *Breakdown, f *Facts, c *contrib) (k key, tagDim int) {
	tagDim = -1
	for i, d := range b.Dims {
		switch {
		case d == DimTag:
			tagDim = i
		case d.IsTime():
			k[i].n = r.bucket(d, c.at)
		default:
			k[i].s = attr(d, f, c)
		}
	}
	return k, tagDim
}

// attr returns the value of attribute dimension d (not a tag) that
// contribution c of f lands under.
func attr(d Dimension, f *Facts, c *contrib) string {
	switch d {
	case DimAgent:
		return c.agent
	case DimGroup:
		return c.group
	case DimChannel:
		return string(f.Channel)
	case DimPriority:
		return string(f.Priority)
	case DimCategory:
		return f.Category
	case DimTier:
		return string(f.Tier)
	case DimCustomer:
		return f.Customer
	case DimOrganization:
		return f.Organization
	}
	return ""
}

// groupOf returns the group contribution c of f lands in under b, a
// breakdown by one dimension that is not a tag, made if new: found by the
// key's one part, first as the group found last.
func (r *Report) groupOf(b *Breakdown, f *Facts, c *contrib) *KPIs {
	var k key
	if d := b.Dims[0]; d.IsTime() {
		k[0].n = r.bucket(d, c.at)
	} else {
		k[0].s = attr(d, f, c)
	}
	if b.last.g != nil && b.last.k == k[0] {
		return b.last.g
	}
	g := b.group(k) // by the part's index (byPart) before the whole key
	b.last = lastGroup{k: k[0], g: g}
	return g
}

// lastGroup is the group groupOf found last, and its key's one part: the
// next contribution (of the same ticket, or of the next one in a
// category or week) often lands there too. A group, once made, stays.
type lastGroup struct {
	k part
	g *KPIs
}

// tagsOf returns the tags whose groups f lands in under a breakdown with
// its tag dimension at tagDim: f's tags, or for an untagged ticket or a
// breakdown without tags one NoTag ("").
func (r *Report) tagsOf(f *Facts, tagDim int) []string {
	if tagDim < 0 || len(f.Tags) == 0 {
		return r.noTag[:]
	}
	return f.Tags
}

// setTag sets the tag part of k, if it has one.
func setTag(k *key, tagDim int, tag string) {
	if tagDim >= 0 {
		k[tagDim].s = tag
	}
}

// bucketMemo remembers the bucket of the last instant asked for, per time
// dimension: a ticket's contributions and breakdowns ask for the same
// instants again and again.
type bucketMemo struct {
	at time.Time
	n  int64
	ok bool
}

// bucket returns the key of the bucket of time dimension d holding t.
func (r *Report) bucket(d Dimension, t time.Time) int64 {
	var i int
	switch d {
	case DimDay:
		i = 1
	case DimWeek:
		i = 2
	case DimMonth:
		i = 3
	case DimYear:
		i = 4
	}
	m := &r.buckets[i]
	if m.ok && wall.Equal(m.at, t) {
		return m.n
	}
	n := r.zone.bucketKey(d, t)
	*m = bucketMemo{at: t, n: n, ok: true}
	return n
}

// okParts returns the contributions of cs that are in range, bit c for
// contribution c.
func okParts(cs *[numContrib]contrib) uint8 {
	var parts uint8
	for c := range cs {
		if cs[c].ok {
			parts |= 1 << c
		}
	}
	return parts
}

// addKPIs adds to g the parts of f's facts that parts names, bit c for
// contribution c (the report's overall KPIs and a breakdown whose key does
// not depend on the contribution take every part in range: okParts).
func (r *Report) addKPIs(g *KPIs, f *Facts, parts uint8) {
	if parts&(1<<cTicket) != 0 {
		g.Tickets++
		g.Escalated.Add(f.GroupHops > 0)
		g.Reassigned.Add(f.Reassignments > 0)
		addElapsed(&g.RequesterWait, &g.RequesterWaitBusiness, f.RequesterWait)
		addElapsed(&g.AgentWait, &g.AgentWaitBusiness, f.AgentWait)
		addElapsed(&g.OnHold, &g.OnHoldBusiness, f.OnHold)
		addElapsed(&g.AgentWork, &g.AgentWorkBusiness, f.AgentWork)
	}
	if parts&(1<<cFirstReply) != 0 {
		addElapsed(&g.FirstReply, &g.FirstReplyBusiness, f.FirstReply)
	}
	if parts&(1<<cFirstSolve) != 0 {
		addElapsed(&g.FirstResolution, &g.FirstResolutionBusiness, f.FirstResolution)
		if f.FirstResolution.Known {
			// Solved at least once, whether or not it is solved now: a
			// reopen not yet re-solved is a reopen (REFERENCE 6.2).
			g.Reopened.Add(f.Reopens > 0)
			g.Reopens += f.Reopens
			if defs := &r.folder.defs; defs.OneTouchOver == OneTouchOverSolvedOnce {
				g.OneTouch.Add(touches(f.AgentReplies, defs.OneTouch))
				g.TwoTouch.Add(f.AgentReplies == 2)
			}
		}
	}
	if parts&(1<<cSolve) != 0 {
		addElapsed(&g.FullResolution, &g.FullResolutionBusiness, f.FullResolution)
		if f.Resolved() {
			defs := &r.folder.defs
			if defs.OneTouchOver == OneTouchOverResolved {
				g.OneTouch.Add(f.OneTouch(defs.OneTouch))
				g.TwoTouch.Add(f.TwoTouch())
			}
			g.ZeroReplies.Add(f.AgentReplies == 0)
			g.FCR.Add(r.firstContact(f))
			g.RepliesToResolve.Add(int64(f.RepliesToResolve))
			g.InteractionsToResolve.Add(int64(f.InteractionsToResolve))
		}
	}
	if parts&(1<<cCSAT) != 0 {
		rt := &f.Ratings[0]
		good := r.folder.defs.csatGood(rt.Score, rt.Scale)
		g.CSATAll.Add(good)
		if slices.Contains(r.cfg.CSATExclude, f.Category) {
			g.CSAT.Exclude(f.Ticket, ReasonCategoryExcluded)
		} else {
			g.CSAT.Add(good)
			g.CSATScore.Add(int64(rt.Score))
			g.CSATScores.Add(rt.Score, rt.Scale)
		}
	}
	if parts&(1<<cNPS) != 0 {
		if f.Ratings[1].Scale == 10 {
			g.NPS.Add(f.Ratings[1].Score)
		}
		g.NPSScores.Add(f.Ratings[1].Score, f.Ratings[1].Scale)
	}
	if parts&(1<<cCES) != 0 {
		g.CES.Add(f.Ratings[2].Score, f.Ratings[2].Scale)
		g.CESScores.Add(f.Ratings[2].Score, f.Ratings[2].Scale)
	}
}

// nextContrib returns where next reply n of f lands: at its reply under
// [ByEvent], else at the ticket's attribution instant; credited to the
// agent [Definitions.NextReplyCredit] names and to the group at the reply.
func (r *Report) nextContrib(f *Facts, n *NextReply) contrib {
	c := contrib{at: n.At, agent: n.Assignee, group: n.Group, ok: true}
	if r.folder.defs.NextReplyCredit == CreditReplier {
		c.agent = n.Replier
	}
	switch r.Spec.Attribution {
	case ByCreated:
		c.at = f.CreatedAt
	case ByResolved:
		c.at = f.SolvedAt
	}
	c.ok = r.inRange(c.at)
	return c
}

// addNextReplies adds to g next reply i of f (i ≥ 0), or (i < 0) every
// next reply of f that is in range (next[j].ok) and, with censored, the
// censored one of a customer still waiting.
func (r *Report) addNextReplies(g *KPIs, f *Facts, next []contrib, censored bool, i int) {
	if i >= 0 {
		n := &f.NextReplies[i]
		g.NextReply.Add(n.Calendar)
		g.NextReplyBusiness.Add(n.Business)
		return
	}
	for i := range f.NextReplies {
		if next[i].ok {
			n := &f.NextReplies[i]
			g.NextReply.Add(n.Calendar)
			g.NextReplyBusiness.Add(n.Business)
		}
	}
	if censored && f.NextReplyWaiting {
		g.NextReply.AddCensored()
		g.NextReplyBusiness.AddCensored()
	}
}

// addSLA adds the achievement of each SLA instance to g, under
// "policy/metric": achieved when fulfilled without breach, missed when
// breached (in any state); an instance still running or paused without a
// breach is excluded and listed (ReasonClockActive); a cancelled one
// without a breach counts nowhere.
// names[i] is the name of slas[i] ([Report.slaNames]).
func addSLA(g *KPIs, id ticket.ID, slas []sla.Instance, names []string) {
	for i := range slas {
		in := &slas[i]
		if g.SLA == nil {
			g.SLA = map[string]*Rate{}
		}
		name := names[i]
		rt := g.SLA[name]
		if rt == nil {
			rt = &Rate{}
			g.SLA[name] = rt
		}
		switch {
		case in.Breached:
			rt.Add(false)
		case in.State == sla.StateFulfilled:
			rt.Add(true)
		case in.State == sla.StateActive || in.State == sla.StatePaused:
			rt.Exclude(id, ReasonClockActive)
		}
	}
}

// slaName is the "policy/metric" name of an SLA instance, remembered.
type slaName struct {
	policy, metric, name string
}

// slaNames returns the "policy/metric" name of each instance, in memory
// reused between calls. Each name is built once per report: a report's
// policies have few policy and metric pairs, remembered in r.slaMemo, and
// the pair found at each position of the previous ticket's instances is
// tried first (tickets under one policy have the same instances in the
// same order), so tickets that alternate between policies find theirs
// without building or allocating anything.
func (r *Report) slaNames(slas []sla.Instance) []string {
	r.slaNameBuf = r.slaNameBuf[:0]
	for i := range slas {
		in := &slas[i]
		if i == len(r.slaHint) {
			r.slaHint = append(r.slaHint, 0)
		}
		j := r.slaNameIndex(in.Policy, in.Metric.Name, r.slaHint[i])
		r.slaHint[i] = j
		r.slaNameBuf = append(r.slaNameBuf, r.slaMemo[j].name)
	}
	return r.slaNameBuf
}

// slaNameIndex returns the index in r.slaMemo of the name of policy and
// metric, looking from hint on and adding the name when it is new.
func (r *Report) slaNameIndex(policy, metric string, hint int) int {
	n := len(r.slaMemo)
	for k := range n {
		j := (hint + k) % n
		if m := &r.slaMemo[j]; m.policy == policy && m.metric == metric {
			return j
		}
	}
	r.slaMemo = append(r.slaMemo, slaName{policy: policy, metric: metric, name: policy + "/" + metric})
	return n
}

// addElapsed adds e to the calendar and business summaries, or a censored
// observation to both when e is not known.
func addElapsed(cal, biz *Summary, e Elapsed) {
	if !e.Known {
		cal.AddCensored()
		biz.AddCensored()
		return
	}
	cal.Add(e.Calendar)
	biz.Add(e.Business)
}

// Merge adds report o, made with the same configuration over other
// tickets, to r. Merging is associative and commutative. It returns an
// error wrapping [ErrIncompatible] when the reports' specs differ, and
// then changes nothing.
func (r *Report) Merge(o *Report) error {
	if r == o {
		return errors.Join(ErrIncompatible, errors.New("metrics: a report merged into itself would count its tickets twice"))
	}
	if !r.Spec.equal(o.Spec) {
		return errors.Join(ErrIncompatible, errors.New("metrics: the reports were made with different configurations"))
	}
	r.Tickets += o.Tickets
	r.Skipped = append(r.Skipped, o.Skipped...)
	for name, rm := range o.Removed {
		mine := r.Removed[name]
		if mine == nil {
			mine = &Removal{}
			r.Removed[name] = mine
		}
		mine.Count += rm.Count
		mine.Tickets = append(mine.Tickets, rm.Tickets...)
	}
	r.All.Merge(o.All)
	for i, b := range r.Breakdowns {
		for k, g := range o.Breakdowns[i].groups {
			b.group(k).Merge(g)
		}
	}
	r.Volume.merge(o.Volume)
	r.Workload.merge(o.Workload)
	r.Contacts = append(r.Contacts, o.Contacts...)
	return nil
}

// Sort puts the report in its canonical order in place: every summary's
// values, every list of excluded, skipped and removed tickets, the
// contacts. It is a write (like Add and Merge) that changes no figure:
// reads never change a report, and after Sort they copy nothing to sort.
// The overall durations that are views of a breakdown's groups (see
// [Report]) are gathered and sorted once here, into memory of their own
// that reads use until the next write (without Sort, each read of one
// gathers the groups' values). Call it once before serving a report to
// concurrent readers; change the report only through its own methods.
func (r *Report) Sort() {
	slices.SortFunc(r.Skipped, compareSkips)
	for _, rm := range r.Removed {
		slices.SortFunc(rm.Tickets, compareIDs)
	}
	slices.SortFunc(r.Contacts, compareContacts)
	var buf sortScratch
	r.All.normalize(&buf)
	for _, b := range r.Breakdowns {
		for _, g := range b.groups {
			g.normalize(&buf)
		}
	}
	if c := carrier(r.Spec.Breakdowns); c >= 0 && r.All.united() {
		// The overall durations, gathered and sorted once for the reads.
		b := r.Breakdowns[c]
		b.unions = nil
		us := make([]*Summary, len(r.All.summaries()))
		for i := range us {
			us[i] = (&union{b: b, i: i}).gather()
			us[i].sort(&buf)
		}
		b.unions = us
	}
}

func compareSkips(a, b Skip) int {
	if c := compareIDs(a.Ticket, b.Ticket); c != 0 {
		return c
	}
	return cmpString(a.Problem, b.Problem)
}

func compareContacts(a, b Contact) int { return compareIDs(a.Ticket, b.Ticket) }

// Contact is what [FCRNoRepeat] needs of one ticket.
type Contact struct {
	Ticket       ticket.ID `json:"ticket"`
	Customer     string    `json:"customer"`
	Category     string    `json:"category"`
	Created      time.Time `json:"created"`
	Solved       time.Time `json:"solved,omitzero"` // last solve; zero while not resolved, or when the report places the solve outside its range
	FirstContact bool      `json:"first_contact"`   // resolved and never reopened: the ticket-local part of FCRNoRepeat
}

// FCRNoRepeat returns first-contact resolution by the repeat-contact
// proxy over the whole report: of the resolved tickets whose solve the
// report places in its range (the tickets the FCR rate of [KPIs.FCR] is
// taken over, by the report's [Attribution]), those that were
// never reopened and whose requester opened no other ticket in the same
// case category within the FCR window after the solve
// (Definitions.FCRWindow, default 7 days); the number of replies does not
// matter. A repeat contact merged away (into the solved ticket, say) is
// seen, if the report's filters would keep it and it was created in the
// report's range; a repeat contact otherwise outside the report (filtered
// out, or in another report not merged in) is not. A decoded report answers it from the
// contacts it carries. It returns false when the report was not made with
// [FCRNoRepeat].
func (r *Report) FCRNoRepeat() (Rate, bool) {
	window := r.Spec.FCRWindow
	if window <= 0 {
		return Rate{}, false
	}
	cs := slices.Clone(r.Contacts)
	slices.SortFunc(cs, func(a, b Contact) int {
		if c := cmpString(a.Customer, b.Customer); c != 0 {
			return c
		}
		if c := cmpString(a.Category, b.Category); c != 0 {
			return c
		}
		return wall.Compare(a.Created, b.Created)
	})
	var rate Rate
	for i, c := range cs {
		if c.Solved.IsZero() {
			continue
		}
		repeat := false
		for j := i + 1; j < len(cs) && cs[j].Customer == c.Customer && cs[j].Category == c.Category; j++ {
			if wall.After(cs[j].Created, c.Solved) && !wall.After(cs[j].Created, c.Solved.Add(window)) {
				repeat = true
				break
			}
		}
		rate.Add(c.FirstContact && !repeat)
	}
	return rate, true
}
