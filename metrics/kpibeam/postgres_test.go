package kpibeam

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
)

// shardDB creates a database named name on the server of DESK_PG_URL with
// pgstore's table holding histories, dropped when the test ends, and
// returns its URL and a pool.
func shardDB(t *testing.T, name string, histories [][]ticket.Event) (string, *pgxpool.Pool) {
	ctx := context.Background()
	base := os.Getenv("DESK_PG_URL")
	admin, err := pgxpool.New(ctx, base)
	require.NoError(t, err)
	t.Cleanup(admin.Close)
	_, err = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	u, err := url.Parse(base)
	require.NoError(t, err)
	u.Path = "/" + name
	pool, err := pgxpool.New(ctx, u.String())
	require.NoError(t, err)
	t.Cleanup(func() {
		pool.Close()
		_, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		assert.NoError(t, err)
	})
	require.NoError(t, pgstore.Migrate(ctx, pool))
	store := pgstore.New(pool)
	for _, h := range histories {
		require.NoError(t, store.Append(ctx, h[0].TicketID, 0, h))
	}
	return u.String(), pool
}

// TestPostgresShards reads histories that ticket/pgstore wrote into two
// databases (shards) on a real server (.ci/pg.sh sets DESK_PG_URL):
// the report equals the single-process one over the good histories, and
// a ticket stored in both shards and a row that holds another event go to
// the dead letters.
func TestPostgresShards(t *testing.T) {
	if os.Getenv("DESK_PG_URL") == "" {
		t.Skip("DESK_PG_URL is not set: run through .ci/pg.sh")
	}
	all := testHistories(t)
	n := len(all)
	twice := all[n-1]   // stored in both shards
	altered := all[n-2] // one of its rows names another event
	good := all[:n-2]
	suffix := fmt.Sprint(os.Getpid())
	dsn0, _ := shardDB(t, "kpibeam_a_"+suffix, append(slices.Clone(good[:n/2]), twice))
	dsn1, pool1 := shardDB(t, "kpibeam_b_"+suffix, append(slices.Clone(good[n/2:]), twice, altered))
	_, err := pool1.Exec(context.Background(),
		`UPDATE ticket_events SET event = jsonb_set(event, '{seq}', '9') WHERE ticket_id = $1 AND seq = 2`, altered[0].TicketID)
	require.NoError(t, err)

	p, s := beam.NewPipelineWithRoot()
	histories, dead := ReadPostgres(s, false, dsn0, dsn1)
	out, err := runPipeline(t, p, s, deskConfig, Options{Variants: []string{"standard", "strict"}}, histories, dead)
	require.NoError(t, err)
	assert.Equal(t, string(singleProcess(t, "standard", good)), string(out.results["standard"].Report))
	assert.Equal(t, string(singleProcess(t, "strict", good)), string(out.results["strict"].Report))
	assert.Equal(t, 2, out.results["standard"].DeadLetters)
	require.Len(t, out.dead, 2)
	slices.SortFunc(out.dead, func(a, b DeadLetter) int { return cmpString(a.Error, b.Error) })
	assert.Equal(t, fmt.Sprintf("postgres[0 1] ticket %s", twice[0].TicketID), out.dead[0].Location)
	assert.Contains(t, out.dead[0].Error, "a gap or a repeat")
	assert.Equal(t, fmt.Sprintf("postgres[1] ticket %s", altered[0].TicketID), out.dead[1].Location)
	assert.Contains(t, out.dead[1].Error, "holds event #9")
}
