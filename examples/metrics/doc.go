// Command metrics computes the KPI report of a generated week on the Oslo
// desk (11–17 May 2026: Ascension Day on Thursday, Constitution Day on
// Sunday): each ticket's history is added to a metrics.Report once, and
// the report holds first reply and resolution in business hours, FCR,
// reopens, CSAT with the delivery category excluded (its tickets listed),
// SLA achievement under the examples' policy, conversations per agent,
// most used macros, handling time on phone and chat, and arrivals by
// weekday and hour. The week is generated from a fixed seed, so the output
// never changes (a test compares it with a golden file).
package main
