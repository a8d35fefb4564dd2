package whatif

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// percentPlaces is how many decimals of a fraction a percent change
// keeps: 0.123457 is 12.3457%.
const percentPlaces = 6

// Change is one figure before and after a change of plan.
type Change struct {
	Before, After decimal.Decimal
	// Diff is After − Before.
	Diff decimal.Decimal
}

func newChange(before, after decimal.Decimal) Change {
	return Change{Before: before, After: after, Diff: after.Sub(before)}
}

// Percent returns Diff as a fraction of Before (0.05 is 5% more), rounded
// to six decimals; false when Before is zero, where a change has no
// percent.
func (c Change) Percent() (decimal.Decimal, bool) {
	if c.Before.IsZero() {
		return decimal.Zero, false
	}
	return c.Diff.DivRound(c.Before.Abs(), percentPlaces), true
}

// Comparison is what a change of plan does to one period's pay on the
// same deals: per payee, per component, and in total (the cost of the
// change).
type Comparison struct {
	Period   string
	Currency string
	// Before and After name the two plans (their strategies' names).
	Before, After string
	// Payees are every payee of either run, the largest change (by its
	// absolute value) first, then by payee id.
	Payees []PayeeChange
	// Components are the components of either run, summed over payees,
	// the largest change first, then by plan and component.
	Components []ComponentChange
	// Total is the sum over payees: what the change costs.
	Total Change
}

// PayeeChange is one payee's pay before and after.
type PayeeChange struct {
	Payee string
	Change
	// Components are the payee's, the largest change first.
	Components []ComponentChange
}

// ComponentChange is what one component of one plan pays before and
// after.
type ComponentChange struct {
	Plan, Component string
	Change
}

// Compare computes the period with both strategies on the same deals and
// compares their statements ([CompareResults]). The deals must suit both
// strategies (their attributes, channels and members); when the two
// declare different deal attributes, read the deals once per strategy,
// run each, and compare the results.
func Compare(before, after *strategy.Strategy, periodID string, deals []deal.Deal, opts ...commission.RunOption) (*Comparison, error) {
	b, err := before.Run(periodID, deals, opts...)
	if err != nil {
		return nil, fmt.Errorf("before (%s): %w", before.Name(), err)
	}
	a, err := after.Run(periodID, deals, opts...)
	if err != nil {
		return nil, fmt.Errorf("after (%s): %w", after.Name(), err)
	}
	c, err := CompareResults(b, a)
	if err != nil {
		return nil, err
	}
	c.Before, c.After = before.Name(), after.Name()
	return c, nil
}

// CompareResults compares two results of one period: the statements'
// totals and subtotals, payee by payee. A payee in one result only
// counts zero in the other. It computes nothing of its own but the
// differences, so it shows what the runs show. The results must be of
// the same period and in one currency.
func CompareResults(before, after *commission.Result) (*Comparison, error) {
	if before.Period != after.Period {
		return nil, fmt.Errorf("the results are of two periods, %s and %s", before.Period, after.Period)
	}
	c := &Comparison{Period: before.Period}
	type side struct {
		total decimal.Decimal
		comps map[[2]string]decimal.Decimal
	}
	sides := map[string]*[2]side{}
	var order [][2]string // components, first seen first
	for i, res := range []*commission.Result{before, after} {
		for _, st := range res.Statements {
			if c.Currency == "" {
				c.Currency = st.Currency
			} else if st.Currency != c.Currency {
				return nil, fmt.Errorf("payee %s is paid in %s and another in %s: a comparison is in one currency", st.Payee, st.Currency, c.Currency)
			}
			s := sides[st.Payee]
			if s == nil {
				s = &[2]side{{comps: map[[2]string]decimal.Decimal{}}, {comps: map[[2]string]decimal.Decimal{}}}
				sides[st.Payee] = s
			}
			s[i].total = s[i].total.Add(st.Total)
			for _, sub := range st.Subtotals {
				k := [2]string{sub.Plan, sub.Component}
				if !slices.Contains(order, k) {
					order = append(order, k)
				}
				s[i].comps[k] = s[i].comps[k].Add(sub.Amount)
			}
		}
	}
	all := map[[2]string]*ComponentChange{}
	var tb, ta decimal.Decimal
	for payee, s := range sides {
		pc := PayeeChange{Payee: payee, Change: newChange(s[0].total, s[1].total)}
		for _, k := range order {
			b, inB := s[0].comps[k]
			a, inA := s[1].comps[k]
			if !inB && !inA {
				continue
			}
			pc.Components = append(pc.Components, ComponentChange{Plan: k[0], Component: k[1], Change: newChange(b, a)})
			cc := all[k]
			if cc == nil {
				cc = &ComponentChange{Plan: k[0], Component: k[1]}
				all[k] = cc
			}
			cc.Change = newChange(cc.Before.Add(b), cc.After.Add(a))
		}
		sortComponents(pc.Components)
		c.Payees = append(c.Payees, pc)
		tb, ta = tb.Add(s[0].total), ta.Add(s[1].total)
	}
	slices.SortFunc(c.Payees, func(x, y PayeeChange) int {
		return cmp.Or(y.Diff.Abs().Cmp(x.Diff.Abs()), strings.Compare(x.Payee, y.Payee))
	})
	for _, k := range order {
		c.Components = append(c.Components, *all[k])
	}
	sortComponents(c.Components)
	c.Total = newChange(tb, ta)
	return c, nil
}

func sortComponents(cs []ComponentChange) {
	slices.SortStableFunc(cs, func(x, y ComponentChange) int {
		return cmp.Or(y.Diff.Abs().Cmp(x.Diff.Abs()), strings.Compare(x.Plan, y.Plan), strings.Compare(x.Component, y.Component))
	})
}
