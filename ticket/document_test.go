package ticket_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/document"
)

const vendorLifecycle = `{
  "statuses": [
    {"name": "new", "category": "new"},
    {"name": "open", "category": "open"},
    {"name": "waiting_on_vendor", "category": "on_hold"},
    {"name": "solved", "category": "solved"},
    {"name": "closed", "category": "closed"}
  ],
  "initial": "new",
  "transitions": {
    "new": ["open", "solved"],
    "open": ["waiting_on_vendor", "solved"],
    "waiting_on_vendor": ["open", "solved"],
    "solved": ["open", "closed"]
  },
  "reopen_to": "open"
}`

func TestDecodeLifecycle(t *testing.T) {
	lc, err := ticket.DecodeLifecycle([]byte(vendorLifecycle))
	require.NoError(t, err)
	assert.Equal(t, []ticket.Status{
		{Name: "new", Category: ticket.StatusCategoryNew}, {Name: "open", Category: ticket.StatusCategoryOpen},
		{Name: "waiting_on_vendor", Category: ticket.StatusCategoryOnHold},
		{Name: "solved", Category: ticket.StatusCategorySolved}, {Name: "closed", Category: ticket.StatusCategoryClosed},
	}, lc.Statuses)
	assert.True(t, lc.CanMove("open", "waiting_on_vendor"))
	assert.False(t, lc.CanMove("closed", "open"))
	assert.Equal(t, "open", lc.ReopenTo)

	out, err := ticket.EncodeLifecycle(lc)
	require.NoError(t, err)
	back, err := ticket.DecodeLifecycle(out)
	require.NoError(t, err)
	assert.Equal(t, lc, back)
}

func TestLifecycleRoundTripFromGo(t *testing.T) {
	want, err := ticket.DefaultLifecycle().Validated()
	require.NoError(t, err)
	want.AutoRepliesReopen = true
	out, err := ticket.EncodeLifecycle(want)
	require.NoError(t, err)
	got, err := ticket.DecodeLifecycle(out)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestDecodeLifecycleErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
		want error
	}{
		{"unknown key", `{"statuses": [{"name": "new", "category": "new"}], "initial": "new", "reopen": "open"}`, "reopen", document.ErrUnknownKey},
		{"key in another case", `{"Statuses": [], "initial": "new"}`, "Statuses", document.ErrUnknownKey},
		{"key twice", `{"initial": "new", "initial": "open"}`, "initial", document.ErrDuplicateKey},
		{"unknown category", `{"statuses": [{"name": "x", "category": "waiting"}], "initial": "x"}`, "statuses[0].category", ticket.ErrUnknownValue},
		{"wrong type", `{"statuses": {}, "initial": "new"}`, "statuses", document.ErrType},
		{"syntax", `{"statuses": [`, "", document.ErrSyntax},
		{"undefined initial", `{"statuses": [{"name": "new", "category": "new"}, {"name": "closed", "category": "closed"}], "initial": "open", "transitions": {"new": ["closed"]}}`, "initial", ticket.ErrInvalidLifecycle},
		{"undefined target", `{"statuses": [{"name": "new", "category": "new"}, {"name": "closed", "category": "closed"}], "initial": "new", "transitions": {"new": ["closed", "gone"]}}`, "transitions.new[1]", ticket.ErrInvalidLifecycle},
		{"status twice", `{"statuses": [{"name": "new", "category": "new"}, {"name": "new", "category": "closed"}], "initial": "new"}`, "statuses[1].name", ticket.ErrInvalidLifecycle},
		{"bad reopen", `{"statuses": [{"name": "new", "category": "new"}, {"name": "closed", "category": "closed"}], "initial": "new", "transitions": {"new": ["closed"]}, "reopen_to": "closed"}`, "reopen_to", ticket.ErrInvalidLifecycle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ticket.DecodeLifecycle([]byte(tt.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
			assert.Contains(t, document.Paths(err), tt.path)
		})
	}
}

func TestDecodeLifecycleReportsEverything(t *testing.T) {
	_, err := ticket.DecodeLifecycle([]byte(`{"statuses": [{"name": "new", "category": "new"}, {"name": "closed", "category": "closed"}],
		"initial": "new", "transitions": {"new": ["closed", "gone"], "closed": ["new"]}, "reopen_to": "nowhere"}`))
	assert.ElementsMatch(t, []string{"transitions.closed", "transitions.new[1]", "reopen_to"}, document.Paths(err))
}

func TestEncodeLifecycleRefusesInvalid(t *testing.T) {
	_, err := ticket.EncodeLifecycle(&ticket.Lifecycle{Initial: "new"})
	assert.ErrorIs(t, err, ticket.ErrInvalidLifecycle)
	assert.Contains(t, document.Paths(err), "statuses")
}

func FuzzDecodeLifecycle(f *testing.F) {
	f.Add([]byte(vendorLifecycle))
	f.Add([]byte(`{"statuses": [{"name": "new", "category": "new"}], "initial": "new", "Initial": "x"}`))
	f.Add([]byte(`{"transitions": {"a": ["b", "b"]}, "reopen_to": 5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lc, err := ticket.DecodeLifecycle(data)
		if err != nil {
			for _, e := range document.Leaves(err) {
				var de *document.Error
				if !errors.As(e, &de) || !errors.Is(e, ticket.ErrInvalidLifecycle) {
					t.Fatalf("untyped problem %T: %v", e, e)
				}
			}
			return
		}
		out, err := ticket.EncodeLifecycle(lc)
		if err != nil {
			t.Fatalf("a decoded lifecycle does not encode: %v", err)
		}
		back, err := ticket.DecodeLifecycle(out)
		if err != nil {
			t.Fatalf("an encoded lifecycle does not decode: %v\n%s", err, out)
		}
		assert.Equal(t, lc, back)
	})
}
