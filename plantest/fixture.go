package plantest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// fixture is the plan a test file carries of its own: a commission
// section compiled against the file's organisation and quotas, with no
// strategy document. It is how a test pins one rule of the engine with
// the least around it (the commission package's conformance cases).
type fixture struct {
	cal      calendar.Calendar
	currency string
	org      fixtureOrg
	engine   *commission.Engine
	// err, when the section does not compile and every test of the file
	// expects an error, is the compile's error (positioned in the file),
	// which each test compares with the one it expects; engine is nil.
	err error
}

// fixtureOrg is the organisation of a fixture: each member's role (and a
// new role from a date), team and chain of managers, nearest first.
type fixtureOrg map[string]memberDoc

func (o fixtureOrg) Managers(m string, _ calendar.Date) []string { return slices.Clone(o[m].Managers) }

func (o fixtureOrg) RoleOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if ok && v.NewRole != "" && !d.Before(v.From) {
		return v.NewRole, true
	}
	return v.Role, ok
}

func (o fixtureOrg) TeamOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if in, _, _ := o.InOrg(m, d); !ok || !in {
		return "", false
	}
	if v.Team == "" {
		v.Team = "sales"
	}
	return v.Team, true
}

// InOrg implements commission.Membership: a member belongs from joined to
// left, when the file gives them.
func (o fixtureOrg) InOrg(m string, d calendar.Date) (in bool, last, first calendar.Date) {
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

func (o fixtureOrg) TeamPath(team string, _ calendar.Date) []string { return []string{team} }

// TeamIDs implements commission.Teams, so that a team pool works in a
// file's own plan: the teams the members are in (sales for a member who
// names none), sorted.
func (o fixtureOrg) TeamIDs() []string {
	var ids []string
	for _, v := range o {
		if v.Team == "" {
			v.Team = "sales"
		}
		if !slices.Contains(ids, v.Team) {
			ids = append(ids, v.Team)
		}
	}
	slices.Sort(ids)
	return ids
}

// Members implements commission.Teams: the members in team on d, sorted.
// The file's teams have none below them, so sub changes nothing.
func (o fixtureOrg) Members(team string, d calendar.Date, _ bool) []string {
	var ids []string
	for _, id := range o.MemberIDs() {
		if t, ok := o.TeamOf(id, d); ok && t == team {
			ids = append(ids, id)
		}
	}
	return ids
}

// TermsOf implements commission.Terms: the member's terms in the file.
func (o fixtureOrg) TermsOf(m string) []commission.MemberTerms { return o[m].Terms }

func (o fixtureOrg) MemberIDs() []string {
	ids := make([]string, 0, len(o))
	for id := range o {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// fixtureQuotas gives every period the same quota (or stretch target):
// member, then measure.
type fixtureQuotas map[string]map[string]decimal.Decimal

func (q fixtureQuotas) Quota(member, measure string, _ calendar.Period) (decimal.Decimal, bool, error) {
	v, ok := q[member][measure]
	return v, ok, nil
}

// Stretch implements commission.Stretch.
func (q fixtureQuotas) Stretch(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	return q.Quota(member, measure, p)
}

// teamQuotas are a fixture's quotas with the targets of its teams
// (commission.Targets, for a pool's team.quota and team.attainment): a
// team's is the sum of the quotas of its members on the period's last
// day.
type teamQuotas struct {
	fixtureQuotas
	org fixtureOrg
}

// TargetOf implements commission.Targets.
func (t teamQuotas) TargetOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	sum, found := decimal.Zero, false
	if kind != "team" {
		return sum, false, nil
	}
	for _, m := range t.org.Members(id, p.End, true) {
		if v, ok := t.fixtureQuotas[m][measure]; ok {
			sum, found = sum.Add(v), true
		}
	}
	return sum, found, nil
}

// targets returns the file's quotas or stretch targets (key names the
// mapping), checking that each is of a member of the org.
func targets(list *diag.List, key string, d *fileDoc, in map[string]map[string]number, ids []string) fixtureQuotas {
	out := fixtureQuotas{}
	for _, member := range sortedKeys(in) {
		if _, ok := d.Org[member]; !ok {
			p := list.Add(key+"."+member, diag.UnknownRef, "%s of %q, who is not in the org", strings.TrimSuffix(key, "s"), member)
			p.Hint = diag.DidYouMean(member, ids)
		}
		out[member] = map[string]decimal.Decimal{}
		for m, v := range in[member] {
			out[member][m] = v.d
		}
	}
	return out
}

func newFixture(d *fileDoc) (*fixture, error) {
	var list diag.List
	if len(d.Org) == 0 {
		list.Add("org", diag.Missing, "a plan of the file's own needs its organisation: org maps each member to a role (and managers)")
	}
	ids := fixtureOrg(d.Org).MemberIDs()
	for _, id := range ids {
		m := d.Org[id]
		list.CheckID("org."+id, "member", id)
		if m.Role == "" {
			list.Add("org."+id+".role", diag.Missing, "missing role of %s", id)
		}
		if m.NewRole != "" && m.From.IsZero() {
			list.Add("org."+id+".from", diag.Missing, "new_role needs the date it starts (from)")
		}
		if !m.Joined.IsZero() && !m.Left.IsZero() && m.Left.Before(m.Joined) {
			list.Add("org."+id+".left", diag.DateOrder, "%s leaves on %s, before joining on %s", id, m.Left, m.Joined)
		}
		if len(m.Terms) > 0 {
			list = append(list, commission.CheckTerms(m.Terms).Prefix("org."+id+".terms")...)
		}
		for j, mgr := range m.Managers {
			if _, ok := d.Org[mgr]; !ok {
				p := list.Add(fmt.Sprintf("org.%s.managers[%d]", id, j), diag.UnknownRef, "manager %q is not in the org", mgr)
				p.Hint = diag.DidYouMean(mgr, ids)
			}
		}
	}
	quotas := targets(&list, "quotas", d, d.Quotas, ids)
	stretch := targets(&list, "stretch", d, d.Stretch, ids)
	currency := d.Currency
	if currency == "" {
		currency = "USD"
	} else if err := money.CheckCurrency(currency); err != nil {
		list.Add("currency", diag.InvalidValue, "%s", err)
	}
	if err := d.Calendar.Validate(); err != nil {
		list.Add("calendar", diag.InvalidValue, "%s", err)
	}
	if len(list) > 0 {
		return nil, list
	}
	cfg := commission.Config{Org: fixtureOrg(d.Org), Quotas: teamQuotas{quotas, fixtureOrg(d.Org)}, Currency: currency, Rounding: d.Rounding, Calendar: d.Calendar}
	for _, m := range d.Org {
		if len(m.Terms) > 0 {
			cfg.Terms = fixtureOrg(d.Org)
		}
	}
	if d.Stretch != nil {
		cfg.Stretch = stretch
	}
	fx := &fixture{cal: d.Calendar, currency: currency, org: fixtureOrg(d.Org)}
	e, err := commission.Compile(*d.Commission, cfg)
	if err != nil {
		var l diag.List
		if ok := asList(err, &l); ok {
			fx.err = l.Prefix("commission")
		} else {
			fx.err = diag.List{diag.Errorf("commission", diag.InvalidValue, "%v", err)}
		}
		return fx, nil
	}
	fx.engine = e
	return fx, nil
}
