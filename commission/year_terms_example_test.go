package commission_test

import (
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/shopspring/decimal"
)

// A plan with terms: yearly reads a member's yearly target incentive as
// the period's share of it, in fiscal months: ana's 60,000 a year is
// 15,000 in a quarter and 5,000 in a month, so the plan's rules need no
// "/ 4". period.year_share is the share itself, for a yearly bonus of
// 2,400 paid by the quarter.
func ExamplePlanDef_yearlyTerms() {
	sec := commission.Section{
		Plans: []commission.PlanDef{{
			ID:       "ae",
			Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Terms:    commission.TermsYearly,
			Components: []commission.ComponentDef{
				{ID: "mbo", Per: commission.PerPeriod, Amount: "payee.target_incentive"},
				{ID: "bonus", Per: commission.PerPeriod, Amount: "2400 * period.year_share"},
			},
		}},
	}
	terms := commission.TermMap{"ana": {{OTE: decimal.RequireFromString("160000"), TargetIncentive: decimal.RequireFromString("60000")}}}
	// Calendar left zero: the calendar year, in calendar months
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD", Terms: terms})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"FY2026-Q1", "FY2026-M04"} {
		res, err := e.Run(calendar.Calendar{}.MustParse(id), nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		st, _ := res.Statement("ana")
		for _, l := range st.Lines {
			fmt.Printf("%s %-5s %s\n", id, l.Component, l.Explanation())
		}
	}
	// Output:
	// FY2026-Q1 mbo   payee.target_incentive (payee.target_incentive = 15,000.00 (60,000.00 a year x 3/12)) = 15,000.00
	// FY2026-Q1 bonus 2400 * period.year_share = 600.00
	// FY2026-M04 mbo   payee.target_incentive (payee.target_incentive = 5,000.00 (60,000.00 a year x 1/12)) = 5,000.00
	// FY2026-M04 bonus 2400 * period.year_share = 200.00
}
