package commission_test

import (
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// A team pool: the EMEA team shares 5,000 by bookings when it reaches
// 110% of its quota. Its three members booked 1,120,000 of 1,000,000;
// the shares are allocated to the cent by largest remainder (the cent
// left over goes to ben) and add up to the pool.
func ExamplePoolDef() {
	doc := `
version: 1
name: EMEA pool
currency: USD
roles: [{id: ae}]
teams: [{id: emea}]
members:
  - {id: ana, role: ae, assignments: [{team: emea}]}
  - {id: ben, role: ae, assignments: [{team: emea}]}
  - {id: cleo, role: ae, assignments: [{team: emea}]}
targets:
  quotas: [{owner: team:emea, measure: bookings, period: FY2026-Q1, amount: 1000000}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: emea
      eligible: {teams: [emea]}
      components:
        - id: team-spif
          pool:
            team: emea
            gate: team.attainment.bookings >= 1.10
            amount: "5000"
            distribute: measure.bookings
`
	s, err := strategy.Parse("emea.yaml", []byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	sale := func(id, owner string, amount int64) deal.Deal {
		return deal.Deal{ID: id, Date: calendar.NewDate(2026, 2, 1), Amount: decimal.NewFromInt(amount), Currency: "USD", Owner: owner}
	}
	res, err := s.Run("FY2026-Q1", []deal.Deal{sale("D1", "ana", 500000), sale("D2", "ben", 400000), sale("D3", "cleo", 220000)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range res.Statements {
		l := st.Lines[0]
		fmt.Printf("%s %s %s: %s of %s\n", st.Payee, l.Kind, l.Amount.StringFixed(2), l.Pool.Weight, l.Pool.TotalWeight)
	}
	ana, _ := res.Statement("ana")
	ben, _ := res.Statement("ben")
	fmt.Println(ana.Lines[0].Explanation())
	fmt.Println(ben.Lines[0].Explanation())
	// Output:
	// ana pool 2232.14: 500000 of 1120000
	// ben pool 1785.72: 400000 of 1120000
	// cleo pool 982.14: 220000 of 1120000
	// team emea: team.attainment.bookings >= 1.10 (team.attainment.bookings = 1,120,000.00 / 1,000,000.00 = 112%); pool 5000 = 5,000.00; shared by bookings among 3 members: 5,000.00 x 500,000.00 / 1,120,000.00 = 2,232.1428571429, to the cent by largest remainder = 2,232.14
	// team emea: team.attainment.bookings >= 1.10 (team.attainment.bookings = 1,120,000.00 / 1,000,000.00 = 112%); pool 5000 = 5,000.00; shared by bookings among 3 members: 5,000.00 x 400,000.00 / 1,120,000.00 = 1,785.7142857143, to the cent by largest remainder = 1,785.72
}
