package report

import (
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/strategy"
)

// Names are what a page calls the ids of a result: people, plans,
// components and measures. A missing name shows the id. The zero value
// shows ids everywhere.
type Names struct {
	// Strategy is the strategy's name: "Northwind Software FY2027".
	Strategy string
	// People maps member ids to names.
	People map[string]string
	// Plans maps plan ids to names.
	Plans map[string]string
	// Components maps "plan/component" to a component's name.
	Components map[string]string
	// Measures maps measure ids to names.
	Measures map[string]string
}

// NamesOf returns the names a strategy gives: its own and its members'.
// Add the names of plans, components and measures to the maps it returns.
func NamesOf(s *strategy.Strategy) Names {
	n := Names{Strategy: s.Name(), People: map[string]string{}, Plans: map[string]string{}, Components: map[string]string{}, Measures: map[string]string{}}
	for _, id := range s.Org().MemberIDs() {
		if m, ok := s.Org().Member(id); ok && m.Name != "" {
			n.People[id] = m.Name
		}
	}
	return n
}

// Person returns the name of member id, or the id.
func (n Names) Person(id string) string {
	if v := n.People[id]; v != "" {
		return v
	}
	return id
}

// Plan returns the name of plan id, or the id.
func (n Names) Plan(id string) string {
	if v := n.Plans[id]; v != "" {
		return v
	}
	return id
}

// Component returns the name of a plan's component, or its id ("Plan cap"
// for the line of a plan cap).
func (n Names) Component(plan, id string) string {
	if v := n.Components[plan+"/"+id]; v != "" {
		return v
	}
	if id == "plan-cap" {
		return "Plan cap"
	}
	return id
}

// Measure returns the name of measure id, or the id.
func (n Names) Measure(id string) string {
	if v := n.Measures[id]; v != "" {
		return v
	}
	return id
}

// Team is a group of payees on an index page: a team and its manager, or
// any list of members.
type Team struct {
	ID      string
	Name    string
	Manager string
	// Members are the members shown, in order.
	Members []string
	// Managers, when set ([TeamsIn] sets it), are the team's managers
	// over a period in date order, each with the days they managed it: a
	// team whose manager changed in the period has two, each named on the
	// team's page and linked to it from the index. Manager is then the
	// last of them.
	Managers []Tenure
	// Part, when set, are the members who were in the team on some days
	// of the period only, each stint with its days, in order.
	Part []Tenure
}

// Tenure is a member's days in a team, or as its manager, within a
// period: From to To, inclusive.
type Tenure struct {
	Member   string
	From, To calendar.Date
}

// TeamsOf returns the strategy's teams on day d, each with its manager
// and its members that day, in the order of the team ids; with sub set,
// a team's members include those of the teams below it (a manager's
// whole organisation).
func TeamsOf(s *strategy.Strategy, d calendar.Date, sub bool) []Team {
	var out []Team
	for _, id := range s.Org().TeamIDs() {
		t, _ := s.Org().Team(id)
		mgr, _ := s.Org().ManagerOf(id, d)
		out = append(out, Team{ID: id, Name: t.Name, Manager: mgr, Members: s.Org().Members(id, d, sub)})
	}
	return out
}

// TeamsIn returns the strategy's teams over the days from to to, in the
// order of the team ids: each with every member who was in it on one of
// those days (with sub set, in it or in a team below it that day, which
// follows the team tree of each day), sorted, those who were there part
// of the time in Part with their days; and with its managers over the
// days, in order, each with the days they managed it (Managers; Manager
// is the last). A team that had two managers in the period is one team
// with two, so that each finds the team's page.
func TeamsIn(s *strategy.Strategy, from, to calendar.Date, sub bool) []Team {
	if to.Before(from) {
		return nil
	}
	org := s.Org()
	// the days the teams may change: the first, a team's change, a
	// member's joining or leaving a team
	days := []calendar.Date{from}
	days = append(days, org.TeamChangeDates(from, to)...)
	for _, id := range org.MemberIDs() {
		for _, a := range org.Stints(id, from, to) {
			if a.From.After(from) {
				days = append(days, a.From)
			}
			if a.To.Before(to) {
				days = append(days, a.To.AddDays(1))
			}
		}
	}
	slices.SortFunc(days, func(a, b calendar.Date) int { return a.Compare(b) })
	days = slices.Compact(days)
	// extend adds the days [d, end] of member to tenures, joined to its
	// last one when they follow it
	extend := func(tenures []Tenure, member string, d, end calendar.Date) []Tenure {
		for i := len(tenures) - 1; i >= 0; i-- {
			if tenures[i].Member == member {
				if tenures[i].To.AddDays(1) == d {
					tenures[i].To = end
					return tenures
				}
				break
			}
		}
		return append(tenures, Tenure{Member: member, From: d, To: end})
	}
	var out []Team
	for _, id := range org.TeamIDs() {
		t, _ := org.Team(id)
		team := Team{ID: id, Name: t.Name}
		var stints []Tenure
		for i, d := range days {
			end := to
			if i+1 < len(days) {
				end = days[i+1].AddDays(-1)
			}
			if m, ok := org.ManagerOf(id, d); ok {
				team.Managers = extend(team.Managers, m, d, end)
			}
			for _, m := range org.Members(id, d, sub) {
				stints = extend(stints, m, d, end)
			}
		}
		if n := len(team.Managers); n > 0 {
			team.Manager = team.Managers[n-1].Member
		}
		slices.SortStableFunc(stints, func(a, b Tenure) int { return strings.Compare(a.Member, b.Member) })
		for _, st := range stints {
			if len(team.Members) == 0 || team.Members[len(team.Members)-1] != st.Member {
				team.Members = append(team.Members, st.Member)
			}
			if st.From != from || st.To != to {
				team.Part = append(team.Part, st)
			}
		}
		out = append(out, team)
	}
	return out
}
