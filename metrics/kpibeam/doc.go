// Package kpibeam computes desk's KPI reports (package metrics) with Apache
// Beam, so that histories spread over many files or database shards are
// reported where they are, on any number of workers, with the same result
// as one process: in exact mode the report's encoding is byte for byte that
// of a metrics.Report fed the same histories in one process, whatever the
// split, the number of workers and the order.
//
// # Pipeline
//
// [ReadFiles] reads JSON-lines files (globs; one ticket's history per
// line, in the ticket package's wire format) and [ReadPostgres] the
// ticket_events tables that ticket/pgstore writes (through Beam's databaseio
// over database/sql and pgx's stdlib driver, one query per shard, rows
// grouped by ticket). Both return the histories and the dead letters: a
// line that does not decode or a history ticket.Replay refuses is a
// [DeadLetter] with its location (file and line, or shard and ticket) and
// error. One bad line does not fail the job unless asked to (failOnBad).
//
// [Reports] folds the histories with a Beam CombineFn whose accumulator is
// the metrics.Report of a [ConfigFunc]'s configuration: adding a history
// is Report.Add, merging accumulators is Report.Merge, and the result is
// the report's stable encoding. Accumulators travel between workers in a
// compact coder (the report's stable JSON and the sketches, DEFLATE
// compressed). Each accumulator holds one sla.Evaluator, made with its
// report: one per bundle and variant on each worker. Several variants
// (say, two SLA policy sets or calendars) are combined side by side over
// the same histories in one pipeline, each into its own [Result], which
// also counts the dead letters.
//
// # Configuration on the workers
//
// A metrics.Config holds a business calendar and SLA policies (with
// functions in their conditions), which do not travel as data. The
// pipeline carries a reference to a [ConfigFunc] instead, a top-level
// function registered with Beam (beam.RegisterFunction) that builds the
// configuration of a variant on every worker; it must return the same
// configuration everywhere (reports with different specs do not merge:
// the job fails with metrics.ErrIncompatible).
//
// Or, with [DeskReports], each variant is a desk file ([Desk]): the JSON
// document a single-process report is configured from, its "calendars"
// section built with calendar.BuildAll, its "sla" section with
// sla.DecodeConfig and sla.Config.Build, and its "metrics" section with
// metrics.DecodeDocument and metrics.Document.Config ([DeskConfig]). The
// file's text travels with the pipeline as data and each worker builds the
// configuration from it once per instance of the CombineFn; nothing needs
// registering. A what-if is two desk files side by side (different SLA
// policies or calendars). Every file is checked when the pipeline is
// built: its problems are errors wrapping [ErrInvalidOptions] and the
// section's sentinel, each at its JSON path ("sla.policies[0].targets[0].duration").
//
// # Exact and sketch mode
//
// A metrics.Summary keeps every duration, so quantiles are exact after
// any split and merge, and an accumulator grows with its tickets: in
// memory 8 bytes per value, about 16 summary values per ticket and group
// (over a generated year of 1,000,000 tickets with 478 groups, the
// report's JSON is about 740 MB and the coded accumulator about 100 MB;
// the README has the figures). That is the default, and it
// fits as long as the largest accumulator (the final merge holds every
// value of a variant) fits one worker. With [Options.RelativeError] set,
// sketch mode moves the values into a [quantile.Sketch] per summary and
// group every 1,024 histories and at every encoding: quantiles are then
// within that relative error of the exact nearest-rank ones (stated in the
// result's [QuantileTable]), counts, sums, means, min, max and every rate
// stay exact, and the quantile state is bounded by the range of the
// durations rather than their number. The per-ticket lists a report keeps
// (tickets a filter removed or a rate excluded, skipped histories, FCR
// contacts) are exact in both modes and still grow with the tickets they
// list.
//
// # Concurrency and errors
//
// The functions build pipelines; the runner runs them. Nothing in the
// package starts goroutines. Pipeline errors wrap [ErrBadInput],
// [ErrNoFiles], [ErrInvalidOptions] and [ErrBadAccumulator]; errors of a
// job come back from the runner as its error. The package registers its
// functions and coders with Beam when it is loaded, as the SDK requires
// for workers to find them by name.
//
// # Getting started
//
// Build a pipeline with [ReadFiles] and [DeskReports] over desk files (or
// register a ConfigFunc and use [Reports]),
// and run it on a runner: Prism in process (runners/prism), or Flink,
// Spark and Dataflow through their runners (see the README).
package kpibeam
