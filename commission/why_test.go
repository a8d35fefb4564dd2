package commission_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// whyLines runs a plan whose components word every kind of per-credit
// explanation (a table at the attainment reached, slices of the running
// total, a blended rate, a multiplier over several slices, a minimum, a
// per-deal cap, a converted credit, a credit note priced on its absolute
// value, an amount that reads a measure, a plain rate) and returns the lines.
func whyLines(t *testing.T, opts ...commission.RunOption) []string {
	t.Helper()
	d := decimal.RequireFromString
	min, capDeal := d("500"), d("1000")
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}, {ID: "big", When: "deal.amount > 50000"}},
		Tables: []commission.TableDef{
			{ID: "ae", Mode: commission.Marginal, Bands: []commission.Band{{From: d("0"), Rate: d("0.05")}, {From: d("200000"), Rate: d("0.07")}}},
			{ID: "att", Mode: commission.Highest, Basis: commission.Attainment, Bands: []commission.Band{{From: d("0"), Rate: d("0.02")}, {From: d("0.5"), Rate: d("0.03")}}},
		},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Components: []commission.ComponentDef{
			{ID: "point", Measure: "bookings", Table: "att"},
			{ID: "blend", Measure: "bookings", Base: "credit.amount / 3", Table: "ae", Scope: commission.RunningScope},
			{ID: "still", Measure: "big", Base: "credit.amount", Table: "ae", Scope: commission.RunningScope},
			{ID: "kicker", Measure: "bookings", Table: "ae", Scope: commission.RunningScope, Multiplier: "deal.amount > 20000 ? 1.5 : 1"},
			{ID: "limits", Measure: "bookings", Rate: "0.0333", Min: &min, CapPerDeal: &capDeal},
			{ID: "reads", Amount: "measure.bookings * 0.001"},
			{ID: "fixed", Amount: "100"},
			{ID: "plain", Measure: "bookings", Rate: "0.0333"},
			{ID: "perdeal", Measure: "bookings", Table: "ae"},
		}}},
	}
	rates, err := commission.NewRateTable([]commission.DatedRate{{From: "EUR", To: "USD", Start: calendar.MustParseDate("2026-01-01"), Rate: d("1.0837")}})
	if err != nil {
		t.Fatal(err)
	}
	quotas := commission.QuotaMap{"ana": {"bookings": {"FY2026-Q1": d("300000")}}}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Currency: "USD", Quotas: quotas})
	if err != nil {
		t.Fatal(err)
	}
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	deals := []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-10"), Amount: d("190000"), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-10"), Amount: d("30000.55"), Currency: "EUR", Owner: "ana"},
		{ID: "D3", Date: calendar.MustParseDate("2026-03-01"), Amount: d("-5000"), Currency: "USD", Owner: "ana"},
		{ID: "D4", Date: calendar.MustParseDate("2026-03-02"), Amount: d("7000"), Currency: "USD", Owner: "ana"},
	}
	res, err := e.Run(q1, deals, append([]commission.RunOption{commission.WithRates(rates)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range res.Statements {
		for _, l := range st.Lines {
			out = append(out, fmt.Sprintf("%s %s %s %s: %s", st.Payee, l.Component, l.Deal, l.Amount.StringFixed(2), l.Explanation()))
		}
	}
	return out
}

// TestExplanationWords checks the words of every kind of per-credit
// explanation, worded when read: they are those the lines had when their
// text was written as they were made (at 11de3c1).
func TestExplanationWords(t *testing.T) {
	want := []string{
		"ana point D1 5700.00: 190,000.00 x 3% (table att at attainment 63.33%) = 5,700.00",
		"ana point D2 975.35: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; 32,511.60 x 3% (table att at attainment 74.17%) = 975.348, rounded half-even = 975.35",
		"ana point D3 -150.00: -5,000.00 x 3% (table att at attainment 74.17%) = -150.00",
		"ana point D4 210.00: 7,000.00 x 3% (table att at attainment 74.84%) = 210.00",
		"ana blend D1 3166.67: running bookings 0.00 to 190,000.00: 190,000.00 x 5% (table ae, band 0.00+, slice 0.00-190,000.00); base 63,333.33333333333333333333 at the blended rate 5% = 3,166.6666666667, rounded half-even = 3,166.67",
		"ana blend D2 691.94: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; running bookings 190,000.00 to 222,511.60: 10,000.00 x 5% (table ae, band 0.00+, slice 190,000.00-200,000.00) + 22,511.60 x 7% (table ae, band 200,000.00+, slice 200,000.00-222,511.60); base 10,837.20 at the blended rate 6.3848% = 691.9373333333, rounded half-even = 691.94",
		"ana blend D3 -116.67: running bookings 222,511.60 to 217,511.60: 5,000.00 x 7% (table ae, band 200,000.00+, slice 217,511.60-222,511.60); base -1,666.66666666666666666667 at the blended rate 7% = -116.6666666667, rounded half-even = -116.67",
		"ana blend D4 163.33: running bookings 217,511.60 to 224,511.60: 7,000.00 x 7% (table ae, band 200,000.00+, slice 217,511.60-224,511.60); base 2,333.33333333333333333333 at the blended rate 7% = 163.3333333333, rounded half-even = 163.33",
		"ana still D1 9500.00: running big 0.00 to 190,000.00: 190,000.00 x 5% (table ae, band 0.00+, slice 0.00-190,000.00) = 9,500.00",
		"ana still D2 1625.58: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; running big 190,000.00 to 190,000.00: 0.00 x 0% (table ae, band 0.00+, slice 190,000.00-190,000.00); base 32,511.60 x 5% = 1,625.58",
		"ana still D3 -250.00: running big 190,000.00 to 190,000.00: 0.00 x 0% (table ae, band 0.00+, slice 190,000.00-190,000.00); base -5,000.00 x 5% = -250.00",
		"ana still D4 350.00: running big 190,000.00 to 190,000.00: 0.00 x 0% (table ae, band 0.00+, slice 190,000.00-190,000.00); base 7,000.00 x 5% = 350.00",
		"ana kicker D1 14250.00: running bookings 0.00 to 190,000.00: 190,000.00 x 5% (table ae, band 0.00+, slice 0.00-190,000.00) x 1.5 (multiplier deal.amount > 20000 ? 1.5 : 1) = 14,250.00",
		"ana kicker D2 3113.72: (30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; running bookings 190,000.00 to 222,511.60: 10,000.00 x 5% (table ae, band 0.00+, slice 190,000.00-200,000.00) + 22,511.60 x 7% (table ae, band 200,000.00+, slice 200,000.00-222,511.60)) x 1.5 (multiplier deal.amount > 20000 ? 1.5 : 1) = 3,113.718, rounded half-even = 3,113.72",
		"ana kicker D3 -350.00: running bookings 222,511.60 to 217,511.60: 5,000.00 x 7% (table ae, band 200,000.00+, slice 217,511.60-222,511.60) = -350.00",
		"ana kicker D4 490.00: running bookings 217,511.60 to 224,511.60: 7,000.00 x 7% (table ae, band 200,000.00+, slice 217,511.60-224,511.60) = 490.00",
		"ana limits D1 1000.00: 190,000.00 x 3.33% = 6,327.00, capped at 1,000.00 per deal (5,327.00 withheld) = 1,000.00",
		"ana limits D2 1000.00: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; 32,511.60 x 3.33% = 1,082.64, capped at 1,000.00 per deal (82.64 withheld) = 1,000.00",
		"ana limits D3 -500.00: -5,000.00 x 3.33% = -166.50, the minimum of 500.00 reversed = -500.00",
		"ana limits D4 500.00: 7,000.00 x 3.33% = 233.10, raised to the minimum of 500.00 = 500.00",
		"ana reads D1 190.00: measure.bookings * 0.001 (measure.bookings = 190,000.00) = 190.00",
		"ana reads D2 222.51: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; measure.bookings * 0.001 (measure.bookings = 222,511.60) = 222.5116, rounded half-even = 222.51",
		"ana reads D3 -217.51: credit note, priced as its twin: -(measure.bookings * 0.001 (measure.bookings = 217,511.60)) = -217.5116, rounded half-even = -217.51",
		"ana reads D4 224.51: measure.bookings * 0.001 (measure.bookings = 224,511.60) = 224.5116, rounded half-even = 224.51",
		"ana fixed D1 100.00: 100 = 100.00",
		"ana fixed D2 100.00: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; 100 = 100.00",
		"ana fixed D3 -100.00: credit note, priced as its twin: -(100) = -100.00",
		"ana fixed D4 100.00: 100 = 100.00",
		"ana plain D1 6327.00: 190,000.00 x 3.33% = 6,327.00",
		"ana plain D2 1082.64: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; 32,511.60 x 3.33% = 1,082.63628, rounded half-even = 1,082.64",
		"ana plain D3 -166.50: -5,000.00 x 3.33% = -166.50",
		"ana plain D4 233.10: 7,000.00 x 3.33% = 233.10",
		"ana perdeal D1 9500.00: 190,000.00 x 5% (table ae, band 0.00+, slice 0.00-190,000.00) = 9,500.00",
		"ana perdeal D2 1625.58: 30,000.55 EUR at 1.0837 = 32,511.596035, rounded half-even = 32,511.60 USD; 32,511.60 x 5% (table ae, band 0.00+, slice 0.00-32,511.60) = 1,625.58",
		"ana perdeal D3 -250.00: -5,000.00 priced on its absolute value, sign restored: -(5,000.00 x 5% (table ae, band 0.00+, slice 0.00-5,000.00)) = -250.00",
		"ana perdeal D4 350.00: 7,000.00 x 5% (table ae, band 0.00+, slice 0.00-7,000.00) = 350.00",
	}
	if diff := cmp.Diff(want, whyLines(t)); diff != "" {
		t.Errorf("explanations (-want +got):\n%s", diff)
	}
	for _, l := range whyLines(t, commission.WithoutExplanations()) {
		if !strings.HasSuffix(l, ": ") {
			t.Errorf("without explanations: %s", l)
		}
	}
}

// TestSetExplanation checks that a line's explanation can be replaced,
// and that a line's own JSON form has it.
func TestSetExplanation(t *testing.T) {
	l := commission.Line{Plan: "ae", Kind: commission.PeriodLine}
	if got := l.Explanation(); got != "" {
		t.Errorf("zero line's explanation = %q", got)
	}
	l.SetExplanation("by hand")
	if got := l.Explanation(); got != "by hand" {
		t.Errorf("explanation = %q, want by hand", got)
	}
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"explanation":"by hand"`) || !strings.Contains(string(b), `"plan":"ae"`) {
		t.Errorf("JSON = %s", b)
	}
}
