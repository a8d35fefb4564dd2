// Package payout settles, period after period, what package commission
// computes for one period: it turns a period's statements into what to pay
// each payee now, given the [Ledger] of earlier periods.
//
// A payout takes the period's deals and, in an [Input], the ledger of the
// periods before, the deal events known so far ([Event]: invoiced, paid,
// cancelled, refunded), restated closed periods ([Restatement]) and the
// payees whose payout is held. [Run] computes the period's statements with
// a [commission.Engine] and pays from them:
//
//   - releases of each line on booking, invoice or cash, as the plan's
//     components say ([commission.ReleaseDef]), and lines held until their
//     deal is paid (forfeited when it is not paid in time);
//   - clawbacks of what was paid on a deal cancelled or refunded within the
//     plan's window ([commission.ClawbackDef]);
//   - true-ups of restated closed periods and of plans on a yearly horizon:
//     what a line earns now less what was paid on it;
//   - yearly caps, and recoverable or guaranteed draws
//     ([commission.DrawDef]).
//
// Every amount paid is an [Item] that says why. [Run] returns a new ledger
// that closes the period; the input ledger is never changed, a closed
// period's payments never change, and re-running a period with the same
// inputs and ledger gives the same payout. The [Ledger] doc comment states
// the identity its balances keep.
//
//	po, err := payout.Run(engine, payout.Input{Period: p, Deals: deals, Ledger: prev})
//	...
//	for _, pay := range po.Payables {
//		fmt.Println(pay.Payee, pay.Amount)
//	}
//
// Everything here is a plain value: a [Result] and its ledger are safe to
// share once returned, and [Run] may be called from many goroutines with
// one engine.
package payout
