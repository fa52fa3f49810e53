// Package deskfile loads a whole desk — calendars, ticket lifecycle, SLA
// policies, follow-up rules, routing and the KPI report's configuration —
// from one JSON file, section by section, with the loader of each package:
//
//	{
//	  "calendars": {"oslo": {"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00", "holidays": "NO"}},
//	  "lifecycle": { … ticket.DecodeLifecycle … },
//	  "sla":       { … sla.DecodeConfig, built on the calendars … },
//	  "followup":  { … followup.DecodeConfig, planned on the calendar it names … },
//	  "routing":   { … routing.DecodeConfig … },
//	  "metrics":   { … metrics.DecodeDocument, on the calendar it names and the SLA policies … }
//	}
//
// Calendars come first, each a calendar.Config under its name (not "",
// which the sections write for calendar time), at most [MaxCalendars] of
// them with at most [MaxCalendarIntervalYears] together; the other
// sections refer to them by name. Every section may be left out, or
// given as null, which is the same (the lifecycle is then
// ticket.DefaultLifecycle). Load reports every problem of every section
// at once, each a *document.Error whose path starts with its section
// ("sla.policies[2].targets[0].duration",
// "calendars.oslo.special_days[1].date") and which wraps the sentinel of
// the section's package. The file is a document as package document
// reads it: at most document.MaxSize bytes, and text that is not JSON is
// refused by line and column.
package deskfile
