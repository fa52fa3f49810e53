package deskfile_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
	"github.com/servicedesk-go/desk/examples/internal/deskfile"
	"github.com/servicedesk-go/desk/followup"
	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/routing"
	"github.com/servicedesk-go/desk/sla"
	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

// FuzzLoad checks a desk file, untrusted text: Load never panics; every
// problem it reports is a *document.Error wrapping the sentinel of its
// section's package (or ErrInvalidDesk); a desk it loads is written by
// Encode as a file that loads to the same sections, and that desk is
// written as the same bytes again.
func FuzzLoad(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "..", "helpdesk", "desk.json"))
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte(small))
	f.Add([]byte(`{"calendars": {"a": null, "24/7": {"week": "mon-sun 00:00-24:00", "first_year": 2026, "last_year": 2026}},
	  "followup": {"hours": "24/7", "rules": [{"name": "r", "nudges": [{"after": {"duration": "1h", "business": true}, "action": "solve"}]}]}}`))
	f.Add([]byte(`{"sla": {"policies": [{"name": "p", "targets": [{"metric": "first_reply_time", "duration": "-2h"}]}]}, "metrics": {"zone": "UTC", "sla": true}}`))
	f.Add([]byte(`{"routing": {"matrix": {"cells": [[1]], "tickets": {"1": "urgent", "01": "low"}}}, "lifecycle": null}`))
	sentinels := []error{deskfile.ErrInvalidDesk, calendar.ErrInvalidConfig, ticket.ErrInvalidLifecycle, sla.ErrInvalidPolicy,
		followup.ErrInvalidRules, routing.ErrInvalidConfig, metrics.ErrInvalidConfig}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := deskfile.Load(data)
		if err != nil {
			for _, e := range document.Leaves(err) {
				var de *document.Error
				require.ErrorAs(t, e, &de, "untyped problem %T: %v", e, e)
				assert.True(t, slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(e, s) }), "no sentinel: %v", e)
			}
			return
		}
		out, err := d.Encode()
		require.NoError(t, err)
		back, err := deskfile.Load(out)
		require.NoError(t, err, "%s", out)
		assert.Equal(t, d.Documents, back.Documents)
		assert.Equal(t, d.Lifecycle, back.Lifecycle)
		assert.Equal(t, d.Followup, back.Followup)
		assert.Equal(t, d.Routing, back.Routing)
		assert.Equal(t, d.CatchUp, back.CatchUp)
		again, err := back.Encode()
		require.NoError(t, err)
		assert.True(t, bytes.Equal(out, again), "an equal desk is written as other bytes:\n%s\nthen:\n%s", out, again)
	})
}
