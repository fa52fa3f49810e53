package metrics

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/internal/wall"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// Dimension is a group-by key: a ticket attribute or a time bucket. The
// zero value means "unknown".
type Dimension string

// The dimensions. Agent and group are as of each KPI's event (see
// [Credit]): the first reply, the first and the last solve, each rating;
// per-ticket counts and durations (tickets, escalations, reassignments,
// next replies, status durations, SLA achievement) go to the agent
// credited at the last solve, or for a ticket not resolved the current
// assignee (its last replier under [CreditLastReplier]), and to the
// current group. The other dimensions are the
// ticket's values at its last event. A ticket
// with several tags counts once under each tag. Time buckets are
// wall-clock periods in the report's location: hours on the real time line
// (the repeated October hour is two buckets, the skipped March hour none,
// and an hour that a 30-minute change of offset cuts is two buckets, each
// from the instant it begins),
// days from local midnight, ISO 8601 weeks from Monday, months, years.
const (
	DimAgent        Dimension = "agent"
	DimGroup        Dimension = "group"
	DimChannel      Dimension = "channel"
	DimPriority     Dimension = "priority"
	DimCategory     Dimension = "category"
	DimTag          Dimension = "tag"
	DimTier         Dimension = "tier"
	DimCustomer     Dimension = "customer"
	DimOrganization Dimension = "organization"
	DimHour         Dimension = "hour"
	DimDay          Dimension = "day"
	DimWeek         Dimension = "week"
	DimMonth        Dimension = "month"
	DimYear         Dimension = "year"
)

var dimensions = []Dimension{DimAgent, DimGroup, DimChannel, DimPriority, DimCategory, DimTag, DimTier,
	DimCustomer, DimOrganization, DimHour, DimDay, DimWeek, DimMonth, DimYear}

// ParseDimension returns the dimension spelled s, or an error wrapping
// [ErrUnknownDimension].
func ParseDimension(s string) (Dimension, error) {
	d := Dimension(s)
	if !d.Valid() {
		return "", &ConfigError{Field: "dimension", Problem: fmt.Sprintf("unknown dimension %q", s), Err: ErrUnknownDimension}
	}
	return d, nil
}

// Valid reports whether d is one of the dimensions.
func (d Dimension) Valid() bool { return slices.Contains(dimensions, d) }

// IsTime reports whether d is a time bucket.
func (d Dimension) IsTime() bool {
	switch d {
	case DimHour, DimDay, DimWeek, DimMonth, DimYear:
		return true
	}
	return false
}

// Attribution says which instant places a KPI in a time bucket and in the
// report's range. The zero value means [ByCreated].
type Attribution string

// The attributions.
const (
	// ByCreated places all of a ticket's KPIs at its creation (Intercom:
	// "filtered by the date they were started"; a reply time may exceed
	// the period).
	ByCreated Attribution = "created"
	// ByEvent places each KPI at its own event: the reply for reply
	// times, the solve for resolution KPIs, the rating for satisfaction
	// (Plain). Censored observations and per-ticket counts are placed at
	// creation.
	ByEvent Attribution = "event"
	// ByResolved places all of a ticket's KPIs at its last solve;
	// tickets not solved are outside every range and bucket.
	ByResolved Attribution = "resolved"
)

// OnCorrupt says what a report does with a history the fold cannot read.
// The zero value means [FailOnCorrupt].
type OnCorrupt string

// The corrupt-history policies.
const (
	FailOnCorrupt OnCorrupt = "fail" // Add returns the [*HistoryError]
	SkipCorrupt   OnCorrupt = "skip" // Add records the ticket in Report.Skipped and returns nil
)

// MaxDimensions is the most dimensions one breakdown may combine.
const MaxDimensions = 3

// Config configures a [Report]. Only Location is required.
type Config struct {
	// Definitions are the KPI definitions.
	Definitions Definitions
	// Location is the IANA zone every time bucket, date and heatmap cell
	// is read in; the report carries its name. It must read as the zone
	// time.LoadLocation gives for that name: not time.Local, which is
	// another zone on another machine, nor a fixed zone such as
	// time.FixedZone("CET", 3600), which the IANA zone CET is not in
	// summer (time.UTC is the IANA zone UTC).
	Location *time.Location
	// Calendar measures business time; nil measures business time as
	// calendar time (24/7).
	Calendar *calendar.Calendar
	// Now is the instant the report is read as of: events after it are
	// checked but not read (as sla.Evaluate does), tickets created after
	// it are left out ([RemovedAfterNow]), and durations of tickets still
	// open run to it. Zero reads every event and stops open durations at
	// each ticket's last event.
	Now time.Time
	// From and To bound the report to [From, To) on the attribution
	// instant; a zero bound is open. To must be after From.
	From, To time.Time
	// Attribution picks the instant a KPI is placed by.
	Attribution Attribution

	// Filters (on the ticket's values at its last event): when a list is
	// not empty, only tickets with a value in it are kept. ExcludeCategories
	// drops tickets of those case categories. Every filter lists the
	// tickets it removed in Report.Removed. An empty group, category or
	// tier stands for the tickets without one (no group yet, not
	// categorised, a requester without a tier), so it can match and is
	// accepted, here and in CSATExclude; every ticket has a channel, so a
	// channel must be one of ticket's channels: [Config.Validate] refuses
	// an empty or unknown one, which could never match.
	Groups            []string
	Channels          []ticket.Channel
	Categories        []string
	ExcludeCategories []string
	Tiers             []ticket.Tier

	// CSATExclude lists case categories the desk cannot influence: their
	// ratings leave the CSAT numerator and denominator, and their tickets
	// are listed in the CSAT rate's exclusions. Other KPIs keep them. As
	// the filters, it reads the ticket's category at its last event read
	// (at Now), not at the rating: a ticket recategorised after it was
	// rated is judged by its new category. The rating read is the
	// ticket's latest; under [ByEvent] it is placed at its own instant,
	// so a rating changed after the range leaves the range's CSAT.
	CSATExclude []string

	// Breakdowns are the group-bys: each is a list of up to
	// [MaxDimensions] dimensions combined, such as {DimWeek, DimAgent}.
	Breakdowns [][]Dimension
	// VolumeBucket is the time bucket of new-ticket counts; zero means DimWeek.
	VolumeBucket Dimension
	// BacklogAt is the instant the backlog (tickets active then) is
	// counted at; zero counts none. The filters apply to it, the range
	// does not: a ticket created before From and still active counts. It
	// may not be after Now: the events after Now are not read, so the
	// backlog then is not known.
	BacklogAt time.Time
	// Customers turns on the per-customer workload (tickets and agents'
	// time per customer), which holds a table entry per customer.
	Customers bool
	// OnCorrupt says what to do with a history the fold cannot read.
	OnCorrupt OnCorrupt
	// SLA, when not empty, evaluates each ticket under these policies
	// (at Now, or at the ticket's last event when Now is zero) and adds
	// SLA achievement to the KPIs ([KPIs.SLA]). This replays each history
	// a second time in package sla, so it costs about a ticket.Replay per
	// ticket.
	SLA sla.Policies
}

// Validate returns the joined [*ConfigError]s of every problem: no
// location or one that is not the IANA zone of its name (see Location),
// an empty range ([ErrEmptyRange]), a backlog instant after Now, an unknown or repeated
// group-by key ([ErrUnknownDimension]), too many dimensions, an unknown
// option value.
func (c Config) Validate() error {
	errs := c.Definitions.problems()
	if len(c.SLA) > 0 {
		if err := c.SLA.Validate(); err != nil {
			errs = append(errs, &ConfigError{Field: "SLA", Problem: err.Error(), Err: err})
		}
	}
	switch {
	case c.Location == nil:
		errs = append(errs, &ConfigError{Field: "Location", Problem: "missing"})
	case !ianaZone(c.Location):
		errs = append(errs, &ConfigError{Field: "Location", Problem: fmt.Sprintf(
			"%q is not the IANA zone of that name, which a report carries (load it with time.LoadLocation)", c.Location.String())})
	}
	if !c.From.IsZero() && !c.To.IsZero() && !wall.After(c.To, c.From) {
		errs = append(errs, &ConfigError{Field: "To", Problem: fmt.Sprintf("%s is not after From %s",
			c.To.Format(time.RFC3339), c.From.Format(time.RFC3339)), Err: ErrEmptyRange})
	}
	if err := backlogProblem(c.Now, c.BacklogAt); err != nil {
		errs = append(errs, err)
	}
	switch c.Attribution {
	case "", ByCreated, ByEvent, ByResolved:
	default:
		errs = append(errs, &ConfigError{Field: "Attribution", Problem: fmt.Sprintf("unknown value %q", c.Attribution)})
	}
	switch c.OnCorrupt {
	case "", FailOnCorrupt, SkipCorrupt:
	default:
		errs = append(errs, &ConfigError{Field: "OnCorrupt", Problem: fmt.Sprintf("unknown value %q", c.OnCorrupt)})
	}
	for i, ch := range c.Channels {
		if !ch.Valid() {
			errs = append(errs, &ConfigError{Field: fmt.Sprintf("Channels[%d]", i), Problem: fmt.Sprintf(
				"%q is not a channel, so it would match no ticket (every ticket has one of: %s)", ch, channelNames())})
		}
	}
	if c.VolumeBucket != "" && !c.VolumeBucket.IsTime() {
		errs = append(errs, &ConfigError{Field: "VolumeBucket", Problem: fmt.Sprintf("%q is not a time bucket", c.VolumeBucket), Err: ErrUnknownDimension})
	}
	for i, b := range c.Breakdowns {
		if len(b) == 0 || len(b) > MaxDimensions {
			errs = append(errs, &ConfigError{Field: fmt.Sprintf("Breakdowns[%d]", i), Problem: fmt.Sprintf("has %d dimensions, want 1 to %d", len(b), MaxDimensions)})
		}
		for j, d := range b {
			switch {
			case !d.Valid():
				errs = append(errs, &ConfigError{Field: fmt.Sprintf("Breakdowns[%d][%d]", i, j), Problem: fmt.Sprintf("unknown dimension %q", d), Err: ErrUnknownDimension})
			case slices.Contains(b[:j], d):
				errs = append(errs, &ConfigError{Field: fmt.Sprintf("Breakdowns[%d][%d]", i, j), Problem: fmt.Sprintf("dimension %q repeated", d)})
			}
		}
	}
	return joinProblems(errs)
}

// backlogProblem returns the problem of a backlog instant after now: the
// events after now are not read, so the backlog then is not known (a
// ticket solved between now and then would still look active), or nil.
func backlogProblem(now, backlogAt time.Time) error {
	if now.IsZero() || backlogAt.IsZero() || !wall.After(backlogAt, now) {
		return nil
	}
	return &ConfigError{Field: "BacklogAt", Problem: fmt.Sprintf(
		"%s is after Now %s, whose events after it are not read: the backlog then is not known",
		backlogAt.Format(time.RFC3339), now.Format(time.RFC3339))}
}

// channelNames lists ticket's channels for a problem.
func channelNames() string {
	var names []string
	for _, ch := range ticket.Channels() {
		names = append(names, string(ch))
	}
	return strings.Join(names, ", ")
}

// Spec is the part of a [Config] that a report carries and that must agree
// for two reports to merge. A business calendar is carried by its
// [calendar.Calendar.Fingerprint], so reports made on different calendars
// do not merge, in one process or between processes.
type Spec struct {
	Zone              string           `json:"zone"`
	Definitions       string           `json:"definitions"`
	Attribution       Attribution      `json:"attribution"`
	From              time.Time        `json:"from,omitzero"`
	To                time.Time        `json:"to,omitzero"`
	Now               time.Time        `json:"now,omitzero"`
	Breakdowns        [][]Dimension    `json:"breakdowns,omitempty"`
	VolumeBucket      Dimension        `json:"volume_bucket"`
	BacklogAt         time.Time        `json:"backlog_at,omitzero"`
	Customers         bool             `json:"customers,omitempty"`
	Groups            []string         `json:"groups,omitempty"`
	Channels          []ticket.Channel `json:"channels,omitempty"`
	Categories        []string         `json:"categories,omitempty"`
	ExcludeCategories []string         `json:"exclude_categories,omitempty"`
	Tiers             []ticket.Tier    `json:"tiers,omitempty"`
	CSATExclude       []string         `json:"csat_exclude,omitempty"`
	BusinessCalendar  bool             `json:"business_calendar"`
	Calendar          string           `json:"calendar,omitempty"`      // the business calendar's fingerprint
	FCRWindow         time.Duration    `json:"fcr_window_ns,omitempty"` // the repeat-contact window under FCRNoRepeat; 0 under FCROneTouch
	SLA               []string         `json:"sla,omitempty"`           // policy name@version
}

// ianaZone reports whether loc is the IANA zone its name loads here: a
// report carries only the name (its spec, its encoding, its document), so
// a location that reads otherwise would not read back as itself: Local
// (another zone on another machine), a fixed zone named "CET" (the IANA
// zone CET keeps summer time), any zone under a name that does not load.
// It compares the offsets of both on 15 January and 15 July of every year
// from 1970 to 2037.
func ianaZone(loc *time.Location) bool {
	name := loc.String()
	if name == "Local" {
		return false
	}
	iana, err := time.LoadLocation(name)
	if err != nil {
		return false
	}
	for y := 1970; y <= 2037; y++ {
		for _, m := range [...]time.Month{time.January, time.July} {
			t := time.Date(y, m, 15, 0, 0, 0, 0, time.UTC)
			_, a := t.In(loc).Zone()
			_, b := t.In(iana).Zone()
			if a != b {
				return false
			}
		}
	}
	return true
}

func (c Config) spec() Spec {
	s := Spec{
		Zone: c.Location.String(), Definitions: c.Definitions.fingerprint(), Attribution: c.Attribution,
		From: c.From.UTC(), To: c.To.UTC(), Now: c.Now.UTC(), Breakdowns: c.Breakdowns, VolumeBucket: c.VolumeBucket,
		BacklogAt: c.BacklogAt.UTC(), Customers: c.Customers, Groups: c.Groups, Channels: c.Channels,
		Categories: c.Categories, ExcludeCategories: c.ExcludeCategories, Tiers: c.Tiers,
		CSATExclude: c.CSATExclude, BusinessCalendar: c.Calendar != nil, Calendar: c.Calendar.Fingerprint(),
	}
	if d := c.Definitions.withDefaults(); d.FCR == FCRNoRepeat {
		s.FCRWindow = d.FCRWindow
	}
	for _, p := range c.SLA {
		s.SLA = append(s.SLA, fmt.Sprintf("%s@%d", p.Name, p.Version))
	}
	if s.Attribution == "" {
		s.Attribution = ByCreated
	}
	if s.VolumeBucket == "" {
		s.VolumeBucket = DimWeek
	}
	return s
}

// equal reports whether two specs describe the same report.
func (s Spec) equal(o Spec) bool {
	eqT := wall.Equal
	return s.Zone == o.Zone && s.Definitions == o.Definitions && s.Attribution == o.Attribution &&
		eqT(s.From, o.From) && eqT(s.To, o.To) && eqT(s.Now, o.Now) && eqT(s.BacklogAt, o.BacklogAt) &&
		slices.EqualFunc(s.Breakdowns, o.Breakdowns, slices.Equal) && s.VolumeBucket == o.VolumeBucket &&
		s.Customers == o.Customers && slices.Equal(s.Groups, o.Groups) && slices.Equal(s.Channels, o.Channels) &&
		slices.Equal(s.Categories, o.Categories) && slices.Equal(s.ExcludeCategories, o.ExcludeCategories) &&
		slices.Equal(s.Tiers, o.Tiers) && slices.Equal(s.CSATExclude, o.CSATExclude) && s.BusinessCalendar == o.BusinessCalendar && s.Calendar == o.Calendar && s.FCRWindow == o.FCRWindow && slices.Equal(s.SLA, o.SLA)
}
