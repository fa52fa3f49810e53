package kpibeam

import "errors"

// The package's sentinels.
var (
	// ErrBadInput reports a line or a stored history that could not be
	// read as a ticket history, when the failOnBad argument of [ReadFiles]
	// or [ReadPostgres] asks for the job to fail on it; otherwise it goes
	// to the dead letters.
	ErrBadInput = errors.New("kpibeam: bad input")
	// ErrNoFiles reports a file pattern that matches no file.
	ErrNoFiles = errors.New("kpibeam: no files match")
	// ErrInvalidOptions reports unusable [Options], variants or desk
	// files, or input collections of the wrong type.
	ErrInvalidOptions = errors.New("kpibeam: invalid options")
	// ErrBadAccumulator reports bytes that are not an accumulator's encoding.
	ErrBadAccumulator = errors.New("kpibeam: bad accumulator encoding")
)
