package routing_test

import (
	"testing"

	"github.com/servicedesk-go/desk/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var path = routing.Path{
	Name: "it support",
	Levels: []routing.Level{
		{Name: "tier 1", Groups: []string{"service desk"}},
		{Name: "tier 2", Groups: []string{"second line", "network", "database"}},
		{Name: "management", Groups: []string{"it managers"}},
	},
	Specialists: map[string]string{"network": "network", "database": "database"},
}

func TestPathNext(t *testing.T) {
	require.NoError(t, path.Validate())
	tests := []struct {
		name    string
		current string
		reason  string
		want    routing.Target
		text    string
	}{
		{"tier 1 to tier 2", "service desk", "breach", routing.Target{Kind: routing.Hierarchical, Group: "second line", Level: "tier 2"}, "hierarchical: second line (tier 2)"},
		{"functional", "service desk", "network", routing.Target{Kind: routing.Functional, Group: "network", Level: "tier 2"}, "functional: network (tier 2)"},
		{"tier 2 to management", "second line", "", routing.Target{Kind: routing.Hierarchical, Group: "it managers", Level: "management"}, "hierarchical: it managers (management)"},
		{"specialist escalates up", "network", "network", routing.Target{Kind: routing.Hierarchical, Group: "it managers", Level: "management"}, "hierarchical: it managers (management)"},
		{"sideways to another specialist", "network", "database", routing.Target{Kind: routing.Functional, Group: "database", Level: "tier 2"}, "functional: database (tier 2)"},
		{"top", "it managers", "breach", routing.Target{Group: "it managers", Level: "management", Top: true}, "top of the ladder: it managers (management)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := path.Next(tt.current, tt.reason)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
		})
	}
}

func TestPathErrors(t *testing.T) {
	_, err := path.Next("facilities", "breach")
	require.ErrorIs(t, err, routing.ErrUnknownGroup)
	var ue *routing.UnknownGroupError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "facilities", ue.Group)
	assert.Equal(t, "it support", ue.Path)

	tests := []struct {
		name   string
		path   routing.Path
		fields []string
	}{
		{"no levels", routing.Path{}, []string{"Path.Levels"}},
		{"unnamed level without groups", routing.Path{Levels: []routing.Level{{}}}, []string{"Path.Levels[0].Name", "Path.Levels[0].Groups"}},
		{"duplicate group", routing.Path{Levels: []routing.Level{{Name: "1", Groups: []string{"a"}}, {Name: "2", Groups: []string{"a", ""}}}}, []string{"Path.Levels[1].Groups[0]", "Path.Levels[1].Groups[1]"}},
		{"specialist off the ladder", routing.Path{Levels: []routing.Level{{Name: "1", Groups: []string{"a"}}}, Specialists: map[string]string{"x": "b", "": "a"}}, []string{`Path.Specialists["x"]`, "Path.Specialists"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.path.Validate()
			require.ErrorIs(t, err, routing.ErrInvalidConfig)
			assert.ElementsMatch(t, tt.fields, configFields(err))
			_, err = tt.path.Next("a", "x")
			assert.ErrorIs(t, err, routing.ErrInvalidConfig)
		})
	}
}
