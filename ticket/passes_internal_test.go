package ticket

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// TestPassesAgreesWithChecks compares passes, checkEvent's shortcut for
// the commonest payloads, with every check it stands for: on the
// events of random command histories, as they are and changed in each
// way a check looks at, passes may say yes only when all checks accept
// the event, and checkEvent reports what the checks report. The
// histories assign too, so that assignments meet a ticket with an
// assignee and a group; ratings, workflows and logged handling time are
// tried on every boundary their checks have.
func TestPassesAgreesWithChecks(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	agent, customer := Agent("ingrid"), Customer("ola")
	statuses := []Status{StatusNew, StatusOpen, StatusPending, StatusOnHold, StatusSolved, StatusClosed}
	mutations := []func(tk *Ticket, e *Event){
		func(tk *Ticket, e *Event) {}, // as it is
		func(tk *Ticket, e *Event) { e.TicketID = uuid.UUID{15: 99} },
		func(tk *Ticket, e *Event) { e.Seq++ },
		func(tk *Ticket, e *Event) { e.Seq-- },
		func(tk *Ticket, e *Event) { e.At = e.At.Add(-24 * time.Hour) },
		func(tk *Ticket, e *Event) { e.At = time.Time{} },
		func(tk *Ticket, e *Event) { e.Actor.Role = "robot" },
		func(tk *Ticket, e *Event) { e.Actor.ID = "ingr\xffid" },
		func(tk *Ticket, e *Event) { e.Actor.ID = "" },
		func(tk *Ticket, e *Event) { tk.ID = ID{} },
		func(tk *Ticket, e *Event) { tk.Status = StatusClosed },
		func(tk *Ticket, e *Event) { tk.Version++ },
		func(tk *Ticket, e *Event) { e.Data = nil },
		func(tk *Ticket, e *Event) { m := Message{Public: true}; e.Data = &m },
		func(tk *Ticket, e *Event) { e.Data = Message{Public: true, Channel: "pigeon"} },
		func(tk *Ticket, e *Event) { e.Data = Message{Public: true, Channel: ChannelChat, Body: "caf\xe9"} },
		func(tk *Ticket, e *Event) { e.Data = Message{MacroID: "m\xff"} },
		func(tk *Ticket, e *Event) { e.Data = Message{Public: true, Body: "ålreit, ça va"} },
		func(tk *Ticket, e *Event) { e.Data = Created{Subject: "again", Channel: ChannelEmail} },
		func(tk *Ticket, e *Event) {
			to := statuses[rng.IntN(len(statuses))]
			e.Data = StatusChanged{From: tk.Status, To: to, Reopen: tk.Status.Category == StatusCategorySolved && to.Category.Active()}
		},
		func(tk *Ticket, e *Event) {
			to := statuses[rng.IntN(len(statuses))]
			e.Data = StatusChanged{From: statuses[rng.IntN(len(statuses))], To: to, Reopen: rng.IntN(2) == 0}
		},
		func(tk *Ticket, e *Event) { e.Data = StatusChanged{From: tk.Status, To: tk.Status} },
		func(tk *Ticket, e *Event) {
			e.Data = StatusChanged{From: tk.Status, To: Status{Name: "", Category: StatusCategoryOpen}}
		},
		func(tk *Ticket, e *Event) {
			e.Data = StatusChanged{From: tk.Status, To: Status{Name: "x", Category: "limbo"}}
		},
		func(tk *Ticket, e *Event) {
			e.Data = StatusChanged{From: tk.Status, To: Status{Name: "w\xffit", Category: StatusCategoryPending}}
		},
		func(tk *Ticket, e *Event) {
			e.Data = StatusChanged{From: tk.Status, To: StatusPending, Reason: "waiting\xff", Reopen: tk.Status.Category == StatusCategorySolved}
		},
		func(tk *Ticket, e *Event) {
			e.Data = StatusChanged{From: tk.Status, To: StatusOpen, Reason: "the customer wrote back", Reopen: tk.Status.Category == StatusCategorySolved}
		},
		func(tk *Ticket, e *Event) { e.Data = Assigned{Agent: "ingrid"} },
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "per", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Group: "second line", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) { e.Data = Assigned{PrevAgent: tk.Assignee, PrevGroup: tk.Group} },
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: tk.Assignee, Group: tk.Group, PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "p\xffr", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "per", Group: "\xc3", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) { e.Data = Assigned{Agent: "per", PrevAgent: "kari", PrevGroup: tk.Group} },
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "per", PrevAgent: tk.Assignee, PrevGroup: "nobody's"}
		},
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: SurveyCSAT, Score: 4, Scale: 5, Comment: "takk"} },
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: SurveyNPS, Score: 0, Scale: 10} },
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: "mood", Score: 4, Scale: 5} },
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: SurveyCSAT, Score: 6, Scale: 5} },
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: SurveyCSAT, Score: 0, Scale: 5} },
		func(tk *Ticket, e *Event) { e.Data = Rated{Survey: SurveyCSAT, Score: 1, Scale: 1} },
		func(tk *Ticket, e *Event) {
			e.Data = Rated{Survey: SurveyCSAT, Score: 5, Scale: 5, Comment: "s\xffper"}
		},
		func(tk *Ticket, e *Event) { r := Rated{Survey: SurveyCSAT, Score: 5, Scale: 5}; e.Data = &r },
		func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: WorkflowMacro, ID: "m1", Name: "Refund"} },
		func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: "spell", ID: "m1"} },
		func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: WorkflowMacro} },
		func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: WorkflowMacro, ID: "m1", Name: "\xff"} },
		func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "ingrid", Kind: HandlingTalk, Duration: time.Minute}
		},
		func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "", Kind: HandlingTalk, Duration: time.Minute}
		},
		func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "ingrid", Kind: "nap", Duration: time.Minute}
		},
		func(tk *Ticket, e *Event) { e.Data = HandlingLogged{Agent: "ingrid", Kind: HandlingTalk} },
		func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "ingr\xffd", Kind: HandlingTalk, Duration: time.Second}
		},
		func(tk *Ticket, e *Event) { e.Data = PriorityChanged{From: tk.Priority, To: PriorityUrgent} },
		// Assignments against a ticket that has an assignee and a group
		// (the history below assigns): each previous value on its own,
		// a change of one part only, and unassigning.
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: tk.Assignee, Group: "third line", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "", Group: tk.Group, PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "", Group: "", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
		},
		func(tk *Ticket, e *Event) { e.Data = Assigned{Agent: "per", Group: "l1", PrevAgent: tk.Assignee} },
		func(tk *Ticket, e *Event) { e.Data = Assigned{Agent: "per", Group: "l1", PrevGroup: tk.Group} },
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "per", Group: "l1", PrevAgent: tk.Group, PrevGroup: tk.Assignee}
		},
		func(tk *Ticket, e *Event) {
			e.Data = Assigned{Agent: "per", PrevAgent: tk.Assignee, PrevGroup: tk.Group + "\xff"}
		},
		func(tk *Ticket, e *Event) {
			a := Assigned{Agent: "per", PrevAgent: tk.Assignee, PrevGroup: tk.Group}
			e.Data = &a
		},
		func(tk *Ticket, e *Event) {
			w := WorkflowApplied{Kind: WorkflowMacro, ID: "m1"}
			e.Data = &w
		},
		func(tk *Ticket, e *Event) {
			h := HandlingLogged{Agent: "ingrid", Kind: HandlingTalk, Duration: time.Minute}
			e.Data = &h
		},
		func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: WorkflowMacro, ID: "m\xff"} },
		func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "ingrid", Kind: HandlingHold, Duration: -time.Second}
		},
		func(tk *Ticket, e *Event) { e.Data = HandlingLogged{Agent: "ingrid", Kind: HandlingOther, Duration: 1} },
		func(tk *Ticket, e *Event) { tk.Version = 0 },
		func(tk *Ticket, e *Event) { *tk = Ticket{} },
		func(tk *Ticket, e *Event) { e.At = tk.UpdatedAt.Add(-1) },
		func(tk *Ticket, e *Event) { e.At = tk.UpdatedAt },
	}
	// Every survey on every boundary of its scale and score.
	for _, s := range []Survey{SurveyCSAT, SurveyNPS, SurveyCES, "", "mood"} {
		lo := s.MinScore()
		for _, scale := range []int{lo - 1, lo, lo + 1, 5, 7, 10} {
			for _, score := range []int{lo - 1, lo, scale, scale + 1} {
				r := Rated{Survey: s, Score: score, Scale: scale}
				mutations = append(mutations, func(tk *Ticket, e *Event) { e.Data = r })
			}
		}
	}
	// Every workflow and handling kind, known or not.
	for _, k := range append(slices.Clone(workflowKinds), "", "spell") {
		mutations = append(mutations, func(tk *Ticket, e *Event) { e.Data = WorkflowApplied{Kind: k, ID: "w1"} })
	}
	for _, k := range append(slices.Clone(handlingKinds), "", "nap") {
		mutations = append(mutations, func(tk *Ticket, e *Event) {
			e.Data = HandlingLogged{Agent: "kari", Kind: k, Duration: time.Second}
		})
	}
	passed, refused, reassigned := 0, 0, 0
	histories := 50 // DESK_LONG=1: 200
	if os.Getenv("DESK_LONG") == "1" {
		histories = 200
	}
	for range histories {
		tk, evs, err := Create(nil, uuid.UUID{15: 1}, time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), customer,
			Created{Subject: "s", Channel: ChannelEmail, Requester: Requester{CustomerID: "ola"}})
		require.NoError(t, err)
		at := evs[0].At
		for range 30 {
			at = at.Add(time.Duration(rng.IntN(3)) * time.Minute)
			var next Ticket
			var more []Event
			switch rng.IntN(5) {
			case 0:
				next, more, err = tk.Reply(at, agent, Message{Public: true, Body: "hello"})
			case 1:
				next, more, err = tk.Reply(at, customer, Message{Public: true})
			case 2: // so that the assignments above meet a ticket with an assignee and a group
				next, more, err = tk.Assign(at, System("rule"), []string{"", "ingrid", "kari"}[rng.IntN(3)], []string{"", "l1", "l2"}[rng.IntN(3)])
			default:
				next, more, err = tk.SetStatus(at, agent, statuses[rng.IntN(len(statuses)-1)])
			}
			if err != nil {
				continue // not allowed now: try another
			}
			for _, ev := range more {
				for _, mutate := range mutations {
					cur, e := tk, ev
					prev := tk.UpdatedAt
					mutate(&cur, &e)
					full := checkEventFully(&cur, &e, &prev)
					if passes(&cur, &e, &prev) {
						require.NoError(t, full, "passes accepted %v after %+v", e, cur)
						passed++
						if a, ok := e.Data.(Assigned); ok && a.PrevAgent != "" && a.PrevGroup != "" {
							reassigned++
						}
					} else if full != nil {
						refused++
					}
					require.Equal(t, full, checkEvent(&cur, &e, &prev))
				}
			}
			tk = next
		}
	}
	t.Logf("%d histories: %d events passed, %d refused, %d reassignments passed", histories, passed, refused, reassigned)
	require.Greater(t, passed, 500*histories)
	require.Greater(t, refused, 2000*histories)
	require.Greater(t, reassigned, 30*histories, "assignments from an agent and a group took the shortcut")
}

// TestCreatedValidAgreesWithChecks: Created.valid, the shortcut of
// Created.validate, says yes only to payloads every check accepts, over
// payloads changed in each way a check looks at, one or two at a time.
func TestCreatedValidAgreesWithChecks(t *testing.T) {
	base := Created{Subject: "printer on fire", Channel: ChannelEmail, Priority: PriorityHigh, Group: "first line",
		Category: "hardware", Status: StatusNew,
		Requester: Requester{CustomerID: "ola", Organization: "Acme AS", Tier: TierStandard, Language: "nb", Region: "NO"}}
	mutations := []func(c *Created){
		func(c *Created) {},
		func(c *Created) { c.Channel = "pigeon" },
		func(c *Created) { c.Channel = "" },
		func(c *Created) { c.Priority = "" },
		func(c *Created) { c.Priority = "whenever" },
		func(c *Created) { c.Requester.CustomerID = "" },
		func(c *Created) { c.Requester.CustomerID = "ol\xffa" },
		func(c *Created) { c.Subject = "caf\xe9" },
		func(c *Created) { c.Subject = "ålreit" },
		func(c *Created) { c.Group = "\xff" },
		func(c *Created) { c.Category = "\xc3" },
		func(c *Created) { c.Requester.Organization = "\xe2\x82" },
		func(c *Created) { c.Requester.Tier = "g\xffld" },
		func(c *Created) { c.Requester.Language = "\xff" },
		func(c *Created) { c.Requester.Region = "\xff" },
		func(c *Created) { c.Status = Status{} },
		func(c *Created) { c.Status = Status{Name: "new", Category: "limbo"} },
		func(c *Created) { c.Status = Status{Name: "n\xffw", Category: StatusCategoryNew} },
		func(c *Created) { c.Tags = []string{"a", "b"} },
		func(c *Created) { c.Tags = []string{"b", "a"} },
		func(c *Created) { c.Tags = []string{"a", "a"} },
		func(c *Created) { c.Tags = []string{""} },
		func(c *Created) { c.Tags = []string{"\xff"} },
		func(c *Created) { c.Fields = map[string]string{"sku": "42"} },
		func(c *Created) { c.Fields = map[string]string{"": "42"} },
		func(c *Created) { c.Fields = map[string]string{FieldCategory: "x"} },
	}
	for i, m1 := range mutations {
		for j, m2 := range mutations {
			c := base
			m1(&c)
			m2(&c)
			full := c.validateFully()
			if c.valid() {
				require.NoError(t, full, "mutations %d and %d: valid accepted %+v", i, j, c)
			}
			got := c.validate()
			if full == nil {
				require.NoError(t, got, "mutations %d and %d", i, j)
			} else {
				require.EqualError(t, got, full.Error(), "mutations %d and %d", i, j)
			}
		}
	}
	require.True(t, base.valid(), "the plain payload takes the shortcut")
}

// TestBeforeComparesWallClocks: before orders instants as their wall
// clocks do, whatever monotonic readings they carry, before and after
// 1970 and within one second.
func TestBeforeComparesWallClocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	now := time.Now() // carries a monotonic reading
	bases := []time.Time{
		time.Date(2026, 3, 29, 1, 59, 59, 999_999_999, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		now, now.Round(0),
	}
	for range 20_000 {
		a := bases[rng.IntN(len(bases))].Add(time.Duration(rng.IntN(5)-2) * time.Duration([]int64{1, 1e9, 1e9 - 1, 3600e9}[rng.IntN(4)]))
		b := bases[rng.IntN(len(bases))].Add(time.Duration(rng.IntN(5)-2) * time.Duration([]int64{1, 1e9, 1e9 - 1, 3600e9}[rng.IntN(4)]))
		if rng.IntN(2) == 0 {
			b = a.Add(time.Duration(rng.IntN(3) - 1)) // a nanosecond apart, or equal
		}
		if rng.IntN(3) == 0 {
			a = a.In(time.FixedZone("x", 3600*(rng.IntN(27)-12)))
		}
		require.Equal(t, a.Round(0).Before(b.Round(0)), before(a, b), "%v, %v", a, b)
	}
	require.False(t, before(now, now))
	require.True(t, before(now.Round(0), now.Add(1)))
}
