package routing_test

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oddInputs mutates a roster and a queue with the kinds of bad or unusual
// input a caller may pass, chosen by the bits of odd.
func oddInputs(odd uint16, agents []routing.Agent, items []routing.Item) {
	for i := range agents {
		a := &agents[i]
		if i%3 != int(odd>>12)%3 {
			continue
		}
		if odd&1 != 0 {
			a.Load = map[ticket.Channel]int{ticket.ChannelEmail: -1}
		}
		if odd&2 != 0 {
			a.Presence = "busy"
		}
		if odd&4 != 0 {
			a.ID = agents[0].ID
		}
		if odd&8 != 0 {
			a.LastAssigned = t0.Add(time.Duration(i) * time.Hour) // after now
		}
		if odd&16 != 0 {
			a.Capacity = map[ticket.Channel]int{ticket.ChannelEmail: math.MaxInt, ticket.ChannelChat: -2}
		}
		if odd&32 != 0 {
			a.Presence = ""
		}
	}
	for i := range items {
		it := &items[i]
		if i%4 != int(odd>>14)%4 {
			continue
		}
		if odd&64 != 0 {
			it.EnqueuedAt = time.Time{}
		}
		if odd&128 != 0 {
			it.Channel = "pigeon"
		}
		if odd&256 != 0 {
			it.EnqueuedAt = t0.Add(time.Hour) // after now
		}
		if odd&512 != 0 {
			it.DueAt = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if odd&1024 != 0 {
			it.Skills = append(it.Skills, routing.Skill{Name: "sap", Level: -1})
		}
		if odd&2048 != 0 && len(items) > 1 {
			it.Ticket = items[0].Ticket
		}
	}
}

// FuzzAssign checks, for any roster and queue the generators make, with
// odd inputs mixed in, that no input panics, bad input is a typed error,
// capacity is never exceeded, only allowed presences get work, the result
// is deterministic, and Decide and Assign agree on a single item.
func FuzzAssign(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(50), uint8(0), int64(0), uint16(0))
	f.Add(uint64(7), uint8(0), uint8(3), uint8(3), int64(3600), uint16(8))
	f.Add(uint64(42), uint8(200), uint8(0), uint8(4), int64(-60), uint16(0))
	f.Add(uint64(3), uint8(20), uint8(20), uint8(1), int64(-600), uint16(8|256|512|2048))
	f.Add(uint64(5), uint8(20), uint8(20), uint8(2), int64(0), uint16(1|2|4|64|128))
	f.Fuzz(func(t *testing.T, seed uint64, nAgents, nItems, policy uint8, shift int64, odd uint16) {
		p := propertyPolicies[int(policy)%len(propertyPolicies)]
		now := t0.Add(time.Duration(shift) * time.Second)
		agents := randomRoster(seed, int(nAgents), t0)
		items := randomQueue(seed, int(nItems), t0)
		oddInputs(odd, agents, items)

		b, err := p.Assign(items, agents, now)
		if err != nil {
			require.ErrorIs(t, err, routing.ErrInvalidInput)
			for i := range items {
				if d, err := p.Decide(items[i], agents, now); err != nil {
					require.ErrorIs(t, err, routing.ErrInvalidInput)
				} else {
					_ = d.String()
				}
			}
			return
		}
		require.Len(t, b.Agents, len(agents))
		assert.Equal(t, len(items), len(b.Assignments)+len(b.Waiting))
		for i, a := range b.Agents {
			for ch, l := range a.Load {
				if l > agents[i].Load[ch] {
					assert.LessOrEqual(t, l, a.Capacity[ch])
					assert.True(t, allowed(p, a.Presence))
				}
			}
		}
		again, err := p.Assign(items, agents, now)
		require.NoError(t, err)
		assert.Equal(t, b, again)
		if len(items) > 0 {
			d, err := p.Decide(items[0], agents, now)
			require.NoError(t, err)
			_ = d.String()
			one, err := p.Assign(items[:1], agents, now)
			require.NoError(t, err)
			require.Equal(t, d.Assigned(), len(one.Assignments) == 1)
			if d.Assigned() {
				assert.Equal(t, d.Agent, one.Assignments[0].Agent)
			}
		}
	})
}

// FuzzEnums checks that every enumeration either decodes a text and
// encodes it back unchanged, or reports a typed error.
func FuzzEnums(f *testing.F) {
	for _, s := range []string{"", "online", "away", "round_robin", "skills_first", "capacity", "agent_id", "pending", "functional", "Online", "on\x00line"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(parse func([]byte) (string, bool, error)) {
			got, valid, err := parse([]byte(s))
			if err != nil {
				require.ErrorIs(t, err, routing.ErrUnknownValue)
				var ue *routing.UnknownValueError
				require.ErrorAs(t, err, &ue)
				assert.Equal(t, s, ue.Value)
				return
			}
			assert.Equal(t, s, got)
			assert.Equal(t, s != "", valid)
		}
		check(func(b []byte) (string, bool, error) {
			var v routing.Presence
			err := v.UnmarshalText(b)
			return v.String(), v.Valid(), err
		})
		check(func(b []byte) (string, bool, error) {
			var v routing.Strategy
			err := v.UnmarshalText(b)
			return v.String(), v.Valid(), err
		})
		check(func(b []byte) (string, bool, error) {
			var v routing.Rule
			err := v.UnmarshalText(b)
			return v.String(), v.Valid(), err
		})
		check(func(b []byte) (string, bool, error) {
			var v routing.Criterion
			err := v.UnmarshalText(b)
			return v.String(), v != "", err
		})
		check(func(b []byte) (string, bool, error) {
			var v routing.OfferState
			err := v.UnmarshalText(b)
			return v.String(), v.Valid(), err
		})
		check(func(b []byte) (string, bool, error) {
			var v routing.Escalation
			err := v.UnmarshalText(b)
			return v.String(), v.Valid(), err
		})
	})
}

// FuzzLadder builds a ladder from bytes: Validate never panics, and a valid
// ladder gives rungs that never go down as an item ages, and a decision.
func FuzzLadder(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0})
	f.Add([]byte{120, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0x58, 2, 0, 0, 0, 0, 0, 0, 4, 255})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 16, 128})
	f.Fuzz(func(t *testing.T, data []byte) {
		var l routing.Ladder
		for len(data) >= 10 {
			flags := data[8]
			l.Steps = append(l.Steps, routing.Step{
				After:       time.Duration(int64(binary.LittleEndian.Uint64(data))) * time.Millisecond,
				AnyLanguage: flags&1 != 0,
				AnyRegion:   flags&2 != 0,
				AnySkill:    flags&4 != 0,
				LowerSkill:  int(int8(data[9])),
			})
			if flags&8 != 0 {
				l.Steps[len(l.Steps)-1].Drop = []string{"printers"}
			}
			if flags&16 != 0 {
				l.Steps[len(l.Steps)-1].Drop = []string{""}
			}
			data = data[10:]
		}
		err := l.Validate()
		p := routing.Policy{Strategy: routing.SkillsFirst, Ladder: l}
		it := itemWith(func(it *routing.Item) { it.EnqueuedAt = t0.Add(-48 * time.Hour) })
		agents := []routing.Agent{agentWith("a", nil), agentWith("b", func(a *routing.Agent) { a.Skills = nil; a.Languages = nil })}
		if err != nil {
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			_, err = p.Decide(it, agents, t0)
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			return
		}
		prev := 0
		for _, age := range []time.Duration{0, time.Second, time.Minute, time.Hour, 48 * time.Hour, math.MaxInt64} {
			r := l.Rung(age)
			assert.GreaterOrEqual(t, r, prev)
			assert.LessOrEqual(t, r, len(l.Steps))
			assert.True(t, strings.HasPrefix(l.RungName(r), "step "))
			prev = r
		}
		d, err := p.Decide(it, agents, t0)
		require.NoError(t, err)
		assert.Equal(t, l.Rung(48*time.Hour), d.Rung)
		assert.True(t, d.Assigned(), "agent a meets every requirement")
	})
}

// FuzzPath builds an escalation path from text ("a,b;c|reason=group,…"):
// Validate never panics, and on a valid path Next either reports an
// unknown group, or reaches a group on the path, never going down a level.
func FuzzPath(f *testing.F) {
	f.Add("service desk;second line,network;it managers|net=network", "service desk", "net")
	f.Add("a;b;c", "c", "")
	f.Add("a,a;b|x=z", "a", "x")
	f.Add(";|=", "", "")
	f.Fuzz(func(t *testing.T, spec, current, reason string) {
		levels, specialists, _ := strings.Cut(spec, "|")
		p := routing.Path{Name: "fuzz"}
		for i, l := range strings.Split(levels, ";") {
			p.Levels = append(p.Levels, routing.Level{Name: "level " + string(rune('0'+i%10)), Groups: strings.Split(l, ",")})
		}
		if specialists != "" {
			p.Specialists = map[string]string{}
			for _, kv := range strings.Split(specialists, ",") {
				k, v, _ := strings.Cut(kv, "=")
				p.Specialists[k] = v
			}
		}
		verr := p.Validate()
		got, err := p.Next(current, reason)
		if verr != nil {
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			assert.Equal(t, verr.Error(), p.Validate().Error(), "same errors in the same order")
			return
		}
		level := func(g string) int {
			for i, l := range p.Levels {
				for _, x := range l.Groups {
					if x == g {
						return i
					}
				}
			}
			return -1
		}
		if level(current) < 0 {
			require.ErrorIs(t, err, routing.ErrUnknownGroup)
			return
		}
		require.NoError(t, err)
		assert.GreaterOrEqual(t, level(got.Group), 0)
		assert.Equal(t, p.Levels[level(got.Group)].Name, got.Level)
		switch {
		case got.Top:
			assert.Equal(t, current, got.Group)
			assert.Equal(t, len(p.Levels)-1, level(current))
		case got.Kind == routing.Functional:
			assert.Equal(t, p.Specialists[reason], got.Group)
		default:
			assert.Equal(t, routing.Hierarchical, got.Kind)
			assert.Equal(t, level(current)+1, level(got.Group))
		}
	})
}

// FuzzMatrix builds a matrix from bytes: Validate never panics, and a valid
// matrix maps every cell to a known ticket priority.
func FuzzMatrix(f *testing.F) {
	f.Add(uint8(3), []byte{1, 2, 3, 2, 3, 4, 3, 4, 5}, int8(2), int8(3))
	f.Add(uint8(2), []byte{1, 1, 1}, int8(0), int8(9))
	f.Add(uint8(0), []byte{}, int8(1), int8(1))
	f.Fuzz(func(t *testing.T, cols uint8, cells []byte, impact, urgency int8) {
		m := routing.DefaultMatrix()
		m.Cells = [][]routing.ITILPriority{}
		for c := int(cols%6) + 1; len(cells) > 0; {
			n := min(c, len(cells))
			row := make([]routing.ITILPriority, n)
			for i := range row {
				row[i] = routing.ITILPriority(int8(cells[i]))
			}
			m.Cells = append(m.Cells, row)
			cells = cells[n:]
		}
		verr := m.Validate()
		tp, err := m.TicketPriority(routing.Impact(impact), routing.Urgency(urgency))
		if verr != nil {
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			return
		}
		if err != nil {
			require.ErrorIs(t, err, routing.ErrOutOfRange)
			return
		}
		assert.True(t, tp.Valid())
		p, err := m.Priority(routing.Impact(impact), routing.Urgency(urgency))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, int(p), 1)
	})
}
