package payout

import (
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// caseMember is a member of a scenario's organisation.
type caseMember struct {
	Role     string   `yaml:"role"`
	Team     string   `yaml:"team"`
	Managers []string `yaml:"managers"`
	// From, when set, is the day the member takes NewRole.
	NewRole string        `yaml:"new_role"`
	From    calendar.Date `yaml:"from"`
}

// caseOrg is the commission.Org of a scenario.
type caseOrg map[string]caseMember

func (o caseOrg) Managers(m string, _ calendar.Date) []string { return slices.Clone(o[m].Managers) }
func (o caseOrg) RoleOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if ok && v.NewRole != "" && !d.Before(v.From) {
		return v.NewRole, true
	}
	return v.Role, ok
}
func (o caseOrg) TeamOf(m string, _ calendar.Date) (string, bool) {
	v, ok := o[m]
	if v.Team == "" {
		v.Team = "sales"
	}
	return v.Team, ok
}
func (o caseOrg) TeamPath(team string, _ calendar.Date) []string { return []string{team} }
func (o caseOrg) MemberIDs() []string {
	ids := make([]string, 0, len(o))
	for id := range o {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ptr[T any](v T) *T { return &v }
