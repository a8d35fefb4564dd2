// Package whatif answers what a change of plan does before it goes live:
// [Compare] computes one period with two strategies on the same deals and
// shows per payee and per component what each pays before and after, the
// difference and the percent, and the total cost of the change;
// [Simulate] computes one payee's payout at attainments from 0% to 200%
// of quota (or any range, in any steps), the payout curve a rep reads and
// finance prices.
//
//	c, err := whatif.Compare(before, after, "FY2027-Q1", deals)
//	// c.Total.Diff is what the change costs in the quarter;
//	// c.Payees[0] is the payee it changes most.
//
//	curve, err := whatif.Simulate(s, "ana", "FY2027-Q1", deals, whatif.Options{})
//	for _, p := range curve.Points {
//		fmt.Println(p.Attainment, p.Payout) // 0 0.00, 0.1 1920.00, …
//	}
//
// Both run the strategies as they are, so tiers, caps, accelerators,
// gates and per-period bonuses are the plans' own, and neither computes a
// figure of its own beyond differences: a comparison is of two results
// ([CompareResults] takes results already computed), a point of a curve
// is one run. A [Curve] says what it assumed ([Curve.Assumptions]): the
// measure and quota attainment is of, and how it was varied, by scaling
// the payee's deals ([Scale]) or by a synthetic deal ([Synthetic]).
//
// The values are plain data, for the report package to draw (the payout
// curve is [Curve.Points]: Attainment against Payout) and for the command
// line to print: text for a person (WriteText), CSV for a spreadsheet
// and a stable JSON form, amounts as decimal strings.
//
// Everything here is a pure function of its inputs, deterministic and safe
// for concurrent use; the strategies are only read.
package whatif
