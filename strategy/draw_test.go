package strategy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// TestPayoutRampedDraw pays a new hire on a ramp with a recoverable draw,
// month by month, and checks what each payable shows: the ramped quota
// (from the targets) and the draw position.
//
// ben joins on 1 February 2026. The AE quota is 120,000 for FY2026,
// spread by months: 10,000 a month, of which a new hire carries 25% in
// the first month of tenure, 50% in the second and all of it from the
// third. He earns 5% of bookings and 1,000 in a month at quota, against
// a recoverable draw of 1,000 recovered at most 50% of a month's
// earnings.
//
//	M02 (month 1): quota 10,000 x 25% = 2,500; D1 3,000 is 120%: bonus
//	    1,000 + commission 150 = 1,150, above the draw by 150; nothing
//	    owed. Net 1,150 − 1,000 − 0 = 150.                      1,150.00
//	M03 (month 2): quota 5,000; D2 4,000 is 80%: commission 200, 800
//	    advanced, owed 800. Net 200 − 1,000 = −800.              1,000.00
//	M04 (month 3, the ramp is over: no ramped quota shown): quota
//	    10,000; D3 12,000: bonus 1,000 + 600 = 1,600; recovered
//	    min(800, 1,600 − 1,000, 50% x 1,600) = 600, owed 200. Net 1,600
//	    − 1,000 − 800 = −200; above the draw 1,600 − 1,000 − 600 = 0.
//	                                                            1,000.00
func TestPayoutRampedDraw(t *testing.T) {
	s, err := Parse("ramp.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ben, role: ae, assignments: [{team: t, from: 2026-02-01}]}]
targets:
  proration: months
  ramps: [{id: new, shares: [0.25, 0.5, 1]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 120000, ramp: new}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      draw: {amount: 1000, recoverable: true, recovery_limit: 0.5}
      components:
        - {id: commission, measure: bookings, rate: "0.05"}
        - {id: bonus, per: period, gate: attainment.bookings >= 1, amount: "1000"}
`))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		period, date, amount string
		paid, draw, ramps    string
	}{
		{"FY2026-M02", "2026-02-10", "3000", "1150.00",
			"ae 1000.00: earned 1150.00 owed 0.00 advanced 0.00 recovered 0.00 after 0.00 net 150.00 above 150.00",
			"bookings 2500.00 of 10000.00 (0.25) month 1 2026-02-01..2026-02-28"},
		{"FY2026-M03", "2026-03-10", "4000", "1000.00",
			"ae 1000.00: earned 200.00 owed 0.00 advanced 800.00 recovered 0.00 after 800.00 net -800.00 above 0.00",
			"bookings 5000.00 of 10000.00 (0.5) month 2 2026-03-01..2026-03-31"},
		{"FY2026-M04", "2026-04-10", "12000", "1000.00",
			"ae 1000.00: earned 1600.00 owed 800.00 advanced 0.00 recovered 600.00 after 200.00 net -200.00 above 0.00",
			""},
	}
	var ledger *payout.Ledger
	for i, st := range steps {
		deals := []deal.Deal{{ID: "D" + string(rune('1'+i)), Date: day(st.date), Amount: decimal.RequireFromString(st.amount), Currency: "USD", Owner: "ben"}}
		po, err := s.Payout(st.period, deals, PayoutInput{Ledger: ledger})
		if err != nil {
			t.Fatalf("%s: %v", st.period, err)
		}
		ledger = po.Ledger
		pay := po.Payables[0]
		f := func(d decimal.Decimal) string { return d.StringFixed(2) }
		dp := pay.Draw
		got := []string{f(pay.Amount), ""}
		if dp != nil {
			got[1] = dp.Plan + " " + f(dp.Amount) + ": earned " + f(dp.Earned) + " owed " + f(dp.OwedBefore) + " advanced " + f(dp.Advanced) +
				" recovered " + f(dp.Recovered) + " after " + f(dp.OwedAfter) + " net " + f(dp.Net) + " above " + f(dp.AboveDraw)
		}
		var ramps []string
		for _, r := range pay.Ramps {
			s := r.Measure + " " + f(r.Quota) + " of " + f(r.Full) + " (" + r.Share.String() + ")"
			for _, m := range r.Ramp {
				s += " month " + string(rune('0'+m.Month)) + " " + m.From.String() + ".." + m.To.String()
			}
			ramps = append(ramps, s)
			// the quota shown is the one the statement measures against
			stmt, _ := po.Commission.Statement("ben")
			if stmt.Measures[0].Quota.Cmp(r.Quota) != 0 {
				t.Errorf("%s: ramped quota %s, the statement's %s", st.period, r.Quota, stmt.Measures[0].Quota)
			}
		}
		got = append(got, strings.Join(ramps, "; "))
		if diff := cmp.Diff([]string{st.paid, st.draw, st.ramps}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.period, diff)
		}
		j, _ := po.MarshalJSON()
		if !strings.Contains(string(j), `"draw": {`) || (st.ramps != "") != strings.Contains(string(j), `"ramps": [`) {
			t.Errorf("%s: the JSON lacks the draw or the ramps:\n%s", st.period, j)
		}
	}
}
