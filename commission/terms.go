package commission

import (
	"slices"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// The terms of a plan that package payout settles across periods: the
// yearly cap, the draw, the clawback. They are checked here, with the
// plan, and read through [Engine.Plans].

// payoutTerms checks a plan's payout terms and keeps them on p.
func (c *compiler) payoutTerms(path string, pd PlanDef, p *plan) {
	if yc := pd.YearCap; yc != nil {
		p.yearCap = yc
		if yc.Sign() < 0 {
			c.list.Add(path+".year_cap", diag.InvalidValue, "a cap cannot be negative")
		}
	}
	if d := pd.Draw; d != nil {
		p.draw = d
		if d.Amount.Sign() <= 0 {
			c.list.Add(path+".draw.amount", diag.InvalidValue, "a draw needs an amount above 0")
		}
		if l := d.RecoveryLimit; l != nil && (l.Sign() <= 0 || l.GreaterThan(one)) {
			c.list.Add(path+".draw.recovery_limit", diag.InvalidValue, "recovery_limit is a share of earnings above 0 and at most 1, not %s", l)
		}
		if !d.Recoverable && (d.RecoveryLimit != nil || !d.ForgiveOn.IsZero()) {
			c.list.Add(path+".draw", diag.InvalidValue, "recovery_limit and forgive_on apply to recoverable draws only")
		}
	}
	if cb := pd.Clawback; cb != nil {
		p.clawback = cb
		if cb.Days <= 0 {
			c.list.Add(path+".clawback.days", diag.InvalidValue, "a clawback window is a number of days above 0")
		}
		if cb.ProRataMonths != "" {
			if a, _, ok := c.e.cfg.Schema.Lookup(cb.ProRataMonths); !ok || (a.Type != deal.Integer && a.Type != deal.Decimal) {
				c.list.Add(path+".clawback.pro_rata_months", diag.UnknownRef, "pro_rata_months names a declared integer or decimal deal attribute holding the term in months; %q is not one", cb.ProRataMonths)
			}
		}
	}
}

// PlanTerms are the terms of a compiled plan that settle its pay across
// periods, resolved against the strategy's defaults: what the payout
// package reads to release, hold, claw back, cap by year and draw.
type PlanTerms struct {
	ID string
	// Currency and Rounding are what the plan's lines are in and rounded
	// with (the strategy's when the plan sets none); Places is the
	// currency's minor unit.
	Currency string
	Rounding money.Rounding
	Places   int32
	// Yearly is set for a plan on a yearly horizon.
	Yearly   bool
	YearCap  *decimal.Decimal
	Draw     *DrawDef
	Clawback *ClawbackDef
	// Components are the plan's components as written, in order.
	Components []ComponentDef
}

// Plans returns the terms of every plan, in document order. The values
// are copies; changing them changes nothing in the engine.
func (e *Engine) Plans() []PlanTerms {
	out := make([]PlanTerms, len(e.plans))
	for i, p := range e.plans {
		t := PlanTerms{ID: p.id, Currency: p.currency, Rounding: p.rounding, Places: p.places, Yearly: p.yearly}
		if p.yearCap != nil {
			v := *p.yearCap
			t.YearCap = &v
		}
		if p.draw != nil {
			v := *p.draw
			t.Draw = &v
		}
		if p.clawback != nil {
			v := *p.clawback
			t.Clawback = &v
		}
		for _, c := range p.comps {
			cd := c.def
			cd.Release = slices.Clone(cd.Release)
			cd.Kinds = slices.Clone(cd.Kinds)
			t.Components = append(t.Components, cd)
		}
		out[i] = t
	}
	return out
}
