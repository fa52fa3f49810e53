package pgstore_test

import (
	"testing"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/pgstore"
	"github.com/servicedesk-go/desk/ticket/tickettest"
)

// TestConformance runs the storage contract's conformance suite, each
// property on a schema of its own.
func TestConformance(t *testing.T) {
	serverURL(t)
	tickettest.TestStore(t, func(t *testing.T) ticket.Store { return pgstore.New(freshPool(t)) })
}
