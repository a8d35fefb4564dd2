// Package targets determines sales targets: who carries which quota of
// which measure in which period, and how they stand against it.
//
// A target is an owner's amount of a measure over a fiscal period, from a
// date, with an optional stretch ([Quota]). The owner is a member, a role
// (every member holding it, each for the full amount), a team, a
// territory or a channel. A [Section], the targets: key of a strategy
// document, lists the targets with the seasonality that spreads a yearly
// target over its quarters or months, the ramp schedules of new hires, and
// whether a member who joins, leaves or moves inside a period is prorated
// by days or by whole months. [Compile] checks it against an [Env] (the
// calendar, the organisation, the measures, the currency) and returns a
// [Book], which answers:
//
//   - [Book.Quota]: a member's quota for any period, seasonal, prorated
//     and ramped (what the commission engine reads), [Book.Stretch], the
//     stretch target worked out the same way, and [Book.QuotaDetail], the
//     full and the ramped quota with the ramp share between them (what a
//     draw report shows);
//   - [Book.TargetOf]: any owner's target (what the forecast reads), and
//     [Book.RollUp], the sum of its members' quotas, managers left out,
//     which shows the over-assignment of an allocated target;
//   - [Book.Actual], [Book.Attainment] and [Book.YTD]: achievement from
//     credits, counting only credited shares and no deal twice;
//   - [Book.Gap]: the gap to target and the run rate needed to close it;
//   - [Book.Capacity] and [CapacityPlan]: what a team can carry, and how
//     many reps or new hires a target needs.
//
// In a document:
//
//	targets:
//	  proration: months            # or days, the default
//	  rounding: minor-unit         # the default: quotas to the cent; or exact
//	  seasonality:
//	    - {id: saas, period: quarter, weights: [0.15, 0.25, 0.25, 0.35]}
//	  ramps:
//	    - {id: ae-ramp, shares: [0, 0.25, 0.5, 0.75, 1]}
//	  quotas:
//	    - {owner: role:ae, measure: bookings, period: FY2027, amount: 600000, seasonality: saas, ramp: ae-ramp}
//	    - {owner: member:ana, measure: bookings, period: FY2027, amount: 800000, stretch: 1000000, seasonality: saas}
//	    - {owner: member:ana, measure: bookings, period: FY2027, amount: 900000, from: 2027-08-01, seasonality: saas}
//	    - {owner: team:emea, measure: bookings, period: FY2027, amount: 2500000, allocate: {over_assign: 1.15}}
//	    - {owner: role:manager, measure: bookings, period: FY2027, of: managed_team}
//
// and in Go:
//
//	book, err := targets.Compile(sec, targets.Env{Calendar: cal, Org: org, Currency: "EUR"})
//	if err != nil {
//		return err // a diag.List: every problem, by path (quotas[3].amount)
//	}
//	q, ok, err := book.Quota("ana", "bookings", cal.MustParse("FY2027-Q3"))
//
// # Conventions
//
// Amounts are decimals, never floats. A target is split into parts
// (seasonality, over-assignment) by largest remainder, so the parts add
// up to it exactly. A quota is worked out exactly, then rounded to the
// currency's minor unit (2 places by default, whole units for a count
// measure) with the env's rounding mode (half-even unless the strategy's
// rounding: says otherwise), in such a way that the quotas of the periods
// of a fiscal year add up exactly to the year's (see [Book]). That is the
// default, rounding: minor-unit, which the examples above and the sample
// strategies use; rounding: exact keeps fractions of a cent until
// attainment is computed (see [Exact]).
//
// On any day a member's quota comes from their own target if one is in
// force, else from their part of an allocated team, territory or channel
// target, else from the target of the role they hold: an explicit member
// target and a role target for the same member are not a conflict, the
// member target wins.
//
// The members of a team, territory or channel are those of each day: a
// team's members include those of the teams below it in the tree of that
// day, a territory's are the members of the teams covering it that day,
// and a channel's the members of the teams selling through it that day
// ([Org.ChannelTeams]). So a member whose team moves under another
// parent, or takes up a channel, mid-period is in the new owner's group
// from the day of the move, and the period is prorated by the basis as
// for a member who moves team (a month going to the group of its first
// day under proration: months).
//
// # Managers
//
// A manager's quota is their team's number. A member or role target
// written of: managed_team ([ManagedTeam]) has no amount: on each day the
// member manages a team, they carry that day's part of the team's own
// target, so a manager who hands the team over mid-quarter has it
// prorated to their days (by the basis, as a member who moves team), and
// their successor the rest.
//
// For the same reason a roll-up does not count a manager's quota on top
// of their reports': the roll-up of a team, territory or channel sums,
// day by day, the quotas of its members who manage no team that day
// (whether their quota is the team's target, an amount of their own, or
// their role's). So does the target of a team without a target of its
// own ([Book.TargetOf], what the forecast reads), and an even allocation
// hands a team's target to its members who manage no team on the day it
// takes effect, so that the roll-up of an allocated target is the target
// × over_assign. Who manages which team on a day comes from the
// organisation when it implements [TeamManagers], as the strategy package's
// does; with one that does not, nobody manages a team.
//
// A target that changes inside its period (a second target for the same
// owner, measure and period with a later From) replaces the first from
// that day; a period that straddles the change is prorated by the basis:
// by its days, or by its fiscal months, a month going to the target in
// force on its first day.
//
// # Concurrency and zero values
//
// A [Book] is immutable and safe for concurrent use, provided its [Org]
// is (the strategy package's is). Nothing here reads a clock, does I/O or
// keeps global state: the same section, organisation and inputs give the
// same answers. The zero [Section] compiles to a Book with no targets; the
// zero [Env] lacks the organisation and is refused; the zero
// [calendar.Calendar] in an Env is the calendar year.
package targets
