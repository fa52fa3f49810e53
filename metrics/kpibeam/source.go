package kpibeam

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/databaseio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local files
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/servicedesk-go/desk/ticket"
)

// History is one ticket's events in sequence order, as an element of a
// PCollection. Its coder is the ticket package's wire format (a JSON array
// of events), so a history crosses workers exactly as it is stored.
type History struct {
	Events []ticket.Event
}

// DeadLetter is an input that is not a history the report can fold: a
// line that does not decode, a history [ticket.Replay] refuses, or stored
// rows that do not make a history.
type DeadLetter struct {
	// Location is where the input was read: "path:line" (1-based) for a
	// file, "postgres[shard] ticket <id>" for stored rows.
	Location string
	// Error says what is wrong with it.
	Error string
	// Input is the line (for files; empty for stored rows).
	Input string
}

// String returns the location and the error on one line.
func (d DeadLetter) String() string { return d.Location + ": " + d.Error }

func encodeHistory(h History) ([]byte, error) { return ticket.EncodeEvents(h.Events) }

func decodeHistory(b []byte) (History, error) {
	events, err := ticket.DecodeEvents(b)
	return History{Events: events}, err
}

// ReadFiles reads ticket histories from the files that match the patterns
// (globs in the syntax of the file system of their scheme: local paths,
// or gs:// and others when their Beam file system package is imported),
// one history per line in the wire format ([ticket.EncodeEvents]).
// A file that several patterns match is read once. Each file is read
// whole by one worker, so files are the unit of
// parallelism: split big inputs into several files. Blank lines are
// skipped. A line that does not decode, or whose history
// [ticket.Replay] refuses with the default lifecycle, goes to dead (a
// PCollection of [DeadLetter]) with its file, line number and error,
// unless failOnBad is set, when it fails the job with an error wrapping
// [ErrBadInput]. A pattern that matches no file fails the job with an
// error wrapping [ErrNoFiles].
func ReadFiles(s beam.Scope, failOnBad bool, patterns ...string) (histories, dead beam.PCollection) {
	s = s.Scope("kpibeam.ReadFiles")
	files := beam.ParDo(s, expandGlob, beam.CreateList(s, slices.Clone(patterns)))
	// A file two patterns match is read once (and the files are spread
	// over the workers by the shuffle this takes).
	files = filter.Distinct(s, files)
	return beam.ParDo2(s, &readFileFn{FailOnBad: failOnBad}, files)
}

// expandGlob emits the files that match pattern.
func expandGlob(ctx context.Context, pattern string, emit func(string)) error {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return err
	}
	defer fs.Close()
	files, err := fs.List(ctx, pattern)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: %q", ErrNoFiles, pattern)
	}
	slices.Sort(files)
	for _, f := range files {
		emit(f)
	}
	return nil
}

// readFileFn reads one file of histories.
type readFileFn struct {
	FailOnBad bool `json:"fail_on_bad"`
}

// ProcessElement reads the file at path.
func (f *readFileFn) ProcessElement(ctx context.Context, path string, emit func(History), dead func(DeadLetter)) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		return err
	}
	defer rc.Close()
	return readLines(ctx, rc, path, f.FailOnBad, emit, dead)
}

// readLines reads the histories of r, one per line.
func readLines(ctx context.Context, r io.Reader, path string, failOnBad bool, emit func(History), dead func(DeadLetter)) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var long []byte
	for n := 1; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], line...)
			line, err = br.ReadSlice('\n')
			long = append(long, line...)
			line = long
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("kpibeam: read %s: %w", path, err)
		}
		if text := bytes.TrimSpace(line); len(text) > 0 {
			h, problem := decodeLine(text)
			if problem != nil {
				d := DeadLetter{Location: fmt.Sprintf("%s:%d", path, n), Error: problem.Error(), Input: string(text)}
				if failOnBad {
					return fmt.Errorf("%w: %s", ErrBadInput, d)
				}
				dead(d)
			} else {
				emit(h)
			}
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}

// decodeLine decodes one line into a history that ticket.Replay accepts.
func decodeLine(line []byte) (History, error) {
	events, err := ticket.DecodeEvents(line)
	if err != nil {
		return History{}, err
	}
	if _, err := ticket.Replay(nil, events); err != nil {
		return History{}, err
	}
	return History{Events: events}, nil
}

// StoredEvent is one row of the table that ticket/pgstore writes
// (ticket_events), as read by [ReadPostgres].
type StoredEvent struct {
	TicketID string `column:"ticket_id"`
	Seq      int64  `column:"seq"`
	Event    string `column:"event"`
}

// storedEventsSQL reads every event of a pgstore table. The jsonb column is
// read as text and decoded with the default ticket.Decoder, as pgstore
// itself decodes it (the "at" string keeps the instant as written).
const storedEventsSQL = `SELECT ticket_id::text AS ticket_id, seq, event::text AS event FROM ticket_events`

// ReadPostgres reads the histories stored by ticket/pgstore in the
// ticket_events table of each database (shard) in dsns, through Beam's
// databaseio over database/sql with pgx's stdlib driver ("pgx"). Each
// shard is read by one query in one worker; the rows are grouped by ticket
// across shards and put in sequence order. A ticket whose rows do not make
// a history (a gap or a repeated sequence number, a row that does not
// decode or names another event, a history ticket.Replay refuses) goes to
// dead, or fails the job with an error wrapping [ErrBadInput] when
// failOnBad is set.
func ReadPostgres(s beam.Scope, failOnBad bool, dsns ...string) (histories, dead beam.PCollection) {
	s = s.Scope("kpibeam.ReadPostgres")
	var keyed []beam.PCollection
	for i, dsn := range dsns {
		rows := databaseio.Query(s, "pgx", dsn, storedEventsSQL, reflect.TypeOf(StoredEvent{}))
		keyed = append(keyed, beam.ParDo(s, &keyRowFn{Shard: i}, rows))
	}
	if len(keyed) == 0 {
		keyed = append(keyed, beam.CreateList(s, []shardRow{}))
		keyed[0] = beam.ParDo(s, keyShardRow, keyed[0])
	}
	grouped := beam.GroupByKey(s, beam.Flatten(s, keyed...))
	return beam.ParDo2(s, &assembleFn{FailOnBad: failOnBad}, grouped)
}

// shardRow is a stored event and the index of the shard it came from.
type shardRow struct {
	Shard int
	Row   StoredEvent
}

// keyRowFn keys a row by its ticket.
type keyRowFn struct {
	Shard int `json:"shard"`
}

// ProcessElement keys row by its ticket ID.
func (f *keyRowFn) ProcessElement(row StoredEvent) (string, shardRow) {
	return row.TicketID, shardRow{Shard: f.Shard, Row: row}
}

func keyShardRow(r shardRow) (string, shardRow) { return r.Row.TicketID, r }

// assembleFn puts a ticket's rows together into its history.
type assembleFn struct {
	FailOnBad bool `json:"fail_on_bad"`
}

// ProcessElement assembles the history of ticket id.
func (f *assembleFn) ProcessElement(id string, rows func(*shardRow) bool, emit func(History), dead func(DeadLetter)) error {
	var all []shardRow
	var r shardRow
	for rows(&r) {
		all = append(all, r)
	}
	h, shards, problem := assemble(all)
	if problem == nil {
		emit(h)
		return nil
	}
	d := DeadLetter{Location: fmt.Sprintf("postgres%v ticket %s", shards, id), Error: problem.Error()}
	if f.FailOnBad {
		return fmt.Errorf("%w: %s", ErrBadInput, d)
	}
	dead(d)
	return nil
}

// assemble orders one ticket's rows by sequence number and decodes them.
func assemble(rows []shardRow) (History, []int, error) {
	slices.SortFunc(rows, func(a, b shardRow) int {
		if a.Row.Seq != b.Row.Seq {
			return cmpInt(a.Row.Seq, b.Row.Seq)
		}
		return cmpInt(int64(a.Shard), int64(b.Shard))
	})
	var shards []int
	for _, r := range rows {
		if !slices.Contains(shards, r.Shard) {
			shards = append(shards, r.Shard)
		}
	}
	slices.Sort(shards)
	events := make([]ticket.Event, len(rows))
	for i, r := range rows {
		if r.Row.Seq != int64(i+1) {
			return History{}, shards, fmt.Errorf("row #%d has sequence number %d: a gap or a repeat", i+1, r.Row.Seq)
		}
		e, err := ticket.Decoder{}.Decode([]byte(r.Row.Event))
		if err != nil {
			return History{}, shards, fmt.Errorf("event #%d: %w", r.Row.Seq, err)
		}
		if e.TicketID.String() != r.Row.TicketID || int64(e.Seq) != r.Row.Seq {
			return History{}, shards, fmt.Errorf("row (%s, %d) holds event #%d of ticket %s", r.Row.TicketID, r.Row.Seq, e.Seq, e.TicketID)
		}
		events[i] = e
	}
	if _, err := ticket.Replay(nil, events); err != nil {
		return History{}, shards, err
	}
	return History{Events: events}, shards, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func init() {
	// Beam finds a pipeline's functions and coders on a worker by name:
	// they are registered when the package loads, as the SDK requires.
	beam.RegisterCoder(reflect.TypeOf(History{}), encodeHistory, decodeHistory)
	register.Function3x1(expandGlob)
	register.Emitter1[string]()
	register.DoFn4x1[context.Context, string, func(History), func(DeadLetter), error](&readFileFn{})
	register.Emitter1[History]()
	register.Emitter1[DeadLetter]()
	register.DoFn1x2[StoredEvent, string, shardRow](&keyRowFn{})
	register.Function1x2(keyShardRow)
	register.DoFn4x1[string, func(*shardRow) bool, func(History), func(DeadLetter), error](&assembleFn{})
	register.Iter1[shardRow]()
	beam.RegisterType(reflect.TypeOf(StoredEvent{}))
	beam.RegisterType(reflect.TypeOf(shardRow{}))
	beam.RegisterType(reflect.TypeOf(DeadLetter{}))
}
