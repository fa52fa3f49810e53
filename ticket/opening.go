package ticket

// Opening finds, event by event, the opening comment of a ticket an agent
// opened, which is the ticket's description and not a reply. It is the one
// definition of "first reply" on such tickets that package sla's clocks,
// package metrics' facts and anything else that folds a history share.
//
// Zendesk's native first reply time runs from creation to the first public
// agent comment, except that "if the ticket is created by an agent and the
// first comment is public the second timestamp shifts to the second public
// agent comment" (Zendesk Help Center, article 4408834848154); its article
// on first reply time (4408821871642) says of a ticket an agent creates
// that timing "ends at the agent's next public comment", and its one-touch
// article (4408820618266) that on a proactive ticket "the agent's initial
// comment" is not counted, only a second agent comment. An agent who logs a
// phone call as a ticket and writes the customer a public description has
// not replied yet.
//
// The definition, decided here:
//
//   - A ticket is opened by an agent when the Actor of its [Created] event
//     has [RoleAgent]. A ticket a bot or the system creates (a rule, an
//     integration, a monitoring alert) or a customer creates is not: the
//     rule is about agents, and the first reply a customer gets on a
//     machine-made ticket is still a first reply.
//   - Its opening comment is the first [Message] event of its history
//     written by a person (an agent or a customer, not [Message.Automated],
//     not by a bot or the system), however long after the creation it
//     came: [Created] carries no text, so the description is the message
//     that follows it (as in [FollowUp], whose message is its opening
//     comment). A trigger's acknowledgement or a bot's greeting sent before
//     the agent has written the description does not take its place:
//     machine messages are no replies anyway (Zendesk's first reply time
//     leaves out "automated or bot-related actions"). Any agent may write
//     it, not only the one who opened the ticket: a dispatcher may open a
//     ticket a colleague describes, and Zendesk speaks of the second public
//     comment by any agent. When the customer writes first, that message
//     is the opening comment, and the first public agent reply is the
//     first reply, as on any ticket.
//   - The opening comment is not a reply: it neither stops a first-reply
//     clock, nor makes the desk "have replied" (so a customer message
//     after it starts no next reply: the first reply has not happened
//     yet), nor counts among a ticket's agent replies. When it is an
//     internal note it is no reply anyway, and the first public agent
//     reply is the first reply, as on any ticket. When it is a customer's
//     message it changes nothing either.
//   - It is an update: clocks and cadences that run between public agent
//     messages (package sla's periodic and pausable update, package
//     followup's status updates) count from it, as the customer heard from
//     the desk then.
//
// A merge moves no comments, and a reopen writes none, so neither changes
// which message is the opening comment.
//
// The zero Opening is ready to read a history from its first event.
type Opening struct {
	agent bool // the history's Created event has an agent as Actor
	done  bool // the opening comment, or the first message, was read
}

// Read reads e, the next event of a ticket's history in Seq order (the
// first being its [Created] event), and reports whether e is the opening
// comment of a ticket an agent opened (see [Opening]). A history read from
// the middle, or without its Created event, has no opening comment.
func (o *Opening) Read(e *Event) bool {
	if o.done {
		return false
	}
	switch d := e.Data.(type) {
	case Created:
		o.agent = e.Actor.Role == RoleAgent
		o.done = !o.agent
	case Message:
		if d.Automated || e.Actor.Role == RoleBot || e.Actor.Role == RoleSystem {
			return false // a machine message: the description is still to come
		}
		o.done = true
		return o.agent
	}
	return false
}

// OpeningComment returns the index in history of the opening comment of a
// ticket an agent opened (see [Opening]), or −1 when the history has none:
// the ticket was not opened by an agent, or no message was written yet.
func OpeningComment(history []Event) int {
	var o Opening
	for i := range history {
		if o.Read(&history[i]) {
			return i
		}
		if o.done {
			break
		}
	}
	return -1
}
