package commission_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// Dated exchange rates, read as salesplan --rates reads them: a deal is
// converted at the rate in force on its date, and its line says so.
func ExampleReadRatesCSV() {
	rates, err := commission.ReadRatesCSV("rates.csv", strings.NewReader(`from,to,date,rate
EUR,USD,2026-01-01,1.08
EUR,USD,2026-02-01,1.10
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Components: []commission.ComponentDef{{ID: "commission", Measure: "bookings", Rate: "0.1"}}}},
	}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := decimal.RequireFromString
	deals := []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-20"), Amount: d("1000"), Currency: "EUR", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-20"), Amount: d("1000"), Currency: "EUR", Owner: "ana"},
	}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), deals, commission.WithRates(rates))
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	for _, l := range st.Lines {
		fmt.Println(l.Deal, l.Explanation())
	}
	// Output:
	// D1 1,000.00 EUR at 1.08 = 1,080.00 USD; 1,080.00 x 10% = 108.00
	// D2 1,000.00 EUR at 1.10 = 1,100.00 USD; 1,100.00 x 10% = 110.00
}
