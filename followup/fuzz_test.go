package followup_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

// FuzzRules decodes a rule table from JSON and plans a fixed history under
// it: nothing panics, a table is refused only with typed errors, and an
// accepted one gives a plan whose NextWakeUp lies after now, whose due
// items are not after now, and whose items the calendar cannot place (a
// business offset that outruns its years) are flagged and never due.
func FuzzRules(f *testing.F) {
	seed := propRules(rand.New(rand.NewPCG(7, 8)))
	b, err := json.Marshal(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`[{"name":"x","cadence":{"stages":[{"every_ns":1}]},"catch_up":{"mode":"latest"}}]`))
	f.Add([]byte(`[{"name":"x","nudges":[{"after":{"duration_ns":9223372036854775807,"business":true}}],"reminders":[{"duration_ns":1}]}]`))
	f.Add([]byte(`[{"name":"x","cadence":{"stages":[{"every_ns":1,"for_ns":9223372036854775807},{"every_ns":3}],"from":"last_update","business":true}}]`))
	f.Add([]byte(`[{"name":"x","nudges":[{"after":{"duration_ns":28800000000000,"business":true}},{"after":{"duration_ns":604800000000000},"action":"solve"}],"reminders":[{"duration_ns":0,"business":true}],"catch_up":{"mode":"grace","grace_ns":60000000000,"max":2}}]`))
	events, now := randomHistory(f, rand.New(rand.NewPCG(9, 10)))
	f.Fuzz(func(t *testing.T, in []byte) {
		var rules followup.Rules
		if err := json.Unmarshal(in, &rules); err != nil {
			return
		}
		if err := rules.Validate(); err != nil {
			var re *followup.RuleError
			if !errors.As(err, &re) || !errors.Is(err, followup.ErrInvalidRules) {
				t.Fatalf("untyped validation error: %v", err)
			}
			return
		}
		p, err := followup.NewPlanner(rules, osloCal)
		if err != nil {
			t.Fatalf("valid rules refused: %v", err)
		}
		for _, at := range []time.Time{now, now.Add(90 * 24 * time.Hour)} {
			pl, err := p.Plan(events, at)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			if !pl.NextWakeUp.IsZero() && !pl.NextWakeUp.After(at) {
				t.Fatalf("NextWakeUp %v not after now %v", pl.NextWakeUp, at)
			}
			for _, it := range pl.Due {
				if it.At.After(at) || it.OutOfRange {
					t.Fatalf("due item after now or out of range: %v", it)
				}
			}
			for _, it := range pl.Pending {
				if it.OutOfRange || !it.At.After(at) {
					t.Fatalf("pending item out of range or not after now: %v", it)
				}
			}
			for _, it := range pl.OutOfRange {
				if !it.OutOfRange {
					t.Fatalf("unflagged item out of range: %v", it)
				}
			}
		}
	})
}

// FuzzPlan plans random histories made from the fuzzer's seed: nothing
// panics, plans are deterministic, nothing is due on a closed ticket, and
// NextWakeUp lies after now.
func FuzzPlan(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, i*7+1, int64(i)*3600)
	}
	f.Fuzz(func(t *testing.T, a, b uint64, shift int64) {
		r := rand.New(rand.NewPCG(a, b))
		p, err := followup.NewPlanner(propRules(r), osloCal)
		if err != nil {
			t.Fatal(err)
		}
		events, now := randomHistory(t, r)
		if shift > 0 {
			now = now.Add(time.Duration(shift%(400*24*3600)) * time.Second)
		}
		pl, err := p.Plan(events, now)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := p.Plan(events, now)
		if !reflect.DeepEqual(pl, again) {
			t.Fatal("plans differ")
		}
		tk, _ := ticket.Replay(nil, events)
		if tk.Status.Category == ticket.StatusCategoryClosed && (len(pl.Due) > 0 || len(pl.Pending) > 0) {
			t.Fatal("follow-ups on a closed ticket")
		}
		if !pl.NextWakeUp.IsZero() && !pl.NextWakeUp.After(now) {
			t.Fatalf("NextWakeUp %v not after now %v", pl.NextWakeUp, now)
		}
		// a truncated or reordered history is refused with a typed error, never a panic
		if len(events) > 2 {
			bad := append([]ticket.Event{events[1]}, events[2:]...)
			if _, err := p.Plan(bad, now); !errors.Is(err, followup.ErrInvalidHistory) {
				t.Fatalf("corrupt history: %v", err)
			}
		}
	})
}
