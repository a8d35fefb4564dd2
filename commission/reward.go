package commission

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// evalPlan appends the lines of one plan span: each component in order,
// then the plan cap.
func (ps *payeeState) evalPlan(s span) error {
	p := s.plan
	pe, err := ps.planEnv(p, []span{s})
	if err != nil {
		return err
	}
	ps.envs = append(ps.envs, spanEnv{s, pe})
	ps.cenv.Params = pe.Params
	ps.cenv.Payee.OTE, ps.cenv.Payee.Base, ps.cenv.Payee.TargetIncentive = pe.Payee.OTE, pe.Payee.Base, pe.Payee.TargetIncentive
	ps.cenv.Payee.PayMix, ps.cenv.Payee.Currency = pe.Payee.PayMix, pe.Payee.Currency
	ps.cenv.Payee.year = pe.Payee.year
	for _, c := range p.comps {
		if c.pool != nil {
			ps.poolLine(c, s) // worked out before the statements (pool.go)
			continue
		}
		setComponent(&pe.Component, c, &pe.Payee)
		ps.cenv.Component = pe.Component
		if err := ps.setLimits(c, pe); err != nil {
			return err
		}
		if pays, err := ps.setScores(c, pe); err != nil || !pays {
			if err != nil {
				return err
			}
			continue
		}
		if c.gate != nil {
			open, err := c.gate.Bool(pe)
			if err != nil {
				return ps.fail(c, "", "gate", err)
			}
			if !open {
				ps.lines = append(ps.lines, Line{Plan: p.id, Component: c.def.ID, Kind: GateLine, Currency: ps.currency, PayrollCode: c.def.PayrollCode,
					why: &why{text: "gate closed: " + oneLine(c.def.Gate) + " is false" + ps.where(c.def.Gate, pe)}})
				continue
			}
		}
		var err error
		if c.per == PerPeriod {
			err = ps.periodComponent(c, s, pe)
		} else {
			err = ps.creditComponent(c, s)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// planEnv returns the environment of plan p's period rules over spans
// (the plan's in the period): the last span's, with the payee's terms
// and the plan's days over all of them.
func (ps *payeeState) planEnv(p *plan, spans []span) (*periodEnv, error) {
	pe := ps.periodEnv(spans[len(spans)-1])
	if len(spans) > 1 {
		days := 0
		for _, s := range spans {
			days += s.days()
		}
		pe.Plan.Days = days
		pe.Plan.Share = decimal.NewFromInt(int64(days)).DivRound(decimal.NewFromInt(int64(ps.view.Days)), divPrecision)
	}
	tv, err := ps.termsOver(spans)
	if err != nil {
		return nil, err
	}
	if err := ps.setTerms(&pe.Payee, p, tv); err != nil {
		return nil, err
	}
	if err := ps.setStretch(p, pe); err != nil {
		return nil, err
	}
	return pe, nil
}

// setComponent points a component view at c, for a payee's terms.
func setComponent(cv *componentView, c *component, pv *payeeView) {
	*cv = componentView{ID: c.def.ID}
	if w := c.def.Weight; w != nil {
		cv.Weight, cv.TargetIncentive = *w, w.Mul(pv.TargetIncentive)
	}
}

// limits are a component's min and cap_per_deal for the payee and
// period; nil when unset.
type limits struct {
	min, capDeal   *decimal.Decimal
	minNeg, capNeg decimal.Decimal // -min, -cap_per_deal
}

// limitValue evaluates a cap or minimum for the payee and period: nil
// when unset, an error when below zero.
func (ps *payeeState) limitValue(l *limit, pe *periodEnv, p *plan, comp, what string) (*decimal.Decimal, error) {
	if l.fixed != nil || l.rule == nil {
		return l.fixed, nil
	}
	v, err := l.rule.Decimal(pe)
	if err != nil {
		return nil, fmt.Errorf("payee %s: plan %s, %s: %s: %w", ps.payee, p.id, comp, what, err)
	}
	if v.Sign() < 0 {
		return nil, fmt.Errorf("payee %s: plan %s, %s: %s %s is %s, below zero%s", ps.payee, p.id, comp, what, oneLine(l.src), formatAmount(v), ps.where(l.src, pe))
	}
	return &v, nil
}

// setLimits evaluates component c's min and cap_per_deal for the payee
// and period, for the lines about to be made.
func (ps *payeeState) setLimits(c *component, pe *periodEnv) error {
	comp := "component " + c.def.ID
	var err error
	ps.lim = limits{}
	if ps.lim.min, err = ps.limitValue(&c.min, pe, c.plan, comp, "min"); err != nil {
		return err
	}
	if ps.lim.capDeal, err = ps.limitValue(&c.capDeal, pe, c.plan, comp, "cap_per_deal"); err != nil {
		return err
	}
	if ps.lim.min != nil {
		ps.lim.minNeg = ps.lim.min.Neg()
	}
	if ps.lim.capDeal != nil {
		ps.lim.capNeg = ps.lim.capDeal.Neg()
	}
	return nil
}

// channelAt returns the channel of the deal of the payee's k-th credit,
// looked up once for all the components that read it.
func (ps *payeeState) channelAt(k int) *channelView {
	if ps.chans == nil {
		if sc := ps.sc; sc != nil {
			sc.chans = room(sc.chans, len(ps.credits))
			ps.chans = sc.chans
		} else {
			ps.chans = make([]*channelView, len(ps.credits))
		}
	}
	v := ps.chans[k]
	if v == nil {
		v = ps.r.e.channelOf(ps.dealOf[k])
		ps.chans[k] = v
	}
	return v
}

// spanEnv is the environment evalPlan made for a plan span.
type spanEnv struct {
	s  span
	pe *periodEnv
}

// capEnv returns the environment of plan p's caps over spans (the plan's
// in the period): planEnv's, or for a plan of one span the one evalPlan
// made for it, which is the same but for the scores a component read
// into it.
func (ps *payeeState) capEnv(p *plan, spans []span) (*periodEnv, error) {
	if len(spans) == 1 {
		for _, e := range ps.envs {
			if e.s == spans[0] {
				e.pe.Score = nil
				return e.pe, nil
			}
		}
	}
	return ps.planEnv(p, spans)
}

// negs are a credit note's amounts made positive: its deal's and its
// own, for its twin.
type negs struct {
	made         bool
	deal, credit decimal.Decimal
}

// negated returns the negated amounts of the payee's k-th credit and its
// deal, made once for all the components that price its twin.
func (ps *payeeState) negated(k int) negs {
	if ps.negs == nil {
		if sc := ps.sc; sc != nil {
			sc.negs = room(sc.negs, len(ps.credits))
			ps.negs = sc.negs
		} else {
			ps.negs = make([]negs, len(ps.credits))
		}
	}
	n := &ps.negs[k]
	if !n.made {
		*n = negs{made: true, deal: ps.dealOf[k].Amount.Neg(), credit: ps.credits[k].Amount.Neg()}
	}
	return *n
}

// planCapID is the component id of a plan cap's line.
const planCapID = "plan-cap"

// finishLines applies the caps, once per plan and period whatever the
// spans: each component's, then the cap groups', then the plan's. It
// puts the lines in their order: by plan (in the order the plans first
// apply), then component (a cap group's line after the components), then
// as they were made (deal order).
func (ps *payeeState) finishLines(spans []span) error {
	var plans []*plan
	for _, s := range spans {
		if !slices.Contains(plans, s.plan) {
			plans = append(plans, s.plan)
		}
	}
	for _, p := range plans {
		if !p.capLimit.set() && len(p.groups) == 0 && !slices.ContainsFunc(p.comps, func(c *component) bool { return c.cap.set() }) {
			continue
		}
		var own []span
		for _, s := range spans {
			if s.plan == p {
				own = append(own, s)
			}
		}
		pe, err := ps.capEnv(p, own)
		if err != nil {
			return err
		}
		for _, c := range p.comps {
			setComponent(&pe.Component, c, &pe.Payee)
			v, err := ps.limitValue(&c.cap, pe, p, "component "+c.def.ID, "cap")
			if err != nil {
				return err
			}
			if v != nil {
				ps.capLines(func(l *Line) bool { return l.Plan == p.id && l.Component == c.def.ID }, *v, p, c.def.ID, c.def.PayrollCode, "component cap", &c.cap, pe)
			}
		}
		for _, g := range p.groups {
			v, err := ps.limitValue(&g.limit, pe, p, "cap group "+g.def.ID, "amount")
			if err != nil {
				return err
			}
			ps.capLines(func(l *Line) bool { return l.Plan == p.id && slices.Contains(g.comps, l.Component) }, *v, p, g.def.ID, g.def.PayrollCode,
				"cap "+g.def.ID+" ("+strings.Join(g.comps, ", ")+")", &g.limit, pe)
		}
		v, err := ps.limitValue(&p.capLimit, pe, p, "plan cap", "cap")
		if err != nil {
			return err
		}
		if v != nil {
			ps.capLines(func(l *Line) bool { return l.Plan == p.id }, *v, p, planCapID, "", "plan cap", &p.capLimit, pe)
		}
	}
	// the lines are made in their order but for the cap lines: sort
	// them only when they are not (a line's place in the order is looked
	// up once for a run of lines of one component)
	var lastPlan, lastComp string
	lastI, lastJ := -1, 0
	order := func(l *Line) (int, int) {
		if lastI >= 0 && l.Plan == lastPlan && l.Component == lastComp {
			return lastI, lastJ
		}
		lastPlan, lastComp = l.Plan, l.Component
		lastI, lastJ = linePlace(plans, l)
		return lastI, lastJ
	}
	sorted := true
	pi, pj := 0, 0
	for k := range ps.lines {
		i, j := order(&ps.lines[k])
		if k > 0 && cmp.Or(cmp.Compare(pi, i), cmp.Compare(pj, j)) > 0 {
			sorted = false
			break
		}
		pi, pj = i, j
	}
	if sorted {
		return nil
	}
	slices.SortStableFunc(ps.lines, func(a, b Line) int {
		ai, aj := linePlace(plans, &a)
		bi, bj := linePlace(plans, &b)
		return cmp.Or(cmp.Compare(ai, bi), cmp.Compare(aj, bj))
	})
	return nil
}

// linePlace returns a line's place in the order of finishLines: its
// plan's index in plans, and its component's in the plan (a cap group's
// after them).
func linePlace(plans []*plan, l *Line) (int, int) {
	for i, p := range plans {
		if p.id != l.Plan {
			continue
		}
		for j, c := range p.comps {
			if c.def.ID == l.Component {
				return i, j
			}
		}
		return i, len(p.comps)
	}
	return len(plans), 0
}

// capLines adds a cap line when the lines that match add up to more than
// limit (rounded to the currency): the line withholds the excess, so the
// lines then add up to the cap exactly.
func (ps *payeeState) capLines(match func(*Line) bool, limit decimal.Decimal, p *plan, comp, code, what string, l *limit, pe *periodEnv) {
	sum := sumLines(ps.lines, match, p.places)
	limit = ps.round(p, limit)
	if sum.LessThanOrEqual(limit) {
		return
	}
	cut := limit.Sub(sum)
	line := Line{Plan: p.id, Component: comp, Kind: CapLine, Amount: cut, Currency: ps.currency, PayrollCode: code}
	if ps.r.trace {
		rule := ""
		if l.rule != nil {
			rule = " (" + oneLine(l.src) + ps.whereInner(l.src, pe) + ")"
		}
		line.why = &why{text: fmt.Sprintf("%s of %s%s: earned %s, %s withheld", what, formatAmount(limit), rule, formatAmount(sum), formatAmount(cut.Neg()))}
	}
	ps.lines = append(ps.lines, line)
}

// sumLines returns the sum of the amounts of the lines that match, as
// decimal.Zero.Add of each gives it: in whole units of places while
// every amount is one (a rounded amount is) and the sum fits, else in
// decimals.
func sumLines(lines []Line, match func(*Line) bool, places int32) decimal.Decimal {
	units, n := int64(0), 0
	for i := range lines {
		if !match(&lines[i]) {
			continue
		}
		u, ok := fx.Units(lines[i].Amount, places)
		if ok {
			units, ok = fx.Add(units, u)
		}
		if !ok {
			return sumDecimals(lines, match)
		}
		n++
	}
	if n == 0 {
		return decimal.Zero
	}
	return fx.Decimal(units, places)
}

// sumDecimals is sumLines in decimals.
func sumDecimals(lines []Line, match func(*Line) bool) decimal.Decimal {
	sum := decimal.Zero
	for i := range lines {
		if match(&lines[i]) {
			sum = sum.Add(lines[i].Amount)
		}
	}
	return sum
}

func (ps *payeeState) fail(c *component, dealID, what string, err error) error {
	where := ""
	if dealID != "" {
		where = ", deal " + dealID
	}
	return fmt.Errorf("payee %s%s: plan %s, component %s: %s: %w", ps.payee, where, c.plan.id, c.def.ID, what, err)
}

// round rounds a line amount to the plan currency's minor unit.
func (ps *payeeState) round(p *plan, d decimal.Decimal) decimal.Decimal {
	if d.Exponent() != -p.places && p.rounding.Valid() {
		// money.Rounding.Round's fast path, the decimal made in the
		// worker's slab
		if q, ok := ps.slab().Round(d, p.places, fx.Mode(p.rounding)); ok {
			return q
		}
	}
	return p.rounding.Round(d, p.places)
}

// pending is a line being made: its exact amount, the rate that applies
// and its explanation, until finish rounds it. The explanation of a
// per-credit line is worded when read, from w (see why.go): expl then
// holds only its tail, what a minimum or a per-deal cap adds.
type pending struct {
	amount decimal.Decimal
	on     bool // explanations are wanted
	rec    bool // the explanation is w's, worded when read
	note   bool // the line is a credit note's: its twin's, reversed
	// rate, when exact is set, is the rate that gives amount from the
	// line's base; else the line's rate is the effective one, amount ÷
	// base (several slices, a step, a multiplier, a minimum).
	rate     decimal.Decimal
	exact    bool
	expl     strings.Builder
	withheld decimal.Decimal
	w        why
	// num, when numOK, is the exact amount in fixed point, and amount is
	// not set: a product of numbers that fit, rounded without a decimal
	// of its own (materialize makes one when one is needed)
	num   fx.Num
	numOK bool
}

// setProduct sets the amount to a × b: in fixed point when both fit.
func (pd *pending) setProduct(a, b decimal.Decimal) {
	if x, ok := fx.Of(a); ok {
		pd.setProductNum(x, a, b)
		return
	}
	pd.amount = a.Mul(b)
}

// setProductNum is setProduct of a, whose number x is, and b.
func (pd *pending) setProductNum(x fx.Num, a, b decimal.Decimal) {
	if y, ok := fx.Of(b); ok {
		if pd.num, pd.numOK = x.Mul(y); pd.numOK {
			return
		}
	}
	pd.amount = a.Mul(b)
}

// valueNums are a credit's value of a measure and the measure's running
// totals before and after it in fixed point, when ok (see
// payeeState.valueNum).
type valueNums struct {
	base, before, after fx.Num
	ok                  bool
}

// isDiff reports whether base = after - before, from the numbers when
// they are known (isDiff otherwise).
func (n valueNums) isDiff(base, before, after decimal.Decimal) bool {
	if n.ok {
		if w, ok := n.after.Sub(n.before); ok {
			if c, ok := n.base.Cmp(w); ok {
				return c == 0
			}
		}
	}
	return isDiff(base, before, after)
}

// materialize makes the exact amount a decimal.
func (pd *pending) materialize() {
	if pd.numOK {
		pd.amount, pd.numOK = pd.num.Decimal(), false
	}
}

// start sizes the explanation buffer for a typical line at once.
func (pd *pending) start() {
	if pd.on && !pd.rec {
		pd.expl.Grow(160)
	}
}

// printf adds to the explanation, when explanations are wanted.
func (pd *pending) printf(format string, args ...any) {
	if pd.on {
		// not Fprintf: pd would escape to the heap through the io.Writer
		pd.expl.WriteString(fmt.Sprintf(format, args...))
	}
}

// lazy adds text made by f, calling f only when explanations are wanted.
func (pd *pending) lazy(f func() string) {
	if pd.on {
		pd.expl.WriteString(f())
	}
}

// setRate records that amount = base × r exactly.
func (pd *pending) setRate(r decimal.Decimal) { pd.rate, pd.exact = r, true }

// pricingChunk is how many [Pricing] values a payee's lines take from one
// allocation.
const pricingChunk = 32

// sliceChunk is how many [Slice] values a payee's lines take from one
// allocation.
const sliceChunk = 128

// newPricing returns a Pricing for a line of table t, from a block shared
// by the payee's lines: one allocation for many lines.
func (ps *payeeState) newPricing(t *Table, key, row string) *Pricing {
	if len(ps.pricings) == 0 {
		ps.pricings = make([]Pricing, pricingChunk)
	}
	pc := &ps.pricings[0]
	ps.pricings = ps.pricings[1:]
	pc.Table, pc.Basis = t.id, Amount
	if t.TwoDimensional() {
		pc.Key, pc.Row = key, row
	}
	return pc
}

// pointSlice returns s as the one slice of a table read at one point, from
// a block shared by the payee's lines.
func (ps *payeeState) pointSlice(s Slice) []Slice {
	if len(ps.slices) == 0 {
		ps.slices = make([]Slice, sliceChunk)
	}
	out := ps.slices[:1:1]
	out[0] = s
	ps.slices = ps.slices[1:]
	return out
}

// sliceRoom is room for a line's slices (three) in the block shared by
// the payee's lines; tookSlices takes from the block what a line's
// slices used of it.
func (ps *payeeState) sliceRoom() []Slice {
	if len(ps.slices) < 3 {
		ps.slices = make([]Slice, sliceChunk)
	}
	return ps.slices[:0:3]
}

func (ps *payeeState) tookSlices(s []Slice) {
	if len(s) > 0 && len(ps.slices) > 0 && &s[0] == &ps.slices[0] {
		ps.slices = ps.slices[len(s):]
	}
}

// convText writes how a credit was converted, for an explanation:
// "1,000.00 EUR at 1.10 = 1,100.00 USD; ".
func convText(cv *Conversion, p *plan) string {
	exact := cv.Amount.Mul(cv.Rate)
	rounded := ""
	if !exact.Equal(cv.Converted) {
		rounded = " = " + formatAmount(exact.Round(10)) + ", rounded " + p.rounding.String()
	}
	return formatAmount(cv.Amount) + " " + cv.From + " at " + formatFX(cv.Rate) + rounded + " = " + formatAmount(cv.Converted) + " " + cv.To + "; "
}

func (ps *payeeState) creditComponent(c *component, s span) error {
	p := c.plan
	var retro []retroItem
	last := -1 // the span's last credit, for the measure's running total there
	for k := range ps.credits {
		cr := &ps.credits[k]
		if cr.Date.Before(s.from) || cr.Date.After(s.to) {
			continue
		}
		if c.measure >= 0 {
			last = k
		}
		if len(c.kinds) > 0 && !slices.Contains(c.kinds, cr.Kind) {
			continue
		}
		if !c.def.Window.Contains(cr.Date) {
			continue
		}
		ps.setCredit(k)
		// running totals after this credit
		var before, after decimal.Decimal
		if c.measure >= 0 {
			after = ps.cumAt(k, c.measure)
			before = ps.prevAt(k, c.measure)
		}
		if c.readsTotals {
			for j, m := range ps.r.e.measures {
				run := ps.cumAt(k, j)
				ps.cenv.Measure[m.id] = run
				ps.cenv.Quota[m.id] = ps.quota[j]
				ps.cenv.Attainment[m.id] = ps.attainment(j, run)
			}
		}
		ps.cenv.Running = runningView{Before: before, After: after}
		if c.when != nil {
			ok, err := c.when.Bool(&ps.cenv)
			if err != nil {
				return ps.fail(c, cr.Deal, "when", err)
			}
			if !ok {
				continue
			}
		}
		base := decimal.Zero
		var nums valueNums // base, before and after in fixed point, when base is the measure's value
		if c.base != nil {
			v, err := c.base.Decimal(&ps.cenv)
			if err != nil {
				return ps.fail(c, cr.Deal, "base", err)
			}
			base = v
		} else if c.measure >= 0 {
			base = ps.values[k][c.measure]
			nums.base, nums.before, nums.after, nums.ok = ps.valueNum(k, c.measure)
		}
		line := Line{Plan: p.id, Component: c.def.ID, Deal: cr.Deal, Kind: LineKind(cr.Kind), Base: base, Currency: ps.currency, PayrollCode: c.def.PayrollCode}
		pd := pending{on: ps.r.trace, rec: ps.r.trace, note: cr.Amount.Sign() < 0}
		pd.w.c = c
		if ps.convs != nil && ps.convs[k] != nil {
			line.Conversion = ps.convs[k]
		}
		if pd.note {
			// a credit note's prices are its twin's: what it reverses
			ps.setTwin(k)
		}
		switch {
		case c.rate != nil:
			rate, err := c.rate.Decimal(&ps.cenv)
			if err != nil {
				return ps.fail(c, cr.Deal, "rate", err)
			}
			line.Rate = rate
			if nums.ok {
				pd.setProductNum(nums.base, base, rate)
			} else {
				pd.setProduct(base, rate)
			}
			pd.w.body = bodyRate
		case c.amount != nil:
			amt, err := c.amount.Decimal(&ps.cenv)
			if err != nil {
				return ps.fail(c, cr.Deal, "amount", err)
			}
			pd.amount = amt
			if pd.note {
				// a fixed amount is its twin's, reversed
				pd.amount = amt.Neg()
			}
			switch {
			case !pd.on:
			case c.amountText != "" && !pd.note:
				pd.w.text = c.amountText
			case pd.note:
				pd.w.text = "credit note, priced as its twin: -(" + oneLine(c.def.Amount) + ps.whereCredit(c.def.Amount) + ")"
			default:
				pd.w.text = oneLine(c.def.Amount) + ps.whereCredit(c.def.Amount)
			}
		case c.table != nil:
			key := ""
			if c.key != nil {
				var err error
				if key, err = c.key.String(&ps.cenv); err != nil {
					return ps.fail(c, cr.Deal, "key", err)
				}
			}
			if err := ps.priceCredit(c, key, base, before, after, nums, &line, &pd); err != nil {
				return ps.fail(c, cr.Deal, "table "+c.table.ID(), err)
			}
		}
		tableRate := pd.rate // the table's rate, before the multiplier
		mult := one
		if c.mult != nil {
			m, err := c.mult.Decimal(&ps.cenv)
			if err != nil {
				return ps.fail(c, cr.Deal, "multiplier", err)
			}
			mult = m
			if !m.Equal(one) {
				pd.materialize()
				pd.amount = pd.amount.Mul(m)
				pd.exact = false
				pd.w.hasMult, pd.w.mult = true, m
			}
		}
		ps.finish(c, &line, &pd)
		if c.def.Retroactive {
			retro = append(retro, retroItem{deal: cr.Deal, base: base, rate: tableRate, mult: mult, paid: ps.lines[len(ps.lines)-1].Amount})
		}
	}
	if len(retro) > 0 {
		spanTotal := decimal.Zero
		if last >= 0 {
			spanTotal = ps.cumAt(last, c.measure)
		}
		return ps.retroLines(c, retro, spanTotal)
	}
	return nil
}

// rowText names the row of a two-dimensional table for an explanation:
// ", row enterprise", or ", row * (no row smb)" for a key priced by the
// default row; "" for a table of one dimension.
func rowText(pc *Pricing) string {
	switch {
	case pc.Row == "":
		return ""
	case pc.Row != pc.Key:
		return ", row " + pc.Row + " (the default, for " + strconv.Quote(pc.Key) + ")"
	}
	return ", row " + pc.Row
}

// priceCredit prices a credit with the component's table: it sets the
// line's pricing, the pending amount and rate, and writes the
// explanation.
func (ps *payeeState) priceCredit(c *component, key string, base, before, after decimal.Decimal, nums valueNums, line *Line, pd *pending) error {
	t := c.table
	bands, row, err := t.row(key)
	if err != nil {
		return err
	}
	pc := ps.newPricing(t, key, row)
	line.Pricing = pc
	if c.def.Scope != RunningScope {
		if t.Basis() == Attainment {
			// the base at the rate the payee's attainment reaches (a
			// highest or linear table: compile checks the mode), at the
			// top of the credit's slice: the attainment it reaches, or
			// for a credit note the one its twin reached
			att := ps.attainment(c.measure, decimal.Max(before, after))
			rate := rateAt(t.mode, bands, att)
			pd.amount = base.Mul(rate)
			pd.setRate(rate)
			sl := slice(bands, bandAt(bands, att), att, att)
			sl.Rate, sl.Amount = rate, pd.amount
			pc.Basis, pc.Slices = Attainment, ps.pointSlice(sl)
			pd.w.body = bodyPoint
			return nil
		}
		pr := apply(t.mode, bands, base.Abs())
		if base.Sign() < 0 {
			pr = pr.neg()
			pd.w.negBase = true
		}
		pd.amount = pr.Amount
		pc.Slices = pr.Slices
		if len(pr.Slices) == 1 && t.mode != Step {
			pd.setRate(pr.Slices[0].Rate)
		}
		pd.w.body = bodySlices
		return nil
	}
	sb := bands
	var nb *numBands // sb's in fixed point, when known
	if t.Basis() == Attainment {
		q := ps.quota[c.measure]
		if q.Sign() <= 0 {
			// no quota, and the plan says zero_quota: zero: attainment
			// stays 0, so the slice is priced at the table's rate at 0
			rate := rateAt(t.mode, bands, decimal.Zero)
			if t.mode == Step || t.mode == Prorated {
				rate = decimal.Zero
			}
			pd.amount = base.Mul(rate)
			pd.setRate(rate)
			pc.Basis = Attainment
			if pd.on {
				pd.w.text = formatAmount(base) + " x " + formatRate(rate) + " (table " + t.ID() + rowText(pc) + " at attainment 0: no quota)"
			}
			return nil
		}
		// the bounds in currency: attainment times the payee's quota,
		// scaled once for a payee's table, row and quota
		if ps.sb.table != t || ps.sb.key != key || !ps.sb.quota.Equal(q) {
			ps.sb.bands, ps.sb.table, ps.sb.key, ps.sb.quota = scaled(bands, q), t, key, q
			ps.sb.nums = numsOf(ps.sb.nums, ps.sb.bands)
		}
		sb, nb = ps.sb.bands, &ps.sb.nums
	}
	var pr Priced
	if after.LessThan(before) {
		// a credit note reverses from the top down: the slices are
		// priced in the line's room and negated there
		pr = applyRangeIn(ps.slab(), ps.sliceRoom(), t.mode, sb, nb, after, before)
		ps.tookSlices(pr.Slices)
		pr.negate()
	} else {
		pr = applyRangeIn(ps.slab(), ps.sliceRoom(), t.mode, sb, nb, before, after)
		ps.tookSlices(pr.Slices)
	}
	pc.Slices = pr.Slices
	pd.w.body, pd.w.before, pd.w.after = bodyRunning, before, after
	pd.amount = pr.Amount
	if len(pr.Slices) == 1 && t.mode != Step {
		pd.setRate(pr.Slices[0].Rate)
	}
	if t.mode != Step && !nums.isDiff(base, before, after) {
		// the table prices the measure; the base takes its blended rate
		delta := after.Sub(before)
		if delta.IsZero() {
			rate := rateAt(t.mode, sb, after)
			pd.amount = base.Mul(rate)
			pd.setRate(rate)
			pd.w.blend, pd.w.rate = 1, rate
			return nil
		}
		blended := pr.Amount.DivRound(delta, divPrecision)
		pd.amount = base.Mul(blended)
		pd.setRate(blended)
		pd.w.blend, pd.w.rate = 2, blended
	}
	return nil
}

type retroItem struct {
	deal       string
	base, rate decimal.Decimal // rate: the table's, before the multiplier
	mult       decimal.Decimal // the line's multiplier
	paid       decimal.Decimal // the line's rounded amount
}

// retroLines re-prices the component's earlier lines at the rate of the
// band the plan's period total reached (total): for each, base × final
// rate × multiplier, within the per-deal cap, less what the line paid, as
// a line of its own.
func (ps *payeeState) retroLines(c *component, items []retroItem, total decimal.Decimal) error {
	t := c.table
	bands, err := t.bands("")
	if err != nil {
		return ps.fail(c, "", "retroactive re-pricing", err)
	}
	sb := bands
	if t.Basis() == Attainment {
		if q := ps.quota[c.measure]; q.Sign() > 0 {
			sb = scaled(bands, q)
		}
	}
	final := rateAt(t.mode, sb, total)
	i := bandAt(sb, total)
	band := "below the table"
	if i >= 0 {
		bound := formatAmount(bands[i].From)
		if t.Basis() == Attainment {
			bound = formatRate(bands[i].From)
		}
		band = bandName(bands, i, bound)
	}
	for _, it := range items {
		if it.rate.Equal(final) {
			continue
		}
		target := it.base.Mul(final).Mul(it.mult)
		capped := ""
		if cp := ps.lim.capDeal; cp != nil && target.Abs().GreaterThan(*cp) {
			target = *cp
			if it.base.Sign() < 0 {
				target = target.Neg()
			}
			capped = fmt.Sprintf(", capped at %s per deal", formatAmount(*cp))
		}
		target = ps.round(c.plan, target)
		diff := target.Sub(it.paid)
		if diff.IsZero() {
			continue
		}
		line := Line{Plan: c.plan.id, Component: c.def.ID, Deal: it.deal, Kind: RetroLine, Base: it.base, Rate: final.Sub(it.rate), Currency: ps.currency, PayrollCode: c.def.PayrollCode,
			Pricing: ps.newPricing(t, "", "")}
		pd := pending{on: ps.r.trace, amount: diff}
		if pd.on {
			mult := ""
			if !it.mult.Equal(one) {
				mult = " x " + formatNumber(it.mult)
			}
			pd.printf("re-priced at %s (table %s, %s reached by the period total of %s): %s x %s%s%s = %s, less %s paid",
				formatRate(final), t.ID(), band, formatAmount(total), formatAmount(it.base), formatRate(final), mult, capped, formatAmount(target), formatAmount(it.paid))
		}
		ps.finishPlain(c.plan, &line, &pd)
	}
	return nil
}

// finish applies the minimum and the per-deal cap, sets the rate of a
// table's line, rounds the amount and appends the line.
func (ps *payeeState) finish(c *component, line *Line, pd *pending) {
	if ps.lim.min != nil || ps.lim.capDeal != nil || (line.Pricing != nil && !pd.exact) {
		pd.materialize()
	}
	if m := ps.lim.min; m != nil {
		// the minimum raises a positive line; a credit note's line is its
		// twin's reversed, so one between -min and 0 is lowered to -min
		switch {
		case !pd.note && pd.amount.Sign() > 0 && pd.amount.LessThan(*m):
			pd.printf(" = %s, raised to the minimum of %s", formatAmount(pd.amount), formatAmount(*m))
			pd.amount, pd.exact = *m, false
		case pd.note && pd.amount.Sign() < 0 && pd.amount.GreaterThan(ps.lim.minNeg):
			pd.printf(" = %s, the minimum of %s reversed", formatAmount(pd.amount), formatAmount(*m))
			pd.amount, pd.exact = ps.lim.minNeg, false
		}
	}
	if line.Pricing != nil {
		switch {
		case pd.exact:
			line.Rate = pd.rate
		case !line.Base.IsZero():
			line.Rate = pd.amount.DivRound(line.Base, divPrecision)
		}
	}
	if cp := ps.lim.capDeal; cp != nil && (pd.amount.GreaterThan(*cp) || pd.amount.LessThan(ps.lim.capNeg)) {
		capped := *cp
		if pd.amount.Sign() < 0 {
			capped = capped.Neg()
		}
		pd.withheld = ps.round(c.plan, pd.amount.Sub(capped))
		pd.printf(" = %s, capped at %s per deal (%s withheld)", formatAmount(ps.round(c.plan, pd.amount)), formatAmount(*cp), formatAmount(pd.withheld))
		pd.amount = capped
	}
	line.Withheld = pd.withheld
	ps.finishPlain(c.plan, line, pd)
}

func (ps *payeeState) finishPlain(p *plan, line *Line, pd *pending) {
	if pd.numOK {
		// money.Rounding.Round's fast path, without the decimal
		if q, ok := pd.num.Round(p.places, fx.Mode(p.rounding)); ok && p.rounding.Valid() {
			line.Amount = ps.slab().Decimal(q)
		} else {
			pd.materialize()
		}
	}
	if !pd.numOK {
		line.Amount = ps.round(p, pd.amount)
	}
	switch {
	case pd.rec && pd.w.body == bodyRate && !pd.w.hasMult && pd.expl.Len() == 0 && pd.w.c.plainRate != nil:
		// nothing to keep but the line's own numbers
		line.why = pd.w.c.plainRate
	case pd.rec:
		pd.w.tail, pd.w.exact = pd.expl.String(), pd.amount
		pd.w.num, pd.w.numOK = pd.num, pd.numOK
		line.why = ps.newWhy(pd.w)
	case pd.on:
		pd.materialize()
		pd.expl.WriteString(roundingText(p, pd.amount, line.Amount))
		line.why = ps.newWhy(why{text: pd.expl.String()})
	}
	if ps.r.flags != nil && line.Deal != "" {
		line.Flags = ps.r.flags[line.Deal]
	}
	ps.lines = append(ps.lines, *line)
}

func (ps *payeeState) periodComponent(c *component, s span, pe *periodEnv) error {
	p := c.plan
	if c.pwhen != nil {
		ok, err := c.pwhen.Bool(pe)
		if err != nil {
			return ps.fail(c, "", "when", err)
		}
		if !ok {
			return nil
		}
	}
	base := decimal.Zero
	if c.pbase != nil {
		v, err := c.pbase.Decimal(pe)
		if err != nil {
			return ps.fail(c, "", "base", err)
		}
		base = v
	} else if c.measure >= 0 {
		base = ps.totals[c.measure]
	}
	line := Line{Plan: p.id, Component: c.def.ID, Kind: PeriodLine, Base: base, Currency: ps.currency, PayrollCode: c.def.PayrollCode}
	pd := pending{on: ps.r.trace}
	pd.start()
	switch {
	case c.prate != nil:
		rate, err := c.prate.Decimal(pe)
		if err != nil {
			return ps.fail(c, "", "rate", err)
		}
		line.Rate = rate
		pd.amount = base.Mul(rate)
		pd.printf("%s x %s", formatAmount(base), formatRate(rate))
		pd.lazy(func() string { return ps.where(c.def.Rate, pe) })
	case c.pamount != nil:
		amt, err := c.pamount.Decimal(pe)
		if err != nil {
			return ps.fail(c, "", "amount", err)
		}
		pd.amount = amt
		pd.lazy(func() string { return oneLine(c.def.Amount) + ps.where(c.def.Amount, pe) })
	case c.table != nil:
		key := ""
		if c.pkey != nil {
			var err error
			if key, err = c.pkey.String(pe); err != nil {
				return ps.fail(c, "", "key", err)
			}
		}
		if err := ps.pricePeriod(c, key, base, pe, &line, &pd); err != nil {
			return ps.fail(c, "", "table "+c.table.ID(), err)
		}
	}
	if c.pmult != nil {
		m, err := c.pmult.Decimal(pe)
		if err != nil {
			return ps.fail(c, "", "multiplier", err)
		}
		if !m.Equal(one) {
			pd.amount = pd.amount.Mul(m)
			pd.exact = false
			pd.printf(" x %s (multiplier %s)", formatNumber(m), oneLine(c.def.Multiplier))
		}
	}
	if p.prorate && s.days() < ps.view.Days {
		pd.amount = pd.amount.Mul(decimal.NewFromInt(int64(s.days()))).DivRound(decimal.NewFromInt(int64(ps.view.Days)), divPrecision)
		pd.exact = false
		pd.printf(" x %d/%d days in force", s.days(), ps.view.Days)
	}
	ps.finish(c, &line, &pd)
	return nil
}

// pricePeriod prices a per-period base with the component's table: it
// sets the line's pricing, the pending amount and rate, and writes the
// explanation.
func (ps *payeeState) pricePeriod(c *component, key string, base decimal.Decimal, pe *periodEnv, line *Line, pd *pending) error {
	t := c.table
	bands, row, err := t.row(key)
	if err != nil {
		return err
	}
	pc := ps.newPricing(t, key, row)
	line.Pricing = pc
	if t.Basis() != Attainment {
		pr := apply(t.mode, bands, base.Abs())
		if base.Sign() < 0 {
			pr = pr.neg()
			pd.printf("%s priced on its absolute value, sign restored: -(", formatAmount(base))
			defer pd.printf(")")
		}
		pd.amount = pr.Amount
		pc.Slices = pr.Slices
		if len(pr.Slices) == 1 && t.mode != Step {
			pd.setRate(pr.Slices[0].Rate)
		}
		pd.lazy(func() string { return describeSlices(t, pc, pr, formatAmount) })
		return nil
	}
	m := ps.r.e.measures[c.measure].id
	att := pe.Attainment[m]
	point := func(rate, amount decimal.Decimal) {
		sl := slice(bands, bandAt(bands, att), att, att)
		sl.Rate, sl.Amount = rate, amount
		pc.Basis, pc.Slices = Attainment, ps.pointSlice(sl)
	}
	switch t.mode {
	case Highest, Linear:
		// a payout curve: the base at the rate attainment reaches
		rate := rateAt(t.mode, bands, att)
		pd.amount = base.Mul(rate)
		pd.setRate(rate)
		point(rate, pd.amount)
		pd.printf("%s x %s (table %s%s at attainment %s of %s)", formatAmount(base), formatRate(rate), t.ID(), rowText(pc), formatPercent(att), m)
	case Step:
		// the amount of the band attainment reaches
		pd.amount = rateAt(t.mode, bands, att)
		point(decimal.Zero, pd.amount)
		pd.printf("%s (table %s%s at attainment %s of %s)", formatAmount(pd.amount), t.ID(), rowText(pc), formatPercent(att), m)
	case Marginal, Prorated:
		// each slice of the period total at its band's rate (a prorated
		// band's amount per unit), the bounds being attainment times quota
		q := ps.quota[c.measure]
		if q.Sign() <= 0 {
			rate := rateAt(t.mode, bands, decimal.Zero)
			if t.mode == Prorated {
				rate = decimal.Zero // no quota: nothing of any band is reached
			}
			pd.amount = base.Mul(rate)
			pd.setRate(rate)
			pc.Basis = Attainment
			pd.printf("%s x %s (table %s%s at attainment 0: no quota)", formatAmount(base), formatRate(rate), t.ID(), rowText(pc))
			break
		}
		sb := scaled(bands, q)
		pr := apply(t.mode, sb, base.Abs())
		if base.Sign() < 0 {
			pr = pr.neg()
		}
		pd.amount = pr.Amount
		pc.Slices = pr.Slices
		if len(pr.Slices) == 1 {
			pd.setRate(pr.Slices[0].Rate)
		}
		pd.lazy(func() string { return describeSlices(t, pc, pr, formatAmount) })
	}
	return nil
}

// where lists the values of the measures, attainments, quotas and params
// an expression reads: " (attainment.bookings = 112.5%, params.ti =
// 15,000.00)".
func (ps *payeeState) where(src string, pe *periodEnv) string {
	if s := ps.whereInner(src, pe); s != "" {
		return " (" + s[2:] + ")"
	}
	return ""
}

// whereInner is where's list without its parentheses, each value
// starting with ", ".
func (ps *payeeState) whereInner(src string, pe *periodEnv) string {
	s := ps.describeRefs(src, pe.Measure, pe.Attainment, pe.Quota, pe.Params) + describeTerms(src, &pe.Payee, &pe.Component)
	if pe.Score != nil {
		seen := map[string]bool{}
		for _, m := range scoreRE.FindAllStringSubmatch(src, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				s += ", " + m[0] + " = " + formatPercent(pe.Score[m[1]])
			}
		}
	}
	return s
}

func (ps *payeeState) whereCredit(src string) string {
	if s := ps.describeRefs(src, ps.cenv.Measure, ps.cenv.Attainment, ps.cenv.Quota, ps.cenv.Params) + describeTerms(src, &ps.cenv.Payee, &ps.cenv.Component); s != "" {
		return " (" + s[2:] + ")"
	}
	return ""
}

// describeTerms writes the payee's terms an expression reads, each
// starting with ", ".
func describeTerms(src string, pv *payeeView, cv *componentView) string {
	var b strings.Builder
	seen := ""
	for _, m := range termsRE.FindAllString(src, -1) {
		if strings.Contains(seen, "|"+m+"|") {
			continue
		}
		seen += "|" + m + "|"
		switch m {
		case "payee.ote":
			b.WriteString(", payee.ote = " + formatAmount(pv.OTE.Round(10)))
		case "payee.base":
			b.WriteString(", payee.base = " + formatAmount(pv.Base.Round(10)))
		case "payee.target_incentive":
			b.WriteString(", payee.target_incentive = " + formatAmount(pv.TargetIncentive.Round(10)))
		case "component.target_incentive":
			b.WriteString(", component.target_incentive = " + formatAmount(cv.TargetIncentive.Round(10)))
		case "payee.pay_mix":
			b.WriteString(", payee.pay_mix = " + formatPercent(pv.PayMix))
		}
		b.WriteString(pv.year.perYear(m, cv)) // member_terms.go
	}
	return b.String()
}

// describeRefs writes the values an expression reads: money (a money
// measure, its quota, a param) as amounts, counts as numbers, attainment
// as a percentage.
func (ps *payeeState) describeRefs(src string, measure, att, quota, params map[string]decimal.Decimal) string {
	var parts []string
	seen := map[string]bool{}
	amountOf := func(id string) func(decimal.Decimal) string {
		if i, ok := ps.r.e.mindex[id]; ok && ps.r.e.measures[i].count {
			return formatNumber
		}
		return formatAmount
	}
	for _, m := range refRE.FindAllStringSubmatch(src, -1) {
		ref := m[0]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		switch m[1] {
		case "measure":
			parts = append(parts, ref+" = "+amountOf(m[2])(measure[m[2]]))
		case "attainment":
			parts = append(parts, ref+" = "+formatPercent(att[m[2]]))
		case "quota":
			parts = append(parts, ref+" = "+amountOf(m[2])(quota[m[2]]))
		case "params":
			parts = append(parts, ref+" = "+formatAmount(params[m[2]]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// oneLine folds an expression onto one line for an explanation.
func oneLine(src string) string {
	return strings.Join(strings.Fields(src), " ")
}
