package kpibeam

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/kpibeam/quantile"
)

// ConfigFunc returns the metrics configuration of a variant. It runs on
// every worker (a configuration holds a business calendar and SLA
// policies, which do not travel as data), so it must be a top-level
// function registered with Beam (beam.RegisterFunction in an init function
// of the program; not register.Function1x2, which would try to make a
// schema of metrics.Config) and return the same configuration wherever it runs.
type ConfigFunc = func(variant string) (metrics.Config, error)

// Options configure [Reports] and [DeskReports].
type Options struct {
	// Variants are the names passed to the ConfigFunc, one report each,
	// computed side by side over the same histories (a what-if: the same
	// tickets under two SLA policy sets or calendars). Empty means one
	// variant named "".
	Variants []string
	// RelativeError, when not 0, turns on sketch mode: the quantiles of
	// every summary are kept in a bounded-size sketch ([quantile.Sketch])
	// within this relative error (quantile.DefaultRelativeError is 1 %)
	// instead of every value. 0 keeps every value (exact mode, the
	// default).
	RelativeError float64
}

// Validate returns the joined problems of o: a relative error out of the
// sketch's range, a variant named twice.
func (o Options) Validate() error {
	var errs []error
	if o.RelativeError != 0 {
		if _, err := quantile.New(o.RelativeError); err != nil {
			errs = append(errs, fmt.Errorf("%w: %w", ErrInvalidOptions, err))
		}
	}
	for i, v := range o.Variants {
		if slices.Contains(o.Variants[:i], v) {
			errs = append(errs, fmt.Errorf("%w: variant %q named twice", ErrInvalidOptions, v))
		}
	}
	return errors.Join(errs...)
}

// Result is the outcome of one variant.
type Result struct {
	Variant string
	// Report is the metrics report's stable encoding
	// (metrics.Report.MarshalJSON). In exact mode it is byte for byte the
	// encoding of a report built in one process over the same histories.
	// In sketch mode its summaries are empty: their values are in
	// Quantiles.
	Report []byte
	// Quantiles is the JSON of a [QuantileTable] in sketch mode; nil in
	// exact mode.
	Quantiles []byte
	// DeadLetters is the number of inputs sent to the dead letters.
	DeadLetters int
}

// Reports folds histories (a PCollection of [History]) into one [Result]
// per variant: a Beam CombineFn whose accumulator is the metrics.Report of
// cfg(variant), counting dead (a PCollection of [DeadLetter], which may
// be empty) into each result. It returns an error wrapping
// [ErrInvalidOptions] for bad options, and for histories or dead letters
// that are not PCollections of those types.
//
// Each accumulator is made with metrics.NewReport, so it holds one
// sla.Evaluator: one per bundle (and per variant) on every worker.
// Accumulators travel between workers in a compact binary form
// (DEFLATE-compressed stable JSON and sketches). A history the report
// cannot fold fails the job under metrics.FailOnCorrupt (the default)
// and is listed in the report's Skipped under metrics.SkipCorrupt.
func Reports(s beam.Scope, cfg ConfigFunc, opts Options, histories, dead beam.PCollection) (beam.PCollection, error) {
	if err := errors.Join(opts.Validate(), checkCollections(histories, dead)); err != nil {
		return beam.PCollection{}, err
	}
	if cfg == nil {
		return beam.PCollection{}, fmt.Errorf("%w: no ConfigFunc", ErrInvalidOptions)
	}
	variants := opts.Variants
	if len(variants) == 0 {
		variants = []string{""}
	}
	s = s.Scope("kpibeam.Reports")
	fn := reflectx.FunctionName(cfg)
	if _, err := resolveConfig(fn); err != nil {
		return beam.PCollection{}, err
	}
	fns := make([]*reportFn, len(variants))
	for i, v := range variants {
		fns[i] = &reportFn{Variant: v, Config: fn, RelativeError: opts.RelativeError}
	}
	return combineVariants(s, fns, histories, dead), nil
}

// checkCollections reports histories that are not a PCollection of
// [History] or dead letters that are not one of [DeadLetter], wrapping
// [ErrInvalidOptions] (Beam would panic building the transforms).
func checkCollections(histories, dead beam.PCollection) error {
	var errs []error
	for _, c := range []struct {
		name string
		col  beam.PCollection
		want reflect.Type
	}{{"histories", histories, reflect.TypeOf(History{})}, {"dead letters", dead, reflect.TypeOf(DeadLetter{})}} {
		switch {
		case !c.col.IsValid():
			errs = append(errs, fmt.Errorf("%w: the %s are not a PCollection", ErrInvalidOptions, c.name))
		case c.col.Type().Type() != c.want:
			errs = append(errs, fmt.Errorf("%w: the %s are a PCollection of %v, want %v", ErrInvalidOptions, c.name, c.col.Type(), c.want))
		}
	}
	return errors.Join(errs...)
}

// combineVariants combines histories with each of fns side by side and
// returns their results, with the dead letters counted.
func combineVariants(s beam.Scope, fns []*reportFn, histories, dead beam.PCollection) beam.PCollection {
	deadCount := beam.Combine(s, sumInts, beam.ParDo(s, countOne, dead))
	impulse := beam.Impulse(s)
	var outs []beam.PCollection
	for _, rf := range fns {
		combined := beam.Combine(s, rf, histories)
		outs = append(outs, beam.ParDo(s, &finishFn{Fn: rf}, impulse,
			beam.SideInput{Input: combined}, beam.SideInput{Input: deadCount}))
	}
	if len(outs) == 1 {
		return outs[0]
	}
	return beam.Flatten(s, outs...)
}

func countOne(DeadLetter) int { return 1 }

func sumInts(a, b int) int { return a + b }

// reportFn is the CombineFn: histories into a metrics report.
type reportFn struct {
	Variant string `json:"variant"`
	// Config is the ConfigFunc's symbol name, resolved on the worker
	// among the functions registered with Beam (a func carried as
	// beam.EncodedFunc would need a Beam type for metrics.Config).
	Config string `json:"config"`
	// Desk is the variant's desk file, decoded on the worker with
	// DeskConfig, when Config is empty.
	Desk          []byte  `json:"desk,omitempty"`
	RelativeError float64 `json:"relative_error"`

	cfg    *metrics.Config
	cfgErr error
}

// config returns the variant's configuration, made once per instance.
func (f *reportFn) config() (metrics.Config, error) {
	if f.cfg == nil && f.cfgErr == nil {
		var cfg metrics.Config
		var err error
		if f.Config == "" {
			cfg, err = DeskConfig(f.Desk)
		} else {
			var fn ConfigFunc
			if fn, err = resolveConfig(f.Config); err == nil {
				cfg, err = fn(f.Variant)
			}
		}
		if err != nil {
			f.cfgErr = fmt.Errorf("kpibeam: configuration of variant %q: %w", f.Variant, err)
		} else {
			f.cfg = &cfg
		}
	}
	if f.cfgErr != nil {
		return metrics.Config{}, f.cfgErr
	}
	return *f.cfg, nil
}

// resolveConfig finds the registered ConfigFunc named name.
func resolveConfig(name string) (ConfigFunc, error) {
	fn, err := runtime.ResolveFunction(name, reflect.TypeOf(ConfigFunc(nil)))
	if err != nil {
		return nil, fmt.Errorf("%w: ConfigFunc %s is not registered with beam.RegisterFunction: %v", ErrInvalidOptions, name, err)
	}
	return fn.(ConfigFunc), nil
}

// newAccumulator returns an empty, live accumulator.
func (f *reportFn) newAccumulator() (*accumulator, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	r, err := metrics.NewReport(cfg)
	if err != nil {
		return nil, fmt.Errorf("kpibeam: variant %q: %w", f.Variant, err)
	}
	return &accumulator{report: r, live: true, eps: f.RelativeError, sketches: map[string]*sketchEntry{}}, nil
}

// revive returns a live accumulator holding a's state.
func (f *reportFn) revive(a *accumulator) (*accumulator, error) {
	if a.live {
		return a, nil
	}
	n, err := f.newAccumulator()
	if err != nil {
		return nil, err
	}
	if err := n.merge(a); err != nil {
		return nil, err
	}
	return n, nil
}

// CreateAccumulator returns an empty report of the variant.
func (f *reportFn) CreateAccumulator() (*accumulator, error) { return f.newAccumulator() }

// AddInput folds one history into a.
func (f *reportFn) AddInput(a *accumulator, h History) (*accumulator, error) {
	a, err := f.revive(a)
	if err != nil {
		return nil, err
	}
	if err := a.report.Add(h.Events); err != nil {
		return nil, fmt.Errorf("kpibeam: variant %q: %w", f.Variant, err)
	}
	if a.eps != 0 {
		if a.pending++; a.pending >= drainEvery {
			if err := a.drain(); err != nil {
				return nil, err
			}
		}
	}
	return a, nil
}

// MergeAccumulators merges b into a.
func (f *reportFn) MergeAccumulators(a, b *accumulator) (*accumulator, error) {
	if err := a.merge(b); err != nil {
		return nil, fmt.Errorf("kpibeam: variant %q: %w", f.Variant, err)
	}
	return a, nil
}

// ExtractOutput encodes the variant's result.
func (f *reportFn) ExtractOutput(a *accumulator) (Result, error) {
	a, err := f.revive(a)
	if err != nil {
		return Result{}, err
	}
	return f.result(a)
}

func (f *reportFn) result(a *accumulator) (Result, error) {
	if err := a.drain(); err != nil {
		return Result{}, err
	}
	js, err := a.report.MarshalJSON()
	if err != nil {
		return Result{}, err
	}
	res := Result{Variant: f.Variant, Report: js}
	if a.eps != 0 {
		if res.Quantiles, err = encodeTable(a.table()); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// finishFn emits a variant's result with the dead letters counted, and the
// empty report when there were no histories at all (a global combine over
// nothing outputs nothing).
type finishFn struct {
	Fn *reportFn `json:"fn"`
}

// ProcessElement runs once, on the impulse.
func (f *finishFn) ProcessElement(_ []byte, results func(*Result) bool, deadCounts func(*int) bool, emit func(Result)) error {
	var res Result
	found := false
	for results(&res) {
		found = true
	}
	if !found {
		a, err := f.Fn.newAccumulator()
		if err != nil {
			return err
		}
		if res, err = f.Fn.result(a); err != nil {
			return err
		}
	}
	var n int
	for deadCounts(&n) {
		res.DeadLetters += n
	}
	emit(res)
	return nil
}

func init() {
	beam.RegisterCoder(reflect.TypeOf((*accumulator)(nil)), encodeAccumulator, decodeAccumulator)
	register.Combiner3[*accumulator, History, Result](&reportFn{})
	register.DoFn4x1[[]byte, func(*Result) bool, func(*int) bool, func(Result), error](&finishFn{})
	register.Function1x1(countOne)
	register.Function2x1(sumInts)
	register.Iter1[Result]()
	register.Iter1[int]()
	register.Emitter1[Result]()
	beam.RegisterType(reflect.TypeOf(Result{}))
}
