package walltest_test

import (
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/metrics/internal/wall"
	"github.com/servicedesk-go/desk/metrics/internal/wall/walltest"
)

// A reading a second later on the wall clock and two seconds earlier on
// the monotonic one: time.Time's Sub reads the monotonic clocks, wall.Sub
// the wall clocks.
func ExampleShiftMonotonic() {
	created := time.Now()
	replied := walltest.ShiftMonotonic(created.Add(time.Second), -2*time.Second)
	fmt.Println(replied.Sub(created), wall.Sub(replied, created))
	// Output: -1s 1s
}
