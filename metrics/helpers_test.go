package metrics_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/require"
	_ "time/tzdata"
)

func long() bool { return os.Getenv("DESK_LONG") == "1" }

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// deskCalendar is Mon–Fri 08:00–16:00 in Oslo with Norway's holidays.
func deskCalendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	hs, err := calendar.HolidaysFor("NO")
	require.NoError(t, err)
	c, err := calendar.New(mustLoc(t, "Europe/Oslo"), calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(hs...), calendar.WithYears(2024, 2028))
	require.NoError(t, err)
	return c
}

func tid(n int) ticket.ID {
	var id uuid.UUID
	id[0], id[1], id[2], id[15] = byte(n>>16), byte(n>>8), byte(n), 1
	return id
}

var botty = ticket.Bot("answerbot")
var rule = ticket.System("rule")

// genHistories makes n random but valid histories with the ticket
// commands: replies of every kind, status changes, reopens, assignments,
// ratings, workflows, handling time, tags, category changes and merges;
// three tickets in eight are opened by an agent, with a public opening
// comment, an internal one, or none at first.
func genHistories(t testing.TB, rng *rand.Rand, n int) [][]ticket.Event {
	t.Helper()
	oslo := mustLoc(t, "Europe/Oslo")
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, oslo)
	cats := []string{"billing", "outage", "howto", "weather"}
	groups := []string{"l1", "l2", "vip"}
	agents := []string{"ingrid", "kari", "per", "liv"}
	chans := []ticket.Channel{ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat}
	var out [][]ticket.Event
	for i := 0; len(out) < n; i++ {
		at := base.Add(time.Duration(rng.Int64N(int64(240 * 24 * time.Hour)))).Truncate(time.Second)
		cust := fmt.Sprintf("c%d", rng.IntN(20))
		// Some tickets an agent opens (a phone call logged): with a public
		// description, an internal note or no comment at first. Decided
		// by the ticket's number, so the draws of the others stay.
		var by ticket.Actor = ticket.Customer(cust)
		if i%8 >= 5 {
			by = ticket.Agent(agents[i%len(agents)])
		}
		tk, ev, err := ticket.Create(nil, tid(2*i), at, by, ticket.Created{
			Subject: "s", Channel: chans[rng.IntN(len(chans))],
			Requester: ticket.Requester{CustomerID: cust, Organization: "org" + cust[1:2], Tier: []ticket.Tier{ticket.TierStandard, ticket.TierVIP}[rng.IntN(2)]},
			Priority:  ticket.PriorityNormal, Group: groups[rng.IntN(len(groups))], Category: cats[rng.IntN(len(cats))],
			Tags: []string{"a", "b", "c"}[:rng.IntN(3)],
		})
		require.NoError(t, err)
		events := ev
		step := func(tk2 ticket.Ticket, ev2 []ticket.Event, err error) {
			if err == nil {
				tk = tk2
				events = append(events, ev2...)
			}
		}
		if i%8 == 5 || i%8 == 6 {
			step(tk.Reply(at, by, ticket.Message{Public: i%8 == 5, Body: "as discussed on the phone"}))
		}
		var sibling []ticket.Event
		for range rng.IntN(14) {
			at = at.Add(time.Duration(rng.Int64N(int64(30 * time.Hour)))).Truncate(time.Second)
			agent := ticket.Agent(agents[rng.IntN(len(agents))])
			switch rng.IntN(20) {
			case 0, 1:
				step(tk.Reply(at, ticket.Customer(cust), ticket.Message{Public: true}))
			case 2, 3:
				step(tk.Reply(at, agent, ticket.Message{Public: true}))
			case 4:
				step(tk.Reply(at, agent, ticket.Message{Public: false}))
			case 5:
				step(tk.Reply(at, botty, ticket.Message{Public: true}))
			case 6:
				step(tk.Reply(at, agent, ticket.Message{Public: true, Automated: true}))
			case 7:
				step(tk.Assign(at, rule, agent.ID, groups[rng.IntN(len(groups))]))
			case 8:
				step(tk.SetStatus(at, agent, []ticket.Status{ticket.StatusPending, ticket.StatusOnHold, ticket.StatusOpen}[rng.IntN(3)]))
			case 9, 10:
				step(tk.SetStatus(at, agent, ticket.StatusSolved))
			case 11:
				s := []ticket.Survey{ticket.SurveyCSAT, ticket.SurveyCSAT, ticket.SurveyNPS, ticket.SurveyCES}[rng.IntN(4)]
				scale := map[ticket.Survey]int{ticket.SurveyCSAT: 5, ticket.SurveyNPS: 10, ticket.SurveyCES: 7}[s]
				step(tk.Rate(at, ticket.Customer(cust), ticket.Rated{Survey: s, Score: s.MinScore() + rng.IntN(scale-s.MinScore()+1), Scale: scale}))
			case 12:
				step(tk.ApplyWorkflow(at, agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: fmt.Sprintf("m%d", rng.IntN(3)), Name: "macro"}))
			case 13:
				kinds := []ticket.HandlingKind{ticket.HandlingTalk, ticket.HandlingHold, ticket.HandlingAfterCallWork, ticket.HandlingOther}
				step(tk.LogHandling(at, agent, ticket.HandlingLogged{Agent: agent.ID, Kind: kinds[rng.IntN(4)], Duration: time.Duration(1+rng.IntN(600)) * time.Second}))
			case 14:
				step(tk.SetFields(at, agent, map[string]string{ticket.FieldCategory: cats[rng.IntN(len(cats))]}))
			case 15:
				if sibling == nil && rng.IntN(3) == 0 {
					src, sev, err := ticket.Create(nil, tid(2*i+1), at, ticket.Customer(cust), ticket.Created{Subject: "dup", Channel: ticket.ChannelEmail,
						Requester: ticket.Requester{CustomerID: cust}, Group: "l1"})
					require.NoError(t, err)
					at = at.Add(time.Minute)
					res, err := ticket.Merge(at, agent, src, tk)
					if err == nil {
						sibling = append(sev, res.SourceEvents...)
						tk = res.Target
						events = append(events, res.TargetEvents...)
					}
				} else {
					step(tk.Tag(at, agent, []string{"d"}, nil))
				}
			case 16:
				if tk.FollowUpDate.Due.IsZero() || rng.IntN(2) == 0 {
					step(tk.SetFollowUp(at, agent, ticket.FollowUpSet{Due: at.Add(24 * time.Hour)}))
				} else {
					step(tk.ClearFollowUp(at, agent))
				}
			case 17:
				until := at.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
				if !tk.SnoozedUntil.IsZero() && rng.IntN(2) == 0 {
					until = time.Time{}
				}
				step(tk.Snooze(at, agent, until))
			case 18:
				step(tk.Assign(at, rule, "", tk.Group)) // unassign
			case 19:
				step(tk.Reply(at, ticket.Customer(cust), ticket.Message{Public: true}))
			}
		}
		if rng.IntN(5) == 0 && tk.Status.Category == ticket.StatusCategorySolved {
			at = at.Add(time.Hour)
			step(tk.SetStatus(at, rule, ticket.StatusClosed))
		}
		out = append(out, events)
		if sibling != nil && len(out) < n {
			out = append(out, sibling)
		}
	}
	return out
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed+1)) }

func calendarDate(y int, m time.Month, d int) calendar.Date {
	return calendar.Date{Year: y, Month: m, Day: d}
}
