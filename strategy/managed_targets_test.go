package strategy_test

import (
	"fmt"

	"github.com/salesplan/salesplan/strategy"
)

// A manager's quota is the target of the team they manage (of:
// managed_team), day by day: dana hands east over to eli on 10 February,
// 40 days into a quarter of 90, so east's 180,000 goes 80,000 to dana and
// 100,000 to eli. sales has no target of its own: it rolls up its AEs'
// quotas, ann's and bob's, leaving out the managers and the VP, whose
// quotas are their teams' numbers.
func Example_managerQuota() {
	s, err := strategy.Parse("managers.yaml", []byte(`
version: 1
name: Managers
currency: USD
roles: [{id: ae}, {id: manager}, {id: vp}]
teams:
  - {id: sales, manager: vic}
  - id: east
    parent: sales
    manager: dana
    changes:
      - {from: 2026-02-10, manager: eli}   # eli takes over
members:
  - {id: vic, role: vp, assignments: [{team: sales}]}
  - {id: dana, role: manager, assignments: [{team: east}]}
  - {id: eli, role: manager, assignments: [{team: east}]}
  - {id: ann, role: ae, assignments: [{team: east}]}
  - {id: bob, role: ae, assignments: [{team: east}]}
commission:
  measures: [{id: bookings}]
targets:
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2026-Q1, amount: 100000}
    - {owner: team:east, measure: bookings, period: FY2026-Q1, amount: 180000}
    - {owner: role:manager, measure: bookings, period: FY2026-Q1, of: managed_team}
    - {owner: member:vic, measure: bookings, period: FY2026-Q1, amount: 220000}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	book := s.Targets()
	q1 := s.Calendar().MustParse("FY2026-Q1")
	for _, m := range []string{"dana", "eli", "vic", "ann"} {
		q, _, _ := book.Quota(m, "bookings", q1)
		fmt.Println(m, q.StringFixed(2))
	}
	for _, t := range []string{"east", "sales"} {
		target, _, _ := book.TargetOf("team", t, "bookings", q1)
		rollUp, _, _ := book.RollUp("team", t, "bookings", q1)
		fmt.Println("team", t, "target", target.StringFixed(2), "roll-up", rollUp.StringFixed(2))
	}
	// Output:
	// dana 80000.00
	// eli 100000.00
	// vic 220000.00
	// ann 100000.00
	// team east target 180000.00 roll-up 200000.00
	// team sales target 200000.00 roll-up 200000.00
}
