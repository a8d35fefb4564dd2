package whatif

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/process"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// Method is how [Simulate] varies a payee's attainment.
type Method string

// The methods.
const (
	// Scale multiplies the amounts of the deals credited to the payee by
	// one factor per point: the same deals, the same mix of products,
	// splits and dates, bigger or smaller.
	Scale Method = "scale"
	// Synthetic replaces the deals credited to the payee by one deal per
	// point, dated the period's last day, a copy of one of their deals
	// (its channel, stage, product and attributes) with the amount that
	// reaches the attainment. It is what a payee with no deals yet gets.
	Synthetic Method = "synthetic"
)

// Options set a simulation; the zero value is 0% to 200% of quota in
// steps of 10%, on the payee's first measure with a quota, by scaling.
type Options struct {
	// Steps is the number of steps from 0 to Max (21 points for 20);
	// 0 means 20. At most 1,000.
	Steps int
	// Max is the highest attainment, a fraction of quota (2 is 200%);
	// zero means 2.
	Max decimal.Decimal
	// Measure is the measure attainment is of; empty means the first of
	// the payee's measures that has a quota in the period.
	Measure string
	// Method is how attainment is varied; empty means Scale, or
	// Synthetic for a payee with no deals credited.
	Method Method
}

// Point is the payout at one attainment.
type Point struct {
	// Attainment is the attainment the point is at: a fraction of quota
	// (1.1 is 110%).
	Attainment decimal.Decimal
	// Measured is the attainment the run gave, which may pass Attainment
	// by a hair (a synthetic deal is of whole cents, splits are allocated
	// to the cent): a point is never below what it stands for, so a gate
	// at 100% is open at the 100% point.
	Measured decimal.Decimal
	// Value is the measure's value at the point.
	Value decimal.Decimal
	// Payout is the payee's statement total for the period: what the
	// plans earn, before draws, holds and releases.
	Payout decimal.Decimal
	// Components are the statement's subtotals.
	Components []commission.Subtotal
}

// Curve is a payee's payout across attainment: what a rep sees as their
// payout curve, and finance as the cost of the plan for one payee. It
// is plain data; package report draws it.
type Curve struct {
	Payee, Period, Currency string
	// Name is the payee's name, when the strategy gives one.
	Name string
	// Measure is what attainment is of, against Quota.
	Measure string
	Quota   decimal.Decimal
	// Actual is the attainment on the deals as given (0 with none).
	Actual decimal.Decimal
	// Method is how attainment was varied; Deals is how many deals were
	// credited to the payee (and scaled or replaced).
	Method Method
	Deals  int
	// Assumptions say, in words, what the points assume.
	Assumptions []string
	Points      []Point
}

// Simulate computes payee's payout in the period at attainments from 0 to
// Max in Steps steps, varying the deals credited to the payee as
// opt.Method says and keeping every other deal as given. The payee must
// have a plan in force and a quota of the measure in the period (a quota
// above 0). Every point is one run of the strategy, so tiers, caps,
// accelerators, gates and per-period bonuses are the plan's own.
//
// A point aims at its attainment exactly; when the measure does not
// follow the deals' amounts exactly (credit split to the cent, a
// currency conversion, a measure that is not the credited amount), the
// deals are adjusted up until the measure reaches the point (Measured).
// A measure that does not follow amounts at all (a count of deals) is an
// error: choose another with opt.Measure.
func Simulate(s *strategy.Strategy, payee, periodID string, deals []deal.Deal, opt Options, runOpts ...commission.RunOption) (*Curve, error) {
	member, ok := s.Org().Member(payee)
	if !ok {
		return nil, fmt.Errorf("unknown payee %q%s", payee, hint(payee, s.Org().MemberIDs()))
	}
	steps, top, err := opt.bounds()
	if err != nil {
		return nil, err
	}
	base, err := s.Run(periodID, deals, runOpts...)
	if err != nil {
		return nil, err
	}
	st, ok := base.Statement(payee)
	if !ok {
		return nil, fmt.Errorf("%s has no plan in force in %s, so no payout to simulate", payee, base.Period)
	}
	mv, err := pickMeasure(st, opt.Measure, base.Period)
	if err != nil {
		return nil, err
	}
	p, err := s.Calendar().Parse(periodID)
	if err != nil {
		return nil, err
	}
	credited := map[string]bool{}
	for _, c := range base.Credits {
		if c.Payee == payee {
			credited[c.Deal] = true
		}
	}
	sim := &simulation{s: s, payee: payee, period: periodID, measure: mv.Measure, quota: mv.Quota, deals: deals, credited: credited,
		opts: append(slices.Clone(runOpts), commission.WithoutExplanations())}
	c := &Curve{Payee: payee, Name: member.Name, Period: base.Period, Currency: st.Currency, Measure: mv.Measure, Quota: mv.Quota, Actual: mv.Attainment,
		Method: opt.Method, Deals: len(credited)}
	if c.Method == "" {
		c.Method = Scale
		if len(credited) == 0 || mv.Value.Sign() <= 0 {
			c.Method = Synthetic
		}
	}
	amount := func(d decimal.Decimal) string { return numfmt.Amount(d) }
	c.Assumptions = append(c.Assumptions, fmt.Sprintf("attainment is %s against %s's quota of %s in %s; on the deals as given it is %s",
		mv.Measure, payee, amount(mv.Quota), base.Period, numfmt.Percent(mv.Attainment)))
	switch c.Method {
	case Scale:
		if len(credited) == 0 || mv.Value.Sign() <= 0 {
			return nil, fmt.Errorf("%s has no %s in %s to scale (%s): simulate with synthetic deals", payee, mv.Measure, base.Period, numfmt.Number(mv.Value))
		}
		sim.vary = sim.scale(mv.Value)
		c.Assumptions = append(c.Assumptions,
			fmt.Sprintf("each point multiplies the amounts of the %d %s credited to %s by one factor, so that %s reaches the attainment; every other deal is as given",
				len(credited), plural(len(credited), "deal", "deals"), payee, mv.Measure),
			"the number of deals, their dates, products and splits stay as they are, so what a plan pays per deal (a SPIF, a cap per deal) does not grow with attainment; at 0% the deals are left out")
	case Synthetic:
		tmpl, desc, ok := template(deals, credited, payee)
		if !ok {
			tmpl, desc = bareTemplate(s, payee, p)
		}
		tmpl.Date = p.End
		tmpl.CloseDate = calendar.Date{}
		sim.tmpl = tmpl
		if sim.vary, err = sim.synthetic(); err != nil {
			return nil, err
		}
		what := fmt.Sprintf("replaces the %d %s credited to %s by one deal", len(credited), plural(len(credited), "deal", "deals"), payee)
		if len(credited) == 0 {
			what = fmt.Sprintf("gives %s, who has no deals, one deal", payee)
		}
		c.Assumptions = append(c.Assumptions,
			fmt.Sprintf("each point %s dated %s, %s, with the amount that brings %s to the attainment; every other deal is as given",
				what, p.End, desc, mv.Measure),
			"one deal a point: a cap per deal, a SPIF per deal or a rate by deal size applies to it as to one deal of that size; at 0% there is no deal")
	default:
		return nil, fmt.Errorf("unknown method %q: want %s or %s", c.Method, Scale, Synthetic)
	}
	c.Assumptions = append(c.Assumptions, fmt.Sprintf("the payout is the total of %s's statement for %s: what the plans earn, before draws, holds and releases", payee, base.Period))
	for i := 0; i <= steps; i++ {
		target := top.Mul(decimal.NewFromInt(int64(i))).DivRound(decimal.NewFromInt(int64(steps)), 12)
		pt, err := sim.point(target)
		if err != nil {
			return nil, fmt.Errorf("at %s: %w", numfmt.Percent(target), err)
		}
		c.Points = append(c.Points, pt)
	}
	return c, nil
}

func (o Options) bounds() (int, decimal.Decimal, error) {
	steps := cmp.Or(o.Steps, 20)
	if steps < 1 || steps > 1000 {
		return 0, decimal.Zero, fmt.Errorf("steps: %d: want 1 to 1000", o.Steps)
	}
	top := o.Max
	if top.IsZero() {
		top = decimal.NewFromInt(2)
	}
	if top.Sign() < 0 || top.GreaterThan(decimal.NewFromInt(100)) {
		return 0, decimal.Zero, fmt.Errorf("max: %s: want an attainment above 0 and at most 100 (10,000%%)", top)
	}
	return steps, top, nil
}

func pickMeasure(st commission.Statement, id, period string) (commission.MeasureValue, error) {
	var ids []string
	for _, m := range st.Measures {
		ids = append(ids, m.Measure)
		if m.Measure == id || (id == "" && m.HasQuota) {
			if !m.HasQuota {
				return m, fmt.Errorf("%s has no quota of %s in %s: attainment needs one", st.Payee, m.Measure, period)
			}
			if m.Quota.Sign() <= 0 {
				return m, fmt.Errorf("%s's quota of %s in %s is %s: attainment needs a quota above 0", st.Payee, m.Measure, period, m.Quota)
			}
			return m, nil
		}
	}
	if id != "" {
		return commission.MeasureValue{}, fmt.Errorf("unknown measure %q%s", id, hint(id, ids))
	}
	return commission.MeasureValue{}, fmt.Errorf("%s has no quota in %s: attainment needs one (the targets section)", st.Payee, period)
}

// template returns the deal a synthetic point copies: the latest deal the
// payee owns or shares, else the latest credited to them (a manager's
// report's, an overlay's); and how to say which. It returns false for a
// payee with no deals credited.
func template(deals []deal.Deal, credited map[string]bool, payee string) (deal.Deal, string, bool) {
	var own, other *deal.Deal
	for i := range deals {
		d := &deals[i]
		if !credited[d.ID] {
			continue
		}
		later := func(o *deal.Deal) bool {
			return o == nil || cmp.Or(d.Date.Compare(o.Date), cmpString(d.ID, o.ID)) > 0
		}
		shares := d.Owner == payee || slices.ContainsFunc(d.Splits, func(s deal.Split) bool { return s.Member == payee })
		if shares && later(own) {
			own = d
		}
		if later(other) {
			other = d
		}
	}
	switch {
	case own != nil:
		t := *own
		t.Owner, t.Splits = payee, nil
		t.ID = "SIMULATED"
		return t, "owned by " + payee + ", a copy of " + own.ID, true
	case other != nil:
		t := *other
		t.ID = "SIMULATED"
		return t, "a copy of " + other.ID + " (owned by " + other.Owner + ")", true
	}
	return deal.Deal{}, "", false
}

// bareTemplate returns the deal a synthetic point copies for a payee with
// no deals: owned by the payee, in the strategy's currency, on the first
// channel and territory of the payee's team (or the teams above it) at
// the end of the period, in the won stage of the process that applies.
func bareTemplate(s *strategy.Strategy, payee string, p calendar.Period) (deal.Deal, string) {
	d := deal.Deal{ID: "SIMULATED", Owner: payee, Currency: s.Currency(), Date: p.End}
	desc := "owned by " + payee + ", in " + s.Currency()
	if team, ok := s.Org().TeamOf(payee, p.End); ok {
		for _, id := range s.Org().TeamPath(team, p.End) {
			t, _ := s.Org().TeamAt(id, p.End)
			if d.Channel == "" && len(t.Channels) > 0 {
				d.Channel = t.Channels[0]
			}
			if d.Territory == "" && len(t.Territories) > 0 {
				d.Territory = t.Territories[0]
			}
		}
	}
	if d.Channel != "" {
		desc += ", on channel " + d.Channel
	}
	if d.Territory != "" {
		desc += " in territory " + d.Territory
	}
	if b := s.Process(); b != nil {
		if proc, err := b.ProcessOf(&d); err == nil {
			for _, st := range proc.Stages() {
				if st.Outcome == process.Won {
					d.Stage = st.ID
					desc += ", in stage " + st.ID
					break
				}
			}
		}
	}
	return d, desc + ", with no product or attributes"
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// simulation is one Simulate call's state.
type simulation struct {
	s             *strategy.Strategy
	payee, period string
	measure       string
	quota         decimal.Decimal
	deals         []deal.Deal
	credited      map[string]bool
	opts          []commission.RunOption
	tmpl          deal.Deal
	// vary returns the deals at k: the credited deals' amounts times k
	// (Scale), or one deal of amount k (Synthetic).
	vary func(k decimal.Decimal) []deal.Deal
	// guess returns the k that should bring attainment to target.
	guess func(target decimal.Decimal) decimal.Decimal
}

// scale returns the deals with the credited ones' amounts times a factor.
func (sim *simulation) scale(actual decimal.Decimal) func(decimal.Decimal) []deal.Deal {
	sim.guess = func(target decimal.Decimal) decimal.Decimal {
		return target.Mul(sim.quota).DivRound(actual, 16)
	}
	return func(k decimal.Decimal) []deal.Deal {
		out := make([]deal.Deal, 0, len(sim.deals))
		for _, d := range sim.deals {
			if sim.credited[d.ID] {
				if k.IsZero() {
					continue
				}
				d.Amount = d.Amount.Mul(k)
			}
			out = append(out, d)
		}
		return out
	}
}

// synthetic returns the deals with the credited ones replaced by the
// template at an amount; it first measures what one unit of amount
// brings to the measure.
func (sim *simulation) synthetic() (func(decimal.Decimal) []deal.Deal, error) {
	vary := func(amount decimal.Decimal) []deal.Deal {
		out := make([]deal.Deal, 0, len(sim.deals)+1)
		for _, d := range sim.deals {
			if !sim.credited[d.ID] {
				out = append(out, d)
			}
		}
		if !amount.IsZero() {
			d := sim.tmpl
			d.Amount = cents(amount, d.Currency)
			out = append(out, d)
		}
		return out
	}
	probe := sim.quota
	v, err := sim.value(vary(probe))
	if err != nil {
		return nil, err
	}
	if v.Sign() <= 0 {
		return nil, fmt.Errorf("a simulated deal of %s does not count towards %s's %s (it is not in a won stage, on a channel of the plan…): give deals of the payee to copy", numfmt.Amount(probe), sim.payee, sim.measure)
	}
	sim.guess = func(target decimal.Decimal) decimal.Decimal {
		return target.Mul(sim.quota).Mul(probe).DivRound(v, 16)
	}
	return vary, nil
}

// value runs the deals and returns the payee's measure.
func (sim *simulation) value(deals []deal.Deal) (decimal.Decimal, error) {
	res, err := sim.s.Run(sim.period, deals, sim.opts...)
	if err != nil {
		return decimal.Zero, err
	}
	st, _ := res.Statement(sim.payee)
	for _, m := range st.Measures {
		if m.Measure == sim.measure {
			return m.Value, nil
		}
	}
	return decimal.Zero, nil
}

// point runs the deals that bring the measure to target × quota: a first
// guess from the measure's ratio to amounts, raised while the run falls
// short (cents, splits), a few times at most.
func (sim *simulation) point(target decimal.Decimal) (Point, error) {
	want := target.Mul(sim.quota)
	k := sim.guess(target)
	for try := 0; ; try++ {
		res, err := sim.s.Run(sim.period, sim.vary(k), sim.opts...)
		if err != nil {
			return Point{}, err
		}
		st, _ := res.Statement(sim.payee)
		var mv commission.MeasureValue
		for _, m := range st.Measures {
			if m.Measure == sim.measure {
				mv = m
			}
		}
		if mv.Value.GreaterThanOrEqual(want) {
			return Point{Attainment: target, Measured: mv.Value.DivRound(sim.quota, 12), Value: mv.Value, Payout: st.Total,
				Components: slices.Clone(st.Subtotals)}, nil
		}
		if try == 4 {
			return Point{}, fmt.Errorf("%s's %s does not follow the deals' amounts (%s where %s was wanted): it may count deals rather than sum amounts; choose another measure",
				sim.payee, sim.measure, numfmt.Number(mv.Value), numfmt.Number(want))
		}
		if mv.Value.Sign() <= 0 {
			k = k.Mul(decimal.NewFromInt(2)) // nothing counted yet: a bigger step
			continue
		}
		// raise the factor in proportion, and by a hair more, a bigger
		// hair each try (1e-12, 1e-9, 1e-6, 1e-3): amounts converted
		// from other currencies and rounded to the cent can leave the
		// measure a fraction of a cent short of a small hair
		k = k.Mul(want).DivRound(mv.Value, 16).Mul(one.Add(decimal.New(1, int32(-12+3*try))))
	}
}

// cents rounds a synthetic deal's amount away from zero to its
// currency's minor unit, as real deals are written: the measure reaches
// at least the point.
func cents(d decimal.Decimal, currency string) decimal.Decimal {
	return d.RoundUp(money.MinorUnits(currency))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func hint(id string, known []string) string {
	if h := diag.DidYouMean(id, known); h != "" {
		return " (" + h + ")"
	}
	return ""
}

var one = decimal.NewFromInt(1)
