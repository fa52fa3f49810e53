// Command whatif replays the same generated month of tickets (May 2026 on
// the Oslo desk) under the examples' SLA policy counted in two calendars:
// the desk's hours, Monday to Friday 08:00–16:00, and a longer week,
// 08:00–17:00 and Saturday 10:00–14:00. It prints the achievement of each
// metric per priority under both, side by side, the breaches one calendar
// avoids, and some of the tickets that flip.
//
// This is possible only because an SLA is a pure replay: sla.Policies
// evaluates a ticket's stored history at an instant, with no state kept
// between calls, so last month can be judged under any policy or calendar
// without touching the tickets. (Here the histories stay the same while
// the promise changes: counted in more open hours, the same replies take
// longer, so the longer week breaches more — which is exactly the question
// to ask before promising it.)
//
// The month is generated from a fixed seed, so the output never changes (a
// test compares it with a golden file).
package main
