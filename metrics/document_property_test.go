package metrics_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
)

// randomReportConfig returns a valid report configuration built in Go:
// a zone, perhaps a business calendar and SLA policies, every definition
// and option picked at random, instants in UTC.
func randomReportConfig(r *rand.Rand, desk *calendar.Calendar, policies sla.Policies) metrics.Config {
	some := func() bool { return r.IntN(2) == 0 }
	pick := func(n int) int { return r.IntN(n) }
	zones := []string{"UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata"}
	loc, err := time.LoadLocation(zones[pick(len(zones))])
	if err != nil {
		panic(err)
	}
	instant := func() time.Time { return time.Unix(1_700_000_000+r.Int64N(100_000_000), r.Int64N(1e9)).UTC() }
	c := metrics.Config{
		Location: loc,
		Definitions: metrics.Definitions{
			ClockStart:      []metrics.ClockStart{"", metrics.ClockCreated, metrics.ClockFirstCustomerMessage}[pick(3)],
			OneTouch:        []metrics.OneTouchRule{"", metrics.OneTouchFewerThanTwo, metrics.OneTouchExactlyOne}[pick(3)],
			Reopens:         []metrics.ReopenRule{"", metrics.ReopenFromSolved, metrics.ReopenFromSolvedOrPending}[pick(3)],
			FCR:             []metrics.FCRMethod{"", metrics.FCROneTouch, metrics.FCRNoRepeat}[pick(3)],
			CSATGood:        []metrics.CSATThreshold{"", metrics.CSATTopBox, metrics.CSATTopTwoBox, metrics.CSATTopThreeBox}[pick(4)],
			OneTouchOver:    []metrics.OneTouchBase{"", metrics.OneTouchOverResolved, metrics.OneTouchOverSolvedOnce}[pick(3)],
			NextReplyCredit: []metrics.NextReplyCredit{"", metrics.CreditTicketAgent, metrics.CreditReplier}[pick(3)],
			CES:             []metrics.CESMethod{"", metrics.CESMean, metrics.CESAgree}[pick(3)],
			Credit:          []metrics.Credit{"", metrics.CreditAssigneeAtEvent, metrics.CreditCurrentAssignee, metrics.CreditLastReplier, metrics.CreditResolver}[pick(5)],
		},
		Attribution: []metrics.Attribution{"", metrics.ByCreated, metrics.ByEvent, metrics.ByResolved}[pick(4)],
		OnCorrupt:   []metrics.OnCorrupt{"", metrics.FailOnCorrupt, metrics.SkipCorrupt}[pick(3)],
		Customers:   some(),
	}
	if c.Definitions.FCR == metrics.FCRNoRepeat { // the window is only for no_repeat
		c.Definitions.FCRWindow = time.Duration(r.Int64N(int64(30 * 24 * time.Hour)))
	}
	if some() {
		c.Calendar = desk
	}
	if some() {
		c.SLA = policies
	}
	if some() {
		c.Now, c.BacklogAt = instant(), instant()
		if c.BacklogAt.After(c.Now) { // the backlog may not be after now
			c.Now, c.BacklogAt = c.BacklogAt, c.Now
		}
	}
	if some() {
		c.From = instant()
		c.To = c.From.Add(time.Duration(1 + r.Int64N(int64(90*24*time.Hour))))
	}
	if some() {
		c.Groups, c.Channels, c.Categories = []string{"l1", "l2"}, []ticket.Channel{ticket.ChannelEmail}, []string{"billing"}
		c.ExcludeCategories, c.Tiers, c.CSATExclude = []string{"spam"}, []ticket.Tier{ticket.TierVIP}, []string{"delivery"}
	}
	dims := []metrics.Dimension{metrics.DimAgent, metrics.DimGroup, metrics.DimChannel, metrics.DimPriority, metrics.DimCategory,
		metrics.DimTag, metrics.DimTier, metrics.DimCustomer, metrics.DimOrganization, metrics.DimHour, metrics.DimDay,
		metrics.DimWeek, metrics.DimMonth, metrics.DimYear}
	for range pick(3) {
		var b []metrics.Dimension
		for _, k := range r.Perm(len(dims))[:1+pick(metrics.MaxDimensions)] {
			b = append(b, dims[k])
		}
		c.Breakdowns = append(c.Breakdowns, b)
	}
	if some() {
		c.VolumeBucket = []metrics.Dimension{metrics.DimHour, metrics.DimDay, metrics.DimWeek, metrics.DimMonth, metrics.DimYear}[pick(5)]
	}
	return c
}

// TestMetricsDocumentRoundTrip writes random report configurations built
// in Go as documents and reads them back to the same configuration.
func TestMetricsDocumentRoundTrip(t *testing.T) {
	desk := calendar.Always(nil)
	policies := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}}
	cals := map[string]*calendar.Calendar{"desk": desk}
	for seed := range uint64(300) {
		c := randomReportConfig(rand.New(rand.NewPCG(seed, 19)), desk, policies)
		require.NoError(t, c.Validate(), "seed %d", seed)
		d, err := metrics.DocumentOf(c, cals)
		require.NoError(t, err, "seed %d", seed)
		out, err := d.Encode()
		require.NoError(t, err, "seed %d", seed)
		back, err := metrics.DecodeDocument(out)
		require.NoError(t, err, "seed %d:\n%s", seed, out)
		built, err := back.Config(cals, policies)
		require.NoError(t, err, "seed %d", seed)
		assert.Equal(t, c, built, "seed %d:\n%s", seed, out)
	}
}
