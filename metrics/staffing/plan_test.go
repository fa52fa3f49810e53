package staffing

import (
	"encoding/json"
	"math"

	"github.com/servicedesk-go/desk/calendar"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Chat: slots are Erlang C servers, rounded up to whole agents.
func TestAgentsChat(t *testing.T) {
	l := Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	tg := Target{ServiceLevel: 0.8, Within: 20 * time.Second}
	for k, want := range map[int]int{1: 14, 2: 7, 3: 5, 4: 4, 14: 1} {
		r, err := l.AgentsChat(k, tg)
		require.NoError(t, err)
		assert.Equal(t, want, r.Agents, "concurrency %d", k)
		assert.Equal(t, 14, r.Slots.Agents)
	}
}

// slotsOf cuts [from, to) into half hours with the given arrivals each.
func slotsOf(from time.Time, n int, arrivals ...float64) []Slot {
	out := make([]Slot, n)
	for i := range out {
		out[i] = Slot{Start: from.Add(time.Duration(i) * 30 * time.Minute), End: from.Add(time.Duration(i+1) * 30 * time.Minute)}
		if i < len(arrivals) {
			out[i].Arrivals = arrivals[i]
		}
	}
	return out
}

// Email: the work of a slot's arrivals is spread over the business time
// of its window; at night it waits for the morning.
func TestAsyncWorkload(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	// Tuesday 12 May 2026 from 07:00: two half hours closed, then open.
	from := time.Date(2026, 5, 12, 7, 0, 0, 0, loc)
	slots := slotsOf(from, 8, 12) // 12 emails in 07:00–07:30, none after
	a := Async{AHT: 10 * time.Minute, Window: time.Hour, Hours: c}
	load, agents, err := a.Workload(slots)
	require.NoError(t, err)
	// 120 agent-minutes over the first open hour (08:00–09:00): 2 agents.
	assert.Equal(t, []int{0, 0, 2, 2, 0, 0, 0, 0}, agents)
	assert.InDelta(t, 2, load[2], 1e-12)
	assert.InDelta(t, 2, load[3], 1e-12)

	// Around the clock, the window starts at once: 07:00–08:00.
	a.Hours = nil
	_, agents, err = a.Workload(slots)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 2, 0, 0, 0, 0, 0, 0}, agents)

	// An occupancy limit of 80 % needs 2.5 → 3 agents.
	a.MaxOccupancy = 0.8
	_, agents, err = a.Workload(slots)
	require.NoError(t, err)
	assert.Equal(t, 3, agents[0])

	_, _, err = Async{AHT: time.Minute}.Workload(slots)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = Async{AHT: time.Minute, Window: time.Hour}.Workload([]Slot{slots[1], slots[0]})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = Async{AHT: time.Minute, Window: time.Hour}.Workload([]Slot{{Start: from, End: from.Add(time.Hour), Arrivals: -1}})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// A plan: phone (Erlang C), phone with abandonment (Erlang A), chat and
// email beside a roster, the gap per interval.
func TestNewPlan(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	from := time.Date(2026, 5, 13, 7, 0, 0, 0, loc) // Wednesday before Ascension Day
	n := 5                                          // 07:00 … 09:00
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 180 * time.Second, Hours: c,
		Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	patient := phone
	patient.Name, patient.Patience = "phone-a", 3*time.Minute
	chat := Channel{Name: "chat", Kind: KindChat, AHT: 180 * time.Second, Hours: c, Concurrency: 2,
		Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	email := Channel{Name: "email", Kind: KindAsync, AHT: 10 * time.Minute, Window: time.Hour, Hours: c}
	roster := Roster{
		{Agent: "kari", Start: time.Date(2026, 5, 13, 8, 0, 0, 0, loc), End: time.Date(2026, 5, 13, 16, 0, 0, 0, loc)},
		{Agent: "nils", Start: time.Date(2026, 5, 13, 8, 15, 0, 0, loc), End: time.Date(2026, 5, 13, 16, 0, 0, 0, loc)},
	}
	p, err := NewPlan([]Demand{
		{phone, slotsOf(from, n, 5, 0, 100)},
		{patient, slotsOf(from, n, 0, 0, 100)},
		{chat, slotsOf(from, n, 0, 0, 100)},
		{email, slotsOf(from, n, 12)},
	}, roster, 0.3)
	require.NoError(t, err)
	require.Len(t, p.Rows, n)
	// 07:00: closed; the five calls are unstaffed, the emails wait.
	r0 := p.Rows[0]
	assert.Equal(t, 0, r0.Agents)
	assert.Equal(t, 5.0, r0.Needs[0].Unstaffed)
	assert.Equal(t, 0.0, r0.Rostered)
	// 08:00: 14 (Erlang C) + 12 (Erlang A) + 7 (chat) + 2 (email) = 35
	// agents, 50 positions at 30 % shrinkage; kari and half of nils.
	r2 := p.Rows[2]
	assert.Equal(t, []int{14, 12, 7, 2}, []int{r2.Needs[0].Agents, r2.Needs[1].Agents, r2.Needs[2].Agents, r2.Needs[3].Agents})
	assert.Equal(t, 35, r2.Agents)
	assert.Equal(t, 50, r2.Positions)
	assert.Equal(t, 1.5, r2.Rostered)
	assert.Equal(t, -48.5, r2.Gap)
	assert.True(t, r2.Short())
	assert.InDelta(t, 0.88835, r2.Needs[0].ServiceLevel, 0.000005)
	assert.InDelta(t, 10, r2.Needs[0].Workload, 1e-12)
	// 08:30: the rest of the emails: 2 agents, 3 positions, 2 rostered.
	r3 := p.Rows[3]
	assert.Equal(t, 3, r3.Positions)
	assert.Equal(t, -1.0, r3.Gap)
	// 09:00: nothing offered, two rostered: a surplus of two.
	r4 := p.Rows[4]
	assert.Equal(t, 0, r4.Positions)
	assert.Equal(t, 2.0, r4.Gap)
	assert.False(t, r4.Short())
	assert.Equal(t, 1.0, r4.Needs[0].ServiceLevel)

	needed, rostered, short, surplus := p.Totals()
	assert.Equal(t, 26.5, needed)
	assert.Equal(t, 2.75, rostered)
	assert.Equal(t, 24.75, short)
	assert.Equal(t, 1.0, surplus)
}

// A year of half hours at 300 positions with 280 rostered is 2,628,000
// position-hours needed (300 agent-years): the totals are agent-hours,
// not Durations, which overflowed past 292 years to a negative need.
func TestPlanTotalsOfALargeDeskOverAYear(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var p Plan
	for i := range 365 * 48 {
		s := start.Add(time.Duration(i) * 30 * time.Minute)
		p.Rows = append(p.Rows, Row{Start: s, End: s.Add(30 * time.Minute), Positions: 300, Rostered: 280, Gap: -20})
	}
	needed, rostered, short, surplus := p.Totals()
	assert.Equal(t, 2_628_000.0, needed)
	assert.Equal(t, 2_452_800.0, rostered)
	assert.Equal(t, 175_200.0, short)
	assert.Equal(t, 0.0, surplus)
}

func TestHoursRoster(t *testing.T) {
	c := osloDesk(t)
	loc := c.Location()
	// Wednesday 13 to Friday 15 May 2026: Thursday is Ascension Day.
	r, err := HoursRoster(c, time.Date(2026, 5, 13, 0, 0, 0, 0, loc), time.Date(2026, 5, 16, 0, 0, 0, 0, loc), 3)
	require.NoError(t, err)
	require.Len(t, r, 6)
	assert.Equal(t, 13, r[0].Start.Day())
	assert.Equal(t, 15, r[3].Start.Day())
	assert.Equal(t, 3.0, r.on(time.Date(2026, 5, 15, 9, 0, 0, 0, loc), time.Date(2026, 5, 15, 9, 30, 0, 0, loc)))
	assert.Equal(t, 0.0, r.on(time.Date(2026, 5, 14, 9, 0, 0, 0, loc), time.Date(2026, 5, 14, 9, 30, 0, 0, loc)))
	_, err = HoursRoster(nil, time.Time{}, time.Time{}, 1)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = HoursRoster(c, time.Time{}, time.Time{}, -1)
	assert.ErrorIs(t, err, ErrInvalidInput)
	// The calendar knows 2020–2035 only: a roster for 2036 would be no one
	// at all, read as the desk's hours.
	_, err = HoursRoster(c, time.Date(2036, 1, 7, 0, 0, 0, 0, loc), time.Date(2036, 1, 8, 0, 0, 0, 0, loc), 3)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = HoursRoster(c, time.Date(2035, 12, 31, 0, 0, 0, 0, loc), time.Date(2036, 1, 2, 0, 0, 0, 0, loc), 3)
	assert.ErrorIs(t, err, ErrInvalidInput)
	// Up to the end of the range: Thursday 27, Friday 28 and Monday 31
	// December 2035.
	r, err = HoursRoster(c, time.Date(2035, 12, 27, 0, 0, 0, 0, loc), time.Date(2036, 1, 1, 0, 0, 0, 0, loc), 1)
	require.NoError(t, err)
	assert.Len(t, r, 3)
}

func TestNewPlanErrors(t *testing.T) {
	from := time.Date(2026, 5, 13, 8, 0, 0, 0, time.UTC)
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: time.Minute, Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	for name, f := range map[string]func() error{
		"shrinkage 1": func() error { _, err := NewPlan(nil, nil, 1); return err },
		"unknown kind": func() error {
			ch := phone
			ch.Kind = "fax"
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		"zero AHT": func() error {
			ch := phone
			ch.AHT = 0
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		"chat without concurrency": func() error {
			ch := phone
			ch.Kind = KindChat
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		// Refused for the channel, whatever its forecast: also with no
		// arrivals, where no interval asks for agents.
		"chat with more than 100 at once": func() error {
			ch := phone
			ch.Kind, ch.Concurrency = KindChat, 101
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		"async without window": func() error {
			ch := phone
			ch.Kind = KindAsync
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		"target above the interval": func() error {
			ch := phone
			ch.Target.Within = time.Hour
			_, err := NewPlan([]Demand{{ch, slotsOf(from, 2)}}, nil, 0)
			return err
		},
		"different grids": func() error {
			_, err := NewPlan([]Demand{{phone, slotsOf(from, 2)}, {phone, slotsOf(from, 3)}}, nil, 0)
			return err
		},
		"shifted grids": func() error {
			_, err := NewPlan([]Demand{{phone, slotsOf(from, 2)}, {phone, slotsOf(from.Add(time.Minute), 2)}}, nil, 0)
			return err
		},
		"NaN forecast": func() error {
			_, err := NewPlan([]Demand{{phone, slotsOf(from, 2, math.NaN())}}, nil, 0)
			return err
		},
		"backwards shift": func() error {
			_, err := NewPlan([]Demand{{phone, slotsOf(from, 2)}}, Roster{{Start: from, End: from.Add(-time.Hour)}}, 0)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidInput)
		})
	}
	p, err := NewPlan(nil, nil, 0.3)
	require.NoError(t, err)
	assert.Empty(t, p.Rows)
}

// An interval only partly open offers only its open part: at a desk
// opening at 08:15, the 08:00 half hour staffs a quarter hour with half
// its calls, the rest unstaffed.
func TestNewPlanPartlyOpen(t *testing.T) {
	oslo := osloDesk(t).Location()
	late, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:15-16:00"))
	require.NoError(t, err)
	from := time.Date(2026, 5, 12, 8, 0, 0, 0, oslo)
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 3 * time.Minute, Hours: late,
		Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	p, err := NewPlan([]Demand{{phone, slotsOf(from, 2, 100, 100)}}, nil, 0)
	require.NoError(t, err)
	n0, n1 := p.Rows[0].Needs[0], p.Rows[1].Needs[0]
	assert.Equal(t, 50.0, n0.Unstaffed)
	assert.Equal(t, 0.0, n1.Unstaffed)
	// 50 calls in 15 minutes is the load of 100 in 30: the same agents.
	assert.Equal(t, n1.Agents, n0.Agents)
	assert.InDelta(t, n1.Workload, n0.Workload, 1e-12)
}

// A plan is data a UI can draw: it encodes to JSON with named fields.
func TestPlanJSON(t *testing.T) {
	from := time.Date(2026, 5, 13, 8, 0, 0, 0, time.UTC)
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 3 * time.Minute, Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	p, err := NewPlan([]Demand{{phone, slotsOf(from, 1, 100)}}, Roster{{Agent: "kari", Start: from, End: from.Add(time.Hour)}}, 0.3)
	require.NoError(t, err)
	p.Rows[0].Needs[0].ServiceLevel = 0.888 // its last bits may differ where the compiler fuses multiply-adds
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"shrinkage":0.3,"rows":[{"start":"2026-05-13T08:00:00Z","end":"2026-05-13T08:30:00Z",
		"needs":[{"channel":"phone","arrivals":100,"unstaffed":0,"workload":10,"agents":14,"service_level":0.888}],
		"agents":14,"positions":20,"rostered":1,"gap":-19}]}`, string(b))
}

func TestKindText(t *testing.T) {
	for _, k := range kinds {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var got Kind
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, k, got)
		assert.Equal(t, string(k), k.String())
	}
	var k Kind
	assert.ErrorIs(t, k.UnmarshalText([]byte("fax")), ErrInvalidInput)
	_, err := Kind("").MarshalText()
	assert.ErrorIs(t, err, ErrInvalidInput)
}
