package commission

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/rules"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Config is what a commission section is compiled with: the organisation,
// the quotas, and the strategy-wide defaults.
type Config struct {
	Org    Org
	Quotas Quotas
	// Terms gives members' compensation terms (OTE, base, target
	// incentive), which rules read as payee.ote and so on; nil means none.
	// [WithTerms] gives a run other terms.
	Terms Terms
	// Scores gives the achievements per-period rules read as
	// score.<objective>; nil means none. [WithScores] gives a run others.
	Scores Scores
	// Stretch gives stretch targets, read by per-period rules as
	// stretch.<measure> and stretch_attainment.<measure>; nil means none.
	Stretch Stretch
	// Channels gives the kind and attributes of deals' channels, which
	// per-credit and crediting rules read as channel.kind and
	// channel.attrs.<name>; nil means every channel is seen as empty.
	Channels Channels
	// Currency and Rounding are the defaults of plans that set none.
	Currency string
	Rounding money.Rounding
	// Schema declares the custom deal attributes rules may read.
	Schema *deal.Schema
	// Functions are extra functions rules may call, by name: Go funcs
	// with typed parameters and a result (and optionally an error).
	Functions map[string]any
	// Calendar is the fiscal calendar whose months give a period its
	// share of the year: period.year_share, and the terms of a plan with
	// terms: yearly ([PlanDef.Terms]). The zero Calendar is the calendar
	// year; package strategy sets the document's.
	Calendar calendar.Calendar
}

// Engine is a compiled commission section: measures, tables, crediting
// rules and plans with every expression compiled. It is immutable and safe
// for concurrent use; each [Engine.Run] works on its own values.
type Engine struct {
	cfg      Config
	channels map[string]*channelView // by id, made once at Compile
	measures []*measure
	mindex   map[string]int
	tables   map[string]*Table
	rollup   RollupDef
	overlays []*overlay
	reassign []*reassign
	members  Membership // cfg.Org's, when it implements it
	plans    []*plan
}

type reassign struct {
	id   string
	when *rules.Rule[reassignEnv]
	to   *rules.Rule[reassignEnv]
}

type measure struct {
	id    string
	count bool
	value *rules.Rule[creditEnv] // nil: credit.amount
	when  *rules.Rule[creditEnv]
}

type overlay struct {
	id    string
	when  *rules.Rule[dealEnv]
	payee *rules.Rule[dealEnv]
	share *rules.Rule[dealEnv]
}

type plan struct {
	// payrollCodes are the codes of the plan's own payout items, by kind
	payrollCodes map[string]string
	id           string
	from, to     calendar.Date
	elig         Eligibility
	currency     string
	places       int32
	rounding     money.Rounding
	prorate      bool
	zeroQuota    bool // attainment 0 instead of an error
	params       map[string]decimal.Decimal
	overrides    map[string]map[string]decimal.Decimal
	cap          *decimal.Decimal // a fixed plan cap, for the digest
	capLimit     limit
	groups       []*capGroup
	comps        []*component
	draw         *DrawDef
	clawback     *ClawbackDef
	yearCap      *decimal.Decimal
	yearly       bool         // Horizon year
	yearTerms    bool         // Terms yearly (member_terms.go)
	balance      balanceTerms // negative_balance, set by payoutTerms (terms.go)
	// readsTerms is set when a rule of the plan reads the payee's
	// compensation terms (payee.ote, payee.target_incentive…).
	readsTerms bool
	weights    decimal.Decimal // the sum of the components' weights
	// stretch lists the measures whose stretch target the plan's rules
	// read.
	stretch []string
	// needs lists the measures whose attainment the plan's rules read.
	needs []string
}

type component struct {
	def   ComponentDef
	plan  *plan
	per   Per
	table *Table
	kinds []CreditKind
	// per-credit rules
	when, base, rate, amount, mult, key *rules.Rule[creditEnv]
	// per-period rules
	pwhen, pbase, prate, pamount, pmult, pkey *rules.Rule[periodEnv]
	gate                                      *rules.Rule[periodEnv]
	measure                                   int // index into measures, -1 for none
	// min, capDeal and cap are the component's limits (min,
	// cap_per_deal, cap), evaluated per payee and period.
	min, capDeal, cap limit
	// readsTotals is set when a per-credit rule reads the running
	// measure, attainment or quota maps, or the table needs attainment.
	readsTotals bool
	// scores are the objectives the component's rules read (score.<id>).
	scores []string
	pool   *pool // a team pool (pool.go); nil for other components
	// amountText is the per-credit amount rule on one line when it
	// reads no measure, quota, param nor term: its explanation, the same
	// for every credit; "" otherwise.
	amountText string
	// plainRate is the explanation of every plain line of a per-credit
	// rate (one with no multiplier, minimum or cap): worded from the
	// line's base, rate and conversion alone
	plainRate *why
}

// limit is a cap or minimum: a number, or a rule over the period's
// totals evaluated per payee and period; unset when neither.
type limit struct {
	src   string
	fixed *decimal.Decimal
	rule  *rules.Rule[periodEnv]
}

func (l *limit) set() bool { return l.fixed != nil || l.rule != nil }

// capGroup is a cap over a set of a plan's components.
type capGroup struct {
	def   CapGroupDef
	comps []string
	limit limit
}

// limit compiles a cap or minimum given as a rule (src) or, from Go, a
// number (fixed). A number written as a rule is kept as a number, so
// that cap: 5000 costs nothing per payee.
func (c *compiler) limit(path, name, src string, fixed *decimal.Decimal, p *plan, params map[string]bool) limit {
	if fixed != nil && src != "" {
		c.list.Add(path, diag.InvalidValue, "%s is given both as a rule and as a number: give one", name)
		return limit{}
	}
	if src == "" && fixed == nil {
		return limit{}
	}
	if v, ok := fixedLimit(src, fixed); ok {
		if v.Sign() < 0 {
			c.list.Add(path, diag.InvalidValue, "%s cannot be negative", name)
		}
		return limit{src: v.String(), fixed: &v}
	}
	p.needs = append(p.needs, c.checkRefs(path, src, params)...)
	if termsRE.MatchString(src) {
		p.readsTerms = true
	}
	return limit{src: src, rule: compileRule[periodEnv](c, path, src, rules.Decimal)}
}

// refRE finds the keys rules read from the measure, attainment, quota and
// params maps, so that they are checked when the plan is compiled.
var (
	refRE     = regexp.MustCompile(`\b(measure|attainment|quota|params)\.([A-Za-z_][A-Za-z0-9_\-]*)`)
	bracketRE = regexp.MustCompile(`\b(measure|attainment|quota|params)\s*\[`)
	totalsRE  = regexp.MustCompile(`\b(measure|attainment|quota)\b`)
)

// stretchRE finds the stretch targets a rule reads.
var stretchRE = regexp.MustCompile(`\bstretch(?:_attainment)?\.([A-Za-z_][A-Za-z0-9_\-]*)`)

// componentRE finds the rules that read a component's weight.
var componentRE = regexp.MustCompile(`\bcomponent\.(target_incentive|weight)\b`)

// compiler collects the problems of one section.
type compiler struct {
	list diag.List
	env  *rules.Env
	e    *Engine
}

// problem adds a compile error of the rule at path to the problems,
// keeping its line and column inside the expression.
func (c *compiler) problem(path string, err error) {
	c.list = append(c.list, rules.Problem(path, err))
}

func compileRule[E any](c *compiler, path, src string, want rules.Type) *rules.Rule[E] {
	if src == "" {
		return nil
	}
	if bracketRE.MatchString(src) {
		c.list.Add(path, diag.Expression, "write measure.<id>, attainment.<id>, quota.<id> and params.<name> with a dot, so that the name is checked")
		return nil
	}
	r, err := rules.Compile[E](c.env, path, src, want)
	if err != nil {
		c.problem(path, err)
		return nil
	}
	return r
}

// Compile validates a commission section and compiles its expressions.
// The error, when there is one, is a [diag.List] of every problem by path
// inside the section (plans[0].components[2].rate), with the line and
// column inside an expression that does not compile.
func Compile(sec Section, cfg Config) (*Engine, error) {
	e := &Engine{cfg: cfg, mindex: map[string]int{}, tables: map[string]*Table{}, rollup: sec.Crediting.Rollup}
	c := &compiler{e: e}
	if cfg.Org == nil {
		return nil, errors.New("commission: Config.Org is nil")
	}
	if cfg.Channels != nil {
		e.channels = map[string]*channelView{}
		for _, id := range cfg.Channels.ChannelIDs() {
			kind, attrs, ok := cfg.Channels.ChannelInfo(id)
			if !ok {
				continue
			}
			v := &channelView{ID: id, Kind: kind, Attrs: map[string]string{}}
			for k, a := range attrs {
				v.Attrs[k] = a
			}
			e.channels[id] = v
		}
	}
	if cfg.Currency == "" {
		cfg.Currency = "USD"
		e.cfg.Currency = "USD"
	}
	opts := []rules.Option{rules.WithSchema(cfg.Schema), rules.WithRounding(cfg.Rounding)}
	names := make([]string, 0, len(cfg.Functions))
	for n := range cfg.Functions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		opts = append(opts, rules.WithFunction(n, cfg.Functions[n]))
	}
	opts = append(opts, e.tableFunctions()...)
	env, err := rules.NewEnv(opts...)
	if err != nil {
		return nil, err
	}
	c.env = env
	if err := cfg.Calendar.Validate(); err != nil {
		c.list.Add("", diag.InvalidValue, "Config.Calendar: %v", err)
	}

	// Tables first: rules call them by id.
	for i, td := range sec.Tables {
		path := fmt.Sprintf("tables[%d]", i)
		t, err := NewTable(td)
		if err != nil {
			var l diag.List
			if errors.As(err, &l) {
				c.list = append(c.list, l.Prefix(path)...)
			}
			continue
		}
		if _, dup := e.tables[td.ID]; dup {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate table id %q", td.ID)
			continue
		}
		e.tables[td.ID] = t
	}

	for i, md := range sec.Measures {
		path := fmt.Sprintf("measures[%d]", i)
		checkName(&c.list, path+".id", "measure", md.ID)
		if _, dup := e.mindex[md.ID]; dup {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate measure id %q", md.ID)
			continue
		}
		e.mindex[md.ID] = len(e.measures)
		e.measures = append(e.measures, &measure{id: md.ID, count: md.Count})
	}
	for i, md := range sec.Measures {
		path := fmt.Sprintf("measures[%d]", i)
		j, ok := e.mindex[md.ID]
		if !ok || e.measures[j].value != nil || e.measures[j].when != nil {
			continue
		}
		m := e.measures[j]
		m.value = compileRule[creditEnv](c, path+".value", md.Value, rules.Decimal)
		m.when = compileRule[creditEnv](c, path+".when", md.When, rules.Bool)
		c.checkRefs(path+".value", md.Value, nil)
		c.checkRefs(path+".when", md.When, nil)
	}

	for i, r := range sec.Crediting.Rollup.Roles {
		if r == "" {
			c.list.Add(fmt.Sprintf("crediting.rollup.roles[%d]", i), diag.Missing, "missing role")
		}
	}
	switch sec.Crediting.Rollup.Credit {
	case "", RollupShares, RollupDeal:
	default:
		pr := c.list.Add("crediting.rollup.credit", diag.InvalidValue, "unknown roll-up credit %q: want shares (the reports' shares) or deal (the whole deal)", sec.Crediting.Rollup.Credit)
		pr.Hint = diag.DidYouMean(sec.Crediting.Rollup.Credit, []string{RollupShares, RollupDeal})
	}
	if sec.Crediting.Rollup.Levels < 0 {
		c.list.Add("crediting.rollup.levels", diag.InvalidValue, "levels must be 0 (all) or more, not %d", sec.Crediting.Rollup.Levels)
	}
	seenOv := map[string]bool{}
	for i, od := range sec.Crediting.Overlays {
		path := fmt.Sprintf("crediting.overlays[%d]", i)
		c.list.CheckID(path+".id", "overlay", od.ID)
		if seenOv[od.ID] {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate overlay id %q", od.ID)
		}
		seenOv[od.ID] = true
		if od.Payee == "" {
			c.list.Add(path+".payee", diag.Missing, "missing payee: an expression giving the member credited, such as '\"paula\"'")
		}
		e.overlays = append(e.overlays, &overlay{
			id:    od.ID,
			when:  compileRule[dealEnv](c, path+".when", od.When, rules.Bool),
			payee: compileRule[dealEnv](c, path+".payee", od.Payee, rules.String),
			share: compileRule[dealEnv](c, path+".share", od.Share, rules.Decimal),
		})
	}

	seenRe := map[string]bool{}
	for i, rd := range sec.Crediting.Reassign {
		path := fmt.Sprintf("crediting.reassign[%d]", i)
		c.list.CheckID(path+".id", "reassign rule", rd.ID)
		if seenRe[rd.ID] {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate reassign rule id %q", rd.ID)
		}
		seenRe[rd.ID] = true
		if rd.To == "" {
			c.list.Add(path+".to", diag.Missing, "missing to: an expression giving the member who takes the credit, such as member.manager")
		}
		e.reassign = append(e.reassign, &reassign{
			id:   rd.ID,
			when: compileRule[reassignEnv](c, path+".when", rd.When, rules.Bool),
			to:   compileRule[reassignEnv](c, path+".to", rd.To, rules.String),
		})
	}
	e.members, _ = cfg.Org.(Membership)

	seenPlan := map[string]bool{}
	for i, pd := range sec.Plans {
		path := fmt.Sprintf("plans[%d]", i)
		c.list.CheckID(path+".id", "plan", pd.ID)
		if seenPlan[pd.ID] {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate plan id %q", pd.ID)
		}
		seenPlan[pd.ID] = true
		if p := c.plan(path, pd); p != nil {
			e.plans = append(e.plans, p)
		}
	}
	if err := c.list.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkName checks an id that rules refer to by name (measure.bookings):
// letters, digits and _, not starting with a digit.
func checkName(list *diag.List, path, kind, id string) {
	switch {
	case id == "":
		list.Add(path, diag.Missing, "missing %s id", kind)
	case !nameRE.MatchString(id):
		list.Add(path, diag.InvalidValue, "invalid %s id %q: use letters, digits and _, starting with a letter, so that rules can name it", kind, id)
	}
}

// checkRefs checks the measure, attainment, quota and params names an
// expression reads, and returns the measures whose attainment it reads.
func (c *compiler) checkRefs(path, src string, params map[string]bool) []string {
	var needs []string
	for _, ix := range refRE.FindAllStringSubmatchIndex(src, -1) {
		kind, name := src[ix[2]:ix[3]], src[ix[4]:ix[5]]
		at := innerPos(src, ix[4])
		if kind == "params" {
			if params == nil {
				p := c.list.Add(path, diag.Expression, "params.%s: only the rules of a plan have params", name)
				p.Inner = at
			} else if !params[name] {
				p := c.list.Add(path, diag.Expression, "unknown param %s: the plan's params do not define it", name)
				p.Hint = diag.DidYouMean(name, sortedKeys(params))
				p.Inner = at
			}
			continue
		}
		if _, ok := c.e.mindex[name]; !ok {
			p := c.list.Add(path, diag.Expression, "unknown measure %s in %s.%s", name, kind, name)
			p.Hint = diag.DidYouMean(name, c.e.measureIDs())
			p.Inner = at
			continue
		}
		if kind == "attainment" {
			needs = append(needs, name)
		}
	}
	return needs
}

// innerPos returns the 1-based line and column (in characters) of the byte
// offset off in src.
func innerPos(src string, off int) diag.Pos {
	line, col := 1, 1
	for _, r := range src[:off] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return diag.Pos{Line: line, Col: col}
}

func (e *Engine) measureIDs() []string {
	ids := make([]string, len(e.measures))
	for i, m := range e.measures {
		ids[i] = m.id
	}
	return ids
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (c *compiler) plan(path string, pd PlanDef) *plan {
	p := &plan{id: pd.ID, from: pd.From, to: pd.To, elig: pd.Eligible, currency: pd.Currency,
		params: pd.Params, overrides: pd.Overrides}
	if p.currency == "" {
		p.currency = c.e.cfg.Currency
	} else if err := money.CheckCurrency(p.currency); err != nil {
		c.list.Add(path+".currency", diag.InvalidValue, "%v", err)
	}
	p.places = money.MinorUnits(p.currency)
	var err error
	if p.rounding, err = planRounding(pd.Rounding, c.e.cfg.Rounding); err != nil {
		c.list.Add(path+".rounding", diag.InvalidValue, "%v", err)
	}
	switch pd.Proration {
	case "", "days":
		p.prorate = true
	case "none":
	default:
		c.list.Add(path+".proration", diag.InvalidValue, "unknown proration %q: want days or none", pd.Proration)
	}
	switch pd.Horizon {
	case "", "period":
	case "year":
		p.yearly = true
	default:
		c.list.Add(path+".horizon", diag.InvalidValue, "unknown horizon %q: want period or year", pd.Horizon)
	}
	c.termsReading(path, pd, p) // member_terms.go
	switch pd.ZeroQuota {
	case "", "error":
	case "zero":
		p.zeroQuota = true
	default:
		c.list.Add(path+".zero_quota", diag.InvalidValue, "unknown zero_quota %q: want error or zero", pd.ZeroQuota)
	}
	if !pd.From.IsZero() && !pd.To.IsZero() && pd.From.After(pd.To) {
		c.list.Add(path+".to", diag.DateOrder, "the plan ends on %s, before it starts on %s", pd.To, pd.From)
	}
	if len(pd.Eligible.Roles)+len(pd.Eligible.Teams)+len(pd.Eligible.Members) == 0 {
		c.list.Add(path+".eligible", diag.Missing, "the plan applies to nobody: give eligible roles, teams or members")
	}
	c.payoutTerms(path, pd, p)
	params := map[string]bool{}
	for k := range pd.Params {
		params[k] = true
	}
	p.capLimit = c.limit(path+".cap", "a cap", pd.CapRule, pd.Cap, p, params)
	p.cap = p.capLimit.fixed
	for _, m := range sortedKeys(pd.Overrides) {
		for _, k := range sortedKeys(pd.Overrides[m]) {
			if !params[k] {
				p := c.list.Add(fmt.Sprintf("%s.overrides.%s.%s", path, m, k), diag.UnknownRef, "override of unknown param %s: declare it in the plan's params first", k)
				p.Hint = diag.DidYouMean(k, sortedKeys(params))
			}
		}
	}
	if len(pd.Components) == 0 {
		c.list.Add(path+".components", diag.Missing, "the plan has no components")
	}
	seen := map[string]bool{}
	for i, cd := range pd.Components {
		cp := fmt.Sprintf("%s.components[%d]", path, i)
		c.list.CheckID(cp+".id", "component", cd.ID)
		if seen[cd.ID] {
			c.list.Add(cp+".id", diag.DuplicateID, "duplicate component id %q", cd.ID)
		}
		seen[cd.ID] = true
		if comp := c.component(cp, p, cd, params); comp != nil {
			p.comps = append(p.comps, comp)
		}
	}
	c.capGroups(path, pd, p, seen, params)
	slices.Sort(p.needs)
	p.needs = slices.Compact(p.needs)
	return p
}

// capGroups checks and compiles a plan's cap groups.
func (c *compiler) capGroups(path string, pd PlanDef, p *plan, comps map[string]bool, params map[string]bool) {
	inGroup := map[string]string{}
	ids := map[string]bool{}
	for i, gd := range pd.Caps {
		gp := fmt.Sprintf("%s.caps[%d]", path, i)
		c.list.CheckID(gp+".id", "cap group", gd.ID)
		switch {
		case ids[gd.ID]:
			c.list.Add(gp+".id", diag.DuplicateID, "duplicate cap group id %q", gd.ID)
		case comps[gd.ID] || gd.ID == planCapID:
			c.list.Add(gp+".id", diag.DuplicateID, "cap group id %q is also a component's: its cap line would be taken for the component's", gd.ID)
		}
		ids[gd.ID] = true
		if len(gd.Components) == 0 {
			c.list.Add(gp+".components", diag.Missing, "a cap group needs the ids of the components it caps")
		}
		for j, id := range gd.Components {
			cp := fmt.Sprintf("%s.components[%d]", gp, j)
			switch {
			case !comps[id]:
				pr := c.list.Add(cp, diag.UnknownRef, "unknown component %q", id)
				pr.Hint = diag.DidYouMean(id, sortedKeys(comps))
			case inGroup[id] != "":
				c.list.Add(cp, diag.InvalidValue, "component %s is already in cap group %s: a component is in one cap group at most", id, inGroup[id])
			default:
				inGroup[id] = gd.ID
			}
		}
		if gd.Amount == "" {
			c.list.Add(gp+".amount", diag.Missing, "missing amount: the cap, such as 3 * payee.target_incentive")
		}
		g := &capGroup{def: gd, comps: slices.Clone(gd.Components), limit: c.limit(gp+".amount", "a cap", gd.Amount, nil, p, params)}
		g.def.Components = g.comps
		p.groups = append(p.groups, g)
	}
}

func (c *compiler) component(path string, p *plan, cd ComponentDef, params map[string]bool) *component {
	if cd.Pool != nil {
		return c.poolComponent(path, p, cd, params)
	}
	comp := &component{def: cd, plan: p, per: cd.Per, kinds: cd.Kinds, measure: -1}
	comp.min = c.limit(path+".min", "min", cd.MinRule, cd.Min, p, params)
	comp.capDeal = c.limit(path+".cap_per_deal", "cap_per_deal", cd.CapPerDealRule, cd.CapPerDeal, p, params)
	comp.cap = c.limit(path+".cap", "cap", cd.CapRule, cd.Cap, p, params)
	// the def as the engine reads it: the rules, numbers as numbers
	comp.def.Min, comp.def.CapPerDeal, comp.def.Cap = comp.min.fixed, comp.capDeal.fixed, comp.cap.fixed
	comp.def.MinRule, comp.def.CapPerDealRule, comp.def.CapRule = comp.min.src, comp.capDeal.src, comp.cap.src
	if comp.per == "" {
		comp.per = PerCredit
	}
	if cd.Measure != "" {
		if i, ok := c.e.mindex[cd.Measure]; ok {
			comp.measure = i
		} else {
			pr := c.list.Add(path+".measure", diag.UnknownRef, "unknown measure %q", cd.Measure)
			pr.Hint = diag.DidYouMean(cd.Measure, c.e.measureIDs())
		}
	}
	if w := cd.Weight; w != nil {
		if w.Sign() <= 0 || w.GreaterThan(one) {
			c.list.Add(path+".weight", diag.InvalidValue, "a weight is a share of the target incentive above 0 and at most 1, not %s", w)
		}
		p.weights = p.weights.Add(*w)
		if p.weights.GreaterThan(one) {
			c.list.Add(path+".weight", diag.InvalidValue, "the plan's weights add up to %s, more than 1 (all of the target incentive)", p.weights)
		}
	}
	ways := 0
	for _, s := range []string{cd.Rate, cd.Table, cd.Amount} {
		if s != "" {
			ways++
		}
	}
	if ways != 1 {
		c.list.Add(path, diag.InvalidValue, "a component computes its amount one way: give exactly one of rate, table and amount")
	}
	if cd.Table != "" {
		t, ok := c.e.tables[cd.Table]
		if !ok {
			pr := c.list.Add(path+".table", diag.UnknownRef, "unknown table %q", cd.Table)
			pr.Hint = diag.DidYouMean(cd.Table, sortedKeys(c.e.tables))
		}
		comp.table = t
		if t != nil && t.TwoDimensional() && cd.Key == "" {
			c.list.Add(path+".key", diag.Missing, "table %s has rows by key: give key, an expression choosing the row", cd.Table)
		}
	}
	for i, k := range cd.Kinds {
		switch k {
		case Direct, SplitCredit, Rollup, Overlay:
		default:
			c.list.Add(fmt.Sprintf("%s.kinds[%d]", path, i), diag.InvalidValue, "unknown credit kind %q: want direct, split, rollup or overlay", k)
		}
	}
	switch cd.Scope {
	case "", DealScope:
	case RunningScope:
		if cd.Table == "" {
			c.list.Add(path+".scope", diag.InvalidValue, "scope running needs a table")
		}
		if cd.Measure == "" {
			c.list.Add(path+".measure", diag.Missing, "scope running needs the measure whose running total the table prices")
		}
	default:
		c.list.Add(path+".scope", diag.InvalidValue, "unknown scope %q: want deal or running", cd.Scope)
	}
	if cd.Retroactive && (cd.Scope != RunningScope || comp.table == nil || comp.table.Mode() != Highest || comp.table.TwoDimensional()) {
		c.list.Add(path+".retroactive", diag.InvalidValue, "retroactive re-pricing needs a one-dimensional highest table with scope running")
	} else if cd.Retroactive {
		if _, above, ok := comp.table.Limit(); ok && above == AboveNone {
			c.list.Add(path+".retroactive", diag.InvalidValue, "retroactive re-pricing of table %s, which pays nothing beyond its limit, would re-price the part beyond it: leave retroactive out or give the table above: last", comp.table.ID())
		}
	}
	if cd.Base == "" && cd.Measure == "" && cd.Amount == "" {
		c.list.Add(path+".base", diag.Missing, "give base, an expression, or measure, whose value is the base")
	}
	if len(cd.Release) > 0 {
		sum := decimal.Zero
		for i, r := range cd.Release {
			switch r.On {
			case OnBooking, OnInvoice, OnCash:
			default:
				c.list.Add(fmt.Sprintf("%s.release[%d].on", path, i), diag.InvalidValue, "unknown earning event %q: want booking, invoice or cash", r.On)
			}
			if r.Share.Sign() <= 0 {
				c.list.Add(fmt.Sprintf("%s.release[%d].share", path, i), diag.InvalidValue, "a release share must be above 0")
			}
			sum = sum.Add(r.Share)
		}
		if !sum.Equal(one) {
			c.list.Add(path+".release", diag.InvalidValue, "release shares add up to %s, not 1", sum)
		}
		if comp.per == PerPeriod {
			c.list.Add(path+".release", diag.InvalidValue, "release applies to per-credit components; per-period lines are paid in their period")
		}
	}
	if cd.HoldUntilPaid && comp.per == PerPeriod {
		c.list.Add(path+".hold_until_paid", diag.InvalidValue, "hold_until_paid applies to per-credit components")
	}
	if cd.HoldDays < 0 || (cd.HoldDays > 0 && !cd.HoldUntilPaid) {
		c.list.Add(path+".hold_days", diag.InvalidValue, "hold_days is a number of days above 0, with hold_until_paid")
	}
	exprs := []struct{ key, src string }{
		{"when", cd.When}, {"gate", cd.Gate}, {"base", cd.Base}, {"rate", cd.Rate}, {"amount", cd.Amount}, {"multiplier", cd.Multiplier}, {"key", cd.Key},
	}
	for _, x := range append(exprs, struct{ key, src string }{"min", cd.MinRule}, struct{ key, src string }{"cap_per_deal", cd.CapPerDealRule}, struct{ key, src string }{"cap", cd.CapRule}) {
		if cd.Weight == nil {
			if ix := componentRE.FindStringIndex(x.src); ix != nil {
				pr := c.list.Add(path+"."+x.key, diag.Expression, "%s needs the component's weight: give weight, its share of the target incentive", x.src[ix[0]:ix[1]])
				pr.Inner = innerPos(x.src, ix[0])
			}
		}
	}
	for _, x := range exprs {
		p.needs = append(p.needs, c.checkRefs(path+"."+x.key, x.src, params)...)
		if termsRE.MatchString(x.src) {
			p.readsTerms = true
		}
		if x.key != "gate" && totalsRE.MatchString(x.src) {
			comp.readsTotals = true
		}
	}
	if comp.table != nil && comp.table.Basis() == Attainment && cd.Scope != RunningScope {
		// a running-scope table prices the running total against the
		// quota itself: it needs no attainment map per credit
		comp.readsTotals = true
	}
	if t := comp.table; t != nil && t.Basis() == Attainment {
		switch {
		case cd.Measure == "":
			c.list.Add(path+".measure", diag.Missing, "table %s is on attainment: give the measure whose attainment it reads", t.ID())
		case comp.measure >= 0:
			p.needs = append(p.needs, cd.Measure)
		}
		if comp.per == PerCredit && cd.Scope != RunningScope && (t.Mode() == Marginal || t.Mode() == Step || t.Mode() == Prorated) {
			c.list.Add(path+".scope", diag.InvalidValue, "a %s table on attainment prices the slice of the running total a credit adds: use scope: running", t.Mode())
		}
		if comp.per == PerPeriod && (t.Mode() == Marginal || t.Mode() == Prorated) && cd.Base != "" {
			c.list.Add(path+".base", diag.InvalidValue, "a marginal table on attainment prices the period total of the measure: leave base out")
		}
	}
	for _, x := range exprs {
		for _, m := range stretchRE.FindAllStringSubmatchIndex(x.src, -1) {
			name := x.src[m[2]:m[3]]
			if _, ok := c.e.mindex[name]; !ok {
				pr := c.list.Add(path+"."+x.key, diag.Expression, "unknown measure %s in %s", name, x.src[m[0]:m[1]])
				pr.Hint = diag.DidYouMean(name, c.e.measureIDs())
				pr.Inner = innerPos(x.src, m[2])
			} else if !slices.Contains(p.stretch, name) {
				p.stretch = append(p.stretch, name)
			}
		}
		for _, m := range scoreRE.FindAllStringSubmatch(x.src, -1) {
			if !slices.Contains(comp.scores, m[1]) {
				comp.scores = append(comp.scores, m[1])
			}
		}
	}
	slices.Sort(comp.scores)
	switch cd.MissingScore {
	case "", MissingScoreError, MissingScoreZero, MissingScoreSkip:
	default:
		pr := c.list.Add(path+".missing_score", diag.InvalidValue, "unknown missing_score %q: want error, zero or skip", cd.MissingScore)
		pr.Hint = diag.DidYouMean(cd.MissingScore, []string{MissingScoreError, MissingScoreZero, MissingScoreSkip})
	}
	comp.gate = compileRule[periodEnv](c, path+".gate", cd.Gate, rules.Bool)
	switch comp.per {
	case PerCredit:
		comp.when = compileRule[creditEnv](c, path+".when", cd.When, rules.Bool)
		comp.base = compileRule[creditEnv](c, path+".base", cd.Base, rules.Decimal)
		comp.rate = compileRule[creditEnv](c, path+".rate", cd.Rate, rules.Decimal)
		comp.plainRate = &why{c: comp, body: bodyRate, product: true}
		comp.amount = compileRule[creditEnv](c, path+".amount", cd.Amount, rules.Decimal)
		if cd.Amount != "" && !refRE.MatchString(cd.Amount) && !termsRE.MatchString(cd.Amount) {
			comp.amountText = oneLine(cd.Amount)
		}
		comp.mult = compileRule[creditEnv](c, path+".multiplier", cd.Multiplier, rules.Decimal)
		comp.key = compileRule[creditEnv](c, path+".key", cd.Key, rules.String)
	case PerPeriod:
		if len(cd.Kinds) > 0 || !cd.Window.From.IsZero() || !cd.Window.To.IsZero() || cd.Scope != "" || comp.capDeal.set() {
			c.list.Add(path+".per", diag.InvalidValue, "kinds, window, scope and cap_per_deal apply to per-credit components only")
		}
		comp.pwhen = compileRule[periodEnv](c, path+".when", cd.When, rules.Bool)
		comp.pbase = compileRule[periodEnv](c, path+".base", cd.Base, rules.Decimal)
		comp.prate = compileRule[periodEnv](c, path+".rate", cd.Rate, rules.Decimal)
		comp.pamount = compileRule[periodEnv](c, path+".amount", cd.Amount, rules.Decimal)
		comp.pmult = compileRule[periodEnv](c, path+".multiplier", cd.Multiplier, rules.Decimal)
		comp.pkey = compileRule[periodEnv](c, path+".key", cd.Key, rules.String)
	default:
		c.list.Add(path+".per", diag.InvalidValue, "unknown per %q: want credit or period", cd.Per)
	}
	return comp
}

// tableFunctions are the rules functions that read the rate tables. They
// close over the engine, whose tables are set before any rule runs.
func (e *Engine) tableFunctions() []rules.Option {
	get := func(id string) (*Table, error) {
		t, ok := e.tables[id]
		if !ok {
			return nil, fmt.Errorf("unknown table %q", id)
		}
		return t, nil
	}
	return []rules.Option{
		// rate(table, value) is the rate of the table at value.
		rules.WithFunction("rate", func(id string, v decimal.Decimal) (decimal.Decimal, error) {
			t, err := get(id)
			if err != nil {
				return decimal.Zero, err
			}
			return t.Rate("", v)
		}),
		// rate_by(table, key, value) is the rate of the key's row at value.
		rules.WithFunction("rate_by", func(id, key string, v decimal.Decimal) (decimal.Decimal, error) {
			t, err := get(id)
			if err != nil {
				return decimal.Zero, err
			}
			return t.Rate(key, v)
		}),
		// price(table, value) is the amount the table gives value on its own.
		rules.WithFunction("price", func(id string, v decimal.Decimal) (decimal.Decimal, error) {
			t, err := get(id)
			if err != nil {
				return decimal.Zero, err
			}
			p, err := t.Apply("", v)
			return p.Amount, err
		}),
	}
}

// PlanIDs returns the ids of the plans, in document order.
func (e *Engine) PlanIDs() []string {
	ids := make([]string, len(e.plans))
	for i, p := range e.plans {
		ids[i] = p.id
	}
	return ids
}

// MeasureIDs returns the ids of the measures, in document order.
func (e *Engine) MeasureIDs() []string { return e.measureIDs() }

// Yearly reports whether a plan runs on the fiscal year to date (horizon:
// year); its payouts need the year to date (payout.Input.YearToDate).
func (e *Engine) Yearly() bool {
	return slices.ContainsFunc(e.plans, func(p *plan) bool { return p.yearly })
}
