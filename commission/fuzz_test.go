package commission

import (
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// FuzzCompileRun compiles plans from fuzzed expressions and table bounds
// and runs them on a few deals: Compile and Run must never panic, and a
// run's statements always add up.
func FuzzCompileRun(f *testing.F) {
	f.Add("0.1", "deal.amount > 100", "params.ti * 2", "50000", "-5000")
	f.Add(`deal.type == "new" ? 0.2 : 0.1`, "", "attainment.bookings * 1000", "1", "0")
	f.Add("1/0", "credit.kind in ['direct']", "measure.bookings", "0", "123.45")
	f.Add("rate('t', deal.amount)", "true", "price('t', 100)", "10", "99999999999")
	f.Fuzz(func(t *testing.T, rate, when, amount, bound, dealAmount string) {
		b, err := decimal.NewFromString(bound)
		if err != nil {
			return
		}
		amt, err := decimal.NewFromString(dealAmount)
		if err != nil || amt.Abs().GreaterThan(decimal.New(1, 15)) {
			return
		}
		sec := Section{
			Measures: []MeasureDef{{ID: "bookings"}},
			Tables:   []TableDef{{ID: "t", Mode: Marginal, Bands: []Band{{From: decimal.Zero, Rate: dec("0.05")}, {From: b.Abs().Add(one), Rate: dec("0.1")}}}},
			Plans: []PlanDef{{ID: "p", Eligible: Eligibility{Roles: []string{"ae"}}, ZeroQuota: "zero", Params: map[string]decimal.Decimal{"ti": dec("1000")},
				Components: []ComponentDef{
					{ID: "a", Measure: "bookings", Rate: rate, When: when},
					{ID: "b", Per: PerPeriod, Amount: amount},
					{ID: "c", Measure: "bookings", Table: "t", Scope: RunningScope},
				}}},
		}
		e, err := Compile(sec, Config{Org: caseOrg{"ana": {Role: "ae", Team: "t"}}, Currency: "USD"})
		if err != nil {
			return
		}
		p := calendar.Calendar{}.MustParse("FY2026-Q1")
		res, err := e.Run(p, []deal.Deal{
			{ID: "D1", Date: p.Start, Amount: amt, Currency: "USD", Owner: "ana", Type: "new"},
			{ID: "D2", Date: p.End, Amount: amt.Neg(), Currency: "USD", Owner: "ana"},
		})
		if err != nil {
			return
		}
		for _, st := range res.Statements {
			sum := decimal.Zero
			for _, l := range st.Lines {
				sum = sum.Add(l.Amount)
			}
			if !sum.Equal(st.Total) {
				t.Fatalf("lines add to %s, total %s", sum, st.Total)
			}
		}
	})
}
