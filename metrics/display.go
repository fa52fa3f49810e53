package metrics

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// SummaryVersion is the version of the display form's JSON shape
// ([ReportSummary]); it changes only when a field changes meaning or goes
// away (fields may be added).
const SummaryVersion = 1

// ReportSummary is the display form of a [Report], for people and
// dashboards: the figures read out, not the mergeable state (no list of
// durations or excluded tickets), in one documented, stable JSON shape.
// Make one with [Report.Summary]; it cannot be merged or read back into a
// report (send the report's own JSON for that).
//
// The shape, field by field:
//
//   - version: [SummaryVersion]; zone, attribution, from, to, now: the
//     report's [Spec]; business_calendar: whether business-time figures
//     were measured on a business calendar (if not, the "…_business"
//     figures are left out: they would equal calendar time);
//     quantile_method: how medians and p90s were read ([QuantileMethod]).
//   - tickets, skipped (corrupt histories), removed (by filter name).
//   - all: the [KPISummary] of the whole report; breakdowns: per
//     breakdown its dims and its groups in key order, each with key (an
//     object from dimension name to value: "2026-W14", "2026-05",
//     "2026-05-04", "2026", "2026-10-25T02:00+01:00" for time buckets,
//     agent IDs, group names, tags with "" for untagged tickets, …), start
//     (dimension name to the bucket's first instant, RFC 3339, for time
//     dimensions) and kpis.
//   - volume: new tickets per bucket (label, start, count; empty buckets
//     included), the weekday × hour heatmap (Monday first), the backlog.
//   - agents: per agent (by ID) tickets touched, assigned and replied to,
//     replies, and average handling time in seconds (absent when nothing
//     was handled).
//   - fcr_no_repeat: the repeat-contact FCR ([Report.FCRNoRepeat]), when
//     the report was made with it.
//
// Durations are seconds (a JSON number, to the millisecond). A duration
// figure ([DurationSummary]) has count, censored, and mean_s, median_s,
// p90_s, min_s, max_s when count > 0. A rate ([RateSummary]) has
// numerator, denominator, excluded (a count), and value (a fraction, 4
// places) and percent (1 place), both rounded half to even and absent for
// 0/0. Means ([MeanSummary]) have count and value (2 places).
type ReportSummary struct {
	Version          int             `json:"version"`
	Zone             string          `json:"zone"`
	Attribution      Attribution     `json:"attribution"`
	From             time.Time       `json:"from,omitzero"`
	To               time.Time       `json:"to,omitzero"`
	Now              time.Time       `json:"now,omitzero"`
	BusinessCalendar bool            `json:"business_calendar"`
	QuantileMethod   QuantileMethod  `json:"quantile_method"`
	Tickets          int             `json:"tickets"`
	Skipped          int             `json:"skipped"`
	Removed          map[string]int  `json:"removed,omitempty"`
	All              KPISummary      `json:"all"`
	Breakdowns       []BreakdownView `json:"breakdowns,omitempty"`
	Volume           *VolumeSummary  `json:"volume,omitempty"`
	Agents           []AgentSummary  `json:"agents,omitempty"`
	FCRNoRepeat      *RateSummary    `json:"fcr_no_repeat,omitempty"`
}

// DurationSummary is a [Summary] read out for display, in seconds.
type DurationSummary struct {
	Count    int      `json:"count"`
	Censored int      `json:"censored"`
	Mean     *float64 `json:"mean_s,omitempty"`
	Median   *float64 `json:"median_s,omitempty"`
	P90      *float64 `json:"p90_s,omitempty"`
	Min      *float64 `json:"min_s,omitempty"`
	Max      *float64 `json:"max_s,omitempty"`
}

// RateSummary is a [Rate] read out for display.
type RateSummary struct {
	Numerator   int          `json:"numerator"`
	Denominator int          `json:"denominator"`
	Excluded    int          `json:"excluded,omitempty"`
	Value       *json.Number `json:"value,omitempty"`
	Percent     *json.Number `json:"percent,omitempty"`
}

// MeanSummary is a [Mean] read out for display.
type MeanSummary struct {
	Count int64        `json:"count"`
	Value *json.Number `json:"value,omitempty"`
}

// NPSSummary is an [NPS] read out for display.
type NPSSummary struct {
	Respondents int          `json:"respondents"`
	Promoters   int          `json:"promoters"`
	Passives    int          `json:"passives"`
	Detractors  int          `json:"detractors"`
	Score       *json.Number `json:"score,omitempty"` // 1 place
}

// CESSummary is a [CES] read out for display.
type CESSummary struct {
	Respondents int64        `json:"respondents"`
	Mean        *json.Number `json:"mean,omitempty"`          // 2 places
	Agree       *json.Number `json:"agree_percent,omitempty"` // 1 place
}

// KPISummary is the display form of [KPIs]. The "…_business" durations
// are left out for a report without a business calendar.
type KPISummary struct {
	Tickets                 int              `json:"tickets"`
	FirstReply              DurationSummary  `json:"first_reply"`
	FirstReplyBusiness      *DurationSummary `json:"first_reply_business,omitempty"`
	NextReply               DurationSummary  `json:"next_reply"`
	NextReplyBusiness       *DurationSummary `json:"next_reply_business,omitempty"`
	FirstResolution         DurationSummary  `json:"first_resolution"`
	FirstResolutionBusiness *DurationSummary `json:"first_resolution_business,omitempty"`
	FullResolution          DurationSummary  `json:"full_resolution"`
	FullResolutionBusiness  *DurationSummary `json:"full_resolution_business,omitempty"`
	RequesterWait           DurationSummary  `json:"requester_wait"`
	RequesterWaitBusiness   *DurationSummary `json:"requester_wait_business,omitempty"`
	AgentWait               DurationSummary  `json:"agent_wait"`
	AgentWaitBusiness       *DurationSummary `json:"agent_wait_business,omitempty"`
	OnHold                  DurationSummary  `json:"on_hold"`
	OnHoldBusiness          *DurationSummary `json:"on_hold_business,omitempty"`
	AgentWork               DurationSummary  `json:"agent_work"`
	AgentWorkBusiness       *DurationSummary `json:"agent_work_business,omitempty"`

	Reopened              RateSummary            `json:"reopened"`
	Reopens               int                    `json:"reopens"`
	OneTouch              RateSummary            `json:"one_touch"`
	TwoTouch              RateSummary            `json:"two_touch"`
	FCR                   RateSummary            `json:"fcr"`
	ZeroReplies           RateSummary            `json:"zero_replies"`
	Escalated             RateSummary            `json:"escalated"`
	Reassigned            RateSummary            `json:"reassigned"`
	CSAT                  RateSummary            `json:"csat"`
	CSATAll               RateSummary            `json:"csat_all"`
	CSATScore             MeanSummary            `json:"csat_score"`
	CSATScores            Distribution           `json:"csat_scores"`
	NPS                   NPSSummary             `json:"nps"`
	NPSScores             Distribution           `json:"nps_scores"`
	CES                   CESSummary             `json:"ces"`
	CESScores             Distribution           `json:"ces_scores"`
	RepliesToResolve      MeanSummary            `json:"replies_to_resolve"`
	InteractionsToResolve MeanSummary            `json:"interactions_to_resolve"`
	SLA                   map[string]RateSummary `json:"sla,omitempty"` // by "policy/metric"
}

// BreakdownView is one breakdown in display form.
type BreakdownView struct {
	Dims   []Dimension `json:"dims"`
	Groups []GroupView `json:"groups"`
}

// GroupView is one group in display form: its key and its buckets'
// starts by dimension name.
type GroupView struct {
	Key   map[Dimension]string    `json:"key"`
	Start map[Dimension]time.Time `json:"start,omitempty"`
	KPIs  KPISummary              `json:"kpis"`
}

// VolumeSummary is [Volume] in display form.
type VolumeSummary struct {
	Bucket Dimension     `json:"bucket"`
	New    []BucketCount `json:"new"`
	// Sparse is set when New lists only the buckets with arrivals, there
	// being more than [MaxDenseBuckets] between the first and the last
	// (see [Volume.Buckets]).
	Sparse  bool       `json:"sparse,omitempty"`
	Heatmap [7][24]int `json:"heatmap"`
	Backlog int        `json:"backlog"`
}

// AgentSummary is one agent's [AgentLoad] in display form.
type AgentSummary struct {
	Agent    string   `json:"agent"`
	Tickets  int      `json:"tickets"`
	Assigned int      `json:"assigned"`
	Replied  int      `json:"replied"`
	Replies  int      `json:"replies"`
	AHT      *float64 `json:"aht_s,omitempty"`
}

// Summary returns the display form of r, with medians and p90s read by
// quantile method m (zero: [NearestRank]). It is a read: it does not
// change r, and may run while other goroutines read r.
func (r *Report) Summary(m QuantileMethod) *ReportSummary {
	if m == "" {
		m = NearestRank
	}
	business := r.Spec.BusinessCalendar
	s := &ReportSummary{Version: SummaryVersion, Zone: r.Spec.Zone, Attribution: r.Spec.Attribution,
		From: r.Spec.From, To: r.Spec.To, Now: r.Spec.Now, BusinessCalendar: business, QuantileMethod: m,
		Tickets: r.Tickets, Skipped: len(r.Skipped), All: kpiSummary(r.All, m, business)}
	if len(r.Removed) > 0 {
		s.Removed = make(map[string]int, len(r.Removed))
		for name, rm := range r.Removed {
			s.Removed[name] = rm.Count
		}
	}
	for _, b := range r.Breakdowns {
		bv := BreakdownView{Dims: slices.Clone(b.Dims), Groups: []GroupView{}}
		for _, g := range b.Groups() {
			gv := GroupView{Key: make(map[Dimension]string, len(b.Dims)), KPIs: kpiSummary(g.KPIs, m, business)}
			for i, d := range b.Dims {
				gv.Key[d] = g.Key[i]
				if d.IsTime() {
					if gv.Start == nil {
						gv.Start = map[Dimension]time.Time{}
					}
					gv.Start[d] = g.Starts[i]
				}
			}
			bv.Groups = append(bv.Groups, gv)
		}
		s.Breakdowns = append(s.Breakdowns, bv)
	}
	if v := r.Volume; v != nil {
		s.Volume = &VolumeSummary{Bucket: v.Bucket, New: v.Buckets(), Sparse: !v.Dense(), Heatmap: v.Heatmap, Backlog: v.Backlog}
		if s.Volume.New == nil {
			s.Volume.New = []BucketCount{}
		}
	}
	if w := r.Workload; w != nil {
		for _, a := range slices.Sorted(maps.Keys(w.Agents)) {
			l := w.Agents[a]
			as := AgentSummary{Agent: a, Tickets: l.Tickets, Assigned: l.Assigned, Replied: l.Replied, Replies: l.Replies}
			if v, ok := l.AHT.Value(); ok {
				as.AHT = seconds(v)
			}
			s.Agents = append(s.Agents, as)
		}
	}
	if fcr, ok := r.FCRNoRepeat(); ok {
		rs := rateSummary(fcr)
		s.FCRNoRepeat = &rs
	}
	return s
}

func seconds(d time.Duration) *float64 {
	v := float64(d.Round(time.Millisecond)) / float64(time.Second)
	return &v
}

func durationSummary(s *Summary, m QuantileMethod) DurationSummary {
	st := s.Stats(m)
	ds := DurationSummary{Count: st.Count, Censored: st.Censored}
	if st.Ok {
		ds.Mean, ds.Median, ds.P90, ds.Min, ds.Max = seconds(st.Mean), seconds(st.Median), seconds(st.P90), seconds(st.Min), seconds(st.Max)
	}
	return ds
}

func number(d decimal.Decimal, ok bool, places int32) *json.Number {
	if !ok {
		return nil
	}
	n := json.Number(d.StringFixed(places))
	return &n
}

func rateSummary(r Rate) RateSummary {
	v, ok := r.Value(4, RoundHalfEven)
	p, _ := r.Percent(1, RoundHalfEven)
	return RateSummary{Numerator: r.Numerator, Denominator: r.Denominator, Excluded: len(r.Excluded),
		Value: number(v, ok, 4), Percent: number(p, ok, 1)}
}

func meanSummary(m Mean) MeanSummary {
	v, ok := m.Value(2, RoundHalfEven)
	return MeanSummary{Count: m.Count, Value: number(v, ok, 2)}
}

func kpiSummary(k *KPIs, m QuantileMethod, business bool) KPISummary {
	pair := func(cal, biz *Summary) (DurationSummary, *DurationSummary) {
		c := durationSummary(cal, m)
		if !business {
			return c, nil
		}
		b := durationSummary(biz, m)
		return c, &b
	}
	var s KPISummary
	s.Tickets = k.Tickets
	s.FirstReply, s.FirstReplyBusiness = pair(&k.FirstReply, &k.FirstReplyBusiness)
	s.NextReply, s.NextReplyBusiness = pair(&k.NextReply, &k.NextReplyBusiness)
	s.FirstResolution, s.FirstResolutionBusiness = pair(&k.FirstResolution, &k.FirstResolutionBusiness)
	s.FullResolution, s.FullResolutionBusiness = pair(&k.FullResolution, &k.FullResolutionBusiness)
	s.RequesterWait, s.RequesterWaitBusiness = pair(&k.RequesterWait, &k.RequesterWaitBusiness)
	s.AgentWait, s.AgentWaitBusiness = pair(&k.AgentWait, &k.AgentWaitBusiness)
	s.OnHold, s.OnHoldBusiness = pair(&k.OnHold, &k.OnHoldBusiness)
	s.AgentWork, s.AgentWorkBusiness = pair(&k.AgentWork, &k.AgentWorkBusiness)
	s.Reopened, s.Reopens = rateSummary(k.Reopened), k.Reopens
	s.OneTouch, s.TwoTouch, s.FCR = rateSummary(k.OneTouch), rateSummary(k.TwoTouch), rateSummary(k.FCR)
	s.ZeroReplies, s.Escalated, s.Reassigned = rateSummary(k.ZeroReplies), rateSummary(k.Escalated), rateSummary(k.Reassigned)
	s.CSAT, s.CSATAll, s.CSATScore = rateSummary(k.CSAT), rateSummary(k.CSATAll), meanSummary(k.CSATScore)
	s.CSATScores, s.NPSScores, s.CESScores = orEmpty(k.CSATScores), orEmpty(k.NPSScores), orEmpty(k.CESScores)
	nps, ok := k.NPS.Score(1, RoundHalfEven)
	s.NPS = NPSSummary{Respondents: k.NPS.Respondents(), Promoters: k.NPS.Promoters, Passives: k.NPS.Passives,
		Detractors: k.NPS.Detractors, Score: number(nps, ok, 1)}
	mean, ok := k.CES.Value(CESMean, 2, RoundHalfEven)
	agree, _ := k.CES.Value(CESAgree, 1, RoundHalfEven)
	s.CES = CESSummary{Respondents: k.CES.Scores.Count, Mean: number(mean, ok, 2), Agree: number(agree, ok, 1)}
	s.RepliesToResolve, s.InteractionsToResolve = meanSummary(k.RepliesToResolve), meanSummary(k.InteractionsToResolve)
	if len(k.SLA) > 0 {
		s.SLA = make(map[string]RateSummary, len(k.SLA))
		for name, r := range k.SLA {
			s.SLA[name] = rateSummary(*r)
		}
	}
	return s
}

func orEmpty(d Distribution) Distribution {
	if d == nil {
		return Distribution{}
	}
	return slices.Clone(d)
}
