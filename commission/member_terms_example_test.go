package commission_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// A cap of three times the rep's target incentive on the commission and
// the kicker, the bonus not capped; the target incentive comes from a
// terms file that HR keeps, read with ReadTermsCSV and given to the run
// with WithTerms.
func ExampleCapGroupDef() {
	terms, err := commission.ReadTermsCSV("terms.csv", strings.NewReader(
		"payee,from,to,ote,base,target_incentive,currency\n"+
			"ana,2026-01-01,,40000,30000,,USD\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{
			ID:       "ae",
			Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Caps: []commission.CapGroupDef{{ID: "commission-cap", Components: []string{"commission", "kicker"},
				Amount: "3 * payee.target_incentive"}},
			Components: []commission.ComponentDef{
				{ID: "commission", Measure: "bookings", Rate: "0.10"},
				{ID: "kicker", Per: commission.PerPeriod, Measure: "bookings", Rate: "0.05"},
				{ID: "bonus", Per: commission.PerPeriod, Amount: "0.5 * payee.target_incentive"},
			},
		}},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	deals := []deal.Deal{{ID: "D1", Date: calendar.MustParseDate("2026-02-10"), Amount: decimal.RequireFromString("300000"), Currency: "USD", Owner: "ana"}}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), deals, commission.WithTerms(terms))
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	for _, l := range st.Lines {
		fmt.Printf("%-14s %9s  %s\n", l.Component, l.Amount.StringFixed(2), l.Explanation())
	}
	fmt.Println("total", st.Total.StringFixed(2))
	// Output:
	// commission      30000.00  300,000.00 x 10% = 30,000.00
	// kicker          15000.00  300,000.00 x 5% = 15,000.00
	// bonus            5000.00  0.5 * payee.target_incentive (payee.target_incentive = 10,000.00) = 5,000.00
	// commission-cap -15000.00  cap commission-cap (commission, kicker) of 30,000.00 (3 * payee.target_incentive, payee.target_incentive = 10,000.00): earned 45,000.00, 15,000.00 withheld
	// total 35000.00
}

// Terms that change inside a period are read prorated by days: ana's
// target incentive is 9,000 for January and 12,000 from February, so a
// rule of the first quarter (90 days) reads (9,000 x 31 + 12,000 x 59) /
// 90 = 10,966.67.
func ExampleMemberTerms() {
	terms := commission.TermMap{"ana": {
		{To: calendar.MustParseDate("2026-01-31"), OTE: decimal.RequireFromString("39000"), Base: decimal.RequireFromString("30000")},
		{From: calendar.MustParseDate("2026-02-01"), OTE: decimal.RequireFromString("42000"), TargetIncentive: decimal.RequireFromString("12000")},
	}}
	if err := terms.Check(); err != nil {
		fmt.Println(err)
		return
	}
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Components: []commission.ComponentDef{
			{ID: "mbo", Per: commission.PerPeriod, Amount: "payee.target_incentive"},
		}}},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD", Terms: terms})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	fmt.Println(st.Lines[0].Amount.StringFixed(2))
	// Output:
	// 10966.67
}
