package followup_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func long() bool { return os.Getenv("DESK_LONG") == "1" }

// samples returns n, or many under DESK_LONG=1.
func samples(n, many int) int {
	if long() {
		return many
	}
	return n
}

var (
	propTags   = []string{"outage", "identified", "monitoring", "vip", "billing"}
	propStatus = []ticket.Status{ticket.StatusOpen, ticket.StatusPending, ticket.StatusOnHold, ticket.StatusSolved}
)

// propRules returns one of a few rule tables covering every mode, anchor,
// clock (nudge steps on mixed clocks), catch-up policy and cap.
func propRules(r *rand.Rand) followup.Rules {
	catch := []followup.CatchUp{{}, {Mode: followup.CatchUpLatest}, {Mode: followup.CatchUpGrace, Grace: time.Duration(1+r.IntN(180)) * time.Minute}}[r.IntN(3)]
	anchor := []followup.Anchor{"", followup.AnchorLastUpdate}[r.IntN(2)]
	business := r.IntN(3) == 0
	counts := []followup.Counts{"", followup.CountsHuman, followup.CountsAutomated}[r.IntN(3)]
	if r.IntN(2) == 0 {
		catch.Max = 1 + r.IntN(4) // a cap small enough to reach
	}
	// each nudge step on its own clock: the durations increase, so any mix is valid
	nudgeClock := func(d time.Duration) followup.Offset {
		return followup.Offset{Duration: d, Business: r.IntN(2) == 0}
	}
	reminders := []followup.Offset{followup.Wall(time.Hour), followup.Business(3 * time.Hour)}
	if r.IntN(2) == 0 { // the due time named explicitly
		reminders = append(reminders, followup.Offset{Business: r.IntN(2) == 0})
	}
	return followup.Rules{
		{
			Name:  "outage",
			Match: followup.Match{TagsAny: []string{"outage"}, TagsNone: []string{"billing"}},
			Cadence: &followup.Cadence{
				Stages: []followup.Stage{
					{Every: time.Duration(5+r.IntN(20)) * time.Minute, For: time.Duration(30+r.IntN(90)) * time.Minute},
					{Every: time.Duration(20+r.IntN(60)) * time.Minute, For: time.Duration(1+r.IntN(5)) * time.Hour},
					{Every: time.Duration(1+r.IntN(4)) * time.Hour},
				},
				From: anchor, Business: business, Counts: counts,
				ResetOn: followup.ResetOn{Tags: []string{"identified", "monitoring"}, Priority: r.IntN(2) == 0, Status: r.IntN(2) == 0},
			},
			Nudges:  []followup.Nudge{{After: nudgeClock(3 * time.Hour)}, {After: nudgeClock(9 * time.Hour), Action: followup.ActionSolve}},
			CatchUp: catch,
		},
		{
			Name: "rare", Match: followup.Match{Categories: []string{"rare"}},
			Personal:         &followup.Personal{After: followup.Offset{Duration: time.Duration(1+r.IntN(48)) * time.Hour, Business: business}, Counts: counts},
			Reminders:        reminders,
			ClearDateOnSolve: r.IntN(2) == 0, KeepSnoozeOnReply: r.IntN(2) == 0, CatchUp: catch,
		},
		{
			Name:  "rest",
			Match: followup.Match{TagsNone: []string{"billing"}},
			Nudges: []followup.Nudge{
				{After: nudgeClock(8 * time.Hour)}, {After: nudgeClock(16 * time.Hour)},
				{After: nudgeClock(24 * time.Hour), Action: followup.ActionSolve},
			},
			Reminders: []followup.Offset{followup.Wall(30 * time.Minute)},
			CatchUp:   catch,
		},
	}
}

// randomPlan draws rules and a history from r (in that order) and plans
// the history at the instant after its last event.
func randomPlan(t testing.TB, r *rand.Rand) (followup.Rules, *followup.Planner, []ticket.Event, time.Time, followup.Plan) {
	rules := propRules(r)
	p := planner(t, rules)
	events, now := randomHistory(t, r)
	pl, err := p.Plan(events, now)
	require.NoError(t, err)
	return rules, p, events, now, pl
}

// randomHistory runs random commands on a ticket over a few days from a
// random start in 2026 (DST days included) and returns its events and the
// instant after the last one. One history in three is an outage: tagged
// "outage" and not "billing", with events minutes apart (at any second),
// half of them updates, so a cadence's promises are kept early, on time
// and late.
func randomHistory(t testing.TB, r *rand.Rand) ([]ticket.Event, time.Time) {
	return randomHistoryOf(t, r, r.IntN(3) == 0)
}

// randomHistoryOf is randomHistory with the choice of an outage made.
func randomHistoryOf(t testing.TB, r *rand.Rand, dense bool) ([]ticket.Event, time.Time) {
	// start on a random day of March, May or October 2026 (DST changes, Ascension Day)
	month := []time.Month{time.March, time.May, time.October}[r.IntN(3)]
	at := time.Date(2026, month, 20+r.IntN(10), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	var tags []string
	for _, tag := range propTags {
		if dense && tag == "outage" || r.IntN(4) == 0 && !(dense && tag == "billing") {
			tags = append(tags, tag)
		}
	}
	cat := []string{"", "rare", "billing"}[r.IntN(3)]
	tk, events, err := ticket.Create(nil, tid, at, ola, ticket.Created{
		Subject: "x", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
		Priority: ticket.PriorityNormal, Tags: tags, Category: cat,
	})
	require.NoError(t, err)
	n := r.IntN(25)
	for range n {
		cmd := r.IntN(14)
		if dense {
			at = at.Add(time.Duration(1+r.IntN(30))*time.Minute + time.Duration(r.IntN(60))*time.Second)
			if r.IntN(2) == 0 {
				cmd = r.IntN(3)
			}
		} else {
			at = at.Add(time.Duration(1+r.IntN(240)) * time.Minute)
		}
		var next ticket.Ticket
		var ev []ticket.Event
		switch cmd {
		case 0, 1:
			next, ev, err = tk.Reply(at, ingrid, ticket.Message{Public: true, Body: "update"})
		case 2:
			next, ev, err = tk.Reply(at, robot, ticket.Message{Public: true, Automated: true, Body: "auto"})
		case 3, 4:
			next, ev, err = tk.Reply(at, ola, ticket.Message{Public: true, Body: "news?"})
		case 5:
			next, ev, err = tk.Reply(at, ingrid, ticket.Message{Body: "internal"})
		case 6, 7:
			next, ev, err = tk.SetStatus(at, ingrid, propStatus[r.IntN(len(propStatus))])
		case 8:
			tag := propTags[r.IntN(len(propTags))]
			if tk.HasTag(tag) {
				next, ev, err = tk.Tag(at, ingrid, nil, []string{tag})
			} else {
				next, ev, err = tk.Tag(at, ingrid, []string{tag}, nil)
			}
		case 9:
			next, ev, err = tk.SetPriority(at, ingrid, ticket.Priorities()[r.IntN(4)])
		case 10:
			next, ev, err = tk.SetFields(at, ingrid, map[string]string{ticket.FieldCategory: []string{"", "rare", "billing"}[r.IntN(3)]})
		case 11:
			until := time.Time{}
			if r.IntN(4) > 0 {
				until = at.Add(time.Duration(r.IntN(72*60)) * time.Minute)
			}
			next, ev, err = tk.Snooze(at, ingrid, until)
		case 12:
			if r.IntN(3) == 0 {
				next, ev, err = tk.ClearFollowUp(at, ingrid)
			} else {
				next, ev, err = tk.SetFollowUp(at, ingrid, ticket.FollowUpSet{Due: at.Add(time.Duration(r.IntN(96*60)) * time.Minute), Owner: "ingrid"})
			}
		case 13:
			next, ev, err = tk.Assign(at, ingrid, []string{"", "kari", "ingrid"}[r.IntN(3)], "support")
		}
		if err != nil {
			continue // a transition the lifecycle refuses
		}
		tk, events = next, append(events, ev...)
	}
	if r.IntN(10) == 0 && tk.Status.Category == ticket.StatusCategorySolved {
		at = at.Add(time.Hour)
		if next, ev, err := tk.SetStatus(at, ingrid, ticket.StatusClosed); err == nil {
			tk, events = next, append(events, ev...)
		}
	}
	return events, at.Add(time.Duration(r.IntN(48*60)) * time.Minute)
}

func allKeys(pl followup.Plan) []string {
	var keys []string
	for _, it := range pl.Due {
		keys = append(keys, it.Key)
	}
	for _, it := range pl.Pending {
		keys = append(keys, it.Key)
	}
	for _, c := range pl.Cancelled {
		keys = append(keys, c.Item.Key)
	}
	for _, s := range pl.Skipped {
		keys = append(keys, s.Item.Key)
	}
	for _, it := range pl.OutOfRange {
		keys = append(keys, it.Key)
	}
	return keys
}

// TestPlanProperties checks seeded random histories: nothing is due on a
// closed ticket; planning is deterministic and survives a JSON round trip
// of the events; NextWakeUp lies after now and nothing changes before it;
// keys are unique and stay put when an unrelated event is appended.
func TestPlanProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range samples(80, 5000) {
		_, p, events, now, pl := randomPlan(t, r)
		tk, err := ticket.Replay(nil, events)
		require.NoError(t, err)
		ctx := fmt.Sprintf("sample %d", i)

		if tk.Status.Category == ticket.StatusCategoryClosed {
			assert.Empty(t, pl.Due, ctx)
			assert.Empty(t, pl.Pending, ctx)
			assert.True(t, pl.NextWakeUp.IsZero(), ctx)
		}

		again, err := p.Plan(events, now)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(pl, again), ctx)
		b, err := json.Marshal(events)
		require.NoError(t, err)
		decoded, err := ticket.DecodeEvents(b)
		require.NoError(t, err)
		fromWire, err := p.Plan(decoded, now)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(pl, fromWire), "%s: plan differs after a JSON round trip", ctx)

		keys := allKeys(pl)
		assert.Len(t, keys, len(slices.Compact(slices.Sorted(slices.Values(keys)))), "%s: repeated keys %v", ctx, keys)

		if !pl.NextWakeUp.IsZero() {
			require.True(t, pl.NextWakeUp.After(now), ctx)
			span := pl.NextWakeUp.Sub(now)
			for _, d := range []time.Duration{1, span / 3, span - 1} {
				if d <= 0 || d >= span {
					continue
				}
				mid, err := p.Plan(events, now.Add(d))
				require.NoError(t, err)
				require.True(t, reflect.DeepEqual(pl, mid), "%s: plan changed at now+%v before NextWakeUp %v", ctx, d, pl.NextWakeUp)
			}
			at, err := p.Plan(events, pl.NextWakeUp)
			require.NoError(t, err)
			require.False(t, reflect.DeepEqual(pl, at), "%s: nothing changed at NextWakeUp", ctx)
		} else {
			later, err := p.Plan(events, now.Add(30*24*time.Hour))
			require.NoError(t, err)
			require.True(t, reflect.DeepEqual(pl, later), "%s: plan changed without a wake-up", ctx)
		}

		if tk.Status.Category != ticket.StatusCategoryClosed {
			_, note, err := tk.Reply(now, ingrid, ticket.Message{Body: "internal note"})
			require.NoError(t, err)
			withNote, err := p.Plan(append(slices.Clip(events), note...), now)
			require.NoError(t, err)
			assert.Equal(t, keys, allKeys(withNote), "%s: keys moved after an unrelated event", ctx)
		}
	}
}

// TestSweeperEqualsPlanner plans seeded random histories at advancing
// instants with one Sweeper, ticket after ticket and with refused
// histories and instants in between: every plan equals the Planner's, and a
// key taken from an earlier plan still reads the same.
func TestSweeperEqualsPlanner(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	p := planner(t, propRules(r))
	s := p.Sweeper()
	type ticketAt struct {
		events []ticket.Event
		now    time.Time
	}
	var set []ticketAt
	for range samples(60, 1000) {
		events, now := randomHistory(t, r)
		set = append(set, ticketAt{events, now})
	}
	var keys, want []string
	for step := range 4 {
		shift := time.Duration(step*step) * 97 * time.Minute
		for i, tk := range set {
			now := tk.now.Add(shift)
			got, err := s.Plan(tk.events, now)
			require.NoError(t, err)
			exp, err := p.Plan(tk.events, now)
			require.NoError(t, err)
			require.True(t, reflect.DeepEqual(exp, got), "ticket %d at %v:\n%+v\n%+v", i, now, exp, got)
			for _, it := range got.Due {
				keys, want = append(keys, it.Key), append(want, strings.Clone(it.Key))
			}
			if i%7 == 0 {
				_, err := s.Plan(tk.events[1:], now)
				require.ErrorIs(t, err, followup.ErrInvalidHistory)
				_, err = s.Plan(tk.events, tk.events[len(tk.events)-1].At.Add(-time.Second))
				require.ErrorIs(t, err, followup.ErrInvalidInstant)
			}
		}
	}
	assert.Equal(t, want, keys)
	assert.NotEmpty(t, keys)
}
