package followup_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/ticket"
)

// randomFollowup returns a valid follow-up document built in Go: rules
// of every mode, nudges on mixed clocks, reminders, catch-up options and
// durations down to the nanosecond.
func randomFollowup(r *rand.Rand) followup.Config {
	dur := func() time.Duration { return time.Duration(1 + r.Int64N(int64(100*time.Hour))) }
	some := func() bool { return r.IntN(2) == 0 }
	offset := func(d time.Duration) followup.Offset { return followup.Offset{Duration: d, Business: some()} }
	c := followup.Config{Hours: "desk"}
	for i := range 1 + r.IntN(4) {
		rule := followup.Rule{Name: fmt.Sprintf("rule%d", i), KeepSnoozeOnReply: some(), ClearDateOnSolve: some()}
		if some() {
			rule.Match = followup.Match{TagsAny: []string{"a", "b"}, TagsNone: []string{"c"}, Categories: []string{"billing"},
				Channels: []ticket.Channel{ticket.ChannelChat}, Priorities: []ticket.Priority{ticket.PriorityHigh}, Tiers: []ticket.Tier{ticket.TierVIP}}
		}
		switch r.IntN(3) {
		case 0:
			cad := &followup.Cadence{From: followup.AnchorLastUpdate, Business: some(), Counts: followup.CountsHuman, Template: "status",
				ResetOn: followup.ResetOn{Status: some(), Priority: some(), Tags: []string{"identified"}}}
			for j := range 1 + r.IntN(3) {
				st := followup.Stage{Every: dur()}
				if j < 2 {
					st.For = dur()
				}
				cad.Stages = append(cad.Stages, st)
			}
			cad.Stages[len(cad.Stages)-1].For = 0
			rule.Cadence = cad
		case 1:
			rule.Personal = &followup.Personal{Owner: "licensing", After: offset(dur()), Counts: followup.CountsAny}
		}
		at := time.Duration(0)
		for j := range r.IntN(4) {
			at += dur()
			n := followup.Nudge{After: offset(at), Template: fmt.Sprintf("bump%d", j)}
			rule.Nudges = append(rule.Nudges, n)
		}
		if len(rule.Nudges) > 0 && some() {
			rule.Nudges[len(rule.Nudges)-1].Action = followup.ActionSolve
		}
		for j := range r.IntN(3) {
			rule.Reminders = append(rule.Reminders, offset(time.Duration(j+1)*dur()))
		}
		switch r.IntN(3) {
		case 1:
			rule.CatchUp = followup.CatchUp{Mode: followup.CatchUpLatest, Max: r.IntN(50)}
		case 2:
			rule.CatchUp = followup.CatchUp{Mode: followup.CatchUpGrace, Grace: dur()}
		}
		c.Rules = append(c.Rules, rule)
	}
	return c
}

// TestFollowupConfigRoundTrip encodes random rule tables built in Go and
// decodes them back to equal values.
func TestFollowupConfigRoundTrip(t *testing.T) {
	valid := 0
	for seed := range uint64(300) {
		c := randomFollowup(rand.New(rand.NewPCG(seed, 19)))
		if err := c.Validate(); err != nil {
			continue // mixed clocks may order nudges wrongly: not the subject here
		}
		valid++
		out, err := c.Encode()
		require.NoError(t, err, "seed %d", seed)
		back, err := followup.DecodeConfig(out)
		require.NoError(t, err, "seed %d:\n%s", seed, out)
		assert.Equal(t, c, back, "seed %d:\n%s", seed, out)
	}
	assert.Greater(t, valid, 200, "most random tables are valid")
}
