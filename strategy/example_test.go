package strategy_test

import (
	"errors"
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// plan is a small strategy: one team, a quota, marginal tiers on
// attainment and a new-logo bonus.
const plan = `
version: 1
name: Acme
currency: USD
attributes:
  - {name: new_logo, type: boolean}
roles: [{id: ae}]
teams: [{id: east}]
members:
  - {id: ana, role: ae, assignments: [{team: east, from: 2026-01-01}]}
targets:
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2026-Q1, amount: 100000}
commission:
  measures:
    - id: bookings
    - {id: logos, value: "1", when: deal.attrs.new_logo, count: true}
  tables:
    - id: tiers
      mode: marginal
      basis: attainment
      bands: [{from: 0, rate: 0.08}, {from: 1, rate: 0.12}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: commission, measure: bookings, table: tiers, scope: running}
        - {id: logos, per: period, amount: measure.logos * 500}
`

func ExampleParse() {
	_, err := strategy.Parse("acme.yaml", []byte(plan+"        - {id: bonus, per: period, amount: attainment.booking * 100}\n"))
	var list diag.List
	if errors.As(err, &list) {
		for _, p := range list {
			fmt.Println(p.Pos, p.Code, p.Message, "-", p.Hint)
		}
	}
	// Output:
	// acme.yaml:29:55 expression unknown measure booking in attainment.booking - did you mean bookings?
}

func ExampleStrategy_Run() {
	s, err := strategy.Parse("acme.yaml", []byte(plan))
	if err != nil {
		fmt.Println(err)
		return
	}
	d := func(id, date, amount string, newLogo bool) deal.Deal {
		return deal.Deal{ID: id, Date: calendar.MustParseDate(date), Amount: decimal.RequireFromString(amount),
			Currency: "USD", Owner: "ana", Attrs: deal.AttrsOf(map[string]any{"new_logo": newLogo})}
	}
	res, err := s.Run("FY2026-Q1", []deal.Deal{
		d("D1", "2026-01-20", "90000", true),
		d("D2", "2026-03-02", "30000", false),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	for _, l := range st.Lines {
		deal := l.Deal
		if deal == "" {
			deal = "-"
		}
		fmt.Printf("%-10s %-3s %9s  %s\n", l.Component, deal, l.Amount.StringFixed(2), l.Explanation())
	}
	fmt.Println("total", st.Total.StringFixed(2))
	// Output:
	// commission D1    7200.00  running bookings 0.00 to 90,000.00: 90,000.00 x 8% (table tiers, band 0.00+, slice 0.00-90,000.00) = 7,200.00
	// commission D2    3200.00  running bookings 90,000.00 to 120,000.00: 10,000.00 x 8% (table tiers, band 0.00+, slice 90,000.00-100,000.00) + 20,000.00 x 12% (table tiers, band 100,000.00+, slice 100,000.00-120,000.00) = 3,200.00
	// logos      -      500.00  measure.logos * 500 (measure.logos = 1) = 500.00
	// total 10900.00
}

// RunSeq takes deals from an iterator; an error from the iterator stops
// the run.
func ExampleStrategy_RunSeq() {
	s, err := strategy.Parse("acme.yaml", []byte(plan))
	if err != nil {
		fmt.Println(err)
		return
	}
	deals := func(yield func(deal.Deal, error) bool) {
		for i, amount := range []string{"40000", "80000"} {
			d := deal.Deal{ID: fmt.Sprintf("D%d", i+1), Date: calendar.MustParseDate("2026-02-01"), Amount: decimal.RequireFromString(amount),
				Currency: "USD", Owner: "ana", Attrs: deal.AttrsOf(map[string]any{"new_logo": false})}
			if !yield(d, nil) {
				return
			}
		}
	}
	res, err := s.RunSeq("FY2026-Q1", deals)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	fmt.Println(st.Total.StringFixed(2))
	// Output: 10400.00
}
