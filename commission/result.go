package commission

import (
	"encoding/json"
	"io"

	"github.com/salesplan/salesplan/internal/jsonstream"
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
	// has them: for a rate line, amount = base × rate (before a
	// multiplier, a minimum and a per-deal cap); for a line priced by a
	// table, the rate that applies, which is the effective rate (the
	// amount before a per-deal cap ÷ base) where several slices, a step,
	// a multiplier, a minimum or proration apply; for a retro line, the
	// difference between the rate reached and the rate paid.
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
	// Pricing, for a line priced by a rate table, is the table, the row
	// and the slices of the value it priced (a retro line names its table
	// and has no slices); nil for other lines.
	Pricing *Pricing `json:"pricing,omitempty"`
	// Conversion, for a per-credit line whose deal is in another
	// currency, is how the credit was converted; nil for other lines.
	Conversion *Conversion `json:"conversion,omitempty"`
	// Pool, for a member's line of a team pool ([PoolLine], or the gate
	// line of a pool), is how the share was worked out; nil for other
	// lines.
	Pool *PoolShare `json:"pool,omitempty"`
	// Flags, for a line of a deal that a run was asked to flag
	// ([WithFlags]: a deal that breaks a sales policy, say), say why the
	// deal is flagged. The line is paid all the same.
	Flags []string `json:"flags,omitempty"`
	// why words the explanation ([Line.Explanation]); nil for none.
	why *why
}

// Pricing is how a rate table priced a line: the numbers of its
// explanation, kept as numbers. The line's Rate is the rate that applies
// (for several slices, a multiplier or a minimum, the effective rate:
// the amount before a per-deal cap divided by the base).
type Pricing struct {
	// Table is the id of the table.
	Table string `json:"table"`
	// Key is the row key of a two-dimensional table, as the component's
	// key rule gave it; Row is the row that priced it: Key, or "*" for a
	// key with no row of its own. Both are empty for a table of one
	// dimension.
	Key string `json:"key,omitempty"`
	Row string `json:"row,omitempty"`
	// Basis is the unit of the slices' bounds: Amount (the statement's
	// currency; the bounds of a table on attainment scaled by the quota,
	// for the running total) or Attainment (a table read at the
	// attainment reached).
	Basis Basis `json:"basis"`
	// Slices are the parts of the value priced, in order. A table read at
	// one point (the rate at the attainment reached) has one slice whose
	// From and To are that point. A credit note's slices are those of its
	// absolute value, with their amounts negated. The slices' amounts add
	// up to the line's amount before its multiplier, minimum and caps.
	Slices []Slice `json:"slices,omitempty"`
}

// Conversion is how a credit in a deal's currency was converted to the
// statement's: Amount in From at Rate (units of To for one of From, on
// the deal's date) is Converted in To, rounded to To's minor unit with
// the plan's rounding mode.
type Conversion struct {
	From      string          `json:"from"`
	Amount    decimal.Decimal `json:"amount"`
	Rate      decimal.Decimal `json:"rate"`
	To        string          `json:"to"`
	Converted decimal.Decimal `json:"converted"`
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
	Measure string `json:"measure"`
	// Count is set for a measure that counts things rather than money.
	Count      bool            `json:"count,omitempty"`
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
	// Notes say what the statement leaves out and why: a deal of the
	// payee's that a sales policy blocked, say.
	Notes []string `json:"notes,omitempty"`
}

// Result is the outcome of a run: the credits made and one statement per
// payee with a plan, sorted by payee.
type Result struct {
	Period     string      `json:"period"`
	Credits    []Credit    `json:"credits"`
	Statements []Statement `json:"statements"`
	// Notes say what the run did not pay and why, beyond any one
	// statement: a team pool that no member was there to share, say.
	Notes []string `json:"notes,omitempty"`
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

// The scales of the JSON form: money at its currency's minor unit (and
// more places when an amount has them, such as an unrounded base), rates
// at RateScale places, attainment at AttainmentScale places; counts with
// the digits they have.
const (
	// RateScale is the number of decimal places of a rate in the JSON
	// form: a line's rate, a slice's rate, an exchange rate ("0.07000000").
	RateScale = 8
	// AttainmentScale is the number of decimal places of an attainment in
	// the JSON form ("1.125000" is 112.5%).
	AttainmentScale = 6
)

type jsonLine struct {
	Plan        string          `json:"plan"`
	Component   string          `json:"component"`
	Deal        string          `json:"deal"`
	Kind        string          `json:"kind"`
	Base        string          `json:"base,omitempty"`
	Rate        string          `json:"rate,omitempty"`
	Amount      string          `json:"amount"`
	Currency    string          `json:"currency"`
	Withheld    string          `json:"withheld,omitempty"`
	PayrollCode string          `json:"payroll_code,omitempty"`
	Pricing     *jsonPricing    `json:"pricing,omitempty"`
	Conversion  *jsonConversion `json:"conversion,omitempty"`
	Pool        *jsonPool       `json:"pool,omitempty"`
	Explanation string          `json:"explanation"`
	Flags       []string        `json:"flags,omitempty"`
}

type jsonPricing struct {
	Table  string      `json:"table"`
	Key    string      `json:"key,omitempty"`
	Row    string      `json:"row,omitempty"`
	Basis  string      `json:"basis"`
	Slices []jsonSlice `json:"slices"`
}

type jsonSlice struct {
	Band   int    `json:"band"`
	Bound  string `json:"bound"`
	From   string `json:"from"`
	To     string `json:"to"`
	Rate   string `json:"rate"`
	Amount string `json:"amount"`
}

type jsonConversion struct {
	From      string `json:"from"`
	Amount    string `json:"amount"`
	Rate      string `json:"rate"`
	To        string `json:"to"`
	Converted string `json:"converted"`
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
	Notes     []string       `json:"notes,omitempty"`
}

type jsonResult struct {
	Period     string          `json:"period"`
	Currency   string          `json:"currency,omitempty"`
	Statements []jsonStatement `json:"statements"`
	Notes      []string        `json:"notes,omitempty"`
}

// moneyJSON writes an amount of currency, or "" for zero unless keepZero.
func moneyJSON(d decimal.Decimal, currency string, keepZero bool) string {
	if d.IsZero() && !keepZero {
		return ""
	}
	return fixed(d, currency)
}

// rateJSON writes a rate at RateScale places, or "" for zero unless keepZero.
func rateJSON(d decimal.Decimal, keepZero bool) string {
	if d.IsZero() && !keepZero {
		return ""
	}
	return d.StringFixedBank(RateScale)
}

func attainmentJSON(d decimal.Decimal) string { return d.StringFixedBank(AttainmentScale) }

// countJSON writes a count with the digits it has.
func countJSON(d decimal.Decimal) string { return d.String() }

func jsonPricingOf(p *Pricing, currency string) *jsonPricing {
	if p == nil {
		return nil
	}
	jp := &jsonPricing{Table: p.Table, Key: p.Key, Row: p.Row, Basis: string(p.Basis), Slices: make([]jsonSlice, len(p.Slices))}
	bound := func(d decimal.Decimal) string { return fixed(d, currency) }
	if p.Basis == Attainment {
		bound = attainmentJSON
	}
	for i, s := range p.Slices {
		jp.Slices[i] = jsonSlice{Band: s.Band, Bound: bound(s.Bound), From: bound(s.From), To: bound(s.To),
			Rate: rateJSON(s.Rate, true), Amount: fixed(s.Amount, currency)}
	}
	return jp
}

func jsonConversionOf(c *Conversion) *jsonConversion {
	if c == nil {
		return nil
	}
	return &jsonConversion{From: c.From, Amount: fixed(c.Amount, c.From), Rate: rateJSON(c.Rate, true), To: c.To, Converted: fixed(c.Converted, c.To)}
}

// MarshalJSON writes the stable JSON form of the result: statements sorted
// by payee, every number a decimal string, never a float. Money (amounts,
// bases, withheld, totals, measures of money and their quotas, slices'
// bounds and amounts) is written with at least its currency's decimal
// places ("1500.00"); rates at [RateScale] places and attainment at
// [AttainmentScale] places, rounded half-even; counts with the digits they
// have. A zero base, rate or withheld is left out. The credits are left
// out; marshal r.Credits to have them.
func (r *Result) MarshalJSON() ([]byte, error) {
	out := jsonResult{Period: r.Period, Currency: r.currency(), Statements: make([]jsonStatement, 0, len(r.Statements)), Notes: r.Notes}
	for i := range r.Statements {
		out.Statements = append(out.Statements, jsonStatementOf(&r.Statements[i]))
	}
	return json.MarshalIndent(out, "", "  ")
}

// currency is the currency of every statement of r, "" when they are in
// more than one (or there are none).
func (r *Result) currency() string {
	cur := ""
	for i, s := range r.Statements {
		if i == 0 {
			cur = s.Currency
		} else if cur != s.Currency {
			return ""
		}
	}
	return cur
}

// WriteJSON writes r as [Result.MarshalJSON] gives it, byte for byte, one
// statement at a time: a run of many deals is written without the whole
// document in memory, nor a copy of every statement in its JSON form.
func (r *Result) WriteJSON(w io.Writer) error {
	o := jsonstream.New(w)
	o.Field("period", r.Period)
	if cur := r.currency(); cur != "" {
		o.Field("currency", cur)
	}
	o.Array("statements", len(r.Statements), func(i int) any { return jsonStatementOf(&r.Statements[i]) })
	if len(r.Notes) > 0 {
		o.Field("notes", r.Notes)
	}
	return o.Close()
}

// jsonStatementOf is s in its JSON form.
func jsonStatementOf(s *Statement) jsonStatement {
	js := jsonStatement{Payee: s.Payee, Currency: s.Currency, Plans: s.Plans, Total: fixed(s.Total, s.Currency),
		Measures: []jsonMeasure{}, Lines: []jsonLine{}, Subtotals: []jsonSubtotal{}, Notes: s.Notes}
	if js.Plans == nil {
		js.Plans = []PlanSpan{}
	}
	for _, m := range s.Measures {
		value := func(d decimal.Decimal) string { return fixed(d, s.Currency) }
		if m.Count {
			value = countJSON
		}
		jm := jsonMeasure{Measure: m.Measure, Value: value(m.Value)}
		if m.HasQuota {
			jm.Quota = value(m.Quota)
			jm.Attainment = attainmentJSON(m.Attainment)
		}
		js.Measures = append(js.Measures, jm)
	}
	for _, l := range s.Lines {
		js.Lines = append(js.Lines, jsonLine{Plan: l.Plan, Component: l.Component, Deal: l.Deal, Kind: string(l.Kind),
			Base: moneyJSON(l.Base, l.Currency, false), Rate: rateJSON(l.Rate, false), Amount: fixed(l.Amount, l.Currency), Currency: l.Currency,
			Withheld: moneyJSON(l.Withheld, l.Currency, false), PayrollCode: l.PayrollCode,
			Pricing: jsonPricingOf(l.Pricing, l.Currency), Conversion: jsonConversionOf(l.Conversion), Pool: jsonPoolOf(l.Pool, l.Currency), Explanation: l.Explanation(), Flags: l.Flags})
	}
	for _, st := range s.Subtotals {
		js.Subtotals = append(js.Subtotals, jsonSubtotal{Plan: st.Plan, Component: st.Component, Amount: fixed(st.Amount, s.Currency)})
	}
	return js
}

// WriteCSV writes one row per statement line, for payroll: payee, period,
// plan, component, deal, kind, amount, currency, payroll code. Amounts are
// decimal strings, as in [Result.MarshalJSON]; fields are quoted as
// encoding/csv quotes them. [CSVWriter] writes the same rows statement by
// statement.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := NewCSVWriter(w, r.Period)
	for i := range r.Statements {
		if err := cw.Write(&r.Statements[i]); err != nil {
			return err
		}
	}
	return cw.Flush()
}
