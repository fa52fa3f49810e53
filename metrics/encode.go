package metrics

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/metrics/internal/wall"
	"github.com/servicedesk-go/desk/ticket"
)

// reportJSON is the stable encoding of a Report.
type reportJSON struct {
	Version    int                 `json:"version"`
	Spec       Spec                `json:"spec"`
	Tickets    int                 `json:"tickets"`
	Skipped    []Skip              `json:"skipped"`
	Removed    map[string]*Removal `json:"removed"`
	All        *KPIs               `json:"all"`
	Breakdowns []breakdownJSON     `json:"breakdowns"`
	Volume     *Volume             `json:"volume"`
	Workload   *Workload           `json:"workload"`
	Contacts   []Contact           `json:"contacts,omitempty"`
}

type breakdownJSON struct {
	Dims   []Dimension `json:"dims"`
	Groups []groupJSON `json:"groups"`
}

// groupJSON is one group: string dimensions by value, time buckets by
// their start in RFC 3339 with the zone's offset.
type groupJSON struct {
	Key  []string `json:"key"`
	KPIs *KPIs    `json:"kpis"`
}

// encodingVersion is the version of the encoding written. Version 3
// leaves out the overall durations that are views of a breakdown's groups
// (see [Report]); version 2, still read, wrote every overall duration out,
// so a reader of version 2 alone would read the missing ones as empty.
const encodingVersion = 3

// writtenOutVersion is the version whose overall durations are all
// written out.
const writtenOutVersion = 2

// MarshalJSON implements json.Marshaler with a stable encoding: maps by
// sorted key, groups in key order, summary values and excluded tickets
// sorted. Reports that hold the same tickets encode to the same bytes
// however they were split and merged. It is a read: it does not change
// the report (it sorts copies where the report's values are not in order).
func (r *Report) MarshalJSON() ([]byte, error) {
	j := reportJSON{Version: encodingVersion, Spec: r.Spec, Tickets: r.Tickets, Skipped: sortedCopy(r.Skipped, compareSkips),
		Removed: make(map[string]*Removal, len(r.Removed)), All: r.All, Volume: r.Volume, Workload: r.Workload,
		Contacts: sortedCopy(r.Contacts, compareContacts)}
	for name, rm := range r.Removed {
		j.Removed[name] = &Removal{Count: rm.Count, Tickets: sortedCopy(rm.Tickets, compareIDs)}
	}
	if r.All.united() {
		// The overall durations are the carrier breakdown's: not written
		// twice.
		all := *r.All
		for _, s := range all.summaries() {
			if s.of != nil {
				*s = Summary{}
			}
		}
		j.All = &all
	}
	for _, b := range r.Breakdowns {
		keys := make([]key, 0, len(b.groups))
		for k := range b.groups {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareKeys)
		bj := breakdownJSON{Dims: b.Dims, Groups: make([]groupJSON, len(keys))}
		for i, k := range keys {
			parts := make([]string, len(b.Dims))
			for d, dim := range b.Dims {
				if dim.IsTime() {
					parts[d] = bucketStart(dim, k[d].n, r.loc).Format(time.RFC3339)
				} else {
					parts[d] = k[d].s
				}
			}
			bj.Groups[i] = groupJSON{Key: parts, KPIs: b.groups[k]}
		}
		j.Breakdowns = append(j.Breakdowns, bj)
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler. A decoded report can be read
// and merged (into a report from [NewReport] with the same config, or into
// another decoded one) but cannot fold histories. Errors wrap
// [ErrBadEncoding]. A report no fold could have written is refused, not
// read out: negative or inverted counts (rates, survey answers, means,
// arrivals, workload), time logged on no ticket, a volume whose buckets,
// heatmap and dates count different arrivals or lie outside the range or
// after now, fewer contacts than kept tickets.
func (r *Report) UnmarshalJSON(b []byte) error {
	var j reportJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrBadEncoding, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadEncoding}, args...)...)
	}
	if j.Version != encodingVersion && j.Version != writtenOutVersion {
		return bad("version %d, want %d or %d", j.Version, encodingVersion, writtenOutVersion)
	}
	loc, err := time.LoadLocation(j.Spec.Zone)
	if err != nil {
		return bad("zone %q: %v", j.Spec.Zone, err)
	}
	if !j.Spec.VolumeBucket.IsTime() {
		return bad("volume bucket %q", j.Spec.VolumeBucket)
	}
	if len(j.Breakdowns) != len(j.Spec.Breakdowns) {
		return bad("%d breakdowns, the spec has %d", len(j.Breakdowns), len(j.Spec.Breakdowns))
	}
	for i, dims := range j.Spec.Breakdowns {
		if len(dims) == 0 || len(dims) > MaxDimensions {
			return bad("breakdown %d has %d dimensions", i, len(dims))
		}
		for _, d := range dims {
			if !d.Valid() {
				return bad("unknown dimension %q", d)
			}
		}
		if !slices.Equal(dims, j.Breakdowns[i].Dims) {
			return bad("breakdown %d has dimensions %v, the spec %v", i, j.Breakdowns[i].Dims, dims)
		}
	}
	out := newEmpty(j.Spec, loc)
	out.Tickets, out.Skipped, out.Contacts = j.Tickets, j.Skipped, j.Contacts
	if j.Removed != nil {
		out.Removed = j.Removed
	}
	for name, rm := range out.Removed {
		if rm == nil || rm.Count != len(rm.Tickets) {
			return bad("removal %q does not list its tickets", name)
		}
	}
	if j.All != nil {
		if err := linkDecoded(j.All, j.Spec.BusinessCalendar); err != nil {
			return err
		}
		out.All = j.All
	}
	for i, s := range out.Skipped {
		if s.Ticket == (ticket.ID{}) {
			return bad("skipped entry %d names no ticket", i)
		}
	}
	if (j.Spec.Calendar != "") != j.Spec.BusinessCalendar {
		return bad("business calendar %t with fingerprint %q", j.Spec.BusinessCalendar, j.Spec.Calendar)
	}
	if j.Spec.FCRWindow < 0 {
		return bad("negative FCR window")
	}
	if len(j.Contacts) > 0 && j.Spec.FCRWindow == 0 {
		return bad("contacts in a report not made with FCRNoRepeat")
	}
	if j.Spec.FCRWindow > 0 {
		// A report made with FCRNoRepeat keeps one contact per ticket it
		// keeps (and one per ticket merged away it would keep), solved
		// (when at all) not before it was created.
		if len(j.Contacts) < j.Tickets {
			return bad("%d contacts for %d tickets", len(j.Contacts), j.Tickets)
		}
		seen := make(map[ticket.ID]bool, len(j.Contacts))
		for i, c := range j.Contacts {
			switch {
			case c.Ticket == (ticket.ID{}) || seen[c.Ticket]:
				return bad("contact %d names no ticket, or one already listed", i)
			case !c.Solved.IsZero() && wall.Before(c.Solved, c.Created):
				return bad("contact %d was solved before it was created", i)
			}
			seen[c.Ticket] = true
		}
	}
	if j.Volume != nil {
		v := j.Volume
		if v.Bucket != j.Spec.VolumeBucket {
			return bad("volume bucket %q, the spec %q", v.Bucket, j.Spec.VolumeBucket)
		}
		v.loc, v.open = loc, j.Spec.BusinessCalendar
		if v.New == nil {
			v.New = map[int64]int{}
		}
		for k := range v.New {
			if !validBucket(v.Bucket, k, loc) {
				return bad("volume bucket key %d is not the start of a %s in %s", k, v.Bucket, loc)
			}
		}
		if v.Days == nil {
			v.Days = map[int32]int{}
		}
		if v.OpenDay == nil {
			v.OpenDay = map[int32]int{}
		}
		if err := v.check(); err != nil {
			return err
		}
		if err := v.checkSpan(j.Spec.From, j.Spec.To, j.Spec.Now); err != nil {
			return err
		}
		out.Volume = v
	}
	if j.Workload != nil {
		w := j.Workload
		if err := w.check(j.Spec.Customers); err != nil {
			return err
		}
		w.customers = j.Spec.Customers
		if w.Agents == nil {
			w.Agents = map[string]*AgentLoad{}
		}
		if w.Channels == nil {
			w.Channels = map[ticket.Channel]*AHT{}
		}
		if w.Workflows == nil {
			w.Workflows = map[string]*WorkflowUse{}
		}
		if w.customers && w.Customers == nil {
			w.Customers = map[string]*CustomerLoad{}
		}
		out.Workload = w
	}
	for i, bj := range j.Breakdowns {
		br := out.Breakdowns[i]
		for _, g := range bj.Groups {
			if len(g.Key) != len(br.Dims) || g.KPIs == nil {
				return bad("group %v of breakdown %d", g.Key, i)
			}
			var k key
			for d, dim := range br.Dims {
				if !dim.IsTime() {
					k[d].s = g.Key[d]
					continue
				}
				t, err := time.Parse(time.RFC3339, g.Key[d])
				if err != nil {
					return bad("bucket %q: %v", g.Key[d], err)
				}
				k[d].n = keyOfStart(dim, t)
				if !validBucket(dim, k[d].n, loc) || !bucketStart(dim, k[d].n, loc).Equal(t) {
					return bad("bucket %q is not the start of a %s in %s", g.Key[d], dim, loc)
				}
			}
			if _, dup := br.groups[k]; dup {
				return bad("group %v of breakdown %d repeated", g.Key, i)
			}
			if err := linkDecoded(g.KPIs, j.Spec.BusinessCalendar); err != nil {
				return err
			}
			br.groups[k] = g.KPIs
		}
	}
	if c := carrier(j.Spec.Breakdowns); c >= 0 {
		if err := uniteDecoded(out.All, out.Breakdowns[c], j.Version == writtenOutVersion); err != nil {
			return err
		}
	}
	if err := out.checkCounts(); err != nil {
		return err
	}
	*r = *out
	return nil
}

// uniteDecoded makes the decoded overall KPIs k views of the union of b's
// groups ([Report]), after checking that the durations k holds are
// exactly the union's: those written out, or with all (an encoding of
// version 2, which wrote every one out), every one.
func uniteDecoded(k *KPIs, b *Breakdown, all bool) error {
	for i, s := range k.summaries() {
		if s.IsZero() && !all {
			continue
		}
		u := (&union{b: b, i: i}).gather()
		if s.Count() != u.Count() || s.Censored() != u.Censored() || !slices.Equal(s.Values(), u.Values()) {
			return fmt.Errorf("%w: the overall durations differ from the union of breakdown %v's groups", ErrBadEncoding, b.Dims)
		}
	}
	k.unite(b)
	return nil
}

// check rejects a decoded workload that no report holds: a missing entry
// (JSON null) in a table, customers in a report that does not count them,
// negative counts.
func (w *Workload) check(customers bool) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: workload: "+format, append([]any{ErrBadEncoding}, args...)...)
	}
	for k, a := range w.Agents {
		if a == nil {
			return bad("agent %q has no entry", k)
		}
		if a.Tickets < 0 || a.Replies < 0 || a.Assigned < 0 || a.Replied < 0 || !a.AHT.possible() {
			return bad("agent %q has a negative count or handling time, or handling time on no ticket", k)
		}
	}
	for k, a := range w.Channels {
		if a == nil {
			return bad("channel %q has no entry", k)
		}
		if !a.possible() {
			return bad("channel %q has a negative count or handling time, or handling time on no ticket", k)
		}
	}
	for k, u := range w.Workflows {
		if u == nil {
			return bad("workflow %q has no entry", k)
		}
		if string(u.Kind)+":"+u.ID != k {
			return bad("workflow %q is filed under %q", string(u.Kind)+":"+u.ID, k)
		}
		if u.Tickets < 0 || u.Uses < u.Tickets {
			return bad("workflow %q used %d times on %d tickets", k, u.Uses, u.Tickets)
		}
	}
	if !customers && w.Customers != nil {
		return bad("customers in a report that does not count them")
	}
	for k, c := range w.Customers {
		if c == nil {
			return bad("customer %q has no entry", k)
		}
		if c.Tickets < 0 {
			return bad("customer %q has a negative count", k)
		}
		for a, t := range c.Agents {
			if t == nil {
				return bad("customer %q: agent %q has no entry", k, a)
			}
			if t.Logged < 0 || t.Assigned < 0 {
				return bad("customer %q: agent %q has a negative time", k, a)
			}
		}
	}
	return nil
}

// check rejects a decoded volume that no report holds: negative counts,
// or arrivals counted differently per bucket, per cell of the heatmap and
// per date (each arrival is counted once in each), or more arrivals in
// open hours on a date than on it.
func (v *Volume) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: volume: "+format, append([]any{ErrBadEncoding}, args...)...)
	}
	if v.Backlog < 0 {
		return bad("negative backlog")
	}
	var inBuckets, inCells, onDays int64
	for k, n := range v.New {
		if n < 0 {
			return bad("negative count in bucket %d", k)
		}
		inBuckets += int64(n)
	}
	for w := range v.Heatmap {
		for h, n := range v.Heatmap[w] {
			if n < 0 {
				return bad("negative count in heatmap cell [%d][%d]", w, h)
			}
			inCells += int64(n)
		}
	}
	for d, n := range v.Days {
		if n < 0 {
			return bad("negative count on day %d", d)
		}
		onDays += int64(n)
	}
	for d, n := range v.OpenDay {
		if n < 0 || n > v.Days[d] {
			return bad("%d arrivals in open hours on day %d, of %d", n, d, v.Days[d])
		}
	}
	if inBuckets != inCells || inBuckets != onDays {
		return bad("%d arrivals in buckets, %d in the heatmap, %d on dates", inBuckets, inCells, onDays)
	}
	return nil
}

// checkSpan rejects a decoded volume with arrivals a report over [from,
// to) read as of now does not count: a bucket or date wholly outside the
// range, or starting after now (a zero bound is open).
func (v *Volume) checkSpan(from, to, now time.Time) error {
	outside := func(d Dimension, k int64) bool {
		start := bucketStart(d, k, v.loc)
		end := bucketStart(d, nextKey(d, k, v.loc), v.loc)
		return !to.IsZero() && !wall.Before(start, to) || !from.IsZero() && !wall.After(end, from) ||
			!now.IsZero() && wall.After(start, now)
	}
	for k := range v.New {
		if outside(v.Bucket, k) {
			return fmt.Errorf("%w: volume: arrivals in bucket %s, outside the report's range or after its now", ErrBadEncoding, bucketLabel(v.Bucket, k, v.loc))
		}
	}
	for d := range v.Days {
		if !validBucket(DimDay, int64(d), v.loc) || outside(DimDay, int64(d)) {
			return fmt.Errorf("%w: volume: arrivals on day %d, outside the report's range or after its now", ErrBadEncoding, d)
		}
	}
	for d := range v.OpenDay {
		if _, ok := v.Days[d]; !ok {
			return fmt.Errorf("%w: volume: arrivals in open hours on day %d without arrivals", ErrBadEncoding, d)
		}
	}
	return nil
}

// possible reports whether a decoded AHT can come from tickets: no
// negative count or time, and handling time only on handled tickets (a
// merge would add it to real ones).
func (a AHT) possible() bool {
	if a.Handled < 0 || a.Talk < 0 || a.Hold < 0 || a.AfterCallWork < 0 {
		return false
	}
	return a.Handled > 0 || a.Talk+a.Hold+a.AfterCallWork == 0
}

// linkDecoded links the business-time summaries of decoded KPIs of a
// report without a business calendar to their calendar-time twins; such a
// report encodes none of its own.
func linkDecoded(k *KPIs, business bool) error {
	if business {
		return nil
	}
	ss := k.summaries()
	for i := 1; i < len(ss); i += 2 {
		if !ss[i].IsZero() {
			return fmt.Errorf("%w: business-time values in a report without a business calendar", ErrBadEncoding)
		}
	}
	k.link()
	return nil
}

// sortedCopy returns s when it is sorted by cmp, else a sorted copy.
func sortedCopy[T any](s []T, cmp func(a, b T) int) []T {
	if slices.IsSortedFunc(s, cmp) {
		return s
	}
	s = slices.Clone(s)
	slices.SortFunc(s, cmp)
	return s
}

// checkCounts rejects negative counts, which no fold produces.
func (r *Report) checkCounts() error {
	neg := func(what string) error { return fmt.Errorf("%w: negative %s", ErrBadEncoding, what) }
	if r.Tickets < 0 {
		return neg("ticket count")
	}
	kpis := []*KPIs{r.All}
	for _, b := range r.Breakdowns {
		for _, g := range b.groups {
			kpis = append(kpis, g)
		}
	}
	for _, k := range kpis {
		if k.Tickets < 0 || k.Reopens < 0 {
			return neg("ticket count")
		}
		for _, rt := range k.rates() {
			if rt.Numerator < 0 || rt.Denominator < rt.Numerator {
				return neg("or inverted rate")
			}
		}
		// Survey counts and means: no negative count, no sum without a
		// count (a merge would add it to real ones), no negative score
		// sum (every score is 0 or more), no more CES respondents
		// agreeing than answered.
		if n := k.NPS; n.Promoters < 0 || n.Passives < 0 || n.Detractors < 0 {
			return neg("NPS count")
		}
		for _, m := range []Mean{k.RepliesToResolve, k.InteractionsToResolve, k.CSATScore, k.CES.Scores} {
			if m.Count < 0 || m.Sum < 0 || m.Count == 0 && m.Sum != 0 {
				return neg("mean count or sum, or a sum without a count")
			}
		}
		if k.CES.Agree < 0 || int64(k.CES.Agree) > k.CES.Scores.Count {
			return neg("or inverted CES agreement")
		}
		for _, d := range []Distribution{k.CSATScores, k.NPSScores, k.CESScores} {
			for _, c := range d {
				if c.Count <= 0 {
					return neg("or zero score count")
				}
			}
		}
		for _, rt := range k.SLA {
			if rt == nil || rt.Numerator < 0 || rt.Denominator < rt.Numerator {
				return neg("or inverted SLA rate")
			}
		}
	}
	return nil
}

// validBucket reports whether k is the key of a bucket of dimension d
// (the start of an hour in Unix seconds, else the civil day number of the
// bucket's first date) in years 1–9999 of loc.
func validBucket(d Dimension, k int64, loc *time.Location) bool {
	lo, hi := daysFromCivil(1, time.January, 1), daysFromCivil(9999, time.December, 31)
	if d == DimHour {
		lo, hi = lo*86400, hi*86400
	}
	if k < lo || k > hi {
		return false
	}
	return bucketKey(d, bucketStart(d, k, loc)) == k
}
