package payout

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// long reports whether the long property runs are asked for
// (SALESPLAN_LONG=1).
func long() bool { return os.Getenv("SALESPLAN_LONG") != "" }

// propCase is an engine of the property tests and the section it was
// compiled from.
type propCase struct {
	e   *commission.Engine
	sec commission.Section
}

// propertyCase has four plans, one a payee:
//
//	ae (ana): a recoverable draw of 800 recovered at most 50% of earnings,
//	    half on booking and half on cash, a clawback window of 60 days;
//	se (ben): a guarantee of 300, a yearly cap of 400, lines held until
//	    paid within 50 days, a clawback window of 45 days;
//	am (cy): half on booking, half on invoice, half clawed back pro rata
//	    to the term not stayed within 90 days, a carried negative balance
//	    recovered at most 50% of a payout;
//	pm (dee): held until paid, no window; a negative balance is paid.
func propertyCase(t testing.TB) propCase {
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
	return propCase{e, sec}
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
					Attrs: deal.AttrsOf(map[string]any{"term_months": int64(6 + r.IntN(30))})}
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
				Attrs: deal.AttrsOf(map[string]any{"term_months": int64(12)})}
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
	e := propertyCase(t)
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
func runSequence(t *testing.T, pc propCase, seed uint64, months []genMonth, incremental, dealInfo bool, seen map[Kind]int, heldItems *int) []string {
	var out []string
	var ledger *Ledger
	var events []Event
	var all []deal.Deal
	paidTotal := map[string]decimal.Decimal{}
	fail := func(p string, format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d, %s: %s", seed, p, fmt.Sprintf(format, args...))
	}
	e := pc.e
	latest := map[string]*commission.Result{} // the latest statements of each period
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
		latest[p.ID] = po.Commission
		for _, rs := range g.restated {
			rr, err := e.Run(rs.Period, rs.Deals)
			if err != nil {
				fail(p.ID, "restating %s: %v", rs.Period.ID, err)
			}
			latest[rs.Period.ID] = rr
		}
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
			for _, it := range pay.Items {
				if it.Kind == Forfeited && forfeitReason(pc, po.Ledger.Events, it.Plan, it.Component, it.Deal) == "" {
					fail(p.ID, "%s: %s forfeited on %s/%s %s with no event or migration to say so: %s", pay.Payee, it.Base, it.Plan, it.Component, it.Deal, it.Explanation)
				}
			}
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
			if err := checkKept(pc, po.Ledger.Events, pl, latest, i == len(months)-1); err != nil {
				fail(p.ID, "%s: %v", pl.Payee, err)
			}
			if err := checkCaps(pc, pl, latest); err != nil {
				fail(p.ID, "%s: %v", pl.Payee, err)
			}
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

// forfeitReason says why a line may be forfeited: its deal was cancelled
// or refunded, or its component has a hold deadline; "" for no reason.
func forfeitReason(pc propCase, events []Event, plan, comp, dealID string) string {
	if dealID == "" {
		return ""
	}
	for _, ev := range events {
		if ev.Deal == dealID && (ev.Kind == Cancelled || ev.Kind == Refunded) {
			return string(ev.Kind)
		}
	}
	for _, p := range pc.sec.Plans {
		for _, c := range p.Components {
			if p.ID == plan && c.ID == comp && c.HoldDays > 0 {
				return "hold deadline"
			}
		}
	}
	return ""
}

// checkKept checks that money is kept, line by line: every open line of
// a payee's ledger earns what the latest statement of its period earns
// on it, every statement line is in the ledger, and every forfeited
// amount has a reason; so, with the ledger's identities, what payroll
// got is what the statements earn, less what is deferred (held
// included), carried, clawed back, forfeited and withheld by year caps,
// plus the draws, which is checked in those words after the last month,
// with nothing deferred.
func checkKept(pc propCase, events []Event, pl PayeeLedger, latest map[string]*commission.Result, last bool) error {
	want := map[itemKey]decimal.Decimal{}
	for q, res := range latest {
		if st, ok := res.Statement(pl.Payee); ok {
			for _, l := range st.Lines {
				k := itemKey{q, l.Plan, l.Component, l.Deal, l.Kind}
				want[k] = want[k].Add(l.Amount)
			}
		}
	}
	stmt, deferred, forfeited, clawed := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for _, it := range pl.Items {
		v, ok := want[it.key()]
		delete(want, it.key())
		switch {
		case it.Closed:
			v = it.Earned // a closed line keeps what it earned when it closed
		case !ok && !it.Earned.IsZero():
			return fmt.Errorf("line %s earns %s in the ledger, and no statement of %s has it", it.name(), it.Earned, it.Period)
		case !v.Equal(it.Earned):
			return fmt.Errorf("line %s earns %s in the ledger, %s in the latest statement of %s", it.name(), it.Earned, v, it.Period)
		}
		if !it.Forfeited.IsZero() && forfeitReason(pc, events, it.Plan, it.Component, it.Deal) == "" {
			return fmt.Errorf("line %s forfeits %s with no event or migration to say so: %+v", it.name(), it.Forfeited, it)
		}
		stmt = stmt.Add(v)
		deferred, forfeited, clawed = deferred.Add(it.Deferred), forfeited.Add(it.Forfeited), clawed.Add(it.ClawedBack)
	}
	keys := make([]itemKey, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, itemKey.compare)
	for _, k := range keys {
		return fmt.Errorf("the statement of %s has line %s/%s %s (%s) earning %s, which the ledger lacks", k.period, k.plan, k.component, k.deal, k.kind, want[k])
	}
	withheld := decimal.Zero
	for _, c := range pl.Caps {
		withheld = withheld.Add(c.Withheld)
	}
	draws := pl.DrawOwed.Add(pl.Guaranteed).Add(pl.Forgiven)
	if got := stmt.Sub(deferred).Add(pl.Carried).Sub(forfeited).Sub(clawed).Sub(withheld).Add(draws); last && !got.Equal(pl.Paid) {
		return fmt.Errorf("payroll got %s over the sequence, but the statements earn %s − deferred %s + carried %s − forfeited %s − clawed back %s − withheld %s + draws %s = %s",
			pl.Paid, stmt, deferred, pl.Carried, forfeited, clawed, withheld, draws, got)
	}
	return nil
}

// checkCaps checks that no cap (a component's, a cap group's, the
// plan's) is exceeded in a period: over the lines it covers, what was
// paid (a credit note's line at what it earns, so that a credit note not
// yet settled is not taken for room under the cap) is at most the cap,
// which is what the lines earn in the period's latest statement when it
// has the cap's line.
func checkCaps(pc propCase, pl PayeeLedger, latest map[string]*commission.Result) error {
	type capSet struct {
		plan, id string
		comps    []string // nil: every line of the plan
	}
	var sets []capSet
	for _, p := range pc.sec.Plans {
		for _, c := range p.Components {
			if c.CapRule != "" || c.Cap != nil {
				sets = append(sets, capSet{p.ID, c.ID, []string{c.ID}})
			}
		}
		for _, g := range p.Caps {
			sets = append(sets, capSet{p.ID, g.ID, g.Components})
		}
		if p.CapRule != "" || p.Cap != nil {
			sets = append(sets, capSet{p.ID, "plan-cap", nil})
		}
	}
	for _, q := range sortedKeys(latest) {
		st, ok := latest[q].Statement(pl.Payee)
		if !ok {
			continue
		}
		for _, c := range sets {
			covers := func(comp string) bool { return c.comps == nil || slices.Contains(c.comps, comp) }
			limit, capped := decimal.Zero, false
			for _, l := range st.Lines {
				if l.Plan == c.plan && covers(l.Component) {
					limit = limit.Add(l.Amount)
					capped = capped || l.Kind == commission.CapLine && l.Component == c.id
				}
			}
			if !capped {
				continue
			}
			got := decimal.Zero
			for _, it := range pl.Items {
				if it.Period != q || it.Plan != c.plan || !covers(it.Component) {
					continue
				}
				if it.Deal != "" && it.Earned.Sign() < 0 {
					got = got.Add(it.Earned)
				} else {
					got = got.Add(it.Paid)
				}
			}
			if got.GreaterThan(limit) {
				return fmt.Errorf("cap %s of plan %s in %s is %s, and the lines it covers were paid %s", c.id, c.plan, q, limit, got)
			}
		}
	}
	return nil
}

// capsCase has the payees of propertyCase on plans with every kind of
// cap and minimum, numbers and expressions of the members' terms (the
// lines a cap withholds are not a component's, and were once forfeited
// as a removed component's):
//
//	ae (ana): commission 10% on booking and cash, a kicker of 2% and a
//	    bonus of 300 a period; the commission and the kicker capped
//	    together at payee.target_incentive / 24 (2,000), the plan at
//	    3 * payee.target_incentive / 80 (1,800); a recoverable draw of
//	    800, a clawback window of 60 days;
//	se (ben): 5% held until paid within 50 days, at least 20 and at most
//	    400 a deal, the component capped at 1,000 a period; a guarantee of
//	    300, a yearly cap of 250;
//	am (cy): 8% half on booking, half on invoice, with a minimum of 50 a
//	    deal; the plan capped at 1,200, a pro-rata clawback, a carried
//	    negative balance recovered at most 50% of a payout;
//	pm (dee): 7% held until paid, the component capped at
//	    payee.target_incentive / 30 (1,000); a negative balance is paid.
func capsCase(t testing.TB) propCase {
	org := caseOrg{"ana": {Role: "ae"}, "ben": {Role: "se"}, "cy": {Role: "am"}, "dee": {Role: "pm"}}
	ti := func(v string) []commission.MemberTerms {
		return []commission.MemberTerms{{OTE: dec(v).Mul(dec("2")), TargetIncentive: dec(v)}}
	}
	terms := commission.TermMap{"ana": ti("48000"), "ben": ti("36000"), "cy": ti("40000"), "dee": ti("30000")}
	rel := func(a, b string) []commission.ReleaseDef {
		return []commission.ReleaseDef{{On: a, Share: dec("0.5")}, {On: b, Share: dec("0.5")}}
	}
	comp := func(id, rate string) commission.ComponentDef {
		return commission.ComponentDef{ID: id, Measure: "bookings", Rate: rate}
	}
	elig := func(r string) commission.Eligibility { return commission.Eligibility{Roles: []string{r}} }
	ae, kicker, bonus := comp("commission", "0.1"), comp("kicker", "0.02"), commission.ComponentDef{ID: "bonus", Per: commission.PerPeriod, Amount: "300"}
	ae.Release = rel(commission.OnBooking, commission.OnCash)
	se := comp("c", "0.05")
	se.HoldUntilPaid, se.HoldDays, se.MinRule, se.CapPerDealRule, se.CapRule = true, 50, "20", "400", "1000"
	am := comp("c", "0.08")
	am.Release, am.MinRule = rel(commission.OnBooking, commission.OnInvoice), "50"
	pm := comp("c", "0.07")
	pm.HoldUntilPaid, pm.CapRule = true, "payee.target_incentive / 30"
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{
			{ID: "ae", Eligible: elig("ae"), Clawback: &commission.ClawbackDef{Days: 60}, CapRule: "3 * payee.target_incentive / 80",
				Caps: []commission.CapGroupDef{{ID: "core-cap", Components: []string{"commission", "kicker"}, Amount: "payee.target_incentive / 24", PayrollCode: "CAP"}},
				Draw: &commission.DrawDef{Amount: dec("800"), Recoverable: true}, Components: []commission.ComponentDef{ae, kicker, bonus}},
			{ID: "se", Eligible: elig("se"), Draw: &commission.DrawDef{Amount: dec("300")}, YearCap: ptr(dec("250")), Components: []commission.ComponentDef{se}},
			{ID: "am", Eligible: elig("am"), CapRule: "1200", Clawback: &commission.ClawbackDef{Days: 90, Fraction: ptr(dec("0.5")), ProRataMonths: "term_months"},
				NegativeRecoveryLimit: ptr(dec("0.5")), Components: []commission.ComponentDef{am}},
			{ID: "pm", Eligible: elig("pm"), NegativeBalance: commission.PayNegative, Components: []commission.ComponentDef{pm}},
		},
	}
	schema, err := deal.NewSchema(deal.Attr{Name: "term_months", Type: deal.Integer})
	if err != nil {
		t.Fatal(err)
	}
	e, err := commission.Compile(sec, commission.Config{Org: org, Currency: "USD", Schema: schema, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	return propCase{e, sec}
}

// TestPayoutCapsProperties runs the sequences of TestPayoutProperties
// through capsCase's plans and checks the same properties, the caps
// above all: what a cap withholds is paid (withheld) as its own line,
// never forfeited, and no cap is exceeded. It runs 20 sequences,
// SALESPLAN_LONG=1 runs 1,500.
func TestPayoutCapsProperties(t *testing.T) {
	pc := capsCase(t)
	seeds := 20
	if long() {
		seeds = 1500
	}
	seen := map[Kind]int{}
	capLines, periods := 0, 0
	deadline, hasDeadline := t.Deadline()
	for seed := range uint64(seeds) {
		if hasDeadline && time.Until(deadline) < time.Minute {
			t.Logf("stopped before the test's deadline, after %d sequences", seed)
			seeds = int(seed)
			break
		}
		if seed > 0 && seed%250 == 0 {
			t.Logf("%d sequences, %d periods", seed, periods)
		}
		r := rand.New(rand.NewPCG(seed, 1234))
		months := genSequence(r, 8)
		a := runSequence(t, pc, seed, months, true, false, seen, new(int))
		b := runSequence(t, pc, seed, months, false, true, nil, nil)
		if t.Failed() {
			return
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("seed %d: incremental events without DealInfo and repeated events with it differ:\n%s", seed, diff)
		}
		periods += len(months)
	}
	// every cap binds somewhere
	r := rand.New(rand.NewPCG(0, 1234))
	for _, g := range genSequence(r, 8)[:8] {
		res, err := pc.e.Run(g.period, g.deals)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range res.Statements {
			for _, l := range st.Lines {
				if l.Kind == commission.CapLine {
					capLines++
				}
			}
		}
	}
	if capLines == 0 || seen[Cap] == 0 || seen[Forfeited] == 0 {
		t.Errorf("the caps never bind: %d cap lines, items %v", capLines, seen)
	}
	t.Logf("%d sequences, %d periods, %d cap lines in seed 0, items %v", seeds, periods, capLines, seen)
}
