package payout

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// checkDrawPosition checks that a payable's draw position adds up with
// its items and with the ledgers before and after the period:
//
//	OwedBefore = prev.DrawOwed + Σ Restated.Owed
//	OwedAfter  = DrawOwed of the payable and of the new ledger
//	           = OwedBefore + Advanced − Recovered − Forgiven
//	Net        = Earned − Amount − OwedBefore
//	AboveDraw  = max(0, Earned − Amount − Recovered)
//	Earned     = Σ items but the draw's, the balance's and the true-ups
//	             of restated periods with a draw
//	Σ draw, guarantee and recovery items of the period = Advanced + ToppedUp − Recovered
//	Σ of those of restated periods = Σ Restated.Paid
//	Earned + Advanced + ToppedUp − Recovered = Amount + AboveDraw, when a draw applied.
func checkDrawPosition(pay Payable, prev, next *Ledger, period string) error {
	dp := pay.Draw
	if dp == nil {
		return nil
	}
	var before, after decimal.Decimal
	if pl, ok := prev.Payee(pay.Payee); ok {
		before = pl.DrawOwed
	}
	if pl, ok := next.Payee(pay.Payee); ok {
		after = pl.DrawOwed
	}
	restated := map[string]bool{}
	restatedPaid := decimal.Zero
	for _, r := range dp.Restated {
		before = before.Add(r.Owed)
		restated[r.Period] = true
		restatedPaid = restatedPaid.Add(r.Paid)
		if r.Recoverable && !r.Owed.Equal(r.Paid) || !r.Recoverable && !r.Owed.IsZero() {
			return fmt.Errorf("restated %s: paid %s but owed changes by %s", r.Period, r.Paid, r.Owed)
		}
	}
	earned, drawNow, drawRestated, forgiven := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for _, it := range pay.Items {
		switch {
		case it.Kind == Forgiven:
			forgiven = forgiven.Add(it.Base)
		case it.Kind == Draw || it.Kind == Guarantee || it.Kind == Recovery:
			if it.Period == period {
				drawNow = drawNow.Add(it.Amount)
			} else {
				drawRestated = drawRestated.Add(it.Amount)
			}
		case it.Kind == Carried || it.Kind == Balance:
		case it.Kind == TrueUp && restated[it.Period]:
		default:
			earned = earned.Add(it.Amount)
		}
	}
	checks := []struct {
		what      string
		got, want decimal.Decimal
	}{
		{"owed before", dp.OwedBefore, before},
		{"owed after (the ledger's)", dp.OwedAfter, after},
		{"owed after (the payable's)", dp.OwedAfter, pay.DrawOwed},
		{"owed after = before + advanced − recovered − forgiven", dp.OwedAfter, dp.OwedBefore.Add(dp.Advanced).Sub(dp.Recovered).Sub(dp.Forgiven)},
		{"net", dp.Net, dp.Earned.Sub(dp.Amount).Sub(dp.OwedBefore)},
		{"above the draw", dp.AboveDraw, decimal.Max(decimal.Zero, dp.Earned.Sub(dp.Amount).Sub(dp.Recovered))},
		{"earned (the items')", dp.Earned, earned},
		{"the period's draw items", drawNow, dp.Advanced.Add(dp.ToppedUp).Sub(dp.Recovered)},
		{"the restated draws' items", drawRestated, restatedPaid},
		{"forgiven (the items')", dp.Forgiven, forgiven},
	}
	if !dp.Amount.IsZero() {
		checks = append(checks, struct {
			what      string
			got, want decimal.Decimal
		}{"paid on the draw = amount + above the draw", dp.Earned.Add(dp.Advanced).Add(dp.ToppedUp).Sub(dp.Recovered), dp.Amount.Add(dp.AboveDraw)})
	}
	var bad []string
	for _, c := range checks {
		if !c.got.Equal(c.want) {
			bad = append(bad, fmt.Sprintf("%s is %s, want %s", c.what, c.got, c.want))
		}
	}
	if dp.Advanced.Sign() < 0 || dp.ToppedUp.Sign() < 0 || dp.Recovered.Sign() < 0 || dp.Forgiven.Sign() < 0 || dp.OwedAfter.Sign() < 0 {
		bad = append(bad, "a negative advance, top-up, recovery, forgiveness or balance")
	}
	if !dp.Recoverable && (dp.Advanced.Sign() != 0 || dp.Recovered.Sign() != 0) || dp.Recoverable && dp.ToppedUp.Sign() != 0 {
		bad = append(bad, "a guarantee that advances or recovers, or a recoverable draw that tops up")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: draw position %s: %s", pay.Payee, drawString(dp), strings.Join(bad, "; "))
	}
	return nil
}

// drawString writes a draw position for a scenario's want: "ae
// recoverable 2000.00: earned 1500.00, owed 0.00, advanced 500.00,
// topped up 0.00, recovered 0.00, forgiven 0.00, owed after 500.00, net
// -500.00, above 0.00", then "; restated PERIOD counted A→B paid C" for
// each restated draw.
func drawString(dp *DrawPosition) string {
	kind := "guarantee"
	if dp.Recoverable {
		kind = "recoverable"
	}
	plan := dp.Plan
	if plan == "" {
		plan = "-"
	}
	f := func(d decimal.Decimal) string { return d.StringFixed(2) }
	s := fmt.Sprintf("%s %s %s: earned %s, owed %s, advanced %s, topped up %s, recovered %s, forgiven %s, owed after %s, net %s, above %s",
		plan, kind, f(dp.Amount), f(dp.Earned), f(dp.OwedBefore), f(dp.Advanced), f(dp.ToppedUp), f(dp.Recovered), f(dp.Forgiven),
		f(dp.OwedAfter), f(dp.Net), f(dp.AboveDraw))
	for _, r := range dp.Restated {
		s += fmt.Sprintf("; restated %s counted %s→%s paid %s", r.Period, f(r.CountedBefore), f(r.Counted), f(r.Paid))
	}
	return s
}

// rampString writes a ramped quota for a scenario's want: "bookings
// 7500.00 of 30000.00 share 0.25 months 2".
func rampString(r RampedQuota) string {
	var months []string
	for _, m := range r.Ramp {
		months = append(months, fmt.Sprint(m.Month))
	}
	s := fmt.Sprintf("%s %s of %s share %s", r.Measure, r.Quota.StringFixed(2), r.Full.StringFixed(2), r.Share)
	if len(months) > 0 {
		s += " months " + strings.Join(months, ",")
	}
	return s
}
