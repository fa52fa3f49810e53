package staffing

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics/internal/wall"
)

// Slot is one interval of a forecast: the contacts expected to arrive in
// [Start, End).
type Slot struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Arrivals float64   `json:"arrivals"`
}

// checkSlots reports slots that are empty, out of order or overlapping,
// or that carry a bad number.
func checkSlots(slots []Slot) error {
	for i, s := range slots {
		if !wall.After(s.End, s.Start) {
			return bad(fmt.Sprintf("slots[%d]", i), s.Start, "ends before it starts")
		}
		if math.IsNaN(s.Arrivals) || math.IsInf(s.Arrivals, 0) || s.Arrivals < 0 {
			return bad(fmt.Sprintf("slots[%d].arrivals", i), s.Arrivals, "must be a finite number ≥ 0")
		}
		if i > 0 && wall.Before(s.Start, slots[i-1].End) {
			return bad(fmt.Sprintf("slots[%d]", i), s.Start, "overlaps the slot before it")
		}
	}
	return nil
}

// Kind is how a channel's contacts are staffed.
type Kind string

// The channel kinds.
const (
	// KindQueue is a live queue such as the phone: Erlang C, or Erlang A
	// when the channel has a patience.
	KindQueue Kind = "queue"
	// KindChat is a live queue whose agents hold several contacts at
	// once ([Load.AgentsChat]).
	KindChat Kind = "chat"
	// KindAsync is email, web forms and messages: workload within the
	// SLA window in business hours ([Async.Workload]).
	KindAsync Kind = "async"
)

var kinds = []Kind{KindQueue, KindChat, KindAsync}

// String returns the kind's name.
func (k Kind) String() string { return string(k) }

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, error) {
	for _, k := range kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", bad("kind", s, "unknown channel kind (queue, chat or async)")
}

// MarshalText returns the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if _, err := ParseKind(string(k)); err != nil {
		return nil, err
	}
	return []byte(k), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(text []byte) error {
	v, err := ParseKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Channel says how one channel is staffed.
type Channel struct {
	Name string
	Kind Kind
	AHT  time.Duration // mean handling time (for chat: a chat's elapsed duration)
	// Hours are when a live channel (queue, chat) is staffed: contacts
	// forecast outside them are not answered live and need no agents
	// (they are reported as Unstaffed). For an asynchronous channel they
	// are the business hours its window counts in. nil means around the
	// clock. A calendar knows only its years: a forecast interval outside
	// them is an [*InputError], not an interval the channel is closed.
	Hours *calendar.Calendar
	// Target is the service level of a live channel; in an interval only
	// partly within Hours, the answer-time target is cut to the open time.
	// For an asynchronous channel only its MaxOccupancy counts.
	Target Target
	// Patience is the mean time a caller waits before hanging up: with
	// it a queue is Erlang A ([Load.AgentsA]), without it Erlang C.
	Patience   time.Duration
	Definition Definition // of the service level under Erlang A; "" is SLOffered
	// Concurrency is how many chats an agent holds at once (chat only).
	Concurrency int
	// Window is the business time within which an asynchronous contact
	// must be handled (async only).
	Window time.Duration
}

// Demand is a channel with its forecast.
type Demand struct {
	Channel  Channel
	Forecast []Slot
}

// Shift is one agent's working time [Start, End).
type Shift struct {
	Agent      string
	Start, End time.Time
}

// Roster is the shifts of the agents. An agent may have several shifts
// (a split shift), but not two at once: [NewPlan] refuses a roster that
// books a named agent twice in the same time.
type Roster []Shift

// HoursRoster returns a roster of headcount agents ("agent 1", …) who work
// exactly the calendar's open hours between from and to, which must lie
// within the calendar's years (it knows no hours outside them).
func HoursRoster(hours *calendar.Calendar, from, to time.Time, headcount int) (Roster, error) {
	if hours == nil {
		return nil, bad("hours", "nil", "a calendar is required")
	}
	if headcount < 0 {
		return nil, bad("headcount", headcount, "must not be negative")
	}
	if start, end := hours.Range(); wall.Before(from, start) || wall.After(to, end) {
		return nil, bad("from, to", fmt.Sprintf("[%s, %s)", from.Format(time.RFC3339), to.Format(time.RFC3339)), "lies outside the calendar's years")
	}
	var r Roster
	for span := range hours.Spans(from, to) {
		for i := range headcount {
			r = append(r, Shift{Agent: fmt.Sprintf("agent %d", i+1), Start: span.Start, End: span.End})
		}
	}
	return r, nil
}

// on returns the agents on shift during [from, to), counting each shift by
// the share of the interval it covers: a shift ending a quarter of an hour
// into a half-hour interval counts ½.
func (r Roster) on(from, to time.Time) float64 {
	var n float64
	length := wall.Sub(to, from)
	for _, s := range r {
		a, b := s.Start, s.End
		if wall.Before(a, from) {
			a = from
		}
		if wall.After(b, to) {
			b = to
		}
		if wall.After(b, a) {
			n += float64(wall.Sub(b, a)) / float64(length)
		}
	}
	return n
}

// checkOverlaps reports an agent booked on two shifts at once: one agent
// is one agent, so counting both would show cover that is not there.
// Shifts without an agent's name are not compared.
func (r Roster) checkOverlaps() error {
	idx := make([]int, 0, len(r))
	for i, s := range r {
		if s.Agent != "" {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		return cmp.Or(strings.Compare(r[i].Agent, r[j].Agent), wall.Compare(r[i].Start, r[j].Start))
	})
	for k := 1; k < len(idx); k++ {
		a, b := r[idx[k-1]], r[idx[k]]
		if a.Agent == b.Agent && wall.Before(b.Start, a.End) {
			i, j := min(idx[k-1], idx[k]), max(idx[k-1], idx[k])
			return bad(fmt.Sprintf("roster[%d]", j), r[j].Start, fmt.Sprintf("overlaps %s's shift roster[%d]", r[j].Agent, i))
		}
	}
	return nil
}

// Need is one channel's requirement in one interval.
type Need struct {
	Channel   string  `json:"channel"`
	Arrivals  float64 `json:"arrivals"`  // forecast contacts in the interval
	Unstaffed float64 `json:"unstaffed"` // forecast contacts of a live channel outside its hours, answered by no one
	Workload  float64 `json:"workload"`  // offered load in Erlangs (live), or agents kept busy (async)
	Agents    int     `json:"agents"`    // agents the channel needs on the queue
	// ServiceLevel is what those agents achieve: the share answered
	// within the target under the channel's definition (1 when nothing
	// is offered; 0 for an asynchronous channel, which has none).
	ServiceLevel float64 `json:"service_level"`
}

// Row is one interval of a plan.
type Row struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Needs     []Need    `json:"needs"`     // in the order of the demands
	Agents    int       `json:"agents"`    // agents on the queues: the sum over the channels (each channel has its own agents)
	Positions int       `json:"positions"` // scheduled positions: Agents after shrinkage, rounded up
	Rostered  float64   `json:"rostered"`  // agents on shift in the interval, shifts counted by the share of it they cover
	Gap       float64   `json:"gap"`       // Rostered − Positions: negative is a shortage, positive a surplus
}

// Short reports whether the interval has fewer agents rostered than it
// needs.
func (r Row) Short() bool { return r.Gap < 0 }

// Plan is a staffing plan: per interval, the agents each channel needs
// beside the agents rostered, with the gap.
type Plan struct {
	Shrinkage float64 `json:"shrinkage"`
	Rows      []Row   `json:"rows"`
}

// Totals sums the plan in agent-hours: the positions needed and the
// agents rostered, and the hours short and surplus, summing each
// interval's gap on its own side. They are hours as float64, not
// Durations: a year of 300 positions is 300 agent-years, beyond the 292
// years a Duration holds.
func (p Plan) Totals() (needed, rostered, short, surplus float64) {
	for _, row := range p.Rows {
		h := wall.Sub(row.End, row.Start).Hours()
		needed += float64(row.Positions) * h
		rostered += row.Rostered * h
		if row.Gap < 0 {
			short -= row.Gap * h
		} else {
			surplus += row.Gap * h
		}
	}
	return needed, rostered, short, surplus
}

// NewPlan turns forecasts into requirements and compares them with the
// roster. Every demand's forecast must have the same intervals. Each
// channel has its own agents, so the agents needed in an interval are the
// sum over the channels; positions are that sum ÷ (1 − shrinkage), rounded
// up ([Positions]). A roster that books an agent on two shifts at once,
// or a forecast interval outside the years of its channel's Hours, is an
// [*InputError]. Slots and shifts are compared and measured on their
// wall clocks, as the channels' calendars measure open time and as a store
// keeps them: the monotonic clock readings of instants from time.Now are
// ignored, so slots made in process plan as the same slots read back.
func NewPlan(demands []Demand, roster Roster, shrinkage float64) (Plan, error) {
	if _, err := Positions(0, shrinkage); err != nil {
		return Plan{}, err
	}
	if len(demands) == 0 {
		return Plan{Shrinkage: shrinkage}, nil
	}
	grid := demands[0].Forecast
	for i, d := range demands {
		if err := d.Channel.validate(); err != nil {
			return Plan{}, err
		}
		if err := checkSlots(d.Forecast); err != nil {
			return Plan{}, err
		}
		if j := outsideYears(d.Channel.Hours, d.Forecast); j >= 0 {
			return Plan{}, bad(fmt.Sprintf("demands[%d].forecast[%d]", i, j), d.Forecast[j].Start, "lies outside the years of channel "+d.Channel.Name+"'s hours")
		}
		if len(d.Forecast) != len(grid) {
			return Plan{}, bad(fmt.Sprintf("demands[%d].forecast", i), len(d.Forecast), fmt.Sprintf("has a different number of intervals than the first demand (%d)", len(grid)))
		}
		for j, s := range d.Forecast {
			if d.Channel.Kind != KindAsync && d.Channel.Target.Within > wall.Sub(s.End, s.Start) {
				return Plan{}, bad(fmt.Sprintf("demands[%d].channel.target.within", i), d.Channel.Target.Within, "is longer than the interval "+wall.Sub(s.End, s.Start).String())
			}
			if !wall.Equal(s.Start, grid[j].Start) || !wall.Equal(s.End, grid[j].End) {
				return Plan{}, bad(fmt.Sprintf("demands[%d].forecast[%d]", i, j), s.Start, "is not the interval of the first demand")
			}
		}
	}
	for i, s := range roster {
		if !wall.After(s.End, s.Start) {
			return Plan{}, bad(fmt.Sprintf("roster[%d]", i), s.Start, "the shift ends before it starts")
		}
	}
	if err := roster.checkOverlaps(); err != nil {
		return Plan{}, err
	}
	p := Plan{Shrinkage: shrinkage, Rows: make([]Row, len(grid))}
	needs := make([]Need, len(grid)*len(demands))
	for j, s := range grid {
		p.Rows[j] = Row{Start: s.Start, End: s.End, Needs: needs[j*len(demands) : (j+1)*len(demands) : (j+1)*len(demands)]}
	}
	// Each shift adds the share of every interval it covers; the
	// intervals are in order, so a binary search finds the first.
	for _, sh := range roster {
		j := sort.Search(len(grid), func(j int) bool { return wall.After(grid[j].End, sh.Start) })
		for ; j < len(grid) && wall.Before(grid[j].Start, sh.End); j++ {
			p.Rows[j].Rostered += Roster{sh}.on(grid[j].Start, grid[j].End)
		}
	}
	for i, d := range demands {
		if err := d.fill(p.Rows, i); err != nil {
			return Plan{}, err
		}
	}
	for j := range p.Rows {
		row := &p.Rows[j]
		for _, n := range row.Needs {
			row.Agents += n.Agents
		}
		var err error
		if row.Positions, err = Positions(row.Agents, shrinkage); err != nil {
			return Plan{}, err
		}
		row.Gap = row.Rostered - float64(row.Positions)
	}
	return p, nil
}

// outsideYears returns the index of the first slot not within the years
// hours covers (see [calendar.Calendar.Range]), or -1; nil hours cover
// every instant. A calendar is closed outside its years, so a slot there
// would read as closed whatever the desk's hours are.
func outsideYears(hours *calendar.Calendar, slots []Slot) int {
	if hours == nil || len(slots) == 0 {
		return -1
	}
	start, end := hours.Range()
	for j, s := range slots {
		if wall.Before(s.Start, start) || wall.After(s.End, end) {
			return j
		}
	}
	return -1
}

func (c Channel) validate() error {
	switch {
	case c.AHT <= 0:
		return bad("channel "+c.Name+": aht", c.AHT, "must be positive")
	case c.Kind == KindAsync:
		return Async{AHT: c.AHT, Window: c.Window, MaxOccupancy: c.Target.MaxOccupancy}.validate()
	case c.Kind != KindQueue && c.Kind != KindChat:
		return bad("channel "+c.Name+": kind", c.Kind, "unknown channel kind")
	case c.Kind == KindChat && (c.Concurrency < 1 || c.Concurrency > 100):
		return bad("channel "+c.Name+": concurrency", c.Concurrency, "must lie in [1, 100]")
	case c.Patience < 0:
		return bad("channel "+c.Name+": patience", c.Patience, "must not be negative")
	}
	if _, err := ParseDefinition(string(c.Definition)); err != nil {
		return err
	}
	return c.Target.validate(0)
}

// fill computes demand i's needs in every row.
func (d Demand) fill(rows []Row, i int) error {
	c := d.Channel
	if c.Kind == KindAsync {
		load, agents, err := Async{AHT: c.AHT, Window: c.Window, Hours: c.Hours, MaxOccupancy: c.Target.MaxOccupancy}.Workload(d.Forecast)
		if err != nil {
			return err
		}
		for j, s := range d.Forecast {
			rows[j].Needs[i] = Need{Channel: c.Name, Arrivals: s.Arrivals, Workload: load[j], Agents: agents[j]}
		}
		return nil
	}
	for j, s := range d.Forecast {
		n := Need{Channel: c.Name, Arrivals: s.Arrivals, ServiceLevel: 1}
		length := wall.Sub(s.End, s.Start)
		open := length
		if c.Hours != nil {
			open = c.Hours.Elapsed(s.Start, s.End)
		}
		share := float64(open) / float64(length)
		n.Unstaffed = s.Arrivals * (1 - share)
		offered := s.Arrivals * share
		if open > 0 && offered > 0 {
			l := Load{Arrivals: offered, Interval: open, AHT: c.AHT}
			t := c.Target
			t.Within = min(t.Within, open)
			var err error
			switch {
			case c.Kind == KindChat:
				var r ChatResult
				r, err = l.AgentsChat(c.Concurrency, t)
				n.Agents, n.ServiceLevel, n.Workload = r.Agents, r.Slots.ServiceLevel, r.Slots.Traffic
			case c.Patience > 0:
				var r AResult
				r, err = l.AgentsA(c.Patience, c.Definition, t)
				n.Agents, n.ServiceLevel, n.Workload = r.Agents, r.ServiceLevel, r.Traffic
			default:
				var r Result
				r, err = l.AgentsC(t)
				n.Agents, n.ServiceLevel, n.Workload = r.Agents, r.ServiceLevel, r.Traffic
			}
			if err != nil {
				return fmt.Errorf("channel %s, interval at %s: %w", c.Name, s.Start.Format(time.RFC3339), err)
			}
		}
		rows[j].Needs[i] = n
	}
	return nil
}
