package routing

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Step is one rung of a relaxation [Ladder]: once an item has waited After,
// the requirements it names are dropped or lowered. Steps are cumulative: at
// step 3 the relaxations of steps 1 and 2 still apply. This follows Amazon
// Connect's routing steps and Genesys's bullseye rings, where each timeout
// widens the pool; Zendesk's skills timeout is a one-step ladder with
// AnySkill.
type Step struct {
	// After is the item's age (since [Item.EnqueuedAt]) from which the step
	// applies.
	After time.Duration
	// AnyLanguage drops the language requirement.
	AnyLanguage bool
	// AnyRegion drops the region requirement.
	AnyRegion bool
	// AnySkill drops every skill requirement.
	AnySkill bool
	// LowerSkill lowers every required skill level by this much. A
	// requirement lowered to level 0 or below is met by every agent.
	LowerSkill int
	// Drop names skills no longer required (Salesforce's "additional
	// skills" dropped after a timeout).
	Drop []string
	// Groups widen the pool: from this step the item may also go to agents
	// of these groups, beside its own group (overflow; Genesys's bullseye
	// rings widen the agent pool ring by ring). Items without a group are
	// open to every group already.
	Groups []string
}

// String describes what the step relaxes: "any language", "skill level -1",
// "without skill french", joined by commas.
func (s Step) String() string {
	var b strings.Builder
	s.writeTo(&b)
	return b.String()
}

// writeTo writes [Step.String] to b without building the parts apart, so
// that [Ladder.RungName] costs one buffer.
func (s Step) writeTo(b *strings.Builder) {
	start := b.Len()
	part := func(p string) {
		if b.Len() > start {
			b.WriteString(", ")
		}
		b.WriteString(p)
	}
	if s.AnyLanguage {
		part("any language")
	}
	if s.AnyRegion {
		part("any region")
	}
	if s.AnySkill {
		part("any skill")
	}
	if s.LowerSkill != 0 {
		part("skill level -")
		b.WriteString(strconv.Itoa(s.LowerSkill))
	}
	for _, d := range s.Drop {
		part("without skill ")
		b.WriteString(d)
	}
	for _, g := range s.Groups {
		part("also group ")
		b.WriteString(g)
	}
	if b.Len() == start {
		b.WriteString("no relaxation")
	}
}

func (s Step) empty() bool {
	return !s.AnyLanguage && !s.AnyRegion && !s.AnySkill && s.LowerSkill == 0 && len(s.Drop) == 0 && len(s.Groups) == 0
}

// Ladder is a relaxation ladder: steps in increasing order of After. The
// zero Ladder never relaxes anything. The rung an item stands on is the last
// step whose After its age has reached; rung 0 means "as required".
type Ladder struct {
	Steps []Step
}

// Validate reports every problem in l, joined: steps out of order, negative
// ages or levels, and steps that relax nothing.
func (l Ladder) Validate() error {
	var errs []error
	for i, s := range l.Steps {
		// Built only for a step with a problem: a valid ladder allocates nothing.
		field := func(sub string) string { return fmt.Sprintf("Ladder.Steps[%d]%s", i, sub) }
		if s.After <= 0 {
			errs = append(errs, configErr(field(".After"), "must be positive, is %s", s.After))
		}
		if i > 0 && s.After <= l.Steps[i-1].After {
			errs = append(errs, configErr(field(".After"), "must be greater than the previous step's %s, is %s", l.Steps[i-1].After, s.After))
		}
		if s.LowerSkill < 0 {
			errs = append(errs, configErr(field(".LowerSkill"), "must not be negative, is %d", s.LowerSkill))
		}
		if s.empty() {
			errs = append(errs, configErr(field(""), "relaxes nothing"))
		}
		for j, d := range s.Drop {
			if d == "" {
				errs = append(errs, configErr(field(fmt.Sprintf(".Drop[%d]", j)), "must not be empty"))
			}
		}
		for j, g := range s.Groups {
			if g == "" {
				errs = append(errs, configErr(field(fmt.Sprintf(".Groups[%d]", j)), "must not be empty"))
			}
		}
	}
	return errors.Join(errs...)
}

// Rung returns the rung for an item of the given age: 0 when no step
// applies, otherwise the 1-based number of the last step reached.
func (l Ladder) Rung(age time.Duration) int {
	r := 0
	for i, s := range l.Steps {
		if age >= s.After {
			r = i + 1
		}
	}
	return r
}

// RungName names rung r: "step 0: as required" or
// "step 2: any language, after 2m0s".
func (l Ladder) RungName(r int) string {
	if r <= 0 || r > len(l.Steps) {
		return "step 0: as required"
	}
	s := l.Steps[r-1]
	var b strings.Builder
	b.Grow(64)
	b.WriteString("step ")
	b.WriteString(strconv.Itoa(r))
	b.WriteString(": ")
	s.writeTo(&b)
	b.WriteString(", after ")
	b.WriteString(s.After.String())
	return b.String()
}

// relaxation is the cumulative effect of rungs 1..r.
type relaxation struct {
	anyLanguage, anyRegion, anySkill bool
	lower                            int
	drop                             []string // aliases the ladder's steps when only one step drops
}

func (l Ladder) relaxation(r int) relaxation {
	var x relaxation
	for _, s := range l.Steps[:min(r, len(l.Steps))] {
		x.anyLanguage = x.anyLanguage || s.AnyLanguage
		x.anyRegion = x.anyRegion || s.AnyRegion
		x.anySkill = x.anySkill || s.AnySkill
		x.lower = min(x.lower+min(max(s.LowerSkill, 0), math.MaxInt32), math.MaxInt32) // no wrap-around
		if len(s.Drop) > 0 {
			if x.drop == nil {
				x.drop = s.Drop
			} else {
				x.drop = append(append([]string(nil), x.drop...), s.Drop...)
			}
		}
	}
	return x
}
