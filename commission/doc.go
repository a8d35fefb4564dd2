// Package commission is salesplan's commission engine: a compiled plan
// turns a period's deals into payout statements that a rep, a finance
// controller and a payroll system can each trust.
//
// A [Section] (the commission part of a strategy document, or values
// built in Go) defines:
//
//   - measures: what each credit adds to a payee's totals (bookings,
//     margin, new logos), as expressions over the credit;
//   - rate tables: bands declared by their lower bound, in currency or in
//     attainment, priced four ways ([Highest], [Marginal], [Linear],
//     [Step]), with one or two dimensions;
//   - crediting: the owner, or the deal's splits (allocated to the cent by
//     largest remainder), roll-up credit up the management chain (the
//     union of the reports' shares, never more than the deal), and overlay
//     credit by rule;
//   - plans: who they apply to and when, and their components, per credit
//     or per period, with gates, multipliers, minimums, retroactive
//     re-pricing and caps per deal, per component and per plan.
//
// [Compile] checks the section and compiles every expression once;
// [Engine.Run] runs a period:
//
//	e, err := commission.Compile(sec, commission.Config{Org: org, Quotas: quotas, Currency: "USD"})
//	...
//	res, err := e.Run(period, deals, commission.WithRates(rates))
//	for _, st := range res.Statements {
//		fmt.Println(st.Payee, st.Total)
//	}
//
// Every line of a [Statement] says why: "running bookings 190,000.00 to
// 220,000.00: 10,000.00 x 5% (table ae, band 0.00+, slice
// 190,000.00-200,000.00) + 20,000.00 x 7% (table ae, band 200,000.00+,
// slice 200,000.00-220,000.00) = 1,900.00"; a deal in another currency
// starts with its conversion ("1,000.00 EUR at 1.10 = 1,100.00 USD; "). A
// line also keeps those numbers as numbers: its base and rate (for a
// table line, the rate that applies: the effective rate where several
// slices, a step, a minimum or a multiplier apply), the table, row and
// slices ([Pricing]) and the conversion ([Conversion]), so that a view
// words a line without parsing its text. Lines are rounded to the
// currency's minor unit with the plan's rounding mode, once; so is a
// converted credit (the only other rounding). Totals are sums of rounded
// lines, so they add up to the cent. What a cap withholds is a line of its
// own.
//
// # Credit notes
//
// A return or credit note is a deal with a negative amount, and every
// credit of it (owner, split, roll-up, overlay) is a credit note: a
// credit whose amount is below zero. A credit note reverses what its
// positive twin (the same deal with the amount made positive) earns,
// through the same rules, for every kind of component:
//
//   - crediting: overlay rules (when, payee, share) read the twin, so a
//     credit note is credited to whom its twin was; splits are allocated
//     as the twin's, negated, to the cent;
//   - values are the credit note's own: a money measure adds the
//     credited amount (negative), a base is what its rule gives (a
//     measure value, credit.amount, an attribute as the data give it);
//   - counts go down: a count measure counts 1 a credit, or its value,
//     and a credit note counts the negated value, never up;
//   - prices are the twin's, reversed: a per-credit component's rate,
//     amount, key and multiplier are read on the twin (deal.amount and
//     credit.amount positive; attributes and running totals as they are),
//     so that amount: "100" pays -100 and "deal.amount >= 10000 ? 300 :
//     100" pays -300 on the return of a 12,000 deal; base x rate is
//     negative with the base; a table prices the absolute value and
//     restores the sign (on the running total, the slice the credit note
//     takes off); a table on attainment reads the attainment at the top
//     of the credit's slice, the one its twin reached;
//   - a minimum is reversed: a credit note's line between -min and 0 pays
//     -min, and a per-deal cap limits it to -cap;
//   - conditions see the credit note as it is: a component with when:
//     deal.amount > 0 pays nothing on credit notes, so it is not
//     reversed. A condition on the size of a deal that its return should
//     reverse reads abs(deal.amount).
//
// So a deal and its exact return, next to each other in deal order,
// net to zero on every per-credit line and every measure. Period-level
// rules (gates, per-period components, caps) see the period's totals,
// from which the pair has cancelled out.
//
// # Members who join and leave
//
// A credit goes only to a member who belongs to the organisation on the
// deal's date ([Membership]: on *strategy.Org, a member with no
// assignments always does, one with assignments on the days they
// cover). A deal whose owner, split member or overlay payee has left, or
// has not joined yet, is credited to nobody: the run fails, naming the
// deal, the member and their last (or first) day, so that a comp
// administrator corrects the deal or decides who takes it. A crediting
// rule can decide it ahead ([ReassignDef]: to the member's manager on
// their last day, to a house account), and the credit then goes to the
// member the rule names, roll-up credit to that member's managers.
// Roll-up credit goes only to managers in place on the deal's date.
//
// # Compensation terms, caps and weights
//
// A member's compensation terms ([MemberTerms]: OTE, base salary, target
// incentive, currency) are effective-dated like assignments; they come
// from [Config.Terms] (the strategy document's members[].terms) or, per
// run, from a terms file HR keeps ([ReadTermsCSV], [WithTerms]). Rules
// read payee.ote, payee.base, payee.target_incentive and payee.pay_mix,
// prorated by days over the days the plan is in force when the terms
// change inside them.
//
// Terms are as HR gives them, typically a year's. A plan that says
//
//	terms: yearly
//
// ([PlanDef.Terms]) reads them as a year's: payee.ote, payee.base,
// payee.target_incentive and component.target_incentive (and the caps
// and amounts that read them) are the period's share of the year in
// fiscal months of [Config.Calendar]: a quarter 3/12, a month 1/12, a
// half 6/12, a year to date through the second quarter 6/12, a 4-4-5
// calendar's 5-week month 1/12. payee.pay_mix is the same either way.
// An explanation shows the year's amount beside the share read
// (payee.target_incentive = 15,000.00 (60,000.00 a year x 3/12)). Any
// rule may read the share as period.year_share (0.25 in a quarter). A
// [Config] filled in by hand without a Calendar counts in calendar
// months; package strategy sets the document's calendar. The default,
// terms: as_written, reads the terms as given, so that a quarterly plan
// writes payee.target_incentive / 4.
//
// Caps and minimums (a plan's cap; a component's min, cap_per_deal and
// cap) are expressions evaluated per payee and period, a number being
// one too; a cap group ([CapGroupDef]) caps a named set of components
// together and leaves the others alone:
//
//	caps:
//	  - {id: commission-cap, components: [commission, kicker], amount: 3 * payee.target_incentive}
//
// A component's weight is its share of the target incentive, read as
// component.target_incentive, so that a curve pays it as a percent of
// its own target: amount: rate("curve", attainment.bookings) *
// component.target_incentive. Scores people give (MBO, KPI) per payee
// and period ([Scores], [ReadScoresCSV], [WithScores]) are read by
// per-period rules as score.<objective>; a missing one is an error
// unless the component's missing_score says zero or skip. A score is
// looked up by payee, period id and objective: the files read keep the
// line of each row ([ScoreFile], [TermsFile]) so that a caller that
// knows the calendar and the organisation (package strategy) can refuse
// a row no run would read.
//
// credit.owner is true on the deal owner's own credit (direct, or the
// owner's split), false on a split partner's, a roll-up's or an
// overlay's: a component for owners only says when: credit.owner.
// Roll-up credit is the union of the reports' shares (right for quota
// credit) or, with crediting.rollup.credit: deal, the whole deal (an
// override of 2% of every team deal).
//
// # Team pools
//
// A pool is a component whose payee is a team: "the EMEA team gets
// 5,000 if the team reaches 110%" ([PoolDef]). Its gate and amount are
// read once, on the team's numbers (team.measure, team.quota,
// team.attainment of each measure, team.members), and the pool is
// shared on the period's last day among the members in the team then
// who hold the pool's plan then, by a rule: equal shares, each member's
// share of a measure, or their target incentive:
//
//	plans:
//	  - id: emea
//	    eligible: {teams: [emea]}
//	    components:
//	      - id: emea-team-spif
//	        pool:
//	          team: emea
//	          gate: team.attainment.bookings >= 1.10
//	          amount: "5000"
//	          distribute: equal     # or measure.bookings, target_incentive
//
// The team's measure counts the owner and split credits of the members
// of the team and the teams below it on each deal's date (so a deal is
// counted once, whoever else has roll-up or overlay credit on it), its
// quota is the team's target ([Targets]). The shares are allocated to
// the cent by largest remainder, ties to the member id that sorts
// first, so that they add up to the pool exactly; each is a line of the
// member's statement ([PoolLine]) that says how it was worked out
// ("team emea: team.attainment.bookings >= 1.10
// (team.attainment.bookings = 1,120,000.00 / 1,000,000.00 = 112%); pool
// 5000 = 5,000.00; shared equally among 5 members = 1,000.00"), with its
// numbers in [PoolShare]. A member who left before the last day shares
// nothing; a member whose weight is zero has a line of 0.00; when the
// gate is closed, or every weight is zero, the pool is not paid and
// each member's line says why; when nobody is there to share a pool
// that was earned, [Result.Notes] says so. A negative pool is an error
// of the run naming the component and the team; a pool of an unknown
// team is an error of the document, at its position. The pool is in the
// plan's currency and pays through the ledger like any other line.
//
// # Errors
//
// Bad input is reported all at once, as one [diag.List]: every bad deal
// (a duplicate id, a date outside the period, an unknown owner with the
// member ids closest to it, splits that do not add up, a member not in
// the organisation) and every missing exchange rate. A deal read from a
// file ([deal.ReadCSV], [deal.ReadJSON]) is named by the file, line and
// column of the field to fix ("deals.csv:14:9: deal NW-1042: owner
// "anaa" is not a member (did you mean ana?)"); a deal built in Go by its
// position in the input ("deals[12].owner").
//
// Determinism: deals are processed by date, then id; statements are sorted
// by payee, lines by plan, component and deal order. The same inputs, in
// any order, give byte-identical JSON ([Result.MarshalJSON]).
//
// One period is this package's whole concern. What is paid across
// periods (releases, holds, draws, clawbacks, true-ups, the ledger) is
// package payout's: it settles the statements this package computes,
// with the terms a plan declares here ([ReleaseDef], [DrawDef],
// [ClawbackDef], [PlanTerms]).
//
// An [Engine] is immutable and safe for concurrent use; each Run works on
// its own values, and checks and credits the deals (in shards of
// consecutive deals) and computes statements on one goroutine per core
// ([WithWorkers]) without the result depending on it. A line's
// explanation is worded when it is read ([Line.Explanation]), from the
// numbers the line keeps. Rules see deal,
// channel (the deal's: kind, attrs; crediting rules too), credit (kind,
// owner, share, amount), payee (id, role, team, ote, base,
// target_incentive, pay_mix, currency), component (id, weight,
// target_incentive), period (id, kind, start, end, days, year_share),
// running (before, after) and the maps
// measure, attainment, quota and params; per-period rules see plan (id,
// days, share) and score instead of deal and credit; a pool's rules see
// team (id, members, measure, quota, attainment), period, plan and
// params. Tables are read with rate(table, v),
// rate_by(table, key, v) and price(table, v).
package commission
