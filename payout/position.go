package payout

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

// DrawPosition is where a payee stands against a draw after a period: the
// draw of the plan in force, what the period's lines earned against it,
// the recoverable balance before and after, and what the period paid
// above the draw. It is worked out from the same numbers as the period's
// draw, guarantee, recovery and forgiven items, and adds up with them:
//
//	Net        = Earned − Amount − OwedBefore
//	OwedAfter  = OwedBefore + Advanced − Recovered − Forgiven
//	OwedBefore = the previous ledger's DrawOwed + Σ Restated[i].Owed
//	AboveDraw  = max(0, Earned − Amount − Recovered)
//
// and, when the period's draw applied (Amount is not 0), Earned +
// Advanced + ToppedUp − Recovered = Amount + AboveDraw: a payee is paid
// at least the draw, and above it what the earnings left after the
// recovery. Without a recovery limit and a forgiveness, OwedAfter is
// max(0, −Net) for a recoverable draw and AboveDraw is max(0, Net).
type DrawPosition struct {
	// Plan is the plan whose draw applied in the period, Recoverable
	// whether its draw is an advance (recovered from later earnings) or
	// a guarantee (not recovered). Plan is empty when the period applied
	// no draw: the plan in force has none, or the payee had no
	// statement, and the position shows a balance owed from an earlier
	// draw or a restated period's draw.
	Plan        string
	Recoverable bool
	// Amount is the period's draw (0 when none applied).
	Amount decimal.Decimal
	// Earned is what the period's items pay before the draw: its lines
	// released, releases and true-ups of earlier periods without a draw
	// of their own, clawbacks, less what a yearly cap withheld. It is
	// what counts against the draw. (A restated period that had a draw
	// counts its true-ups against its own draw: see Restated.)
	Earned decimal.Decimal
	// OwedBefore is the recoverable balance owed before the period's own
	// draw: the previous ledger's, changed by the restatements.
	OwedBefore decimal.Decimal
	// Advanced is what a recoverable draw advanced in the period, the
	// shortfall of Earned below Amount; ToppedUp what a guarantee paid
	// to bring Earned up to Amount.
	Advanced decimal.Decimal
	ToppedUp decimal.Decimal
	// Recovered is what was recovered of OwedBefore from the earnings
	// above the draw (at most the plan's recovery limit of Earned).
	Recovered decimal.Decimal
	// Forgiven is the balance forgiven in the period (the draw's
	// forgive_on falls in it).
	Forgiven decimal.Decimal
	// OwedAfter is the recoverable balance owed after the period: the
	// payable's and the ledger's DrawOwed.
	OwedAfter decimal.Decimal
	// Net is the payee's signed net position, Earned − Amount −
	// OwedBefore: above 0, what the earnings leave once the draw and
	// every balance owed are covered; below 0, by how much they fall
	// short.
	Net decimal.Decimal
	// AboveDraw is what the period paid above the draw, from the
	// earnings left after the recovery: max(0, Earned − Amount −
	// Recovered).
	AboveDraw decimal.Decimal
	// Restated lists the draws of restated closed periods that the
	// period's true-ups changed, by period.
	Restated []DrawRestatement
}

// DrawRestatement is what a restatement did to the draw of a closed
// period: its true-ups count against that period's draw, which pays the
// difference.
type DrawRestatement struct {
	// Period is the restated period, Plan and Recoverable its draw's,
	// Amount its draw.
	Period      string
	Plan        string
	Recoverable bool
	Amount      decimal.Decimal
	// CountedBefore is what had counted against the draw, Counted what
	// counts now with the true-ups.
	CountedBefore decimal.Decimal
	Counted       decimal.Decimal
	// Paid is what the restatement pays on the draw now (the amount of
	// its draw, guarantee or recovery item): more advanced or topped up
	// when above 0, recovered or a smaller top-up when below.
	Paid decimal.Decimal
	// Owed is what the restatement changes the recoverable balance by:
	// Paid for a recoverable draw, 0 for a guarantee.
	Owed decimal.Decimal
}

// newPosition starts a payee's draw position from the balance owed at
// the start of the period and the restated draws.
func newPosition(owedStart decimal.Decimal, restated []DrawRestatement) *DrawPosition {
	dp := &DrawPosition{Restated: restated, OwedBefore: owedStart}
	for _, r := range restated {
		dp.OwedBefore = dp.OwedBefore.Add(r.Owed)
	}
	return dp
}

// finish sets the figures that follow from the others.
func (dp *DrawPosition) finish(owedAfter decimal.Decimal) {
	dp.OwedAfter = owedAfter
	dp.Net = dp.Earned.Sub(dp.Amount).Sub(dp.OwedBefore)
	dp.AboveDraw = decimal.Max(decimal.Zero, dp.Earned.Sub(dp.Amount).Sub(dp.Recovered))
}

// RampedQuota is a payee's quota of a measure for the period paid with
// the ramp share of a new hire applied, as package targets works it out
// ([github.com/salesplan/salesplan/targets.Book.QuotaDetail]). A payout
// computes no quota: it carries these, given in [Input.Ramps], to the
// payee's [Payable], so that a draw and a ramp are read side by side
// ("a quota of 7,500.00: 25% of 30,000.00, month 2 of the ramp").
type RampedQuota struct {
	Payee   string
	Measure string
	// Full is the quota without the ramp, Quota the ramped quota (the
	// one attainment is measured against), Share their ratio (not a
	// factor to apply again: each is rounded on its own).
	Full  decimal.Decimal
	Quota decimal.Decimal
	Share decimal.Decimal
	// Ramp lists, in order, the months of the ramp schedule that apply
	// in the period.
	Ramp []RampMonth
}

// RampMonth is one month of a ramp schedule inside the period: the month
// of the schedule (from 1), the share of the quota carried in it, and
// the days of the period it covers, both included.
type RampMonth struct {
	Month    int
	Share    decimal.Decimal
	From, To calendar.Date
}

// rampsByPayee checks the ramped quotas of an input (every payee a
// member, every measure the engine's, none given twice, shares not
// negative) and returns them by payee, sorted by measure.
func rampsByPayee(ramps []RampedQuota, members, measures []string) (map[string][]RampedQuota, error) {
	var list diag.List
	out := map[string][]RampedQuota{}
	seen := map[[2]string]bool{}
	for i, r := range ramps {
		path := fmt.Sprintf("ramps[%d]", i)
		ok := true
		if _, known := slices.BinarySearch(members, r.Payee); !known {
			p := list.Add(path+".payee", diag.UnknownRef, "a ramped quota of %q, who is not a member", r.Payee)
			p.Hint = diag.DidYouMean(r.Payee, members)
			ok = false
		}
		if !slices.Contains(measures, r.Measure) {
			p := list.Add(path+".measure", diag.UnknownRef, "a ramped quota of %s of measure %q, which the engine does not have", r.Payee, r.Measure)
			p.Hint = diag.DidYouMean(r.Measure, measures)
			ok = false
		}
		if r.Full.Sign() < 0 || r.Quota.Sign() < 0 || r.Share.Sign() < 0 {
			list.Add(path, diag.InvalidValue, "a ramped quota of %s of %s is negative (full %s, quota %s, share %s)", r.Payee, r.Measure, r.Full, r.Quota, r.Share)
			ok = false
		}
		k := [2]string{r.Payee, r.Measure}
		if seen[k] {
			list.Add(path, diag.DuplicateKey, "%s has two ramped quotas of %s", r.Payee, r.Measure)
			ok = false
		}
		seen[k] = true
		if ok {
			r.Ramp = slices.Clone(r.Ramp)
			out[r.Payee] = append(out[r.Payee], r)
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	for _, rs := range out {
		slices.SortFunc(rs, func(a, b RampedQuota) int { return cmp.Compare(a.Measure, b.Measure) })
	}
	return out, nil
}
