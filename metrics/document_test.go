package metrics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
	"github.com/servicedesk-go/desk/ticket/document/documenttest"
)

const metricsDoc = `{
  "zone": "Europe/Oslo",
  "calendar": "oslo-desk",
  "definitions": {
    "clock_start": "created",
    "one_touch": "exactly_one",
    "reopens": "from_solved",
    "fcr": "no_repeat",
    "fcr_window": "168h",
    "one_touch_over": "solved_once",
    "csat_good": "top_box",
    "ces": "agree",
    "credit": "resolver",
    "next_reply_credit": "ticket_agent"
  },
  "from": "2026-01-01T00:00:00Z",
  "to": "2026-04-01T00:00:00Z",
  "attribution": "event",
  "groups": ["support"],
  "channels": ["email", "chat"],
  "exclude_categories": ["spam"],
  "tiers": ["vip"],
  "csat_exclude": ["billing"],
  "breakdowns": [["week", "agent"], ["channel"]],
  "volume_bucket": "month",
  "customers": true,
  "on_corrupt": "skip",
  "sla": true
}`

func TestDecodeMetricsDocument(t *testing.T) {
	d, err := metrics.DecodeDocument([]byte(metricsDoc))
	require.NoError(t, err)
	desk := calendar.Always(nil)
	policies := sla.Policies{{Name: "p", Targets: []sla.Target{{Metric: sla.FirstReply(), Duration: time.Hour}}}}
	c, err := d.Config(map[string]*calendar.Calendar{"oslo-desk": desk}, policies)
	require.NoError(t, err)
	oslo, err := time.LoadLocation("Europe/Oslo")
	require.NoError(t, err)
	want := metrics.Config{
		Definitions: metrics.Definitions{ClockStart: metrics.ClockCreated, OneTouch: metrics.OneTouchExactlyOne,
			Reopens: metrics.ReopenFromSolved, FCR: metrics.FCRNoRepeat, FCRWindow: 168 * time.Hour,
			OneTouchOver: metrics.OneTouchOverSolvedOnce, CSATGood: metrics.CSATTopBox, NextReplyCredit: metrics.CreditTicketAgent,
			CES: metrics.CESAgree, Credit: metrics.CreditResolver},
		Location: oslo, Calendar: desk,
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		Attribution: metrics.ByEvent, Groups: []string{"support"}, Channels: []ticket.Channel{ticket.ChannelEmail, ticket.ChannelChat},
		ExcludeCategories: []string{"spam"}, Tiers: []ticket.Tier{ticket.TierVIP}, CSATExclude: []string{"billing"},
		Breakdowns:   [][]metrics.Dimension{{metrics.DimWeek, metrics.DimAgent}, {metrics.DimChannel}},
		VolumeBucket: metrics.DimMonth, Customers: true, OnCorrupt: metrics.SkipCorrupt, SLA: policies,
	}
	assert.Equal(t, want, c)

	back, err := metrics.DocumentOf(want, map[string]*calendar.Calendar{"oslo-desk": desk})
	require.NoError(t, err)
	assert.Equal(t, d, back)
	out, err := back.Encode()
	require.NoError(t, err)
	again, err := metrics.DecodeDocument(out)
	require.NoError(t, err)
	assert.Equal(t, d, again)
}

func TestDecodeMetricsDocumentErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
		want error
	}{
		{"no zone", `{}`, "zone", metrics.ErrInvalidConfig},
		{"Local zone", `{"zone": "Local"}`, "zone", metrics.ErrInvalidConfig},
		{"unknown zone", `{"zone": "Europe/Bergen"}`, "zone", metrics.ErrInvalidConfig},
		{"unknown dimension", `{"zone": "UTC", "breakdowns": [["agent", "colour"]]}`, "breakdowns[0][1]", document.ErrValue},
		{"repeated dimension", `{"zone": "UTC", "breakdowns": [["agent", "agent"]]}`, "breakdowns[0][1]", metrics.ErrInvalidConfig},
		{"too many dimensions", `{"zone": "UTC", "breakdowns": [["agent", "group", "channel", "tag"]]}`, "breakdowns[0]", metrics.ErrInvalidConfig},
		{"volume bucket not time", `{"zone": "UTC", "volume_bucket": "agent"}`, "volume_bucket", metrics.ErrUnknownDimension},
		{"empty range", `{"zone": "UTC", "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}`, "to", metrics.ErrEmptyRange},
		{"unknown option", `{"zone": "UTC", "definitions": {"fcr": "first_touch"}}`, "definitions.fcr", metrics.ErrInvalidConfig},
		{"CSAT threshold as a number", `{"zone": "UTC", "definitions": {"csat_good": 1}}`, "definitions.csat_good", document.ErrType},
		{"unknown CSAT threshold", `{"zone": "UTC", "definitions": {"csat_good": "top_four_box"}}`, "definitions.csat_good", metrics.ErrInvalidConfig},
		{"unknown attribution", `{"zone": "UTC", "attribution": "solved"}`, "attribution", metrics.ErrInvalidConfig},
		{"negative window", `{"zone": "UTC", "definitions": {"fcr_window": "-1h"}}`, "definitions.fcr_window", metrics.ErrInvalidConfig},
		{"nanoseconds", `{"zone": "UTC", "definitions": {"fcr_window": 604800000000000}}`, "definitions.fcr_window", document.ErrType},
		{"is_reply", `{"zone": "UTC", "definitions": {"is_reply": true}}`, "definitions.is_reply", document.ErrUnknownKey},
		{"location key", `{"location": "UTC"}`, "location", document.ErrUnknownKey},
		{"key twice", `{"zone": "UTC", "zone": "UTC"}`, "zone", document.ErrDuplicateKey},
		{"bad instant", `{"zone": "UTC", "from": "yesterday"}`, "from", metrics.ErrInvalidConfig},
		// An empty channel was accepted, though every ticket has a channel
		// and it could never match.
		{"empty channel", `{"zone": "UTC", "channels": ["email", ""]}`, "channels[1]", metrics.ErrInvalidConfig},
		// A window was accepted and ignored under the one-touch FCR method.
		{"window without no_repeat", `{"zone": "UTC", "definitions": {"fcr_window": "72h"}}`, "definitions.fcr_window", metrics.ErrInvalidConfig},
		{"window with one_touch", `{"zone": "UTC", "definitions": {"fcr": "one_touch", "fcr_window": "72h"}}`, "definitions.fcr_window", metrics.ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.DecodeDocument([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, metrics.ErrInvalidConfig)
			assert.Contains(t, document.Paths(err), tt.path, "%v", err)
		})
	}
}

func TestMetricsDocumentNames(t *testing.T) {
	d, err := metrics.DecodeDocument([]byte(metricsDoc))
	require.NoError(t, err)
	_, err = d.Config(map[string]*calendar.Calendar{"bergen": calendar.Always(nil)}, nil)
	assert.ErrorIs(t, err, document.ErrUnknownName)
	assert.ElementsMatch(t, []string{"calendar", "sla"}, document.Paths(err))

	_, err = metrics.DocumentOf(metrics.Config{Location: time.UTC, Calendar: calendar.Always(nil),
		Definitions: metrics.Definitions{IsReply: func(ticket.Message, ticket.Actor) bool { return true }}}, nil)
	assert.ErrorIs(t, err, document.ErrGoOnly)
	assert.ElementsMatch(t, []string{"calendar", "definitions.is_reply"}, document.Paths(err))
}

// TestMetricsDocumentEmptyFilterValues: an empty group, category or tier
// names the tickets without one, which a ticket can be, so it is kept.
func TestMetricsDocumentEmptyFilterValues(t *testing.T) {
	d, err := metrics.DecodeDocument([]byte(`{"zone": "UTC", "groups": [""], "categories": [""], "exclude_categories": [""], "tiers": [""], "csat_exclude": [""]}`))
	require.NoError(t, err)
	c, err := d.Config(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{""}, c.Groups)
	assert.Equal(t, []ticket.Tier{""}, c.Tiers)
}

// On a desk without calendars, an unknown calendar name listed the
// desk's calendars as nothing: "(the desk's calendars: )".
func TestMetricsDocumentNoCalendars(t *testing.T) {
	d, err := metrics.DecodeDocument([]byte(`{"zone": "UTC", "calendar": "oslo"}`))
	require.NoError(t, err)
	for _, cals := range []map[string]*calendar.Calendar{nil, {}} {
		_, err = d.Config(cals, nil)
		assert.ErrorIs(t, err, document.ErrUnknownName)
		assert.Equal(t, []string{"calendar"}, document.Paths(err))
		assert.Contains(t, err.Error(), `calendar "oslo" (the desk defines no calendars)`)
		assert.NotContains(t, err.Error(), "calendars: )")
	}
}

func FuzzDecodeMetricsDocument(f *testing.F) {
	f.Add([]byte(metricsDoc))
	f.Add([]byte(`{"zone": "UTC", "breakdowns": [[], ["hour", "hour"]], "definitions": {"Credit": "x"}}`))
	f.Add([]byte(`{"zone": "Asia/Kolkata", "backlog_at": "2026-03-29T01:30:00+01:00", "now": "2026-03-29T03:30:00+02:00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := documenttest.RoundTrip(data, metrics.ErrInvalidConfig, metrics.DecodeDocument, metrics.Document.Encode); err != nil {
			t.Fatal(err)
		}
	})
}
