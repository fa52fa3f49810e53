package sla_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// FuzzEvaluate evaluates random histories under random policies at random
// instants, with some histories and policies damaged on purpose: nothing
// panics, a damaged input is an error wrapping a sentinel, a result keeps
// its invariants, and an Evaluator that evaluated another ticket first
// gives the same result.
func FuzzEvaluate(f *testing.F) {
	biz, err := calendar.New(oslo, calendar.MustParseWeek(refWeek))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint64(1), uint8(10), uint32(600), uint8(0))
	f.Add(uint64(2), uint8(30), uint32(6000), uint8(1))
	f.Add(uint64(3), uint8(5), uint32(0), uint8(2))
	f.Add(uint64(4), uint8(40), uint32(100000), uint8(3))
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, minutes uint32, damage uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(damage)))
		other := randomHistory(t, rng, 1+int(n/5%48))
		events := randomHistory(t, rng, int(n%48))
		ps := randomPolicies(rng, biz)
		now := events[0].At.Add(time.Duration(minutes)*time.Minute - time.Hour)
		switch damage % 8 {
		case 1: // a level beyond sense, a negative target
			if len(ps) > 0 && len(ps[0].Targets) > 0 {
				ps[0].Levels = append(ps[0].Levels, sla.Level{Name: "x", Percent: int(rng.Int32())})
				ps[0].Targets[0].Duration = -time.Duration(rng.Int64())
			}
		case 2: // a gap in the history
			if len(events) > 1 {
				events[len(events)-1].Seq += 3
			}
		case 3: // time going backwards
			if len(events) > 1 {
				events[len(events)-1].At = events[0].At.Add(-time.Hour)
			}
		case 4: // a huge target and offsets
			for i := range ps {
				for j := range ps[i].Targets {
					ps[i].Targets[j].Duration = time.Duration(1 + rng.Int64N(1<<62))
				}
			}
		case 5: // a condition function that reads the ticket
			for i := range ps {
				ps[i].Match.Func = func(tk ticket.Ticket) bool { return len(tk.Tags)%2 == 0 }
			}
		case 6: // calendar hours in another zone
			for i := range ps {
				for j := range ps[i].Targets {
					ps[i].Targets[j].Hours = nil
				}
			}
		}
		r, err := ps.Evaluate(events, now)
		if err != nil {
			if !errors.Is(err, sla.ErrInvalidPolicy) && !errors.Is(err, sla.ErrInvalidTime) && !errors.Is(err, ticket.ErrCorruptHistory) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		if !r.NextWakeUp.IsZero() && !r.NextWakeUp.After(now) {
			t.Fatalf("wake-up %v not after now %v", r.NextWakeUp, now)
		}
		for _, in := range r.Instances {
			if in.Elapsed < 0 || in.Percent.IsNegative() || in.Number < 1 {
				t.Fatalf("bad instance %+v", in)
			}
			if in.Breached && (in.BreachedAt.After(now) || in.BreachedAt.Before(in.Start)) {
				t.Fatalf("breach at %v outside [%v, %v]", in.BreachedAt, in.Start, now)
			}
			for _, l := range in.Levels {
				if l.Threshold <= 0 || l.Reached && (l.At.Before(in.Start) || l.At.After(now) || in.Elapsed < l.Threshold) {
					t.Fatalf("level %s threshold %v reached %v at %v, elapsed %v", l.Level.Name, l.Threshold, l.Reached, l.At, in.Elapsed)
				}
			}
		}
		// Due over two runs returns each level once, and every level reached.
		mid := events[0].At.Add(now.Sub(events[0].At) / 2)
		if early, err := ps.Evaluate(events, mid); err == nil {
			first, err1 := early.Due(sla.Checkpoint{}, sla.CatchUp{})
			second, err2 := r.Due(early.Checkpoint(), sla.CatchUp{})
			if err1 != nil || err2 != nil {
				t.Fatalf("Due refused a checkpoint of the same history: %v %v", err1, err2)
			}
			keys := map[string]bool{}
			for _, f := range append(first, second...) {
				if keys[f.Key] {
					t.Fatalf("key %s twice", f.Key)
				}
				keys[f.Key] = true
			}
			for _, in := range r.Instances {
				for _, l := range in.Levels {
					if l.Reached && !keys[r.TicketID.String()+"/"+in.Policy+"@"+strconv.Itoa(in.Version)+"/"+in.Metric.Name+"/"+strconv.Itoa(in.Number)+"/"+l.Level.Name] {
						t.Fatalf("level %s of %s #%d reached but never due", l.Level.Name, in.Metric.Name, in.Number)
					}
				}
			}
		}
		for i := 1; i < len(r.Events); i++ {
			if r.Events[i].At.Before(r.Events[i-1].At) {
				t.Fatalf("events out of order")
			}
		}
		ev, err := sla.NewEvaluator(ps)
		if err != nil {
			t.Fatalf("policies Evaluate took are refused: %v", err)
		}
		_, _ = ev.Evaluate(other, other[len(other)-1].At)
		again, err := ev.Evaluate(events, now)
		if err != nil || !reflect.DeepEqual(r, again) {
			t.Fatalf("an Evaluator that evaluated another ticket first differs (%v)", err)
		}
	})
}
