package payout

import (
	"fmt"
	"slices"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/shopspring/decimal"
)

// What a payout does once the lines are settled: yearly caps, draws and
// the negative balance, in that order.

// yearCaps applies the yearly caps: for each plan with one, what its
// lines have been settled in the fiscal year, less what the cap already
// withheld, must not pass the cap; the excess is withheld now, and a
// withheld amount is given back when the year falls under the cap again.
func (pw *payoutWork) yearCaps(pay *Payable) {
	pl, period := pw.pl, pw.in.Period.ID
	for _, p := range pw.plans.list {
		if p.YearCap == nil {
			continue
		}
		// every fiscal year the plan's lines belong to: a true-up or a
		// release of an earlier year counts against that year's cap
		settled := map[string]decimal.Decimal{}
		for _, it := range pl.Items {
			if it.Plan == p.ID {
				y := fiscalYear(it.Period)
				settled[y] = settled[y].Add(it.Paid)
			}
		}
		limit := pw.round(p.ID, *p.YearCap)
		for _, year := range sortedKeys(settled) {
			i := slices.IndexFunc(pl.Caps, func(c CapBalance) bool { return c.Plan == p.ID && c.Year == year })
			withheld := decimal.Zero
			if i >= 0 {
				withheld = pl.Caps[i].Withheld
			}
			// what the payee keeps is settled − withheld; it should be
			// min(settled, limit)
			want := decimal.Max(settled[year].Sub(limit), decimal.Zero)
			change := want.Sub(withheld)
			if change.IsZero() {
				continue
			}
			if i < 0 {
				pl.Caps = append(pl.Caps, CapBalance{Plan: p.ID, Year: year})
				i = len(pl.Caps) - 1
			}
			pl.Caps[i].Withheld = want
			pay.Items = append(pay.Items, Item{Kind: Cap, Period: period, Plan: p.ID, Amount: change.Neg(), Base: settled[year],
				Explanation: fmt.Sprintf("yearly cap of %s on plan %s in %s: %s settled, %s withheld in all", numfmt.Amount(limit), p.ID, year, numfmt.Amount(settled[year]), numfmt.Amount(want))})
		}
	}
	pl.sort()
}

// draw applies the draws. A restated period that had a draw counts what
// its true-ups add against its own draw: a guarantee pays only what the
// restated earnings add above what the period was paid, the guarantee
// included, and a recoverable draw's advance for the period is recovered
// first. Then the draw of the plan in force at the period's end is
// applied to what the period pays on its lines.
func (pw *payoutWork) draw(pay *Payable, st commission.Statement, ok bool) {
	pl, period := pw.pl, pw.in.Period.ID
	drawOf := func(q string) int {
		return slices.IndexFunc(pl.Draws, func(d DrawPeriod) bool { return d.Period == q })
	}
	earned := decimal.Zero
	restated := map[string]decimal.Decimal{}
	for _, it := range pay.Items {
		if _, ok := pw.restated[it.Period]; ok && it.Kind == TrueUp && drawOf(it.Period) >= 0 {
			restated[it.Period] = restated[it.Period].Add(it.Amount)
			continue
		}
		earned = earned.Add(it.Amount)
	}
	owedStart := pl.DrawOwed
	var rs []DrawRestatement
	defer func() {
		// the position, for a payee with a draw, a restated draw or a
		// balance owed
		if pay.Draw == nil && len(rs) == 0 && owedStart.IsZero() && pl.DrawOwed.IsZero() {
			return
		}
		if pay.Draw == nil {
			pay.Draw = newPosition(owedStart, rs)
			pay.Draw.Earned = earned
		}
		pay.Draw.finish(pl.DrawOwed)
	}()
	for _, q := range sortedKeys(restated) {
		r := &pl.Draws[drawOf(q)]
		was := r.Counted
		r.Counted = r.Counted.Add(restated[q])
		want := decimal.Max(decimal.Zero, r.Amount.Sub(r.Counted))
		change := want.Sub(r.Drawn)
		why := fmt.Sprintf("%s restated: %s counted against its draw of %s (was %s)", q, numfmt.Amount(r.Counted), numfmt.Amount(r.Amount), numfmt.Amount(was))
		dr := DrawRestatement{Period: q, Plan: r.Plan, Recoverable: r.Recoverable, Amount: r.Amount, CountedBefore: was, Counted: r.Counted}
		switch {
		case change.IsZero():
		case !r.Recoverable:
			dr.Paid = change
			r.Drawn = want
			pl.Guaranteed = pl.Guaranteed.Add(change)
			pay.Items = append(pay.Items, Item{Kind: Guarantee, Period: q, Plan: r.Plan, Amount: change, Base: r.Amount,
				Explanation: fmt.Sprintf("%s: the guarantee's top-up for %s is now %s, %s before", why, q, numfmt.Amount(want), numfmt.Amount(want.Sub(change)))})
		case change.Sign() > 0:
			dr.Paid, dr.Owed = change, change
			r.Drawn = want
			pl.DrawOwed = pl.DrawOwed.Add(change)
			pay.Items = append(pay.Items, Item{Kind: Draw, Period: q, Plan: r.Plan, Amount: change, Base: r.Amount,
				Explanation: fmt.Sprintf("%s: %s more advanced for %s, now owed %s", why, numfmt.Amount(change), q, numfmt.Amount(pl.DrawOwed))})
		default:
			x := decimal.Min(change.Neg(), pl.DrawOwed)
			if x.Sign() > 0 {
				dr.Paid, dr.Owed = x.Neg(), x.Neg()
				r.Drawn = r.Drawn.Sub(x)
				pl.DrawOwed = pl.DrawOwed.Sub(x)
				pay.Items = append(pay.Items, Item{Kind: Recovery, Period: q, Plan: r.Plan, Amount: x.Neg(), Base: restated[q],
					Explanation: fmt.Sprintf("%s: its earnings now cover %s of what was advanced for it, recovered; still owed %s", why, numfmt.Amount(x), numfmt.Amount(pl.DrawOwed))})
			}
		}
		rs = append(rs, dr)
	}
	if !ok || len(st.Plans) == 0 {
		return
	}
	p := pw.plan(st.Plans[len(st.Plans)-1].Plan)
	if p == nil || p.Draw == nil {
		return
	}
	d := p.Draw
	dp := newPosition(owedStart, rs)
	dp.Plan, dp.Recoverable, dp.Amount, dp.Earned = p.ID, d.Recoverable, d.Amount, earned
	pay.Draw = dp
	rec := DrawPeriod{Period: period, Plan: p.ID, Amount: d.Amount, Recoverable: d.Recoverable, Counted: earned}
	switch {
	case earned.LessThan(d.Amount):
		top := d.Amount.Sub(earned)
		rec.Drawn = top
		if d.Recoverable {
			dp.Advanced = top
			pl.DrawOwed = pl.DrawOwed.Add(top)
			pay.Items = append(pay.Items, Item{Kind: Draw, Period: period, Plan: p.ID, Amount: top, Base: d.Amount,
				Explanation: fmt.Sprintf("recoverable draw of %s: earned %s, advanced %s, now owed %s", numfmt.Amount(d.Amount), numfmt.Amount(earned), numfmt.Amount(top), numfmt.Amount(pl.DrawOwed))})
		} else {
			dp.ToppedUp = top
			pl.Guaranteed = pl.Guaranteed.Add(top)
			pay.Items = append(pay.Items, Item{Kind: Guarantee, Period: period, Plan: p.ID, Amount: top, Base: d.Amount,
				Explanation: fmt.Sprintf("guaranteed draw of %s: earned %s, topped up by %s", numfmt.Amount(d.Amount), numfmt.Amount(earned), numfmt.Amount(top))})
		}
	case d.Recoverable && pl.DrawOwed.Sign() > 0:
		r := decimal.Min(pl.DrawOwed, earned.Sub(d.Amount))
		limit := ""
		var share decimal.Decimal
		if d.RecoveryLimit != nil {
			share = *d.RecoveryLimit
			if l := pw.round(p.ID, earned.Mul(share)); l.LessThan(r) {
				r = l
				limit = fmt.Sprintf(", at most %s of earnings", numfmt.Rate(share))
			}
		}
		if r.Sign() > 0 {
			dp.Recovered = r
			pl.DrawOwed = pl.DrawOwed.Sub(r)
			pl.Recovered = pl.Recovered.Add(r)
			pay.Items = append(pay.Items, Item{Kind: Recovery, Period: period, Plan: p.ID, Amount: r.Neg(), Base: earned, Share: share,
				Explanation: fmt.Sprintf("draw recovered: earned %s, %s recovered%s, still owed %s", numfmt.Amount(earned), numfmt.Amount(r), limit, numfmt.Amount(pl.DrawOwed))})
		}
	}
	pl.Draws = append(pl.Draws, rec)
	if d.Recoverable && !d.ForgiveOn.IsZero() && pw.in.Period.Contains(d.ForgiveOn) && pl.DrawOwed.Sign() > 0 {
		pay.Items = append(pay.Items, Item{Kind: Forgiven, Period: period, Plan: p.ID, Base: pl.DrawOwed,
			Explanation: fmt.Sprintf("draw balance of %s forgiven on %s", numfmt.Amount(pl.DrawOwed), d.ForgiveOn)})
		dp.Forgiven = pl.DrawOwed
		pl.Forgiven = pl.Forgiven.Add(pl.DrawOwed)
		pl.DrawOwed = decimal.Zero
	}
}

// negative applies the negative balance terms of the plan in force: a
// payout that would be negative is carried forward (the default) or
// paid as it is; a balance carried is recovered from what later payouts
// pay, at most the plan's limit of it, and shown on each statement until
// it is cleared.
func (pw *payoutWork) negative(pay *Payable) {
	pl, period := pw.pl, pw.in.Period.ID
	total := decimal.Zero
	for _, it := range pay.Items {
		total = total.Add(it.Amount)
	}
	mode, planID := commission.CarryNegative, ""
	var limit *decimal.Decimal
	if t := pw.planInForce(); t != nil {
		mode, limit, planID = t.NegativeBalance, t.NegativeRecoveryLimit, t.ID
	}
	before := pl.Carried
	switch {
	case total.Sign() < 0 && mode == commission.CarryNegative:
		pl.Carried = pl.Carried.Add(total.Neg())
		pay.Items = append(pay.Items, Item{Kind: Carried, Period: period, Plan: planID, Amount: total.Neg(), Base: before,
			Explanation: fmt.Sprintf("the period's payout is %s: nothing is paid, and %s is carried forward as a negative balance (now %s), recovered from later payouts",
				numfmt.Amount(total), numfmt.Amount(total.Neg()), numfmt.Amount(pl.Carried))})
	case before.Sign() > 0:
		r := decimal.Min(before, decimal.Max(total, decimal.Zero))
		note := ""
		var share decimal.Decimal
		if limit != nil && mode == commission.CarryNegative {
			share = *limit
			if l := pw.round(planID, decimal.Max(total, decimal.Zero).Mul(share)); l.LessThan(r) {
				r = l
				note = fmt.Sprintf(", at most %s of the payout", numfmt.Rate(share))
			}
		}
		pl.Carried = before.Sub(r)
		pay.Items = append(pay.Items, Item{Kind: Balance, Period: period, Plan: planID, Amount: r.Neg(), Base: before, Share: share,
			Explanation: fmt.Sprintf("negative balance of %s carried: %s recovered from this payout of %s%s, %s still carried",
				numfmt.Amount(before), numfmt.Amount(r), numfmt.Amount(total), note, numfmt.Amount(pl.Carried))})
	}
}
