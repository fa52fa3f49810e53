// Command calendar shows business-time arithmetic on an Oslo support desk
// open Monday to Friday 08:00–16:00, closed on Norwegian public holidays,
// with short hours on Christmas Eve: a deadline across Easter, the open
// time over a daylight-saving weekend, the week of Ascension Day, working
// days per month, and the hours an Oslo team shares with a customer in New
// York. Every instant is fixed, so the output never changes (a test
// compares it with a golden file).
package main
