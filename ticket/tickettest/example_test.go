package tickettest_test

import (
	"context"
	"fmt"

	"github.com/servicedesk-go/desk/ticket"
	"github.com/servicedesk-go/desk/ticket/memstore"
	"github.com/servicedesk-go/desk/ticket/tickettest"
)

// A store's own tests call tickettest.TestStore(t, newStore); CheckStore
// runs the same properties and returns what failed.
func ExampleCheckStore() {
	err := tickettest.CheckStore(context.Background(), func() ticket.Store {
		return memstore.New()
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
