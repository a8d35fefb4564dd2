package targets

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Org is what targets needs to know of the sales organisation: who exists,
// and who is where on a given day. The strategy package's *Org implements
// it; tests and Go users may write their own. Its methods must be safe for
// concurrent use and return the same answers for the life of a [Book].
type Org interface {
	// MemberIDs, TeamIDs, TerritoryIDs, ChannelIDs and RoleIDs list the
	// ids of each kind.
	MemberIDs() []string
	TeamIDs() []string
	TerritoryIDs() []string
	ChannelIDs() []string
	RoleIDs() []string
	// TeamOf returns the member's team on d, and false when the member is
	// in no team that day.
	TeamOf(member string, d calendar.Date) (string, bool)
	// RoleOf returns the member's role on d.
	RoleOf(member string, d calendar.Date) (string, bool)
	// Members returns the members of team on d; with sub, also those of
	// the teams below it.
	Members(team string, d calendar.Date, sub bool) []string
	// CoveringMembers returns the members who cover territory on d.
	CoveringMembers(territory string, d calendar.Date) []string
	// ChannelTeams returns the teams that sell through channel on d.
	ChannelTeams(channel string, d calendar.Date) []string
	// Active reports whether the member is in the organisation on d.
	Active(member string, d calendar.Date) bool
}

// TeamManagers is implemented by an [Org] that knows who manages each team on
// a day (the strategy package's *Org does). Targets uses it twice:
//
//   - a quota [Quota.Of] [ManagedTeam] is the target of the team the
//     member manages, and needs it (Compile reports such a quota when the
//     Org does not implement TeamManagers);
//   - the roll-up of a team, territory or channel ([Book.RollUp]) leaves
//     out a member on the days they manage a team: a manager's quota is
//     their team's number, not an addition to it.
//
// With an Org that does not implement it, nobody manages a team.
type TeamManagers interface {
	// ManagerOf returns the manager of team in force on d, and false when
	// the team has no manager (in place) that day.
	ManagerOf(team string, d calendar.Date) (string, bool)
	// TeamPath returns team and the teams above it on d, nearest first.
	TeamPath(team string, d calendar.Date) []string
}

// Env is what a [Section] is compiled against: the calendar its periods
// are in, the organisation its owners are in, the measures it may name,
// and how amounts are rounded. The zero Env is not usable: Org is
// required.
type Env struct {
	// Calendar is the fiscal calendar; the zero Calendar is the calendar
	// year.
	Calendar calendar.Calendar
	// Org is the sales organisation. It is required.
	Org Org
	// Measures lists the measure names a target may use; nil accepts any.
	Measures []string
	// Counts lists the measures that count things (new logos, units)
	// rather than money: their amounts must be whole numbers, and their
	// parts and prorated quotas are rounded to whole units.
	Counts []string
	// Currency is the ISO 4217 code of amounts, which sets the minor unit
	// quotas are rounded to ([money.MinorUnits]): 2 places for USD or an
	// empty Currency, 0 for JPY.
	Currency string
	// Rounding is the mode quotas are rounded with (to the minor unit, or
	// to [ExactPlaces] under [Exact]): any of [money.Roundings], half-even
	// being the zero value.
	Rounding money.Rounding
}

// Limits on the numbers of a document, so that a hostile or mistyped value
// cannot make arithmetic explode.
const (
	maxScale    = 12 // decimal places of a weight, share or factor
	maxExponent = 15 // amounts below 10^15
)

// Compile validates sec against env and returns its [Book]. Every problem
// of the section is reported at once, as a [diag.List] whose paths are
// relative to the section (quotas[3].amount), with did-you-mean hints on
// unknown references. An unusable env (no Org, an invalid calendar) is a
// plain error.
//
// Compile checks that: every owner, measure, seasonality and ramp
// referred to exists; every period id parses; amounts are not negative
// (unless [Section.AllowNegative]) and have no more decimal places than
// the minor unit; seasonality weights add up to 1; ramp shares are from 0
// to 1; a From date falls inside its period; no two targets of an owner
// and measure are in force on the same day (the same period and From, or
// a year and one of its quarters); and no member would get a part of two
// allocated targets of one measure on the same day. A member target and a
// role target for the same member are not a conflict: the member target
// wins (see [Book.Quota]).
func Compile(sec Section, env Env) (*Book, error) {
	if env.Org == nil {
		return nil, errors.New("targets: Env.Org is nil: targets need the sales organisation")
	}
	if err := env.Calendar.Validate(); err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	if !env.Rounding.Valid() {
		return nil, fmt.Errorf("targets: unknown rounding %v", env.Rounding)
	}
	c := &compiler{sec: sec, env: env, b: &Book{
		cal:      env.Calendar,
		org:      env.Org,
		basis:    sec.Proration,
		places:   money.MinorUnits(env.Currency),
		rounding: env.Rounding,
		counts:   setOf(env.Counts),
		ids:      map[string]map[string]bool{},
		owners:   map[key][]*version{},
		parts:    map[key][]*version{},
	}}
	if env.Measures != nil {
		c.b.measures = setOf(env.Measures)
	}
	c.b.mgrs, _ = env.Org.(TeamManagers)
	c.b.ids[Member] = setOf(env.Org.MemberIDs())
	c.b.ids[Role] = setOf(env.Org.RoleIDs())
	c.b.ids[Team] = setOf(env.Org.TeamIDs())
	c.b.ids[Territory] = setOf(env.Org.TerritoryIDs())
	c.b.ids[Channel] = setOf(env.Org.ChannelIDs())
	c.compile()
	if err := c.list.Err(); err != nil {
		return nil, err
	}
	c.b.targeted = map[string]bool{}
	for _, vss := range []map[key][]*version{c.b.owners, c.b.parts} {
		for k, vs := range vss {
			if len(vs) > 0 {
				c.b.targeted[k.measure] = true
			}
		}
	}
	return c.b, nil
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

type compiler struct {
	sec   Section
	env   Env
	b     *Book
	list  diag.List
	seas  map[string]*Seasonality
	ramps map[string][]decimal.Decimal
}

func (c *compiler) compile() {
	switch c.sec.Proration {
	case "":
		c.b.basis = Days
	case Days, Months:
	default:
		p := c.list.Add("proration", diag.InvalidValue, "unknown proration %q: want days or months", clip(string(c.sec.Proration)))
		p.Hint = diag.DidYouMean(string(c.sec.Proration), []string{string(Days), string(Months)})
	}
	switch c.sec.Rounding {
	case "", MinorUnit:
	case Exact:
		c.b.exact = true
	default:
		p := c.list.Add("rounding", diag.InvalidValue, "unknown rounding %q: want minor-unit or exact", clip(string(c.sec.Rounding)))
		p.Hint = diag.DidYouMean(string(c.sec.Rounding), []string{string(MinorUnit), string(Exact)})
		if _, err := money.ParseRounding(string(c.sec.Rounding)); err == nil {
			p.Hint = "a rounding mode is set by the strategy's rounding: key"
		}
	}
	c.seasonality()
	c.rampSchedules()
	var vs []*version
	for i, q := range c.sec.Quotas {
		if v := c.quota(i, q); v != nil {
			vs = append(vs, v)
		}
	}
	c.chain(vs)
	for _, v := range vs {
		if v.alloc != nil {
			c.allocate(v)
		}
	}
	c.checkParts()
	c.checkManaged(vs)
	for _, v := range vs {
		if v.ramp != nil {
			c.b.maxRamp = max(c.b.maxRamp, len(v.ramp))
		}
	}
}

func (c *compiler) seasonality() {
	c.seas = map[string]*Seasonality{}
	first := map[string]int{}
	for i := range c.sec.Seasonality {
		s := &c.sec.Seasonality[i]
		path := fmt.Sprintf("seasonality[%d]", i)
		ok := c.id(path, "seasonality", "seasonality", s.ID, first, i)
		n := 0
		switch s.Period {
		case calendar.Half:
			n = 2
		case calendar.Quarter:
			n = 4
		case calendar.Month:
			n = 12
		case 0:
			c.list.Add(path+".period", diag.Missing, "missing period: half, quarter or month")
			ok = false
		default:
			c.list.Add(path+".period", diag.InvalidValue, "a seasonality spreads a target over halves, quarters or months, not %s", s.Period)
			ok = false
		}
		sum := decimal.Zero
		good := true
		for j, w := range s.Weights {
			if !c.number(fmt.Sprintf("%s.weights[%d]", path, j), "weight", w, maxScale) {
				good = false
				continue
			}
			if w.Sign() < 0 || w.GreaterThan(one) {
				c.list.Add(fmt.Sprintf("%s.weights[%d]", path, j), diag.InvalidValue, "weight %s is not between 0 and 1", w)
				good = false
			}
			sum = sum.Add(w)
		}
		switch {
		case len(s.Weights) == 0:
			c.list.Add(path+".weights", diag.Missing, "missing weights")
			ok = false
		case n > 0 && len(s.Weights) != n:
			c.list.Add(path+".weights", diag.InvalidValue, "%d weights for a year of %d %s: give one weight per %s", len(s.Weights), n, plural(s.Period), s.Period)
			ok = false
		case good && !sum.Equal(one):
			c.list.Add(path+".weights", diag.InvalidValue, "the weights add up to %s, not 1", sum)
			ok = false
		}
		if ok && good {
			cp := *s
			cp.Weights = slices.Clone(s.Weights)
			c.seas[s.ID] = &cp
		}
	}
}

func (c *compiler) rampSchedules() {
	c.ramps = map[string][]decimal.Decimal{}
	first := map[string]int{}
	for i, r := range c.sec.Ramps {
		path := fmt.Sprintf("ramps[%d]", i)
		ok := c.id(path, "ramp", "ramps", r.ID, first, i)
		if len(r.Shares) == 0 {
			c.list.Add(path+".shares", diag.Missing, "missing shares: the quota share for each month of tenure, such as [0, 0.5, 1]")
			ok = false
		}
		for j, s := range r.Shares {
			sp := fmt.Sprintf("%s.shares[%d]", path, j)
			if !c.number(sp, "share", s, maxScale) {
				ok = false
				continue
			}
			if s.Sign() < 0 || s.GreaterThan(one) {
				c.list.Add(sp, diag.InvalidValue, "share %s is not between 0 and 1", s)
				ok = false
			}
		}
		if ok {
			c.ramps[r.ID] = slices.Clone(r.Shares)
		}
	}
}

// id checks the id of a seasonality or ramp, and that it is not taken.
func (c *compiler) id(path, what, section, id string, first map[string]int, i int) bool {
	if id == "" {
		c.list.Add(path+".id", diag.Missing, "missing %s id", what)
		return false
	}
	if j, dup := first[id]; dup {
		c.list.Add(path+".id", diag.DuplicateID, "%s %s is defined twice (first at %s[%d])", what, clip(id), section, j)
		return false
	}
	first[id] = i
	return true
}

// number checks that d is a reasonable number: below 10^15, with at most
// scale decimal places.
func (c *compiler) number(path, what string, d decimal.Decimal, scale int32) bool {
	switch {
	case !inRange(d):
		c.list.Add(path, diag.InvalidValue, "%s %s is out of range: it must be below 10^%d", what, clipNum(d), maxExponent)
	case !d.Equal(d.Truncate(scale)):
		c.list.Add(path, diag.InvalidValue, "%s %s has more than %d decimal places", what, d, scale)
	default:
		return true
	}
	return false
}

// inRange reports whether d is below 10^maxExponent in absolute value and
// has at most 60 decimal places. It looks at the exponent before doing any
// arithmetic, so a value such as 1e-999999999 costs nothing.
func inRange(d decimal.Decimal) bool {
	e := d.Exponent()
	if e > maxExponent || e < -60 {
		return false
	}
	return d.NumDigits()+int(e) <= maxExponent
}

func clipNum(d decimal.Decimal) string {
	if e := d.Exponent(); e > 100 || e < -100 || d.NumDigits() > 40 {
		return "(a number of more than 40 digits)"
	}
	return clip(d.String())
}

// quota checks quotas[i] and returns its version, or nil when it is too
// broken to use.
func (c *compiler) quota(i int, q Quota) *version {
	path := fmt.Sprintf("quotas[%d]", i)
	ok := true
	bad := func(field string, code diag.Code, format string, args ...any) *diag.Problem {
		ok = false
		return c.list.Add(path+"."+field, code, format, args...)
	}
	v := &version{index: i}

	// Owner.
	if q.Owner == "" {
		bad("owner", diag.Missing, "missing owner: write it kind:id, such as member:ana or team:emea")
	} else if kind, id, err := ParseOwner(q.Owner); err != nil {
		p := bad("owner", diag.InvalidValue, "%s", err)
		if k, _, found := strings.Cut(q.Owner, ":"); found {
			p.Hint = diag.DidYouMean(k, kinds)
		}
	} else if !c.b.ids[kind][id] {
		p := bad("owner", diag.UnknownRef, "unknown %s %s", kind, clip(id))
		p.Hint = diag.DidYouMean(id, slices.Sorted(maps.Keys(c.b.ids[kind])))
	} else {
		v.key.kind, v.key.id = kind, id
	}

	// Measure.
	v.key.measure = q.Measure
	if q.Measure == "" {
		bad("measure", diag.Missing, "missing measure, such as bookings")
	} else if c.b.measures != nil && !c.b.measures[q.Measure] {
		p := bad("measure", diag.UnknownRef, "unknown measure %s", clip(q.Measure))
		p.Hint = diag.DidYouMean(q.Measure, c.env.Measures)
	}
	places := c.b.placesOf(q.Measure)

	// Period and From.
	if q.Period == "" {
		bad("period", diag.Missing, "missing period, such as FY2027 or FY2027-Q1")
	} else if p, err := c.env.Calendar.Parse(q.Period); err != nil {
		bad("period", diag.InvalidPeriod, "%s", err)
	} else {
		v.period = p
		v.from, v.to = p.Start, p.End
		switch {
		case q.From.IsZero():
		case !q.From.Valid():
			bad("from", diag.InvalidValue, "from %s is not a real day", q.From)
		case q.From.Before(p.Start):
			bad("from", diag.DateOrder, "from %s is before %s starts (%s)", q.From, p.ID, p.Start)
		case q.From.After(p.End):
			bad("from", diag.DateOrder, "from %s is after %s ends (%s)", q.From, p.ID, p.End)
		default:
			v.from = q.From
		}
	}

	// Amounts.
	amount := func(field string, d decimal.Decimal) bool {
		what := field
		switch {
		case !inRange(d):
			bad(field, diag.InvalidValue, "%s %s is out of range: it must be below 10^%d", what, clipNum(d), maxExponent)
		case !d.Equal(d.Truncate(places)):
			bad(field, diag.InvalidValue, "%s %s has more decimal places than %s", what, d, unitName(places))
		case d.Sign() < 0 && !c.sec.AllowNegative:
			bad(field, diag.InvalidValue, "%s %s is negative (set allow_negative: true to accept negative targets)", what, d)
		default:
			return true
		}
		return false
	}
	amountOK := amount("amount", q.Amount)
	if !q.Stretch.IsZero() {
		v.stretch = true
		if amount("stretch", q.Stretch) && amountOK && q.Amount.Sign() >= 0 && q.Stretch.LessThan(q.Amount) {
			bad("stretch", diag.InvalidValue, "stretch %s is below the target %s", q.Stretch, q.Amount)
		}
	}

	// Seasonality.
	var seas *Seasonality
	if q.Seasonality != "" {
		s, found := c.seas[q.Seasonality]
		switch {
		case !found && !c.defined(q.Seasonality):
			p := bad("seasonality", diag.UnknownRef, "unknown seasonality %s", clip(q.Seasonality))
			p.Hint = diag.DidYouMean(q.Seasonality, c.seasonalityIDs())
		case !found:
			ok = false // the seasonality itself is reported
		case v.period.Kind != 0 && s.Period <= v.period.Kind:
			bad("seasonality", diag.InvalidValue, "seasonality %s spreads a target over %s; it cannot spread a target for %s", s.ID, plural(s.Period), v.period.ID)
		default:
			seas = s
		}
	}

	// Ramp and hire date.
	if q.Ramp != "" {
		r, found := c.ramps[q.Ramp]
		switch {
		case !found && !slices.ContainsFunc(c.sec.Ramps, func(r Ramp) bool { return r.ID == q.Ramp }):
			p := bad("ramp", diag.UnknownRef, "unknown ramp %s", clip(q.Ramp))
			p.Hint = diag.DidYouMean(q.Ramp, c.rampIDs())
		case !found:
			ok = false
		case v.key.kind == Team || v.key.kind == Territory || v.key.kind == Channel:
			if q.Allocate == nil {
				bad("ramp", diag.InvalidValue, "a ramp applies to members: set it on a member or role target, or allocate the %s target to its members", v.key.kind)
			}
			v.ramp = r
		default:
			v.ramp = r
		}
	}
	if !q.Hired.IsZero() {
		switch {
		case !q.Hired.Valid():
			bad("hired", diag.InvalidValue, "hired %s is not a real day", q.Hired)
		case q.Ramp == "":
			bad("hired", diag.InvalidValue, "hired only matters with a ramp: add one, or drop hired")
		case v.key.kind != "" && v.key.kind != Member:
			bad("hired", diag.InvalidValue, "hired applies to a member target; for a %s each member's tenure starts on their first day", v.key.kind)
		default:
			v.hired = q.Hired
		}
	}

	// Allocation.
	if a := q.Allocate; a != nil {
		if v.key.kind == Member || v.key.kind == Role {
			bad("allocate", diag.InvalidValue, "only a team, territory or channel target can be allocated to members")
		}
		v.alloc = c.allocation(path+".allocate", a, &ok)
	}

	// Of.
	if q.Of != "" {
		c.of(q, v, bad)
	}

	if !ok {
		return nil
	}
	if v.of {
		return v
	}
	v.buckets, ok = c.buckets(path, v.period, seas, q.Amount, q.Stretch, v.stretch, c.b.quotaPlaces(q.Measure))
	if !ok {
		return nil
	}
	v.amount, v.stretchAmt, v.seas = q.Amount, q.Stretch, seas
	return v
}

// of checks a target whose amount comes from elsewhere (Quota.Of) and
// marks v; bad reports a problem of a field of the quota.
func (c *compiler) of(q Quota, v *version, bad func(string, diag.Code, string, ...any) *diag.Problem) {
	if q.Of != ManagedTeam {
		p := bad("of", diag.InvalidValue, "unknown of %q: want managed_team", clip(q.Of))
		p.Hint = diag.DidYouMean(q.Of, []string{ManagedTeam})
		return
	}
	ok := true
	drop := func(field, what string) {
		ok = false
		bad(field, diag.InvalidValue, "of: managed_team takes the team's target as it is: drop %s", what)
	}
	if v.key.kind != "" && v.key.kind != Member && v.key.kind != Role {
		ok = false
		bad("of", diag.InvalidValue, "of: managed_team is the quota of a member or role, not of a %s", v.key.kind)
	}
	if !q.Amount.IsZero() {
		drop("amount", "amount (the team's target is the amount)")
	}
	if !q.Stretch.IsZero() {
		drop("stretch", "stretch (the team's stretch applies)")
	}
	if q.Seasonality != "" {
		drop("seasonality", "seasonality (the team's target is spread by its own)")
	}
	if q.Ramp != "" {
		drop("ramp", "ramp")
	}
	if c.b.mgrs == nil {
		ok = false
		bad("of", diag.InvalidValue, "of: managed_team needs to know who manages each team, and the organisation does not say (its Org has no ManagerOf and TeamPath: see targets.TeamManagers)")
	}
	v.of = ok
}

// checkManaged checks each target of the team managed (Quota.Of): every
// member it applies to manages a team on some day it is in force, and
// every team they manage has a target of its own of the measure on the
// days they manage it.
func (c *compiler) checkManaged(vs []*version) {
	for _, v := range vs {
		if !v.of {
			continue
		}
		path := fmt.Sprintf("quotas[%d].of", v.index)
		who := []string{v.key.id}
		if v.key.kind == Role {
			who = sortedKeys(c.b.ids[Member])
		}
		e := c.b.newEval(v.key.measure)
		for _, m := range who {
			held, managed := false, false
			var gap calendar.Date
			var gapTeam string
			for _, d := range c.b.samples(v.from, v.to) {
				if got, _, ok := e.at(m, d); !ok || got != v || !c.b.org.Active(m, d) {
					continue
				}
				held = true
				for _, t := range e.managed(m, d) {
					managed = true
					if find(c.b.owners[key{Team, t, v.key.measure}], d) == nil && gap.IsZero() {
						gap, gapTeam = d, t
					}
				}
			}
			switch {
			case v.key.kind == Member && !managed:
				c.list.Add(path, diag.InvalidValue, "%s manages no team from %s to %s, so the team's target gives them no quota: give them an amount", m, v.from, v.to)
			case v.key.kind == Role && held && !managed:
				c.list.Add(path, diag.InvalidValue, "%s holds role %s but manages no team from %s to %s, so the team's target gives them no quota: give %s a target of their own", m, v.key.id, v.from, v.to, m)
			case !gap.IsZero():
				c.list.Add(path, diag.InvalidValue, "team %s, which %s manages on %s, has no %s target of its own that day: give team:%s a %s target, or %s one of their own", gapTeam, m, gap, v.key.measure, gapTeam, v.key.measure, m)
			}
		}
	}
}

// teamList names teams for a message: team emea, or teams amer, emea.
func teamList(teams []string) string {
	if len(teams) == 1 {
		return "team " + teams[0]
	}
	return "teams " + strings.Join(teams, ", ")
}

func plural(k calendar.Kind) string {
	if k == calendar.Half {
		return "halves"
	}
	return k.String() + "s"
}

func unitName(places int32) string {
	switch places {
	case 0:
		return "whole units"
	case 1:
		return "the minor unit (1 place)"
	}
	return fmt.Sprintf("the minor unit (%d places)", places)
}

// defined reports whether some seasonality has id, valid or not.
func (c *compiler) defined(id string) bool {
	return slices.ContainsFunc(c.sec.Seasonality, func(s Seasonality) bool { return s.ID == id })
}

func (c *compiler) seasonalityIDs() []string {
	var ids []string
	for _, s := range c.sec.Seasonality {
		ids = append(ids, s.ID)
	}
	return ids
}

func (c *compiler) rampIDs() []string {
	var ids []string
	for _, r := range c.sec.Ramps {
		ids = append(ids, r.ID)
	}
	return ids
}

// allocation checks an allocation; the members it goes to are found once
// the version's dates are known, in allocate.
func (c *compiler) allocation(path string, a *Allocation, ok *bool) *allocation {
	out := &allocation{over: one}
	bad := func(field string, code diag.Code, format string, args ...any) *diag.Problem {
		*ok = false
		return c.list.Add(path+field, code, format, args...)
	}
	if !a.OverAssign.IsZero() {
		switch {
		case !c.number(path+".over_assign", "over_assign", a.OverAssign, maxScale):
			*ok = false
		case a.OverAssign.Sign() < 0 || a.OverAssign.GreaterThan(decimal.NewFromInt(10)):
			bad(".over_assign", diag.InvalidValue, "over_assign %s is not between 0 and 10 (1.15 hands out 15%% more than the target)", a.OverAssign)
		default:
			out.over = a.OverAssign
		}
	}
	switch a.By {
	case "":
		out.byWeights = len(a.Weights) > 0
	case "even":
		if len(a.Weights) > 0 {
			bad(".by", diag.InvalidValue, "by even takes no weights: drop them, or write by: weights")
		}
	case "weights":
		out.byWeights = true
		if len(a.Weights) == 0 {
			bad(".weights", diag.Missing, "missing weights: give each member's weight, such as {ana: 2, ben: 1}")
		}
	default:
		p := bad(".by", diag.InvalidValue, "unknown allocation %q: want even or weights", clip(a.By))
		p.Hint = diag.DidYouMean(a.By, []string{"even", "weights"})
	}
	members := slices.Sorted(maps.Keys(a.Weights))
	sum := decimal.Zero
	for _, m := range members {
		w := a.Weights[m]
		wp := path + ".weights." + m
		switch {
		case !c.b.ids[Member][m]:
			p := bad(".weights."+m, diag.UnknownRef, "unknown member %s", clip(m))
			p.Hint = diag.DidYouMean(m, sortedKeys(c.b.ids[Member]))
		case !c.number(wp, "weight", w, maxScale):
			*ok = false
		case w.Sign() < 0:
			bad(".weights."+m, diag.InvalidValue, "weight %s is negative", w)
		default:
			sum = sum.Add(w)
			out.members = append(out.members, m)
			out.weights = append(out.weights, w)
		}
	}
	if *ok && out.byWeights && sum.Sign() == 0 {
		bad(".weights", diag.InvalidValue, "the weights are all zero")
	}
	return out
}

// buckets spreads amount (and stretch) over the parts of p by seas, to
// places by largest remainder, or returns p itself as the one bucket.
func (c *compiler) buckets(path string, p calendar.Period, seas *Seasonality, amount, stretch decimal.Decimal, hasStretch bool, places int32) ([]bucket, bool) {
	if seas == nil {
		return []bucket{{p: p, amount: amount.Rat(), stretch: stretch.Rat(), samples: c.b.samplesIn(p)}}, true
	}
	parts := c.env.Calendar.Sub(p, seas.Period)
	weights := make([]decimal.Decimal, len(parts))
	for i, sp := range parts {
		weights[i] = seas.Weights[sp.Index-1]
	}
	amounts, err := money.Allocate(amount, weights, places)
	if err != nil {
		c.list.Add(path+".seasonality", diag.InvalidValue, "seasonality %s cannot spread %s: its weights for %s are all zero", seas.ID, p.ID, p.ID)
		return nil, false
	}
	stretches := make([]decimal.Decimal, len(parts))
	if hasStretch {
		stretches, _ = money.Allocate(stretch, weights, places)
	}
	out := make([]bucket, len(parts))
	for i, sp := range parts {
		out[i] = bucket{p: sp, amount: amounts[i].Rat(), stretch: stretches[i].Rat(), samples: c.b.samplesIn(sp)}
	}
	return out, true
}

// chain orders the versions of each owner and measure, sets the day each
// stops being in force, and reports versions in force on the same day.
func (c *compiler) chain(vs []*version) {
	byKey := map[key][]*version{}
	for _, v := range vs {
		byKey[v.key] = append(byKey[v.key], v)
	}
	for _, k := range slices.SortedFunc(maps.Keys(byKey), compareKeys) {
		list := byKey[k]
		slices.SortStableFunc(list, func(a, b *version) int {
			if c := strings.Compare(a.period.ID, b.period.ID); c != 0 {
				return c
			}
			return a.from.Compare(b.from)
		})
		var kept []*version
		for i, v := range list {
			if i > 0 && list[i-1].period == v.period {
				prev := list[i-1]
				if prev.from == v.from {
					c.list.Add(fmt.Sprintf("quotas[%d]", v.index), diag.Overlap,
						"%s already has a %s target for %s from %s (quotas[%d]); give the change a later from date",
						k.owner(), k.measure, v.period.ID, v.from, prev.index)
					continue
				}
				prev.to = v.from.AddDays(-1)
			}
			kept = append(kept, v)
		}
		// Versions of different periods (a year and one of its quarters)
		// must not be in force on the same day.
		for i, v := range kept {
			for _, w := range kept[:i] {
				if w.period != v.period && !v.from.After(w.to) && !w.from.After(v.to) {
					c.list.Add(fmt.Sprintf("quotas[%d]", v.index), diag.Overlap,
						"%s has %s targets for both %s (quotas[%d]) and %s in force on %s: give a target for the year or for its parts, not both",
						k.owner(), k.measure, w.period.ID, w.index, v.period.ID, laterOf(v.from, w.from))
					break
				}
			}
		}
		c.b.owners[k] = kept
	}
}

func laterOf(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}

// allocate hands an allocated version down to its members as parts.
func (c *compiler) allocate(v *version) {
	path := fmt.Sprintf("quotas[%d].allocate", v.index)
	a := v.alloc
	members, weights := a.members, a.weights
	if a.byWeights {
		// a part given to a member who never belongs to the owner while
		// the target is in force would never count
		missing := map[string]bool{}
		for _, m := range members {
			missing[m] = true
		}
		for d := v.from; len(missing) > 0 && !d.After(v.to); d = d.AddDays(1) {
			for _, m := range c.b.group(v.key.kind, v.key.id, d) {
				delete(missing, m)
			}
		}
		for _, m := range sortedKeys(missing) {
			c.list.Add(path+".weights."+m, diag.InvalidValue, "%s is never in %s from %s to %s, so its part of the target would be lost", m, v.key.owner(), v.from, v.to)
		}
		// as an even split, weights go to members who manage no team on
		// the day the target takes effect: a manager's part would not
		// show in the owner's roll-up, which leaves managers out
		e := c.b.newEval(v.key.measure)
		for _, m := range members {
			if teams := e.managed(m, v.from); len(teams) > 0 {
				c.list.Add(path+".weights."+m, diag.InvalidValue, "%s manages %s on %s, and a manager's quota is their team's number, not a part of %s's: leave them out of the weights (their quota can be of: managed_team)", m, teamList(teams), v.from, v.key.owner())
			}
		}
	} else {
		// an even split goes to the members who manage no team that day
		e := c.b.newEval(v.key.measure)
		for _, m := range c.b.group(v.key.kind, v.key.id, v.from) {
			if !e.manages(m, v.from) {
				members = append(members, m)
			}
		}
		weights = make([]decimal.Decimal, len(members))
		for i := range weights {
			weights[i] = one
		}
		if len(members) == 0 {
			c.list.Add(path, diag.InvalidValue, "%s has no members on %s to allocate its target to (a manager takes no part): list them under weights", v.key.owner(), v.from)
			return
		}
	}
	places := c.b.quotaPlaces(v.key.measure)
	total := c.b.rounding.Round(v.amount.Mul(a.over), places)
	amounts, err := money.Allocate(total, weights, places)
	if err != nil {
		c.list.Add(path, diag.InvalidValue, "cannot allocate %s: %s", v.key.owner(), err)
		return
	}
	stretches := make([]decimal.Decimal, len(members))
	if v.stretch {
		stretches, _ = money.Allocate(c.b.rounding.Round(v.stretchAmt.Mul(a.over), places), weights, places)
	}
	for i, m := range members {
		bs, _ := c.buckets(path, v.period, v.seas, amounts[i], stretches[i], v.stretch, places)
		part := c.part(v, m, bs)
		c.b.parts[part.key] = append(c.b.parts[part.key], part)
	}
}

// part is member m's part of the allocated version v, spread into bs.
func (c *compiler) part(v *version, m string, bs []bucket) *version {
	return &version{
		index:   v.index,
		key:     key{kind: Member, id: m, measure: v.key.measure},
		period:  v.period,
		from:    v.from,
		to:      v.to,
		buckets: bs,
		stretch: v.stretch,
		ramp:    v.ramp,
		group:   &key{kind: v.key.kind, id: v.key.id},
	}
}

// checkParts reports a member who would get a part of two allocated
// targets of one measure on the same day.
func (c *compiler) checkParts() {
	for _, k := range slices.SortedFunc(maps.Keys(c.b.parts), compareKeys) {
		ps := c.b.parts[k]
		slices.SortStableFunc(ps, func(a, b *version) int { return a.index - b.index })
	next:
		for i, p := range ps {
			for _, q := range ps[:i] {
				if *p.group == *q.group {
					continue
				}
				for d := laterOf(p.from, q.from); !d.After(p.to) && !d.After(q.to); d = d.AddDays(1) {
					own := find(c.b.owners[key{Member, k.id, k.measure}], d) != nil
					if !own && c.b.inGroup(p.group, k.id, d) && c.b.inGroup(q.group, k.id, d) {
						c.list.Add(fmt.Sprintf("quotas[%d].allocate", p.index), diag.Overlap,
							"%s would get a part of both the %s (quotas[%d]) and the %s %s targets on %s: give %s a target of their own, or allocate by weights",
							k.id, q.group.owner(), q.index, p.group.owner(), k.measure, d, k.id)
						continue next
					}
				}
			}
		}
	}
}

func compareKeys(a, b key) int {
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	if c := strings.Compare(a.id, b.id); c != 0 {
		return c
	}
	return strings.Compare(a.measure, b.measure)
}
