package ticket_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/servicedesk-go/desk/ticket"
)

// corpusTicket builds ticket n of a realistic corpus with the commands, the
// way an import does: every event type over a ticket's life, 8 to 10
// events each, several at one instant, in an Oslo offset.
func corpusTicket(n int) ([]ticket.Event, error) {
	oslo := time.FixedZone("", 2*3600)
	start := time.Date(2026, 5, 4, 8, 0, 0, 123456789, oslo).Add(time.Duration(n) * 7 * time.Minute)
	at := func(min int) time.Time { return start.Add(time.Duration(min) * time.Minute) }
	id := uuid.UUID{0: byte(n >> 8), 1: byte(n), 15: 1}
	agent, customer := ticket.Agent(fmt.Sprintf("agent-%d", n%17)), ticket.Customer(fmt.Sprintf("cust-%d", n))
	tk, events, err := ticket.Create(nil, id, at(0), customer, ticket.Created{
		Subject:   fmt.Sprintf("Invoice %d shows the wrong amount", n),
		Channel:   ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: customer.ID, Organization: "Fjord AS", Tier: ticket.TierVIP, Language: "nb", Region: "NO-03"},
		Priority:  ticket.PriorityNormal,
		Group:     "billing",
		Tags:      []string{"invoice", "vip"},
		Category:  "billing",
		Fields:    map[string]string{"invoice": fmt.Sprint(100000 + n), "site": "Oslo"},
	})
	step := func(next ticket.Ticket, ev []ticket.Event, e error) {
		if err == nil && e != nil {
			err = e
		}
		tk = next
		events = append(events, ev...)
	}
	step(tk.Assign(at(2), ticket.System("router"), agent.ID, "billing"))
	step(tk.ApplyWorkflow(at(10), agent, ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m-12", Name: "Invoice check"}))
	step(tk.Reply(at(10), agent, ticket.Message{Public: true, MacroID: "m-12", Body: "Thanks, we are looking into the invoice now."}))
	step(tk.SetPriority(at(11), agent, ticket.PriorityHigh))
	step(tk.Tag(at(11), agent, []string{"corrected"}, []string{"vip"}))
	step(tk.SetFields(at(12), agent, map[string]string{"invoice": "", "credit_note": "CN-7"}))
	step(tk.LogHandling(at(30), agent, ticket.HandlingLogged{Agent: agent.ID, Kind: ticket.HandlingAfterCallWork, Duration: 4*time.Minute + 30*time.Second}))
	step(tk.SetStatus(at(31), agent, ticket.StatusSolved))
	step(tk.Rate(at(90), customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 5, Scale: 5, Comment: "Quick & friendly <3"}))
	return events, err
}

// corpus returns n tickets' histories and each one's JSON array.
func corpus(b *testing.B, n int) ([][]ticket.Event, [][]byte, int) {
	b.Helper()
	var hs [][]ticket.Event
	var js [][]byte
	events := 0
	for i := range n {
		h, err := corpusTicket(i)
		if err != nil {
			b.Fatal(err)
		}
		j, err := json.Marshal(h)
		if err != nil {
			b.Fatal(err)
		}
		hs, js, events = append(hs, h), append(js, j), events+len(h)
	}
	return hs, js, events
}

// plainEvent mirrors the wire format in plain structs, for encoding/json to
// decode the same bytes as a reference.
type plainEvent struct {
	TicketID string    `json:"ticket_id"`
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	Actor    struct {
		ID   string `json:"id"`
		Role string `json:"role"`
	} `json:"actor"`
	Type string    `json:"type"`
	Data plainData `json:"data"`
}

type plainStatus struct {
	Name     string `json:"name"`
	Category string `json:"category"`
}

type plainData struct {
	Subject   string `json:"subject,omitempty"`
	Channel   string `json:"channel,omitempty"`
	Requester *struct {
		CustomerID   string `json:"customer_id"`
		Organization string `json:"organization,omitempty"`
		Tier         string `json:"tier,omitempty"`
		Language     string `json:"language,omitempty"`
		Region       string `json:"region,omitempty"`
	} `json:"requester,omitempty"`
	Priority  string            `json:"priority,omitempty"`
	Group     string            `json:"group,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
	Category  string            `json:"category,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	Status    *plainStatus      `json:"status,omitempty"`
	Public    bool              `json:"public,omitempty"`
	Automated bool              `json:"automated,omitempty"`
	MacroID   string            `json:"macro_id,omitempty"`
	Body      string            `json:"body,omitempty"`
	From      json.RawMessage   `json:"from,omitempty"` // a status or a priority
	To        json.RawMessage   `json:"to,omitempty"`
	Reopen    bool              `json:"reopen,omitempty"`
	Reason    string            `json:"reason,omitempty"`
	Agent     string            `json:"agent,omitempty"`
	PrevAgent string            `json:"prev_agent,omitempty"`
	PrevGroup string            `json:"prev_group,omitempty"`
	Added     []string          `json:"added,omitempty"`
	Removed   []string          `json:"removed,omitempty"`
	Changes   []struct {
		Field string `json:"field"`
		From  string `json:"from,omitempty"`
		To    string `json:"to,omitempty"`
	} `json:"changes,omitempty"`
	Survey   string `json:"survey,omitempty"`
	Score    int    `json:"score,omitempty"`
	Scale    int    `json:"scale,omitempty"`
	Comment  string `json:"comment,omitempty"`
	Kind     string `json:"kind,omitempty"`
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Duration int64  `json:"duration_ns,omitempty"`
}

const corpusTickets = 200

func reportRates(b *testing.B, bytes, events int) {
	b.SetBytes(int64(bytes))
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func totalBytes(js [][]byte) int {
	n := 0
	for _, j := range js {
		n += len(j)
	}
	return n
}

// benchEach runs one sub-benchmark that calls op on every corpus ticket
// (i from 0 to n-1) per iteration and reports bytes and events per second.
func benchEach(b *testing.B, name string, n, size, events int, op func(i int) error) {
	b.Run(name, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range n {
				if err := op(i); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportRates(b, size, events)
	})
}

// BenchmarkDecode decodes realistic histories (one JSON array per ticket)
// with ticket.DecodeEvents, and the same bytes with encoding/json into
// plain structs and into any, for reference.
func BenchmarkDecode(b *testing.B) {
	_, js, events := corpus(b, corpusTickets)
	size := totalBytes(js)
	benchEach(b, "ticket.DecodeEvents", len(js), size, events, func(i int) error {
		_, err := ticket.DecodeEvents(js[i])
		return err
	})
	benchEach(b, "encoding_json.plain_structs", len(js), size, events, func(i int) error {
		var out []plainEvent
		return json.Unmarshal(js[i], &out)
	})
	benchEach(b, "encoding_json.any", len(js), size, events, func(i int) error {
		var out any
		return json.Unmarshal(js[i], &out)
	})
}

// BenchmarkEncode encodes the same histories with json.Marshal of []Event
// (which calls Event.MarshalJSON), and encoding/json of the plain structs
// for reference.
func BenchmarkEncode(b *testing.B) {
	hs, js, events := corpus(b, corpusTickets)
	size := totalBytes(js)
	plain := make([][]plainEvent, len(js))
	for i, j := range js {
		if err := json.Unmarshal(j, &plain[i]); err != nil {
			b.Fatal(err)
		}
	}
	benchEach(b, "ticket.EncodeEvents", len(hs), size, events, func(i int) error {
		_, err := ticket.EncodeEvents(hs[i])
		return err
	})
	benchEach(b, "json.Marshal_events", len(hs), size, events, func(i int) error {
		_, err := json.Marshal(hs[i])
		return err
	})
	benchEach(b, "encoding_json.plain_structs", len(plain), size, events, func(i int) error {
		_, err := json.Marshal(plain[i])
		return err
	})
}

// BenchmarkImport builds tickets with the commands, as an import does, and
// reports the cost per event.
func BenchmarkImport(b *testing.B) {
	b.ReportAllocs()
	events := 0
	n := 0
	for b.Loop() {
		h, err := corpusTicket(n % 4096)
		if err != nil {
			b.Fatal(err)
		}
		events += len(h)
		n++
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(events), "ns/event")
}

// BenchmarkCreate opens a ticket under the default lifecycle (nil), the
// first command of every imported ticket.
func BenchmarkCreate(b *testing.B) {
	c := ticket.Created{Subject: "Printer on fire", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ticket.Create(nil, id(1), t0, ola, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateValidatedLifecycle opens a ticket under a lifecycle
// validated once, as an import does.
func BenchmarkCreateValidatedLifecycle(b *testing.B) {
	lc, err := ticket.DefaultLifecycle().Validated()
	if err != nil {
		b.Fatal(err)
	}
	c := ticket.Created{Subject: "Printer on fire", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ticket.Create(lc, id(1), t0, ola, c); err != nil {
			b.Fatal(err)
		}
	}
}
