package memstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/stretchr/testify/assert"
)

// payloads returns one value of every payload type, every slice and map
// field set, so cloneEvent can be checked for each.
func payloads() []ticket.Data {
	return []ticket.Data{
		ticket.Created{Subject: "s", Channel: ticket.ChannelChat, Requester: ticket.Requester{CustomerID: "c"},
			Tags: []string{"a", "b"}, Fields: map[string]string{"k": "v"}, Status: ticket.StatusNew},
		ticket.Message{Public: true, Body: "b"},
		ticket.StatusChanged{From: ticket.StatusNew, To: ticket.StatusOpen},
		ticket.Assigned{Agent: "a", Group: "g"},
		ticket.PriorityChanged{From: ticket.PriorityLow, To: ticket.PriorityHigh},
		ticket.TagsChanged{Added: []string{"x"}, Removed: []string{"y"}},
		ticket.FieldsChanged{Changes: []ticket.FieldChange{{Field: "f", From: "1", To: "2"}}},
		ticket.Merged{Into: ticket.ID{1: 1}},
		ticket.Linked{FollowUpOf: ticket.ID{2: 2}},
		ticket.Rated{Survey: ticket.SurveyCSAT, Score: 4, Scale: 5},
		ticket.WorkflowApplied{Kind: ticket.WorkflowMacro, ID: "m"},
		ticket.HandlingLogged{Agent: "a", Kind: ticket.HandlingTalk, Duration: time.Minute},
	}
}

// mutateData changes every slice element and map entry inside d.
func mutateData(d ticket.Data) {
	v := reflect.ValueOf(d)
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			for j := range f.Len() {
				e := f.Index(j)
				switch e.Kind() {
				case reflect.String:
					e.SetString("mutated")
				case reflect.Struct:
					e.Field(0).SetString("mutated")
				}
			}
		case reflect.Map:
			for _, k := range f.MapKeys() {
				f.SetMapIndex(k, reflect.ValueOf("mutated"))
			}
		}
	}
}

func TestCloneDataCoversEveryPayload(t *testing.T) {
	types := make(map[ticket.EventType]bool)
	for _, d := range payloads() {
		types[d.Type()] = true
	}
	for _, typ := range []ticket.EventType{ticket.TypeCreated, ticket.TypeMessage, ticket.TypeStatusChanged,
		ticket.TypeAssigned, ticket.TypePriorityChanged, ticket.TypeTagsChanged, ticket.TypeFieldsChanged,
		ticket.TypeMerged, ticket.TypeLinked, ticket.TypeRated, ticket.TypeWorkflowApplied, ticket.TypeHandlingLogged} {
		assert.True(t, types[typ], "payloads() has no %s", typ)
	}

	for _, d := range payloads() {
		t.Run(string(d.Type()), func(t *testing.T) {
			want := payloads()
			c := cloneEvent(ticket.Event{Data: d}).Data
			assert.Equal(t, d, c)
			mutateData(d)
			assert.Contains(t, want, c, "clone changed with its original")
		})
	}
}

func TestCloneNil(t *testing.T) {
	assert.Nil(t, cloneEvents(nil))
	assert.Nil(t, cloneEvent(ticket.Event{}).Data)
}
