// Package memstore is an in-memory [ticket.Store]: the reference
// implementation of the storage contract in package ticket, for tests,
// examples, prototypes and small tools.
//
// A [Store] keeps every ticket's history in memory and implements
// [ticket.Loader], [ticket.Appender] and the optional [ticket.Scanner]
// capability. It is safe for concurrent use by multiple goroutines; appends
// use optimistic concurrency exactly as the contract describes: an append
// whose expected version is stale stores nothing and returns a
// [*ticket.ConflictError], so the caller reloads, re-runs its command and
// retries.
//
// The store owns its data. Append stores deep copies of the events it is
// given (including the slices and maps inside payloads such as
// [ticket.Created.Tags] or [ticket.FieldsChanged.Changes]), and Load and All
// return deep copies, so no caller can change stored history by mutating
// what it passed in or got back.
//
// Errors: Load of an unknown ticket returns an error wrapping
// [ticket.ErrNotFound]; a stale expected version returns a
// [*ticket.ConflictError] (wrapping [ticket.ErrConflict]); events with a
// foreign ticket ID, wrong sequence numbers, no payload or a backwards
// instant are rejected by [ticket.CheckAppend] with an error wrapping
// [ticket.ErrCorruptHistory]. Load, Append and All return ctx.Err() when
// ctx is already done.
//
// To start, create a store with [New] (the zero Store is ready to use as
// well), save the events a command produced with [ticket.Save], and read a
// ticket back with [Store.Load] or [ticket.Load]. The conformance suite in
// package ticket/tickettest runs against this store in its own tests.
package memstore
