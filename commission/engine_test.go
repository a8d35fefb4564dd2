package commission

import (
	"fmt"
	"slices"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// fakeOrg is an organisation of members who never move: each has one role,
// one team, and a fixed chain of managers.
type fakeOrg map[string]fakeMember

type fakeMember struct {
	role, team string
	managers   []string
}

func (o fakeOrg) Managers(m string, _ calendar.Date) []string { return slices.Clone(o[m].managers) }
func (o fakeOrg) RoleOf(m string, _ calendar.Date) (string, bool) {
	v, ok := o[m]
	return v.role, ok
}
func (o fakeOrg) TeamOf(m string, _ calendar.Date) (string, bool) {
	v, ok := o[m]
	return v.team, ok && v.team != ""
}
func (o fakeOrg) TeamPath(team string) []string { return []string{team} }
func (o fakeOrg) MemberIDs() []string {
	var ids []string
	for id := range o {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestSmoke(t *testing.T) {
	org := fakeOrg{"ana": {role: "ae", team: "east", managers: []string{"omar"}}, "omar": {role: "rvp", team: "east"}}
	sec := Section{
		Measures: []MeasureDef{{ID: "bookings"}},
		Tables:   []TableDef{{ID: "ae", Mode: Marginal, Bands: []Band{{From: dec("0"), Rate: dec("0.05")}, {From: dec("200000"), Rate: dec("0.07")}}}},
		Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Components: []ComponentDef{
			{ID: "commission", Measure: "bookings", Table: "ae", Scope: RunningScope},
		}}},
	}
	e, err := Compile(sec, Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	p := cal.MustParse("FY2026-Q1")
	deals := []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-10"), Amount: dec("190000"), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-10"), Amount: dec("30000"), Currency: "USD", Owner: "ana"},
	}
	res, err := e.Run(p, deals)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := res.MarshalJSON()
	fmt.Println(string(b))
}
