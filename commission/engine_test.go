package commission

import (
	"slices"

	"github.com/salesplan/salesplan/calendar"
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
