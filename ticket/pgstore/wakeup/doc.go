// Package wakeup fires SLA escalations and follow-ups on time, exactly once
// in its ledger, across restarts and many application instances: durable
// wake-ups for the tickets of a [pgstore.Store], run by River
// (github.com/riverqueue/river) on the same PostgreSQL.
package wakeup
