package report_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/report"
	"github.com/shopspring/decimal"
)

func ExampleWriteStatement() {
	d := decimal.RequireFromString
	res := &commission.Result{Period: "FY2027-Q1", Statements: []commission.Statement{{
		Payee: "ana", Currency: "USD",
		Plans: []commission.PlanSpan{{Plan: "ae", From: "2026-02-01", To: "2026-04-30", Days: 89}},
		Lines: []commission.Line{{Plan: "ae", Component: "commission", Deal: "D1", Kind: "direct", Base: d("30000"), Amount: d("1100.00"), Currency: "USD",
			Pricing: &commission.Pricing{Basis: commission.Amount, Slices: []commission.Slice{
				{Band: 0, From: d("0"), To: d("20000"), Rate: d("0.03"), Amount: d("600")},
				{Band: 1, Bound: d("20000"), From: d("20000"), To: d("30000"), Rate: d("0.05"), Amount: d("500")}}}}},
		Subtotals: []commission.Subtotal{{Plan: "ae", Component: "commission", Amount: d("1100.00")}},
		Total:     d("1100.00"),
	}}}
	names := report.Names{People: map[string]string{"ana": "Ana Lima"}, Plans: map[string]string{"ae": "Account Executive"}}
	var b bytes.Buffer
	if err := report.WriteStatement(&b, res, "ana", report.StatementOptions{Names: names}); err != nil {
		fmt.Println(err)
		return
	}
	page := b.String()
	fmt.Println(strings.Contains(page, "The part of this deal between 0.00 and 20,000.00 earns 3%; the rest earns 5%"))
	fmt.Println(strings.Contains(page, `data-value="1100.00">1,100.00</span>`))
	// Output:
	// true
	// true
}

func ExampleWriteCurve() {
	d := decimal.RequireFromString
	c := report.Curve{Title: "Account Executive", Measure: "Bookings", Currency: "USD",
		Points: []report.Point{{d("0"), d("0")}, {d("1"), d("20000")}, {d("2"), d("50000")}},
		Marks:  []report.Mark{{Attainment: d("1"), Label: "12% from 100%"}},
		Payee:  &report.Point{Attainment: d("1.25"), Payout: d("27500")}, PayeeName: "Ana Lima"}
	var b bytes.Buffer
	if err := report.WriteCurve(&b, c); err != nil {
		fmt.Println(err)
		return
	}
	svg := b.String()
	fmt.Println(svg[:strings.Index(svg, "\n")])
	fmt.Println(strings.Contains(svg, `<polyline class="payout"`))
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 440" role="img" aria-labelledby="curve-title curve-desc" class="curve" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="13" fill="#1a1a1a">
	// true
}
