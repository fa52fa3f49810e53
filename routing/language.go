package routing

import "strings"

// Language matching follows BCP 47 (RFC 5646) the way a customer and an
// agent understand it: a tag names a language, perhaps a script, and then a
// region and variants that do not change whether two people can read each
// other. An agent's tag serves an item's tag when both name the same
// primary language and no script tells them apart:
//
//   - a more specific agent tag serves a less specific item ("en-GB" serves
//     "en", "pt-BR" serves "pt") and a less specific one serves a more
//     specific item ("en" serves "en-GB", "zh-Hant" serves "zh-Hant-TW");
//   - regions alone never separate tags: "en-GB" serves "en-US", since
//     a British agent answers an American customer (Zendesk and ServiceNow
//     route on the language, not the locale);
//   - scripts do: "zh-Hant" does not serve "zh-Hans", and "sr-Latn" does not
//     serve "sr-Cyrl". For Chinese the script a region implies counts as
//     written ("zh-TW" is Traditional, "zh-CN" Simplified), so "zh-TW"
//     does not serve "zh-CN";
//   - case does not matter, and an extended language subtag stands for its
//     language ("zh-yue" is "yue").
//
// Tags that are not well formed are invalid input ([Item.Validate],
// [Agent.Validate]).

// langTag is the part of a BCP 47 tag that matching reads. Fields are
// substrings of the tag as written; compare them ignoring case.
type langTag struct {
	lang, script string
}

// parseTag reads the language and script of a well-formed BCP 47 tag:
// a primary language subtag of 2–8 letters, up to three extended language
// subtags of 3 letters, an optional 4-letter script, an optional region of
// 2 letters or 3 digits, then variants and extensions of 1–8 letters or
// digits each. It does not allocate.
func parseTag(s string) (langTag, bool) {
	if s == "" {
		return langTag{}, false
	}
	var t langTag
	region := ""
	ext := false // past a singleton: extension or private-use subtags
	for i := 0; s != ""; i++ {
		sub, rest, more := strings.Cut(s, "-")
		if more && rest == "" {
			return langTag{}, false // a trailing "-"
		}
		if len(sub) == 0 || len(sub) > 8 || !alnum(sub) || (len(sub) == 1 && rest == "") {
			return langTag{}, false // a singleton ("x") must introduce subtags
		}
		switch {
		case ext:
			// An extension's or private use's subtags say nothing of the
			// language, script or region (RFC 5646 §2.2.6, §2.2.7).
		case len(sub) == 1 && i > 0:
			ext = true
		case i == 0:
			if len(sub) < 2 || !alpha(sub) {
				return langTag{}, false
			}
			t.lang = sub
		case len(sub) == 3 && alpha(sub) && i <= 3 && t.script == "" && region == "" && len(t.lang) <= 3:
			t.lang = sub // extended language: "zh-yue" is "yue"
		case len(sub) == 4 && alpha(sub) && t.script == "" && region == "":
			t.script = sub
		case region == "" && ((len(sub) == 2 && alpha(sub)) || (len(sub) == 3 && digits(sub))):
			region = sub
		}
		s = rest
	}
	if t.script == "" && strings.EqualFold(t.lang, "zh") {
		t.script = impliedChineseScript(region)
	}
	return t, true
}

// impliedChineseScript returns the script a region implies for Chinese, as
// CLDR's likely subtags do, or "".
func impliedChineseScript(region string) string {
	switch strings.ToUpper(region) {
	case "TW", "HK", "MO":
		return "Hant"
	case "CN", "SG", "MY":
		return "Hans"
	}
	return ""
}

// serves reports whether an agent tag serves an item tag (see the rules
// above).
func (agent langTag) serves(item langTag) bool {
	if !strings.EqualFold(agent.lang, item.lang) {
		return false
	}
	return agent.script == "" || item.script == "" || strings.EqualFold(agent.script, item.script)
}

func alpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9') && !alpha(s[i:i+1]) {
			return false
		}
	}
	return true
}
