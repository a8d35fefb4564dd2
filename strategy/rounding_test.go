package strategy

import (
	"strings"
	"testing"

	"github.com/salesplan/salesplan/deal"
)

// TestRoundingExactAndStretch runs, end to end through a document, the
// rounding modes payroll uses (rounding: down on lines, round(..,
// "ceiling") in a rule), exact quotas (targets.rounding: exact) and a
// stretch gate. Worked by hand for FY2026-M01, D1 8,333.33:
//
//	commission 8,333.33 x 3.33% = 277.499889, rounded down   277.49
//	bonus: the exact quota is 100,000 / 12 = 8,333.333…: attainment
//	  0.9999996, the gate is closed (rounded to the cent the quota is
//	  8,333.33 and the attainment exactly 1: 500)              0.00
//	stretch bonus: 120,000 / 12 = 10,000, attainment 83.3%     100.00
//	kicker: 8.33333 rounded up by ceiling                       9.00
//	total                                                     386.49
func TestRoundingExactAndStretch(t *testing.T) {
	doc := `version: 1
name: R
currency: USD
rounding: down
channels: [{id: field, kind: direct}]
roles: [{id: ae}]
teams: [{id: sales, channels: [field]}]
members: [{id: ana, role: ae, assignments: [{team: sales, from: 2026-01-01}]}]
targets: {proration: months, rounding: ROUNDING, quotas: [{owner: member:ana, measure: bookings, period: FY2026, amount: 100000, stretch: 120000}]}
commission:
  measures: [{id: bookings}]
  plans: [{id: ae, eligible: {roles: [ae]}, components: [
    {id: commission, measure: bookings, rate: "0.0333"},
    {id: bonus, per: period, gate: attainment.bookings >= 1, amount: "500"},
    {id: stretch-bonus, per: period, gate: stretch_attainment.bookings >= 0.8, amount: "100"},
    {id: kicker, per: period, amount: 'round(measure.bookings / 1000, 0, "ceiling")'}]}]
`
	for _, tt := range []struct{ rounding, total string }{{"exact", "386.49"}, {"minor-unit", "886.49"}} {
		s, err := Parse("r.yaml", []byte(strings.Replace(doc, "ROUNDING", tt.rounding, 1)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Run("FY2026-M01", []deal.Deal{usd("D1", "2026-01-10", "8333.33", "ana")})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := res.Statement("ana")
		if got := st.Total.StringFixed(2); got != tt.total {
			t.Errorf("targets.rounding %s: total %s, want %s; lines %+v", tt.rounding, got, tt.total, st.Lines)
		}
	}
}
