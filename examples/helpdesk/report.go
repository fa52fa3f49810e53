package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/servicedesk-go/desk/ticket"
)

// report prints the end-of-day figures, computed from the stored events
// alone: every number can be traced back to the histories.
func (d *desk) report() error {
	d.printf("\nEnd of day %s\n", d.day.Format("2 January 2006"))
	var (
		created, merged, solved, reopened, good, rated int
		firstReplies                                   []time.Duration
		handling                                       time.Duration
		channels                                       = map[ticket.Channel]int{}
		backlog                                        []string
	)
	for events, err := range d.store.All(d.ctx) {
		if err != nil {
			return err
		}
		t, err := ticket.Replay(nil, events)
		if err != nil {
			return err
		}
		if t.CreatedAt.Before(d.day) {
			continue // last week's ticket
		}
		if t.Merged() {
			merged++
			continue // merged-away tickets leave the denominators
		}
		created++
		channels[t.Channel]++
		if t.Status.Category == ticket.StatusCategorySolved || t.Status.Category == ticket.StatusCategoryClosed {
			solved++
		} else {
			backlog = append(backlog, fmt.Sprintf("%s %s", d.names[t.ID], t.Status))
		}
		if t.Reopens > 0 {
			reopened++
		}
		for _, r := range t.Ratings {
			rated++
			if r.Score >= 4 {
				good++
			}
		}
		if first, ok := firstReply(events); ok {
			firstReplies = append(firstReplies, d.hours.Elapsed(t.CreatedAt, first.At))
		}
		for _, e := range events {
			if h, ok := e.Data.(ticket.HandlingLogged); ok {
				handling += h.Duration
			}
		}
	}
	d.printf("  tickets created      %d (+%d merged away)\n", created, merged)
	d.printf("  by channel          ")
	for _, ch := range ticket.Channels() {
		if n := channels[ch]; n > 0 {
			d.printf(" %s %d", ch, n)
		}
	}
	d.printf("\n  solved               %d of %d\n", solved, created)
	d.printf("  reopened             %d of %d solved\n", reopened, solved)
	slices.Sort(firstReplies)
	if n := len(firstReplies); n > 0 {
		var sum time.Duration
		for _, r := range firstReplies {
			sum += r
		}
		d.printf("  first reply          %d replied; mean %v, median %v, max %v (business time)\n",
			n, (sum / time.Duration(n)).Round(time.Second), firstReplies[(n-1)/2], firstReplies[n-1])
	}
	if rated > 0 {
		d.printf("  CSAT                 %d%% (%d good of %d rated)\n", 100*good/rated, good, rated)
	}
	d.printf("  handling time logged %v\n", handling)
	d.printf("  open at close        %d: %v\n", len(backlog), backlog)
	next := d.hours.NextOpen(d.at("16:00"))
	d.printf("  the desk opens again %s (Thursday is Ascension Day)\n", d.when(next))
	return nil
}
