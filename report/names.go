package report

import (
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
