package kpi_test

import (
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/examples/internal/kpi"
)

// The report's durations are rounded to the nearest minute, and its counts
// have the noun in the right number.
func ExampleShort() {
	fmt.Println(kpi.Short(4*time.Hour + 6*time.Minute + 40*time.Second))
	fmt.Println(kpi.Short(55 * time.Minute))
	fmt.Println(kpi.Short(20 * time.Second))
	fmt.Println(kpi.Plural(1, "ticket"), "and", kpi.Plural(2, "ticket"))
	// Output:
	// 4h07m
	// 55m
	// 0m
	// 1 ticket and 2 tickets
}
