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
// Every line of a [Statement] says why: "190,000.00 to 220,000.00:
// 10,000.00 x 5% (table ae, band 0+, slice 190,000-200,000) + 20,000.00 x
// 7% (table ae, band 200,000+, slice 200,000-220,000) = 1,900.00". Lines
// are rounded to the currency's minor unit with the plan's rounding mode,
// once; totals are sums of rounded lines, so they add up to the cent. What
// a cap withholds is a line of its own.
//
// Determinism: deals are processed by date, then id; statements are sorted
// by payee, lines by plan, component and deal order. The same inputs, in
// any order, give byte-identical JSON ([Result.MarshalJSON]).
//
// Across periods, [Engine.Payout] turns a period's statements into what to
// pay each payee now, given the [Ledger] of earlier periods: releases on
// booking, invoice or cash ([ReleaseDef]), lines held until paid, whole
// payouts held, clawbacks of what was paid on cancelled deals within the
// plan's window ([ClawbackDef]), true-ups of restated closed periods
// ([Restatement]), yearly caps, and recoverable or guaranteed draws
// ([DrawDef]). It returns a new ledger that closes the period; the input
// ledger is never changed, a closed period's payments never change, and
// re-running a period with the same inputs and ledger gives the same
// payout. The ledger's doc comment states the identity its balances keep.
//
// An [Engine] is immutable and safe for concurrent use; each Run works on
// its own values, and computes statements on one goroutine per core
// ([WithWorkers]) without the result depending on it. Rules see deal, credit (kind, share, amount), payee
// (id, role, team), period, running (before, after) and the maps measure,
// attainment, quota and params; per-period rules see plan (id, days,
// share) instead of deal and credit. Tables are read with rate(table, v),
// rate_by(table, key, v) and price(table, v).
package commission
