package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/servicedesk-go/desk/ticket"
)

// Agent is one member of the generated desk's staff.
type Agent struct {
	ID        string
	Group     string
	Languages []string       // BCP 47 tags, the first is the agent's own
	Skills    map[string]int // case type → level 1–4
}

// Speaks reports whether the agent can answer in language lang.
func (a Agent) Speaks(lang string) bool {
	for _, l := range a.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Agents is the generated desk's staff: a Nordic first line with one
// German and one Danish speaker, and a second line for network and
// hardware faults.
func Agents() []Agent {
	return []Agent{
		{ID: "ingrid", Group: "service desk", Languages: []string{"nb", "en"}, Skills: map[string]int{"billing": 3, "accounts": 2, "contracts": 2}},
		{ID: "jonas", Group: "service desk", Languages: []string{"de", "en"}, Skills: map[string]int{"hardware": 2, "billing": 1, "software": 2}},
		{ID: "kari", Group: "service desk", Languages: []string{"nb"}, Skills: map[string]int{"accounts": 3, "delivery": 2}},
		{ID: "mia", Group: "service desk", Languages: []string{"sv", "nb", "en"}, Skills: map[string]int{"billing": 2, "accounts": 1, "delivery": 2}},
		{ID: "nils", Group: "service desk", Languages: []string{"nb", "en"}, Skills: map[string]int{"billing": 4, "contracts": 3, "privacy": 2}},
		{ID: "sofie", Group: "service desk", Languages: []string{"da", "nb", "en"}, Skills: map[string]int{"software": 3, "accounts": 2}},
		{ID: "elin", Group: "service desk", Languages: []string{"sv", "en"}, Skills: map[string]int{"software": 2, "delivery": 3}},
		{ID: "ahmed", Group: "service desk", Languages: []string{"nb", "en"}, Skills: map[string]int{"hardware": 3, "software": 3}},
		{ID: "lars", Group: "second line", Languages: []string{"nb", "en"}, Skills: map[string]int{"network": 4, "hardware": 3}},
		{ID: "tobias", Group: "second line", Languages: []string{"de", "en"}, Skills: map[string]int{"network": 3, "software": 4}},
	}
}

// CaseType is a kind of request the desk handles, with what it looks like
// when it arrives.
type CaseType struct {
	Name     string
	Weight   int      // relative frequency
	Group    string   // the group that handles it
	Subjects []string // typical subjects
	Macro    string   // the saved reply agents use most for it ("" if none)
	Mood     float64  // added to the satisfaction score: how the customer tends to feel afterwards
}

// CaseTypes lists the desk's case types. "delivery" is about the postal
// service, which the desk cannot influence (a report may exclude it from
// CSAT); "privacy" is rare and gets a personal follow-up.
func CaseTypes() []CaseType {
	return []CaseType{
		{Name: "billing", Weight: 22, Group: "service desk", Macro: "invoice-copy",
			Subjects: []string{"Invoice shows the wrong amount", "Double charged this month", "Faktura mangler", "Change of billing address"}},
		{Name: "accounts", Weight: 20, Group: "service desk", Macro: "password-reset",
			Subjects: []string{"Locked out of my account", "Glemt passord", "Add a user to our account", "Two-factor code never arrives"}},
		{Name: "software", Weight: 18, Group: "service desk", Macro: "known-issue",
			Subjects: []string{"Export to Excel fails", "App crashes on start", "Rapporten laster ikke", "Sync stopped yesterday"}},
		{Name: "hardware", Weight: 12, Group: "service desk", Macro: "rma-form",
			Subjects: []string{"Drucker druckt leere Seiten", "Scanner not detected", "Skjermen flimrer", "Docking station dead"}},
		{Name: "delivery", Weight: 10, Group: "service desk", Macro: "tracking-link", Mood: -1.2,
			Subjects: []string{"Parcel not arrived", "Pakken er forsinket", "Wrong item delivered"}},
		{Name: "network", Weight: 8, Group: "second line", Mood: -0.3,
			Subjects: []string{"VPN drops every hour", "No internet at the office", "Wi-Fi slow on floor 3"}},
		{Name: "contracts", Weight: 7, Group: "service desk", Macro: "contract-copy", Mood: 0.3,
			Subjects: []string{"Copy of our service contract", "Oppsigelse av avtale", "Upgrade our plan"}},
		{Name: "privacy", Weight: 1, Group: "service desk",
			Subjects: []string{"Request for my personal data", "Delete my data (GDPR)"}},
	}
}

// language is a customer language and the region its speakers write from.
type language struct {
	tag, region string
	weight      int
}

var languages = [...]language{
	{"nb", "NO", 60}, {"en", "GB", 12}, {"sv", "SE", 12}, {"da", "DK", 9}, {"de", "DE", 7},
}

var organisations = [...]string{
	"Fjord Fisk AS", "Bergen Bygg", "Nordlys Energi", "Trondheim Trykk", "Svea Logistik AB",
	"Kobenhavn Kaffe ApS", "Hansa Handel GmbH", "Polar Apotek", "Vestland Vekst", "Oslo Optikk",
}

// customer returns customer number n of a pool generated from seed: the
// same n always gives the same customer.
func customer(seed uint64, n int) ticket.Requester {
	r := rand.New(rand.NewPCG(seed^0x5eed_c057, uint64(n)))
	lang := languages[pick(r, len(languages), func(i int) int { return languages[i].weight })]
	req := ticket.Requester{CustomerID: fmt.Sprintf("c%05d", n), Language: lang.tag, Region: lang.region}
	if r.IntN(3) > 0 {
		req.Organization = organisations[r.IntN(len(organisations))]
	}
	if r.IntN(20) == 0 {
		req.Tier = "vip"
	}
	return req
}

// pick draws an index in [0, n) with the given weights.
func pick(r *rand.Rand, n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	x := r.IntN(total)
	for i := range n {
		if x -= weight(i); x < 0 {
			return i
		}
	}
	return n - 1
}
