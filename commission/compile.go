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
	// Currency and Rounding are the defaults of plans that set none.
	Currency string
	Rounding money.Rounding
	// Schema declares the custom deal attributes rules may read.
	Schema *deal.Schema
	// Functions are extra functions rules may call, by name: Go funcs
	// with typed parameters and a result (and optionally an error).
	Functions map[string]any
}

// Engine is a compiled commission section: measures, tables, crediting
// rules and plans with every expression compiled. It is immutable and safe
// for concurrent use; each [Engine.Run] works on its own values.
type Engine struct {
	cfg      Config
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
	id        string
	from, to  calendar.Date
	elig      Eligibility
	currency  string
	places    int32
	rounding  money.Rounding
	prorate   bool
	zeroQuota bool // attainment 0 instead of an error
	params    map[string]decimal.Decimal
	overrides map[string]map[string]decimal.Decimal
	cap       *decimal.Decimal
	comps     []*component
	draw      *DrawDef
	clawback  *ClawbackDef
	yearCap   *decimal.Decimal
	yearly    bool         // Horizon year
	balance   balanceTerms // negative_balance, set by payoutTerms (terms.go)
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
	// capNeg is -CapPerDeal, the floor of a negative line; minNeg is
	// -Min, the most a credit note's line pays.
	capNeg, minNeg decimal.Decimal
	// readsTotals is set when a per-credit rule reads the running
	// measure, attainment or quota maps, or the table needs attainment.
	readsTotals bool
}

// refRE finds the keys rules read from the measure, attainment, quota and
// params maps, so that they are checked when the plan is compiled.
var (
	refRE     = regexp.MustCompile(`\b(measure|attainment|quota|params)\.([A-Za-z_][A-Za-z0-9_\-]*)`)
	bracketRE = regexp.MustCompile(`\b(measure|attainment|quota|params)\s*\[`)
	totalsRE  = regexp.MustCompile(`\b(measure|attainment|quota)\b`)
)

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
	p := &plan{id: pd.ID, from: pd.From, to: pd.To, elig: pd.Eligible, currency: pd.Currency, cap: pd.Cap,
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
	if pd.Cap != nil && pd.Cap.Sign() < 0 {
		c.list.Add(path+".cap", diag.InvalidValue, "a cap cannot be negative")
	}
	c.payoutTerms(path, pd, p)
	params := map[string]bool{}
	for k := range pd.Params {
		params[k] = true
	}
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
	slices.Sort(p.needs)
	p.needs = slices.Compact(p.needs)
	return p
}

func (c *compiler) component(path string, p *plan, cd ComponentDef, params map[string]bool) *component {
	comp := &component{def: cd, plan: p, per: cd.Per, kinds: cd.Kinds, measure: -1}
	if cd.CapPerDeal != nil {
		comp.capNeg = cd.CapPerDeal.Neg()
	}
	if cd.Min != nil {
		comp.minNeg = cd.Min.Neg()
	}
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
	}
	if cd.Base == "" && cd.Measure == "" && cd.Amount == "" {
		c.list.Add(path+".base", diag.Missing, "give base, an expression, or measure, whose value is the base")
	}
	for _, v := range []struct {
		name string
		d    *decimal.Decimal
	}{{"min", cd.Min}, {"cap_per_deal", cd.CapPerDeal}, {"cap", cd.Cap}} {
		if v.d != nil && v.d.Sign() < 0 {
			c.list.Add(path+"."+v.name, diag.InvalidValue, "%s cannot be negative", v.name)
		}
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
	for _, x := range exprs {
		p.needs = append(p.needs, c.checkRefs(path+"."+x.key, x.src, params)...)
		if x.key != "gate" && totalsRE.MatchString(x.src) {
			comp.readsTotals = true
		}
	}
	if comp.table != nil && comp.table.Basis() == Attainment {
		comp.readsTotals = true
	}
	if t := comp.table; t != nil && t.Basis() == Attainment {
		switch {
		case cd.Measure == "":
			c.list.Add(path+".measure", diag.Missing, "table %s is on attainment: give the measure whose attainment it reads", t.ID())
		case comp.measure >= 0:
			p.needs = append(p.needs, cd.Measure)
		}
		if comp.per == PerCredit && cd.Scope != RunningScope && (t.Mode() == Marginal || t.Mode() == Step) {
			c.list.Add(path+".scope", diag.InvalidValue, "a %s table on attainment prices the slice of the running total a credit adds: use scope: running", t.Mode())
		}
		if comp.per == PerPeriod && t.Mode() == Marginal && cd.Base != "" {
			c.list.Add(path+".base", diag.InvalidValue, "a marginal table on attainment prices the period total of the measure: leave base out")
		}
	}
	comp.gate = compileRule[periodEnv](c, path+".gate", cd.Gate, rules.Bool)
	switch comp.per {
	case PerCredit:
		comp.when = compileRule[creditEnv](c, path+".when", cd.When, rules.Bool)
		comp.base = compileRule[creditEnv](c, path+".base", cd.Base, rules.Decimal)
		comp.rate = compileRule[creditEnv](c, path+".rate", cd.Rate, rules.Decimal)
		comp.amount = compileRule[creditEnv](c, path+".amount", cd.Amount, rules.Decimal)
		comp.mult = compileRule[creditEnv](c, path+".multiplier", cd.Multiplier, rules.Decimal)
		comp.key = compileRule[creditEnv](c, path+".key", cd.Key, rules.String)
	case PerPeriod:
		if len(cd.Kinds) > 0 || !cd.Window.From.IsZero() || !cd.Window.To.IsZero() || cd.Scope != "" || cd.CapPerDeal != nil {
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
