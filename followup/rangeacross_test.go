package followup_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/stretchr/testify/require"
)

// TestOutOfRangeAcrossTheEnd plans seeded random histories that start
// between 20 December 2026 and 2 January 2027, so that events, and the
// instants planned at (up to two weeks after the last event), lie on
// either side of the end of the 2026 calendar, on it and on one covering
// 2026–2027 (TestOutOfRangeAgainstLongerCalendar plans before the end
// only). On the 2026 calendar:
//   - every item it places in Pending is the longer calendar's, in
//     Pending; every item it places in Due, Skipped or Cancelled is the
//     longer calendar's in the same list, but where the plan lists items
//     of the same source out of range after the end: those come due on
//     the longer calendar, where the catch-up policy counts them (a
//     superseded step, a capped run of promises), and a reminder of a
//     date or flag may lie before the end there (see Plan);
//   - every item it cannot place is flagged, never due nor pending, and
//     on the longer calendar live at or after the end (a reminder may
//     lie before it) or, after the end, absent there: folded into a run
//     of skipped promises, or a later promise after an update past the
//     end (see Plan);
//   - NextWakeUp lies after now when set, and is zero when nothing is
//     pending and no catch-up grace runs out; keys of the same obligation
//     agree.
func TestOutOfRangeAcrossTheEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	out, after := 0, 0
	for i := range samples(2000, 20000) {
		rules := propRules(r)
		short, long := rangePlanners(t, rules)
		events, now := randomHistoryOf(t, r, r.IntN(3) == 0)
		events, now = intoDecember(r, events, now, 20, 14)
		now = now.Add(time.Duration(r.IntN(3)) * 7 * 24 * time.Hour)
		if !now.Before(rangeEnd) {
			after++
		}
		a, b := planBoth(t, short, long, events, now)
		type listed struct {
			list string
			it   followup.Item
		}
		lists := func(pl followup.Plan) map[string]listed {
			m := map[string]listed{}
			for _, it := range pl.Due {
				m[it.Key] = listed{"due", it}
			}
			for _, it := range pl.Pending {
				m[it.Key] = listed{"pending", it}
			}
			for _, c := range pl.Cancelled {
				m[c.Item.Key] = listed{"cancelled", c.Item}
			}
			for _, s := range pl.Skipped {
				m[s.Item.Key] = listed{"skipped", s.Item}
			}
			for _, it := range pl.OutOfRange {
				m[it.Key] = listed{"out", it}
			}
			return m
		}
		la, lb := lists(a), lists(b)
		unknown := func(it followup.Item) bool { return unknownReminder(rules, it) }
		outSrc := map[followup.Source]bool{}
		outReminder := false
		for _, it := range a.OutOfRange {
			outSrc[it.Source] = true
			outReminder = outReminder || unknown(it)
		}
		// counted differently on the longer calendar, as the doc says
		differs := func(it followup.Item) bool {
			return outSrc[it.Source] && !now.Before(rangeEnd) || outReminder && it.Kind == followup.KindReminder
		}
		for k, x := range la {
			y, ok := lb[k]
			switch {
			case x.list == "out":
				out++
				require.True(t, x.it.OutOfRange, "sample %d: %v", i, x.it)
				if !ok {
					require.True(t, !now.Before(rangeEnd) || unknown(x.it), "sample %d: %v not on the longer calendar", i, x.it)
					continue
				}
				require.NotEqual(t, "cancelled", y.list, "sample %d: %v", i, x.it)
				require.True(t, !y.it.At.Before(rangeEnd) || unknown(x.it), "sample %d: %v is %s %v", i, x.it, y.list, y.it)
			case x.it.OutOfRange:
				require.Equal(t, "cancelled", x.list, "sample %d: %v", i, x.it)
				if !ok {
					require.True(t, !now.Before(rangeEnd) || unknown(x.it), "sample %d: %v not on the longer calendar", i, x.it)
				}
			case x.list == "pending":
				require.True(t, ok, "sample %d: %v only on the 2026 calendar", i, x.it)
				require.Equal(t, y, x, "sample %d", i)
			case !ok:
				require.True(t, differs(x.it) && x.list != "cancelled", "sample %d: %s %v only on the 2026 calendar", i, x.list, x.it)
			case differs(x.it):
				require.NotEqual(t, "pending", y.list, "sample %d: %v", i, x.it)
			default:
				require.Equal(t, y, x, "sample %d", i)
			}
		}
		for k, y := range lb {
			if _, ok := la[k]; !ok {
				require.True(t, differs(y.it) || !y.it.At.Before(rangeEnd) && len(a.OutOfRange) > 0,
					"sample %d: %s %v only on the longer calendar", i, y.list, y.it)
			}
		}
		if !a.NextWakeUp.IsZero() {
			require.True(t, a.NextWakeUp.After(now), "sample %d", i)
		}
		if len(a.Pending) == 0 && rules[0].CatchUp.Mode != followup.CatchUpGrace {
			require.True(t, a.NextWakeUp.IsZero(), "sample %d: wakes at %v with nothing pending", i, a.NextWakeUp)
		}
		if !a.Updates.OutOfRange && (len(a.OutOfRange) == 0 || now.Before(rangeEnd)) {
			require.Equal(t, b.Updates, a.Updates, "sample %d", i)
		}
	}
	require.Positive(t, out, "no sample ran out of the range")
	require.Greater(t, after, samples(2000, 20000)/4, "too few samples planned after the end")
}

// unknownReminder says a calendar cannot tell where a reminder before a
// due time past its end lies: a date's reminder, or a personal flag's
// unless the flag's interval and the reminder both count business time.
func unknownReminder(rules followup.Rules, it followup.Item) bool {
	if it.Kind != followup.KindReminder || it.Step == 0 {
		return false
	}
	if it.Source != followup.SourcePersonal {
		return true
	}
	for _, rule := range rules {
		if rule.Name == it.Rule {
			return !rule.Personal.After.Business || !rule.Reminders[it.Step-1].Business
		}
	}
	return true
}
