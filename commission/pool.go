package commission

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/rules"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// PoolDef makes a component a team pool: an amount the team earns as a
// whole ("the EMEA team gets 5,000 if the team reaches 110%"), shared on
// the period's last day among the team's members who hold the plan then.
//
//	components:
//	  - id: emea-team-spif
//	    pool:
//	      team: emea
//	      gate: team.attainment.bookings >= 1.10
//	      amount: "5000"
//	      distribute: measure.bookings
//
// Its rules read the team's numbers, not a member's: team.measure.<id>,
// team.quota.<id> and team.attainment.<id>, team.id and team.members
// (how many share the pool), with period and params. A team's measure
// is what its members (with the teams below it) were credited as deal
// owners and split partners, on the days they were in the team: roll-up
// and overlay credit is credit given on top of the deal, and is not
// counted again. Its quota is the team's target in the targets section
// (its own, or the roll-up of its members' quotas). The pool is in the
// plan's currency, the team's measures converted to it as each member's
// would be.
//
// Who shares: the members of the team (Include) on the period's last
// day whose plan in force that day is the pool's plan. Someone who left
// the team before the last day shares nothing, though what they sold
// counts towards the team's measure; someone who joined on the last day
// shares in full (a pool is not prorated). Each member's share is a line
// of their statement ([PoolLine], with its numbers in [PoolShare]),
// allocated to the cent by largest remainder so that the shares add up
// to the pool exactly, equal remainders going to the member whose id
// sorts first. Plan caps and cap groups apply to the lines as to any
// other.
//
// When the gate is false each member who would share the pool has a
// gate line that says why. A member whose weight is zero (no bookings,
// no target incentive) has a line of 0.00 that says so; when every
// weight is zero the pool is not paid, and each member's line says why.
// When the gate is open and the pool is above zero but nobody holds the
// plan in the team on the last day, the result's notes say so
// ([Result.Notes]). A negative pool is an error of the run that names
// the component and the team. A plan on a yearly horizon has no pools.
type PoolDef struct {
	// Team is the id of the team whose numbers decide the pool and whose
	// members share it.
	Team string `yaml:"team" json:"team"`
	// Include says who of the team shares: tree (the default: its members
	// and the members of the teams below it) or members (its own members
	// only). The team's numbers always count the whole tree.
	Include string `yaml:"include" json:"include,omitempty"`
	// Gate is a condition over the team's numbers: when it is false the
	// pool is not paid, and the statements say so.
	//
	//	gate: team.attainment.bookings >= 1.10
	Gate string `yaml:"gate" json:"gate,omitempty"`
	// Amount is the pool, an expression over the team's numbers (a number
	// is one too), rounded to the plan currency's minor unit:
	//
	//	amount: "5000"
	//	amount: 0.005 * team.measure.bookings
	Amount string `yaml:"amount" json:"amount"`
	// Distribute says how the pool is shared: equal (the default, one
	// share each), measure.<id> (by what each member contributed to the
	// team's measure in the period; below zero counts as zero) or
	// target_incentive (by each member's payee.target_incentive for the
	// part of the period they hold the plan: TI × days held ÷ days of the
	// period; a member with no terms on those days is an error).
	Distribute string `yaml:"distribute" json:"distribute,omitempty"`
}

// The values of [PoolDef.Include].
const (
	PoolTree    = "tree"
	PoolMembers = "members"
)

// The values of [PoolDef.Distribute] other than measure.<id>.
const (
	DistributeEqual           = "equal"
	DistributeTargetIncentive = "target_incentive"
)

// PoolLine is the line of a member's share of a team pool.
const PoolLine LineKind = "pool"

// Teams is what a pool needs to know of the organisation beyond [Org]:
// the teams there are and who is in one on a day. *strategy.Org
// implements it; an [Org] that does not cannot have plans with pools.
type Teams interface {
	// TeamIDs returns every team's id, sorted.
	TeamIDs() []string
	// Members returns the members in team on d, sorted; with sub set,
	// also those of the teams below it.
	Members(team string, d calendar.Date, sub bool) []string
}

// Targets gives the target of an owner other than a member: a team's,
// with kind "team", for the team.quota and team.attainment a pool reads.
// *targets.Book implements it. The quotas of a run ([Config.Quotas],
// [WithQuotas]) are asked for it when a pool reads a team's quota.
type Targets interface {
	TargetOf(kind, id, measure string, p calendar.Period) (amount decimal.Decimal, ok bool, err error)
}

// PoolShare is how a member's share of a team pool was worked out: the
// numbers of a [PoolLine]'s explanation, kept as numbers. The line's
// Base is the pool and its Rate the member's share of it (Weight ÷
// TotalWeight); its Amount is that share allocated to the cent.
type PoolShare struct {
	// Team is the id of the team.
	Team string `json:"team"`
	// Pool is the whole pool, rounded to the currency.
	Pool decimal.Decimal `json:"pool"`
	// Distribute is how it was shared: equal, target_incentive or
	// measure.<id>.
	Distribute string `json:"distribute"`
	// Members is how many members shared it.
	Members int `json:"members"`
	// Weight is the member's weight (1 for equal shares), TotalWeight
	// the sum of every sharing member's.
	Weight      decimal.Decimal `json:"weight"`
	TotalWeight decimal.Decimal `json:"total_weight"`
}

// pool is a compiled pool.
type pool struct {
	def     PoolDef
	tree    bool
	gate    *rules.Rule[poolEnv]
	amount  *rules.Rule[poolEnv]
	measure int    // the measure shared by, -1 for none
	by      string // equal, target_incentive or measure
	// quotas are the measures whose team quota the rules read (as
	// team.quota or team.attainment); attain those whose attainment.
	quotas, attain []string
}

// teamView is a team as a pool's rules read it.
type teamView struct {
	ID         string                     `expr:"id"`
	Members    int                        `expr:"members"`
	Measure    map[string]decimal.Decimal `expr:"measure"`
	Quota      map[string]decimal.Decimal `expr:"quota"`
	Attainment map[string]decimal.Decimal `expr:"attainment"`
}

// poolEnv is the environment of a pool's rules.
type poolEnv struct {
	Team   teamView                   `expr:"team"`
	Period periodView                 `expr:"period"`
	Plan   planView                   `expr:"plan"`
	Params map[string]decimal.Decimal `expr:"params"`
}

var (
	// teamRefRE finds the team numbers a pool's rule reads.
	teamRefRE = regexp.MustCompile(`\bteam\.(measure|quota|attainment)\.([A-Za-z_][A-Za-z0-9_\-]*)`)
	// bareRefRE finds a member's numbers in a pool's rule: measure.x not
	// after "team.", or payee.
	bareRefRE = regexp.MustCompile(`(^|[^.\w])((measure|attainment|quota)\.[A-Za-z_]\w*|payee\.\w+|component\.\w+|score\.\w+)`)
)

// poolComponent compiles a component whose pool is set.
func (c *compiler) poolComponent(path string, p *plan, cd ComponentDef, params map[string]bool) *component {
	comp := &component{def: cd, plan: p, per: PerPeriod, measure: -1}
	pd := *cd.Pool // a copy: the engine's is its own
	comp.def.Pool = &pd
	pp := path + ".pool"
	switch cd.Per {
	case "", PerPeriod:
	default:
		c.list.Add(path+".per", diag.InvalidValue, "a pool is shared once per period: leave per out, or write per: period")
	}
	var extra []string
	for _, f := range []struct {
		key string
		set bool
	}{
		{"kinds", len(cd.Kinds) > 0}, {"window", !cd.Window.From.IsZero() || !cd.Window.To.IsZero()}, {"when", cd.When != ""},
		{"gate", cd.Gate != ""}, {"measure", cd.Measure != ""}, {"base", cd.Base != ""}, {"rate", cd.Rate != ""},
		{"table", cd.Table != ""}, {"key", cd.Key != ""}, {"scope", cd.Scope != ""}, {"retroactive", cd.Retroactive},
		{"amount", cd.Amount != ""}, {"multiplier", cd.Multiplier != ""}, {"min", cd.MinRule != "" || cd.Min != nil},
		{"cap_per_deal", cd.CapPerDealRule != "" || cd.CapPerDeal != nil}, {"cap", cd.CapRule != "" || cd.Cap != nil},
		{"weight", cd.Weight != nil}, {"missing_score", cd.MissingScore != ""}, {"release", len(cd.Release) > 0},
		{"hold_until_paid", cd.HoldUntilPaid}, {"hold_days", cd.HoldDays != 0},
	} {
		if f.set {
			extra = append(extra, f.key)
		}
	}
	if len(extra) > 0 {
		pr := c.list.Add(path, diag.InvalidValue, "a pool component is worked out by its pool: leave out %s", strings.Join(extra, ", "))
		pr.Hint = "write the pool's gate and amount under pool:, over the team's numbers (team.attainment.<measure>); cap the pool in its amount, with min()"
	}
	if p.yearly {
		c.list.Add(pp, diag.InvalidValue, "a pool is shared per period: plan %s runs on a yearly horizon, which has no pools", p.id)
	}
	pl := &pool{def: pd, tree: true, measure: -1, by: DistributeEqual}
	teams, ok := c.e.cfg.Org.(Teams)
	switch {
	case pd.Team == "":
		c.list.Add(pp+".team", diag.Missing, "missing team: the id of the team whose numbers decide the pool and whose members share it")
	case !ok:
		c.list.Add(pp+".team", diag.InvalidValue, "a pool needs an organisation that knows its teams' members, and Config.Org does not implement commission.Teams")
	case !slices.Contains(teams.TeamIDs(), pd.Team):
		pr := c.list.Add(pp+".team", diag.UnknownRef, "unknown team %q", pd.Team)
		pr.Hint = diag.DidYouMean(pd.Team, teams.TeamIDs())
	}
	switch pd.Include {
	case "", PoolTree:
	case PoolMembers:
		pl.tree = false
	default:
		pr := c.list.Add(pp+".include", diag.InvalidValue, "unknown include %q: want tree (the team and the teams below it) or members (the team's own members)", pd.Include)
		pr.Hint = diag.DidYouMean(pd.Include, []string{PoolTree, PoolMembers})
	}
	switch d := pd.Distribute; {
	case d == "" || d == DistributeEqual:
	case d == DistributeTargetIncentive:
		pl.by = DistributeTargetIncentive
	case strings.HasPrefix(d, "measure."):
		id := strings.TrimPrefix(d, "measure.")
		if i, ok := c.e.mindex[id]; ok {
			pl.measure, pl.by = i, "measure"
		} else {
			pr := c.list.Add(pp+".distribute", diag.UnknownRef, "unknown measure %q", id)
			pr.Hint = diag.DidYouMean(id, c.e.measureIDs())
		}
	default:
		pr := c.list.Add(pp+".distribute", diag.InvalidValue, "unknown distribute %q: want equal, target_incentive or measure.<id>", d)
		pr.Hint = diag.DidYouMean(d, append([]string{DistributeEqual, DistributeTargetIncentive}, prefixed("measure.", c.e.measureIDs())...))
	}
	if pd.Amount == "" {
		c.list.Add(pp+".amount", diag.Missing, "missing amount: the pool, such as \"5000\" or 0.005 * team.measure.bookings")
	}
	for _, x := range []struct{ key, src string }{{"gate", pd.Gate}, {"amount", pd.Amount}} {
		if x.src == "" {
			continue
		}
		if m := bareRefRE.FindStringSubmatchIndex(x.src); m != nil {
			ref := x.src[m[4]:m[5]]
			pr := c.list.Add(pp+"."+x.key, diag.Expression, "%s: a pool's rules read the team's numbers, not a member's", ref)
			pr.Hint = "write team." + ref + " (team.measure, team.quota, team.attainment), or leave it out"
			if strings.HasPrefix(ref, "payee.") || strings.HasPrefix(ref, "component.") || strings.HasPrefix(ref, "score.") {
				pr.Hint = "a pool's rules see team, period, plan and params"
			}
			pr.Inner = innerPos(x.src, m[4])
			continue
		}
		c.checkRefs(pp+"."+x.key, x.src, params) // measure and param names
		for _, m := range teamRefRE.FindAllStringSubmatch(x.src, -1) {
			if _, ok := c.e.mindex[m[2]]; !ok {
				continue // reported by checkRefs
			}
			if m[1] != "measure" && !slices.Contains(pl.quotas, m[2]) {
				pl.quotas = append(pl.quotas, m[2])
			}
			if m[1] == "attainment" && !slices.Contains(pl.attain, m[2]) {
				pl.attain = append(pl.attain, m[2])
			}
		}
	}
	slices.Sort(pl.quotas)
	slices.Sort(pl.attain)
	pl.gate = compileRule[poolEnv](c, pp+".gate", pd.Gate, rules.Bool)
	pl.amount = compileRule[poolEnv](c, pp+".amount", pd.Amount, rules.Decimal)
	comp.pool = pl
	return comp
}

func prefixed(pfx string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = pfx + id
	}
	return out
}

// poolRun holds what a run worked out of its pools before the
// statements: the line of each member who shares a pool, and the notes
// of pools nobody shares.
type poolRun struct {
	lines map[*component]map[string]Line
	notes []string
}

// poolLine appends payee's line of pool component c, in the span that
// holds the period's last day.
func (ps *payeeState) poolLine(c *component, s span) {
	if s.to != ps.r.period.End {
		return
	}
	if l, ok := ps.r.pool.lines[c][ps.payee]; ok {
		ps.lines = append(ps.lines, l)
	}
}

// pools works out every pool of the period, before the statements are
// made, and reports its problems to list.
func (r *run) pools(list *diag.List) {
	for _, p := range r.e.plans {
		for _, c := range p.comps {
			if c.pool == nil {
				continue
			}
			if err := r.sharePool(p, c); err != nil {
				list.Append("", diag.InvalidInput, err)
			}
		}
	}
}

// teamNumbers are a team's measures over the period, and what each
// member contributed to them.
type teamNumbers struct {
	totals []decimal.Decimal
	by     map[string][]decimal.Decimal
}

// teamNumbers measures team (with the teams below it) in plan p's
// currency: the owner and split credits of the members who were in it on
// each credit's date.
func (r *run) teamNumbers(p *plan, team string) (teamNumbers, error) {
	teams := r.e.cfg.Org.(Teams)
	in := map[calendar.Date][]string{}
	inTeam := func(m string, d calendar.Date) bool {
		ms, ok := in[d]
		if !ok {
			ms = teams.Members(team, d, true)
			in[d] = ms
		}
		_, found := slices.BinarySearch(ms, m)
		return found
	}
	seen := map[string]bool{}
	var who []string
	for _, c := range r.credits.all {
		if k := kinds[c.kind]; k == Direct || k == SplitCredit {
			if p := r.payeeOf(c); !seen[p] && inTeam(p, r.deals[c.deal].Date) {
				seen[p] = true
				who = append(who, p)
			}
		}
	}
	slices.Sort(who)
	tn := teamNumbers{totals: make([]decimal.Decimal, len(r.e.measures)), by: map[string][]decimal.Decimal{}}
	whole := []span{{plan: p, from: r.period.Start, to: r.period.End}}
	for _, m := range who {
		ps := r.poolState(m, p)
		if err := ps.measure(whole); err != nil {
			return tn, err
		}
		own := make([]decimal.Decimal, len(r.e.measures))
		for k := range ps.credits {
			c := &ps.credits[k]
			if ps.values[k] == nil || (c.Kind != Direct && c.Kind != SplitCredit) || !inTeam(m, c.Date) {
				continue
			}
			for j, v := range ps.values[k] {
				own[j] = own[j].Add(v)
			}
		}
		for j := range own {
			tn.totals[j] = tn.totals[j].Add(own[j])
		}
		tn.by[m] = own
	}
	return tn, nil
}

// poolState is a payee's state for measuring them, or reading their
// terms, in plan p's currency.
func (r *run) poolState(payee string, p *plan) *payeeState {
	ps := &payeeState{r: r, payee: payee, currency: p.currency, twinOf: -1}
	ps.view = r.periodView()
	return ps
}

// sharers returns the members of the pool's team on the period's last
// day whose plan that day is p, sorted, with the spans of p of each.
func (r *run) sharers(p *plan, pl *pool) ([]string, map[string][]span) {
	teams := r.e.cfg.Org.(Teams)
	var out []string
	spans := map[string][]span{}
	for _, m := range teams.Members(pl.def.Team, r.period.End, pl.tree) {
		ss, err := r.spans(m)
		if err != nil || len(ss) == 0 || ss[len(ss)-1].plan != p || ss[len(ss)-1].to != r.period.End {
			continue // a plan tie is the statement's error
		}
		out = append(out, m)
		for _, s := range ss {
			if s.plan == p {
				spans[m] = append(spans[m], s)
			}
		}
	}
	return out, spans
}

// sharePool works out pool component c of plan p: the team's numbers,
// the gate, the amount, and each sharing member's line.
func (r *run) sharePool(p *plan, c *component) error {
	pl := c.pool
	team := pl.def.Team
	what := fmt.Sprintf("plan %s, pool %s of team %s", p.id, c.def.ID, team)
	tn, err := r.teamNumbers(p, team)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	who, spans := r.sharers(p, pl)
	env := poolEnv{Period: r.periodView(),
		Plan: planView{ID: p.id, Days: r.period.Days(), Share: one}, Params: p.params}
	env.Team = teamView{ID: team, Members: len(who), Measure: map[string]decimal.Decimal{}, Quota: map[string]decimal.Decimal{}, Attainment: map[string]decimal.Decimal{}}
	for j, m := range r.e.measures {
		env.Team.Measure[m.id] = tn.totals[j]
	}
	for _, m := range pl.quotas {
		var q decimal.Decimal
		ok := false
		if t, isT := r.quotas.(Targets); isT {
			if q, ok, err = t.TargetOf("team", team, m, r.period); err != nil {
				return fmt.Errorf("%s: target of %s: %w", what, m, err)
			}
		} else if slices.Contains(pl.attain, m) && !p.zeroQuota {
			return fmt.Errorf("%s: the run's quotas give no team targets (commission.Targets), and the pool reads team.attainment.%s", what, m)
		}
		env.Team.Quota[m] = q
		if slices.Contains(pl.attain, m) {
			if (!ok || q.IsZero()) && !p.zeroQuota {
				have := "no target"
				if ok {
					have = "a target of zero"
				}
				return fmt.Errorf("%s: team %s has %s for %s in %s, and the pool reads team.attainment.%s (give the team a target, or set zero_quota: zero in the plan)", what, team, have, m, r.period.ID, m)
			}
			if !q.IsZero() {
				env.Team.Attainment[m] = tn.totals[r.e.mindex[m]].DivRound(q, divPrecision)
			}
		}
	}
	lines := map[string]Line{}
	r.pool.set(c, lines)
	base := Line{Plan: p.id, Component: c.def.ID, Kind: PoolLine, Currency: p.currency, PayrollCode: c.def.PayrollCode}
	head := "team " + team + ": "
	if pl.gate != nil {
		open, err := pl.gate.Bool(&env)
		if err != nil {
			return fmt.Errorf("%s: gate: %w", what, err)
		}
		if !open {
			l := base
			l.Kind, l.Amount = GateLine, decimal.Zero
			if r.trace {
				l.SetExplanation("gate closed: " + oneLine(pl.def.Gate) + " is false" + r.whereTeam(pl.def.Gate, &env))
			}
			for _, m := range who {
				l.Pool = &PoolShare{Team: team, Distribute: pl.distribute(), Members: len(who)}
				lines[m] = l
			}
			return nil
		}
		head += oneLine(pl.def.Gate) + r.whereTeam(pl.def.Gate, &env) + "; "
	}
	amt, err := pl.amount.Decimal(&env)
	if err != nil {
		return fmt.Errorf("%s: amount: %w", what, err)
	}
	if amt.Sign() < 0 {
		return fmt.Errorf("%s: the pool %s is %s, below zero%s", what, oneLine(pl.def.Amount), formatAmount(amt), r.whereTeam(pl.def.Amount, &env))
	}
	total := p.rounding.Round(amt, p.places)
	head += "pool " + oneLine(pl.def.Amount) + r.whereTeam(pl.def.Amount, &env) + " = " + formatAmount(total)
	if len(who) == 0 {
		if total.Sign() > 0 {
			r.pool.notes = append(r.pool.notes, fmt.Sprintf("%s: the pool of %s %s is not paid: no member of team %s on %s holds plan %s",
				what, formatAmount(total), p.currency, team, r.period.End, p.id))
		}
		return nil
	}
	weights := make([]decimal.Decimal, len(who))
	sum := decimal.Zero
	for i, m := range who {
		w, err := r.poolWeight(p, pl, m, spans[m], tn)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		weights[i] = w
		sum = sum.Add(w)
	}
	if sum.IsZero() {
		l := base
		l.Base = total
		if r.trace {
			l.SetExplanation(head + ", not paid: no member who shares it has " + pl.weightWords(r.e) + " (" + nMembers(len(who)) + ", each 0)")
		}
		for _, m := range who {
			l.Pool = &PoolShare{Team: team, Pool: total, Distribute: pl.distribute(), Members: len(who), TotalWeight: sum}
			lines[m] = l
		}
		return nil
	}
	parts, err := money.Allocate(total, weights, p.places)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for i, m := range who {
		l := base
		l.Base, l.Amount = total, parts[i]
		l.Rate = weights[i].DivRound(sum, divPrecision)
		l.Pool = &PoolShare{Team: team, Pool: total, Distribute: pl.distribute(), Members: len(who), Weight: weights[i], TotalWeight: sum}
		if r.trace {
			l.SetExplanation(head + "; " + pl.shareText(r.e, l.Pool, parts[i]))
		}
		lines[m] = l
	}
	return nil
}

// set records the lines of pool component c.
func (pr *poolRun) set(c *component, lines map[string]Line) {
	if pr.lines == nil {
		pr.lines = map[*component]map[string]Line{}
	}
	pr.lines[c] = lines
}

// poolWeight returns member m's weight in pool pl.
func (r *run) poolWeight(p *plan, pl *pool, m string, spans []span, tn teamNumbers) (decimal.Decimal, error) {
	switch pl.by {
	case "measure":
		w := decimal.Zero
		if own := tn.by[m]; own != nil {
			w = own[pl.measure]
		}
		return decimal.Max(w, decimal.Zero), nil
	case DistributeTargetIncentive:
		ps := r.poolState(m, p)
		v, err := ps.termsOver(spans)
		if err != nil {
			return decimal.Zero, err
		}
		if v.days == 0 {
			return decimal.Zero, fmt.Errorf("payee %s has no compensation terms on the days plan %s is in force in %s, and the pool is shared by target incentive: give the member's terms in the document or a terms file", m, p.id, r.period.ID)
		}
		if v.currency != "" && v.currency != p.currency {
			return decimal.Zero, fmt.Errorf("payee %s: the compensation terms are in %s and plan %s pays in %s: give the terms in %s", m, v.currency, p.id, p.currency, p.currency)
		}
		days := 0
		for _, s := range spans {
			days += s.days()
		}
		// the period's share of the TI: a member who holds the plan for
		// part of the period weighs that part
		w := v.ti.Mul(decimal.NewFromInt(int64(days))).DivRound(decimal.NewFromInt(int64(r.period.Days())), divPrecision)
		return decimal.Max(w, decimal.Zero), nil
	}
	return one, nil
}

// distribute is how the pool is shared, as [PoolShare] names it.
func (pl *pool) distribute() string {
	if pl.def.Distribute == "" {
		return DistributeEqual
	}
	return pl.def.Distribute
}

// weightWords names what the pool is shared by, for an explanation.
func (pl *pool) weightWords(e *Engine) string {
	switch pl.by {
	case "measure":
		return "any " + e.measures[pl.measure].id
	case DistributeTargetIncentive:
		return "a target incentive"
	}
	return "a share"
}

func nMembers(n int) string {
	if n == 1 {
		return "1 member"
	}
	return fmt.Sprintf("%d members", n)
}

// shareText explains a member's share: "shared equally among 4 members
// = 1,250.00", or "shared by bookings among 3 members: 5,000.00 x
// 300,000.00 / 1,120,000.00 = 1,339.2857142857, to the cent by largest
// remainder = 1,339.29".
func (pl *pool) shareText(e *Engine, sh *PoolShare, part decimal.Decimal) string {
	var b strings.Builder
	switch pl.by {
	case "measure":
		m := e.measures[pl.measure]
		num := formatAmount
		if m.count {
			num = formatNumber
		}
		fmt.Fprintf(&b, "shared by %s among %s: %s x %s / %s", m.id, nMembers(sh.Members), formatAmount(sh.Pool), num(sh.Weight), num(sh.TotalWeight))
	case DistributeTargetIncentive:
		fmt.Fprintf(&b, "shared by target incentive among %s: %s x %s / %s", nMembers(sh.Members), formatAmount(sh.Pool), formatAmount(sh.Weight.Round(10)), formatAmount(sh.TotalWeight.Round(10)))
	default:
		fmt.Fprintf(&b, "shared equally among %s", nMembers(sh.Members))
	}
	exact := sh.Pool.Mul(sh.Weight).DivRound(sh.TotalWeight, divPrecision)
	if !exact.Equal(part) {
		fmt.Fprintf(&b, " = %s, to the cent by largest remainder", formatAmount(exact.Round(10)))
	}
	b.WriteString(" = " + formatAmount(part))
	return b.String()
}

// whereTeam lists the team's numbers an expression reads: "
// (team.attainment.bookings = 1,120,000.00 / 1,000,000.00 = 112.00%)".
func (r *run) whereTeam(src string, env *poolEnv) string {
	var parts []string
	seen := map[string]bool{}
	num := func(id string) func(decimal.Decimal) string {
		if i, ok := r.e.mindex[id]; ok && r.e.measures[i].count {
			return formatNumber
		}
		return formatAmount
	}
	for _, m := range teamRefRE.FindAllStringSubmatch(src, -1) {
		if seen[m[0]] {
			continue
		}
		seen[m[0]] = true
		f := num(m[2])
		switch m[1] {
		case "measure":
			parts = append(parts, m[0]+" = "+f(env.Team.Measure[m[2]]))
		case "quota":
			parts = append(parts, m[0]+" = "+f(env.Team.Quota[m[2]]))
		case "attainment":
			parts = append(parts, m[0]+" = "+f(env.Team.Measure[m[2]])+" / "+f(env.Team.Quota[m[2]])+" = "+formatPercent(env.Team.Attainment[m[2]]))
		}
	}
	if strings.Contains(src, "team.members") && !seen["team.members"] {
		parts = append(parts, fmt.Sprintf("team.members = %d", env.Team.Members))
	}
	for _, m := range refRE.FindAllStringSubmatch(src, -1) {
		if m[1] == "params" && !seen[m[0]] {
			seen[m[0]] = true
			parts = append(parts, m[0]+" = "+formatAmount(env.Params[m[2]]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

type jsonPool struct {
	Team        string `json:"team"`
	Pool        string `json:"pool"`
	Distribute  string `json:"distribute"`
	Members     int    `json:"members"`
	Weight      string `json:"weight"`
	TotalWeight string `json:"total_weight"`
}

func jsonPoolOf(p *PoolShare, currency string) *jsonPool {
	if p == nil {
		return nil
	}
	return &jsonPool{Team: p.Team, Pool: fixed(p.Pool, currency), Distribute: p.Distribute, Members: p.Members,
		Weight: p.Weight.String(), TotalWeight: p.TotalWeight.String()}
}
