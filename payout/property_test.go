package payout

import (
	"fmt"
	"github.com/salesplan/salesplan/commission"
	"math/rand/v2"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// TestPayoutProperties runs generated sequences of months (deals, returns,
// payments, reversals, cancellations, holds and restatements) through a
// plan with a recoverable draw, releases on booking and cash and a
// clawback window, and a plan with a guarantee, a yearly cap and lines
// held until paid within 50 days, and checks after every month that:
//
//   - the ledger identity holds: Paid = Σ item.Paid − Σ cap.Withheld +
//     DrawOwed + Guaranteed + Forgiven, and what was paid in all equals
//     the sum of the payables;
//   - every payable is the sum of its items;
//   - nothing is paid on a line beyond what it earned, except what a
//     clawback or a reversal took back (paid ≤ earned on open lines).
func TestPayoutProperties(t *testing.T) {
	org := caseOrg{"ana": {Role: "ae"}, "ben": {Role: "se"}}
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{
			{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Clawback: &commission.ClawbackDef{Days: 60},
				Draw: &commission.DrawDef{Amount: dec("800"), Recoverable: true, RecoveryLimit: ptr(dec("0.5"))},
				Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1",
					Release: []commission.ReleaseDef{{On: commission.OnBooking, Share: dec("0.5")}, {On: commission.OnCash, Share: dec("0.5")}}}}},
			{ID: "se", Eligible: commission.Eligibility{Roles: []string{"se"}}, Draw: &commission.DrawDef{Amount: dec("300")}, Clawback: &commission.ClawbackDef{Days: 45}, YearCap: ptr(dec("400")),
				Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.05", HoldUntilPaid: true, HoldDays: 50}}},
		},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	seen := map[Kind]int{}
	defer func() {
		// the generated months must exercise every kind of item
		for _, k := range []Kind{Earned, Release, TrueUp, Clawback, Draw, Guarantee, Recovery, Cap, Forfeited} {
			if seen[k] == 0 {
				t.Errorf("no %s item in the generated sequences: %v", k, seen)
			}
		}
	}()
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 99))
		var ledger *Ledger
		var all []deal.Deal
		var events []Event
		byMonth := map[string][]deal.Deal{}
		paidTotal := map[string]decimal.Decimal{}
		for m := 1; m <= 8; m++ {
			p := cal.MustParse(fmt.Sprintf("FY2026-M%02d", m))
			var deals []deal.Deal
			for i := range r.IntN(5) {
				amt := decimal.New(int64(r.IntN(2000000)-200000), -2)
				d := deal.Deal{ID: fmt.Sprintf("D%d-%d", m, i), Date: p.Start.AddDays(r.IntN(p.Days())), Amount: amt, Currency: "USD",
					Owner: []string{"ana", "ben"}[r.IntN(2)]}
				deals = append(deals, d)
			}
			// events on earlier deals: payments, reversals, cancellations
			for _, d := range all {
				switch x := r.IntN(10); {
				case x < 3:
					events = append(events, Event{Deal: d.ID, Kind: PaymentReceived, Date: p.Start.AddDays(r.IntN(p.Days())), Amount: d.Amount.Abs().Mul(dec("0.5"))})
				case x == 3:
					events = append(events, Event{Deal: d.ID, Kind: PaymentReceived, Date: p.Start, Amount: d.Amount.Abs().Mul(dec("-0.25"))})
				case x == 4 && r.IntN(3) == 0:
					events = append(events, Event{Deal: d.ID, Kind: Cancelled, Date: p.Start.AddDays(r.IntN(p.Days()))})
				}
			}
			in := Input{Period: p, Deals: deals, Ledger: ledger, Events: events, DealInfo: all}
			if r.IntN(4) == 0 {
				in.Held = []string{"ana"}
			}
			if m > 1 && r.IntN(3) == 0 {
				q := cal.MustParse(fmt.Sprintf("FY2026-M%02d", m-1))
				restated := append([]deal.Deal(nil), byMonth[q.ID]...)
				restated = append(restated, deal.Deal{ID: fmt.Sprintf("L%d", m), Date: q.Start, Amount: dec("1234.56"), Currency: "USD", Owner: "ana"})
				in.Restated = []Restatement{{Period: q, Deals: restated}}
				byMonth[q.ID] = restated
				all = append(all, restated[len(restated)-1])
			}
			po, err := Run(e, in)
			if err != nil {
				t.Fatalf("seed %d, %s: %v", seed, p.ID, err)
			}
			for _, pay := range po.Payables {
				sum := decimal.Zero
				for _, it := range pay.Items {
					sum = sum.Add(it.Amount)
				}
				if !sum.Equal(pay.Amount) {
					t.Fatalf("seed %d, %s, %s: payable %s, items add to %s", seed, p.ID, pay.Payee, pay.Amount, sum)
				}
				paidTotal[pay.Payee] = paidTotal[pay.Payee].Add(pay.Amount)
			}
			checkLedgerIdentity(t, po.Ledger)
			for _, pl := range po.Ledger.Payees {
				if !pl.Paid.Equal(paidTotal[pl.Payee]) {
					t.Fatalf("seed %d, %s, %s: ledger paid %s, payables add to %s", seed, p.ID, pl.Payee, pl.Paid, paidTotal[pl.Payee])
				}
				for _, it := range pl.Items {
					if !it.Closed && it.Earned.Sign() >= 0 && it.Paid.GreaterThan(it.Earned) {
						t.Fatalf("seed %d, %s, %s: line %+v paid more than it earned", seed, p.ID, pl.Payee, it)
					}
				}
			}
			if t.Failed() {
				return
			}
			ledger = po.Ledger
			for _, pay := range po.Payables {
				for _, it := range pay.Items {
					seen[it.Kind]++
				}
			}
			byMonth[p.ID] = deals
			all = append(all, deals...)
		}
	}
}
