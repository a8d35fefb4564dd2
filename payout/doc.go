// Package payout settles, period after period, what package commission
// computes for one period: it turns a period's statements into what to pay
// each payee now, given the [Ledger] of earlier periods.
//
// A payout takes the period's deals and, in an [Input], the ledger of the
// periods before, the deal events new since ([Event]: invoiced, paid,
// cancelled, refunded, hold, release), restated closed periods
// ([Restatement]) and the payees whose payout is held. [Run] computes the
// period's statements with a [commission.Engine] and pays from them.
//
//	po, err := payout.Run(engine, payout.Input{Period: p, Deals: deals, Ledger: prev, Events: events})
//	...
//	for _, pay := range po.Payables {
//		fmt.Println(pay.Payee, pay.Amount)
//	}
//
// # The rules
//
// Every amount paid is an [Item] that says why, with the numbers it was
// worked from (Base, Share). In the order a payout applies them:
//
//   - Restatements: a restated closed period is recomputed; each of its
//     lines pays what it earns now less what was paid on it (a true-up).
//     A closed period's payments themselves never change.
//   - Cancellations: within the plan's clawback window
//     ([commission.ClawbackDef]) what was paid on the deal's lines is
//     clawed back: all of it, a fraction, or the part of the term not
//     stayed; what the lines earned and had not paid is forfeited, and
//     nothing more is paid on them. Outside the window what was paid is
//     kept.
//   - Releases: a line pays its share due by the period's end, on
//     booking, invoice or cash collected ([commission.ReleaseDef]), or
//     nothing until its deal is paid in full (forfeited when that takes
//     longer than the plan's hold days). A reversed payment reverses
//     what it released.
//   - Refunds: money returned earns no commission, whatever the clawback
//     window: the refunded share of a deal is taken off what its lines
//     can pay (forfeited, and taken back where it was paid), and a deal
//     refunded in full pays nothing more. What a refund needs of the deal
//     (its amount) is in the ledger's lines, so a payout from the command
//     line and from Go pay the same.
//   - Holds: a payee held ([Input.Held]) or a deal under dispute (a hold
//     event until its release event) is shown what is due, in Held, and
//     paid nothing of it until the hold ends.
//   - Yearly caps: what a plan's lines settle in a fiscal year beyond
//     its year_cap is withheld, and given back if the year falls under
//     the cap again.
//   - Draws ([commission.DrawDef]): a guarantee tops the period's pay up
//     to the draw; a recoverable draw advances the shortfall and recovers
//     it from later pay above the draw, at most its recovery limit. The
//     ledger keeps each period's draw: a restatement of a period with a
//     draw counts against that period's draw, so a guaranteed period pays
//     only what its restated earnings add above what it was paid, the
//     guarantee included, and a recoverable draw's advance is recovered
//     from the restated earnings first. Each payable shows where the
//     payee stands ([Payable.Draw], a [DrawPosition]): what counted
//     against the draw, the balance owed before and after, what was
//     advanced, topped up, recovered and forgiven, the signed net
//     position (earned − draw − owed before) and what was paid above
//     the draw, worked from the same numbers as the draw's items; and,
//     beside it, the quotas a ramp applies to ([Input.Ramps],
//     [RampedQuota]: the full quota, the ramped one and the share),
//     which the caller gives and a payout carries.
//   - Negative balances: a period whose clawbacks and reversals exceed
//     what it pays is not paid as a negative amount unless the plan says
//     negative_balance: pay. By default the balance is carried forward
//     (an item of its own brings the payout to 0) and recovered from
//     later payouts, at most the plan's negative_recovery_limit of each,
//     with an item on every statement until it is cleared.
//
// Every amount a payout works out (a release, a clawback, a recovery
// limit) is rounded to the currency's minor unit with the plan's rounding
// mode, the strategy's for a plan that sets none.
//
// # Events
//
// The ledger keeps every event it has been given, so each period's
// events file need only hold that period's events; an event given again
// changes nothing, and one that contradicts what the ledger knows (a
// deal cancelled twice on different days) is an error. An event dated
// after the period is kept and applied in the period of its date. An
// event for a deal that neither the payout nor the ledger knows is an
// error. [ReadEventsCSV] and [ReadEventsJSON] read events files strictly,
// reporting every problem with its file:line:col.
//
// # The ledger
//
// [Run] returns a new ledger that closes the period; the input ledger is
// never changed, and re-running a period with the same inputs and ledger
// gives the same payout. The ledger is a payroll record that checks
// itself on every load and every payout ([Ledger.Check]; the [Ledger] doc
// comment states its identities) and carries the digest of the
// compensation terms it was computed under: a ledger edited by hand, or
// of other terms, payees or plans, is refused with what does not add up,
// unless the payout is a deliberate migration ([Input.Migrate]).
//
// Everything here is a plain value: a [Result] and its ledger are safe to
// share once returned, and [Run] may be called from many goroutines with
// one engine. The zero [Input] pays nothing: it needs a period.
package payout
