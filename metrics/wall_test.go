package metrics_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/internal/wall/walltest"
	"github.com/servicedesk-go/desk/ticket"
)

// TestWallClockDurations: durations and cut-offs are read on the wall
// clock, as ticket orders a history and a store keeps it. A ticket made
// with time.Now across a step of the wall clock (the reply a second later
// on the wall clock, two seconds earlier on the monotonic one) has a first
// reply of one second, not minus one, and its facts and report are those
// of the same history read back from storage.
func TestWallClockDurations(t *testing.T) {
	created := time.Now()
	reply := walltest.ShiftMonotonic(created.Add(time.Second), -2*time.Second)
	solved := walltest.ShiftMonotonic(created.Add(time.Hour), -2*time.Hour)
	require.True(t, reply.Before(created) && solved.Before(reply), "the monotonic readings go backwards")
	tk, events, err := ticket.Create(nil, tid(1), created, ola, ticket.Created{Subject: "printer", Channel: ticket.ChannelEmail,
		Requester: ticket.Requester{CustomerID: "ola"}})
	require.NoError(t, err)
	tk, more, err := tk.Reply(reply, ingrid, ticket.Message{Public: true, Body: "on it"})
	require.NoError(t, err)
	events = append(events, more...)
	_, more, err = tk.SetStatus(solved, ingrid, ticket.StatusSolved)
	require.NoError(t, err)
	events = append(events, more...)
	b, err := json.Marshal(events)
	require.NoError(t, err)
	stored, err := ticket.DecodeEvents(b)
	require.NoError(t, err)

	fo, err := metrics.NewFolder(metrics.Definitions{}, nil, time.Time{}, time.Time{})
	require.NoError(t, err)
	var live, back metrics.Facts
	require.NoError(t, fo.Fold(&live, events))
	require.NoError(t, fo.Fold(&back, stored))
	assert.Equal(t, time.Second, live.FirstReply.Calendar)
	assert.Equal(t, time.Hour, live.FullResolution.Calendar)
	assert.Equal(t, time.Hour, live.AgentWork.Calendar)
	assert.Equal(t, fmt.Sprint(live.FirstReply, live.FullResolution, live.RequesterWait, live.AgentWork),
		fmt.Sprint(back.FirstReply, back.FullResolution, back.RequesterWait, back.AgentWork))

	// As of now, a reading of time.Now taken just before the solve on the
	// wall clock (but after it on the monotonic one): the solve is after
	// now, on both histories.
	now := walltest.ShiftMonotonic(solved.Add(-time.Minute), 2*time.Minute)
	require.True(t, now.After(solved))
	for _, h := range [][]ticket.Event{events, stored} {
		r, err := metrics.NewReport(metrics.Config{Location: time.UTC, Now: now})
		require.NoError(t, err)
		require.NoError(t, r.Add(h))
		assert.Equal(t, 1, r.All.FullResolution.Censored(), "solved after now")
		assert.Equal(t, []time.Duration{time.Second}, r.All.FirstReply.Values())
	}
}
