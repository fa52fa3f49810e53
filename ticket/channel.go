package ticket

// Channel is how a ticket or message reached the desk. The zero value means
// "unknown".
type Channel string

// The channels.
const (
	ChannelEmail  Channel = "email"
	ChannelPhone  Channel = "phone"
	ChannelChat   Channel = "chat"
	ChannelSocial Channel = "social"
	ChannelWeb    Channel = "web" // web form or help-center request
	ChannelWalkIn Channel = "walk_in"
	ChannelPost   Channel = "post" // letter
	ChannelAPI    Channel = "api"
)

var channels = []Channel{ChannelEmail, ChannelPhone, ChannelChat, ChannelSocial, ChannelWeb, ChannelWalkIn, ChannelPost, ChannelAPI}

// Channels returns every known channel.
func Channels() []Channel { return append([]Channel(nil), channels...) }

// ParseChannel returns the channel spelled s, or an error wrapping [ErrUnknownValue].
func ParseChannel(s string) (Channel, error) { return parseEnum("channel", s, channels) }

// String returns the channel's wire spelling.
func (c Channel) String() string { return string(c) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	switch c { // the members of channels, without a loop
	case ChannelEmail, ChannelPhone, ChannelChat, ChannelSocial, ChannelWeb, ChannelWalkIn, ChannelPost, ChannelAPI:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the unknown zero value.
func (c *Channel) UnmarshalText(b []byte) error { return unmarshalEnum(c, "channel", b, channels) }
