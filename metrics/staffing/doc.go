// Package staffing turns a service desk's arrivals into a staffing
// requirement: how many agents each interval needs on each channel, from a
// forecast learned from history on the desk's own calendar, with the
// queueing models contact centres use, compared with a roster.
//
// # Queues: Erlang C and Erlang A
//
// A [Load] is the work offered in one interval: arrivals, the interval's
// length and the mean handling time (AHT: talk, hold and after-contact
// work). Its traffic is arrivals × AHT ÷ interval, in Erlangs.
//
// [Load.ErlangC] evaluates the M/M/c queue (Poisson arrivals, exponential
// handling, callers wait as long as it takes) with a given number of
// agents: the probability of waiting (the Erlang C formula), the service
// level (the share answered within a target time, 1 − P(wait)·e^(−(c−A)t/AHT)),
// the average speed of answer (P(wait)·AHT ÷ (c − A)) and the occupancy
// (A ÷ c). [Load.AgentsC] finds the fewest agents meeting a [Target]: a
// service level within a time, such as 80 % in 20 s, under a maximum
// occupancy. [Positions] turns agents on the queue into scheduled
// positions after shrinkage (breaks, meetings, training, absence):
// agents ÷ (1 − shrinkage), rounded up, in exact decimal arithmetic, so 14
// agents at 30 % are 20 positions.
//
// The figures come from the Erlang B recursion B(k) = A·B(k−1) ÷ (k +
// A·B(k−1)), with 1 − B carried by its own recursion, and C and the
// service level written as sums of non-negative terms. No factorial or
// power is formed, so thousands of agents cost microseconds, and every
// figure agrees with the textbook formulas evaluated in 1,200-bit
// arithmetic to 1e-9 relative, including service levels near 0 close to
// saturation. An overloaded queue (traffic ≥ agents) is reported as
// unstable ([Result.Stable] false) with its limiting figures, never as a
// number that looks fine.
//
// Erlang C overstaffs when callers hang up. [Load.ErlangA] and
// [Load.AgentsA] evaluate the M/M/c+M queue (Garnett, Mandelbaum and
// Reiman, 2002), in which a caller leaves after an exponential patience
// with a given mean: the probability of waiting, the shares answered and
// abandoned, abandons within the target, the average speed of answer of
// answered calls and the mean wait of all callers. Once callers abandon,
// "service level" has several meanings; [Definition] names the four in
// use: answered within the target over all offered ([SLOffered], the
// default: an abandon counts against the desk), over answered only
// ([SLAnswered]), abandons within the target counted as met
// ([SLAbandonsMet]), and abandons within the target left out
// ([SLShortAbandonsExcluded]). The figures are sums over the number of
// waiting callers of non-negative terms, carried with an integer exponent
// ([Load.ErlangA] explains the derivation), so they stay exact where
// float64 closed forms underflow or cancel: a service level of 1e-20 in an
// overloaded interval, or a patience of a million handling times.
//
// Queue figures are float64, not decimals: they are model outputs, exact
// to float64's precision as described, for a caller to round as it shows
// them; agents and positions are whole numbers.
//
// # Chat and asynchronous channels
//
// [Load.AgentsChat] staffs a chat queue whose agents hold several chats at
// once by the usual approximation, documented there: each agent is that
// many Erlang C servers, with the chat's elapsed duration as AHT.
// [Async.Workload] staffs email, forms and messages by workload: each
// interval's work (arrivals × AHT) is spread over the business time of its
// SLA window on the desk's calendar, and each interval needs the work that
// lands in its open time.
//
// # Forecast
//
// [NewForecast] learns from a [History] of arrival instants (the creation
// of each ticket) or counts per interval (such as a metrics report's
// hourly volume, [VolumeCounts]): a weekly profile per interval (by wall-clock time, per weekday)
// × a level with a least-squares trend over the last N weeks, on the
// desk's calendar. Holidays and closed special days have their own profile
// (learned from the history's holidays, else a Sunday's); the weekly
// levels are normalised by the normal days each week had, like the
// metrics package's trends per working day, so a week with a holiday does
// not read as a fall in demand. [NewBacktest] forecasts dates from the
// weeks before them and reports the weighted absolute percentage error
// (WAPE) per interval, per day and per time of day.
//
// # Plan
//
// [NewPlan] takes each [Channel] with its forecast ([Demand]) and a
// [Roster] of shifts (or [HoursRoster]: the calendar's open hours ×
// headcount) and returns, per interval, each channel's requirement, the
// total agents and positions, the agents rostered and the gap, as data a
// UI can draw. Each channel has its own agents (no multi-skill pooling),
// so the requirement of an interval is the sum over channels; live
// channels need agents only while their hours are open.
//
// # Time
//
// Intervals are cut on the real time line from each local midnight of the
// calendar's location and named by their wall-clock start, so a
// spring-forward day has two half hours fewer and an autumn day two more;
// days are never stepped by adding 24 hours. No function reads the clock.
//
// # Concurrency
//
// The package has no state: every function is pure and safe for
// concurrent use; results belong to the caller.
//
// # Errors
//
// Bad input — negative or NaN arrivals, a handling time or interval that
// is not positive, shrinkage outside [0, 1), a service-level target outside
// (0, 1), an answer-time target longer than the interval, an unknown
// definition or channel kind, forecasts that do not line up or lie outside
// the years of a channel's calendar — is an [*InputError] wrapping
// [ErrInvalidInput]. A target that no number of
// agents meets within the search bound, a queue too large to evaluate, or
// an asynchronous workload needing more than 20 million agents, is an
// [*UnreachableError] wrapping [ErrUnreachable]. Nothing panics.
//
// # Getting started
//
// Describe the interval and ask for agents:
//
//	load := staffing.Load{Arrivals: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
//	r, err := load.AgentsC(staffing.Target{ServiceLevel: 0.8, Within: 20 * time.Second})
//	// r.Agents == 14, r.ServiceLevel ≈ 0.888
//	positions, err := staffing.Positions(r.Agents, 0.3) // 20
//
// For a week, learn a forecast per channel with [NewForecast] from the
// creation instants of its tickets, describe each channel, and call
// [NewPlan] with the roster.
package staffing
