package commission_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// org is a two-person organisation: ana reports to omar.
type org struct{}

func (org) Managers(m string, _ calendar.Date) []string {
	if m == "ana" {
		return []string{"omar"}
	}
	return nil
}
func (org) RoleOf(m string, _ calendar.Date) (string, bool) {
	switch m {
	case "ana":
		return "ae", true
	case "omar":
		return "rvp", true
	}
	return "", false
}
func (org) TeamOf(m string, _ calendar.Date) (string, bool) { return "east", m == "ana" || m == "omar" }
func (org) TeamPath(t string, _ calendar.Date) []string     { return []string{t} }
func (org) MemberIDs() []string                             { return []string{"ana", "omar"} }

// A rep with marginal tiers on her running total and a manager paid an
// override on roll-up credit.
func Example() {
	d := decimal.RequireFromString
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Tables: []commission.TableDef{{ID: "ae", Mode: commission.Marginal, Bands: []commission.Band{
			{From: d("0"), Rate: d("0.05")}, {From: d("200000"), Rate: d("0.07")}}}},
		Crediting: commission.CreditingDef{Rollup: commission.RollupDef{Enabled: true}},
		Plans: []commission.PlanDef{
			{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Components: []commission.ComponentDef{
				{ID: "commission", Measure: "bookings", Table: "ae", Scope: commission.RunningScope}}},
			{ID: "rvp", Eligible: commission.Eligibility{Roles: []string{"rvp"}}, Components: []commission.ComponentDef{
				{ID: "override", Kinds: []commission.CreditKind{commission.Rollup}, Measure: "bookings", Rate: "0.01"}}},
		},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	deals := []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-10"), Amount: d("190000"), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-10"), Amount: d("30000"), Currency: "USD", Owner: "ana"},
	}
	res, err := e.Run(q1, deals)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range res.Statements {
		for _, l := range st.Lines {
			fmt.Printf("%s %s %s: %s\n", st.Payee, l.Deal, l.Amount.StringFixed(2), l.Explanation())
		}
		fmt.Printf("%s total %s\n", st.Payee, st.Total.StringFixed(2))
	}
	// Output:
	// ana D1 9500.00: running bookings 0.00 to 190,000.00: 190,000.00 x 5% (table ae, band 0.00+, slice 0.00-190,000.00) = 9,500.00
	// ana D2 1900.00: running bookings 190,000.00 to 220,000.00: 10,000.00 x 5% (table ae, band 0.00+, slice 190,000.00-200,000.00) + 20,000.00 x 7% (table ae, band 200,000.00+, slice 200,000.00-220,000.00) = 1,900.00
	// ana total 11400.00
	// omar D1 1900.00: 190,000.00 x 1% = 1,900.00
	// omar D2 300.00: 30,000.00 x 1% = 300.00
	// omar total 2200.00
}

// A period's result written as JSON for another system, a statement at a
// time (the same bytes as Result.MarshalJSON).
func ExampleResult_WriteJSON() {
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Components: []commission.ComponentDef{{ID: "commission", Measure: "bookings", Rate: "0.05"}}}},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	deals := []deal.Deal{{ID: "D1", Date: calendar.MustParseDate("2026-01-10"), Amount: decimal.RequireFromString("1000"), Currency: "USD", Owner: "ana"}}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), deals)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := res.WriteJSON(&b); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.String())
	// Output:
	// {
	//   "period": "FY2026-Q1",
	//   "currency": "USD",
	//   "statements": [
	//     {
	//       "payee": "ana",
	//       "currency": "USD",
	//       "plans": [
	//         {
	//           "plan": "ae",
	//           "from": "2026-01-01",
	//           "to": "2026-03-31",
	//           "days": 90
	//         }
	//       ],
	//       "measures": [
	//         {
	//           "measure": "bookings",
	//           "value": "1000.00"
	//         }
	//       ],
	//       "lines": [
	//         {
	//           "plan": "ae",
	//           "component": "commission",
	//           "deal": "D1",
	//           "kind": "direct",
	//           "base": "1000.00",
	//           "rate": "0.05000000",
	//           "amount": "50.00",
	//           "currency": "USD",
	//           "explanation": "1,000.00 x 5% = 50.00"
	//         }
	//       ],
	//       "subtotals": [
	//         {
	//           "plan": "ae",
	//           "component": "commission",
	//           "amount": "50.00"
	//         }
	//       ],
	//       "total": "50.00"
	//     }
	//   ]
	// }
}
