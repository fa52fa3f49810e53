// Command report writes a one-page report of a support desk as a
// self-contained HTML page: inline SVG charts drawn by html/template, no
// JavaScript, no style sheets or fonts from elsewhere, readable on screen
// and on paper. The page is well-formed XHTML, so XML tools can read it too.
//
// It answers the questions a support manager asks, one section each:
// response and resolution per work group against the SLA targets of each
// priority (a list of anchors leads to each group); first-contact
// resolution and reopens with numerator and denominator, and the
// interactions and agent replies it took to resolve each ticket; CSAT per
// ISO week, per agent, by score (satisfied, neutral, dissatisfied) and by
// case type, the types outside the desk's control shown as excluded with
// their reason; conversations per agent; new tickets by hour with the
// busiest hours named, by weekday × hour and per day (closed days greyed
// out, the trend per working day); the customers taking most agent time
// and the agents who spend it; the change in volume week, month and year
// over the one before per working day beside the raw change; the most
// used macros, saved replies, automations and triggers; resolution time
// with the messages in it per case type; the first-reply and resolution
// distributions; AHT per channel; the backlog at the end of each day; SLA
// achievement per metric, priority and group; and the agents an average
// working day needs per half hour (package metrics/staffing) beside the
// agents rostered. Every figure is read from a metrics.Report of the
// ticket histories (the distributions of counts from the metrics.Facts of
// each ticket it keeps).
//
// Charts have axes with their units, legends, labelled overflow bins, an
// SVG title and description for screen readers; a figure with nothing to
// measure (0/0) reads "–" with its reason. Percentages have one decimal,
// durations read "1 h 07 m". The page is laid out for 800 to 1,600 px
// and A4; examples/report/browser checks it in headless Chromium.
//
// By default it reports a generated month (May 2026 in Oslo, with its four
// public holidays); with -events it reads ticket events, one JSON object a
// line in the ticket package's wire format, from a file instead. The desk
// is the examples' (Oslo hours, the examples' SLA policies) unless -config
// names a desk file (see examples/helpdesk/desk.json): then the report
// uses the zone, business calendar, KPI definitions, CSAT exclusions and
// SLA policies of that file's "metrics" section, so a history renders
// against its own desk's hours and policies:
//
//	go run ./examples/report > report.html
//	go run ./examples/report -events events.jsonl -o report.html
//	go run ./examples/report -config desk.json -events events.jsonl -o report.html
//
// -h prints the flags; an invalid value is refused with the reason (exit
// status 2).
package main
