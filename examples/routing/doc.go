// Command routing shows the routing package on one busy morning: an
// incident's priority from ITIL impact × urgency, a queue of waiting
// tickets put in order by visible score terms, the queue handed out to the
// agents online with the reason for every choice, a ticket no one may take
// yet finding an agent as the relaxation ladder lowers its requirements,
// and an escalation path. Every instant is fixed, so the output never
// changes (a test compares it with a golden file).
package main
