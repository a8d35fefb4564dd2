package main

// The statement and curve commands: the rep's statement page (HTML) and
// the payout curve of a plan (SVG), both rendered by package report from
// one computed result.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/report"
	"github.com/salesplan/salesplan/strategy"
	"github.com/salesplan/salesplan/whatif"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// statementCmd is salesplan statement:
//
//	salesplan statement STRATEGY.yaml --deals DEALS --period ID --payee ID --html OUT.html
//	salesplan statement STRATEGY.yaml --deals DEALS --period ID --all --html DIR
//	  [--rates RATES] [--ledger IN.json [--events EVENTS] [--hold a,b]] [--no-curve]
//
// It writes one self-contained HTML page for the payee (--html - writes it
// to standard output), or with --all one page per payee with a statement,
// a page per team that had a manager in the period (naming each manager
// of a team whose manager changed, with their days) and an index, into
// DIR (made if missing). With --ledger the pages have the payout section: what is paid
// now, held and carried, from the ledger of earlier periods (the ledger is
// not written: close does that). Each page has the payout curve of the
// payee's plan with the payee's point, unless --no-curve.
func statementCmd(e *env, args []string) error {
	fs := newFlags(e, "statement")
	var in inputs
	in.register(fs)
	payee := fs.String("payee", "", "the member whose statement page to write")
	all := fs.Bool("all", false, "write every payee's page, a page per team and an index into the folder --html names")
	htmlOut := fs.String("html", "", "the page to write (- for standard output), or with --all the folder")
	ledgerIn := fs.String("ledger", "", "the ledger of earlier periods (JSON): the pages then show the payout")
	eventsFile := fs.String("events", "", "deal events (CSV deal,kind,date,amount or JSON), with --ledger")
	held := fs.String("hold", "", "comma-separated payees whose whole payout is held, with --ledger")
	noCurve := fs.Bool("no-curve", false, "leave the payout curve out of the pages")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *htmlOut == "":
		return fmt.Errorf("%w: --html is required", errUsage)
	case *all && *payee != "":
		return fmt.Errorf("%w: give --payee or --all, not both", errUsage)
	case !*all && *payee == "":
		return fmt.Errorf("%w: --payee or --all is required", errUsage)
	case *all && *htmlOut == "-":
		return fmt.Errorf("%w: --all writes a folder of pages: --html names the folder", errUsage)
	case *ledgerIn == "" && (*eventsFile != "" || *held != ""):
		return fmt.Errorf("%w: --events and --hold go with --ledger", errUsage)
	}
	s, deals, opts, err := in.load(e, file)
	if err != nil {
		return err
	}
	if *payee != "" {
		if _, known := s.Org().Member(*payee); !known {
			return fmt.Errorf("unknown payee %q%s", *payee, hint(*payee, s.Org().MemberIDs()))
		}
	}
	var res *commission.Result
	var po *payout.Result
	if *ledgerIn != "" {
		pin, err := payoutInput(e, s, *ledgerIn, *eventsFile, *held)
		if err != nil {
			return err
		}
		if po, err = s.Payout(in.period, deals, pin, opts...); err != nil {
			return err
		}
		res = po.Commission
	} else if res, err = s.Run(in.period, deals, opts...); err != nil {
		return err
	}
	doc, err := readSection(e, file)
	if err != nil {
		return err
	}
	names := pageNames(s, doc)
	curve := func(id string) (*report.Curve, error) {
		if *noCurve {
			return nil, nil
		}
		st, _ := res.Statement(id)
		if len(st.Plans) == 0 {
			return nil, nil
		}
		return payeeCurve(s, doc, names, in.period, deals, res, id, st.Plans[0].Plan, "", opts)
	}
	if !*all {
		if _, ok := res.Statement(*payee); !ok {
			return fmt.Errorf("%s has no plan in force in %s, so no statement", *payee, res.Period)
		}
		c, err := curve(*payee)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := report.WriteStatement(&b, res, *payee, report.StatementOptions{Names: names, Payout: po, Curve: c}); err != nil {
			return err
		}
		return writeOutputs(e, output{path: *htmlOut, data: b.Bytes()})
	}

	// --all: the index, a page per team, a page per payee
	p, err := s.Calendar().Parse(in.period)
	if err != nil {
		return err
	}
	dir := *htmlOut
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	teamFile := func(team string) string {
		return "team-" + strings.TrimSuffix(report.FileName(team), ".html") + ".html"
	}
	var outs []output
	var b bytes.Buffer
	// the teams over the whole period: a team whose manager changed has
	// one page naming both, which each of them finds from the index
	teams := report.TeamsIn(s, p.Start, p.End, true)
	managed := map[string]bool{}
	for _, t := range teams {
		managed[t.ID] = len(t.Managers) > 0
	}
	index := report.IndexOptions{Names: names, TeamLink: func(team string) string {
		if managed[team] {
			return teamFile(team)
		}
		return ""
	}}
	if err := report.WriteIndex(&b, res, report.TeamsIn(s, p.Start, p.End, false), index); err != nil {
		return err
	}
	outs = append(outs, output{path: filepath.Join(dir, "index.html"), data: slices.Clone(b.Bytes())})
	back := &report.Link{Text: "All statements for " + res.Period, URL: "index.html"}
	for _, t := range teams {
		if len(t.Managers) == 0 {
			continue
		}
		b.Reset()
		if err := report.WriteTeam(&b, res, t, report.IndexOptions{Names: names, Back: back}); err != nil {
			return err
		}
		outs = append(outs, output{path: filepath.Join(dir, teamFile(t.ID)), data: slices.Clone(b.Bytes())})
	}
	for _, st := range res.Statements {
		c, err := curve(st.Payee)
		if err != nil {
			return err
		}
		b.Reset()
		if err := report.WriteStatement(&b, res, st.Payee, report.StatementOptions{Names: names, Payout: po, Curve: c, Back: back}); err != nil {
			return err
		}
		outs = append(outs, output{path: filepath.Join(dir, report.FileName(st.Payee)), data: slices.Clone(b.Bytes())})
	}
	if err := writeOutputs(e, outs...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d statements, %d pages\n", dir, len(res.Statements), len(outs))
	return nil
}

// curveCmd is salesplan curve:
//
//	salesplan curve STRATEGY.yaml --plan ID --deals DEALS --period ID [--payee ID] --svg OUT.svg [--rates RATES]
//
// It draws the plan's payout against attainment from 0% to 200% (further
// when the payee is beyond it) as an SVG file (--svg - for standard
// output), with the plan's band edges, gates and cap. The points come
// from running the strategy on the payee's deals of the period scaled to
// each attainment; without --payee, on those of the first payee of the
// plan with a quota and deals. With --payee, the payee's own point is
// marked.
func curveCmd(e *env, args []string) error {
	fs := newFlags(e, "curve")
	var in inputs
	in.register(fs)
	plan := fs.String("plan", "", "the plan whose payout curve to draw")
	payee := fs.String("payee", "", "the member whose point to mark (and whose deals to scale)")
	svgOut := fs.String("svg", "", "the SVG file to write (- for standard output)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *plan == "" {
		return fmt.Errorf("%w: --plan is required", errUsage)
	}
	if *svgOut == "" {
		return fmt.Errorf("%w: --svg is required", errUsage)
	}
	s, deals, opts, err := in.load(e, file)
	if err != nil {
		return err
	}
	if ids := s.Commission().PlanIDs(); !slices.Contains(ids, *plan) {
		return fmt.Errorf("unknown plan %q%s", *plan, hint(*plan, ids))
	}
	if *payee != "" {
		if _, known := s.Org().Member(*payee); !known {
			return fmt.Errorf("unknown payee %q%s", *payee, hint(*payee, s.Org().MemberIDs()))
		}
	}
	res, err := s.Run(in.period, deals, opts...)
	if err != nil {
		return err
	}
	doc, err := readSection(e, file)
	if err != nil {
		return err
	}
	names := pageNames(s, doc)
	who := *payee
	if who == "" {
		// the first payee on the plan with a quota and something to scale
		for _, st := range res.Statements {
			if m := quotaMeasure(doc, st, *plan); onPlan(st, *plan) && m != nil && m.Quota.Sign() > 0 {
				who = st.Payee
				break
			}
		}
		if who == "" {
			return fmt.Errorf("no payee on plan %s has a quota in %s to draw its curve for: name one with --payee", *plan, res.Period)
		}
	} else if st, ok := res.Statement(who); !ok || !onPlan(st, *plan) {
		return fmt.Errorf("%s is not on plan %s in %s", who, *plan, res.Period)
	}
	method := whatif.Method("") // the payee's own deals, scaled
	if *payee == "" {
		method = whatif.Synthetic // the plan's curve: one deal a point
	}
	c, err := payeeCurve(s, doc, names, in.period, deals, res, who, *plan, method, opts)
	if err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("%s has no quota in %s on plan %s, so no attainment to draw against", who, res.Period, *plan)
	}
	if *payee == "" {
		c.Payee, c.PayeeName = nil, ""
		c.Title += ", drawn for the quota of " + names.Person(who) + " with one deal a point"
	}
	var b bytes.Buffer
	if err := report.WriteCurve(&b, *c); err != nil {
		return err
	}
	return writeOutputs(e, output{path: *svgOut, data: b.Bytes()})
}

// payoutInput reads the ledger, events and holds of a statement with a
// payout section.
func payoutInput(e *env, s *strategy.Strategy, ledgerIn, eventsFile, held string) (strategy.PayoutInput, error) {
	var in strategy.PayoutInput
	data, err := readInput(e, ledgerIn)
	if err != nil {
		return in, err
	}
	var l payout.Ledger
	if err := json.Unmarshal(data, &l); err != nil {
		return in, fmt.Errorf("%s: %w", ledgerIn, err)
	}
	in.Ledger = &l
	if eventsFile != "" {
		if in.Events, err = readEvents(e, eventsFile); err != nil {
			return in, err
		}
	}
	for _, h := range strings.Split(held, ",") {
		if h = strings.TrimSpace(h); h != "" {
			in.Held = append(in.Held, h)
		}
	}
	return in, nil
}

// readSection reads the commission section of the strategy document again
// for what the engine does not expose yet: the names of plans, components
// and measures, the tables' bands and the plans' caps and gates, which
// the pages word and the curve marks. The document has already been
// validated by strategy.Load.
func readSection(e *env, file string) (commission.Section, error) {
	data, err := readInput(e, file)
	if err != nil {
		return commission.Section{}, err
	}
	var doc struct {
		Commission commission.Section `yaml:"commission"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return commission.Section{}, fmt.Errorf("%s: %w", file, err)
	}
	return doc.Commission, nil
}

// pageNames are the names of the strategy's people, plans, components and
// measures.
func pageNames(s *strategy.Strategy, sec commission.Section) report.Names {
	n := report.NamesOf(s)
	for _, m := range sec.Measures {
		if m.Name != "" {
			n.Measures[m.ID] = m.Name
		}
	}
	for _, p := range sec.Plans {
		if p.Name != "" {
			n.Plans[p.ID] = p.Name
		}
		for _, c := range p.Components {
			if c.Name != "" {
				n.Components[p.ID+"/"+c.ID] = c.Name
			}
		}
	}
	return n
}

func onPlan(st commission.Statement, plan string) bool {
	return slices.ContainsFunc(st.Plans, func(p commission.PlanSpan) bool { return p.Plan == plan })
}

func planDef(sec commission.Section, plan string) (commission.PlanDef, bool) {
	for _, p := range sec.Plans {
		if p.ID == plan {
			return p, true
		}
	}
	return commission.PlanDef{}, false
}

// quotaMeasure returns the measure of st the curve is drawn against: the
// first measure with a quota that a component of the plan works on, else
// the statement's first measure with a quota; nil when none has one.
func quotaMeasure(sec commission.Section, st commission.Statement, plan string) *commission.MeasureValue {
	if pd, ok := planDef(sec, plan); ok {
		for _, c := range pd.Components {
			for i, m := range st.Measures {
				if m.HasQuota && m.Measure == c.Measure {
					return &st.Measures[i]
				}
			}
		}
	}
	for i, m := range st.Measures {
		if m.HasQuota {
			return &st.Measures[i]
		}
	}
	return nil
}

// gateAttRE finds a gate on the payee's attainment of a measure
// ("attainment.arr >= 0.5"), not a team's ("team.attainment.arr").
var gateAttRE = regexp.MustCompile(`(?:^|[^.\w])attainment\.([A-Za-z_][A-Za-z0-9_]*)\s*(>=|>)\s*([0-9]+(?:\.[0-9]+)?)`)

// payeeCurve computes the payout curve of plan for payee with
// whatif.Simulate: the payee's statement total at 0%, 5%, … 200% of
// quota (further when the payee is beyond it), each point one run of the
// strategy with the payee's deals varied as method says (empty: scaled,
// or a synthetic deal for a payee with none), marked with the plan's band
// edges, gates and cap, and the payee's own point. It returns nil when
// the payee has no quota of the plan's measure.
func payeeCurve(s *strategy.Strategy, sec commission.Section, names report.Names, period string, deals []deal.Deal, res *commission.Result, payee, plan string, method whatif.Method, opts []commission.RunOption) (*report.Curve, error) {
	st, ok := res.Statement(payee)
	if !ok {
		return nil, nil
	}
	m := quotaMeasure(sec, st, plan)
	if m == nil || m.Quota.Sign() <= 0 {
		return nil, nil
	}
	pd, _ := planDef(sec, plan)
	c := &report.Curve{Title: names.Plan(plan), Measure: names.Measure(m.Measure), Currency: st.Currency,
		Payee: &report.Point{Attainment: m.Attainment, Payout: st.Total}, PayeeName: names.Person(payee)}

	// where the plan changes: band edges and limits of its tables, gates,
	// the cap; and in words what the attainment axis cannot show
	c.Marks, c.OffAxis = curveMarks(sec, names, func(id string) string {
		if t, ok := s.Org().Team(id); ok && t.Name != "" {
			return t.Name
		}
		return id
	}, func(comp string) bool {
		return slices.ContainsFunc(st.Lines, func(l commission.Line) bool { return l.Plan == plan && l.Component == comp })
	}, plan, *m)
	if cp, ok := pd.FixedCap(); ok {
		c.Limits = append(c.Limits, report.Limit{Payout: cp, Label: "plan cap " + numfmt.Amount(cp)})
	}

	// the points: one run of the strategy each, through the simulate API
	top := decimal.NewFromInt(2)
	if m.Attainment.GreaterThan(top) {
		top = m.Attainment.Mul(decimal.NewFromInt(4)).Ceil().Div(decimal.NewFromInt(4))
	}
	sim, err := whatif.Simulate(s, payee, period, deals, whatif.Options{Steps: int(top.Mul(decimal.NewFromInt(20)).IntPart()), Max: top, Measure: m.Measure, Method: method}, opts...)
	if err != nil {
		return nil, fmt.Errorf("payout curve of %s: %w", payee, err)
	}
	for _, p := range sim.Points {
		c.Points = append(c.Points, report.Point{Attainment: p.Attainment, Payout: p.Payout})
	}
	c.Notes = sim.Assumptions
	slices.SortStableFunc(c.Points, func(a, b report.Point) int { return a.Attainment.Cmp(b.Attainment) })
	return c, nil
}

// curveMarks returns the marks of plan's payout curve against the
// attainment of m: each band bound and upper limit (to:) of the tables
// read on that attainment (a table on attainment of m's measure, or one
// in currency on the period total of m's measure, its bounds divided by
// the quota), worded with what the table pays there, and each gate on
// that attainment. What the attainment axis cannot show is said in words
// in offAxis, a sentence each: a table read on something else (each
// deal's amount, another measure, a base of its own) with its bands, and
// a team pool the payee shares (shares reports whether the payee has a
// line of a component), earned on the team's numbers. team names a team.
func curveMarks(sec commission.Section, names report.Names, team func(string) string, shares func(component string) bool, plan string, m commission.MeasureValue) (marks []report.Mark, offAxis []string) {
	pd, _ := planDef(sec, plan)
	tables := map[string]commission.TableDef{}
	for _, t := range sec.Tables {
		tables[t.ID] = t
	}
	mark := func(at decimal.Decimal, label string) {
		marks = append(marks, report.Mark{Attainment: at, Label: label})
	}
	for _, comp := range pd.Components {
		name := names.Component(plan, comp.ID)
		subject := name // of a sentence
		if name == comp.ID {
			subject = "component " + comp.ID
		}
		if comp.Pool != nil {
			if shares(comp.ID) {
				offAxis = append(offAxis, poolWords(subject, *comp.Pool, names, team))
			}
			continue
		}
		if t, ok := tables[comp.Table]; ok && len(t.Rows) == 0 && len(t.Bands) > 0 {
			if unit, on := tableAxis(t, comp, m); on {
				for i, band := range t.Bands {
					at := band.From.DivRound(unit, 6)
					// a line on the payout axis says nothing, but a
					// prorated band's label says what the first band pays
					if at.Sign() > 0 || (at.IsZero() && t.Mode == commission.Prorated) {
						mark(at, bandMark(t, comp, i, unit))
					}
				}
				if t.To != nil {
					if l := limitWords(t); l != "" {
						at := t.To.DivRound(unit, 6)
						mark(at, l+" "+numfmt.Percent(at))
					}
				}
			} else {
				offAxis = append(offAxis, tableWords(subject, t, comp, names, m))
			}
		}
		if g := gateAttRE.FindStringSubmatch(comp.Gate); g != nil && g[1] == m.Measure {
			if at, err := decimal.NewFromString(g[3]); err == nil && at.Sign() > 0 {
				mark(at, name+" paid from "+numfmt.Percent(at))
			}
		}
	}
	return marks, offAxis
}

// tableAxis reports whether a component's table is read on the
// attainment of m, and the unit of its bounds on that axis: 1 for a table
// on attainment of m's measure, the quota for a table in currency on the
// period total of m's measure (a per-period component, or a running
// total, with no base of its own). A table keyed on each deal's amount
// is not: its bounds are no attainment.
func tableAxis(t commission.TableDef, comp commission.ComponentDef, m commission.MeasureValue) (unit decimal.Decimal, ok bool) {
	if comp.Measure != m.Measure {
		return decimal.Decimal{}, false
	}
	if t.Basis == commission.Attainment {
		return decimal.NewFromInt(1), true
	}
	onTotal := comp.Per == commission.PerPeriod || comp.Scope == commission.RunningScope
	if !onTotal || comp.Base != "" || m.Quota.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	return m.Quota, true
}

// bandPays words what band i of t pays: its rate, or its amount (times
// the component's multiplier when it has one: the amounts are then no
// currency).
func bandPays(t commission.TableDef, comp commission.ComponentDef, i int) string {
	b := t.Bands[i]
	switch t.Mode {
	case commission.Step, commission.Prorated:
		s := numfmt.Amount(b.Amount)
		if comp.Multiplier != "" {
			s += " × multiplier"
		}
		return s
	}
	return numfmt.Rate(b.Rate)
}

// bandMark is the label of the mark of band i of a table on the
// attainment axis (its bounds divided by unit): what the band pays from
// there. A linear table's rate is the curve's value at the bound; a
// prorated band pays its amount spread over the band; with bounds:
// upper the band starts above its bound.
func bandMark(t commission.TableDef, comp commission.ComponentDef, i int, unit decimal.Decimal) string {
	at := numfmt.Percent(t.Bands[i].From.DivRound(unit, 6))
	pays := bandPays(t, comp, i)
	switch t.Mode {
	case commission.Linear:
		return pays + " at " + at
	case commission.Prorated:
		end := t.To
		if i+1 < len(t.Bands) {
			end = &t.Bands[i+1].From
		}
		if end != nil {
			return pays + " over " + at + "–" + numfmt.Percent(end.DivRound(unit, 6))
		}
	}
	if t.Bounds == commission.UpperBounds && i > 0 {
		return pays + " above " + at
	}
	return pays + " from " + at
}

// limitWords words what a table with an upper limit (to:) pays beyond
// it, or "" when beyond it is like below it.
func limitWords(t commission.TableDef) string {
	switch {
	case t.Above == commission.AboveNone && (t.Mode == commission.Marginal || t.Mode == commission.Prorated):
		return "nothing more above"
	case t.Above == commission.AboveNone:
		return "flat above"
	case t.Mode == commission.Prorated:
		return "same pace above"
	}
	return ""
}

// tableWords says in words a table that is not read on the curve's
// attainment: what it is read on and what each band pays.
func tableWords(name string, t commission.TableDef, comp commission.ComponentDef, names report.Names, m commission.MeasureValue) string {
	var on string
	switch {
	case comp.Base != "":
		on = "its base (" + comp.Base + ")"
	case t.Basis == commission.Attainment:
		on = "attainment of " + names.Measure(comp.Measure)
	case comp.Per == commission.PerPeriod || comp.Scope == commission.RunningScope:
		on = "the period's " + names.Measure(comp.Measure)
	default:
		on = "each deal's " + names.Measure(comp.Measure)
	}
	val := numfmt.Amount
	if t.Basis == commission.Attainment {
		val = numfmt.Percent
	}
	upper := t.Bounds == commission.UpperBounds
	var bands []string
	for i, b := range t.Bands {
		pays := bandPays(t, comp, i)
		var next string
		if i+1 < len(t.Bands) {
			next = val(t.Bands[i+1].From)
		} else if t.To != nil {
			next = val(*t.To)
		}
		var s string
		switch {
		case t.Mode == commission.Linear:
			s = pays + " at " + val(b.From)
		case i == 0 && b.From.IsZero() && next != "" && upper:
			s = pays + " up to and including " + next
		case i == 0 && b.From.IsZero() && next != "":
			s = pays + " below " + next
		case upper && next != "":
			s = pays + " above " + val(b.From) + " up to and including " + next
		case next != "":
			s = pays + " from " + val(b.From) + " to below " + next
		case upper:
			s = pays + " above " + val(b.From)
		default:
			s = pays + " from " + val(b.From)
		}
		bands = append(bands, s)
	}
	if t.To != nil {
		if l := limitWords(t); l != "" {
			bands = append(bands, l+" "+val(*t.To))
		}
	}
	how := ""
	if t.Mode == commission.Linear {
		how = ", interpolated"
	}
	return fmt.Sprintf("%s is paid on %s, not on attainment of %s, so the drawing does not mark it: %s%s",
		name, on, names.Measure(m.Measure), strings.Join(bands, "; "), how)
}

// teamGateRE reads a pool's gate on the team's attainment of a measure
// ("team.attainment.arr >= 1.10"), the whole of it.
var teamGateRE = regexp.MustCompile(`^\s*team\.attainment\.([A-Za-z_][A-Za-z0-9_]*)\s*>=\s*([0-9]+(?:\.[0-9]+)?)\s*$`)

// poolWords says in words a team pool: it is earned on the team's
// numbers, whatever the payee's attainment.
func poolWords(name string, p commission.PoolDef, names report.Names, team func(string) string) string {
	amount := p.Amount
	if d, err := decimal.NewFromString(strings.TrimSpace(p.Amount)); err == nil {
		amount = numfmt.Amount(d)
	}
	s := fmt.Sprintf("%s is a pool of %s that team %s earns as a whole", name, amount, team(p.Team))
	if g := teamGateRE.FindStringSubmatch(p.Gate); g != nil {
		if at, err := decimal.NewFromString(g[2]); err == nil {
			s += " when it reaches " + numfmt.Percent(at) + " of its " + names.Measure(g[1]) + " target"
		}
	} else if p.Gate != "" {
		s += " when " + p.Gate
	}
	switch d := p.Distribute; {
	case d == "" || d == commission.DistributeEqual:
		s += ", shared equally"
	case d == commission.DistributeTargetIncentive:
		s += ", shared by target incentive"
	case strings.HasPrefix(d, "measure."):
		s += ", shared by " + names.Measure(strings.TrimPrefix(d, "measure."))
	}
	return s + ": the curve moves your deals, and the team's numbers with them"
}
