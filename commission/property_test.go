package commission

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// TestCreditNoteProperty checks, over generated plans and deals, that a
// credit note reverses what its positive twin earns.
//
// Each case generates a plan section (per-credit components priced by a
// rate, a rate rule, a fixed amount or a rule giving one, and tables in
// every mode on amount or attainment, per deal or on the running total,
// with two dimensions, retroactive re-pricing, multipliers, minimums,
// per-deal caps, component caps, kinds, windows, conditions and gates;
// per-period components on money and count measures; plan caps and cap
// groups, numbers or expressions of the members' terms; roll-ups
// and overlays), an organisation, quotas, and base deals (in two
// currencies, with splits, some of them returns of no deal in
// particular). It then adds pairs: a deal and its exact return (the same
// deal with the amount negated), dated the same day, with ids that put
// the return right after its deal in deal order. The property is:
//
//  1. On every payee's statement, for every plan and component, the lines
//     of a pair's deal and of its return (per-credit and retro lines)
//     add up to exactly zero.
//  2. Every payee's statement with the pairs has the same measures, the
//     same subtotal for every plan and component (cap lines, gate lines
//     and per-period lines included) and the same total as the statement
//     of the base deals alone.
//
// What it does not claim: a return dated apart from its deal, with other
// deals between them, reverses its deal's per-credit lines only where the
// price does not depend on the running total in between (a running-total
// tier reverses the slice the return takes off, at the bands it crosses
// then); and rules that read the running totals (measure.x, attainment.x,
// running.before in a per-credit rule) see them after each credit, so
// they are not generated here. Conditions that tell a return apart
// (when: deal.amount > 0) are not generated either: they keep a credit
// note from reversing, by design.
//
// The default run takes a few hundred cases; -short and -race take fewer.
func TestCreditNoteProperty(t *testing.T) {
	n := 300
	if testing.Short() || raceEnabled {
		n = 40
	}
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	rates := RateMap{"EUR/USD": dec("1.0834")}
	for seed := range n {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 2026)), p: p}
		sec, org, quotas := g.section()
		terms := TermMap{}
		for id := range org {
			terms[id] = []MemberTerms{{OTE: dec("150000"), TargetIncentive: dec("50000").Add(decimal.NewFromInt(int64(1000 * len(id))))}}
		}
		e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD", Terms: terms})
		if err != nil {
			t.Fatalf("seed %d: the generated section does not compile: %v\n%s", seed, err, show(sec))
		}
		base := g.deals("S", 5+g.r.IntN(20), true)
		pairs := g.deals("P", 1+g.r.IntN(6), false)
		all := slices.Clone(base)
		for _, d := range pairs {
			ret := d
			ret.ID, ret.Amount, ret.Type = d.ID+"R", d.Amount.Neg(), "return"
			all = append(all, d, ret)
		}
		with, err := e.Run(p, all, WithRates(rates))
		if err != nil {
			t.Fatalf("seed %d: run with the pairs: %v\n%s", seed, err, show(sec))
		}
		without, err := e.Run(p, base, WithRates(rates))
		if err != nil {
			t.Fatalf("seed %d: run without the pairs: %v\n%s", seed, err, show(sec))
		}
		if msg := compareWithout(with, without, pairs); msg != "" {
			t.Fatalf("seed %d: %s\nsection:\n%s\npairs: %s", seed, msg, show(sec), show(pairs))
		}
	}
}

// compareWithout checks the two claims of TestCreditNoteProperty and
// returns what breaks one, or "".
func compareWithout(with, without *Result, pairs []deal.Deal) string {
	pairOf := map[string]string{}
	for _, d := range pairs {
		pairOf[d.ID], pairOf[d.ID+"R"] = d.ID, d.ID
	}
	if len(with.Statements) != len(without.Statements) {
		return fmt.Sprintf("%d statements with the pairs, %d without", len(with.Statements), len(without.Statements))
	}
	for i, st := range with.Statements {
		wo := without.Statements[i]
		if st.Payee != wo.Payee {
			return fmt.Sprintf("statement %d is %s with the pairs, %s without", i, st.Payee, wo.Payee)
		}
		// 1. each pair nets to zero, component by component
		net := map[[3]string]decimal.Decimal{}
		for _, l := range st.Lines {
			if id, ok := pairOf[l.Deal]; ok {
				k := [3]string{l.Plan, l.Component, id}
				net[k] = net[k].Add(l.Amount)
			}
		}
		for k, v := range net {
			if !v.IsZero() {
				return fmt.Sprintf("%s: plan %s, component %s: deal %s and its return net to %s, not 0\nlines: %s", st.Payee, k[0], k[1], k[2], v, show(st.Lines))
			}
		}
		// 2. nothing else changes
		if !st.Total.Equal(wo.Total) {
			return fmt.Sprintf("%s: total %s with the pairs, %s without\nwith: %s\nwithout: %s", st.Payee, st.Total, wo.Total, show(st.Lines), show(wo.Lines))
		}
		subs := func(s Statement) map[[2]string]decimal.Decimal {
			m := map[[2]string]decimal.Decimal{}
			for _, sub := range s.Subtotals {
				m[[2]string{sub.Plan, sub.Component}] = m[[2]string{sub.Plan, sub.Component}].Add(sub.Amount)
			}
			return m
		}
		a, b := subs(st), subs(wo)
		for k, v := range a {
			if !v.Equal(b[k]) {
				return fmt.Sprintf("%s: plan %s, component %s: subtotal %s with the pairs, %s without\nwith: %s\nwithout: %s", st.Payee, k[0], k[1], v, b[k], show(st.Lines), show(wo.Lines))
			}
		}
		for k, v := range b {
			if _, ok := a[k]; !ok && !v.IsZero() {
				return fmt.Sprintf("%s: plan %s, component %s: no subtotal with the pairs, %s without", st.Payee, k[0], k[1], v)
			}
		}
		for j, m := range st.Measures {
			if !m.Value.Equal(wo.Measures[j].Value) {
				return fmt.Sprintf("%s: measure %s is %s with the pairs, %s without", st.Payee, m.Measure, m.Value, wo.Measures[j].Value)
			}
		}
	}
	return ""
}

func show(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// gen makes random sections and deals.
type gen struct {
	r *rand.Rand
	p calendar.Period
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(pct int) bool      { return g.r.IntN(100) < pct }
func (g *gen) amount(lo, hi int) decimal.Decimal {
	return decimal.New(int64(lo*100+g.r.IntN((hi-lo)*100)), -2)
}

var (
	genReps     = []string{"r1", "r2", "r3", "r4"}
	genProducts = []string{"a", "b", "c"}
)

func (g *gen) section() (Section, caseOrg, QuotaMap) {
	org := caseOrg{
		"r1": {Role: "ae", Managers: []string{"m1", "vp"}}, "r2": {Role: "ae", Managers: []string{"m1", "vp"}},
		"r3": {Role: "ae", Managers: []string{"m2", "vp"}}, "r4": {Role: "ae", Managers: []string{"m2", "vp"}},
		"m1": {Role: "mgr", Managers: []string{"vp"}}, "m2": {Role: "mgr", Managers: []string{"vp"}},
		"vp": {Role: "vp"}, "pm": {Role: "pm"},
	}
	quotas := QuotaMap{}
	for id := range org {
		if g.chance(85) {
			quotas[id] = map[string]map[string]decimal.Decimal{"bookings": {g.p.ID: g.amount(40000, 300000)}}
		}
	}
	rate := func(lo, hi int) decimal.Decimal { return decimal.New(int64(lo+g.r.IntN(hi-lo)), -3) }
	bands := func(mode Mode, basis Basis) []Band {
		n := 1 + g.r.IntN(3)
		out := make([]Band, n)
		from := decimal.Zero
		for i := range out {
			out[i].From = from
			if mode == Step {
				out[i].Amount = decimal.NewFromInt(int64(50 * (i + 1 + g.r.IntN(3))))
			} else {
				out[i].Rate = rate(10, 120)
			}
			if basis == Attainment {
				from = from.Add(decimal.New(int64(3+g.r.IntN(6)), -1))
			} else {
				from = from.Add(g.amount(5000, 60000).Round(0))
			}
		}
		return out
	}
	sec := Section{Measures: []MeasureDef{{ID: "bookings"}}}
	logos := MeasureDef{ID: "logos", Count: true}
	if g.chance(50) {
		logos.Value = "1"
	}
	if g.chance(40) {
		logos.When = g.pick(`deal.product == "a"`, `credit.kind in ["direct", "split"]`)
	}
	sec.Measures = append(sec.Measures, logos)
	if g.chance(40) {
		sec.Measures = append(sec.Measures, MeasureDef{ID: "half", Value: "credit.amount * 0.5", When: `deal.product != "c"`})
	}
	modes := []Mode{Highest, Marginal, Linear, Step}
	for _, m := range modes {
		sec.Tables = append(sec.Tables, TableDef{ID: "t_" + string(m), Mode: m, Bands: bands(m, Amount)})
		sec.Tables = append(sec.Tables, TableDef{ID: "a_" + string(m), Mode: m, Basis: Attainment, Bands: bands(m, Attainment)})
	}
	sec.Tables = append(sec.Tables, TableDef{ID: "t_2d", Mode: Mode(g.pick("highest", "marginal", "step")), Rows: []TableRow{
		{Key: "a", Bands: nil}, {Key: "*", Bands: nil}}})
	t2 := &sec.Tables[len(sec.Tables)-1]
	t2.Rows[0].Bands, t2.Rows[1].Bands = bands(t2.Mode, Amount), bands(t2.Mode, Amount)

	if g.chance(60) {
		sec.Crediting.Rollup = RollupDef{Enabled: true, Levels: g.r.IntN(3)}
	}
	if g.chance(60) {
		ov := OverlayDef{ID: "partner", When: g.pick(`deal.channel == "partner"`, `deal.channel == "partner" && deal.amount >= 10000`), Payee: `"pm"`}
		if g.chance(50) {
			ov.Share = "0.5"
		}
		sec.Crediting.Overlays = []OverlayDef{ov}
	}
	ae := PlanDef{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, ZeroQuota: "zero", Params: map[string]decimal.Decimal{"spif": dec("150")}}
	if g.chance(30) {
		ae.Rounding = "half-up"
	}
	n := 2 + g.r.IntN(5)
	for i := range n {
		ae.Components = append(ae.Components, g.component(fmt.Sprintf("c%d", i), true))
	}
	switch g.r.IntN(6) {
	case 0, 1:
		ae.Cap = ptr(g.amount(2000, 20000).Round(0))
	case 2:
		ae.CapRule = g.pick("3 * payee.target_incentive / 40", "payee.target_incentive / 8 - 1000")
	}
	if g.chance(40) {
		// a cap group over some of the components, a number or an
		// expression of the member's terms
		var comps []string
		for _, c := range ae.Components {
			if g.chance(60) {
				comps = append(comps, c.ID)
			}
		}
		if len(comps) > 0 {
			ae.Caps = []CapGroupDef{{ID: "group-cap", Components: comps, Amount: g.pick("2500", "payee.target_incentive / 16", "0.02 * payee.ote")}}
		}
	}
	mgr := PlanDef{ID: "mgr", Eligible: Eligibility{Roles: []string{"mgr", "vp"}}, ZeroQuota: "zero", Params: ae.Params,
		Components: []ComponentDef{g.component("o0", false), g.component("o1", false)}}
	mgr.Components[0].Kinds = []CreditKind{Rollup}
	pm := PlanDef{ID: "pm", Eligible: Eligibility{Roles: []string{"pm"}}, ZeroQuota: "zero", Params: ae.Params,
		Components: []ComponentDef{g.component("p0", false)}}
	pm.Components[0].Kinds = []CreditKind{Overlay}
	if g.chance(30) {
		mgr.CapRule = g.pick("1500", "payee.target_incentive / 40")
	}
	sec.Plans = []PlanDef{ae, mgr, pm}
	return sec, org, quotas
}

// component makes one component: per credit, or (when period is allowed)
// sometimes per period.
func (g *gen) component(id string, period bool) ComponentDef {
	c := ComponentDef{ID: id, Measure: "bookings"}
	if period && g.chance(25) {
		c.Per = PerPeriod
		switch g.r.IntN(5) {
		case 0:
			c.Measure, c.Amount = "logos", "measure.logos * "+g.pick("50", "120")
		case 1:
			c.Rate = g.pick("0.01", "0.015")
		case 2:
			c.Table = g.pick("t_highest", "t_marginal", "t_linear", "t_step")
		case 3:
			c.Table = g.pick("a_highest", "a_linear", "a_step", "a_marginal")
		case 4:
			c.Base, c.Table = "measure.bookings", "t_marginal"
		}
		if g.chance(30) {
			c.Gate = "attainment.bookings >= " + g.pick("0.2", "0.5")
		}
		if g.chance(20) {
			c.Multiplier = g.pick("1.5", `params.spif > 100 ? 2 : 1`)
		}
		if g.chance(20) {
			c.Min = ptr(dec(g.pick("100", "500")))
		}
		if g.chance(20) {
			c.Cap = ptr(dec(g.pick("300", "2000")))
		}
		return c
	}
	switch g.r.IntN(9) {
	case 0:
		c.Rate = g.pick("0.02", "0.035")
	case 1:
		c.Rate = g.pick(`deal.amount >= 20000 ? 0.05 : 0.03`, `deal.product == "a" ? 0.04 : 0.02`, `credit.amount > 15000 ? 0.06 : 0.01`)
	case 2:
		c.Amount = g.pick("100", "params.spif", `deal.amount >= 20000 ? 300 : 100`, "credit.share * 200", `deal.product == "b" ? -40 : 60`)
	case 3:
		c.Table = g.pick("t_highest", "t_marginal", "t_linear", "t_step")
	case 4:
		c.Table, c.Key = "t_2d", "deal.product"
	case 5:
		c.Table, c.Scope = g.pick("t_highest", "t_marginal", "t_linear", "t_step"), RunningScope
		if c.Table == "t_highest" && g.chance(50) {
			c.Retroactive = true
		}
	case 6:
		c.Table = g.pick("a_highest", "a_linear")
	case 7:
		c.Table, c.Scope = g.pick("a_highest", "a_marginal", "a_linear", "a_step"), RunningScope
	case 8:
		c.Measure, c.Base, c.Table, c.Scope = "bookings", "credit.amount * 0.8", "t_marginal", RunningScope
	}
	if g.chance(25) && !c.Retroactive {
		c.Multiplier = g.pick(`deal.product == "b" ? 1.5 : 1`, `deal.amount >= 30000 ? 1.2 : 1`, "2")
	}
	if g.chance(25) {
		c.Min = ptr(dec(g.pick("25", "80", "400")))
	}
	if g.chance(25) {
		c.CapPerDeal = ptr(dec(g.pick("150", "900")))
	}
	if g.chance(15) {
		c.Cap = ptr(dec(g.pick("500", "3000")))
	}
	if g.chance(25) {
		c.When = g.pick(`deal.product != "c"`, `abs(deal.amount) >= 10000`, `credit.kind == "split"`)
	}
	if g.chance(15) {
		c.Gate = "attainment.bookings >= 0.3"
	}
	if g.chance(20) {
		c.Kinds = []CreditKind{Direct}
	}
	if g.chance(15) {
		c.Window = calendar.Range{From: g.p.Start.AddDays(20), To: g.p.Start.AddDays(60)}
	}
	return c
}

// deals makes n deals with ids prefix0001...; with returns, some of them
// are returns of no deal in particular.
func (g *gen) deals(prefix string, n int, returns bool) []deal.Deal {
	out := make([]deal.Deal, n)
	for i := range out {
		d := deal.Deal{
			ID:       fmt.Sprintf("%s%04d", prefix, i),
			Date:     g.p.Start.AddDays(g.r.IntN(g.p.Days())),
			Amount:   g.amount(500, 60000),
			Currency: g.pick("USD", "USD", "EUR"),
			Owner:    genReps[g.r.IntN(len(genReps))],
			Product:  g.pick(genProducts...),
			Channel:  g.pick("direct", "partner"),
		}
		if returns && g.chance(15) {
			d.Amount = d.Amount.Neg()
			d.Type = "return"
		}
		if g.chance(30) {
			a, b := genReps[g.r.IntN(2)], genReps[2+g.r.IntN(2)]
			share := dec(g.pick("0.5", "0.3", "0.25"))
			d.Splits = []deal.Split{{Member: a, Share: share}, {Member: b, Share: one.Sub(share)}}
		}
		out[i] = d
	}
	return out
}
