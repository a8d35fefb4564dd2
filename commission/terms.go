package commission

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// The terms of a plan that package payout settles across periods: the
// yearly cap, the draw, the clawback, the negative balance. They are
// checked here, with the plan, and read through [Engine.Plans].

// balanceTerms are a plan's terms for a negative payout.
type balanceTerms struct {
	pay   bool // negative_balance: pay
	limit *decimal.Decimal
}

// payoutTerms checks a plan's payout terms and keeps them on p.
func (c *compiler) payoutTerms(path string, pd PlanDef, p *plan) {
	for _, k := range sortedKeys(pd.PayrollCodes) {
		if !slices.Contains(planPayrollKinds, k) {
			pr := c.list.Add(path+".payroll_codes."+k, diag.UnknownKey, "unknown payout kind %q: a plan names the codes of %s", k, strings.Join(planPayrollKinds, ", "))
			pr.Hint = diag.DidYouMean(k, planPayrollKinds)
		}
	}
	p.payrollCodes = pd.PayrollCodes
	share := func(field string, v *decimal.Decimal) {
		if v != nil && (v.Sign() <= 0 || v.GreaterThan(one)) {
			c.list.Add(path+"."+field, diag.InvalidValue, "%s is a share above 0 and at most 1, not %s", field[max(0, lastDot(field)+1):], v)
		}
	}
	if yc := pd.YearCap; yc != nil {
		v := *yc
		p.yearCap = &v
		if yc.Sign() < 0 {
			c.list.Add(path+".year_cap", diag.InvalidValue, "a cap cannot be negative")
		}
	}
	if d := pd.Draw; d != nil {
		v := *d
		p.draw = &v
		if d.Amount.Sign() <= 0 {
			c.list.Add(path+".draw.amount", diag.InvalidValue, "a draw needs an amount above 0")
		}
		share("draw.recovery_limit", d.RecoveryLimit)
		if !d.Recoverable && (d.RecoveryLimit != nil || !d.ForgiveOn.IsZero()) {
			c.list.Add(path+".draw", diag.InvalidValue, "recovery_limit and forgive_on apply to recoverable draws only")
		}
	}
	if cb := pd.Clawback; cb != nil {
		v := *cb
		p.clawback = &v
		if cb.Days <= 0 {
			c.list.Add(path+".clawback.days", diag.InvalidValue, "a clawback window is a number of days above 0")
		}
		share("clawback.fraction", cb.Fraction)
		if cb.ProRataMonths != "" {
			if a, _, ok := c.e.cfg.Schema.Lookup(cb.ProRataMonths); !ok || (a.Type != deal.Integer && a.Type != deal.Decimal) {
				c.list.Add(path+".clawback.pro_rata_months", diag.UnknownRef, "pro_rata_months names a declared integer or decimal deal attribute holding the term in months; %q is not one", cb.ProRataMonths)
			}
		}
	}
	switch pd.NegativeBalance {
	case "", CarryNegative:
	case PayNegative:
		p.balance.pay = true
		if pd.NegativeRecoveryLimit != nil {
			c.list.Add(path+".negative_recovery_limit", diag.InvalidValue, "negative_recovery_limit applies to negative_balance carry only")
		}
	default:
		pr := c.list.Add(path+".negative_balance", diag.InvalidValue, "unknown negative_balance %q: want carry or pay", pd.NegativeBalance)
		pr.Hint = diag.DidYouMean(pd.NegativeBalance, []string{CarryNegative, PayNegative})
	}
	if l := pd.NegativeRecoveryLimit; l != nil {
		v := *l
		p.balance.limit = &v
		share("negative_recovery_limit", l)
	}
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// PlanTerms are the terms of a compiled plan that settle its pay across
// periods, resolved against the strategy's defaults: what the payout
// package reads to release, hold, claw back, cap by year and draw.
type PlanTerms struct {
	ID string
	// Currency and Rounding are what the plan's lines are in and rounded
	// with (the strategy's when the plan sets none); Places is the
	// currency's minor unit. A payout rounds every amount it computes for
	// the plan (releases, clawbacks, draw recoveries) the same way.
	Currency string
	Rounding money.Rounding
	Places   int32
	// Yearly is set for a plan on a yearly horizon.
	Yearly   bool
	YearCap  *decimal.Decimal
	Draw     *DrawDef
	Clawback *ClawbackDef
	// NegativeBalance is [CarryNegative] (the default) or [PayNegative];
	// NegativeRecoveryLimit is the carry's recovery limit, or nil.
	NegativeBalance       string
	NegativeRecoveryLimit *decimal.Decimal
	// Components are the plan's components as written, in order.
	Components []ComponentDef
	// Caps are the plan's caps that withhold on lines of their own, not
	// a component's: each cap group ([CapGroupDef]) under its id, and the
	// plan cap under "plan-cap", in that order. A payout settles their
	// lines like any other line of the plan. (Left out of [Engine.Digest]:
	// the caps are there already, as written.)
	Caps []CapTerms `json:"-"`
	// PayrollCodes are the codes of the plan's own payout items, by kind
	// (draw, guarantee, recovery, forgiven, cap, carried, balance).
	PayrollCodes map[string]string `json:",omitempty"`
}

// CapTerms are a cap of a plan whose lines are not a component's: the id
// its lines carry as their component, and their payroll code.
type CapTerms struct {
	ID          string
	PayrollCode string
}

// planPayrollKinds are the kinds of payout item a plan makes outside its
// components, which [PlanDef.PayrollCodes] may name.
var planPayrollKinds = []string{"draw", "guarantee", "recovery", "forgiven", "cap", "carried", "balance"}

// Round rounds d to the plan currency's minor unit with the plan's
// rounding mode.
func (t *PlanTerms) Round(d decimal.Decimal) decimal.Decimal {
	return t.Rounding.Round(d, t.Places)
}

// Plans returns the terms of every plan, in document order. The values
// are copies; changing them changes nothing in the engine.
func (e *Engine) Plans() []PlanTerms {
	out := make([]PlanTerms, len(e.plans))
	for i, p := range e.plans {
		t := PlanTerms{ID: p.id, Currency: p.currency, Rounding: p.rounding, Places: p.places, Yearly: p.yearly, NegativeBalance: CarryNegative}
		if p.yearCap != nil {
			v := *p.yearCap
			t.YearCap = &v
		}
		if p.draw != nil {
			v := *p.draw
			if v.RecoveryLimit != nil {
				l := *v.RecoveryLimit
				v.RecoveryLimit = &l
			}
			t.Draw = &v
		}
		if p.clawback != nil {
			v := *p.clawback
			if v.Fraction != nil {
				f := *v.Fraction
				v.Fraction = &f
			}
			t.Clawback = &v
		}
		if p.balance.pay {
			t.NegativeBalance = PayNegative
		}
		if len(p.payrollCodes) > 0 {
			t.PayrollCodes = make(map[string]string, len(p.payrollCodes))
			for k, v := range p.payrollCodes {
				t.PayrollCodes[k] = v
			}
		}
		if p.balance.limit != nil {
			v := *p.balance.limit
			t.NegativeRecoveryLimit = &v
		}
		for _, c := range p.comps {
			cd := c.def
			cd.Release = slices.Clone(cd.Release)
			cd.Kinds = slices.Clone(cd.Kinds)
			if cd.Pool != nil {
				pd := *cd.Pool
				cd.Pool = &pd
			}
			t.Components = append(t.Components, cd)
		}
		for _, g := range p.groups {
			t.Caps = append(t.Caps, CapTerms{ID: g.def.ID, PayrollCode: g.def.PayrollCode})
		}
		if p.capLimit.set() {
			t.Caps = append(t.Caps, CapTerms{ID: planCapID, PayrollCode: p.payrollCodes["cap"]})
		}
		out[i] = t
	}
	return out
}

// Defaults returns the currency and rounding of plans that set none:
// the strategy's.
func (e *Engine) Defaults() (currency string, rounding money.Rounding) {
	return e.cfg.Currency, e.cfg.Rounding
}

// MemberIDs returns the ids of every member of the organisation the
// engine was compiled with, sorted.
func (e *Engine) MemberIDs() []string {
	ids := slices.Clone(e.cfg.Org.MemberIDs())
	slices.Sort(ids)
	return ids
}

// Digest returns a digest of the compensation terms the engine computes
// with: its measures, tables, crediting rules and plans (every rule's
// text, every rate and amount, every payout term) and the defaults they
// are resolved against. Two engines with the same digest pay the same;
// a ledger records the digest of the terms it was computed under, so
// that a payout can tell a ledger of other terms (package payout).
//
// The digest is "sha256:" and the hex SHA-256 of a canonical JSON form
// of the terms: every number as a string in its shortest exact form,
// object keys sorted, display names left out. It depends only on what
// the terms say: not on map order, on how the document was formatted,
// nor on shopspring's package settings.
func (e *Engine) Digest() string {
	type measure struct {
		ID, Value, When string
		Count           bool
	}
	type overlay struct{ ID, When, Payee, Share string }
	type table struct {
		ID, Mode, Basis string
		Rows            map[string][]Band
		// the bound rule, the top band's limit and the penalty flag,
		// left out when unset so that older digests stay the same
		Bounds  string           `json:",omitempty"`
		To      *decimal.Decimal `json:",omitempty"`
		Above   string           `json:",omitempty"`
		Penalty bool             `json:",omitempty"`
	}
	type plan struct {
		Terms              PlanTerms
		From, To           string
		Prorate, ZeroQuota bool
		Eligible           Eligibility
		Cap                *decimal.Decimal
		Params             map[string]decimal.Decimal
		Overrides          map[string]map[string]decimal.Decimal
		// a cap written as a rule, and the cap groups (left out when unset)
		CapRule string        `json:",omitempty"`
		Groups  []CapGroupDef `json:",omitempty"`
		// terms: yearly (left out when as written)
		YearlyTerms bool `json:",omitempty"`
	}
	var doc struct {
		Form     int
		Currency string
		Rounding string
		Measures []measure
		Tables   []table
		Rollup   RollupDef
		Overlays []overlay
		Plans    []plan
	}
	src := func(r interface{ Source() string }) string {
		if r == nil {
			return ""
		}
		return r.Source()
	}
	doc.Form = 1
	doc.Currency, doc.Rounding = e.cfg.Currency, e.cfg.Rounding.String()
	for _, m := range e.measures {
		mv := measure{ID: m.id, Count: m.count}
		if m.value != nil {
			mv.Value = src(m.value)
		}
		if m.when != nil {
			mv.When = src(m.when)
		}
		doc.Measures = append(doc.Measures, mv)
	}
	for _, id := range sortedKeys(e.tables) {
		t := e.tables[id]
		tv := table{ID: t.id, Mode: string(t.mode), Basis: string(t.basis), Rows: t.rows, Penalty: t.Penalty()}
		if b := t.Bounds(); b != "" && b != LowerBounds {
			tv.Bounds = string(b)
		}
		if to, above, ok := t.Limit(); ok {
			tv.To, tv.Above = &to, string(above)
		}
		doc.Tables = append(doc.Tables, tv)
	}
	doc.Rollup = e.rollup
	for _, o := range e.overlays {
		ov := overlay{ID: o.id}
		if o.when != nil {
			ov.When = src(o.when)
		}
		if o.payee != nil {
			ov.Payee = src(o.payee)
		}
		if o.share != nil {
			ov.Share = src(o.share)
		}
		doc.Overlays = append(doc.Overlays, ov)
	}
	terms := e.Plans()
	for i, p := range e.plans {
		pv := plan{Terms: terms[i], Prorate: p.prorate, ZeroQuota: p.zeroQuota, Eligible: p.elig, Cap: p.cap, Params: p.params, Overrides: p.overrides}
		if p.capLimit.fixed == nil {
			pv.CapRule = p.capLimit.src
		}
		for _, g := range p.groups {
			pv.Groups = append(pv.Groups, g.def)
		}
		if !p.from.IsZero() {
			pv.From = p.from.String()
		}
		if !p.to.IsZero() {
			pv.To = p.to.String()
		}
		for j := range pv.Terms.Components {
			pv.Terms.Components[j].Name = ""
		}
		pv.YearlyTerms = p.yearTerms
		doc.Plans = append(doc.Plans, pv)
	}
	b, err := canonicalJSON(doc)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// canonicalJSON writes v as JSON with every number turned into a string
// (so that a decimal reads the same whether shopspring writes it quoted
// or not) and object keys sorted.
func canonicalJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var norm func(any) any
	norm = func(x any) any {
		switch x := x.(type) {
		case json.Number:
			if d, err := decimal.NewFromString(x.String()); err == nil {
				return d.String()
			}
			return x.String()
		case string:
			// a decimal written quoted: its shortest form too
			return x
		case []any:
			for i := range x {
				x[i] = norm(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = norm(x[k])
			}
		}
		return x
	}
	return json.Marshal(norm(tree))
}
