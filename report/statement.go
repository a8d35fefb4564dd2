package report

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// StatementOptions is what a statement page shows beyond the result.
type StatementOptions struct {
	// Names are what the page calls people, plans, components and
	// measures.
	Names Names
	// Payout, when set, is the payout of the same period (its
	// Commission is the result shown): the page then has the payout
	// section and the headline says what is paid now, held and carried.
	Payout *payout.Result
	// Curve, when set, is the payout curve of the payee's plan with the
	// payee's point, drawn on the page.
	Curve *Curve
	// Back, when set, links back to a team page or an index.
	Back *Link
}

// Link is a link on a page.
type Link struct {
	Text string
	URL  string
}

// Errors of a page that cannot be written; match them with errors.Is.
var (
	ErrNoResult    = errors.New("no result")
	ErrNoStatement = errors.New("no statement")
	ErrMismatch    = errors.New("the payout is not of the result's period")
)

// WriteStatement writes the statement page of payee in res: one
// self-contained HTML document (no scripts, no external fonts, styles or
// images) that can be mailed, archived with payroll or served as it is.
// It shows the headline figures first, attainment against quota, the
// payout curve when opt has one, every line of the statement grouped by
// component with its explanation in words, and the payout when opt has
// one. Every value is escaped. Nothing is written when it returns an
// error.
func WriteStatement(w io.Writer, res *commission.Result, payee string, opt StatementOptions) error {
	v, err := statementPage(res, payee, opt)
	if err != nil {
		return err
	}
	return render(w, "statement", v)
}

// render executes a page template into a buffer, then writes it whole.
func render(w io.Writer, name string, v any) error {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, v); err != nil {
		return fmt.Errorf("report: %s page: %w", name, err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// figure is an amount as a page shows it.
type figure struct {
	Text  string // "1,234.50", "−2.00"
	Value string // "1234.50", for machines and tests (data-value)
	Neg   bool
}

func fig(d decimal.Decimal, currency string) figure {
	return figure{Text: amount(d, currency), Value: machine(d, currency), Neg: d.Sign() < 0}
}

type headline struct {
	ID    string // data-figure: earned, paid, held, withheld, carried, draw
	Label string
	Note  string
	Fig   figure
}

type measureRow struct {
	ID, Name   string
	Value      string
	HasQuota   bool
	Quota      string
	Attainment string
	AttValue   string
	Fill       string // the bar's width, "69.28%"
	QuotaAt    string // where quota stands on the bar, "50%"
	Label      string // the bar's text alternative
}

type lineRow struct {
	Deal     string
	Kind     string
	KindWord string
	Words    string
	Detail   string
	Fig      figure
	Withheld *figure
	Special  bool // a cap, gate or re-pricing: a labelled row of its own
}

type group struct {
	Plan, PlanName, Component, Name string
	Lines                           []lineRow
	Subtotal                        *figure
}

type itemRow struct {
	Kind, Word, Period, For, Words string
	Fig                            figure
}

// itemGroup is the payout items of one kind: what payroll pays for one
// reason, with their sum.
type itemGroup struct {
	Kind, Word string
	Items      []itemRow
	Sum        figure
	Open       bool // short enough to show open
}

type payoutView struct {
	Groups   []itemGroup
	Held     []itemRow
	Deferred figure
	DrawOwed figure
	Amount   figure
	HasDraw  bool
	Draw     *drawView
}

// drawView is where the payee stands against a draw (payout.DrawPosition).
type drawView struct {
	Title string
	Rows  []drawRow
}

type drawRow struct {
	ID, Label, Note string
	Fig             figure
}

type planSpan struct {
	Name, From, To string
	Days           int
}

type statementView struct {
	Title      string
	Strategy   string
	Payee      string
	PayeeName  string
	Period     string
	Currency   string
	Plans      []planSpan
	Headline   []headline
	NoPayout   bool
	Measures   []measureRow
	Curve      template.HTML
	CurvePts   []curvePoint
	CurveTitle string
	CurveNotes []string
	OffAxis    []string // what the curve's axis cannot mark, in words
	Groups     []group
	Total      figure
	Lines      int
	Payout     *payoutView
	Back       *Link
}

type curvePoint struct{ Attainment, Payout string }

func statementPage(res *commission.Result, payee string, opt StatementOptions) (*statementView, error) {
	if res == nil {
		return nil, fmt.Errorf("report: %w", ErrNoResult)
	}
	st, ok := res.Statement(payee)
	if !ok {
		return nil, fmt.Errorf("report: %w for payee %q in %s", ErrNoStatement, payee, res.Period)
	}
	if opt.Payout != nil && opt.Payout.Period != res.Period {
		return nil, fmt.Errorf("report: %w: payout of %s, result of %s", ErrMismatch, opt.Payout.Period, res.Period)
	}
	n := opt.Names
	cur := st.Currency
	v := &statementView{Strategy: n.Strategy, Payee: payee, PayeeName: n.Person(payee), Period: res.Period, Currency: cur,
		Total: fig(st.Total, cur), Lines: len(st.Lines), Back: opt.Back}
	v.Title = fmt.Sprintf("%s: statement for %s", v.PayeeName, res.Period)
	for _, p := range st.Plans {
		v.Plans = append(v.Plans, planSpan{Name: n.Plan(p.Plan), From: p.From, To: p.To, Days: p.Days})
	}

	// the headline: earned, then what payroll does with it
	withheld := decimal.Zero
	for _, l := range st.Lines {
		if l.Kind == commission.CapLine {
			withheld = withheld.Sub(l.Amount)
		}
		withheld = withheld.Add(l.Withheld)
	}
	v.Headline = append(v.Headline, headline{ID: "earned", Label: "Earned this period", Note: "the total of the lines below", Fig: fig(st.Total, cur)})
	var pay *payout.Payable
	if opt.Payout != nil {
		for i := range opt.Payout.Payables {
			if opt.Payout.Payables[i].Payee == payee {
				pay = &opt.Payout.Payables[i]
			}
		}
	}
	if pay != nil {
		held := decimal.Zero
		for _, it := range pay.Held {
			held = held.Add(it.Amount)
		}
		v.Headline = append(v.Headline,
			headline{ID: "paid", Label: "Paid now", Note: "in this period's payroll", Fig: fig(pay.Amount, cur)},
			headline{ID: "held", Label: "Held", Note: "due, not paid yet", Fig: fig(held, cur)})
	}
	v.Headline = append(v.Headline, headline{ID: "withheld", Label: "Withheld by caps", Note: "earned above a cap, not paid", Fig: fig(withheld, cur)})
	if pay != nil {
		v.Headline = append(v.Headline, headline{ID: "carried", Label: "Carried balance", Note: "earned, released in a later period", Fig: fig(pay.Deferred, cur)})
		if !pay.DrawOwed.IsZero() {
			v.Headline = append(v.Headline, headline{ID: "draw", Label: "Draw to recover", Note: "advanced, recovered from later earnings", Fig: fig(pay.DrawOwed, cur)})
		}
		v.Payout = payoutSection(pay, n, cur)
	} else {
		v.NoPayout = true
	}

	// attainment
	for _, m := range st.Measures {
		r := measureRow{ID: m.Measure, Name: n.Measure(m.Measure), Value: number(m.Value), HasQuota: m.HasQuota}
		if m.HasQuota {
			r.Quota, r.Attainment, r.AttValue = number(m.Quota), percent(m.Attainment), m.Attainment.String()
			r.Fill, r.QuotaAt = bar(m.Attainment)
			r.Label = fmt.Sprintf("%s: %s of quota (%s of %s)", r.Name, r.Attainment, r.Value, r.Quota)
		}
		v.Measures = append(v.Measures, r)
	}

	// the curve
	if opt.Curve != nil {
		c := *opt.Curve
		svg, err := curveSVG(c, "curve-"+payee, false)
		if err != nil {
			return nil, err
		}
		v.Curve = template.HTML(svg) // built by curveSVG, every value escaped
		v.CurveTitle, v.CurveNotes, v.OffAxis = curveTitle(c), c.Notes, c.OffAxis
		for _, p := range c.Points {
			v.CurvePts = append(v.CurvePts, curvePoint{percent(p.Attainment), amount(p.Payout, c.Currency)})
		}
	}

	// the lines, by component, in the statement's order
	w := words{names: n}
	i := 0
	for _, sub := range st.Subtotals {
		g := group{Plan: sub.Plan, PlanName: n.Plan(sub.Plan), Component: sub.Component, Name: n.Component(sub.Plan, sub.Component)}
		for ; i < len(st.Lines) && st.Lines[i].Plan == sub.Plan && st.Lines[i].Component == sub.Component; i++ {
			g.Lines = append(g.Lines, lineOf(st.Lines[i], w, cur))
		}
		f := fig(sub.Amount, cur)
		g.Subtotal = &f
		v.Groups = append(v.Groups, g)
	}
	if i < len(st.Lines) {
		// lines no subtotal names (a hand-made statement): shown, never dropped
		g := group{Name: "Other lines"}
		for ; i < len(st.Lines); i++ {
			g.Lines = append(g.Lines, lineOf(st.Lines[i], w, cur))
		}
		v.Groups = append(v.Groups, g)
	}
	return v, nil
}

func lineOf(l commission.Line, w words, cur string) lineRow {
	if l.Currency != "" {
		cur = l.Currency
	}
	r := lineRow{Deal: l.Deal, Kind: string(l.Kind), KindWord: kindWord(l.Kind), Words: w.line(l), Detail: l.Explanation(), Fig: fig(l.Amount, cur),
		Special: l.Kind == commission.CapLine || l.Kind == commission.GateLine || l.Kind == commission.RetroLine}
	if !l.Withheld.IsZero() {
		f := fig(l.Withheld, cur)
		r.Withheld = &f
	}
	if r.Words == r.Detail {
		r.Detail = ""
	}
	return r
}

func payoutSection(pay *payout.Payable, n Names, cur string) *payoutView {
	pv := &payoutView{Deferred: fig(pay.Deferred, cur), DrawOwed: fig(pay.DrawOwed, cur), Amount: fig(pay.Amount, cur), HasDraw: !pay.DrawOwed.IsZero()}
	row := func(it payout.Item) itemRow {
		what := ""
		if it.Component != "" {
			what = n.Component(it.Plan, it.Component)
		}
		if it.Deal != "" {
			if what != "" {
				what += ", "
			}
			what += "deal " + it.Deal
		}
		return itemRow{Kind: string(it.Kind), Word: itemWord(it.Kind), Period: it.Period, For: what, Words: it.Explanation, Fig: fig(it.Amount, cur)}
	}
	sums := map[payout.Kind]decimal.Decimal{}
	for _, it := range pay.Items {
		i := slices.IndexFunc(pv.Groups, func(g itemGroup) bool { return g.Kind == string(it.Kind) })
		if i < 0 {
			i = len(pv.Groups)
			pv.Groups = append(pv.Groups, itemGroup{Kind: string(it.Kind), Word: itemWord(it.Kind)})
		}
		pv.Groups[i].Items = append(pv.Groups[i].Items, row(it))
		sums[it.Kind] = sums[it.Kind].Add(it.Amount)
	}
	for i := range pv.Groups {
		g := &pv.Groups[i]
		g.Sum, g.Open = fig(sums[payout.Kind(g.Kind)], cur), len(g.Items) <= 5
	}
	for _, it := range pay.Held {
		pv.Held = append(pv.Held, row(it))
	}
	if d := pay.Draw; d != nil && d.Plan != "" {
		dv := &drawView{Title: fmt.Sprintf("Your guarantee of %s (%s)", amount(d.Amount, cur), n.Plan(d.Plan))}
		if d.Recoverable {
			dv.Title = fmt.Sprintf("Your recoverable draw of %s (%s)", amount(d.Amount, cur), n.Plan(d.Plan))
		}
		add := func(id, label, note string, v decimal.Decimal, always bool) {
			if always || !v.IsZero() {
				dv.Rows = append(dv.Rows, drawRow{ID: id, Label: label, Note: note, Fig: fig(v, cur)})
			}
		}
		add("earned", "Earned against the draw", "what this period's items pay before the draw", d.Earned, true)
		add("owed-before", "Owed before", "advanced earlier, not yet recovered", d.OwedBefore, d.Recoverable)
		add("advanced", "Advanced", "paid now because earnings fell short; recovered later", d.Advanced, false)
		add("topped-up", "Topped up", "the guarantee's top-up; never recovered", d.ToppedUp, false)
		add("recovered", "Recovered", "taken back from earnings above the draw", d.Recovered, false)
		add("forgiven", "Forgiven", "a balance you will not pay back", d.Forgiven, false)
		add("owed-after", "Owed after", "to recover from later earnings", d.OwedAfter, d.Recoverable)
		add("net", "Net position", "earned − draw − owed before", d.Net, true)
		add("above-draw", "Paid above the draw", "", d.AboveDraw, true)
		pv.Draw = dv
	}
	return pv
}

// bar returns the width of an attainment bar and where quota stands on
// it, as CSS percentages: the bar runs to 200% of quota, or further for
// an attainment beyond it.
func bar(att decimal.Decimal) (fill, quotaAt string) {
	top := dec2
	if att.GreaterThan(top) {
		top = att.Div(decimal.New(5, -1)).Ceil().Mul(decimal.New(5, -1)) // the next half
	}
	a := decimal.Max(att, decimal.Zero)
	hundred := decimal.NewFromInt(100)
	return a.Mul(hundred).DivRound(top, 2).String() + "%", hundred.DivRound(top, 2).String() + "%"
}
