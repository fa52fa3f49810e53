package routing

import (
	"math"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// numCh is the number of known channels; rows keep one count per channel.
const numCh = 8

// channelList lists the known channels in the order of channelIndex.
var channelList = [numCh]ticket.Channel{
	ticket.ChannelEmail, ticket.ChannelPhone, ticket.ChannelChat, ticket.ChannelSocial,
	ticket.ChannelWeb, ticket.ChannelWalkIn, ticket.ChannelPost, ticket.ChannelAPI,
}

// channelIndex returns ch's index in channelList, or -1 when ch is not a
// known channel.
func channelIndex(ch ticket.Channel) int {
	switch ch {
	case ticket.ChannelEmail:
		return 0
	case ticket.ChannelPhone:
		return 1
	case ticket.ChannelChat:
		return 2
	case ticket.ChannelSocial:
		return 3
	case ticket.ChannelWeb:
		return 4
	case ticket.ChannelWalkIn:
		return 5
	case ticket.ChannelPost:
		return 6
	case ticket.ChannelAPI:
		return 7
	}
	return -1
}

// instant is a time.Time reduced to what ordering needs, pointer-free; the
// zero time.Time maps below every other instant ("never").
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant {
	if t.IsZero() {
		return instant{sec: math.MinInt64}
	}
	return instant{sec: t.Unix(), nsec: int32(t.Nanosecond())}
}

func (a instant) compare(b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

func (a instant) isZero() bool { return a.sec == math.MinInt64 }

// time returns the instant in UTC; the zero instant is the zero time.
func (a instant) time() time.Time {
	if a.isZero() {
		return time.Time{}
	}
	return time.Unix(a.sec, int64(a.nsec)).UTC()
}

// stamp is a [Stamp] as rows keep it.
type stamp struct {
	at   instant
	turn uint64
}

// effective returns the stamp the tie-break ranks by at now: a stamp after
// now (clocks that disagree) counts as at now with no turn, so it ranks
// before agents given work at now.
func (s stamp) effective(now instant) stamp {
	if s.at.compare(now) > 0 {
		return stamp{at: now}
	}
	return s
}

func (s stamp) compare(o stamp) int {
	if c := s.at.compare(o.at); c != 0 {
		return c
	}
	switch {
	case s.turn < o.turn:
		return -1
	case s.turn > o.turn:
		return 1
	}
	return 0
}
