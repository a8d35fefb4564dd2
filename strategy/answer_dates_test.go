package strategy_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/strategy"
)

// TestAnswerDates checks what the commission engine's memo of the Org's
// answers rests on: on a day that is not one of AnswerDates, every
// answer about a member or team is the day before's, in an organisation
// whose teams change and whose members join, leave, come back and change
// roles.
func TestAnswerDates(t *testing.T) {
	d := calendar.MustParseDate
	org, err := strategy.NewOrg(strategy.Organisation{
		Roles: []strategy.Role{{ID: "rep"}, {ID: "manager"}},
		Teams: []strategy.Team{
			{ID: "sales", Manager: "grace"},
			{ID: "emea", Parent: "sales", Manager: "eve"},
			{ID: "amer", Parent: "sales", Manager: "omar", Changes: []strategy.TeamChange{
				{From: d("2027-02-15"), Manager: new("bob")},
				{From: d("2027-03-01"), Parent: new("emea")},
			}},
		},
		Members: []strategy.Member{
			{ID: "grace", Role: "manager", Assignments: []strategy.Assignment{{Team: "sales"}}},
			{ID: "eve", Role: "manager", Assignments: []strategy.Assignment{{Team: "emea", To: d("2027-03-10")}}},
			{ID: "omar", Role: "manager", Assignments: []strategy.Assignment{{Team: "sales", From: d("2027-01-05")}}},
			{ID: "bob", Role: "rep", Assignments: []strategy.Assignment{
				{Team: "amer", To: d("2027-02-10")},
				{Team: "sales", Role: "manager", From: d("2027-02-20")},
			}},
			{ID: "ana", Role: "rep", Assignments: []strategy.Assignment{
				{Team: "amer", From: d("2027-01-10"), To: d("2027-01-31")},
				{Team: "emea", From: d("2027-02-05")},
			}},
			{ID: "pat"}, // in no team: always in the organisation
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	dates := org.AnswerDates()
	if !slices.IsSortedFunc(dates, func(a, b calendar.Date) int { return a.Days() - b.Days() }) {
		t.Fatalf("AnswerDates = %v, not in order", dates)
	}
	answers := func(day calendar.Date) string {
		s := ""
		for _, m := range org.MemberIDs() {
			role, known := org.RoleOf(m, day)
			team, inTeam := org.TeamOf(m, day)
			in, last, first := org.InOrg(m, day)
			s += fmt.Sprintln(m, org.Managers(m, day), role, known, team, inTeam, in, last, first)
		}
		for _, tm := range org.TeamIDs() {
			mgr, ok := org.ManagerOf(tm, day)
			s += fmt.Sprintln(tm, mgr, ok, org.TeamPath(tm, day))
		}
		return s
	}
	prev := answers(d("2026-12-31"))
	for day := d("2027-01-01"); day.Before(d("2027-04-01")); day = day.AddDays(1) {
		now := answers(day)
		if now != prev && !slices.Contains(dates, day) {
			t.Errorf("the answers on %s differ from the day before's, and AnswerDates (%v) leaves it out:\n%s", day, dates, now)
		}
		prev = now
	}
}
