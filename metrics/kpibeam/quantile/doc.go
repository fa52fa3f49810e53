// Package quantile provides [Sketch], a mergeable summary of durations of
// bounded size whose quantiles are within a stated relative error of the
// exact nearest-rank quantiles (a DDSketch), with exact count, sum, mean,
// min and max. Package kpibeam uses it for its sketch mode, where keeping
// every value (metrics.Summary) does not fit a worker.
//
// A Sketch is a value of one goroutine at a time; sketches merge exactly
// (bucket counts add), so any split merged in any order equals the sketch
// of all values. Errors wrap [ErrRelativeError], [ErrIncompatible] and
// [ErrBadEncoding]; nothing panics on bad input.
package quantile
