package targets_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// fakeOrg is a map-based organisation for tests: members with dated
// stints, a team tree, and the teams covering each territory and selling
// through each channel.
type fakeOrg struct {
	members     map[string][]stint
	roles       []string
	parents     map[string]string   // team → parent team ("" at the top)
	territories map[string][]string // territory → covering teams
	channels    map[string][]string // channel → teams
}

// stint is a member in a team with a role, from one day to another
// (zero: open).
type stint struct {
	team, role string
	from, to   calendar.Date
}

func (s stint) covers(d calendar.Date) bool {
	return (s.from.IsZero() || !d.Before(s.from)) && (s.to.IsZero() || !d.After(s.to))
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (o *fakeOrg) MemberIDs() []string    { return keys(o.members) }
func (o *fakeOrg) TeamIDs() []string      { return keys(o.parents) }
func (o *fakeOrg) TerritoryIDs() []string { return keys(o.territories) }
func (o *fakeOrg) ChannelIDs() []string   { return keys(o.channels) }
func (o *fakeOrg) RoleIDs() []string      { return slices.Clone(o.roles) }

func (o *fakeOrg) at(m string, d calendar.Date) (stint, bool) {
	for _, s := range o.members[m] {
		if s.covers(d) {
			return s, true
		}
	}
	return stint{}, false
}

func (o *fakeOrg) TeamOf(m string, d calendar.Date) (string, bool) {
	s, ok := o.at(m, d)
	return s.team, ok
}

func (o *fakeOrg) RoleOf(m string, d calendar.Date) (string, bool) {
	ss, ok := o.members[m]
	if !ok {
		return "", false
	}
	if s, ok := o.at(m, d); ok {
		return s.role, true
	}
	return ss[len(ss)-1].role, true
}

func (o *fakeOrg) Active(m string, d calendar.Date) bool {
	_, ok := o.at(m, d)
	return ok
}

// under reports whether team t is team or below it.
func (o *fakeOrg) under(t, team string) bool {
	for i := 0; t != "" && i < 100; i++ {
		if t == team {
			return true
		}
		t = o.parents[t]
	}
	return false
}

func (o *fakeOrg) Members(team string, d calendar.Date, sub bool) []string {
	var out []string
	for _, m := range keys(o.members) {
		if t, ok := o.TeamOf(m, d); ok && (t == team || sub && o.under(t, team)) {
			out = append(out, m)
		}
	}
	return out
}

func (o *fakeOrg) CoveringMembers(territory string, d calendar.Date) []string {
	var out []string
	for _, t := range o.territories[territory] {
		out = append(out, o.Members(t, d, false)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (o *fakeOrg) ChannelTeams(channel string, _ calendar.Date) []string {
	return slices.Clone(o.channels[channel])
}

// The interface is satisfied.
var _ targets.Org = (*fakeOrg)(nil)

// Helpers for exact values.

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(s)
	}
	return out
}

// newOrg returns the organisation most tests use, in the calendar year
// 2026:
//
//	emea        ana (ae), cal (ae, joins 2026-06-01), dan (sdr, ae from 2026-07-01),
//	            eve (ae, leaves 2026-05-15)
//	emea-north  ben (ae), below emea
//	amer        fay (ae), gus (se, joins 2026-03-15)
//
// Territory fr is covered by emea-north, de by emea; channel direct is
// sold by emea and amer, partners by amer.
func newOrg() *fakeOrg {
	return &fakeOrg{
		members: map[string][]stint{
			"ana": {{team: "emea", role: "ae"}},
			"ben": {{team: "emea-north", role: "ae"}},
			"cal": {{team: "emea", role: "ae", from: date("2026-06-01")}},
			"dan": {
				{team: "emea", role: "sdr", to: date("2026-06-30")},
				{team: "emea", role: "ae", from: date("2026-07-01")},
			},
			"eve": {{team: "emea", role: "ae", to: date("2026-05-15")}},
			"fay": {{team: "amer", role: "ae"}},
			"gus": {{team: "amer", role: "se", from: date("2026-03-15")}},
		},
		roles:       []string{"ae", "sdr", "se"},
		parents:     map[string]string{"emea": "", "emea-north": "emea", "amer": ""},
		territories: map[string][]string{"fr": {"emea-north"}, "de": {"emea"}, "us": nil},
		channels:    map[string][]string{"direct": {"emea", "amer"}, "partners": {"amer"}},
	}
}

// saas is the 15/25/25/35 quarterly seasonality.
var saas = targets.Seasonality{ID: "saas", Period: calendar.Quarter, Weights: decs("0.15", "0.25", "0.25", "0.35")}

// aeRamp is 0, 25, 50, 75% then 100% from month five.
var aeRamp = targets.Ramp{ID: "ae-ramp", Shares: decs("0", "0.25", "0.5", "0.75", "1")}

func compile(t *testing.T, sec targets.Section, env targets.Env) *targets.Book {
	t.Helper()
	if env.Org == nil {
		env.Org = newOrg()
	}
	b, err := targets.Compile(sec, env)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return b
}

// quota is a short way to write a quota in a table.
func quota(owner, measure, period, amount string, opts ...func(*targets.Quota)) targets.Quota {
	q := targets.Quota{Owner: owner, Measure: measure, Period: period, Amount: dec(amount)}
	for _, o := range opts {
		o(&q)
	}
	return q
}

func from(s string) func(*targets.Quota)      { return func(q *targets.Quota) { q.From = date(s) } }
func seasonal(id string) func(*targets.Quota) { return func(q *targets.Quota) { q.Seasonality = id } }
func ramped(id string) func(*targets.Quota)   { return func(q *targets.Quota) { q.Ramp = id } }
func hired(s string) func(*targets.Quota)     { return func(q *targets.Quota) { q.Hired = date(s) } }
func stretch(s string) func(*targets.Quota)   { return func(q *targets.Quota) { q.Stretch = dec(s) } }
func allocate(a targets.Allocation) func(*targets.Quota) {
	return func(q *targets.Quota) { q.Allocate = &a }
}

// quotas returns the quotas of member in each period, as fixed-point
// strings, "-" for no target.
func quotas(t *testing.T, b *targets.Book, member, measure string, ids ...string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		q, ok, err := b.Quota(member, measure, b.Calendar().MustParse(id))
		if err != nil {
			t.Fatalf("Quota(%s, %s, %s): %v", member, measure, id, err)
		}
		out = append(out, str(q, ok))
	}
	return out
}

func str(d decimal.Decimal, ok bool) string {
	if !ok {
		return "-"
	}
	return d.StringFixed(2)
}

func lines(s string) []string { return strings.Split(s, "\n") }
