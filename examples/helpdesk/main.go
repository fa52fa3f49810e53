// Command helpdesk plays one day of a Norwegian support desk on the desk
// library: tickets arrive on several channels, are routed with reasons, are
// answered, put on hold, solved, reopened, merged and followed up, clocks
// count Oslo business hours (skipping Ascension Day), and a report closes
// the day.
//
// The day is Wednesday 13 May 2026 in Europe/Oslo; the desk is open Monday
// to Friday 08:00–16:00 and closed on Norwegian public holidays, so a
// deadline set late on Wednesday lands on Friday. Every instant is fixed, so
// the output is the same on every run (a test compares it with a golden
// file).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/rickar/cal/v2/no"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "helpdesk:", err)
		os.Exit(1)
	}
}

// firstReplyTarget is the desk's promise: a first reply within four
// business hours.
const firstReplyTarget = 4 * time.Hour

// desk is the state of the example: the caller-side pieces the library
// leaves to its users (storage, the roster, the waiting queue).
type desk struct {
	out     io.Writer
	ctx     context.Context
	store   *memstore.Store
	hours   *calendar.Calendar
	day     time.Time // 00:00 local on the day played
	agents  []routing.Agent
	policy  routing.Policy
	path    routing.Path
	waiting []routing.Item
	names   map[ticket.ID]string // "#1", "#2", … for printing
	order   []ticket.ID
}

// arrival is a customer contacting the desk.
type arrival struct {
	Subject   string
	Channel   ticket.Channel
	Requester ticket.Requester
	Priority  ticket.Priority
	Category  string
	Skills    []routing.Skill
}

func run(out io.Writer) error {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return err
	}
	hours, err := calendar.New(oslo, calendar.MustParseWeek("mon-fri 08:00-16:00"),
		calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(calendar.SpecialDay{
			Date:  calendar.Date{Year: 2026, Month: time.December, Day: 24},
			Hours: calendar.MustParseHours("09:00-13:00"),
		}),
		calendar.WithYears(2020, 2035))
	if err != nil {
		return err
	}
	d := &desk{
		out:    out,
		ctx:    context.Background(),
		store:  memstore.New(),
		hours:  hours,
		day:    time.Date(2026, time.May, 13, 0, 0, 0, 0, oslo),
		agents: roster(),
		policy: routing.Policy{
			Strategy: routing.SkillsFirst,
			Ladder: routing.Ladder{Steps: []routing.Step{
				{After: 2 * time.Minute, AnyLanguage: true},
				{After: 30 * time.Minute, LowerSkill: 1},
			}},
		},
		path: routing.Path{
			Name: "support",
			Levels: []routing.Level{
				{Name: "tier 1", Groups: []string{"service desk"}},
				{Name: "tier 2", Groups: []string{"second line"}},
				{Name: "management", Groups: []string{"support managers"}},
			},
			Specialists: map[string]string{"network fault": "second line"},
		},
		names: map[ticket.ID]string{},
	}
	return d.play()
}

// roster is the desk's agents at the start of the day.
func roster() []routing.Agent {
	mail, chat, phone := ticket.ChannelEmail, ticket.ChannelChat, ticket.ChannelPhone
	all := func(e, c, p int) map[ticket.Channel]int {
		return map[ticket.Channel]int{mail: e, chat: c, phone: p, ticket.ChannelWeb: e, ticket.ChannelSocial: e}
	}
	nordic := []string{"NO", "SE", "DK"}
	return []routing.Agent{
		{ID: "ingrid", Presence: routing.PresenceOnline, Groups: []string{"service desk"},
			Languages: []string{"nb", "en"}, Regions: nordic, Skills: map[string]int{"billing": 3, "accounts": 2}, Capacity: all(10, 3, 1)},
		{ID: "jonas", Presence: routing.PresenceOnline, Groups: []string{"service desk"},
			Languages: []string{"de", "en"}, Regions: []string{"DE", "NO"}, Skills: map[string]int{"printers": 2, "billing": 1}, Capacity: all(10, 3, 1)},
		{ID: "kari", Presence: routing.PresenceAway, Groups: []string{"service desk"},
			Languages: []string{"nb"}, Regions: nordic, Skills: map[string]int{"accounts": 3}, Capacity: all(8, 2, 1)},
		{ID: "mia", Presence: routing.PresenceOnline, Groups: []string{"service desk"},
			Languages: []string{"sv", "nb", "en"}, Regions: nordic, Skills: map[string]int{"billing": 2, "accounts": 1}, Capacity: all(10, 3, 1)},
		{ID: "lars", Presence: routing.PresenceOnline, Groups: []string{"second line"},
			Languages: []string{"nb", "en"}, Regions: nordic, Skills: map[string]int{"network": 4, "printers": 3}, Capacity: all(5, 0, 0)},
		{ID: "nils", Presence: routing.PresenceOffline, Groups: []string{"service desk"},
			Languages: []string{"nb"}, Regions: nordic, Skills: map[string]int{"billing": 4}, Capacity: all(10, 3, 1)},
	}
}

func (d *desk) play() error {
	d.printf("A day at the desk: %s, open %s, Norwegian holidays\n\n",
		d.day.Format("Monday 2 January 2006"), d.hours.Week())

	// A ticket solved and closed last week; its customer writes again today.
	old, err := d.history()
	if err != nil {
		return err
	}
	var invoice, printer, login, vpn, dup ticket.ID
	ola := ticket.Requester{CustomerID: "ola", Organization: "Fjord Fisk AS", Tier: ticket.TierVIP, Language: "nb", Region: "NO"}
	ingrid, jonas, lars := ticket.Agent("ingrid"), ticket.Agent("jonas"), ticket.Agent("lars")

	// The day, in order. Each step loads a ticket from the store, runs one
	// command and saves the events it produced.
	steps := []func() error{
		func() (err error) {
			invoice, err = d.arrive("08:05", arrival{Subject: "Invoice shows the wrong amount", Channel: ticket.ChannelEmail,
				Requester: ola, Priority: ticket.PriorityNormal, Category: "billing",
				Skills: []routing.Skill{{Name: "billing", Level: 2}}})
			return err
		},
		func() (err error) {
			printer, err = d.arrive("08:40", arrival{Subject: "Drucker druckt leere Seiten", Channel: ticket.ChannelChat,
				Requester: ticket.Requester{CustomerID: "hanna", Language: "de", Region: "DE"}, Priority: ticket.PriorityNormal,
				Category: "hardware", Skills: []routing.Skill{{Name: "printers", Level: 2}}})
			return err
		},
		func() error { return d.reply("08:52", printer, jonas, "Bitte prüfen Sie die Tonerkassette.") },
		func() error { return d.reply("09:05", invoice, ingrid, "Which invoice number, Ola?") },
		func() error { return d.setStatus("09:06", invoice, ingrid, ticket.StatusPending) },
		func() (err error) {
			login, err = d.arrive("09:10", arrival{Subject: "Locked out of my account", Channel: ticket.ChannelPhone,
				Requester: ticket.Requester{CustomerID: "per", Language: "nb", Region: "NO"}, Priority: ticket.PriorityHigh,
				Category: "accounts", Skills: []routing.Skill{{Name: "accounts", Level: 2}}})
			return err
		},
		func() error { return d.logHandling("09:22", login, "ingrid", ticket.HandlingTalk, 11*time.Minute) },
		func() error { return d.reply("09:23", login, ingrid, "Password reset sent by SMS.") },
		func() error { return d.setStatus("09:24", login, ingrid, ticket.StatusSolved) },
		func() (err error) {
			vpn, err = d.arrive("10:30", arrival{Subject: "VPN drops every hour", Channel: ticket.ChannelWeb,
				Requester: ticket.Requester{CustomerID: "sven", Language: "sv", Region: "SE"}, Priority: ticket.PriorityHigh,
				Category: "network", Skills: []routing.Skill{{Name: "network", Level: 3}}})
			return err
		},
		func() error { return d.escalate("10:31", vpn, "network fault") },
		func() error { return d.retry("10:33") },
		func() (err error) {
			dup, err = d.arrive("11:15", arrival{Subject: "INVOICE WRONG!!", Channel: ticket.ChannelSocial,
				Requester: ola, Priority: ticket.PriorityNormal, Category: "billing",
				Skills: []routing.Skill{{Name: "billing", Level: 2}}})
			return err
		},
		func() error { return d.merge("11:20", dup, invoice, ingrid) },
		func() error { return d.reply("11:40", invoice, ticket.Customer("ola"), "It is invoice 2026-0412.") },
		func() error {
			return d.reply("12:10", old, ticket.Customer("siri"), "The export fails again since today.")
		},
		func() error { return d.reply("12:30", vpn, lars, "We found a faulty switch and are replacing it.") },
		func() error { return d.setStatus("12:31", vpn, lars, ticket.StatusOnHold) },
		func() error { return d.reply("13:15", invoice, ingrid, "Corrected invoice attached.") },
		func() error { return d.setStatus("13:16", invoice, ingrid, ticket.StatusSolved) },
		func() error {
			return d.reply("13:40", printer, ticket.Customer("hanna"), "Toner gewechselt, geht wieder!")
		},
		func() error { return d.setStatus("13:45", printer, jonas, ticket.StatusSolved) },
		func() error { return d.rate("14:02", printer, ticket.Customer("hanna"), 5) },
		func() error { return d.reply("14:30", login, ticket.Customer("per"), "The SMS never came.") },
		func() error { return d.reply("14:41", login, ingrid, "Sent again, to your new number.") },
		func() error { return d.setStatus("14:42", login, ingrid, ticket.StatusSolved) },
		func() error { return d.rate("15:10", invoice, ticket.Customer("ola"), 4) },
		func() (err error) {
			_, err = d.arrive("15:30", arrival{Subject: "Copy of our service contract", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "erik", Organization: "Bergen Bygg", Language: "nb", Region: "NO"},
				Priority:  ticket.PriorityLow, Category: "contracts"})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return d.report()
}

// at returns the instant of a local clock time on the day played.
func (d *desk) at(clock string) time.Time {
	var h, m int
	fmt.Sscanf(clock, "%d:%d", &h, &m)
	return time.Date(d.day.Year(), d.day.Month(), d.day.Day(), h, m, 0, 0, d.day.Location())
}

func (d *desk) printf(format string, args ...any) { fmt.Fprintf(d.out, format, args...) }

// newID gives tickets stable IDs so the output never changes.
func (d *desk) newID() ticket.ID {
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprintf("desk-example/%d", len(d.order)+1)))
	d.order = append(d.order, id)
	d.names[id] = fmt.Sprintf("#%d", len(d.order))
	return id
}

// history stores a ticket solved and closed last week.
func (d *desk) history() (ticket.ID, error) {
	id := d.newID()
	agent, rule, siri := ticket.Agent("mia"), ticket.System("auto-close after 4 days"), ticket.Customer("siri")
	created := time.Date(2026, time.May, 4, 10, 0, 0, 0, d.day.Location())
	t, events, err := ticket.Create(nil, id, created, siri, ticket.Created{Subject: "Export to Excel fails",
		Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "siri", Language: "nb"},
		Priority: ticket.PriorityNormal, Group: "service desk", Category: "software"})
	if err != nil {
		return id, err
	}
	for _, cmd := range []func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error){
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.Reply(created.Add(time.Hour), agent, ticket.Message{Public: true, Body: "Fixed in version 3.2."})
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.SetStatus(created.Add(time.Hour), agent, ticket.StatusSolved)
		},
		func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
			return t.SetStatus(created.Add(4*24*time.Hour), rule, ticket.StatusClosed)
		},
	} {
		var more []ticket.Event
		if t, more, err = cmd(t); err != nil {
			return id, err
		}
		events = append(events, more...)
	}
	d.printf("%s (from last week) %q is %s\n\n", d.names[id], t.Subject, t.Status)
	return id, ticket.Save(d.ctx, d.store, events)
}

// update loads a ticket, runs a command on it and saves its events.
func (d *desk) update(id ticket.ID, cmd func(ticket.Ticket) (ticket.Ticket, []ticket.Event, error)) (ticket.Ticket, []ticket.Event, error) {
	return ticket.Update(d.ctx, d.store, nil, id, cmd)
}

// arrive registers a new ticket, routes it and prints what happened.
func (d *desk) arrive(clock string, a arrival) (ticket.ID, error) {
	now := d.at(clock)
	id := d.newID()
	t, events, err := ticket.Create(nil, id, now, ticket.Customer(a.Requester.CustomerID), ticket.Created{
		Subject: a.Subject, Channel: a.Channel, Requester: a.Requester, Priority: a.Priority,
		Group: "service desk", Category: a.Category})
	if err != nil {
		return id, err
	}
	if err := ticket.Save(d.ctx, d.store, events); err != nil {
		return id, err
	}
	who := a.Requester.CustomerID
	if a.Requester.Tier != "" {
		who += ", " + string(a.Requester.Tier)
	}
	d.printf("%s %s %-6s %q from %s (%s)\n", clock, d.names[id], t.Channel, t.Subject, who, a.Requester.Language)
	due := d.hours.Add(now, firstReplyTarget)
	d.printf("      first reply due %s (%v of business hours)\n", d.when(due), firstReplyTarget)

	item := routing.Item{Ticket: id, Channel: a.Channel, Priority: a.Priority, Tier: a.Requester.Tier,
		DueAt: due, Group: "service desk", Skills: a.Skills, Language: a.Requester.Language,
		Region: a.Requester.Region, EnqueuedAt: now}
	d.printf("      queue score %s\n", (routing.Scoring{}).Score(item, now))
	return id, d.route(now, item)
}

// route decides who takes an item and assigns the ticket, or leaves the
// item waiting with the reason.
func (d *desk) route(now time.Time, item routing.Item) error {
	dec, err := d.policy.Decide(item, d.agents, now)
	if err != nil {
		return err
	}
	if !dec.Assigned() {
		d.printf("      waiting: %s\n", dec.Summary())
		d.waiting = append(d.waiting, item)
		return nil
	}
	why := string(dec.DecidedBy.Label())
	if dec.RunnerUp != "" {
		why += " over " + dec.RunnerUp
	}
	if dec.Rung > 0 {
		why += "; " + dec.RungName
	}
	d.printf("      routed to %s (%s, %s): %s\n", dec.Agent, dec.Strategy, why, dec.Summary())
	if d.agents, err = dec.Apply(d.agents, now); err != nil {
		return err
	}
	_, _, err = d.update(item.Ticket, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.Assign(now, ticket.System("router"), dec.Agent, item.Group)
	})
	return err
}

// escalate moves a waiting ticket along the escalation path and routes it
// again in its new group.
func (d *desk) escalate(clock string, id ticket.ID, reason string) error {
	now := d.at(clock)
	i := slices.IndexFunc(d.waiting, func(it routing.Item) bool { return it.Ticket == id })
	if i < 0 {
		return fmt.Errorf("ticket %s is not waiting", d.names[id])
	}
	item := d.waiting[i]
	d.waiting = slices.Delete(d.waiting, i, i+1)
	target, err := d.path.Next(item.Group, reason)
	if err != nil {
		return err
	}
	d.printf("%s %s escalated for %q → %s\n", clock, d.names[id], reason, target)
	item.Group = target.Group
	return d.route(now, item)
}

// retry routes the waiting items again, in queue order: as they age, the
// relaxation ladder may find them an agent.
func (d *desk) retry(clock string) error {
	now := d.at(clock)
	waiting := d.policy.Order(d.waiting, now)
	d.waiting = nil
	for _, r := range waiting {
		d.printf("%s %s still waiting after %v, routing again\n", clock, d.names[r.Item.Ticket], r.Item.Age(now))
		if err := d.route(now, r.Item); err != nil {
			return err
		}
	}
	return nil
}

// reply adds a public message; a message to a closed ticket opens a
// follow-up instead.
func (d *desk) reply(clock string, id ticket.ID, by ticket.Actor, body string) error {
	now := d.at(clock)
	t, events, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.Reply(now, by, ticket.Message{Public: true, Body: body})
	})
	if errors.Is(err, ticket.ErrClosed) {
		return d.followUp(now, clock, id, by, body)
	}
	if err != nil {
		return err
	}
	d.printf("%s %s %s: %q%s\n", clock, d.names[id], by, body, d.statusNote(events))
	history, err := d.store.Load(d.ctx, id)
	if err != nil {
		return err
	}
	if first, ok := firstReply(history); ok && first.Seq == events[0].Seq {
		d.printf("      first reply after %v of business time (%v on the wall clock)\n",
			d.hours.Elapsed(t.CreatedAt, now), now.Sub(t.CreatedAt))
	}
	return nil
}

// firstReply returns a history's first reply from the desk: a public
// message by a human agent.
func firstReply(history []ticket.Event) (ticket.Event, bool) {
	for _, e := range history {
		if m, ok := e.Data.(ticket.Message); ok && m.IsAgentReply(e.Actor) {
			return e, true
		}
	}
	return ticket.Event{}, false
}

// followUp answers a message to a closed ticket with a linked follow-up.
func (d *desk) followUp(now time.Time, clock string, closedID ticket.ID, by ticket.Actor, body string) error {
	closed, err := ticket.Load(d.ctx, d.store, nil, closedID)
	if err != nil {
		return err
	}
	d.printf("%s %s %s: %q refused: the ticket is closed\n", clock, d.names[closedID], by, body)
	id := d.newID()
	t, events, err := ticket.FollowUp(closed, id, now, by, ticket.Created{}, ticket.Message{Public: true, Body: body})
	if err != nil {
		return err
	}
	if err := ticket.Save(d.ctx, d.store, events); err != nil {
		return err
	}
	d.printf("      follow-up %s %q opened, linked to %s\n", d.names[id], t.Subject, d.names[t.FollowUpOf])
	item := routing.Item{Ticket: id, Channel: t.Channel, Priority: t.Priority, Group: t.Group,
		Language: t.Requester.Language, EnqueuedAt: now}
	return d.route(now, item)
}

func (d *desk) setStatus(clock string, id ticket.ID, by ticket.Actor, to ticket.Status) error {
	now := d.at(clock)
	t, _, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.SetStatus(now, by, to)
	})
	if err != nil {
		return err
	}
	d.printf("%s %s %s sets %s\n", clock, d.names[id], by, to)
	if to.Category == ticket.StatusCategorySolved {
		d.release(t)
		d.printf("      solved after %v of business time\n", d.hours.Elapsed(t.CreatedAt, now))
	}
	return nil
}

// release frees the assignee's capacity when a ticket is solved.
func (d *desk) release(t ticket.Ticket) {
	for i, a := range d.agents {
		if a.ID == t.Assignee && a.Load[t.Channel] > 0 {
			load := maps.Clone(a.Load) // agents are values: never change a shared map
			load[t.Channel]--
			d.agents[i].Load = load
		}
	}
}

func (d *desk) merge(clock string, source, target ticket.ID, by ticket.Actor) error {
	now := d.at(clock)
	res, err := ticket.MergeTickets(d.ctx, d.store, nil, now, by, source, target)
	if err != nil {
		return err
	}
	d.release(res.Source)
	d.printf("%s %s merged into %s by %s: %s is %s\n", clock, d.names[source], d.names[target], by, d.names[source], res.Source.Status)
	return nil
}

func (d *desk) rate(clock string, id ticket.ID, by ticket.Actor, score int) error {
	now := d.at(clock)
	if _, _, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.Rate(now, by, ticket.Rated{Survey: ticket.SurveyCSAT, Score: score, Scale: 5})
	}); err != nil {
		return err
	}
	d.printf("%s %s %s rates %d/5\n", clock, d.names[id], by, score)
	return nil
}

func (d *desk) logHandling(clock string, id ticket.ID, agent string, kind ticket.HandlingKind, dur time.Duration) error {
	_, _, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.LogHandling(d.at(clock), ticket.Agent(agent), ticket.HandlingLogged{Agent: agent, Kind: kind, Duration: dur})
	})
	if err == nil {
		d.printf("%s %s %s logs %v of %s time\n", clock, d.names[id], agent, dur, kind)
	}
	return err
}

// statusNote describes status changes a command made on its own.
func (d *desk) statusNote(events []ticket.Event) string {
	var notes []string
	for _, e := range events {
		if sc, ok := e.Data.(ticket.StatusChanged); ok {
			note := fmt.Sprintf("%s → %s", sc.From, sc.To)
			if sc.Reopen {
				note += ", a reopen"
			}
			notes = append(notes, note)
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// when prints an instant as a local clock time, with the date when it is
// not on the day played.
func (d *desk) when(t time.Time) string {
	t = t.In(d.day.Location())
	if t.YearDay() == d.day.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}
