package plantest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// Result is the outcome of one test.
type Result struct {
	// File and Name name the test; Pos is where it stands in its file.
	File string
	Name string
	Pos  diag.Pos
	// Err is set when the test could not run as written: an input that
	// could not be read, or a run that failed when the test expected
	// payouts (or failed with another error than the one expected).
	Err error
	// Failures are the expectations the results did not meet, in the
	// order of the file.
	Failures []Failure

	index int
	res   *commission.Result // the period's statements, when the run succeeded
	pay   *payout.Result     // the payout, when the test ran one
	got   error              // the run's error
}

// Passed reports whether the test ran and met every expectation.
func (r *Result) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// Commission returns the period's statements the test's run gave, or nil
// when the run failed or did not happen: for a Go test that checks more
// than a test file says (the result's JSON form, say). The result is the
// caller's to read, not to change.
func (r *Result) Commission() *commission.Result { return r.res }

// Payout returns the payout the test's run gave, or nil when the test
// ran no payout ([strategy.Strategy.Run] rather than Payout) or failed.
func (r *Result) Payout() *payout.Result { return r.pay }

// Failure is one expectation that the results did not meet.
type Failure struct {
	// Pos is where the expectation stands in the test file.
	Pos diag.Pos
	// Payee is whose expectation it is; empty for one of the whole test.
	Payee string
	// What names the figure: total, component commission, line commission
	// NW-1156, measure bookings, pay, item clawback NW-1001, error.
	What string
	// Want is what the file expects, as it writes it; Got is what the run
	// gave, amounts with their currency's decimals. Either is "none" when
	// there is no such thing.
	Want, Got string
	// Delta is Got − Want when both are numbers ("+50.00").
	Delta string
	// Why holds the explanation of each statement line concerned.
	Why []string
	// Note says more: why a figure is missing, what the statement has.
	Note string
}

// subject is what a test runs against: a strategy, or the file's own plan.
type subject struct {
	s  *strategy.Strategy
	fx *fixture
}

func (sb subject) schema() *deal.Schema {
	if sb.s != nil {
		return sb.s.Schema()
	}
	return nil
}

func (sb subject) memberIDs() []string {
	if sb.s != nil {
		return sb.s.Org().MemberIDs()
	}
	return sb.fx.org.MemberIDs()
}

func (sb subject) run(period string, deals []deal.Deal, opts []commission.RunOption) (*commission.Result, error) {
	if sb.s != nil {
		return sb.s.Run(period, deals, opts...)
	}
	if sb.fx.err != nil {
		return nil, sb.fx.err
	}
	p, err := sb.fx.cal.Parse(period)
	if err != nil {
		return nil, err
	}
	return sb.fx.engine.Run(p, deals, opts...)
}

func (sb subject) payout(period string, deals []deal.Deal, in strategy.PayoutInput, opts []commission.RunOption) (*payout.Result, error) {
	if sb.s != nil {
		return sb.s.Payout(period, deals, in, opts...)
	}
	if sb.fx.err != nil {
		return nil, sb.fx.err
	}
	p, err := sb.fx.cal.Parse(period)
	if err != nil {
		return nil, err
	}
	if sb.fx.engine.Yearly() {
		return nil, errors.New("a plan on a yearly horizon is paid through a strategy document: test it with one")
	}
	return payout.Run(sb.fx.engine, payout.Input{Period: p, Deals: deals, Ledger: in.Ledger, Events: in.Events, DealInfo: in.DealInfo, Held: in.Held}, opts...)
}

func (f *File) subject(s *strategy.Strategy) (subject, error) {
	if f.fixture != nil {
		return subject{fx: f.fixture}, nil
	}
	if s == nil {
		return subject{}, fmt.Errorf("%s tests a strategy, and none was given (or give the file a plan of its own: org, quotas and commission)", f.Path)
	}
	return subject{s: s}, nil
}

// Run runs every test of the file against s, in order. s may be nil when
// the file carries its own plan ([File.OwnPlan]); such a file ignores s.
func (f *File) Run(s *strategy.Strategy) []Result {
	out := make([]Result, len(f.Tests))
	for i, t := range f.Tests {
		out[i] = f.RunTest(s, t.Name)
	}
	return out
}

// RunTest runs the test called name against s. A test that starts after
// another (after: NAME) runs that one's payout first, for its ledger.
func (f *File) RunTest(s *strategy.Strategy, name string) Result {
	i, ok := f.lookup(name)
	if !ok {
		names := make([]string, len(f.Tests))
		for j, t := range f.Tests {
			names[j] = t.Name
		}
		err := fmt.Errorf("%s has no test %q", f.Path, name)
		if h := diag.DidYouMean(name, names); h != "" {
			err = fmt.Errorf("%w (%s)", err, h)
		}
		return Result{File: f.Path, Name: name, Err: err}
	}
	t := f.Tests[i]
	r := Result{File: f.Path, Name: t.Name, Pos: t.Pos, index: i}
	sb, err := f.subject(s)
	if err != nil {
		r.Err = err
		return r
	}
	r.res, r.pay, r.got = f.execute(sb, i, f.paysOut(i))
	f.compare(&r, sb)
	return r
}

// paysOut reports whether the test at index i runs a payout rather than
// the period's statements: it starts from a ledger, has events or holds,
// or expects what is paid.
func (f *File) paysOut(i int) bool {
	t := f.test(i)
	if t.Ledger != "" || t.After != "" || t.Events != nil || len(t.Held) > 0 {
		return true
	}
	for _, e := range t.Expect {
		if e != nil && (e.Pay != nil || e.Deferred != nil || e.DrawOwed != nil || e.Items != nil || e.HeldItems != nil) {
			return true
		}
	}
	for _, o := range f.doc.Tests[i+1:] {
		if o.After == t.Name {
			return true // a later test starts from the ledger this one closes
		}
	}
	return false
}

// execute reads the inputs of the test at index i and runs it.
func (f *File) execute(sb subject, i int, pays bool) (*commission.Result, *payout.Result, error) {
	t := f.test(i)
	var cal calendar.Calendar
	if sb.s != nil {
		cal = sb.s.Calendar()
	} else {
		cal = sb.fx.cal
	}
	if _, err := cal.Parse(t.Period); err != nil {
		// at the test's period, not a bare message of the run
		return nil, nil, f.problem(fmt.Sprintf("tests[%d].period", i), diag.InvalidPeriod, "%v", err)
	}
	deals, err := f.deals(i, sb.schema())
	if err != nil {
		return nil, nil, err
	}
	var opts []commission.RunOption
	rates, err := f.rates(i)
	if err != nil {
		return nil, nil, err
	}
	if rates != nil {
		opts = append(opts, commission.WithRates(rates))
	}
	scores, err := f.scores(i)
	if err != nil {
		return nil, nil, err
	}
	if scores != nil {
		opts = append(opts, commission.WithScores(scores))
	}
	terms, err := f.terms(i)
	if err != nil {
		return nil, nil, err
	}
	if terms != nil {
		opts = append(opts, commission.WithTerms(terms))
	}
	if !pays {
		res, err := sb.run(t.Period, deals, opts)
		// the run's problems with the test's deals point into the file
		return res, nil, f.locateDeals(i, err)
	}
	in := strategy.PayoutInput{Held: t.Held}
	if in.Ledger, err = f.ledger(i); err != nil {
		return nil, nil, err
	}
	if t.After != "" {
		j, _ := f.lookup(t.After)
		prev, ok := f.closed.get(sb, j)
		if !ok {
			if _, prev, err = f.execute(sb, j, true); err != nil {
				return nil, nil, fmt.Errorf("after %s: %w", t.After, err)
			}
		}
		in.Ledger = prev.Ledger
		in.DealInfo = f.dealInfo(sb, j)
	}
	if in.Events, err = f.events(i); err != nil {
		return nil, nil, err
	}
	po, err := sb.payout(t.Period, deals, in, opts)
	if err != nil {
		return nil, nil, f.locateDeals(i, err)
	}
	if slices.ContainsFunc(f.doc.Tests[i+1:], func(o testDoc) bool { return o.After == t.Name }) {
		f.closed.put(sb, i, po)
	}
	return po.Commission, po, nil
}

// closedPayouts are the payouts of a file's tests that later tests start
// after, by the subject they were run against and the test's index: the
// same inputs give the same payout, so each is run once. Safe for
// concurrent use.
type closedPayouts struct {
	mu sync.Mutex
	m  map[closedKey]*payout.Result
}

type closedKey struct {
	s *strategy.Strategy // nil for the file's own plan
	i int
}

func (c *closedPayouts) get(sb subject, i int) (*payout.Result, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	po, ok := c.m[closedKey{sb.s, i}]
	return po, ok
}

func (c *closedPayouts) put(sb subject, i int, po *payout.Result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[closedKey]*payout.Result{}
	}
	c.m[closedKey{sb.s, i}] = po
}

// dealInfo returns the deals of the test at index j and of the tests it
// starts after: the earlier deals that events may refer to.
func (f *File) dealInfo(sb subject, j int) []deal.Deal {
	var out []deal.Deal
	for {
		ds, _ := f.deals(j, sb.schema())
		out = append(out, ds...)
		after := f.test(j).After
		if after == "" {
			return out
		}
		j, _ = f.lookup(after)
	}
}

// compare checks the results of r against the test's expectations.
func (f *File) compare(r *Result, sb subject) {
	t := f.test(r.index)
	at := fmt.Sprintf("tests[%d]", r.index)
	if want, _ := expectedErrors(t.Error); want != nil {
		f.compareError(r, at+".error", want, t.Error)
		return
	}
	if r.got != nil {
		r.Err = r.got
		return
	}
	if len(t.Expect) == 0 && !t.Strict {
		r.fail(Failure{Pos: r.Pos, What: "expect", Want: "none", Got: fmt.Sprintf("%d statements", len(r.res.Statements)),
			Note: "the test expects nothing: write what it must pay under expect (salesplan test --update writes the current results)"})
		return
	}
	members := sb.memberIDs()
	payees := sortedKeys(t.Expect)
	for _, payee := range payees {
		pp := at + ".expect." + payee
		if !slices.Contains(members, payee) {
			f2 := Failure{Pos: f.ix.Pos(pp), Payee: payee, What: "payee", Want: payee, Got: "none", Note: payee + " is not a member"}
			if h := diag.DidYouMean(payee, members); h != "" {
				f2.Note += " (" + h + ")"
			}
			r.fail(f2)
			continue
		}
		f.comparePayee(r, payee, t.Expect[payee], pp, t.Strict)
	}
	if t.Strict {
		for _, st := range r.res.Statements {
			if _, ok := t.Expect[st.Payee]; !ok && pays(&st) {
				r.fail(Failure{Pos: f.ix.Pos(at + ".expect"), Payee: st.Payee, What: "statement", Want: "none",
					Got: fixed(st.Total, st.Currency), Note: "strict: every payee with a line that is not zero must be expected"})
			}
		}
	}
	// in the order of the file
	slices.SortStableFunc(r.Failures, func(a, b Failure) int { return a.Pos.Compare(b.Pos) })
}

// compareError checks the run's error against the one the test expects
// at path: one text that the error's contains, or a list of texts, one a
// problem of the error, in order.
func (f *File) compareError(r *Result, path string, want []string, written any) {
	if r.got == nil {
		r.fail(Failure{Pos: f.ix.Pos(path), What: "error", Want: strings.Join(want, "\n"), Got: "none", Note: "the run succeeded"})
		return
	}
	if _, one := written.(string); one {
		if !strings.Contains(r.got.Error(), want[0]) {
			r.fail(Failure{Pos: f.ix.Pos(path), What: "error", Want: want[0], Got: r.got.Error()})
		}
		return
	}
	got := problemTexts(r.got)
	if len(got) != len(want) {
		r.fail(Failure{Pos: f.ix.Pos(path), What: "error", Want: strings.Join(want, "\n"), Got: strings.Join(got, "\n"),
			Note: fmt.Sprintf("want %d %s, got %d", len(want), plural(len(want), "problem", "problems"), len(got))})
		return
	}
	for k := range want {
		if !strings.Contains(got[k], want[k]) {
			r.fail(Failure{Pos: f.ix.Pos(fmt.Sprintf("%s[%d]", path, k)), What: fmt.Sprintf("error, problem %d", k+1), Want: want[k], Got: got[k]})
		}
	}
}

// problemTexts returns the text of each problem of err (one, for an error
// that is not a diag.List), with its position or, unpositioned, without.
func problemTexts(err error, unpositioned ...bool) []string {
	var l diag.List
	if !asList(err, &l) {
		return []string{err.Error()}
	}
	out := make([]string, len(l))
	for i, p := range l {
		if len(unpositioned) > 0 && unpositioned[0] {
			q := *p
			q.Pos = diag.Pos{}
			p = &q
		}
		out[i] = p.Error()
	}
	return out
}

// pays reports whether the statement has a line that is not zero.
func pays(st *commission.Statement) bool {
	return slices.ContainsFunc(st.Lines, func(l commission.Line) bool { return !l.Amount.IsZero() })
}

func (r *Result) fail(f Failure) { r.Failures = append(r.Failures, f) }

// lineMatches reports whether l is a line that the expectation e names:
// its component, its deal (no deal when e names none), and its plan and
// kind when e gives them.
func lineMatches(e *lineDoc, l *commission.Line) bool {
	if l.Component != e.Component || (e.Plan != "" && l.Plan != e.Plan) || (e.Kind != "" && string(l.Kind) != e.Kind) {
		return false
	}
	if e.Deal == nil {
		return l.Deal == ""
	}
	return l.Deal == *e.Deal
}

func itemMatches(e *itemDoc, it *payout.Item) bool {
	if string(it.Kind) != e.Kind || (e.Period != "" && it.Period != e.Period) || (e.Plan != "" && it.Plan != e.Plan) ||
		(e.Component != "" && it.Component != e.Component) {
		return false
	}
	if e.Deal == nil {
		return it.Deal == ""
	}
	return it.Deal == *e.Deal
}

// componentMatches reports whether the subtotal s is of the component key
// names: an id (of any plan) or plan/component.
func componentMatches(key string, s *commission.Subtotal) bool {
	if plan, comp, ok := strings.Cut(key, "/"); ok {
		return s.Plan == plan && s.Component == comp
	}
	return s.Component == key
}

func (f *File) comparePayee(r *Result, payee string, e *payeeDoc, pp string, strict bool) {
	var st *commission.Statement
	for i := range r.res.Statements {
		if r.res.Statements[i].Payee == payee {
			st = &r.res.Statements[i]
		}
	}
	cur := ""
	if st != nil {
		cur = st.Currency
	}
	noStatement := ""
	if st == nil {
		noStatement = payee + " has no statement in " + r.res.Period + " (no plan in force)"
	}
	amount := func(what, path string, want *number, got decimal.Decimal, why []string) {
		if want == nil || want.d.Equal(got) {
			return
		}
		r.fail(Failure{Pos: f.ix.Pos(path), Payee: payee, What: what, Want: want.text, Got: fixed(got, cur),
			Delta: signed(got.Sub(want.d), cur), Why: why, Note: noStatement})
	}
	if e.Statement != nil && *e.Statement != (st != nil) {
		fl := Failure{Pos: f.ix.Pos(pp + ".statement"), Payee: payee, What: "statement", Want: "a statement", Got: "none", Note: noStatement}
		if st != nil {
			fl.Want, fl.Got = "none", "a statement of "+fixed(st.Total, cur)
		}
		r.fail(fl)
	}
	if st != nil {
		amount("total", pp+".total", e.Total, st.Total, nil)
	} else {
		amount("total", pp+".total", e.Total, decimal.Zero, nil)
	}
	for _, key := range sortedKeys(e.Components) {
		sum, found := decimal.Zero, false
		var names []string
		if st != nil {
			for i := range st.Subtotals {
				s := &st.Subtotals[i]
				names = append(names, s.Component)
				if componentMatches(key, s) {
					sum, found = sum.Add(s.Amount), true
				}
			}
		}
		want := e.Components[key]
		if !want.d.Equal(sum) {
			fl := Failure{Pos: f.ix.Pos(pp + ".components." + key), Payee: payee, What: "component " + key, Want: want.text,
				Got: fixed(sum, cur), Delta: signed(sum.Sub(want.d), cur), Note: noStatement}
			if !found && st != nil {
				fl.Note = fmt.Sprintf("%s has no line of component %s; its components: %s", payee, key, orNone(slices.Compact(names)))
			}
			r.fail(fl)
		}
	}
	var lines []commission.Line
	if st != nil {
		lines = st.Lines
	}
	used := make([]bool, len(lines))
	for j := range e.Lines {
		l := &e.Lines[j]
		lp := fmt.Sprintf("%s.lines[%d]", pp, j)
		what := "line " + lineName(l.Component, l.Deal, l.Kind)
		sum := decimal.Zero
		var why []string
		for k := range lines {
			if lineMatches(l, &lines[k]) {
				used[k] = true
				sum = sum.Add(lines[k].Amount)
				why = append(why, lines[k].Explanation())
			}
		}
		if len(why) == 0 {
			fl := Failure{Pos: f.ix.Pos(lp), Payee: payee, What: what, Want: "a line", Got: "none", Note: noStatement}
			if l.Amount != nil {
				fl.Want = l.Amount.text
			}
			if st != nil {
				fl.Note = missingLineNote(st, l)
			}
			if l.Deal != nil && *l.Deal != "" {
				fl.Note = joinNotes(fl.Note, creditNote(r.res, *l.Deal))
			}
			r.fail(fl)
			continue
		}
		if l.Amount != nil && !l.Amount.d.Equal(sum) {
			r.fail(Failure{Pos: f.ix.Pos(lp + ".amount"), Payee: payee, What: what, Want: l.Amount.text, Got: fixed(sum, cur),
				Delta: signed(sum.Sub(l.Amount.d), cur), Why: why})
		}
		if l.Rate != nil {
			var rates []string
			ok := true
			for k := range lines {
				if lineMatches(l, &lines[k]) {
					rates = append(rates, lines[k].Rate.String())
					ok = ok && lines[k].Rate.Equal(l.Rate.d)
				}
			}
			if !ok {
				r.fail(Failure{Pos: f.ix.Pos(lp + ".rate"), Payee: payee, What: what + " rate", Want: l.Rate.text, Got: strings.Join(rates, ", "), Why: why})
			}
		}
		if l.Base != nil {
			var bases []string
			ok := true
			for k := range lines {
				if lineMatches(l, &lines[k]) {
					bases = append(bases, fixed(lines[k].Base, cur))
					ok = ok && lines[k].Base.Equal(l.Base.d)
				}
			}
			if !ok {
				r.fail(Failure{Pos: f.ix.Pos(lp + ".base"), Payee: payee, What: what + " base", Want: l.Base.text, Got: strings.Join(bases, ", "), Why: why})
			}
		}
		if l.Explanation != nil && strings.Join(why, "; ") != *l.Explanation {
			r.fail(Failure{Pos: f.ix.Pos(lp + ".explanation"), Payee: payee, What: what + " explanation", Want: *l.Explanation, Got: strings.Join(why, "; ")})
		}
	}
	if strict && e.Lines != nil {
		for k := range lines {
			if !used[k] {
				l := &lines[k]
				d := l.Deal
				r.fail(Failure{Pos: f.ix.Pos(pp + ".lines"), Payee: payee, What: "line " + lineName(l.Component, &d, string(l.Kind)),
					Want: "none", Got: fixed(l.Amount, cur), Why: []string{l.Explanation()}, Note: "strict: every line must be expected"})
			}
		}
	}
	for _, m := range sortedKeys(e.Measures) {
		want := e.Measures[m]
		got, ok := measureOf(st, m)
		if !ok || !want.d.Equal(got.Value) {
			fl := Failure{Pos: f.ix.Pos(pp + ".measures." + m), Payee: payee, What: "measure " + m, Want: want.text, Got: got.Value.String(),
				Delta: signed(got.Value.Sub(want.d), ""), Note: noStatement}
			if !ok && st != nil {
				fl.Got, fl.Delta, fl.Note = "none", "", "no measure "+m+" in the statement"
			}
			r.fail(fl)
		}
	}
	for _, m := range sortedKeys(e.Attainment) {
		want := e.Attainment[m]
		got, ok := measureOf(st, m)
		places := max(-want.d.Exponent(), 0)
		if !ok || !got.HasQuota {
			r.fail(Failure{Pos: f.ix.Pos(pp + ".attainment." + m), Payee: payee, What: "attainment " + m, Want: want.text, Got: "none",
				Note: cmpOr(noStatement, payee+" has no quota of "+m+" in "+r.res.Period)})
			continue
		}
		if rounded := got.Attainment.Round(places); !rounded.Equal(want.d) {
			r.fail(Failure{Pos: f.ix.Pos(pp + ".attainment." + m), Payee: payee, What: "attainment " + m, Want: want.text,
				Got: rounded.StringFixed(places), Delta: signed(rounded.Sub(want.d), ""),
				Note: fmt.Sprintf("%s of %s quota %s; compared at the %d decimals written", got.Value, m, got.Quota, places)})
		}
	}
	if r.pay != nil {
		f.comparePayable(r, payee, e, pp)
	}
}

func (f *File) comparePayable(r *Result, payee string, e *payeeDoc, pp string) {
	var pay *payout.Payable
	for i := range r.pay.Payables {
		if r.pay.Payables[i].Payee == payee {
			pay = &r.pay.Payables[i]
		}
	}
	if pay == nil {
		pay = &payout.Payable{Payee: payee}
	}
	cur := pay.Currency
	amount := func(what, path string, want *number, got decimal.Decimal) {
		if want != nil && !want.d.Equal(got) {
			r.fail(Failure{Pos: f.ix.Pos(path), Payee: payee, What: what, Want: want.text, Got: fixed(got, cur), Delta: signed(got.Sub(want.d), cur)})
		}
	}
	amount("pay", pp+".pay", e.Pay, pay.Amount)
	amount("deferred", pp+".deferred", e.Deferred, pay.Deferred)
	amount("draw owed", pp+".draw_owed", e.DrawOwed, pay.DrawOwed)
	for field, set := range map[string][]itemDoc{"items": e.Items, "held_items": e.HeldItems} {
		items := pay.Items
		if field == "held_items" {
			items = pay.Held
		}
		for j := range set {
			it := &set[j]
			ip := fmt.Sprintf("%s.%s[%d]", pp, field, j)
			what := strings.TrimSuffix(strings.ReplaceAll(field, "_", " "), "s") + " " + lineName(cmpOr(it.Component, "-"), it.Deal, it.Kind)
			sum := decimal.Zero
			var why []string
			for k := range items {
				if itemMatches(it, &items[k]) {
					sum = sum.Add(items[k].Amount)
					why = append(why, items[k].Explanation)
				}
			}
			if len(why) == 0 {
				r.fail(Failure{Pos: f.ix.Pos(ip), Payee: payee, What: what, Want: it.Amount.text, Got: "none", Note: missingItemNote(items)})
				continue
			}
			if !it.Amount.d.Equal(sum) {
				r.fail(Failure{Pos: f.ix.Pos(ip + ".amount"), Payee: payee, What: what, Want: it.Amount.text, Got: fixed(sum, cur),
					Delta: signed(sum.Sub(it.Amount.d), cur), Why: why})
			}
		}
	}
}

func measureOf(st *commission.Statement, id string) (commission.MeasureValue, bool) {
	if st == nil {
		return commission.MeasureValue{}, false
	}
	for _, m := range st.Measures {
		if m.Measure == id {
			return m, true
		}
	}
	return commission.MeasureValue{}, false
}

// lineName names a line or item: its component, deal and kind.
func lineName(component string, deal *string, kind string) string {
	s := component
	if deal != nil && *deal != "" {
		s += " " + *deal
	}
	if kind != "" {
		s += " (" + kind + ")"
	}
	return s
}

// missingLineNote says what the statement has near a line it lacks.
func missingLineNote(st *commission.Statement, l *lineDoc) string {
	var deals []string
	n := 0
	for _, line := range st.Lines {
		if line.Component != l.Component {
			continue
		}
		n++
		if line.Deal == "" {
			deals = append(deals, "a line with no deal ("+string(line.Kind)+")")
		} else if l.Deal != nil && line.Deal == *l.Deal {
			deals = append(deals, line.Deal+" ("+string(line.Kind)+")")
		}
	}
	if n == 0 {
		var comps []string
		for _, s := range st.Subtotals {
			comps = append(comps, s.Component)
		}
		return fmt.Sprintf("%s has no line of component %s; its components: %s", st.Payee, l.Component, orNone(slices.Compact(comps)))
	}
	note := fmt.Sprintf("%s has %d %s of %s", st.Payee, n, plural(n, "line", "lines"), l.Component)
	if len(deals) > 0 {
		note += ", among them " + strings.Join(slices.Compact(deals), ", ")
	}
	if l.Deal == nil {
		note += "; a line of a deal needs deal: ID"
	}
	return note
}

// creditNote says whom the deal id is credited to in the run.
func creditNote(res *commission.Result, id string) string {
	var to []string
	for _, c := range res.Credits {
		if c.Deal == id {
			to = append(to, c.Payee+" ("+string(c.Kind)+")")
		}
	}
	if len(to) == 0 {
		return "deal " + id + " is credited to nobody: it is not among the period's deals, or it does not count (its stage, its date)"
	}
	return "deal " + id + " is credited to " + strings.Join(to, ", ")
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func missingItemNote(items []payout.Item) string {
	if len(items) == 0 {
		return "no items"
	}
	var kinds []string
	for _, it := range items {
		kinds = append(kinds, string(it.Kind))
	}
	slices.Sort(kinds)
	return "items of kinds " + strings.Join(slices.Compact(kinds), ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
