package whatif

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/shopspring/decimal"
)

// The views of a comparison and a curve: text for a person, CSV for a
// spreadsheet, JSON for a program. Each renders the value as computed;
// none computes a figure of its own. Amounts in CSV and JSON are decimal
// strings with the currency's decimals; percents are fractions (0.05 is
// 5%), empty when there is none (a change from zero).

func (c Change) percentString() string {
	if p, ok := c.Percent(); ok {
		return p.String()
	}
	return ""
}

func (c Change) percentText() string {
	p, ok := c.Percent()
	if !ok {
		if c.Diff.IsZero() {
			return ""
		}
		return "new"
	}
	s := numfmt.Percent(p)
	if p.Sign() > 0 {
		s = "+" + s
	}
	return s
}

func signedAmount(d decimal.Decimal) string {
	s := numfmt.Amount(d)
	if d.Sign() > 0 {
		s = "+" + s
	}
	return s
}

type jsonChange struct {
	Before  string `json:"before"`
	After   string `json:"after"`
	Diff    string `json:"difference"`
	Percent string `json:"percent,omitempty"`
}

func (c Change) json(cur string) jsonChange {
	return jsonChange{numfmt.Fixed(c.Before, cur), numfmt.Fixed(c.After, cur), numfmt.Fixed(c.Diff, cur), c.percentString()}
}

type jsonComponent struct {
	Plan      string `json:"plan"`
	Component string `json:"component"`
	jsonChange
}

// MarshalJSON writes the comparison's stable JSON form.
func (c *Comparison) MarshalJSON() ([]byte, error) {
	type jsonPayee struct {
		Payee string `json:"payee"`
		jsonChange
		Components []jsonComponent `json:"components"`
	}
	comps := func(cs []ComponentChange) []jsonComponent {
		out := make([]jsonComponent, 0, len(cs))
		for _, x := range cs {
			out = append(out, jsonComponent{x.Plan, x.Component, x.json(c.Currency)})
		}
		return out
	}
	out := struct {
		Period     string          `json:"period"`
		Currency   string          `json:"currency"`
		Before     string          `json:"before"`
		After      string          `json:"after"`
		Total      jsonChange      `json:"total"`
		Payees     []jsonPayee     `json:"payees"`
		Components []jsonComponent `json:"components"`
	}{Period: c.Period, Currency: c.Currency, Before: c.Before, After: c.After, Total: c.Total.json(c.Currency),
		Payees: []jsonPayee{}, Components: comps(c.Components)}
	for _, p := range c.Payees {
		out.Payees = append(out.Payees, jsonPayee{p.Payee, p.json(c.Currency), comps(p.Components)})
	}
	return json.MarshalIndent(out, "", "  ")
}

// WriteCSV writes one row per figure, for a spreadsheet: the columns
// row (total, payee, component, or payee-component), payee, plan,
// component, before, after, difference and percent.
func (c *Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	row := func(kind, payee, plan, comp string, ch Change) {
		cw.Write([]string{kind, payee, plan, comp, numfmt.Fixed(ch.Before, c.Currency), numfmt.Fixed(ch.After, c.Currency),
			numfmt.Fixed(ch.Diff, c.Currency), ch.percentString()})
	}
	cw.Write([]string{"row", "payee", "plan", "component", "before", "after", "difference", "percent"})
	row("total", "", "", "", c.Total)
	for _, p := range c.Payees {
		row("payee", p.Payee, "", "", p.Change)
	}
	for _, x := range c.Components {
		row("component", "", x.Plan, x.Component, x.Change)
	}
	for _, p := range c.Payees {
		for _, x := range p.Components {
			row("payee-component", p.Payee, x.Plan, x.Component, x.Change)
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the comparison for a person: the cost of the change,
// then per payee and per component before, after, difference and percent,
// the largest change first.
func (c *Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s compared with %s, %s, in %s\n\n", c.After, c.Before, c.Period, c.Currency)
	t := table{right: []bool{false, true, true, true, true}}
	t.add("", "before", "after", "difference", "change")
	t.add("total", numfmt.Amount(c.Total.Before), numfmt.Amount(c.Total.After), signedAmount(c.Total.Diff), c.Total.percentText())
	t.write(&b)
	b.WriteString("\n")
	t = table{right: []bool{false, true, true, true, true}}
	t.add("payee", "before", "after", "difference", "change")
	for _, p := range c.Payees {
		t.add(p.Payee, numfmt.Amount(p.Before), numfmt.Amount(p.After), signedAmount(p.Diff), p.percentText())
	}
	t.write(&b)
	b.WriteString("\n")
	t = table{right: []bool{false, true, true, true, true}}
	t.add("component", "before", "after", "difference", "change")
	for _, x := range c.Components {
		t.add(x.Plan+"/"+x.Component, numfmt.Amount(x.Before), numfmt.Amount(x.After), signedAmount(x.Diff), x.percentText())
	}
	t.write(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// table lines up columns of text.
type table struct {
	rows  [][]string
	right []bool // right-aligned columns
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(b *strings.Builder) {
	width := make([]int, len(t.right))
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				line.WriteString("  ")
			}
			if t.right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// MarshalJSON writes the curve's stable JSON form: the points with their
// attainment (fractions), measure value and payout (decimal strings), and
// what the curve assumed.
func (c *Curve) MarshalJSON() ([]byte, error) {
	type jsonPoint struct {
		Attainment string            `json:"attainment"`
		Measured   string            `json:"measured"`
		Value      string            `json:"value"`
		Payout     string            `json:"payout"`
		Components map[string]string `json:"components"`
	}
	out := struct {
		Payee       string      `json:"payee"`
		Name        string      `json:"name,omitempty"`
		Period      string      `json:"period"`
		Currency    string      `json:"currency"`
		Measure     string      `json:"measure"`
		Quota       string      `json:"quota"`
		Actual      string      `json:"actual"`
		Method      Method      `json:"method"`
		Deals       int         `json:"deals"`
		Assumptions []string    `json:"assumptions"`
		Points      []jsonPoint `json:"points"`
	}{Payee: c.Payee, Name: c.Name, Period: c.Period, Currency: c.Currency, Measure: c.Measure, Quota: c.Quota.String(), Actual: c.Actual.Round(6).String(),
		Method: c.Method, Deals: c.Deals, Assumptions: c.Assumptions, Points: []jsonPoint{}}
	for _, p := range c.Points {
		jp := jsonPoint{Attainment: p.Attainment.String(), Measured: p.Measured.Round(6).String(), Value: p.Value.Round(6).String(),
			Payout: numfmt.Fixed(p.Payout, c.Currency), Components: map[string]string{}}
		for _, s := range p.Components {
			jp.Components[componentName(p.Components, s)] = numfmt.Fixed(s.Amount, c.Currency)
		}
		out.Points = append(out.Points, jp)
	}
	return json.MarshalIndent(out, "", "  ")
}

// componentName names a subtotal by its component, or plan/component when
// two plans of the statement have a component of that id.
func componentName(all []commission.Subtotal, s commission.Subtotal) string {
	for _, o := range all {
		if o.Component == s.Component && o.Plan != s.Plan {
			return s.Plan + "/" + s.Component
		}
	}
	return s.Component
}

// WriteCSV writes one row per point: attainment, measured, the measure's
// value, payout, then a column per component.
func (c *Curve) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	comps := c.componentNames()
	cw.Write(append([]string{"attainment", "measured", c.Measure, "payout"}, comps...))
	for _, p := range c.Points {
		row := []string{p.Attainment.String(), p.Measured.Round(6).String(), p.Value.Round(6).String(), numfmt.Fixed(p.Payout, c.Currency)}
		for _, name := range comps {
			v := decimal.Zero
			for _, s := range p.Components {
				if componentName(p.Components, s) == name {
					v = v.Add(s.Amount)
				}
			}
			row = append(row, numfmt.Fixed(v, c.Currency))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// componentNames returns the components of every point in the order of
// the statements, those of the highest attainment first (which has the
// most: caps, accelerators).
func (c *Curve) componentNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, p := range slices.Backward(c.Points) {
		for _, s := range p.Components {
			if n := componentName(p.Components, s); !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names
}

// WriteText writes the curve for a person: what it assumed, then per
// point the attainment, the measure's value and the payout.
func (c *Curve) WriteText(w io.Writer) error {
	var b strings.Builder
	who := c.Payee
	if c.Name != "" {
		who = c.Name + " (" + c.Payee + ")"
	}
	fmt.Fprintf(&b, "Payout of %s in %s by attainment of %s, in %s\n", who, c.Period, c.Measure, c.Currency)
	for _, a := range c.Assumptions {
		b.WriteString("  - " + a + "\n")
	}
	b.WriteString("\n")
	t := table{right: []bool{true, true, true, true}}
	t.add("attainment", c.Measure, "payout", "")
	for _, p := range c.Points {
		note := ""
		if p.Measured.Round(4).GreaterThan(p.Attainment.Round(4)) {
			note = "(reached " + numfmt.Percent(p.Measured) + ")"
		}
		t.add(numfmt.Percent(p.Attainment), numfmt.Amount(p.Value.Round(2)), numfmt.Amount(p.Payout), note)
	}
	t.write(&b)
	_, err := io.WriteString(w, b.String())
	return err
}
