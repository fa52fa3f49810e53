package ticket

// Tier is a requester's customer segment, such as "vip". Segments are the
// caller's vocabulary, so Tier is an open set: any non-empty string is a
// tier, and the zero value means "no segment". Routing policies weigh tiers
// (an important customer may be served first).
type Tier string

// Common tiers. Callers may use their own.
const (
	TierStandard Tier = "standard"
	TierPremium  Tier = "premium"
	TierVIP      Tier = "vip"
)

// String returns the tier's spelling.
func (t Tier) String() string { return string(t) }

// Requester is the customer a ticket is for.
type Requester struct {
	CustomerID   string `json:"customer_id"`
	Organization string `json:"organization,omitempty"`
	Tier         Tier   `json:"tier,omitempty"`
	Language     string `json:"language,omitempty"` // BCP 47 tag, e.g. "nb", "en-GB"
	Region       string `json:"region,omitempty"`   // the caller's region code, e.g. "NO-03" or "EMEA"
}
