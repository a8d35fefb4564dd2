package strategy

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// genPlans is a generated strategy: its document and what it holds.
type genPlans struct {
	doc string
	// capped lists, per plan, the sets of components each cap covers
	// (a component cap, a cap group, the plan cap: "*").
	capped map[string][]capSet
	// holdDays lists the plan/component pairs with a hold deadline: the
	// only components whose lines may be forfeited without an event.
	holdDays map[[2]string]bool
	// reps are the members who own deals.
	reps []string
	// change is the day of a plan change or role change, if any.
	change calendar.Date
}

// capSet is a cap: the id of its line and the components it covers (nil
// for the plan cap: every line of the plan).
type capSet struct {
	id    string
	comps []string
}

// genStrategy writes a strategy document at random from what real plans
// have: component caps, cap groups, plan caps and year caps (numbers and
// expressions of the members' terms), per-deal caps and minimums, gates
// on attainment, marginal tables on the running total and retroactive
// highest tables, a team pool, split deals, roll-ups to managers and a
// VP on a yearly horizon, overlays, two plans of one role that change
// mid-period, a rep who changes role mid-period, draws (recoverable or
// guaranteed), clawbacks, carried or paid negative balances, releases
// on booking, invoice and cash, holds until paid with a deadline.
func genStrategy(r *rand.Rand) genPlans {
	g := genPlans{capped: map[string][]capSet{}, holdDays: map[[2]string]bool{}, reps: []string{"ana", "bob", "cal", "dot"}}
	coin := func(n int) bool { return r.IntN(n) == 0 }
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`version: 1
name: Generated
currency: USD
rounding: %s
attributes:
  - {name: segment, type: string}
  - {name: term_months, type: integer}
roles: [{id: ae}, {id: se}, {id: mgr}, {id: vp}]
teams:
  - {id: all, manager: vic}
  - {id: east, parent: all, manager: mia}
  - {id: west, parent: all, manager: max}
members:
  - {id: vic, role: vp, assignments: [{team: all}], terms: [{ote: 300000, base: 180000}]}
  - {id: mia, role: mgr, assignments: [{team: east}], terms: [{ote: 200000, base: 120000}]}
  - {id: max, role: mgr, assignments: [{team: west}], terms: [{ote: 200000, base: 120000}]}
  - {id: sia, role: se, assignments: [{team: all}], terms: [{ote: 120000, base: 90000}]}
`, pick("half-even", "half-up"))
	// ana's terms change on a day of FY2026's second half; bob becomes an
	// se on a day; the ae plan changes on a day
	termsDay := calendar.Date{Year: 2026, Month: time.Month(7 + r.IntN(5)), Day: 1 + r.IntN(28)}
	w("  - {id: ana, role: ae, assignments: [{team: east}], terms: [{to: %s, ote: 160000, base: 80000}, {from: %s, ote: 180000, base: 84000}]}\n", termsDay.AddDays(-1), termsDay)
	roleChange := coin(3)
	if roleChange {
		g.change = calendar.Date{Year: 2026, Month: time.Month(7 + r.IntN(6)), Day: 2 + r.IntN(26)}
		w("  - {id: bob, role: ae, assignments: [{team: east, to: %s}, {team: east, role: se, from: %s}], terms: [{ote: 160000, base: 80000}]}\n", g.change.AddDays(-1), g.change)
	} else {
		w("  - {id: bob, role: ae, assignments: [{team: east}], terms: [{ote: 160000, base: 80000}]}\n")
	}
	w("  - {id: cal, role: ae, assignments: [{team: west}], terms: [{ote: 160000, base: 80000}]}\n")
	w("  - {id: dot, role: ae, assignments: [{team: west}], terms: [{ote: 150000, base: 80000}]}\n")
	w(`targets:
  seasonality: [{id: even, period: month, weights: [0.08, 0.08, 0.09, 0.08, 0.08, 0.09, 0.08, 0.08, 0.09, 0.08, 0.08, 0.09]}]
  quotas:
`)
	for _, fy := range []string{"FY2026", "FY2027"} {
		w("    - {owner: role:ae, measure: bookings, period: %s, amount: 480000, seasonality: even}\n", fy)
		w("    - {owner: role:se, measure: bookings, period: %s, amount: 240000, seasonality: even}\n", fy)
		w("    - {owner: role:mgr, measure: bookings, period: %s, amount: 960000, seasonality: even}\n", fy)
		w("    - {owner: role:vp, measure: bookings, period: %s, amount: 1920000, seasonality: even}\n", fy)
		w("    - {owner: team:east, measure: bookings, period: %s, amount: 960000, seasonality: even}\n", fy)
		w("    - {owner: team:west, measure: bookings, period: %s, amount: 960000, seasonality: even}\n", fy)
	}
	w(`commission:
  measures: [{id: bookings}]
  tables:
    - {id: marg, mode: marginal, bands: [{from: 0, rate: 0.06}, {from: 40000, rate: 0.1}, {from: 80000, rate: 0.14}]}
    - {id: att, mode: highest, basis: attainment, bands: [{from: 0, rate: 0.05}, {from: 1, rate: 0.08}, {from: 1.5, rate: 0.12}]}
    - {id: mt, mode: highest, bands: [{from: 0, rate: 0.01}, {from: 60000, rate: 0.02}]}
  crediting:
    rollup: {enabled: true, roles: [mgr, vp]}
    overlays:
      - {id: se-overlay, when: deal.attrs.segment == "ent", payee: '"sia"', share: "0.5"}
  plans:
`)
	// the ae plan, once or as two plans that change on a day
	aePlans := []string{"ae"}
	var planDay calendar.Date
	if !roleChange && coin(3) {
		planDay = calendar.Date{Year: 2026, Month: time.Month(7 + r.IntN(6)), Day: 2 + r.IntN(26)}
		g.change = planDay
		aePlans = []string{"ae", "ae2"}
	}
	capExpr := func(num string, expr string) string {
		if coin(2) {
			return num
		}
		return expr
	}
	for pi, id := range aePlans {
		w("    - id: %s\n      eligible: {roles: [ae]}\n", id)
		if len(aePlans) == 2 {
			if pi == 0 {
				w("      to: %s\n", planDay.AddDays(-1))
			} else {
				w("      from: %s\n", planDay)
			}
		}
		switch r.IntN(4) {
		case 0:
			w("      draw: {amount: %d, recoverable: true, recovery_limit: 0.5}\n", 500+r.IntN(1500))
		case 1:
			w("      draw: {amount: %d}\n", 300+r.IntN(1000))
		}
		switch r.IntN(3) {
		case 0:
			w("      clawback: {days: %d}\n", 30+r.IntN(60))
		case 1:
			w("      clawback: {days: %d, fraction: 0.5, pro_rata_months: term_months}\n", 60+r.IntN(60))
		}
		if coin(4) {
			w("      negative_balance: pay\n")
		} else if coin(2) {
			w("      negative_recovery_limit: 0.5\n")
		}
		if coin(3) {
			w("      year_cap: %d\n", 2000+r.IntN(6000))
		}
		if coin(2) {
			w("      cap: %s\n", capExpr(fmt.Sprint(1000+r.IntN(3000)), pick("payee.target_incentive / 40", "3 * payee.target_incentive / 100", "0.015 * payee.ote")))
			g.capped[id] = append(g.capped[id], capSet{id: "plan-cap"})
		}
		comps := []string{"commission"}
		if coin(2) {
			comps = append(comps, "kicker")
		}
		if len(comps) == 2 && coin(2) {
			w("      caps: [{id: core-cap, components: [commission, kicker], amount: %q, payroll_code: CAP}]\n",
				capExpr(fmt.Sprint(800+r.IntN(2200)), pick("payee.target_incentive / 60", "payee.target_incentive / 40 - 500")))
			g.capped[id] = append(g.capped[id], capSet{id: "core-cap", comps: []string{"commission", "kicker"}})
		}
		w("      components:\n")
		w("        - id: commission\n          measure: bookings\n          kinds: [direct, split]\n          payroll_code: COMM\n")
		switch r.IntN(3) {
		case 0:
			w("          rate: \"%s\"\n", pick("0.1", "0.08", "deal.amount >= 20000 ? 0.12 : 0.09"))
		case 1:
			w("          table: marg\n          scope: running\n")
		case 2:
			w("          table: att\n          scope: running\n          retroactive: true\n")
		}
		switch r.IntN(5) {
		case 0:
			w("          release: [{on: booking, share: 0.5}, {on: cash, share: 0.5}]\n")
		case 1:
			w("          release: [{on: booking, share: 0.5}, {on: invoice, share: 0.25}, {on: cash, share: 0.25}]\n")
		case 2:
			w("          hold_until_paid: true\n")
			if coin(2) {
				w("          hold_days: %d\n", 40+r.IntN(60))
				g.holdDays[[2]string{id, "commission"}] = true
			}
		}
		if coin(3) {
			w("          cap_per_deal: %q\n", capExpr(fmt.Sprint(800+r.IntN(1200)), "payee.target_incentive / 80"))
		}
		if coin(4) {
			w("          min: %d\n", 50+r.IntN(200))
		}
		if coin(3) {
			w("          cap: %q\n", capExpr(fmt.Sprint(1000+r.IntN(2000)), "payee.target_incentive / 48"))
			g.capped[id] = append(g.capped[id], capSet{id: "commission", comps: []string{"commission"}})
		}
		if slices.Contains(comps, "kicker") {
			w("        - {id: kicker, measure: bookings, kinds: [direct, split], when: deal.attrs.segment == \"ent\", rate: \"0.02\", payroll_code: COMM")
			if coin(3) {
				w(", release: [{on: invoice, share: 1}]")
			}
			w("}\n")
		}
		if coin(2) {
			w("        - {id: bonus, per: period, gate: attainment.bookings >= %s, amount: %q, payroll_code: BONUS}\n",
				pick("0.5", "0.8", "1"), capExpr("500", "payee.target_incentive / 160"))
		}
		if coin(2) {
			w("        - id: east-pool\n          payroll_code: SPIF\n          pool: {team: east, gate: team.attainment.bookings >= %s, amount: %q, distribute: %s}\n",
				pick("0.1", "0.3", "0.6"), pick("2000", "1000 + team.measure.bookings / 100"), pick("equal", "measure.bookings", "target_incentive"))
		}
	}
	// the se: overlay credit, capped
	w(`    - id: se
      eligible: {roles: [se]}
      clawback: {days: 60}
`)
	if coin(2) {
		w("      cap: %q\n", capExpr("1500", "payee.target_incentive / 24"))
		g.capped["se"] = append(g.capped["se"], capSet{id: "plan-cap"})
	}
	w("      components: [{id: overlay, measure: bookings, kinds: [overlay, direct], rate: \"0.03\"%s}]\n", pick("", ", cap_per_deal: 400", ", min: 25"))
	// the managers: roll-up credit, on the period or the year
	w("    - id: mgr\n      eligible: {roles: [mgr]}\n      negative_recovery_limit: 0.5\n")
	if coin(3) {
		w("      horizon: year\n")
	}
	if coin(2) {
		w("      year_cap: %d\n", 1000+r.IntN(3000))
	}
	if coin(2) {
		w("      cap: %q\n", capExpr("2500", "payee.target_incentive / 30"))
		g.capped["mgr"] = append(g.capped["mgr"], capSet{id: "plan-cap"})
	}
	w("      components: [{id: override, measure: bookings, kinds: [rollup], table: mt, scope: running, retroactive: %v}]\n", coin(2))
	// the VP: the year's roll-up, with a plan cap
	w("    - id: vp\n      eligible: {roles: [vp]}\n")
	if coin(2) {
		w("      horizon: year\n")
	}
	if coin(2) {
		w("      cap: %q\n", capExpr("4000", "payee.target_incentive / 25"))
		g.capped["vp"] = append(g.capped["vp"], capSet{id: "plan-cap"})
	}
	w("      components: [{id: override, measure: bookings, kinds: [rollup], rate: \"0.005\"}]\n")
	g.doc = b.String()
	return g
}

// plansMonth is one generated month of TestPayoutPlansProperties.
type plansMonth struct {
	period   calendar.Period
	deals    []deal.Deal
	events   []payout.Event
	restated map[string][]deal.Deal
	held     []string
}

// plansSequence generates months from a random start in FY2026's second
// half, often across the year boundary: deals of every rep, split deals,
// enterprise deals (a kicker and an overlay), credit notes, payments
// and reversals, invoices, partial and full refunds, cancellations,
// deals on hold and released, restatements with late deals and
// corrected amounts, held payees; and a last month that invoices,
// releases and pays every deal.
func plansSequence(s *Strategy, g genPlans, r *rand.Rand) []plansMonth {
	cal := s.Calendar()
	p := cal.MustParse(fmt.Sprintf("FY2026-M%02d", 7+r.IntN(5)))
	n := 3 + r.IntN(4)
	var out []plansMonth
	var all []deal.Deal
	amount := map[string]decimal.Decimal{}
	collected := map[string]decimal.Decimal{}
	refunded := map[string]bool{}
	done, invoiced, onHold, touched := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	lastHold := map[string]calendar.Date{}
	id := 0
	newDeal := func(day calendar.Date) deal.Deal {
		id++
		a := decimal.New(int64(300000+r.IntN(3500000)), -2)
		if r.IntN(7) == 0 {
			a = a.Neg().Div(decimal.NewFromInt(5)).Round(2) // a credit note
		}
		owner := g.reps[r.IntN(len(g.reps))]
		d := deal.Deal{ID: fmt.Sprintf("N%03d", id), Date: day, Amount: a, Currency: "USD", Owner: owner,
			Attrs: deal.AttrsOf(map[string]any{"segment": []string{"mm", "ent"}[r.IntN(2)], "term_months": int64(6 + r.IntN(30))})}
		if r.IntN(5) == 0 {
			partner := "cal"
			if owner == "cal" {
				partner = "dot"
			}
			d.Splits = []deal.Split{{Member: owner, Share: dec("0.6")}, {Member: partner, Share: dec("0.4")}}
		}
		amount[d.ID] = a
		return d
	}
	for m := 0; m <= n; m++ {
		final := m == n
		g := plansMonth{period: p}
		day := func() calendar.Date { return p.Start.AddDays(r.IntN(p.Days())) }
		if !final {
			for range r.IntN(6) {
				g.deals = append(g.deals, newDeal(day()))
			}
		}
		for _, d := range all {
			a := amount[d.ID].Abs()
			if final {
				if onHold[d.ID] {
					g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.DealReleased, Date: p.End})
				}
				if done[d.ID] {
					continue
				}
				if !invoiced[d.ID] {
					g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Invoiced, Date: p.Start})
				}
				if left := a.Sub(collected[d.ID]); left.Sign() > 0 {
					g.events = append(g.events, payout.Event{ID: "final-" + d.ID, Deal: d.ID, Kind: payout.PaymentReceived, Date: p.End, Amount: left})
				}
				continue
			}
			if done[d.ID] {
				continue
			}
			switch x := r.IntN(20); {
			case x < 4:
				v := a.Div(decimal.NewFromInt(3)).Round(2)
				g.events = append(g.events, payout.Event{ID: fmt.Sprintf("p-%s-%s", p.ID, d.ID), Deal: d.ID, Kind: payout.PaymentReceived, Date: day(), Amount: v})
				collected[d.ID] = collected[d.ID].Add(v)
				touched[d.ID] = true
			case x == 4 && collected[d.ID].Sign() > 0:
				v := collected[d.ID].Neg()
				g.events = append(g.events, payout.Event{ID: fmt.Sprintf("r-%s-%s", p.ID, d.ID), Deal: d.ID, Kind: payout.PaymentReceived, Date: p.Start, Amount: v})
				collected[d.ID] = decimal.Zero
			case x == 5 && !invoiced[d.ID]:
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Invoiced, Date: day()})
				invoiced[d.ID] = true
			case x == 6:
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Cancelled, Date: day()})
				done[d.ID], touched[d.ID] = true, true
			case x == 7 && !refunded[d.ID]:
				ev := payout.Event{ID: "f-" + d.ID, Deal: d.ID, Kind: payout.Refunded, Date: day(), Amount: a.Div(decimal.NewFromInt(4)).Round(2)}
				if r.IntN(2) == 0 {
					ev.Amount = decimal.Zero // the whole deal
					done[d.ID] = true
				}
				g.events = append(g.events, ev)
				refunded[d.ID], touched[d.ID] = true, true
			case x == 8:
				at := p.Start.AddDays(5 + r.IntN(20))
				if !at.After(lastHold[d.ID]) {
					continue
				}
				kind := payout.DealHeld
				if onHold[d.ID] {
					kind = payout.DealReleased
				}
				onHold[d.ID] = !onHold[d.ID]
				lastHold[d.ID] = at
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: kind, Date: at})
			}
		}
		if m > 0 && !final && r.IntN(3) == 0 {
			q := out[m-1]
			deals := slices.Clone(q.deals)
			if len(deals) > 0 && r.IntN(2) == 0 {
				i := r.IntN(len(deals))
				if d := deals[i]; !touched[d.ID] {
					d.Amount = d.Amount.Mul(dec("1.5")).Round(2) // a corrected amount
					deals[i] = d
					amount[d.ID] = d.Amount
				}
			}
			late := newDeal(q.period.Start.AddDays(r.IntN(q.period.Days())))
			late.ID = "L" + late.ID[1:]
			delete(amount, "N"+late.ID[1:])
			amount[late.ID] = late.Amount
			deals = append(deals, late)
			g.restated = map[string][]deal.Deal{q.period.ID: deals}
			out[m-1].deals = deals // what the month holds from now on
			all = append(all, late)
		}
		if !final && r.IntN(6) == 0 {
			g.held = []string{[]string{"ana", "bob", "cal", "mia", "sia", "vic"}[r.IntN(6)]}
		}
		out = append(out, g)
		all = append(all, g.deals...)
		p = cal.Next(p)
	}
	return out
}

// TestPayoutPlansProperties pays generated sequences of months through
// generated strategies (genStrategy: caps of every kind, minimums, pools,
// gates, retroactive tables, splits, roll-ups, overlays, plan and role
// changes mid-period, yearly horizons, draws, clawbacks) and checks
// after every month, besides what the ledger checks of itself:
//
//   - money is kept: every open line of the ledger earns what the latest
//     statement of its period (or the year to date, for a yearly plan)
//     earns on it, and every statement line is in the ledger; so, with
//     the ledger's identities, what payroll got over the sequence is what
//     the statements earn in all, less what is deferred (held
//     included), carried, clawed back, forfeited and withheld by year
//     caps, plus what draws advanced or guaranteed (checked in those
//     words after the last month);
//   - nothing is forfeited without a reason: a forfeited item or line is
//     of a deal cancelled or refunded, or of a component with a hold
//     deadline;
//   - no cap is exceeded: over the lines a cap covers in a period, what
//     was paid on them (credit notes at what they earn) is at most the
//     cap of the period's latest statement;
//   - pool shares add up to the pool;
//   - payroll gets no negative amount unless the plan in force pays it;
//   - the ledger's JSON round-trips byte for byte, and the next period
//     paid from the ledger read back is the one paid from the ledger in
//     memory, byte for byte;
//   - a re-run, and a run with every input slice shuffled (deals,
//     events, restated deals, held payees, the year's deals), give
//     byte-identical payouts and ledgers;
//
// and, after the last month, which settles every deal, that nothing is
// deferred.
//
// It runs 40 sequences (10 under the race detector); SALESPLAN_LONG=1
// runs 4,000, and
// SALESPLAN_SEED=n runs the one sequence of seed n.
func TestPayoutPlansProperties(t *testing.T) {
	n := uint64(40)
	if raceEnabled {
		n = 10
	}
	first := uint64(0)
	if os.Getenv("SALESPLAN_LONG") != "" {
		n = 4000
	}
	if v := os.Getenv("SALESPLAN_SEED"); v != "" {
		fmt.Sscan(v, &first)
		n = 1
	}
	start := time.Now()
	st := plansStats{kinds: map[payout.Kind]int{}, lines: map[commission.LineKind]int{}}
	deadline, hasDeadline := t.Deadline()
	for seed := first; seed < first+n; seed++ {
		if hasDeadline && time.Until(deadline) < time.Minute {
			t.Logf("stopped before the test's deadline, after %d sequences", seed-first)
			n = seed - first
			break
		}
		if seed > first && (seed-first)%250 == 0 {
			t.Logf("%d sequences, %d periods in %s", seed-first, st.periods, time.Since(start).Round(time.Second))
		}
		runPlansSequence(t, seed, &st)
		if t.Failed() {
			t.Logf("reproduce with SALESPLAN_SEED=%d go test ./strategy -run TestPayoutPlansProperties", seed)
			return
		}
	}
	if n >= 40 {
		for _, k := range []payout.Kind{payout.Earned, payout.Release, payout.TrueUp, payout.Clawback, payout.Draw, payout.Guarantee, payout.Recovery,
			payout.Cap, payout.Forfeited, payout.Carried, payout.Balance} {
			if st.kinds[k] == 0 {
				t.Errorf("no %s item in %d sequences: %v", k, n, st.kinds)
			}
		}
		for _, k := range []commission.LineKind{commission.CapLine, commission.PoolLine, commission.GateLine, commission.RetroLine, "split", "rollup", "overlay"} {
			if st.lines[k] == 0 {
				t.Errorf("no %s line in %d sequences: %v", k, n, st.lines)
			}
		}
		if st.capChecks == 0 || st.pools == 0 || st.forfeits == 0 {
			t.Errorf("too little checked: %+v", st)
		}
	}
	t.Logf("%d sequences, %d periods in %s; %d caps, %d pools, %d forfeits, %d migrations checked; items %v; lines %v", n, st.periods,
		time.Since(start).Round(time.Millisecond), st.capChecks, st.pools, st.forfeits, st.migrations, st.kinds, st.lines)
}

type plansStats struct {
	periods, capChecks, pools, forfeits, migrations int
	kinds                                           map[payout.Kind]int
	lines                                           map[commission.LineKind]int
}

func runPlansSequence(t *testing.T, seed uint64, st *plansStats) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 2028))
	g := genStrategy(r)
	s, err := Parse("generated.yaml", []byte(g.doc))
	if err != nil {
		t.Fatalf("seed %d: the generated strategy does not parse: %v\n%s", seed, err, g.doc)
	}
	terms := map[string]commission.PlanTerms{}
	for _, p := range s.Commission().Plans() {
		terms[p.ID] = p
	}
	months := plansSequence(s, g, r)
	shuffle := rand.New(rand.NewPCG(seed, 11))
	reload := shuffle.IntN(len(months))
	// a quarter of the sequences migrate, at a month, to terms that pay
	// the se more: nothing is forfeited for it, every component being
	// still there
	migrate := -1
	if shuffle.IntN(4) == 0 {
		migrate = 1 + shuffle.IntN(len(months)-1)
	}
	var ledger *payout.Ledger
	yearDeals := map[int][]deal.Deal{}
	paid := map[string]decimal.Decimal{}
	latest := map[string]*commission.Result{} // the latest statements of each period and year
	for i, m := range months {
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, %s: %s\n%s", seed, m.period.ID, fmt.Sprintf(format, args...), g.doc)
		}
		in := PayoutInput{Ledger: ledger, Events: m.events, Restated: m.restated, Held: m.held, YearDeals: yearDeals[m.period.FiscalYear]}
		if i == migrate {
			if s, err = Parse("generated.yaml", []byte(strings.Replace(g.doc, `rate: "0.03"`, `rate: "0.035"`, 1))); err != nil {
				fail("the migrated strategy does not parse: %v", err)
			}
			if _, err := s.Payout(m.period.ID, m.deals, in); err == nil {
				fail("a ledger of other terms is paid from without a migration")
			}
			in.Migrate = true
			st.migrations++
		}
		po, err := s.Payout(m.period.ID, m.deals, in)
		if err != nil {
			fail("%v", err)
		}
		j1, _ := po.MarshalJSON()
		l1, _ := po.Ledger.MarshalJSON()
		// the same inputs, in another order, and again
		sh := shuffledInput(shuffle, in)
		deals := slices.Clone(m.deals)
		shuffle.Shuffle(len(deals), func(a, b int) { deals[a], deals[b] = deals[b], deals[a] })
		again, err := s.Payout(m.period.ID, deals, sh)
		if err != nil {
			fail("shuffled: %v", err)
		}
		j2, _ := again.MarshalJSON()
		l2, _ := again.Ledger.MarshalJSON()
		if string(j1) != string(j2) || string(l1) != string(l2) {
			fail("the same inputs in another order gave another payout or ledger:\n%s", firstDiff(string(j1)+string(l1), string(j2)+string(l2)))
		}
		if err := po.Ledger.Check(); err != nil {
			fail("the ledger does not add up: %v", err)
		}
		var back payout.Ledger
		if err := json.Unmarshal(l1, &back); err != nil {
			fail("the ledger does not read back: %v", err)
		}
		if l3, _ := back.MarshalJSON(); string(l3) != string(l1) {
			fail("the ledger does not round-trip through JSON byte for byte:\n%s", firstDiff(string(l1), string(l3)))
		}
		if i == reload && i+1 < len(months) {
			// the next period, from the ledger in memory and read back
			next := months[i+1]
			yd := yearDeals[next.period.FiscalYear]
			if next.period.FiscalYear == m.period.FiscalYear {
				yd = append(slices.Clone(yearDeals[m.period.FiscalYear]), m.deals...)
			}
			a, errA := s.Payout(next.period.ID, next.deals, PayoutInput{Ledger: po.Ledger, Events: next.events, Restated: next.restated, Held: next.held, YearDeals: yd})
			b, errB := s.Payout(next.period.ID, next.deals, PayoutInput{Ledger: &back, Events: next.events, Restated: next.restated, Held: next.held, YearDeals: yd})
			if errA != nil || errB != nil {
				fail("the next period from the ledger in memory: %v; read back: %v", errA, errB)
			}
			ja, _ := a.MarshalJSON()
			jb, _ := b.MarshalJSON()
			la, _ := a.Ledger.MarshalJSON()
			lb, _ := b.Ledger.MarshalJSON()
			if string(ja) != string(jb) || string(la) != string(lb) {
				fail("the next period paid from the ledger read back differs from the one paid from the ledger in memory:\n%s", firstDiff(string(ja)+string(la), string(jb)+string(lb)))
			}
		}
		// the latest statements of each period
		latest[m.period.ID] = po.Commission
		if po.YearToDate != nil {
			latest[fmt.Sprintf("FY%d", m.period.FiscalYear)] = po.YearToDate
		}
		for _, q := range sortedKeys(m.restated) {
			fy := s.Calendar().MustParse(q).FiscalYear
			prior := []deal.Deal{}
			if s.Commission().Yearly() {
				for _, mm := range months[:i] {
					if mm.period.FiscalYear == fy && mm.period.ID < q {
						prior = append(prior, mm.deals...)
					}
				}
			}
			rr, err := s.Run(q, append(prior, m.restated[q]...))
			if err != nil {
				fail("restated %s: %v", q, err)
			}
			latest[q] = rr
		}
		for _, stt := range po.Commission.Statements {
			for _, l := range stt.Lines {
				st.lines[l.Kind]++
			}
		}
		st.pools += checkPools(po.Commission, fail)
		for _, pay := range po.Payables {
			paid[pay.Payee] = paid[pay.Payee].Add(pay.Amount)
			pl, _ := back.Payee(pay.Payee)
			if pay.Amount.Sign() < 0 && terms[pl.Plan].NegativeBalance != commission.PayNegative {
				fail("%s is paid %s, a negative amount, by plan %s, which carries it", pay.Payee, pay.Amount, pl.Plan)
			}
			for _, it := range pay.Items {
				st.kinds[it.Kind]++
				if it.Kind == payout.Forfeited {
					st.forfeits++
					if why := forfeitReason(g, back.Events, it.Plan, it.Component, it.Deal); why == "" {
						fail("%s: %s forfeited on %s/%s %s with no event or migration to say so: %s", pay.Payee, it.Base, it.Plan, it.Component, it.Deal, it.Explanation)
					}
				}
			}
		}
		for _, pl := range back.Payees {
			if !pl.Paid.Equal(paid[pl.Payee]) {
				fail("%s: the ledger paid %s, the payables %s", pl.Payee, pl.Paid, paid[pl.Payee])
			}
			if err := checkPlansLedger(g, s, back.Events, pl, latest, i == len(months)-1); err != nil {
				fail("%s: %v", pl.Payee, err)
			}
			st.capChecks += checkCaps(g, pl, latest, fail)
		}
		ledger = &back
		fy := m.period.FiscalYear
		yearDeals[fy] = append(yearDeals[fy], m.deals...)
		if i+1 < len(months) && months[i+1].restated != nil {
			// the restated month's deals, corrected, count towards the
			// year to date from now on
			yearDeals[fy] = nil
			for _, mm := range months[:i+1] {
				if mm.period.FiscalYear == fy {
					yearDeals[fy] = append(yearDeals[fy], mm.deals...)
				}
			}
		}
		st.periods++
	}
}

// shuffledInput returns in with its slices in another order.
func shuffledInput(r *rand.Rand, in PayoutInput) PayoutInput {
	sh := func(n int, swap func(a, b int)) { r.Shuffle(n, swap) }
	out := in
	out.Events = slices.Clone(in.Events)
	sh(len(out.Events), func(a, b int) { out.Events[a], out.Events[b] = out.Events[b], out.Events[a] })
	out.Held = slices.Clone(in.Held)
	sh(len(out.Held), func(a, b int) { out.Held[a], out.Held[b] = out.Held[b], out.Held[a] })
	out.YearDeals = slices.Clone(in.YearDeals)
	sh(len(out.YearDeals), func(a, b int) { out.YearDeals[a], out.YearDeals[b] = out.YearDeals[b], out.YearDeals[a] })
	if in.Restated != nil {
		out.Restated = map[string][]deal.Deal{}
		for q, ds := range in.Restated {
			ds = slices.Clone(ds)
			sh(len(ds), func(a, b int) { ds[a], ds[b] = ds[b], ds[a] })
			out.Restated[q] = ds
		}
	}
	return out
}

// forfeitReason says why a line may be forfeited: its deal was cancelled
// or refunded, or its component has a hold deadline; "" for no reason.
func forfeitReason(g genPlans, events []payout.Event, plan, comp, dealID string) string {
	if dealID != "" {
		for _, ev := range events {
			if ev.Deal == dealID && (ev.Kind == payout.Cancelled || ev.Kind == payout.Refunded) {
				return string(ev.Kind)
			}
		}
		if g.holdDays[[2]string{plan, comp}] {
			return "hold deadline"
		}
	}
	return ""
}

// propLineKey is what a ledger line is known by.
type propLineKey struct{ period, plan, component, deal, kind string }

// earnedByKey sums a payee's lines of a result by ledger key, for the
// plans on the horizon of period (yearly for a fiscal year's id).
func earnedByKey(s *Strategy, res *commission.Result, payee, period string) map[propLineKey]decimal.Decimal {
	out := map[propLineKey]decimal.Decimal{}
	if res == nil {
		return out
	}
	yearly := !strings.Contains(period, "-")
	st, ok := res.Statement(payee)
	if !ok {
		return out
	}
	plans := map[string]bool{}
	for _, p := range s.Commission().Plans() {
		plans[p.ID] = p.Yearly
	}
	for _, l := range st.Lines {
		if plans[l.Plan] != yearly {
			continue
		}
		k := propLineKey{period, l.Plan, l.Component, l.Deal, string(l.Kind)}
		out[k] = out[k].Add(l.Amount)
	}
	return out
}

// checkPlansLedger checks a payee's ledger against the latest
// statements: every open line earns what the statements say, every
// statement line is in the ledger, every forfeited amount has a reason;
// and after the last month that nothing is deferred and what was paid
// is what the statements earn less what is deferred, carried, clawed
// back, forfeited and withheld, plus the draws.
func checkPlansLedger(g genPlans, s *Strategy, events []payout.Event, pl payout.PayeeLedger, latest map[string]*commission.Result, last bool) error {
	want := map[propLineKey]decimal.Decimal{}
	for _, q := range sortedKeys(latest) {
		for k, v := range earnedByKey(s, latest[q], pl.Payee, q) {
			want[k] = v
		}
	}
	stmt := decimal.Zero // what the statements earn, as the ledger keeps it
	deferred, forfeited, clawed := decimal.Zero, decimal.Zero, decimal.Zero
	for _, it := range pl.Items {
		k := propLineKey{it.Period, it.Plan, it.Component, it.Deal, string(it.Kind)}
		v, ok := want[k]
		delete(want, k)
		switch {
		case it.Closed:
			// a closed line (its deal cancelled or refunded in full, its
			// hold forfeited) keeps what it earned when it closed
			v = it.Earned
		case !ok && !it.Earned.IsZero():
			return fmt.Errorf("line %s/%s %s %s (%s) earns %s in the ledger, and no statement of %s has it", it.Plan, it.Component, it.Deal, it.Kind, it.Period, it.Earned, it.Period)
		case !v.Equal(it.Earned):
			return fmt.Errorf("line %s/%s %s %s (%s) earns %s in the ledger, %s in the latest statement of %s", it.Plan, it.Component, it.Deal, it.Kind, it.Period, it.Earned, v, it.Period)
		}
		stmt = stmt.Add(v)
		if !it.Forfeited.IsZero() && forfeitReason(g, events, it.Plan, it.Component, it.Deal) == "" {
			return fmt.Errorf("line %s/%s %s (%s) forfeits %s with no event or migration to say so: %+v", it.Plan, it.Component, it.Deal, it.Period, it.Forfeited, it)
		}
		if last && !it.Deferred.IsZero() {
			return fmt.Errorf("line %s/%s %s (%s) still defers %s after everything was settled", it.Plan, it.Component, it.Deal, it.Period, it.Deferred)
		}
		deferred, forfeited, clawed = deferred.Add(it.Deferred), forfeited.Add(it.Forfeited), clawed.Add(it.ClawedBack)
	}
	for _, k := range sortedPropLineKeys(want) {
		return fmt.Errorf("the statement of %s has line %s/%s %s %s earning %s, which the ledger lacks", k.period, k.plan, k.component, k.deal, k.kind, want[k])
	}
	withheld := decimal.Zero
	for _, c := range pl.Caps {
		withheld = withheld.Add(c.Withheld)
	}
	draws := pl.DrawOwed.Add(pl.Guaranteed).Add(pl.Forgiven)
	if got := stmt.Sub(deferred).Sub(pl.Carried.Neg()).Sub(forfeited).Sub(clawed).Sub(withheld).Add(draws); last && !got.Equal(pl.Paid) {
		return fmt.Errorf("payroll got %s over the sequence, but the statements earn %s − deferred %s + carried %s − forfeited %s − clawed back %s − withheld %s + draws %s = %s",
			pl.Paid, stmt, deferred, pl.Carried, forfeited, clawed, withheld, draws, got)
	}
	return nil
}

func sortedPropLineKeys(m map[propLineKey]decimal.Decimal) []propLineKey {
	keys := make([]propLineKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b propLineKey) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return keys
}

// checkCaps checks that no cap of a payee's plans is exceeded in a
// period: over the lines a cap covers, what was paid (a credit note's
// line at what it earns, so that a credit note not yet settled does not
// count as room under the cap) is at most the cap, which is what the
// lines earn in the period's latest statement when it has the cap's
// line (and at least that when it has none). It returns how many caps
// it checked.
func checkCaps(g genPlans, pl payout.PayeeLedger, latest map[string]*commission.Result, fail func(string, ...any)) int {
	n := 0
	for _, q := range sortedKeys(latest) {
		st, ok := latest[q].Statement(pl.Payee)
		if !ok {
			continue
		}
		for _, plan := range sortedKeys(g.capped) {
			for _, c := range g.capped[plan] {
				covers := func(comp string) bool { return c.comps == nil || slices.Contains(c.comps, comp) }
				limit, capped := decimal.Zero, false
				for _, l := range st.Lines {
					if l.Plan == plan && covers(l.Component) {
						limit = limit.Add(l.Amount)
						if l.Kind == commission.CapLine && l.Component == c.id {
							capped = true
						}
					}
				}
				if !capped {
					continue
				}
				got := decimal.Zero
				for _, it := range pl.Items {
					if it.Period != q || it.Plan != plan || !covers(it.Component) {
						continue
					}
					if it.Deal != "" && it.Earned.Sign() < 0 {
						got = got.Add(it.Earned)
					} else {
						got = got.Add(it.Paid)
					}
				}
				n++
				if got.GreaterThan(limit) {
					fail("%s: cap %s of plan %s in %s is %s, and the lines it covers were paid %s", pl.Payee, c.id, plan, q, limit, got)
				}
			}
		}
	}
	return n
}

// checkPools checks that the shares of each pool of a result add up to
// the pool, and returns how many pools it checked.
func checkPools(res *commission.Result, fail func(string, ...any)) int {
	type poolKey struct{ plan, comp string }
	sums := map[poolKey]decimal.Decimal{}
	pools := map[poolKey]*commission.PoolShare{}
	for _, st := range res.Statements {
		for _, l := range st.Lines {
			if l.Kind != commission.PoolLine || l.Pool == nil {
				continue
			}
			k := poolKey{l.Plan, l.Component}
			sums[k] = sums[k].Add(l.Amount)
			if p := pools[k]; p != nil && !p.Pool.Equal(l.Pool.Pool) {
				fail("pool %s/%s: one share says the pool is %s, another %s", k.plan, k.comp, p.Pool, l.Pool.Pool)
			}
			pools[k] = l.Pool
		}
	}
	for k, p := range pools {
		want := p.Pool
		if p.TotalWeight.IsZero() {
			want = decimal.Zero
		}
		if !sums[k].Equal(want) {
			fail("pool %s/%s of %s: the shares add up to %s", k.plan, k.comp, p.Pool, sums[k])
		}
	}
	return len(pools)
}

// firstDiff shows where two texts first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-300)
	return fmt.Sprintf("at byte %d:\n--- %s\n+++ %s", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}
