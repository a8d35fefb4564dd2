package strategy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// TestPayoutYearToDate pays a plan on a yearly horizon quarter by quarter:
// marginal tiers on year-to-date attainment, with the year-to-date quota
// the sum of the quarters' (100,000 each).
//
//	Q1: D1 120,000 against 100,000: 100,000 x 5% + 20,000 x 10% = 7,000.
//	Q2: D2 50,000; the year to date is 170,000 against 200,000, all at 5%:
//	    D1 is re-priced to 6,000 (a true-up of -1,000) and D2 earns 2,500:
//	    1,500 paid. In all 8,500 = 170,000 x 5%.
func TestPayoutYearToDate(t *testing.T) {
	s, err := Parse("ytd.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}]
targets:
  seasonality: [{id: even, period: quarter, weights: [0.25, 0.25, 0.25, 0.25]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 400000, seasonality: even}]
commission:
  measures: [{id: bookings}]
  tables:
    - {id: tiers, mode: marginal, basis: attainment, bands: [{from: 0, rate: 0.05}, {from: 1, rate: 0.1}]}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      components: [{id: c, measure: bookings, table: tiers, scope: running}]
`))
	if err != nil {
		t.Fatal(err)
	}
	d := func(id, date, amount string) deal.Deal {
		return deal.Deal{ID: id, Date: day(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: "ana"}
	}
	q1 := []deal.Deal{d("D1", "2026-02-10", "120000")}
	po, err := s.Payout("FY2026-Q1", q1, PayoutInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := po.Payables[0].Amount.StringFixed(2); got != "7000.00" {
		t.Errorf("Q1 paid %s, want 7000.00", got)
	}
	// The deals file may hold the whole year to date.
	po, err = s.Payout("FY2026-Q2", append(q1, d("D2", "2026-05-10", "50000")), PayoutInput{Ledger: po.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range po.Payables[0].Items {
		got = append(got, string(it.Kind)+" "+it.Deal+" "+it.Amount.StringFixed(2))
	}
	if diff := cmp.Diff([]string{"trueup D1 -1000.00", "earned D2 2500.00"}, got); diff != "" {
		t.Errorf("Q2 items (-want +got):\n%s", diff)
	}
	if a := po.Payables[0].Amount.StringFixed(2); a != "1500.00" {
		t.Errorf("Q2 paid %s, want 1500.00", a)
	}
}
