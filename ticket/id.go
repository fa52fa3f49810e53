package ticket

import "github.com/google/uuid"

// ID identifies a ticket. It is a UUID chosen by the caller (usually
// uuid.New()), so tests and replays are deterministic.
type ID = uuid.UUID
