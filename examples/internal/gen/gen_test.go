package gen

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func week(t *testing.T, seed uint64, tickets int) (Config, Stream) {
	t.Helper()
	hours, err := OsloHours()
	require.NoError(t, err)
	// Monday 11 May to Sunday 17 May 2026: Ascension Day (Thursday) and
	// Constitution Day (Sunday) are holidays.
	cfg := Config{Hours: hours, First: calendar.Date{Year: 2026, Month: time.May, Day: 11}, Days: 7, Tickets: tickets, Seed: seed}
	s, err := Generate(cfg)
	require.NoError(t, err)
	return cfg, s
}

func TestGenerateIsDeterministic(t *testing.T) {
	_, a := week(t, 7, 150)
	_, b := week(t, 7, 150)
	_, c := week(t, 8, 150)
	ja, err := json.Marshal(a.Events())
	require.NoError(t, err)
	jb, err := json.Marshal(b.Events())
	require.NoError(t, err)
	jc, err := json.Marshal(c.Events())
	require.NoError(t, err)
	assert.Equal(t, string(ja), string(jb), "same seed")
	assert.NotEqual(t, string(ja), string(jc), "another seed")
}

func TestHistoriesReplay(t *testing.T) {
	_, s := week(t, 1, 300)
	require.GreaterOrEqual(t, len(s.Tickets), 300)
	ids := map[ticket.ID]bool{}
	for _, h := range s.Tickets {
		tk, err := ticket.Replay(nil, h)
		require.NoError(t, err)
		assert.False(t, ids[tk.ID], "ticket IDs are unique")
		ids[tk.ID] = true
		assert.False(t, h[0].At.Before(s.Start), "created %v before the start", h[0].At)
		assert.False(t, h[len(h)-1].At.After(s.End), "event %v after the end", h[len(h)-1].At)
	}
	events := s.Events()
	for i := 1; i < len(events); i++ {
		require.False(t, events[i].At.Before(events[i-1].At), "Events is in order of time")
	}
}

// TestStreamLooksLikeADesk checks the proportions a report would show,
// counted from the replayed tickets.
func TestStreamLooksLikeADesk(t *testing.T) {
	cfg, s := week(t, 3, 800)
	loc := cfg.Hours.Location()
	var (
		byHour                                        [24]int
		byDay                                         [7]int
		channels                                      = map[ticket.Channel]int{}
		langs                                         = map[string]int{}
		prios                                         = map[ticket.Priority]int{}
		vip, merged, reopened, rated, solved, pending int
		onHold, macros, handled, closed               int
	)
	for _, h := range s.Tickets {
		tk, err := ticket.Replay(nil, h)
		require.NoError(t, err)
		local := tk.CreatedAt.In(loc)
		byHour[local.Hour()]++
		byDay[int(local.Sub(s.Start).Hours()/24)]++
		channels[tk.Channel]++
		langs[tk.Requester.Language]++
		prios[tk.Priority]++
		if tk.Requester.Tier == "vip" {
			vip++
		}
		if tk.Merged() {
			merged++
		}
		if tk.Reopens > 0 {
			reopened++
		}
		if len(tk.Ratings) > 0 {
			rated++
		}
		if !tk.FirstSolvedAt.IsZero() {
			solved++
		}
		switch tk.Status {
		case ticket.StatusPending:
			pending++
		case ticket.StatusClosed:
			closed++
		}
		for _, e := range h {
			switch d := e.Data.(type) {
			case ticket.StatusChanged:
				if d.To == ticket.StatusOnHold {
					onHold++
				}
			case ticket.WorkflowApplied:
				if d.Kind == ticket.WorkflowMacro {
					macros++
				}
			case ticket.HandlingLogged:
				handled++
			}
		}
	}
	n := len(s.Tickets)
	t.Logf("hours %v days %v channels %v langs %v prios %v", byHour, byDay, channels, langs, prios)
	t.Logf("vip %d merged %d reopened %d rated %d solved %d pending %d on hold %d macros %d handling %d closed %d of %d",
		vip, merged, reopened, rated, solved, pending, onHold, macros, handled, closed, n)

	assert.Greater(t, byHour[10], 5*byHour[3], "the morning peak towers over the night")
	assert.Greater(t, byHour[14], byHour[12], "the lunch dip")
	assert.Greater(t, byHour[10], byHour[8])
	assert.Greater(t, byDay[0], 3*byDay[3], "Monday is busier than Ascension Day")
	assert.Greater(t, byDay[4], 3*byDay[6], "Friday is busier than Constitution Day")
	for _, ch := range []ticket.Channel{ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat, ticket.ChannelWeb, ticket.ChannelSocial} {
		assert.Greater(t, channels[ch], n/50, "channel %s", ch)
	}
	assert.Greater(t, langs["nb"], n/2)
	for _, l := range []string{"en", "sv", "da", "de"} {
		assert.Greater(t, langs[l], n/40, "language %s", l)
	}
	for _, p := range ticket.Priorities() {
		assert.Greater(t, prios[p], n/50, "priority %s", p)
	}
	assert.InDelta(t, 0.05, float64(vip)/float64(n), 0.04)
	assert.Positive(t, merged)
	assert.InDelta(t, 0.06, float64(reopened)/float64(solved), 0.04)
	assert.InDelta(t, 0.35, float64(rated)/float64(solved), 0.1)
	assert.Greater(t, solved, n/2)
	assert.Positive(t, pending)
	assert.Positive(t, onHold)
	assert.Greater(t, macros, n/10)
	assert.Greater(t, handled, n/5)
	assert.Positive(t, closed)
}

func TestGenerateConfigErrors(t *testing.T) {
	hours, err := OsloHours()
	require.NoError(t, err)
	for name, cfg := range map[string]Config{
		"no hours":       {Days: 1, Tickets: 1},
		"no days":        {Hours: hours, Tickets: 1},
		"negative count": {Hours: hours, Days: 1, Tickets: -1},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Generate(cfg)
			assert.ErrorIs(t, err, ErrConfig)
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	hours, err := OsloHours()
	require.NoError(b, err)
	cfg := Config{Hours: hours, First: calendar.Date{Year: 2026, Month: time.May, Day: 1}, Days: 30, Tickets: 10000, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
