package tickettest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/servicedesk-go/desk/ticket"
)

// Factory is the type of the store constructor [TestStore] takes: a
// func() ticket.Store, or a func(*testing.T) ticket.Store that receives the
// subtest of the property being checked, so that it can register cleanup
// per property with t.Cleanup (drop a database schema, close a pool) and
// stop the subtest with t.Fatal when setting up fails.
type Factory interface {
	func() ticket.Store | func(*testing.T) ticket.Store
}

// TestStore checks that the stores newStore returns implement the storage
// contract of package ticket ([ticket.Loader], [ticket.Appender] and, when
// implemented, [ticket.Scanner]). It runs one subtest per property (see the
// package documentation for the list), each against a store of its own, and
// reports every problem a property finds with t.Error. The scanner subtest is
// skipped when the store does not implement [ticket.Scanner], and the state
// subtest unless the store is a [StateGuard].
//
// newStore must return a new, empty store each time it is called; see
// [Factory] for its two accepted forms.
func TestStore[F Factory](t *testing.T, newStore F) {
	t.Helper()
	for _, p := range properties() {
		t.Run(p.name, func(t *testing.T) {
			var mk func() ticket.Store
			switch f := any(newStore).(type) {
			case func() ticket.Store:
				mk = f
			case func(*testing.T) ticket.Store:
				mk = func() ticket.Store { return f(t) }
			}
			err := p.run(t.Context(), mk)
			switch {
			case errors.Is(err, errNotApplicable):
				t.Skip(err)
			case err != nil:
				t.Error(err)
			}
		})
	}
}

// CheckStore runs the same checks as [TestStore] without a [testing.T]. It
// returns nil when the stores newStore returns pass every property, and
// otherwise the [errors.Join] of one [*PropertyError] per failed property.
// A property that does not apply to the store (scanner on a store without
// [ticket.Scanner], state on a store that is no [StateGuard]) is not a
// failure.
//
// newStore must return a new, empty store each time it is called.
//
// Given property names (the Property* constants), CheckStore checks only
// those properties; an unknown name is reported as a failed property.
func CheckStore(ctx context.Context, newStore func() ticket.Store, only ...string) error {
	var errs []error
	for _, name := range only {
		if !slices.ContainsFunc(properties(), func(p property) bool { return p.name == name }) {
			errs = append(errs, &PropertyError{Property: name, Err: errors.New("no such property")})
		}
	}
	for _, p := range properties() {
		if len(only) > 0 && !slices.Contains(only, p.name) {
			continue
		}
		err := p.run(ctx, newStore)
		if err != nil && !errors.Is(err, errNotApplicable) {
			errs = append(errs, &PropertyError{Property: p.name, Err: err})
		}
	}
	return errors.Join(errs...)
}

// PropertyError reports a property of the storage contract that a store
// does not have. Err describes every problem found; it may join several.
type PropertyError struct {
	Property string // the property's name, as listed in the package documentation
	Err      error
}

// Error returns "tickettest: " followed by the property's name and what went
// wrong.
func (e *PropertyError) Error() string {
	return fmt.Sprintf("tickettest: %s: %v", e.Property, e.Err)
}

// Unwrap returns Err.
func (e *PropertyError) Unwrap() error { return e.Err }

// Property names, as used in subtest names and [PropertyError.Property].
const (
	PropertyOrdering    = "ordering"
	PropertyVersioning  = "versioning"
	PropertyConflict    = "conflict"
	PropertyNotFound    = "not_found"
	PropertyInvalid     = "invalid_append"
	PropertyOutOfOrder  = "out_of_order"
	PropertyAtomicity   = "atomicity"
	PropertyIsolation   = "isolation"
	PropertyScanner     = "scanner"
	PropertyConcurrency = "concurrency"
	PropertyState       = "state" // only for a [StateGuard]
	PropertyContext     = "context"
)

// errNotApplicable is returned by a check that does not apply to the store.
var errNotApplicable = errors.New("property does not apply to the store")

// A property is one named part of the storage contract and its check.
type property struct {
	name  string
	check func(ctx context.Context, s ticket.Store, ids idSpace) error
}

func properties() []property {
	return []property{
		{PropertyOrdering, checkOrdering},
		{PropertyVersioning, checkVersioning},
		{PropertyConflict, checkConflict},
		{PropertyNotFound, checkNotFound},
		{PropertyInvalid, checkInvalid},
		{PropertyOutOfOrder, checkOutOfOrder},
		{PropertyAtomicity, checkAtomicity},
		{PropertyIsolation, checkIsolation},
		{PropertyScanner, checkScanner},
		{PropertyConcurrency, checkConcurrency},
		{PropertyState, checkState},
		{PropertyContext, checkContext},
	}
}

// run checks the property against a new store. A panic in the store is
// reported as a problem rather than crashing the caller's test binary.
func (p property) run(ctx context.Context, newStore func() ticket.Store) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	s := newStore()
	if s == nil {
		return errors.New("newStore returned nil")
	}
	return p.check(ctx, s, idSpace(p.name))
}
