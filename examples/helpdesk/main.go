package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/cli"
	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/examples/internal/gen"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"

	_ "time/tzdata" // the Oslo zone on hosts without a zone database
)

// deskJSON is the desk the example plays: see desk.json.
//
//go:embed desk.json
var deskJSON []byte

func main() {
	cli.Exit("helpdesk", run(os.Args[1:], os.Stdout, os.Stderr))
}

// step is one moment of the day played: do runs with the step's clock.
type step struct {
	clock string
	do    func(clock string) error
}

// desk is the state of the example: the caller-side pieces the library
// leaves to its users (storage, the roster, the waiting queue).
type desk struct {
	out     io.Writer
	ctx     context.Context
	store   *memstore.Store
	lc      *ticket.Lifecycle
	hours   *calendar.Calendar
	day     time.Time // 00:00 local on the day played
	agents  []routing.Agent
	policy  routing.Policy
	path    routing.Path
	waiting []routing.Item
	names   map[ticket.ID]string // "#1", "#2", … for printing
	order   []ticket.ID

	policies sla.Policies
	kpi      metrics.Config // the report's options; the day sets its range
	clocks   *sla.Evaluator // evaluates the policies ticket by ticket
	planner  *followup.Planner
	watches  map[ticket.ID]*watch
	fired    map[string]bool // keys of the SLA levels and follow-ups acted on
	wakeUps  int             // evaluations at a NextWakeUp
}

// arrival is a customer contacting the desk.
type arrival struct {
	Subject   string
	Channel   ticket.Channel
	Requester ticket.Requester
	Priority  ticket.Priority
	Category  string
	Tags      []string
	Group     string // "service desk" when empty
	Skills    []routing.Skill
}

func run(args []string, out, errOut io.Writer) error {
	fs := cli.New("helpdesk", "plays a day of a support desk (or a generated stream of tickets) and prints its KPI report.", errOut)
	date := fs.String("date", "2026-05-13", "the day played, or the first day generated (YYYY-MM-DD, Oslo)")
	seed := fs.Uint64("seed", 1, "seed of a generated stream")
	tickets := fs.Int("tickets", 0, "generate this many tickets instead of playing the scripted day")
	days := fs.Int("days", 1, "days of a generated stream (more than one generates 300 tickets a day unless -tickets says)")
	asJSON := fs.Bool("json", false, "print the KPI report as JSON")
	config := fs.String("config", "", "load the desk from this desk file instead of the built-in desk.json")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	set := cli.Set(fs)
	switch {
	case *tickets < 0:
		return cli.Refuse("-tickets must not be negative, not %d", *tickets)
	case *days < 1:
		return cli.Refuse("-days must be at least 1, not %d", *days)
	case set["seed"] && !set["tickets"] && !set["days"]:
		return cli.Refuse("-seed picks a generated stream: give -tickets or -days too (the scripted day has no seed)")
	}
	day, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		return cli.Refuse("-date %q is not a date like 2026-05-13", *date)
	}
	dk, err := loadDesk(*config)
	if err != nil {
		return err
	}
	hours := dk.Metrics.Calendar
	// A week after the days played leaves room for the SLA clocks and
	// follow-ups the last day starts, counted in business time.
	if err := cli.Covered(hours, calendar.DateOf(day), *days, 7); err != nil {
		return err
	}
	if *days > 1 && *tickets == 0 {
		*tickets = 300 * *days // a longer run is a generated one
	}
	if *tickets > 0 {
		return runStream(out, errOut, dk, gen.Config{Hours: hours, First: calendar.DateOf(day), Days: *days, Tickets: *tickets, Seed: *seed}, *asJSON)
	}
	policies := dk.SLA
	clocks, err := sla.NewEvaluator(policies)
	if err != nil {
		return err
	}
	report := out
	if *asJSON {
		out = io.Discard
	}
	d := &desk{
		out:      out,
		ctx:      context.Background(),
		store:    memstore.New(),
		lc:       dk.Lifecycle,
		hours:    hours,
		day:      time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, hours.Location()),
		agents:   roster(),
		policy:   dk.Routing.Policy,
		path:     dk.Routing.Paths[0],
		names:    map[ticket.ID]string{},
		policies: policies,
		kpi:      dk.Metrics,
		clocks:   clocks,
		planner:  dk.Planner,
		watches:  map[ticket.ID]*watch{},
		fired:    map[string]bool{},
	}
	if err := d.play(); err != nil {
		return err
	}
	r, err := d.kpis()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(report, r)
	}
	return d.report(r)
}

// loadDesk loads the desk file at path, or the built-in desk.json when
// path is empty, and checks that it has what the example plays: the
// business calendar of the KPI report (the desk's hours), follow-up rules
// and an escalation path.
func loadDesk(path string) (*deskfile.Desk, error) {
	var dk *deskfile.Desk
	var err error
	if path == "" {
		dk, err = deskfile.Load(deskJSON)
	} else {
		dk, err = deskfile.ReadFile(path)
	}
	switch {
	case err != nil:
		return nil, err
	case dk.Metrics.Calendar == nil:
		return nil, errors.New("the desk file names no calendar in metrics.calendar: the desk's hours")
	case dk.Planner == nil:
		return nil, errors.New("the desk file has no followup section")
	case len(dk.Routing.Paths) == 0:
		return nil, errors.New("the desk file has no escalation path in routing.paths")
	}
	return dk, nil
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
			Languages: []string{"nb", "en"}, Regions: nordic, Skills: map[string]int{"network": 4, "printers": 3}, Capacity: all(5, 0, 1)},
		{ID: "nils", Presence: routing.PresenceOffline, Groups: []string{"service desk"},
			Languages: []string{"nb"}, Regions: nordic, Skills: map[string]int{"billing": 4}, Capacity: all(10, 3, 1)},
	}
}

func (d *desk) play() error {
	d.printf("A day at the desk: %s, open %s, Norwegian holidays\n",
		d.day.Format("Monday 2 January 2006"), d.hours.Week())
	if info := d.hours.Day(calendar.DateOf(d.day)); !info.Open() {
		why := "closed by the weekly hours"
		if info.Name != "" {
			why = info.Name
		}
		d.printf("The desk is closed all day (%s): the day is played anyway, and business-hour clocks stand still until it opens.\n", why)
	}
	d.printf("\n")

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
	var scanner, parcel, outage ticket.ID
	steps := []step{
		{"08:05", func(clock string) (err error) {
			invoice, err = d.arrive(clock, arrival{Subject: "Invoice shows the wrong amount", Channel: ticket.ChannelEmail,
				Requester: ola, Priority: ticket.PriorityNormal, Category: "billing",
				Skills: []routing.Skill{{Name: "billing", Level: 2}}})
			return err
		}},
		{"08:20", func(clock string) (err error) {
			scanner, err = d.arrive(clock, arrival{Subject: "Scanner not detected", Channel: ticket.ChannelWeb,
				Requester: ticket.Requester{CustomerID: "emma", Language: "en", Region: "NO"}, Priority: ticket.PriorityLow,
				Category: "hardware", Skills: []routing.Skill{{Name: "printers", Level: 1}}})
			return err
		}},
		{"08:35", func(clock string) error {
			return d.replyWithStatus(clock, scanner, jonas, "Which model is it, and which cable do you use?", ticket.StatusPending)
		}},
		{"08:40", func(clock string) (err error) {
			printer, err = d.arrive(clock, arrival{Subject: "Drucker druckt leere Seiten", Channel: ticket.ChannelChat,
				Requester: ticket.Requester{CustomerID: "hanna", Language: "de", Region: "DE"}, Priority: ticket.PriorityNormal,
				Category: "hardware", Skills: []routing.Skill{{Name: "printers", Level: 2}}})
			return err
		}},
		{"08:52", func(clock string) error {
			return d.reply(clock, printer, jonas, "Bitte prüfen Sie die Tonerkassette.")
		}},
		{"08:53", func(clock string) error {
			return d.logHandling(clock, printer, "jonas", ticket.HandlingTalk, 13*time.Minute)
		}},
		{"09:05", func(clock string) error {
			return d.replyWithStatus(clock, invoice, ingrid, "Which invoice number, Ola?", ticket.StatusPending)
		}},
		{"09:10", func(clock string) (err error) {
			login, err = d.arrive(clock, arrival{Subject: "Locked out of my account", Channel: ticket.ChannelPhone,
				Requester: ticket.Requester{CustomerID: "per", Language: "nb", Region: "NO"}, Priority: ticket.PriorityHigh,
				Category: "accounts", Skills: []routing.Skill{{Name: "accounts", Level: 2}}})
			return err
		}},
		{"09:22", func(clock string) error {
			return d.logHandling(clock, login, "ingrid", ticket.HandlingTalk, 11*time.Minute)
		}},
		{"09:23", func(clock string) error { return d.macro(clock, login, ingrid, "password-reset") }},
		{"09:23", func(clock string) error {
			return d.replyWithStatus(clock, login, ingrid, "Password reset sent by SMS.", ticket.StatusSolved)
		}},
		{"10:00", func(clock string) (err error) {
			_, err = d.arrive(clock, arrival{Subject: "Request for my personal data", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "bjorn", Language: "nb", Region: "NO"}, Priority: ticket.PriorityNormal,
				Category: "privacy"})
			return err
		}},
		{"10:30", func(clock string) (err error) {
			vpn, err = d.arrive(clock, arrival{Subject: "VPN drops every hour", Channel: ticket.ChannelWeb,
				Requester: ticket.Requester{CustomerID: "sven", Language: "sv", Region: "SE"}, Priority: ticket.PriorityHigh,
				Category: "network", Skills: []routing.Skill{{Name: "network", Level: 3}}})
			return err
		}},
		{"10:31", func(clock string) error { return d.escalate(clock, vpn, "network fault") }},
		{"10:33", func(clock string) error { return d.retry(clock) }},
		{"11:15", func(clock string) (err error) {
			dup, err = d.arrive(clock, arrival{Subject: "INVOICE WRONG!!", Channel: ticket.ChannelSocial,
				Requester: ola, Priority: ticket.PriorityNormal, Category: "billing",
				Skills: []routing.Skill{{Name: "billing", Level: 2}}})
			return err
		}},
		{"11:20", func(clock string) error { return d.merge(clock, dup, invoice, ingrid) }},
		{"11:40", func(clock string) error {
			return d.reply(clock, invoice, ticket.Customer("ola"), "It is invoice 2026-0412.")
		}},
		{"11:50", func(clock string) (err error) {
			parcel, err = d.arrive(clock, arrival{Subject: "Parcel not arrived", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "oda", Language: "nb", Region: "NO"}, Priority: ticket.PriorityNormal,
				Category: "delivery"})
			return err
		}},
		{"12:05", func(clock string) error { return d.macro(clock, parcel, ticket.Agent("mia"), "tracking-link") }},
		{"12:05", func(clock string) error {
			return d.replyWithStatus(clock, parcel, ticket.Agent("mia"), "The carrier has it; here is the tracking link.", ticket.StatusSolved)
		}},
		{"12:10", func(clock string) error {
			return d.reply(clock, old, ticket.Customer("siri"), "The export fails again since today.")
		}},
		{"12:40", func(clock string) error { return d.rate(clock, parcel, ticket.Customer("oda"), 2) }},
		{"13:15", func(clock string) error { return d.macro(clock, invoice, ingrid, "invoice-copy") }},
		{"13:15", func(clock string) error {
			return d.replyWithStatus(clock, invoice, ingrid, "Corrected invoice attached.", ticket.StatusSolved)
		}},
		{"13:40", func(clock string) error {
			return d.replyWithStatus(clock, vpn, lars, "We found a faulty switch and are replacing it.", ticket.StatusOnHold)
		}},
		{"13:40", func(clock string) error {
			return d.reply(clock, printer, ticket.Customer("hanna"), "Toner gewechselt, geht wieder!")
		}},
		{"13:45", func(clock string) error { return d.setStatus(clock, printer, jonas, ticket.StatusSolved) }},
		{"14:02", func(clock string) error { return d.rate(clock, printer, ticket.Customer("hanna"), 5) }},
		{"14:30", func(clock string) error { return d.reply(clock, login, ticket.Customer("per"), "The SMS never came.") }},
		{"14:41", func(clock string) error {
			return d.replyWithStatus(clock, login, ingrid, "Sent again, to your new number.", ticket.StatusSolved)
		}},
		{"15:10", func(clock string) error { return d.rate(clock, invoice, ticket.Customer("ola"), 4) }},
		{"15:30", func(clock string) (err error) {
			_, err = d.arrive(clock, arrival{Subject: "Copy of our service contract", Channel: ticket.ChannelEmail,
				Requester: ticket.Requester{CustomerID: "erik", Organization: "Bergen Bygg", Language: "nb", Region: "NO"},
				Priority:  ticket.PriorityLow, Category: "contracts"})
			return err
		}},
		{"18:05", func(clock string) (err error) {
			outage, err = d.arrive(clock, arrival{Subject: "Payments down in all our shops", Channel: ticket.ChannelPhone,
				Requester: ticket.Requester{CustomerID: "nettbutikk", Organization: "Nordlys Handel", Tier: ticket.TierVIP, Language: "nb", Region: "NO"},
				Priority:  ticket.PriorityUrgent, Category: "network", Tags: []string{"outage"},
				Skills: []routing.Skill{{Name: "network", Level: 3}}, Group: "second line"})
			return err
		}},
		{"20:10", func(clock string) error {
			return d.replyWithStatus(clock, outage, lars, "Switch replaced; payments work again.", ticket.StatusSolved)
		}},
	}
	for _, s := range steps {
		// What falls due before the step happens first; what falls due at
		// its instant sees the step's events.
		now := d.at(s.clock)
		if err := d.advance(now, false); err != nil {
			return err
		}
		if err := s.do(s.clock); err != nil {
			return err
		}
		if err := d.touchChanged(now); err != nil {
			return err
		}
		if err := d.advance(now, true); err != nil {
			return err
		}
	}
	return d.advance(d.at("23:59"), true)
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
	created := time.Date(d.day.Year(), d.day.Month(), d.day.Day()-9, 10, 0, 0, 0, d.day.Location())
	t, events, err := ticket.Create(d.lc, id, created, siri, ticket.Created{Subject: "Export to Excel fails",
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
	group := a.Group
	if group == "" {
		group = "service desk"
	}
	t, events, err := ticket.Create(d.lc, id, now, ticket.Customer(a.Requester.CustomerID), ticket.Created{
		Subject: a.Subject, Channel: a.Channel, Requester: a.Requester, Priority: a.Priority,
		Group: group, Category: a.Category, Tags: a.Tags})
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
	d.printf("%s %s %-6s %q from %s (%s, %s)\n", clock, d.names[id], t.Channel, t.Subject, who, a.Requester.Language, a.Priority)
	item := routing.Item{Ticket: id, Channel: a.Channel, Priority: a.Priority, Tier: a.Requester.Tier,
		Group: group, Skills: a.Skills, Language: a.Requester.Language,
		Region: a.Requester.Region, EnqueuedAt: now}
	return id, d.admit(now, events, item)
}

// admit starts a new ticket's SLA clocks, prints its first-reply due
// instant and queue score, and routes it: the item waits, and is ordered,
// under the ticket's own due instant.
func (d *desk) admit(now time.Time, events []ticket.Event, item routing.Item) error {
	r, err := d.clocks.Evaluate(events, now)
	if err != nil {
		return err
	}
	for _, in := range r.Instances {
		if in.Metric.Name == sla.NameFirstReply {
			item.DueAt = in.Due
			d.printf("      SLA %s: first reply due %s (%s)\n", r.Policy, d.when(in.Due), target(in.Target))
		}
	}
	d.printf("      queue score %s\n", (routing.Scoring{}).Score(item, now))
	return d.route(now, item)
}

// target describes an SLA target: "4h of business hours", "1h around the clock".
func target(t sla.Target) string {
	if t.Hours == nil {
		return fmt.Sprintf("%v around the clock", t.Duration)
	}
	return fmt.Sprintf("%v of business hours", t.Duration)
}

// touchChanged evaluates, at now, every ticket that changed since the
// scheduler last looked at it.
func (d *desk) touchChanged(now time.Time) error {
	for _, id := range d.order {
		history, err := d.store.Load(d.ctx, id)
		if err != nil {
			return err
		}
		w := d.watches[id]
		if history[0].At.Before(d.day) {
			continue // last week's ticket
		}
		if w == nil || w.version != len(history) {
			if err := d.touch(id, now); err != nil {
				return err
			}
		}
	}
	return nil
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
		router := ticket.System("router")
		t, events, err := t.Assign(now, router, dec.Agent, item.Group)
		if err != nil || t.Status.Category != ticket.StatusCategoryNew {
			return t, events, err
		}
		// Assigned to an agent, a new ticket is open (Zendesk's built-in
		// rule), in the same save.
		t, opened, err := t.SetStatus(now, router, ticket.StatusOpen)
		return t, append(events, opened...), err
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
	return d.noteFirstReply(t, events, now)
}

// noteFirstReply prints how long the first reply took when events hold it.
func (d *desk) noteFirstReply(t ticket.Ticket, events []ticket.Event, now time.Time) error {
	id := t.ID
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
// message by a human agent that is not the opening comment of a ticket an
// agent opened (ticket.Opening), as sla and metrics count it.
func firstReply(history []ticket.Event) (ticket.Event, bool) {
	var o ticket.Opening
	for i := range history {
		e := &history[i]
		opening := o.Read(e)
		if m, ok := e.Data.(ticket.Message); ok && !opening && m.IsAgentReply(e.Actor) {
			return *e, true
		}
	}
	return ticket.Event{}, false
}

// followUp answers a message to a closed ticket with a linked follow-up.
func (d *desk) followUp(now time.Time, clock string, closedID ticket.ID, by ticket.Actor, body string) error {
	closed, err := ticket.Load(d.ctx, d.store, d.lc, closedID)
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
	item := routing.Item{Ticket: id, Channel: t.Channel, Priority: t.Priority, Tier: t.Requester.Tier, Group: t.Group,
		Language: t.Requester.Language, Region: t.Requester.Region, EnqueuedAt: now}
	return d.admit(now, events, item)
}

// replyWithStatus is an agent's "Submit as …": a public reply and the
// status it leaves the ticket in, as one action.
func (d *desk) replyWithStatus(clock string, id ticket.ID, by ticket.Actor, body string, to ticket.Status) error {
	now := d.at(clock)
	t, events, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.ReplyWithStatus(now, by, ticket.Message{Public: true, Body: body}, to)
	})
	if err != nil {
		return err
	}
	d.printf("%s %s %s: %q, submitted as %s\n", clock, d.names[id], by, body, to)
	if err := d.noteFirstReply(t, events, now); err != nil {
		return err
	}
	if to.Category == ticket.StatusCategorySolved {
		d.release(t)
		d.printf("      solved after %v of business time (%v on the wall clock)\n", d.hours.Elapsed(t.CreatedAt, now), now.Sub(t.CreatedAt))
	}
	return nil
}

// macro records that an agent used a saved reply.
func (d *desk) macro(clock string, id ticket.ID, by ticket.Actor, macro string) error {
	_, _, err := d.update(id, func(t ticket.Ticket) (ticket.Ticket, []ticket.Event, error) {
		return t.ApplyWorkflow(d.at(clock), by, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: macro})
	})
	if err == nil {
		d.printf("%s %s %s uses macro %s\n", clock, d.names[id], by, macro)
	}
	return err
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
		d.printf("      solved after %v of business time (%v on the wall clock)\n", d.hours.Elapsed(t.CreatedAt, now), now.Sub(t.CreatedAt))
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
