package followup_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/require"
)

// gridHistory runs random commands on a ticket from a whole hour in late
// March, late May, late October or Easter week 2026 (DST changes,
// Norwegian holidays), with gaps from a few whole lengths including none,
// so that events share instants with each other and with the follow-ups
// they settle (a reply at a nudge's instant, a snooze ending at the event
// that set it or an hour before it, a follow-up date already past). It
// returns the events and an instant up to three days after the last.
func gridHistory(t testing.TB, r *rand.Rand) ([]ticket.Event, time.Time) {
	month := []time.Month{time.March, time.May, time.October, time.April}[r.IntN(4)]
	at := time.Date(2026, month, 20+r.IntN(10), r.IntN(24), 0, 0, 0, time.UTC)
	if month == time.April {
		at = time.Date(2026, month, 1, 6+r.IntN(10), 0, 0, 0, time.UTC) // Easter 2026
	}
	var tags []string
	for _, tag := range propTags {
		if r.IntN(3) == 0 {
			tags = append(tags, tag)
		}
	}
	cat := []string{"", "rare", "billing"}[r.IntN(3)]
	creator := ola
	if r.IntN(3) == 0 {
		creator = ingrid
	}
	tk, events, err := ticket.Create(nil, tid, at, creator, ticket.Created{
		Subject: "x", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
		Priority: ticket.PriorityNormal, Tags: tags, Category: cat,
	})
	require.NoError(t, err)
	steps := []time.Duration{0, 0, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 8 * time.Hour, 24 * time.Hour}
	n := r.IntN(20)
	for range n {
		at = at.Add(steps[r.IntN(len(steps))])
		var next ticket.Ticket
		var ev []ticket.Event
		switch cmd := r.IntN(14); cmd {
		case 0, 1:
			next, ev, err = tk.Reply(at, ingrid, ticket.Message{Public: true, Body: "update"})
		case 2:
			next, ev, err = tk.Reply(at, robot, ticket.Message{Public: true, Automated: true, Body: "auto"})
		case 3, 4:
			next, ev, err = tk.Reply(at, ola, ticket.Message{Public: true, Body: "news?"})
		case 5:
			next, ev, err = tk.Reply(at, ola, ticket.Message{Public: true, Automated: true, Body: "ooo"})
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
				until = at.Add(steps[r.IntN(len(steps))] - time.Duration(r.IntN(2))*time.Hour)
			}
			next, ev, err = tk.Snooze(at, ingrid, until)
		case 12:
			if r.IntN(3) == 0 {
				next, ev, err = tk.ClearFollowUp(at, ingrid)
			} else {
				next, ev, err = tk.SetFollowUp(at, ingrid, ticket.FollowUpSet{Due: at.Add(steps[r.IntN(len(steps))] - time.Duration(r.IntN(2))*time.Hour), Owner: "ingrid"})
			}
		case 13:
			next, ev, err = tk.Assign(at, ingrid, []string{"", "kari", "ingrid"}[r.IntN(3)], "support")
		}
		if err != nil {
			continue
		}
		tk, events = next, append(events, ev...)
	}
	if r.IntN(6) == 0 {
		at = at.Add(time.Hour)
		if next, ev, err := tk.SetStatus(at, ingrid, ticket.StatusClosed); err == nil {
			tk, events = next, append(events, ev...)
		}
	}
	_ = tk
	return events, at.Add(time.Duration(r.IntN(72)) * time.Hour)
}

// TestWakeUpsCatchEveryDueKey runs a scheduler as a caller would: it
// plans after each instant with events (with every event at that instant)
// and at each NextWakeUp before the next one, and acts on each due key
// once. A poller that plans every 5 minutes with the events up to then
// must see no due key the scheduler did not act on: NextWakeUp is never
// later than a follow-up that comes due, across events at one instant,
// DST and holidays. Every plan's keys are distinct, a key names the same
// kind and step whenever it is due, and a plan an instant before its
// NextWakeUp equals it.
func TestWakeUpsCatchEveryDueKey(t *testing.T) {
	r := rand.New(rand.NewPCG(4244, 4245))
	for i := range samples(150, 12000) {
		rules := propRules(r)
		p := planner(t, rules)
		events, end := gridHistory(t, r)
		prefix := func(x time.Time) []ticket.Event {
			n := 0
			for n < len(events) && !events[n].At.After(x) {
				n++
			}
			return events[:n]
		}
		fired := map[string]followup.Item{}
		var times []time.Time
		for k := range events {
			if k+1 < len(events) && events[k+1].At.Equal(events[k].At) {
				continue
			}
			times = append(times, events[k].At)
		}
		for k, at := range times {
			limit := end.Add(time.Nanosecond)
			if k+1 < len(times) {
				limit = times[k+1]
			}
			cur := at
			for {
				pl, err := p.Plan(prefix(cur), cur)
				require.NoError(t, err)
				keys := allKeys(pl)
				require.Len(t, keys, len(slices.Compact(slices.Sorted(slices.Values(keys)))), "sample %d: repeated keys %v", i, keys)
				for _, it := range pl.Due {
					if old, ok := fired[it.Key]; ok {
						require.Equal(t, old.Kind, it.Kind)
						require.Equal(t, old.Step, it.Step)
					} else {
						fired[it.Key] = it
					}
				}
				if !pl.NextWakeUp.IsZero() {
					require.True(t, pl.NextWakeUp.After(cur))
					mid, err := p.Plan(prefix(cur), pl.NextWakeUp.Add(-time.Nanosecond))
					require.NoError(t, err)
					require.True(t, reflect.DeepEqual(pl, mid), "sample %d: changed before wake", i)
				}
				if pl.NextWakeUp.IsZero() || !pl.NextWakeUp.Before(limit) {
					break
				}
				cur = pl.NextWakeUp
			}
		}
		for x := events[0].At; !x.After(end); x = x.Add(5 * time.Minute) {
			pre := prefix(x)
			pl, err := p.Plan(pre, x)
			require.NoError(t, err)
			for _, it := range pl.Due {
				_, ok := fired[it.Key]
				require.True(t, ok, "sample %d: poller saw %v at %v (after %d events), scheduler never", i, it, x, len(pre))
			}
		}
	}
}
