package payout

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// long reports whether the long property runs are asked for
// (SALESPLAN_LONG=1).
func long() bool { return os.Getenv("SALESPLAN_LONG") != "" }

// propertyEngine has four plans, one a payee:
//
//	ae (ana): a recoverable draw of 800 recovered at most 50% of earnings,
//	    half on booking and half on cash, a clawback window of 60 days;
//	se (ben): a guarantee of 300, a yearly cap of 400, lines held until
//	    paid within 50 days, a clawback window of 45 days;
//	am (cy): half on booking, half on invoice, half clawed back pro rata
//	    to the term not stayed within 90 days, a carried negative balance
//	    recovered at most 50% of a payout;
//	pm (dee): held until paid, no window; a negative balance is paid.
func propertyEngine(t testing.TB) *commission.Engine {
	org := caseOrg{"ana": {Role: "ae"}, "ben": {Role: "se"}, "cy": {Role: "am"}, "dee": {Role: "pm"}}
	rel := func(a, b string) []commission.ReleaseDef {
		return []commission.ReleaseDef{{On: a, Share: dec("0.5")}, {On: b, Share: dec("0.5")}}
	}
	comp := func(rate string) commission.ComponentDef {
		return commission.ComponentDef{ID: "c", Measure: "bookings", Rate: rate}
	}
	ae, se, am, pm := comp("0.1"), comp("0.05"), comp("0.08"), comp("0.07")
	ae.Release = rel(commission.OnBooking, commission.OnCash)
	se.HoldUntilPaid, se.HoldDays = true, 50
	am.Release = rel(commission.OnBooking, commission.OnInvoice)
	pm.HoldUntilPaid = true
	elig := func(r string) commission.Eligibility { return commission.Eligibility{Roles: []string{r}} }
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{
			{ID: "ae", Eligible: elig("ae"), Clawback: &commission.ClawbackDef{Days: 60},
				Draw: &commission.DrawDef{Amount: dec("800"), Recoverable: true, RecoveryLimit: ptr(dec("0.5"))}, Components: []commission.ComponentDef{ae}},
			{ID: "se", Eligible: elig("se"), Draw: &commission.DrawDef{Amount: dec("300")}, Clawback: &commission.ClawbackDef{Days: 45}, YearCap: ptr(dec("400")),
				Components: []commission.ComponentDef{se}},
			{ID: "am", Eligible: elig("am"), Clawback: &commission.ClawbackDef{Days: 90, Fraction: ptr(dec("0.5")), ProRataMonths: "term_months"},
				NegativeRecoveryLimit: ptr(dec("0.5")), Components: []commission.ComponentDef{am}},
			{ID: "pm", Eligible: elig("pm"), NegativeBalance: commission.PayNegative, Components: []commission.ComponentDef{pm}},
		},
	}
	schema, err := deal.NewSchema(deal.Attr{Name: "term_months", Type: deal.Integer})
	if err != nil {
		t.Fatal(err)
	}
	e, err := commission.Compile(sec, commission.Config{Org: org, Currency: "USD", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// genMonth is one generated month: its deals, the events new in it, a
// restatement, holds.
type genMonth struct {
	period   calendar.Period
	deals    []deal.Deal
	events   []Event
	restated []Restatement
	held     []string
}

// genSequence generates months of deals and events from r: returns,
// payments and reversed payments, partial and full refunds, invoices,
// cancellations, deals put on hold and released, events dated in the
// month after, restatements with late deals and corrected amounts, and
// payees held; and a last month that settles everything: every deal
// invoiced, paid in full and released.
func genSequence(r *rand.Rand, months int) []genMonth {
	cal := calendar.Calendar{}
	owners := []string{"ana", "ben", "cy", "dee"}
	var out []genMonth
	var all []deal.Deal
	byMonth := map[string][]deal.Deal{}
	cancelled, invoiced, held := map[string]bool{}, map[string]bool{}, map[string]bool{}
	collectedOf, refundedOf := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	amountOf := map[string]decimal.Decimal{}
	lastHold := map[string]calendar.Date{}
	n := 0
	for m := 1; m <= months+1; m++ {
		p := cal.MustParse(fmt.Sprintf("FY2026-M%02d", m))
		g := genMonth{period: p}
		day := func() calendar.Date { return p.Start.AddDays(r.IntN(p.Days())) }
		final := m == months+1
		if !final {
			for range r.IntN(5) {
				n++
				amt := decimal.New(int64(r.IntN(2000000)+100), -2)
				if r.IntN(8) == 0 {
					amt = amt.Neg().Div(decimal.NewFromInt(4)).Round(2) // a credit note
				}
				d := deal.Deal{ID: fmt.Sprintf("D%d", n), Date: day(), Amount: amt, Currency: "USD", Owner: owners[r.IntN(len(owners))],
					Attrs: deal.Attrs{"term_months": int64(6 + r.IntN(30))}}
				g.deals = append(g.deals, d)
				amountOf[d.ID] = d.Amount
			}
		}
		for _, d := range all {
			if final && held[d.ID] {
				g.events = append(g.events, Event{Deal: d.ID, Kind: DealReleased, Date: p.End})
			}
			if cancelled[d.ID] {
				continue
			}
			a := amountOf[d.ID].Abs()
			if final {
				// settle: invoiced, released, paid in full
				if !invoiced[d.ID] {
					g.events = append(g.events, Event{Deal: d.ID, Kind: Invoiced, Date: p.Start})
				}
				if left := a.Sub(collectedOf[d.ID]); left.Sign() > 0 && refundedOf[d.ID].LessThan(a) {
					g.events = append(g.events, Event{ID: fmt.Sprintf("final-%s", d.ID), Deal: d.ID, Kind: PaymentReceived, Date: p.End, Amount: left})
				}
				continue
			}
			switch x := r.IntN(24); {
			case x < 5:
				v := a.Mul(dec("0.5")).Round(2)
				if v.IsZero() {
					continue
				}
				g.events = append(g.events, Event{ID: fmt.Sprintf("p%d-%s", m, d.ID), Deal: d.ID, Kind: PaymentReceived, Date: day(), Amount: v})
				collectedOf[d.ID] = collectedOf[d.ID].Add(v)
			case x == 5 && collectedOf[d.ID].Sign() > 0:
				v := collectedOf[d.ID].Mul(dec("0.5")).Round(2).Neg()
				g.events = append(g.events, Event{ID: fmt.Sprintf("r%d-%s", m, d.ID), Deal: d.ID, Kind: PaymentReceived, Date: p.Start, Amount: v})
				collectedOf[d.ID] = collectedOf[d.ID].Add(v)
			case x == 6 && !invoiced[d.ID]:
				g.events = append(g.events, Event{Deal: d.ID, Kind: Invoiced, Date: day()})
				invoiced[d.ID] = true
			case x == 7:
				cancelled[d.ID] = true
				g.events = append(g.events, Event{Deal: d.ID, Kind: Cancelled, Date: day()})
			case x == 8 && refundedOf[d.ID].LessThan(a):
				v := a.Mul(dec("0.3")).Round(2)
				if r.IntN(3) == 0 {
					v = decimal.Zero // the whole deal
					refundedOf[d.ID] = a
				} else {
					refundedOf[d.ID] = refundedOf[d.ID].Add(v)
				}
				g.events = append(g.events, Event{ID: fmt.Sprintf("f%d-%s", m, d.ID), Deal: d.ID, Kind: Refunded, Date: day(), Amount: v})
			case x == 9:
				// hold or release, on a day after the last one
				at := p.Start.AddDays(10 + r.IntN(10))
				if !at.After(lastHold[d.ID]) {
					continue
				}
				kind := DealHeld
				if held[d.ID] {
					kind = DealReleased
				}
				held[d.ID] = !held[d.ID]
				lastHold[d.ID] = at
				g.events = append(g.events, Event{Deal: d.ID, Kind: kind, Date: at})
			case x == 10 && !invoiced[d.ID]:
				// known now, dated next month: kept until then
				g.events = append(g.events, Event{Deal: d.ID, Kind: Invoiced, Date: p.End.AddDays(3)})
				invoiced[d.ID] = true
			}
		}
		if m > 1 && !final && r.IntN(3) == 0 {
			q := cal.MustParse(fmt.Sprintf("FY2026-M%02d", m-1))
			restated := append([]deal.Deal(nil), byMonth[q.ID]...)
			if len(restated) > 0 && r.IntN(2) == 0 {
				i := r.IntN(len(restated))
				if d := restated[i]; !cancelled[d.ID] && refundedOf[d.ID].IsZero() && collectedOf[d.ID].IsZero() {
					d.Amount = d.Amount.Mul(dec("1.5")).Round(2) // a corrected amount
					restated[i] = d
					amountOf[d.ID] = d.Amount
				}
			}
			n++
			late := deal.Deal{ID: fmt.Sprintf("L%d", n), Date: q.Start, Amount: dec("1234.56"), Currency: "USD", Owner: owners[r.IntN(len(owners))],
				Attrs: deal.Attrs{"term_months": int64(12)}}
			restated = append(restated, late)
			amountOf[late.ID] = late.Amount
			g.restated = []Restatement{{Period: q, Deals: restated}}
			byMonth[q.ID] = restated
			all = append(all, late)
		}
		if !final && r.IntN(5) == 0 {
			g.held = []string{owners[r.IntN(len(owners))]}
		}
		out = append(out, g)
		byMonth[p.ID] = g.deals
		all = append(all, g.deals...)
	}
	return out
}

// TestPayoutProperties runs generated sequences of months through plans
// with recoverable draws, guarantees, releases on booking, invoice and
// cash, holds until paid, clawbacks (whole, by fraction and pro rata),
// yearly caps, carried and paid negative balances, deals on hold and
// payees held, and checks after every month that:
//
//   - the ledger checks itself (every identity of [Ledger] holds), and
//     reads back from its JSON form as it was;
//   - what was paid in all equals the sum of the payables, and every
//     payable is the sum of its items; payroll is never given a negative
//     amount by a plan that carries it;
//   - nothing is paid twice: no open line has paid more than it earned
//     (beyond what a reversal takes back), and a closed line paid and
//     clawed back no more than it earned;
//   - re-running the month gives the same payout and ledger;
//   - sending each event once (incremental files) or again every month,
//     with or without the earlier deals as DealInfo, gives the same;
//
// and, after the last month, which invoices, releases and pays in full
// every deal, that nothing is deferred any more: every amount a line
// earned was released, forfeited or clawed back.
func TestPayoutProperties(t *testing.T) {
	e := propertyEngine(t)
	seeds := 40
	if long() {
		seeds = 3000
	}
	seen := map[Kind]int{}
	heldItems := 0
	sequences, periods := 0, 0
	for seed := range uint64(seeds) {
		r := rand.New(rand.NewPCG(seed, 99))
		months := genSequence(r, 8)
		a := runSequence(t, e, seed, months, true, false, seen, &heldItems)
		b := runSequence(t, e, seed, months, false, true, nil, nil)
		if t.Failed() {
			return
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("seed %d: incremental events without DealInfo and repeated events with it differ:\n%s", seed, diff)
		}
		sequences++
		periods += len(months)
	}
	for _, k := range []Kind{Earned, Release, TrueUp, Clawback, Draw, Guarantee, Recovery, Cap, Forfeited, Carried, Balance, "net below 0", "above the draw", "restated draw"} {
		if seen[k] == 0 {
			t.Errorf("no %s item in the generated sequences: %v", k, seen)
		}
	}
	if heldItems == 0 {
		t.Error("no held item in the generated sequences")
	}
	t.Logf("%d sequences, %d periods, items %v, %d held", sequences, periods, seen, heldItems)
}

// runSequence pays the months in order and checks the properties after
// each; it returns the payouts and ledgers as JSON.
func runSequence(t *testing.T, e *commission.Engine, seed uint64, months []genMonth, incremental, dealInfo bool, seen map[Kind]int, heldItems *int) []string {
	var out []string
	var ledger *Ledger
	var events []Event
	var all []deal.Deal
	paidTotal := map[string]decimal.Decimal{}
	fail := func(p string, format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d, %s: %s", seed, p, fmt.Sprintf(format, args...))
	}
	for i, g := range months {
		p := g.period
		events = append(events, g.events...)
		in := Input{Period: p, Deals: g.deals, Ledger: ledger, Restated: g.restated, Held: g.held, Events: g.events}
		if !incremental {
			in.Events = events
		}
		if dealInfo {
			in.DealInfo = all
		}
		po, err := Run(e, in)
		if err != nil {
			fail(p.ID, "%v", err)
		}
		again, err := Run(e, in)
		if err != nil {
			fail(p.ID, "again: %v", err)
		}
		j1, _ := po.MarshalJSON()
		j2, _ := again.MarshalJSON()
		l1, _ := po.Ledger.MarshalJSON()
		l2, _ := again.Ledger.MarshalJSON()
		if string(j1) != string(j2) || string(l1) != string(l2) {
			fail(p.ID, "re-running the period gave another result")
		}
		out = append(out, string(j1), string(l1))
		for _, pay := range po.Payables {
			sum := decimal.Zero
			for _, it := range pay.Items {
				sum = sum.Add(it.Amount)
				if seen != nil {
					seen[it.Kind]++
				}
			}
			if heldItems != nil {
				*heldItems += len(pay.Held)
			}
			if !sum.Equal(pay.Amount) {
				fail(p.ID, "%s: payable %s, items add to %s", pay.Payee, pay.Amount, sum)
			}
			if pay.Amount.Sign() < 0 && pay.Payee != "dee" {
				fail(p.ID, "%s is paid %s, but the plan carries a negative balance", pay.Payee, pay.Amount)
			}
			paidTotal[pay.Payee] = paidTotal[pay.Payee].Add(pay.Amount)
			if err := checkDrawPosition(pay, ledger, po.Ledger, p.ID); err != nil {
				fail(p.ID, "%v", err)
			}
			// ana and ben have a draw: every period they are not held in
			// and have a statement shows where they stand against it
			_, hasStatement := po.Commission.Statement(pay.Payee)
			if (pay.Payee == "ana" || pay.Payee == "ben") && hasStatement && !slices.Contains(g.held, pay.Payee) {
				if pay.Draw == nil || pay.Draw.Plan == "" || pay.Draw.Amount.IsZero() {
					fail(p.ID, "%s has a draw, but the payable shows none: %+v", pay.Payee, pay.Draw)
				}
				if seen != nil && pay.Draw.Net.Sign() < 0 {
					seen["net below 0"]++
				}
				if seen != nil && pay.Draw.AboveDraw.Sign() > 0 {
					seen["above the draw"]++
				}
				if seen != nil && len(pay.Draw.Restated) > 0 {
					seen["restated draw"]++
				}
			}
			if pay.Draw != nil && (pay.Payee == "cy" || pay.Payee == "dee") {
				fail(p.ID, "%s has no draw, but the payable shows one: %+v", pay.Payee, pay.Draw)
			}
		}
		if err := po.Ledger.Check(); err != nil {
			fail(p.ID, "the ledger does not add up:\n%v", err)
		}
		for _, pl := range po.Ledger.Payees {
			if !pl.Paid.Equal(paidTotal[pl.Payee]) {
				fail(p.ID, "%s: ledger paid %s, payables add to %s", pl.Payee, pl.Paid, paidTotal[pl.Payee])
			}
			for _, it := range pl.Items {
				if it.Earned.Sign() >= 0 && (it.Paid.GreaterThan(it.Earned) || it.Paid.Add(it.ClawedBack).GreaterThan(it.Earned)) {
					fail(p.ID, "%s: line %s paid %s and clawed back %s of %s earned", pl.Payee, it.name(), it.Paid, it.ClawedBack, it.Earned)
				}
				if i == len(months)-1 && !it.Deferred.IsZero() {
					fail(p.ID, "%s: line %s still defers %s after everything was settled: %+v", pl.Payee, it.name(), it.Deferred, it)
				}
			}
		}
		var back Ledger
		if err := json.Unmarshal(l1, &back); err != nil {
			fail(p.ID, "the ledger does not read back: %v", err)
		}
		if l3, _ := back.MarshalJSON(); string(l3) != string(l1) {
			fail(p.ID, "the ledger does not round-trip through JSON")
		}
		ledger = &back
		all = append(all, g.deals...)
		for _, r := range g.restated {
			all = append(all, r.Deals...)
		}
	}
	return out
}
