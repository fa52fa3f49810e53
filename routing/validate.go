package routing

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/servicedesk-go/desk/ticket"
)

// Validate reports every problem in a, joined, each an [InputError]: an
// empty ID, a presence that is neither a known one nor the unknown zero
// value, a negative capacity, load or offer count on any channel, a
// channel key that is not a known [ticket.Channel] (a capacity keyed
// "e-mail" would otherwise make the agent silently ineligible), a negative
// Total, a language that is not a BCP 47 tag, and a skill with an empty
// name or a negative level. A load above capacity is not a problem
// (manual assignment may exceed capacity); such an agent is at capacity.
func (a Agent) Validate() error { return errors.Join(a.problems(-1, nil)...) }

// ValidateAgents reports every problem in agents, joined: each agent's (see
// [Agent.Validate]) and IDs used by more than one agent, since the agent ID
// is the last tie-break and identifies the agent in a [Decision].
func ValidateAgents(agents []Agent) error {
	var errs []error
	for i := range agents {
		errs = agents[i].problems(i, errs)
	}
	errs = duplicateIDs(agents, errs)
	return errors.Join(errs...)
}

// problems appends a's problems to errs. It allocates nothing for a valid
// agent: only a map with a bad entry pays for sorting its keys.
func (a *Agent) problems(index int, errs []error) []error {
	bad := func(field, format string, args ...any) {
		errs = append(errs, &InputError{Kind: "agent", Index: index, ID: a.ID, Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if a.ID == "" {
		bad("ID", "must not be empty")
	}
	if a.Presence != "" && presenceIndex(a.Presence) < 0 {
		bad("Presence", "is not a known presence: %q", string(a.Presence))
	}
	for _, m := range []struct {
		name   string
		counts map[ticket.Channel]int
	}{{"Capacity", a.Capacity}, {"Load", a.Load}, {"Offered", a.Offered}} {
		if channelCountsOK(m.counts) {
			continue
		}
		for _, ch := range slices.Sorted(maps.Keys(m.counts)) {
			if channelIndex(ch) < 0 {
				// "e-mail" would make the agent silently ineligible.
				bad(fmt.Sprintf("%s[%q]", m.name, string(ch)), "is not a known channel")
			} else if n := m.counts[ch]; n < 0 {
				bad(fmt.Sprintf("%s[%s]", m.name, ch), "must not be negative, is %d", n)
			}
		}
	}
	if a.Total < 0 {
		bad("Total", "must not be negative, is %d", a.Total)
	}
	for ch := range a.LastOn {
		if channelIndex(ch) < 0 {
			for _, ch := range slices.Sorted(maps.Keys(a.LastOn)) {
				if channelIndex(ch) < 0 {
					bad(fmt.Sprintf("LastOn[%q]", string(ch)), "is not a known channel")
				}
			}
			break
		}
	}
	for i, l := range a.Languages {
		if _, ok := parseTag(l); !ok {
			bad(fmt.Sprintf("Languages[%d]", i), "is not a BCP 47 language tag: %q", l)
		}
	}
	if _, unnamed := a.Skills[""]; unnamed || !nonNegative(a.Skills) {
		for _, s := range slices.Sorted(maps.Keys(a.Skills)) {
			if s == "" {
				bad("Skills", "has a skill with an empty name")
			} else if n := a.Skills[s]; n < 0 {
				bad(fmt.Sprintf("Skills[%q]", s), "must not be negative, is %d", n)
			}
		}
	}
	return errs
}

// channelCountsOK reports whether every key of m is a known channel and
// every count is not negative.
func channelCountsOK(m map[ticket.Channel]int) bool {
	for ch, n := range m {
		if n < 0 || channelIndex(ch) < 0 {
			return false
		}
	}
	return true
}

func nonNegative[K comparable](m map[K]int) bool {
	for _, n := range m {
		if n < 0 {
			return false
		}
	}
	return true
}

// duplicateIDs appends an InputError for every agent whose non-empty ID an
// earlier agent already uses.
func duplicateIDs(agents []Agent, errs []error) []error {
	if len(agents) < 2 {
		return errs
	}
	type entry struct {
		id    string
		index int
	}
	ids := make([]entry, 0, len(agents))
	for i := range agents {
		if agents[i].ID != "" {
			ids = append(ids, entry{agents[i].ID, i})
		}
	}
	slices.SortFunc(ids, func(x, y entry) int {
		return cmp.Or(cmp.Compare(x.id, y.id), cmp.Compare(x.index, y.index))
	})
	var dups []error
	for k := 1; k < len(ids); k++ {
		if ids[k].id == ids[k-1].id {
			first := k - 1
			for first > 0 && ids[first-1].id == ids[k].id {
				first--
			}
			dups = append(dups, duplicateID(ids[k].id, ids[k].index, ids[first].index))
		}
	}
	slices.SortFunc(dups, func(x, y error) int {
		return cmp.Compare(x.(*InputError).Index, y.(*InputError).Index)
	})
	return append(errs, dups...)
}

// Validate reports every problem in it, joined, each an [InputError]: a
// channel that is not a known [ticket.Channel], a zero EnqueuedAt (the
// item's age, aging term and relaxation rung all read it), and required
// or preferred skills with an empty name, a negative level or listed
// twice, a Previous without an agent or instant or with an unknown
// affinity, an empty Missed entry, a priority
// that is not a known [ticket.Priority] (it would score 0), and a language
// that is not a BCP 47 tag. A zero ticket ID, priority, DueAt, group,
// language or region is allowed.
func (it Item) Validate() error { return errors.Join(it.problems(-1, nil)...) }

func (it *Item) problems(index int, errs []error) []error {
	// Field names and messages are built only for a problem, so a valid
	// item allocates nothing.
	bad := func(field, format string, args ...any) {
		errs = append(errs, &InputError{Kind: "item", Index: index, ID: it.Ticket.String(), Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if channelIndex(it.Channel) < 0 {
		bad("Channel", "is not a known channel: %q", string(it.Channel))
	}
	if it.Priority != "" && !it.Priority.Valid() {
		bad("Priority", "is not a known ticket priority: %q", string(it.Priority))
	}
	if it.Language != "" {
		if _, ok := parseTag(it.Language); !ok {
			bad("Language", "is not a BCP 47 language tag: %q", it.Language)
		}
	}
	if it.EnqueuedAt.IsZero() {
		bad("EnqueuedAt", "must be set")
	}
	for _, list := range [2]struct {
		name   string
		skills []Skill
	}{{"Skills", it.Skills}, {"Preferred", it.Preferred}} {
		for i, s := range list.skills {
			field := func(sub string) string { return fmt.Sprintf("%s[%d]%s", list.name, i, sub) }
			if s.Name == "" {
				bad(field(".Name"), "must not be empty")
			}
			if s.Level < 0 {
				bad(field(".Level"), "must not be negative, is %d", s.Level)
			}
			if s.Name != "" && slices.ContainsFunc(list.skills[:i], func(p Skill) bool { return p.Name == s.Name }) {
				bad(field(".Name"), "skill %q is listed twice", s.Name)
			}
		}
	}
	if pv := it.Previous; pv != (Previous{}) {
		if pv.Agent == "" {
			bad("Previous.Agent", "must be set when Previous is")
		}
		if pv.At.IsZero() {
			bad("Previous.At", "must be set when Previous is")
		}
		if pv.Of != "" && !pv.Of.Valid() {
			bad("Previous.Of", "is not a known affinity: %q", string(pv.Of))
		}
	}
	for i, id := range it.Missed {
		if id == "" {
			bad(fmt.Sprintf("Missed[%d]", i), "must not be empty")
		}
	}
	return errs
}
