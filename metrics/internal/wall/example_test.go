package wall_test

import (
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/metrics/internal/wall"
)

// Two instants an hour and a nanosecond apart, in different zones.
func Example() {
	created := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	replied := time.Date(2026, 3, 29, 3, 30, 0, 1, time.FixedZone("CEST", 2*3600))
	fmt.Println(wall.Sub(replied, created), wall.After(replied, created), wall.Compare(created, replied), wall.Equal(created, created.In(time.Local)))
	// Output: 1h0m0.000000001s true -1 true
}
