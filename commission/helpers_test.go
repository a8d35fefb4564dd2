package commission

import (
	"fmt"
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// The organisation that this package's Go tests build by hand: each
// member's role (and a new role from a date), team, chain of managers and
// days in the organisation. (The conformance cases, in
// testdata/conformance, write theirs in the plan-test format.)

type caseMember struct {
	Role     string
	Team     string
	Managers []string
	// From, when set, is the day the member takes NewRole.
	NewRole string
	From    calendar.Date
	// Joined and Left, when set, are the member's first and last days in
	// the organisation (and in their team).
	Joined calendar.Date
	Left   calendar.Date
}

// caseOrg is an Org (and a Membership) from a map of members.
type caseOrg map[string]caseMember

func (o caseOrg) Managers(m string, _ calendar.Date) []string { return slices.Clone(o[m].Managers) }
func (o caseOrg) RoleOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if ok && v.NewRole != "" && !d.Before(v.From) {
		return v.NewRole, true
	}
	return v.Role, ok
}
func (o caseOrg) TeamOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if v.Team == "" {
		v.Team = "sales"
	}
	if in, _, _ := o.InOrg(m, d); !in {
		return "", false
	}
	return v.Team, ok
}

// InOrg implements Membership.
func (o caseOrg) InOrg(m string, d calendar.Date) (in bool, last, first calendar.Date) {
	v, ok := o[m]
	switch {
	case !ok:
		return false, last, first
	case !v.Joined.IsZero() && d.Before(v.Joined):
		return false, last, v.Joined
	case !v.Left.IsZero() && d.After(v.Left):
		return false, v.Left, first
	}
	return true, last, first
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

// termsOf gives every member of org the same terms: an OTE of 150,000
// with a target incentive of 50,000.
func termsOf(org caseOrg) TermMap {
	terms := TermMap{}
	for id := range org {
		terms[id] = []MemberTerms{{OTE: dec("150000"), TargetIncentive: dec("50000")}}
	}
	return terms
}

// lineString writes a line as "component deal kind amount", - for no deal.
func lineString(l Line) string {
	deal := l.Deal
	if deal == "" {
		deal = "-"
	}
	return fmt.Sprintf("%s %s %s %s", l.Component, deal, l.Kind, fixed(l.Amount, l.Currency))
}
