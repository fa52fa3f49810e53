package kpibeam

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/servicedesk-go/desk/metrics"
	"github.com/servicedesk-go/desk/metrics/kpibeam/quantile"
)

// accumulator is the state of the report combine: a metrics report, and in
// sketch mode the quantile sketches its summaries' values were moved into.
type accumulator struct {
	report *metrics.Report
	// live is true for a report from metrics.NewReport, which can fold
	// histories; a decoded one can only be read and merged.
	live bool
	// eps is the sketches' relative error; 0 in exact mode.
	eps      float64
	sketches map[string]*sketchEntry
	pending  int // histories added since the last drain
}

// sketchEntry is the sketch of one summary of one group.
type sketchEntry struct {
	Breakdown int // -1 for the whole report
	Key       []string
	Field     string
	Sketch    *quantile.Sketch
}

// drainEvery is how many histories a sketch-mode accumulator adds before
// it moves the values its report gathered into the sketches: the exact
// values held at any time are those of at most this many tickets.
const drainEvery = 1024

// namedSummary is one summary of a KPIs and its JSON name.
type namedSummary struct {
	name string
	s    *metrics.Summary
}

// summaryFields lists every metrics.Summary of k under its JSON name, in
// declaration order. A test checks that it names every Summary field.
func summaryFields(k *metrics.KPIs) [16]namedSummary {
	return [16]namedSummary{
		{"first_reply", &k.FirstReply}, {"first_reply_business", &k.FirstReplyBusiness},
		{"next_reply", &k.NextReply}, {"next_reply_business", &k.NextReplyBusiness},
		{"first_resolution", &k.FirstResolution}, {"first_resolution_business", &k.FirstResolutionBusiness},
		{"full_resolution", &k.FullResolution}, {"full_resolution_business", &k.FullResolutionBusiness},
		{"requester_wait", &k.RequesterWait}, {"requester_wait_business", &k.RequesterWaitBusiness},
		{"agent_wait", &k.AgentWait}, {"agent_wait_business", &k.AgentWaitBusiness},
		{"on_hold", &k.OnHold}, {"on_hold_business", &k.OnHoldBusiness},
		{"agent_work", &k.AgentWork}, {"agent_work_business", &k.AgentWorkBusiness},
	}
}

func fieldOrder(name string) int {
	var k metrics.KPIs
	for i, f := range summaryFields(&k) {
		if f.name == name {
			return i
		}
	}
	return -1
}

func sketchKey(b int, key []string, field string) string {
	return strconv.Itoa(b) + "|" + field + "|" + fmt.Sprintf("%q", key)
}

// drain moves every value and censored count of the report's summaries
// into the sketches, leaving the summaries empty. It does nothing in exact
// mode.
func (a *accumulator) drain() error {
	if a.eps == 0 {
		return nil
	}
	a.pending = 0
	visit := func(b int, key []string, k *metrics.KPIs) error {
		for _, f := range summaryFields(k) {
			if f.s.IsZero() {
				continue
			}
			id := sketchKey(b, key, f.name)
			e := a.sketches[id]
			if e == nil {
				sk, err := quantile.New(a.eps)
				if err != nil {
					return err
				}
				e = &sketchEntry{Breakdown: b, Key: slices.Clone(key), Field: f.name, Sketch: sk}
				a.sketches[id] = e
			}
			for _, v := range f.s.Values() {
				e.Sketch.Add(v)
			}
			e.Sketch.AddCensoredN(f.s.Censored())
			*f.s = metrics.Summary{}
		}
		return nil
	}
	if err := visit(-1, nil, a.report.All); err != nil {
		return err
	}
	for i, br := range a.report.Breakdowns {
		for _, g := range br.Groups() {
			if err := visit(i, g.Key, g.KPIs); err != nil {
				return err
			}
		}
	}
	return nil
}

// merge adds o to a; o must not be used afterwards.
func (a *accumulator) merge(o *accumulator) error {
	if a.eps != o.eps {
		return fmt.Errorf("%w: accumulators of relative errors %v and %v", metrics.ErrIncompatible, a.eps, o.eps)
	}
	if err := a.report.Merge(o.report); err != nil {
		return err
	}
	for id, e := range o.sketches {
		mine := a.sketches[id]
		if mine == nil {
			a.sketches[id] = e
			continue
		}
		if err := mine.Sketch.Merge(e.Sketch); err != nil {
			return err
		}
	}
	a.pending += o.pending
	if a.pending >= drainEvery {
		return a.drain()
	}
	return nil
}

// accumulatorVersion is the first byte of an accumulator's encoding.
const accumulatorVersion = 1

// encodeAccumulator is the accumulator's coder: a version byte, then,
// compressed with DEFLATE at its fastest level, the relative error, the
// report's stable JSON encoding (metrics.Report.MarshalJSON) and each
// sketch with its group and field. Summary values in the JSON are sorted,
// so their digits repeat and compress well. In sketch mode the report's
// values are drained into the sketches first.
func encodeAccumulator(a *accumulator) ([]byte, error) {
	if err := a.drain(); err != nil {
		return nil, err
	}
	js, err := a.report.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var body []byte
	body = binary.LittleEndian.AppendUint64(body, math.Float64bits(a.eps))
	body = binary.AppendUvarint(body, uint64(len(js)))
	body = append(body, js...)
	ids := make([]string, 0, len(a.sketches))
	for id := range a.sketches {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	body = binary.AppendUvarint(body, uint64(len(ids)))
	for _, id := range ids {
		e := a.sketches[id]
		body = binary.AppendVarint(body, int64(e.Breakdown))
		body = appendString(body, e.Field)
		body = binary.AppendUvarint(body, uint64(len(e.Key)))
		for _, k := range e.Key {
			body = appendString(body, k)
		}
		if body, err = e.Sketch.AppendBinary(body); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	out.Grow(len(body)/4 + 16)
	out.WriteByte(accumulatorVersion)
	zw, err := flate.NewWriter(&out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decodeAccumulator reads encodeAccumulator's bytes into an accumulator
// holding a decoded (not live) report. Errors wrap [ErrBadAccumulator].
func decodeAccumulator(b []byte) (*accumulator, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadAccumulator}, args...)...)
	}
	if len(b) == 0 || b[0] != accumulatorVersion {
		return nil, bad("unknown version")
	}
	body, err := io.ReadAll(flate.NewReader(bytes.NewReader(b[1:])))
	if err != nil {
		return nil, bad("%v", err)
	}
	if len(body) < 8 {
		return nil, bad("truncated")
	}
	a := &accumulator{eps: math.Float64frombits(binary.LittleEndian.Uint64(body)), sketches: map[string]*sketchEntry{}}
	body = body[8:]
	n, k := binary.Uvarint(body)
	if k <= 0 || n > uint64(len(body)-k) {
		return nil, bad("truncated report")
	}
	a.report = new(metrics.Report)
	if err := a.report.UnmarshalJSON(body[k : k+int(n)]); err != nil {
		return nil, bad("%v", err)
	}
	body = body[k+int(n):]
	count, k := binary.Uvarint(body)
	if k <= 0 {
		return nil, bad("truncated sketches")
	}
	body = body[k:]
	for range count {
		e := &sketchEntry{}
		v, k := binary.Varint(body)
		if k <= 0 || v < -1 || v >= int64(len(a.report.Breakdowns)) {
			return nil, bad("sketch breakdown")
		}
		e.Breakdown, body = int(v), body[k:]
		if e.Field, body, err = readString(body); err != nil || fieldOrder(e.Field) < 0 {
			return nil, bad("sketch field %q", e.Field)
		}
		nk, k := binary.Uvarint(body)
		if k <= 0 || nk > uint64(len(body)) {
			return nil, bad("sketch key")
		}
		body = body[k:]
		for range nk {
			var s string
			if s, body, err = readString(body); err != nil {
				return nil, bad("sketch key")
			}
			e.Key = append(e.Key, s)
		}
		if e.Sketch, body, err = quantile.Decode(body); err != nil {
			return nil, bad("%v", err)
		}
		if e.Sketch.RelativeError() != a.eps {
			return nil, bad("a sketch of relative error %v in an accumulator of %v", e.Sketch.RelativeError(), a.eps)
		}
		id := sketchKey(e.Breakdown, e.Key, e.Field)
		if a.sketches[id] != nil {
			return nil, bad("sketch %s repeated", id)
		}
		a.sketches[id] = e
	}
	if len(body) > 0 {
		return nil, bad("%d bytes after the sketches", len(body))
	}
	return a, nil
}

func readString(b []byte) (string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, ErrBadAccumulator
	}
	return string(b[k : k+int(n)]), b[k+int(n):], nil
}

// QuantileTable is the result of sketch mode: for every summary of every
// group, its exact count, censored count, sum, mean, min and max, and its
// median and 90th percentile within RelativeError of the exact
// nearest-rank values.
type QuantileTable struct {
	Method        string            `json:"method"` // "sketch"
	RelativeError float64           `json:"relative_error"`
	Summaries     []SketchedSummary `json:"summaries"`
}

// SketchedSummary is one summary read from its sketch.
type SketchedSummary struct {
	Breakdown int           `json:"breakdown"` // index in the report's breakdowns; -1 for the whole report
	Key       []string      `json:"key"`       // the group's key labels (empty for the whole report)
	Field     string        `json:"field"`     // the KPIs field, by its JSON name ("first_reply")
	Count     int           `json:"count"`
	Censored  int           `json:"censored"`
	SumNanos  string        `json:"sum_ns"` // exact, a decimal integer
	Mean      time.Duration `json:"mean_ns"`
	Median    time.Duration `json:"median_ns"`
	P90       time.Duration `json:"p90_ns"`
	Min       time.Duration `json:"min_ns"`
	Max       time.Duration `json:"max_ns"`
	Buckets   int           `json:"buckets"` // the sketch's size in counters
}

// table reads every sketch, in breakdown, key (as the report orders its
// groups) and field order.
func (a *accumulator) table() QuantileTable {
	t := QuantileTable{Method: "sketch", RelativeError: a.eps, Summaries: []SketchedSummary{}}
	for _, e := range a.sketches {
		sk := e.Sketch
		s := SketchedSummary{Breakdown: e.Breakdown, Key: e.Key, Field: e.Field, Count: sk.Count(), Censored: sk.Censored(),
			SumNanos: sk.Sum().String(), Buckets: sk.Buckets()}
		if s.Key == nil {
			s.Key = []string{}
		}
		s.Mean, _ = sk.Mean()
		s.Median, _ = sk.Quantile(0.5)
		s.P90, _ = sk.Quantile(0.9)
		s.Min, _ = sk.Min()
		s.Max, _ = sk.Max()
		t.Summaries = append(t.Summaries, s)
	}
	slices.SortFunc(t.Summaries, func(x, y SketchedSummary) int {
		if x.Breakdown != y.Breakdown {
			return x.Breakdown - y.Breakdown
		}
		var dims []metrics.Dimension
		if x.Breakdown >= 0 && x.Breakdown < len(a.report.Breakdowns) {
			dims = a.report.Breakdowns[x.Breakdown].Dims
		}
		if c := compareKeys(dims, x.Key, y.Key); c != 0 {
			return c
		}
		return fieldOrder(x.Field) - fieldOrder(y.Field)
	})
	return t
}

// hourLabel is the layout of a group's label in a breakdown by hour.
const hourLabel = "2006-01-02T15:04Z07:00"

// compareKeys orders group keys as the report's groups are ordered: time
// buckets chronologically, values as strings. Labels of days, weeks,
// months and years sort as strings in time order; those of hours do not
// across an autumn clock change ("02:00+02:00" is before "02:00+01:00"),
// so they are compared as instants.
func compareKeys(dims []metrics.Dimension, x, y []string) int {
	for i := range min(len(x), len(y)) {
		if i < len(dims) && dims[i] == metrics.DimHour {
			tx, errx := time.Parse(hourLabel, x[i])
			ty, erry := time.Parse(hourLabel, y[i])
			if errx == nil && erry == nil {
				if c := tx.Compare(ty); c != 0 {
					return c
				}
				continue
			}
		}
		if c := strings.Compare(x[i], y[i]); c != 0 {
			return c
		}
	}
	return len(x) - len(y)
}

// encodeTable is the stable JSON encoding of a table.
func encodeTable(t QuantileTable) ([]byte, error) { return json.Marshal(t) }
