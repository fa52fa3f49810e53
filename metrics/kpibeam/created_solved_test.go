package kpibeam

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
)

// importedHistories returns histories of tickets whose Created event
// already carries a solved or closed status (imports), some left so, some
// reopened by the customer, replied to and solved again, some rated.
func importedHistories(t *testing.T) [][]ticket.Event {
	t.Helper()
	start := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	agent, customer := ticket.Agent("ingrid"), ticket.Customer("ola")
	var out [][]ticket.Event
	for i := range 24 {
		at := start.Add(time.Duration(i) * 25 * time.Hour)
		st := ticket.StatusSolved
		if i%3 == 0 {
			st = ticket.StatusClosed
		}
		ev := []ticket.Event{{TicketID: uuid.UUID{0: 0xee, 15: byte(i + 1)}, Seq: 1, At: at, Actor: agent, Data: ticket.Created{
			Subject: "called about the invoice", Channel: ticket.ChannelPhone, Group: "l1", Category: "billing",
			Priority: ticket.PriorityNormal, Status: st, Requester: ticket.Requester{CustomerID: "ola"}}}}
		tk, err := ticket.Replay(nil, ev)
		require.NoError(t, err)
		do := func(next ticket.Ticket, evs []ticket.Event, err error) {
			require.NoError(t, err)
			tk, ev = next, append(ev, evs...)
		}
		if st == ticket.StatusSolved && i%3 == 1 {
			do(tk.Reply(at.Add(20*time.Hour), customer, ticket.Message{Public: true, Body: "again"}))
			do(tk.Reply(at.Add(22*time.Hour), agent, ticket.Message{Public: true, Body: "fixed"}))
			do(tk.SetStatus(at.Add(23*time.Hour), agent, ticket.StatusSolved))
		}
		if st == ticket.StatusSolved {
			do(tk.Rate(at.Add(24*time.Hour), customer, ticket.Rated{Survey: ticket.SurveyCSAT, Score: 1 + i%5, Scale: 5}))
		}
		out = append(out, ev)
	}
	return out
}

// TestCreatedSolvedMatchesSingleProcess: with tickets created solved or
// closed among the histories, the pipeline's reports encode byte for byte
// as the report built in one process, which counts them as resolved at
// their creation.
func TestCreatedSolvedMatchesSingleProcess(t *testing.T) {
	all := append(append([][]ticket.Event(nil), testHistories(t)[:100]...), importedHistories(t)...)
	standard := singleProcess(t, "standard", all)
	without := singleProcess(t, "standard", all[:100])
	require.NotEqual(t, string(without), string(standard), "the imported tickets are counted")
	dir := t.TempDir()
	writeShard(t, filepath.Join(dir, "a.jsonl"), all[:60])
	writeShard(t, filepath.Join(dir, "b.jsonl"), all[60:110])
	writeShard(t, filepath.Join(dir, "c.jsonl"), all[110:])
	out, err := runFiles(t, deskConfig, Options{Variants: []string{"standard"}}, false, filepath.Join(dir, "*.jsonl"))
	require.NoError(t, err)
	assert.Empty(t, out.dead)
	require.Len(t, out.results, 1)
	assert.Equal(t, string(standard), string(out.results["standard"].Report))
}
