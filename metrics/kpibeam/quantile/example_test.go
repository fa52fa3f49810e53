package quantile_test

import (
	"fmt"
	"time"

	"github.com/servicedesk-go/desk/metrics/kpibeam/quantile"
)

// A sketch of reply times on two workers, merged: the median within 1 %
// of the exact one (the 100th of 200 values: 99 minutes, as 60 minutes
// and 1 hour are both there), the count, min and max exact.
func ExampleSketch() {
	a, _ := quantile.New(quantile.DefaultRelativeError)
	b, _ := quantile.New(quantile.DefaultRelativeError)
	for i := 1; i <= 100; i++ {
		a.Add(time.Duration(i) * time.Minute)
		b.Add(time.Duration(i) * time.Hour)
	}
	if err := a.Merge(b); err != nil {
		fmt.Println(err)
		return
	}
	median, _ := a.Quantile(0.5)
	lo, _ := a.Min()
	hi, _ := a.Max()
	fmt.Println(a.Count(), lo, hi)
	fmt.Println(median.Round(time.Second), "(exact: 1h39m0s)")
	// Output:
	// 200 1m0s 100h0m0s
	// 1h38m7s (exact: 1h39m0s)
}
