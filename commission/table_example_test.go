package commission_test

import (
	"fmt"

	"github.com/salesplan/salesplan/commission"
	"github.com/shopspring/decimal"
)

// A prorated table pays each band's fixed amount pro rata to the part of
// the band reached: the first 100 pays 10, 100 to 300 pays 40, and
// nothing more beyond 300. On a running total a credit is paid the
// difference it makes, and a credit note reverses from the top down.
func ExampleNewTable_prorated() {
	d := decimal.RequireFromString
	to := d("300")
	t, err := commission.NewTable(commission.TableDef{
		ID: "spiff", Mode: commission.Prorated, To: &to, Above: commission.AboveNone,
		Bands: []commission.Band{{From: d("0"), Amount: d("10")}, {From: d("100"), Amount: d("40")}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range []string{"50", "200", "400"} {
		p, _ := t.Apply("", d(v))
		fmt.Printf("%s reached pays %s\n", v, p.Amount)
	}
	p, _ := t.ApplyRange("", d("50"), d("200"))
	fmt.Printf("a credit from 50 to 200 pays %s in %d slices\n", p.Amount, len(p.Slices))
	p, _ = t.ApplyRange("", d("200"), d("150"))
	fmt.Printf("a credit note from 200 to 150 pays %s\n", p.Amount)
	// Output:
	// 50 reached pays 5
	// 200 reached pays 30
	// 400 reached pays 50
	// a credit from 50 to 200 pays 25 in 2 slices
	// a credit note from 200 to 150 pays -10
}

// With bounds: upper, a value equal to a bound belongs to the lower band:
// "3% up to and including 100,000, 5% above".
func ExampleNewTable_upperBounds() {
	d := decimal.RequireFromString
	for _, b := range []commission.Bounds{commission.LowerBounds, commission.UpperBounds} {
		t, err := commission.NewTable(commission.TableDef{
			ID: "t", Mode: commission.Highest, Bounds: b,
			Bands: []commission.Band{{From: d("0"), Rate: d("0.03")}, {From: d("100000"), Rate: d("0.05")}},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		p, _ := t.Apply("", d("100000"))
		fmt.Printf("bounds %s: 100,000 pays %s\n", b, p.Amount)
	}
	// Output:
	// bounds lower: 100,000 pays 5000
	// bounds upper: 100,000 pays 3000
}

// A negative rate is refused unless the table says it is a penalty
// table.
func ExampleNewTable_penalty() {
	d := decimal.RequireFromString
	def := commission.TableDef{ID: "decel", Mode: commission.Marginal,
		Bands: []commission.Band{{From: d("0"), Rate: d("-0.01")}, {From: d("100"), Rate: d("0.02")}}}
	_, err := commission.NewTable(def)
	fmt.Println(err)
	def.Penalty = true
	t, _ := commission.NewTable(def)
	p, _ := t.Apply("", d("300"))
	fmt.Println("300 pays", p.Amount)
	// Output:
	// bands[0].rate: negative rate -0.01: a table with negative rates says penalty: true (a decelerator or penalty table)
	// 300 pays 3
}
