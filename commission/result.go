package commission

import (
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"
)

// LineKind says what a statement line pays.
type LineKind string

// Line kinds beyond the credit kinds (direct, split, rollup, overlay),
// which per-credit lines carry.
const (
	// PeriodLine is the line of a per-period component.
	PeriodLine LineKind = "period"
	// RetroLine re-prices an earlier credit of the period at the band the
	// period total reached.
	RetroLine LineKind = "retro"
	// CapLine withholds what a component or plan cap does not pay.
	CapLine LineKind = "cap"
	// GateLine says a component paid nothing because its gate was closed.
	GateLine LineKind = "gate"
)

// Line is one line of a statement.
type Line struct {
	Plan      string   `json:"plan"`
	Component string   `json:"component"`
	Deal      string   `json:"deal,omitempty"`
	Kind      LineKind `json:"kind"`
	// Base and Rate are the numbers the line was computed from, when it
	// has them (a rate line: amount = base × rate).
	Base decimal.Decimal `json:"base"`
	Rate decimal.Decimal `json:"rate"`
	// Amount is rounded to the currency's minor unit with the plan's
	// rounding mode.
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
	// Withheld is what a per-deal cap kept from the line (the line's
	// amount is already net of it).
	Withheld decimal.Decimal `json:"withheld"`
	// PayrollCode is the component's code for payroll.
	PayrollCode string `json:"payroll_code,omitempty"`
	// Explanation shows the numbers used, for a person.
	Explanation string `json:"explanation"`
}

// Subtotal is what one component of one plan paid a payee.
type Subtotal struct {
	Plan      string          `json:"plan"`
	Component string          `json:"component"`
	Amount    decimal.Decimal `json:"amount"`
}

// MeasureValue is a payee's period total of a measure, with the quota and
// attainment when the payee has a quota.
type MeasureValue struct {
	Measure    string          `json:"measure"`
	Value      decimal.Decimal `json:"value"`
	Quota      decimal.Decimal `json:"quota"`
	HasQuota   bool            `json:"has_quota"`
	Attainment decimal.Decimal `json:"attainment"`
}

// PlanSpan is a plan in force for a payee over part of the period.
type PlanSpan struct {
	Plan string `json:"plan"`
	From string `json:"from"`
	To   string `json:"to"`
	Days int    `json:"days"`
}

// Statement is one payee's pay for the period.
type Statement struct {
	Payee     string         `json:"payee"`
	Currency  string         `json:"currency"`
	Plans     []PlanSpan     `json:"plans"`
	Measures  []MeasureValue `json:"measures"`
	Lines     []Line         `json:"lines"`
	Subtotals []Subtotal     `json:"subtotals"`
	// Total is the sum of the rounded lines: what the payee earned.
	Total decimal.Decimal `json:"total"`
}

// Result is the outcome of a run: the credits made and one statement per
// payee with a plan, sorted by payee.
type Result struct {
	Period     string      `json:"period"`
	Credits    []Credit    `json:"credits"`
	Statements []Statement `json:"statements"`
}

// Statement returns the statement of payee.
func (r *Result) Statement(payee string) (Statement, bool) {
	for _, s := range r.Statements {
		if s.Payee == payee {
			return s, true
		}
	}
	return Statement{}, false
}

// The JSON form: decimals as strings, always; shopspring's package-wide
// MarshalJSONWithoutQuotes must not change our output.

type jsonLine struct {
	Plan        string `json:"plan"`
	Component   string `json:"component"`
	Deal        string `json:"deal"`
	Kind        string `json:"kind"`
	Base        string `json:"base,omitempty"`
	Rate        string `json:"rate,omitempty"`
	Amount      string `json:"amount"`
	Currency    string `json:"currency"`
	Withheld    string `json:"withheld,omitempty"`
	PayrollCode string `json:"payroll_code,omitempty"`
	Explanation string `json:"explanation"`
}

type jsonMeasure struct {
	Measure    string `json:"measure"`
	Value      string `json:"value"`
	Quota      string `json:"quota,omitempty"`
	Attainment string `json:"attainment,omitempty"`
}

type jsonSubtotal struct {
	Plan      string `json:"plan"`
	Component string `json:"component"`
	Amount    string `json:"amount"`
}

type jsonStatement struct {
	Payee     string         `json:"payee"`
	Currency  string         `json:"currency"`
	Plans     []PlanSpan     `json:"plans"`
	Measures  []jsonMeasure  `json:"measures"`
	Lines     []jsonLine     `json:"lines"`
	Subtotals []jsonSubtotal `json:"subtotals"`
	Total     string         `json:"total"`
}

type jsonResult struct {
	Period     string          `json:"period"`
	Currency   string          `json:"currency,omitempty"`
	Statements []jsonStatement `json:"statements"`
}

func decString(d decimal.Decimal, keepZero bool) string {
	if d.IsZero() && !keepZero {
		return ""
	}
	return d.String()
}

// MarshalJSON writes the stable JSON form of the result: statements sorted
// by payee, every amount a decimal string ("1234.50"), never a float. The
// credits are left out; marshal r.Credits to have them.
func (r *Result) MarshalJSON() ([]byte, error) {
	out := jsonResult{Period: r.Period, Statements: make([]jsonStatement, 0, len(r.Statements))}
	for i, s := range r.Statements {
		if i == 0 {
			out.Currency = s.Currency
		} else if out.Currency != s.Currency {
			out.Currency = ""
		}
		js := jsonStatement{Payee: s.Payee, Currency: s.Currency, Plans: s.Plans, Total: fixed(s.Total, s.Currency),
			Measures: []jsonMeasure{}, Lines: []jsonLine{}, Subtotals: []jsonSubtotal{}}
		if js.Plans == nil {
			js.Plans = []PlanSpan{}
		}
		for _, m := range s.Measures {
			jm := jsonMeasure{Measure: m.Measure, Value: m.Value.String()}
			if m.HasQuota {
				jm.Quota = m.Quota.String()
				jm.Attainment = m.Attainment.Round(6).String()
			}
			js.Measures = append(js.Measures, jm)
		}
		for _, l := range s.Lines {
			js.Lines = append(js.Lines, jsonLine{Plan: l.Plan, Component: l.Component, Deal: l.Deal, Kind: string(l.Kind),
				Base: decString(l.Base, false), Rate: decString(l.Rate, false), Amount: fixed(l.Amount, l.Currency), Currency: l.Currency,
				Withheld: decString(l.Withheld, false), PayrollCode: l.PayrollCode, Explanation: l.Explanation})
		}
		for _, st := range s.Subtotals {
			js.Subtotals = append(js.Subtotals, jsonSubtotal{Plan: st.Plan, Component: st.Component, Amount: fixed(st.Amount, s.Currency)})
		}
		out.Statements = append(out.Statements, js)
	}
	return json.MarshalIndent(out, "", "  ")
}

// WriteCSV writes one row per statement line, for payroll: payee, period,
// plan, component, deal, kind, amount, currency, payroll code. Amounts are
// decimal strings.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"payee", "period", "plan", "component", "deal", "kind", "amount", "currency", "payroll_code"}); err != nil {
		return err
	}
	for _, s := range r.Statements {
		for _, l := range s.Lines {
			if err := cw.Write([]string{s.Payee, r.Period, l.Plan, l.Component, l.Deal, string(l.Kind), fixed(l.Amount, l.Currency), l.Currency, l.PayrollCode}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
