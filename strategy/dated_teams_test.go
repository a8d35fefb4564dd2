package strategy_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/plantest"
	"github.com/salesplan/salesplan/strategy"
)

// TestDatedTeamsPlan runs the plan tests of testdata/dated-teams through
// strategy.Run: the roll-ups of deals closed before and after a
// mid-quarter change of a team's manager, and of a sub-team's parent, go
// to the managers of each deal's date (the hand working is in
// strategy_test.yaml).
func TestDatedTeamsPlan(t *testing.T) {
	plantest.Run(t, os.DirFS("testdata/dated-teams"), "strategy.yaml")
}

// A team's manager and parent change on dates: the managers above a
// member are those of the day asked.
func ExampleOrg_Managers_datedTeams() {
	s, err := strategy.Parse("dated.yaml", []byte(`
version: 1
name: Dated
currency: USD
teams:
  - {id: sales, manager: grace}
  - {id: emea, parent: sales, manager: eve}
  - id: amer
    parent: sales
    manager: omar
    changes:
      - {from: 2027-02-15, manager: bob}   # bob takes over
      - {from: 2027-03-01, parent: emea}   # amer moves under emea
members:
  - {id: grace, assignments: [{team: sales}]}
  - {id: eve, assignments: [{team: emea}]}
  - {id: omar, assignments: [{team: sales}]}
  - {id: bob, assignments: [{team: sales}]}
  - {id: ana, assignments: [{team: amer}]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range []string{"2027-02-14", "2027-02-15", "2027-03-01"} {
		day := calendar.MustParseDate(d)
		fmt.Println(d, s.Org().Managers("ana", day), s.Org().TeamPath("amer", day))
	}
	// Output:
	// 2027-02-14 [omar grace] [amer sales]
	// 2027-02-15 [bob grace] [amer sales]
	// 2027-03-01 [bob eve grace] [amer emea sales]
}
