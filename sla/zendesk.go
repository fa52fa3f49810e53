package sla

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// ZendeskOptions says how [DecodeZendesk] names what Zendesk identifies
// by id or leaves to the account.
type ZendeskOptions struct {
	// BusinessHours names the desk calendar that a policy metric with
	// "business_hours": true counts in. It must be set when a policy has
	// one; metrics in calendar hours get no hours (calendar time in UTC).
	BusinessHours string
	// Groups maps a Zendesk group id, as text, to the desk's group name;
	// an id not in it is kept as its text.
	Groups map[string]string
	// Organizations maps a Zendesk organization id, as text, to the name
	// the desk's tickets carry ([ticket.Requester].Organization); an id
	// not in it is kept as its text.
	Organizations map[string]string
	// TierField is the key of the requester's custom field that holds the
	// requester's tier: conditions on "requester.custom_fields.<TierField>"
	// select by [ticket.Tier]. Empty means no field does.
	TierField string
}

// DecodeZendesk reads an SLA policy list in the shape Zendesk's SLA
// Policies API returns (GET /api/v2/slas/policies: {"sla_policies":
// [{"title", "position", "filter": {"all": [...], "any": [...]},
// "policy_metrics": [{"priority", "metric", "target", "business_hours"}]}]})
// and returns it as an SLA document, ordered by position, for
// [Config.Build] to resolve the calendar opts.BusinessHours names.
//
// Each policy metric becomes a target: the metric names are Zendesk's and
// so the presets' ("first_reply_time", "next_reply_time",
// "periodic_update_time", "pausable_update_time", "requester_wait_time",
// "agent_work_time", "total_resolution_time"); "target" is in minutes;
// "business_hours" true counts in opts.BusinessHours. A policy is named by
// its title, version 0.
//
// Filter conditions map to a [Condition] where desk models the field:
// "priority" (is, is_not, less_than, greater_than), "group_id" (is),
// "organization_id" (is: the requester's organization),
// "via_id" (is, is_not: the via ids of Zendesk's via types reference, 0
// web form, 4 mail, 29 chat, 33 voicemail, 34 and 35 calls, 23, 26 and 30
// X (Twitter), 38 and 41 Facebook, 5 the API — or their via type names;
// voicemail and calls are all the phone channel and X and Facebook all the
// social channel, which a ticket's channel cannot tell apart, so a
// condition on one of them is refused — it would select the other vias of
// its channel too, or leave them out — unless "any" names every via of the
// channel),
// "type" (is: the ticket type becomes the case category), "current_tags"
// (includes: at least one of the tags, a single tag required; not_includes:
// none of them) and the requester's tier field (is). All conditions of
// "all" must hold; the conditions of "any" must be on one field, since a
// desk condition is an AND of fields. Any other condition — another field,
// an operator desk cannot express, "any" across fields, conditions that
// no ticket can meet — is a [*document.Error] naming it, at its path
// ("sla_policies[1].filter.all[0]"), wrapping [ErrInvalidPolicy]: a
// condition is never dropped, since dropping it would widen the policy.
// The text must be strict JSON of that shape, as [DecodeConfig] requires
// of an SLA document.
func DecodeZendesk(data []byte, opts ZendeskOptions) (Config, error) {
	var list zendeskList
	if err := document.Decode(data, &list, ErrInvalidPolicy); err != nil {
		return Config{}, err
	}
	p := document.Problems{Package: ErrInvalidPolicy}
	order := make([]int, len(list.SLAPolicies))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(list.SLAPolicies[a].Position, list.SLAPolicies[b].Position)
	})
	var c Config
	for _, i := range order {
		zp := list.SLAPolicies[i]
		at := document.Index("sla_policies", i)
		pc := PolicyConfig{Name: zp.Title}
		if zp.Title == "" {
			p.Addf(document.Join(at, "title"), "a policy needs a title")
		}
		pc.Match = opts.filter(zp.Filter, document.Join(at, "filter"), &p)
		for j, m := range zp.PolicyMetrics {
			mat := document.Index(document.Join(at, "policy_metrics"), j)
			pc.Targets = append(pc.Targets, opts.target(m, mat, &p))
		}
		c.Policies = append(c.Policies, pc)
	}
	if p.Len() > 0 {
		return Config{}, p.Err()
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// The shape of Zendesk's SLA Policies API: a list response and its
// policies, filters, conditions and policy metrics.
type (
	zendeskList struct {
		SLAPolicies  []zendeskPolicy `doc:"sla_policies"`
		NextPage     *string
		PreviousPage *string
		Count        int
	}
	zendeskPolicy struct {
		URL           string `doc:"url"`
		ID            int64  `doc:"id"`
		Title         string
		Description   string
		Position      int
		Filter        zendeskFilter
		PolicyMetrics []zendeskMetric
		CreatedAt     string
		UpdatedAt     string
	}
	zendeskFilter struct {
		All []zendeskCondition
		Any []zendeskCondition
	}
	zendeskCondition struct {
		Field    string
		Operator string
		Value    zendeskValue
	}
	zendeskMetric struct {
		Priority      ticket.Priority
		Metric        string
		Target        int
		BusinessHours bool
	}
)

// zendeskValue is a condition's value: Zendesk writes ids as numbers or
// text, and tags as text separated by spaces.
type zendeskValue string

// UnmarshalJSON accepts a string, a number or a boolean, as text.
func (v *zendeskValue) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*v = zendeskValue(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err == nil {
		*v = zendeskValue(n.String())
		return nil
	}
	var b bool
	if err := json.Unmarshal(data, &b); err == nil {
		*v = zendeskValue(strconv.FormatBool(b))
		return nil
	}
	return fmt.Errorf("%w: a condition value must be text, a number or a boolean, is %s", document.ErrType, data)
}

// MarshalJSON writes the value as text.
func (v zendeskValue) MarshalJSON() ([]byte, error) { return json.Marshal(string(v)) }

// target maps a policy metric to a target.
func (o ZendeskOptions) target(m zendeskMetric, at string, p *document.Problems) TargetConfig {
	t := TargetConfig{Metric: m.Metric, Priority: m.Priority, Duration: time.Duration(m.Target) * time.Minute}
	if m.Priority == "" {
		p.Addf(document.Join(at, "priority"), "a policy metric needs a priority")
	}
	if _, ok := presetNamed(m.Metric); !ok || m.Metric == NameFirstResolution {
		p.Add(document.Join(at, "metric"), fmt.Errorf("%w: Zendesk metric %q", document.ErrUnknownName, m.Metric))
	}
	if m.BusinessHours {
		if o.BusinessHours == "" {
			p.Addf(document.Join(at, "business_hours"), "the metric counts business hours, but no desk calendar is named for them")
		}
		t.Hours = o.BusinessHours
	}
	return t
}

// zendeskVias are the Zendesk vias desk has a channel for, by via id and
// via type name, from Zendesk's via types reference. Several vias share a
// channel (voicemail and calls are phone; X and Facebook are social), and
// a ticket's channel cannot tell them apart.
var zendeskVias = []zendeskViaType{
	{"0", "web_form", ticket.ChannelWeb},
	{"4", "mail", ticket.ChannelEmail},
	{"5", "web_service", ticket.ChannelAPI},
	{"29", "chat", ticket.ChannelChat},
	{"33", "voicemail", ticket.ChannelPhone},
	{"34", "phone_call_inbound", ticket.ChannelPhone},
	{"35", "phone_call_outbound", ticket.ChannelPhone},
	{"23", "twitter_favorite", ticket.ChannelSocial},
	{"26", "twitter_dm", ticket.ChannelSocial},
	{"30", "twitter", ticket.ChannelSocial},
	{"38", "facebook_post", ticket.ChannelSocial},
	{"41", "facebook_message", ticket.ChannelSocial},
}

// zendeskViaType is a Zendesk via and the desk's channel for it.
type zendeskViaType struct {
	id, name string
	channel  ticket.Channel
}

// zendeskVia returns the via id and channel of a via named by id or type
// name, and the ids of the other vias of that channel.
func zendeskVia(v string) (id string, ch ticket.Channel, others []string, ok bool) {
	k := slices.IndexFunc(zendeskVias, func(z zendeskViaType) bool { return z.id == v || z.name == v })
	if k < 0 {
		return "", "", nil, false
	}
	id, ch = zendeskVias[k].id, zendeskVias[k].channel
	for _, z := range zendeskVias {
		if z.channel == ch && z.id != id {
			others = append(others, z.id)
		}
	}
	return id, ch, others, true
}

// zendeskPriorities are Zendesk's priorities from the lowest up.
var zendeskPriorities = []ticket.Priority{ticket.PriorityLow, ticket.PriorityNormal, ticket.PriorityHigh, ticket.PriorityUrgent}

// selection is what one condition selects on one field of a Condition.
type selection struct {
	field string   // the Condition field: "priorities", "groups", "organizations", "channels", "categories", "tiers", "tags_any", "tags_all", "tags_none"
	in    []string // the values
	// via is the via id of a "via_id is" condition on a channel other vias
	// share (others): alone it selects more than the via, but "any" may
	// name every via of the channel.
	via    string
	others []string
}

// filter maps a Zendesk filter to a Condition.
func (o ZendeskOptions) filter(f zendeskFilter, at string, p *document.Problems) Condition {
	sel := map[string][]string{}
	set := map[string]bool{}
	apply := func(path string, s selection) {
		switch s.field {
		case "tags_all", "tags_none":
			sel[s.field] = append(sel[s.field], s.in...)
		default:
			if set[s.field] {
				if s.field == "tags_any" {
					p.Addf(path, "a second \"at least one of these tags\" condition cannot be expressed")
					return
				}
				s.in = slices.DeleteFunc(slices.Clone(s.in), func(v string) bool { return !slices.Contains(sel[s.field], v) })
				if len(s.in) == 0 {
					p.Addf(path, "no ticket meets this condition together with the earlier one on the same field")
				}
			}
			sel[s.field], set[s.field] = s.in, true
		}
	}
	for j, zc := range f.All {
		path := document.Index(document.Join(at, "all"), j)
		if s, ok := o.condition(zc, path, p); ok {
			if len(s.others) > 0 {
				p.Add(path, fmt.Errorf("%w: %s: the desk's %s channel also holds vias %s, which a ticket's channel cannot tell apart from it (name them all in \"any\")",
					document.ErrValue, describeCondition(zc), s.in[0], strings.Join(s.others, ", ")))
				continue
			}
			apply(path, s)
		}
	}
	var either selection       // the union of the "any" conditions
	named := map[string]bool{} // the vias "any" names on channels several vias share
	exact := map[string]bool{} // the values of "any" conditions that select exactly what they name
	for j, zc := range f.Any {
		path := document.Index(document.Join(at, "any"), j)
		s, ok := o.condition(zc, path, p)
		if !ok {
			continue
		}
		if s.field == "tags_all" {
			s.field = "tags_any" // one of several single tags
		}
		switch {
		case s.field == "tags_none":
			p.Addf(path, "%s in \"any\" cannot be expressed: a desk condition has no \"lacks one of these tags\"", describeCondition(zc))
		case either.field != "" && s.field != either.field:
			p.Addf(path, "%s is on another field than the first condition of \"any\"; a desk condition is an AND of fields", describeCondition(zc))
		default:
			either.field = s.field
			for _, v := range s.in {
				if !slices.Contains(either.in, v) {
					either.in = append(either.in, v)
				}
			}
			if s.via != "" {
				named[s.via] = true
			} else {
				for _, v := range s.in {
					exact[v] = true
				}
			}
		}
	}
	for _, z := range zendeskVias {
		if either.field == "channels" && slices.Contains(either.in, string(z.channel)) && !exact[string(z.channel)] && !named[z.id] {
			// a via of a channel "any" selects through another of its vias
			if _, _, others, _ := zendeskVia(z.id); slices.ContainsFunc(others, func(v string) bool { return named[v] }) {
				p.Addf(document.Join(at, "any"), "via %s (%s) is not named, but the desk's %s channel holds it with the vias named, and a ticket's channel cannot tell them apart",
					z.id, z.name, z.channel)
				either.in = nil
				break
			}
		}
	}
	if len(either.in) > 0 {
		apply(document.Join(at, "any"), either)
	}
	c := Condition{
		Groups: sel["groups"], Categories: sel["categories"], Organizations: sel["organizations"],
		TagsAny: sel["tags_any"], TagsAll: sel["tags_all"], TagsNone: sel["tags_none"],
	}
	for _, v := range sel["priorities"] {
		c.Priorities = append(c.Priorities, ticket.Priority(v))
	}
	for _, v := range sel["channels"] {
		c.Channels = append(c.Channels, ticket.Channel(v))
	}
	for _, v := range sel["tiers"] {
		c.Tiers = append(c.Tiers, ticket.Tier(v))
	}
	return c
}

// describeCondition names a Zendesk condition in an error.
func describeCondition(zc zendeskCondition) string {
	return fmt.Sprintf("condition %q %s %q", zc.Field, zc.Operator, string(zc.Value))
}

// condition maps one Zendesk condition, or reports why it cannot.
func (o ZendeskOptions) condition(zc zendeskCondition, path string, p *document.Problems) (selection, bool) {
	value := string(zc.Value)
	bad := func(why string) (selection, bool) {
		p.Add(path, fmt.Errorf("%w: %s: %s", document.ErrValue, describeCondition(zc), why))
		return selection{}, false
	}
	unsupported := func() (selection, bool) { return bad("desk cannot express this operator on this field") }
	switch {
	case zc.Field == "priority":
		k := slices.Index(zendeskPriorities, ticket.Priority(value))
		if k < 0 {
			return bad("not a Zendesk priority (low, normal, high, urgent)")
		}
		var in []ticket.Priority
		switch zc.Operator {
		case "is":
			in = zendeskPriorities[k : k+1]
		case "is_not":
			in = slices.Delete(slices.Clone(zendeskPriorities), k, k+1)
		case "less_than":
			in = zendeskPriorities[:k]
		case "greater_than":
			in = zendeskPriorities[k+1:]
		default:
			return unsupported()
		}
		if len(in) == 0 {
			return bad("no priority meets it")
		}
		s := selection{field: "priorities"}
		for _, pr := range in {
			s.in = append(s.in, string(pr))
		}
		return s, true
	case zc.Field == "group_id":
		if zc.Operator != "is" || value == "" {
			return unsupported()
		}
		if g, ok := o.Groups[value]; ok {
			value = g
		}
		return selection{field: "groups", in: []string{value}}, true
	case zc.Field == "organization_id":
		if zc.Operator != "is" || value == "" {
			return unsupported()
		}
		if o, ok := o.Organizations[value]; ok {
			value = o
		}
		return selection{field: "organizations", in: []string{value}}, true
	case zc.Field == "via_id":
		id, ch, others, ok := zendeskVia(value)
		if !ok {
			return bad("a via the desk has no channel for")
		}
		switch zc.Operator {
		case "is":
			return selection{field: "channels", in: []string{string(ch)}, via: id, others: others}, true
		case "is_not":
			if len(others) > 0 {
				return bad(fmt.Sprintf("the desk's %s channel also holds vias %s, which a ticket's channel cannot tell apart from it", ch, strings.Join(others, ", ")))
			}
			s := selection{field: "channels"}
			for _, c := range ticket.Channels() {
				if c != ch {
					s.in = append(s.in, string(c))
				}
			}
			return s, true
		}
		return unsupported()
	case zc.Field == "type":
		if zc.Operator != "is" || value == "" {
			return unsupported()
		}
		return selection{field: "categories", in: []string{value}}, true
	case zc.Field == "current_tags":
		tags := strings.Fields(value)
		if len(tags) == 0 {
			return bad("no tags")
		}
		switch {
		case zc.Operator == "includes" && len(tags) == 1:
			return selection{field: "tags_all", in: tags}, true
		case zc.Operator == "includes":
			return selection{field: "tags_any", in: tags}, true
		case zc.Operator == "not_includes":
			return selection{field: "tags_none", in: tags}, true
		}
		return unsupported()
	case o.TierField != "" && zc.Field == "requester.custom_fields."+o.TierField:
		if zc.Operator != "is" || value == "" {
			return unsupported()
		}
		return selection{field: "tiers", in: []string{value}}, true
	}
	return bad("desk does not model this field")
}
