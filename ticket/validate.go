package ticket

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// problem is the detail of what is wrong with a payload or a command. It is
// never returned bare: the typed errors of this package carry it and unwrap
// to their sentinel.
type problem string

func (p problem) Error() string { return string(p) }

func problemf(format string, args ...any) error { return problem(fmt.Sprintf(format, args...)) }

// checkText refuses a string that JSON cannot carry unchanged: encoding
// would replace invalid UTF-8 with U+FFFD, so the stored event would differ
// from the one a command made (tags out of order, keys repeated, text
// changed).
func checkText(what, s string) error {
	if validUTF8(s) {
		return nil
	}
	return badText(what, s)
}

// badText is checkText's error.
func badText(what, s string) error { return problemf("%s %q is not valid UTF-8", what, s) }

// validUTF8 is [utf8.ValidString], with a quicker test for the short
// strings most payloads hold (names, IDs, tags): one pass that ORs the
// bytes, true when none has the high bit set (all ASCII).
func validUTF8(s string) bool { return s == "" || validText(s) }

// validText is validUTF8 for a non-empty string.
func validText(s string) bool {
	if len(s) >= 32 {
		return utf8.ValidString(s) // reads a word at a time
	}
	var or byte
	for i := 0; i < len(s); i++ {
		or |= s[i]
	}
	return or < utf8.RuneSelf || utf8.ValidString(s)
}

// checkTexts is checkText over pairs of a description and a string.
func checkTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkText(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func validStatus(what string, s Status) error {
	if !validUTF8(s.Name) { // checkText's test, without building its description for every status
		return checkText(what+" status name", s.Name)
	}
	if s.Name == "" {
		return problemf("%s status has no name", what)
	}
	if !s.Category.Valid() {
		return problemf("%s status %q has unknown category %q", what, s.Name, s.Category)
	}
	return nil
}

func (c Created) validate() error {
	if c.valid() {
		return nil
	}
	return c.validateFully()
}

// valid reports whether validateFully accepts c, for the common payload
// (no custom fields, no tags or sorted ones), in one expression that
// builds no argument list and no error; false sends c through every check.
func (c *Created) valid() bool {
	r := &c.Requester
	return c.Channel.Valid() && (c.Priority == "" || c.Priority.Valid()) && r.CustomerID != "" &&
		len(c.Fields) == 0 && c.Status.valid() && (len(c.Tags) == 0 || slices.IsSorted(c.Tags) && sortedTags("", c.Tags) == nil) &&
		validUTF8(c.Subject) && validUTF8(c.Group) && validUTF8(c.Category) && validText(r.CustomerID) &&
		validUTF8(r.Organization) && validUTF8(string(r.Tier)) && validUTF8(r.Language) && validUTF8(r.Region)
}

// validateFully is every check of a Created payload, each problem joined.
func (c Created) validateFully() error {
	var errs []error
	if !c.Channel.Valid() {
		errs = append(errs, problemf("unknown channel %q", c.Channel))
	}
	if c.Priority != "" && !c.Priority.Valid() {
		errs = append(errs, problemf("unknown priority %q", c.Priority))
	}
	if c.Requester.CustomerID == "" {
		errs = append(errs, problem("requester has no customer ID"))
	}
	r := c.Requester
	if err := checkTexts("subject", c.Subject, "group", c.Group, "category", c.Category,
		"customer ID", r.CustomerID, "organization", r.Organization, "tier", string(r.Tier),
		"language", r.Language, "region", r.Region); err != nil {
		errs = append(errs, err)
	}
	for k, v := range c.Fields {
		if err := checkTexts("custom field name", k, "custom field value", v); err != nil {
			errs = append(errs, err)
		}
	}
	if err := validStatus("initial", c.Status); err != nil {
		errs = append(errs, err)
	}
	tags := c.Tags // any order here; no repeats
	if !slices.IsSorted(tags) {
		tags = slices.Sorted(slices.Values(tags))
	}
	if err := sortedTags("tags", tags); err != nil {
		errs = append(errs, err)
	}
	for k := range c.Fields {
		if k == "" || k == FieldCategory {
			errs = append(errs, problemf("custom field name %q is reserved", k))
		}
	}
	return errors.Join(errs...)
}

func (m Message) validate() error {
	if m.Channel != "" && !m.Channel.Valid() {
		return problemf("unknown channel %q", m.Channel)
	}
	if !validUTF8(m.MacroID) || !validUTF8(m.Body) { // checkTexts' test, without its argument list for every message
		return checkTexts("macro ID", m.MacroID, "body", m.Body)
	}
	return nil
}

// valid reports whether validStatus accepts s, without building an error.
func (s *Status) valid() bool {
	return s.Name != "" && validText(s.Name) && s.Category.Valid()
}

func (s StatusChanged) validate() error {
	if s.From.valid() && s.To.valid() && s.From != s.To && (s.Reason == "" || validText(s.Reason)) &&
		s.Reopen == (s.From.Category == StatusCategorySolved && s.To.Category.Active()) {
		return nil // the checks below, all passed
	}
	if err := validStatus("from", s.From); err != nil {
		return err
	}
	if err := validStatus("to", s.To); err != nil {
		return err
	}
	if s.From == s.To {
		return problemf("status does not change (%s)", s.To)
	}
	if err := checkText("reason", s.Reason); err != nil {
		return err
	}
	if reopen := s.From.Category == StatusCategorySolved && s.To.Category.Active(); s.Reopen != reopen {
		return problemf("reopen is %t for a change from %s to %s, want %t", s.Reopen, s.From, s.To, reopen)
	}
	return nil
}

func (a Assigned) validate() error {
	if a.Agent == a.PrevAgent && a.Group == a.PrevGroup {
		return problem("assignment does not change")
	}
	return checkTexts("agent", a.Agent, "group", a.Group, "previous agent", a.PrevAgent, "previous group", a.PrevGroup)
}

func (p PriorityChanged) validate() error {
	if !p.To.Valid() {
		return problemf("unknown priority %q", p.To)
	}
	if p.From != "" && !p.From.Valid() {
		return problemf("unknown priority %q", p.From)
	}
	if p.From == p.To {
		return problemf("priority does not change (%s)", p.To)
	}
	return nil
}

func (t TagsChanged) validate() error {
	if len(t.Added) == 0 && len(t.Removed) == 0 {
		return problem("no tag changes")
	}
	if err := sortedTags("added", t.Added); err != nil {
		return err
	}
	if err := sortedTags("removed", t.Removed); err != nil {
		return err
	}
	for a, r := t.Added, t.Removed; len(a) > 0 && len(r) > 0; {
		switch {
		case a[0] < r[0]:
			a = a[1:]
		case r[0] < a[0]:
			r = r[1:]
		default:
			return problemf("tag %q both added and removed", a[0])
		}
	}
	return nil
}

// sortedTags checks that tags are non-empty and strictly increasing: sorted,
// without repeats. [Created] tags may come in any order and are checked
// sorted.
func sortedTags(what string, tags []string) error {
	for i, t := range tags {
		if !validUTF8(t) { // checkText's test, without building its description for every tag
			return checkText(what+": tag", t)
		}
		switch {
		case t == "":
			return problemf("%s: empty tag", what)
		case i > 0 && t == tags[i-1]:
			return problemf("%s: tag %q twice", what, t)
		case i > 0 && t < tags[i-1]:
			return problemf("%s: tags not sorted (%q after %q)", what, t, tags[i-1])
		}
	}
	return nil
}

func (f FieldsChanged) validate() error {
	if len(f.Changes) == 0 {
		return problem("no field changes")
	}
	seen := make(map[string]bool, len(f.Changes))
	for _, c := range f.Changes {
		switch {
		case c.Field == "":
			return problem("field change without a field name")
		case seen[c.Field]:
			return problemf("field %q changed twice", c.Field)
		case c.From == c.To:
			return problemf("field %q does not change", c.Field)
		}
		if err := checkTexts("field name", c.Field, "field value", c.From, "field value", c.To); err != nil {
			return err
		}
		seen[c.Field] = true
	}
	return nil
}

func (m Merged) validate() error {
	intoSet, fromSet := m.Into != ID{}, m.From != ID{}
	if intoSet == fromSet {
		return problem("merged needs exactly one of into and from")
	}
	return nil
}

func (l Linked) validate() error {
	if l.FollowUpOf == (ID{}) {
		return problem("linked names no ticket")
	}
	return nil
}

func (r Rated) validate() error {
	if !isMember(r.Survey, surveys) {
		return problemf("unknown survey %q", r.Survey)
	}
	lo := r.Survey.MinScore()
	if r.Scale <= lo {
		return problemf("%s scale %d is too small", r.Survey, r.Scale)
	}
	if r.Score < lo || r.Score > r.Scale {
		return problemf("%s score %d outside %d–%d", r.Survey, r.Score, lo, r.Scale)
	}
	return checkText("comment", r.Comment)
}

func (w WorkflowApplied) validate() error {
	if !isMember(w.Kind, workflowKinds) {
		return problemf("unknown workflow kind %q", w.Kind)
	}
	if w.ID == "" {
		return problem("workflow has no ID")
	}
	return checkTexts("workflow ID", w.ID, "workflow name", w.Name)
}

func (h HandlingLogged) validate() error {
	if !isMember(h.Kind, handlingKinds) {
		return problemf("unknown handling kind %q", h.Kind)
	}
	if h.Agent == "" {
		return problem("handling time names no agent")
	}
	if h.Duration <= 0 {
		return problemf("handling time %v is not positive", h.Duration)
	}
	return checkText("agent", h.Agent)
}
