package sla_test

import (
	"testing"
	"time"
	"unsafe"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// withMonotonic returns t (which must carry a monotonic clock reading, as
// time.Now's do) with its monotonic reading moved by d and its wall clock
// unchanged: what two readings of time.Now show across a step of the
// wall clock.
func withMonotonic(t time.Time, d time.Duration) time.Time {
	type timeLayout struct { // time.Time's fields; ext is the monotonic reading
		wall uint64
		ext  int64
		loc  *time.Location
	}
	(*timeLayout)(unsafe.Pointer(&t)).ext += int64(d)
	return t
}

// TestEvaluateMonotonicDisagreesWithWall: instants are judged on the wall
// clock (Unix seconds and nanoseconds), also when now and the events carry
// monotonic readings that order them the other way (the wall clock was
// stepped back between the ticket's creation and now). The check that
// refuses a now before the creation and the grouping of the events by
// instant must agree, or the evaluation reads no event at all.
func TestEvaluateMonotonicDisagreesWithWall(t *testing.T) {
	now := time.Now()
	created := withMonotonic(now.Add(time.Second), -2*time.Second) // a second later on the wall, earlier on the monotonic clock
	require.True(t, created.Before(now), "the monotonic readings put the creation first")
	require.Greater(t, created.Round(0).Sub(now.Round(0)), time.Duration(0), "the wall clock puts it after now")
	_, events, err := ticket.Create(nil, uuid.UUID{15: 1}, created, ticket.Customer("ola"), ticket.Created{
		Subject: "s", Channel: ticket.ChannelEmail, Requester: ticket.Requester{CustomerID: "ola"},
	})
	require.NoError(t, err)
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.Presets()[0], Duration: time.Hour, Hours: calendar.Always(time.UTC)}}}}
	ev, err := sla.NewEvaluator(ps)
	require.NoError(t, err)
	for _, evaluate := range []func([]ticket.Event, time.Time) (sla.Result, error){ps.Evaluate, ev.Evaluate} {
		_, err := evaluate(events, now)
		require.ErrorIs(t, err, sla.ErrInvalidTime)
		// A second later on the wall clock the ticket is evaluated.
		r, err := evaluate(events, now.Add(time.Second))
		require.NoError(t, err)
		require.Equal(t, 1, r.Seq)
		require.Len(t, r.Instances, 1)
	}
}
