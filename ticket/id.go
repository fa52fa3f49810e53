package ticket

import "github.com/google/uuid"

// ID identifies a ticket. It is a UUID; where the library makes one (see
// [Create] and [FollowUp]) the caller supplies the generator.
type ID = uuid.UUID

// NewIDFunc makes a fresh ticket ID. uuid.New is the usual choice; tests
// inject a deterministic sequence.
type NewIDFunc func() ID
