package routing_test

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzPolicyValidate builds a policy's new options from bytes: Validate
// never panics and reports only ConfigErrors; a policy it accepts decides
// and assigns on a random roster without a configuration error, never
// over a channel's capacity; one it refuses is refused by Decide, Assign
// and Roster.Decide alike.
func FuzzPolicyValidate(f *testing.F) {
	f.Add([]byte{30, 10, 3, 1, 0, 5, 0, 0, 60, 0, 0, 0, 1, 2, 3})
	f.Add([]byte{0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 1, 1, 9, 3, 200, 1, 0, 10, 24, 4, 5, 0, 1, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		var buf [15]byte
		copy(buf[:], data)
		channels := []ticket.Channel{ticket.ChannelPhone, ticket.ChannelChat, ticket.ChannelEmail, "e-mail"}
		p := routing.Policy{
			Strategy:           allStrategies[buf[14]%4],
			PerChannelRotation: buf[13]&1 != 0,
			IdleAway:           time.Duration(int8(buf[4])) * time.Minute,
			Throttle:           routing.Throttle{Max: int(int8(buf[5])), Window: time.Duration(int8(buf[6])) * time.Minute},
			StickyWindow:       time.Duration(int8(buf[8])) * time.Hour,
			Offers: routing.OfferRules{
				Timeout:        time.Duration(int8(buf[9])) * time.Second,
				Reoffers:       int(int8(buf[10])),
				MissedPresence: []routing.Presence{"", routing.PresenceAway, routing.PresenceOffline, "busy"}[buf[11]%4],
			},
		}
		if buf[3] != 0 {
			p.Weights = map[ticket.Channel]int{}
			for k := range 3 {
				p.Weights[channels[(int(buf[3])+k)%4]] = int(int8(buf[k]))
			}
		}
		if n := binary.LittleEndian.Uint16(buf[12:]); n%3 == 0 {
			p.Ladder.Steps = []routing.Step{{After: time.Duration(1+n%7) * time.Minute, Groups: []string{"billing", ""}[:1+int(n%2)]}}
		}
		err := p.Validate()
		for _, e := range joined(err) {
			var ce *routing.ConfigError
			require.ErrorAs(t, e, &ce, "%v", e)
		}
		agents := featureRoster(uint64(buf[0]), 12)
		items := featureQueue(uint64(buf[1]), 15, 12)
		_, derr := p.Decide(items[0], agents, t0)
		_, aerr := p.Assign(items, agents, t0)
		r, rerr := routing.NewRoster(agents)
		require.NoError(t, rerr)
		_, xerr := r.Decide(p, items[0], t0)
		if err != nil {
			assert.ErrorIs(t, derr, routing.ErrInvalidConfig)
			assert.ErrorIs(t, aerr, routing.ErrInvalidConfig)
			assert.ErrorIs(t, xerr, routing.ErrInvalidConfig)
			return
		}
		require.NoError(t, derr)
		require.NoError(t, aerr)
		require.NoError(t, xerr)
	})
}

// joined unwraps an errors.Join tree into its leaves.
func joined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, joined(e)...)
		}
		return out
	}
	return []error{err}
}

// FuzzLanguageTags checks tag validation and matching: Item.Validate and
// Agent.Validate agree on what is a tag; a well-formed tag serves itself,
// its lower-case form and its primary language alone (unless a script
// implied by a region sets them apart), and matching is symmetric.
func FuzzLanguageTags(f *testing.F) {
	for _, s := range [][2]string{{"en-GB", "en"}, {"zh-Hant", "zh-Hant-TW"}, {"zh-TW", "zh-CN"}, {"sr-Latn", "sr-Cyrl"}, {"en_GB", "en"}, {"x-klingon", "en"}, {"zh-yue-HK", "yue"}, {"", "nb"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, agentTag, itemTag string) {
		itemErr := itemWith(func(it *routing.Item) { it.Language = itemTag }).Validate()
		agentErr := agentWith("a", func(a *routing.Agent) { a.Languages = []string{itemTag} }).Validate()
		require.Equal(t, itemErr == nil || itemTag == "", agentErr == nil || itemTag == "", "item and agent validation agree on %q", itemTag)
		for _, e := range joined(itemErr) {
			require.ErrorIs(t, e, routing.ErrInvalidInput)
		}
		decide := func(agent, item string) (bool, error) {
			a := agentWith("a", func(a *routing.Agent) { a.Languages = []string{agent} })
			d, err := routing.Policy{}.Decide(itemWith(func(it *routing.Item) { it.Language = item }), []routing.Agent{a}, t0)
			return d.Assigned(), err
		}
		if itemErr != nil || itemTag == "" {
			return
		}
		self, err := decide(itemTag, itemTag)
		require.NoError(t, err)
		assert.True(t, self, "%q serves itself", itemTag)
		ab, errAB := decide(agentTag, itemTag)
		if agentTag == "" || agentWith("a", func(a *routing.Agent) { a.Languages = []string{agentTag} }).Validate() != nil {
			assert.True(t, errors.Is(errAB, routing.ErrInvalidInput) || (agentTag == "" && errAB != nil) || errAB == nil)
			return
		}
		require.NoError(t, errAB)
		ba, err := decide(itemTag, agentTag)
		require.NoError(t, err)
		assert.Equal(t, ab, ba, "%q and %q match both ways or not at all", agentTag, itemTag)
	})
}
