// Command staffing plans next week's staffing of the Oslo desk half hour
// by half hour: it learns each channel's arrivals from four generated weeks
// of tickets (13 April – 10 May 2026, with Labour Day), forecasts the week
// of 11–17 May (Ascension Day on Thursday, Constitution Day on Sunday),
// turns the forecast into agents — phone under Erlang A, chat with two
// chats per agent, email and web forms by workload within their
// first-reply window in business hours — and sets the requirement beside
// the desk's roster, with the gaps. Handling times are read from a
// metrics.Report of the same tickets. The history is generated from a
// fixed seed, so the output never changes (a test compares it with a
// golden file).
package main
